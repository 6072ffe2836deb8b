"""A CV file imported (a LinkedIn export, a Europass CV, a JSON Resume): its entries shown
as one list to tick, all ticked but those already in the livret, imported in one go (one
transaction: nothing halfway). Those a model cannot take yet (a diplôme with no date)
are then completed as a pasted list is, one rubrique after the other."""

from typing import Any

from pydantic import ValidationError

from dialogs import copy
from dialogs.home import menu
from dialogs.numbers import parse_id
from dialogs.rubriques import asking, batch
from dialogs.state import Draft, ImportList
from dialogs.turn import Btn, Turn, nav, pager
from dialogs.views import BUTTON_MAX, shorten
from livret.catalogue import CATALOGUE, find_rubrique, rubrique
from livret.display import show_value
from livret.fields import is_blank
from reading.attestation import fold
from reading.cv import SOURCES, Imported

PAGE = 8


async def offer(t: Turn, found: Imported, make_draft: Any) -> None:
    """The list, from what the file proposes: ``make_draft`` turns a proposal into a draft
    the rubrique's model can take (what it cannot is left to ask)."""
    drafts = [
        make_draft(p.rubrique, p.fields) for p in found.proposals if find_rubrique(p.rubrique)
    ]
    known = [
        key(e.rubrique, e.data.model_dump(mode="json")) for e in await t.tx.all_entries(t.agent_id)
    ]
    keys = [key(d.rubrique, d.data) for d in drafts]
    existing = [n for n, key in enumerate(keys) if any(same(key, k) for k in known)]
    twice = [
        n for n, key in enumerate(keys) if n not in existing and any(same(key, k) for k in keys[:n])
    ]
    t.state.imported = ImportList(
        source=found.source,
        drafts=drafts,
        ticked=[n for n in range(len(drafts)) if n not in existing and n not in twice],
        existing=existing,
        twice=twice,
        left_out=found.left_out,
    )
    show(t)


def same(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Two keys agree where both say something (a diplôme typed without its school is
    the one the CV names with it)."""
    return (
        len(one) == len(other)
        and one[:2] == other[:2]
        and all(a == b or not a or not b for a, b in zip(one[2:], other[2:], strict=True))
    )


def _how(listed: ImportList) -> str:
    """What to do, as the list stands: all ticked, all but what is there, or some."""
    everything = set(range(len(listed.drafts)))
    if set(listed.ticked) == everything:
        how = copy.IMPORT_HOW
    elif set(listed.ticked) == everything - {*listed.existing, *listed.twice}:
        how = copy.IMPORT_HOW_EXISTING
    else:
        how = copy.IMPORT_HOW_SOME
    if listed.left_out:
        left = listed.left_out
        said = copy.IMPORT_LEFT_OUT_ONE if left == 1 else copy.IMPORT_LEFT_OUT.format(count=left)
        how = said + "\n" + how
    return how


def _title(draft: Draft) -> str:
    return str(draft.data.get(rubrique(draft.rubrique).fields[0].name, ""))


def key(code: str, data: dict[str, Any]) -> tuple[str, ...]:
    """What makes two entries the same: their rubrique, their texts (a title, an employer
    or a school) and their first date; the same job at two communes is two jobs."""
    rub = find_rubrique(code)
    if rub is None:
        return (code,)
    texts = [s.name for s in rub.fields if s.kind == "text"][:2]
    dates = [s.name for s in rub.fields if s.kind == "date"][:1]
    return (code, *(" ".join(fold(str(data.get(n) or "")).split()) for n in (*texts, *dates)))


def _line(draft: Draft) -> str:
    rub = rubrique(draft.rubrique)
    shown = [
        show_value(spec, draft.data[spec.name])
        for spec in rub.fields
        if not is_blank(draft.data.get(spec.name)) and spec.kind in ("text", "date")
    ]
    return " · ".join(shown)


def show(t: Turn, intro: str | None = None) -> None:
    listed = t.state.imported
    assert listed is not None
    t.state.screen = "import"
    drafts = listed.drafts
    counts = [
        copy.IMPORT_COUNT.format(title=r.title, count=n)
        for r in CATALOGUE
        if (n := sum(1 for d in drafts if d.rubrique == r.code))
    ]
    lines = [intro, ""] if intro else []
    lines += [
        (copy.IMPORT_FOUND_ONE if len(drafts) == 1 else copy.IMPORT_FOUND).format(
            source=SOURCES[listed.source], count=len(drafts)
        ),
        " · ".join(counts),
        _how(listed),
        "",
    ]
    pages = max(1, -(-len(drafts) // PAGE))
    listed.page = min(listed.page, pages - 1)
    first = listed.page * PAGE
    rows: list[list[Btn]] = []
    for n in range(first, min(first + PAGE, len(drafts))):
        draft = drafts[n]
        mark = copy.CHECKED if n in listed.ticked else copy.UNCHECKED
        known = (
            copy.IMPORT_KNOWN
            if n in listed.existing
            else copy.IMPORT_TWICE
            if n in listed.twice
            else ""
        )
        title = rubrique(draft.rubrique).title
        lines.append(f"{n + 1}. {mark} {title} — {_line(draft)}{known}")
        # The title cut, not the mark: the button says what it is at a glance.
        short = copy.IMPORT_KNOWN_SHORT if n in listed.existing else copy.IMPORT_TWICE_SHORT
        start, end = f"{mark} {n + 1}. ", short if known else ""
        title = shorten(_title(draft), BUTTON_MAX - len(start) - len(end))
        rows.append([Btn(f"{start}{title}{end}", f"tick:{n + 1}")])
    if pages > 1:
        lines += ["", copy.LINKS_PAGE.format(page=listed.page + 1, pages=pages)]
        rows += pager(listed.page, listed.page < pages - 1, "page:{page}")
    everything = len(listed.ticked) == len(drafts)
    rows.append([Btn(copy.IMPORT_UNTICK_ALL if everything else copy.IMPORT_TICK_ALL, "all")])
    count = len(listed.ticked)
    if count:
        label = copy.IMPORT_GO_ONE if count == 1 else copy.IMPORT_GO.format(count=count)
        rows.append([Btn(label, "go")])
    rows.append([Btn(copy.IMPORT_DROP, "drop")])
    rows.append([nav(copy.BACK_MENU, "m")])
    t.say("\n".join(lines), rows)


async def tick(t: Turn, arg: str) -> bool:
    listed = t.state.imported
    number = parse_id(arg) or 0
    if listed is None or not 1 <= number <= len(listed.drafts):
        return False
    n = number - 1
    listed.ticked = sorted(set(listed.ticked) ^ {n})
    show(t)
    return True


async def tick_all(t: Turn, arg: str) -> bool:
    listed = t.state.imported
    if listed is None:
        return False
    everything = len(listed.ticked) == len(listed.drafts)
    listed.ticked = [] if everything else list(range(len(listed.drafts)))
    show(t)
    return True


async def page(t: Turn, arg: str) -> bool:
    listed, wanted = t.state.imported, parse_id(arg)
    if listed is None or wanted is None:
        return False
    listed.page = wanted  # beyond the last, show() brings it back
    show(t)
    return True


async def go(t: Turn, arg: str) -> bool:
    """The ticked entries saved together; those to complete follow as lists to review."""
    listed = t.state.imported
    if listed is None or not listed.ticked:
        return False
    saved = 0
    waiting: list[Draft] = []
    for n in listed.ticked:
        draft = listed.drafts[n]
        rub = rubrique(draft.rubrique)
        try:
            model = rub.model.model_validate(draft.data)
        except ValidationError:
            waiting.append(draft)
            continue
        if draft.notes or await asking.before_age(t, draft):
            # Something the file said could not be taken (an end before the start): asked.
            waiting.append(draft)
            continue
        await t.tx.add_entry(t.agent_id, rub.code, model)
        saved += 1
    t.state.imported = None
    said = copy.IMPORTED_ONE if saved == 1 else copy.IMPORTED.format(count=saved)
    if not waiting:
        await menu.show_menu(t, said)
        return True
    if t.state.batch:
        # A list waits already: the new ones join the queue behind it.
        t.state.queued += waiting
    else:
        first = waiting[0].rubrique
        t.state.batch = [d for d in waiting if d.rubrique == first]
        t.state.queued += [d for d in waiting if d.rubrique != first]
    told = (
        copy.IMPORT_TO_COMPLETE_ONE
        if len(waiting) == 1
        else copy.IMPORT_TO_COMPLETE.format(count=len(waiting))
    )
    await batch.show(t, f"{said}\n{told}" if saved else told)
    return True


async def drop(t: Turn) -> None:
    t.state.imported = None
    await menu.show_menu(t, copy.IMPORT_DROPPED)


async def redraw(t: Turn) -> None:
    if t.state.imported is None:
        await menu.show_menu(t)
    else:
        show(t)
