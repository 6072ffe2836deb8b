"""Storage on a real SQLite file: migrations, pragmas, repositories scoped by agent."""

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from livret.entries import Diplome, FormationSuivie
from livret.values import PartialDate
from storage import Channel, Database, DialogRecord, NewerSchemaError, Tx
from storage import db as db_module
from storage.migrations import MIGRATIONS, Migration, latest_version
from storage.repository import RECENT_UPDATES

TABLES = {
    "agents",
    "agent_channels",
    "entries",
    "rubrique_status",
    "dialog_state",
    "collectivites",
    "email_codes",
    "shares",
    "share_openings",
    "reminders",
    "proofs",
    "erasures",
}


def read_file(path: Path, sql: str) -> list[tuple[object, ...]]:
    """What another process would see in the file, through the standard sqlite3 module."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def sqlite_threads() -> int:
    """Live aiosqlite worker threads (each open connection has one)."""
    return sum(1 for t in threading.enumerate() if "_connection_worker_thread" in t.name)


async def no_sqlite_thread_left() -> bool:
    """A closed connection's thread ends just after ``close()`` returns: give it a moment."""
    for _ in range(100):
        if sqlite_threads() == 0:
            return True
        await asyncio.sleep(0.01)
    return False


def bts(year: int = 2010) -> Diplome:
    return Diplome.model_validate(
        {"intitule": "BTS Assistant de gestion", "date_obtention": str(year)}
    )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "livret.sqlite3"


@pytest.fixture
async def database(path: Path) -> AsyncIterator[Database]:
    db = await Database.open(path)
    yield db
    await db.close()


async def two_agents(db: Database) -> tuple[int, int]:
    async with db.transaction() as tx:
        anne = await tx.create_agent("telegram", "1001", "1001")
        bob = await tx.create_agent("telegram", "1002", "1002")
    return anne, bob


# ---- migrations -------------------------------------------------------------------------


async def test_a_blank_database_is_migrated_to_the_latest_schema(path: Path) -> None:
    db = await Database.open(path)
    try:
        assert await db.schema_version() == latest_version() == MIGRATIONS[-1].version
    finally:
        await db.close()
    tables = {
        name for (name,) in read_file(path, "SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert tables >= TABLES
    assert read_file(path, "PRAGMA user_version") == [(latest_version(),)]
    columns = {row[1] for row in read_file(path, "PRAGMA table_info(entries)")}
    assert columns == {"id", "agent_id", "rubrique", "data", "position", "created_at", "updated_at"}


async def test_a_version_1_database_keeps_its_livrets_through_migration_2(path: Path) -> None:
    # Written as version 1 of Livret left it: migration 1 only, an agent with a diplôme.
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0].sql + ";PRAGMA user_version=1;")
    conn.execute("INSERT INTO agents (id, created_at) VALUES (1, '2026-01-01T00:00:00+00:00')")
    conn.execute(
        "INSERT INTO agent_channels VALUES ('telegram', '1001', 1, '1001')",
    )
    conn.execute(
        "INSERT INTO entries (agent_id, rubrique, data, created_at, updated_at) "
        "VALUES (1, 'diplomes', ?, 'x', 'x')",
        (bts().model_dump_json(),),
    )
    conn.commit()
    conn.close()

    db = await Database.open(path)
    try:
        async with db.transaction() as tx:
            record = await tx.find_agent_state("telegram", "1001")
            assert record == DialogRecord(1, activated=False)
            [entry] = await tx.entries(1, "diplomes")
            assert entry.data == bts()
            account = await tx.account(1)
            assert (account.privacy_accepted, account.email, account.identifiant) == (
                False,
                None,
                None,
            )
    finally:
        await db.close()


async def test_one_verified_address_and_one_identifiant_per_livret(database: Database) -> None:
    anne, bob = await two_agents(database)
    async with database.transaction() as tx:
        await tx.set_email(anne, "anne@mairie.fr")
        assert await tx.set_identifiant(anne, "LIF-AAAA-AAAA")
        assert not await tx.set_identifiant(bob, "LIF-AAAA-AAAA")
        assert await tx.agent_with_email("anne@mairie.fr") == anne
        assert await tx.agent_with_identifiant("LIF-AAAA-AAAA") == anne
    with pytest.raises(sqlite3.IntegrityError):
        async with database.transaction() as tx:
            await tx.set_email(bob, "anne@mairie.fr")


async def test_attaching_a_channel_detaches_the_others(database: Database) -> None:
    anne, bob = await two_agents(database)
    async with database.transaction() as tx:
        await tx.attach_channel("telegram", "1002", anne)
        assert await tx.channels(anne) == [Channel("telegram", "1002", "1002")]
        assert await tx.channels(bob) == []
        assert await tx.find_agent("telegram", "1001") is None


def test_migrations_are_numbered_in_order_from_one() -> None:
    versions = [m.version for m in MIGRATIONS]
    assert versions == list(range(1, len(MIGRATIONS) + 1))
    assert all(m.name for m in MIGRATIONS)


async def test_reopening_keeps_the_data_and_does_not_run_migrations_again(path: Path) -> None:
    db = await Database.open(path)
    anne, _ = await two_agents(db)
    async with db.transaction() as tx:
        await tx.add_entry(anne, "diplomes", bts())
    await db.close()

    # Running migration 1 again would fail on CREATE TABLE; reopening must not.
    db = await Database.open(path)
    try:
        assert await db.schema_version() == latest_version()
        async with db.transaction() as tx:
            assert [e.data for e in await tx.entries(anne, "diplomes")] == [bts()]
    finally:
        await db.close()


async def test_a_new_migration_is_applied_once_on_reopening(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = await Database.open(path)
    await db.close()
    added = Migration(
        latest_version() + 1, "backups", "CREATE TABLE backups (id INTEGER PRIMARY KEY)"
    )
    monkeypatch.setattr(db_module, "MIGRATIONS", (*MIGRATIONS, added))
    monkeypatch.setattr(db_module, "latest_version", lambda: added.version)

    for _ in range(2):
        db = await Database.open(path)
        try:
            assert await db.schema_version() == added.version
        finally:
            await db.close()
    assert read_file(path, "SELECT name FROM sqlite_master WHERE name = 'proofs'") == [("proofs",)]


async def test_a_failing_migration_leaves_the_schema_as_it_was(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = await Database.open(path)
    await db.close()
    broken = Migration(
        latest_version() + 1,
        "broken",
        "CREATE TABLE half (id INTEGER PRIMARY KEY); INSERT INTO nowhere VALUES (1)",
    )
    monkeypatch.setattr(db_module, "MIGRATIONS", (*MIGRATIONS, broken))
    monkeypatch.setattr(db_module, "latest_version", lambda: broken.version)

    with pytest.raises(sqlite3.OperationalError):
        await Database.open(path)
    assert read_file(path, "PRAGMA user_version") == [(latest_version(),)]
    assert read_file(path, "SELECT name FROM sqlite_master WHERE name = 'half'") == []


async def test_a_database_newer_than_the_code_is_refused(path: Path) -> None:
    db = await Database.open(path)
    await db.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.commit()
    conn.close()

    with pytest.raises(NewerSchemaError, match="Mettez Livret à jour"):
        await Database.open(path)
    # The refused connection was closed: no aiosqlite thread is left behind.
    assert await no_sqlite_thread_left()
    assert read_file(path, "PRAGMA user_version") == [(latest_version() + 1,)]


# ---- connection settings ----------------------------------------------------------------


async def test_the_database_is_in_wal_mode(database: Database, path: Path) -> None:
    assert read_file(path, "PRAGMA journal_mode") == [("wal",)]


async def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        async with database.transaction() as tx:
            await tx.add_entry(999, "diplomes", bts())


async def test_deleting_an_agent_deletes_their_entries(database: Database, path: Path) -> None:
    anne, bob = await two_agents(database)
    async with database.transaction() as tx:
        await tx.add_entry(anne, "diplomes", bts())
        await tx.add_entry(bob, "diplomes", bts(2012))
        await tx.save_dialog_state(DialogRecord(anne, {"screen": "menu"}))
    async with database.transaction() as tx:
        await tx._conn.execute("DELETE FROM agents WHERE id = ?", (anne,))
    async with database.transaction() as tx:
        assert await tx.entries(anne, "diplomes") == []
        assert await tx.dialog_state(anne) is None
        assert len(await tx.entries(bob, "diplomes")) == 1


async def test_closing_the_connection_ends_its_thread(path: Path) -> None:
    assert await no_sqlite_thread_left()  # earlier tests' connections
    db = await Database.open(path)
    assert sqlite_threads() == 1
    await db.close()
    # An unclosed aiosqlite thread would keep the process (and this test run) from exiting.
    assert await no_sqlite_thread_left()


# ---- agents -----------------------------------------------------------------------------


async def test_an_agent_is_found_by_their_channel_and_id(database: Database) -> None:
    anne, bob = await two_agents(database)
    async with database.transaction() as tx:
        assert await tx.find_agent("telegram", "1001") == anne
        assert await tx.find_agent("telegram", "1002") == bob
        assert await tx.find_agent("terminal", "1001") is None
        assert await tx.find_agent("telegram", "9999") is None


async def test_the_same_external_id_cannot_belong_to_two_agents(database: Database) -> None:
    await two_agents(database)
    with pytest.raises(sqlite3.IntegrityError):
        async with database.transaction() as tx:
            await tx.create_agent("telegram", "1001", "1001")


# ---- entries ----------------------------------------------------------------------------


async def test_entries_are_added_listed_updated_and_deleted(database: Database) -> None:
    anne, _ = await two_agents(database)
    async with database.transaction() as tx:
        first = await tx.add_entry(anne, "diplomes", bts(2010))
        second = await tx.add_entry(anne, "diplomes", bts(2012))
        excel = FormationSuivie.model_validate(
            {"intitule": "Excel", "date_debut": "2021-03", "duree": "2 jour"}
        )
        formation = await tx.add_entry(anne, "formations_suivies", excel)

    async with database.transaction() as tx:
        listed = await tx.entries(anne, "diplomes")
        # The most recent first.
        assert [e.id for e in listed] == [second, first]
        assert listed[1].rubrique == "diplomes"
        assert listed[1].data == bts(2010)
        assert isinstance(listed[0].data, Diplome)
        assert listed[0].created_at == listed[0].updated_at
        assert (await tx.rubrique_summary(anne))[0] == {"diplomes": 2, "formations_suivies": 1}
        assert [e.id for e in await tx.all_entries(anne)] == [second, first, formation]
        found = await tx.entries_in(anne, ("formations_suivies", "diplomes"))
        assert [e.id for e in found] == [formation, second, first]

    async with database.transaction() as tx:
        changed = bts(2010).model_copy(update={"etablissement": "Lycée Jean Moulin"})
        assert await tx.update_entry(anne, first, changed)
    async with database.transaction() as tx:
        stored = await tx.entry(anne, first)
        assert stored is not None
        assert isinstance(stored.data, Diplome)
        assert stored.data.etablissement == "Lycée Jean Moulin"
        assert stored.data.date_obtention == PartialDate(2010)

    async with database.transaction() as tx:
        assert await tx.delete_entry(anne, second)
        assert not await tx.delete_entry(anne, second)
    async with database.transaction() as tx:
        assert await tx.entry(anne, second) is None
        assert (await tx.rubrique_summary(anne))[0] == {"diplomes": 1, "formations_suivies": 1}


async def test_entries_are_stored_as_readable_json(database: Database, path: Path) -> None:
    anne, _ = await two_agents(database)
    async with database.transaction() as tx:
        await tx.add_entry(
            anne,
            "diplomes",
            Diplome.model_validate(
                {"intitule": "🎓 مرحبا", "niveau": "5", "date_obtention": "2010-06-30"}
            ),
        )
    [(data,)] = read_file(path, "SELECT data FROM entries")
    assert '"date_obtention":"2010-06-30"' in str(data)
    assert '"niveau":"5"' in str(data)
    async with database.transaction() as tx:
        [entry] = await tx.entries(anne, "diplomes")
    assert isinstance(entry.data, Diplome)
    assert entry.data.intitule == "🎓 مرحبا"


async def test_an_agent_cannot_read_change_or_delete_another_agents_entry(
    database: Database,
) -> None:
    anne, bob = await two_agents(database)
    async with database.transaction() as tx:
        annes = await tx.add_entry(anne, "diplomes", bts(2010))

    async with database.transaction() as tx:
        assert await tx.entry(bob, annes) is None
        assert await tx.entries(bob, "diplomes") == []
        assert await tx.all_entries(bob) == []
        assert await tx.entries_in(bob, ("diplomes",)) == []
        assert await tx.rubrique_summary(bob) == ({}, set())
        assert not await tx.update_entry(bob, annes, bts(1999))
        assert not await tx.delete_entry(bob, annes)

    async with database.transaction() as tx:
        kept = await tx.entry(anne, annes)
        assert kept is not None
        assert kept.data == bts(2010)


async def test_not_concerned_marks_are_per_agent_and_can_be_lifted(database: Database) -> None:
    anne, bob = await two_agents(database)
    async with database.transaction() as tx:
        await tx.set_not_concerned(anne, "tutorat", True)
        await tx.set_not_concerned(anne, "concours", True)
        await tx.set_not_concerned(anne, "concours", False)
    async with database.transaction() as tx:
        assert await tx.not_concerned(anne) == {"tutorat"}
        assert await tx.not_concerned(bob) == set()


# ---- transactions -----------------------------------------------------------------------


class Boom(Exception):
    pass


async def test_a_transaction_that_raises_writes_nothing(database: Database) -> None:
    anne, _ = await two_agents(database)
    with pytest.raises(Boom):
        async with database.transaction() as tx:
            await tx.add_entry(anne, "diplomes", bts())
            await tx.save_dialog_state(DialogRecord(anne, {"screen": "summary"}, ["u1"]))
            raise Boom
    async with database.transaction() as tx:
        assert await tx.entries(anne, "diplomes") == []
        # The update id was not recorded either: a redelivery will be handled.
        assert await tx.dialog_state(anne) is None


async def test_the_database_is_usable_after_a_rolled_back_transaction(database: Database) -> None:
    anne, _ = await two_agents(database)
    with pytest.raises(Boom):
        async with database.transaction():
            raise Boom
    async with database.transaction() as tx:
        await tx.add_entry(anne, "diplomes", bts())
    async with database.transaction() as tx:
        assert len(await tx.entries(anne, "diplomes")) == 1


async def test_a_transaction_is_committed_to_the_file(database: Database, path: Path) -> None:
    anne, _ = await two_agents(database)
    async with database.transaction() as tx:
        assert isinstance(tx, Tx)
        await tx.add_entry(anne, "diplomes", bts())
    assert read_file(path, "SELECT COUNT(*) FROM entries") == [(1,)]


# ---- dialog state and updates -----------------------------------------------------------


async def test_the_dialog_state_round_trips(database: Database) -> None:
    anne, bob = await two_agents(database)
    state = {
        "seq": 7,
        "screen": "ask",
        "draft": {"rubrique": "diplomes", "data": {"intitule": "🎓 Bac « pro »"}, "skipped": []},
    }
    async with database.transaction() as tx:
        assert await tx.dialog_state(anne) is None
        await tx.save_dialog_state(DialogRecord(anne, state, ["1001:1", "1001:2"]))
    async with database.transaction() as tx:
        assert await tx.dialog_state(anne) == DialogRecord(anne, state, ["1001:1", "1001:2"])
        assert await tx.dialog_state(bob) is None
        await tx.save_dialog_state(DialogRecord(anne, {"seq": 8, "screen": "menu"}, ["1001:3"]))
    async with database.transaction() as tx:
        assert await tx.dialog_state(anne) == DialogRecord(
            anne, {"seq": 8, "screen": "menu"}, ["1001:3"]
        )


async def test_an_agent_is_found_with_their_dialog_state(database: Database) -> None:
    anne, bob = await two_agents(database)
    async with database.transaction() as tx:
        assert await tx.find_agent_state("telegram", "9999") is None
        # Known, but nothing said yet.
        assert await tx.find_agent_state("telegram", "1001") == DialogRecord(anne)
        await tx.save_dialog_state(DialogRecord(anne, {"screen": "menu"}, ["1001:7"]))
    async with database.transaction() as tx:
        assert await tx.find_agent_state("telegram", "1001") == DialogRecord(
            anne, {"screen": "menu"}, ["1001:7"]
        )
        assert await tx.find_agent_state("telegram", "1002") == DialogRecord(bob)
        assert await tx.find_agent_state("terminal", "1001") is None


async def test_only_the_last_update_ids_are_kept(database: Database) -> None:
    anne, _ = await two_agents(database)
    keys = [f"1001:{n}" for n in range(RECENT_UPDATES + 8)]
    async with database.transaction() as tx:
        await tx.save_dialog_state(DialogRecord(anne, {"screen": "menu"}, keys))
    async with database.transaction() as tx:
        record = await tx.dialog_state(anne)
    assert record is not None
    assert record.recent_updates == keys[-RECENT_UPDATES:]
