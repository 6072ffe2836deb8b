"""The repository: every query of the application, scoped by agent, inside one transaction.

Kept small and free of SQLite specifics in its signatures so that another
database can stand behind the same interface.
"""

import json
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from livret.catalogue import rubrique
from livret.entries import Entry
from storage.accounts import AccountQueries
from storage.inactivity import InactivityQueries
from storage.proofs import ProofQueries
from storage.reminders import ReminderQueries
from storage.removals import RemovalQueries
from storage.shares import ShareQueries
from storage.transfer import TransferQueries

# Telegram redelivers only the updates it had not seen confirmed: the last few.
RECENT_UPDATES = 32


@dataclass
class DialogRecord:
    """An agent's conversation: their dialog state and the ids of updates already handled."""

    agent_id: int
    state: dict[str, Any] | None = None
    recent_updates: list[str] = field(default_factory=list)
    # Every activation step done (e-mail verified, collectivité given): the menu is open.
    activated: bool = False


@dataclass(frozen=True)
class StoredEntry:
    id: int
    rubrique: str
    data: Entry
    created_at: str
    updated_at: str
    # Its place in the order the agent chose for its rubrique; None: by its date.
    position: int | None = None


_ENTRY = "id, rubrique, data, created_at, updated_at, position"


def _entry(row: aiosqlite.Row | tuple[Any, ...]) -> StoredEntry:
    entry_id, code, data, created, updated, position = row
    model = rubrique(code).model.model_validate_json(data)
    return StoredEntry(entry_id, code, model, created, updated, position)


def _data(entry: StoredEntry) -> Entry:
    return entry.data


def _ordered(code: str, entries: list[StoredEntry]) -> list[StoredEntry]:
    """A rubrique's entries in the order the agent chose; those written since, not placed
    yet, first and most recent first (``Rubrique.recent_first``), as with no order chosen."""
    dated = rubrique(code).recent_first([e for e in entries if e.position is None], _data)
    placed = sorted((e for e in entries if e.position is not None), key=lambda e: e.position or 0)
    return dated + placed


def _in_order(entries: list[StoredEntry]) -> list[StoredEntry]:
    """Each rubrique's entries in order (``_ordered``), the rubriques in the order they
    first appear."""
    by_code: dict[str, list[StoredEntry]] = {}
    for entry in entries:
        by_code.setdefault(entry.rubrique, []).append(entry)
    return [e for code, found in by_code.items() for e in _ordered(code, found)]


class Tx(
    AccountQueries,
    ShareQueries,
    ReminderQueries,
    ProofQueries,
    TransferQueries,
    InactivityQueries,
    RemovalQueries,
):
    """Repository methods bound to one open transaction and its timestamp."""

    # --- agents -----------------------------------------------------------

    async def find_agent(self, channel: str, external_id: str) -> int | None:
        row = await self._one(
            "SELECT agent_id FROM agent_channels WHERE channel = ? AND external_id = ?",
            channel,
            external_id,
        )
        return row[0] if row else None

    async def create_agent(self, channel: str, external_id: str, chat_id: str) -> int:
        cur = await self._conn.execute("INSERT INTO agents (created_at) VALUES (?)", (self._stamp,))
        agent_id = cur.lastrowid
        assert agent_id is not None
        await self._conn.execute(
            "INSERT INTO agent_channels (channel, external_id, agent_id, chat_id) "
            "VALUES (?, ?, ?, ?)",
            (channel, external_id, agent_id, chat_id),
        )
        return agent_id

    async def agent_exists(self, agent_id: int) -> bool:
        return await self._one("SELECT 1 FROM agents WHERE id = ?", agent_id) is not None

    async def find_agent_state(self, channel: str, external_id: str) -> DialogRecord | None:
        """The agent known by this channel id, with their dialog state, in one query."""
        row = await self._one(
            "SELECT c.agent_id, s.state, s.recent_updates, a.activated_at IS NOT NULL "
            "FROM agent_channels c JOIN agents a ON a.id = c.agent_id "
            "LEFT JOIN dialog_state s ON s.agent_id = c.agent_id "
            "WHERE c.channel = ? AND c.external_id = ?",
            channel,
            external_id,
        )
        if row is None:
            return None
        agent_id, state, recent, activated = row
        if state is None:
            return DialogRecord(agent_id, activated=bool(activated))
        return DialogRecord(agent_id, json.loads(state), json.loads(recent), bool(activated))

    # --- entries ----------------------------------------------------------

    async def entries(self, agent_id: int, code: str) -> list[StoredEntry]:
        rows = await self._all(
            f"SELECT {_ENTRY} FROM entries WHERE agent_id = ? AND rubrique = ? ORDER BY id",
            agent_id,
            code,
        )
        return _ordered(code, [_entry(r) for r in rows])

    async def all_entries(self, agent_id: int) -> list[StoredEntry]:
        rows = await self._all(
            f"SELECT {_ENTRY} FROM entries WHERE agent_id = ? ORDER BY id",
            agent_id,
        )
        return _in_order([_entry(r) for r in rows])

    async def entry(self, agent_id: int, entry_id: int) -> StoredEntry | None:
        row = await self._one(
            f"SELECT {_ENTRY} FROM entries WHERE agent_id = ? AND id = ?",
            agent_id,
            entry_id,
        )
        return _entry(row) if row else None

    async def add_entry(self, agent_id: int, code: str, data: Entry) -> int:
        cur = await self._conn.execute(
            "INSERT INTO entries (agent_id, rubrique, data, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (agent_id, code, data.model_dump_json(), self._stamp, self._stamp),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def update_entry(self, agent_id: int, entry_id: int, data: Entry) -> bool:
        cur = await self._conn.execute(
            "UPDATE entries SET data = ?, updated_at = ? WHERE agent_id = ? AND id = ?",
            (data.model_dump_json(), self._stamp, agent_id, entry_id),
        )
        return cur.rowcount == 1

    async def delete_entry(self, agent_id: int, entry_id: int) -> bool:
        cur = await self._conn.execute(
            "DELETE FROM entries WHERE agent_id = ? AND id = ?", (agent_id, entry_id)
        )
        return cur.rowcount == 1

    async def set_order(self, agent_id: int, code: str, ids: list[int]) -> None:
        """The agent's order for a rubrique: ``ids`` first to last."""
        await self._conn.executemany(
            "UPDATE entries SET position = ? WHERE agent_id = ? AND rubrique = ? AND id = ?",
            [(n, agent_id, code, i) for n, i in enumerate(ids)],
        )

    async def clear_order(self, agent_id: int, code: str) -> None:
        """Back to the order of dates."""
        await self._conn.execute(
            "UPDATE entries SET position = NULL WHERE agent_id = ? AND rubrique = ?",
            (agent_id, code),
        )

    async def rubrique_summary(self, agent_id: int) -> tuple[dict[str, int], set[str]]:
        """Entries per rubrique and the rubriques marked "non concerné", in one query."""
        rows = await self._all(
            "SELECT rubrique, COUNT(*) FROM entries WHERE agent_id = ? GROUP BY rubrique "
            "UNION ALL SELECT rubrique, -1 FROM rubrique_status "
            "WHERE agent_id = ? AND not_concerned = 1",
            agent_id,
            agent_id,
        )
        counts = {code: n for code, n in rows if n >= 0}
        return counts, {code for code, n in rows if n < 0}

    async def entries_in(self, agent_id: int, codes: tuple[str, ...]) -> list[StoredEntry]:
        """The agent's entries in these rubriques, in the order given, each rubrique's
        most recent first."""
        marks = ",".join("?" * len(codes))
        rows = await self._all(
            f"SELECT {_ENTRY} FROM entries "
            f"WHERE agent_id = ? AND rubrique IN ({marks}) ORDER BY id",
            agent_id,
            *codes,
        )
        order = {code: i for i, code in enumerate(codes)}
        return sorted(_in_order([_entry(r) for r in rows]), key=lambda e: order[e.rubrique])

    # --- rubrique status --------------------------------------------------

    async def not_concerned(self, agent_id: int) -> set[str]:
        rows = await self._all(
            "SELECT rubrique FROM rubrique_status WHERE agent_id = ? AND not_concerned = 1",
            agent_id,
        )
        return {r[0] for r in rows}

    async def set_not_concerned(self, agent_id: int, code: str, value: bool) -> None:
        await self._conn.execute(
            "INSERT INTO rubrique_status (agent_id, rubrique, not_concerned) VALUES (?, ?, ?) "
            "ON CONFLICT (agent_id, rubrique) DO UPDATE SET not_concerned = excluded.not_concerned",
            (agent_id, code, int(value)),
        )

    # --- dialog state -----------------------------------------------------

    async def dialog_state(self, agent_id: int) -> DialogRecord | None:
        row = await self._one(
            "SELECT s.state, s.recent_updates, a.activated_at IS NOT NULL FROM dialog_state s "
            "JOIN agents a ON a.id = s.agent_id WHERE s.agent_id = ?",
            agent_id,
        )
        if row is None:
            return None
        return DialogRecord(agent_id, json.loads(row[0]), json.loads(row[1]), bool(row[2]))

    async def save_dialog_state(self, record: DialogRecord) -> None:
        """The state and the update ids, in the same statement as the turn's last write."""
        await self._conn.execute(
            "INSERT INTO dialog_state (agent_id, state, recent_updates, updated_at) "
            "VALUES (?, ?, ?, ?) "
            "ON CONFLICT (agent_id) DO UPDATE SET state = excluded.state, "
            "recent_updates = excluded.recent_updates, updated_at = excluded.updated_at",
            (
                record.agent_id,
                json.dumps(record.state, ensure_ascii=False),
                json.dumps(record.recent_updates[-RECENT_UPDATES:]),
                self._stamp,
            ),
        )
