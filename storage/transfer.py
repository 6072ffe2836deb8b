"""Putting an agent's own export (``/mesdonnees``) back into a database: the rows go in under
new ids, so a livret can move into a database that already holds others, and every reference
between them follows (links between entries, proofs, shares and their openings).

What the export leaves out stays out: the hashes of link tokens (a link made on the former
server stays closed: its share comes back revoked). The e-mail codes do not come back at all:
a code is worth nothing after 15 minutes, and the history of codes only feeds the limits on
sending them, which a hand-edited time ("sent" in 2099, to anyone's address) would turn
against an address for good. The dialog state is not restored either: it names screens and
ids of the former database, so the agent comes back to the menu.

Every cell is checked as the bot would have written it (``check_cell``), and so is every row
of a table whose columns depend on one another (``proof_path``, ``check_channel``): the
restore of a backup (``bot/backup``) runs the same checks on the rows of the database it puts
back. Times of things that happened may not lie in the future (a reminder "sent" in 2099
would pause that agent's reminders).

An archive holds at most ``MAX_ROWS`` rows a table: far above any real livret, and it keeps
the import's one transaction (all of it or nothing) to about a second, so a bot running on
the same database is not kept waiting for the writer beyond its ``busy_timeout``.
"""

import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from livret import registry
from livret.catalogue import Rubrique, find_rubrique
from livret.entries import Entry
from livret.identifiant import PATTERN as IDENTIFIANT
from livret.schedule import Cadence
from storage.base import Queries, stamp

# A proof's file name as the bot gives it: random hex and the kind.
PROOF_NAME = re.compile(r"[0-9a-f]{32}\.(jpeg|png|pdf)")
# Its path under the proofs folder: the folder of the agent it belongs to, then the name.
PROOF_PATH = re.compile(r"agent-([1-9][0-9]{0,17})/([0-9a-f]{32}\.(jpeg|png|pdf))")
# What the bot itself writes in these columns: anything else would break it later (a
# reminder the dispatcher cannot read stops every agent's reminders).
CHOICES: dict[tuple[str, str], set[object]] = {
    ("reminders", "cadence"): {c.value for c in Cadence},
    ("reminders", "stopped"): {"paused", "blocked", "complete"},
    ("shares", "kind"): {"chat", "link", "email"},
    ("shares", "mail_state"): {"pending", "sent", "failed"},
    ("proofs", "kind"): {"jpeg", "png", "pdf"},
}
RANGES = {("reminders", "weekday"): (0, 6), ("reminders", "hour"): (0, 23)}
TIMES = {"next_due", "attempted_due"}
# Times that may be ahead: when something ends or is due. Every other one is when something
# happened, and the former server's clock may only have been a little ahead of this one's.
AHEAD = {"expires_at", "next_due", "attempted_due"}
SKEW = timedelta(days=1)
# Telegram's user and chat ids: integers (the reminders job sends to int(chat_id)).
TELEGRAM_ID = re.compile(r"-?[1-9][0-9]{0,17}")
# Rows of one table an archive may hold: a livret of a whole career has a few hundred
# entries, a person a few accounts.
MAX_ROWS = 2_000
LIMITS = {"agent_channels": 100}


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


def proof_path(path: object, agent_id: object, kind: object) -> str:
    """A proof's stored path, if it is exactly the one the bot gives that agent's proof of
    that kind, ``agent-<id>/<32 hex>.<kind>``: relative, under the proofs folder, in its
    agent's own folder. Anything else could name another agent's file, or any file of the
    server, which the export would then ship and a removal delete."""
    found = PROOF_PATH.fullmatch(path) if isinstance(path, str) else None
    if (
        found is None
        or isinstance(agent_id, bool)
        or not isinstance(agent_id, int)
        or int(found[1]) != agent_id
        or found[3] != kind
    ):
        raise RestoreError("bad_proof", str(path)[:200])
    return found[0]


def check_channel(channel: object, external_id: object, chat_id: object) -> None:
    """A Telegram account is numbers: its user id and its chat id."""
    if channel != "telegram":
        return
    for value in (external_id, chat_id):
        if not isinstance(value, str) or not TELEGRAM_ID.fullmatch(value):
            raise RestoreError("bad_row", "agent_channels.telegram")


def rows_of(tables: Mapping[str, Any], table: str) -> list[Row]:
    """The rows of one table of an archive: a list of objects, not too many."""
    rows = tables.get(table, [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise RestoreError("bad_row", table)
    if len(rows) > LIMITS.get(table, MAX_ROWS):
        raise RestoreError("too_many", f"{table} : {len(rows)}")
    return rows


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
        self._columns_of: dict[str, dict[str, str]] = {}
        agents = rows_of(tables, "agents")
        if len(agents) != 1:
            raise RestoreError("not_one_agent", str(len(agents)))
        agent = agents[0]
        identifiant = agent.get("identifiant")
        if identifiant is not None and not (
            isinstance(identifiant, str) and IDENTIFIANT.fullmatch(identifiant)
        ):
            raise RestoreError("bad_row", "agents.identifiant")
        # The bot keeps addresses in lower case (``dialogs.widgets.parse_email``), and the
        # caller gives this one so; an address imported before, as it was typed, is compared
        # the same way.
        for column, sql in (
            ("email", "SELECT 1 FROM agents WHERE lower(email) = lower(?)"),
            ("identifiant", "SELECT 1 FROM agents WHERE identifiant = ?"),
        ):
            value = agent.get(column)
            if value is not None and not isinstance(value, str):
                raise RestoreError("bad_row", f"agents.{column}")
            if value and await self._one(sql, value):
                raise RestoreError("exists", value)
        # A warning of inactivity was for the former server's account.
        agent_id = await self._insert(
            "agents",
            agent,
            inactivity_warned_at=None,
            inactivity_tries=0,
            inactivity_tried_at=None,
        )
        restored = Restored(agent_id, identifiant, agent.get("collectivite"))
        code = agent.get("collectivite")
        if code:
            known = await self._one("SELECT 1 FROM collectivites WHERE code = ?", code)
            restored.collectivite_known = known is not None or registry.find(code) is not None

        seen: set[tuple[str, str]] = set()
        for row in rows_of(tables, "agent_channels"):
            channel = check_cell("agent_channels", "channel", "TEXT", row.get("channel"))
            external_id = check_cell(
                "agent_channels", "external_id", "TEXT", row.get("external_id")
            )
            if not isinstance(channel, str) or not isinstance(external_id, str):
                raise RestoreError("bad_row", "agent_channels")
            check_channel(channel, external_id, row.get("chat_id"))
            key = (channel, external_id)
            if key in seen:
                continue
            seen.add(key)
            taken = await self._one(
                "SELECT 1 FROM agent_channels WHERE channel = ? AND external_id = ?",
                channel,
                external_id,
            )
            if taken:
                restored.channels_taken.append(f"{channel}:{external_id}")
            else:
                await self._insert("agent_channels", row, agent_id=agent_id)

        entry_ids = await self._entries(rows_of(tables, "entries"), agent_id)
        restored.entries = len(entry_ids)
        await self._insert_many(
            "rubrique_status", rows_of(tables, "rubrique_status"), agent_id=agent_id
        )
        for row in rows_of(tables, "reminders"):
            await self._insert("reminders", row, agent_id=agent_id)

        paths: dict[str, str] = {}
        proofs = []
        for row in rows_of(tables, "proofs"):
            entry_id = entry_ids.get(_int(row.get("entry_id")))
            if entry_id is None:
                raise RestoreError("bad_proof", str(row.get("path"))[:200])
            name = proof_name(row.get("path"))
            # The kind the card shows is the kind the file is.
            if row.get("kind") != name.rsplit(".", 1)[1]:
                raise RestoreError("bad_proof", name)
            path = f"agent-{agent_id}/{name}"
            proofs.append({**row, "agent_id": agent_id, "entry_id": entry_id, "path": path})
            paths[str(row.get("path"))] = path
            restored.proofs.append((name, path))

        await self._insert_many("proofs", proofs)

        share_ids: dict[int, int] = {}
        for row in rows_of(tables, "shares"):
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
            revoked = check_cell("shares", "revoked_at", "TEXT", row.get("revoked_at"), self.now)
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
        openings = []
        for row in rows_of(tables, "share_openings"):
            share_id = share_ids.get(_int(row.get("share_id")))
            if share_id is not None:
                # The key only tells a redelivered update: none will come from here.
                openings.append({**row, "share_id": share_id, "update_key": None})
        await self._insert_many("share_openings", openings)
        return restored

    async def _entries(self, rows: list[Row], agent_id: int) -> dict[int, int]:
        """The entries under new ids, then their links moved to those ids (a link may name
        an entry made later, so it is rewritten once all of them are in)."""
        ids: dict[int, int] = {}
        models = []
        for row in rows:
            found, model = check_entry(row.get("rubrique"), row.get("data"))
            new = await self._insert("entries", row, agent_id=agent_id, data="{}")
            ids[_int(row.get("id"))] = new
            models.append((new, found, model))
        updates = []
        for new, found, model in models:
            links = {
                spec.name: [ids[i] for i in getattr(model, spec.name) if i in ids]
                for spec in found.fields
                if spec.kind == "links"
            }
            updates.append((model.model_copy(update=links).model_dump_json(), new))
        await self._conn.executemany("UPDATE entries SET data = ? WHERE id = ?", updates)
        return ids

    async def _insert(self, table: str, row: Row, **values: Any) -> int:
        """The row's columns that the table has (not its id), each checked, with ``values``
        (ours) over them; its new id."""
        chosen = await self._chosen(table, row, values)
        try:
            cur = await self._conn.execute(_insert_sql(table, chosen), tuple(chosen.values()))
        except sqlite3.IntegrityError as error:
            if "NOT NULL" in str(error):
                raise RestoreError("bad_row", table) from error
            raise
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def _insert_many(self, table: str, rows: list[Row], **values: Any) -> None:
        """``_insert`` for rows whose new ids nobody needs: one trip to the connection's
        thread for each set of columns, not one a row (the writer is held meanwhile)."""
        groups: dict[tuple[str, ...], list[tuple[object, ...]]] = {}
        for row in rows:
            chosen = await self._chosen(table, row, values)
            groups.setdefault(tuple(chosen), []).append(tuple(chosen.values()))
        for names, params in groups.items():
            try:
                await self._conn.executemany(_insert_sql(table, dict.fromkeys(names)), params)
            except sqlite3.IntegrityError as error:
                if "NOT NULL" in str(error):
                    raise RestoreError("bad_row", table) from error
                raise

    async def _chosen(self, table: str, row: Row, values: dict[str, Any]) -> dict[str, Any]:
        columns = await self._columns(table)
        chosen = {
            k: check_cell(table, k, columns[k], v, self.now)
            for k, v in row.items()
            if k in columns and k != "id" and k not in values
        }
        return chosen | values

    async def _columns(self, table: str) -> dict[str, str]:
        """Each column's declared type, asked once a table (rows are written by thousands)."""
        if table not in self._columns_of:
            rows = await self._all(f"PRAGMA table_info({table})")
            self._columns_of[table] = {r[1]: r[2] for r in rows}
        return self._columns_of[table]


def _insert_sql(table: str, chosen: Mapping[str, object]) -> str:
    return f"INSERT INTO {table} ({', '.join(chosen)}) VALUES ({', '.join('?' * len(chosen))})"


def _json(value: object) -> Any:
    """A JSON column: as text in the database, as data in the export (both are read)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError as error:
            raise RestoreError("bad_row", value[:40]) from error
    return value


def check_entry(code: object, data: object) -> tuple[Rubrique, Entry]:
    """An entry's rubrique and data as its model reads them, or ``RestoreError``."""
    found = find_rubrique(str(code))
    if found is None:
        raise RestoreError("bad_entry", str(code)[:100])
    try:
        return found, found.model.model_validate(_json(data))
    except ValidationError as error:
        raise RestoreError("bad_entry", found.title) from error


def check_cell(
    table: str, column: str, kind: str, value: object, now: datetime | None = None
) -> object:
    """A value as the bot would have written it in that column of declared type ``kind``,
    or ``RestoreError``. With ``now``, a time of something that happened may not be ahead
    of it by more than ``SKEW``."""
    if value is None:
        return None
    bad = RestoreError("bad_row", f"{table}.{column}")
    if (table, column) in CHOICES and (
        not isinstance(value, str | int) or value not in CHOICES[table, column]
    ):
        raise bad
    if column.endswith("_at") or column in TIMES:
        if not isinstance(value, str):
            raise bad
        try:
            moment = datetime.fromisoformat(value)
        except ValueError as error:
            raise bad from error
        if moment.tzinfo is None:
            raise bad
        try:
            moment = moment.astimezone(UTC)
        except OverflowError as error:
            raise bad from error
        if now is not None and column not in AHEAD and moment > now + SKEW:
            raise RestoreError("future", f"{table}.{column}")
        return stamp(moment)
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
        raise RestoreError("bad_row", str(value)[:40]) from error
