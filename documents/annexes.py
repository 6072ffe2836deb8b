"""The annexes of a PDF edition: each proof appended after the livret, a PDF's pages as they
are, a photo as one A4 page with the photo scaled to fit inside its margins."""

import io
import logging
from dataclasses import dataclass

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from documents.proofs import PDF

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


def append(pdf: bytes, annexes: list[Annex]) -> bytes:
    """The edition followed by every annex, in order. One that cannot be read any more
    is left out rather than failing the whole livret (each was checked when received)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for annex in annexes:
        try:
            source = annex.data if annex.kind == PDF else photo_page(annex.data)
            writer.append(PdfReader(io.BytesIO(source)))
        except (PdfReadError, OSError, ValueError, KeyError) as error:
            log.warning("annex left out: %s", type(error).__name__)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
