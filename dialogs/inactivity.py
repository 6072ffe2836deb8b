"""Accounts nobody uses any more: after ``Policy.after`` without a turn, the agent is warned
in the chat and by e-mail; after ``Policy.notice`` more with no turn, the account is erased
as ``/supprimer`` erases it. Any turn in between keeps it (the warning is forgotten).

The warning is recorded before it is sent: a crash during the send can lose it (the
account then goes without it) but never sends it twice. The sweep runs from the bot's
JobQueue; the clock is the database's, so tests move it."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from dialogs import copy, erasure, mails
from dialogs.messages import Button, Mailer, MailError, Outgoing
from dialogs.reminders import Send
from dialogs.sharing import day_text
from dialogs.turn import GLOBAL
from livret.entries import Identite
from storage import Database

log = logging.getLogger(__name__)

KEEP = "keep"
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
    db: Database, policy: Policy, reach: Reach, folders: list[Path | None], limit: int = BATCH
) -> Swept:
    """Warns the accounts idle for ``policy.after``, erases those warned ``policy.notice``
    ago who did not come back; at most ``limit`` of each."""
    done = Swept()
    async with db.transaction() as tx:
        await tx.forget_inactivity_warnings()
        now = tx.now
        to_warn = await tx.agents_to_warn(now - policy.after, limit)
        to_erase = await tx.agents_to_erase(now - policy.notice, limit)
    for agent_id in to_warn:
        if await _warn(db, agent_id, policy, reach):
            done.warned.append(agent_id)
    for agent_id in to_erase:
        if await _erase(db, agent_id, policy, reach.mailer, folders):
            done.erased.append(agent_id)
    return done


async def _warn(db: Database, agent_id: int, policy: Policy, reach: Reach) -> bool:
    async with db.transaction() as tx:
        if not await tx.warn_inactive(agent_id, tx.now - policy.after):
            return False
        account = await tx.account(agent_id)
        found = await tx.entries(agent_id, "identite")
        channels = [c for c in await tx.channels(agent_id) if c.channel == reach.channel]
        day = day_text(tx.now + policy.notice)
    years = _years(policy.after)
    if reach.send is not None and channels:
        text = copy.INACTIVE_WARNING.format(years=years, day=day)
        await reach.send(
            channels[0], Outgoing(text, [[Button(copy.INACTIVE_KEEP, f"{GLOBAL}|{KEEP}")]])
        )
    if account.email:
        ident = found[0].data if found else None
        prenom = ident.prenom if isinstance(ident, Identite) else ""
        bot = f"https://t.me/{reach.bot_username}" if reach.bot_username else "https://t.me"
        try:
            await reach.mailer.send(mails.inactive_mail(account.email, prenom, years, day, bot))
        except MailError:
            log.warning("inactivity warning not e-mailed to agent %s", agent_id)
    return True


async def _erase(
    db: Database, agent_id: int, policy: Policy, mailer: Mailer, folders: list[Path | None]
) -> bool:
    async with db.transaction() as tx:
        # Read again: a turn since the batch was read keeps the account.
        if agent_id not in await tx.agents_to_erase(tx.now - policy.notice, 1, agent_id):
            return False
        account = await tx.account(agent_id)
        await tx.erase_agent(agent_id)
    await erasure.clear_files(erasure.Erased(agent_id, account.email), db, folders, mailer)
    return True


def _years(after: timedelta) -> str:
    """The idle time as the warning says it: in years when it is some, else in days."""
    years = after.days // 365
    if years == 1:
        return copy.SINCE_ONE_YEAR
    if years > 1:
        return copy.SINCE_YEARS.format(n=years)
    return copy.SINCE_DAYS.format(n=after.days)
