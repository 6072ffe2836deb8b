"""Logging: one line per event, as text or as JSON (``LIVRET_LOG_FORMAT=json``, through
python-json-logger), and never what an agent wrote, a code, a token or an address.

Three rules keep them out:
- our own lines name agents by number and turns by update id, never by content;
- an exception shows its type and where it was raised, not its message (a pydantic or SMTP
  error quotes the value or the address it refused);
- the libraries that log content are held above that level whatever ``LIVRET_LOG_LEVEL``
  says: python-telegram-bot logs each update at DEBUG, httpx each URL (with the bot's token)
  at INFO.
"""

import logging
import sys
import traceback
from types import TracebackType
from typing import Literal

from pythonjsonlogger.json import JsonFormatter

LogFormat = Literal["text", "json"]

# The least a library may log at: its lines below this carry content.
HELD = {
    "telegram": logging.INFO,
    # Its one ERROR quotes a response body it could not parse: updates, with their texts.
    "telegram.request": logging.CRITICAL,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "hpack": logging.WARNING,
    "aiosqlite": logging.INFO,
    "aiosmtplib": logging.INFO,
    "mail.log": logging.WARNING,
    "apscheduler": logging.WARNING,
}
TEXT = "%(asctime)s %(levelname)s %(name)s %(message)s"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def safe_exception(exc_info: ExcInfo | tuple[None, None, None]) -> str:
    """The traceback of each exception in the chain, with its type only: never its message."""
    _, error, _ = exc_info
    parts: list[str] = []
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        frames = "".join(traceback.format_list(traceback.extract_tb(error.__traceback__)))
        parts.append(f"Traceback (most recent call last):\n{frames}{type(error).__qualname__}")
        error = error.__cause__ or error.__context__
    # The chain is read from the cause up, as Python prints it.
    return "\n\nwhich led to:\n\n".join(reversed(parts))


# What every record has; anything else came as ``extra`` (a turn's agent, update, timings).
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class SafeText(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        """The line, with the record's extra fields after the message as ``key=value``."""
        text = super().format(record)
        extra = {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
        if not extra:
            return text
        first, newline, rest = text.partition("\n")
        fields = " ".join(f"{k}={v}" for k, v in extra.items())
        return f"{first} {fields}{newline}{rest}"

    def formatException(self, ei: ExcInfo | tuple[None, None, None]) -> str:
        return safe_exception(ei)


class SafeJson(JsonFormatter):
    def formatException(self, ei: ExcInfo | tuple[None, None, None]) -> str:
        return safe_exception(ei)


def formatter(kind: LogFormat) -> logging.Formatter:
    if kind == "json":
        return SafeJson(TEXT, rename_fields={"asctime": "time", "levelname": "level"})
    return SafeText(TEXT)


def configure(level: str = "INFO", kind: LogFormat = "text") -> None:
    """The root logger writes to stderr in ``kind``; the libraries are held (see above)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(kind))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    hold()


def hold() -> None:
    root = logging.getLogger().level
    for name, least in HELD.items():
        logging.getLogger(name).setLevel(max(least, root))
