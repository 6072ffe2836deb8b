"""An entry typed in one message on its rubrique's screen: read (``lines``), then the
required fields it lacks asked one by one, then its card to save or correct, as an entry
written question by question ends. Nothing is saved before the card is confirmed."""

from dialogs import copy, views
from dialogs.rubriques import asking, batch, lines, linked
from dialogs.turn import Turn
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
    if len(written) > 1 and t.state.batch:
        # One list at a time: the one waiting is not replaced.
        t.say(copy.LINES_PENDING)
        await batch.show(t)
        return
    # Typed from a formation's card: linked to it.
    data, origin = linked.preset(t)
    if len(written) > 1:
        await batch.read(t, rub, written, data, origin)
        return
    card = lines.card_of(rub, written[0] if written else "")
    card.draft.data.update(data)
    card.draft.origin = origin
    t.state.draft = card.draft
    t.state.then_add = None
    said = (
        copy.LINE_PARTLY.format(missing=", ".join(card.missing))
        if card.missing
        else copy.LINE_UNDERSTOOD
    )
    if card.to_ask:
        # What was understood, then what is missing or was not taken, asked in order.
        understood = views.card(rub, card.draft.data, {}, open_ends=False)
        t.say("\n".join([*card.problems, said, "", understood]))
        await asking.ask_next(t)
    else:
        await asking.show_summary(t, "\n".join([*card.problems, said]))
