"""The account's screens: "Mon compte" (the identifiant, the e-mail and the collectivité,
changed with activation's own steps), ``/supprimer`` and the typed word it waits for,
``/mesdonnees`` and its archive, the button that keeps an inactive account."""

from functools import partial

from dialogs import copy
from dialogs.account import account, data_export, erasure, inactivity
from dialogs.activation import collectivite_step, email_step
from dialogs.home import menu
from dialogs.screens import Command, Flow, Maker, Nav, Screen, act, instant
from dialogs.sharing import edition
from dialogs.turn import Turn


def _typed(t: Turn) -> bool:
    return t.incoming.kind == "text"


FLOW = Flow(
    screens=(
        Screen(
            "account",
            buttons={
                "chmail": act(email_step.ask),
                "chcoll": act(collectivite_step.ask),
                # What /mesdonnees and /supprimer do, found where people look for them.
                "mydata": act(data_export.ask),
                "erase": act(erasure.ask),
            },
        ),
        Screen(
            "erase",
            cancel=partial(menu.show_menu, intro=copy.ERASE_KEPT),
            text=erasure.typed,
            # Before activation too: a person may leave without finishing (the typed word
            # only: the buttons of an older message open nothing then).
            before_activation=_typed,
        ),
    ),
    commands=(
        # Before activation too: what is held is the agent's to have.
        Command(
            "mesdonnees",
            instant(data_export.ask),
            before_activation=True,
            description=copy.COMMAND_MY_DATA,
        ),
        Command(
            "supprimer",
            instant(erasure.ask),
            before_activation=True,
            description=copy.COMMAND_ERASE,
        ),
    ),
    navs=(
        Nav("acct", act(account.show)),
        # From the menu or a reminder of a livret bound to no employer yet.
        Nav("coll", act(collectivite_step.ask)),
        # Any turn keeps the account; this button only says so.
        Nav(inactivity.KEEP, act(partial(menu.show_menu, intro=copy.INACTIVE_KEPT))),
    ),
    makers=(Maker(data_export.EXPORT, data_export.make, edition.failed),),
)
