"""What a transport hands the engine, and what the engine hands back."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

IncomingKind = Literal["text", "command", "button", "file", "other"]


@dataclass(frozen=True)
class Incoming:
    """One thing an agent did, whatever the transport.

    ``text`` is the typed text, the command name (without ``/``) or the button
    data; ``args`` what followed a command. ``update_key`` identifies the
    transport's update so that a redelivery is recognised.
    """

    channel: str
    external_id: str
    kind: IncomingKind
    text: str = ""
    args: str = ""
    chat_id: str = ""
    update_key: str | None = None
    # How the transport names the person (Telegram: name and @username), for the agent to
    # see who opened a share.
    sender: str = ""
    # A file's content (kind "file"), fetched by the transport; or only its announced size
    # when too big to fetch.
    data: bytes | None = None
    file_size: int | None = None


@dataclass(frozen=True)
class EditionRequest:
    """Documents to make after the turn, outside its transaction: the transport hands it
    back to ``Engine.fulfil`` and sends what that returns.

    With ``share_id``, the extract of that share: for the agent (``audience`` "agent"), for
    the manager who opened its link ("manager"), or e-mailed to its recipient ("email")."""

    agent_id: int
    formats: tuple[str, ...]
    share_id: int | None = None
    audience: str = "agent"
    # The link's token, for the e-mail that carries it (only its hash is stored).
    token: str | None = None
    # The maker that makes them, as a flow declares it (``dialogs.screens.Maker``).
    maker: str = field(kw_only=True)
    # The file it works on, under the proofs folder (an attestation to read).
    path: str | None = field(default=None, kw_only=True)
    # Made after the agent's next turns may have begun: the transport need not wait for it.
    background: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes
    mime: str


@dataclass(frozen=True)
class Mail:
    """An e-mail, in plain text and in HTML, with files attached if any."""

    to: str
    subject: str
    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()


class MailError(Exception):
    """The e-mail could not be handed over (server down, address refused)."""


class Mailer(Protocol):
    async def send(self, mail: Mail) -> Path | None:
        """Send ``mail``; the file it was written to when it went to an outbox folder.
        Raises ``MailError`` when it cannot be sent."""
        ...

    async def forget(self, address: str) -> None:
        """Remove any copy kept of the e-mails sent to ``address`` (an erased account)."""
        ...


@dataclass
class Outreach:
    """What this server can send to people other than the agent (set by the transport):
    a t.me link needs the bot's username; an e-mail arrives only through a mail server
    (the terminal's outbox is read by whoever runs it, a phone never sees the server's)."""

    bot_username: str = ""
    mail_arrives: bool = True


@dataclass(frozen=True)
class Recipient:
    """Another chat than the one the turn came from (an old phone being told)."""

    channel: str
    chat_id: str


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass
class Outgoing:
    """A message for the agent. ``alert`` marks a short notice about a tapped button
    (a toast on Telegram); ``replace`` asks to edit the message that carried it."""

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    alert: bool = False
    replace: bool = False
    # The question takes a number as its answer (a terminal must not read it as a button).
    number_answer: bool = False
    # The question takes typed words (a terminal reads a line as a button only when it is
    # a whole label, not the start of a one-tap answer: "Centre" is not "Centre de gestion").
    typed_answer: bool = False
    # A remark that leaves the current screen, and its buttons, as they were (help).
    note: bool = False
    # A file to send, ``text`` being its caption.
    document: Path | None = None
    pending: EditionRequest | None = None
    # For another chat of the agent's than the one that spoke (None: this chat).
    to: Recipient | None = None
    # An e-mail written to the outbox folder (no SMTP server): a terminal says where.
    outbox: Path | None = None

    def button_labels(self) -> list[str]:
        return [b.label for row in self.buttons for b in row]


class Replies(list[Outgoing]):
    """What a turn answers. ``repeated``: the update was handled before (a redelivery), so
    nothing is said, not even the answer to a tap, which was given the first time."""

    def __init__(self, replies: list[Outgoing] | None = None, *, repeated: bool = False) -> None:
        super().__init__(replies or [])
        self.repeated = repeated
