"""``livret run`` as an administrator starts it: a subprocess talking to the local fake Bot
API through LIVRET_TELEGRAM_BASE_URL, in polling and in webhook mode (Telegram's secret
token checked on every request); SIGTERM lets the turn in progress finish, a second one
stops at once; the configuration is printed at start, secrets masked."""

import asyncio
import json
import signal
import socket
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bot import copy as bot_copy
from dialogs import copy
from tests.chat import activated_in, reminders_due
from tests.cli import clean_env, import_registry, livret_async, livret_command
from tests.e2e import Agent, wait_for
from tests.fakebotapi import FakeBotAPI
from tests.mailbox import free_port
from tests.samples import soffice_or_skip

MENU_EDITION = "📄 Mon livret (Word, PDF)"


class Process:
    def __init__(self, proc: asyncio.subprocess.Process, log: Path) -> None:
        self.proc = proc
        self.log = log

    @property
    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    async def wait(self, timeout: float = 30) -> int:
        return await asyncio.wait_for(self.proc.wait(), timeout)


@asynccontextmanager
async def livret_run(fake: FakeBotAPI, data_dir: Path, **settings: str) -> AsyncIterator[Process]:
    """``livret run`` on ``data_dir``, its stderr in ``data_dir/run.log``, until it is ready."""
    import_registry(data_dir)
    log = data_dir / "run.log"
    env = clean_env(data_dir, **fake.settings(), **settings)
    with log.open("wb") as sink:
        proc = await asyncio.create_subprocess_exec(
            *livret_command(), "run", cwd=data_dir, env=env, stdout=sink, stderr=sink
        )
    running = Process(proc, log)
    try:
        deadline = time.monotonic() + 30
        while not (fake.webhook if "webhook_url" in settings else fake.get_updates_calls):
            assert proc.returncode is None, running.output
            assert time.monotonic() < deadline, running.output
            await asyncio.sleep(0.05)
        yield running
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


def agent(fake: FakeBotAPI, data_dir: Path, user_id: int) -> Agent:
    return Agent(fake.user(user_id, "Anne"), fake, data_dir / "outbox")


async def pdf_being_made(fake: FakeBotAPI, data_dir: Path, user_id: int) -> Agent:
    """An agent who just asked for their livret in PDF: LibreOffice takes a few seconds."""
    anne = agent(fake, data_dir, user_id)
    await anne.onboard("Anne", "Dupont")
    await anne.send("/menu")
    await anne.tap(MENU_EDITION)
    await anne.tap("PDF")
    assert "Je prépare votre livret" in anne.text
    return anne


async def test_polling_through_the_configured_api(tmp_path: Path) -> None:
    async with FakeBotAPI() as fake, livret_run(fake, tmp_path) as run:
        anne = agent(fake, tmp_path, 5001)
        await anne.onboard("Anne", "Dupont")
        await anne.tap("Diplômes et titres")
        assert "Ajouter un diplôme" in " ".join(anne.labels)
        run.proc.send_signal(signal.SIGTERM)
        assert await run.wait() == 0
    said = run.output
    assert said.startswith("Livret — configuration")
    assert f"API {fake.base_url}" in said and "polling" in said
    assert "jeton défini" in said and fake.token not in said
    assert bot_copy.NO_SMTP.split(" (")[0] in said
    assert "stopped" in said


async def test_webhook_mode_checks_the_secret_token(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/livret+bot"
    async with (
        FakeBotAPI() as fake,
        livret_run(
            fake,
            tmp_path,
            webhook_url=url,
            webhook_port=str(port),
            webhook_secret="le-secret_42",
            log_format="json",
        ) as run,
    ):
        assert fake.webhook == {"url": url, "secret_token": "le-secret_42"}
        anne = agent(fake, tmp_path, 5002)
        # The fake posts each update with the secret, as Telegram does.
        await anne.onboard("Anne", "Dupont")
        assert set(fake.webhook_statuses) == {200}

        # Anyone else who finds the address is turned away, and nothing is answered.
        bruno = fake.user(5003, "Bruno")
        update = {
            "update_id": 99_001,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": bruno.chat_id, "type": "private", "first_name": "Bruno"},
                "from": {"id": bruno.user_id, "is_bot": False, "first_name": "Bruno"},
                "text": "/start",
            },
        }
        async with aiohttp.ClientSession() as session:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "devine"}):
                async with session.post(url, json=update, headers=headers) as response:
                    assert response.status == 403
            await asyncio.sleep(0.5)
            assert fake.messages(bruno.chat_id) == []
            good = {"X-Telegram-Bot-Api-Secret-Token": "le-secret_42"}
            async with session.post(url, json=update, headers=good) as response:
                assert response.status == 200
        await wait_for(Agent(bruno, fake, tmp_path), lambda m: copy.PRIVACY in (m.text or ""), "")
        run.proc.send_signal(signal.SIGTERM)
        assert await run.wait() == 0
    said = run.output
    assert "webhook " + url in said and "le-secret_42" not in said
    # In JSON, every line is an object, the configuration included.
    lines = [json.loads(line) for line in said.splitlines()]
    assert lines[0]["message"] == "configuration"
    assert lines[0]["lines"][0] == "Livret — configuration"
    assert any(line.get("message") == "turn" and line.get("agent") for line in lines)


async def test_sigterm_during_a_turn_loses_nothing(tmp_path: Path) -> None:
    soffice_or_skip()
    async with FakeBotAPI() as fake, livret_run(fake, tmp_path) as run:
        anne = await pdf_being_made(fake, tmp_path, 5004)
        # The signal comes while the PDF is made.
        run.proc.send_signal(signal.SIGTERM)
        sent = await wait_for(anne, lambda m: m.document is not None, "the PDF", timeout=60)
        assert sent.document is not None and sent.document[1].startswith(b"%PDF-")
        assert await run.wait(60) == 0
    # The database was closed: its write-ahead log folded back in.
    wal = tmp_path / "livret.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    with sqlite3.connect(tmp_path / "livret.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_a_second_sigterm_stops_at_once(tmp_path: Path) -> None:
    soffice_or_skip()
    async with FakeBotAPI() as fake, livret_run(fake, tmp_path) as run:
        await pdf_being_made(fake, tmp_path, 5005)
        run.proc.send_signal(signal.SIGTERM)
        await asyncio.sleep(0.2)
        started = time.monotonic()
        run.proc.send_signal(signal.SIGTERM)
        assert await run.wait(10) == 3
        assert time.monotonic() - started < 5
    assert "second stop signal" in run.output


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("webhook_secret", "pas de blancs", "LIVRET_WEBHOOK_SECRET"),
        ("webhook_port", "huit", "LIVRET_WEBHOOK_PORT"),
    ],
)
def test_a_bad_setting_is_named(tmp_path: Path, name: str, value: str, said: str) -> None:
    from tests.cli import livret

    done = livret(tmp_path, "run", telegram_token="1:x", **{name: value})
    assert done.returncode == 2
    assert done.stderr.startswith(f"Réglage invalide : {said}")


async def test_one_bot_per_data_folder_and_no_restore_under_it(tmp_path: Path) -> None:
    async with FakeBotAPI() as fake, livret_run(fake, tmp_path):
        second = await livret_async(tmp_path, "run", **fake.settings())
        # 78, EX_CONFIG: systemd does not restart on it.
        assert second.returncode == 78
        assert "Un bot tourne déjà sur la base" in second.stderr
        saved = await livret_async(tmp_path, "admin", "backup", str(tmp_path / "b"))
        assert saved.returncode == 0, saved.stdout
        [folder] = (tmp_path / "b").iterdir()
        restored = await livret_async(tmp_path, "admin", "restore", str(folder), "--oui")
        assert restored.returncode == 1
        assert "le bot tourne sur cette base de données" in restored.stdout


async def test_a_refused_token_or_a_taken_port_is_said_in_one_line(tmp_path: Path) -> None:
    async with FakeBotAPI() as fake:
        refused = await livret_async(
            tmp_path, "run", **(fake.settings() | {"telegram_token": "999:NOT-THE-TOKEN"})
        )
        assert refused.returncode == 78
        assert "Telegram refuse le jeton" in refused.stderr
        assert "NOT-THE-TOKEN" not in refused.stderr and "Traceback" not in refused.stderr
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            busy = await livret_async(
                tmp_path,
                "run",
                **fake.settings(),
                webhook_url=f"http://127.0.0.1:{port}/telegram",
                webhook_port=str(port),
            )
    assert busy.returncode == 78
    assert f"Le port {port} du webhook est déjà utilisé" in busy.stderr
    assert "Traceback" not in busy.stderr


async def test_a_stop_does_not_wait_for_a_whole_reminder_campaign(tmp_path: Path) -> None:
    """600 reminders due make a 20 s campaign at 29 a second: SIGTERM ends it after the
    batch in progress."""
    ids = [str(20_000 + i) for i in range(600)]
    await activated_in(tmp_path / "livret.sqlite3", "telegram", ids)
    await reminders_due(tmp_path / "livret.sqlite3", "telegram", ids)
    async with FakeBotAPI() as fake:
        for external_id in ids:
            fake.user(int(external_id))
        async with livret_run(fake, tmp_path, reminder_interval="0.2") as run:
            while len(fake.sent_timestamps) < 20:
                await asyncio.sleep(0.05)
            run.proc.send_signal(signal.SIGTERM)
            started = time.monotonic()
            assert await run.wait(30) == 0
            stopped_after = time.monotonic() - started
    # A batch is 200 reminders, about 7 s; the campaign would have taken 20 s.
    assert stopped_after < 10, stopped_after
    assert len(fake.sent_timestamps) < 600
