"""The main menu: every rubrique with its state, the progress bar, and what comes next."""

from dialogs import copy
from dialogs.turn import Btn, Turn, nav
from dialogs.views import livret_progress, progress_bar
from livret.catalogue import rubrique
from livret.entries import Identite
from livret.progress import RubriqueProgress, State


def _row_label(row: RubriqueProgress) -> str:
    title = row.rubrique.title
    if row.state is State.FILLED:
        if not row.rubrique.repeatable:
            return copy.MENU_ROW.format(mark=copy.STATE_FILLED, title=title)
        return copy.MENU_ROW_COUNT.format(mark=copy.STATE_FILLED, title=title, count=row.count)
    if row.state is State.PARTIAL:
        return copy.MENU_ROW_PARTIAL.format(mark=copy.STATE_PARTIAL, title=title)
    if row.state is State.NOT_CONCERNED:
        return copy.MENU_ROW_NOT_CONCERNED.format(mark=copy.STATE_NOT_CONCERNED, title=title)
    return copy.MENU_ROW.format(mark=copy.STATE_EMPTY, title=title)


async def _identite(t: Turn) -> Identite | None:
    found = await t.tx.entries(t.agent_id, "identite")
    return found[0].data if found and isinstance(found[0].data, Identite) else None


async def agent_name(t: Turn) -> str:
    ident = await _identite(t)
    return f"{ident.prenom} {ident.nom.upper()}" if ident else ""


async def agent_prenom(t: Turn) -> str:
    ident = await _identite(t)
    return ident.prenom if ident else ""


async def missing_labels(t: Turn, code: str) -> str:
    """ "poste, grade" : the expected fields of a single rubrique left blank."""
    found = await t.tx.entries(t.agent_id, code)
    if not found:
        return ""
    return ", ".join(f.label.lower() for f in rubrique(code).missing(found[0].data))


async def show_menu(t: Turn, intro: str | None = None) -> None:
    t.state.screen = "menu"
    t.state.rubrique = None
    t.state.entry_id = None
    t.state.change = None
    t.state.collectivite_hint = None
    # Leaving for the menu ends a share being chosen: the next one starts from nothing.
    t.state.share = None
    p = await livret_progress(t.tx, t.agent_id)
    name = await agent_name(t)
    lines = [copy.MENU_TITLE.format(name=name) if name else copy.MENU_TITLE_UNNAMED]
    lines.append(
        copy.MENU_PROGRESS.format(bar=progress_bar(p.done, p.total), done=p.done, total=p.total)
    )
    following = p.next_to_fill()
    if following is None:
        lines.append(copy.MENU_COMPLETE)
    elif p.state(following.code) is State.PARTIAL:
        missing = await missing_labels(t, following.code)
        lines.append(copy.MENU_NEXT_PARTIAL.format(title=following.title, missing=missing))
    else:
        lines.append(copy.MENU_NEXT.format(title=following.title))
    unbound = t.activated and (await t.tx.account(t.agent_id)).collectivite is None
    if unbound:
        lines.append(copy.MENU_UNBOUND)
    lines.append(copy.MENU_CHOOSE)
    rows: list[list[Btn]] = []
    resume: list[Btn] = []
    # A draft with no answer yet is not worth offering.
    if t.state.draft is not None and t.state.draft.answered() and t.activated:
        what = rubrique(t.state.draft.rubrique).singular
        resume = [Btn(copy.MENU_RESUME.format(what=what), "resume")]
    rows += [[nav(_row_label(r), f"r:{r.rubrique.code}")] for r in p.rubriques]
    rows.append([nav(copy.MENU_EDITION, "doc"), nav(copy.MENU_SHARE, "share")])
    rows.append([nav(copy.MENU_REMINDERS, "rem"), nav(copy.MENU_ACCOUNT, "acct")])
    if unbound:
        rows.append([nav(copy.MENU_GIVE_COLLECTIVITE, "coll")])
    rows.append([nav(copy.MENU_HELP, "aide")])
    if resume:
        # Last: the rubriques keep their place whether an entry is half-written or not.
        rows.append(resume)
    if t.state.reading is not None and t.activated:
        # A file sent, read or being read: what it proposes is one tap away.
        rows.append([nav(copy.MENU_READING, "rd")])
    text = "\n".join(lines)
    if intro:
        text = f"{intro}\n\n{text}"
    t.say(text, rows)
