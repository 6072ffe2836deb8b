"""How livret data reads in the chat: progress bar, entry titles, entry cards."""

from collections.abc import Mapping
from typing import Any

from dialogs import copy
from livret.catalogue import Rubrique, rubrique
from livret.display import linked_from, linking_rubriques, show_value
from livret.entries import Entry
from livret.fields import FieldSpec, is_blank
from storage import StoredEntry, Tx

BUTTON_MAX = 40


def shorten(text: str, limit: int = BUTTON_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def shorten_middle(text: str, limit: int) -> str:
    """Cut in the middle: both ends of a long name kept ("Adjoint technique… 1re classe")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head].rstrip() + "…" + text[len(text) - (limit - 1 - head) :].lstrip()


def toggled(chosen: list[int] | None, item: int) -> list[int]:
    """The ticked ids with ``item`` ticked, or unticked if it was."""
    ids = list(chosen or [])
    return [i for i in ids if i != item] if item in ids else [*ids, item]


def progress_bar(done: int, total: int, width: int = 10) -> str:
    filled = round(width * done / total) if total else 0
    return "▓" * filled + "░" * (width - filled)


def link_targets(spec: FieldSpec) -> tuple[Rubrique, ...]:
    return tuple(rubrique(code) for code in spec.link_rubriques)


async def link_titles(tx: Tx, agent_id: int, codes: tuple[str, ...]) -> dict[int, str]:
    """Titles of the agent's entries in these rubriques, by id."""
    if not codes:
        return {}
    found = await tx.entries_in(agent_id, codes)
    return {e.id: rubrique(e.rubrique).entry_title(e.data) for e in found}


async def all_link_titles(tx: Tx, agent_id: int, rub: Rubrique) -> dict[int, str]:
    """Titles of every entry that some link field of ``rub`` may point at (for its card)."""
    return await link_titles(tx, agent_id, tuple(c for s in rub.fields for c in s.link_rubriques))


async def reverse_links(tx: Tx, agent_id: int, entry: StoredEntry) -> list[tuple[str, list[str]]]:
    """Entries of other rubriques that link to this one (the compétences of a formation)."""
    codes = linking_rubriques(entry.rubrique)
    found = await tx.entries_in(agent_id, codes) if codes else []
    by_code: dict[str, list[tuple[int, Entry]]] = {}
    for other in found:
        by_code.setdefault(other.rubrique, []).append((other.id, other.data))
    return [(rub.title, titles) for rub, titles in linked_from(entry.rubrique, entry.id, by_code)]


def card(
    rub: Rubrique, data: Mapping[str, Any], titles: Mapping[int, str], open_ends: bool = True
) -> str:
    """The entry's answers; an optional field left blank is not listed (the card offers
    it to complete), a required one says it is missing, an open end says "à ce jour"
    (unless ``open_ends`` is False: an end still to ask)."""
    lines = []
    for spec in rub.fields:
        blank = is_blank(data.get(spec.name))
        value = "" if blank and not open_ends else show_value(spec, data.get(spec.name), titles)
        if value or not spec.optional:
            lines.append(copy.CARD_LINE.format(label=spec.label, value=value or copy.NOT_GIVEN))
    return "\n".join(lines)
