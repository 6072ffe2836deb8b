"""Configuration: one settings class read from the environment and ``.env``.

Every variable is prefixed ``LIVRET_``; ``.env.example`` lists and explains them.
Defaults run on one machine with nothing else installed.
"""

import re
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from documents.pdf import PdfConverter, Unoserver


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="LIVRET_",
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
    )

    telegram_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str = "https://api.telegram.org/file/bot"
    # Webhook mode when set: the public HTTPS address Telegram posts updates to. PTB's own
    # server listens on webhook_listen:webhook_port, on that address's path.
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    # Telegram's secret token, checked on every request; empty: a new one at each start.
    webhook_secret: SecretStr | None = None
    # The bot's username, for share links made outside Telegram (the terminal); the bot
    # itself asks Telegram.
    bot_username: str = ""
    # Seconds between two looks for due reminders (0: no reminders sent by this process).
    reminder_interval: float = 60.0
    # Accounts unused this many days are warned, then erased after the notice (0: never).
    inactive_after_days: int = 3 * 365
    inactive_notice_days: int = 30
    # Seconds between two looks for inactive accounts (0: none looked for by this process).
    inactivity_interval: float = 3600.0
    # Messages a second the bot sends at most (Telegram allows about 30 for bulk sends).
    messages_per_second: float = 29.0
    data_dir: Path = Path("data")
    db_path: Path | None = None
    log_level: str = "INFO"
    # "json": one JSON object a line, for a log collector.
    log_format: Literal["text", "json"] = "text"
    pdf_timeout: float = 60.0
    pdf_parallel: int = 2
    # Attestations read at once (OCR takes a core each).
    read_parallel: int = 2
    unoserver: str = ""
    # E-mail: with no SMTP host, every message is written to the outbox folder instead.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_user: str = ""
    smtp_password: SecretStr | None = None
    smtp_timeout: float = 30.0
    # For a mail server whose certificate a private authority signed (PEM file).
    smtp_ca_file: Path | None = None
    mail_from: str = "Livret <livret@localhost>"
    outbox_dir: Path | None = None

    @field_validator("webhook_secret")
    @classmethod
    def _secret_telegram_accepts(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError("1 à 256 caractères parmi A-Z, a-z, 0-9, _ et -")
        return value

    @property
    def database(self) -> Path:
        return self.db_path or self.data_dir / "livret.sqlite3"

    @property
    def documents(self) -> Path:
        return self.data_dir / "livrets"

    @property
    def proofs(self) -> Path:
        return self.data_dir / "proofs"

    @property
    def outbox(self) -> Path:
        return self.outbox_dir or self.data_dir / "outbox"

    def converter(self) -> PdfConverter:
        server = None
        if self.unoserver:
            host, _, port = self.unoserver.rpartition(":")
            server = Unoserver(host or "127.0.0.1", int(port))
        return PdfConverter(unoserver=server, timeout=self.pdf_timeout, parallel=self.pdf_parallel)
