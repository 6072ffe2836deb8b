"""One bot per data folder: ``livret run`` holds an exclusive lock on ``<data>/livret.lock``
while it runs (the system drops it when the process ends, however it ends). A second bot on
the same folder is refused, and so is a restore, which would swap the database under it."""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.config import Settings

NAME = "livret.lock"


class Running(Exception):
    """A bot already runs on this data folder."""


def path(settings: Settings) -> Path:
    return settings.data_dir / NAME


@contextmanager
def held(settings: Settings) -> Iterator[None]:
    """The lock for as long as the block runs; ``Running`` if a bot has it."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(path(settings), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise Running from error
        yield
    finally:
        os.close(fd)


def bot_running(settings: Settings) -> bool:
    if not path(settings).exists():
        return False
    try:
        with held(settings):
            return False
    except Running:
        return True
