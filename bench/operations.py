"""Benchmark of running Livret for real (issues #8 and #9): backups taken while agents write,
and the look for inactive accounts.

On a database of ``--agents`` livrets (default 5,000: each the livret of bench/turns.py's
script, one in ten with a 40 KB proof), it measures in one run:

1. Backup: ``livret admin backup`` as the administrator runs it (a process, Python's start
   included), 3 times; the database's and the backup's sizes; ``restore``'s checks.
2. Turns during backups: 5 scripted agents (bench/turns.py's script) talk to the engine
   without pause for ``--window`` seconds, first alone, then while backups run back to back
   in another process. Turn p50 and p99 in both, and their ratio.
3. Inactive accounts: the two queries of the hourly look (who to warn, who to erase), each
   the median of 20 runs, with a quarter of the agents idle for more than three years.

Run from the project root: ``python bench/operations.py`` (``--quick``: 500 agents, 3 s
windows). Progress lines first; the last line is one JSON object with every figure.
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.turns import TimedEngine, dry_run, engine_agent, summary_ms  # noqa: E402
from bot import backup  # noqa: E402
from storage import Database  # noqa: E402
from storage.base import stamp  # noqa: E402
from tests.cli import clean_env, livret_command  # noqa: E402

PROOF = os.urandom(40 * 1024)


def say(line: str) -> None:
    print(line, flush=True)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


async def fill(data: Path, agents: int) -> None:
    """One agent plays the script; its rows are copied for the others by SQL (the engine
    would take minutes), with activity spread over the last four years."""
    plan = await dry_run(data)
    db = await Database.open(data / "livret.sqlite3")
    try:
        engine = TimedEngine(db, data)
        await engine_agent(engine, "template", plan)
        now = datetime.now(UTC)
        async with db.transaction() as tx:
            conn = tx._conn
            template = await tx.find_agent("bench", "template")
            for n in range(1, agents):
                cur = await conn.execute(
                    "INSERT INTO agents (created_at, activated_at, email, identifiant) "
                    "SELECT created_at, activated_at, ?, ? FROM agents WHERE id = ?",
                    (f"agent{n}@mairie.fr", f"LIF-{n:04d}-BNCH", template),
                )
                agent = cur.lastrowid
                await conn.execute(
                    "INSERT INTO entries (agent_id, rubrique, data, created_at, updated_at) "
                    "SELECT ?, rubrique, data, created_at, updated_at FROM entries "
                    "WHERE agent_id = ?",
                    (agent, template),
                )
                idle = timedelta(days=(n * 7919) % (4 * 365))
                await conn.execute(
                    "INSERT INTO dialog_state (agent_id, state, updated_at) VALUES (?, '{}', ?)",
                    (agent, stamp(now - idle)),
                )
                if n % 10 == 0:
                    entry = await conn.execute_fetchall(
                        "SELECT id FROM entries WHERE agent_id = ? LIMIT 1", (agent,)
                    )
                    path = f"agent-{agent}/{n:032x}.jpeg"
                    (data / "proofs" / path).parent.mkdir(parents=True, exist_ok=True)
                    (data / "proofs" / path).write_bytes(PROOF)
                    await conn.execute(
                        "INSERT INTO proofs (agent_id, entry_id, kind, path, size, digest, "
                        "created_at) VALUES (?, ?, 'jpeg', ?, ?, 'x', ?)",
                        (agent, next(iter(entry))[0], path, len(PROOF), stamp(now)),
                    )
        await db.checkpoint()
    finally:
        await db.close()


def backup_once(data: Path, dest: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [*livret_command(), "admin", "backup", str(dest)],
        cwd=data,
        env=clean_env(data),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stdout + done.stderr)
    return time.perf_counter() - started


async def backups(data: Path, work: Path) -> dict[str, Any]:
    dest = work / "backups"
    times = []
    for _ in range(3):
        times.append(await asyncio.to_thread(backup_once, data, dest))
        await asyncio.sleep(1.1)  # a new second: a new folder
    folders = sorted(dest.iterdir())
    started = time.perf_counter()
    await asyncio.to_thread(backup.check, folders[-1])
    checked = time.perf_counter() - started
    figures = {
        "database_mb": round((data / "livret.sqlite3").stat().st_size / 1e6, 1),
        "proofs_mb": round(folder_size(data / "proofs") / 1e6, 1),
        "backup_mb": round(folder_size(folders[-1]) / 1e6, 1),
        "backup_s": round(statistics.median(times), 2),
        "backup_runs_s": [round(t, 2) for t in times],
        "restore_check_s": round(checked, 2),
    }
    say(
        f"backup: median {figures['backup_s']} s (process start included) for a "
        f"{figures['database_mb']} MB database and {figures['proofs_mb']} MB of proofs; "
        f"restore's checks {figures['restore_check_s']} s"
    )
    return figures


async def turns_for(data: Path, window: float, label: str) -> list[float]:
    """5 agents playing the script again and again for ``window`` seconds."""
    plan = await dry_run(data / f"dry-{label}")
    db = await Database.open(data / "livret.sqlite3")
    engine = TimedEngine(db, data)
    deadline = time.monotonic() + window
    count = 0

    async def agent(k: int) -> None:
        nonlocal count
        while time.monotonic() < deadline:
            count += 1
            await engine_agent(engine, f"{label}-{k}-{count}", plan)

    try:
        await asyncio.gather(*(agent(k) for k in range(5)))
    finally:
        await db.close()
    return engine.turn_times


async def during_backups(data: Path, work: Path, window: float) -> dict[str, Any]:
    alone = await turns_for(data, window, "alone")
    stop = asyncio.Event()
    taken = 0

    async def keep_backing_up() -> None:
        nonlocal taken
        while not stop.is_set():
            await asyncio.to_thread(backup_once, data, work / "loop" / str(taken))
            taken += 1

    loop = asyncio.create_task(keep_backing_up())
    try:
        with_backups = await turns_for(data, window, "backup")
    finally:
        stop.set()
        await loop
    a, b = summary_ms(alone), summary_ms(with_backups)
    figures = {
        "window_s": window,
        "alone_turn_ms": a,
        "during_backups_turn_ms": b,
        "backups_taken": taken,
        "p50_ratio": round(b["p50"] / a["p50"], 2),
        "p99_ratio": round(b["p99"] / a["p99"], 2),
    }
    say(
        f"turns: alone p50 {a['p50']:.2f} / p99 {a['p99']:.2f} ms; during {taken} backups "
        f"p50 {b['p50']:.2f} / p99 {b['p99']:.2f} ms (ratios {figures['p50_ratio']}, "
        f"{figures['p99_ratio']})"
    )
    return figures


async def inactivity(data: Path) -> dict[str, Any]:
    db = await Database.open(data / "livret.sqlite3")
    warn, erase = [], []
    try:
        for _ in range(20):
            async with db.transaction() as tx:
                start = time.perf_counter()
                found = await tx.agents_to_warn(tx.now - timedelta(days=3 * 365), tx.now, 200)
                warn.append(time.perf_counter() - start)
                start = time.perf_counter()
                await tx.agents_to_erase(tx.now - timedelta(days=30), 200)
                erase.append(time.perf_counter() - start)
    finally:
        await db.close()
    figures = {
        "to_warn_found": len(found),
        "to_warn_ms": round(statistics.median(warn) * 1000, 2),
        "to_erase_ms": round(statistics.median(erase) * 1000, 2),
    }
    say(
        f"inactive accounts: who to warn {figures['to_warn_ms']} ms, who to erase "
        f"{figures['to_erase_ms']} ms (medians of 20)"
    )
    return figures


async def main(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="livret-ops-") as tmp:
        work = Path(tmp)
        data = work / "data"
        data.mkdir()
        started = time.perf_counter()
        await fill(data, args.agents)
        say(f"{args.agents} livrets written in {time.perf_counter() - started:.1f} s")
        return {
            "agents": args.agents,
            "backup": await backups(data, work),
            "turns": await during_backups(data, work, args.window),
            "inactivity": await inactivity(data),
        }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agents", type=int, default=5_000)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--quick", action="store_true", help="500 agents, 3 s windows")
    args = parser.parse_args(argv)
    if args.quick:
        args.agents, args.window = 500, 3.0
    return args


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(parse_args()))))
