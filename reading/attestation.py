"""The entries an attestation's text proposes: which rubrique, its intitulé, its dates, its
durée, its organisme. A relevé (several trainings, one a line) proposes one each.

What is found is given in the form the rubrique's model stores ("2024-03-12", "21 h"), so
that a proposal is checked by the model itself; what is not found is left out, for the
agent to give."""

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from livret.catalogue import rubrique

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
_MONTH = "|".join(MONTHS)
# "12/03/2024", "12.03.24", "12 mars 2024", "1er mars 2024"; "mars 2024" alone.
_NUMERIC = r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?!\d)"
_WORDED = rf"(\d{{1,2}}|1er)\s+({_MONTH})\s+(\d{{4}})"
_DATE = re.compile(rf"{_NUMERIC}|{_WORDED}")
# "du 12 au 14 mars 2024", "les 12 et 13 mars 2024": the first day takes the month of the last.
_SHARED_MONTH = re.compile(rf"(?:du|les?)\s+(\d{{1,2}}|1er)\s+(?:au|et)\s+{_WORDED}")
_DURATION = re.compile(
    r"(\d+(?:[,.]\d+)?)\s*(heures?|h\b|jours?|journees?|j\b|demi-journees?)", re.IGNORECASE
)
_LABELLED = re.compile(r"^\s*([^:]{2,40}?)\s*[:：]\s*(\S.*)$")
_TITLE_LABELS = (
    "intitule", "intitule de la formation", "intitule du stage", "formation", "stage",
    "action de formation", "module", "theme", "objet", "titre", "session", "libelle",
    "nom de la formation", "diplome", "certification", "intitule du diplome",
)  # fmt: skip
_ORGANISME_LABELS = ("organisme", "organisme de formation", "dispense par", "organise par")
_DATE_LABELS = ("date", "dates", "date(s)", "periode", "dates de la formation", "date de session")
_DURATION_LABELS = ("duree", "duree de la formation", "volume horaire", "nombre d'heures")
# Lines that date the paper, not the training: "Fait à Lyon, le 15/03/2024".
_PAPER_DATE = re.compile(r"^\s*(fait\s+a|edite|imprime|delivre\s+le|le\s+directeur|signature)")
_BODIES = re.compile(
    r"\b(cnfpt|centre de gestion|cdg\s*\d{2}|institut|centre national|afpa|greta|universite"
    r"|conseil departemental|association|organisme)\b"
)
_DISPENSEE = re.compile(r"\b(a anime|a dispense|a assure|intervenant|intervenante|formateur"
                        r"|formatrice|en qualite de format)")  # fmt: skip
_DIPLOME = re.compile(r"\b(a obtenu le diplome|diplome de|diplome d'|titre de|est admis)")
_CERTIFICATION = re.compile(r"\b(certificat|certification)\b")


def fold(text: str) -> str:
    """Lower case without accents, the typographic apostrophe made plain."""
    plain = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    return "".join(c for c in plain if not unicodedata.combining(c))


@dataclass
class Proposal:
    """One entry an attestation proposes: its rubrique and what was found of it."""

    rubrique: str
    fields: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"rubrique": self.rubrique, "fields": self.fields}


def _year(raw: str) -> int:
    year = int(raw)
    return year + 2000 if year < 100 else year


def _dates(line: str) -> list[str]:
    """The dates of a line, as stored ("2024-03-12"), in order."""
    folded = fold(line)
    found: list[str] = []
    shared = _SHARED_MONTH.search(folded)
    for m in _DATE.finditer(folded):
        if m[1]:
            day, month, year = int(m[1]), int(m[2]), _year(m[3])
        else:
            day = 1 if m[4] == "1er" else int(m[4])
            month, year = MONTHS[m[5]], int(m[6])
        if shared and m.start() == shared.start(2):
            first = 1 if shared[1] == "1er" else int(shared[1])
            found.append(f"{year:04d}-{month:02d}-{first:02d}")
        if 1 <= day <= 31 and 1 <= month <= 12 and 1950 <= year <= 2100:
            found.append(f"{year:04d}-{month:02d}-{day:02d}")
    return found


def _duration(text: str) -> str | None:
    m = _DURATION.search(fold(text))
    if m is None:
        return None
    amount = float(m[1].replace(",", "."))
    unit = m[2].lower()
    if unit.startswith("demi"):
        amount, unit = amount / 2, "jour"
    elif unit.startswith("h"):
        unit = "h"
    else:
        unit = "jour"
    return f"{amount:g} {unit}"


def _labelled(lines: list[str]) -> dict[str, str]:
    """What the attestation labels ("Intitulé : …"), by folded label, the first of each."""
    found: dict[str, str] = {}
    for line in lines:
        m = _LABELLED.match(line)
        if m:
            found.setdefault(fold(m[1]).strip(), m[2].strip())
    return found


def _first(labelled: dict[str, str], labels: tuple[str, ...]) -> str | None:
    return next((labelled[label] for label in labels if label in labelled), None)


def _clean_title(text: str) -> str:
    # What OCR leaves at the edges of a line (a stray "|" or ":") goes too.
    text = text.strip().strip("«»\"'“”|:;,. _-").strip()
    return re.sub(r"\s+", " ", text)


def _quoted_title(text: str) -> str | None:
    m = re.search(r"[«\"“]\s*([^»\"”]{3,150}?)\s*[»\"”]", text)
    return _clean_title(m[1]) if m else None


def _title_after_verb(lines: list[str]) -> str | None:
    """The line that follows "a suivi la formation" (or the rest of that line)."""
    for i, line in enumerate(lines):
        folded = fold(line)
        m = re.search(
            r"(a suivi|a participe a|a assiste a|a anime|a dispense)\s*(la formation|le stage|l'action de formation|la session|le module)?\s*:?\s*",
            folded,
        )
        if m:
            rest = line[m.end() :].strip()
            if len(rest) >= 3 and not _DATE.match(fold(rest)):
                return _clean_title(re.split(r"\s+(?:du|le|les)\s+\d", rest)[0])
            if i + 1 < len(lines) and lines[i + 1].strip():
                return _clean_title(lines[i + 1])
    return None


def _organisme(lines: list[str], labelled: dict[str, str]) -> str | None:
    given = _first(labelled, _ORGANISME_LABELS)
    if given:
        return _clean_title(given)
    for line in lines[:6]:
        line = _clean_title(line)
        if _BODIES.search(fold(line)) and len(line) <= 80 and ":" not in line:
            return line
    return None


def _rubrique(folded: str) -> str:
    if _DISPENSEE.search(folded):
        return "formations_dispensees"
    if _DIPLOME.search(folded) and "formation" not in folded:
        return "diplomes"
    if _CERTIFICATION.search(folded) and "a obtenu" in folded:
        return "certifications"
    return "formations_suivies"


def _table_rows(lines: list[str]) -> list[tuple[str, list[str], str]]:
    """The lines of a relevé: a date, a title and a durée on one line each."""
    rows = []
    for line in lines:
        if _PAPER_DATE.match(fold(line)):
            continue
        dates, duration = _dates(line), _duration(line)
        if not dates or duration is None:
            continue
        # The title as written (case and accents): what is left once dates and durée go,
        # with the words that joined them ("du … au …").
        folded = fold(line)
        # Each character marked once: a line's cost grows with its length, not its square.
        taken = bytearray(len(line))
        for m in (*_DATE.finditer(folded), *_DURATION.finditer(folded)):
            taken[m.start() : m.end()] = b"\1" * (m.end() - m.start())
        kept = "".join("\0" if taken[i] else c for i, c in enumerate(line[: len(taken)]))
        kept = re.sub(r"\b(?:du|au|le|les|et)\s*(?=\0)|(?<=\0)\s*(?:au|et)\b", "", kept)
        title = _clean_title(re.sub(r"[\0|;]+", " ", kept))
        if len(title) >= 3:
            rows.append((title, dates, duration))
    return rows


def propose(text: str) -> list[Proposal]:
    """The entries ``text`` proposes: none when it is not an attestation."""
    lines = [line for line in text.splitlines() if line.strip()]
    folded = fold(text)
    if len(folded.strip()) < 20:
        return []
    labelled = _labelled(lines)
    code = _rubrique(folded)
    organisme = _organisme(lines, labelled)
    rows = _table_rows(lines)
    if len(rows) >= 2:
        proposals = []
        for title, dates, duration in rows:
            found: dict[str, Any] = {"intitule": title, "date_debut": dates[0], "duree": duration}
            if len(dates) > 1 and dates[-1] > dates[0]:
                found["date_fin"] = dates[-1]
            if organisme:
                found["organisme"] = organisme
            proposals.append(Proposal("formations_suivies", found))
        return proposals
    title = (
        (_first(labelled, _TITLE_LABELS) and _clean_title(_first(labelled, _TITLE_LABELS) or ""))
        or _title_after_verb(lines)
        or _quoted_title(text)
    )
    # Dates: those labelled, else those of the lines that are not the paper's own.
    dated = _first(labelled, _DATE_LABELS)
    dates = _dates(dated) if dated else []
    if not dates:
        for line in lines:
            if not _PAPER_DATE.match(fold(line)):
                dates += _dates(line)
    duree_text = _first(labelled, _DURATION_LABELS)
    duree = _duration(duree_text) if duree_text else None
    if duree is None:
        duree = next(
            (d for line in lines if not _DATE.search(fold(line)) and (d := _duration(line))), None
        ) or next((d for line in lines if (d := _duration(line))), None)
    if title is None and not dates:
        return []
    fields_found: dict[str, Any] = {}
    if title:
        fields_found[_title_field(code)] = title
    names = {f.name for f in rubrique(code).fields}
    date_field = "date_debut" if "date_debut" in names else "date_obtention"
    if dates:
        fields_found[date_field] = dates[0] if date_field == "date_debut" else dates[-1]
        if "date_fin" in names and len(dates) > 1 and max(dates) > dates[0]:
            fields_found["date_fin"] = max(dates)
    if duree and "duree" in names:
        fields_found["duree"] = duree
    if organisme:
        place = "etablissement" if "etablissement" in names else "organisme"
        if place in names:
            fields_found[place] = organisme
    return [Proposal(code, fields_found)]


def _title_field(code: str) -> str:
    return rubrique(code).fields[0].name
