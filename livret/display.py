"""Livret values in words, as the chat and the documents show them, and the links
between entries read both ways (a compétence's formations, a formation's compétences)."""

from collections.abc import Mapping, Sequence
from typing import Any

from livret.catalogue import CATALOGUE, Rubrique
from livret.entries import Entry
from livret.fields import FieldSpec, is_blank
from livret.values import Duration, PartialDate

YES = "Oui"
NO = "Non"

# The agent's entries by rubrique code, each with its id.
Entries = Mapping[str, Sequence[tuple[int, Entry]]]


def show_value(spec: FieldSpec, value: Any, titles: Mapping[int, str] | None = None) -> str:
    """A stored (JSON) value in French words; "" when the agent gave none (or what a blank
    says, ``Ask.open_label``: an emploi's end "à ce jour")."""
    if is_blank(value):
        return spec.ask.open_label or ""
    match spec.kind:
        case "date":
            return PartialDate.from_storage(value).french()
        case "duration":
            return Duration.from_storage(value).french()
        case "choice":
            assert spec.choices is not None
            return spec.choices(value).label
        case "yesno":
            return YES if value else NO
        case "links":
            # In the livret's order, not the order they were ticked in.
            chosen = set(value)
            return ", ".join(title for i, title in (titles or {}).items() if i in chosen)
    return str(value)


def linked_from(
    code: str, entry_id: int, entries: Entries, catalogue: Sequence[Rubrique] = CATALOGUE
) -> list[tuple[Rubrique, list[str]]]:
    """The entries of other rubriques whose links point at this one, by rubrique."""
    found = []
    for rub in catalogue:
        names = [s.name for s in rub.fields if code in s.link_rubriques]
        titles = [
            rub.entry_title(other)
            for _, other in entries.get(rub.code, ())
            if any(entry_id in getattr(other, name) for name in names)
        ]
        if titles:
            found.append((rub, titles))
    return found


def linking_rubriques(code: str) -> tuple[str, ...]:
    """Codes of the rubriques that have a link field pointing at ``code``."""
    return tuple(r.code for r in CATALOGUE if any(code in s.link_rubriques for s in r.fields))
