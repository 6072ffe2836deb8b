"""``/supprimer``: the agent erases their account and everything in it, after a warning and
a typed word (not a single tap). Every row goes (shares with it, so their links show
nothing), then every file, and an anonymous count of erasures per day is all that stays."""

import asyncio
import shutil
from dataclasses import dataclass
from pathlib import Path

from dialogs import copy
from dialogs.messages import Mailer
from dialogs.turn import Turn, nav
from dialogs.widgets import fold
from storage import Database

WORD = "supprimer"


@dataclass(frozen=True)
class Erased:
    """What is left to clear once the rows are gone: the agent's folders and mail."""

    agent_id: int
    email: str | None


def ask(t: Turn, problem: str | None = None) -> None:
    t.state.screen = "erase"
    lines = [problem] if problem else []
    lines.append(copy.ERASE_WARNING)
    t.say("\n\n".join(lines), [[nav(copy.ERASE_KEEP, "m")]])


async def typed(t: Turn) -> None:
    if fold(t.incoming.text) != WORD:
        ask(t, copy.ERASE_WRONG_WORD)
        return
    account = await t.tx.account(t.agent_id)
    await t.tx.erase_agent(t.agent_id)
    t.erased = Erased(t.agent_id, account.email)
    t.say(copy.ERASED)


async def clear_files(
    erased: Erased, db: Database, folders: list[Path | None], mailer: Mailer
) -> None:
    """After the rows: the agent's folders, the e-mails kept for them, the WAL emptied."""
    for folder in folders:
        if folder is not None:
            target = folder / f"agent-{erased.agent_id}"
            await asyncio.to_thread(shutil.rmtree, target, ignore_errors=True)
    if erased.email:
        await mailer.forget(erased.email)
    await db.checkpoint()
