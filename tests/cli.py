"""The real ``livret`` command in a subprocess, driven through a pipe, as a user runs it.

Each run works in ``data_dir`` (its cwd and LIVRET_DATA_DIR), so no ``.env`` of the
repository is read. ``sign_up`` takes an agent through activation in two runs, reading
the code from the e-mail in between, as a person would.
"""

import os
import subprocess
import sys
from pathlib import Path

from tests import mailbox
from tests.chat import email_of


def livret_command() -> list[str]:
    """The installed console script, as a user runs it; else the module behind it."""
    script = Path(sys.executable).parent / "livret"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def clean_env(data_dir: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIVRET_")}
    env["LIVRET_DATA_DIR"] = str(data_dir)
    env.update({f"LIVRET_{name.upper()}": value for name, value in settings.items()})
    return env


def livret(
    data_dir: Path, *args: str, lines: list[str] | None = None, **settings: str
) -> subprocess.CompletedProcess[str]:
    """Runs ``livret <args>`` in ``data_dir`` with ``lines`` piped to stdin, then end of input."""
    script = "".join(line + "\n" for line in lines or [])
    return subprocess.run(
        [*livret_command(), *args],
        input=script,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=data_dir,
        env=clean_env(data_dir, **settings),
        timeout=60,
    )


def chat(
    data_dir: Path, lines: list[str], agent: str = "test", **settings: str
) -> subprocess.CompletedProcess[str]:
    return livret(data_dir, "chat", "--agent", agent, lines=lines, **settings)


def import_registry(data_dir: Path) -> None:
    done = livret(data_dir, "admin", "collectivites", "import", str(mailbox.SAMPLE_REGISTRY))
    assert done.returncode == 0, done.stdout + done.stderr


def sign_up(data_dir: Path, agent: str = "test", prenom: str = "Anne", nom: str = "Dupont") -> str:
    """Activation in the terminal, e-mails going to the outbox folder; the transcripts."""
    import_registry(data_dir)
    email = email_of(agent)
    first = chat(data_dir, ["J'accepte", prenom, nom, email], agent)
    assert first.returncode == 0, first.stderr
    code = mailbox.last_code(data_dir / "outbox", email)
    # The situation asked after activation, answered as most agents would.
    situation = [
        "Gestionnaire paie",
        "rédac",
        "Rédacteurs territoriaux",
        "Rédacteur principal de 2e classe",
    ]
    second = chat(data_dir, [code, mailbox.COLLECTIVITE, *situation], agent)
    assert second.returncode == 0, second.stderr
    assert f"Merci, {prenom} ! Votre livret est créé." in second.stdout, second.stdout
    return first.stdout + second.stdout


async def livret_async(
    data_dir: Path, *args: str, extra_env: dict[str, str] | None = None, **settings: str
) -> subprocess.CompletedProcess[str]:
    """``livret <args>`` without blocking the event loop, for a command that talks to a
    server the test runs in that loop (the fake Bot API)."""
    import asyncio

    env = clean_env(data_dir, **settings) | (extra_env or {})
    proc = await asyncio.create_subprocess_exec(
        *livret_command(),
        *args,
        cwd=data_dir,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return subprocess.CompletedProcess(args, proc.returncode, out.decode(), err.decode())
