"""The PDF edition through LibreOffice, read back with pypdf; and how PdfConverter copes with
a LibreOffice that hangs, fails, is absent, or with a warm server nobody runs.

Tests that convert need ``soffice``: they skip without it, but fail in CI (``CI`` set). The
misbehaving LibreOffices are real processes: small ``soffice`` scripts written in tmp_path.
"""

import asyncio
import io
import socket
import stat
import threading
import time
from collections.abc import Awaitable
from datetime import date
from pathlib import Path
from typing import TypeVar
from xmlrpc.server import SimpleXMLRPCServer

import pytest
from pypdf import PdfReader

from documents.context import build_context
from documents.edition import make_edition
from documents.pdf import PdfConverter, PdfError, Unoserver
from documents.render import render_docx
from tests.samples import (
    CONTROL,
    CONTROL_SHOWN,
    EDITION_DAY,
    EMOJI,
    LONG,
    TRICKY,
    Livret,
    full_livret,
    shown_entries,
    soffice_or_skip,
    squeeze,
)

T = TypeVar("T")

A4 = (595.3, 841.9)  # points


def docx_of(book: Livret) -> bytes:
    context = build_context(book.entries, book.not_concerned, EDITION_DAY, "LIF-35-000042")
    return render_docx(context.as_dict())


class PdfText:
    """A PDF as its reader sees it: the text of each page."""

    def __init__(self, data: bytes) -> None:
        assert data.startswith(b"%PDF-"), data[:20]
        reader = PdfReader(io.BytesIO(data))
        self.pages = [page.extract_text() for page in reader.pages]
        self.sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
        self.text = squeeze("\n".join(self.pages))

    def has(self, wanted: str) -> bool:
        """Whether ``wanted`` is printed, its lines possibly cut by a page end."""
        return all(squeeze(line) in self.text for line in wanted.splitlines() if line.strip())

    def around(self, anchor: str, width: int = 60) -> str:
        """What is printed next to ``anchor``, for failure messages."""
        at = self.text.find(anchor)
        return self.text[max(at, 0) : at + width] if at >= 0 else f"({anchor!r} not printed)"


@pytest.fixture(scope="module")
def full_pdf() -> PdfText:
    """The fully filled livret, converted once by a cold soffice."""
    soffice_or_skip()
    converter = PdfConverter(timeout=60)
    return PdfText(asyncio.run(converter.convert(docx_of(full_livret()))))


def fake_soffice(tmp_path: Path, body: str) -> str:
    """An executable named soffice that runs the shell ``body``: a real process."""
    script = tmp_path / "bin" / "soffice"
    script.parent.mkdir(exist_ok=True)
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(script)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def timed(work: Awaitable[T]) -> tuple[T, float]:
    start = time.monotonic()
    result = await work
    return result, time.monotonic() - start


# ---- a fully filled livret as PDF ----------------------------------------------------------


def test_the_pdf_holds_every_entry_and_every_field(full_pdf: PdfText) -> None:
    for shown in shown_entries():
        assert full_pdf.has(shown.title), shown.title[:80]
        for label, value in shown.rows:
            if value == EMOJI:
                continue  # test_emoji_is_printed_in_the_pdf
            first, *rest = value.splitlines()
            assert squeeze(f"{label} : {first}") in full_pdf.text, (label, first)
            assert full_pdf.has("\n".join(rest)), (label, value[:80])


def test_the_pdf_has_a_cover_and_a_page_x_of_y_footer_on_a4(full_pdf: PdfText) -> None:
    cover = squeeze(full_pdf.pages[0])
    assert "Hélène D'ARCY-LEFÈVRE" in cover
    assert "Collectivité : Commune de L'Haÿ-les-Roses" in cover
    assert "Identifiant du livret : LIF-35-000042" in cover
    assert "Édition du 28 novembre 2026" in cover
    total = len(full_pdf.pages)
    assert total > 2
    for number, page in enumerate(full_pdf.pages, start=1):
        assert f"— page {number} / {total}" in squeeze(page), (number, page[-200:])
    for width, height in full_pdf.sizes:
        assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2, (width, height)


def test_user_text_is_printed_exactly_as_typed(full_pdf: PdfText) -> None:
    assert squeeze(TRICKY) in full_pdf.text
    assert "Centre de gestion <CDG 35> & co" in full_pdf.text
    assert "Hélène D'Arcy-Lefèvre" in full_pdf.text
    assert "Trésorière de l'association « Les Amis d'Ouessant »" in full_pdf.text
    assert full_pdf.has(LONG)
    assert CONTROL_SHOWN in full_pdf.text and CONTROL not in full_pdf.text
    assert "&amp;" not in full_pdf.text and "&lt;" not in full_pdf.text


def test_emoji_is_printed_in_the_pdf(full_pdf: PdfText) -> None:
    # Emoji come from a fallback font, so the PDF's text order around them may differ:
    # each one must be printed, and the words around them too.
    assert "Fête des voisins" in full_pdf.text, full_pdf.around("Description Fête")
    for emoji in ("🎉", "💻", "✅"):
        assert emoji in full_pdf.text, full_pdf.around("Description Fête")


# ---- two at once, and a warm server nobody runs --------------------------------------------


async def test_two_conversions_at_once_both_succeed() -> None:
    soffice_or_skip()
    converter = PdfConverter(timeout=60, parallel=2)
    empty = Livret()
    both, elapsed = await timed(
        asyncio.gather(
            converter.convert(docx_of(full_livret())),
            converter.convert(docx_of(empty)),
        )
    )
    full, nothing = (PdfText(data) for data in both)
    assert "Hélène D'ARCY-LEFÈVRE" in full.text
    assert "Marchés publics : les fondamentaux (12 mars 2021)" in full.text
    assert "À compléter." not in full.text
    assert nothing.text.count("À compléter.") == 12
    assert "D'ARCY" not in nothing.text
    assert elapsed < 60


async def test_a_warm_server_nobody_runs_falls_back_to_cold_soffice_quickly() -> None:
    soffice_or_skip()
    dead = Unoserver("127.0.0.1", free_port())
    answered, probing = await timed(asyncio.to_thread(dead.answers))
    assert answered is False and probing < 1.5
    converter = PdfConverter(unoserver=dead, timeout=60)
    context = build_context({}, set(), EDITION_DAY)
    edition, elapsed = await timed(make_edition(context, {"pdf", "docx"}, converter, EDITION_DAY))
    assert edition.pdf_problem is None
    names = [f.name for f in edition.files]
    assert names == ["Livret-2026-11-28.pdf", "Livret-2026-11-28.docx"]
    assert PdfText(edition.files[0].data).text.count("À compléter.") == 12
    # unoserver's own client would retry for a minute; a cold soffice takes a few seconds.
    assert elapsed < 20


# ---- LibreOffice misbehaving -----------------------------------------------------------------


async def test_a_hanging_conversion_is_cut_by_the_timeout_off_the_event_loop(
    tmp_path: Path,
) -> None:
    pid_file = tmp_path / "child.pid"
    soffice = fake_soffice(tmp_path, f'sleep 30 &\necho $! > "{pid_file}"\nwait')
    converter = PdfConverter(soffice=soffice, timeout=0.5)
    gaps: list[float] = []
    done = asyncio.Event()

    async def heartbeat() -> None:
        last = time.monotonic()
        while not done.is_set():
            await asyncio.sleep(0.01)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    beating = asyncio.create_task(heartbeat())
    start = time.monotonic()
    with pytest.raises(PdfError) as caught:
        await converter.convert(b"PK not really a docx")
    elapsed = time.monotonic() - start
    done.set()
    await beating
    assert caught.value.reason == "timeout"
    assert 0.4 < elapsed < 5
    # The event loop kept turning while soffice hung: the conversion runs in a thread.
    assert gaps and max(gaps) < 0.2, max(gaps)
    # soffice and what it started are gone, not left hanging.
    child = int(pid_file.read_text())
    for _ in range(50):
        if not alive(child):
            break
        await asyncio.sleep(0.02)
    assert not alive(child), f"soffice's child {child} still runs"


async def test_conversions_at_once_are_bounded(tmp_path: Path) -> None:
    soffice = fake_soffice(tmp_path, "sleep 30")
    converter = PdfConverter(soffice=soffice, timeout=0.4, parallel=1)
    start = time.monotonic()
    results = await asyncio.gather(
        converter.convert(b"a"), converter.convert(b"b"), return_exceptions=True
    )
    elapsed = time.monotonic() - start
    assert [getattr(r, "reason", r) for r in results] == ["timeout", "timeout"]
    assert elapsed >= 0.75, "two conversions ran at once with parallel=1"


async def test_soffice_exiting_0_without_writing_a_pdf_is_a_failure(tmp_path: Path) -> None:
    converter = PdfConverter(soffice=fake_soffice(tmp_path, "exit 0"), timeout=10)
    with pytest.raises(PdfError) as caught:
        await converter.convert(docx_of(Livret()))
    assert caught.value.reason == "failed"


async def test_soffice_writing_something_else_than_a_pdf_is_a_failure(tmp_path: Path) -> None:
    body = (
        'while [ $# -gt 0 ]; do [ "$1" = --outdir ] && out="$2"; shift; done\n'
        'echo "not a pdf" > "$out/livret.pdf"'
    )
    converter = PdfConverter(soffice=fake_soffice(tmp_path, body), timeout=10)
    with pytest.raises(PdfError) as caught:
        await converter.convert(docx_of(Livret()))
    assert caught.value.reason == "failed"


async def test_a_soffice_that_cannot_be_started_is_a_failure(tmp_path: Path) -> None:
    """Removed or broken after the server started: still a PdfError, so the agent gets the
    Word file and a sentence instead of nothing."""
    converter = PdfConverter(soffice=str(tmp_path / "gone" / "soffice"), timeout=10)
    with pytest.raises(PdfError) as caught:
        await converter.convert(docx_of(Livret()))
    assert caught.value.reason == "failed"


async def test_without_libreoffice_the_agent_gets_the_word_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A server without LibreOffice: no soffice anywhere on the PATH.
    monkeypatch.setenv("PATH", str(tmp_path))
    converter = PdfConverter(soffice=None)
    assert not converter.available
    with pytest.raises(PdfError) as caught:
        await converter.convert(b"")
    assert caught.value.reason == "unavailable"

    book = Livret()
    context = build_context(book.entries, set(), EDITION_DAY)
    for asked in ({"pdf"}, {"pdf", "docx"}):
        edition = await make_edition(context, asked, converter, date(2026, 11, 28))
        assert edition.pdf_problem == "unavailable"
        assert [f.name for f in edition.files] == ["Livret-2026-11-28.docx"]
        assert edition.files[0].data.startswith(b"PK")


# ---- a warm server that misbehaves -----------------------------------------------------------


class FakeUnoserver:
    """A real XML-RPC server that says it is unoserver (its ``info``) and then, on
    ``convert``, either never answers or fails, as a wedged or wrong server would."""

    def __init__(self, convert: str) -> None:
        from unoserver.client import API_VERSION

        self.release = threading.Event()
        self.server = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False, allow_none=True)
        self.server.register_function(
            lambda: {"api": API_VERSION, "import_filters": [], "export_filters": []}, "info"
        )

        def hang(*_: object) -> None:
            self.release.wait(30)

        def fail(*_: object) -> None:
            raise RuntimeError("not a converter")

        self.server.register_function(hang if convert == "hang" else fail, "convert")
        self.address = Unoserver("127.0.0.1", self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Unoserver:
        self.thread.start()
        return self.address

    def __exit__(self, *_: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


async def test_a_hanging_warm_server_is_cut_then_left_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "")  # no cold way: only the warm server could answer
    with FakeUnoserver("hang") as server:
        converter = PdfConverter(unoserver=server, timeout=0.5)
        with pytest.raises(PdfError) as first:
            await asyncio.wait_for(converter.convert(b"docx"), 5)
        assert first.value.reason == "timeout"

        # The next agent is not made to wait on the same wedged server.
        started = time.monotonic()
        with pytest.raises(PdfError) as second:
            await converter.convert(b"docx")
        assert second.value.reason == "unavailable"
        assert time.monotonic() - started < 0.5


async def test_a_warm_server_that_fails_falls_back_to_cold_soffice() -> None:
    soffice_or_skip()
    with FakeUnoserver("fail") as server:
        converter = PdfConverter(unoserver=server, timeout=60)
        pdf = await converter.convert(docx_of(Livret()))
    assert pdf.startswith(b"%PDF-")
