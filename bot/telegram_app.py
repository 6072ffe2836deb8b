"""The Telegram bot: the PTB ``Application`` built in one place.

Services are opened in ``post_init`` and closed in ``post_shutdown``. Updates of
one agent are handled in order, different agents concurrently.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    ContextTypes,
    TypeHandler,
)

from bot import copy, logs
from bot.config import Settings
from bot.inactivity_job import sweep_inactive
from bot.reminders_job import bulk_bot, send_reminders
from bot.services import Services
from bot.telegram_io import send_replies, to_incoming, with_file
from dialogs.flows import REGISTRY
from dialogs.messages import EditionRequest

log = logging.getLogger(__name__)

# The commands the flows list, as their declarations say them.
COMMANDS = [
    BotCommand(command.name, command.description)
    for command in REGISTRY.commands.values()
    if command.description
]


class PerAgentUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across agents, in order for each agent (one lock per user)."""

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        user = update.effective_user if isinstance(update, Update) else None
        if user is None:
            await coroutine
            return
        lock, users = self._locks.get(user.id, (asyncio.Lock(), 0))
        self._locks[user.id] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[user.id]
            if users == 1:
                del self._locks[user.id]
            else:
                self._locks[user.id] = (lock, users - 1)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


async def on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    incoming = to_incoming(update)
    if incoming is None:
        return
    if incoming.kind == "file":
        incoming = await with_file(update, incoming)
    services: Services = context.bot_data["services"]
    try:
        replies = await services.engine.handle(incoming)
    except Exception:
        # The turn's transaction was rolled back: the answer was not kept, so say so.
        log.exception("turn failed")
        await _tell(update, context, copy.TURN_FAILED)
        return
    if replies.repeated:
        # Handled already, its tap answered then: Telegram only sent it again.
        return
    try:
        if replies or update.callback_query is not None:
            await send_replies(update, replies)
        for reply in replies:
            if reply.pending is not None and reply.pending.background:
                # An attestation read: the agent's next messages need not wait for it.
                context.application.create_task(
                    _fulfil(update, services, reply.pending), update=update
                )
            elif reply.pending is not None:
                # Made after the turn's transaction: other agents go on meanwhile.
                made = await services.engine.fulfil(reply.pending)
                await send_replies(update, made, answer=False)
    except TelegramError:
        # The turn is saved; only its reply was lost. /menu shows where the agent stands.
        log.exception("reply failed")
        await _tell(update, context, copy.REPLY_FAILED)


async def _fulfil(update: Update, services: Services, pending: EditionRequest) -> None:
    try:
        made = await services.engine.fulfil(pending)
        await send_replies(update, made, answer=False)
    except TelegramError:
        log.exception("reply failed")


async def _tell(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    with contextlib.suppress(TelegramError):
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, text)
        if update.callback_query is not None:
            await update.callback_query.answer()


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("update failed", exc_info=context.error)


# What a crash or a failed send left is looked for soon after the start (not to delay it),
# then this often (seconds).
TIDY_FIRST = 5
TIDY_INTERVAL = 3600


async def tidy(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.bot_data["services"]
    await services.tidy(documents_sent=True)


def build_application(settings: Settings) -> Application:
    if settings.telegram_token is None:
        raise ValueError("LIVRET_TELEGRAM_TOKEN is not set")
    # Before the bot is built: it logs its URLs, with the token, at DEBUG.
    logs.hold()

    async def post_init(app: Application) -> None:
        services = await Services.open(settings, sweep=False)
        app.bot_data["services"] = services
        # For the t.me links of shares: the bot's own name, as Telegram knows it.
        services.engine.outreach.bot_username = app.bot.username
        # Without a mail server, e-mails land in the server's outbox: no manager reads it.
        services.engine.outreach.mail_arrives = bool(settings.smtp_host)
        await app.bot.set_my_commands(COMMANDS)
        if app.job_queue is not None:
            app.bot_data["bulk_bot"] = await bulk_bot(settings)
            if settings.reminder_interval > 0:
                app.job_queue.run_repeating(
                    send_reminders, interval=settings.reminder_interval, first=1, name="reminders"
                )
            app.job_queue.run_repeating(tidy, interval=TIDY_INTERVAL, first=TIDY_FIRST, name="tidy")
            if settings.inactivity_interval > 0 and settings.inactive_after_days > 0:
                app.job_queue.run_repeating(
                    sweep_inactive,
                    interval=settings.inactivity_interval,
                    first=settings.inactivity_interval / 2,
                    name="inactivity",
                )

    async def post_shutdown(app: Application) -> None:
        bulk = app.bot_data.pop("bulk_bot", None)
        if bulk is not None:
            await bulk.shutdown()
        services: Services | None = app.bot_data.pop("services", None)
        if services is not None:
            await services.close()

    app = (
        ApplicationBuilder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .concurrent_updates(PerAgentUpdateProcessor())
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    app.add_handler(TypeHandler(Update, on_update))
    # While a long campaign runs, the next polls of the reminders job are skipped, by
    # design: APScheduler would warn at each of them.
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
    app.add_error_handler(on_error)
    return app
