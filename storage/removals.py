"""Files to remove once a deletion is committed: recorded in the deletion's own transaction,
so that a crash between the commit and the removal leaves a note of what is left to do, and
the next start finishes it. Also what a sweep needs to know: which agents and proof files
the rows still name."""

from storage.base import Queries


class RemovalQueries(Queries):
    async def schedule_removals(self, targets: list[tuple[str, str]]) -> None:
        """``(place, target)`` pairs; ``place`` names a folder (or the mail outbox) that the
        caller knows, ``target`` what to remove in it."""
        await self._conn.executemany(
            "INSERT INTO removals (place, target, created_at) VALUES (?, ?, ?)",
            [(place, target, self._stamp) for place, target in targets],
        )

    async def pending_removals(self) -> list[tuple[int, str, str]]:
        return await self._all("SELECT id, place, target FROM removals ORDER BY id")

    async def removals_done(self, ids: list[int]) -> None:
        await self._conn.executemany("DELETE FROM removals WHERE id = ?", [(i,) for i in ids])

    async def agent_proof_paths(self, agent_id: int) -> set[str]:
        """The proof files of one agent that rows name, relative to the proofs folder."""
        rows = await self._all("SELECT path FROM proofs WHERE agent_id = ?", agent_id)
        return {r[0] for r in rows}
