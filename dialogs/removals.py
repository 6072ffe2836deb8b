"""Files that go with deleted rows: an erased agent's folders and kept e-mails, a removed
proof's file. What to remove is recorded in the deletion's own transaction (``schedule_*``);
``finish`` removes it once that is committed, then forgets the record. It runs after the
turn and again at every start, so a crash at any moment leaves nothing behind for good.
``sweep`` removes what no row names any more: files of a turn a kill rolled back, of a
crash under an older version, documents a transport could not delete."""

import asyncio
import logging
import re
import shutil
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from dialogs.messages import Mailer
from storage import Database, Proof, Tx

log = logging.getLogger(__name__)

PROOFS, FILES, MAIL = "proofs", "files", "mail"
# Younger files may belong to a turn still running (its file written, its row not yet
# committed), or to a document still being sent: the sweep leaves them.
SWEEP_AFTER = timedelta(hours=1)
_AGENT = re.compile(r"agent-([0-9]{1,18})")
# What a removal may name: an agent's folder, or a file in it.
_TARGET = re.compile(r"agent-[0-9]{1,18}(/[0-9a-f]{32}\.(pdf|jpeg|png))?")


@dataclass(frozen=True)
class Places:
    """Where the agents' files are: proofs, documents, and the mailer that keeps e-mails."""

    proofs: Path | None
    files: Path | None
    mailer: Mailer


def agent_folder(agent_id: int) -> str:
    return f"agent-{agent_id}"


async def schedule_agent(tx: Tx, agent_id: int, email: str | None) -> None:
    """Everything of an agent whose rows this transaction erases."""
    folder = agent_folder(agent_id)
    targets = [(PROOFS, folder), (FILES, folder)]
    if email:
        targets.append((MAIL, email))
    await tx.schedule_removals(targets)


async def schedule_proofs(tx: Tx, gone: list[Proof]) -> None:
    """The files of proofs whose rows this transaction deletes."""
    await tx.schedule_removals([(PROOFS, p.path) for p in gone])


async def finish(db: Database, places: Places) -> int:
    """Removes what every committed deletion left to remove; how many were done. One that
    fails (a permission, a full disk) stays recorded and is tried again at the next."""
    async with db.transaction() as tx:
        pending = await tx.pending_removals()
    if not pending:
        return 0
    done = []
    for removal_id, place, target in pending:
        if place not in (PROOFS, FILES, MAIL) or (place != MAIL and not _TARGET.fullmatch(target)):
            log.warning("removal of an unknown kind dropped")
            done.append(removal_id)
            continue
        try:
            if place == MAIL:
                await places.mailer.forget(target)
            else:
                root = places.proofs if place == PROOFS else places.files
                if root is not None:
                    await asyncio.to_thread(_remove, root, target)
        except OSError as error:
            log.warning("removal left for later: %s", type(error).__name__)
            continue
        done.append(removal_id)
    async with db.transaction() as tx:
        await tx.removals_done(done)
    # What the deleted rows held is then gone from the WAL too, not only from the tables.
    await db.checkpoint()
    return len(done)


def _remove(root: Path, target: str) -> None:
    path = root / target
    # Only below its own folder, whatever a row says.
    if not path.resolve().is_relative_to(root.resolve()) or path.resolve() == root.resolve():
        log.warning("removal outside its folder refused")
        return
    if path.is_dir() and not path.is_symlink():
        try:
            shutil.rmtree(path)
        except FileNotFoundError:
            # Another turn finishing the same removal at the same time: done either way.
            if path.exists():
                raise
    else:
        path.unlink(missing_ok=True)


async def sweep(db: Database, places: Places, *, documents: bool, now: float | None = None) -> int:
    """Removes, among files older than ``SWEEP_AFTER``, the folders of agents who no longer
    exist, the proof files no row names and, with ``documents``, every document left in
    the documents folder (a transport that sends them deletes them once sent). How many
    files and folders went."""
    limit = (time.time() if now is None else now) - SWEEP_AFTER.total_seconds()
    removed = 0
    for root in (places.proofs, places.files):
        if root is None or not root.is_dir():
            continue
        for folder in await asyncio.to_thread(_agent_folders, root):
            agent_id = int(_AGENT.fullmatch(folder.name)[1])  # type: ignore[index]
            async with db.transaction() as tx:
                exists = await tx.agent_exists(agent_id)
                named = set()
                if root == places.proofs:
                    # A proof's, or an attestation's waiting for its entries (in the state).
                    record = await tx.dialog_state(agent_id)
                    named = await tx.agent_proof_paths(agent_id) | _held(record and record.state)
            if not exists:
                removed += await asyncio.to_thread(_remove_old, folder, limit, None)
            elif root == places.proofs:
                removed += await asyncio.to_thread(_remove_old, folder, limit, (root, named))
            elif documents:
                removed += await asyncio.to_thread(_remove_old, folder, limit, None)
    return removed


def _held(state: object) -> set[str]:
    """The files a dialog state names (``dialogs.state.Held``), wherever they are in it."""
    if isinstance(state, dict):
        found = {state["path"]} if {"path", "kind", "digest"} <= state.keys() else set()
        return found.union(*(_held(v) for v in state.values()))
    if isinstance(state, list):
        return set().union(*(_held(v) for v in state))
    return set()


def _agent_folders(root: Path) -> list[Path]:
    return [
        p for p in root.iterdir() if _AGENT.fullmatch(p.name) and p.is_dir() and not p.is_symlink()
    ]


def _remove_old(folder: Path, limit: float, keep: tuple[Path, set[str]] | None) -> int:
    """Files under ``folder`` last changed before ``limit``, but those ``keep`` names
    (paths relative to its root); then the folders left empty."""
    removed = 0
    paths = sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True)
    # A young empty folder may be one a writer just made, about to write in: folders are
    # judged by their age before this sweep emptied them.
    ages = {p: p.lstat().st_mtime for p in [folder, *paths] if p.is_dir() and not p.is_symlink()}
    for path in paths:
        try:
            if path in ages:
                if not any(path.iterdir()) and ages[path] < limit:
                    path.rmdir()
                continue
            if keep is not None and path.relative_to(keep[0]).as_posix() in keep[1]:
                continue
            if path.lstat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    try:
        if not any(folder.iterdir()) and ages[folder] < limit:
            folder.rmdir()
    except OSError:
        pass
    return removed
