"""The question's screen: what a typed answer, a file, each of its buttons and ``/aide``
do while a field is asked (``asking`` writes the entry they make)."""

from dialogs import copy
from dialogs.numbers import parse_id
from dialogs.rubriques import asking, entries, lines
from dialogs.state import Draft
from dialogs.turn import Turn
from dialogs.widgets import AnswerError, check_past, parse_answer
from livret import references
from livret.catalogue import rubrique
from livret.fields import FieldSpec


async def typed_answer(t: Turn) -> None:
    spec = asking.current_spec(t)
    if spec is None:
        t.note(copy.NO_TEXT_HERE)
        return
    try:
        value = parse_answer(spec, t.incoming.text)
    except AnswerError as error:
        if not await _range_answer(t, spec):
            await asking.ask(t, spec, str(error))
        return
    active = t.state.active()
    listed = spec.ask.listed
    if listed and active is not None and references.options(listed, active.data):
        option = references.exact(listed, active.data, value)
        if option is None:
            # A few letters of a cadre d'emplois: the closest ones offered, or the words kept.
            active.query = value
            found = references.search(listed, active.data, value)
            said = copy.LISTED_FOUND if found else copy.LISTED_NONE.format(text=value)
            await asking.ask(t, spec, said)
            return
        await asking.answer(t, option.label, option.fills)
        return
    await asking.answer(t, value)


async def _range_answer(t: Turn, spec: FieldSpec) -> bool:
    """ "du 10 au 12 mai 2022" where a start is asked: the start, and its end when the
    rubrique has one; False if the answer is no such range."""
    active = t.state.active()
    if active is None or spec.kind != "date":
        return False
    try:
        found = lines.read_range(t.incoming.text)
    except AnswerError as error:
        await asking.ask(t, spec, str(error))
        return True
    if found is None:
        return False
    end_spec = next(
        (s for s in rubrique(active.rubrique).fields if s.ask.not_before == spec.name), None
    )
    start, end = found
    if end_spec is None or end is None or end.last_key < start.key:
        return False
    try:
        check_past(spec, start)
        check_past(end_spec, end)
    except AnswerError as error:
        await asking.ask(t, spec, str(error))
        return True
    await asking.answer(t, start.to_storage(), {end_spec.name: end.to_storage()})
    return True


async def redraw(t: Turn) -> None:
    """The question asked again, as it was, below a help or a reply to a command."""
    spec = asking.current_spec(t)
    if spec is not None:
        await asking.ask(t, spec)


async def reask(t: Turn) -> None:
    """A file or a sticker where an answer is awaited: the question again, saying how."""
    spec = asking.current_spec(t)
    if spec is None:
        t.note(copy.NO_FILE_HERE)
        return
    problem = copy.TEXT_EXPECTED
    if spec.kind in ("choice", "yesno"):
        problem = copy.CHOICE_EXPECTED
    elif spec.kind == "links":
        problem = copy.LINKS_TAP
    await asking.ask(t, spec, problem)


def help_text(t: Turn) -> str:
    """``/aide`` on a question: the question and what its field is for."""
    spec = asking.current_spec(t)
    if spec is None:
        return copy.HELP_GENERAL
    text = copy.HELP_FIELD.format(question=spec.ask.question, help=spec.ask.help)
    if spec.optional:
        text += "\n" + copy.HELP_OPTIONAL
    if not t.activated:
        text += "\n\n" + copy.HELP_ONBOARDING
    return text + "\n\n" + copy.HINT_COMMANDS


def _asked(t: Turn) -> tuple[FieldSpec, Draft] | None:
    spec, active = asking.current_spec(t), t.state.active()
    return None if spec is None or active is None else (spec, active)


async def tap_value(t: Turn, arg: str) -> bool:
    """A choice, or "Oui" / "Non"."""
    asked = _asked(t)
    if asked is None:
        return False
    spec = asked[0]
    if spec.kind == "choice":
        assert spec.choices is not None
        if arg not in {m.value for m in spec.choices}:
            return False
        await asking.answer(t, arg)
    elif spec.kind == "yesno" and arg in ("0", "1"):
        await asking.answer(t, arg == "1")
    else:
        return False
    return True


async def tap_skip(t: Turn, arg: str) -> bool:
    """Skip ("Passer") a new entry's field, clear ("Effacer") a saved one's: if optional."""
    asked = _asked(t)
    if asked is None or not asked[0].optional:
        return False
    await asking.skip(t)
    return True


def _links_number(t: Turn, arg: str) -> int | None:
    """The entry or page a links question's button names; None on another question."""
    asked = _asked(t)
    return parse_id(arg) if asked is not None and asked[0].kind == "links" else None


async def tap_link(t: Turn, arg: str) -> bool:
    number = _links_number(t, arg)
    return number is not None and await asking.toggle_link(t, number)


async def tap_link_page(t: Turn, arg: str) -> bool:
    number = _links_number(t, arg)
    return number is not None and await asking.turn_link_page(t, number)


async def tap_validate(t: Turn, arg: str) -> bool:
    asked = _asked(t)
    if asked is None or asked[0].kind != "links":
        return False
    await asking.validate_links(t)
    return True


async def tap_back(t: Turn, arg: str) -> bool:
    """Back from the change of one field: to the entry, or to the draft's summary."""
    asked = _asked(t)
    if asked is None or not asked[1].one_field:
        return False
    change = t.state.change
    assert change is not None
    t.state.change = None
    if change.entry_id is not None:
        await entries.show_entry(t, change.entry_id)
    else:
        await asking.show_summary(t)
    return True


async def tap_offer(t: Turn, arg: str) -> bool:
    """A one-tap answer (``offers``)."""
    number = parse_id(arg)
    return number is not None and await asking.take_offer(t, number)


async def tap_other(t: Turn, arg: str) -> bool:
    """ "Autre (préciser)": the answer is typed; the question stays."""
    asked = _asked(t)
    if asked is None or not asked[0].ask.suggest:
        return False
    t.note(copy.OTHER_TYPE_IT)
    return True
