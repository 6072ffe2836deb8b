"""Issue 17, in the chat: an attestation sent outside an entry (or from a rubrique's
"📎 Depuis une attestation") is read after the turn, its entries reviewed like a pasted
list, and each saved entry keeps the file as its proof; what cannot be read offers to
type the entry, the file kept as its proof; nothing is left halfway."""

import io
import os
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from dialogs import copy
from dialogs.engine import Engine
from dialogs.messages import EditionRequest, Outgoing
from dialogs.rubriques.attached import RUBRIQUES
from dialogs.sharing.edition import load_context
from documents.render import render_docx
from reading.text import ocr_available
from storage import Database
from tests.attestations import corpus, photo
from tests.chat import EngineChat
from tests.cli import chat, sign_up
from tests.samples import word_text
from tests.test_proofs import locked_pdf

needs_ocr = pytest.mark.skipif(
    not ocr_available() and not os.environ.get("CI"), reason="Tesseract absent locally"
)


def _one(layout: str) -> tuple[bytes, list[dict]]:
    [found] = [d for d in corpus(1) if d.layout == layout]
    return found.pdf, found.expected


def _pending(chat: EngineChat) -> EditionRequest:
    [pending] = [r.pending for r in chat.replies if r.pending is not None]
    return pending


async def _read(chat: EngineChat, engine: Engine, data: bytes) -> list[Outgoing]:
    """Sends the file, then lets the reading run, as the transport does after the turn."""
    await chat.send_file(data)
    assert "Je lis votre fichier" in chat.text
    pending = _pending(chat)
    assert pending.background
    told = await engine.fulfil(pending)
    chat.replies, chat.screen = told, [r for r in told if r.buttons] or chat.screen
    return told


async def _proofs(db: Database, chat: EngineChat) -> list[list[str]]:
    """The proofs of each saved entry, by rubrique order: their files' kinds."""
    async with db.transaction() as tx:
        agent = await tx.find_agent(chat.channel, chat.agent)
        assert agent is not None
        return [
            [p.kind for p in await tx.proofs(agent, e.id)]
            for e in await tx.all_entries(agent)
            if e.rubrique in RUBRIQUES
        ]


async def test_an_attestation_sent_from_the_menu_becomes_an_entry_with_its_proof(
    anne: EngineChat, engine: Engine, db: Database
) -> None:
    pdf, expected = _one("cnfpt")
    title = expected[0]["fields"]["intitule"]
    await _read(anne, engine, pdf)
    assert "Fichier lu : j'y trouve une entrée pour « Formations suivies »" in anne.text
    assert title in anne.text
    assert "Le fichier lui sera joint comme justificatif." in anne.text

    await anne.tap("Vérifier et enregistrer")
    assert title in anne.text
    await anne.tap("Enregistrer")
    assert "✅ Enregistré : " + title in anne.text
    assert await _proofs(db, anne) == [["pdf"]]
    assert "· 📎 justifiée" in anne.text
    await anne.tap(title[:15])
    assert "Justifiée — justificatifs (1)" in anne.text
    assert "Attestation — " + title in anne.text


async def test_the_livret_says_which_entries_are_justified_and_which_declared(
    anne: EngineChat, engine: Engine, db: Database
) -> None:
    pdf, expected = _one("cdg")
    await _read(anne, engine, pdf)
    await anne.tap("Vérifier et enregistrer")
    await anne.tap("Enregistrer")
    await anne.send("Tutorat des apprentis, 2023, 2 jours")
    await anne.tap("Enregistrer")
    assert "· déclarée" in anne.text and "· 📎 justifiée" in anne.text
    async with db.transaction() as tx:
        agent = await tx.find_agent(anne.channel, anne.agent)
    assert agent is not None
    text = word_text(render_docx((await load_context(db, agent, date(2026, 12, 3))).as_dict()))
    lines = text.splitlines()

    def mark_under(title: str) -> str:
        return lines[next(n for n, line in enumerate(lines) if line.startswith(title)) + 1]

    assert mark_under(expected[0]["fields"]["intitule"]) == "Justifiée (voir les annexes)"
    assert mark_under("Tutorat des apprentis") == "Déclarée"
    assert "« Justifiée » : un justificatif" in text


async def test_a_releve_gives_one_card_a_line_each_with_the_file(
    anne: EngineChat, engine: Engine, db: Database
) -> None:
    pdf, expected = _one("releve")
    await _read(anne, engine, pdf)
    assert f"j'y trouve {len(expected)} entrées pour « Formations suivies »" in anne.text
    await anne.tap("Vérifier et enregistrer")
    await anne.tap("Enregistrer")
    assert f"{len(expected)} entrées enregistrées" in anne.text
    assert await _proofs(db, anne) == [["pdf"]] * len(expected)


def _not_an_attestation() -> bytes:
    from fpdf import FPDF

    page = FPDF()
    page.add_page()
    page.set_font("helvetica", size=12)
    page.multi_cell(0, 8, "Liste de courses\nlait\npain\nbeurre et confiture pour dimanche")
    return bytes(page.output())


async def test_a_file_that_is_no_attestation_offers_to_type_the_entry_and_keeps_the_file(
    anne: EngineChat, engine: Engine, db: Database
) -> None:
    await _read(anne, engine, _not_an_attestation())
    assert "Je n'ai trouvé dans ce fichier ni formation, ni diplôme, ni certification." in anne.text
    await anne.tap("✍️ Formations suivies")
    assert "intitulé" in anne.text.lower()
    await anne.send("Premiers secours")
    await anne.send("12/03/2024")
    while "Vérifiez" not in anne.text:
        await anne.tap("1 jour" if "1 jour" in anne.labels else "Passer")
    await anne.tap("Enregistrer")
    assert "Enregistré : Premiers secours" in anne.text
    # Its proof is the file: no offer to attach it again.
    assert not any("Joindre" in label for label in anne.labels)
    assert await _proofs(db, anne) == [["pdf"]]


def _dark_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 1600), (20, 20, 20)).save(out, "JPEG")
    return out.getvalue()


async def test_what_cannot_be_read_says_why_and_dropping_it_leaves_nothing(
    anne: EngineChat, engine: Engine, db: Database, tmp_path: Path
) -> None:
    # Refused before it is read, as a proof would be: said at once, nothing kept.
    await anne.send_file(locked_pdf())
    assert "Ce PDF est protégé par un mot de passe" in anne.text
    assert not [r for r in anne.replies if r.pending]
    # A photo too dark to read: said, then dropped.
    await _read(anne, engine, _dark_photo())
    assert "Je n'arrive pas à lire ce fichier" in anne.text
    told = anne.screen
    await anne.tap("Ne rien enregistrer")
    assert "rien n'a été enregistré, et le fichier est effacé" in anne.text
    assert engine.proofs_dir is not None
    assert not [p for p in engine.proofs_dir.rglob("*") if p.is_file()]
    assert anne.labels == [copy.BACK_MENU]
    # The old message's buttons: said plainly, nothing happens.
    await anne.tap("Ne rien enregistrer", told)
    assert "n'est plus en attente" in anne.text
    assert await _proofs(db, anne) == []


async def test_a_rubrique_reads_its_own_attestation_and_the_agent_goes_on_meanwhile(
    anne: EngineChat, engine: Engine, db: Database
) -> None:
    pdf, _ = _one("private")
    await anne.tap("Formations suivies")
    await anne.tap("Depuis une attestation")
    assert "Envoyez la photo ou le PDF de l'attestation" in anne.text
    await anne.send("bonjour")
    assert "Envoyez la photo ou le PDF" in anne.text
    await anne.send_file(pdf)
    pending = _pending(anne)
    # Meanwhile, the agent opens another rubrique: the reading is not lost.
    await anne.send("/menu")
    await anne.tap("Diplômes")
    anne.replies = await engine.fulfil(pending)
    anne.screen = anne.replies
    assert "pour « Formations suivies »" in anne.text
    await anne.tap("Vérifier et enregistrer")
    await anne.tap("Enregistrer")
    assert await _proofs(db, anne) == [["pdf"]]


async def test_a_second_file_replaces_the_first_whose_reading_says_nothing(
    anne: EngineChat, engine: Engine
) -> None:
    first, _ = _one("cnfpt")
    second, _ = _one("cdg")
    await anne.send_file(first)
    stale = _pending(anne)
    await anne.send_file(second)
    fresh = _pending(anne)
    assert await engine.fulfil(stale) == []
    assert "Fichier lu" in "\n".join(r.text for r in await engine.fulfil(fresh))


@needs_ocr
async def test_a_photographed_attestation_is_read_into_its_entry(
    anne: EngineChat, engine: Engine, db: Database
) -> None:
    pdf, expected = _one("cdg")
    await _read(anne, engine, photo(pdf, seed=2))
    assert expected[0]["fields"]["intitule"] in anne.text
    await anne.tap("Vérifier et enregistrer")
    await anne.tap("Enregistrer")
    assert await _proofs(db, anne) == [["jpeg"]]


def test_a_path_typed_in_the_terminal_is_read_like_a_file_sent(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    sign_up(data, "anne")
    pdf, _ = _one("cnfpt")
    path = tmp_path / "attestation.pdf"
    path.write_bytes(pdf)
    done = chat(data, [str(path), "Vérifier et enregistrer", "Enregistrer"], "anne")
    assert done.returncode == 0, done.stderr
    assert "Je lis votre fichier" in done.stdout
    assert "Fichier lu : j'y trouve une entrée pour « Formations suivies »" in done.stdout
    assert "✅ Enregistré : Marchés publics" in done.stdout
    assert list((data / "proofs").rglob("*.pdf"))


async def test_the_extract_a_manager_gets_says_justifiee_only_with_the_proof_joined(
    anne: EngineChat, engine: Engine
) -> None:
    pdf, expected = _one("cnfpt")
    title = expected[0]["fields"]["intitule"]
    await _read(anne, engine, pdf)
    await anne.tap("Vérifier et enregistrer")
    await anne.tap("Enregistrer")

    async def extract(with_proof: bool) -> list[str]:
        await anne.send("/menu")
        await anne.tap(copy.MENU_SHARE)
        await anne.tap("Formations suivies")
        await anne.tap(title[:15])
        if with_proof:
            await anne.tap("(PDF, ")
        await anne.tap(copy.SHARE_DONE_PICKING)
        await anne.tap(copy.SHARE_PREVIEW)
        await anne.tap(copy.SHARE_GET_DOCX)
        [pending] = [r.pending for r in anne.replies if r.pending is not None]
        [made] = [r.document for r in await engine.fulfil(pending) if r.document is not None]
        lines = word_text(made.read_bytes()).splitlines()
        return lines[lines.index(next(line for line in lines if line.startswith(title))) + 1 :]

    assert (await extract(with_proof=True))[0] == "Justifiée (voir les annexes)"
    assert (await extract(with_proof=False))[0] == "Déclarée"


async def test_the_same_file_twice_is_not_read_into_a_second_entry(
    anne: EngineChat, engine: Engine, db: Database
) -> None:
    pdf, _ = _one("given")
    await _read(anne, engine, pdf)
    assert "pour « Formations dispensées »" in anne.text
    await anne.tap("Vérifier et enregistrer")
    await anne.tap("Enregistrer")
    await anne.send("/menu")
    await anne.send_file(pdf)
    assert "Ce fichier est déjà le justificatif de « " in anne.text
    assert not [r for r in anne.replies if r.pending]
    assert await _proofs(db, anne) == [["pdf"]]


async def test_a_reading_cut_short_by_a_restart_is_told_and_the_file_kept(
    anne: EngineChat, engine: Engine, db: Database
) -> None:
    pdf, _ = _one("cdg")
    await anne.send_file(pdf)
    # The reading never ran (the server stopped): the menu offers it, and later says so.
    await anne.send("/menu")
    await anne.tap(copy.MENU_READING)
    assert copy.READ_STILL in anne.text
    async with db.transaction() as tx:
        agent = await tx.find_agent(anne.channel, anne.agent)
        assert agent is not None
        record = await tx.dialog_state(agent)
        assert record is not None
        record.state["reading"]["sent_at"] -= 3600
        await tx.save_dialog_state(record)
    await anne.send("/menu")
    await anne.tap(copy.MENU_READING)
    assert "Je n'ai pas réussi à lire ce fichier." in anne.text
    await anne.tap("✍️ Formations suivies")
    assert "intitulé" in anne.text.lower()


async def test_a_file_sent_from_diplomes_that_reads_as_a_formation_stays_a_formation(
    anne: EngineChat, engine: Engine
) -> None:
    pdf, _ = _one("cnfpt")
    await anne.tap("Diplômes et titres")
    await anne.tap("Depuis une attestation")
    assert "Envoyez la photo ou le PDF du diplôme" in anne.text
    assert "je le lis" in anne.text
    await anne.send_file(pdf)
    anne.replies = await engine.fulfil(_pending(anne))
    assert "pour « Formations suivies »" in anne.text


@needs_ocr
async def test_the_paper_photographed_after_its_pdf_joins_the_entry_it_proves(
    anne: EngineChat, engine: Engine, db: Database
) -> None:
    pdf, expected = _one("cnfpt")
    title = expected[0]["fields"]["intitule"]
    await _read(anne, engine, pdf)
    # One entry: its card, to correct or complete before it is saved.
    await anne.tap("Vérifier et enregistrer")
    assert "Modifier une réponse" in " ".join(anne.labels)
    await anne.tap("Enregistrer")
    await anne.send("/menu")
    await _read(anne, engine, photo(pdf, seed=4))
    assert f"votre livret a déjà « {title}" in anne.text
    await anne.tap("Le joindre à")
    assert copy.PROOF_ADDED in anne.text
    assert await _proofs(db, anne) == [["pdf", "jpeg"]]


async def test_an_attestation_made_out_to_someone_else_is_said(
    anne: EngineChat, engine: Engine
) -> None:
    pdf, _ = _one("cdg")
    await _read(anne, engine, pdf)
    assert "⚠ Ce document est au nom de " in anne.text
    assert "vérifiez qu'il s'agit bien du vôtre" in anne.text


async def test_a_file_read_is_reached_from_the_menu_whatever_it_gave(
    anne: EngineChat, engine: Engine
) -> None:
    pdf, _ = _one("cnfpt")
    await _read(anne, engine, pdf)
    await anne.tap("Vérifier et enregistrer")
    await anne.tap("Enregistrer")
    # The same training, from another file: the menu's row offers to join it.
    other = bytearray(pdf)
    other[-10:] = b"\n%%EOF\n\n\n\n"
    await anne.send("/menu")
    await _read(anne, engine, bytes(other))
    await anne.send("/menu")
    await anne.tap(copy.MENU_READING)
    assert "votre livret a déjà" in anne.text
    assert any("Le joindre à" in label for label in anne.labels)
