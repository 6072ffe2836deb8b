"""The annexes of a PDF edition: each proof appended after the livret, a PDF's pages as they
show (``proofs.safe_pdf``: no script, action, link or attached file), a photo as one A4 page
with the photo scaled to fit inside its margins. An annex that cannot be appended is left
out, and said so, rather than failing the whole document."""

import io
import logging
from dataclasses import dataclass

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter

from documents.proofs import PDF, safe_pdf

log = logging.getLogger(__name__)

# A4 at 72 points per inch, and a 1.5 cm margin.
A4 = (595, 842)
MARGIN = 42


@dataclass(frozen=True)
class Annex:
    kind: str
    data: bytes


def photo_page(data: bytes) -> bytes:
    """A photo on an A4 page, turned as the camera held it, scaled to fit, centred."""
    # Rendered at 150 dpi: readable when printed, light enough to send.
    dpi = 150
    room = (round((A4[0] - 2 * MARGIN) * dpi / 72), round((A4[1] - 2 * MARGIN) * dpi / 72))
    with Image.open(io.BytesIO(data)) as opened:
        # Shrunk while decoding (a JPEG is read at a fraction of its size), then turned.
        opened.draft("RGB", room)
        image = ImageOps.exif_transpose(opened).convert("RGB")
    scale = min(room[0] / image.width, room[1] / image.height)
    image = image.resize((round(image.width * scale), round(image.height * scale)))
    page = Image.new("RGB", (round(A4[0] * dpi / 72), round(A4[1] * dpi / 72)), "white")
    page.paste(image, ((page.width - image.width) // 2, (page.height - image.height) // 2))
    out = io.BytesIO()
    page.save(out, "PDF", resolution=dpi)
    return out.getvalue()


@dataclass(frozen=True)
class Appended:
    data: bytes
    # The positions in ``annexes`` of those left out, in order: the agent is told of them.
    left_out: list[int]


def append(pdf: bytes, annexes: list[Annex]) -> Appended:
    """The edition followed by every annex that can be appended, in order.

    Each was checked when received, but a proof stored before a stricter check, or one a
    newer pypdf reads differently, must not break every PDF of the agent: whatever goes
    wrong with one annex (pypdf raises many kinds of errors), it is left out and named.
    Each is made ready on its own first, so that one failing leaves nothing half appended.
    """
    left_out: list[int] = []
    ready: list[tuple[int, bytes]] = []
    for index, annex in enumerate(annexes):
        try:
            ready.append(
                (index, safe_pdf(annex.data) if annex.kind == PDF else photo_page(annex.data))
            )
        except Exception as error:
            log.warning("annex %d left out: %s", index + 1, type(error).__name__)
            left_out.append(index)
    while True:
        try:
            data = _joined(pdf, ready)
        except _Failed as failed:
            # The edition is started again without it: the writer may hold half of it.
            ready = [r for r in ready if r[0] != failed.index]
            left_out.append(failed.index)
            continue
        except Exception as error:
            # Only writing out failed, with no annex to blame: the edition alone, then.
            log.warning("annexes left out: %s", type(error).__name__)
            return Appended(pdf, sorted(left_out + [index for index, _ in ready]))
        return Appended(data, sorted(left_out))


class _Failed(Exception):
    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


def _joined(pdf: bytes, ready: list[tuple[int, bytes]]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    # LibreOffice's "open at page 1" is what a viewer does anyway; without it the PDF a
    # manager gets holds no open action at all, which mail filters look for.
    writer.root_object.pop("/OpenAction", None)
    for index, source in ready:
        try:
            writer.append(PdfReader(io.BytesIO(source)), import_outline=False)
        except Exception as error:
            log.warning("annex %d left out: %s", index + 1, type(error).__name__)
            raise _Failed(index) from error
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
