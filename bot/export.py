"""``livret export AGENT``: an agent's livret as Word or PDF, for support staff."""

import asyncio
from pathlib import Path

from bot import copy
from bot.config import Settings
from bot.services import services
from dialogs.numbers import parse_id
from dialogs.sharing.edition import load_context, today
from documents.edition import make_edition
from livret.identifiant import PATTERN
from storage import Database


async def find_agent(db: Database, who: str) -> int | None:
    """``LIF-7K3P-9QXM`` (the livret identifiant), ``12`` (the agent's id),
    ``telegram:123456`` or ``terminal:anne``."""
    async with db.transaction() as tx:
        if PATTERN.fullmatch(who.upper()):
            return await tx.agent_with_identifiant(who.upper())
        if (number := parse_id(who)) is not None:
            return number if await tx.agent_exists(number) else None
        channel, _, external_id = who.partition(":")
        return await tx.find_agent(channel, external_id) if external_id else None


async def export(settings: Settings, who: str, kind: str, output: Path | None) -> Path:
    async with services(settings) as opened:
        agent_id = await find_agent(opened.db, who)
        if agent_id is None:
            raise LookupError(copy.EXPORT_UNKNOWN_AGENT.format(agent=who))
        day = today(opened.db)
        context = await load_context(opened.db, agent_id, day)
        edition = await make_edition(context, {kind}, opened.engine.converter, day)
    if edition.pdf_problem:
        raise RuntimeError(copy.EXPORT_NO_PDF.format(reason=edition.pdf_problem))
    [made] = edition.files
    target = output or Path(made.name)
    if target.is_dir():
        target = target / made.name
    if target.suffix.lower() != f".{kind}":
        raise RuntimeError(copy.EXPORT_SUFFIX.format(path=target, kind=kind))
    try:
        await asyncio.to_thread(target.write_bytes, made.data)
    except OSError as error:
        raise RuntimeError(copy.EXPORT_WRITE.format(path=target, error=error.strerror)) from error
    return target
