"""The files of a career agents already have, read into proposed entries: a LinkedIn data
export (the ZIP with ``Positions.csv``, ``Education.csv``, ``Certifications.csv``,
``Skills.csv``), a Europass CV (its XML, SkillsPassport 3.x or the 2020 Candidate format,
or the Europass PDF that carries it as an attachment) and a JSON Resume file.

Read leniently (columns missing, fields empty, dates as "Mar 2019", "2019-03" or "2019"):
what is found goes in the form the rubrique's model stores; what is not is left for the
agent to give. A file that is one of these but cannot be read raises ``ReadError`` with a
reason of its own; a file that is none of them gives ``None``."""

import csv
import datetime
import io
import itertools
import json
import re
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from defusedxml import ElementTree as SafeTree
from pypdf import PdfReader

from reading.attestation import MONTHS, Proposal, fold
from reading.text import MAX_BYTES, ReadError

# A LinkedIn export's files are small: beyond these, it is not one (or a bomb).
MAX_MEMBERS = 500
MAX_UNZIPPED = 50 * 1024 * 1024
MAX_CSV = 5 * 1024 * 1024
# More than this many entries from one file is not a career.
MAX_PROPOSALS = 300
# A CV in XML of more elements than this is not one.
MAX_ELEMENTS = 50_000
_COLUMNS = re.compile(r"\b(Company Name|Title|School Name|Degree Name|Name|Authority)\b")
LINKEDIN_FILES = ("Positions.csv", "Education.csv", "Certifications.csv", "Skills.csv")
SOURCES = {"linkedin": "export LinkedIn", "europass": "CV Europass", "jsonresume": "CV JSON Resume"}

_ENGLISH_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_FRENCH_SHORT = {name[:4].rstrip("."): n for name, n in MONTHS.items()} | {
    name[:3]: n for name, n in MONTHS.items()
}
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# "12/03/2021", "03/2021": as French CVs write them.
_FRENCH_NUMERIC = re.compile(r"^(?:(\d{1,2})/)?(\d{1,2})/(\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Imported:
    """What a CV file proposes: its kind (a key of ``SOURCES``) and its entries."""

    source: str
    proposals: list[Proposal]
    # Entries beyond what one import takes (``MAX_PROPOSALS``), left out.
    left_out: int = 0


def recognise(data: bytes) -> Imported | None:
    """The entries of a CV file; ``None`` when ``data`` is none of the kinds read here."""
    if len(data) > MAX_BYTES:
        return None
    if data.startswith(b"PK\x03\x04"):
        return _linkedin(data)
    if data.startswith(b"%PDF-"):
        xml = _europass_attachment(data)
        try:
            return _europass(xml) if xml is not None else None
        except ReadError:
            return None  # the PDF is still a PDF: read, or a proof, as any other
    text = _text(data)
    if text is None:
        return None
    stripped = text.lstrip()
    if stripped.startswith("<"):
        # The parser reads the bytes: their encoding is the one the XML declares.
        return _europass(data) if _looks_europass(stripped[:2000]) else None
    if stripped.startswith(("{", "[")):
        return _json_resume(stripped)
    return None


def _text(data: bytes) -> str | None:
    """The file as text: UTF-8 (or UTF-16 with its mark), else Windows' Latin-1 (what
    Excel writes); ``None`` for a binary file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        return None
    return data.decode("cp1252", errors="replace")


def _date(raw: object) -> str | None:
    """A date as stored ("2019", "2019-03", "2019-03-12"), from the ways CVs write it."""
    if not isinstance(raw, str):
        return None
    value = fold(raw.strip())
    if m := _FRENCH_NUMERIC.match(value):
        value = "-".join(x for x in (m[3], m[2], m[1]) if x)
    if m := _ISO.fullmatch(value) or _ISO.fullmatch(value[:10]):
        year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
        if not 1900 <= year <= 2100 or month > 12 or (m[2] and not month):
            return None
        if not month:
            return f"{year:04d}"
        if not day:
            return f"{year:04d}-{month:02d}"
        try:
            return datetime.date(year, month, day).isoformat()
        except ValueError:
            return None
    if m := _MONTH_YEAR.match(value):
        word = m[1].rstrip(".")
        month = _ENGLISH_MONTHS.get(word[:3]) or MONTHS.get(word) or _FRENCH_SHORT.get(word)
        if month:
            return f"{int(m[2]):04d}-{month:02d}"
    if m := _YEAR.match(value):
        return m[1]
    return None


def _clean(value: object, limit: int = 200) -> str:
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())[:limit]


def _emploi(
    title: object, employer: object, start: object, end: object, missions: object = ""
) -> Proposal:
    fields = {"intitule": _clean(title), "employeur": _clean(employer), "date_debut": _date(start)}
    fields["date_fin"] = _date(end)
    # What the agent wrote of the job: its missions, kept as written (a paragraph).
    fields["missions"] = _clean(missions, 2000)
    return Proposal("emplois", {k: v for k, v in fields.items() if v})


def _diplome(title: object, school: object, end: object) -> Proposal:
    fields = {
        "intitule": _clean(title),
        "etablissement": _clean(school),
        "date_obtention": _date(end),
    }
    return Proposal("diplomes", {k: v for k, v in fields.items() if v})


def _certification(name: object, body: object, day: object) -> Proposal:
    fields = {"intitule": _clean(name), "organisme": _clean(body), "date_obtention": _date(day)}
    return Proposal("certifications", {k: v for k, v in fields.items() if v})


def _competence(name: object) -> Proposal:
    return Proposal("competences", {"intitule": _clean(name)} if _clean(name) else {})


def _kept(source: str, proposals: list[Proposal]) -> Imported:
    """The proposals that name something (a title), at most ``MAX_PROPOSALS`` (how many
    more there were is said)."""
    named = [p for p in proposals if p.fields.get("intitule")]
    if not named:
        raise ReadError(f"{source}_empty")
    return Imported(source, named[:MAX_PROPOSALS], max(0, len(named) - MAX_PROPOSALS))


# ---- LinkedIn ---------------------------------------------------------------------------


def _linkedin(data: bytes) -> Imported | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReadError("damaged") from None
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED:
        raise ReadError("too_big")
    by_name = {
        m.filename.replace("\\", "/").rsplit("/", 1)[-1]: m for m in members if not m.is_dir()
    }
    if not any(name in by_name for name in LINKEDIN_FILES):
        # A ZIP, but no LinkedIn export: said as such when it looks like one.
        if any(n.endswith(".csv") for n in by_name):
            raise ReadError("linkedin_missing")
        return None

    def rows(name: str) -> list[dict[str, str]]:
        member = by_name.get(name)
        if member is None or member.file_size > MAX_CSV:
            return []
        try:
            raw = archive.read(member)
        except Exception:  # zlib, lzma, a bad CRC: whatever a damaged member raises
            raise ReadError("damaged") from None
        return _csv_rows(_text(raw) or "")

    proposals = [
        _emploi(
            r.get("Title"),
            r.get("Company Name"),
            r.get("Started On"),
            r.get("Finished On"),
            r.get("Description"),
        )
        for r in rows("Positions.csv")
    ]
    proposals += [
        _diplome(
            r.get("Degree Name") or r.get("School Name"), r.get("School Name"), r.get("End Date")
        )
        for r in rows("Education.csv")
    ]
    proposals += [
        _certification(r.get("Name"), r.get("Authority"), r.get("Started On"))
        for r in rows("Certifications.csv")
    ]
    proposals += [_competence(r.get("Name")) for r in rows("Skills.csv")]
    return _kept("linkedin", proposals)


def _csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of a LinkedIn CSV, its header found past any "Notes:" lines before it."""
    lines = text.splitlines()
    # The header: the first line naming a column LinkedIn writes (notes may come before).
    start = next((n for n, line in enumerate(lines[:20]) if _COLUMNS.search(line)), 0)
    header = lines[start] if start < len(lines) else ""
    delimiter = max(",;\t", key=header.count)
    reader = csv.DictReader(lines[start:], delimiter=delimiter)
    try:
        return [
            {k.strip(): v for k, v in row.items() if isinstance(k, str) and isinstance(v, str)}
            for row in reader
        ]
    except csv.Error:
        raise ReadError("damaged") from None


# ---- Europass ---------------------------------------------------------------------------

_SKILLS_PASSPORT_VERSIONS = ("V3.",)
_CANDIDATE = "http://www.europass.eu/1.0"


def _looks_europass(head: str) -> bool:
    return "SkillsPassport" in head or "europass" in head.lower()


def _europass_attachment(data: bytes) -> bytes | None:
    """The Europass XML a Europass PDF carries, if it does."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return None
        attachments = reader.attachments
    except Exception:  # a damaged PDF: pypdf's errors are of many kinds; the proof check says
        return None
    for name, contents in attachments.items():
        # Only Europass's own: a PDF with an invoice's XML (Factur-X) is a PDF like another.
        if name.lower().endswith(".xml") and contents and _looks_europass(_head(contents[0])):
            return contents[0]
    return None


def _head(data: bytes) -> str:
    return (_text(data[:2000]) or "")[:2000]


def _europass(data: bytes) -> Imported:
    try:
        root = SafeTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        raise ReadError("damaged") from None
    except Exception:  # defusedxml's refusals: entities, external references
        raise ReadError("damaged") from None
    if sum(1 for _ in itertools.islice(root.iter(), MAX_ELEMENTS + 1)) > MAX_ELEMENTS:
        raise ReadError("too_big")
    tag = root.tag.rsplit("}", 1)[-1]
    if tag == "SkillsPassport":
        version = root.get("version") or ""
        if not version.startswith(_SKILLS_PASSPORT_VERSIONS):
            raise ReadError("europass_version")
        return _skills_passport(root)
    if tag == "Candidate" and root.tag.startswith("{" + _CANDIDATE):
        return _candidate(root)
    raise ReadError("europass_version")


def _local(element: ElementTree.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _find(element: ElementTree.Element | None, *path: str) -> ElementTree.Element | None:
    """The first element along ``path`` of local names, whatever their namespaces, each
    among the few levels below the one before (never a whole subtree: nested on purpose,
    a file would cost its square)."""
    for name in path:
        if element is None:
            return None
        element = _near(element, name)
    return element


def _near(element: ElementTree.Element, name: str, depth: int = 3) -> ElementTree.Element | None:
    level = list(element)
    for _ in range(depth):
        found = next((c for c in level if _local(c) == name), None)
        if found is not None:
            return found
        level = [g for c in level for g in c][:MAX_ELEMENTS]
    return None


def _all(element: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [c for c in element.iter() if _local(c) == name]


def _text_of(element: ElementTree.Element | None) -> str:
    return "" if element is None else " ".join("".join(element.itertext()).split())


def _sp_date(element: ElementTree.Element | None) -> str | None:
    if element is None or not (element.get("year") or "").strip("-"):
        return None
    year = element.get("year", "").strip("-")
    month = element.get("month", "").strip("-")
    day = element.get("day", "").strip("-")
    return _date("-".join(x for x in (year, month, day) if x))


def _skills_passport(root: ElementTree.Element) -> Imported:
    proposals = []
    for work in _all(root, "WorkExperience"):
        fields = {
            "intitule": _clean(_text_of(_find(work, "Position", "Label"))),
            "employeur": _clean(_text_of(_find(work, "Employer", "Name"))),
            "date_debut": _sp_date(_find(work, "Period", "From")),
            "date_fin": _sp_date(_find(work, "Period", "To")),
        }
        proposals.append(Proposal("emplois", {k: v for k, v in fields.items() if v}))
    for study in _all(root, "Education"):
        proposals.append(
            _diplome(
                _text_of(_find(study, "Title")),
                _text_of(_find(study, "Organisation", "Name")),
                _sp_date(_find(study, "Period", "To")),
            )
        )
    return _kept("europass", proposals)


def _candidate(root: ElementTree.Element) -> Imported:
    proposals = []
    for employer in _all(root, "EmployerHistory"):
        name = _text_of(_find(employer, "OrganizationName"))
        for position in _all(employer, "PositionHistory") or [employer]:
            proposals.append(
                _emploi(
                    _text_of(_find(position, "PositionTitle")),
                    name,
                    _text_of(_find(position, "StartDate")),
                    _text_of(_find(position, "EndDate")),
                )
            )
    for study in _all(root, "EducationOrganizationAttendance"):
        proposals.append(
            _diplome(
                _text_of(_find(study, "EducationDegree", "DegreeName"))
                or _text_of(_find(study, "ProgramName")),
                _text_of(_find(study, "OrganizationName")),
                _text_of(_find(study, "EndDate")),
            )
        )
    return _kept("europass", proposals)


# ---- JSON Resume --------------------------------------------------------------------------


def _json_resume(text: str) -> Imported | None:
    try:
        resume = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(resume, dict):
        return None
    known = {"basics", "work", "education", "certificates", "skills", "volunteer"}
    if not known & resume.keys():
        return None if resume else _empty()

    def items(key: str) -> list[dict[str, Any]]:
        value = resume.get(key)
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    proposals = [
        _emploi(
            w.get("position"),
            w.get("name") or w.get("company"),
            w.get("startDate"),
            w.get("endDate"),
            w.get("summary"),
        )
        for w in items("work")
    ]
    proposals += [
        _diplome(
            " ".join(x for x in (_clean(e.get("studyType")), _clean(e.get("area"))) if x)
            or e.get("institution"),
            e.get("institution"),
            e.get("endDate"),
        )
        for e in items("education")
    ]
    proposals += [
        _certification(c.get("name"), c.get("issuer"), c.get("date")) for c in items("certificates")
    ]
    proposals += [_competence(s.get("name")) for s in items("skills")]
    return _kept("jsonresume", proposals)


def _empty() -> Imported:
    raise ReadError("jsonresume_empty")
