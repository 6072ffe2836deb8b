"""Proofs end to end: a photo and a PDF sent in the Telegram chat, fetched by the real bot
with getFile and a download from the fake Bot API, checked and stored; a sticker refused."""

from pathlib import Path

from dialogs import copy
from tests.attestations import corpus
from tests.e2e import LivretBot, wait_for
from tests.fakebotapi import FakeBotAPI
from tests.test_proofs import pdf


async def test_a_photo_and_a_pdf_from_the_phone(tmp_path: Path) -> None:
    async with FakeBotAPI() as fake:
        bot = LivretBot(fake, tmp_path)
        await bot.start()
        try:
            anne = bot.agent(9501, "Anne")
            await anne.onboard("Anne", "Dupont")
            await anne.add_formation("Marchés publics")
            await anne.tap("1. Marchés publics")
            await anne.tap(copy.PROOF_ADD)
            await anne.send_photo()
            assert copy.PROOF_ADDED in anne.text
            await anne.tap(copy.PROOF_ADD)
            await anne.send_document("attestation-Anne-Dupont.pdf", pdf(3), "application/pdf")
            assert copy.PROOFS_TITLE.format(count=2) in anne.text
            files = sorted(p for p in (tmp_path / "proofs").rglob("*") if p.is_file())
            assert sorted(f.suffix for f in files) == [".pdf", ".png"]
            assert not any("Anne" in f.name or "attestation" in f.name for f in files)

            await anne.tap(copy.PROOF_ADD)
            await anne.send_sticker()
            assert anne.text.startswith(copy.PROOF_NOT_A_FILE)

            # Over 20 MB, as Telegram announces it: refused without being fetched.
            fetched = len([m for m, _ in fake.requests if m == "getFile"])
            big = b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024)
            await anne.send_document("scan.pdf", big, "application/pdf")
            assert anne.text.startswith(copy.PROOF_TOO_BIG)
            assert len([m for m, _ in fake.requests if m == "getFile"]) == fetched
            bot.check_transport([anne])
        finally:
            await bot.stop()


async def test_an_attestation_sent_on_telegram_is_read_while_the_agent_goes_on(
    tmp_path: Path,
) -> None:
    async with FakeBotAPI() as fake:
        bot = LivretBot(fake, tmp_path)
        await bot.start()
        try:
            anne = bot.agent(9502, "Anne")
            await anne.onboard("Anne", "Dupont")
            [releve] = [d for d in corpus(1) if d.layout == "releve"]
            await anne.send_document("releve.pdf", releve.pdf, "application/pdf")
            assert copy.READ_STARTED in anne.text
            # The agent goes on; the reading's message comes when it is done.
            await anne.send("/menu")
            found = await wait_for(anne, lambda m: "Fichier lu" in (m.text or ""), "reading")
            assert f"{len(releve.expected)} entrées pour « Formations suivies »" in (
                found.text or ""
            )
            await anne.tap(copy.READ_REVIEW)
            await anne.tap("Enregistrer")
            assert f"{len(releve.expected)} entrées enregistrées" in anne.text
            files = list((tmp_path / "proofs").rglob("*.pdf"))
            # One copy for each entry; the file read is removed within the hour by the sweep.
            assert len(files) >= len(releve.expected)
            bot.check_transport([anne])
        finally:
            await bot.stop()
