"""A number typed where buttons are shown picks a button, as in the terminal: the one
whose label starts with that number ("2. Master (2015)"), else the one at that place in
reading order; a number beyond them says so. Not where the messages ask for a typed
answer (a year, a durée, a code): there a number is the answer; nor where labels carry
numbers of their own ("Niveau 3 (CAP, BEP)"), where "3" could mean either and is asked
again rather than guessed."""

import re
from collections.abc import Sequence
from dataclasses import replace

from dialogs import copy
from dialogs.messages import Outgoing
from dialogs.turn import Turn
from storage import Tx

# "2. Master (2015)", "2) …": the number a label starts with, after an emoji or a tick.
_LEADING = re.compile(r"^\W*?(\d{1,3})[.)]\s")
# A count after the label ("Compétences · 2", "· 1/3") is no number of its own.
_COUNT = re.compile(r"·\s*\d+(?:/\d+)?\s*$")
# "Niveau 3", "8h", "2e classe": a number of the label's own.
_SMALL_NUMBER = re.compile(r"(?<![\d/])\d{1,2}(?![\d/])")


def _ambiguous(labels: list[str]) -> bool:
    if any(_LEADING.match(label) for label in labels):
        return False
    return any(_SMALL_NUMBER.search(_COUNT.sub("", label)) for label in labels)


def remember(replies: Sequence[Outgoing], before: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The buttons a number may pick after these replies; a notice or a note leaves the
    buttons above it in place, as on a phone (``before``)."""
    shown = [r for r in replies if r.to is None and r.outbox is None and r.document is None]
    if not any(not (r.alert or r.note) or r.buttons for r in shown):
        return before
    if any(r.typed_answer or r.number_answer for r in shown):
        return []
    buttons = [(b.label, b.data) for r in shown for row in r.buttons for b in row]
    return [] if _ambiguous([label for label, _ in buttons]) else buttons


async def renew(tx: Tx, agent_id: int, sent: Outgoing) -> None:
    """A message sent outside a turn (a reminder, a file read): on a screen of buttons, a
    number typed now picks among its buttons, the newest on the phone; on a question that
    takes typed words or numbers, the answer stays an answer."""
    record = await tx.dialog_state(agent_id)
    if record is None or not record.state.get("numbered"):
        return
    before = [(str(label), str(data)) for label, data in record.state["numbered"]]
    record.state["numbered"] = remember([sent], before)
    await tx.save_dialog_state(record)


def retarget(t: Turn) -> bool:
    """A number typed where buttons are shown becomes the tap of that button (an old or
    forged one then told as a tap would be); True when it named none, and that was said."""
    wanted = number(t.incoming.text) if t.incoming.kind == "text" else None
    if wanted is None or not t.state.numbered:
        return False
    picked = pick(t.state.numbered, wanted)
    if picked is None:
        t.note(copy.NO_SUCH_BUTTON.format(number=wanted))
        return True
    label, data = picked
    if data.partition("|")[2].partition(":")[0] in UNSAFE:
        # What cannot be undone is done by a tap, never by a digit typed a second time.
        t.note(copy.NUMBER_NOT_FOR_THAT.format(label=label))
        return True
    t.incoming = replace(t.incoming, kind="button", text=data)
    return False


# The actions a typed number never takes: deleting, declining, dropping, revoking, erasing.
UNSAFE = frozenset({"del", "delok", "nc", "drop", "erase", "unproof", "rv"})


_NUMBER = re.compile(r"^\s*(?:n°\s*|no\s+|le\s+)?(\d{1,3})\s*[.)]?\s*$", re.IGNORECASE)


def number(text: str) -> int | None:
    """The button number a message is, if it is only one (" 3 ", "2.", "n°2"; not "2021")."""
    found = _NUMBER.match(text)
    return int(found[1]) if found else None


def pick(numbered: list[tuple[str, str]], wanted: int) -> tuple[str, str] | None:
    """The data of the button ``wanted`` names, or None if there is none. On a list whose
    labels are numbered, only those numbers: "2" is "2. Master", never the second button."""
    leading = [(_LEADING.match(label), (label, data)) for label, data in numbered]
    if any(found for found, _ in leading):
        return next((b for found, b in leading if found and int(found.group(1)) == wanted), None)
    return numbered[wanted - 1] if 1 <= wanted <= len(numbered) else None
