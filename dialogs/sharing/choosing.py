""" "Partager": the agent ticks what to show (nothing at the start), previews exactly that,
then gets the extract in the chat, makes a link for a manager, or has it e-mailed.

The share is created with a snapshot of the preview: what is changed afterwards is not in
it. Only a hash of a link's token is stored.
"""

import hashlib
import secrets
from datetime import UTC, datetime, time, timedelta

from dialogs import copy
from dialogs.home import menu
from dialogs.messages import EditionRequest, Outreach
from dialogs.numbers import parse_id
from dialogs.rubriques.attached import details as proof_details
from dialogs.rubriques.attached import noun as proof_noun
from dialogs.state import ShareDraft
from dialogs.turn import Btn, Turn, nav, pager
from dialogs.views import BUTTON_MAX, shorten, shorten_title, toggled
from dialogs.widgets import PARIS, AnswerError, parse_email
from livret.catalogue import CATALOGUE, rubrique
from livret.display import show_value
from livret.entries import Entry
from livret.selection import (
    IDENTITE,
    Selection,
    extract,
    from_snapshot,
    identity_choices,
    to_snapshot,
)
from storage import Proof

PAGE = 10
DAYS = (7, 30, 90)
DEFAULT_DAYS = 30
NOTE_MAX = 500
LINK_PREFIX = "s-"
# The key of a snapshot that lists its proofs.
ANNEXES = "_annexes"
# The maker of an extract's documents (``shares.make``).
EXTRACT = "extract"

Livret = dict[str, list[tuple[int, Entry]]]


def token_hash(token: str) -> str:
    """A token has 192 random bits: a plain hash keeps it out of the database safely."""
    return hashlib.sha256(token.encode()).hexdigest()


def link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={LINK_PREFIX}{token}"


def day_text(moment: datetime) -> str:
    """A date as the agent reads it: in Paris."""
    return moment.astimezone(PARIS).strftime("%d/%m/%Y")


def closing_time(now: datetime, days: int) -> datetime:
    """The end of the last day, in Paris: a link "valable jusqu'au 28/12" works all that day."""
    last = now.astimezone(PARIS).date() + timedelta(days=days)
    return datetime.combine(last + timedelta(days=1), time(0), PARIS).astimezone(UTC)


def last_day(expires_at: datetime) -> str:
    """The last day a share opens, as it is shown."""
    return day_text(expires_at - timedelta(seconds=1))


async def _livret(t: Turn) -> Livret:
    found: Livret = {}
    for entry in await t.tx.all_entries(t.agent_id):
        found.setdefault(entry.rubrique, []).append((entry.id, entry.data))
    return found


def _draft(t: Turn) -> ShareDraft:
    if t.state.share is None:
        t.state.share = ShareDraft()
    return t.state.share


def _selection(draft: ShareDraft, livret: Livret) -> Selection:
    """What is ticked and still exists (an entry may have been deleted since)."""
    ids = {i for code, items in livret.items() if code != IDENTITE for i, _ in items}
    identite = livret.get(IDENTITE, [(0, None)])[0][1]
    fields = {s.name for s in identity_choices(identite)}
    return Selection(
        frozenset(i for i in draft.entries if i in ids),
        frozenset(f for f in draft.identity if f in fields),
    )


def _count(selection: Selection) -> int:
    return len(selection.entries) + len(selection.identity_fields)


def _mark(chosen: int, total: int) -> str:
    if chosen == 0:
        return copy.SHARE_NONE
    return copy.SHARE_ALL if chosen == total else copy.SHARE_SOME


async def show(t: Turn, problem: str | None = None) -> None:
    """The rubriques that have something to share, each with what is ticked in it."""
    t.state.screen = "share"
    t.state.change = None
    draft = _draft(t)
    draft.rubrique, draft.page = None, 0
    livret = await _livret(t)
    chosen = _selection(draft, livret)
    rows: list[list[Btn]] = []
    for rub in CATALOGUE:
        items = livret.get(rub.code, [])
        if rub.code == IDENTITE:
            total = len(identity_choices(items[0][1] if items else None))
            picked = len(chosen.identity_fields)
        else:
            total = len(items)
            picked = sum(1 for i, _ in items if i in chosen.entries)
        if total:
            label = copy.SHARE_ROW.format(
                mark=_mark(picked, total), title=rub.title, chosen=picked, total=total
            )
            rows.append([Btn(label, f"pick:{rub.code}")])
    if not rows:
        t.say(copy.SHARE_EMPTY_LIVRET, [[nav(copy.BACK_MENU, "m")]])
        return
    count = _count(chosen)
    lines = [problem] if problem else []
    lines += [
        copy.SHARE_INTRO,
        (copy.SHARE_COUNT_ONE if count == 1 else copy.SHARE_COUNT.format(count=count))
        if count
        else copy.SHARE_NOTHING_YET,
    ]
    rows.append([Btn(copy.SHARE_PREVIEW, "preview")])
    rows.append([nav(copy.SHARE_LIST, "shares"), nav(copy.BACK_MENU, "m")])
    t.say("\n\n".join(lines), rows)


async def pick(t: Turn, code: str) -> bool:
    if code not in {r.code for r in CATALOGUE}:
        return False
    draft = _draft(t)
    draft.rubrique, draft.page = code, 0
    await show_pick(t)
    return True


async def show_pick(t: Turn, *, replace: bool = False) -> None:
    t.state.screen = "share_pick"
    draft = _draft(t)
    assert draft.rubrique is not None
    rub = rubrique(draft.rubrique)
    livret = await _livret(t)
    items = livret.get(rub.code, [])
    rows: list[list[Btn]] = []
    if rub.code == IDENTITE:
        text = copy.SHARE_PICK_IDENTITE
        identite = items[0][1] if items else None
        stored = identite.model_dump(mode="json") if identite else {}
        for spec in identity_choices(identite):
            value = show_value(spec, stored[spec.name])
            mark = copy.CHECKED if spec.name in draft.identity else copy.UNCHECKED
            label = copy.SHARE_FIELD.format(label=spec.label, value=value)
            rows.append([Btn(f"{mark} {shorten(label)}", f"f:{spec.name}")])
    else:
        text = copy.SHARE_PICK.format(title=rub.title)
        shown = items[draft.page * PAGE : (draft.page + 1) * PAGE]
        attached = await _proofs_by_entry(t)
        for entry_id, entry in shown:
            ticked = entry_id in draft.entries
            mark = copy.CHECKED if ticked else copy.UNCHECKED
            title = shorten_title(rub.entry_title(entry), BUTTON_MAX - 2)
            rows.append([Btn(f"{mark} {title}", f"t:{entry_id}")])
            # Its proofs, each to send or not: always listed, so that ticking an entry moves
            # no button under the thumb; one ticked ticks its entry too.
            for number, proof in enumerate(attached.get(entry_id, []), start=1):
                sent = ticked and proof.id in draft.proofs
                mark = copy.CHECKED if sent else copy.UNCHECKED
                # Right under its entry: named by what it is, not by the entry again.
                label = copy.SHARE_PROOF.format(
                    noun=proof_noun(rub, number), details=proof_details(proof)
                )
                rows.append([Btn(f"   {mark} {shorten(label)}", f"p:{proof.id}")])
        rows += pager(draft.page, (draft.page + 1) * PAGE < len(items), "pg:{page}")
        if len(items) > PAGE:
            total = -(-len(items) // PAGE)
            text += "\n" + copy.LINKS_PAGE.format(page=draft.page + 1, pages=total)
    rows.append([Btn(copy.SHARE_CHECK_ALL, "all"), Btn(copy.SHARE_UNCHECK_ALL, "none")])
    rows.append([Btn(copy.SHARE_DONE_PICKING, "done")])
    t.say(text, rows)
    t.replies[-1].replace = replace


async def _proofs_by_entry(t: Turn) -> dict[int, list[Proof]]:
    found: dict[int, list[Proof]] = {}
    for proof in await t.tx.agent_proofs(t.agent_id):
        found.setdefault(proof.entry_id, []).append(proof)
    return found


def _shared_proofs(
    draft: ShareDraft, chosen: Selection, attached: dict[int, list[Proof]]
) -> list[Proof]:
    """The proofs ticked whose entry is shared too."""
    return [
        p for entry_id in chosen.entries for p in attached.get(entry_id, []) if p.id in draft.proofs
    ]


async def toggle(t: Turn, arg: str, *, name: str) -> bool:
    """Tick or untick an entry (``t``), a field of the fiche (``f``), a whole rubrique
    (``all``, ``none``), or turn the page (``pg``); False if the button means nothing here."""
    draft = _draft(t)
    if draft.rubrique is None:
        return False
    livret = await _livret(t)
    items = livret.get(draft.rubrique, [])
    if draft.rubrique == IDENTITE:
        allowed = [s.name for s in identity_choices(items[0][1] if items else None)]
        chosen = draft.identity
    else:
        allowed = [str(i) for i, _ in items]
        chosen = [str(i) for i in draft.entries]
    if name in ("t", "f") and arg in allowed:
        chosen = [c for c in chosen if c != arg] if arg in chosen else [*chosen, arg]
    elif name == "all":
        chosen = list(dict.fromkeys(chosen + allowed))
    elif name == "none":
        chosen = [c for c in chosen if c not in allowed]
    elif name == "pg" and (page := parse_id(arg)) is not None and page * PAGE < len(items):
        draft.page = page
    elif name == "p" and (proof_id := parse_id(arg)) is not None:
        attached = await _proofs_by_entry(t)
        owner = next(
            (int(i) for i, _ in items for p in attached.get(int(i), []) if p.id == proof_id), None
        )
        if owner is None:
            return False
        if owner not in draft.entries:
            # A proof ticked for an entry not ticked yet: the entry goes with it.
            draft.entries = [*draft.entries, owner]
            draft.proofs = [*[p for p in draft.proofs if p != proof_id], proof_id]
        else:
            draft.proofs = toggled(draft.proofs, proof_id)
        await show_pick(t, replace=True)
        return True
    else:
        return False
    if draft.rubrique == IDENTITE:
        draft.identity = chosen
    else:
        draft.entries = [int(c) for c in chosen]
    await show_pick(t, replace=True)
    return True


async def preview(t: Turn) -> None:
    draft = _draft(t)
    livret = await _livret(t)
    chosen = _selection(draft, livret)
    if chosen.is_empty():
        await show(t, copy.SHARE_NOTHING_CHOSEN)
        return
    t.state.screen = "share_preview"
    extracted = extract(livret, chosen)
    shared = _shared_proofs(draft, chosen, await _proofs_by_entry(t))
    lines = [copy.SHARE_PREVIEW_TITLE, ""]
    for code, items in extracted.items():
        rub = rubrique(code)
        if code == IDENTITE:
            entry = items[0][1]
            stored = entry.model_dump(mode="json")
            shown = [await menu.agent_name(t)] + [
                copy.SHARE_FIELD.format(label=s.label, value=show_value(s, stored[s.name]))
                for s in identity_choices(entry)
            ]
            lines.append(copy.SHARE_PREVIEW_NAME.format(name=" · ".join(shown)))
            continue
        lines.append(copy.SHARE_PREVIEW_RUBRIQUE.format(title=rub.title))
        for entry_id, e in items:
            line = copy.SHARE_PREVIEW_ENTRY.format(title=rub.entry_title(e))
            count = sum(1 for p in shared if p.entry_id == entry_id)
            if count:
                line += " " + (
                    copy.SHARE_PREVIEW_PROOF
                    if count == 1
                    else copy.SHARE_PREVIEW_PROOFS.format(count=count)
                )
            lines.append(line)
    lines += ["", copy.SHARE_PREVIEW_HOW]
    rows = [[Btn(copy.SHARE_GET_PDF, "get:pdf"), Btn(copy.SHARE_GET_DOCX, "get:docx")]]
    ways = sending_ways(t.outreach)
    rows += [[Btn(SENDING_LABELS[way], f"how:{way}")] for way in ways]
    if len(ways) < len(SENDING_LABELS):
        # A way that cannot work on this server is not offered (its links would be dead).
        lines.append(copy.SHARE_NO_MAIL if ways else copy.SHARE_NO_BOT)
    rows.append([Btn(copy.SHARE_EDIT, "edit")])
    t.say("\n".join(lines), rows)


async def get(t: Turn, fmt: str) -> bool:
    """The extract in the chat, for the agent to forward themself."""
    if fmt not in ("pdf", "docx"):
        return False
    share_id = await _create(t, "chat")
    if share_id is None:
        return True
    t.say(copy.SHARE_PREPARING)
    t.replies[-1].pending = EditionRequest(t.agent_id, (fmt,), share_id, "agent", maker=EXTRACT)
    return True


SENDING_LABELS = {"link": copy.SHARE_LINK, "email": copy.SHARE_EMAIL}


def sending_ways(outreach: Outreach) -> list[str]:
    """The ways to send an extract to someone that work on this server: an e-mail carries
    the link too, so neither goes without the bot's name."""
    if not outreach.bot_username:
        return []
    return ["link", "email"] if outreach.mail_arrives else ["link"]


async def how(t: Turn, kind: str) -> bool:
    draft = _draft(t)
    if kind in SENDING_LABELS and kind not in sending_ways(t.outreach):
        # A link to an unknown bot would be dead, or worse, someone else's; an e-mail
        # into the server's outbox would never arrive.
        t.say(copy.SHARE_NO_MAIL if t.outreach.bot_username else copy.SHARE_NO_BOT)
        await preview(t)
        return True
    if kind == "link":
        draft.kind, draft.recipient = "link", None
        ask_days(t)
    elif kind == "email":
        draft.kind = "email"
        ask_email(t)
    else:
        return False
    return True


def ask_email(t: Turn, problem: str | None = None) -> None:
    t.state.screen = "share_email"
    lines = [problem] if problem else []
    t.say("\n".join([*lines, copy.SHARE_ASK_EMAIL]), [[Btn(copy.BACK, "back")]])


async def typed_email(t: Turn) -> None:
    try:
        _draft(t).recipient = parse_email(t.incoming.text)
    except AnswerError as error:
        ask_email(t, str(error))
        return
    ask_days(t)


def ask_days(t: Turn) -> None:
    t.state.screen = "share_days"
    buttons = [
        Btn(
            (copy.SHARE_DAYS_DEFAULT if days == DEFAULT_DAYS else copy.SHARE_DAYS_OPTION).format(
                days=days
            ),
            f"d:{days}",
        )
        for days in DAYS
    ]
    t.say(copy.SHARE_DAYS, [[b] for b in buttons] + [[Btn(copy.BACK, "back")]])


async def choose_days(t: Turn, arg: str) -> bool:
    days = parse_id(arg)
    if days is None or days not in DAYS:
        return False
    _draft(t).days = days
    ask_note(t)
    return True


def ask_note(t: Turn, problem: str | None = None) -> None:
    t.state.screen = "share_note"
    lines = [problem] if problem else []
    text = "\n".join([*lines, copy.SHARE_NOTE.format(limit=NOTE_MAX)])
    t.say(text, [[Btn(copy.SHARE_NO_NOTE, "nonote")], [Btn(copy.BACK, "back")]])


async def typed_note(t: Turn) -> None:
    note = t.incoming.text.strip()
    if len(note) > NOTE_MAX:
        ask_note(t, copy.SHARE_NOTE_TOO_LONG.format(length=len(note), limit=NOTE_MAX))
        return
    await send(t, note or None)


async def send(t: Turn, note: str | None) -> None:
    """Creates the link or e-mail share from the selection, as it is now."""
    draft = _draft(t)
    kind, recipient, days = draft.kind or "link", draft.recipient, draft.days
    token = secrets.token_urlsafe(24)
    until = closing_time(t.tx.now, days)
    share_id = await _create(t, kind, token=token, recipient=recipient, note=note, expires_at=until)
    if share_id is None:
        return
    url = link(t.outreach.bot_username, token)
    # Sent: nothing of the share is on screen any more (``/annuler`` has nothing to undo).
    t.state.screen = "menu"
    if kind == "email":
        t.say(copy.SHARE_PREPARING)
        t.replies[-1].pending = EditionRequest(
            t.agent_id, ("pdf",), share_id, "email", token, maker=EXTRACT
        )
        return
    t.say(
        copy.SHARE_LINK_READY.format(link=url, until=last_day(until)),
        [
            [nav(copy.SHARE_NOTIFY_ON, f"sn:{share_id}:1")],
            [nav(copy.SHARE_LIST, "shares"), nav(copy.BACK_MENU, "m")],
        ],
    )


async def _create(t: Turn, kind: str, **details: object) -> int | None:
    draft = _draft(t)
    livret = await _livret(t)
    chosen = _selection(draft, livret)
    if chosen.is_empty():
        await show(t, copy.SHARE_NOTHING_CHOSEN)
        return None
    token = details.pop("token", None)
    snapshot = to_snapshot(extract(livret, chosen))
    shared = _shared_proofs(draft, chosen, await _proofs_by_entry(t))
    if shared:
        # The proofs as they are now, by where their files lie.
        snapshot[ANNEXES] = [
            {"entry_id": p.entry_id, "kind": p.kind, "path": p.path, "digest": p.digest}
            for p in shared
        ]
    share_id = await t.tx.add_share(
        t.agent_id,
        kind,
        snapshot,
        token_hash=token_hash(str(token)) if token else None,
        **details,  # type: ignore[arg-type]
    )
    if kind != "chat":
        # Sent: the next share starts from nothing ticked.
        t.state.share = None
    return share_id


async def again(t: Turn, arg: str) -> bool:
    """The extract just received, now as a link or an e-mail: the same entries, fields and
    proofs as then, not ticked again."""
    raw, _, kind = arg.partition(":")
    share_id = parse_id(raw)
    if share_id is None or kind not in SENDING_LABELS:
        return False
    share = await t.tx.share(t.agent_id, share_id)
    if share is None or share.kind != "chat":
        t.say(copy.SHARE_UNKNOWN, alert=True)
        return True
    entries = from_snapshot(share.snapshot)
    identite = entries.get(IDENTITE, [(0, None)])[0][1]
    paths = {item["path"] for item in share.snapshot.get(ANNEXES, [])}
    t.state.share = ShareDraft(
        entries=[i for code, items in entries.items() if code != IDENTITE for i, _ in items],
        identity=[spec.name for spec in identity_choices(identite)],
        proofs=[p.id for p in await t.tx.agent_proofs(t.agent_id) if p.path in paths],
    )
    return await how(t, kind)


async def back(t: Turn) -> None:
    """One step back in the details of a link or an e-mail."""
    screen = t.state.screen
    draft = _draft(t)
    if screen == "share_note":
        ask_days(t)
    elif screen == "share_days" and draft.kind == "email":
        ask_email(t)
    else:
        await preview(t)
