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
from typing import Any

from pydantic import ValidationError

from livret.catalogue import find_rubrique
from storage.base import Queries

# A proof's file name as the bot gives it: random hex and the kind.
PROOF_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|pdf)$")


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
    if not PROOF_NAME.match(name):
        raise RestoreError("bad_proof", str(path))
    return name


class TransferQueries(Queries):
    async def restore_agent(self, tables: Mapping[str, Any]) -> Restored:
        """Inserts the export's rows for one agent; raises ``RestoreError`` on anything that
        does not fit (the transaction is then rolled back by the caller)."""
        try:
            return await self._restore(tables)
        except sqlite3.IntegrityError as error:
            raise RestoreError("conflict", str(error)) from error

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
        agent_id = await self._insert("agents", agent, inactivity_warned_at=None)
        restored = Restored(agent_id, agent.get("identifiant"), agent.get("collectivite"))
        code = agent.get("collectivite")
        if code:
            known = await self._one("SELECT 1 FROM collectivites WHERE code = ?", code)
            restored.collectivite_known = known is not None

        for row in _rows(tables, "agent_channels"):
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
                    if isinstance(a, dict) and a.get("path") in paths
                ]
            revoked = row.get("revoked_at")
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
        """The row's columns that the table has (not its id), with ``values`` over them."""
        columns = await self._columns(table)
        chosen = {k: _cell(v) for k, v in row.items() if k in columns and k != "id"}
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

    async def _columns(self, table: str) -> set[str]:
        rows = await self._all(f"PRAGMA table_info({table})")
        return {r[1] for r in rows}


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


def _cell(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError as error:
        raise RestoreError("bad_row", str(value)) from error
