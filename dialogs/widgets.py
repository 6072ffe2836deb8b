"""Field widgets: read an answer as people type it, and show a stored value.

Every reading either returns the value in its stored (JSON) form or raises
``AnswerError`` with the French sentence that tells the agent what to fix.
"""

import calendar
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from email_validator import EmailNotValidError, validate_email

from dialogs import copy
from livret.catalogue import Rubrique
from livret.display import show_value
from livret.fields import FieldSpec, is_blank
from livret.text import fold
from livret.values import MONTHS, UNITS, Duration, PartialDate

# The agents' time: what "today" and "this year" mean to them.
PARIS = ZoneInfo("Europe/Paris")


def today() -> date:
    return datetime.now(PARIS).date()


class AnswerError(ValueError):
    """An answer that cannot be taken; its message is shown to the agent as is."""


# ---- dates ------------------------------------------------------------------

_MONTH_NAMES: dict[str, int] = {}
for _number, _name in enumerate(MONTHS, start=1):
    _MONTH_NAMES[fold(_name)] = _number
    _MONTH_NAMES[fold(_name)[:3]] = _number
    _MONTH_NAMES[fold(_name)[:4]] = _number
_MONTH_NAMES["juil"] = 7  # "juin" and "juillet" share "jui"
del _MONTH_NAMES["jui"]

_SEP = r"\s*[/.\-]\s*"
_DMY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{2}}|\d{{4}})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{4}})$")
_DM_NO_YEAR = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}})$")
_WORDS = re.compile(r"^(?:(\d{1,2})(?:er)?\s+)?([a-z]+)\.?\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


def _year(raw: str) -> int:
    year = int(raw)
    if len(raw) == 2:
        # "12/03/21": the century that puts the date in the past.
        year += 2000 if year <= today().year % 100 else 1900
    if not 1900 <= year <= today().year + 10:
        raise AnswerError(copy.DATE_BAD_YEAR.format(year=year))
    return year


def _build(year: int, month: int | None = None, day: int | None = None) -> PartialDate:
    if month is not None and not 1 <= month <= 12:
        raise AnswerError(copy.DATE_BAD_MONTH.format(month=month))
    if day is not None and month is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise AnswerError(
                copy.DATE_BAD_DAY.format(day=day, month=MONTHS[month - 1], year=year, last=last)
            )
    return PartialDate(year, month, day)


def parse_date(text: str) -> PartialDate:
    folded = fold(text)
    folded = re.sub(r"^(le|en|depuis)\s+", "", folded)
    if m := _DMY.match(folded):
        return _build(_year(m[3]), int(m[2]), int(m[1]))
    if m := _YMD.match(folded):
        return _build(_year(m[1]), int(m[2]), int(m[3]))
    if m := _MY.match(folded):
        return _build(_year(m[2]), int(m[1]))
    if m := _WORDS.match(folded):
        month = _MONTH_NAMES.get(m[2])
        if month is None:
            raise AnswerError(copy.DATE_UNKNOWN)
        return _build(_year(m[3]), month, int(m[1]) if m[1] else None)
    if m := _YEAR.match(folded):
        return _build(_year(m[1]))
    if _DM_NO_YEAR.match(folded):
        raise AnswerError(copy.DATE_NO_YEAR)
    raise AnswerError(copy.DATE_UNKNOWN)


# ---- durations ----------------------------------------------------------------

_UNIT_WORDS = {
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "heure": "h",
    "heures": "h",
    "j": "jour",
    "jr": "jour",
    "jrs": "jour",
    "jour": "jour",
    "jours": "jour",
    "journee": "jour",
    "journees": "jour",
    "sem": "semaine",
    "semaine": "semaine",
    "semaines": "semaine",
    "mois": "mois",
    "an": "an",
    "ans": "an",
    "annee": "an",
    "annees": "an",
}
_DURATION = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([a-z]+)\.?$")
_HOURS_MINUTES = re.compile(r"^(\d+)\s*(?:h|heures?)\s*(\d{1,2})\s*(?:min(?:utes?)?)?$")
_MINUTES = re.compile(r"^(\d+)\s*(?:min|mn|minutes?)$")
# Half a day said in words, with the bot's own "½ jour".
_HALF_DAY = re.compile(
    r"^(?:1/2|½|0,5|une|un)?\s*(?:demi[- ]?journee|matinee|apres[- ]midi)$|^(?:1/2|½)\s*(?:jour|journee)$"
)


# Durations said in words: "une journée", "2 demi-journées", "deux jours et demi".
_HALF_DAYS = re.compile(r"^(\d+|une)\s*demi[- ]?journees?$")
_ONE = re.compile(r"^(?:un|une)\s+([a-z]+)$")
_AND_A_HALF = re.compile(r"^(\d+)\s*([a-z]+)\s+et\s+demie?$")
# "24 h sur 3 mois", "30 h réparties sur l'année", "5 jours en 2023": the amount is the
# durée; over what it was spread is said elsewhere (the dates).
_SPREAD = re.compile(r"^(.+?)\s+(sur|reparti\w*\s+sur|etale\w*\s+sur|en)\s+(\S.*)$")
# What was spread over: a span ("3 mois", "l'année", "2023"), not another amount ("3
# jours en présentiel et 1 jour à distance": asked again rather than cut).
_SPAN = re.compile(
    r"^(?:\d+\s*[a-z]+|l'?\s?annee|un an|une annee|\d{4}|\w+ (?:mois|semaines?|ans?))$"
)
# Another amount or a second part in what follows: "3 jours en présentiel et 1 à distance".
_AMOUNT = re.compile(r"\d|\bet\b")
_NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
}  # fmt: skip
# The longest durée that is plausible in each unit (a formation, a bilan, a tutorat): a
# larger one is a slip of the thumb ("9999 semaines"), said with the bound.
DURATION_MAX = {"h": 3000, "jour": 600, "semaine": 150, "mois": 60, "an": 10}


# "1.000 h", "1 000 heures": a thousands separator (a decimal one is a comma, or a dot
# before fewer than three digits).
_THOUSANDS = re.compile(r"^(\d{1,3})[. ](\d{3})(?![\d.,])")


def parse_duration(text: str) -> Duration:
    # NFKD makes "½" "1⁄2" (a fraction slash), and a narrow no-break space a space.
    folded = " ".join(fold(text).replace("’", "'").replace("⁄", "/").split())
    folded = _THOUSANDS.sub(r"\1\2", folded)
    if _HALF_DAY.match(folded):
        return Duration(0.5, "jour")
    if m := _MINUTES.match(folded):
        return _bounded(round(int(m[1]) / 60, 2), "h")
    first, *_ = folded.split(" ", 1)
    if first in _NUMBER_WORDS:
        folded = f"{_NUMBER_WORDS[first]}{folded[len(first) :]}"
    if (m := _SPREAD.match(folded)) and (_SPAN.match(m[3]) or not _AMOUNT.search(m[3])):
        try:
            return parse_duration(m[1])
        except AnswerError:
            pass
    if m := _HALF_DAYS.match(folded):
        halves = 1 if m[1] == "une" else int(m[1])
        return _bounded(halves / 2, "jour")
    if (m := _ONE.match(folded)) and m[1] in _UNIT_WORDS:
        return Duration(1, _UNIT_WORDS[m[1]])
    if (m := _AND_A_HALF.match(folded)) and m[2] in _UNIT_WORDS:
        return _bounded(int(m[1]) + 0.5, _UNIT_WORDS[m[2]])
    if m := _HOURS_MINUTES.match(folded):
        minutes = int(m[2])
        if minutes >= 60:
            raise AnswerError(copy.DURATION_UNKNOWN)
        return _bounded(round(int(m[1]) + minutes / 60, 2), "h")
    if re.fullmatch(r"\d+(?:[.,]\d+)?", folded):
        plural = float(folded.replace(",", ".")) >= 2  # "1,5 jour", "2 jours"
        raise AnswerError(
            copy.DURATION_NO_UNIT.format(
                amount=folded,
                days="jours" if plural else "jour",
                weeks="semaines" if plural else "semaine",
            )
        )
    m = _DURATION.match(folded)
    if not m or m[2] not in _UNIT_WORDS:
        raise AnswerError(copy.DURATION_UNKNOWN)
    return _bounded(float(m[1].replace(",", ".")), _UNIT_WORDS[m[2]])


def _bounded(amount: float, unit: str) -> Duration:
    largest = DURATION_MAX[unit]
    if not 0 < amount <= largest:
        plural = UNITS[unit][1]
        raise AnswerError(
            copy.DURATION_RANGE.format(largest=f"{largest:,}".replace(",", " "), unit=plural)
        )
    return Duration(amount, unit)


def looks_like_duration(text: str) -> bool:
    """An amount and a unit ("0 jour", "-3 jours"), read or not: never a title's words."""
    folded = fold(text)
    m = re.fullmatch(r"-?\d+(?:[.,]\d+)?\s*([a-z]+)\.?", folded)
    if (m and m[1] in _UNIT_WORDS) or _HALF_DAYS.match(folded) or _ONE.match(folded):
        return True
    # "24 h sur 3 mois": an amount spread "sur" a span; never "en" ("Six mois en immersion"
    # may be a title).
    spread = _SPREAD.match(" ".join(folded.split()))
    if spread and (spread[2] == "en" or not _SPAN.match(spread[3])):
        return False
    try:
        parse_duration(text)
    except AnswerError as error:
        return str(error).startswith(copy.DURATION_RANGE.split(":")[0])
    return True


# ---- the rest -------------------------------------------------------------------


def parse_text(text: str, spec: FieldSpec) -> str:
    value = text.strip()
    if not value:
        raise AnswerError(copy.EMPTY_ANSWER)
    if len(value) > spec.max_len:
        raise AnswerError(copy.TEXT_TOO_LONG.format(length=len(value), limit=spec.max_len))
    return value


EMAIL_MAX = 254  # RFC 5321


def parse_email(text: str) -> str:
    """An address as stored: checked by email-validator (syntax only, no DNS lookup),
    lower case so that one address is one livret however it is typed."""
    value = text.strip().strip("<>").strip()
    if len(value) > EMAIL_MAX:
        raise AnswerError(copy.EMAIL_TOO_LONG)
    try:
        checked = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise AnswerError(copy.EMAIL_INVALID.format(text=value[:80])) from None
    return checked.normalized.lower()


def parse_number(text: str) -> int:
    folded = fold(text).replace(" ", "")
    if not re.fullmatch(r"[0-9]+", folded):
        raise AnswerError(copy.NUMBER_EXPECTED)
    digits = folded.lstrip("0") or "0"
    # A hundred digits would make a huge int for nothing: the range check is all it needs.
    value = int(digits) if len(digits) <= 7 else 100_001
    if value > 100_000:
        raise AnswerError(copy.NUMBER_RANGE)
    return value


def parse_choice(text: str, spec: FieldSpec) -> str:
    assert spec.choices is not None
    wanted = fold(text)
    for member in spec.choices:
        # A code ("C", "vae") is fine, but not a digit: "3" alone is a number, not a level.
        code = fold(member.value)
        # "Niveau 7" for "Niveau 7 (Master, ingénieur)": the label without its examples.
        short = fold(member.label.split(" (")[0])
        # "Admis(e)": "admis" and "admise" both name it.
        forms = {fold(member.label.replace("(e)", "")), fold(member.label.replace("(e)", "e"))}
        if wanted in (fold(member.label), short, *forms) or (wanted == code and not code.isdigit()):
            return member.value
    raise AnswerError(copy.CHOICE_EXPECTED)


def parse_yesno(text: str) -> bool:
    answer = fold(text)
    if answer in ("oui", "o", "yes"):
        return True
    if answer in ("non", "n", "no"):
        return False
    raise AnswerError(copy.YESNO_EXPECTED)


def check_past(spec: FieldSpec, when: PartialDate) -> PartialDate:
    """A date of something done (``Ask.past``) that lies ahead is refused, and one outside
    its plausible years (``Ask.years_ago``)."""
    now = today()
    if spec.ask.past and when.key > (now.year, now.month, now.day):
        raise AnswerError(copy.DATE_FUTURE.format(date=when.french()))
    if spec.ask.years_ago is not None:
        youngest, oldest = spec.ask.years_ago
        first, last = now.year - oldest, now.year - youngest
        if not first <= when.year <= last:
            raise AnswerError(copy.DATE_BETWEEN.format(first=first, last=last))
    return when


def parse_answer(spec: FieldSpec, text: str) -> Any:
    """A typed answer to ``spec``, in the form stored in a draft's JSON."""
    match spec.kind:
        case "text" | "longtext":
            return parse_text(text, spec)
        case "date":
            return check_past(spec, parse_date(text)).to_storage()
        case "duration":
            return parse_duration(text).to_storage()
        case "number":
            return parse_number(text)
        case "choice":
            return parse_choice(text, spec)
        case "yesno":
            return parse_yesno(text)
        case "links":
            raise AnswerError(copy.LINKS_TAP)
    raise AssertionError(spec.kind)


def check_order(rub: Rubrique, data: Mapping[str, Any]) -> None:
    """Dates that must not precede another (a fin before its début) are refused, and a
    result for a session still to come."""
    now = today()
    for spec in rub.fields:
        after, value = spec.ask.known_after, data.get(spec.name)
        if after and not is_blank(value) and value != spec.ask.pending:
            when = data.get(after)
            if not is_blank(when) and PartialDate.from_storage(when).key > (
                now.year,
                now.month,
                now.day,
            ):
                pending = show_value(spec, spec.ask.pending) if spec.ask.pending else ""
                raise AnswerError(
                    copy.RESULT_AHEAD.format(
                        date=PartialDate.from_storage(when).french(), pending=pending
                    )
                )
    for spec in rub.fields:
        start_name = spec.ask.not_before
        if not start_name or is_blank(data.get(spec.name)) or is_blank(data.get(start_name)):
            continue
        end = PartialDate.from_storage(data[spec.name])
        start = PartialDate.from_storage(data[start_name])
        if end.last_key < start.key:
            start_spec = next(f for f in rub.fields if f.name == start_name)
            raise AnswerError(
                copy.DATE_ORDER.format(
                    end_label=spec.label,
                    end=end.french(),
                    start_label=start_spec.label,
                    start=start.french(),
                )
            )
