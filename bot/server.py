"""``livret run``: the Telegram bot as a long-running process.

Updates come by polling, or by webhook when ``LIVRET_WEBHOOK_URL`` is set (PTB's own
webhook server, which refuses any request without Telegram's secret token). The first
SIGTERM or Ctrl-C stops taking updates, lets the turns in progress finish (their documents
included) and closes the database; a second one stops at once.

The steps follow PTB's own ``run_polling``, written out so that the signals are ours.
"""

import asyncio
import logging
import os
import re
import secrets
import signal
from urllib.parse import urlsplit

from telegram import Update

from bot import backup, lock
from bot.config import Settings
from bot.telegram_app import build_application

log = logging.getLogger(__name__)

# The exit status after a second signal: the turns in progress were abandoned.
FORCED = 3


class Stopper:
    """The first signal asks for a graceful stop; the second ends the process."""

    def __init__(self) -> None:
        self.requested = asyncio.Event()

    def __call__(self) -> None:
        if self.requested.is_set():
            log.warning("second stop signal: stopping now, turns in progress abandoned")
            logging.shutdown()
            os._exit(FORCED)
        log.info("stop signal: no new updates; finishing the turns in progress")
        self.requested.set()

    def install(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self)


def webhook_path(url: str) -> str:
    """The path PTB's server listens on: the public URL's (a proxy may forward it as is).
    Escaped: PTB reads it as a regular expression."""
    return re.escape(urlsplit(url).path.strip("/"))


async def serve(settings: Settings) -> None:
    """Runs until stopped; ``lock.Running`` when a bot already runs on this data folder."""
    with lock.held(settings):
        # A restore a kill cut short is finished before the database is opened (the lock
        # held: no restore runs meanwhile).
        await asyncio.to_thread(backup.recover, settings)
        await _serve(settings)


async def _serve(settings: Settings) -> None:
    stopper = Stopper()
    stopper.install()
    app = build_application(settings)
    updater = app.updater
    assert updater is not None
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        if settings.webhook_url:
            secret = settings.webhook_secret
            await updater.start_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=webhook_path(settings.webhook_url),
                webhook_url=settings.webhook_url,
                # A fresh one each start when none is set: only Telegram learns it.
                secret_token=secret.get_secret_value() if secret else secrets.token_urlsafe(32),
                allowed_updates=Update.ALL_TYPES,
            )
            log.info("webhook server listening", extra={"port": settings.webhook_port})
        else:
            await updater.start_polling(allowed_updates=Update.ALL_TYPES)
            log.info("polling for updates")
        await app.start()
        await stopper.requested.wait()
        if app.job_queue is not None:
            # No new run of the jobs; one running ends after its batch (it checks
            # ``application.running``), well within the stop's grace period.
            app.job_queue.scheduler.pause()
    finally:
        if updater.running:
            await updater.stop()
        if app.running:
            await app.stop()
            if app.post_stop:
                await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
    log.info("stopped")
