"""What an entry's card offers beside saving: its optional fields left blank, each completed
with one tap ("Facultatif, à compléter si vous le souhaitez : organisme · niveau"), and, on a new entry's card, the entries it
may link to, ticked on the card itself (a compétence's formations and emplois), the likeliest
first: those sharing words (their stems) with its title, then the latest."""

import re
from collections.abc import Mapping
from typing import Any

from dialogs import copy
from dialogs.turn import Btn, Turn
from dialogs.views import link_button, link_title, toggled
from livret.catalogue import Rubrique, rubrique
from livret.fields import FieldSpec, is_blank
from livret.text import fold
from storage import StoredEntry

# Entries of one links field ticked on the card at most; the others are reached by the
# links question ("➕ Formations").
LINKS_ON_CARD = 4
# Buttons to complete a field, by row.
ROW_OF = 2


async def offered(
    t: Turn, rub: Rubrique, data: Mapping[str, Any], links: bool = False
) -> tuple[list[str], list[list[Btn]]]:
    """The card's lines and rows: the blank optional fields, and (``links``) the entries
    to tick."""
    rows: list[list[Btn]] = []
    shown: set[str] = set()
    linkable = await _link_candidates(t, rub, data)
    if links:
        for spec, candidates in linkable:
            tagged = len({c.rubrique for c in candidates}) > 1
            chosen = set(data.get(spec.name) or [])
            on_card = candidates[:LINKS_ON_CARD]
            on_card += [c for c in candidates[LINKS_ON_CARD:] if c.id in chosen]
            for entry in on_card:
                mark = copy.CHECKED if entry.id in chosen else copy.UNCHECKED
                title = link_button(link_title(entry, tagged))
                rows.append([Btn(f"{mark} {title}", f"lk:{entry.id}")])
            if len(on_card) == len(candidates):
                shown.add(spec.name)
    # A links field with nothing to link yet has nothing to complete.
    unlinkable = {s.name for s in rub.fields if s.kind == "links"} - {s.name for s, _ in linkable}
    # A blank end that says "à ce jour" is an answer: changed by "Modifier".
    blank = [
        s
        for s in rub.fields
        if s.optional
        and is_blank(data.get(s.name))
        and s.name not in shown | unlinkable
        and not s.ask.open_label
    ]
    if not blank:
        return ([copy.CARD_TICK_LINKS] if rows else []), rows
    # What the rubrique expects (the situation) is said apart from what is truly optional,
    # as the menu counts it: "à compléter", not "si vous le souhaitez".
    expected = [s for s in blank if s.ask.expected]
    optional = [s for s in blank if not s.ask.expected]
    blank = expected + optional
    buttons = [Btn(copy.COMPLETE_FIELD.format(label=s.label), f"f:{s.name}") for s in blank]
    rows = [buttons[i : i + ROW_OF] for i in range(0, len(buttons), ROW_OF)] + rows
    lines = [""]
    if expected:
        lines.append(copy.CARD_EXPECTED.format(fields=_labels(expected)))
    if optional:
        lines.append(copy.CARD_COMPLETE.format(fields=_labels(optional)))
    if any(row[0].action.startswith("lk:") for row in rows):
        lines.append(copy.CARD_TICK_LINKS)
    return lines, rows


def _labels(specs: list[FieldSpec]) -> str:
    return " · ".join(s.label[0].lower() + s.label[1:] for s in specs)


async def _candidates(t: Turn, rub: Rubrique) -> list[tuple[FieldSpec, list[StoredEntry]]]:
    found = []
    for spec in rub.fields:
        if spec.kind == "links":
            entries = await t.tx.entries_in(t.agent_id, spec.link_rubriques)
            if entries:
                found.append((spec, entries))
    return found


async def _link_candidates(
    t: Turn, rub: Rubrique, data: Mapping[str, Any]
) -> list[tuple[FieldSpec, list[StoredEntry]]]:
    title = " ".join(str(data.get(s.name) or "") for s in rub.fields if s.kind == "text")
    words = _words(title)

    def likely(entry: StoredEntry) -> tuple[int, int]:
        shared = words & _words(rubrique(entry.rubrique).entry_title(entry.data))
        return len(shared), entry.id

    return [
        (spec, sorted(entries, key=likely, reverse=True))
        for spec, entries in await _candidates(t, rub)
    ]


def _words(text: str) -> set[str]:
    """The stems of a text's words: their first five letters ("budget" and "budgétaire"
    share one), words of four letters or more ("de", "la", "des" say nothing)."""
    return {w[:5] for w in re.findall(r"\w+", fold(text)) if len(w) >= 4}


async def toggle(t: Turn, entry_id: int) -> bool:
    """An entry ticked or unticked on the new entry's card; False if it is not one the
    draft may link to."""
    draft = t.state.draft
    if draft is None or t.state.entry_id is not None:
        return False
    rub = rubrique(draft.rubrique)
    for spec, entries in await _candidates(t, rub):
        if any(e.id == entry_id for e in entries):
            draft.data[spec.name] = toggled(draft.data.get(spec.name), entry_id)
            return True
    return False
