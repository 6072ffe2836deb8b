"""Writing an entry: fields asked one at a time, answers saved at once, a summary to save.

Serves new entries (the resumable ``draft``) and the change of one field of a
saved entry (``change``), from the same field declarations.
"""

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from dialogs import copy
from dialogs.home import menu
from dialogs.rubriques import attached, completing, entries, offers
from dialogs.state import Draft
from dialogs.turn import Btn, Turn, pager
from dialogs.views import (
    all_link_titles,
    card,
    link_button,
    link_targets,
    link_titles,
    shorten,
    shorten_middle,
    toggled,
)
from dialogs.widgets import AnswerError, check_order
from livret import references
from livret.catalogue import Rubrique, rubrique
from livret.display import show_value
from livret.fields import FieldSpec, field_spec, is_blank
from livret.selection import IDENTITE
from livret.values import PartialDate

# Entries a links question shows at once; more are on further pages.
LINKS_PAGE = 10


# Telegram shows about this much of a button alone on its row.
LISTED_BUTTON_MAX = 64
# One-tap answers on one row at most: years fit five to a row, words three.
ROW_OF = {"date": 5, "duration": 3}


def _fields(draft: Draft) -> list[FieldSpec]:
    """The fields asked one by one: the required ones (the optional are on the card)."""
    specs = rubrique(draft.rubrique).fields
    if draft.only is not None:
        return [s for s in specs if s.name in draft.only]
    return [s for s in specs if s.in_round]


async def start_add(t: Turn, code: str) -> None:
    current = t.state.draft
    if current is not None and (current.rubrique == code or current.answered() == 0):
        if current.rubrique == code and current.answered():
            t.say(copy.RESUMING)
            await ask_next(t)
            return
        t.state.draft = None
    if t.state.draft is not None:
        show_resume(t, then_add=code)
        return
    t.state.draft = Draft(rubrique=code)
    await ask_next(t)


def show_resume(t: Turn, then_add: str | None = None) -> None:
    """Offer the unfinished draft; dropping it goes on to ``then_add`` when given."""
    draft = t.state.draft
    assert draft is not None
    t.state.screen = "resume"
    t.state.then_add = then_add
    drop = copy.RESUME_DROP
    if then_add is not None:
        drop = copy.RESUME_DROP_AND_ADD.format(singular=rubrique(then_add).singular)
    answered = draft.answered()
    resume = copy.RESUME_ONE if answered == 1 else copy.RESUME
    t.say(
        resume.format(singular=rubrique(draft.rubrique).singular, answered=answered),
        [[Btn(copy.RESUME_YES, "resume")], [Btn(drop, "drop")]],
    )


async def drop(t: Turn) -> None:
    # A line of a pasted list being completed stays on the list (``batch``).
    target, t.state.then_add, t.state.draft = t.state.then_add, None, None
    if target is None:
        await menu.show_menu(t, copy.DROPPED)
    else:
        t.say(copy.DROPPED)
        await start_add(t, target)


async def resume(t: Turn) -> None:
    if t.state.draft is None:
        await menu.show_menu(t)
        return
    t.state.change = None
    t.state.then_add = None
    t.say(copy.RESUMING)
    await ask_next(t)


async def ask_next(t: Turn, said: str | None = None) -> None:
    """The next question the draft lacks, else its card; ``said`` comes before it."""
    draft = t.state.draft
    assert draft is not None
    for spec in _fields(draft):
        if spec.name not in draft.data and spec.name not in draft.skipped:
            await ask(t, spec, said)
            return
    if draft.only is not None:
        await save(t)
    else:
        await show_summary(t, said)


async def ask(t: Turn, spec: FieldSpec, error: str | None = None) -> None:
    active = t.state.active()
    assert active is not None
    active.field = spec.name
    t.state.screen = "ask"
    titles = await link_titles(t.tx, t.agent_id, spec.link_rubriques, tag=True)
    if spec.kind == "links" and not titles:
        await _no_link_targets(t, spec)
        return
    lines = [error] if error else []
    question = spec.ask.question
    specs = _fields(active)
    if active is t.state.draft and not active.one_field and len(specs) > 1 and spec in specs:
        step = copy.QUESTION_STEP.format(index=specs.index(spec) + 1, count=len(specs))
        question = step + question
    lines.append(question)
    current = active.data.get(spec.name)
    if active.one_field and not is_blank(current) and spec.kind != "links":
        lines.append(copy.CURRENT_VALUE.format(value=show_value(spec, current, titles)))
    if spec.ask.skip_label and not active.one_field:
        # An optional field asked all the same: its help says what passing it means.
        lines.append(spec.ask.help)
    hint = {
        "date": copy.HINT_DATE if spec.ask.recent else copy.HINT_DATE_LONG_AGO,
        "duration": copy.HINT_DURATION,
        "longtext": copy.HINT_LONG.format(limit=spec.max_len),
        "choice": copy.HINT_CHOICE,
        "yesno": copy.HINT_CHOICE,
        "links": copy.HINT_LINKS,
        "number": copy.HINT_NUMBER,
    }.get(spec.kind)
    if hint:
        lines.append(hint)
    rows = await _offered(t, spec, active)
    if rows and spec.kind == "text" and not active.query:
        lines.append(copy.HINT_OFFERS)
    elif spec.ask.listed and references.options(spec.ask.listed, active.data):
        lines.append(copy.HINT_LISTED)
    rows += _answer_buttons(spec, current, titles, active.page)
    pages = -(-len(titles) // LINKS_PAGE)
    if spec.kind == "links" and pages > 1:
        lines.append(copy.LINKS_PAGE.format(page=active.page + 1, pages=pages))
    # "Valider" with nothing ticked already says "none": no skip button for links.
    if spec.optional and not active.one_field and spec.kind != "links":
        rows.append([Btn(spec.ask.skip_label or copy.SKIP, "skip")])
    if active.one_field:
        if spec.optional and not is_blank(current) and spec.kind != "links":
            rows.append([Btn(copy.CLEAR, "clear")])
        rows.append([Btn(copy.BACK, "back")])
    elif active.entry_id is not None and active.only:
        # A round over a saved entry (the situation): leaving it keeps what was answered.
        rows.append([Btn(copy.ROUND_LATER, "later")])
    t.say("\n".join(lines), rows)
    # A number is the answer here ("2021", "3" asking its unit), never a button.
    t.replies[-1].number_answer = spec.kind in ("number", "date", "duration")
    t.replies[-1].typed_answer = spec.kind not in ("choice", "yesno", "links")


async def _offered(t: Turn, spec: FieldSpec, active: Draft) -> list[list[Btn]]:
    """The one-tap answers (``offers``), a few to a row; "Autre" after suggested words."""
    found = await offers.offers(t.tx, t.agent_id, spec, active)
    # A grade is told from another by its last words ("… de 1re classe"): they are kept.
    if spec.ask.listed:
        labels = [shorten_middle(o.label, LISTED_BUTTON_MAX) for o in found]
    else:
        labels = [shorten(o.label) for o in found]
    buttons = [Btn(label, f"sg:{n}") for n, label in enumerate(labels)]
    width = ROW_OF.get(spec.kind, 1)
    rows = [buttons[i : i + width] for i in range(0, len(buttons), width)]
    if spec.ask.suggest:
        rows.append([Btn(copy.OTHER_ANSWER, "other")])
    return rows


async def take_offer(t: Turn, number: int) -> bool:
    """A one-tap answer; False if the question offers no such one (an old button)."""
    spec, active = current_spec(t), t.state.active()
    if spec is None or active is None:
        return False
    found = await offers.offers(t.tx, t.agent_id, spec, active)
    if not 0 <= number < len(found):
        return False
    offer = found[number]
    await answer(t, offer.value, offer.fills)
    return True


def _answer_buttons(
    spec: FieldSpec, current: Any, titles: dict[int, str], page: int
) -> list[list[Btn]]:
    if spec.kind == "choice":
        assert spec.choices is not None
        return [[Btn(m.label, f"v:{m.value}")] for m in spec.choices]
    if spec.kind == "yesno":
        return [[Btn(copy.YES, "v:1"), Btn(copy.NO, "v:0")]]
    if spec.kind == "links":
        chosen = set(current or [])
        shown = list(titles.items())[page * LINKS_PAGE : (page + 1) * LINKS_PAGE]
        rows = [
            [
                Btn(
                    f"{copy.CHECKED if i in chosen else copy.UNCHECKED} {link_button(title)}",
                    f"t:{i}",
                )
            ]
            for i, title in shown
        ]
        rows += pager(page, (page + 1) * LINKS_PAGE < len(titles), "pg:{page}")
        rows.append([Btn(copy.VALIDATE, "ok")])
        return rows
    return []


async def _no_link_targets(t: Turn, spec: FieldSpec) -> None:
    active = t.state.active()
    assert active is not None
    names = copy.OR.join(f"« {r.title} »" for r in link_targets(spec))
    t.say(copy.NO_LINK_TARGETS.format(titles=names))
    await _after_answer(t, spec, None, skipped=True)


def current_spec(t: Turn) -> FieldSpec | None:
    active = t.state.active()
    if active is None or active.field is None:
        return None
    return field_spec(rubrique(active.rubrique).model, active.field)


async def answer(t: Turn, value: Any, fills: Mapping[str, Any] | None = None) -> None:
    """Take a value (already read by a widget) for the field being asked, and the other
    fields it fills (a cadre d'emplois its catégorie)."""
    spec = current_spec(t)
    active = t.state.active()
    assert spec is not None and active is not None
    trial = {**active.data, **(fills or {}), spec.name: value}
    try:
        check_order(rubrique(active.rubrique), trial)
        if spec.kind == "date" and active.rubrique != IDENTITE:
            await _after_birth(t, value)
    except AnswerError as error:
        await ask(t, spec, str(error))
        return
    active.data.update(fills or {})
    await _after_answer(t, spec, value)


# No diplôme, formation or emploi of one's own before this age.
YOUNGEST = 14


async def _after_birth(t: Turn, value: str) -> None:
    """A date of the agent's career that lies before they were old enough to have one."""
    said = _too_young(await _born(t), value)
    if said:
        raise AnswerError(said)


async def _born(t: Turn) -> PartialDate | None:
    found = await t.tx.entries(t.agent_id, IDENTITE)
    return getattr(found[0].data, "date_naissance", None) if found else None


def _too_young(born: PartialDate | None, value: str) -> str | None:
    when = PartialDate.from_storage(value)
    if born is None or when.year >= born.year + YOUNGEST:
        return None
    return copy.DATE_BEFORE_AGE.format(date=when.french(), age=YOUNGEST, born=born.french())


async def before_age(t: Turn, draft: Draft) -> bool:
    """A draft written in one go (a line, a list, a file) checked as a question would be:
    a career date before the agent was 14 is taken out, said, and asked again."""
    if draft.rubrique == IDENTITE:
        return False
    born = await _born(t)
    wrong = False
    for spec in rubrique(draft.rubrique).fields:
        value = draft.data.get(spec.name)
        said = _too_young(born, value) if spec.kind == "date" and not is_blank(value) else None
        if said:
            del draft.data[spec.name]
            draft.notes.append(said)
            wrong = True
    return wrong


async def skip(t: Turn) -> None:
    spec = current_spec(t)
    assert spec is not None
    await _after_answer(t, spec, None, skipped=True)


async def toggle_link(t: Turn, entry_id: int) -> bool:
    """Tick or untick one linked entry; False if it is not one the agent may link."""
    spec = current_spec(t)
    active = t.state.active()
    assert spec is not None and active is not None
    titles = await link_titles(t.tx, t.agent_id, spec.link_rubriques)
    if entry_id not in titles:
        return False
    active.data[spec.name] = toggled(active.data.get(spec.name), entry_id)
    await ask(t, spec)
    t.replies[-1].replace = True
    return True


async def turn_link_page(t: Turn, page: int) -> bool:
    spec = current_spec(t)
    active = t.state.active()
    assert spec is not None and active is not None
    titles = await link_titles(t.tx, t.agent_id, spec.link_rubriques)
    if not 0 <= page * LINKS_PAGE < len(titles):
        return False
    active.page = page
    await ask(t, spec)
    t.replies[-1].replace = True
    return True


async def validate_links(t: Turn) -> None:
    spec = current_spec(t)
    active = t.state.active()
    assert spec is not None and active is not None
    await _after_answer(t, spec, list(active.data.get(spec.name) or []))


async def _after_answer(t: Turn, spec: FieldSpec, value: Any, skipped: bool = False) -> None:
    active = t.state.active()
    assert active is not None
    if skipped and active.entry_id is None:
        active.data.pop(spec.name, None)
        if spec.name not in active.skipped:
            active.skipped.append(spec.name)
    elif skipped:
        active.data[spec.name] = [] if spec.kind == "links" else None
        active.skipped.append(spec.name)
    else:
        active.data[spec.name] = value
    active.field = None
    active.page = 0
    active.query = None
    if active.entry_id is not None and not active.one_field and active.only:
        await _round_on_saved(t)
    elif active.entry_id is not None:
        await _save_change(t)
    elif active is t.state.change and t.state.draft is not None:
        # A change made from the summary: only now does it reach the draft.
        t.state.draft.data, t.state.draft.skipped = active.data, active.skipped
        t.state.change = None
        await show_summary(t)
    else:
        await ask_next(t)


async def start_round(t: Turn, entry_id: int, names: list[str]) -> bool:
    """Ask these blank fields of a saved entry one after the other, each answer saved at
    once and each one passable (the situation, after activation); the menu after."""
    entry = await t.tx.entry(t.agent_id, entry_id)
    if entry is None:
        return False
    t.state.change = Draft(
        rubrique=entry.rubrique,
        entry_id=entry.id,
        data=entry.data.model_dump(mode="json"),
        only=names,
    )
    return await _next_in_round(t)


async def _next_in_round(t: Turn) -> bool:
    change = t.state.change
    assert change is not None and change.only is not None
    specs = [s for s in rubrique(change.rubrique).fields if s.name in change.only]
    for spec in specs:
        if is_blank(change.data.get(spec.name)) and spec.name not in change.skipped:
            await ask(t, spec)
            return True
    t.state.change = None
    return False


async def end_round(t: Turn) -> None:
    """ "Plus tard": the round stops, each answer given already saved."""
    t.state.change = None
    await menu.show_menu(t, copy.ROUND_LATER_DONE)


async def _round_on_saved(t: Turn) -> None:
    change = t.state.change
    assert change is not None and change.entry_id is not None
    rub = rubrique(change.rubrique)
    try:
        model = rub.model.model_validate(change.data)
    except ValidationError as error:
        t.state.change = None
        problem = copy.INVALID_ENTRY.format(problem=_first_problem(rub, error))
        await entries.show_entry(t, change.entry_id, problem)
        return
    if not await t.tx.update_entry(t.agent_id, change.entry_id, model):
        t.state.change = None
        await menu.show_menu(t, copy.ENTRY_GONE)
        return
    # What the answer filled besides itself (a cadre: its catégorie) is not asked.
    change.data = model.model_dump(mode="json")
    # Every question passed: nothing was noted, and saying so is not "C'est noté".
    passed_all = set(change.only or ()) <= set(change.skipped)
    if not await _next_in_round(t):
        await menu.show_menu(t, copy.ROUND_LATER_DONE if passed_all else copy.ROUND_DONE)


async def _save_change(t: Turn) -> None:
    change = t.state.change
    assert change is not None and change.entry_id is not None
    rub = rubrique(change.rubrique)
    t.state.change = None
    try:
        model = rub.model.model_validate(change.data)
    except ValidationError as error:
        problem = copy.INVALID_ENTRY.format(problem=_first_problem(rub, error))
        await entries.show_entry(t, change.entry_id, problem)
        return
    if not await t.tx.update_entry(t.agent_id, change.entry_id, model):
        await menu.show_menu(t, copy.ENTRY_GONE)
        return
    await entries.show_entry(t, change.entry_id, copy.CHANGED)


async def start_change(t: Turn, name: str) -> None:
    """Change one field: of the draft being summarised, or of the open saved entry."""
    draft = t.state.draft
    if t.state.entry_id is None and draft is not None:
        # A working copy: "Retour" or /annuler leave the draft as it was.
        t.state.change = draft.model_copy(deep=True, update={"one_field": True})
        await ask(t, field_spec(rubrique(draft.rubrique).model, name))
        return
    assert t.state.entry_id is not None
    entry = await t.tx.entry(t.agent_id, t.state.entry_id)
    if entry is None:
        await menu.show_menu(t, copy.ENTRY_GONE)
        return
    spec = field_spec(rubrique(entry.rubrique).model, name)
    t.state.change = Draft(
        rubrique=entry.rubrique,
        entry_id=entry.id,
        data=entry.data.model_dump(mode="json"),
        one_field=True,
    )
    await ask(t, spec)


async def show_summary(t: Turn, intro: str | None = None) -> None:
    draft = t.state.draft
    assert draft is not None
    rub = rubrique(draft.rubrique)
    t.state.screen = "summary"
    t.state.entry_id = None
    titles = await all_link_titles(t.tx, t.agent_id, rub)
    prune_links(rub, draft.data, titles)
    lines = [intro] if intro else []
    lines += [copy.SUMMARY.format(this=rub.this), "", card(rub, draft.data, titles)]
    more_lines, more_rows = await completing.offered(t, rub, draft.data, links=True)
    lines += more_lines
    rows = [
        [Btn(copy.SAVE, "save")],
        *more_rows,
        [Btn(copy.CHANGE_FIELD, "edit")],
        [Btn(copy.CANCEL, "cancel")],
    ]
    t.say("\n".join(lines), rows)


def prune_links(rub: Rubrique, data: dict[str, Any], titles: Mapping[int, str]) -> None:
    """Links to entries deleted meanwhile go: ``titles`` are those that still exist."""
    for spec in rub.fields:
        if spec.kind == "links" and data.get(spec.name):
            data[spec.name] = [i for i in data[spec.name] if i in titles]


async def save(t: Turn) -> None:
    """Validate the draft and store it as an entry (onboarding's too)."""
    draft = t.state.draft
    assert draft is not None
    rub = rubrique(draft.rubrique)
    prune_links(rub, draft.data, await all_link_titles(t.tx, t.agent_id, rub))
    if await before_age(t, draft):
        # Typed in one line, or read from a file: the date is asked again, and why said.
        await ask_next(t, draft.notes.pop())
        return
    try:
        model = rub.model.model_validate(draft.data)
    except ValidationError as error:
        await show_summary(t, copy.INVALID_ENTRY.format(problem=_first_problem(rub, error)))
        return
    # A rubrique with entries counts as filled whatever its "non concerné" mark says.
    entry_id = await t.tx.add_entry(t.agent_id, rub.code, model)
    t.state.draft = None
    # Read from an attestation: the file is its proof already.
    proved = draft.proof is not None and await attached.attach_held(t, entry_id, draft.proof)
    lost = draft.proof is not None and not proved
    if not t.activated:
        # The prénom and nom of activation: on to its next step (activation's own screen).
        await t.show("onboarding")
        return
    # "Enregistré : Devenir rédactrice." ends once.
    # A title cut by an ellipsis takes no full stop after it.
    saved = copy.SAVED.format(title=rub.entry_title(model).rstrip(".")).replace("….", "…")
    if lost:
        saved += "\n" + copy.READ_PROOF_LOST
    # Added from a formation's card: back on it, where it now shows (if it still is).
    origin = draft.origin if draft.line is None else None
    if origin is not None and await t.tx.entry(t.agent_id, origin) is not None:
        await entries.show_entry(t, origin, saved)
        return
    if draft.line is not None:
        # A line of a pasted list, completed: it leaves the list, and the list comes back.
        if draft.line < len(t.state.batch):
            del t.state.batch[draft.line]
        await t.show("batch", saved)
        return
    if rub.code in attached.RUBRIQUES and not proved:
        # The moment the paper is at hand: offer to photograph it (the list is still there).
        saved += "\n" + copy.PROOF_OFFER.format(proof=attached.the(rub), it=attached.it(rub))
    if rub.repeatable:
        await entries.show_rubrique(t, rub.code, saved)
    else:
        await entries.show_entry(t, entry_id, saved)
    if rub.code in attached.RUBRIQUES and not proved:
        # Below the content, above the navigation: no button moves under the thumb.
        rows = t.replies[-1].rows
        rows.insert(
            len(rows) - 1,
            [Btn(copy.PROOF_ADD_NOW.format(proof=attached.the(rub)), f"proofnew:{entry_id}")],
        )


async def duplicate(t: Turn) -> None:
    """ "Dupliquer": a new entry from a saved one (a second session), its dates asked."""
    assert t.state.entry_id is not None
    entry = await t.tx.entry(t.agent_id, t.state.entry_id)
    if entry is None:
        await menu.show_menu(t, copy.ENTRY_GONE)
        return
    if t.state.draft is not None and t.state.draft.answered():
        # One entry written at a time: the one begun first.
        show_resume(t)
        return
    rub = rubrique(entry.rubrique)
    data = entry.data.model_dump(mode="json")
    for spec in rub.fields:
        if spec.kind == "date":
            data.pop(spec.name, None)
    t.state.draft = Draft(rubrique=rub.code, data=data)
    t.state.then_add = None
    t.say(copy.DUPLICATING.format(title=rub.entry_title(entry.data)))
    await ask_next(t)


def _first_problem(rub: Rubrique, error: ValidationError) -> str:
    """The model's first objection in the agent's words: the fields by their labels."""
    said = str(error.errors()[0].get("msg", "")).removeprefix("Value error, ")
    for spec in rub.fields:
        said = re.sub(rf"\b{spec.name}\b", f"« {spec.label} »", said)
    return said.replace(": ", " : ")


async def cancel(t: Turn) -> None:
    """/annuler or the Annuler button: leave the entry being written, keep nothing of it."""
    s = t.state
    if s.change is not None:
        entry_id = s.change.entry_id
        s.change = None
        if entry_id is None:
            await show_summary(t, copy.CHANGE_CANCELLED)
        elif not await entries.show_entry(t, entry_id, copy.CHANGE_CANCELLED):
            await menu.show_menu(t)
        return
    if s.screen == "pick_field" and s.entry_id is None and s.draft is not None:
        await show_summary(t, copy.CHANGE_CANCELLED)
        return
    on_saved_entry = s.screen in ("pick_field", "confirm_delete") and s.entry_id is not None
    if on_saved_entry:
        # Only the action on the saved entry is abandoned; a draft put aside stays.
        assert s.entry_id is not None
        if not await entries.show_entry(t, s.entry_id, copy.CHANGE_CANCELLED):
            await menu.show_menu(t)
        return
    if s.draft is not None and s.screen in ("ask", "summary", "pick_field", "resume"):
        code, line = s.draft.rubrique, s.draft.line
        s.draft = None
        if line is not None:
            # A line of a pasted list: it stays on the list.
            await t.show("batch", copy.CANCELLED_LINE)
            return
        await entries.show_rubrique(t, code, copy.CANCELLED)
        return
    await menu.show_menu(t, copy.NOTHING_TO_CANCEL)
