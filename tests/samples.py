"""Livrets to render in document tests, and what their reader must find in them.

``full_livret()`` fills every rubrique of the catalogue, every field of every model, links
compétences to formations, emplois and diplômes, and carries the awkward texts agents type
(``& < > " ' {{ x }} {% if %}``, emoji, a 2,000-character text with line breaks, accents and
apostrophes, control characters). ``store_livret`` writes such a livret in the database for an
agent; ``soffice_or_skip`` is the rule of every test that needs LibreOffice.
"""

import io
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from livret.catalogue import CATALOGUE, TITLE_MAX
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
from livret.enums import (
    Categorie,
    CategorieFormation,
    Filiere,
    NatureActivite,
    NatureBilan,
    NatureCertification,
    NatureConcours,
    NiveauDiplome,
    ResultatConcours,
    VoieCertification,
)
from livret.fields import LONG_TEXT_MAX
from livret.values import Duration, PartialDate
from storage import Database

EDITION_DAY = date(2026, 11, 28)

PRENOM = "Hélène"
NOM = "D'Arcy-Lefèvre"
COLLECTIVITE = "Commune de L'Haÿ-les-Roses"

# Everything a template engine or an XML file could take for its own.
TRICKY = "Droit & pratique <RH> \"guillemets\" 'apostrophes' {{ x }} {% if %} {#"
EMOJI = "Fête des voisins 🎉👩\u200d💻 réussie ✅"
# \x07 and \x0c mean nothing in a document: they are dropped, the rest stays.
CONTROL = "Alerte\x07 sonore et saut\x0c de page"
CONTROL_SHOWN = "Alerte sonore et saut de page"


def long_text(length: int = LONG_TEXT_MAX) -> str:
    """Exactly ``length`` characters of distinct numbered sentences, in paragraphs."""
    lines = []
    n = 0
    while sum(len(line) + 1 for line in lines) < length:
        n += 1
        lines.append(f"Ligne {n} : j'ai piloté l'accueil & la paie, étape n° {n}.")
    text = "\n".join(lines)[:length].rstrip()
    return text + "x" * (length - len(text))


LONG = long_text()


@dataclass
class Livret:
    """An agent's livret as ``build_context`` takes it: entries by rubrique, with ids."""

    entries: dict[str, list[tuple[int, Entry]]] = field(default_factory=dict)
    not_concerned: set[str] = field(default_factory=set)

    def add(self, code: str, entry: Entry) -> int:
        entry_id = 1 + sum(len(found) for found in self.entries.values())
        self.entries.setdefault(code, []).append((entry_id, entry))
        return entry_id


def full_livret() -> Livret:
    """Every rubrique, every field of every entry filled, compétences linked both ways."""
    book = Livret()
    book.add(
        "identite",
        Identite(
            prenom=PRENOM,
            nom=NOM,
            date_naissance=PartialDate(1984, 7, 14),
            collectivite=COLLECTIVITE,
            poste="Gestionnaire paie & carrières",
            grade="Rédacteur principal de 2e classe",
            cadre_emplois="Rédacteurs territoriaux",
            categorie=Categorie.B,
            filiere=Filiere.ADMINISTRATIVE,
        ),
    )
    bts = book.add(
        "diplomes",
        Diplome(
            intitule="BTS Assistant de gestion PME-PMI",
            niveau=NiveauDiplome.N5,
            etablissement="Lycée Jean-Moulin",
            date_obtention=PartialDate(2010, 6),
        ),
    )
    titre = book.add(
        "certifications",
        Certification(
            intitule="Titre professionnel Secrétaire comptable",
            nature=NatureCertification.TITRE,
            voie=VoieCertification.VAE,
            organisme="Ministère du Travail",
            date_obtention=PartialDate(2015),
        ),
    )
    marches = book.add(
        "formations_suivies",
        FormationSuivie(
            intitule="Marchés publics : les fondamentaux",
            date_debut=PartialDate(2021, 3, 12),
            date_fin=PartialDate(2021, 3, 14),
            duree=Duration(3, "jour"),
            categorie=CategorieFormation.PERFECTIONNEMENT,
            organisme="CNFPT",
            niveau="Initiation",
            cpf=True,
        ),
    )
    tricky = book.add(
        "formations_suivies",
        FormationSuivie(
            intitule=TRICKY,
            date_debut=PartialDate(2021, 3, 1),
            date_fin=PartialDate(2021, 3, 3),
            duree=Duration(21, "h"),
            categorie=CategorieFormation.PREPA_CONCOURS,
            organisme="Centre de gestion <CDG 35> & co",
            niveau="Perfectionnement",
            cpf=False,
        ),
    )
    accueil = book.add(
        "formations_dispensees",
        FormationDispensee(
            intitule="Accueil des nouveaux arrivants",
            date_debut=PartialDate(2022, 3),
            date_fin=PartialDate(2022, 4),
            duree=Duration(1.5, "jour"),
            public="Agents d'accueil",
            niveau="Initiation",
            organisme="Collectivité",
        ),
    )
    book.add(
        "bilans_vae",
        BilanVae(
            nature=NatureBilan.BILAN,
            date_debut=PartialDate(2019, 9, 1),
            duree=Duration(2, "semaine"),
            organisme="Centre interinstitutionnel de bilan de compétences",
            resultat="Projet de mobilité vers les ressources humaines.\nFormation à prévoir.",
        ),
    )
    book.add(
        "tutorat",
        Tutorat(
            objet="Tutorat d'un apprenti en CAP",
            date_debut=PartialDate(2020),
            duree=Duration(6, "mois"),
            niveau="CAP",
            personnes=2,
        ),
    )
    mairie = book.add(
        "emplois",
        Emploi(
            intitule="Secrétaire de mairie",
            employeur="Mairie de Saint-Lô",
            date_debut=PartialDate(2012, 9, 1),
            date_fin=PartialDate(2018, 8, 31),
            categorie=Categorie.C,
            missions="Accueil, état civil, urbanisme.",
            acquis="Polyvalence ; relation aux élus.",
        ),
    )
    book.add(
        "competences",
        Competence(
            intitule="Conduite de réunion",
            description=EMOJI,
            formations=[marches, accueil],
            emplois=[mairie],
            diplomes=[bts, titre],
        ),
    )
    book.add(
        "competences",
        Competence(
            intitule="Commande publique",
            description="Rédiger un cahier des charges.",
            formations=[marches, tricky],
            emplois=[mairie],
            diplomes=[bts],
        ),
    )
    book.add(
        "concours",
        Concours(
            intitule="Rédacteur territorial",
            nature=NatureConcours.INTERNE,
            date_debut=PartialDate(2016),
            resultat=ResultatConcours.ADMIS,
        ),
    )
    book.add(
        "activites",
        ActiviteExtra(
            intitule="Trésorière de l'association « Les Amis d'Ouessant »",
            nature=NatureActivite.BENEVOLAT,
            structure="Les Restos du Cœur",
            date_debut=PartialDate(2017, 1, 1),
            date_fin=PartialDate(2023, 12),
            description=CONTROL,
        ),
    )
    book.add("projet", Projet(projet=LONG, souhaits=TRICKY))
    return book


@dataclass(frozen=True)
class Shown:
    """An entry as the reader of the document sees it: its title, then (label, value) rows."""

    code: str
    title: str
    rows: tuple[tuple[str, str], ...]


ASSOCIATED = "Compétences associées"


def shown_entries() -> list[Shown]:
    """Every entry of ``full_livret()``, written out by hand in French, in catalogue order."""
    marches = "Marchés publics : les fondamentaux (12 mars 2021)"
    tricky = f"{TRICKY} (1er mars 2021)"
    bts = "BTS Assistant de gestion PME-PMI (juin 2010)"
    titre = "Titre professionnel Secrétaire comptable (2015)"
    accueil = "Accueil des nouveaux arrivants (mars 2022)"
    mairie = "Secrétaire de mairie (1er septembre 2012)"
    both = "Conduite de réunion, Commande publique"
    return [
        Shown(
            "identite",
            f"{PRENOM} {NOM}",
            (
                ("Prénom", PRENOM),
                ("Nom", NOM),
                ("Date de naissance", "14 juillet 1984"),
                ("Collectivité", COLLECTIVITE),
                ("Poste", "Gestionnaire paie & carrières"),
                ("Cadre d'emplois", "Rédacteurs territoriaux"),
                ("Grade", "Rédacteur principal de 2e classe"),
                ("Catégorie", "Catégorie B"),
                ("Filière", "Administrative"),
            ),
        ),
        Shown(
            "diplomes",
            bts,
            (
                ("Intitulé", "BTS Assistant de gestion PME-PMI"),
                ("Niveau", "Niveau 5 (Bac+2 : BTS, DUT, DEUST)"),
                ("Établissement", "Lycée Jean-Moulin"),
                ("Date d'obtention", "juin 2010"),
                (ASSOCIATED, both),
            ),
        ),
        Shown(
            "certifications",
            titre,
            (
                ("Intitulé", "Titre professionnel Secrétaire comptable"),
                ("Nature", "Titre professionnel"),
                ("Voie d'obtention", "Validation des acquis de l'expérience (VAE)"),
                ("Organisme certificateur", "Ministère du Travail"),
                ("Date d'obtention", "2015"),
                (ASSOCIATED, "Conduite de réunion"),
            ),
        ),
        Shown(
            "formations_suivies",
            marches,
            (
                ("Intitulé", "Marchés publics : les fondamentaux"),
                ("Date", "12 mars 2021"),
                ("Fin", "14 mars 2021"),
                ("Durée", "3 jours"),
                ("Catégorie", "Perfectionnement"),
                ("Organisme", "CNFPT"),
                ("Niveau", "Initiation"),
                ("Au titre du CPF", "Oui"),
                (ASSOCIATED, both),
            ),
        ),
        Shown(
            "formations_suivies",
            tricky,
            (
                ("Intitulé", TRICKY),
                ("Date", "1er mars 2021"),
                ("Fin", "3 mars 2021"),
                ("Durée", "21 h"),
                ("Catégorie", "Préparation aux concours et examens"),
                ("Organisme", "Centre de gestion <CDG 35> & co"),
                ("Niveau", "Perfectionnement"),
                ("Au titre du CPF", "Non"),
                (ASSOCIATED, "Commande publique"),
            ),
        ),
        Shown(
            "formations_dispensees",
            accueil,
            (
                ("Intitulé", "Accueil des nouveaux arrivants"),
                ("Date", "mars 2022"),
                ("Fin", "avril 2022"),
                ("Durée", "1,5 jour"),
                ("Public", "Agents d'accueil"),
                ("Niveau", "Initiation"),
                ("Pour le compte de", "Collectivité"),
                (ASSOCIATED, "Conduite de réunion"),
            ),
        ),
        Shown(
            "bilans_vae",
            "Bilan de compétences (1er septembre 2019)",
            (
                ("Nature", "Bilan de compétences"),
                ("Date", "1er septembre 2019"),
                ("Durée", "2 semaines"),
                ("Organisme", "Centre interinstitutionnel de bilan de compétences"),
                (
                    "Résultat",
                    "Projet de mobilité vers les ressources humaines.\nFormation à prévoir.",
                ),
            ),
        ),
        Shown(
            "tutorat",
            "Tutorat d'un apprenti en CAP (2020)",
            (
                ("Objet", "Tutorat d'un apprenti en CAP"),
                ("Date", "2020"),
                ("Durée", "6 mois"),
                ("Niveau", "CAP"),
                ("Personnes accompagnées", "2"),
            ),
        ),
        Shown(
            "emplois",
            mairie,
            (
                ("Emploi", "Secrétaire de mairie"),
                ("Employeur", "Mairie de Saint-Lô"),
                ("Début", "1er septembre 2012"),
                ("Fin", "31 août 2018"),
                ("Catégorie", "Catégorie C"),
                ("Missions", "Accueil, état civil, urbanisme."),
                ("Connaissances et compétences mises en œuvre", "Polyvalence ; relation aux élus."),
                (ASSOCIATED, both),
            ),
        ),
        Shown(
            "competences",
            "Conduite de réunion",
            (
                ("Compétence", "Conduite de réunion"),
                ("Description", EMOJI),
                ("Formations", f"{marches}, {accueil}"),
                ("Emplois", mairie),
                ("Diplômes", f"{bts}, {titre}"),
            ),
        ),
        Shown(
            "competences",
            "Commande publique",
            (
                ("Compétence", "Commande publique"),
                ("Description", "Rédiger un cahier des charges."),
                ("Formations", f"{marches}, {tricky}"),
                ("Emplois", mairie),
                ("Diplômes", bts),
            ),
        ),
        Shown(
            "concours",
            "Rédacteur territorial (2016)",
            (
                ("Concours ou examen", "Rédacteur territorial"),
                ("Nature", "Concours interne"),
                ("Session", "2016"),
                ("Résultat", "Admis(e)"),
            ),
        ),
        Shown(
            "activites",
            "Trésorière de l'association « Les Amis d'Ouessant » (1er janvier 2017)",
            (
                ("Activité", "Trésorière de l'association « Les Amis d'Ouessant »"),
                ("Nature", "Bénévolat associatif"),
                ("Structure", "Les Restos du Cœur"),
                ("Début", "1er janvier 2017"),
                ("Fin", "décembre 2023"),
                ("Description", CONTROL_SHOWN),
            ),
        ),
        Shown(
            "projet",
            # A title names the entry (100 characters at most); the text is in full below.
            LONG[: TITLE_MAX - 1].rstrip() + "…",
            (("Projet professionnel", LONG), ("Souhaits de formation", TRICKY)),
        ),
    ]


async def store_livret(
    db: Database, agent_id: int, book: Livret, skip: tuple[str, ...] = ("identite",)
) -> dict[int, int]:
    """Writes ``book``'s entries for the agent (links follow the new ids); old id -> new id.

    ``identite`` is skipped by default: onboarding has already written the agent's own.
    """
    new_ids: dict[int, int] = {}
    async with db.transaction() as tx:
        for rub in CATALOGUE:
            if rub.code in skip:
                continue
            for old_id, entry in book.entries.get(rub.code, ()):
                links = {
                    spec.name: [new_ids[i] for i in getattr(entry, spec.name)]
                    for spec in rub.fields
                    if spec.kind == "links"
                }
                stored = entry.model_copy(update=links) if links else entry
                new_ids[old_id] = await tx.add_entry(agent_id, rub.code, stored)
        for code in book.not_concerned:
            await tx.set_not_concerned(agent_id, code, True)
    return new_ids


def squeeze(text: str) -> str:
    """Runs of white space as one space: how text compares once laid out on pages."""
    return re.sub(r"\s+", " ", text).strip()


def soffice_or_skip() -> str:
    """The soffice to test with; skips without LibreOffice, but never in CI: fails there."""
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing in CI: the PDF tests must run there")
        pytest.skip("LibreOffice (soffice) is not installed: PDF editions are not tested here")
    return found


def word_text(data: bytes) -> str:
    """Everything a Word file shows: paragraphs, then table cells."""
    doc = Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def pdf_text(data: bytes) -> str:
    """The text of every page, white space squeezed."""
    return squeeze("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
