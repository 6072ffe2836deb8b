"""An entry typed in one message, as people write it: ``Gestion budgétaire, du 15 au 17
mars 2021, 3 jours, CNFPT``. Read from the rubrique's declaration alone: the message is
cut at its commas, semicolons and dashes; each piece goes to the first field of its kind
still empty (a date or a range of dates, a duration, a choice named by its label); the
words left are the short texts, in the order the fields are declared. Nothing is guessed:
what is not understood is said (a problem, or a piece no field takes), and asked."""

import re
from dataclasses import dataclass, field
from typing import Any

from dialogs import copy
from dialogs.state import Draft
from dialogs.widgets import (
    AnswerError,
    check_order,
    check_past,
    fold,
    looks_like_duration,
    parse_choice,
    parse_date,
    parse_duration,
    parse_text,
)
from livret.catalogue import Rubrique
from livret.fields import FieldSpec
from livret.values import PartialDate

# What a message can give: long texts and links are completed on the card.
READ_KINDS = ("text", "date", "duration", "choice")
# Where a message is cut: ";", "|", a comma (but not a decimal one: "1,5 jour"), a dash
# between spaces, an en or em dash.
_CUT = re.compile(r"\s*[;|]\s*|\s*,\s*|\s+-\s+|\s*[–—]\s*")
_DECIMAL = re.compile(r"(?<!\d)\d{1,3}$")
# "du 15 au 17 mars 2021", "de 2019 à 2021", "2019 à 2021", "5 et 6 juin 2023".
_RANGE = re.compile(r"^(?:(?:du|de)\s+)?(.+?)\s+(?:au|a|jusqu'au|jusqu'a)\s+(.+)$")
_PAIR = re.compile(r"^(\d{1,2})(?:er)?\s+et\s+(.+)$")
_YEARS = re.compile(r"^(\d{4})\s*[-/]\s*(\d{4})$")
# What says that something has not ended.
_ONGOING = {"en cours", "a ce jour", "aujourd'hui", "actuellement", "a aujourd'hui"}
# A piece that looks like a date even when it is not one we read ("03/04", "32/13/2021").
_DATE_LIKE = re.compile(r"^\d{1,2}\s*[/.]\s*\d{1,2}(\s*[/.]\s*\d{2,4})?$|^\d{4}$")


@dataclass
class Reading:
    """What a message gave: values in their stored form, what could not be taken (French
    sentences to show), the fields those were about (asked), and the pieces no field
    could take."""

    data: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    troubled: set[str] = field(default_factory=set)
    unplaced: list[str] = field(default_factory=list)
    # Ends said to be still open ("à ce jour"): not asked.
    ongoing: set[str] = field(default_factory=set)


@dataclass
class Card:
    """An entry read from one line, as a draft: what to say of it, what it lacks."""

    draft: Draft
    problems: list[str]
    # The required fields not given, by their labels; and whether anything is to be asked.
    missing: list[str]
    to_ask: bool


def card_of(rub: Rubrique, line: str) -> Card:
    return carded(rub, read_line(rub, line))


def carded(rub: Rubrique, reading: Reading) -> Card:
    """What was read (from a line, from an attestation) as a card: dates ahead or out of
    order asked again, the optional fields not given offered rather than asked."""
    data = reading.data
    problems = list(reading.problems)
    for spec in rub.fields:
        if spec.kind == "date" and spec.name in data:
            try:
                check_past(spec, PartialDate.from_storage(data[spec.name]))
            except AnswerError as error:
                # A thing done that lies ahead: asked again, not kept.
                problems.append(str(error))
                del data[spec.name]
                reading.troubled.add(spec.name)
    try:
        check_order(rub, data)
    except AnswerError as error:
        # A fin before its début: both are asked again rather than one guessed.
        problems.append(str(error))
        for spec in rub.fields:
            if spec.kind == "date" and spec.name in data:
                del data[spec.name]
                reading.troubled.add(spec.name)
    problems += [copy.LINE_UNPLACED.format(text=text) for text in reading.unplaced]
    # The optional fields not given are offered on the card, not asked; but an end the
    # line did not say is open ("Je l'occupe toujours") is asked.
    skipped = [
        s.name
        for s in rub.fields
        if s.optional
        and s.name not in data
        and s.name not in reading.troubled
        and (not s.ask.asked or s.name in reading.ongoing)
    ]
    missing = [
        s.label.lower()
        for s in rub.fields
        if s.in_round and s.name not in data and s.name not in skipped
    ]
    draft = Draft(rubrique=rub.code, data=data, skipped=skipped)
    return Card(draft, problems, missing, bool(missing or reading.troubled - set(data)))


def takes_lines(rub: Rubrique) -> bool:
    return rub.repeatable


def both_ways(rub: Rubrique) -> str:
    """The rubrique screen's line that says an entry may be typed in one message."""
    # An end is read with its start ("du 15 au 17 mars"): the start names both.
    labels = [s.label for s in rub.fields if s.kind in READ_KINDS and not s.ask.not_before]
    fields = ", ".join(label[0].lower() + label[1:] for label in labels)
    return copy.RUBRIQUE_BOTH_WAYS.format(fields=fields)


def _cut(text: str) -> list[tuple[str, str]]:
    """The pieces, each with the separator before it (kept to rejoin words as typed)."""
    pieces: list[tuple[str, str]] = []
    start, before = 0, ""
    for found in _CUT.finditer(text):
        if (
            found[0] == ","
            and _DECIMAL.search(text[: found.start()])
            and text[found.end() :][:1].isdigit()
        ):
            # "1,5 jour", not "2023,1 jour": a number of at most three digits before.
            continue
        pieces.append((before, text[start : found.start()]))
        start, before = found.end(), found[0]
    pieces.append((before, text[start:]))
    return [(sep, piece.strip()) for sep, piece in pieces if piece.strip()]


def _date(text: str) -> PartialDate:
    return parse_date(re.sub(r"^(\d{1,2})er\b", r"\1", text.strip()))


def read_range(piece: str) -> tuple[PartialDate, PartialDate | None] | None:
    """A range of dates typed where one date is asked; None if it is none. Raises
    ``AnswerError`` for one whose dates are wrong."""
    return _range(piece)


def _range(piece: str) -> tuple[PartialDate, PartialDate | None] | None:
    """A range of dates (its end None when it goes on to this day); None if the piece is no
    range. Raises ``AnswerError`` for one whose dates are wrong."""
    folded = fold(piece)
    if m := _YEARS.match(folded):
        return _date(m[1]), _date(m[2])
    m = _PAIR.match(folded) or _RANGE.match(folded)
    if m is None or not re.search(r"\d", m[1]):
        # "De la théorie à la pratique" is a title, not a range.
        return None
    first, last = m[1], m[2]
    if last in _ONGOING:
        return _date(first), None
    if not re.search(r"\d", last):
        return None
    end = _date(last)
    day = re.fullmatch(r"(\d{1,2})(?:er)?", first)
    if day and end.month is not None:
        # "du 15 au 17 mars 2021": the start takes the end's month and year.
        return _date(f"{day[1]}/{end.month}/{end.year}"), end
    try:
        return _date(first), end
    except AnswerError:
        # "du 15 mars au 2 avril 2021": the start takes the end's year.
        return _date(f"{first} {end.year}"), end


def read_line(rub: Rubrique, text: str) -> Reading:
    reading = Reading()
    data = reading.data
    specs = list(rub.fields)
    text = _labels_with_commas(specs, text, reading)
    # The words no typed field took, in order. A piece that goes on in lower case after
    # words ("Hygiène, sécurité et conditions de travail") is the same text, rejoined as
    # typed; one that starts anew ("…, Ville de Lyon") is the next field's.
    words: list[str] = []
    after_words = False
    for sep, piece in _cut(text):
        if _take(specs, piece, reading):
            after_words = False
            continue
        if after_words and piece[0].islower():
            words[-1] = f"{words[-1]}{sep}{piece}"
        else:
            words.append(piece)
        after_words = True
    texts = iter(s for s in specs if s.kind == "text" and s.name not in data)
    for piece in words:
        spec = next(texts, None)
        if spec is None:
            reading.unplaced.append(piece)
            continue
        try:
            data[spec.name] = parse_text(piece, spec)
        except AnswerError:
            said = copy.LINE_TOO_LONG_OPTIONAL if spec.optional else copy.LINE_TOO_LONG
            if not spec.optional:
                reading.troubled.add(spec.name)
            reading.problems.append(
                said.format(label=spec.label, length=len(piece), limit=spec.max_len)
            )
    return reading


def _labels_with_commas(specs: list[FieldSpec], text: str, reading: Reading) -> str:
    """A choice whose label holds a comma ("Niveau 7 (Master, ingénieur)") is found in the
    whole message before it is cut, and taken out of it."""
    for spec in specs:
        if spec.kind != "choice" or spec.name in reading.data or spec.choices is None:
            continue
        for member in sorted(spec.choices, key=lambda m: -len(m.label)):
            if "," not in member.label:
                continue
            at = fold(text).find(fold(member.label))
            if at >= 0:
                reading.data[spec.name] = member.value
                text = f"{text[:at]}; {text[at + len(member.label) :]}"
                break
    return text


def _take(specs: list[FieldSpec], piece: str, reading: Reading) -> bool:
    """Puts the piece in the first empty field of its kind; False if it is words. A piece
    of a kind whose fields are all taken (a second date) is set aside, not taken as words."""
    data = reading.data
    folded = fold(piece)
    for spec in (s for s in specs if s.kind == "choice" and s.name not in data):
        try:
            data[spec.name] = parse_choice(piece, spec)
            return True
        except AnswerError:
            continue
    dates = [s for s in specs if s.kind == "date" and s.name not in data]
    ends = [s.name for s in specs if s.kind == "date" and s.ask.not_before]
    if folded in _ONGOING:
        # "2019 — à ce jour": the end stays empty, where there is an end.
        if not ends:
            reading.unplaced.append(piece)
        reading.ongoing.update(ends)
        return True
    if folded.startswith("depuis ") and dates:
        # "depuis 2019": a start, and no end.
        reading.ongoing.update(ends)
    try:
        found = _range(piece)
    except AnswerError as error:
        reading.problems.append(copy.LINE_DATE_PROBLEM.format(text=piece, problem=_lower(error)))
        reading.troubled.update(s.name for s in dates[:1])
        return True
    if found is not None:
        return _put_range(dates, piece, found, reading)
    if _DATE_LIKE.match(folded) or _is_date(piece):
        if not dates:
            reading.unplaced.append(piece)
            return True
        try:
            data[dates[0].name] = _date(piece).to_storage()
        except AnswerError as error:
            reading.problems.append(
                copy.LINE_DATE_PROBLEM.format(text=piece, problem=_lower(error))
            )
            reading.troubled.add(dates[0].name)
        return True
    if looks_like_duration(piece) and (re.match(r"^-?\d", folded) or _is_duration(piece)):
        duration = next((s for s in specs if s.kind == "duration" and s.name not in data), None)
        if duration is None:
            reading.unplaced.append(piece)
            return True
        try:
            data[duration.name] = parse_duration(piece).to_storage()
        except AnswerError as error:
            reading.problems.append(
                copy.LINE_DATE_PROBLEM.format(text=piece, problem=_lower(error))
            )
            reading.troubled.add(duration.name)
        return True
    return False


def _put_range(
    dates: list[FieldSpec],
    piece: str,
    found: tuple[PartialDate, PartialDate | None],
    reading: Reading,
) -> bool:
    start, end = found
    if not dates:
        reading.unplaced.append(piece)
        return True
    if end is not None and end.last_key < start.key:
        reading.problems.append(copy.LINE_RANGE_BACKWARDS.format(text=piece))
        reading.troubled.add(dates[0].name)
        return True
    first = dates[0]
    following = next((s for s in dates[1:] if s.ask.not_before == first.name), None)
    if following is not None:
        reading.data[first.name] = start.to_storage()
        if end is not None:
            reading.data[following.name] = end.to_storage()
        else:
            reading.ongoing.add(following.name)
    elif first.name == "date_debut":
        # A bilan's or a tutorat's one date is when it began: the card shows it.
        reading.data[first.name] = start.to_storage()
    else:
        # One date, not a start (a diplôme's obtention): which one is not guessed.
        reading.problems.append(copy.LINE_ONE_DATE.format(text=piece, label=first.label))
        reading.troubled.add(first.name)
    return True


def _is_date(piece: str) -> bool:
    try:
        _date(piece)
    except AnswerError:
        return False
    return True


def _is_duration(piece: str) -> bool:
    try:
        parse_duration(piece)
    except AnswerError:
        return False
    return True


def _lower(error: Exception) -> str:
    """A sentence said after a colon: no capital."""
    said = str(error)
    return said[:1].lower() + said[1:]
