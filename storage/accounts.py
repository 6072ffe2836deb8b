"""Accounts: the activation steps of an agent, the e-mail codes sent to them, the channels
that reach them, and the registry of collectivités."""

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from livret import registry
from livret.collectivites import Collectivite
from storage.base import Queries, stamp


@dataclass(frozen=True)
class Account:
    agent_id: int
    privacy_accepted: bool
    email: str | None
    identifiant: str | None
    collectivite: Collectivite | None
    activated: bool


@dataclass(frozen=True)
class EmailCode:
    id: int
    email: str
    code_hash: str
    sent_at: datetime
    expires_at: datetime
    tries: int
    verified: bool
    # False when the e-mail carrying it could not be sent: the code is void.
    sent: bool


@dataclass(frozen=True)
class Channel:
    channel: str
    external_id: str
    chat_id: str


_KEYS = ("code", "nom", "type", "departement", "delegation_regionale")
_COLLECTIVITE = ", ".join(_KEYS)


def _registry(row: tuple[str, ...]) -> Collectivite:
    return Collectivite.model_validate(dict(zip(_KEYS, row, strict=True)))


class AccountQueries(Queries):
    # --- the account ------------------------------------------------------

    async def account(self, agent_id: int) -> Account:
        row = await self._one(
            "SELECT a.privacy_accepted_at, a.email, a.identifiant, a.activated_at, "
            "a.collectivite, c.code, c.nom, c.type, c.departement, c.delegation_regionale "
            "FROM agents a LEFT JOIN collectivites c ON c.code = a.collectivite WHERE a.id = ?",
            agent_id,
        )
        privacy, email, identifiant, activated, code, *imported = row
        collectivite = _registry(imported) if imported[0] is not None else None
        if collectivite is None and code is not None:
            collectivite = registry.find(code)
        return Account(
            agent_id, privacy is not None, email, identifiant, collectivite, activated is not None
        )

    async def accept_privacy(self, agent_id: int) -> None:
        await self._run(
            "UPDATE agents SET privacy_accepted_at = ? WHERE id = ?", self._stamp, agent_id
        )

    async def agent_with_email(self, email: str) -> int | None:
        row = await self._one("SELECT id FROM agents WHERE email = ?", email)
        return row[0] if row else None

    async def agent_with_identifiant(self, identifiant: str) -> int | None:
        row = await self._one("SELECT id FROM agents WHERE identifiant = ?", identifiant)
        return row[0] if row else None

    async def set_email(self, agent_id: int, email: str) -> None:
        await self._run("UPDATE agents SET email = ? WHERE id = ?", email, agent_id)

    async def set_identifiant(self, agent_id: int, identifiant: str) -> bool:
        """False if another livret already has it (the caller draws another)."""
        try:
            await self._run("UPDATE agents SET identifiant = ? WHERE id = ?", identifiant, agent_id)
        except sqlite3.IntegrityError:
            return False
        return True

    async def set_collectivite(self, agent_id: int, code: str) -> None:
        await self._run("UPDATE agents SET collectivite = ? WHERE id = ?", code, agent_id)

    async def activate(self, agent_id: int) -> None:
        await self._run(
            "UPDATE agents SET activated_at = COALESCE(activated_at, ?) WHERE id = ?",
            self._stamp,
            agent_id,
        )

    async def delete_agent(self, agent_id: int) -> None:
        """The agent and, by cascade, everything of theirs."""
        await self._run("DELETE FROM agents WHERE id = ?", agent_id)

    async def erase_agent(self, agent_id: int) -> None:
        """Everything of the agent, and an anonymous count that an account was erased today."""
        await self.delete_agent(agent_id)
        await self._run(
            "INSERT INTO erasures (day, count) VALUES (?, 1) "
            "ON CONFLICT (day) DO UPDATE SET count = count + 1",
            self._stamp[:10],
        )

    async def records(self, agent_id: int) -> dict[str, list[dict[str, object]]]:
        """Every row held about the agent, table by table, for the agent's own copy: the
        hashes of codes and link tokens left out (they are worth nothing to the agent)."""
        hidden = {"code_hash", "token_hash"}
        found: dict[str, list[dict[str, object]]] = {}
        queries = {
            "agents": "SELECT * FROM agents WHERE id = ?",
            "agent_channels": "SELECT * FROM agent_channels WHERE agent_id = ?",
            "entries": "SELECT * FROM entries WHERE agent_id = ?",
            "rubrique_status": "SELECT * FROM rubrique_status WHERE agent_id = ?",
            "dialog_state": "SELECT * FROM dialog_state WHERE agent_id = ?",
            "email_codes": "SELECT * FROM email_codes WHERE agent_id = ?",
            "shares": "SELECT * FROM shares WHERE agent_id = ?",
            "share_openings": "SELECT o.* FROM share_openings o JOIN shares s "
            "ON s.id = o.share_id WHERE s.agent_id = ?",
            "reminders": "SELECT * FROM reminders WHERE agent_id = ?",
            "proofs": "SELECT * FROM proofs WHERE agent_id = ?",
        }
        for table, sql in queries.items():
            cur = await self._conn.execute(sql, (agent_id,))
            names = [d[0] for d in cur.description]
            rows = await cur.fetchall()
            await cur.close()
            found[table] = [
                {k: v for k, v in zip(names, row, strict=True) if k not in hidden} for row in rows
            ]
        return found

    async def holdings(self, agent_id: int) -> dict[str, int]:
        """How many records of each kind the agent has (for support: no content)."""
        found = {}
        for table in (
            "agent_channels",
            "entries",
            "email_codes",
            "shares",
            "proofs",
            "reminders",
            "dialog_state",
        ):
            row = await self._one(f"SELECT COUNT(*) FROM {table} WHERE agent_id = ?", agent_id)
            found[table] = row[0]
        return found

    # --- channels -----------------------------------------------------------

    async def channels(self, agent_id: int) -> list[Channel]:
        rows = await self._all(
            "SELECT channel, external_id, COALESCE(chat_id, '') FROM agent_channels "
            "WHERE agent_id = ? ORDER BY rowid",
            agent_id,
        )
        return [Channel(*row) for row in rows]

    async def attach_channel(self, channel: str, external_id: str, agent_id: int) -> None:
        """This channel now reaches ``agent_id``, and it alone: the others are detached."""
        await self._run(
            "DELETE FROM agent_channels WHERE agent_id = ? AND NOT "
            "(channel = ? AND external_id = ?)",
            agent_id,
            channel,
            external_id,
        )
        await self._run(
            "UPDATE agent_channels SET agent_id = ? WHERE channel = ? AND external_id = ?",
            agent_id,
            channel,
            external_id,
        )

    async def move_email_codes(self, from_agent: int, to_agent: int) -> None:
        """The verification history follows a livret recovered from another account."""
        await self._run(
            "UPDATE email_codes SET agent_id = ? WHERE agent_id = ?", to_agent, from_agent
        )

    # --- e-mail codes -----------------------------------------------------

    async def add_email_code(
        self, agent_id: int, email: str, code_hash: str, expires_at: datetime
    ) -> int:
        cur = await self._conn.execute(
            "INSERT INTO email_codes (agent_id, email, code_hash, sent_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (agent_id, email, code_hash, self._stamp, stamp(expires_at)),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def email_code(self, agent_id: int) -> EmailCode | None:
        """The code in force: the latest one sent."""
        row = await self._one(
            "SELECT id, email, code_hash, sent_at, expires_at, tries, verified_at IS NOT NULL, "
            "failed = 0 FROM email_codes WHERE agent_id = ? ORDER BY id DESC LIMIT 1",
            agent_id,
        )
        if row is None:
            return None
        code_id, email, code_hash, sent_at, expires, tries, verified, sent = row
        return EmailCode(
            code_id,
            email,
            code_hash,
            datetime.fromisoformat(sent_at),
            datetime.fromisoformat(expires),
            tries,
            bool(verified),
            bool(sent),
        )

    async def codes_sent_since(self, agent_id: int, since: datetime) -> list[datetime]:
        rows = await self._all(
            "SELECT sent_at FROM email_codes WHERE agent_id = ? AND failed = 0 AND sent_at > ? "
            "ORDER BY id",
            agent_id,
            stamp(since),
        )
        return [datetime.fromisoformat(r[0]) for r in rows]

    async def codes_sent_to(self, email: str, since: datetime) -> list[datetime]:
        """Codes sent to this address by any account: an address is not flooded."""
        rows = await self._all(
            "SELECT sent_at FROM email_codes WHERE email = ? AND failed = 0 AND sent_at > ? "
            "ORDER BY id",
            email,
            stamp(since),
        )
        return [datetime.fromisoformat(r[0]) for r in rows]

    async def count_try(self, code_id: int) -> None:
        await self._run("UPDATE email_codes SET tries = tries + 1 WHERE id = ?", code_id)

    async def code_verified(self, code_id: int) -> None:
        await self._run("UPDATE email_codes SET verified_at = ? WHERE id = ?", self._stamp, code_id)

    async def code_not_sent(self, code_id: int) -> None:
        await self._run("UPDATE email_codes SET failed = 1 WHERE id = ?", code_id)

    # --- the registry of collectivités --------------------------------------

    # The administrator's rows come before the registry every database knows
    # (``livret.registry``): they add CCAS, syndicats, centres de gestion, and may rename.

    async def collectivite(self, code: str) -> Collectivite | None:
        row = await self._one(f"SELECT {_COLLECTIVITE} FROM collectivites WHERE code = ?", code)
        return _registry(row) if row else registry.find(code)

    async def collectivites(self) -> list[Collectivite]:
        """The rows the administrator imported (the built-in registry is not listed)."""
        rows = await self._all(f"SELECT {_COLLECTIVITE} FROM collectivites ORDER BY code")
        return [_registry(r) for r in rows]

    async def has_collectivites(self) -> bool:
        """Whether the administrator imported any row."""
        return await self._one("SELECT 1 FROM collectivites LIMIT 1") is not None

    async def search_collectivites(self, typed: str) -> list[registry.Match]:
        """The collectivités, imported or built in, whose name is closest to ``typed``."""
        return registry.search(typed, await self.collectivites())

    async def import_collectivites(self, rows: list[Collectivite]) -> tuple[int, int]:
        """Adds or updates each row; how many were new and how many updated."""
        known = {r[0] for r in await self._all("SELECT code FROM collectivites")}
        await self._conn.executemany(
            "INSERT INTO collectivites (code, nom, type, departement, delegation_regionale, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET "
            "nom = excluded.nom, type = excluded.type, departement = excluded.departement, "
            "delegation_regionale = excluded.delegation_regionale, "
            "imported_at = excluded.imported_at",
            [
                (c.code, c.nom, c.type, c.departement, c.delegation_regionale, self._stamp)
                for c in rows
            ],
        )
        new = sum(1 for c in rows if c.code not in known)
        return new, len(rows) - new
