"""Inactive accounts, on a clock the test moves: after three years without a turn the agent is
warned in the chat and by e-mail, once; thirty days later with no reaction the account is
erased like ``/supprimer`` erases it; any turn in between keeps it."""

import asyncio
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

from dialogs import copy
from dialogs.account.inactivity import Policy, Reach, sweep
from dialogs.engine import Engine
from dialogs.messages import Outgoing
from storage import Channel, Database
from storage.base import stamp
from tests import mailbox
from tests.chat import Clock, EngineChat, email_of
from tests.e2e import LivretBot, wait_for
from tests.fakebotapi import FakeBotAPI
from tests.test_erasure import traces
from tests.test_proofs import png

Sent = list[tuple[Channel, Outgoing]]


def reach(engine: Engine, sent: Sent) -> Reach:
    async def send(channel: Channel, out: Outgoing) -> str:
        sent.append((channel, out))
        return "sent"

    return Reach(engine.mailer, send, "test", "LivretBot")


async def run(engine: Engine, sent: Sent) -> tuple[list[int], list[int]]:
    done = await sweep(engine.db, Policy(), reach(engine, sent), engine.places())
    return done.warned, done.erased


def warnings(folder: Path) -> list[str]:
    return [
        mailbox.body(m)
        for m in mailbox.to(mailbox.outbox(folder / "outbox"), email_of("anne"))
        if "sera effacé" in str(m["Subject"])
    ]


async def test_an_unused_account_is_warned_then_erased(
    engine: Engine, db: Database, anne: EngineChat, clock: Clock, tmp_path: Path
) -> None:
    engine.proofs_dir = tmp_path / "proofs"
    await anne.add_diplome("Master de droit public")
    await anne.tap("maintenant")
    await anne.send_file(png())
    sent: Sent = []

    clock.advance(days=3 * 365 - 1)
    assert await run(engine, sent) == ([], [])
    clock.advance(days=2)
    [agent], erased = await run(engine, sent)
    assert erased == []
    [(channel, out)] = sent
    assert channel.external_id == "anne"
    assert out.text.startswith("⚠️ Vous n'avez pas utilisé Livret depuis plus de 3 ans.")
    # Thirty days from the warning, in Paris.
    assert "seront effacés le 28/12/2029" in out.text
    assert [[b.label for b in row] for row in out.buttons] == [[copy.INACTIVE_KEEP]]
    [mail] = warnings(tmp_path)
    assert "Bonjour Anne," in mail and "https://t.me/LivretBot" in mail
    assert "le 28/12/2029" in mail

    # Once only, however many sweeps come.
    clock.advance(days=29)
    assert await run(engine, sent) == ([], [])
    assert len(sent) == 1 and len(warnings(tmp_path)) == 1

    # Kept all through the day the warning names, in Paris; gone when it ends.
    clock.advance(days=1, hours=13, minutes=59)  # 28/12 at 23:59 in Paris
    assert await run(engine, sent) == ([], [])
    clock.advance(minutes=1)
    assert await run(engine, sent) == ([], [agent])
    await db.checkpoint()
    needles = [b"Master de droit public", email_of("anne").encode(), b"Dupont"]
    assert traces(tmp_path, needles) == []
    with sqlite3.connect(tmp_path / "livret.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM agents").fetchone() == (0,)
        assert conn.execute("SELECT day, count FROM erasures").fetchall() == [("2029-12-28", 1)]
    await anne.send("/start")
    assert copy.PRIVACY in anne.text


async def test_any_turn_after_the_warning_keeps_the_account(
    engine: Engine, db: Database, anne: EngineChat, clock: Clock, tmp_path: Path
) -> None:
    sent: Sent = []
    clock.advance(days=3 * 365 + 1)
    [agent], _ = await run(engine, sent)
    [(_, out)] = sent
    [[keep]] = out.buttons
    # The warning's button, from the old message.
    await anne.tap_data(keep.data)
    assert anne.text.startswith(copy.INACTIVE_KEPT)
    assert any("Diplômes et titres" in label for label in anne.labels)

    clock.advance(days=31)
    assert await run(engine, sent) == ([], [])
    async with db.transaction() as tx:
        assert await tx.inactivity_warned_at(agent) is None
        assert await tx.agent_exists(agent)
    # Three years after that turn, a new warning.
    clock.advance(days=3 * 365)
    assert await run(engine, sent) == ([agent], [])
    assert len(sent) == 2


async def test_an_account_left_before_activation_goes_too(
    engine: Engine, db: Database, clock: Clock, tmp_path: Path
) -> None:
    bruno = EngineChat(engine, "bruno")
    await bruno.send("/start")
    sent: Sent = []
    clock.advance(days=3 * 365 + 1)
    [agent], _ = await run(engine, sent)
    assert len(sent) == 1  # no verified address: the chat only
    clock.advance(days=31)
    assert await run(engine, sent) == ([], [agent])
    async with db.transaction() as tx:
        assert not await tx.agent_exists(agent)


async def test_the_warning_says_the_time_chosen(
    engine: Engine, anne: EngineChat, clock: Clock
) -> None:
    sent: Sent = []
    for after, said in ((365, "depuis plus d'un an."), (90, "depuis plus de 90 jours.")):
        clock.advance(days=400)
        await sweep(
            engine.db, Policy(after=timedelta(days=after)), reach(engine, sent), engine.places()
        )
        assert said in sent[-1][1].text
        await anne.send("/menu")


async def age(bot: LivretBot, external_id: str, idle: timedelta, warned: timedelta | None) -> int:
    """Makes the agent idle for ``idle`` (warned ``warned`` ago), through a second
    connection, as if that time had passed."""
    db = await Database.open(bot.settings.database)
    try:
        async with db.transaction() as tx:
            agent = await tx.find_agent("telegram", external_id)
            assert agent is not None
            await tx._run(
                "UPDATE dialog_state SET updated_at = ? WHERE agent_id = ?",
                stamp(tx.now - idle),
                agent,
            )
            await tx._run(
                "UPDATE agents SET inactivity_warned_at = ? WHERE id = ?",
                stamp(tx.now - warned) if warned else None,
                agent,
            )
        return agent
    finally:
        await db.close()


async def test_the_bot_warns_and_erases_on_its_own(tmp_path: Path) -> None:
    async with FakeBotAPI() as fake:
        bot = LivretBot(fake, tmp_path, inactivity_interval=0.2, reminder_interval=0)
        await bot.start()
        try:
            anne = bot.agent(9001, "Anne")
            await anne.onboard("Anne", "Dupont")
            await age(bot, "9001", timedelta(days=4 * 365), None)
            warning = await wait_for(
                anne, lambda m: (m.text or "").startswith("⚠️ Vous n'avez pas"), "warning"
            )
            # The e-mail goes after the chat's message.
            address = email_of("Anne.Dupont.9001")
            deadline = time.monotonic() + 10
            while not any(
                "sera effacé" in str(m["Subject"])
                for m in mailbox.to(mailbox.outbox(bot.settings.outbox), address)
            ):
                assert time.monotonic() < deadline, "no warning e-mail"
                await asyncio.sleep(0.05)
            [[(label, _)]] = warning.buttons
            assert label == copy.INACTIVE_KEEP

            agent = await age(bot, "9001", timedelta(days=4 * 365), timedelta(days=31))
            deadline = time.monotonic() + 10
            while await _exists(bot, agent):
                assert time.monotonic() < deadline, "not erased"
                await asyncio.sleep(0.1)
            bot.check_transport([anne])
        finally:
            await bot.stop()


async def _exists(bot: LivretBot, agent: int) -> bool:
    db = await Database.open(bot.settings.database)
    try:
        async with db.transaction() as tx:
            return await tx.agent_exists(agent)
    finally:
        await db.close()


async def test_a_warning_that_did_not_arrive_is_given_again(
    engine: Engine, db: Database, clock: Clock
) -> None:
    """No address verified and the chat's send failed (network): not warned, so not erased;
    the next look warns."""
    bruno = EngineChat(engine, "bruno")
    await bruno.send("/start")
    clock.advance(days=3 * 365 + 1)
    outcomes = ["failed", "sent"]

    async def send(channel: Channel, out: Outgoing) -> str:
        return outcomes.pop(0)

    reach = Reach(engine.mailer, send, "test")
    assert (await sweep(db, Policy(), reach, engine.places())).warned == []
    clock.advance(days=40)
    done = await sweep(db, Policy(), reach, engine.places())
    assert done.erased == [] and len(done.warned) == 1
    async with db.transaction() as tx:
        assert await tx.inactivity_warned_at(done.warned[0]) == clock.now


async def two_idle_agents(engine: Engine, clock: Clock) -> list[str]:
    """Bruno and Carla, who opened the bot once, three years and a day ago; the list where
    the chats tried are written."""
    for name in ("bruno", "carla"):
        await EngineChat(engine, name).send("/start")
    clock.advance(days=3 * 365 + 1)
    return []


def answering(engine: Engine, tried: list[str], **outcomes: str) -> Reach:
    """A transport whose send to each agent ends as ``outcomes`` says."""

    async def send(channel: Channel, out: Outgoing) -> str:
        tried.append(channel.external_id)
        return outcomes[channel.external_id]

    return Reach(engine.mailer, send, "test")


async def test_a_warning_that_never_arrives_stands_after_three_tries(
    engine: Engine, db: Database, clock: Clock
) -> None:
    """Bruno blocked the bot and has no address: he cannot be told, his warning stands at
    once. Carla's chat fails every time (for good, as it turns out): tried a day apart,
    never hourly, three times; then her warning stands and both accounts go."""
    tried = await two_idle_agents(engine, clock)
    reach = answering(engine, tried, bruno="blocked", carla="failed")
    warned = []
    for _ in range(6):  # a look every 12 hours, for three days
        warned += (await sweep(db, Policy(), reach, engine.places())).warned
        clock.advance(hours=12)
    assert tried == ["bruno", "carla", "carla", "carla"]
    assert len(warned) == 2
    clock.advance(days=32)
    assert len((await sweep(db, Policy(), reach, engine.places())).erased) == 2


async def test_agents_never_tried_come_before_those_tried_again(
    engine: Engine, db: Database, clock: Clock
) -> None:
    """A batch full of warnings that keep failing never holds up the others."""
    tried = await two_idle_agents(engine, clock)
    reach = answering(engine, tried, bruno="failed", carla="sent")
    await sweep(db, Policy(), reach, engine.places(), limit=1)
    clock.advance(days=2)
    # Bruno may be tried again, but Carla was never tried: she comes first.
    assert (await sweep(db, Policy(), reach, engine.places(), limit=1)).warned
    assert tried == ["bruno", "carla"]
