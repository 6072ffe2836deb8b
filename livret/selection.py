"""Share selection: what an agent chose to show a third party, and the extract it makes.

Nothing is chosen at the start. Entries are picked one by one (or a whole rubrique); of
the fiche d'identité, the prénom and nom always go (an extract names its agent) and the
other fields only when picked. An extract keeps the chosen entries as they are, with
their links cut to what is shared too: nothing unchosen can show through a link.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from livret.catalogue import CATALOGUE, rubrique
from livret.entries import Entry
from livret.fields import FieldSpec, is_blank

IDENTITE = "identite"
ALWAYS_SHOWN = ("prenom", "nom")

Entries = Mapping[str, Sequence[tuple[int, Entry]]]


@dataclass(frozen=True)
class Selection:
    entries: frozenset[int] = frozenset()
    identity_fields: frozenset[str] = frozenset()

    def is_empty(self) -> bool:
        return not self.entries and not self.identity_fields


def identity_choices(identite: Entry | None) -> list[FieldSpec]:
    """The fields of the fiche d'identité the agent may show or not: those they filled."""
    if identite is None:
        return []
    return [
        spec
        for spec in rubrique(IDENTITE).fields
        if spec.name not in ALWAYS_SHOWN and not is_blank(getattr(identite, spec.name))
    ]


def extract(entries: Entries, selection: Selection) -> dict[str, list[tuple[int, Entry]]]:
    """The entries of the selection, in catalogue order, as an extract shows them."""
    shared_ids = {
        entry_id
        for code, items in entries.items()
        if code != IDENTITE
        for entry_id, _ in items
        if entry_id in selection.entries
    }
    found: dict[str, list[tuple[int, Entry]]] = {}
    for rub in CATALOGUE:
        items = entries.get(rub.code, ())
        if rub.code == IDENTITE:
            if items:
                entry_id, identite = items[0]
                shown = set(ALWAYS_SHOWN) | set(selection.identity_fields)
                hidden = {f.name: None for f in rub.fields if f.name not in shown}
                found[IDENTITE] = [(entry_id, identite.model_copy(update=hidden))]
            continue
        chosen = []
        for entry_id, entry in items:
            if entry_id not in selection.entries:
                continue
            cut: dict[str, Any] = {
                spec.name: [i for i in getattr(entry, spec.name) if i in shared_ids]
                for spec in rub.fields
                if spec.kind == "links"
            }
            chosen.append((entry_id, entry.model_copy(update=cut)))
        if chosen:
            found[rub.code] = chosen
    return found


def to_snapshot(extracted: Mapping[str, Sequence[tuple[int, Entry]]]) -> dict[str, Any]:
    """An extract as JSON data, to be kept as it was when shared."""
    return {
        code: [[entry_id, entry.model_dump(mode="json")] for entry_id, entry in items]
        for code, items in extracted.items()
    }


def from_snapshot(data: Mapping[str, Any]) -> dict[str, list[tuple[int, Entry]]]:
    """The entries of a snapshot (other keys, such as its annexes, are left out)."""
    codes = {r.code for r in CATALOGUE}
    return {
        code: [
            (int(entry_id), rubrique(code).model.model_validate(value)) for entry_id, value in items
        ]
        for code, items in data.items()
        if code in codes
    }
