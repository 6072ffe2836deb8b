"""The one writer connection to SQLite: pragmas, migrations, and one transaction at a time."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from storage.migrations import MIGRATIONS, latest_version
from storage.repository import Tx


class NewerSchemaError(RuntimeError):
    """The database was written by a newer version of Livret than this one."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class Database:
    """Owns the connection. Writes go through ``transaction()``, one at a time."""

    def __init__(self, conn: aiosqlite.Connection, clock: Callable[[], datetime]) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self.clock = clock

    @classmethod
    async def open(cls, path: str | Path, clock: Callable[[], datetime] = utc_now) -> "Database":
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # "IMMEDIATE": sqlite3 issues BEGIN IMMEDIATE itself with a turn's first write, in
        # the same call, which saves the turn a round trip to the connection's thread.
        # The reads before it cannot see another turn's writes: turns hold the lock.
        conn = await aiosqlite.connect(str(path), isolation_level="IMMEDIATE")
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            # Deleted rows are overwritten, not just unlinked: an erased agent leaves no
            # trace in the file's free pages.
            await conn.execute("PRAGMA secure_delete=ON")
            db = cls(conn, clock)
            await db._migrate()
        except BaseException:
            await conn.close()
            raise
        return db

    async def close(self) -> None:
        # An unclosed aiosqlite connection keeps its thread alive and hangs exit.
        await self._conn.close()

    async def checkpoint(self) -> None:
        """Writes the WAL into the database file and empties it: what an erasure removed is
        then gone from both files."""
        async with self._lock:
            await self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def backup_to(self, target: Path) -> None:
        """A consistent copy of the database in ``target``, taken in one step of SQLite's
        online backup while the bot goes on writing (WAL: writers are not held)."""
        async with aiosqlite.connect(str(target)) as copy:
            await self._conn.backup(copy, pages=-1)

    async def schema_version(self) -> int:
        async with self._conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        current = await self.schema_version()
        if current > latest_version():
            raise NewerSchemaError(
                f"La base de données est au schéma {current}, plus récent que celui de "
                f"cette version de Livret ({latest_version()}). Mettez Livret à jour."
            )
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            # One script, one transaction: the schema and its version change together.
            script = (
                f"BEGIN IMMEDIATE;\n{migration.sql}\n;"
                f"PRAGMA user_version={migration.version};\nCOMMIT;"
            )
            try:
                await self._conn.executescript(script)
            except BaseException:
                if self._conn.in_transaction:
                    await self._conn.execute("ROLLBACK")
                raise

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """One turn's work: its writes in one ``BEGIN IMMEDIATE`` transaction, committed on
        exit, rolled back on error; one turn at a time."""
        async with self._lock:
            try:
                yield Tx(self._conn, self.clock())
            except BaseException:
                await self._conn.rollback()
                raise
            await self._conn.commit()
