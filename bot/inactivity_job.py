"""The inactive-accounts job: PTB's JobQueue wakes it; ``dialogs/account/inactivity`` warns the
accounts unused for years (in the chat, through the rate-limited bot, and by e-mail) and
erases those the warning did not bring back."""

import logging
from datetime import timedelta

from telegram.ext import ContextTypes

from bot.config import Settings
from bot.reminders_job import sender
from bot.services import Services
from bot.telegram_io import CHANNEL
from dialogs.account import inactivity

log = logging.getLogger(__name__)


def policy(settings: Settings) -> inactivity.Policy:
    return inactivity.Policy(
        timedelta(days=settings.inactive_after_days),
        timedelta(days=settings.inactive_notice_days),
    )


async def sweep_inactive(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.bot_data["services"]
    engine = services.engine
    reach = inactivity.Reach(
        engine.mailer, sender(context.bot_data["bulk_bot"]), CHANNEL, engine.outreach.bot_username
    )
    # Until the bot stops: a stop waits for the batch in progress, not the whole campaign.
    while context.application.running:
        done = await inactivity.sweep(
            services.db, policy(services.settings), reach, engine.places()
        )
        if done.warned or done.erased:
            log.info("inactive accounts: %d warned, %d erased", len(done.warned), len(done.erased))
        if len(done.warned) < inactivity.BATCH and len(done.erased) < inactivity.BATCH:
            break
