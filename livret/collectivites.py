"""The collectivités that employ agents: a code given by the délégation régionale of the
CNFPT, and the rows of the CSV file an administrator imports.

The code is what the agent types (or what a link carries): letters, digits and hyphens,
case and spaces not minded. Reading the CSV keeps the good rows and reports each bad one
with its line number.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

CODE_MIN = 3
# ``c-`` and the code must fit Telegram's 64-character start parameter.
CODE_MAX = 20
_CODE = re.compile(rf"[A-Z0-9](?:[A-Z0-9-]{{{CODE_MIN - 2},{CODE_MAX - 2}}})[A-Z0-9]")
# Métropole 01-95 (Corse 2A, 2B), outre-mer 971-976, and 975/977/978/986/987/988 for
# the collectivités d'outre-mer.
_DEPARTEMENT = re.compile(r"(0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-8]|98[6-8])")
TEXT_MAX = 120

COLUMNS = ("code", "nom", "type", "departement", "delegation_regionale")
# What a header may say for each column, folded (lower case, no accents, no spaces).
_HEADERS = {
    "code": "code",
    "codecollectivite": "code",
    "nom": "nom",
    "type": "type",
    "departement": "departement",
    "dept": "departement",
    "delegationregionale": "delegation_regionale",
    "delegation": "delegation_regionale",
}


def normalize_code(text: str) -> str:
    """The code as stored: upper case, without the spaces people type or paste."""
    return re.sub(r"\s+", "", text).upper()


def is_code(code: str) -> bool:
    return _CODE.fullmatch(code) is not None


class Collectivite(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    code: str
    nom: str
    type: str
    departement: str
    delegation_regionale: str

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        code = normalize_code(value)
        if not code:
            raise ValueError("code manquant")
        if not is_code(code):
            raise ValueError(
                f"code « {value.strip()} » invalide ({CODE_MIN} à {CODE_MAX} lettres, "
                "chiffres ou tirets)"
            )
        return code

    @field_validator("nom", "type", "delegation_regionale")
    @classmethod
    def _text(cls, value: str) -> str:
        if not value:
            raise ValueError("valeur manquante")
        if len(value) > TEXT_MAX:
            raise ValueError(f"plus de {TEXT_MAX} caractères")
        if any(unicodedata.category(c) == "Cc" for c in value):
            raise ValueError("caractère de contrôle")
        return value

    @field_validator("departement", mode="before")
    @classmethod
    def _departement(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        dept = value.strip().upper()
        if len(dept) == 1 and dept.isdigit():
            dept = "0" + dept  # "1" typed for "01" by a spreadsheet
        if not _DEPARTEMENT.fullmatch(dept):
            raise ValueError(f"département « {value.strip()} » inconnu")
        return dept


@dataclass(frozen=True)
class BadRow:
    line: int
    problem: str


@dataclass
class CsvRead:
    good: list[Collectivite]
    bad: list[BadRow]


class CsvHeaderError(ValueError):
    """The file has no usable header row: nothing can be read from it."""


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def _problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{where} : {message}" if where else message


def read_csv(text: str) -> CsvRead:
    """The collectivités of a CSV text (comma or semicolon separated, header row first)."""
    text = text.removeprefix("\ufeff")  # the BOM a spreadsheet writes
    first_line = text.split("\n", 1)[0]
    # French spreadsheets write ";" because "," is the decimal separator.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(rows, None)
    if header is None:
        raise CsvHeaderError("fichier vide")
    columns = [_HEADERS.get(_fold(name)) for name in header]
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise CsvHeaderError("colonnes manquantes dans la première ligne : " + ", ".join(missing))
    good: dict[str, Collectivite] = {}
    first_seen: dict[str, int] = {}
    bad: list[BadRow] = []
    end = rows.line_num
    while True:
        # A record may span lines (a quoted cell): it is reported at the line it starts.
        line = end + 1
        try:
            row = next(rows, None)
        except csv.Error:
            # An unclosed quote swallowed the rest of the file: say where, keep the rest.
            bad.append(BadRow(line, "guillemet non fermé : illisible jusqu'à la fin du fichier"))
            break
        if row is None:
            break
        end = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if any("\n" in cell or "\r" in cell for cell in row):
            bad.append(
                BadRow(
                    line,
                    f"retour à la ligne dans une cellule (guillemet non fermé ?), "
                    f"lignes {line} à {end} ignorées",
                )
            )
            continue
        values = {c: v for c, v in zip(columns, row, strict=False) if c is not None}
        try:
            found = Collectivite.model_validate({c: values.get(c, "") for c in COLUMNS})
        except ValidationError as error:
            bad.append(BadRow(line, _problem(error)))
            continue
        if found.code in good:
            bad.append(BadRow(line, f"code {found.code} déjà donné ligne {first_seen[found.code]}"))
            continue
        good[found.code] = found
        first_seen[found.code] = line
    return CsvRead(list(good.values()), bad)
