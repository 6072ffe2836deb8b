"""The rubrique catalogue: every rubrique of the livret, in order, with its model.

The décret 2008-830 names rubriques 2 to 8 here; identité, compétences,
concours, activités and projet are the ones agents also expect (LIVRET.md).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel

from livret.entries import (
    ActiviteExtra,
    BilanVae,
    Certification,
    Competence,
    Concours,
    Diplome,
    Emploi,
    Entry,
    FormationDispensee,
    FormationSuivie,
    Identite,
    Projet,
    Tutorat,
)
from livret.fields import FieldSpec, field_specs

TITLE_MAX = 100
T = TypeVar("T")


@dataclass(frozen=True)
class Rubrique:
    """One rubrique: ``code`` is stored and travels in buttons; keep it short and stable."""

    code: str
    title: str
    purpose: str
    model: type[Entry]
    repeatable: bool = True
    singular: str = "une entrée"
    decret: bool = False
    # Fields that name an entry in lists; the first field when empty.
    title_fields: tuple[str, ...] = ()
    # Whether lists show the entry's first date beside its title.
    dated: bool = True
    # Every livret has one: it cannot be deleted nor declined (the fiche d'identité).
    essential: bool = False
    # How its entries are told from another rubrique's in a list of both (a compétence's
    # formations: "Excel (2021) · suivie", "Excel (2021) · dispensée").
    tag: str = ""
    # The document that proves an entry, as a proof of it is named ("Attestation — Excel");
    # a rubrique without one takes no proof.
    proof: str = ""

    @property
    def this(self) -> str:
        """The entry named with a demonstrative, its gender that of ``singular``'s article:
        "ce diplôme", "cette certification", "cet emploi", "ce bilan ou cette VAE"."""

        def demonstrative(found: re.Match[str]) -> str:
            if found[1] == "une":
                return "cette "
            return "cet " if found[2].lower() in "aeéèêiîoôuhy" else "ce "

        return re.sub(r"\b(une?) (?=(\w))", demonstrative, self.singular)

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return field_specs(self.model)

    def missing(self, entry: BaseModel) -> tuple[FieldSpec, ...]:
        """The expected fields left blank: the rubrique is not complete without them."""
        return tuple(
            f for f in self.fields if f.ask.expected and getattr(entry, f.name) in (None, "")
        )

    @property
    def date_field(self) -> FieldSpec | None:
        """The date an entry is known by (obtained, begun): what lists are ordered by."""
        return next((f for f in self.fields if f.kind == "date"), None)

    def recent_first(self, entries: list[T], data: Callable[[T], BaseModel]) -> list[T]:
        """Entries by their date, the most recent first, those without a date after them;
        a rubrique with no date keeps the order they were written in."""
        spec = self.date_field
        if spec is None:
            return entries

        def when(item: T) -> tuple[bool, tuple[int, ...]]:
            value = getattr(data(item), spec.name)
            return (value is not None, value.key if value is not None else ())

        # Stable: entries of the same date keep their order, the last written first.
        return sorted(reversed(entries), key=when, reverse=True)

    def entry_title(self, entry: BaseModel) -> str:
        """How an entry is named in lists: its title fields, and its first date if any."""
        names = self.title_fields or (self.fields[0].name,)
        title = " ".join(_shown(getattr(entry, name)) for name in names)
        if len(title) > TITLE_MAX:
            # A title names the entry; its full text is in the entry itself.
            title = title[: TITLE_MAX - 1].rstrip() + "…"
        date = next((f for f in self.fields if f.kind == "date" and self.dated), None)
        when = getattr(entry, date.name) if date else None
        return f"{title} ({when.french()})" if when is not None else title


def _shown(value: object) -> str:
    label = getattr(value, "label", None)
    return label if isinstance(label, str) else str(value)


CATALOGUE: tuple[Rubrique, ...] = (
    Rubrique(
        "identite",
        "Identité et situation",
        "Qui vous êtes et où vous travaillez.",
        Identite,
        repeatable=False,
        singular="votre fiche d'identité",
        title_fields=("prenom", "nom"),
        dated=False,
        essential=True,
    ),
    Rubrique(
        "diplomes",
        "Diplômes et titres",
        "Les diplômes et titres de votre formation initiale.",
        Diplome,
        singular="un diplôme",
        proof="Diplôme",
        decret=True,
    ),
    Rubrique(
        "certifications",
        "Certifications professionnelles",
        "Diplômes, titres ou certificats obtenus par la formation continue ou la VAE.",
        Certification,
        singular="une certification",
        proof="Certificat",
        decret=True,
    ),
    Rubrique(
        "formations_suivies",
        "Formations suivies",
        "Les formations que vous avez suivies comme stagiaire.",
        FormationSuivie,
        singular="une formation suivie",
        tag="suivie",
        proof="Attestation",
        decret=True,
    ),
    Rubrique(
        "formations_dispensees",
        "Formations dispensées",
        "Les formations que vous avez animées comme formateur ou formatrice.",
        FormationDispensee,
        singular="une formation dispensée",
        tag="dispensée",
        proof="Attestation",
        decret=True,
    ),
    Rubrique(
        "bilans_vae",
        "Bilans de compétences et VAE",
        "Vos bilans de compétences et démarches de validation des acquis.",
        BilanVae,
        singular="un bilan ou une VAE",
        proof="Attestation",
        decret=True,
    ),
    Rubrique(
        "tutorat",
        "Tutorat",
        "Les personnes que vous avez accompagnées comme tuteur ou tutrice.",
        Tutorat,
        singular="un tutorat",
        proof="Attestation",
        decret=True,
    ),
    Rubrique(
        "emplois",
        "Emplois tenus",
        "Les emplois que vous avez occupés et ce que vous y avez mis en œuvre.",
        Emploi,
        singular="un emploi",
        proof="Justificatif",
        decret=True,
    ),
    Rubrique(
        "competences",
        "Compétences",
        "Vos compétences, reliées aux formations, emplois et diplômes qui les ont apportées.",
        Competence,
        singular="une compétence",
    ),
    Rubrique(
        "concours",
        "Concours et examens",
        "Les concours et examens professionnels que vous avez passés.",
        Concours,
        singular="un concours ou examen",
    ),
    Rubrique(
        "activites",
        "Activités extra-professionnelles",
        "Bénévolat, mandats électifs ou syndicaux, autres engagements.",
        ActiviteExtra,
        singular="une activité",
    ),
    Rubrique(
        "projet",
        "Projet professionnel",
        "Votre projet et vos souhaits de formation.",
        Projet,
        repeatable=False,
        singular="votre projet",
    ),
)

_BY_CODE = {r.code: r for r in CATALOGUE}


def rubrique(code: str) -> Rubrique:
    """The rubrique with this code; KeyError for an unknown one (e.g. a forged button)."""
    return _BY_CODE[code]


def find_rubrique(code: str) -> Rubrique | None:
    return _BY_CODE.get(code)
