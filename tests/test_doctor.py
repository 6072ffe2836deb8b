"""``livret doctor`` as an administrator runs it, with each component there and then missing
or wrong in turn: each line says what is wrong and how to fix it; the status says whether
the bot can run."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from storage.migrations import latest_version
from tests import mailbox
from tests.cli import livret_async
from tests.fakebotapi import FakeBotAPI


def settings_of(fake: FakeBotAPI, **more: object) -> dict[str, str]:
    return fake.settings() | {k: str(v) for k, v in more.items()}


def lines(said: str) -> dict[str, str]:
    """Each check's line, by what it checks."""
    found = {}
    for line in said.splitlines():
        if " : " in line and not line.startswith("   →"):
            mark_what, _, rest = line.partition(" : ")
            found[mark_what.split(" ", 1)[1].strip()] = mark_what.split(" ", 1)[0] + " " + rest
    return found


def tls_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "tls"
    folder.mkdir(exist_ok=True)
    return folder


async def test_everything_ready(tmp_path: Path) -> None:
    login = ("livret", "motdepasse")
    with mailbox.smtp_server("starttls", tls_folder(tmp_path), login=login) as smtp:
        async with FakeBotAPI() as fake:
            done = await livret_async(
                tmp_path,
                "doctor",
                **settings_of(
                    fake, smtp_user="livret", smtp_password="motdepasse", **smtp.settings()
                ),
            )
    assert done.returncode == 0, done.stdout + done.stderr
    shown = lines(done.stdout)
    assert shown["Telegram"] == "✅ bot @livret_test_bot (n°123456)"
    assert shown["Base de données"].startswith("✅")
    assert shown["E-mail (SMTP)"].startswith("✅ 127.0.0.1:")
    assert "identification réussies" in shown["E-mail (SMTP)"]
    assert shown["Dossier de données"].startswith("✅") and "Go libres" in done.stdout
    if shutil.which("soffice"):
        assert shown["PDF (LibreOffice)"].startswith("✅ conversion d'essai réussie")
    assert done.stdout.rstrip().endswith("Tout est prêt.")
    assert smtp.messages == []  # checked, nothing sent


async def test_a_refused_token_and_an_unreachable_api(tmp_path: Path) -> None:
    async with FakeBotAPI() as fake:
        wrong = await livret_async(
            tmp_path, "doctor", **settings_of(fake, telegram_token="999:WRONG")
        )
    assert wrong.returncode == 1
    assert lines(wrong.stdout)["Telegram"] == "❌ jeton refusé par Telegram"
    assert "@BotFather" in wrong.stdout and "999:WRONG" not in wrong.stdout
    port = mailbox.free_port()
    gone = await livret_async(
        tmp_path,
        "doctor",
        telegram_token="1:x",
        telegram_base_url=f"http://127.0.0.1:{port}/bot",
    )
    assert gone.returncode == 1
    assert lines(gone.stdout)["Telegram"] == f"❌ API injoignable à http://127.0.0.1:{port}/bot"
    # An address that is no Bot API (its "bot" forgotten) answers 404: the address is named.
    async with FakeBotAPI() as fake:
        base = fake.base_url.removesuffix("bot")
        lost = await livret_async(tmp_path, "doctor", **settings_of(fake, telegram_base_url=base))
    assert lines(lost.stdout)["Telegram"].startswith(f"❌ jeton refusé, ou {base} n'est pas")
    assert "Traceback" not in lost.stderr
    none = await livret_async(tmp_path, "doctor")
    assert lines(none.stdout)["Telegram"] == "❌ aucun jeton (LIVRET_TELEGRAM_TOKEN)"
    assert none.stdout.rstrip().endswith("Points à corriger avant de lancer le bot : 1.")


async def test_a_database_of_a_newer_version(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "livret.sqlite3") as conn:
        conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()
    async with FakeBotAPI() as fake:
        done = await livret_async(
            tmp_path, "doctor", **settings_of(fake, db_path=tmp_path / "livret.sqlite3")
        )
    assert done.returncode == 1
    assert "plus récent que celui de cette version" in lines(done.stdout)["Base de données"]


@pytest.mark.parametrize("problem", ["unreachable", "login"])
async def test_smtp_unreachable_or_refusing_the_account(tmp_path: Path, problem: str) -> None:
    login = ("livret", "motdepasse")
    with mailbox.smtp_server("starttls", tls_folder(tmp_path), login=login) as smtp:
        # aiosmtpd stalls after a refused login: the timeout ends it, as a real one would.
        more: dict[str, object] = dict(smtp.settings(), smtp_user="livret", smtp_timeout=3)
        if problem == "unreachable":
            more["smtp_port"] = mailbox.free_port()
        more["smtp_password"] = "motdepasse" if problem == "unreachable" else "faux"
        async with FakeBotAPI() as fake:
            done = await livret_async(tmp_path, "doctor", **settings_of(fake, **more))
    assert done.returncode == 1
    said = lines(done.stdout)["E-mail (SMTP)"]
    if problem == "unreachable":
        assert said.startswith("❌ 127.0.0.1:") and "injoignable" in said
    else:
        assert said.endswith("refuse le compte livret")
    assert "faux" not in done.stdout and "motdepasse" not in done.stdout


async def test_no_libreoffice_a_dead_unoserver_and_an_unwritable_folder(tmp_path: Path) -> None:
    async with FakeBotAPI() as fake:
        # LibreOffice not installed: the bot runs, agents get Word.
        bare = await livret_async(
            tmp_path, "doctor", extra_env={"PATH": "/nonexistent"}, **settings_of(fake)
        )
        assert lines(bare.stdout)["PDF (LibreOffice)"].startswith("⚠️ LibreOffice introuvable")
        assert "libreoffice-writer-nogui" in bare.stdout
        dead = await livret_async(
            tmp_path, "doctor", **settings_of(fake, unoserver=f"127.0.0.1:{mailbox.free_port()}")
        )
        # Down: with LibreOffice installed the bot converts cold, slower; without, no PDF.
        shown = lines(dead.stdout)["PDF (LibreOffice)"]
        if shutil.which("soffice"):
            assert shown.startswith("⚠️ unoserver ne répond pas") and "plus lentement" in shown
        else:
            assert dead.returncode == 1 and shown.startswith("❌ unoserver ne répond pas")
        blocker = tmp_path / "un-fichier"
        blocker.write_text("")
        stuck = await livret_async(
            tmp_path, "doctor", extra_env={"LIVRET_DATA_DIR": str(blocker)}, **settings_of(fake)
        )
    assert stuck.returncode == 1
    assert "n'est pas accessible en écriture" in lines(stuck.stdout)["Dossier de données"]
