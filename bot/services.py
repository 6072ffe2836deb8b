"""The composition root's services: what every transport opens at start and closes at exit."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot import files
from bot.config import Settings
from bot.mail import mailer
from dialogs import removals
from dialogs.engine import Engine
from livret import registry
from reading.pool import Reader
from storage import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    engine: Engine
    warming: "asyncio.Future[None] | None" = None

    @classmethod
    async def open(cls, settings: Settings, *, sweep: bool = True) -> "Services":
        """Finishes the removals a crash interrupted; with ``sweep``, also removes the
        files no row names (the bot does that in a job instead, not to delay its start)."""
        files.private_folder(settings.data_dir)
        db = await Database.open(settings.database)
        engine = Engine(db, mailer(settings), settings.converter(), settings.documents)
        engine.outreach.bot_username = settings.bot_username
        engine.proofs_dir = settings.proofs
        engine.reader = Reader(settings.read_parallel)
        opened = cls(settings, db, engine)
        # Not awaited: the first search for an employer finds it built, or waits for it.
        opened.warming = asyncio.get_running_loop().run_in_executor(None, registry.warm)
        try:
            await removals.finish(db, engine.places())
            if sweep:
                await opened.tidy(documents_sent=False)
        except BaseException:
            await db.close()
            raise
        return opened

    async def tidy(self, documents_sent: bool) -> None:
        """What a crash left: removals recorded but not done, files no row names.
        ``documents_sent``: the transport sends the documents it is given (Telegram), so
        any left in the documents folder is a leftover."""
        places = self.engine.places()
        await removals.finish(self.db, places)
        await removals.sweep(self.db, places, documents=documents_sent)

    async def close(self) -> None:
        self.engine.reader.close()
        await self.db.close()


@asynccontextmanager
async def services(settings: Settings) -> AsyncIterator[Services]:
    opened = await Services.open(settings)
    try:
        yield opened
    finally:
        await opened.close()
