"""The reminders job: PTB's JobQueue wakes it; it sends what SQLite says is due.

The schedule lives in SQLite, not in the JobQueue: the job only polls, so a restart loses
no reminder. Reminders go through a second ``Bot`` with PTB's ``AIORateLimiter``: it keeps
them under Telegram's bulk limit and retries after a ``RetryAfter``, while the agents'
conversations are not slowed by it. Those replies still count in Telegram's ~30 a second
for the token: a bot busy during campaigns lowers ``LIVRET_MESSAGES_PER_SECOND``. An agent
who blocked the bot has reminders turned off.
"""

import logging

from telegram.error import Forbidden, TelegramError
from telegram.ext import AIORateLimiter, ContextTypes, ExtBot

from bot.config import Settings
from bot.services import Services
from bot.telegram_io import CHANNEL, keyboard
from dialogs.messages import Outgoing
from dialogs.reminders import reminders
from storage import Channel

log = logging.getLogger(__name__)

# Due reminders claimed at a time; the job loops until fewer are due.
BATCH = 200


def rate_limiter(per_second: float) -> AIORateLimiter:
    """Under Telegram's ~30 messages a second for bulk sends; three tries after a 429.

    One message per 1/``per_second`` s rather than ``per_second`` per second: the latter
    lets a full second's worth go at once, then the next second's, twice the rate in the
    first second."""
    return AIORateLimiter(overall_max_rate=1, overall_time_period=1 / per_second, max_retries=3)


async def bulk_bot(settings: Settings) -> ExtBot[None]:
    """The bot the reminders go through: same token and servers, its own rate limiter."""
    assert settings.telegram_token is not None
    bot: ExtBot[None] = ExtBot(
        settings.telegram_token.get_secret_value(),
        base_url=settings.telegram_base_url,
        base_file_url=settings.telegram_base_file_url,
        rate_limiter=rate_limiter(settings.messages_per_second),
    )
    await bot.initialize()
    return bot


def sender(bulk: ExtBot[None]) -> reminders.Send:
    """Messages the bot starts (not replies), through the rate-limited bot."""

    async def send(channel: Channel, out: Outgoing) -> str:
        try:
            await bulk.send_message(int(channel.chat_id), out.text, reply_markup=keyboard(out))
        except Forbidden:
            return reminders.BLOCKED
        except TelegramError:
            log.warning("message not sent", exc_info=True)
            return reminders.FAILED
        return reminders.SENT

    return send


async def send_reminders(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.bot_data["services"]
    send = sender(context.bot_data["bulk_bot"])
    # Until the bot stops: a stop waits for the batch in progress, not the whole campaign.
    while context.application.running:
        done = await reminders.dispatch(services.db, send, CHANNEL, BATCH)
        handled = done.sent + done.blocked + done.failed + done.skipped
        if done.sent or done.blocked or done.failed:
            log.info(
                "reminders: %d sent, %d blocked, %d failed", done.sent, done.blocked, done.failed
            )
        if handled < BATCH:
            break
