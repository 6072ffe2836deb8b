""" "Mon compte": the identifiant, the verified e-mail and the collectivité, and the way to
change the last two (with the activation's own steps)."""

from dialogs import copy
from dialogs.turn import Btn, Turn, nav


async def show(t: Turn, intro: str | None = None) -> None:
    t.state.screen = "account"
    t.state.rubrique = None
    t.state.entry_id = None
    t.state.change = None
    t.state.collectivite_hint = None
    found = await t.tx.account(t.agent_id)
    where = copy.NOT_GIVEN
    if found.collectivite is not None:
        where = copy.ACCOUNT_COLLECTIVITE.format(
            nom=found.collectivite.nom, code=found.collectivite.code
        )
    text = copy.ACCOUNT.format(
        identifiant=found.identifiant or copy.NOT_GIVEN,
        email=found.email or copy.NOT_GIVEN,
        collectivite=where,
    )
    rows = [
        [Btn(copy.CHANGE_EMAIL, "chmail")],
        [Btn(copy.CHANGE_COLLECTIVITE if found.collectivite else copy.GIVE_COLLECTIVITE, "chcoll")],
        [Btn(copy.ACCOUNT_MY_DATA, "mydata")],
        [Btn(copy.ACCOUNT_ERASE, "erase")],
        [nav(copy.BACK_MENU, "m")],
    ]
    t.say(f"{intro}\n\n{text}" if intro else text, rows)
