"""The text of a file: a PDF's own text (pdfplumber), or, for a photo or a scanned PDF,
what Tesseract reads once the image is straightened and cleaned (Pillow).

Checked first: a file over the limits is refused before anything is decoded."""

import io
import itertools
import re
import shutil
import time
from dataclasses import dataclass

import pdfplumber
import pytesseract
from PIL import Image, ImageChops, ImageFilter, ImageOps
from pypdf import PageObject, PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject

# What is read: a PDF of at most this many pages, an image of at most this many pixels
# (the proofs' own limit), a page of at most so many characters, a text of at most so many.
MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 10
MAX_PIXELS = 60_000_000
MAX_CHARS_PAGE = 20_000
MAX_CONTENT = 300 * 1024
MAX_TEXT = 60_000
# A page's sides: a strip longer than this many times its width is no page.
MAX_RATIO = 8
# A file's whole reading, all pages and turns of the page included.
DEADLINE = 90.0
# A page with fewer characters than this is a scan: it is read through OCR.
SCANNED_BELOW = 40
# Tesseract reads best near 300 dpi: an A4 page's width in pixels at that resolution.
OCR_WIDTH = 2480


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
    too large, encrypted or damaged, or when reading it would take too long."""
    if len(data) > MAX_BYTES:
        raise ReadError("too_big")
    deadline = time.monotonic() + DEADLINE
    try:
        if data.startswith(b"%PDF-"):
            return _pdf(data, deadline)
        return Text(_ocr(_image(data), deadline), "ocr", 1)
    except ReadError:
        raise
    except Exception as error:  # whatever a hostile file makes a library raise
        raise ReadError("damaged") from error


def _pdf(data: bytes, deadline: float) -> Text:
    try:
        reader = PdfReader(io.BytesIO(data))
        # An owner password alone (no copying, no editing) opens with an empty one.
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("encrypted")
        if len(reader.pages) > MAX_PAGES:
            raise ReadError("too_many_pages")
        # A page's drawing instructions, before pdfplumber lays out every character of them.
        if any(_content_size(page) > MAX_CONTENT for page in reader.pages):
            raise ReadError("too_long")
    except PyPdfError as error:
        raise ReadError("damaged") from error
    password = "" if reader.is_encrypted else None
    try:
        with pdfplumber.open(io.BytesIO(data), password=password) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ReadError("too_many_pages")
            texts, scanned = [], False
            for page in pdf.pages:
                if len(page.chars) > MAX_CHARS_PAGE:
                    raise ReadError("too_long")
                found = page.extract_text() or ""
                if len(found.strip()) < SCANNED_BELOW:
                    scanned = True
                    found = _ocr(_clean(_render(page)), deadline)
                texts.append(found)
    except ReadError:
        raise
    except Exception as error:  # pdfminer raises many kinds
        raise ReadError("damaged") from error
    return Text("\n".join(texts)[:MAX_TEXT], "ocr" if scanned else "pdf", len(texts))


def _content_size(page: PageObject) -> int:
    """The bytes of a page's content streams, decoded but not parsed."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    found = contents.get_object()
    streams = found if isinstance(found, ArrayObject) else [found]
    return sum(len(stream.get_object().get_data()) for stream in streams)


def _render(page: "pdfplumber.page.Page") -> Image.Image:
    """A scanned page as an image near 300 dpi, fewer dots for a page larger than A4."""
    points = float(page.width) * float(page.height)
    if points <= 0:
        raise ReadError("damaged")
    dpi = min(300.0, (MAX_PIXELS / points) ** 0.5 * 72)
    if dpi < 50:
        raise ReadError("too_many_pixels")
    return page.to_image(resolution=dpi).original


def _image(data: bytes) -> Image.Image:
    try:
        # Pillow's own bomb check is process-wide: the size is checked here, before decoding.
        image = Image.open(io.BytesIO(data))
        if image.format not in ("JPEG", "PNG", "MPO"):  # MPO: phones' JPEG with a preview
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
    if max(image.size) > MAX_RATIO * min(image.size):
        # A strip, not a page (10000 × 1): nothing Tesseract could read.
        raise ReadError("unreadable")
    grey = ImageOps.grayscale(image)
    if grey.width < OCR_WIDTH * 0.8 or grey.width > OCR_WIDTH * 1.5:
        scale = OCR_WIDTH / grey.width
        # No bigger than the pixels allowed, whatever the page's shape.
        scale = min(scale, (MAX_PIXELS / (grey.width * grey.height)) ** 0.5)
        size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
        grey = grey.resize(size, Image.Resampling.LANCZOS)
    background = grey.filter(ImageFilter.GaussianBlur(40))
    # Ink is what is darker than the paper around it: the page less its blurred self.
    evened = ImageChops.invert(ImageChops.subtract(background, grey))
    return ImageOps.autocontrast(evened, cutoff=1)


def _ocr(image: Image.Image, deadline: float) -> str:
    if not ocr_available():
        raise ReadError("no_ocr")
    angle = _skew(image)
    if angle:
        image = image.rotate(angle, expand=True, fillcolor=255)
    text = _tesseract(image, deadline)
    if not _reads_as_french(text):
        # Upside down, or a quarter turn (a photo taken sideways): as the page is turned.
        for turn in (180, 90, 270):
            turned = _tesseract(image.rotate(turn, expand=True, fillcolor=255), deadline)
            if _reads_as_french(turned):
                return turned
    return text


def _tesseract(image: Image.Image, deadline: float) -> str:
    left = deadline - time.monotonic()
    if left <= 1:
        raise ReadError("timeout")
    try:
        config = "--psm 6"
        found = pytesseract.image_to_string(image, lang="fra", config=config, timeout=left)
    except RuntimeError as error:  # pytesseract's timeout
        raise ReadError("timeout") from error
    return str(found)[:MAX_TEXT]


# The words of any French attestation: a text with none of them was not read right.
_FRENCH = re.compile(r"\b(de|la|le|les|du|des|et|formation|session|a|au|en|pour|par)\b", re.I)


def _reads_as_french(text: str) -> bool:
    words = re.findall(r"\w+", text)
    return len(words) >= 5 and len(_FRENCH.findall(text)) >= max(2, len(words) // 25)


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
