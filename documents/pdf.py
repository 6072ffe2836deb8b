"""PDF through LibreOffice, off the event loop, bounded and timed.

A warm converter (an ``unoserver`` already running) is used when one is
configured and answers; otherwise a cold ``soffice --headless --convert-to pdf``
with a private profile per conversion (two soffice sharing a profile block each
other). soffice can exit 0 without writing anything, so the PDF is checked.
"""

import asyncio
import contextlib
import http.client
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import xmlrpc.client
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class PdfError(Exception):
    """No PDF this time; ``reason`` says why: unavailable, timeout or failed."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


# How long a warm server that let a conversion hang is left alone.
WARM_REST = 300.0


def _in_daemon_thread(work: Callable[[], T]) -> "asyncio.Future[T]":
    """Run blocking ``work`` in a daemon thread. unoserver's client has no socket timeout:
    a thread stuck on a hung server must neither fill a shared pool nor block exit."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            result, error = work(), None
        except BaseException as exc:
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop may be closed by now
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, daemon=True, name="livret-unoserver").start()
    return future


def _is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


@dataclass(frozen=True)
class Unoserver:
    host: str
    port: int

    def answers(self) -> bool:
        """Whether an unoserver, with its LibreOffice ready, answers there. Asked first,
        with a short timeout: unoserver's client retries for a minute when it does not."""
        proxy = xmlrpc.client.ServerProxy(
            f"http://{self.host}:{self.port}", transport=_QuickTransport(), allow_none=True
        )
        try:
            info = proxy.info()
        except (OSError, xmlrpc.client.Error, http.client.HTTPException):
            return False
        return isinstance(info, dict) and "api" in info


class _QuickTransport(xmlrpc.client.Transport):
    def make_connection(self, host: Any) -> http.client.HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = 2.0
        return connection


class PdfConverter:
    def __init__(
        self,
        soffice: str | None = None,
        unoserver: Unoserver | None = None,
        timeout: float = 60.0,
        parallel: int = 2,
    ) -> None:
        self.soffice = soffice if soffice is not None else shutil.which("soffice")
        self.unoserver = unoserver
        self.timeout = timeout
        self._slots = asyncio.Semaphore(parallel)
        # After a warm conversion hangs, the server is left alone for a while.
        self._warm_rest_until = 0.0

    @property
    def available(self) -> bool:
        return self.soffice is not None or self.unoserver is not None

    async def convert(self, docx: bytes) -> bytes:
        """The PDF of a .docx; raises PdfError. Waits for a free slot first."""
        async with self._slots:
            if await self._warm_ready():
                assert self.unoserver is not None
                try:
                    return await self._warm(docx, self.unoserver)
                except PdfError as error:
                    # Something else on that port, or LibreOffice not ready:
                    # the cold way still gives the agent a PDF.
                    if error.reason == "timeout" or self.soffice is None:
                        raise
            if self.soffice is None:
                raise PdfError("unavailable")
            return await asyncio.to_thread(self.cold, docx)

    async def _warm_ready(self) -> bool:
        server = self.unoserver
        if server is None or time.monotonic() < self._warm_rest_until:
            return False
        return await asyncio.to_thread(server.answers)

    async def _warm(self, docx: bytes, server: Unoserver) -> bytes:
        from unoserver.client import UnoClient

        client = UnoClient(server.host, str(server.port), host_location="remote")
        try:
            data = await asyncio.wait_for(
                # No index to refresh (no table of contents): skipping it saves ~0.15 s.
                _in_daemon_thread(
                    lambda: client.convert(indata=docx, convert_to="pdf", update_index=False)
                ),
                self.timeout,
            )
        except TimeoutError as error:
            self._warm_rest_until = time.monotonic() + WARM_REST
            raise PdfError("timeout") from error
        except Exception as error:
            raise PdfError("failed", str(error)) from error
        if not isinstance(data, bytes) or not _is_pdf(data):
            raise PdfError("failed", "unoserver returned no PDF")
        return data

    def cold(self, docx: bytes) -> bytes:
        """One soffice process, its own profile, killed (with its children) on timeout."""
        assert self.soffice is not None
        with tempfile.TemporaryDirectory(prefix="livret-pdf-") as tmp:
            work = Path(tmp)
            source = work / "livret.docx"
            source.write_bytes(docx)
            command = [
                self.soffice,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(source),
            ]
            try:
                process = subprocess.Popen(
                    command,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    start_new_session=True,
                )
            except OSError as error:
                raise PdfError("failed", str(error)) from error
            try:
                _, errors = process.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired as error:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise PdfError("timeout") from error
            target = work / "livret.pdf"
            data = target.read_bytes() if target.exists() else b""
            if not _is_pdf(data):
                detail = errors.decode(errors="replace")[-300:]
                raise PdfError("failed", f"exit {process.returncode}, {detail}")
            return data
