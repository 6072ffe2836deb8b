"""The livret identifiant given to an agent once their e-mail is verified: ``LIF-7K3P-9QXM``.

Short enough to read over the phone, with an alphabet that cannot be misread:
Crockford's base 32 (no I, L, O or U), 40 random bits.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PATTERN = re.compile(r"LIF-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")


def new_identifiant() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"LIF-{chars[:4]}-{chars[4:]}"
