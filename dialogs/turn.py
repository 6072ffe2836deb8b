"""One turn of the conversation: the agent, their state, the open transaction, the replies.

Buttons are built as actions here and encoded by the engine at the end of the
turn, once it knows whether the position changed (and so the ``seq`` they carry).
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dialogs.messages import EditionRequest, Incoming, Mail, Recipient
from dialogs.state import DialogState
from storage import DialogRecord, Tx

GLOBAL = "g"


@dataclass(frozen=True)
class Btn:
    """A button before encoding. A ``bound`` one acts on the current position only;
    a global one (navigation) works from any old message."""

    label: str
    action: str
    bound: bool = True


def nav(label: str, action: str) -> Btn:
    return Btn(label, action, bound=False)


@dataclass
class Reply:
    """An ``Outgoing`` whose buttons are not encoded yet: same fields, ``rows`` for
    ``buttons``."""

    text: str
    rows: list[list[Btn]] = field(default_factory=list)
    alert: bool = False
    replace: bool = False
    number_answer: bool = False
    note: bool = False
    pending: EditionRequest | None = None
    to: Recipient | None = None


@dataclass(frozen=True)
class OutMail:
    """An e-mail to send once the turn is committed; ``code_id`` is the e-mail code it
    carries, voided if the e-mail cannot be sent."""

    mail: Mail
    code_id: int | None = None


@dataclass
class Turn:
    tx: Tx
    agent_id: int
    state: DialogState
    incoming: Incoming
    # Every activation step done: the menu is open.
    activated: bool = False
    # The bot's Telegram username, for t.me links.
    bot_username: str = ""
    replies: list[Reply] = field(default_factory=list)
    used_button: bool = False
    mails: list[OutMail] = field(default_factory=list)
    # The livret this chat now reaches, when the turn recovered another one.
    switched_to: DialogRecord | None = None
    # Where proofs are stored, and the files the turn wrote (removed if it is rolled back).
    proofs_dir: Path | None = None
    written: list[Path] = field(default_factory=list)
    # A file sent, as checked before the turn's transaction (``proofs.precheck``).
    checked: Any = None
    # The turn deleted rows whose files ``removals.finish`` removes once it is committed.
    removes: bool = False
    # The account was erased in this turn: no state to save.
    erased: bool = False

    def say(self, text: str, rows: list[list[Btn]] | None = None, *, alert: bool = False) -> None:
        self.replies.append(Reply(text, rows or [], alert=alert))

    def note(self, text: str) -> None:
        """A remark that leaves the screen as it is (help, a misplaced message)."""
        self.replies.append(Reply(text, note=True))
