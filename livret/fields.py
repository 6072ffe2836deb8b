"""Field metadata: what a model field asks, and the widget its type calls for.

A rubrique's model declares each field once, with an ``Ask`` in its annotation::

    intitule: Annotated[str, Ask("Intitulé", "Quel est l'intitulé ?", "Aide…")]

``field_specs`` reads those declarations back so that the dialog, the storage,
progress and documents all work from the same source.
"""

import types
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from livret.enums import Labeled
from livret.values import Duration, PartialDate

Kind = Literal["text", "longtext", "date", "duration", "choice", "yesno", "number", "links"]

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000


@dataclass(frozen=True)
class Ask:
    """How a field is asked and shown.

    ``label`` names it on cards and documents, ``question`` asks it, ``help``
    explains it (``/aide``). ``long`` makes a text a paragraph; ``not_before``
    names a date field this date may not precede; ``past`` says a date of something
    done, which may not lie ahead.

    An optional field is offered on the entry's card, not asked, unless ``asked``
    (an emploi's end: passing it says the agent still holds it), then with
    ``skip_label`` on its "Passer" button; ``open_label`` is what it shows left blank
    (an emploi's end: "à ce jour"). ``suggest`` are answers offered as buttons
    beside what the agent gave before; ``identite`` names the field of the fiche
    d'identité offered first (the current poste for an emploi). ``listed`` names the
    closed list its answers come from (``livret.references``), an answer of one's own
    still allowed. ``expected``: optional, yet the rubrique is complete only once it is
    given (the situation on the fiche d'identité); asked right after activation.
    ``years_ago`` bounds a date to between so many years ago (a birth date: an agent is
    15 to 80 years old). ``known_after`` and ``pending``: a choice that only a past date
    can have (a concours's result).
    """

    label: str
    question: str
    help: str
    long: bool = False
    max_len: int | None = None
    not_before: str | None = None
    past: bool = False
    # Whether the recent years are offered for a date (not for a birth date).
    recent: bool = True
    asked: bool = False
    skip_label: str | None = None
    open_label: str | None = None
    suggest: tuple[str, ...] = ()
    identite: str | None = None
    listed: str | None = None
    expected: bool = False
    years_ago: tuple[int, int] | None = None
    # A choice known only once the date field named has passed (a concours's result after
    # its session); until then, only ``pending`` may stand (the result "En cours").
    known_after: str | None = None
    pending: str | None = None


@dataclass(frozen=True)
class Links(Ask):
    """A list of ids of the agent's own entries in the named rubriques."""

    rubriques: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldSpec:
    """One field of a rubrique, as every layer sees it."""

    name: str
    kind: Kind
    ask: Ask
    optional: bool
    choices: type[Labeled] | None = None

    @property
    def label(self) -> str:
        return self.ask.label

    @property
    def max_len(self) -> int:
        if self.ask.max_len:
            return self.ask.max_len
        return LONG_TEXT_MAX if self.kind == "longtext" else SHORT_TEXT_MAX

    @property
    def in_round(self) -> bool:
        """Asked question by question (required, or optional but ``asked``)."""
        return not self.optional or self.ask.asked

    @property
    def link_rubriques(self) -> tuple[str, ...]:
        return self.ask.rubriques if isinstance(self.ask, Links) else ()


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _kind(annotation: Any, ask: Ask) -> tuple[Kind, type[Labeled] | None]:
    base = _strip_optional(annotation)
    if isinstance(ask, Links):
        return "links", None
    if isinstance(base, type) and issubclass(base, StrEnum):
        if not issubclass(base, Labeled):
            raise TypeError(f"{base.__name__} must be a Labeled enum")
        return "choice", base
    kinds: dict[Any, Kind] = {
        PartialDate: "date",
        Duration: "duration",
        bool: "yesno",
        int: "number",
        str: "longtext" if ask.long else "text",
    }
    if base in kinds:
        return kinds[base], None
    raise TypeError(f"no widget for {annotation!r}")


@cache
def field_specs(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The fields of a rubrique model that carry an ``Ask``, in declaration order."""
    specs = []
    for name, info in model.model_fields.items():
        ask = next((m for m in info.metadata if isinstance(m, Ask)), None)
        if ask is None:
            continue
        kind, choices = _kind(info.annotation, ask)
        specs.append(
            FieldSpec(
                name=name,
                kind=kind,
                ask=ask,
                optional=not info.is_required(),
                choices=choices,
            )
        )
    return tuple(specs)


def field_spec(model: type[BaseModel], name: str) -> FieldSpec:
    for spec in field_specs(model):
        if spec.name == name:
            return spec
    raise KeyError(name)


def is_blank(value: Any) -> bool:
    """A value that says nothing: unset, empty text or an empty list of links."""
    return value is None or value == "" or value == []
