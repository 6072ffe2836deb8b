"""What every group of queries shares: the open connection and the transaction's clock."""

from datetime import datetime
from typing import Any

import aiosqlite


class Queries:
    """Bound to one open transaction and its timestamp."""

    def __init__(self, conn: aiosqlite.Connection, now: datetime) -> None:
        self._conn = conn
        self.now = now
        self._stamp = stamp(now)

    # One round trip to the connection's thread each: a turn holds the write lock
    # for as many of them as it makes.
    async def _one(self, sql: str, *args: Any) -> Any:
        rows = await self._conn.execute_fetchall(sql, args)
        return next(iter(rows), None)

    async def _all(self, sql: str, *args: Any) -> list[Any]:
        return list(await self._conn.execute_fetchall(sql, args))

    async def _run(self, sql: str, *args: Any) -> int:
        """A write; the number of rows it changed."""
        cur = await self._conn.execute(sql, args)
        return cur.rowcount


def stamp(moment: datetime) -> str:
    """How times are stored: ISO 8601 in UTC, to the second, so they compare as text."""
    return moment.isoformat(timespec="seconds")
