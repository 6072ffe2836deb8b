"""Where tests read the e-mails Livret sent: a real SMTP server (aiosmtpd) started by the
test, or the outbox folder used when no SMTP server is configured."""

import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

SAMPLE_REGISTRY = Path(__file__).resolve().parent.parent / "samples" / "collectivites.csv"
# A collectivité of the sample registry, and its name.
COLLECTIVITE = "COM69123"
COLLECTIVITE_NOM = "Ville de Lyon"


def parse(data: bytes) -> EmailMessage:
    found = message_from_bytes(data, policy=policy.default)
    assert isinstance(found, EmailMessage)
    return found


def body(mail: EmailMessage, kind: str = "plain") -> str:
    part = mail.get_body(preferencelist=(kind,))
    assert part is not None, f"no text/{kind} part"
    return str(part.get_content())  # type: ignore[attr-defined]


def code_in(mail: EmailMessage) -> str:
    found = re.search(r"^[ \t]+(\d{6})\r?$", body(mail), flags=re.MULTILINE)
    assert found, body(mail)
    return found.group(1)


def to(mails: list[EmailMessage], address: str) -> list[EmailMessage]:
    return [m for m in mails if m["To"] == address]


def outbox(folder: Path) -> list[EmailMessage]:
    """The messages of an outbox folder, oldest first."""
    if not folder.exists():
        return []
    return [parse(path.read_bytes()) for path in sorted(folder.glob("*.eml"))]


def last_code(folder: Path, address: str) -> str:
    codes = [m for m in to(outbox(folder), address) if "code" in m["Subject"]]
    assert codes, f"no code sent to {address} in {folder}"
    return code_in(codes[-1])


class _Collect:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(parse(envelope.original_content or envelope.content))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted"


class SmtpServer:
    """A real SMTP server on localhost that keeps what it receives."""

    def __init__(self, controller: Controller, handler: _Collect) -> None:
        self._controller = controller
        self._handler = handler
        self.host = "127.0.0.1"
        self.port = int(controller.port)

    @property
    def messages(self) -> list[EmailMessage]:
        return list(self._handler.messages)

    @property
    def envelopes(self) -> list[tuple[str, list[str]]]:
        return list(self._handler.envelopes)

    def last_code(self, address: str) -> str:
        codes = [m for m in to(self.messages, address) if "code" in m["Subject"]]
        assert codes, f"no code sent to {address}; received: {[m['To'] for m in self.messages]}"
        return code_in(codes[-1])

    def settings(self) -> dict[str, Any]:
        """The ``Settings`` that send mail to this server."""
        return {"smtp_host": self.host, "smtp_port": self.port, "smtp_security": "none"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[SmtpServer]:
    handler = _Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SmtpServer(controller, handler)
    finally:
        controller.stop()
