"""``livret doctor``: each thing the bot needs, checked for real and told in one line with
the fix when it fails: the token (getMe), the database (writable, schema), LibreOffice (a
test conversion), SMTP (connect and log in, no mail sent), the data folder (writable, free
space). The exit status is 1 when anything the bot cannot run without fails."""

import asyncio
import io
import os
import shutil
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from typing import Literal, TextIO

import aiosmtplib
from docx import Document
from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot import copy, files
from bot.config import Settings
from bot.summary import masked
from documents.pdf import PdfError
from storage.migrations import latest_version

Status = Literal["ok", "warn", "fail"]
MARKS = {"ok": "✅", "warn": "⚠️ ", "fail": "❌"}
DEFAULT_API = Settings.model_fields["telegram_base_url"].default
# Below this, documents and proofs may soon not fit.
FREE_SPACE_MIN = 1024**3


@dataclass(frozen=True)
class Check:
    what: str
    status: Status
    said: str
    fix: str = ""


async def doctor(settings: Settings, out: TextIO = sys.stdout) -> int:
    checks = [
        await telegram(settings),
        await asyncio.to_thread(data_folder, settings),
        await asyncio.to_thread(permissions, settings),
        await asyncio.to_thread(database, settings),
        await pdf(settings),
        await smtp(settings),
    ]
    for check in checks:
        out.write(f"{MARKS[check.status]} {check.what} : {check.said}\n")
        if check.fix:
            out.write(f"   → {check.fix}\n")
    failed = [c for c in checks if c.status == "fail"]
    out.write((copy.DOCTOR_FAILED.format(count=len(failed)) if failed else copy.DOCTOR_OK) + "\n")
    return 1 if failed else 0


async def telegram(settings: Settings) -> Check:
    what = copy.DOCTOR_TELEGRAM
    if settings.telegram_token is None:
        return Check(what, "fail", copy.DOCTOR_NO_TOKEN, copy.DOCTOR_NO_TOKEN_FIX)
    bot = Bot(
        settings.telegram_token.get_secret_value(),
        base_url=settings.telegram_base_url,
        base_file_url=settings.telegram_base_file_url,
    )
    try:
        # getMe called as is, not through initialize(), which rewords its errors.
        me = await bot.get_me()
    except InvalidToken as error:
        # Telegram answers 401 "Unauthorized" to a wrong token; a malformed token, or an
        # address that is no Bot API, answers 404: PTB says "invalid token" to all three.
        if "Unauthorized" not in str(error) and settings.telegram_base_url != DEFAULT_API:
            return Check(
                what,
                "fail",
                copy.DOCTOR_TOKEN_OR_API.format(url=masked(settings.telegram_base_url, settings)),
                copy.DOCTOR_TOKEN_OR_API_FIX,
            )
        return Check(what, "fail", copy.DOCTOR_TOKEN_REFUSED, copy.DOCTOR_TOKEN_REFUSED_FIX)
    except NetworkError:
        return Check(
            what,
            "fail",
            copy.DOCTOR_API_UNREACHABLE.format(url=masked(settings.telegram_base_url, settings)),
            copy.DOCTOR_API_UNREACHABLE_FIX,
        )
    except TelegramError as error:
        return Check(what, "fail", type(error).__name__, copy.DOCTOR_API_UNREACHABLE_FIX)
    finally:
        # Never initialised (getMe was called as is): its HTTP client is closed directly.
        await bot.request.shutdown()
    said = copy.DOCTOR_BOT.format(username=me.username, id=me.id)
    if settings.webhook_url and not settings.webhook_url.startswith("https://"):
        return Check(what, "warn", said, copy.DOCTOR_WEBHOOK_NOT_HTTPS)
    return Check(what, "ok", said)


def data_folder(settings: Settings) -> Check:
    what = copy.DOCTOR_DATA
    folder = settings.data_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
    except OSError as error:
        return Check(
            what,
            "fail",
            copy.DOCTOR_DATA_NOT_WRITABLE.format(path=folder, error=error.strerror),
            copy.DOCTOR_DATA_FIX.format(user=_user()),
        )
    free = shutil.disk_usage(folder).free
    said = copy.DOCTOR_DATA_OK.format(path=folder.resolve(), free=free / 1024**3)
    if free < FREE_SPACE_MIN:
        return Check(what, "warn", said, copy.DOCTOR_SPACE_FIX)
    return Check(what, "ok", said)


def permissions(settings: Settings) -> Check:
    """The data (codes in the outbox, proofs, the database) readable by its owner only."""
    what = copy.DOCTOR_PERMISSIONS
    found = files.exposed(settings.data_dir)
    database = settings.database
    if not database.is_relative_to(settings.data_dir):
        found += [
            p
            for p in (database, database.with_name(database.name + "-wal"))
            if p.exists() and p.stat().st_mode & 0o077
        ]
    if not found:
        return Check(what, "ok", copy.DOCTOR_PERMISSIONS_OK)
    shown = ", ".join(str(p) for p in found[:3]) + (" …" if len(found) > 3 else "")
    return Check(
        what,
        "warn",
        copy.DOCTOR_PERMISSIONS_OPEN.format(paths=shown),
        copy.DOCTOR_PERMISSIONS_FIX.format(path=settings.data_dir.resolve()),
    )


def database(settings: Settings) -> Check:
    what = copy.DOCTOR_DATABASE
    path = settings.database
    if not path.exists():
        return Check(what, "ok", copy.DOCTOR_DB_NEW.format(path=path))
    try:
        with sqlite3.connect(path, timeout=5) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            # A write that is taken back: the file and its folder accept writes.
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        conn.close()
    except sqlite3.DatabaseError as error:
        return Check(
            what,
            "fail",
            copy.DOCTOR_DB_BROKEN.format(path=path, error=error),
            copy.DOCTOR_DB_BROKEN_FIX,
        )
    if version > latest_version():
        return Check(
            what,
            "fail",
            copy.DOCTOR_DB_NEWER.format(version=version, ours=latest_version()),
            copy.DOCTOR_DB_NEWER_FIX,
        )
    said = copy.DOCTOR_DB_OK.format(path=path, version=version)
    if version < latest_version():
        said += copy.DOCTOR_DB_OLDER.format(ours=latest_version())
    return Check(what, "ok", said)


async def pdf(settings: Settings) -> Check:
    what = copy.DOCTOR_PDF
    converter = settings.converter()
    if converter.unoserver is not None:
        if not await asyncio.to_thread(converter.unoserver.answers):
            down = copy.DOCTOR_UNOSERVER_DOWN.format(server=settings.unoserver)
            if converter.soffice is None:
                return Check(what, "fail", down, copy.DOCTOR_UNOSERVER_FIX)
            # The bot falls back to a LibreOffice per document: slower, not broken.
            return Check(what, "warn", down + copy.DOCTOR_COLD_FALLBACK, copy.DOCTOR_UNOSERVER_FIX)
    elif not converter.available:
        return Check(what, "warn", copy.DOCTOR_NO_SOFFICE, copy.DOCTOR_NO_SOFFICE_FIX)
    try:
        await converter.convert(_sample_docx())
    except PdfError as error:
        return Check(
            what, "fail", copy.DOCTOR_PDF_FAILED.format(reason=error.reason), copy.DOCTOR_PDF_FIX
        )
    how = (
        copy.DOCTOR_PDF_WARM.format(server=settings.unoserver)
        if converter.unoserver
        else copy.DOCTOR_PDF_COLD
    )
    return Check(what, "ok", how)


async def smtp(settings: Settings) -> Check:
    what = copy.DOCTOR_SMTP
    s = settings
    if not s.smtp_host:
        return Check(what, "warn", copy.DOCTOR_NO_SMTP, copy.DOCTOR_NO_SMTP_FIX)
    client = aiosmtplib.SMTP(
        hostname=s.smtp_host,
        port=s.smtp_port,
        use_tls=s.smtp_security == "tls",
        start_tls=s.smtp_security == "starttls",
        timeout=s.smtp_timeout,
        cert_bundle=str(s.smtp_ca_file) if s.smtp_ca_file else None,
    )
    server = f"{s.smtp_host}:{s.smtp_port}"
    try:
        await client.connect()
    except (aiosmtplib.SMTPException, OSError) as error:
        return Check(
            what,
            "fail",
            copy.DOCTOR_SMTP_UNREACHABLE.format(server=server, error=type(error).__name__),
            copy.DOCTOR_SMTP_UNREACHABLE_FIX,
        )
    try:
        if s.smtp_user:
            password = s.smtp_password.get_secret_value() if s.smtp_password else ""
            await client.login(s.smtp_user, password)
    except aiosmtplib.SMTPException:
        return Check(
            what,
            "fail",
            copy.DOCTOR_SMTP_LOGIN.format(server=server, user=s.smtp_user),
            copy.DOCTOR_SMTP_LOGIN_FIX,
        )
    finally:
        try:
            await client.quit()
        except (aiosmtplib.SMTPException, OSError):
            client.close()
    return Check(what, "ok", copy.DOCTOR_SMTP_OK.format(server=server, security=s.smtp_security))


def _sample_docx() -> bytes:
    document = Document()
    document.add_paragraph("Livret : essai de conversion.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _user() -> str:
    try:
        return os.getlogin()
    except OSError:
        return str(os.getuid())
