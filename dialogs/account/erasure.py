"""``/supprimer``: the agent erases their account and everything in it, after a warning and
a typed word (not a single tap). Every row goes (shares with it, so their links show
nothing), then every file (``dialogs/removals``: even through a crash), and an anonymous
count of erasures per day is all that stays."""

from dialogs import copy, removals
from dialogs.turn import Turn, nav
from storage import Tx

# Exactly as asked: an erasure is not done on a word typed loosely.
WORD = "SUPPRIMER"


def ask(t: Turn, problem: str | None = None) -> None:
    t.state.screen = "erase"
    lines = [problem] if problem else []
    lines.append(copy.ERASE_WARNING)
    t.say("\n\n".join(lines), [[nav(copy.ERASE_KEEP, "m")]])


async def typed(t: Turn) -> None:
    if t.incoming.text.strip() != WORD:
        ask(t, copy.ERASE_WRONG_WORD)
        return
    await erase(t.tx, t.agent_id)
    t.erased = t.removes = True
    t.say(copy.ERASED)


async def erase(tx: Tx, agent_id: int) -> None:
    """The agent's rows, and in the same transaction the note of their files to remove
    (``removals.finish`` removes them once it is committed, or at the next start)."""
    account = await tx.account(agent_id)
    await tx.erase_agent(agent_id)
    await removals.schedule_agent(tx, agent_id, account.email)
