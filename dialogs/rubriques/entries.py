"""Rubrique and entry screens: the list of a rubrique, an entry's card, deletion,
"non concerné", and the choice of a field to change."""

from dialogs import copy
from dialogs.home import menu
from dialogs.rubriques import attached, completing, relinking
from dialogs.rubriques import lines as one_line
from dialogs.turn import Btn, Turn, nav
from dialogs.views import (
    BUTTON_MAX,
    all_link_titles,
    card,
    link_titles,
    reverse_links,
    shorten_title,
)
from livret.catalogue import Rubrique, rubrique
from livret.display import linking_rubriques


async def show_rubrique(t: Turn, code: str, intro: str | None = None) -> None:
    rub = rubrique(code)
    entries = await t.tx.entries(t.agent_id, code)
    if not rub.repeatable and entries:
        await show_entry(t, entries[0].id, intro)
        return
    t.state.screen = "rubrique"
    t.state.rubrique = code
    t.state.entry_id = None
    t.state.change = None
    declined = not entries and code in await t.tx.not_concerned(t.agent_id)
    lines = [f"{rub.title}", rub.purpose, ""]
    rows: list[list[Btn]] = []
    if entries:
        count = copy.RUBRIQUE_COUNT_ONE if len(entries) == 1 else copy.RUBRIQUE_COUNT
        lines.append(count.format(count=len(entries)))
        proved = {p.entry_id for p in await t.tx.agent_proofs(t.agent_id)} if rub.proof else set()
        for i, entry in enumerate(entries, start=1):
            title = rub.entry_title(entry.data)
            mark = (
                ""
                if not rub.proof
                else copy.LISTED_JUSTIFIED
                if entry.id in proved
                else copy.LISTED_DECLARED
            )
            lines.append(f"{i}. {title}{mark}")
            # The date kept whole: two entries of one title are told apart by their dates.
            rows.append([nav(f"{i}. {shorten_title(title, BUTTON_MAX - 4)}", f"e:{entry.id}")])
    elif declined:
        lines.append(copy.RUBRIQUE_NOT_CONCERNED)
    else:
        lines.append(copy.RUBRIQUE_EMPTY)
    if one_line.takes_lines(rub):
        lines += ["", one_line.both_ways(rub)]
    adding = copy.ADD if rub.repeatable else copy.FILL
    rows.append([Btn(adding.format(singular=rub.singular), "add")])
    if rub.proof:
        rows.append([Btn(copy.READ_FROM_FILE, "fromfile")])
    if len(entries) > 1:
        rows.append([Btn(copy.ORDER_CHANGE, "order")])
    pending = [d for d in (*t.state.batch, *t.state.queued) if d.rubrique == code]
    if pending:
        rows.append([Btn(copy.LINES_RESUME.format(count=len(pending)), "batch")])
    if not entries and not rub.essential:
        rows.append([Btn(copy.UNMARK_NOT_CONCERNED if declined else copy.MARK_NOT_CONCERNED, "nc")])
    rows.append([nav(copy.BACK_MENU, "m")])
    text = "\n".join(lines)
    t.say(f"{intro}\n\n{text}" if intro else text, rows)


def duplicable(rub: Rubrique) -> bool:
    """A second session of the same training: an entry with dates, copied but for them."""
    return rub.repeatable and any(s.kind == "date" for s in rub.fields)


async def toggle_not_concerned(t: Turn) -> None:
    code = t.state.rubrique
    assert code is not None
    declined = code in await t.tx.not_concerned(t.agent_id)
    await t.tx.set_not_concerned(t.agent_id, code, not declined)
    title = rubrique(code).title
    if declined:
        await show_rubrique(t, code, copy.UNMARKED_NOT_CONCERNED.format(title=title))
    else:
        await menu.show_menu(t, copy.MARKED_NOT_CONCERNED.format(title=title))


async def show_entry(t: Turn, entry_id: int, intro: str | None = None) -> bool:
    """The entry's card; False (and a notice) if it is not one of the agent's entries."""
    entry = await t.tx.entry(t.agent_id, entry_id)
    if entry is None:
        t.say(copy.ENTRY_GONE, alert=True)
        return False
    rub = rubrique(entry.rubrique)
    t.state.screen = "entry"
    t.state.rubrique = rub.code
    t.state.entry_id = entry.id
    t.state.change = None
    titles = await all_link_titles(t.tx, t.agent_id, rub)
    lines = [f"{rub.title} — {rub.entry_title(entry.data)}", ""]
    lines.append(card(rub, entry.data.model_dump(mode="json"), titles))
    for title, names in await reverse_links(t.tx, t.agent_id, entry):
        lines.append(copy.CARD_REVERSE.format(title=title, value=", ".join(names)))
    back = nav(copy.BACK, f"r:{rub.code}") if rub.repeatable else nav(copy.BACK_MENU, "m")
    actions = [Btn(copy.EDIT, "edit")]
    if duplicable(rub):
        actions.append(Btn(copy.DUPLICATE, "dup"))
    if not rub.essential:
        actions.append(Btn(copy.DELETE, "del"))
    more_lines, more_rows = await completing.offered(t, rub, entry.data.model_dump(mode="json"))
    lines += more_lines
    # A compétence gained here, written from here and linked at once.
    more_rows += [
        [Btn(copy.LINKED_ADD.format(singular=rubrique(code).singular), f"lnew:{code}")]
        for code in linking_rubriques(rub.code)
    ]
    proof_lines, proof_rows = await attached.card(t, rub, entry.id, entry.data)
    if proof_lines:
        lines += ["", *proof_lines]
    rows = [actions, *more_rows, *proof_rows, [back]]
    text = "\n".join(lines)
    t.say(f"{intro}\n\n{text}" if intro else text, rows)
    return True


async def show_pick_field(t: Turn) -> None:
    """Which answer to change, for the open entry or the draft being summarised."""
    draft = t.state.draft if t.state.screen == "summary" else None
    code = draft.rubrique if draft else t.state.rubrique
    assert code is not None
    t.state.screen = "pick_field"
    if draft is None:
        t.state.change = None
    rows = [[Btn(spec.label, f"f:{spec.name}")] for spec in rubrique(code).fields]
    if draft is None:
        # Its compétences, linked or unlinked from here (they hold the link).
        rows += relinking.offers(t, code)
    rows.append([Btn(copy.BACK, "back")])
    t.say(copy.PICK_FIELD, rows)


async def confirm_delete(t: Turn) -> None:
    assert t.state.entry_id is not None
    entry = await t.tx.entry(t.agent_id, t.state.entry_id)
    if entry is None:
        await menu.show_menu(t, copy.ENTRY_GONE)
        return
    t.state.screen = "confirm_delete"
    title = rubrique(entry.rubrique).entry_title(entry.data)
    said = [copy.CONFIRM_DELETE.format(title=title)]
    for linked, names in await reverse_links(t.tx, t.agent_id, entry):
        said.append(copy.CONFIRM_DELETE_LINKED.format(title=linked, names=", ".join(names)))
    # Its own links go too (a compétence's formations): said, the entries themselves kept.
    for spec in rubrique(entry.rubrique).fields:
        ids = getattr(entry.data, spec.name) if spec.kind == "links" else None
        if ids:
            titles = await link_titles(t.tx, t.agent_id, spec.link_rubriques)
            names = [titles[i] for i in ids if i in titles]
            if names:
                said.append(copy.CONFIRM_DELETE_LINKS.format(names=", ".join(names)))
    t.say(
        "\n".join(said),
        [[Btn(copy.CONFIRM_DELETE_YES, "delok"), Btn(copy.CONFIRM_DELETE_NO, "delno")]],
    )


async def delete(t: Turn) -> None:
    assert t.state.entry_id is not None
    entry = await t.tx.entry(t.agent_id, t.state.entry_id)
    if entry is None:
        await menu.show_menu(t, copy.ENTRY_GONE)
        return
    # Its proofs go with it: the rows by cascade, the files once the turn is committed.
    await attached.forget(t, await t.tx.proofs(t.agent_id, entry.id))
    await t.tx.delete_entry(t.agent_id, entry.id)
    # An old "non concerné" mark must not come back when the rubrique empties.
    await t.tx.set_not_concerned(t.agent_id, entry.rubrique, False)
    await _unlink(t, entry.rubrique, entry.id)
    title = rubrique(entry.rubrique).entry_title(entry.data)
    await show_rubrique(t, entry.rubrique, copy.DELETED.format(title=title))


async def _unlink(t: Turn, code: str, entry_id: int) -> None:
    """Links pointing at a deleted entry go with it (a compétence forgets the formation)."""
    for linking in linking_rubriques(code):
        rub = rubrique(linking)
        names = [s.name for s in rub.fields if code in s.link_rubriques]
        for other in await t.tx.entries(t.agent_id, rub.code):
            changes = {
                name: [i for i in getattr(other.data, name) if i != entry_id]
                for name in names
                if entry_id in getattr(other.data, name)
            }
            if changes:
                await t.tx.update_entry(t.agent_id, other.id, other.data.model_copy(update=changes))
