"""``livret admin backup DEST`` and ``livret admin restore SOURCE``: the database, copied by
SQLite's online backup while the bot runs, and the proof files it names, in one dated
folder with a manifest of every file's SHA-256; restoring checks all of it before it
replaces anything.

What is checked before anything is replaced: the manifest (its fields and their types),
every file it lists (a plain file inside the folder, named as a backup names it, with its
digest), the database (an SQLite file that passes the integrity and foreign-key checks, with
exactly the tables and columns of its schema version, no newer than this code), then every
row of it as ``livret admin import-agent`` checks an archive (``storage.transfer``): each
cell as the bot writes it, a Telegram account as numbers, each proof's path
``agent-<its agent>/<32 hex>.<kind>`` and its file in the backup. A path such as
``/etc/hostname`` would otherwise be shipped by the agent's data export, and deleted with
the proof. The database is brought to this version's schema on a staged copy, so that a
migration that fails replaces nothing either.

How the swap survives a kill at any step. The database and the proofs folder cannot be
replaced in one rename together, so the proofs are never swapped as a folder: the restored
files are added into the live folder first (each written beside its place, then renamed;
the bot never gives two files one name, so a name already there with the same digest is the
same file and is kept). The folder then holds every file of the old database and every file
of the restored one. Then the database is replaced in one rename, after the old one's WAL
is written into it and everything copied is on disk. Only then do the files the restored
database does not name go. At any kill, the database in place is whole (old or restored)
and every proof it names has its file; what is left is files no row names.

A journal, ``restauration-en-cours.json`` in the data folder, is written before the first
change and removed after the last. While it is there, ``recover`` (run by the next
``livret admin restore`` before anything else, under the same lock) finishes the job: it
removes the staged database and every file of the proofs folder the database in place does
not name, whichever side of the rename the kill fell on. A bot started meanwhile runs on a
consistent folder; its own start-up sweep (``dialogs.removals``) removes unnamed files an
hour old, which the restored ones are (copied with their times), so it finishes the job too.
The journal is a file rather than a row: the database is what is being replaced. What an
older version left at a kill (``proofs.old``, ``proofs.restoring``,
``livret.sqlite3.restoring``, a file or a folder) is removed before the copy starts.

The rest of the data folder is left out on purpose: documents are made per request and
deleted once sent, and the outbox holds e-mails already delivered or meant for tests."""

import asyncio
import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
from contextlib import closing, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from bot import copy, lock
from bot.config import Settings
from storage import Database, NewerSchemaError
from storage.migrations import MIGRATIONS, latest_version
from storage.transfer import (
    PROOF_PATH,
    RestoreError,
    check_cell,
    check_channel,
    check_entry,
    proof_path,
)

FORMAT = "livret-sauvegarde/1"
MANIFEST = "sauvegarde.json"
DATABASE = "livret.sqlite3"
PROOFS = "proofs"
JOURNAL = "restauration-en-cours.json"
JOURNAL_FORMAT = "livret-restauration/1"
STAGED = ".restoring"
# What the former way of swapping (the proofs folder renamed aside) left at a kill.
FORMER_LEFTOVERS = ("proofs.old", "proofs.restoring")
DIGEST = re.compile(r"[0-9a-f]{64}")
# What a schema holds, but SQLite's own objects (``_`` is a wildcard of LIKE, hence ESCAPE).
_OBJECTS = r"SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'"


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


def _copy_proofs(proofs: Path, folder: Path, now: datetime) -> dict[str, Any]:
    """The files the copied database names; a row whose file went meanwhile (a proof
    removed since the copy) goes too, so the backup holds no row without its file."""
    with closing(sqlite3.connect(folder / DATABASE)) as conn, conn:
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
        # Held from the first look at the data folder to the last change: no bot may start
        # on it meanwhile, and a bot running would go on writing to the database it has
        # open, not to the restored one.
        with lock.held(settings):
            if await asyncio.to_thread(recover, settings):
                out.write(copy.RESTORE_RESUMED + "\n")
            manifest, proofs = await asyncio.to_thread(check, source)
            await asyncio.to_thread(_check_target, settings, proofs)
            if not confirmed and await asyncio.to_thread(_holds_agents, settings.database):
                raise BackupError("not_empty", str(settings.database))
            staged = await asyncio.to_thread(_stage, source, settings)
            try:
                await _migrate(staged)
            except BackupError:
                # Refused with nothing added yet: the staged copy and the journal go.
                await asyncio.to_thread(recover, settings)
                raise
            await asyncio.to_thread(_put_back, source, settings, proofs, staged)
    except lock.Running:
        out.write(copy.RESTORE_REFUSED.format(problem=copy.RESTORE_BOT_RUNNING) + "\n")
        return 1
    except BackupError as error:
        problem = copy.RESTORE_PROBLEMS[error.reason].format(detail=error.detail)
        out.write(copy.RESTORE_REFUSED.format(problem=problem) + "\n")
        return 1
    except OSError as error:
        # A full disk, a permission: what is in place is consistent (see the docstring),
        # and the journal makes the next run finish.
        detail = f"{error.strerror or type(error).__name__} ({error.filename or ''})"
        out.write(copy.RESTORE_STOPPED.format(problem=detail) + "\n")
        return 1
    out.write(
        copy.RESTORE_DONE.format(
            created=manifest["created_at"], agents=manifest["agents"], path=settings.data_dir
        )
        + "\n"
    )
    return 0


# ---- what is checked before anything is replaced ----------------------------------------


def check(source: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The manifest, and the digest of each proof to copy by its path under the proofs
    folder, once every file the manifest lists is there with its digest and the database
    passes every check (see the module's docstring)."""
    manifest = _manifest(source)
    files: dict[str, Any] = manifest["files"]
    inside = source.resolve()
    for name, digest in files.items():
        # Only the names a backup gives, plain files inside the folder: a name or a link
        # may not reach elsewhere, nor put a file where a folder is expected.
        if name != DATABASE and not (
            name.startswith(f"{PROOFS}/") and PROOF_PATH.fullmatch(name[len(PROOFS) + 1 :])
        ):
            raise BackupError("unexpected", name[:200])
        path = source / name
        if path.is_symlink():
            raise BackupError("changed", name)
        if not path.is_file():
            raise BackupError("missing", name)
        try:
            same = path.resolve().is_relative_to(inside) and _digest(path) == digest
        except OSError as error:
            raise BackupError("unreadable", name) from error
        if not same:
            raise BackupError("changed", name)
    if DATABASE not in files:
        raise BackupError("bad_manifest", str(source))
    named = _check_database(source / DATABASE, manifest["schema"])
    proofs = {}
    for path in named:
        digest = files.get(f"{PROOFS}/{path}")
        if digest is None:
            raise BackupError("missing", f"{PROOFS}/{path}")
        proofs[path] = digest
    return manifest, proofs


def _manifest(source: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError) as error:
        raise BackupError("no_manifest", str(source)) from error
    except (ValueError, OSError, RecursionError) as error:
        raise BackupError("bad_manifest", str(source)) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("bad_manifest", str(source))
    schema, agents = manifest.get("schema"), manifest.get("agents")
    files = manifest.get("files")
    if (
        type(schema) is not int
        or type(agents) is not int
        or agents < 0
        or not isinstance(manifest.get("created_at"), str)
        or not isinstance(files, dict)
        or not all(isinstance(d, str) and DIGEST.fullmatch(d) for d in files.values())
    ):
        raise BackupError("bad_manifest", str(source))
    if schema > latest_version():
        raise BackupError("newer", str(schema))
    return manifest


def _check_database(path: Path, schema: int) -> set[str]:
    """The paths of the proofs the backup's database names, once it is a Livret database of
    schema ``schema`` whose every row the bot could have written."""
    # Immutable: read as it is, nothing written beside it (the folder may be read-only).
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise BackupError("corrupt", DATABASE)
            if conn.execute("PRAGMA user_version").fetchone()[0] != schema:
                raise BackupError("not_livret", str(schema))
            expected = _tables_at(schema)
            found = {
                (kind, name): _columns(conn, name) if kind == "table" else []
                for kind, name in conn.execute(_OBJECTS)
            }
            # Nothing more than the schema holds: no trigger or view to act on the bot's
            # writes, no table it does not know.
            if schema < 1 or found != expected:
                raise BackupError("not_livret", str(schema))
            if conn.execute("PRAGMA foreign_key_check").fetchall():
                raise BackupError("corrupt", DATABASE)
            return _check_rows(conn, expected)
    except sqlite3.DatabaseError as error:
        # Not an SQLite file at all ("file is not a database"), or one it cannot read.
        raise BackupError("corrupt", DATABASE) from error


def _tables_at(version: int) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """What a database of that schema version holds: each table's columns (name, declared
    type), each index; from the migrations run on a blank database in memory."""
    with closing(sqlite3.connect(":memory:")) as blank:
        for migration in MIGRATIONS:
            if migration.version <= version:
                blank.executescript(migration.sql)
        return {
            (kind, name): _columns(blank, name) if kind == "table" else []
            for kind, name in blank.execute(_OBJECTS)
        }


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    quoted = table.replace('"', '""')
    return [(r[1], r[2]) for r in conn.execute(f'PRAGMA table_info("{quoted}")')]


def _check_rows(
    conn: sqlite3.Connection, tables: dict[tuple[str, str], list[tuple[str, str]]]
) -> set[str]:
    """Every row checked as an imported archive's (``storage.transfer``); the proofs' paths."""
    named: set[str] = set()
    for (kind, table), columns in tables.items():
        if kind != "table":
            continue
        names = [c for c, _ in columns]
        for values in conn.execute(f"SELECT {', '.join(names)} FROM {table}"):
            row = dict(zip(names, values, strict=True))
            try:
                for column, declared in columns:
                    check_cell(table, column, declared, row[column])
                if table == "agent_channels":
                    check_channel(row["channel"], row["external_id"], row["chat_id"])
                elif table == "entries":
                    check_entry(row["rubrique"], row["data"])
                elif table == "proofs":
                    named.add(proof_path(row["path"], row["agent_id"], row["kind"]))
            except RestoreError as error:
                raise BackupError(error.reason, error.detail) from error
    return named


def _check_target(settings: Settings, proofs: dict[str, str]) -> None:
    """The data folder can take the restore: what must be a file or a folder is one."""
    database, root = settings.database, settings.proofs
    if database.is_dir():
        raise BackupError("target", str(database))
    if root.exists() and not root.is_dir():
        raise BackupError("target", str(root))
    for folder in {path.split("/", 1)[0] for path in proofs}:
        if (root / folder).exists() and not (root / folder).is_dir():
            raise BackupError("target", str(root / folder))
    if database.exists():
        # Refused now if another program holds it, rather than once the files are copied.
        _checkpoint(database)


def _holds_agents(database: Path) -> bool:
    if not database.exists():
        return False
    try:
        with closing(sqlite3.connect(database)) as conn:
            return conn.execute("SELECT 1 FROM agents LIMIT 1").fetchone() is not None
    except sqlite3.DatabaseError as error:
        # Not readable as a database, or locked: what it holds cannot be told, so it is not
        # replaced without --oui. A database without the table holds no agent.
        return "no such table" not in str(error)


# ---- the swap ---------------------------------------------------------------------------


def _staged(settings: Settings) -> Path:
    return settings.database.with_name(settings.database.name + STAGED)


def _journal(settings: Settings) -> Path:
    return settings.data_dir / JOURNAL


def _stage(source: Path, settings: Settings) -> Path:
    """The journal written, what a former run left removed, and the backup's database
    copied beside the one in place."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    _write_journal(settings, "copying", source)
    staged = _staged(settings)
    for leftover in [
        *(settings.proofs.with_name(name) for name in FORMER_LEFTOVERS),
        *_database_files(staged),
    ]:
        _remove(leftover)
    shutil.copyfile(source / DATABASE, staged)
    return staged


async def _migrate(staged: Path) -> None:
    """The staged copy brought to this version's schema by the bot's own opening, then left
    as one file (no WAL beside it) for the rename."""
    try:
        db = await Database.open(staged)
        await db.close()
        with closing(sqlite3.connect(staged)) as conn:
            # Removals noted on the former server name its files, not these: the restored
            # rows and the proofs copied with them are all that stands.
            with conn:
                conn.execute("DELETE FROM removals")
            conn.execute("PRAGMA journal_mode=DELETE")
    except (sqlite3.DatabaseError, NewerSchemaError) as error:
        raise BackupError("corrupt", DATABASE) from error


def _put_back(source: Path, settings: Settings, proofs: dict[str, str], staged: Path) -> None:
    """The restored proofs added to the folder, the database replaced in one rename, then
    the files it does not name removed (why in this order: the module's docstring)."""
    root = settings.proofs
    root.mkdir(parents=True, exist_ok=True)
    for path in sorted(proofs):
        _add(source / PROOFS / path, root / path, proofs[path])
    _replace_database(staged, settings.database)
    _write_journal(settings, "replaced", source)
    _sweep(root, set(proofs))
    _remove(_journal(settings))
    _sync_folder(settings.data_dir)


def _add(file: Path, target: Path, digest: str) -> None:
    if target.is_file() and not target.is_symlink() and _digest(target) == digest:
        return
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Whole or absent under its name; a kill leaves the part-written one, which no row names.
    part = target.with_name(f".{target.name}{STAGED}")
    shutil.copyfile(file, part)
    # Its times kept (the bot's start-up sweep removes unnamed files an hour old), not its
    # mode: the process's umask makes it private, whatever an older backup had.
    kept = file.stat()
    os.utime(part, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    os.replace(part, target)


def _replace_database(staged: Path, database: Path) -> None:
    with open(staged, "rb+") as f:
        os.fsync(f.fileno())
    # Every file copied on disk before the database that names them.
    os.sync()
    if database.exists():
        _checkpoint(database)
    for leftover in _database_files(database)[1:]:
        _remove(leftover)
    os.replace(staged, database)
    _sync_folder(database.parent)


def _checkpoint(database: Path) -> None:
    """The old database's WAL written into it and emptied, so that removing the WAL before
    the rename loses nothing if the rename never comes."""
    try:
        with closing(sqlite3.connect(database, timeout=5)) as conn:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError as error:
        raise BackupError("busy", str(database)) from error
    except sqlite3.DatabaseError:
        # Not a database any more (why it is being restored): nothing in it to keep.
        return
    if busy and busy[0]:
        raise BackupError("busy", str(database))


def _database_files(database: Path) -> list[Path]:
    return [database.with_name(database.name + s) for s in ("", "-wal", "-shm", "-journal")]


def _sweep(root: Path, named: set[str]) -> None:
    """Every file under ``root`` that no proof row names, then the folders left empty.
    Links are removed, never followed."""
    for folder, dirs, files in os.walk(root, topdown=False):
        here = Path(folder)
        for name in files:
            path = here / name
            if path.relative_to(root).as_posix() not in named:
                path.unlink(missing_ok=True)
        for name in dirs:
            path = here / name
            if path.is_symlink():
                if path.relative_to(root).as_posix() not in named:
                    path.unlink(missing_ok=True)
                continue
            # Not empty: it holds named files.
            with suppress(OSError):
                path.rmdir()


def recover(settings: Settings) -> bool:
    """Finishes a restore a kill cut short, if its journal says there was one (the lock
    held): the staged database removed, and every file of the proofs folder that the
    database in place does not name. Whether True."""
    journal = _journal(settings)
    if not journal.exists() and not journal.is_symlink():
        return False
    for leftover in _database_files(_staged(settings)):
        _remove(leftover)
    named = _named(settings.database)
    if named is None:
        # The database in place cannot be read: the journal stays, and the next restore,
        # which replaces it, removes what its own database does not name.
        return True
    if settings.proofs.is_dir():
        _sweep(settings.proofs, named)
    _remove(journal)
    _sync_folder(settings.data_dir)
    return True


def _named(database: Path) -> set[str] | None:
    """The proof paths the database names; None if it cannot be read."""
    if not database.exists():
        return set()
    try:
        with closing(sqlite3.connect(database)) as conn:
            return {p for (p,) in conn.execute("SELECT path FROM proofs") if isinstance(p, str)}
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return set()
        return None
    except sqlite3.DatabaseError:
        return None


def _write_journal(settings: Settings, state: str, source: Path) -> None:
    journal = _journal(settings)
    _remove(journal)
    record = {
        "format": JOURNAL_FORMAT,
        "state": state,
        "source": str(source.resolve()),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with open(journal, "w", encoding="utf-8") as f:
        json.dump(record, f)
        f.flush()
        os.fsync(f.fileno())
    _sync_folder(settings.data_dir)


def _remove(path: Path) -> None:
    """A file, a link or a whole folder, whichever is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """A rename or a removal in ``folder`` on disk (not only in the page cache)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
