"""Accounts nobody uses any more: which to warn, which the warning did not bring back.

Activity is the dialog state's ``updated_at`` (written at every turn), or the account's
creation when the agent never took a turn."""

from datetime import datetime

from storage.base import Queries, stamp

_LAST = "COALESCE((SELECT s.updated_at FROM dialog_state s WHERE s.agent_id = a.id), a.created_at)"


class InactivityQueries(Queries):
    async def forget_inactivity_warnings(self) -> int:
        """Agents who came back after their warning keep their account: the warning goes,
        and so do the tries of one that did not arrive. (A turn in the second of the warning
        counts: an idle agent's last one is years old.)"""
        await self._run(
            "UPDATE agents AS a SET inactivity_tries = 0, inactivity_tried_at = NULL "
            f"WHERE a.inactivity_tried_at IS NOT NULL AND {_LAST} >= a.inactivity_tried_at"
        )
        return await self._run(
            "UPDATE agents AS a SET inactivity_warned_at = NULL "
            f"WHERE a.inactivity_warned_at IS NOT NULL AND {_LAST} >= a.inactivity_warned_at"
        )

    async def agents_to_warn(
        self, idle_since: datetime, tried_before: datetime, limit: int
    ) -> list[int]:
        """Agents idle since ``idle_since`` or longer, not yet warned: first those never
        tried, then those whose last try, before ``tried_before``, did not arrive."""
        rows = await self._all(
            f"SELECT a.id FROM agents a WHERE a.inactivity_warned_at IS NULL AND {_LAST} <= ? "
            "AND (a.inactivity_tried_at IS NULL OR a.inactivity_tried_at <= ?) "
            "ORDER BY a.inactivity_tried_at IS NOT NULL, a.id LIMIT ?",
            stamp(idle_since),
            stamp(tried_before),
            limit,
        )
        return [r[0] for r in rows]

    async def warning_not_delivered(self, agent_id: int, tries: int) -> bool:
        """The warning reached nobody: True if it is taken back to be given again later,
        False once it has been tried ``tries`` times (it then stands)."""
        changed = await self._run(
            "UPDATE agents SET inactivity_warned_at = NULL, "
            "inactivity_tries = inactivity_tries + 1, inactivity_tried_at = ? "
            "WHERE id = ? AND inactivity_tries + 1 < ?",
            self._stamp,
            agent_id,
            tries,
        )
        return changed == 1

    async def warn_inactive(self, agent_id: int, idle_since: datetime) -> bool:
        """Records the warning; False if the agent came back or was warned meanwhile."""
        changed = await self._run(
            "UPDATE agents AS a SET inactivity_warned_at = ? "
            f"WHERE a.id = ? AND a.inactivity_warned_at IS NULL AND {_LAST} <= ?",
            self._stamp,
            agent_id,
            stamp(idle_since),
        )
        return changed == 1

    async def agents_to_erase(
        self, warned_before: datetime, limit: int, agent_id: int | None = None
    ) -> list[int]:
        """Agents warned before ``warned_before`` who did nothing since (or just this one)."""
        rows = await self._all(
            "SELECT a.id FROM agents a WHERE a.inactivity_warned_at < ? "
            f"AND {_LAST} < a.inactivity_warned_at AND (? IS NULL OR a.id = ?) "
            "ORDER BY a.id LIMIT ?",
            stamp(warned_before),
            agent_id,
            agent_id,
            limit,
        )
        return [r[0] for r in rows]

    async def inactivity_warned_at(self, agent_id: int) -> datetime | None:
        row = await self._one("SELECT inactivity_warned_at FROM agents WHERE id = ?", agent_id)
        return datetime.fromisoformat(row[0]) if row and row[0] else None
