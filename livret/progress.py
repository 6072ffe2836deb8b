"""Progress of a livret, computed from the catalogue and what the agent has filled."""

from collections.abc import Mapping, Set
from dataclasses import dataclass
from enum import StrEnum

from livret.catalogue import CATALOGUE, Rubrique


class State(StrEnum):
    EMPTY = "empty"
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
        return sum(1 for r in self.rubriques if r.state is not State.EMPTY)

    @property
    def total(self) -> int:
        return len(self.rubriques)

    @property
    def complete(self) -> bool:
        return self.done == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total)

    def next_to_fill(self) -> Rubrique | None:
        """The first rubrique, in catalogue order, that is neither filled nor declined."""
        return next((r.rubrique for r in self.rubriques if r.state is State.EMPTY), None)


def progress(counts: Mapping[str, int], not_concerned: Set[str]) -> Progress:
    """Entries per rubrique code and the codes marked "non concerné" give the progress."""
    rows = []
    for rub in CATALOGUE:
        count = counts.get(rub.code, 0)
        if count:
            state = State.FILLED
        elif rub.code in not_concerned:
            state = State.NOT_CONCERNED
        else:
            state = State.EMPTY
        rows.append(RubriqueProgress(rub, state, count))
    return Progress(tuple(rows))
