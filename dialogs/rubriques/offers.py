"""One-tap answers: what a question offers as buttons beside typing. For a short text,
the fiche d'identité's value its declaration names (``Ask.identite``), what the agent gave
to the same field before, and the answers it suggests (``Ask.suggest``); for a duration,
the common ones; for a date, the recent years (from the start, for an end). For a short
text from a closed list (``Ask.listed``): its options when they are few (a cadre's grades),
else those closest to the letters typed (``Draft.query``), with the typed words kept as an
answer of one's own."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dialogs import copy
from dialogs.state import Draft
from dialogs.widgets import today
from livret import references
from livret.catalogue import CATALOGUE, rubrique
from livret.fields import FieldSpec, is_blank
from livret.selection import IDENTITE
from livret.text import fold
from livret.values import PartialDate
from storage import Tx

# Buttons a question offers at most: enough to be quick, few enough to read at a glance.
MAX_TEXTS = 5
# A closed list this long or shorter is offered whole.
MAX_LISTED = 8
YEARS = 5
# (label, stored form): the durations of most trainings.
DURATIONS = (
    ("½ jour", "0.5 jour"),
    ("1 jour", "1 jour"),
    ("2 jours", "2 jour"),
    ("3 jours", "3 jour"),
    ("5 jours", "5 jour"),
    ("7 h", "7 h"),
)


@dataclass(frozen=True)
class Offer:
    label: str
    # In the form a draft stores.
    value: Any
    # The other fields this answer fills (a cadre d'emplois its catégorie and filière).
    fills: Mapping[str, Any] = field(default_factory=dict)


async def offers(tx: Tx, agent_id: int, spec: FieldSpec, draft: Draft) -> list[Offer]:
    match spec.kind:
        case "text" if spec.ask.listed:
            return _listed(spec.ask.listed, draft)
        case "text":
            return await _texts(tx, agent_id, spec, draft.rubrique)
        case "duration":
            return [Offer(label, value) for label, value in DURATIONS]
        case "date":
            return _years(spec, draft)
    return []


def _listed(listed: str, draft: Draft) -> list[Offer]:
    if draft.query:
        found = references.search(listed, draft.data, draft.query)
        keep = Offer(
            copy.LISTED_KEEP.format(text=draft.query),
            draft.query,
            references.kept(listed, draft.data),
        )
        return [*(Offer(o.label, o.label, o.fills) for o in found), keep]
    every = references.options(listed, draft.data)
    if len(every) > MAX_LISTED:
        return []
    return [Offer(o.label, o.label, o.fills) for o in every]


async def _texts(tx: Tx, agent_id: int, spec: FieldSpec, code: str) -> list[Offer]:
    found: list[str] = []
    if spec.ask.identite and code != IDENTITE:
        fiche = await tx.entries(agent_id, IDENTITE)
        if fiche:
            found.append(getattr(fiche[0].data, spec.ask.identite, None) or "")
    if not _names_entries(spec, code):
        found += await _given_before(tx, agent_id, spec)
    found += spec.ask.suggest
    offered: list[Offer] = []
    seen: set[str] = set()
    for value in found:
        if is_blank(value) or fold(value) in seen or len(value) > spec.max_len:
            continue
        seen.add(fold(value))
        offered.append(Offer(value, value))
    return offered[:MAX_TEXTS]


def _names_entries(spec: FieldSpec, code: str) -> bool:
    """The field that names an entry (its intitulé): what was typed before is not offered
    again there, "Dupliquer" is the way to a second session."""
    rub = rubrique(code)
    return spec.name in (rub.title_fields or (rub.fields[0].name,))


async def _given_before(tx: Tx, agent_id: int, spec: FieldSpec) -> list[str]:
    """This agent's answers to the same field (its name and label: an "Organisme
    certificateur" is not a formation's organisme), in any rubrique: the most given first,
    then the latest."""
    name = spec.name
    codes = tuple(
        r.code
        for r in CATALOGUE
        if r.code != IDENTITE
        and any(s.name == name and s.label == spec.label and s.kind == "text" for s in r.fields)
    )
    counts: dict[str, tuple[int, int]] = {}
    for entry in await tx.entries_in(agent_id, codes) if codes else []:
        value = getattr(entry.data, name, None)
        if isinstance(value, str) and value.strip():
            count, latest = counts.get(value, (0, 0))
            # Entries come by date: the latest written is the highest id.
            counts[value] = (count + 1, max(latest, entry.id))
    return sorted(counts, key=lambda v: counts[v], reverse=True)


def _years(spec: FieldSpec, draft: Draft) -> list[Offer]:
    if not spec.ask.recent:
        return []
    this_year = today().year
    first = this_year - YEARS + 1
    start = draft.data.get(spec.ask.not_before) if spec.ask.not_before else None
    if not is_blank(start):
        first = max(first, PartialDate.from_storage(start).year)
    return [Offer(str(year), str(year)) for year in range(this_year, first - 1, -1)]
