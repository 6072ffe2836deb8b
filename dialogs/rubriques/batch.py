"""A pasted list: several lines, each read as one entry (``lines``), reviewed together on
one screen and saved together. A line that lacks a required field is completed on its
own (its questions, its card) and the list comes back; nothing is saved before
"Enregistrer"."""

from typing import Any

from pydantic import ValidationError

from dialogs import copy
from dialogs.numbers import parse_id
from dialogs.rubriques import asking, attached, entries, lines
from dialogs.state import Draft
from dialogs.turn import Btn, Turn
from dialogs.views import all_link_titles
from livret.catalogue import Rubrique, rubrique
from livret.display import show_value
from livret.fields import is_blank

# Lines read from one message at most: a livret's list of trainings, not a whole file.
MAX_LINES = 30


async def read(
    t: Turn, rub: Rubrique, written: list[str], preset: dict[str, Any], origin: int | None
) -> None:
    """The lines as drafts, each starting with ``preset`` (a link to ``origin``)."""
    if len(written) > MAX_LINES:
        t.note(copy.LINES_TOO_MANY.format(count=len(written), limit=MAX_LINES))
        return
    cards = [lines.card_of(rub, line) for line in written]
    for card in cards:
        card.draft.data.update(preset)
        card.draft.origin = origin
    t.state.batch = [card.draft for card in cards]
    # What could not be taken, said once, by line: the list then says what is missing.
    said = [
        copy.LINES_PROBLEM.format(number=number, problem=problem)
        for number, card in enumerate(cards, start=1)
        for problem in card.problems
    ]
    await show(t, "\n".join(said) or None, heading=copy.LINES_READ.format(count=len(cards)))


def _missing(rub: Rubrique, card: Draft) -> list[str]:
    """The fields still to ask: those required, and those a line gave wrong (too long)."""
    return [
        s.label.lower()
        for s in rub.fields
        if is_blank(card.data.get(s.name)) and (not s.optional or s.name not in card.skipped)
    ]


def _complete(rub: Rubrique, card: Draft) -> bool:
    if _missing(rub, card):
        return False
    try:
        rub.model.model_validate(card.data)
    except ValidationError:
        return False
    return True


async def show(t: Turn, intro: str | None = None, heading: str | None = None) -> None:
    cards = t.state.batch
    if not cards:
        await entries.show_rubrique(t, t.state.rubrique or "", intro)
        return
    rub = rubrique(cards[0].rubrique)
    t.state.screen = "batch"
    t.state.rubrique = rub.code
    t.state.entry_id = None
    lines_ = [intro, ""] if intro else []
    rows: list[list[Btn]] = []
    complete = 0
    writing = t.state.draft.line if t.state.draft is not None else None
    listed = []
    for number, card in enumerate(cards, start=1):
        shown = [
            show_value(spec, card.data[spec.name])
            for spec in rub.fields
            # Links are the card's they come from: the list names the entries.
            if not is_blank(card.data.get(spec.name)) and spec.kind != "links"
        ]
        line = f"{number}. " + " · ".join(shown)
        missing = _missing(rub, card)
        if number - 1 == writing:
            line += " — " + copy.LINES_IN_PROGRESS
        elif missing:
            line += " — " + copy.LINES_MISSING.format(missing=", ".join(missing))
            rows.append([Btn(copy.LINES_COMPLETE.format(number=number), f"fix:{number}")])
        elif _complete(rub, card):
            complete += 1
        else:
            # Every field given, yet not an entry (dates in the wrong order): its card says why.
            line += " — " + copy.LINES_TO_CHECK
            rows.append([Btn(copy.LINES_COMPLETE.format(number=number), f"fix:{number}")])
        # What a file said that could not be taken (a pasted line's are said above).
        line += "".join(f"\n   ⚠ {note}" for note in card.notes)
        listed.append(line)
    if heading is None:
        heading = copy.LINES_LEFT if rows else copy.LINES_LEFT_TO_SAVE
    lines_ += [heading, *listed]
    if complete:
        if complete == len(cards):
            label = copy.LINES_SAVE_THE_ONE if complete == 1 else copy.LINES_SAVE_ALL
        else:
            label = copy.LINES_SAVE_ONE if complete == 1 else copy.LINES_SAVE_SOME
        rows.insert(0, [Btn(label.format(count=complete), "save")])
    rows.append([Btn(copy.LINES_DROP if len(cards) > 1 else copy.LINES_DROP_ONE, "drop")])
    t.say("\n".join(lines_), rows)


async def save(t: Turn, arg: str) -> bool:
    """The complete lines saved, together; those to complete stay on the list."""
    cards = t.state.batch
    if not cards:
        return False
    rub = rubrique(cards[0].rubrique)
    kept = []
    saved = 0
    lost = False
    refused = False
    writing = (
        t.state.draft if t.state.draft is not None and t.state.draft.line is not None else None
    )
    titles = await all_link_titles(t.tx, t.agent_id, rub)
    for number, card in enumerate(cards):
        asking.prune_links(rub, card.data, titles)
        if writing is not None and number == writing.line:
            # The line being completed is saved with its own card; its place moves up.
            writing.line = len(kept)
            kept.append(card)
            continue
        if not _complete(rub, card):
            kept.append(card)
            continue
        if await asking.before_age(t, card):
            refused = True
            kept.append(card)
            continue
        entry_id = await t.tx.add_entry(t.agent_id, rub.code, rub.model.model_validate(card.data))
        if card.proof is not None and not await attached.attach_held(t, entry_id, card.proof):
            # Read from an attestation whose file went (swept after a long wait): said once.
            lost = True
        saved += 1
    if not saved:
        if refused:
            await show(t)
        return refused
    t.state.batch = kept
    said = copy.LINES_SAVED_ONE if saved == 1 else copy.LINES_SAVED.format(count=saved)
    if lost:
        said += "\n" + copy.READ_PROOF_LOST
    if kept or _next(t):
        await show(t, said)
    elif cards[0].origin is not None and await t.tx.entry(t.agent_id, cards[0].origin):
        await entries.show_entry(t, cards[0].origin, said)
    else:
        await entries.show_rubrique(t, rub.code, said)
    return True


async def complete(t: Turn, arg: str) -> bool:
    """One line out of the list, to complete as an entry written question by question."""
    cards = t.state.batch
    number = parse_id(arg) or 0
    if not 1 <= number <= len(cards):
        return False
    if t.state.draft is not None and t.state.draft.answered():
        # One at a time: the entry being written first (resumed, or dropped).
        asking.show_resume(t)
        return True
    t.state.draft = cards[number - 1].model_copy(deep=True, update={"line": number - 1})
    t.state.then_add = None
    await asking.ask_next(t)
    return True


async def drop(t: Turn) -> None:
    code = t.state.rubrique or (t.state.batch[0].rubrique if t.state.batch else "")
    t.state.batch = []
    if _next(t):
        await show(t, copy.LINES_DROPPED)
        return
    await entries.show_rubrique(t, code, copy.LINES_DROPPED)


def _next(t: Turn) -> bool:
    """The next rubrique's entries imported and still to complete, as the list (if any)."""
    queued = t.state.queued
    if not queued:
        return False
    first = queued[0].rubrique
    t.state.batch = [d for d in queued if d.rubrique == first]
    t.state.queued = [d for d in queued if d.rubrique != first]
    return True


def bring(t: Turn, code: str) -> bool:
    """This rubrique's entries waiting (a list, or imported and queued) made the list on
    screen; the list there before waits its turn. False when none waits."""
    if t.state.batch and t.state.batch[0].rubrique == code:
        return True
    mine = [d for d in t.state.queued if d.rubrique == code]
    if not mine:
        return bool(t.state.batch)
    t.state.queued = [d for d in t.state.queued if d.rubrique != code] + t.state.batch
    t.state.batch = mine
    return True
