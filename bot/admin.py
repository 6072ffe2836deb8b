"""``livret admin``: what an administrator does from the server's shell.

``collectivites import FILE.csv`` loads the registry the délégation régionale provides
(good rows kept, bad ones reported by line); ``collectivites list`` shows it.
"""

import sys
from pathlib import Path
from typing import TextIO

from bot import copy
from bot.config import Settings
from livret import registry
from livret.collectivites import CsvHeaderError, read_csv
from storage import Database, RestoreError


async def import_collectivites(
    settings: Settings, path: Path, out: TextIO = sys.stdout, *, if_empty: bool = False
) -> int:
    """The exit status: 0 when every row was taken, 1 when some were refused, 2 when the
    file could not be read at all."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        out.write(copy.CSV_MISSING.format(path=path) + "\n")
        return 2
    except OSError:
        out.write(copy.CSV_UNREADABLE.format(path=path) + "\n")
        return 2
    except UnicodeDecodeError:
        out.write(copy.CSV_NOT_UTF8.format(path=path) + "\n")
        return 2
    try:
        read = read_csv(text)
    except CsvHeaderError as error:
        out.write(copy.CSV_BAD_HEADER.format(path=path, problem=error) + "\n")
        return 2
    db = await Database.open(settings.database)
    try:
        async with db.transaction() as tx:
            if if_empty and await tx.has_collectivites():
                out.write(copy.CSV_SKIPPED + "\n")
                return 0
            new, updated = await tx.import_collectivites(read.good)
    finally:
        await db.close()
    out.write(copy.CSV_IMPORTED.format(new=new, updated=updated) + "\n")
    for bad in read.bad:
        out.write(copy.CSV_BAD_ROW.format(line=bad.line, problem=bad.problem) + "\n")
    if read.bad:
        out.write(copy.CSV_BAD_COUNT.format(count=len(read.bad)) + "\n")
    return 1 if read.bad else 0


async def list_collectivites(settings: Settings, out: TextIO = sys.stdout) -> int:
    db = await Database.open(settings.database)
    try:
        async with db.transaction() as tx:
            found = await tx.collectivites()
    finally:
        await db.close()
    builtin = copy.REGISTRY_BUILTIN.format(count=f"{len(registry.builtin()):,}".replace(",", " "))
    if not found:
        out.write(copy.REGISTRY_EMPTY + "\n" + builtin + "\n")
        return 0
    for c in found:
        out.write(
            copy.COLLECTIVITE_LINE.format(
                code=c.code,
                nom=c.nom,
                type=c.type,
                departement=c.departement,
                delegation=c.delegation_regionale,
            )
            + "\n"
        )
    out.write(copy.COLLECTIVITE_COUNT.format(count=len(found)) + "\n")
    out.write(builtin + "\n")
    return 0


async def _agent_of(db: Database, who: str, out: TextIO) -> int | None:
    """The agent support named, or None once it has said there is none."""
    from bot.export import find_agent

    agent_id = await find_agent(db, who)
    if agent_id is None:
        out.write(copy.EXPORT_UNKNOWN_AGENT.format(agent=who) + "\n")
    return agent_id


async def show_agent(settings: Settings, who: str, out: TextIO = sys.stdout) -> int:
    """What exists for an agent (how many records of each kind), never the content."""
    from bot.services import services

    async with services(settings) as opened:
        agent_id = await _agent_of(opened.db, who, out)
        if agent_id is None:
            return 1
        async with opened.db.transaction() as tx:
            account = await tx.account(agent_id)
            held = await tx.holdings(agent_id)
    out.write(
        copy.AGENT_SHOWN.format(
            agent=agent_id,
            identifiant=account.identifiant or "—",
            activated="oui" if account.activated else "non",
        )
        + "\n"
    )
    for table, count in held.items():
        out.write(copy.AGENT_HOLDING.format(what=copy.HOLDINGS[table], count=count) + "\n")
    return 0


async def delete_agent(settings: Settings, who: str, out: TextIO = sys.stdout) -> int:
    """Erases an agent as ``/supprimer`` does, for a request that came by post or e-mail."""
    from bot.services import services
    from dialogs import removals
    from dialogs.account import erasure

    async with services(settings) as opened:
        agent_id = await _agent_of(opened.db, who, out)
        if agent_id is None:
            return 1
        async with opened.db.transaction() as tx:
            await erasure.erase(tx, agent_id)
        await removals.finish(opened.db, opened.engine.places())
    out.write(copy.AGENT_ERASED.format(agent=agent_id) + "\n")
    return 0


async def import_agent(settings: Settings, archive: Path, out: TextIO = sys.stdout) -> int:
    """Restores an agent from the ZIP ``/mesdonnees`` made, all of it or nothing."""
    from dialogs.account.data_import import restore

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = await Database.open(settings.database)
    try:
        done = await restore(db, archive, settings.proofs)
    except RestoreError as error:
        problem = copy.IMPORT_PROBLEMS[error.reason].format(detail=error.detail)
        out.write(copy.IMPORT_REFUSED.format(problem=problem) + "\n")
        return 1
    finally:
        await db.close()
    out.write(
        copy.AGENT_IMPORTED.format(
            identifiant=done.identifiant or "—",
            agent=done.agent_id,
            entries=done.entries,
            proofs=len(done.proofs),
            shares=done.shares,
        )
        + "\n"
    )
    for channel in done.channels_taken:
        out.write(copy.AGENT_IMPORT_CHANNEL_TAKEN.format(channel=channel) + "\n")
    if not done.collectivite_known:
        out.write(copy.AGENT_IMPORT_UNKNOWN_COLLECTIVITE.format(code=done.collectivite) + "\n")
    if done.shares:
        out.write(copy.AGENT_IMPORT_LINKS + "\n")
    return 0
