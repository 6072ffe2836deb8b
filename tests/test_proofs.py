"""Proofs through the engine: a photo or a PDF attached to an entry, checked from its
content, stored with a random name, shown on the card, removed; the entry's deletion takes
its files; each bad input told."""

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from dialogs import copy
from dialogs.engine import Engine
from tests.chat import EngineChat
from tests.samples import soffice_or_skip, word_text


def png(color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), color).save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "blue").save(out, "JPEG")
    return out.getvalue()


def pdf(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def huge_png() -> bytes:
    """A small file that declares 100 megapixels."""
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")
    return out.getvalue()


def locked_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
async def on_diplome(anne: EngineChat) -> EngineChat:
    """Anne's BTS is open on screen."""
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS Assistant de gestion")
    await anne.send("2010")
    await anne.tap("Enregistrer")
    await anne.tap("1. BTS")
    assert copy.PROOFS_NONE in anne.text
    return anne


def stored(engine: Engine) -> list[Path]:
    assert engine.proofs_dir is not None
    return sorted(p for p in engine.proofs_dir.rglob("*") if p.is_file())


async def test_a_photo_and_a_pdf_are_attached_shown_and_removed(
    engine: Engine, on_diplome: EngineChat
) -> None:
    anne = on_diplome
    await anne.tap(copy.PROOF_ADD)
    assert "Envoyez la photo ou le PDF du justificatif (20 Mo au plus)" in anne.text
    await anne.send_file(png())
    assert copy.PROOF_ADDED in anne.text
    assert copy.PROOFS_TITLE.format(count=1) in anne.text
    # Named by what it proves, its file said after.
    assert "1. Diplôme — BTS Assistant de gestion (2010) · Photo, 1 Ko" in anne.text
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(pdf())
    assert "2. Diplôme 2 — BTS Assistant de gestion (2010) · PDF, " in anne.text
    files = stored(engine)
    assert sorted(f.suffix for f in files) == [".pdf", ".png"]
    # Random names: nothing of the sender's file name or of the entry.
    assert all(len(f.stem) == 32 for f in files)

    await anne.tap(copy.PROOF_REMOVE.format(number=1))
    assert copy.PROOF_REMOVED in anne.text
    assert copy.PROOFS_TITLE.format(count=1) in anne.text
    assert [f.suffix for f in stored(engine)] == [".pdf"]


async def test_deleting_the_entry_deletes_its_files(engine: Engine, on_diplome: EngineChat) -> None:
    anne = on_diplome
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(jpeg())
    assert len(stored(engine)) == 1
    await anne.tap(copy.DELETE)
    await anne.tap(copy.CONFIRM_DELETE_YES)
    assert stored(engine) == []


@pytest.mark.parametrize(
    ("data", "size", "problem"),
    [
        (None, 25 * 1024 * 1024, copy.PROOF_TOO_BIG),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", None, copy.PROOF_HEIC),
        (b"Bonjour, ceci est un texte.", None, copy.PROOF_TYPE),
        (b"%PDF-1.7\nce n'est pas un PDF", None, copy.PROOF_CORRUPT),
        (b"\xff\xd8\xff\xe0 tronque", None, copy.PROOF_CORRUPT),
        (png()[:40], None, copy.PROOF_CORRUPT),
        (huge_png(), None, copy.PROOF_TOO_MANY_PIXELS),
        (locked_pdf(), None, copy.PROOF_ENCRYPTED),
    ],
    ids=["too-big", "heic", "text", "bad-pdf", "bad-jpeg", "cut-png", "huge-png", "locked-pdf"],
)
async def test_a_bad_file_is_told_and_nothing_is_lost(
    engine: Engine, on_diplome: EngineChat, data: bytes | None, size: int | None, problem: str
) -> None:
    anne = on_diplome
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(png("green"))
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(data, size)
    assert anne.text.startswith(problem)
    # Still waiting for a file, the first proof kept.
    await anne.send_file(pdf(1))
    assert copy.PROOFS_TITLE.format(count=2) in anne.text
    assert len(stored(engine)) == 2


async def test_the_same_file_twice_is_refused(engine: Engine, on_diplome: EngineChat) -> None:
    anne = on_diplome
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(pdf())
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(pdf())
    assert anne.text.startswith(copy.PROOF_DUPLICATE)
    assert len(stored(engine)) == 1


async def test_a_sticker_or_text_where_a_file_is_awaited(on_diplome: EngineChat) -> None:
    anne = on_diplome
    await anne.tap(copy.PROOF_ADD)
    await anne.send_other()
    assert anne.text.startswith(copy.PROOF_NOT_A_FILE)
    await anne.send("voilà")
    assert anne.text.startswith(copy.PROOF_NOT_A_FILE)
    await anne.send("/annuler")
    assert "Diplômes et titres — BTS" in anne.text


async def test_a_file_with_no_entry_open_is_read_as_an_attestation(anne: EngineChat) -> None:
    await anne.send_file(pdf())
    assert anne.text == copy.READ_STARTED


async def test_the_fiche_d_identite_takes_no_proof(anne: EngineChat) -> None:
    await anne.tap("Identité et situation")
    assert copy.PROOF_ADD not in anne.labels


# ---- the annexes of the livret -------------------------------------------------------------


async def livret_files(engine: Engine, anne: EngineChat, fmt: str) -> list[Path]:
    await anne.send("/menu")
    await anne.tap(copy.MENU_EDITION)
    replies = await anne.tap(fmt)
    [pending] = [r.pending for r in replies if r.pending]
    return [r.document for r in await engine.fulfil(pending) if r.document is not None]


async def test_the_livret_lists_its_annexes_and_the_pdf_ends_with_them(
    engine: Engine, on_diplome: EngineChat
) -> None:
    soffice_or_skip()
    anne = on_diplome
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(png())
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(pdf(3))

    [word] = await livret_files(engine, anne, "Word")
    text = word_text(word.read_bytes())
    assert "Annexe 1 : photo — BTS Assistant de gestion (2010) (Diplômes et titres)" in text
    assert "Annexe 2 : document PDF — BTS Assistant de gestion (2010)" in text

    [made] = await livret_files(engine, anne, "PDF")
    pages = PdfReader(io.BytesIO(made.read_bytes())).pages
    # The livret, then 1 page for the photo and the 3 pages of the PDF, in that order.
    livret_end = len(pages) - 4
    assert "Annexe 2" in pages[livret_end - 1].extract_text()
    assert all(not p.extract_text().strip() for p in pages[livret_end:])
    photo = pages[livret_end]
    assert (round(float(photo.mediabox.width)), round(float(photo.mediabox.height))) == (595, 842)


# ---- proofs in a shared extract --------------------------------------------------------------


async def extract_pdf(engine: Engine, anne: EngineChat, with_proof: bool) -> tuple[int, str]:
    """Anne shares her BTS, with its proof or not: the extract's page count and its text."""
    await anne.send("/menu")
    await anne.tap(copy.MENU_SHARE)
    await anne.tap("Diplômes et titres")
    await anne.tap("BTS Assistant de gestion")
    if with_proof:
        await anne.tap("(PDF, ")
    await anne.tap(copy.SHARE_DONE_PICKING)
    await anne.tap(copy.SHARE_PREVIEW)
    assert (copy.SHARE_PREVIEW_PROOF in anne.text) == with_proof
    replies = await anne.tap(copy.SHARE_GET_PDF)
    [pending] = [r.pending for r in replies if r.pending]
    [made] = [r.document for r in await engine.fulfil(pending) if r.document is not None]
    reader = PdfReader(io.BytesIO(made.read_bytes()))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


async def test_an_extract_carries_a_proof_only_when_ticked(
    engine: Engine, on_diplome: EngineChat
) -> None:
    soffice_or_skip()
    anne = on_diplome
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(pdf(3))
    without, text = await extract_pdf(engine, anne, with_proof=False)
    assert "Annexe" not in text
    with_it, text = await extract_pdf(engine, anne, with_proof=True)
    assert "Annexe 1 : document PDF — BTS Assistant de gestion (2010)" in text
    assert with_it >= without + 3


async def test_saving_an_entry_offers_to_attach_its_proof(engine: Engine, anne: EngineChat) -> None:
    await anne.tap("Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    await anne.send("Marchés publics")
    await anne.send("mars 2021")
    await anne.send("3 jours")
    await anne.tap("Enregistrer")
    offer = copy.PROOF_OFFER.format(proof="l'attestation", it="la")
    assert offer in anne.text
    # Below the list and "Ajouter", above "Menu": nothing moves under the thumb.
    offered = copy.PROOF_ADD_NOW.format(proof="l'attestation")
    assert anne.labels[-2:] == [offered, copy.BACK_MENU]
    assert anne.labels[0].startswith("1. Marchés publics")
    await anne.tap(offered)
    await anne.send_file(jpeg())
    assert copy.PROOF_ADDED in anne.text
    assert "Formations suivies — Marchés publics" in anne.text
    assert len(stored(engine)) == 1


async def test_a_cut_off_photo_is_refused_at_once(on_diplome: EngineChat) -> None:
    anne = on_diplome
    await anne.tap(copy.PROOF_ADD)
    whole = jpeg()
    await anne.send_file(whole[: len(whole) * 2 // 3])
    assert anne.text.startswith(copy.PROOF_CORRUPT)


async def test_a_forged_huge_id_is_an_unknown_button(on_diplome: EngineChat) -> None:
    anne = on_diplome
    seq = anne.button(copy.PROOF_ADD).partition("|")[0]
    await anne.tap_data(f"{seq}|unproof:{'9' * 25}")
    assert anne.text == copy.UNKNOWN_BUTTON


async def test_a_bomb_is_refused(on_diplome: EngineChat) -> None:
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    anne = on_diplome
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(out.getvalue())
    assert anne.text.startswith(copy.PROOF_TOO_MANY_PIXELS)
