"""The text of a file: a PDF's own text (pdfplumber), or, for a photo or a scanned PDF,
what Tesseract reads once the image is straightened and cleaned (Pillow).

Checked first: a file over the limits is refused before anything is decoded."""

import io
import itertools
import shutil
from dataclasses import dataclass

import pdfplumber
import pytesseract
from PIL import Image, ImageChops, ImageFilter, ImageOps
from pypdf import PdfReader
from pypdf.errors import PyPdfError

# What is read: a PDF of at most this many pages, an image of at most this many pixels.
MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 10
MAX_PIXELS = 40_000_000
# A page with fewer characters than this is a scan: it is read through OCR.
SCANNED_BELOW = 40
# Tesseract reads best near 300 dpi: an A4 page's width in pixels at that resolution.
OCR_WIDTH = 2480
OCR_TIMEOUT = 60


class ReadError(Exception):
    """Why a file cannot be read: ``reason`` is a key of the chat's messages."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Text:
    text: str
    # "pdf": the PDF's own text; "ocr": read from pixels.
    source: str
    pages: int


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def read_text(data: bytes) -> Text:
    """The text of a PDF or an image (JPEG, PNG); ``ReadError`` when it is none of them,
    too large, encrypted or damaged."""
    if len(data) > MAX_BYTES:
        raise ReadError("too_big")
    if data.startswith(b"%PDF-"):
        return _pdf(data)
    return Text(_ocr(_image(data)), "ocr", 1)


def _pdf(data: bytes) -> Text:
    try:
        if PdfReader(io.BytesIO(data)).is_encrypted:
            raise ReadError("encrypted")
    except PyPdfError as error:
        raise ReadError("damaged") from error
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ReadError("too_many_pages")
            texts, scanned = [], False
            for page in pdf.pages:
                found = page.extract_text() or ""
                if len(found.strip()) < SCANNED_BELOW:
                    scanned = True
                    found = _ocr(_clean(page.to_image(resolution=300).original))
                texts.append(found)
    except ReadError:
        raise
    except Exception as error:  # pdfminer raises many kinds
        raise ReadError("damaged") from error
    return Text("\n".join(texts), "ocr" if scanned else "pdf", len(texts))


def _image(data: bytes) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in ("JPEG", "PNG"):
            raise ReadError("heic" if image.format in ("HEIF", "HEIC") else "type")
        if image.width * image.height > MAX_PIXELS:
            raise ReadError("too_many_pixels")
        image.load()
    except ReadError:
        raise
    except Image.DecompressionBombError as error:
        raise ReadError("too_many_pixels") from error
    except Exception as error:
        raise ReadError("type" if data[:4] != b"\x89PNG" else "damaged") from error
    return _clean(ImageOps.exif_transpose(image) or image)


def _clean(image: Image.Image) -> Image.Image:
    """Grey, at about 300 dpi, its light evened out (a photo taken under a lamp): the
    page less a blurred copy of itself, then stretched to full contrast."""
    grey = ImageOps.grayscale(image)
    if grey.width < OCR_WIDTH * 0.8 or grey.width > OCR_WIDTH * 1.5:
        height = round(grey.height * OCR_WIDTH / grey.width)
        grey = grey.resize((OCR_WIDTH, height), Image.Resampling.LANCZOS)
    background = grey.filter(ImageFilter.GaussianBlur(40))
    # Ink is what is darker than the paper around it: the page less its blurred self.
    evened = ImageChops.invert(ImageChops.subtract(background, grey))
    return ImageOps.autocontrast(evened, cutoff=1)


def _ocr(image: Image.Image) -> str:
    if not ocr_available():
        raise ReadError("no_ocr")
    try:
        angle = _skew(image)
        if angle:
            image = image.rotate(angle, expand=True, fillcolor=255)
        return str(
            pytesseract.image_to_string(image, lang="fra", config="--psm 6", timeout=OCR_TIMEOUT)
        )
    except RuntimeError as error:  # pytesseract's timeout
        raise ReadError("timeout") from error


def _skew(image: Image.Image) -> float:
    """The small angle (up to 5°) that makes the lines of text level: the one whose rows
    of ink differ the most from each other (a projection profile), on a small copy."""
    small = image.resize((image.width // 4, image.height // 4))
    ink = small.point(lambda v: 255 if v < 128 else 0)
    best, best_score = 0.0, -1.0
    for tenth in range(-50, 51, 5):
        angle = tenth / 10
        turned = ink.rotate(angle, fillcolor=0)
        # Each row's mean ink, in one resize to a single column.
        rows = list(turned.resize((1, turned.height), Image.Resampling.BOX).tobytes())
        score = float(sum((a - b) ** 2 for a, b in itertools.pairwise(rows)))
        if score > best_score:
            best, best_score = angle, score
    return best
