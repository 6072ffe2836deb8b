"""What happens before the menu, the first time: welcome, then prénom and nom.

Account activation (e-mail, code collectivité) will add its steps here.
"""

from dialogs import copy, menu
from dialogs.state import Draft
from dialogs.turn import Turn
from livret.entries import Entry, Identite

FIELDS = ["prenom", "nom"]


def begin(t: Turn) -> None:
    t.say(copy.WELCOME)
    t.state.draft = Draft(rubrique="identite", only=FIELDS)


async def finish(t: Turn, identite: Entry) -> None:
    t.state.onboarded = True
    prenom = identite.prenom if isinstance(identite, Identite) else ""
    await menu.show_menu(t, copy.ONBOARDING_DONE.format(prenom=prenom))
