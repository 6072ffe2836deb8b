"""Progress of a livret, computed from the catalogue and what the agent has filled."""

from collections.abc import Mapping, Set
from dataclasses import dataclass
from enum import StrEnum

from livret.catalogue import CATALOGUE, Rubrique


class State(StrEnum):
    EMPTY = "empty"
    # Written, but an expected field is blank (the fiche d'identité without a grade).
    PARTIAL = "partial"
    FILLED = "filled"
    NOT_CONCERNED = "not_concerned"


@dataclass(frozen=True)
class RubriqueProgress:
    rubrique: Rubrique
    state: State
    count: int


@dataclass(frozen=True)
class Progress:
    rubriques: tuple[RubriqueProgress, ...]

    @property
    def done(self) -> int:
        return sum(1 for r in self.rubriques if r.state in (State.FILLED, State.NOT_CONCERNED))

    @property
    def total(self) -> int:
        return len(self.rubriques)

    @property
    def complete(self) -> bool:
        return self.done == self.total

    @property
    def percent(self) -> int:
        # Rounded down: 100 % only once complete.
        return 100 * self.done // self.total

    def next_to_fill(self) -> Rubrique | None:
        """The first rubrique, in catalogue order, neither complete nor declined."""
        waiting = (State.EMPTY, State.PARTIAL)
        return next((r.rubrique for r in self.rubriques if r.state in waiting), None)

    def state(self, code: str) -> State:
        return next(r.state for r in self.rubriques if r.rubrique.code == code)


def progress(
    counts: Mapping[str, int], not_concerned: Set[str], partial: Set[str] = frozenset()
) -> Progress:
    """Entries per rubrique code, the codes marked "non concerné" and those whose entry
    lacks an expected field give the progress."""
    rows = []
    for rub in CATALOGUE:
        count = counts.get(rub.code, 0)
        if count and rub.code in partial:
            state = State.PARTIAL
        elif count:
            state = State.FILLED
        elif rub.code in not_concerned:
            state = State.NOT_CONCERNED
        else:
            state = State.EMPTY
        rows.append(RubriqueProgress(rub, state, count))
    return Progress(tuple(rows))
