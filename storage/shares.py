"""Shares: the extracts an agent sent, their snapshot, their expiry and every opening."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.base import Queries, stamp


@dataclass(frozen=True)
class Share:
    id: int
    agent_id: int
    # "chat": sent to the agent themself; "link": a link for a manager; "email": by e-mail.
    kind: str
    recipient: str | None
    note: str | None
    snapshot: dict[str, Any]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    notify: bool
    openings: int = 0
    last_opened: datetime | None = None
    # An e-mail share's e-mail: "pending" until it went ("sent") or could not ("failed").
    mail_state: str | None = None

    def open_at(self, now: datetime) -> bool:
        """Whether a manager may still open it."""
        return self.revoked_at is None and self.expires_at is not None and now < self.expires_at


@dataclass(frozen=True)
class Opening:
    opened_at: datetime
    channel: str
    external_id: str
    opener: str


_COLUMNS = (
    "s.id, s.agent_id, s.kind, s.recipient, s.note, s.snapshot, s.created_at, s.expires_at, "
    "s.revoked_at, s.notify, (SELECT COUNT(*) FROM share_openings o WHERE o.share_id = s.id), "
    "(SELECT MAX(opened_at) FROM share_openings o WHERE o.share_id = s.id), s.mail_state"
)


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _share(row: tuple[Any, ...]) -> Share:
    (
        sid,
        agent,
        kind,
        recipient,
        note,
        snapshot,
        created,
        expires,
        revoked,
        notify,
        n,
        last,
        mail,
    ) = row
    return Share(
        sid,
        agent,
        kind,
        recipient,
        note,
        json.loads(snapshot),
        datetime.fromisoformat(created),
        _when(expires),
        _when(revoked),
        bool(notify),
        n,
        _when(last),
        mail,
    )


class ShareQueries(Queries):
    async def add_share(
        self,
        agent_id: int,
        kind: str,
        snapshot: dict[str, Any],
        *,
        token_hash: str | None = None,
        recipient: str | None = None,
        note: str | None = None,
        expires_at: datetime | None = None,
    ) -> int:
        cur = await self._conn.execute(
            "INSERT INTO shares (agent_id, kind, token_hash, recipient, note, snapshot, "
            "created_at, expires_at, mail_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                agent_id,
                kind,
                token_hash,
                recipient,
                note,
                json.dumps(snapshot, ensure_ascii=False),
                self._stamp,
                stamp(expires_at) if expires_at else None,
                "pending" if kind == "email" else None,
            ),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def share(self, agent_id: int, share_id: int) -> Share | None:
        row = await self._one(
            f"SELECT {_COLUMNS} FROM shares s WHERE s.agent_id = ? AND s.id = ?",
            agent_id,
            share_id,
        )
        return _share(row) if row else None

    async def shares(self, agent_id: int) -> list[Share]:
        """The agent's shares sent to someone else (links and e-mails), newest first."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM shares s WHERE s.agent_id = ? AND s.kind != 'chat' "
            "ORDER BY s.id DESC",
            agent_id,
        )
        return [_share(r) for r in rows]

    async def share_by_token(self, token_hash: str) -> Share | None:
        row = await self._one(f"SELECT {_COLUMNS} FROM shares s WHERE s.token_hash = ?", token_hash)
        return _share(row) if row else None

    async def record_opening(
        self,
        share_id: int,
        channel: str,
        external_id: str,
        update_key: str | None,
        opener: str = "",
    ) -> bool:
        """False when this update was already recorded (a redelivery)."""
        added = await self._run(
            "INSERT INTO share_openings (share_id, opened_at, channel, external_id, opener, "
            "update_key) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (update_key) DO NOTHING",
            share_id,
            self._stamp,
            channel,
            external_id,
            opener,
            update_key,
        )
        return added == 1

    async def openings(self, agent_id: int, share_id: int, limit: int) -> list[Opening]:
        """The latest openings of one of the agent's shares, the latest first."""
        rows = await self._all(
            "SELECT o.opened_at, o.channel, o.external_id, o.opener FROM share_openings o "
            "JOIN shares s ON s.id = o.share_id WHERE s.agent_id = ? AND s.id = ? "
            "ORDER BY o.id DESC LIMIT ?",
            agent_id,
            share_id,
            limit,
        )
        return [Opening(datetime.fromisoformat(r[0]), r[1], r[2], r[3]) for r in rows]

    async def revoke_share(self, agent_id: int, share_id: int) -> bool:
        """False when it is not the agent's, or already revoked."""
        changed = await self._run(
            "UPDATE shares SET revoked_at = ? WHERE agent_id = ? AND id = ? "
            "AND revoked_at IS NULL AND kind != 'chat'",
            self._stamp,
            agent_id,
            share_id,
        )
        return changed == 1

    async def set_share_notify(self, agent_id: int, share_id: int, notify: bool) -> bool:
        """False unless it is the agent's, and still open."""
        changed = await self._run(
            "UPDATE shares SET notify = ? WHERE agent_id = ? AND id = ? AND kind != 'chat' "
            "AND revoked_at IS NULL AND expires_at > ?",
            int(notify),
            agent_id,
            share_id,
            self._stamp,
        )
        return changed == 1

    async def share_mailed(self, share_id: int, sent: bool) -> None:
        """What became of an e-mail share's e-mail, once the mail server answered."""
        await self._run(
            "UPDATE shares SET mail_state = ? WHERE id = ? AND kind = 'email'",
            "sent" if sent else "failed",
            share_id,
        )
