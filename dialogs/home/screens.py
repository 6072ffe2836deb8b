"""The home: the menu screen, and what works on every screen (``/aide`` and its button,
``/annuler``, ``/menu``, the "Menu" button); what a text or anything else gets on a screen
that takes none."""

from dialogs import copy
from dialogs.home import menu
from dialogs.rubriques import asking
from dialogs.screens import Command, Flow, Nav, Screen, act
from dialogs.turn import Turn
from livret.text import fold


async def _help(t: Turn) -> None:
    t.note(t.here.help_for(t) or copy.HELP_GENERAL)
    if t.here.redraw is not None:
        await t.here.redraw(t)


async def _help_button(t: Turn, arg: str) -> bool:
    await _help(t)
    return True


async def _cancel(t: Turn) -> None:
    await (t.here.cancel or asking.cancel)(t)


async def _menu(t: Turn) -> None:
    await (t.here.menu or menu.show_menu)(t)


async def _no_text(t: Turn) -> None:
    word = fold(t.incoming.text).strip(" .!?")
    if word == "menu":
        await _menu(t)
    elif word == "aide":
        await _help(t)
    elif word.replace(" ", "") in _COMMAND_WORDS:
        # Typed without its slash (a phone's keyboard capitalises it too): pointed at, not
        # run, since /supprimer and /annuler must be meant.
        t.note(copy.COMMAND_WITHOUT_SLASH.format(command=word.replace(" ", "")))
    else:
        t.note(copy.NO_TEXT_HERE)


_COMMAND_WORDS = {"annuler", "supprimer", "rappels", "partages", "mesdonnees", "start"}


async def _nothing_expected(t: Turn) -> None:
    t.note(copy.NO_FILE_HERE)


FLOW = Flow(
    screens=(
        Screen(
            "menu",
            buttons={"resume": act(asking.resume)},
            redraw=menu.show_menu,
        ),
    ),
    commands=(
        Command("menu", _menu, description=copy.COMMAND_MENU),
        Command("aide", _help, before_activation=True, description=copy.COMMAND_HELP),
        Command("annuler", _cancel, description=copy.COMMAND_CANCEL),
    ),
    navs=(
        Nav("m", act(menu.show_menu)),
        Nav("aide", _help_button, before_activation=True),
    ),
    anywhere={"text": _no_text, "other": _nothing_expected},
    home="menu",
)
