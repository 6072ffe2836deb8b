"""PDF through LibreOffice, off the event loop, bounded and timed.

A warm converter (an ``unoserver`` already running) is used when one is
configured and answers; otherwise a cold ``soffice --headless --convert-to pdf``
with a private profile per conversion (two soffice sharing a profile block each
other). soffice can exit 0 without writing anything, so the PDF is checked.
"""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PdfError(Exception):
    """No PDF this time; ``reason`` says why: unavailable, timeout or failed."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def _is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


@dataclass(frozen=True)
class Unoserver:
    host: str
    port: int

    def answers(self) -> bool:
        # unoserver's client retries for a minute when nobody listens: ask first.
        try:
            with socket.create_connection((self.host, self.port), timeout=0.5):
                return True
        except OSError:
            return False


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

    @property
    def available(self) -> bool:
        return self.soffice is not None or self.unoserver is not None

    async def convert(self, docx: bytes) -> bytes:
        """The PDF of a .docx; raises PdfError. Waits for a free slot first."""
        async with self._slots:
            if self.unoserver is not None and self.unoserver.answers():
                return await self._warm(docx, self.unoserver)
            if self.soffice is None:
                raise PdfError("unavailable")
            return await asyncio.to_thread(self.cold, docx)

    async def _warm(self, docx: bytes, server: Unoserver) -> bytes:
        from unoserver.client import UnoClient

        client = UnoClient(server.host, str(server.port), host_location="remote")
        try:
            data = await asyncio.wait_for(
                # No index to refresh (no table of contents): skipping it saves ~0.15 s.
                asyncio.to_thread(
                    client.convert, indata=docx, convert_to="pdf", update_index=False
                ),
                self.timeout,
            )
        except TimeoutError as error:
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
