"""Shared fixtures: a real SQLite file per test, the engine on it, a scripted agent."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.mail import OutboxMailer
from dialogs.engine import Engine
from storage import Database
from tests.chat import EngineChat, load_registry


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "livret.sqlite3")
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
