"""Portability: the ZIP of ``/mesdonnees``, imported by ``livret admin import-agent`` into
another database (one that already holds agents), gives the same livret: same entries, the
same links between them, the same proofs; the agent finds it from the same account. A bad
or second archive is refused with a message and writes nothing."""

import io
import json
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from dialogs import copy
from dialogs.data_import import restore
from dialogs.edition import load_livret
from dialogs.engine import Engine
from livret.entries import Competence, Emploi, FormationSuivie
from storage import Database, RestoreError
from tests.chat import EngineChat, email_of, engine_on, share_diplomes
from tests.cli import import_registry, livret
from tests.test_proofs import jpeg, pdf, png

DAY = date(2026, 11, 28)


async def build_livret(engine: Engine, anne: EngineChat) -> None:
    """A diplôme with three proofs (PNG, PDF, JPEG), a formation and an emploi, a compétence linked to all three,
    a link shared with the proofs, and the reminders set at activation."""
    await anne.add_diplome("Master de droit public")
    await anne.tap(copy.PROOF_ADD_NOW)
    await anne.send_file(png())
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(pdf())
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(jpeg())
    async with engine.db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        assert agent is not None
        [diplome] = await tx.entries(agent, "diplomes")
        formation = await tx.add_entry(
            agent,
            "formations_suivies",
            FormationSuivie.model_validate(
                {"intitule": "Marchés publics", "date_debut": "2021", "duree": "2 jour"}
            ),
        )
        emploi = await tx.add_entry(
            agent,
            "emplois",
            Emploi.model_validate(
                {"intitule": "Juriste", "employeur": "Ville de Lyon", "date_debut": "2016-09"}
            ),
        )
        await tx.add_entry(
            agent,
            "competences",
            Competence.model_validate(
                {
                    "intitule": "Rédiger un cahier des charges",
                    "formations": [formation],
                    "emplois": [emploi],
                    "diplomes": [diplome.id],
                }
            ),
        )
    engine.bot_username = "LivretBot"
    await share_diplomes(anne, "Pour mon entretien")


async def export_zip(engine: Engine, anne: EngineChat) -> Path:
    replies = await anne.send("/mesdonnees")
    [pending] = [r.pending for r in replies if r.pending]
    [path] = [r.document for r in await engine.fulfil(pending) if r.document is not None]
    return path


async def someone_else(folder: Path) -> None:
    """A server that already has a livret, so the imported one cannot keep its ids."""
    other = await Database.open(folder / "livret.sqlite3")
    async with other.transaction() as tx:
        agent = await tx.create_agent("test", "bruno", "bruno")
        for title in ("Premiers secours", "Habilitation électrique"):
            await tx.add_entry(
                agent,
                "formations_suivies",
                FormationSuivie.model_validate(
                    {"intitule": title, "date_debut": "2020", "duree": "1 jour"}
                ),
            )
    await other.close()


@pytest.fixture
def old_engine(engine: Engine, tmp_path: Path) -> Engine:
    engine.proofs_dir = tmp_path / "proofs"
    return engine


@pytest.fixture
async def archive(old_engine: Engine, anne: EngineChat) -> Path:
    """Anne's livret (see ``build_livret``), exported by /mesdonnees."""
    await build_livret(old_engine, anne)
    return await export_zip(old_engine, anne)


async def test_export_then_import_gives_the_same_livret(
    old_engine: Engine, archive: Path, tmp_path: Path
) -> None:
    new = tmp_path / "new-server"
    new.mkdir()
    await someone_else(new)
    import_registry(new)

    done = livret(new, "admin", "import-agent", str(archive))
    assert done.returncode == 0, done.stdout + done.stderr
    async with old_engine.db.transaction() as tx:
        old_id = await tx.find_agent("test", "anne")
        assert old_id is not None
        account = await tx.account(old_id)
    assert done.stdout.startswith(f"Livret {account.identifiant} importé")
    assert "3 justificatif(s), 1 partage(s)" in done.stdout
    assert "restent fermés" in done.stdout

    before, annexes_before = await load_livret(old_engine.db, old_id, DAY, tmp_path / "proofs")
    db = await Database.open(new / "livret.sqlite3")
    try:
        async with db.transaction() as tx:
            new_id = await tx.find_agent("test", "anne")
            assert new_id is not None and new_id != old_id
            moved = await tx.account(new_id)
            [competence] = await tx.entries(new_id, "competences")
            [formation] = await tx.entries(new_id, "formations_suivies")
            reminder = await tx.reminder(new_id)
            # The move counts as activity: not an account idle since its creation years ago.
            moved_at = await tx.last_activity(new_id)
            [share] = await tx.shares(new_id)
        assert moved == replace(account, agent_id=new_id)
        after, annexes_after = await load_livret(db, new_id, DAY, new / "proofs")
    finally:
        await db.close()
    # The same livret, word for word, with its links and its proofs in the same order.
    assert after == before
    assert [a.data for a in annexes_after] == [a.data for a in annexes_before]
    assert isinstance(competence.data, Competence)
    assert competence.data.formations == [formation.id]
    assert reminder is not None
    assert moved_at is not None and moved_at > datetime.now(UTC) - timedelta(minutes=5)
    # The link made on the former server stays closed; its note and openings are kept.
    assert share.revoked_at is not None and share.note == "Pour mon entretien"

    # The agent, on the same account, finds their livret at the menu.
    db = await Database.open(new / "livret.sqlite3")
    try:
        chat = EngineChat(await engine_on(db, new), "anne")
        await chat.send("/start")
        assert "✅ Diplômes et titres · 1" in chat.labels
        await chat.tap("Compétences")
        await chat.tap("Rédiger un cahier des charges")
        assert "Marchés publics" in chat.text and "Juriste" in chat.text
    finally:
        await db.close()


async def test_a_second_import_or_a_bad_archive_writes_nothing(
    archive: Path, tmp_path: Path
) -> None:
    new = tmp_path / "new-server"
    new.mkdir()
    first = livret(new, "admin", "import-agent", str(archive))
    assert first.returncode == 0
    assert "La collectivité COM69123 n'est pas dans le registre de ce serveur" in first.stdout
    files = sorted(p.name for p in (new / "proofs").rglob("*.*"))

    again = livret(new, "admin", "import-agent", str(archive))
    assert again.returncode == 1
    assert "a déjà un livret sur ce serveur" in again.stdout

    # A proof changed in the archive: refused before anything is written.
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith(".png"):
                data = data[:-1] + b"\0"
            target.writestr(item, data)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    refused = livret(fresh, "admin", "import-agent", str(tampered))
    assert refused.returncode == 1
    assert "ne correspond pas à celui enregistré" in refused.stdout
    assert not list((fresh / "proofs").rglob("*.*")) if (fresh / "proofs").exists() else True
    with sqlite3.connect(fresh / "livret.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM agents").fetchone() == (0,)

    for name, data in (("notes.zip", b"pas un zip"), ("vide.zip", _zip({}))):
        (tmp_path / name).write_bytes(data)
        shown = livret(fresh, "admin", "import-agent", str(tmp_path / name))
        assert shown.returncode == 1
        assert shown.stdout.startswith("Import refusé, rien n'a été écrit")
    missing = livret(fresh, "admin", "import-agent", "absent.zip")
    assert "n'existe pas" in missing.stdout
    assert sorted(p.name for p in (new / "proofs").rglob("*.*")) == files


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def edited(archive: Path, target: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """The archive with its donnees.json changed by hand."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "donnees.json":
                body = json.loads(data)
                change(body["tables"])
                # Too deep for json.dumps: written as text.
                deep = "[" * 100_000 + "1" + "]" * 100_000
                data = json.dumps(body).replace(json.dumps(NESTED), deep).encode()
            out.writestr(item, data)
    return target


def set_cell(table: str, column: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(tables: dict[str, Any]) -> None:
        tables[table][0][column] = value

    return change


def deeply_nested(tables: dict[str, Any]) -> None:
    tables["entries"][0]["data"] = NESTED


NESTED = "nested, written as text by edited()"


@pytest.mark.parametrize(
    "change",
    [
        # A reminder the dispatcher could not read would stop everyone's reminders.
        set_cell("reminders", "next_due", "0000-bad"),
        set_cell("reminders", "cadence", "hourly"),
        set_cell("reminders", "hour", 10**30),
        set_cell("agents", "created_at", "2026-11-28T09:00:00"),  # no time zone
        set_cell("shares", "kind", "public"),
        set_cell("shares", "revoked_at", "garbage"),
        set_cell("shares", "revoked_at", {"a": 1}),
        set_cell("proofs", "path", "agent-1/0123456789abcdef0123456789abcdef.png\n"),
        deeply_nested,
    ],
)
async def test_a_hand_edited_archive_is_refused_whole(
    archive: Path, tmp_path: Path, change: Callable[[dict[str, Any]], None]
) -> None:
    bad = edited(archive, tmp_path / "edited.zip", change)
    db = await Database.open(tmp_path / "new.sqlite3")
    try:
        with pytest.raises(RestoreError):
            await restore(db, bad, tmp_path / "new-proofs")
        async with db.transaction() as tx:
            assert await tx.agent_with_email(email_of("anne")) is None
    finally:
        await db.close()
    assert not (tmp_path / "new-proofs").exists() or not any((tmp_path / "new-proofs").rglob("*.*"))


async def test_a_proof_lost_from_the_data_folder_leaves_the_archive_importable(
    old_engine: Engine, anne: EngineChat, tmp_path: Path
) -> None:
    await build_livret(old_engine, anne)
    [lost, *_] = sorted((tmp_path / "proofs").rglob("*.png"))
    lost.unlink()
    archive = await export_zip(old_engine, anne)
    db = await Database.open(tmp_path / "new.sqlite3")
    try:
        done = await restore(db, archive, tmp_path / "new-proofs")
    finally:
        await db.close()
    assert len(done.proofs) == 2


async def test_annexes_can_only_name_the_agents_own_proofs(archive: Path, tmp_path: Path) -> None:
    """A share's annexes name files by path: one naming another agent's file, or not a path
    at all, is dropped from the imported share."""

    def foreign_annexes(tables: dict[str, Any]) -> None:
        tables["shares"][0]["snapshot"]["_annexes"] = [
            {"entry_id": 1, "kind": "png", "path": "agent-2/" + "a" * 32 + ".png"},
            {"entry_id": 1, "kind": "png", "path": ["x"]},
        ]

    bad = edited(archive, tmp_path / "edited.zip", foreign_annexes)
    db = await Database.open(tmp_path / "new.sqlite3")
    try:
        done = await restore(db, bad, tmp_path / "new-proofs")
        async with db.transaction() as tx:
            [share] = await tx.shares(done.agent_id)
    finally:
        await db.close()
    assert share.snapshot["_annexes"] == []
