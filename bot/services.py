"""The composition root's services: what every transport opens at start and closes at exit."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.config import Settings
from bot.mail import mailer
from dialogs.engine import Engine
from storage import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    engine: Engine

    @classmethod
    async def open(cls, settings: Settings) -> "Services":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db = await Database.open(settings.database)
        engine = Engine(db, mailer(settings), settings.converter(), settings.documents)
        engine.bot_username = settings.bot_username
        engine.proofs_dir = settings.proofs
        return cls(settings, db, engine)

    async def close(self) -> None:
        await self.db.close()


@asynccontextmanager
async def services(settings: Settings) -> AsyncIterator[Services]:
    opened = await Services.open(settings)
    try:
        yield opened
    finally:
        await opened.close()
