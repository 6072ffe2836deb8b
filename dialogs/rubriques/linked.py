"""Entries added from another's card, linked to it from the start: "Ajouter une compétence"
on a formation's or an emploi's card. Typed in one message (several: one a line, reviewed
as a list), or question by question; saved, the agent is back on the card they came from."""

from typing import Any

from dialogs import copy
from dialogs.home import menu
from dialogs.rubriques import asking, entries
from dialogs.state import Draft, LinkTo
from dialogs.turn import Btn, Turn
from livret.catalogue import rubrique


async def start(t: Turn, code: str, entry_id: int) -> None:
    entry = await t.tx.entry(t.agent_id, entry_id)
    if entry is None:
        await menu.show_menu(t, copy.ENTRY_GONE)
        return
    spec = next((s for s in rubrique(code).fields if entry.rubrique in s.link_rubriques), None)
    if spec is None:
        await menu.show_menu(t, copy.ENTRY_GONE)
        return
    t.state.link_to = LinkTo(rubrique=code, field=spec.name, entry_id=entry_id)
    await show(t)


async def show(t: Turn, intro: str | None = None) -> None:
    link = t.state.link_to
    entry = await t.tx.entry(t.agent_id, link.entry_id) if link is not None else None
    if link is None or entry is None:
        await menu.show_menu(t, copy.ENTRY_GONE)
        return
    t.state.screen = "linked"
    t.state.rubrique = link.rubrique
    t.state.entry_id = None
    title = rubrique(entry.rubrique).entry_title(entry.data)
    said = copy.LINKED_ASK.format(singular=rubrique(link.rubrique).singular, title=title)
    t.say(
        f"{intro}\n\n{said}" if intro else said,
        [[Btn(copy.LINKED_BY_QUESTIONS, "add")], [Btn(copy.BACK, "back")]],
    )


def preset(t: Turn) -> tuple[dict[str, Any], int | None]:
    """What a draft written on this screen starts with, and the card it returns to."""
    link = t.state.link_to
    if t.state.screen != "linked" or link is None:
        return {}, None
    return link.preset(), link.entry_id


async def by_questions(t: Turn) -> None:
    link = t.state.link_to
    if link is None:
        await menu.show_menu(t)
        return
    if t.state.draft is not None and t.state.draft.answered():
        # One entry written at a time: the one begun first.
        asking.show_resume(t)
        return
    t.state.draft = Draft(rubrique=link.rubrique, data=link.preset(), origin=link.entry_id)
    await asking.ask_next(t)


async def back(t: Turn) -> None:
    link = t.state.link_to
    if link is None or not await entries.show_entry(t, link.entry_id):
        await menu.show_menu(t)
