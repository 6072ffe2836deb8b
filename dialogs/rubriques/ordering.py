"""The order of a rubrique's entries, changed by the agent: moved up or down one at a
time; the chat, the share picker and the documents follow it. "Trier par date" goes back
to the most recent first."""

from dialogs import copy
from dialogs.numbers import parse_id
from dialogs.turn import Btn, Turn
from dialogs.views import shorten
from livret.catalogue import find_rubrique

# Entries this screen can move: past it, Telegram's limit on buttons nears.
SHOWN = 40


async def show(t: Turn, intro: str | None = None, *, replace: bool = False) -> bool:
    rub = find_rubrique(t.state.rubrique or "")
    if rub is None or not rub.repeatable:
        return False
    found = await t.tx.entries(t.agent_id, rub.code)
    if len(found) < 2:
        return False
    t.state.screen = "order"
    rows: list[list[Btn]] = []
    for number, entry in enumerate(found[:SHOWN], start=1):
        title = shorten(f"{number}. {rub.entry_title(entry.data)}")
        rows.append([Btn(f"⬆ {title}", f"mv:{entry.id}:up"), Btn("⬇", f"mv:{entry.id}:dn")])
    if any(e.position is not None for e in found):
        rows.append([Btn(copy.ORDER_BY_DATE, "bydate")])
    rows.append([Btn(copy.ORDER_DONE, "back")])
    text = copy.ORDER_ASK.format(title=rub.title)
    t.say(f"{intro}\n\n{text}" if intro else text, rows)
    t.replies[-1].replace = replace
    return True


async def move(t: Turn, arg: str) -> bool:
    """``arg`` is "<entry id>:up" or "<entry id>:dn"."""
    raw, _, way = arg.partition(":")
    entry_id = parse_id(raw)
    code = t.state.rubrique or ""
    found = [e.id for e in await t.tx.entries(t.agent_id, code)] if code else []
    if entry_id not in found or way not in ("up", "dn"):
        return False
    at = found.index(entry_id)
    to = at - 1 if way == "up" else at + 1
    if not 0 <= to < len(found):
        t.say(copy.ORDER_FIRST if way == "up" else copy.ORDER_LAST, alert=True)
        return await show(t, replace=True)
    found[at], found[to] = found[to], found[at]
    # Every entry placed: the order holds as it is seen, whatever the dates.
    await t.tx.set_order(t.agent_id, code, found)
    return await show(t, replace=True)


async def by_date(t: Turn) -> bool:
    if not t.state.rubrique:
        return False
    await t.tx.clear_order(t.agent_id, t.state.rubrique)
    return await show(t, copy.ORDER_DATED, replace=True)
