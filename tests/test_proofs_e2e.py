"""Proofs end to end: a photo and a PDF sent in the Telegram chat, fetched by the real bot
with getFile and a download from the fake Bot API, checked and stored; a sticker refused."""

from pathlib import Path

from dialogs import copy
from tests.e2e import LivretBot
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
