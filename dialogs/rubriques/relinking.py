"""Links seen from the other side: a formation's "Modifier" offers its compétences, each
ticked when it names the formation; a tap links or unlinks that compétence, which is the
entry that holds the link."""

from dialogs import copy
from dialogs.numbers import parse_id
from dialogs.turn import Btn, Turn, pager
from dialogs.views import shorten_middle
from livret.catalogue import rubrique
from livret.display import linking_rubriques
from storage import StoredEntry

PAGE = 10
LABEL_MAX = 56


def _field(code: str, target: str) -> str | None:
    """The links field of ``code``'s entries that points at ``target``'s."""
    return next((s.name for s in rubrique(code).fields if target in s.link_rubriques), None)


async def _open(t: Turn, code: str) -> tuple[StoredEntry, str] | None:
    """The open entry and the field of ``code`` that links to it; None if not linkable."""
    if t.state.entry_id is None:
        return None
    entry = await t.tx.entry(t.agent_id, t.state.entry_id)
    if entry is None or code not in linking_rubriques(entry.rubrique):
        return None
    name = _field(code, entry.rubrique)
    return (entry, name) if name else None


def offers(t: Turn, code: str) -> list[list[Btn]]:
    """The rows "Modifier" adds for an entry others link to: one per linking rubrique."""
    return [
        [Btn(copy.RELINK_OPEN.format(title=rubrique(linking).title), f"rl:{linking}:0")]
        for linking in linking_rubriques(code)
    ]


async def show(t: Turn, arg: str, *, replace: bool = False) -> bool:
    """``arg`` is "<linking rubrique>:<page>"."""
    code, _, raw = arg.partition(":")
    page = parse_id(raw) or 0
    found = await _open(t, code)
    if found is None:
        return False
    entry, name = found
    others = await t.tx.entries(t.agent_id, code)
    if not others:
        t.say(copy.RELINK_NONE.format(title=rubrique(code).title), alert=True)
        return True
    page = min(page, (len(others) - 1) // PAGE)
    t.state.screen = "relink"
    rub, linking = rubrique(entry.rubrique), rubrique(code)
    rows: list[list[Btn]] = []
    for other in others[page * PAGE : (page + 1) * PAGE]:
        mark = copy.CHECKED if entry.id in getattr(other.data, name) else copy.UNCHECKED
        label = shorten_middle(linking.entry_title(other.data), LABEL_MAX)
        rows.append([Btn(f"{mark} {label}", f"rt:{code}:{other.id}:{page}")])
    rows += pager(page, (page + 1) * PAGE < len(others), f"rl:{code}:{{page}}")
    rows.append([Btn(copy.RELINK_DONE, "back")])
    text = copy.RELINK_ASK.format(title=linking.title, entry=rub.entry_title(entry.data))
    if len(others) > PAGE:
        total = -(-len(others) // PAGE)
        text += "\n" + copy.LINKS_PAGE.format(page=page + 1, pages=total)
    t.say(text, rows)
    t.replies[-1].replace = replace
    return True


async def toggle(t: Turn, arg: str) -> bool:
    """``arg`` is "<linking rubrique>:<its entry>:<page>"."""
    code, _, rest = arg.partition(":")
    raw_id, _, page = rest.partition(":")
    other_id = parse_id(raw_id)
    found = await _open(t, code)
    other = await t.tx.entry(t.agent_id, other_id) if other_id is not None else None
    if found is None or other is None or other.rubrique != code:
        return False
    entry, name = found
    ids = list(getattr(other.data, name))
    ids = [i for i in ids if i != entry.id] if entry.id in ids else [*ids, entry.id]
    await t.tx.update_entry(t.agent_id, other.id, other.data.model_copy(update={name: ids}))
    return await show(t, f"{code}:{page}", replace=True)
