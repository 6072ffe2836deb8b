"""What ``livret run`` prints at start: the configuration on one screen, secrets masked
(a secret is only said to be set), and what is missing, each with what it costs."""

import shutil
from urllib.parse import urlsplit, urlunsplit

from bot import copy
from bot.config import Settings


def masked(url: str, settings: Settings) -> str:
    """A URL as the summary shows it: no user or password, no bot token."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        url = urlunsplit(
            parts._replace(
                netloc=f"***@{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")
            )
        )
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    return url.replace(token, "***") if token else url


def summary(settings: Settings) -> str:
    s = settings
    lines = [copy.SUMMARY_TITLE]
    mode = (
        copy.SUMMARY_WEBHOOK.format(
            url=masked(s.webhook_url, s),
            listen=s.webhook_listen,
            port=s.webhook_port,
            secret=copy.SUMMARY_SET if s.webhook_secret else copy.SUMMARY_SECRET_EACH_START,
        )
        if s.webhook_url
        else copy.SUMMARY_POLLING
    )
    lines.append(
        copy.SUMMARY_TELEGRAM.format(
            token=copy.SUMMARY_SET if s.telegram_token else copy.SUMMARY_UNSET,
            api=masked(s.telegram_base_url, s),
            mode=mode,
        )
    )
    lines.append(copy.SUMMARY_DATA.format(folder=s.data_dir.resolve(), db=s.database.resolve()))
    missing = []
    if s.smtp_host:
        lines.append(
            copy.SUMMARY_SMTP.format(
                host=s.smtp_host,
                port=s.smtp_port,
                security=s.smtp_security,
                user=s.smtp_user or "—",
                password=copy.SUMMARY_SET if s.smtp_password else copy.SUMMARY_UNSET,
                sender=s.mail_from,
            )
        )
    else:
        lines.append(copy.SUMMARY_NO_SMTP_LINE.format(outbox=s.outbox.resolve()))
        missing.append(copy.NO_SMTP.format(outbox=s.outbox.resolve()))
    if s.unoserver:
        lines.append(copy.SUMMARY_PDF_WARM.format(server=s.unoserver))
    elif shutil.which("soffice"):
        lines.append(copy.SUMMARY_PDF_COLD)
    else:
        lines.append(copy.SUMMARY_PDF_NONE)
        missing.append(copy.SUMMARY_MISSING_PDF)
    lines.append(
        copy.SUMMARY_REMINDERS.format(every=s.reminder_interval, rate=s.messages_per_second)
        if s.reminder_interval > 0
        else copy.SUMMARY_REMINDERS_OFF
    )
    lines.append(
        copy.SUMMARY_INACTIVE.format(after=s.inactive_after_days, notice=s.inactive_notice_days)
        if s.inactive_after_days > 0 and s.inactivity_interval > 0
        else copy.SUMMARY_INACTIVE_OFF
    )
    lines.append(copy.SUMMARY_LOGS.format(level=s.log_level.upper(), kind=s.log_format))
    if missing:
        lines.append("")
        lines += [copy.SUMMARY_MISSING_TITLE] + [f"  • {m}" for m in missing]
    return "\n".join(lines)
