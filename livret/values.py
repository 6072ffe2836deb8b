"""Value types of livret fields: dates as precise as people know them, durations in their unit.

Both are stored as short strings (``2021-03``, ``1.5 jour``) and read in French
(``mars 2021``, ``1,5 jour``).
"""

import calendar
from dataclasses import dataclass
from typing import Any, Self

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


class _StoredAsString:
    """Pydantic plumbing: validate from the stored string or the instance, dump as string."""

    @classmethod
    def from_storage(cls, raw: str) -> Self:
        raise NotImplementedError

    def to_storage(self) -> str:
        raise NotImplementedError

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        from_str = core_schema.no_info_plain_validator_function(cls._coerce)
        return core_schema.json_or_python_schema(
            json_schema=from_str,
            python_schema=from_str,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda v: v.to_storage()
            ),
        )

    @classmethod
    def _coerce(cls, value: Any) -> Self:
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            return cls.from_storage(value)
        raise ValueError(f"{cls.__name__} attendu")


@dataclass(frozen=True, order=True)
class PartialDate(_StoredAsString):
    """A day, a month or only a year: whatever precision the agent remembers."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1900 <= self.year <= 2200:
            raise ValueError("année hors limites")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError("mois invalide")
        if self.day is not None:
            if self.month is None:
                raise ValueError("jour sans mois")
            if not 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]:
                raise ValueError("jour invalide")

    @property
    def key(self) -> tuple[int, int, int]:
        """Sort key; a missing month or day sorts first."""
        return (self.year, self.month or 0, self.day or 0)

    @property
    def last_key(self) -> tuple[int, int, int]:
        """The latest day this date may mean: ``2021`` may be as late as 31 December."""
        return (self.year, self.month or 12, self.day or 31)

    def french(self) -> str:
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        day = "1er" if self.day == 1 else str(self.day)
        return f"{day} {month} {self.year}"

    @classmethod
    def from_storage(cls, raw: str) -> Self:
        parts = [int(p) for p in raw.split("-")]
        if not 1 <= len(parts) <= 3:
            raise ValueError(f"date mal formée : {raw!r}")
        return cls(*parts)

    def to_storage(self) -> str:
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
        if self.day is not None:
            out += f"-{self.day:02d}"
        return out

    def __str__(self) -> str:
        return self.french()


# unit code -> (singular, plural) as written in French
UNITS: dict[str, tuple[str, str]] = {
    "h": ("h", "h"),
    "jour": ("jour", "jours"),
    "semaine": ("semaine", "semaines"),
    "mois": ("mois", "mois"),
    "an": ("an", "ans"),
}


@dataclass(frozen=True)
class Duration(_StoredAsString):
    """An amount in the unit the agent gave (``3 jours``, ``21 h``): never converted."""

    amount: float
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unité inconnue : {self.unit}")
        if not 0 < self.amount <= 100_000:
            raise ValueError("durée hors limites")

    def french(self) -> str:
        singular, plural = UNITS[self.unit]
        amount = f"{self.amount:g}".replace(".", ",")
        # French keeps the singular below 2 ("1,5 jour").
        return f"{amount} {singular if self.amount < 2 else plural}"

    @classmethod
    def from_storage(cls, raw: str) -> Self:
        amount, _, unit = raw.partition(" ")
        return cls(float(amount), unit)

    def to_storage(self) -> str:
        return f"{self.amount:g} {self.unit}"

    def __str__(self) -> str:
        return self.french()
