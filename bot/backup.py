"""``livret admin backup DEST`` and ``livret admin restore SOURCE``: the database, copied by
SQLite's online backup while the bot runs, and the proof files it names, in one dated
folder with a manifest of every file's SHA-256; restoring checks all of it before it
replaces anything.

The rest of the data folder is left out on purpose: documents are made per request and
deleted once sent, and the outbox holds e-mails already delivered or meant for tests."""

import asyncio
import hashlib
import json
import os
import shutil
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot import copy, lock
from bot.config import Settings
from storage import Database
from storage.migrations import latest_version

FORMAT = "livret-sauvegarde/1"
MANIFEST = "sauvegarde.json"
DATABASE = "livret.sqlite3"
PROOFS = "proofs"


class BackupError(Exception):
    """The folder cannot be restored: ``reason`` is a key of ``copy.RESTORE_PROBLEMS``."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


async def backup(settings: Settings, dest: Path, out: TextIO = sys.stdout) -> int:
    now = datetime.now(UTC)
    folder = dest / f"livret-{now:%Y-%m-%d-%H%M%S}"
    try:
        folder.mkdir(parents=True)
    except OSError as error:
        out.write(copy.BACKUP_CANNOT_WRITE.format(path=folder, error=error.strerror) + "\n")
        return 1
    if not settings.database.exists():
        out.write(copy.BACKUP_NO_DATABASE.format(path=settings.database) + "\n")
        return 1
    db = await Database.open(settings.database)
    try:
        await db.backup_to(folder / DATABASE)
    finally:
        await db.close()
    manifest = await asyncio.to_thread(_copy_proofs, settings.proofs, folder, now)
    out.write(
        copy.BACKUP_DONE.format(
            path=folder.resolve(), agents=manifest["agents"], proofs=len(manifest["files"]) - 1
        )
        + "\n"
    )
    return 0


def _copy_proofs(proofs: Path, folder: Path, now: datetime) -> dict[str, object]:
    """The files the copied database names; a row whose file went meanwhile (a proof
    removed since the copy) goes too, so the backup holds no row without its file."""
    with sqlite3.connect(folder / DATABASE) as conn:
        # One file, readable where the folder is read-only (WAL would need a -shm beside it).
        conn.execute("PRAGMA journal_mode=DELETE")
        gone = []
        for proof_id, path in conn.execute("SELECT id, path FROM proofs").fetchall():
            target = folder / PROOFS / path
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copy2(proofs / path, target)
            except FileNotFoundError:
                gone.append((proof_id,))
        conn.executemany("DELETE FROM proofs WHERE id = ?", gone)
        agents = conn.execute("SELECT COUNT(*) FROM agents").fetchone()[0]
        schema = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    files = {
        p.relative_to(folder).as_posix(): _digest(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(timespec="seconds"),
        "schema": schema,
        "agents": agents,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


async def restore(
    settings: Settings, source: Path, out: TextIO = sys.stdout, *, confirmed: bool = False
) -> int:
    try:
        manifest = await asyncio.to_thread(check, source)
        if not confirmed and await asyncio.to_thread(_holds_agents, settings.database):
            raise BackupError("not_empty", str(settings.database))
        # Held while the files are swapped: no bot may start on them meanwhile, and a bot
        # running would go on writing to the database it has open, not to the restored one.
        with lock.held(settings):
            await asyncio.to_thread(_put_back, source, settings, manifest)
    except lock.Running:
        out.write(copy.RESTORE_REFUSED.format(problem=copy.RESTORE_BOT_RUNNING) + "\n")
        return 1
    except BackupError as error:
        problem = copy.RESTORE_PROBLEMS[error.reason].format(detail=error.detail)
        out.write(copy.RESTORE_REFUSED.format(problem=problem) + "\n")
        return 1
    # An older backup is brought to this version's schema now, not at the bot's start.
    db = await Database.open(settings.database)
    await db.close()
    out.write(
        copy.RESTORE_DONE.format(
            created=manifest["created_at"], agents=manifest["agents"], path=settings.data_dir
        )
        + "\n"
    )
    return 0


def check(source: Path) -> dict[str, object]:
    """The manifest, once every file it lists is there with its digest and the database
    passes SQLite's integrity check."""
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError("no_manifest", str(source)) from error
    except (ValueError, OSError) as error:
        raise BackupError("bad_manifest", str(source)) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("bad_manifest", str(source))
    if int(manifest.get("schema", 0)) > latest_version():
        raise BackupError("newer", str(manifest.get("schema")))
    files = manifest.get("files")
    if not isinstance(files, dict) or DATABASE not in files:
        raise BackupError("bad_manifest", str(source))
    inside = source.resolve()
    for name, digest in files.items():
        path = source / name
        # Only plain files inside the folder: a name or a link may not reach elsewhere.
        if Path(name).is_absolute() or ".." in Path(name).parts or path.is_symlink():
            raise BackupError("changed", name)
        if not path.is_file():
            raise BackupError("missing", name)
        if not path.resolve().is_relative_to(inside) or _digest(path) != digest:
            raise BackupError("changed", name)
    # Immutable: read as it is, nothing written beside it (the folder may be read-only).
    uri = f"{(source / DATABASE).resolve().as_uri()}?mode=ro&immutable=1"
    with sqlite3.connect(uri, uri=True) as conn:
        if conn.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise BackupError("corrupt", DATABASE)
    conn.close()
    return manifest


def _holds_agents(database: Path) -> bool:
    if not database.exists():
        return False
    with sqlite3.connect(database) as conn:
        try:
            found = conn.execute("SELECT 1 FROM agents LIMIT 1").fetchone() is not None
        except sqlite3.OperationalError:
            found = False
    conn.close()
    return found


def _put_back(source: Path, settings: Settings, manifest: dict[str, object]) -> None:
    """The database and the proofs folder replaced, each by a rename once its copy is
    whole, so an interruption leaves either the old one or the new one. Only the files the
    manifest lists (and ``check`` checked) are copied."""
    database = settings.database
    database.parent.mkdir(parents=True, exist_ok=True)
    staged = database.with_name(database.name + ".restoring")
    shutil.copy2(source / DATABASE, staged)
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    os.replace(staged, database)
    proofs = settings.proofs
    new = proofs.with_name(proofs.name + ".restoring")
    old = proofs.with_name(proofs.name + ".old")
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir(parents=True)
    files = manifest["files"]
    assert isinstance(files, dict)
    for name in files:
        parts = Path(name).parts
        if parts[0] == PROOFS:
            target = new.joinpath(*parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, target)
    if proofs.exists():
        os.replace(proofs, old)
    os.replace(new, proofs)
    shutil.rmtree(old, ignore_errors=True)


def _digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
