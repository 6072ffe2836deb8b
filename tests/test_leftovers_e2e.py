"""On Telegram, what a failure must not leave: a document whose sending failed stays on the
server no more than one that was sent; a tap Telegram delivers twice is answered once and
the second time says nothing, neither to the agent nor as an error in the log."""

import logging
from pathlib import Path

import pytest

from bot import copy as bot_copy
from tests.e2e import LivretBot, wait_for
from tests.fakebotapi import FakeBotAPI

MENU_EDITION = "📄 Mon livret (Word, PDF)"


async def test_a_document_that_could_not_be_sent_is_deleted_all_the_same(
    tmp_path: Path,
) -> None:
    async with FakeBotAPI() as fake:
        bot = LivretBot(fake, tmp_path)
        await bot.start()
        try:
            anne = bot.agent(4343, "Anne")
            await anne.onboard("Anne", "Dupont")
            await anne.send("/menu")
            await anne.tap(MENU_EDITION)
            fake.fail_next("sendDocument", 500, "Internal Server Error: restart")
            await anne.tap("Word")
            await wait_for(anne, lambda m: m.text == bot_copy.REPLY_FAILED, "the apology")
            await fake.wait_idle(anne.user.chat_id, idle=0.3)
            anne.asserts_failures = True
        finally:
            await bot.stop()
    left = [p for p in (tmp_path / "livrets").rglob("*") if p.is_file()]
    assert left == []


async def test_a_tap_delivered_twice_is_answered_once_and_silent_the_second_time(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with FakeBotAPI() as fake:
        bot = LivretBot(fake, tmp_path)
        await bot.start()
        try:
            anne = bot.agent(4444, "Anne")
            await anne.onboard("Anne", "Dupont")
            await anne.open("Diplômes et titres")
            await anne.tap("Ajouter un diplôme")
            assert "Quel est l'intitulé" in anne.text
            before = len(anne.messages())
            answers = len(anne.user.callback_answers)
            caplog.clear()
            with caplog.at_level(logging.INFO):
                await fake.redeliver_last(anne.user.chat_id)
            assert len(anne.messages()) == before
            assert len(anne.user.callback_answers) == answers
            assert all(m.text != bot_copy.REPLY_FAILED for m in anne.messages())
            errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
            assert errors == []
            # The conversation goes on where it was.
            await anne.send("BTS Assistant de gestion")
            assert "(2/2) Quand l'avez-vous obtenu ?" in anne.text
            bot.check_transport()
        finally:
            await bot.stop()
