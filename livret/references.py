"""Closed lists a short text's answers come from (``Ask.listed``): the cadres d'emplois,
and the grades of the cadre chosen. An option may fill other fields of the entry (a cadre
its catégorie and filière). Found from a few letters typed, misspelt or not (rapidfuzz:
maintained, fast, and its partial ratio takes a word's start as people type it)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from livret.cadres import CADRES, Cadre
from livret.text import fold

# Below this score (0 to 100), a match is no match.
CUTOFF = 85


@dataclass(frozen=True)
class Option:
    label: str
    # Other fields of the entry this answer fills, in their stored form (None: cleared).
    fills: Mapping[str, str | None] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()


def _cadre(data: Mapping[str, Any]) -> Cadre | None:
    chosen = fold(str(data.get("cadre_emplois") or ""))
    return next((c for c in CADRES if fold(c.nom) == chosen), None)


def _cadres(data: Mapping[str, Any]) -> tuple[Option, ...]:
    grade = data.get("grade")
    before = _cadre(data)
    return tuple(
        Option(
            c.nom,
            {"categorie": c.categorie, "filiere": c.filiere, **_grade_for(c.grades, grade, before)},
            c.aliases,
        )
        for c in CADRES
    )


def _grade_for(
    grades: tuple[str, ...], grade: object, before: Cadre | None
) -> Mapping[str, str | None]:
    """The grade once a cadre is chosen: the grade of another cadre goes (never turned into
    a grade not held); a grade typed in other words ("rédacteur principal 2e classe")
    becomes the cadre's own; a grade typed that matches none is kept as typed."""
    if not isinstance(grade, str) or grade in grades:
        return {}
    if fold(grade) in _ANY_GRADE or (before is not None and grade in before.grades):
        return {"grade": None}
    close = process.extractOne(fold(grade), [fold(g) for g in grades], scorer=fuzz.ratio)
    if close is not None and close[1] >= GRADE_CUTOFF:
        return {"grade": grades[close[2]]}
    return {}


# Every cadre's grades, folded: a grade of another cadre is not matched to this one's.
_ANY_GRADE = frozenset(fold(g) for c in CADRES for g in c.grades)
# Closer than the list's search: "Rédacteur principal 2e classe" is the rédacteurs' grade,
# "Animateur principal de 2e classe" never a rédacteur's.
GRADE_CUTOFF = 92


def _grades(data: Mapping[str, Any]) -> tuple[Option, ...]:
    cadre = _cadre(data)
    return tuple(Option(g) for g in cadre.grades) if cadre else ()


def _kept_cadre(data: Mapping[str, Any]) -> Mapping[str, None]:
    # A cadre outside the list replacing one of it: what that one filled goes with it.
    return dict.fromkeys(("categorie", "filiere", "grade")) if _cadre(data) else {}


LISTS: dict[str, Callable[[Mapping[str, Any]], tuple[Option, ...]]] = {
    "cadres": _cadres,
    "grades": _grades,
}
KEPT: dict[str, Callable[[Mapping[str, Any]], Mapping[str, None]]] = {"cadres": _kept_cadre}


def options(listed: str, data: Mapping[str, Any]) -> tuple[Option, ...]:
    """The list's options for an entry holding ``data`` (the grades of its cadre)."""
    return LISTS[listed](data)


def kept(listed: str, data: Mapping[str, Any]) -> Mapping[str, None]:
    """What an answer of one's own, outside the list, clears."""
    return KEPT.get(listed, lambda data: {})(data)


def exact(listed: str, data: Mapping[str, Any], typed: str) -> Option | None:
    wanted = fold(typed)
    return next(
        (o for o in options(listed, data) if wanted in {fold(n) for n in (o.label, *o.aliases)}),
        None,
    )


def search(listed: str, data: Mapping[str, Any], typed: str, limit: int = 6) -> list[Option]:
    """The options closest to what was typed, the closest first."""
    found = options(listed, data)
    names = {fold(name): n for n, o in enumerate(found) for name in (o.label, *o.aliases)}
    best: dict[int, float] = {}
    for name, score, _ in process.extract(
        fold(typed), list(names), scorer=fuzz.partial_ratio, limit=None, score_cutoff=CUTOFF
    ):
        index = names[name]
        best[index] = max(best.get(index, 0.0), score)
    ranked = sorted(best, key=lambda i: (-best[i], len(found[i].label)))
    return [found[i] for i in ranked[:limit]]
