"""``livret admin backup`` while an agent is writing, then ``livret admin restore`` into a
fresh folder: a consistent database (integrity, foreign keys, every proof with its file) that
the bot opens; a damaged or foreign folder, or a database with agents, is refused."""

import asyncio
import hashlib
import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storage import Database
from tests.chat import EngineChat, engine_on
from tests.cli import clean_env, livret, livret_command
from tests.test_proofs import png


async def add_diplome(anne: EngineChat, n: int) -> None:
    await anne.add_diplome(f"Diplôme n°{n}")
    await anne.tap("maintenant")
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


# ---- a crafted backup: refused in one French line, before anything is replaced -----------


@pytest.fixture
async def backed_up(tmp_path: Path) -> tuple[Path, Path]:
    """A backup of Anne's livret, and her data folder, which has changed since."""
    live = tmp_path / "live"
    db, anne = await live_livret(live)
    try:
        assert livret(live, "admin", "backup", str(tmp_path / "b")).returncode == 0
        await add_diplome(anne, 1)
    finally:
        await db.close()
    [folder] = (tmp_path / "b").iterdir()
    return folder, live


def manifest_of(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "sauvegarde.json").read_text(encoding="utf-8"))


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    (folder / "sauvegarde.json").write_text(json.dumps(manifest), encoding="utf-8")


def vouch(folder: Path, name: str) -> None:
    """The manifest made to vouch for the file as it now is, as a forger would."""
    manifest = manifest_of(folder)
    manifest["files"][name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    write_manifest(folder, manifest)


def in_backup(sql: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        with sqlite3.connect(folder / "livret.sqlite3") as conn:
            conn.executescript(sql)
        conn.close()
        vouch(folder, "livret.sqlite3")

    return change


def manifest_field(key: str, value: object) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        write_manifest(folder, manifest_of(folder) | {key: value})

    return change


def not_sqlite(folder: Path) -> None:
    (folder / "livret.sqlite3").write_bytes(b"Ceci n'est pas une base SQLite.\n" * 200)
    vouch(folder, "livret.sqlite3")


def proofs_a_file(folder: Path) -> None:
    shutil.rmtree(folder / "proofs")
    (folder / "proofs").write_text("un fichier")
    manifest = manifest_of(folder)
    manifest["files"] = {k: v for k, v in manifest["files"].items() if not k.startswith("proofs/")}
    write_manifest(folder, manifest)
    vouch(folder, "proofs")


HEX = "0123456789abcdef" * 2


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (manifest_field("schema", "abc"), "sauvegarde.json de"),
        (manifest_field("schema", None), "sauvegarde.json de"),
        (manifest_field("agents", [1]), "sauvegarde.json de"),
        (manifest_field("files", ["livret.sqlite3"]), "sauvegarde.json de"),
        (not_sqlite, "endommagée"),
        (proofs_a_file, "« proofs »"),
        (in_backup("UPDATE proofs SET path = '/etc/hostname'"), "« /etc/hostname »"),
        (in_backup("UPDATE proofs SET path = '../../etc/hostname'"), "« ../../etc/hostname »"),
        # Another agent's folder, another kind than the row's, not the bot's name.
        (in_backup(f"UPDATE proofs SET path = 'agent-9/{HEX}.png'"), f"agent-9/{HEX}.png"),
        (in_backup("UPDATE proofs SET kind = 'pdf'"), "emplacement invalide"),
        (in_backup("UPDATE proofs SET path = path || '.sh'"), "emplacement invalide"),
        (in_backup("UPDATE reminders SET cadence = 'hourly'"), "(reminders.cadence)"),
        (in_backup("""UPDATE entries SET data = '{"intitule": 5}'"""), "une entrée de"),
        (in_backup("UPDATE reminders SET next_due = 'demain'"), "(reminders.next_due)"),
        (in_backup("UPDATE agents SET created_at = 12"), "(agents.created_at)"),
        (
            in_backup("UPDATE agent_channels SET channel = 'telegram', chat_id = '@anne'"),
            "(agent_channels.telegram)",
        ),
        (in_backup("UPDATE proofs SET agent_id = 99"), "endommagée"),
        (
            in_backup("CREATE TRIGGER t AFTER INSERT ON entries BEGIN DELETE FROM agents; END"),
            "tables d'une base Livret",
        ),
        (in_backup("CREATE TABLE extra (x)"), "tables d'une base Livret"),
        (in_backup("PRAGMA user_version = 3"), "tables d'une base Livret"),
    ],
)
async def test_a_crafted_backup_is_refused_before_anything_is_replaced(
    backed_up: tuple[Path, Path], change: Callable[[Path], None], said: str
) -> None:
    folder, live = backed_up
    change(folder)
    before = {p: p.read_bytes() for p in sorted(live.rglob("*")) if p.is_file()}

    refused = livret(live, "admin", "restore", str(folder), "--oui")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert refused.stderr == ""
    [line] = refused.stdout.splitlines()
    assert line.startswith("Restauration refusée, rien n'a été remplacé : ")
    assert said in line
    after = {p: p.read_bytes() for p in sorted(live.rglob("*")) if p.is_file()}
    assert after.keys() - {live / "livret.sqlite3.lock"} == before.keys()
    assert all(after[p] == data for p, data in before.items())


async def test_a_data_folder_whose_proofs_are_a_file_is_refused_untouched(
    backed_up: tuple[Path, Path],
) -> None:
    folder, live = backed_up
    shutil.rmtree(live / "proofs")
    (live / "proofs").write_text("")
    database = (live / "livret.sqlite3").read_bytes()

    refused = livret(live, "admin", "restore", str(folder), "--oui")
    assert refused.returncode == 1 and refused.stderr == ""
    assert "n'est pas du bon type" in refused.stdout
    assert (live / "livret.sqlite3").read_bytes() == database


async def test_removals_noted_in_a_backup_are_not_carried_out_on_its_proofs(
    backed_up: tuple[Path, Path],
) -> None:
    """A removal in the backup's database names the former server's files, or was forged:
    after the restore and the next start, every proof the rows name is there."""
    folder, live = backed_up
    in_backup(
        "INSERT INTO removals (place, target, created_at) "
        "SELECT 'proofs', 'agent-' || agent_id, '2026-11-28T09:00:00+00:00' FROM proofs;"
        "INSERT INTO removals (place, target, created_at) "
        "VALUES ('elsewhere', '../..', '2026-11-28T09:00:00+00:00')"
    )(folder)
    done = livret(live, "admin", "restore", str(folder), "--oui")
    assert done.returncode == 0, done.stdout + done.stderr
    assert livret(live, "chat", "--agent", "someone").returncode == 0
    with sqlite3.connect(live / "livret.sqlite3") as conn:
        paths = [r[0] for r in conn.execute("SELECT path FROM proofs")]
    conn.close()
    assert paths and all((live / "proofs" / p).is_file() for p in paths)
