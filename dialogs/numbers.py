"""Numbers read from what an agent or a button sends: ASCII digits only. ``str.isdigit``
also takes ``²`` or ``①``, which ``int`` refuses, and ``int`` takes Arabic-Indic digits,
which no button of ours carries."""

import re

# 18 digits: every id of ours fits, and so does SQLite's 64-bit integer.
_ID = re.compile(r"[0-9]{1,18}")


def parse_id(text: str) -> int | None:
    """The number ``text`` is, if it is only ASCII digits (at most 18); else None."""
    return int(text) if _ID.fullmatch(text) else None
