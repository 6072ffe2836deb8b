"""Sending e-mail for real: aiosmtplib against an aiosmtpd server on localhost, in plain,
STARTTLS and TLS, with and without a login; and the outbox folder used without SMTP."""

from pathlib import Path

import pytest

from bot.config import Settings
from bot.mail import OutboxMailer, SmtpMailer, mailer
from dialogs.mails import code_mail
from dialogs.messages import MailError
from tests import mailbox

MAIL = code_mail("anne@mairie-exemple.fr", "Anne", "042917")


def smtp_settings(server: mailbox.SmtpServer, **more: object) -> Settings:
    return Settings(_env_file=None, **(server.settings() | more))  # type: ignore[call-arg]


@pytest.mark.parametrize("security", ["starttls", "tls"])
async def test_a_code_goes_through_an_encrypted_connection(
    security: mailbox.Security, tmp_path: Path
) -> None:
    with mailbox.smtp_server(security, tmp_path) as server:
        assert await SmtpMailer(smtp_settings(server)).send(MAIL) is None
        [received] = server.messages
    assert received["Subject"] == "Votre code de vérification Livret"
    assert received["To"] == "anne@mairie-exemple.fr"
    assert mailbox.code_in(received) == "042917"
    assert "042917" in mailbox.body(received, "html")


@pytest.mark.parametrize("security", ["starttls", "tls"])
async def test_an_untrusted_certificate_is_refused(
    security: mailbox.Security, tmp_path: Path
) -> None:
    with mailbox.smtp_server(security, tmp_path) as server:
        settings = smtp_settings(server, smtp_ca_file=None)
        with pytest.raises(MailError):
            await SmtpMailer(settings).send(MAIL)
        assert server.messages == []


async def test_a_server_asking_for_a_login_gets_it(tmp_path: Path) -> None:
    with mailbox.smtp_server("starttls", tmp_path, login=("livret", "s3cret")) as server:
        good = smtp_settings(server, smtp_user="livret", smtp_password="s3cret")
        await SmtpMailer(good).send(MAIL)
        # aiosmtpd stalls after a refused login: the timeout ends it, as a real one would.
        bad = smtp_settings(server, smtp_user="livret", smtp_password="wrong", smtp_timeout=2)
        with pytest.raises(MailError):
            await SmtpMailer(bad).send(MAIL)
        assert len(server.messages) == 1


async def test_a_server_that_is_down_is_a_mail_error() -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        smtp_host="127.0.0.1",
        smtp_port=mailbox.free_port(),
        smtp_security="none",
        smtp_timeout=5,
    )
    with pytest.raises(MailError):
        await SmtpMailer(settings).send(MAIL)


async def test_without_smtp_each_mail_is_a_file_in_the_outbox(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    outbox = mailer(settings)
    assert isinstance(outbox, OutboxMailer)
    first = await outbox.send(MAIL)
    second = await outbox.send(MAIL)
    assert first is not None and second is not None and first != second
    assert first.parent == tmp_path / "outbox" and first.suffix == ".eml"
    # Named by time and chance, never by what it holds.
    assert "anne" not in first.name and "042917" not in first.name
    [one, _] = mailbox.outbox(tmp_path / "outbox")
    assert one["From"] == "Livret <livret@localhost>"
    assert mailbox.code_in(one) == "042917"


async def test_an_outbox_that_cannot_be_written_is_a_mail_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with pytest.raises(MailError):
        await OutboxMailer(blocked / "outbox").send(MAIL)
