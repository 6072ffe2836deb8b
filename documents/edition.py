"""An edition of the livret: the Word file, the PDF, or both, named for the agent."""

import asyncio
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from documents.annexes import Annex, append
from documents.context import Context
from documents.pdf import PdfConverter, PdfError
from documents.render import TEMPLATES, render_docx

NAME_PART = 40
# Rendering is Python work that competes with the bot for the GIL: one at a time.
_RENDERS = asyncio.Semaphore(1)
DOCX = "docx"
PDF = "pdf"
LIVRET = TEMPLATES / "livret.docx"
EXTRAIT = TEMPLATES / "extrait.docx"


@dataclass(frozen=True)
class EditionFile:
    name: str
    data: bytes


@dataclass(frozen=True)
class LeftOut:
    """An annex the PDF lists but could not take: its number, what it is, for which entry."""

    number: int
    what: str
    entry: str


@dataclass
class Edition:
    files: list[EditionFile] = field(default_factory=list)
    # Why the PDF asked for is missing: "unavailable", "timeout" or "failed".
    pdf_problem: str | None = None
    # The annexes left out of the PDF: the agent is told which, to send them again.
    left_out: list[LeftOut] = field(default_factory=list)


def file_stem(context: Context, day: date, what: str = "Livret") -> str:
    """``Livret-DUPONT-Anne-2026-11-28``: readable, and safe on every file system."""
    parts = [what, context.agent.nom.upper(), context.agent.prenom, day.isoformat()]
    # File systems cap names at 255 bytes: 40 characters of each name is plenty.
    cleaned = [re.sub(r"[^\w]+", "-", p)[:NAME_PART].strip("-_") for p in parts]
    return "-".join(p for p in cleaned if p)


async def make_edition(
    context: Context,
    formats: set[str],
    converter: PdfConverter,
    day: date,
    template: Path = LIVRET,
    annexes: list[Annex] | None = None,
) -> Edition:
    """Renders off the event loop; a PDF that cannot be made leaves the Word file. The PDF
    ends with the ``annexes`` the context lists (the Word file only lists them)."""
    async with _RENDERS:
        docx = await asyncio.to_thread(render_docx, context.as_dict(), template)
    stem = file_stem(context, day, "Extrait" if template == EXTRAIT else "Livret")
    edition = Edition()
    want_docx = DOCX in formats
    if PDF in formats:
        try:
            pdf = await converter.convert(docx)
        except PdfError as error:
            edition.pdf_problem = error.reason
            want_docx = True
        else:
            if annexes:
                appended = await asyncio.to_thread(append, pdf, annexes)
                pdf = appended.data
                edition.left_out = [_left_out(context, i) for i in appended.left_out]
            edition.files.append(EditionFile(f"{stem}.pdf", pdf))
    if want_docx:
        edition.files.append(EditionFile(f"{stem}.docx", docx))
    return edition


def _left_out(context: Context, index: int) -> LeftOut:
    """The annex at ``index`` as the document lists it (the callers list the annexes in the
    context in the order they pass them)."""
    if index < len(context.annexes):
        listed = context.annexes[index]
        return LeftOut(listed["number"], listed["what"], listed["entry"])
    return LeftOut(index + 1, "", "")
