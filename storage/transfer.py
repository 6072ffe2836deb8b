"""Putting an agent's own export (``/mesdonnees``) back into a database: the rows go in under
new ids, so a livret can move into a database that already holds others, and every reference
between them follows (links between entries, proofs, shares and their openings).

What the export leaves out stays out: the hashes of e-mail codes (the history comes back, no
code can be typed against it) and of link tokens (a link made on the former server stays
closed: its share comes back revoked). The dialog state is not restored either: it names
screens and ids of the former database, so the agent comes back to the menu.
"""

import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from livret.catalogue import find_rubrique
from livret.schedule import Cadence
from storage.base import Queries, stamp

# A proof's file name as the bot gives it: random hex and the kind.
PROOF_NAME = re.compile(r"[0-9a-f]{32}\.(jpeg|png|pdf)")
# What the bot itself writes in these columns: anything else would break it later (a
# reminder the dispatcher cannot read stops every agent's reminders).
CHOICES: dict[tuple[str, str], set[object]] = {
    ("reminders", "cadence"): {c.value for c in Cadence},
    ("reminders", "stopped"): {"paused", "blocked", "complete"},
    ("shares", "kind"): {"chat", "link", "email"},
    ("proofs", "kind"): {"jpeg", "png", "pdf"},
}
RANGES = {("reminders", "weekday"): (0, 6), ("reminders", "hour"): (0, 23)}
TIMES = {"next_due", "attempted_due"}


class RestoreError(ValueError):
    """The export cannot be restored; ``reason`` says why, ``detail`` what."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


@dataclass
class Restored:
    agent_id: int
    identifiant: str | None
    collectivite: str | None
    entries: int = 0
    shares: int = 0
    # (file name in the export, path under the proofs folder) of each proof restored.
    proofs: list[tuple[str, str]] = field(default_factory=list)
    # Accounts ("telegram:123") already bound to another livret here: not attached.
    channels_taken: list[str] = field(default_factory=list)
    collectivite_known: bool = True


Row = Mapping[str, Any]


def proof_name(path: object) -> str:
    """The file name of a proof's stored path, if it is one the bot could have given."""
    name = str(path).replace("\\", "/").rsplit("/", 1)[-1]
    if not PROOF_NAME.fullmatch(name):
        raise RestoreError("bad_proof", str(path))
    return name


class TransferQueries(Queries):
    async def restore_agent(self, tables: Mapping[str, Any]) -> Restored:
        """Inserts the export's rows for one agent; raises ``RestoreError`` on anything that
        does not fit (the transaction is then rolled back by the caller)."""
        try:
            return await self._restore(tables)
        except RestoreError:
            raise
        except sqlite3.IntegrityError as error:
            raise RestoreError("conflict", str(error)) from error
        except (
            TypeError,
            ValueError,
            OverflowError,
            RecursionError,
            KeyError,
            sqlite3.ProgrammingError,
        ) as error:
            # A hand-edited archive: whatever went wrong, it is refused, not half written.
            raise RestoreError("bad_row", type(error).__name__) from error

    async def _restore(self, tables: Mapping[str, Any]) -> Restored:
        agents = _rows(tables, "agents")
        if len(agents) != 1:
            raise RestoreError("not_one_agent", str(len(agents)))
        agent = agents[0]
        for column in ("email", "identifiant"):
            value = agent.get(column)
            if value and await self._one(f"SELECT 1 FROM agents WHERE {column} = ?", value):
                raise RestoreError("exists", str(value))
        # A warning of inactivity was for the former server's account.
        agent_id = await self._insert(
            "agents",
            agent,
            inactivity_warned_at=None,
            inactivity_tries=0,
            inactivity_tried_at=None,
        )
        restored = Restored(agent_id, agent.get("identifiant"), agent.get("collectivite"))
        code = agent.get("collectivite")
        if code:
            known = await self._one("SELECT 1 FROM collectivites WHERE code = ?", code)
            restored.collectivite_known = known is not None

        seen: set[tuple[object, object]] = set()
        for row in _rows(tables, "agent_channels"):
            key = (row.get("channel"), row.get("external_id"))
            if key in seen:
                continue
            seen.add(key)
            taken = await self._one(
                "SELECT 1 FROM agent_channels WHERE channel = ? AND external_id = ?",
                row.get("channel"),
                row.get("external_id"),
            )
            if taken:
                restored.channels_taken.append(f"{row.get('channel')}:{row.get('external_id')}")
            else:
                await self._insert("agent_channels", row, agent_id=agent_id)

        entry_ids = await self._entries(_rows(tables, "entries"), agent_id)
        restored.entries = len(entry_ids)
        for row in _rows(tables, "rubrique_status"):
            await self._insert("rubrique_status", row, agent_id=agent_id)
        for row in _rows(tables, "email_codes"):
            await self._insert("email_codes", row, agent_id=agent_id, code_hash="")
        for row in _rows(tables, "reminders"):
            await self._insert("reminders", row, agent_id=agent_id)

        paths: dict[str, str] = {}
        for row in _rows(tables, "proofs"):
            entry_id = entry_ids.get(_int(row.get("entry_id")))
            if entry_id is None:
                raise RestoreError("bad_proof", str(row.get("path")))
            name = proof_name(row.get("path"))
            path = f"agent-{agent_id}/{name}"
            await self._insert("proofs", row, agent_id=agent_id, entry_id=entry_id, path=path)
            paths[str(row.get("path"))] = path
            restored.proofs.append((name, path))

        share_ids: dict[int, int] = {}
        for row in _rows(tables, "shares"):
            snapshot = _json(row.get("snapshot"))
            if not isinstance(snapshot, dict):
                raise RestoreError("bad_row", "shares")
            # Annexes name files by path: only this agent's restored proofs may be named.
            annexes = snapshot.get("_annexes")
            if isinstance(annexes, list):
                snapshot["_annexes"] = [
                    {**a, "path": paths[a["path"]]}
                    for a in annexes
                    if isinstance(a, dict) and isinstance(a.get("path"), str) and a["path"] in paths
                ]
            revoked = _cell("shares", "revoked_at", "TEXT", row.get("revoked_at"))
            if row.get("kind") != "chat" and not revoked:
                revoked = self._stamp
            share_ids[_int(row.get("id"))] = await self._insert(
                "shares",
                row,
                agent_id=agent_id,
                snapshot=json.dumps(snapshot, ensure_ascii=False),
                token_hash=None,
                revoked_at=revoked,
            )
        restored.shares = len(share_ids)
        for row in _rows(tables, "share_openings"):
            share_id = share_ids.get(_int(row.get("share_id")))
            if share_id is not None:
                # The key only tells a redelivered update: none will come from here.
                await self._insert("share_openings", row, share_id=share_id, update_key=None)
        return restored

    async def _entries(self, rows: list[Row], agent_id: int) -> dict[int, int]:
        """The entries under new ids, then their links moved to those ids (a link may name
        an entry made later, so it is rewritten once all of them are in)."""
        ids: dict[int, int] = {}
        models = []
        for row in rows:
            found = find_rubrique(str(row.get("rubrique")))
            if found is None:
                raise RestoreError("bad_entry", str(row.get("rubrique")))
            try:
                model = found.model.model_validate(_json(row.get("data")))
            except ValidationError as error:
                raise RestoreError("bad_entry", found.title) from error
            new = await self._insert("entries", row, agent_id=agent_id, data="{}")
            ids[_int(row.get("id"))] = new
            models.append((new, found, model))
        for new, found, model in models:
            links = {
                spec.name: [ids[i] for i in getattr(model, spec.name) if i in ids]
                for spec in found.fields
                if spec.kind == "links"
            }
            data = model.model_copy(update=links).model_dump_json()
            await self._run("UPDATE entries SET data = ? WHERE id = ?", data, new)
        return ids

    async def _insert(self, table: str, row: Row, **values: Any) -> int:
        """The row's columns that the table has (not its id), each checked, with ``values``
        (ours) over them."""
        columns = await self._columns(table)
        chosen = {
            k: _cell(table, k, columns[k], v)
            for k, v in row.items()
            if k in columns and k != "id" and k not in values
        }
        chosen |= values
        names = ", ".join(chosen)
        marks = ", ".join("?" * len(chosen))
        try:
            cur = await self._conn.execute(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(chosen.values())
            )
        except sqlite3.IntegrityError as error:
            if "NOT NULL" in str(error):
                raise RestoreError("bad_row", table) from error
            raise
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def _columns(self, table: str) -> dict[str, str]:
        """Each column's declared type."""
        rows = await self._all(f"PRAGMA table_info({table})")
        return {r[1]: r[2] for r in rows}


def _rows(tables: Mapping[str, Any], table: str) -> list[Row]:
    rows = tables.get(table, [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise RestoreError("bad_row", table)
    return rows


def _json(value: object) -> Any:
    """A JSON column: as text in the database, as data in the export (both are read)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError as error:
            raise RestoreError("bad_row", value[:40]) from error
    return value


def _cell(table: str, column: str, kind: str, value: object) -> object:
    """A value as the bot would have written it, or ``RestoreError``."""
    if value is None:
        return None
    bad = RestoreError("bad_row", f"{table}.{column}")
    if (table, column) in CHOICES and value not in CHOICES[table, column]:
        raise bad
    if column.endswith("_at") or column in TIMES:
        if not isinstance(value, str):
            raise bad
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise bad
        return stamp(moment.astimezone(UTC))
    if kind == "INTEGER":
        if isinstance(value, bool):
            value = int(value)
        low, high = RANGES.get((table, column), (-(2**63), 2**63 - 1))
        if not isinstance(value, int) or not low <= value <= high:
            raise bad
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if not isinstance(value, str):
        raise bad
    return value


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError as error:
        raise RestoreError("bad_row", str(value)) from error
