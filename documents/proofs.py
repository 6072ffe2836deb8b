"""What a proof file really is, read from its content (never from its name): a PDF, a JPEG
or a PNG that opens; anything else is refused with the reason."""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

# The Bot API serves files up to 20 MB.
MAX_SIZE = 20 * 1024 * 1024
# A photo larger than this (a phone makes 12 to 50 megapixels) would take too much memory
# to lay on a page: a small image file can declare huge dimensions.
MAX_PIXELS = 60_000_000
PDF, JPEG, PNG = "pdf", "jpeg", "png"
# ISO base media "brands" of iPhone photos (HEIC/HEIF).
_HEIC = (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis")


class ProofError(ValueError):
    """Why a file cannot be a proof: "too_big", "pixels", "heic", "type" or "corrupt"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Checked:
    kind: str
    # Pages of a PDF; 1 for a photo.
    pages: int


def check(data: bytes) -> Checked:
    if len(data) > MAX_SIZE:
        raise ProofError("too_big")
    if data.startswith(b"%PDF-"):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                # It could not be merged into the livret's PDF.
                raise ProofError("corrupt")
            pages = len(reader.pages)
        except (PdfReadError, ValueError, KeyError, OSError):
            raise ProofError("corrupt") from None
        if pages == 0:
            raise ProofError("corrupt")
        return Checked(PDF, pages)
    if data[4:8] == b"ftyp" and data[8:12] in _HEIC:
        raise ProofError("heic")
    if data.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    else:
        raise ProofError("type")
    try:
        with warnings.catch_warnings():
            # Pillow's own warning about big images: the size is checked just below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                pixels = image.width * image.height
                image.verify()
            if pixels <= MAX_PIXELS:
                # verify() reads the structure only: a cut-off photo shows when decoded.
                with Image.open(io.BytesIO(data)) as image:
                    image.load()
    except Image.DecompressionBombError:
        raise ProofError("pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ProofError("corrupt") from None
    if pixels > MAX_PIXELS:
        raise ProofError("pixels")
    return Checked(kind, 1)
