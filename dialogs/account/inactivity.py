"""Accounts nobody uses any more: after ``Policy.after`` without a turn, the agent is warned
in the chat and by e-mail that the account goes after ``Policy.notice`` days (counted in
Paris days: it goes once the day it names has ended); with no turn by then it is erased as
``/supprimer`` erases it. Any turn in between keeps it (the warning is forgotten). A
warning that reached nobody is given again a day later, up to three times in all.

The warning is recorded before it is sent: a crash during the send can lose it (the
account then goes without it) but never sends it twice. The sweep runs from the bot's
JobQueue; the clock is the database's, so tests move it."""

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from dialogs import copy, mails, removals
from dialogs.account import erasure
from dialogs.messages import Button, Mailer, MailError, Outgoing
from dialogs.reminders.reminders import FAILED, SENT, Send
from dialogs.turn import GLOBAL
from livret.entries import Identite
from livret.schedule import PARIS
from storage import Database

log = logging.getLogger(__name__)

KEEP = "keep"
# A warning that reached nobody is tried this many times, a day apart.
TRIES = 3
RETRY_AFTER = timedelta(days=1)
# Accounts looked at per sweep, of each kind; the job sweeps again while a batch is full.
BATCH = 200


@dataclass(frozen=True)
class Policy:
    after: timedelta = timedelta(days=3 * 365)
    notice: timedelta = timedelta(days=30)


@dataclass
class Swept:
    warned: list[int] = field(default_factory=list)
    erased: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Reach:
    """How to reach the agent: where their messages and e-mails go."""

    mailer: Mailer
    send: Send | None = None
    channel: str = ""
    bot_username: str = ""


async def sweep(
    db: Database, policy: Policy, reach: Reach, places: removals.Places, limit: int = BATCH
) -> Swept:
    """Warns the accounts idle for ``policy.after``; erases those whose warning's last day
    has ended in Paris without a turn since; at most ``limit`` of each."""
    done = Swept()
    async with db.transaction() as tx:
        await tx.forget_inactivity_warnings()
        now = tx.now
        to_warn = await tx.agents_to_warn(now - policy.after, now - RETRY_AFTER, limit)
        to_erase = await tx.agents_to_erase(erase_before(now, policy), limit)
    for agent_id in to_warn:
        if await _warn(db, agent_id, policy, reach):
            done.warned.append(agent_id)
    for agent_id in to_erase:
        if await _erase(db, agent_id, policy):
            done.erased.append(agent_id)
    if done.erased:
        await removals.finish(db, places)
    return done


def last_day(warned: datetime, policy: Policy) -> date:
    """The last day the account is kept, as the warning says: counted in Paris days."""
    return warned.astimezone(PARIS).date() + timedelta(days=policy.notice.days)


def erase_before(now: datetime, policy: Policy) -> datetime:
    """Accounts warned before this moment have seen their last day end, in Paris."""
    day = now.astimezone(PARIS).date() - timedelta(days=policy.notice.days)
    return datetime.combine(day, time(0), PARIS).astimezone(UTC)


async def _warn(db: Database, agent_id: int, policy: Policy, reach: Reach) -> bool:
    async with db.transaction() as tx:
        if not await tx.warn_inactive(agent_id, tx.now - policy.after):
            return False
        account = await tx.account(agent_id)
        found = await tx.entries(agent_id, "identite")
        channels = [c for c in await tx.channels(agent_id) if c.channel == reach.channel]
        day = last_day(tx.now, policy).strftime("%d/%m/%Y")
    years = _years(policy.after)
    delivered = failed = False
    if reach.send is not None and channels:
        text = copy.INACTIVE_WARNING.format(years=years, day=day)
        keep = [[Button(copy.INACTIVE_KEEP, f"{GLOBAL}|{KEEP}")]]
        result = await reach.send(channels[0], Outgoing(text, keep))
        delivered, failed = result == SENT, result == FAILED
    if account.email:
        ident = found[0].data if found else None
        prenom = ident.prenom if isinstance(ident, Identite) else ""
        bot = f"https://t.me/{reach.bot_username}" if reach.bot_username else "https://t.me"
        try:
            await reach.mailer.send(mails.inactive_mail(account.email, prenom, years, day, bot))
            delivered = True
        except MailError:
            log.warning("inactivity warning not e-mailed to agent %s", agent_id)
            failed = True
    if failed and not delivered:
        # Not told, maybe for a reason that passes (network, mail server): told again a day
        # later, a few times; then the warning stands, since some reasons do not pass (an
        # address refused for good). An agent with no way to be told at all is not held.
        async with db.transaction() as tx:
            if await tx.warning_not_delivered(agent_id, TRIES):
                return False
    return True


async def _erase(db: Database, agent_id: int, policy: Policy) -> bool:
    async with db.transaction() as tx:
        # Read again: a turn since the batch was read keeps the account.
        if agent_id not in await tx.agents_to_erase(erase_before(tx.now, policy), 1, agent_id):
            return False
        await erasure.erase(tx, agent_id)
    return True


def _years(after: timedelta) -> str:
    """The idle time as the warning says it: in years when it is some, else in days."""
    years = after.days // 365
    if years == 1:
        return copy.SINCE_ONE_YEAR
    if years > 1:
        return copy.SINCE_YEARS.format(n=years)
    return copy.SINCE_DAYS.format(n=after.days)
