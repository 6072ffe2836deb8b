"""Portability: the ZIP of ``/mesdonnees``, imported by ``livret admin import-agent`` into
another database (one that already holds agents), gives the same livret: same entries, the
same links between them, the same proofs; the agent finds it from the same account. A bad
or second archive is refused with a message and writes nothing."""

import hashlib
import io
import json
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import copy as bot_copy
from dialogs import copy
from dialogs.account.data_import import restore
from dialogs.engine import Engine
from dialogs.sharing.edition import load_livret
from documents.context import Context
from livret.entries import Competence, Emploi, FormationSuivie
from storage import Database, RestoreError
from storage.transfer import MAX_ROWS
from tests.chat import EngineChat, email_of, engine_on, share_diplomes
from tests.cli import import_registry, livret
from tests.test_proofs import jpeg, pdf, png

DAY = date(2026, 11, 28)


async def build_livret(engine: Engine, anne: EngineChat) -> None:
    """A diplôme with three proofs (PNG, PDF, JPEG), a formation and an emploi, a compétence linked to all three,
    a link shared with the proofs, and the reminders set at activation."""
    await anne.add_diplome("Master de droit public")
    await anne.tap("maintenant")
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
    engine.outreach.bot_username = "LivretBot"
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
    assert "justificatifs : 3, partages : 1" in done.stdout
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

    # The same livret, word for word, with its links and its proofs in the same order (the
    # entries' numbers are the new database's own).
    def unnumbered(context: Context) -> Context:
        for rub in context.rubriques:
            for entry in rub["entries"]:
                entry.pop("id")
        return context

    assert unnumbered(after) == unnumbered(before)
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


# ---- what an archive may not do (issue 14) -------------------------------------------------


def set_table(table: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(tables: dict[str, Any]) -> None:
        tables[table] = value

    return change


WRONG_TYPES = [
    set_table("proofs", 5),
    set_table("proofs", True),
    set_table("proofs", "abc"),
    set_table("entries", 5),
    set_table("agents", {"id": 1}),
    set_table("agent_channels", [5]),
    set_table("shares", None),
    set_cell("agents", "email", ["anne@mairie-exemple.fr"]),
    set_cell("agents", "email", 5),
    set_cell("agents", "identifiant", 5),
    set_cell("proofs", "digest", 5),
    set_cell("proofs", "path", 5),
    set_cell("proofs", "kind", ["png"]),
    set_cell("entries", "id", [1]),
    set_cell("reminders", "cadence", {"a": 1}),
    set_cell("reminders", "next_due", "2026-02-30T10:00:00+00:00"),
    set_cell("shares", "created_at", "0001-01-01T00:00:00+01:00"),
]


async def test_a_wrong_type_anywhere_gets_the_french_refusal(archive: Path, tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "new.sqlite3")
    try:
        for n, change in enumerate(WRONG_TYPES):
            bad = edited(archive, tmp_path / f"edited-{n}.zip", change)
            with pytest.raises(RestoreError) as refused:
                await restore(db, bad, tmp_path / "new-proofs")
            assert refused.value.reason in bot_copy.IMPORT_PROBLEMS
            async with db.transaction() as tx:
                assert await tx.agent_with_email(email_of("anne")) is None
    finally:
        await db.close()


async def test_the_command_refuses_a_wrong_type_in_one_line(archive: Path, tmp_path: Path) -> None:
    bad = edited(archive, tmp_path / "edited.zip", set_table("proofs", 5))
    new = tmp_path / "new-server"
    new.mkdir()
    done = livret(new, "admin", "import-agent", str(bad))
    assert done.returncode == 1 and done.stderr == ""
    assert done.stdout == (
        "Import refusé, rien n'a été écrit : des données de « proofs » sont incomplètes ou mal "
        "formées.\n"
    )


def _rewritten(archive: Path, target: Path, members: dict[str, Callable[[], Any]]) -> Path:
    """The archive with these members written anew, by chunks (``members[name]()`` gives
    them), the others copied."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            if item.filename not in members:
                out.writestr(item, source.read(item))
        for name, chunks in members.items():
            with out.open(zipfile.ZipInfo(name), "w") as member:
                for chunk in chunks():
                    member.write(chunk)
    # Deflated here, as an archive made to be small.
    packed = target.with_suffix(".small.zip")
    with (
        zipfile.ZipFile(target) as source,
        zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            with source.open(item) as data, out.open(item.filename, "w") as member:
                shutil.copyfileobj(data, member, 1 << 20)
    target.unlink()
    return packed


async def test_an_archive_too_big_once_expanded_is_refused_unread(
    archive: Path, tmp_path: Path
) -> None:
    new = tmp_path / "new-server"
    new.mkdir()
    # donnees.json: 40 MB of spaces around the real one.
    with zipfile.ZipFile(archive) as source:
        data = source.read("donnees.json")
    blank = b" " * (1 << 20)
    bomb = _rewritten(
        archive, tmp_path / "bomb.zip", {"donnees.json": lambda: [blank] * 40 + [data]}
    )
    assert bomb.stat().st_size < 1_000_000
    done = livret(new, "admin", "import-agent", str(bomb))
    assert done.returncode == 1 and done.stderr == ""
    assert "l'archive est trop volumineuse une fois décompressée" in done.stdout

    # A proof past what the bot takes from Telegram, its digest recorded to match.
    zeros = b"\0" * (1 << 20)
    body = json.loads(data)
    [row, *_] = body["tables"]["proofs"]
    name = f"justificatifs/{Path(row['path']).name}"
    row["digest"] = hashlib.sha256(zeros * 21).hexdigest()
    text = json.dumps(body).encode()
    bomb = _rewritten(
        archive,
        tmp_path / "proof.zip",
        {"donnees.json": lambda: [text], name: lambda: [zeros] * 21},
    )
    done = livret(new, "admin", "import-agent", str(bomb))
    assert done.returncode == 1 and done.stderr == ""
    assert "trop volumineuse" in done.stdout
    assert not list((new / "proofs").rglob("*.*")) if (new / "proofs").exists() else True


async def test_codes_are_not_imported_and_past_times_may_not_lie_ahead(
    archive: Path, tmp_path: Path
) -> None:
    """Codes "sent" in 2099 to another address would block that address's codes for good:
    the e-mail codes of an archive are not imported at all. A reminder "sent" in 2099
    would pause the agent's reminders: refused."""
    bruno = email_of("bruno")

    def codes_ahead(tables: dict[str, Any]) -> None:
        [code, *_] = tables["email_codes"]
        tables["email_codes"] += [
            code | {"email": bruno, "sent_at": f"2099-01-01T00:0{n}:00+00:00", "failed": 0}
            for n in range(6)
        ]

    db = await Database.open(tmp_path / "new.sqlite3")
    try:
        done = await restore(
            db, edited(archive, tmp_path / "codes.zip", codes_ahead), tmp_path / "p"
        )
        async with db.transaction() as tx:
            assert await tx.codes_sent_to(bruno, tx.now - timedelta(hours=1)) == []
            assert await tx.codes_sent_since(done.agent_id, tx.now - timedelta(days=1)) == []
    finally:
        await db.close()

    db = await Database.open(tmp_path / "other.sqlite3")
    try:
        ahead = set_cell("reminders", "last_sent_at", "2099-01-01T10:00:00+00:00")
        with pytest.raises(RestoreError) as refused:
            await restore(db, edited(archive, tmp_path / "ahead.zip", ahead), tmp_path / "p2")
        assert refused.value.reason == "future"
        assert refused.value.detail == "reminders.last_sent_at"
        # What is due may lie ahead; an hour of skew between the two servers' clocks is fine.
        soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat(timespec="seconds")
        skewed = edited(archive, tmp_path / "skew.zip", set_cell("agents", "activated_at", soon))
        await restore(db, skewed, tmp_path / "p2")
    finally:
        await db.close()


async def test_one_address_is_one_livret_whatever_its_case(archive: Path, tmp_path: Path) -> None:
    def shouted(tables: dict[str, Any]) -> None:
        tables["agents"][0]["email"] = " " + email_of("anne").upper()
        tables["agents"][0]["identifiant"] = "LIF-0000-0000"

    loud = edited(archive, tmp_path / "loud.zip", shouted)
    db = await Database.open(tmp_path / "new.sqlite3")
    try:
        await restore(db, archive, tmp_path / "p")
        with pytest.raises(RestoreError) as refused:
            await restore(db, loud, tmp_path / "p")
        assert refused.value.reason == "exists"
    finally:
        await db.close()
    # On a server without her, the address is kept as the bot keeps it.
    db = await Database.open(tmp_path / "other.sqlite3")
    try:
        done = await restore(db, loud, tmp_path / "p2")
        async with db.transaction() as tx:
            assert (await tx.account(done.agent_id)).email == email_of("anne")
            assert await tx.agent_with_email(email_of("anne")) == done.agent_id
    finally:
        await db.close()


async def test_a_telegram_account_is_numbers(archive: Path, tmp_path: Path) -> None:
    def telegram(external_id: str, chat_id: str | None) -> Callable[[dict[str, Any]], None]:
        def change(tables: dict[str, Any]) -> None:
            tables["agent_channels"][0] |= {
                "channel": "telegram",
                "external_id": external_id,
                "chat_id": chat_id,
            }

        return change

    db = await Database.open(tmp_path / "new.sqlite3")
    try:
        for n, ids in enumerate(
            [("123456789", "@anne"), ("anne", "123456789"), ("123456789", None), ("1 2", "12")]
        ):
            bad = edited(archive, tmp_path / f"bad-{n}.zip", telegram(*ids))
            with pytest.raises(RestoreError) as refused:
                await restore(db, bad, tmp_path / "p")
            assert refused.value.reason == "bad_row"
        good = edited(archive, tmp_path / "good.zip", telegram("123456789", "123456789"))
        done = await restore(db, good, tmp_path / "p")
        async with db.transaction() as tx:
            [channel] = await tx.channels(done.agent_id)
        # What the reminders job does with it.
        assert int(channel.chat_id) == 123456789
    finally:
        await db.close()


async def test_an_archive_with_more_rows_than_any_livret_is_refused_unwritten(
    archive: Path, tmp_path: Path
) -> None:
    def many(tables: dict[str, Any]) -> None:
        [entry, *_] = tables["entries"]
        tables["entries"] = [entry | {"id": 10_000 + n} for n in range(MAX_ROWS + 1)]

    bad = edited(archive, tmp_path / "many.zip", many)
    db = await Database.open(tmp_path / "new.sqlite3")
    try:
        with pytest.raises(RestoreError) as refused:
            await restore(db, bad, tmp_path / "p")
        assert refused.value.reason == "too_many"
        async with db.transaction() as tx:
            assert await tx.agent_with_email(email_of("anne")) is None
    finally:
        await db.close()
