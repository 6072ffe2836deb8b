""" "Mon livret" end to end: through the engine (the choice, the pending request, the files
made after the turn), on the fake Bot API with the real Application (a PDF arrives as a
sendDocument), and in the terminal (``livret chat`` saves the file and prints its path)."""

import io
import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from bot import copy as bot_copy
from dialogs import copy
from dialogs.engine import Engine
from dialogs.messages import EditionRequest, Outgoing
from documents.pdf import PdfConverter
from storage import Database
from tests.chat import EngineChat, engine_on
from tests.cli import chat, livret, sign_up
from tests.e2e import LivretBot, wait_for
from tests.fakebotapi import FakeBotAPI
from tests.samples import (
    full_livret,
    shown_entries,
    soffice_or_skip,
    squeeze,
    store_livret,
    word_text,
)

MENU_EDITION = "📄 Mon livret (Word, PDF)"


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Paris")).date()


async def agent_id(db: Database, external_id: str = "anne", channel: str = "test") -> int:
    async with db.transaction() as tx:
        found = await tx.find_agent(channel, external_id)
    assert found is not None
    return found


async def ask_for(chat: EngineChat, label: str) -> EditionRequest:
    """From the menu, "Mon livret" then ``label``: the request the turn hands back."""
    await chat.send("/menu")
    await chat.tap(MENU_EDITION)
    assert "PDF" in chat.labels and "Word" in chat.labels and "PDF et Word" in chat.labels
    await chat.tap(label)
    assert "Je prépare votre livret" in chat.text, chat.text
    [pending] = [r.pending for r in chat.replies if r.pending is not None]
    return pending


def documents(replies: list[Outgoing]) -> list[Path]:
    return [r.document for r in replies if r.document is not None]


# ---- (a) through the engine ----------------------------------------------------------------


async def test_word_asked_in_the_chat_is_made_after_the_turn_with_every_entry(
    db: Database, engine: Engine, anne: EngineChat
) -> None:
    await store_livret(db, await agent_id(db), full_livret())
    pending = await ask_for(anne, "Word")
    assert pending.formats == ("docx",)
    assert pending.agent_id == await agent_id(db)

    replies = await engine.fulfil(pending)
    [path] = documents(replies)
    assert path.exists()
    assert path.name == "Livret-DUPONT-Anne-2026-11-28.docx"
    text = squeeze(word_text(path.read_bytes()))
    assert "Anne DUPONT" in text
    for shown in shown_entries():
        if shown.code != "identite":  # Anne's own fiche, from onboarding, stands instead
            assert squeeze(shown.title) in text, shown.title[:80]
            for _, value in shown.rows:
                assert squeeze(value) in text, value[:80]
    assert replies[-1].text == copy.EDITION_READY == "✅ Votre livret est prêt."
    assert replies[-1].button_labels() == [copy.BACK_MENU]


async def test_the_file_is_dated_in_paris(tmp_path: Path) -> None:
    """At 23:30 UTC on 28 November it is already 29 November in Paris."""
    late = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)
    db = await Database.open(tmp_path / "livret.sqlite3", clock=lambda: late)
    try:
        engine = await engine_on(db, tmp_path)
        chat = EngineChat(engine, "anne")
        await chat.onboard()
        [path] = documents(await engine.fulfil(await ask_for(chat, "Word")))
        assert path.name == "Livret-DUPONT-Anne-2026-11-29.docx"
        assert tmp_path / "livrets" in path.parents
        assert "Édition du 29 novembre 2026" in word_text(path.read_bytes())
    finally:
        await db.close()


async def test_a_double_tap_on_pdf_asks_once(anne: EngineChat) -> None:
    await anne.send("/menu")
    await anne.tap(MENU_EDITION)
    choice = anne.screen
    first = await anne.tap("PDF", choice)
    second = await anne.tap("PDF", choice)
    [pending] = [r.pending for r in first if r.pending is not None]
    assert pending.formats == ("pdf",)
    assert [r.pending for r in second] == [None] * len(second)
    assert copy.STALE_BUTTON in anne.text
    assert all(r.alert for r in second)


async def pdf_asked_with(db: Database, converter: PdfConverter, files: Path) -> tuple[Path, str]:
    """Anne asks for her livret as PDF: the one file she gets, and what the bot said."""
    engine = await engine_on(db, files.parent, converter, files)
    chat = EngineChat(engine, "anne")
    await chat.onboard()
    replies = await engine.fulfil(await ask_for(chat, "PDF"))
    [path] = documents(replies)
    return path, "\n".join(r.text for r in replies if r.document is None)


async def test_without_libreoffice_pdf_gives_the_word_file_and_says_why(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this server
    path, said = await pdf_asked_with(db, PdfConverter(soffice=None), tmp_path / "livrets")

    assert path.suffix == ".docx" and path.exists()
    assert "Anne DUPONT" in word_text(path.read_bytes())
    assert "Le PDF n'est pas disponible sur ce serveur : voici la version Word." in said


async def test_a_pdf_that_hangs_is_cut_and_the_agent_gets_the_word_file(
    db: Database, tmp_path: Path
) -> None:
    # A real process that never ends, in the place of soffice.
    soffice = tmp_path / "soffice"
    soffice.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    soffice.chmod(0o755)
    converter = PdfConverter(soffice=str(soffice), timeout=0.5)
    path, said = await pdf_asked_with(db, converter, tmp_path / "out")

    assert path.suffix == ".docx" and path.exists()
    assert "Anne DUPONT" in word_text(path.read_bytes())
    assert "La création du PDF a pris trop de temps : voici la version Word." in said


# ---- (b) on the fake Bot API, with the real Application ------------------------------------


async def test_mon_livret_pdf_arrives_as_a_document_on_telegram(tmp_path: Path) -> None:
    soffice_or_skip()
    async with FakeBotAPI() as fake:
        bot = LivretBot(fake, tmp_path)
        await bot.start()
        try:
            anne = bot.agent(4242, "Anne")
            await anne.onboard("Anne", "Dupont")
            await anne.add_diplome("BTS Assistant de gestion", "Niveau 5", None, "06/2010")
            await anne.send("/menu")
            await anne.tap(MENU_EDITION)
            assert copy.EDITION_CHOOSE in anne.text
            await anne.tap("PDF")
            assert "Je prépare votre livret" in anne.text

            sent = await wait_for(anne, lambda m: m.document is not None, "sendDocument")
            await wait_for(anne, lambda m: m.text == copy.EDITION_READY, "closing message")
            await fake.wait_idle(anne.user.chat_id, idle=0.3)

            assert sent.document is not None
            name, data = sent.document
            assert name == f"Livret-DUPONT-Anne-{today().isoformat()}.pdf"
            assert sent.text == copy.EDITION_FILE
            assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
            text = squeeze("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
            assert "Anne DUPONT" in text
            assert "BTS Assistant de gestion (juin 2010)" in text
            assert "Niveau 5 (Bac+2 : BTS, DUT, DEUST)" in text

            # One document, then the closing message; no apology after it.
            texts = [m.text for m in anne.messages()]
            assert [m for m in anne.messages() if m.document is not None] == [sent]
            assert texts[-1] == copy.EDITION_READY, texts[-3:]
            assert bot_copy.REPLY_FAILED not in texts
            # Sent, so not kept: no copy of the agent's livret stays on the server.
            assert not [p for p in tmp_path.rglob("Livret-*") if p.is_file()]
            bot.check_transport()
        finally:
            await bot.stop()


# ---- (c) in the terminal --------------------------------------------------------------------


def test_the_terminal_saves_the_word_file_and_prints_its_path(tmp_path: Path) -> None:
    sign_up(tmp_path)
    done = chat(tmp_path, ["Mon livret", "Word"])
    assert done.returncode == 0, done.stderr
    saved = re.findall(r"^📄 Fichier enregistré : (.+)$", done.stdout, flags=re.MULTILINE)
    assert len(saved) == 1, done.stdout
    path = Path(saved[0])
    assert path.is_absolute() and path.exists()
    assert path.is_relative_to(tmp_path.resolve())
    assert path.name == f"Livret-DUPONT-Anne-{today().isoformat()}.docx"
    assert "Anne DUPONT" in word_text(path.read_bytes())
    assert copy.EDITION_READY in done.stdout


def test_support_exports_a_livret_by_its_identifiant(tmp_path: Path) -> None:
    said = sign_up(tmp_path)
    identifiant = re.search(r"LIF-[0-9A-Z]{4}-[0-9A-Z]{4}", said)
    assert identifiant, said
    target = tmp_path / "export.docx"

    done = livret(
        tmp_path, "export", identifiant[0].lower(), "--format", "docx", "--output", str(target)
    )

    assert done.returncode == 0, done.stderr
    assert bot_copy.EXPORT_DONE.format(path=target.resolve()) in done.stdout
    text = word_text(target.read_bytes())
    assert "Anne DUPONT" in text
    # The cover names the identifiant and the collectivité given at activation.
    assert f"Identifiant du livret : {identifiant[0]}" in text
    assert "Collectivité : Ville de Lyon" in text

    unknown = livret(tmp_path, "export", "LIF-0000-0000", "--format", "docx")
    assert unknown.returncode == 1
    assert "Aucun agent « LIF-0000-0000 »" in unknown.stderr
