"""Erasure (``/supprimer``): after a warning and a typed word, every row and every file of
the agent goes, shares included; a scan of the SQLite files and of the data folder finds no
trace of them; an anonymous count of erasures per day stays."""

import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path

from dialogs import copy
from dialogs.engine import Engine
from livret.entries import Diplome
from storage import Database
from tests.chat import EngineChat, email_of, share_diplomes
from tests.cli import livret, sign_up
from tests.test_proofs import pdf, png

SECRET = "Master confidentiel de droit public"


def traces(folder: Path, needles: list[bytes]) -> list[str]:
    """Files under ``folder`` (databases included) that hold any of ``needles``."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {n!r}" for n in needles if n in data]
    return found


async def test_erasure_leaves_no_trace(
    engine: Engine, db: Database, anne: EngineChat, tmp_path: Path
) -> None:
    # Anne's livret: a diplôme with two proofs, a link shared and opened, reminders.
    await anne.add_diplome(SECRET)
    await anne.tap("maintenant")
    await anne.send_file(png())
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(pdf())
    engine.outreach.bot_username = "LivretBot"
    link = await share_diplomes(anne, "Pour mon entretien")
    boss = EngineChat(engine, "boss")
    await boss.send(f"/start {link}")
    async with db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        assert agent is not None
        identifiant = (await tx.account(agent)).identifiant
        assert identifiant
    assert engine.proofs_dir is not None and list(engine.proofs_dir.rglob("*.png"))

    await anne.send("/supprimer")
    assert "Pour confirmer, tapez SUPPRIMER, en majuscules." in anne.text
    await anne.send("oui")
    assert anne.text.startswith(copy.ERASE_WRONG_WORD)
    # Exactly as asked, in capitals.
    await anne.send("Supprimer")
    assert anne.text.startswith(copy.ERASE_WRONG_WORD)
    await anne.send("SUPPRIMER")
    assert anne.text == copy.ERASED

    # The link shows nothing now.
    await boss.send(f"/start {link}")
    assert boss.text == copy.SHARE_INVALID
    # Nothing left: rows, free pages, WAL, proofs, documents, e-mails.
    await db.checkpoint()
    needles = [
        SECRET.encode(),
        identifiant.encode(),
        email_of("anne").encode(),
        b"Dupont",
        b"Pour mon entretien",
    ]
    assert traces(tmp_path, needles) == []
    assert not list(engine.proofs_dir.rglob("*.*"))
    with sqlite3.connect(tmp_path / "livret.sqlite3") as conn:
        assert conn.execute("SELECT day, count FROM erasures").fetchall() == [("2026-11-28", 1)]
        assert conn.execute("SELECT COUNT(*) FROM agents").fetchone() == (0,)
    # Back to the start: a new, empty account, welcomed as one (nothing to "finish").
    await anne.send("Bonjour")
    assert copy.WELCOME in anne.text and copy.PRIVACY in anne.text
    assert copy.ONBOARDING_FIRST not in anne.text
    await anne.send("/start")
    assert copy.PRIVACY in anne.text


async def test_the_word_is_asked_and_annuler_keeps_everything(
    db: Database, anne: EngineChat
) -> None:
    async with db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        assert agent is not None
        await tx.add_entry(
            agent, "diplomes", Diplome.model_validate({"intitule": "BTS", "date_obtention": "2010"})
        )
    await anne.send("/supprimer")
    await anne.send("/annuler")
    assert copy.ERASE_KEPT in anne.text
    # The command's word without its slash: pointed at, never run.
    await anne.send("supprimer")
    assert anne.text == copy.COMMAND_WITHOUT_SLASH.format(command="supprimer")
    await anne.send("Menu")
    assert "Choisissez une rubrique" in anne.text
    await anne.send("/menu")
    assert "✅ Diplômes et titres · 1" in anne.labels


def test_support_shows_and_erases_an_agent_by_identifiant(tmp_path: Path) -> None:
    said = sign_up(tmp_path)
    found = re.search(r"LIF-[0-9A-Z]{4}-[0-9A-Z]{4}", said)
    assert found
    identifiant = found[0]

    shown = livret(tmp_path, "admin", "agents", "show", identifiant)
    assert shown.returncode == 0, shown.stderr
    assert "identifiant " + identifiant in shown.stdout
    assert "entrées du livret : 1" in shown.stdout
    assert "Dupont" not in shown.stdout  # what exists, never the content

    refused = livret(tmp_path, "admin", "agents", "delete", identifiant)
    assert refused.returncode == 2 and "--oui" in refused.stderr

    done = livret(tmp_path, "admin", "agents", "delete", identifiant, "--oui")
    assert done.returncode == 0, done.stderr
    assert "effacé" in done.stdout
    gone = livret(tmp_path, "admin", "agents", "show", identifiant)
    assert gone.returncode == 1
    assert traces(tmp_path, [identifiant.encode(), email_of("test").encode(), b"Dupont"]) == []


async def test_my_data_come_in_one_zip(engine: Engine, anne: EngineChat) -> None:
    await anne.add_diplome(SECRET)
    await anne.tap("maintenant")
    await anne.send_file(png())

    replies = await anne.send("/mesdonnees")
    assert anne.text == copy.EXPORT_PREPARING
    [pending] = [r.pending for r in replies if r.pending]
    made = await engine.fulfil(pending)
    [path] = [r.document for r in made if r.document is not None]
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        names = archive.namelist()
        records = json.loads(archive.read("donnees.json"))
        assert "LISEZMOI.txt" in names
        assert any(n.startswith("livret/Livret-DUPONT-Anne") and n.endswith(".docx") for n in names)
        assert len([n for n in names if n.startswith("justificatifs/")]) == 1
    assert records["format"] == "livret-donnees/1"
    tables = records["tables"]
    assert tables["agents"][0]["email"] == email_of("anne")
    # JSON columns come as data, readable as they are.
    assert any(e["data"].get("intitule") == SECRET for e in tables["entries"])
    assert tables["email_codes"] and all("code_hash" not in r for r in tables["email_codes"])
    assert len(tables["proofs"]) == 1
