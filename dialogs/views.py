"""How livret data reads in the chat: progress bar, entry titles, entry cards."""

from collections.abc import Mapping
from typing import Any

from dialogs import copy
from livret.catalogue import CATALOGUE, Rubrique, rubrique
from livret.display import linked_from, linking_rubriques, show_value
from livret.entries import Entry
from livret.fields import FieldSpec, is_blank
from livret.progress import Progress, progress
from storage import StoredEntry, Tx

BUTTON_MAX = 40
LINK_BUTTON_MAX = 56


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


def shorten_title(text: str, limit: int) -> str:
    """An entry's title cut before its date, the date kept whole ("Marchés publics : les
    fonda… (15 novembre 2016)"): two entries of one title stay told apart."""
    text = " ".join(text.split())
    head, found, dated = text.rpartition(" (")
    if len(text) <= limit or not found or not dated.endswith(")") or len(dated) > limit // 2:
        return shorten(text, limit)
    return f"{shorten(head, limit - len(dated) - 2)} ({dated}"


def toggled(chosen: list[int] | None, item: int) -> list[int]:
    """The ticked ids with ``item`` ticked, or unticked if it was."""
    ids = list(chosen or [])
    return [i for i in ids if i != item] if item in ids else [*ids, item]


def progress_bar(done: int, total: int, width: int = 10) -> str:
    # Rounded to the nearest, but full only once the livret is and empty only before the
    # first rubrique: 11/12 is never drawn complete, 1/12 never drawn as nothing.
    filled = round(width * done / total) if total else 0
    if 0 < done < total:
        filled = min(max(filled, 1), width - 1)
    return "▓" * filled + "░" * (width - filled)


def link_targets(spec: FieldSpec) -> tuple[Rubrique, ...]:
    return tuple(rubrique(code) for code in spec.link_rubriques)


async def livret_progress(tx: Tx, agent_id: int) -> Progress:
    """The livret's progress, a rubrique whose entry lacks an expected field not counted
    as done (the fiche d'identité without grade)."""
    counts, declined = await tx.rubrique_summary(agent_id)
    partial: set[str] = set()
    for rub in CATALOGUE:
        if not rub.repeatable and counts.get(rub.code) and any(f.ask.expected for f in rub.fields):
            found = await tx.entries(agent_id, rub.code)
            if found and rub.missing(found[0].data):
                partial.add(rub.code)
    return progress(counts, declined, partial)


async def link_titles(
    tx: Tx, agent_id: int, codes: tuple[str, ...], tag: bool = False
) -> dict[int, str]:
    """Titles of the agent's entries in these rubriques, by id; ``tag``: for buttons, each
    told from another rubrique's (``link_title``)."""
    if not codes:
        return {}
    found = await tx.entries_in(agent_id, codes)
    tagged = tag and len({e.rubrique for e in found}) > 1
    return {e.id: link_title(e, tagged) for e in found}


def link_title(entry: StoredEntry, tagged: bool) -> str:
    """An entry as a link names it; ``tagged``: in a list of several rubriques, so that
    formations suivies and dispensées are told apart."""
    rub = rubrique(entry.rubrique)
    title = rub.entry_title(entry.data)
    return f"{title} · {rub.tag}" if tagged and rub.tag else title


def link_button(title: str) -> str:
    # Cut in the middle: two long titles still differ by their end (the date, the tag).
    return shorten_middle(title, LINK_BUTTON_MAX)


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
