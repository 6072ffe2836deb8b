"""Configuration: one settings class read from the environment and ``.env``.

Every variable is prefixed ``LIVRET_``; ``.env.example`` lists and explains them.
Defaults run on one machine with nothing else installed.
"""

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    data_dir: Path = Path("data")
    db_path: Path | None = None
    log_level: str = "INFO"

    @property
    def database(self) -> Path:
        return self.db_path or self.data_dir / "livret.sqlite3"
