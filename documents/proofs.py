"""What a proof file really is, read from its content (never from its name): a PDF, a JPEG
or a PNG that opens; anything else is refused with the reason.

A PDF is checked by doing what the edition will do with it (``safe_pdf``): its pages are
copied into a new PDF that keeps only what they show, and that PDF is appended to a scratch
one and written out. A file pypdf cannot take that way, whatever it raises, is refused at
once rather than breaking every PDF of the agent later.

``safe_pdf`` is also what the edition appends: a PDF made by a stranger must not bring a
script, an action, a link or an embedded file to the manager who opens the extract.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    PdfObject,
    RectangleObject,
    StreamObject,
)

# The Bot API serves files up to 20 MB.
MAX_SIZE = 20 * 1024 * 1024
# A photo larger than this (a phone makes 12 to 50 megapixels) would take too much memory
# to lay on a page: a small image file can declare huge dimensions.
MAX_PIXELS = 60_000_000
PDF, JPEG, PNG = "pdf", "jpeg", "png"
# ISO base media "brands" of iPhone photos (HEIC/HEIF).
_HEIC = (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis")

# What a copied page keeps: how big it is, how it is turned, what it draws and with what.
# Everything else goes: /Annots, /AA (page open and close actions), /B (article beads), etc.
_PAGE_KEYS = ("/MediaBox", "/CropBox", "/Rotate", "/UserUnit", "/Group")
# Keys that run or fetch something, or that lead out of what the page draws. They mean
# nothing inside what a page draws, so wherever one turns up in the copy it is dropped. Short
# names (/A, /P, /F) are not among them: fonts and glyphs can be called that.
_ACTIVE_KEYS = frozenset(
    (
        "/AA",
        "/OpenAction",
        "/JS",
        "/JavaScript",
        "/URI",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",
        "/RF",
        "/RichMedia",
        "/RichMediaContent",
        "/RichMediaSettings",
        "/SubmitForm",
        "/ImportData",
        "/Annots",
        "/AcroForm",
        "/XFA",
        "/Names",
        "/OPI",
    )
)
# Not copied either: it leads from a copied object back to the whole source file.
_CLONE_IGNORED = [*_ACTIVE_KEYS, "/Parent"]
# Values that make a dictionary an action or a file (``/S /JavaScript``, ``/Type /Filespec``):
# the entry goes, and what is left of the dictionary does nothing.
_ACTIVE_NAMES = frozenset(
    (
        "/JavaScript",
        "/Launch",
        "/URI",
        "/SubmitForm",
        "/ImportData",
        "/ResetForm",
        "/EmbeddedFile",
        "/Filespec",
        "/FileAttachment",
        "/RichMedia",
        "/GoToR",
        "/GoToE",
        "/Movie",
        "/Sound",
        "/Rendition",
        "/Hide",
    )
)
# In a stream's dictionary these name a file outside the PDF to read the data from.
_EXTERNAL = frozenset(("/F", "/FFilter", "/FDecodeParms", "/Ref"))
# Annotations whose look is drawn onto the page (a filled-in form field, a stamp, a
# highlight: what the agent saw on the document). The others show nothing worth keeping,
# or are the very thing removed: links, attached files, media, pop-up notes.
_NOT_DRAWN = frozenset(
    (
        "/Link",
        "/Popup",
        "/Text",
        "/FileAttachment",
        "/Sound",
        "/Movie",
        "/Screen",
        "/RichMedia",
        "/3D",
        "/TrapNet",
        "/PrinterMark",
    )
)
# Annotation flags: hidden, and not to be shown on screen.
_HIDDEN = 2 | 32
_A4 = (595, 842)


class ProofError(ValueError):
    """Why a file cannot be a proof: "too_big", "pixels", "heic", "type", "encrypted" or
    "corrupt"."""

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
            pages = len(PdfReader(io.BytesIO(safe_pdf(data))).pages)
        except ProofError:
            raise
        except Exception:
            # pypdf raises many kinds on a damaged file (AssertionError, TypeError,
            # AttributeError, RecursionError...): whichever, it would break the edition.
            raise ProofError("corrupt") from None
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


def safe_pdf(data: bytes) -> bytes:
    """The pages of a PDF proof as a new PDF that only shows them, already appended once to
    a scratch PDF and written out: what the edition appends. Raises ProofError("corrupt")
    for a locked PDF or one with no page, and whatever pypdf raises on a damaged one.

    Kept: each page's size, turn, content and resources, and the look of its form fields
    and stamps, drawn onto the page. Gone: every action (page open, document open, links,
    /Launch, /URI, form submission), JavaScript, embedded and attached files, media, the
    form itself, outlines and annotations. Links are dropped too, even those within the
    document: their destinations point into the proof's own page tree, which is not copied,
    and a manager reads a proof, they do not navigate it.
    """
    reader = PdfReader(io.BytesIO(data))
    # An owner password alone (no editing) opens with an empty one; a user password could
    # not be merged into the livret's PDF.
    if reader.is_encrypted and not reader.decrypt(""):
        raise ProofError("encrypted")
    if len(reader.pages) == 0:
        raise ProofError("corrupt")
    writer = PdfWriter()
    for number, page in enumerate(reader.pages):
        _copy_page(page, writer, number)
    for page in writer.pages:
        _scrub(page)
    scratch = PdfWriter()
    scratch.append(PdfReader(io.BytesIO(_written(writer))), import_outline=False)
    return _written(scratch)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _copy_page(page: PageObject, writer: PdfWriter, number: int) -> None:
    """A new page in ``writer`` with what ``page`` draws and nothing else."""
    if page.indirect_reference is None:
        # A page pypdf made up because the file's page tree could not be read: the agent's
        # pages are not all there (pypdf's own merge refuses such a page, on an assertion).
        raise ProofError("corrupt")
    new = writer.add_blank_page(*_A4)
    for key in _PAGE_KEYS:
        # Inherited values are on the page already: pypdf copies them down when reading.
        if key in page:
            new[NameObject(key)] = page.raw_get(key).clone(writer, ignore_fields=_CLONE_IGNORED)
    resources = _get(page, "/Resources")
    shown = DictionaryObject()
    if isinstance(resources, DictionaryObject):
        shown = resources.clone(writer, ignore_fields=_CLONE_IGNORED)
    new[NameObject("/Resources")] = _reference(shown)
    parts = _contents(page, writer)
    # Pages may share their resources: the names drawn are the page's own.
    drawn = _appearances(page, writer, shown, f"/LivretAnnot{number}_")
    if drawn:
        # The page's own drawing is enclosed so that what it leaves (a scale, a clip) does
        # not move the form fields drawn after it.
        parts = [_stream(writer, b"q\n"), *parts, _stream(writer, b"\nQ\n" + drawn)]
    new[NameObject("/Contents")] = ArrayObject(parts)


def _contents(page: PageObject, writer: PdfWriter) -> list[PdfObject]:
    """The page's content streams, copied into ``writer``, as references."""
    if "/Contents" not in page:
        return []
    found = page["/Contents"]
    streams = list(found) if isinstance(found, ArrayObject) else [page.raw_get("/Contents")]
    parts: list[PdfObject] = []
    for stream in streams:
        cloned = stream.clone(writer, ignore_fields=_CLONE_IGNORED)
        if isinstance(cloned, IndirectObject):
            parts.append(cloned)
        elif isinstance(cloned, StreamObject):
            # A content stream must be an indirect object; a malformed file may inline it.
            parts.append(writer._add_object(cloned))
    return parts


def _appearances(
    page: PageObject, writer: PdfWriter, resources: DictionaryObject, prefix: str
) -> bytes:
    """The drawing operators that paint the visible annotations' normal appearance where
    they sit (PDF 32000-1, 12.5.5), their appearances added to ``resources``."""
    annots = _get(page, "/Annots")
    if not isinstance(annots, ArrayObject):
        return b""
    ops = []
    for number, annot in enumerate(annots):
        try:
            drawn = _appearance(annot.get_object(), writer, resources, f"{prefix}{number}")
        except Exception:
            # An annotation whose look cannot be read is not drawn: the page still is.
            continue
        if drawn:
            ops.append(drawn)
    return "".join(ops).encode()


def _appearance(annot: PdfObject, writer: PdfWriter, resources: DictionaryObject, name: str) -> str:
    if not isinstance(annot, DictionaryObject) or _get(annot, "/Subtype") in _NOT_DRAWN:
        return ""
    if int(_get(annot, "/F") or 0) & _HIDDEN:
        return ""
    looks = _get(annot, "/AP")
    normal = _get(looks, "/N") if isinstance(looks, DictionaryObject) else None
    if not isinstance(normal, StreamObject) and isinstance(normal, DictionaryObject):
        # A check box or a radio button: one look per state, the current one in /AS.
        normal = _get(normal, str(_get(annot, "/AS")))
    if not isinstance(normal, StreamObject) or "/BBox" not in normal:
        return ""
    rect = RectangleObject(annot["/Rect"])
    box = _transformed(RectangleObject(normal["/BBox"]), _get(normal, "/Matrix"))
    if box[2] - box[0] <= 0 or box[3] - box[1] <= 0:
        return ""
    sx = float(rect.width) / (box[2] - box[0])
    sy = float(rect.height) / (box[3] - box[1])
    tx = float(rect.left) - box[0] * sx
    ty = float(rect.bottom) - box[1] * sy
    form = normal.clone(writer, ignore_fields=_CLONE_IGNORED)
    # An appearance must be a form XObject to be drawn with Do; some omit the type.
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    xobjects = _get(resources, "/XObject")
    if not isinstance(xobjects, DictionaryObject):
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    xobjects[NameObject(name)] = _reference(form)
    return f"q {sx:.6f} 0 0 {sy:.6f} {tx:.6f} {ty:.6f} cm {name} Do Q\n"


def _transformed(box: RectangleObject, matrix: PdfObject | None) -> tuple[float, ...]:
    """The smallest upright box holding ``box`` once moved by ``matrix``."""
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    a, b, c, d, e, f = (float(n) for n in matrix) if isinstance(matrix, ArrayObject) else identity
    corners = [
        (a * x + c * y + e, b * x + d * y + f)
        for x in (float(box.left), float(box.right))
        for y in (float(box.bottom), float(box.top))
    ]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _get(found: DictionaryObject, key: str) -> PdfObject | None:
    """``found[key]`` read through a reference, or None: pypdf's ``get`` does not follow
    one, and what a file puts directly or by reference is the file's choice."""
    value = found.get(key)
    return None if value is None else value.get_object()


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    # pypdf has no public way to add a new object to a writer; every version has this one.
    return writer._add_object(stream)


def _reference(obj: PdfObject) -> PdfObject:
    """An object as its writer holds it: by reference when it is an indirect one."""
    found = getattr(obj, "indirect_reference", None)
    return found if isinstance(found, IndirectObject) else obj


def _scrub(root: PdfObject) -> None:
    """Drops from everything ``root`` leads to the entries that name an action, a script or
    a file: whatever a hostile file hid in a font or an image's dictionary."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        obj = todo.pop()
        if isinstance(obj, IndirectObject):
            obj = obj.get_object()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, DictionaryObject):
            stream = isinstance(obj, StreamObject)
            for key in list(obj.keys()):
                value = obj.raw_get(key)
                if (
                    key in _ACTIVE_KEYS
                    or (stream and key in _EXTERNAL)
                    or (isinstance(value, NameObject) and value in _ACTIVE_NAMES)
                ):
                    del obj[key]
                else:
                    todo.append(value)
        elif isinstance(obj, ArrayObject):
            for index, value in enumerate(obj):
                if isinstance(value, NameObject) and value in _ACTIVE_NAMES:
                    obj[index] = NullObject()
                else:
                    todo.append(value)
