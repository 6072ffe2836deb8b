"""An entry typed in one message on its rubrique's screen: read (``lines``), then the
required fields it lacks asked one by one, then its card to save or correct, as an entry
written question by question ends. Nothing is saved before the card is confirmed."""

from dialogs import copy
from dialogs.rubriques import asking, lines
from dialogs.state import Draft
from dialogs.turn import Turn
from dialogs.widgets import AnswerError, check_order
from livret.catalogue import rubrique


async def typed_entry(t: Turn) -> None:
    code = t.state.rubrique
    if code is None or not lines.takes_lines(rubrique(code)):
        t.note(copy.NO_TEXT_HERE)
        return
    rub = rubrique(code)
    pending = t.state.draft
    if pending is not None and pending.answered():
        # The entry being written is not dropped for this one.
        t.say(copy.LINE_DRAFT_PENDING.format(singular=rubrique(pending.rubrique).singular))
        asking.show_resume(t)
        return
    written = [line for line in t.incoming.text.splitlines() if line.strip()]
    if len(written) > 1:
        t.note(copy.LINE_ONE_AT_A_TIME)
        return
    reading = lines.read_line(rub, written[0] if written else "")
    data = reading.data
    problems = list(reading.problems)
    try:
        check_order(rub, data)
    except AnswerError as error:
        # A fin before its début: both are asked again rather than one guessed.
        problems.append(str(error))
        for spec in rub.fields:
            if spec.kind == "date":
                data.pop(spec.name, None)
    problems += [copy.LINE_UNPLACED.format(text=text) for text in reading.unplaced]
    # The optional fields not given are offered on the card, not asked.
    skipped = [
        s.name
        for s in rub.fields
        if s.optional and s.name not in data and s.name not in reading.troubled
    ]
    t.state.draft = Draft(rubrique=code, data=data, skipped=skipped)
    t.state.then_add = None
    missing = [s.label.lower() for s in rub.fields if not s.optional and s.name not in data]
    said = copy.LINE_PARTLY.format(missing=", ".join(missing)) if missing else copy.LINE_UNDERSTOOD
    if missing or reading.troubled - set(data):
        # What is missing or was not taken is asked, in the order of the fields.
        t.say("\n".join([*problems, said]))
        await asking.ask_next(t)
    else:
        await asking.show_summary(t, "\n".join([*problems, said]))
