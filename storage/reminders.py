"""Reminders: each agent's plan, the next one due, and the bookkeeping of sending them."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from livret.schedule import Cadence, Plan
from storage.base import Queries, stamp


@dataclass(frozen=True)
class Reminder:
    agent_id: int
    plan: Plan
    next_due: datetime | None
    ignored: int
    last_sent_at: datetime | None
    stopped: str | None
    attempted_due: datetime | None


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


_COLUMNS = (
    "agent_id, cadence, weekday, hour, yearly, next_due, ignored, last_sent_at, stopped, "
    "attempted_due"
)


def _reminder(row: Any) -> Reminder:
    agent_id, cadence, weekday, hour, yearly, due, ignored, last, stopped, attempted = row
    return Reminder(
        agent_id,
        Plan(Cadence(cadence), weekday, hour, bool(yearly)),
        _when(due),
        ignored,
        _when(last),
        stopped,
        _when(attempted),
    )


class ReminderQueries(Queries):
    async def reminder(self, agent_id: int) -> Reminder | None:
        row = await self._one(f"SELECT {_COLUMNS} FROM reminders WHERE agent_id = ?", agent_id)
        return _reminder(row) if row else None

    async def set_reminder_plan(self, agent_id: int, plan: Plan, due: datetime | None) -> None:
        """A plan chosen (again): the count of ignored ones and any stop start afresh."""
        await self._run(
            "INSERT INTO reminders (agent_id, cadence, weekday, hour, yearly, next_due) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (agent_id) DO UPDATE SET "
            "cadence = excluded.cadence, weekday = excluded.weekday, hour = excluded.hour, "
            "yearly = excluded.yearly, next_due = excluded.next_due, ignored = 0, "
            "stopped = NULL, stopped_at = NULL",
            agent_id,
            plan.cadence.value,
            plan.weekday,
            plan.hour,
            int(plan.yearly),
            stamp(due) if due else None,
        )

    async def due_reminders(self, now: datetime, limit: int) -> list[Reminder]:
        """The earliest due, through the index on ``next_due``."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM reminders WHERE next_due IS NOT NULL AND next_due <= ? "
            "ORDER BY next_due LIMIT ?",
            stamp(now),
            limit,
        )
        return [_reminder(r) for r in rows]

    async def attempt_reminder(self, agent_id: int, due: datetime) -> bool:
        """Records that this due time's reminder is being sent; False if it already was."""
        changed = await self._run(
            "UPDATE reminders SET attempted_due = ? WHERE agent_id = ? AND next_due = ? "
            "AND (attempted_due IS NULL OR attempted_due != ?)",
            stamp(due),
            agent_id,
            stamp(due),
            stamp(due),
        )
        return changed == 1

    async def reminder_done(
        self, agent_id: int, due: datetime, next_due: datetime | None, ignored: int, sent: bool
    ) -> None:
        """The reminder due at ``due`` is dealt with: plan the next one."""
        await self._run(
            "UPDATE reminders SET next_due = ?, ignored = ?, "
            "last_sent_at = CASE WHEN ? THEN ? ELSE last_sent_at END "
            "WHERE agent_id = ? AND next_due = ?",
            stamp(next_due) if next_due else None,
            ignored,
            int(sent),
            self._stamp,
            agent_id,
            stamp(due),
        )

    async def stop_reminders(self, agent_id: int, reason: str) -> None:
        await self._run(
            "UPDATE reminders SET next_due = NULL, stopped = ?, stopped_at = ?, "
            "last_sent_at = COALESCE(?, last_sent_at) WHERE agent_id = ?",
            reason,
            self._stamp,
            self._stamp if reason == "paused" else None,
            agent_id,
        )

    async def last_activity(self, agent_id: int) -> datetime | None:
        """When the agent last did something (their dialog state is saved at every turn)."""
        row = await self._one("SELECT updated_at FROM dialog_state WHERE agent_id = ?", agent_id)
        return datetime.fromisoformat(row[0]) if row else None
