"""Where tests read the e-mails Livret sent: a real SMTP server (aiosmtpd) started by the
test, or the outbox folder used when no SMTP server is configured."""

import re
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

Security = Literal["none", "starttls", "tls"]

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

    def __init__(
        self,
        controller: Controller,
        handler: _Collect,
        security: Security = "none",
        ca_file: Path | None = None,
    ) -> None:
        self._controller = controller
        self._handler = handler
        self.host = "127.0.0.1"
        self.port = int(controller.port)
        self.security = security
        # The certificate authority that signed the server's certificate (TLS modes).
        self.ca_file = ca_file

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
        found: dict[str, Any] = {
            "smtp_host": self.host,
            "smtp_port": self.port,
            "smtp_security": self.security,
        }
        if self.ca_file is not None:
            found["smtp_ca_file"] = self.ca_file
        return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _authenticate(login: str, password: str) -> Any:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            login.encode(),
            password.encode(),
        )
        return AuthResult(success=ok)

    return check


@contextmanager
def smtp_server(
    security: Security = "none",
    folder: Path | None = None,
    login: tuple[str, str] | None = None,
) -> Iterator[SmtpServer]:
    """``starttls`` or ``tls`` need a ``folder`` for the certificates (made by trustme);
    ``login`` makes the server require that user and password."""
    handler = _Collect()
    options: dict[str, Any] = {}
    ca_file = None
    if security != "none":
        assert folder is not None
        ca = trustme.CA()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(context)
        ca_file = folder / "ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        if security == "starttls":
            options.update(tls_context=context, require_starttls=True)
        else:
            options["ssl_context"] = context
    if login is not None:
        options.update(authenticator=_authenticate(*login), auth_required=True)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        yield SmtpServer(controller, handler, security, ca_file)
    finally:
        controller.stop()
