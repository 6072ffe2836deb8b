"""Sending e-mail: through an SMTP server with aiosmtplib, or, when none is configured,
into an outbox folder as ``.eml`` files that any mail program opens."""

import asyncio
import secrets
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

import aiosmtplib

from bot.config import Settings
from dialogs.messages import Mail, Mailer, MailError


def message(mail: Mail, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = mail.to
    msg["Subject"] = mail.subject
    msg["Date"] = formatdate(localtime=False)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    msg["Message-ID"] = make_msgid(domain=domain)
    msg.set_content(mail.text)
    msg.add_alternative(mail.html, subtype="html")
    for file in mail.attachments:
        main, _, sub = file.mime.partition("/")
        msg.add_attachment(file.data, maintype=main, subtype=sub, filename=file.name)
    return msg


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send(self, mail: Mail) -> Path | None:
        s = self.settings
        password = s.smtp_password.get_secret_value() if s.smtp_password else None
        try:
            await aiosmtplib.send(
                message(mail, s.mail_from),
                hostname=s.smtp_host,
                port=s.smtp_port,
                username=s.smtp_user or None,
                password=password,
                use_tls=s.smtp_security == "tls",
                start_tls=s.smtp_security == "starttls",
                timeout=s.smtp_timeout,
                cert_bundle=str(s.smtp_ca_file) if s.smtp_ca_file else None,
            )
        except (aiosmtplib.SMTPException, OSError) as error:
            raise MailError(str(error)) from error
        return None

    async def forget(self, address: str) -> None:
        """Nothing is kept: the mail server has what it was given."""


class OutboxMailer:
    """Each message as a file named by its time and a random part, never by its content."""

    def __init__(self, folder: Path, sender: str = "Livret <livret@localhost>") -> None:
        self.folder = folder
        self.sender = sender

    async def send(self, mail: Mail) -> Path | None:
        msg = message(mail, self.sender)
        path = self.folder / f"{_now_stamp()}-{secrets.token_hex(4)}.eml"
        try:
            await asyncio.to_thread(self._write, path, msg.as_bytes())
        except OSError as error:
            raise MailError(str(error)) from error
        return path

    async def forget(self, address: str) -> None:
        await asyncio.to_thread(self._forget, address)

    def _forget(self, address: str) -> None:
        for path in self.folder.glob("*.eml") if self.folder.exists() else []:
            with path.open("rb") as file:
                sent = BytesParser(policy=policy.default).parse(file, headersonly=True)
            if sent["To"] == address:
                path.unlink(missing_ok=True)

    def _write(self, path: Path, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


def mailer(settings: Settings) -> Mailer:
    if settings.smtp_host:
        return SmtpMailer(settings)
    return OutboxMailer(settings.outbox, settings.mail_from)
