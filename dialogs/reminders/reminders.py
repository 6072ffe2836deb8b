"""Reminders: the agent's plan ("⏰ Rappels", ``/rappels``), the reminder itself (progress,
the next thing to fill, one button that opens it), and the dispatcher that sends the due
ones through whatever transport reaches the agent.

Each due time is sent at most once: its attempt is committed before the message goes, and
an attempted one is never sent again (a crash during a send loses that reminder rather than
repeating it). Reminders stop when the livret is complete (then once a year), pause after
three in a row that the agent did not come back after, and stop for good if the agent
blocked the bot.
"""

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from dialogs import copy, numbered
from dialogs.messages import Button, Outgoing
from dialogs.numbers import parse_id
from dialogs.turn import GLOBAL, Btn, Reply, Turn, nav
from dialogs.views import livret_progress, progress_bar
from livret.catalogue import find_rubrique, rubrique
from livret.fields import is_blank
from livret.progress import State
from livret.schedule import (
    DAY_END,
    DAY_START,
    PARIS,
    WEEKDAYS,
    WORKING_DAYS,
    Cadence,
    Plan,
    next_due,
    yearly_due,
)
from livret.text import fold
from storage import Channel, Database, Reminder, Tx

log = logging.getLogger(__name__)

IGNORED_MAX = 3
# Later than this after its time (the server was down), a reminder waits for its next slot.
LATE = timedelta(hours=2)
YEAR = timedelta(days=360)
# The hours offered: the working day, then the evening ones the agent may pick.
HOURS = tuple(range(DAY_START, DAY_END))
EVENING = (20, 21)


def describe(plan: Plan) -> str:
    if plan.cadence is Cadence.NEVER:
        return copy.REMINDERS_OFF
    return copy.REMINDERS_PLAN.format(
        cadence=plan.cadence.label.lower(), day=WEEKDAYS[plan.weekday], hour=plan.hour
    )


def when(moment: datetime) -> str:
    local = moment.astimezone(PARIS)
    return f"{WEEKDAYS[local.weekday()]} {local.strftime('%d/%m')} à {local.hour}h"


async def plan_default(tx: Tx, agent_id: int) -> str:
    """At activation: weekly reminders unless the agent already has a plan; what to say."""
    found = await tx.reminder(agent_id)
    if found is not None:
        return describe(found.plan)
    plan = Plan()
    await tx.set_reminder_plan(agent_id, plan, next_due(plan, tx.now))
    return copy.REMINDERS_DEFAULT.format(plan=describe(plan))


async def show(t: Turn, intro: str | None = None) -> None:
    t.state.screen = "reminders"
    found = await t.tx.reminder(t.agent_id)
    plan = found.plan if found else Plan(Cadence.NEVER)
    lines = [intro, ""] if intro else []
    lines += [copy.REMINDERS_TITLE, describe(plan)]
    if found is not None and found.stopped:
        lines.append(copy.REMINDERS_STOPPED[found.stopped])
    elif await compose(t.tx, t.agent_id, None) is None:
        lines.append(copy.REMINDERS_COMPLETE_YEARLY if plan.yearly else copy.REMINDERS_COMPLETE)
    elif found is not None and found.next_due is not None:
        lines.append(copy.REMINDERS_NEXT.format(when=when(found.next_due)))
    rows = [
        [Btn(("✅ " if c is plan.cadence else "") + c.label, f"cad:{c.value}")] for c in Cadence
    ]
    if plan.cadence is not Cadence.NEVER:
        rows.append([Btn(copy.REMINDERS_DAY, "day"), Btn(copy.REMINDERS_HOUR, "hour")])
        yearly = copy.REMINDERS_YEARLY_ON if plan.yearly else copy.REMINDERS_YEARLY_OFF
        rows.append([Btn(yearly, f"yearly:{0 if plan.yearly else 1}")])
    rows.append([nav(copy.BACK_MENU, "m")])
    t.say("\n".join(lines), rows)


def ask_day(t: Turn) -> None:
    t.state.screen = "reminder_day"
    work = [Btn(WEEKDAYS[d].capitalize(), f"wd:{d}") for d in WORKING_DAYS]
    weekend = [Btn(WEEKDAYS[d].capitalize(), f"wd:{d}") for d in range(7) if d not in WORKING_DAYS]
    t.say(copy.REMINDERS_ASK_DAY, [work[:3], work[3:], weekend, [Btn(copy.BACK, "back")]])


def ask_hour(t: Turn) -> None:
    t.state.screen = "reminder_hour"
    day = [Btn(f"{h}h", f"h:{h}") for h in HOURS]
    rows = [day[i : i + 4] for i in range(0, len(day), 4)]
    rows.append([Btn(f"{h}h", f"h:{h}") for h in EVENING])
    t.say(copy.REMINDERS_ASK_HOUR, [*rows, [Btn(copy.BACK, "back")]])
    # "9" is 9h, not the ninth button (16h): the terminal must not read it as one.
    t.replies[-1].number_answer = True


# "9", "9h", "9 h", "9h00", "09:00", "9 heures": an hour typed instead of tapped.
_TYPED_HOUR = re.compile(r"^(\d{1,2})\s*(?:h|heures?|:)?\s*(?:00)?$")


async def typed_hour(t: Turn) -> None:
    found = _TYPED_HOUR.match(fold(t.incoming.text).strip(" ."))
    hour = int(found[1]) if found else None
    if hour is None or hour not in HOURS + EVENING:
        t.note(copy.REMINDERS_HOUR_NOT_OFFERED)
        ask_hour(t)
        return
    await choose(t, str(hour), name="h")


async def typed_day(t: Turn) -> None:
    word = fold(t.incoming.text).strip(" .")
    day = next((d for d in range(7) if fold(WEEKDAYS[d]) == word), None)
    if day is None:
        t.note(copy.REMINDERS_DAY_UNKNOWN)
        ask_day(t)
        return
    await choose(t, str(day), name="wd")


async def choose(t: Turn, arg: str, *, name: str) -> bool:
    """A cadence, a day or an hour chosen; False when the button means nothing."""
    found = await t.tx.reminder(t.agent_id)
    plan = found.plan if found else Plan()
    if name == "cad" and arg in {c.value for c in Cadence}:
        plan = replace(plan, cadence=Cadence(arg))
    elif name == "wd" and (number := parse_id(arg)) is not None and number < 7:
        plan = replace(plan, weekday=number)
    elif name == "h" and (number := parse_id(arg)) is not None and number in HOURS + EVENING:
        plan = replace(plan, hour=number)
    elif name == "yearly" and arg in ("0", "1"):
        plan = replace(plan, yearly=arg == "1")
    else:
        return False
    # A step from the last one sent: a new hour today would make two reminders in a day.
    last = found.last_sent_at if found else None
    await t.tx.set_reminder_plan(t.agent_id, plan, next_due(plan, t.tx.now, last))
    await show(t, copy.REMINDERS_SET)
    return True


# ---- the reminder --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderText:
    text: str
    label: str
    # A navigation action: it opens exactly the next thing to fill, from any old message.
    action: str


async def compose(tx: Tx, agent_id: int, draft_title: str | None) -> ReminderText | None:
    """The reminder as the agent reads it; None when the livret is complete (every
    rubrique, with its expected fields, and the employer given)."""
    p = await livret_progress(tx, agent_id)
    following = p.next_to_fill()
    unbound = (await tx.account(agent_id)).collectivite is None
    if following is None and draft_title is None and not unbound:
        return None
    lines = [
        copy.REMINDER_TITLE,
        copy.MENU_PROGRESS.format(bar=progress_bar(p.done, p.total), done=p.done, total=p.total),
    ]
    if draft_title is not None:
        lines.append(copy.REMINDER_DRAFT.format(what=draft_title))
        label, action = copy.MENU_RESUME.format(what=draft_title), "rs"
    elif following is not None and p.state(following.code) is State.PARTIAL:
        found = await tx.entries(agent_id, following.code)
        missing = ", ".join(f.label.lower() for f in following.missing(found[0].data))
        lines.append(copy.REMINDER_NEXT_PARTIAL.format(title=following.title, missing=missing))
        label, action = copy.REMINDER_OPEN.format(title=following.title), f"r:{following.code}"
    elif following is not None:
        lines.append(copy.REMINDER_NEXT.format(title=following.title))
        label, action = copy.REMINDER_OPEN.format(title=following.title), f"r:{following.code}"
    else:
        label, action = copy.MENU_GIVE_COLLECTIVITE, "coll"
    if unbound:
        lines.append(copy.REMINDER_UNBOUND)
    lines.append(copy.REMINDER_HOW_TO_STOP)
    return ReminderText("\n".join(lines), label, action)


def draft_title(state: dict[str, Any] | None) -> str | None:
    """The unfinished entry of a saved dialog state, if it has answers."""
    draft = (state or {}).get("draft")
    if not isinstance(draft, dict):
        return None
    if all(is_blank(v) for v in (draft.get("data") or {}).values()):
        return None
    code = draft.get("rubrique")
    return rubrique(code).singular if isinstance(code, str) and find_rubrique(code) else None


async def preview(t: Turn) -> None:
    """``/rappel``: the reminder the agent would get now (the terminal's way to see one)."""
    found = await compose(t.tx, t.agent_id, draft_title(t.state.model_dump(mode="json")))
    if found is None:
        t.note(copy.REMINDER_COMPLETE)
        return
    t.replies.append(Reply(found.text, [[nav(found.label, found.action)]], note=True))


# ---- the dispatcher -------------------------------------------------------------------------

Send = Callable[[Channel, Outgoing], Awaitable[str]]
SENT, BLOCKED, FAILED = "sent", "blocked", "failed"


@dataclass
class Dispatched:
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    skipped: int = 0


async def dispatch(
    db: Database, send: Send, channel: str, limit: int = 200, in_flight: int = 30
) -> Dispatched:
    """Sends the reminders due now (at most ``limit``) to the agents ``channel`` reaches,
    ``in_flight`` at a time: the transport's rate limiter paces them, not the round trip."""
    done = Dispatched()
    async with db.transaction() as tx:
        due = await tx.due_reminders(tx.now, limit)
    slots = asyncio.Semaphore(in_flight)

    async def one(reminder: Reminder) -> None:
        async with slots:
            outcome = await _one(db, reminder.agent_id, send, channel)
        setattr(done, outcome, getattr(done, outcome) + 1)

    await asyncio.gather(*(one(r) for r in due))
    return done


async def _one(db: Database, agent_id: int, send: Send, channel: str) -> str:
    async with db.transaction() as tx:
        # Read again: the agent may have changed the plan since the batch was read.
        reminder = await tx.reminder(agent_id)
        if reminder is None or reminder.next_due is None or reminder.next_due > tx.now:
            return "skipped"
        due, now = reminder.next_due, tx.now
        if reminder.attempted_due == due:
            # Sent, or lost in a crash during the send: either way never sent again.
            await tx.reminder_done(agent_id, due, _after(reminder, now), reminder.ignored, False)
            return "skipped"
        if now - due > LATE:
            # Overdue after a downtime: the agent chose their hour; wait for the next one.
            await tx.reminder_done(agent_id, due, _after(reminder, now), reminder.ignored, False)
            return "skipped"
        reached = [c for c in await tx.channels(agent_id) if c.channel == channel]
        if not reached:
            await tx.reminder_done(agent_id, due, _after(reminder, now), reminder.ignored, False)
            return "skipped"
        activity = await tx.last_activity(agent_id)
        came_back = reminder.last_sent_at is None or (
            activity is not None and activity > reminder.last_sent_at
        )
        ignored = 0 if came_back else reminder.ignored + 1
        record = await tx.dialog_state(agent_id)
        found = await compose(tx, agent_id, draft_title(record.state if record else None))
        following = _after(reminder, now)
        stop = None
        if found is None:
            # Complete: nothing to ask while it stays so (checked again at each slot);
            # once a year if the agent chose it.
            year = reminder.last_sent_at is None or now - reminder.last_sent_at > YEAR
            if not (reminder.plan.yearly and year):
                nxt = yearly_due(reminder.plan, now) if reminder.plan.yearly else following
                await tx.reminder_done(agent_id, due, nxt, 0, False)
                return "skipped"
            out = Outgoing(copy.REMINDER_YEARLY, [[Button(copy.BACK_MENU, f"{GLOBAL}|m")]])
            following, ignored = yearly_due(reminder.plan, now), 0
        elif ignored >= IGNORED_MAX:
            out, stop = Outgoing(copy.REMINDERS_PAUSED), "paused"
        else:
            out = Outgoing(found.text, [[Button(found.label, f"{GLOBAL}|{found.action}")]])
        if not await tx.attempt_reminder(agent_id, due):
            return "skipped"
    # Committed before sending: a crash from here on never sends this due time twice.
    result = await send(reached[0], out)
    async with db.transaction() as tx:
        if result == BLOCKED:
            await tx.stop_reminders(agent_id, "blocked")
        elif result == FAILED:
            # Not the agent's doing: the count of ignored ones stays as it was.
            await tx.reminder_done(agent_id, due, following, reminder.ignored, False)
        elif stop is not None:
            await tx.stop_reminders(agent_id, stop)
        else:
            await tx.reminder_done(agent_id, due, following, ignored, True)
            await numbered.renew(tx, agent_id, out)
    return {SENT: "sent", BLOCKED: "blocked"}.get(result, "failed")


def _after(reminder: Reminder, now: datetime) -> datetime | None:
    return next_due(reminder.plan, now, reminder.next_due)
