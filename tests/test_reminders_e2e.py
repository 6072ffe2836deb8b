"""Reminders end to end: the real bot's JobQueue job against the fake Bot API. What is due
comes from SQLite; the reminder's button opens the rubrique; an agent who blocked the bot
has reminders turned off; a campaign keeps under Telegram's bulk limit, once per agent."""

import asyncio
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage import Database
from tests.chat import activated_in, reminders_due
from tests.e2e import LivretBot, wait_for
from tests.fakebotapi import FakeBotAPI


async def make_due(bot: LivretBot, external_ids: list[str]) -> None:
    await reminders_due(bot.settings.database, "telegram", external_ids)


async def stopped(bot: LivretBot, external_id: str) -> str | None:
    db = await Database.open(bot.settings.database)
    try:
        async with db.transaction() as tx:
            agent = await tx.find_agent("telegram", external_id)
            assert agent is not None
            found = await tx.reminder(agent)
            return found.stopped if found else None
    finally:
        await db.close()


async def test_a_due_reminder_arrives_and_opens_the_rubrique(tmp_path: Path) -> None:
    async with FakeBotAPI() as fake:
        bot = LivretBot(fake, tmp_path, reminder_interval=0.2)
        await bot.start()
        try:
            anne = bot.agent(9001, "Anne")
            await anne.onboard("Anne", "Dupont")
            await make_due(bot, ["9001"])
            reminder = await wait_for(
                anne, lambda m: "Un petit pas pour votre livret" in (m.text or ""), "reminder"
            )
            assert "Prochaine étape : Diplômes et titres." in (reminder.text or "")
            [[(label, data)]] = reminder.buttons
            assert label == "✏️ Remplir « Diplômes et titres »"
            await anne.tap_data(reminder, data)
            assert "Ajouter un diplôme" in " ".join(anne.labels)

            # Blocked: the send answers 403, and reminders are turned off.
            bruno = bot.agent(9002, "Bruno")
            await bruno.onboard("Bruno", "Martin")
            fake.block_user(9002)
            await make_due(bot, ["9002"])
            deadline = time.monotonic() + 10
            while await stopped(bot, "9002") != "blocked":
                assert time.monotonic() < deadline, "reminders not turned off"
                await asyncio.sleep(0.1)
            bot.check_transport([anne])
        finally:
            await bot.stop()


async def test_a_campaign_keeps_under_the_bulk_limit_and_sends_each_once(
    tmp_path: Path,
) -> None:
    count = 2_000  # as many as the issue asks: about 70 s at 29 a second
    ids = [str(10_000 + i) for i in range(count)]
    async with FakeBotAPI(flood_limit=30) as fake:
        bot = LivretBot(fake, tmp_path, reminder_interval=0.2)
        await activated_in(bot.settings.database, "telegram", ids)
        for external_id in ids:
            fake.user(int(external_id))
        await bot.start()
        try:
            before = len(fake.sent_timestamps)
            await make_due(bot, ids)
            deadline = time.monotonic() + count / 20 + 30
            while len(fake.sent_timestamps) - before < count:
                assert time.monotonic() < deadline, len(fake.sent_timestamps) - before
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.0)  # nothing more comes
            stamps = fake.sent_timestamps[before:]
            assert len(stamps) == count
            # Each agent once.
            for external_id in ids:
                texts = [m.text for m in fake.user(int(external_id)).messages()]
                assert len([t for t in texts if t and "petit pas" in t]) == 1
            # Never more than 30 in any second (the limiter allows 28).
            busiest = max(sum(1 for s in stamps if start <= s < start + 1) for start in stamps)
            assert busiest <= 30, busiest
            assert fake.flood_refusals == 0
            rate = (count - 1) / (stamps[-1] - stamps[0])
            assert 20 <= rate <= 30, rate
        finally:
            await bot.stop()
    # The next one is planned a week on, not sent again.
    db = await Database.open(bot.settings.database)
    try:
        async with db.transaction() as tx:
            agent = await tx.find_agent("telegram", ids[0])
            assert agent is not None
            found = await tx.reminder(agent)
            assert found is not None and found.next_due is not None
            assert found.next_due > datetime.now(UTC) - timedelta(minutes=1)
    finally:
        await db.close()
