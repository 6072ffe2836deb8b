"""The warm converter: a real unoserver (one LibreOffice kept running) makes the PDF.

unoserver runs under the Python that has LibreOffice's ``uno`` module; CI installs it
with ``bench/unoserver.sh install``. Without it these tests skip, except in CI.
"""

import asyncio
import io
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from documents.context import build_context
from documents.pdf import PdfConverter, Unoserver
from documents.render import render_docx
from tests.samples import full_livret

VENV = Path(os.environ.get("LIVRET_UNOSERVER_VENV", "/opt/livret-unoserver"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def unoserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Unoserver]:
    command = VENV / "bin" / "unoserver"
    if not command.exists() or shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have unoserver at {command} (bench/unoserver.sh install)")
        pytest.skip(f"no unoserver at {command}: bench/unoserver.sh install")
    server = Unoserver("127.0.0.1", free_port())
    profile = tmp_path_factory.mktemp("unoserver-profile")
    process = subprocess.Popen(
        [
            str(command),
            "--interface",
            server.host,
            "--port",
            str(server.port),
            "--uno-port",
            str(free_port()),
            "--user-installation",
            str(profile),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not server.answers():
            assert process.poll() is None, "unoserver exited"
            assert time.monotonic() < deadline, "unoserver did not answer in 90 s"
            time.sleep(0.2)
        yield server
    finally:
        # unoserver ignores a polite stop; its LibreOffice is in the same group.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def livret_docx() -> bytes:
    book = full_livret()
    context = build_context(book.entries, book.not_concerned, date(2026, 11, 28))
    return render_docx(context.as_dict())


async def test_the_warm_converter_makes_the_pdf(
    unoserver: Unoserver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No soffice on the PATH: only the warm server can have made this PDF.
    monkeypatch.setenv("PATH", "")
    converter = PdfConverter(unoserver=unoserver, timeout=60)
    assert converter.soffice is None

    pdf = await converter.convert(livret_docx())

    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Hélène D'ARCY-LEFÈVRE" in text
    assert f"page {len(reader.pages)} / {len(reader.pages)}" in text


async def test_warm_conversions_at_once_all_succeed(unoserver: Unoserver) -> None:
    converter = PdfConverter(unoserver=unoserver, timeout=60, parallel=2)
    docx = livret_docx()
    pdfs = await asyncio.gather(*(converter.convert(docx) for _ in range(3)))
    assert all(pdf.startswith(b"%PDF-") for pdf in pdfs)
