"""One bot per database: ``livret run`` holds an exclusive lock on ``<database>.lock`` while
it runs (the system drops it when the process ends, however it ends). A second bot on the
same database is refused, and so is a restore, which would swap the files under it.

Where the file system has no locks (some network mounts), the bot runs without one, and
says so."""

import errno
import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.config import Settings

log = logging.getLogger(__name__)


class Running(Exception):
    """A bot already runs on this database."""


def path(settings: Settings) -> Path:
    database = settings.database
    return database.with_name(database.name + ".lock")


@contextmanager
def held(settings: Settings) -> Iterator[None]:
    """The lock for as long as the block runs; ``Running`` if a bot has it."""
    where = path(settings)
    where.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(where, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise Running from error
        except OSError as error:
            if error.errno not in (errno.ENOLCK, errno.EOPNOTSUPP):
                raise
            log.warning("no lock on this file system: one bot only on this database, please")
        yield
    finally:
        os.close(fd)
