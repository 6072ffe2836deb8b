"""Shared fixtures: a real SQLite file per test on a clock the test moves, the engine on
it, a scripted agent; for end-to-end modules, a real SMTP server and the bot sending to it."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.mail import OutboxMailer
from dialogs.engine import Engine
from storage import Database
from tests import mailbox
from tests.chat import Clock, EngineChat, load_registry
from tests.e2e import LivretBot
from tests.fakebotapi import FakeBotAPI


@pytest.fixture
def clock() -> Clock:
    """28 November 2026, 9:00 UTC, until the test moves it."""
    return Clock()


@pytest.fixture
async def db(tmp_path: Path, clock: Clock) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "livret.sqlite3", clock=clock)
    await load_registry(database)
    yield database
    await database.close()


@pytest.fixture
def engine(db: Database, tmp_path: Path) -> Engine:
    return Engine(db, OutboxMailer(tmp_path / "outbox"), files=tmp_path / "livrets")


@pytest.fixture
async def anne(engine: Engine) -> EngineChat:
    """An agent who has gone through onboarding and sees the menu."""
    chat = EngineChat(engine, "anne")
    await chat.onboard()
    return chat


@pytest.fixture
async def newcomer(engine: Engine) -> EngineChat:
    """Anne, activated, who left her situation (poste, grade…) for later."""
    chat = EngineChat(engine, "anne")
    await chat.onboard(situation=False)
    return chat


@pytest.fixture(scope="module")
def smtp() -> Iterator[mailbox.SmtpServer]:
    with mailbox.smtp_server() as server:
        yield server


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def mail_bot(
    smtp: mailbox.SmtpServer, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LivretBot]:
    """The real bot, for a whole module, sending its e-mails to ``smtp``."""
    async with FakeBotAPI() as fake:
        harness = LivretBot(fake, tmp_path_factory.mktemp("livret"), **smtp.settings())
        await harness.start()
        yield harness
        await harness.stop()
