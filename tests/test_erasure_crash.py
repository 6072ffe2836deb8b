"""Erasure whatever the moment of a crash: a real ``livret chat`` killed while ``/supprimer``
removes the agent's files leaves nothing for good, since what to remove was recorded with
the deletion and the next start finishes it; a removed proof or entry likewise; and the
files no row names any more (an older crash, a turn a kill rolled back) are swept."""

import asyncio
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from bot.config import Settings
from bot.services import Services, services
from dialogs import removals
from livret.entries import Diplome
from storage import Database
from tests.chat import EngineChat, email_of
from tests.cli import chat, clean_env, livret_command, sign_up
from tests.test_proofs import pdf, png

# Enough files that removing them takes a while: the kill lands in the middle.
PROOFS = 2000


async def _many_proofs(data_dir: Path, agent: str) -> tuple[int, Path]:
    """The agent's diplôme with ``PROOFS`` proof files, rows and files as the bot writes them."""
    db = await Database.open(data_dir / "livret.sqlite3")
    try:
        async with db.transaction() as tx:
            agent_id = await tx.find_agent("terminal", agent)
            assert agent_id is not None
            entry_id = await tx.add_entry(
                agent_id,
                "diplomes",
                Diplome.model_validate({"intitule": "Master", "date_obtention": "2012"}),
            )
            folder = data_dir / "proofs" / f"agent-{agent_id}"
            folder.mkdir(parents=True, exist_ok=True)
            data = png()
            for n in range(PROOFS):
                name = f"{n:032x}.png"
                (folder / name).write_bytes(data)
                await tx.add_proof(
                    agent_id, entry_id, "png", f"agent-{agent_id}/{name}", len(data), f"{n:064x}"
                )
    finally:
        await db.close()
    return agent_id, folder


def _agent_gone(database: Path, agent_id: int) -> bool:
    with sqlite3.connect(database, timeout=5) as conn:
        found = conn.execute("SELECT 1 FROM agents WHERE id = ?", (agent_id,)).fetchone()
    conn.close()
    return found is None


def _erase_and_kill(data_dir: Path, agent: str, folder: Path, delay: float) -> int:
    """``/supprimer`` in a real ``livret chat``, SIGKILLed ``delay`` s after its files
    start to go (the rows are committed by then). How many files were left."""
    proc = subprocess.Popen(
        [*livret_command(), "chat", "--agent", agent],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=data_dir,
        env=clean_env(data_dir),
    )
    assert proc.stdin is not None
    proc.stdin.write(b"/supprimer\nSUPPRIMER\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    try:
        # The dangerous step: the rows are gone, the files are going.
        while len(os.listdir(folder)) >= PROOFS and proc.poll() is None:
            assert time.monotonic() < deadline, "the erasure never began"
            time.sleep(0.0005)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    return len(os.listdir(folder)) if folder.exists() else 0


def test_an_erasure_killed_midway_is_finished_at_the_next_start(tmp_path: Path) -> None:
    left_by_kills = []
    for n, delay in enumerate((0.0, 0.002, 0.01)):
        data_dir = tmp_path / f"run{n}"
        data_dir.mkdir()
        agent = f"anne{n}"
        sign_up(data_dir, agent)
        agent_id, folder = asyncio.run(_many_proofs(data_dir, agent))
        left_by_kills.append(_erase_and_kill(data_dir, agent, folder, delay))
        assert _agent_gone(data_dir / "livret.sqlite3", agent_id)

        # The next start (anyone's chat) finishes it: files, documents, kept e-mails.
        again = chat(data_dir, [], "someone-else")
        assert again.returncode == 0, again.stderr
        assert not folder.exists()
        assert not (data_dir / "livrets" / f"agent-{agent_id}").exists()
        outbox = data_dir / "outbox"
        kept = [p for p in outbox.glob("*.eml") if email_of(agent).encode() in p.read_bytes()]
        assert kept == []
        with sqlite3.connect(data_dir / "livret.sqlite3") as conn:
            assert conn.execute("SELECT COUNT(*) FROM removals").fetchone() == (0,)
        conn.close()
    # The kills did land while files were going (else this test proves nothing).
    assert any(left for left in left_by_kills), left_by_kills


async def test_a_proof_removed_before_a_crash_goes_at_the_next_start(
    tmp_path: Path, anne: EngineChat, db: Database
) -> None:
    """The deletion committed, the process gone before the file went: the note written
    with it has the next start remove it."""
    settings = Settings(data_dir=tmp_path, db_path=tmp_path / "livret.sqlite3")
    # The proofs where the settings put them, as in production.
    anne.engine.proofs_dir = settings.proofs
    await anne.add_diplome("BTS")
    await anne.tap("maintenant")
    await anne.send_file(pdf())
    async with db.transaction() as tx:
        agent_id = await tx.find_agent("test", "anne")
        assert agent_id is not None
        (entry,) = await tx.entries(agent_id, "diplomes")
        (proof,) = await tx.proofs(agent_id, entry.id)
        # What the turn's transaction does, without the turn's removal after it (a crash).
        await tx.delete_proof(agent_id, proof.id)
        await removals.schedule_proofs(tx, [proof])
    file = settings.proofs / proof.path
    assert file.exists()
    async with services(settings):
        pass
    assert not file.exists()


async def test_what_no_row_names_is_swept_once_old(tmp_path: Path) -> None:
    """A folder of an agent who no longer exists, a proof file without its row (a turn
    killed before its commit), a document never sent: gone at start once an hour old;
    younger files may belong to a turn in progress, and stay."""
    settings = Settings(data_dir=tmp_path, db_path=tmp_path / "livret.sqlite3")
    db = await Database.open(settings.database)
    async with db.transaction() as tx:
        agent_id = await tx.create_agent("terminal", "anne", "anne")
    await db.close()
    old = time.time() - 2 * 3600
    ghost = settings.proofs / "agent-999" / f"{'a' * 32}.pdf"
    orphan = settings.proofs / f"agent-{agent_id}" / f"{'b' * 32}.png"
    young = settings.proofs / f"agent-{agent_id}" / f"{'c' * 32}.png"
    document = settings.documents / f"agent-{agent_id}" / "r1" / "Livret.pdf"
    for path in (ghost, orphan, young, document):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    for path in (ghost, orphan, document, ghost.parent, *document.parents[:2]):
        os.utime(path, (old, old))

    # The terminal keeps the documents it writes (their paths were printed).
    async with services(settings):
        pass
    assert not ghost.exists() and not ghost.parent.exists()
    assert not orphan.exists()
    assert young.exists()
    assert document.exists()
    # The bot sends them and keeps none: one left over goes, in its hourly tidying.
    opened = await Services.open(settings, sweep=False)
    try:
        assert document.exists()
        await opened.tidy(documents_sent=True)
    finally:
        await opened.close()
    assert not document.exists()
