"""A restore killed at its dangerous steps: a real ``livret admin restore`` of a backup with
thousands of proofs, SIGKILLed when the data folder shows it at a given step. Right after
the kill, and after the bot opens the database, every proof row has its file and the
database is either the old one or the restored one, never a mix; the next restore finishes
the job and leaves no stray file or folder. Leftovers of an older restore never stop one."""

import hashlib
import os
import secrets
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from livret.entries import FormationSuivie
from storage import Database
from tests.chat import activated
from tests.cli import clean_env, livret, livret_command

BACKUP_PROOFS = 3000
OLD_PROOFS = 300
PNG_HEAD = b"\x89PNG\r\n\x1a\n"
# What a data folder holds once a restore is over (the outbox: e-mails of the fill).
SETTLED = {"livret.sqlite3", "livret.sqlite3.lock", "proofs", "outbox"}


async def fill(folder: Path, name: str, count: int) -> None:
    """One activated agent ``name`` with ``count`` small proofs, written as the bot does."""
    db = await Database.open(folder / "livret.sqlite3")
    try:
        await activated(db, "terminal", [name])
        async with db.transaction() as tx:
            agent = await tx.find_agent("terminal", name)
            assert agent is not None
            entry = await tx.add_entry(
                agent,
                "formations_suivies",
                FormationSuivie.model_validate(
                    {"intitule": "Premiers secours", "date_debut": "2020", "duree": "1 jour"}
                ),
            )
            for _ in range(count):
                data = PNG_HEAD + secrets.token_bytes(64)
                path = f"agent-{agent}/{secrets.token_hex(16)}.png"
                target = folder / "proofs" / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                digest = hashlib.sha256(data).hexdigest()
                await tx.add_proof(agent, entry, "png", path, len(data), digest)
    finally:
        await db.close()


def state(folder: Path) -> str:
    """Whose data the folder holds ("old": Anne's, "restored": Claire's), once checked that
    every proof row of its database has its file, with its digest."""
    with sqlite3.connect(folder / "livret.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        [who] = conn.execute("SELECT external_id FROM agent_channels").fetchall()
        rows = conn.execute("SELECT path, digest FROM proofs").fetchall()
    conn.close()
    for path, digest in rows:
        file = folder / "proofs" / path
        assert file.is_file(), f"{who[0]}'s proof {path} has no file"
        assert hashlib.sha256(file.read_bytes()).hexdigest() == digest
    expected = {"anne": OLD_PROOFS, "claire": BACKUP_PROOFS}
    assert len(rows) == expected[who[0]]
    return "old" if who[0] == "anne" else "restored"


def tidy(folder: Path) -> bool:
    """Whether the proofs folder holds the files the database names and nothing else, and
    the data folder no leftover of a restore."""
    with sqlite3.connect(folder / "livret.sqlite3") as conn:
        named = {p for (p,) in conn.execute("SELECT path FROM proofs")}
    conn.close()
    proofs = folder / "proofs"
    on_disk = {p.relative_to(proofs).as_posix() for p in proofs.rglob("*") if not p.is_dir()}
    return on_disk == named and set(os.listdir(folder)) <= SETTLED


def settled(folder: Path) -> None:
    """The restored data and nothing else."""
    assert state(folder) == "restored"
    assert tidy(folder), sorted(os.listdir(folder))


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A backup of Claire's data (3,000 proofs), and Anne's data folder it goes over."""
    import asyncio

    root = tmp_path_factory.mktemp("crash")
    source, old = root / "source", root / "old"
    source.mkdir()
    old.mkdir()
    asyncio.run(fill(source, "claire", BACKUP_PROOFS))
    asyncio.run(fill(old, "anne", OLD_PROOFS))
    done = livret(source, "admin", "backup", str(root / "backups"))
    assert done.returncode == 0, done.stdout + done.stderr
    [backup] = (root / "backups").iterdir()
    return backup, old


Watch = Callable[[Path], bool]


def begun(folder: Path) -> Watch:
    """Anything new in the data folder: a staged copy, a journal."""
    before = set(os.listdir(folder)) | {"livret.sqlite3.lock"}
    return lambda f: bool(set(os.listdir(f)) - before)


def database_replaced(folder: Path) -> Watch:
    inode = (folder / "livret.sqlite3").stat().st_ino

    def watch(f: Path) -> bool:
        try:
            return (f / "livret.sqlite3").stat().st_ino != inode
        except FileNotFoundError:
            return True

    return watch


def old_proofs_going(folder: Path) -> Watch:
    """One of Anne's files moved or removed, or her folder renamed."""
    sample = sorted((folder / "proofs").rglob("*.png"))[::30]
    return lambda f: (f / "proofs.old").exists() or not all(p.exists() for p in sample)


KILL_POINTS: list[tuple[Callable[[Path], Watch], float]] = [
    (begun, 0.0),
    (begun, 0.1),
    (begun, 0.25),
    (database_replaced, 0.0),
    (old_proofs_going, 0.0),
    (old_proofs_going, 0.01),
]


def killed_restore(backup: Path, folder: Path, watch: Watch, delay: float) -> bool:
    """``livret admin restore`` of ``backup`` into ``folder``, SIGKILLed ``delay`` seconds
    after ``watch`` sees its step; False if it was over before."""
    proc = subprocess.Popen(
        [*livret_command(), "admin", "restore", str(backup), "--oui"],
        cwd=folder,
        env=clean_env(folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if watch(folder):
                time.sleep(delay)
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.0005)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if proc.returncode == -signal.SIGKILL:
        return True
    assert proc.returncode == 0 and b"Traceback" not in err, err.decode()
    return False


async def test_a_killed_restore_leaves_old_or_restored_data_and_the_next_one_finishes(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    backup, old = folders
    seen = []
    for n, (point, delay) in enumerate(KILL_POINTS):
        folder = tmp_path / f"run-{n}"
        shutil.copytree(old, folder)
        killed = killed_restore(backup, folder, point(folder), delay)
        where = f"{point.__name__} + {delay}s"
        # Straight after the kill, and once the bot has opened the database at its start.
        after_kill = state(folder)
        db = await Database.open(folder / "livret.sqlite3")
        await db.close()
        assert state(folder) == after_kill, where
        seen.append((where, killed, after_kill, tidy(folder)))

        again = livret(folder, "admin", "restore", str(backup), "--oui")
        assert again.returncode == 0, f"{where}: {again.stdout}{again.stderr}"
        assert "Traceback" not in again.stderr
        settled(folder)
    # The kills did land on both sides of the swap, and once before the end of the job.
    assert {s for _, killed, s, _ in seen if killed} == {"old", "restored"}, seen
    assert any(killed and s == "restored" and not done for _, killed, s, done in seen), seen


async def test_leftovers_of_an_interrupted_restore_never_stop_the_next(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    backup, old = folders
    folder = tmp_path / "data"
    shutil.copytree(old, folder)
    # What a kill left at each step of the former way of swapping, and a journal cut short.
    kept = folder / "proofs.old" / "agent-1" / f"{secrets.token_hex(16)}.png"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(PNG_HEAD)
    (folder / "proofs.restoring").write_text("")
    (folder / "livret.sqlite3.restoring").mkdir()
    (folder / "livret.sqlite3.restoring" / "x").write_text("")
    (folder / "restauration-en-cours.json").write_text('{"state": ')

    done = livret(folder, "admin", "restore", str(backup), "--oui")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    settled(folder)
