"""Sharing's screens: "Partager" (ticking, previewing, then the extract in the chat, a link
or an e-mail), "Mes partages" and the buttons about one share, "Mon livret" and its
formats; the manager opening a link with no account; the documents made after the turn."""

from functools import partial

from dialogs import copy
from dialogs.home import menu
from dialogs.screens import Command, Flow, Maker, Nav, Outside, Screen, act
from dialogs.sharing import choosing, edition, shares
from dialogs.turn import Turn

# /annuler leaves a share being chosen or sent.
_cancelled = partial(menu.show_menu, intro=copy.SHARE_CANCELLED)
_back = act(choosing.back)


async def _email_expected(t: Turn) -> None:
    choosing.ask_email(t, copy.TEXT_EXPECTED)


async def _note_expected(t: Turn) -> None:
    choosing.ask_note(t, copy.TEXT_EXPECTED)


FLOW = Flow(
    screens=(
        Screen(
            "share",
            cancel=_cancelled,
            buttons={"pick": choosing.pick, "preview": act(choosing.preview)},
        ),
        Screen(
            "share_pick",
            cancel=_cancelled,
            buttons={
                **{
                    name: partial(choosing.toggle, name=name)
                    for name in ("t", "f", "all", "none", "pg", "p")
                },
                "done": act(choosing.show),
            },
        ),
        Screen(
            "share_preview",
            cancel=_cancelled,
            buttons={"edit": act(choosing.show), "get": choosing.get, "how": choosing.how},
        ),
        Screen(
            "share_email",
            cancel=_cancelled,
            text=choosing.typed_email,
            file=_email_expected,
            other=_email_expected,
            buttons={"back": _back},
        ),
        Screen(
            "share_days",
            cancel=_cancelled,
            buttons={"d": choosing.choose_days, "back": _back},
        ),
        Screen(
            "share_note",
            cancel=_cancelled,
            text=choosing.typed_note,
            file=_note_expected,
            other=_note_expected,
            buttons={"nonote": act(partial(choosing.send, note=None)), "back": _back},
        ),
        Screen("shares"),
        Screen(
            "edition",
            buttons={"fmt": edition.request},
        ),
    ),
    commands=(Command("partages", shares.show_list, description=copy.COMMAND_SHARES),),
    navs=(
        Nav("doc", act(edition.show_choice)),
        Nav("share", act(choosing.show)),
        Nav("shares", act(shares.show_list)),
        # About one share: show it, revoke it, be told of its openings, get the extract
        # just received in the other format.
        Nav("sh", shares.show_one),
        Nav("rv", shares.revoke),
        Nav("sn", shares.set_notify),
        Nav("xf", shares.other_format),
        # The extract just received in the chat, sent on as a link or an e-mail.
        Nav("sx", choosing.again),
    ),
    outside=(Outside("share link", shares.is_share_link, shares.opened),),
    makers=(
        Maker(edition.MAKER, edition.make, edition.failed),
        Maker(choosing.EXTRACT, shares.make, shares.failed),
    ),
)
