"""Proofs: the photos and PDFs attached to an agent's entries (the files themselves are
under the data folder; rows hold where)."""

from dataclasses import dataclass
from datetime import datetime

from storage.base import Queries


@dataclass(frozen=True)
class Proof:
    id: int
    entry_id: int
    kind: str
    path: str
    size: int
    digest: str
    created_at: datetime


_COLUMNS = "id, entry_id, kind, path, size, digest, created_at"


def _proof(row: tuple[int, int, str, str, int, str, str]) -> Proof:
    pid, entry_id, kind, path, size, digest, created = row
    return Proof(pid, entry_id, kind, path, size, digest, datetime.fromisoformat(created))


class ProofQueries(Queries):
    async def add_proof(
        self, agent_id: int, entry_id: int, kind: str, path: str, size: int, digest: str
    ) -> int:
        cur = await self._conn.execute(
            "INSERT INTO proofs (agent_id, entry_id, kind, path, size, digest, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (agent_id, entry_id, kind, path, size, digest, self._stamp),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def proofs(self, agent_id: int, entry_id: int) -> list[Proof]:
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM proofs WHERE agent_id = ? AND entry_id = ? ORDER BY id",
            agent_id,
            entry_id,
        )
        return [_proof(r) for r in rows]

    async def proof(self, agent_id: int, proof_id: int) -> Proof | None:
        row = await self._one(
            f"SELECT {_COLUMNS} FROM proofs WHERE agent_id = ? AND id = ?", agent_id, proof_id
        )
        return _proof(row) if row else None

    async def delete_proof(self, agent_id: int, proof_id: int) -> bool:
        return (
            await self._run("DELETE FROM proofs WHERE agent_id = ? AND id = ?", agent_id, proof_id)
            == 1
        )

    async def agent_proofs(self, agent_id: int) -> list[Proof]:
        """Every proof of the agent, by entry then as added."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM proofs WHERE agent_id = ? ORDER BY entry_id, id", agent_id
        )
        return [_proof(r) for r in rows]
