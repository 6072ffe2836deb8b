"""``livret admin backup`` while an agent is writing, then ``livret admin restore`` into a
fresh folder: a consistent database (integrity, foreign keys, every proof with its file) that
the bot opens; a damaged or foreign folder, or a database with agents, is refused."""

import asyncio
import hashlib
import json
import re
import sqlite3
from pathlib import Path

from dialogs import copy
from storage import Database
from tests.chat import EngineChat, engine_on
from tests.cli import clean_env, livret, livret_command
from tests.test_proofs import png


async def add_diplome(anne: EngineChat, n: int) -> None:
    await anne.add_diplome(f"Diplôme n°{n}")
    await anne.tap(copy.PROOF_ADD_NOW)
    await anne.send_file(png(f"#{n % 256:02x}0000"))


async def live_livret(folder: Path) -> tuple[Database, EngineChat]:
    """Anne's livret in ``folder``, one diplôme with its proof, as the bot keeps it."""
    db = await Database.open(folder / "livret.sqlite3")
    engine = await engine_on(db, folder)
    engine.proofs_dir = folder / "proofs"
    anne = EngineChat(engine, "anne")
    await anne.onboard()
    await add_diplome(anne, 0)
    return db, anne


def consistent(data_dir: Path) -> int:
    """The restored folder checked as the bot would need it; the number of diplômes."""
    with sqlite3.connect(data_dir / "livret.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for path, digest in conn.execute("SELECT path, digest FROM proofs"):
            data = (data_dir / "proofs" / path).read_bytes()
            assert hashlib.sha256(data).hexdigest() == digest
        count = conn.execute("SELECT COUNT(*) FROM entries WHERE rubrique = 'diplomes'")
        return int(count.fetchone()[0])


async def test_a_backup_taken_while_writing_restores_consistently(tmp_path: Path) -> None:
    live = tmp_path / "live"
    db, anne = await live_livret(live)

    # The backup runs in its own process while Anne goes on writing.
    proc = await asyncio.create_subprocess_exec(
        *livret_command(),
        "admin",
        "backup",
        str(tmp_path / "backups"),
        cwd=live,
        env=clean_env(live),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    written = 1
    while proc.returncode is None:
        await add_diplome(anne, written)
        written += 1
        await asyncio.sleep(0)
        if written > 200:
            break
    out, err = await proc.communicate()
    await db.close()
    assert proc.returncode == 0, err.decode()
    said = out.decode()
    assert said.startswith("Sauvegarde écrite dans")
    [folder] = (tmp_path / "backups").iterdir()

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    done = livret(fresh, "admin", "restore", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "restaurée" in done.stdout
    kept = consistent(fresh)
    # Anne wrote before, during and after the copy; it holds a state she was in.
    assert written > 2 and 1 <= kept <= written
    # The bot opens it and Anne finds her livret as it was at the backup.
    restored = await Database.open(fresh / "livret.sqlite3")
    try:
        chat = EngineChat(await engine_on(restored, fresh), "anne")
        await chat.send("/menu")
        assert f"✅ Diplômes et titres · {kept}" in chat.labels
    finally:
        await restored.close()


async def test_restore_refuses_what_it_cannot_trust(tmp_path: Path) -> None:
    live = tmp_path / "live"
    db, _ = await live_livret(live)
    await db.close()
    assert livret(live, "admin", "backup", str(tmp_path / "b")).returncode == 0
    [folder] = (tmp_path / "b").iterdir()

    # Over a database with agents: only with --oui (the bot stopped).
    refused = livret(live, "admin", "restore", str(folder))
    assert refused.returncode == 1
    assert "contient des agents" in refused.stdout and "--oui" in refused.stdout
    assert livret(live, "admin", "restore", str(folder), "--oui").returncode == 0

    # Not a backup; a proof changed since.
    other = livret(live, "admin", "restore", str(tmp_path))
    assert "n'est pas un dossier de sauvegarde" in other.stdout
    [proof] = [p for p in (folder / "proofs").rglob("*.png")]
    proof.write_bytes(proof.read_bytes() + b"\0")
    damaged = livret(tmp_path, "admin", "restore", str(folder))
    assert damaged.returncode == 1
    assert re.search(r"le fichier « proofs/agent-\d+/\w+\.png » a changé", damaged.stdout)
    assert not (tmp_path / "livret.sqlite3").exists()


async def test_restore_copies_only_what_the_manifest_vouches_for(tmp_path: Path) -> None:
    live = tmp_path / "live"
    db, _ = await live_livret(live)
    await db.close()
    assert livret(live, "admin", "backup", str(tmp_path / "b")).returncode == 0
    [folder] = (tmp_path / "b").iterdir()
    # One file, in DELETE mode: readable where the backup folder is read-only.
    with sqlite3.connect(folder / "livret.sqlite3") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()

    # A file slipped into the folder is not copied; checking leaves nothing beside the copy.
    (folder / "proofs" / "intrus.sh").write_text("echo")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert livret(fresh, "admin", "restore", str(folder)).returncode == 0
    assert not list((fresh / "proofs").rglob("intrus.sh"))
    assert sorted(p.name for p in folder.iterdir()) == [
        "livret.sqlite3",
        "proofs",
        "sauvegarde.json",
    ]

    # A manifest naming a file outside the folder is refused.
    manifest = json.loads((folder / "sauvegarde.json").read_text(encoding="utf-8"))
    manifest["files"]["/etc/hostname"] = "0" * 64
    (folder / "sauvegarde.json").write_text(json.dumps(manifest), encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    refused = livret(other, "admin", "restore", str(folder))
    assert refused.returncode == 1 and "/etc/hostname" in refused.stdout
