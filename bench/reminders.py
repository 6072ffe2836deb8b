"""Benchmark of reminders (issue #6): selecting what is due, and dispatching a campaign.

1. Selection: with 10,000 and with 100,000 agents who have a plan, 1,000 of them due now and
   the others spread over the coming week, the time of ``due_reminders(now, 1000)`` (the
   dispatcher's query, through ``storage``). Target: the two medians within 20 % of each
   other, i.e. the cost grows with what is due, not with the number of agents.
2. Dispatch: 2,000 activated agents due at once, sent by the real bot's JobQueue job to the
   in-process fake Bot API, which refuses with 429 like Telegram past 30 sends in a second.
   Half-way, the bot is stopped as a crash would stop it, then started again. Targets: 28-30
   reminders a second sustained, no 429, no agent reminded twice.

Run from the project root: ``python bench/reminders.py`` (``--quick``: 200 reminders).
Progress lines first; the last line is one JSON object with every figure.
"""

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from storage import Database  # noqa: E402
from tests.chat import activated_in, reminders_due  # noqa: E402
from tests.e2e import LivretBot  # noqa: E402
from tests.fakebotapi import FakeBotAPI  # noqa: E402

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DUE = 1_000
RUNS = 30


def say(line: str) -> None:
    print(line, flush=True)


async def fill(db: Database, agents: int) -> None:
    """``agents`` rows with a plan: ``DUE`` due now, the rest over the next seven days.

    Written with plain SQL in one transaction (100,000 agents through the repository take
    minutes); the rows are the ones ``set_reminder_plan`` writes."""
    async with db.transaction() as tx:
        conn = tx._conn
        await conn.executemany(
            "INSERT INTO agents (id, created_at, activated_at) VALUES (?, ?, ?)",
            [(i, NOW.isoformat(), NOW.isoformat()) for i in range(1, agents + 1)],
        )
        rows = []
        for i in range(1, agents + 1):
            if i <= DUE:
                due = NOW - timedelta(minutes=i % 60)
            else:
                due = NOW + timedelta(seconds=(i * 7919) % (7 * 86400) + 60)
            rows.append((i, "weekly", 1, 10, due.isoformat(timespec="seconds")))
        await conn.executemany(
            "INSERT INTO reminders (agent_id, cadence, weekday, hour, next_due) "
            "VALUES (?, ?, ?, ?, ?)",
            rows,
        )


async def selection(folder: Path, agents: int) -> dict[str, Any]:
    db = await Database.open(folder / f"select-{agents}.sqlite3", clock=lambda: NOW)
    try:
        started = time.perf_counter()
        await fill(db, agents)
        say(f"  {agents} agents written in {time.perf_counter() - started:.1f} s")
        times = []
        for _ in range(RUNS):
            async with db.transaction() as tx:
                start = time.perf_counter()
                due = await tx.due_reminders(NOW, DUE)
                times.append(time.perf_counter() - start)
            assert len(due) == DUE, len(due)
    finally:
        await db.close()
    median = statistics.median(times) * 1000
    say(f"  select {DUE} due among {agents}: median {median:.1f} ms over {RUNS} runs")
    return {"agents": agents, "due": DUE, "median_ms": round(median, 2)}


async def campaign(folder: Path, count: int) -> dict[str, Any]:
    ids = [str(100_000 + i) for i in range(count)]
    async with FakeBotAPI(flood_limit=30) as fake:
        bot = LivretBot(fake, folder, reminder_interval=0.5)
        await activated_in(bot.settings.database, "telegram", ids)
        await reminders_due(bot.settings.database, "telegram", ids)
        for external_id in ids:
            fake.user(int(external_id))
        await bot.start()
        started = time.monotonic()
        crashed = False
        try:
            while True:
                sent = len(fake.sent_timestamps)
                if not crashed and sent >= count // 2:
                    # A crash in the middle of the campaign: the application stops where it
                    # is, a new one starts on the same database.
                    say(f"  crash after {sent} sends; restarting")
                    await bot.stop()
                    await bot.start()
                    crashed = True
                if sent >= count:
                    break
                if time.monotonic() - started > count / 10 + 60:
                    raise RuntimeError(f"only {sent} of {count} sent")
                await asyncio.sleep(0.05)
            await asyncio.sleep(1.5)  # nothing more should come
        finally:
            await bot.stop()
        stamps = fake.sent_timestamps
        per_agent = [
            sum(1 for m in fake.user(int(i)).messages() if m.text and "petit pas" in m.text)
            for i in ids
        ]
    duration = stamps[-1] - stamps[0]
    busiest = max(sum(1 for s in stamps if start <= s < start + 1) for start in stamps)
    figures = {
        "reminders": count,
        "sends": len(stamps),
        "duration_s": round(duration, 2),
        "rate_per_s": round((len(stamps) - 1) / duration, 2),
        "busiest_second": busiest,
        "refused_429": fake.flood_refusals,
        "agents_reminded_twice": sum(1 for n in per_agent if n > 1),
        "agents_not_reminded": sum(1 for n in per_agent if n == 0),
    }
    say(
        f"  {count} reminders in {duration:.1f} s: {figures['rate_per_s']}/s, busiest second "
        f"{busiest}, {fake.flood_refusals} refused (429), "
        f"{figures['agents_reminded_twice']} twice, {figures['agents_not_reminded']} missed"
    )
    return figures


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 reminders, 10k agents only")
    args = parser.parse_args()
    total = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="livret-bench-") as tmp:
        folder = Path(tmp)
        say("selection of due reminders")
        sizes = [10_000] if args.quick else [10_000, 100_000]
        selections = [await selection(folder, n) for n in sizes]
        say("dispatch through the bot")
        sent = await campaign(folder / "campaign", 200 if args.quick else 2_000)
    result: dict[str, Any] = {"benchmark": "reminders", "quick": args.quick}
    result["selection"] = selections
    if len(selections) == 2:
        ratio = selections[1]["median_ms"] / selections[0]["median_ms"]
        result["selection_ratio_100k_10k"] = round(ratio, 3)
        result["meets_selection"] = abs(ratio - 1) <= 0.2
    result["dispatch"] = sent
    result["meets_dispatch"] = (
        28 <= sent["rate_per_s"] <= 30.5
        and sent["refused_429"] == 0
        and sent["agents_reminded_twice"] == 0
    )
    result["total_s"] = round(time.perf_counter() - total, 1)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
