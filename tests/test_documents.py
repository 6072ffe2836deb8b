"""The Word edition, read back as its reader sees it (python-docx: paragraphs, fields,
footer): every entry and every filled field of a fully filled livret in French, user text
exactly as typed, empty and "non concerné" rubriques said so, a field added to a model shown
with no template change, file names that read well and are safe. No LibreOffice here."""

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Annotated

import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from documents import copy as doc_copy
from documents.context import AgentInfo, Context, build_context
from documents.edition import file_stem
from documents.render import render_docx
from livret.catalogue import CATALOGUE, Rubrique
from livret.entries import Concours, Diplome, Identite
from livret.enums import NatureConcours
from livret.fields import Ask, is_blank
from livret.values import PartialDate
from tests.samples import (
    COLLECTIVITE,
    CONTROL,
    CONTROL_SHOWN,
    EDITION_DAY,
    EMOJI,
    LONG,
    NOM,
    PRENOM,
    TRICKY,
    Livret,
    full_livret,
    shown_entries,
)

TITLES = {r.code: r.title for r in CATALOGUE}


# ---- reading a Word file back ------------------------------------------------------------


@dataclass
class Section:
    """One rubrique as printed: its heading, its entries (title -> rows), other lines."""

    title: str
    entries: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    # Each entry's provenance, under its title: "Justifiée (…)" or "Déclarée".
    marks: dict[str, str] = field(default_factory=dict)


@dataclass
class WordDoc:
    cover: list[str]
    sections: list[Section]
    footer: str
    # The Word fields of the footer (PAGE, NUMPAGES): the word processor fills them in.
    footer_fields: list[str]
    paragraphs: list[str]
    cells: list[str]

    def section(self, code: str) -> Section:
        found = [s for s in self.sections if s.title == TITLES[code]]
        assert len(found) == 1, f"rubrique {TITLES[code]!r} printed {len(found)} times"
        return found[0]

    @property
    def text(self) -> str:
        return "\n".join([*self.paragraphs, *self.cells, self.footer])


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def well_formed(data: bytes) -> list[str]:
    """Checks a .docx's every XML part parses (what Word and LibreOffice need to open it);
    returns the instructions of the footers' fields."""
    fields = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert "word/document.xml" in names
        for name in names:
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(archive.read(name))
                if name.startswith("word/footer"):
                    fields += [f.get(f"{W}instr", "").strip() for f in root.iter(f"{W}fldSimple")]
    return fields


def read_word(data: bytes) -> WordDoc:
    footer_fields = well_formed(data)
    doc = Document(io.BytesIO(data))
    cover: list[str] = []
    sections: list[Section] = []
    paragraphs: list[str] = []
    cells: list[str] = []
    entry: list[tuple[str, str]] | None = None
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text
            paragraphs.append(text)
            style = block.style.name if block.style is not None else ""
            if style == "Heading 1":
                sections.append(Section(text))
                entry = None
            elif not sections:
                if text.strip():
                    cover.append(text)
            elif style == "Heading 2":
                assert text not in sections[-1].entries, f"entry {text!r} printed twice"
                entry = sections[-1].entries[text] = []
                title = text
            elif (
                entry is not None and not entry and text in (doc_copy.JUSTIFIED, doc_copy.DECLARED)
            ):
                sections[-1].marks[title] = text
            elif entry is not None and block.runs and block.runs[0].bold:
                # A field: its label in bold ("Intitulé : "), then its value.
                label = block.runs[0].text.removesuffix(" : ")
                value = text[len(block.runs[0].text) :]
                entry.append((label, value))
                cells += [label, value]
            elif text.strip():
                sections[-1].lines.append(text)
        elif isinstance(block, Table):
            assert entry is not None, "a table outside of any entry"
            for row in block.rows:
                label, value = (cell.text for cell in row.cells)
                entry.append((label, value))
                cells += [label, value]
    footer = "\n".join(p.text for s in doc.sections for p in s.footer.paragraphs)
    return WordDoc(cover, sections, footer, footer_fields, paragraphs, cells)


def render(
    book: Livret,
    identifiant: str = "",
    catalogue: Sequence[Rubrique] = CATALOGUE,
) -> WordDoc:
    context = build_context(
        book.entries, book.not_concerned, EDITION_DAY, identifiant, catalogue=catalogue
    )
    return read_word(render_docx(context.as_dict()))


@pytest.fixture(scope="module")
def full() -> WordDoc:
    return render(full_livret(), identifiant="LIF-35-000042")


# ---- the sample itself -------------------------------------------------------------------


def test_the_sample_fills_every_rubrique_and_every_field() -> None:
    book = full_livret()
    for rub in CATALOGUE:
        assert book.entries.get(rub.code), f"no entry in {rub.code}"
        for _, entry in book.entries[rub.code]:
            blank = [s.name for s in rub.fields if is_blank(getattr(entry, s.name))]
            assert blank == [], f"{rub.code}: unfilled {blank}"
    competences = [entry for _, entry in book.entries["competences"]]
    for links in ("formations", "emplois", "diplomes"):
        assert all(getattr(c, links) for c in competences), links


# ---- a fully filled livret ---------------------------------------------------------------


def test_every_rubrique_is_printed_in_catalogue_order(full: WordDoc) -> None:
    assert [s.title for s in full.sections] == [r.title for r in CATALOGUE]


def test_every_entry_and_every_field_is_there_in_french(full: WordDoc) -> None:
    """Titles and (label, value) rows exactly: dates, durations, choices, Oui/Non in words."""
    for shown in shown_entries():
        section = full.section(shown.code)
        assert shown.title in section.entries, (
            f"{shown.title[:80]!r} missing from {section.title}: {list(section.entries)}"
        )
        assert section.entries[shown.title] == list(shown.rows), shown.title[:80]
        # No proof in this livret: an entry a document would prove is declared.
        proved = any(r.proof for r in CATALOGUE if r.title == section.title)
        assert section.marks.get(shown.title) == (doc_copy.DECLARED if proved else None)
    for section in full.sections:
        expected = [s.title for s in shown_entries() if TITLES[s.code] == section.title]
        assert list(section.entries) == expected
        assert section.lines == [], f"{section.title} says {section.lines}"


def test_french_formats_as_the_reader_reads_them(full: WordDoc) -> None:
    formation = full.section("formations_suivies").entries[
        "Marchés publics : les fondamentaux (12 mars 2021)"
    ]
    assert ("Date", "12 mars 2021") in formation
    assert ("Durée", "3 jours") in formation
    assert ("Au titre du CPF", "Oui") in formation
    assert ("Catégorie", "Perfectionnement") in formation
    tricky = full.section("formations_suivies").entries[f"{TRICKY} (1er mars 2021)"]
    assert ("Date", "1er mars 2021") in tricky
    assert ("Durée", "21 h") in tricky
    assert ("Au titre du CPF", "Non") in tricky
    dispensee = full.section("formations_dispensees").entries[
        "Accueil des nouveaux arrivants (mars 2022)"
    ]
    assert ("Date", "mars 2022") in dispensee
    assert ("Durée", "1,5 jour") in dispensee
    # Stored codes never show: the labels of choices do.
    for code in ("perfectionnement", "prepa_concours", "benevolat", "interne", "N5", "True"):
        assert code not in full.cells


def test_competences_and_what_they_are_linked_to_show_each_other(full: WordDoc) -> None:
    competences = full.section("competences").entries
    reunion = dict(competences["Conduite de réunion"])
    assert reunion["Formations"] == (
        "Marchés publics : les fondamentaux (12 mars 2021), "
        "Accueil des nouveaux arrivants (mars 2022)"
    )
    assert reunion["Emplois"] == "Secrétaire de mairie (1er septembre 2012)"
    assert reunion["Diplômes"] == (
        "BTS Assistant de gestion PME-PMI (juin 2010), "
        "Titre professionnel Secrétaire comptable (2015)"
    )
    linked = {
        ("formations_suivies", "Marchés publics : les fondamentaux (12 mars 2021)"): (
            "Conduite de réunion, Commande publique"
        ),
        ("formations_suivies", f"{TRICKY} (1er mars 2021)"): "Commande publique",
        ("formations_dispensees", "Accueil des nouveaux arrivants (mars 2022)"): (
            "Conduite de réunion"
        ),
        ("emplois", "Secrétaire de mairie (1er septembre 2012)"): (
            "Conduite de réunion, Commande publique"
        ),
        ("diplomes", "BTS Assistant de gestion PME-PMI (juin 2010)"): (
            "Conduite de réunion, Commande publique"
        ),
        ("certifications", "Titre professionnel Secrétaire comptable (2015)"): (
            "Conduite de réunion"
        ),
    }
    for (code, title), names in linked.items():
        rows = dict(full.section(code).entries[title])
        assert rows.get("Compétences associées") == names, (code, title)


def test_the_cover_names_the_agent_collectivite_identifiant_and_date(full: WordDoc) -> None:
    assert "Livret individuel de formation" in full.cover
    assert "Hélène D'ARCY-LEFÈVRE" in full.cover
    assert f"Collectivité : {COLLECTIVITE}" in full.cover
    assert "Identifiant du livret : LIF-35-000042" in full.cover
    assert "Édition du 28 novembre 2026" in full.cover


def test_the_cover_leaves_out_what_is_not_known() -> None:
    book = Livret()
    book.add("identite", Identite(prenom="Anne", nom="Dupont"))
    doc = render(book)
    assert "Anne DUPONT" in doc.cover
    assert not [line for line in doc.cover if "Collectivité" in line or "Identifiant" in line]
    assert not [line for line in doc.cover if "{" in line or "None" in line]


def test_the_footer_names_the_agent_and_numbers_pages(full: WordDoc) -> None:
    assert "Livret individuel de formation — Hélène D'ARCY-LEFÈVRE — page" in full.footer
    assert full.footer_fields == ["PAGE", "NUMPAGES"]


def test_first_of_the_month_is_1er() -> None:
    book = Livret()
    book.add("concours", _concours(PartialDate(2021, 3, 1)))
    book.add("concours", _concours(PartialDate(2021, 3, 12)))
    book.add("concours", _concours(PartialDate(2021, 3)))
    doc = render(book)
    dates = [dict(rows)["Session"] for rows in doc.section("concours").entries.values()]
    assert dates == ["1er mars 2021", "12 mars 2021", "mars 2021"]


def _concours(when: PartialDate) -> Concours:
    return Concours(intitule="Attaché", nature=NatureConcours.EXTERNE, date_debut=when)


# ---- rubriques without entries -----------------------------------------------------------


def test_not_concerned_and_empty_rubriques_say_so() -> None:
    book = Livret(not_concerned={"tutorat", "bilans_vae", "diplomes"})
    book.add("identite", Identite(prenom="Anne", nom="Dupont"))
    book.add(
        "diplomes",
        Diplome(intitule="CAP Petite enfance", date_obtention=PartialDate(2004)),
    )
    doc = render(book)
    for code in ("tutorat", "bilans_vae"):
        assert doc.section(code).lines == ["Sans objet."]
        assert doc.section(code).entries == {}
    # Declared not concerned, yet it has an entry: the entry is what the reader sees.
    assert doc.section("diplomes").lines == []
    assert list(doc.section("diplomes").entries) == ["CAP Petite enfance (2004)"]
    for code in TITLES.keys() - {"tutorat", "bilans_vae", "diplomes", "identite"}:
        assert doc.section(code).lines == ["À compléter."], code
        assert doc.section(code).entries == {}


def test_an_empty_livret_gives_a_valid_document() -> None:
    context = build_context({}, set(), EDITION_DAY)
    data = render_docx(context.as_dict())
    doc = read_word(data)
    assert [s.title for s in doc.sections] == [r.title for r in CATALOGUE]
    for section in doc.sections:
        assert section.lines == ["À compléter."], section.title
        assert section.entries == {}
    assert "Édition du 28 novembre 2026" in doc.cover
    assert "{" not in doc.text and "None" not in doc.text


# ---- what agents type, exactly as typed --------------------------------------------------


def test_user_text_appears_exactly_as_typed(full: WordDoc) -> None:
    assert f"{TRICKY} (1er mars 2021)" in full.paragraphs  # a heading
    assert TRICKY in full.cells  # a value: nothing escaped twice, no template evaluated
    assert "Centre de gestion <CDG 35> & co" in full.cells
    assert EMOJI in full.cells
    assert LONG in full.cells and len(LONG) == 2000 and LONG.count("\n") > 20
    assert f"{PRENOM} {NOM}" in full.paragraphs
    assert NOM in full.cells and PRENOM in full.cells
    assert "&amp;" not in full.text and "&lt;" not in full.text and "&#39;" not in full.text


def test_control_characters_do_not_break_the_document(full: WordDoc) -> None:
    assert CONTROL_SHOWN in full.cells
    assert CONTROL not in full.text


def test_control_characters_in_names_do_not_break_the_cover() -> None:
    """The cover and the footer show the agent's name: typed with a stray control
    character, it still reads as one name on one line, with no page break inside."""
    book = Livret()
    book.add(
        "identite",
        Identite(prenom="Anne\x07", nom="Du\x0cpont", collectivite="Ville\x07 de Rennes"),
    )
    doc = render(book)
    assert "Anne DUPONT" in doc.cover
    assert "Collectivité : Ville de Rennes" in doc.cover
    assert "Livret individuel de formation — Anne DUPONT — page" in doc.footer
    assert dict(doc.section("identite").entries["Anne Dupont"])["Nom"] == "Dupont"


# ---- a field added to a model ------------------------------------------------------------


class DiplomeAvecMention(Diplome):
    mention: Annotated[
        str | None,
        Ask("Mention obtenue", "Avec quelle mention ?", "Assez bien, bien, très bien."),
    ] = None


def test_a_field_added_to_a_model_appears_with_no_template_change() -> None:
    catalogue = tuple(
        replace(r, model=DiplomeAvecMention) if r.code == "diplomes" else r for r in CATALOGUE
    )
    book = Livret()
    book.add(
        "diplomes",
        DiplomeAvecMention(
            intitule="Licence AES",
            date_obtention=PartialDate(2008, 7, 1),
            mention="Très bien & félicitations",
        ),
    )
    doc = render(book, catalogue=catalogue)
    rows = doc.section("diplomes").entries["Licence AES (1er juillet 2008)"]
    assert rows == [
        ("Intitulé", "Licence AES"),
        ("Date d'obtention", "1er juillet 2008"),
        ("Mention obtenue", "Très bien & félicitations"),
    ]


# ---- file names --------------------------------------------------------------------------


def _stem(prenom: str, nom: str, day: date = date(2026, 11, 28)) -> str:
    return file_stem(Context(AgentInfo(prenom=prenom, nom=nom), day), day)


def test_file_names_read_well() -> None:
    assert _stem("Anne", "Dupont") == "Livret-DUPONT-Anne-2026-11-28"
    assert _stem("Hélène", "Lefèvre") == "Livret-LEFÈVRE-Hélène-2026-11-28"
    assert _stem("", "") == "Livret-2026-11-28"


@pytest.mark.parametrize(
    ("prenom", "nom"),
    [
        ("Marie Hélène", "D'Arcy-Lefèvre"),
        ("Anne/Marie", "Du\\pont"),
        ("..", "../../etc/passwd"),
        ("Jean:*?", 'Le "Grand" <Nom>|'),
        ("  Anne  ", " Dupont\t\n"),
        ("Anne\x00", "Dupont\x07"),
    ],
)
def test_file_names_stay_safe_for_odd_names(prenom: str, nom: str, tmp_path: Path) -> None:
    stem = _stem(prenom, nom)
    assert stem.startswith("Livret-") and stem.endswith("-2026-11-28")
    for bad in "/\\'\" :*?<>|\x00\t\n":
        assert bad not in stem, (bad, stem)
    assert "--" not in stem and ".." not in stem
    path = tmp_path / f"{stem}.docx"
    path.write_bytes(b"x")
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_file_names_fit_the_file_system_for_the_longest_names(tmp_path: Path) -> None:
    """Prénom and nom may each hold 200 characters; a file name is at most 255 bytes."""
    stem = _stem("é" * 200, "è" * 200)
    path = tmp_path / f"{stem}.pdf"
    path.write_bytes(b"x")
    assert path.exists()
