"""Characters XML 1.0 refuses, typed by an agent (Telegram carries them all): the C0 controls
but tab, line feed and carriage return, the lone surrogates, U+FFFE and U+FFFF. One of them
in the prénom or the nom made the header and the footer of every document unreadable XML:
the livret, the data export and every extract failed for good.

Each is now dropped wherever agent text reaches a document (names, entry titles, field
values, annex titles, file names), and nothing else is: U+1FFFE, U+FFFD or U+10FFFF are
XML characters and stay. The Word files are read back with python-docx, each XML part
parsed; the PDFs with pypdf.
"""

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from pypdf import PdfReader

from dialogs import copy
from dialogs.engine import Engine
from documents.context import build_context, clean, xml_text
from documents.render import render_docx
from livret.catalogue import rubrique
from livret.entries import Diplome, FormationSuivie, Identite
from livret.values import Duration, PartialDate
from tests import mailbox
from tests.chat import EngineChat
from tests.samples import EDITION_DAY, Livret, pdf_text, soffice_or_skip, squeeze
from tests.test_documents import read_word
from tests.test_proofs import pdf


def xml_char(code: int) -> bool:
    """XML 1.0's Char production, as written:
    #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


# Every code point XML refuses, in order.
REFUSED = "".join(chr(code) for code in range(0x110000) if not xml_char(code))
# The ones a chat carries (a lone surrogate cannot be stored: UTF-8 has no byte for it).
TYPED = "".join(c for c in REFUSED if not 0xD800 <= ord(c) <= 0xDFFF)
# XML characters on the edge of the refused ones: they stay.
KEPT = "\U0001fffe\U0010ffff\ufffd\ue000\ud7ff\U00010000 "


def test_the_refused_are_what_the_production_leaves_out() -> None:
    controls = [chr(c) for c in range(0x20) if c not in (0x9, 0xA, 0xD)]
    surrogates = [chr(c) for c in range(0xD800, 0xE000)]
    assert list(REFUSED) == [*controls, *surrogates, "\ufffe", "\uffff"]
    assert len(REFUSED) == 29 + 2048 + 2
    assert not set(KEPT) & set(REFUSED)


def test_xml_text_drops_every_refused_character_and_keeps_the_others() -> None:
    everything = "".join(chr(code) for code in range(0x110000))
    assert xml_text(everything) == "".join(c for c in everything if xml_char(ord(c)))
    # What a document shows drops the carriage return and DEL as well, as it always did.
    assert clean(everything) == "".join(
        c for c in everything if xml_char(ord(c)) and c not in "\r\x7f"
    )


any_text = st.text(
    st.one_of(
        st.sampled_from(REFUSED),
        st.sampled_from(KEPT),
        # Everything, the surrogates and the controls included.
        st.characters(exclude_categories=()),
    )
)


@settings(max_examples=300, database=None)
@given(text=any_text)
def test_what_is_left_is_xml_for_lxml(text: str) -> None:
    """lxml, which python-docx and docxtpl write with, takes what is left, as it is."""
    element = etree.Element("t")
    element.text = xml_text(text)
    assert etree.fromstring(etree.tostring(element)).text in (xml_text(text), None)
    element.text = clean(text)
    assert xml_text(clean(text)) == clean(text)


# ---- the Word file, built from the models -----------------------------------------------------


def scattered(text: str, refused: str) -> str:
    """``text`` with the refused characters between its letters, a few at a time."""
    chunks = [refused[i : i + 7] for i in range(0, len(refused), 7)]
    out = []
    for n, letter in enumerate(text):
        out.append(letter)
        if n < len(chunks):
            out.append(chunks[n])
    return "".join(out) + "".join(chunks[len(text) :])


def book_with(refused: str) -> Livret:
    book = Livret()
    book.add(
        "identite",
        Identite(
            prenom=f"An{refused}ne",
            nom=f"Du{refused}pont",
            collectivite=f"Ville de {refused}Lyon",
            poste=scattered("Gestionnaire paie", refused),
        ),
    )
    book.add(
        "diplomes",
        Diplome(
            # A title keeps its first 100 characters: what is dropped must not count in them.
            intitule=scattered("BTS Assistant de gestion", refused),
            etablissement=f"Lycée {refused}Jean-Moulin{KEPT}",
            date_obtention=PartialDate(2010, 6),
        ),
    )
    book.add(
        "formations_suivies",
        FormationSuivie(
            intitule=f"Marchés{refused} publics",
            date_debut=PartialDate(2021, 3),
            duree=Duration(3, "jour"),
            organisme=f"{refused}CNFPT",
        ),
    )
    return book


# Every refused character, in runs short enough for a field (200 characters at most), and
# the ones most likely to be typed, alone.
RUNS = [REFUSED[i : i + 150] for i in range(0, len(REFUSED), 150)]
ALONE = {"uffff": "\uffff", "ufffe": "\ufffe", "nul": "\x00", "high": "\ud800", "low": "\udfff"}


@pytest.mark.parametrize(
    "refused",
    [*RUNS, *ALONE.values()],
    ids=[f"U+{ord(r[0]):04X}-U+{ord(r[-1]):04X}" for r in RUNS] + list(ALONE),
)
def test_every_refused_character_is_dropped_from_the_word_file(refused: str) -> None:
    book = book_with(refused)
    context = build_context(book.entries, (), EDITION_DAY, "LIF-7K3P-9QXM")
    context.add_annex("pdf", rubrique("diplomes"), book.entries["diplomes"][0][1])
    word = read_word(render_docx(context.as_dict()))
    assert "Anne DUPONT" in word.cover
    assert "Anne DUPONT" in word.footer
    assert "Ville de Lyon" in word.text
    diplomes = word.section("diplomes").entries
    assert list(diplomes) == ["BTS Assistant de gestion (juin 2010)"]
    assert ("Établissement", f"Lycée Jean-Moulin{KEPT}") in diplomes[
        "BTS Assistant de gestion (juin 2010)"
    ]
    formation = word.section("formations_suivies").entries["Marchés publics (mars 2021)"]
    assert ("Organisme", "CNFPT") in formation
    assert "Annexe 1 : document PDF — BTS Assistant de gestion (juin 2010)" in word.text
    assert not set(word.text) & set(REFUSED)


def test_a_context_built_elsewhere_renders_too() -> None:
    """The renderer drops them from whatever context it is given: a template restyled with
    the agent's name in its header, or in the document's title, still renders."""
    context = build_context({}, (), EDITION_DAY).as_dict()
    context["agent"]["nom_complet"] = f"Anne{REFUSED} DUPONT"
    context["rubriques"][1]["title"] = f"Diplômes{REFUSED}"
    word = read_word(render_docx(context))
    assert "Anne DUPONT" in word.footer
    assert "Diplômes" in word.paragraphs


# ---- through the chat -------------------------------------------------------------------------


@pytest.fixture
async def odd(engine: Engine, tmp_path: Path) -> EngineChat:
    """Anne, whose phone put refused characters in her names and her diplôme, and her BTS
    with a PDF proof."""
    engine.proofs_dir = tmp_path / "proofs"
    chat = EngineChat(engine, "anne")
    await chat.onboard(prenom=f"An{TYPED}ne", nom="Du\ufffepont\uffff\x0b")
    await chat.add_diplome(f"BTS{TYPED[:40]} Assistant\uffff de gestion", "2010")
    assert "BTS" in chat.text
    await chat.tap("maintenant")
    await chat.send_file(pdf(1))
    assert copy.PROOF_ADDED in chat.text
    return chat


async def made(chat: EngineChat, replies: list) -> tuple[list[Path], str]:
    [pending] = [r.pending for r in replies if r.pending]
    out = await chat.engine.fulfil(pending)
    return [r.document for r in out if r.document], "\n".join(r.text for r in out)


async def test_the_livret_is_made_in_word_and_pdf(odd: EngineChat) -> None:
    soffice_or_skip()
    await odd.send("/menu")
    await odd.tap(copy.MENU_EDITION)
    files, said = await made(odd, await odd.tap(copy.EDITION_BOTH))
    assert copy.EDITION_READY in said
    assert sorted(f.name for f in files) == [
        "Livret-DUPONT-Anne-2026-11-28.docx",
        "Livret-DUPONT-Anne-2026-11-28.pdf",
    ]
    [word] = [f for f in files if f.suffix == ".docx"]
    doc = read_word(word.read_bytes())
    assert "Anne DUPONT" in doc.cover and "Anne DUPONT" in doc.footer
    assert list(doc.section("diplomes").entries) == ["BTS Assistant de gestion (2010)"]
    # python-docx reads every part, the core properties included.
    assert Document(io.BytesIO(word.read_bytes())).core_properties.title is not None
    [pdf_file] = [f for f in files if f.suffix == ".pdf"]
    text = pdf_text(pdf_file.read_bytes())
    assert "Anne DUPONT" in text
    assert "Annexe 1 : document PDF — BTS Assistant de gestion (2010)" in text


async def test_the_data_export_holds_the_livret(odd: EngineChat) -> None:
    soffice_or_skip()
    [archive], said = await made(odd, await odd.send("/mesdonnees"))
    assert copy.EXPORT_READY.split(":")[0] in said
    with zipfile.ZipFile(archive) as opened:
        livret = sorted(n for n in opened.namelist() if n.startswith("livret/"))
        assert livret == [
            "livret/Livret-DUPONT-Anne-2026-11-28.docx",
            "livret/Livret-DUPONT-Anne-2026-11-28.pdf",
        ]
        pages = PdfReader(io.BytesIO(opened.read(livret[1]))).pages
    assert "Anne DUPONT" in squeeze(pages[0].extract_text())


async def share_bts(chat: EngineChat) -> None:
    """Up to the choice of how: her BTS and its PDF, previewed."""
    await chat.send("/menu")
    await chat.tap(copy.MENU_SHARE)
    await chat.tap("Diplômes et titres")
    await chat.tap(copy.SHARE_CHECK_ALL)
    await chat.tap("(PDF, ")
    await chat.tap(copy.SHARE_DONE_PICKING)
    await chat.tap(copy.SHARE_PREVIEW)


NOTE = f"Pour{TYPED} mon entretien\uffff"


async def test_an_extract_with_such_a_note_reaches_the_manager(odd: EngineChat) -> None:
    soffice_or_skip()
    odd.engine.outreach.bot_username = "LivretBot"
    await share_bts(odd)
    await odd.tap(copy.SHARE_LINK)
    await odd.tap("30 jours")
    await odd.send(NOTE)
    link = re.search(r"start=(s-[\w-]+)", odd.text)
    assert link, odd.text
    manager = EngineChat(odd.engine, "boss")
    replies = await manager.send(f"/start {link[1]}")
    assert "mon entretien" in manager.text
    [extract], _ = await made(manager, replies)
    assert extract.name == "Extrait-DUPONT-Anne-2026-11-28.pdf"
    text = pdf_text(extract.read_bytes())
    assert "Anne DUPONT" in text and "BTS Assistant de gestion (2010)" in text
    assert "Annexe 1 : document PDF — BTS Assistant de gestion (2010)" in text


async def test_an_extract_with_such_a_note_goes_by_e_mail(odd: EngineChat) -> None:
    soffice_or_skip()
    odd.engine.outreach.bot_username = "LivretBot"
    await share_bts(odd)
    await odd.tap(copy.SHARE_EMAIL)
    await odd.send("marie.chef@mairie-exemple.fr")
    await odd.tap("30 jours")
    _, said = await made(odd, await odd.send(NOTE))
    assert copy.SHARE_EMAIL_SENT.split("{")[0] in said
    [mail] = mailbox.to(mailbox.outbox(odd.outbox), "marie.chef@mairie-exemple.fr")
    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == "Extrait-DUPONT-Anne-2026-11-28.pdf"
    assert "Anne DUPONT" in pdf_text(attached.get_content())
    assert "mon entretien" in mailbox.body(mail)
