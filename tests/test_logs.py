"""Logs never hold what an agent wrote, an e-mail code, a share token, an address or the
bot's token: the real bot, logging everything it can (DEBUG), through an activation, an
entry, a share opened by a manager and a failed e-mail; each line read as the formatters
write it, in text and in JSON."""

import json
import logging
import sys
from pathlib import Path

import pytest

from bot import logs
from tests import mailbox
from tests.chat import share_diplomes
from tests.e2e import LivretBot
from tests.fakebotapi import FakeBotAPI

PRENOM, NOM = "Zéphyrine", "Quibbleworth"
SECRET = "Master confidentiel de médiation"
# Completed from the diplôme's card ("➕ Établissement"), not asked in the round.
ETABLISSEMENT = "Institut Quibbleworth de Brocéliande"
NOTE = "Pour mon entretien annuel avec Madame Vasquez"


def written(records: list[logging.LogRecord]) -> str:
    """Every record as production writes it, both ways."""
    return "\n".join(logs.formatter(kind).format(r) for r in records for kind in ("text", "json"))


async def test_logs_hold_no_text_code_token_or_address(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    async with FakeBotAPI() as fake:
        bot = LivretBot(fake, tmp_path)
        await bot.start()
        try:
            anne = bot.agent(7001, PRENOM)
            email = "zephyrine.quibbleworth@mairie-exemple.fr"
            await anne.onboard(PRENOM, NOM, email)
            code = mailbox.last_code(bot.settings.outbox, email)
            await anne.add_diplome(SECRET, None, ETABLISSEMENT, "2015")
            token = (await share_diplomes(anne, NOTE))[2:]
            boss = bot.agent(7002, "Marie")
            await boss.send(f"/start s-{token}")
            await boss.send(f"/start s-{token[:-3]}")  # a truncated link
            await anne.send("n'importe quoi")
            await anne.send("/inconnue")
        finally:
            await bot.stop()
    turns = [r for r in caplog.records if r.getMessage() == "turn"]
    line = json.loads(logs.formatter("json").format(turns[-1]))
    # One line a turn: the agent by number, the update, the kind of input, timings.
    assert {"agent", "update", "input", "screen", "ms"} <= line.keys()
    assert line["input"] == "command" and isinstance(line["ms"], float)
    # The same fields in the text format, after the message.
    text_line = logs.formatter("text").format(turns[-1])
    assert f" turn agent={line['agent']} update=" in text_line and " ms=" in text_line
    assert any(r.getMessage() == "share link" for r in caplog.records)
    text = written(caplog.records)
    bot_token = bot.settings.telegram_token
    assert bot_token is not None
    for needle in (
        PRENOM,
        NOM,
        SECRET,
        ETABLISSEMENT,
        NOTE,
        code,
        token,
        email,
        "n'importe quoi",
        bot_token.get_secret_value(),
    ):
        assert needle not in text, needle


def test_an_exception_is_logged_without_its_message() -> None:
    logger = logging.getLogger("tests.logs")
    # Built apart: the traceback shows the lines that raise, and these are the test's own.
    first, second = f"refused: {SECRET}", "zephyrine" + "@mairie.fr refused"
    try:
        try:
            raise ValueError(first)
        except ValueError as error:
            raise RuntimeError(second) from error
    except RuntimeError:
        record = logger.makeRecord(
            "tests.logs", logging.ERROR, __file__, 1, "turn failed", (), sys.exc_info()
        )
    for kind in ("text", "json"):
        shown = logs.formatter(kind).format(record)
        assert "ValueError" in shown and "RuntimeError" in shown
        assert "test_an_exception_is_logged_without_its_message" in shown
        assert SECRET not in shown and "zephyrine@" not in shown
    line = json.loads(logs.formatter("json").format(record))
    assert line["level"] == "ERROR" and line["message"] == "turn failed"
