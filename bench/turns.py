"""Benchmark of one turn of conversation (issue #2): the engine on SQLite, then the whole
Telegram stack compared with a bare echo bot, in the same run.

This module owns the scripted conversation the benchmark replays, the two measurements and
the figures they produce:

1. Engine + SQLite: many agents (1,000 by default) each go through onboarding and add two
   diplômes and a formation suivie by tapping buttons like a person. Agents run in concurrent
   batches, interleaved as on a server. ``time.perf_counter`` around every ``Engine.handle``
   gives the time per turn as an agent would wait for it; the time each turn holds the single
   SQLite writer gives the turn's own cost without the queue behind other agents' turns.
2. Full stack vs echo bot: the real Livret PTB ``Application`` and a bare PTB echo bot, built
   with the same builder settings, each polling its own in-process ``FakeBotAPI`` and driven by
   the same number of scripted users sending the same number of turns. A turn is timed from
   sending the update to receiving the number of bot messages it produces.

Run from the project root: ``python bench/turns.py`` (``--quick`` for a smoke run). Progress
goes to stdout as plain lines; the last line is one JSON object with every figure.
"""

import argparse
import asyncio
import json
import math
import os
import platform
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

# Run as a script, Python puts bench/ on sys.path, not the project root that holds tests/.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import telegram  # noqa: E402
from pydantic import SecretStr  # noqa: E402
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update  # noqa: E402
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler  # noqa: E402

from bot import copy as bot_copy  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.mail import OutboxMailer  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.telegram_app import PerAgentUpdateProcessor, build_application  # noqa: E402
from bot.telegram_io import split_text  # noqa: E402
from dialogs.engine import Engine  # noqa: E402
from dialogs.messages import Incoming, Outgoing  # noqa: E402
from storage import Database  # noqa: E402
from tests.chat import EngineChat, activated  # noqa: E402
from tests.e2e import run_polling  # noqa: E402
from tests.fakebotapi import FakeBotAPI, FakeUser  # noqa: E402

# Targets of issue #2 on the 2-core machine.
TARGET_ENGINE_P99_MS = 5.0
TARGET_ENGINE_TURNS_PER_S = 1000.0
TARGET_STACK_RATIO = 1.5

Kind = Literal["send", "tap"]
App = Application[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True)
class Step:
    """One thing the scripted agent does: type ``text``, or tap the button whose label
    contains ``text`` (resolved to the exact label by the dry run)."""

    kind: Kind
    text: str


def send(text: str) -> Step:
    return Step("send", text)


def tap(label: str) -> Step:
    return Step("tap", label)


# An activated agent comes back (``/start``), adds two diplômes (one with a level, one with a
# typed établissement, both completed from the card), then a formation suivie with its
# catégorie and organisme. Every field kind the common path uses appears: text, date,
# duration, choice, an optional field completed from the card. Activation itself (the e-mail code, once per agent) is done beforehand by ``activated``.
SCRIPT: tuple[Step, ...] = (
    send("/start"),
    tap("Diplômes et titres"),
    tap("Ajouter"),
    send("BTS Assistant de gestion"),
    send("06/2015"),
    tap("Niveau"),
    tap("Niveau 5"),
    tap("Enregistrer"),
    tap("Ajouter"),
    send("Licence AES"),
    send("2017"),
    tap("Établissement"),
    send("Université de Lille"),
    tap("Enregistrer"),
    tap("Menu"),
    tap("Formations suivies"),
    tap("Ajouter"),
    send("Accueil du public"),
    send("mars 2021"),
    send("3 jours"),
    tap("Catégorie"),
    tap("Perfectionnement"),
    tap("Organisme"),
    send("CNFPT"),
    tap("Enregistrer"),
    tap("Menu"),
)
# Entries an agent has after SCRIPT: the identité (activation), two diplômes, one formation.
ENTRIES_PER_AGENT = {"identite": 1, "diplomes": 2, "formations_suivies": 1}


@dataclass(frozen=True)
class PlannedTurn:
    """A step of the script as the dry run saw it."""

    kind: Kind
    text: str  # typed text, or the exact label of the button
    replies: int  # Outgoing values the engine returns
    messages: int  # Telegram messages sent or edited for it (what the fake user waits for)


def say(line: str) -> None:
    print(line, flush=True)


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    values = sorted(seconds)
    return {
        "p50": round(percentile(values, 50) * 1000, 3),
        "p99": round(percentile(values, 99) * 1000, 3),
        "max": round(values[-1] * 1000, 3),
        "mean": round(sum(values) / len(values) * 1000, 3),
    }


def telegram_messages(kind: Kind, replies: Sequence[Outgoing]) -> int:
    """How many chat messages a turn's replies become, as ``bot.telegram_io.send_replies``
    sends them: an alert on a tap is a toast (no message), a long text is cut in parts, and
    a reply that edits the tapped message changes one message."""
    count = 0
    for out in replies:
        if out.alert and kind == "tap":
            continue
        count += 1 if out.replace and kind == "tap" else len(split_text(out.text))
    return count


# --------------------------------------------------------------------------------------------
# Part 1: the engine on SQLite
# --------------------------------------------------------------------------------------------


class HeldLock(asyncio.Lock):
    """The writer lock, recording how long each turn holds it: its queries, its Python work,
    BEGIN and COMMIT, and every wait for the event loop in between; not the wait behind other
    agents' turns. Turns queue on this lock, so its hold time bounds the turns per second."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[float] = []
        self._since = 0.0

    async def acquire(self) -> bool:
        await super().acquire()
        self._since = time.perf_counter()
        return True

    def release(self) -> None:
        self.held.append(time.perf_counter() - self._since)
        super().release()


def time_writer(db: Database) -> HeldLock:
    """Swaps the database's writer lock for a ``HeldLock``; call it before any transaction.

    The lock is private to ``storage``: the assertion makes a rename fail loudly instead of
    silently measuring nothing.
    """
    assert isinstance(getattr(db, "_lock", None), asyncio.Lock), "storage.Database._lock moved"
    lock = HeldLock()
    db._lock = lock
    return lock


class TimedEngine(Engine):
    """The real engine, timing every ``handle`` as the transport would wait for it."""

    def __init__(self, db: Database, folder: Path) -> None:
        super().__init__(db, OutboxMailer(folder / "outbox"))
        self.turn_times: list[float] = []

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        start = time.perf_counter()
        replies = await super().handle(incoming)
        self.turn_times.append(time.perf_counter() - start)
        return replies


def exact_label(chat: EngineChat, label: str) -> str:
    data = chat.button(label)
    return next(b.label for r in chat.screen for row in r.buttons for b in row if b.data == data)


async def dry_run(folder: Path) -> list[PlannedTurn]:
    """Plays SCRIPT once at engine level on a scratch database: exact labels, and how many
    replies and Telegram messages every turn produces."""
    db = await Database.open(folder / "dry-run.sqlite3")
    try:
        await activated(db, "bench", ["dry-run"])
        chat = EngineChat(Engine(db, OutboxMailer(folder / "outbox")), "dry-run", channel="bench")
        plan: list[PlannedTurn] = []
        for step in SCRIPT:
            if step.kind == "send":
                text = step.text
                replies = await chat.send(text)
            else:
                text = exact_label(chat, step.text)
                replies = await chat.tap(text)
            messages = telegram_messages(step.kind, replies)
            if messages == 0:
                # The fake user could not tell when such a turn is over.
                raise RuntimeError(f"{step} produces no message")
            plan.append(PlannedTurn(step.kind, text, len(replies), messages))
        return plan
    finally:
        await db.close()


async def engine_agent(
    engine: Engine, name: str, plan: Sequence[PlannedTurn], *, activate: bool = True
) -> None:
    if activate:
        await activated(engine.db, "bench", [name])
    chat = EngineChat(engine, name, channel="bench")
    for turn in plan:
        replies = await (chat.send(turn.text) if turn.kind == "send" else chat.tap(turn.text))
        if len(replies) != turn.replies:  # the conversation went off script
            raise RuntimeError(f"{name}: {turn.text!r} gave {[r.text for r in replies]}")


def count_entries(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT rubrique, COUNT(*) FROM entries GROUP BY rubrique")
        return dict(rows.fetchall())


def expected_entries(agents: int) -> dict[str, int]:
    return {code: n * agents for code, n in ENTRIES_PER_AGENT.items()}


async def bench_engine(
    folder: Path, plan: Sequence[PlannedTurn], agents: int, batch: int
) -> dict[str, Any]:
    path = folder / "engine.sqlite3"
    db = await Database.open(path)
    await activated(db, "bench", [f"agent-{i}" for i in range(agents)])
    writer = time_writer(db)
    engine = TimedEngine(db, folder)
    say(f"engine: {agents} agents × {len(plan)} turns, {batch} agents at a time")
    started = time.perf_counter()
    try:
        for first in range(0, agents, batch):
            names = [f"agent-{i}" for i in range(first, min(first + batch, agents))]
            await asyncio.gather(*(engine_agent(engine, n, plan, activate=False) for n in names))
            done = first + len(names)
            if done % max(batch, agents // 10) == 0 or done == agents:
                elapsed = time.perf_counter() - started
                rate = len(engine.turn_times) / elapsed
                say(f"  {done}/{agents} agents, {len(engine.turn_times)} turns, {rate:.0f} turns/s")
        wall = time.perf_counter() - started
    finally:
        await db.close()
    entries = count_entries(path)
    turns = len(engine.turn_times)
    if entries != expected_entries(agents):
        raise RuntimeError(f"engine: expected {expected_entries(agents)}, found {entries}")
    if len(writer.held) != turns:  # one transaction per turn, each timed
        raise RuntimeError(f"engine: {turns} turns but {len(writer.held)} transactions")
    figures = {
        "agents": agents,
        "concurrent_agents": batch,
        "turns": turns,
        "turns_per_agent": len(plan),
        "wall_s": round(wall, 3),
        "turns_per_s": round(turns / wall, 1),
        # What an agent waits for: includes the queue behind the other agents' turns.
        "turn_ms": summary_ms(engine.turn_times),
        # The turn's own cost: from taking the single SQLite writer to releasing it.
        "service_ms": summary_ms(writer.held),
        "entries_saved": sum(entries.values()),
        "entries_by_rubrique": entries,
    }
    figures["meets"] = {
        "turns_per_s": figures["turns_per_s"] >= TARGET_ENGINE_TURNS_PER_S,
        "p99_turn": figures["turn_ms"]["p99"] <= TARGET_ENGINE_P99_MS,
        "p99_service": figures["service_ms"]["p99"] <= TARGET_ENGINE_P99_MS,
    }
    say(
        f"engine: {turns} turns in {wall:.1f} s = {figures['turns_per_s']:.0f} turns/s; "
        f"per turn p50 {figures['turn_ms']['p50']:.2f} ms, p99 {figures['turn_ms']['p99']:.2f} ms"
        f" (own cost p50 {figures['service_ms']['p50']:.2f} ms,"
        f" p99 {figures['service_ms']['p99']:.2f} ms); {figures['entries_saved']} entries saved"
    )
    return figures


# --------------------------------------------------------------------------------------------
# Part 2: the full PTB stack against the fake Bot API, and a bare echo bot on the same harness
# --------------------------------------------------------------------------------------------

ECHO_LABEL = "Encore"
ECHO_KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton(ECHO_LABEL, callback_data="echo")]])


def build_echo_application(fake: FakeBotAPI) -> App:
    """The reference: the same builder settings as ``bot.telegram_app.build_application``
    (token, URLs, the per-agent update processor, no rate limiter), one handler, no
    storage."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        assert chat is not None
        query = update.callback_query
        text = query.data if query is not None else update.message and update.message.text
        # One message per turn, with a button so that the scripted user has something to tap.
        await context.bot.send_message(chat.id, text or "?", reply_markup=ECHO_KEYBOARD)
        if query is not None:
            await query.answer()

    app = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .concurrent_updates(PerAgentUpdateProcessor())
        .build()
    )
    app.add_handler(TypeHandler(Update, echo))
    return app


def build_livret_application(fake: FakeBotAPI, folder: Path) -> App:
    settings = Settings(
        _env_file=None,  # a developer's .env must not point the benchmark elsewhere
        telegram_token=SecretStr(fake.token),
        telegram_base_url=fake.base_url,
        telegram_base_file_url=fake.base_file_url,
        data_dir=folder,
        db_path=folder / "livret.sqlite3",
    )
    return build_application(settings)


def app_config(app: App) -> dict[str, Any]:
    """What could make one bot faster than the other, so the run can check they match."""
    processor = app.update_processor
    return {
        "update_processor": type(processor).__name__,
        "max_concurrent_updates": processor.max_concurrent_updates,
        "rate_limiter": type(app.bot.rate_limiter).__name__ if app.bot.rate_limiter else None,
        "request": type(app.bot.request).__name__,
    }


Driver = Callable[[FakeUser, PlannedTurn], Awaitable[object]]


async def drive_livret(user: FakeUser, turn: PlannedTurn) -> object:
    if turn.kind == "send":
        return await user.send(turn.text, expect=turn.messages)
    return await user.tap(turn.text, expect=turn.messages)


async def drive_echo(user: FakeUser, turn: PlannedTurn) -> object:
    if turn.kind == "send":
        return await user.send(turn.text, expect=1)
    return await user.tap(ECHO_LABEL, expect=1)


async def run_users(
    fake: FakeBotAPI, first_id: int, users: int, plan: Sequence[PlannedTurn], drive: Driver
) -> list[float]:
    times: list[float] = []

    async def one(user: FakeUser) -> None:
        for turn in plan:
            start = time.perf_counter()
            await drive(user, turn)
            times.append(time.perf_counter() - start)

    await asyncio.gather(*(one(fake.user(first_id + i)) for i in range(users)))
    return times


async def bench_bot(
    name: str,
    build: Callable[[FakeBotAPI], App],
    drive: Driver,
    plan: Sequence[PlannedTurn],
    users: int,
    writer_of: Callable[[App], HeldLock] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Runs one bot against its own fake Bot API; ``writer_of`` instruments its database."""
    async with FakeBotAPI() as fake:
        app = build(fake)
        config = app_config(app)
        # run_polling, not fakebotapi.polling: Livret opens its database in post_init.
        async with run_polling(app):
            writer = writer_of(app) if writer_of is not None else None
            # One unmeasured user first: HTTP connections, caches, lazy imports warm up.
            await run_users(fake, 1, 1, plan, drive)
            if writer is not None:
                writer.held.clear()
            started = time.perf_counter()
            times = await run_users(fake, 1001, users, plan, drive)
            wall = time.perf_counter() - started
        # Every turn went through: no failure notice in a chat (Livret sends one when a turn
        # or its reply fails), and no tap left spinning on a phone.
        people = [fake.user(1)] + [fake.user(1001 + i) for i in range(users)]
        notices = (bot_copy.TURN_FAILED, bot_copy.REPLY_FAILED)
        failed = [m for p in people for m in p.messages() if m.text in notices]
        spinning = [data for p in people for data in p.unanswered_callbacks]
        if failed or spinning:
            raise RuntimeError(f"{name}: {len(failed)} failed turns, {len(spinning)} unanswered")
    figures: dict[str, Any] = {
        "users": users,
        "turns": len(times),
        "wall_s": round(wall, 3),
        "turns_per_s": round(len(times) / wall, 1),
        "turn_ms": summary_ms(times),
    }
    if writer is not None:
        # How long each turn held the SQLite writer: Livret's turns queue behind it.
        figures["db_writer_held_ms"] = summary_ms(writer.held)
        figures["db_writer_busy_share"] = round(sum(writer.held) / wall, 3)
    say(
        f"  {name}: {len(times)} turns in {wall:.1f} s, per turn "
        f"p50 {figures['turn_ms']['p50']:.2f} ms, p99 {figures['turn_ms']['p99']:.2f} ms"
    )
    return figures, config


def livret_writer(app: App) -> HeldLock:
    services: Services = app.bot_data["services"]
    return time_writer(services.db)


async def bench_stack(folder: Path, plan: Sequence[PlannedTurn], users: int) -> dict[str, Any]:
    say(f"full stack: {users} Telegram users × {len(plan)} turns, concurrently, per bot")
    echo, echo_config = await bench_bot("echo bot", build_echo_application, drive_echo, plan, users)
    db = await Database.open(folder / "livret.sqlite3")
    try:
        # The Telegram users of bench_bot: the warm-up one, then 1001 onwards.
        await activated(db, "telegram", [str(i) for i in [1, *range(1001, 1001 + users)]])
    finally:
        await db.close()
    livret, livret_config = await bench_bot(
        "Livret",
        lambda fake: build_livret_application(fake, folder),
        drive_livret,
        plan,
        users,
        writer_of=livret_writer,
    )
    if echo_config != livret_config:
        raise RuntimeError(f"bots configured differently: {echo_config} vs {livret_config}")
    # The work was really done: every user's entries are in the database (warm-up user too).
    entries = count_entries(folder / "livret.sqlite3")
    if entries != expected_entries(users + 1):
        raise RuntimeError(f"full stack: expected {expected_entries(users + 1)}, found {entries}")
    livret["entries_saved"] = sum(entries.values())
    ratio = livret["turn_ms"]["p50"] / echo["turn_ms"]["p50"]
    say(f"full stack: Livret / echo bot, median time per turn = {ratio:.2f}")
    return {
        "users": users,
        "config": livret_config,
        "livret": livret,
        "echo": echo,
        "ratio_p50": round(ratio, 3),
        "ratio_p99": round(livret["turn_ms"]["p99"] / echo["turn_ms"]["p99"], 3),
        # Under load the echo bot's latencies are skewed (a few users wait long), Livret's
        # are evened out by its writer lock: the means tell the cost per turn too.
        "ratio_mean": round(livret["turn_ms"]["mean"] / echo["turn_ms"]["mean"], 3),
        "meets": {"ratio_p50": ratio <= TARGET_STACK_RATIO},
    }


# --------------------------------------------------------------------------------------------


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time per turn of Livret (issue #2).")
    parser.add_argument("--agents", type=positive, default=1000, help="engine agents (1000)")
    parser.add_argument("--batch", type=positive, default=50, help="engine agents at once (50)")
    parser.add_argument(
        "--users",
        type=lambda text: [positive(n) for n in text.split(",")],
        default=[1, 20],
        help="Telegram users per bot, one full-stack run per number (1,20)",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 50 agents, 1 and 3 users")
    args = parser.parse_args(argv)
    if args.quick:
        args.agents, args.users = 50, [1, 3]
    return args


async def main(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="livret-bench-") as tmp:
        folder = Path(tmp)
        plan = await dry_run(folder)
        say(
            f"script: {len(plan)} turns per agent, {sum(ENTRIES_PER_AGENT.values())} entries "
            f"(dry run ok)"
        )
        engine = await bench_engine(folder, plan, args.agents, args.batch)
        # One user measures the time per turn itself; many, the same under a shared CPU.
        stacks = []
        for users in args.users:
            (folder / f"stack-{users}").mkdir()
            stacks.append(await bench_stack(folder / f"stack-{users}", plan, users))
    return {
        "benchmark": "turns",
        "quick": args.quick,
        "engine": engine,
        "full_stack": stacks,
        "targets": {
            "engine_p99_ms": TARGET_ENGINE_P99_MS,
            "engine_turns_per_s": TARGET_ENGINE_TURNS_PER_S,
            "full_stack_ratio_p50": TARGET_STACK_RATIO,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "python_telegram_bot": telegram.__version__,
            "sqlite": sqlite3.sqlite_version,
        },
        "total_s": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    figures = asyncio.run(main(parse_args()))
    print(json.dumps(figures, ensure_ascii=False), flush=True)
