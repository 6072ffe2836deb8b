"""The rules of e-mail codes: six digits, valid 15 minutes, five tries, resent after a
minute at the earliest and five times an hour at most; only a salted hash is stored.

A six-digit code cannot resist an offline search whatever the hash: what protects it is
its short life and its five tries. The hash keeps codes out of backups and logs.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage import EmailCode

DIGITS = 6
VALID_FOR = timedelta(minutes=15)
MAX_TRIES = 5
RESEND_AFTER = timedelta(seconds=60)
SENDS_PER_HOUR = 5
HOUR = timedelta(hours=1)


def new_code() -> str:
    return f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"


def hash_code(code: str, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hmac.new(salt, code.encode(), hashlib.sha256).hexdigest()
    return f"{salt.hex()}${digest}"


def matches(code: str, stored: str) -> bool:
    salt, _, _ = stored.partition("$")
    return hmac.compare_digest(hash_code(code, bytes.fromhex(salt)), stored)


@dataclass(frozen=True)
class SendRefused:
    """Why a code cannot be sent now, and from when it can."""

    too_many: bool
    until: datetime


def may_send(sent: list[datetime], now: datetime, *, wait: bool = True) -> SendRefused | None:
    """``sent``: the codes sent in the last hour, oldest first; ``wait``: a minute between
    two of them (for one agent; an address only has the hourly cap)."""
    if wait and sent and now < sent[-1] + RESEND_AFTER:
        return SendRefused(False, sent[-1] + RESEND_AFTER)
    if len(sent) >= SENDS_PER_HOUR:
        return SendRefused(True, sent[-SENDS_PER_HOUR] + HOUR)
    return None


def tries_left(code: EmailCode) -> int:
    return max(0, MAX_TRIES - code.tries)


def usable(code: EmailCode | None, now: datetime) -> bool:
    """A code the agent may still type."""
    return code is not None and not code.verified and now < code.expires_at and tries_left(code) > 0
