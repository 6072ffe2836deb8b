""" "Mes partages" (revoke, be told of openings), the manager opening a link, and the
extract itself, made after the turn from the share's snapshot."""

import asyncio
from datetime import datetime
from pathlib import Path

from dialogs import copy, mails
from dialogs.messages import (
    Attachment,
    Button,
    EditionRequest,
    Incoming,
    Mailer,
    MailError,
    Outgoing,
    Recipient,
)
from dialogs.numbers import parse_id
from dialogs.screens import Workshop
from dialogs.sharing.choosing import (
    ANNEXES,
    EXTRACT,
    LINK_PREFIX,
    PARIS,
    SENDING_LABELS,
    day_text,
    last_day,
    link,
    sending_ways,
    token_hash,
)
from dialogs.sharing.edition import PROBLEMS, as_documents, left_out_note
from dialogs.sharing.edition import failed as edition_failed
from dialogs.turn import GLOBAL, Btn, Turn, nav
from dialogs.views import shorten
from documents.annexes import Annex
from documents.context import Context, build_extract_context
from documents.edition import EXTRAIT, PDF, EditionFile, make_edition
from livret.catalogue import rubrique
from livret.entries import Entry, Identite
from livret.selection import IDENTITE, from_snapshot, identity_choices
from storage import Database, Share, Tx

# Shares listed in "Mes partages": a button each for the open ones (Telegram takes 100).
SHOWN = 90
NOTE_SHOWN = 25
OPENINGS_SHOWN = 10
# What an e-mail share's list line says of its e-mail, unless it went.
MAIL_STATES = {"pending": copy.SHARE_MAIL_PENDING, "failed": copy.SHARE_MAIL_FAILED}
MIME = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _state(share: Share, now: datetime) -> str:
    if share.revoked_at is not None:
        return copy.SHARE_STATE_REVOKED.format(when=day_text(share.revoked_at))
    assert share.expires_at is not None
    if now >= share.expires_at:
        return copy.SHARE_STATE_EXPIRED.format(until=last_day(share.expires_at))
    return copy.SHARE_STATE_ACTIVE.format(until=last_day(share.expires_at))


def _opened(share: Share) -> str:
    if share.last_opened is None:
        return copy.SHARE_NEVER_OPENED
    last = share.last_opened.astimezone(PARIS).strftime("%d/%m/%Y à %Hh%M")
    if share.openings == 1:
        return copy.SHARE_OPENED_ONCE.format(last=last)
    return copy.SHARE_OPENED_MANY.format(count=share.openings, last=last)


def describe(share: Share) -> str:
    """How the agent tells one share from another: to whom, when, and its note."""
    if share.kind == "email":
        what = copy.SHARE_WHAT_EMAIL.format(email=share.recipient)
        if share.mail_state in MAIL_STATES:
            what += " " + MAIL_STATES[share.mail_state]
    else:
        what = copy.SHARE_WHAT_LINK.format(day=day_text(share.created_at)[:5])
    if share.note:
        what += " " + copy.SHARE_WHAT_NOTE.format(note=shorten(share.note, NOTE_SHOWN))
    return what


def holds(share: Share) -> str:
    """What a share shows, rubrique by rubrique: "Formations suivies (2) · 1 justificatif"."""
    parts = []
    for code, items in from_snapshot(share.snapshot).items():
        rub = rubrique(code)
        if code == IDENTITE:
            shown = [s.label.lower() for s in identity_choices(items[0][1])]
            if shown:
                parts.append(copy.SHARE_HOLDS_PART.format(title=rub.title, what=", ".join(shown)))
            continue
        parts.append(copy.SHARE_HOLDS_PART.format(title=rub.title, what=len(items)))
    annexes = len(share.snapshot.get(ANNEXES, []))
    if annexes:
        parts.append(
            copy.SHARE_HOLDS_PROOF
            if annexes == 1
            else copy.SHARE_HOLDS_PROOFS.format(count=annexes)
        )
    return copy.SHARE_HOLDS.format(parts=" · ".join(parts) or copy.SHARE_HOLDS_NAME)


def _contents(share: Share) -> list[str]:
    """Every entry a share shows, by its title, under its rubrique."""
    lines = []
    for code, items in from_snapshot(share.snapshot).items():
        if code == IDENTITE:
            continue
        rub = rubrique(code)
        titles = " ; ".join(rub.entry_title(e) for _, e in items)
        lines.append(copy.SHARE_CONTENT_LINE.format(title=rub.title, entries=titles))
    return lines


async def _listed(t: Turn) -> list[Share]:
    """Those still open first, then the others, the latest first in each: what can be
    revoked is always on screen."""
    found = await t.tx.shares(t.agent_id)
    return sorted(found, key=lambda s: not s.open_at(t.tx.now))


async def show_list(t: Turn, intro: str | None = None) -> None:
    t.state.screen = "shares"
    t.state.change = None
    found = await _listed(t)
    lines = [intro, ""] if intro else []
    lines.append(copy.SHARES_TITLE)
    rows: list[list[Btn]] = []
    if not found:
        lines.append(copy.SHARES_NONE)
    for number, share in enumerate(found[:SHOWN], start=1):
        lines.append(
            copy.SHARE_LINE.format(
                number=number,
                what=describe(share),
                holds=holds(share),
                state=_state(share, t.tx.now),
                opened=_opened(share),
            )
        )
        if share.open_at(t.tx.now):
            label = copy.SHARE_OPEN_ONE.format(number=number, what=describe(share))
            rows.append([nav(shorten(label), f"sh:{share.id}")])
    if len(found) > SHOWN:
        older = len(found) - SHOWN
        lines.append(copy.SHARES_OLDER_ONE if older == 1 else copy.SHARES_OLDER.format(count=older))
    rows.append([nav(copy.MENU_SHARE, "share"), nav(copy.BACK_MENU, "m")])
    t.say("\n".join(lines), rows)


async def show_one(t: Turn, arg: str, intro: str | None = None) -> bool:
    """One share: what it is, and the buttons to revoke it or be told of its openings."""
    share_id = parse_id(arg)
    share = await t.tx.share(t.agent_id, share_id) if share_id is not None else None
    if share is None or share.kind == "chat":
        # Another agent's share, or none: the same answer, nothing told.
        t.say(copy.SHARE_UNKNOWN, alert=True)
        return True
    t.state.screen = "shares"
    lines = [intro, ""] if intro else []
    lines += [
        describe(share),
        holds(share),
        *_contents(share),
        copy.SHARE_CREATED.format(day=day_text(share.created_at)),
        _state(share, t.tx.now),
        _opened(share),
    ]
    for opening in await t.tx.openings(t.agent_id, share.id, OPENINGS_SHOWN):
        when = opening.opened_at.astimezone(PARIS).strftime("%d/%m/%Y à %Hh%M")
        who = opening.opener or copy.SHARE_OPENER_UNKNOWN
        lines.append(copy.SHARE_OPENING.format(when=when, who=who))
    rows: list[list[Btn]] = []
    if share.open_at(t.tx.now):
        rows.append([nav(copy.SHARE_REVOKE, f"rv:{share.id}")])
        rows.append(
            [nav(copy.SHARE_NOTIFY_OFF, f"sn:{share.id}:0")]
            if share.notify
            else [nav(copy.SHARE_NOTIFY_ON, f"sn:{share.id}:1")]
        )
    rows.append([nav(copy.SHARE_LIST, "shares"), nav(copy.BACK_MENU, "m")])
    t.say("\n".join(lines), rows)
    return True


async def revoke(t: Turn, arg: str) -> bool:
    share_id = parse_id(arg)
    if share_id is None:
        return False
    if not await t.tx.revoke_share(t.agent_id, share_id):
        share = await t.tx.share(t.agent_id, share_id)
        if share is not None and share.kind != "chat":
            return await show_one(t, arg, copy.SHARE_ALREADY_REVOKED)
    return await show_one(t, arg, copy.SHARE_REVOKED)


async def set_notify(t: Turn, arg: str) -> bool:
    raw, _, value = arg.partition(":")
    share_id = parse_id(raw)
    if share_id is None or value not in ("0", "1"):
        return False
    if not await t.tx.set_share_notify(t.agent_id, share_id, value == "1"):
        share = await t.tx.share(t.agent_id, share_id)
        if share is None or share.kind == "chat":
            t.say(copy.SHARE_UNKNOWN, alert=True)
            return True
        return await show_one(t, raw, copy.SHARE_CLOSED)
    done = copy.SHARE_NOTIFY_SET if value == "1" else copy.SHARE_NOTIFY_UNSET
    return await show_one(t, raw, done)


async def other_format(t: Turn, arg: str) -> bool:
    """The extract just received, in the other format (its snapshot, not the livret now)."""
    raw, _, fmt = arg.partition(":")
    share_id = parse_id(raw)
    if share_id is None or fmt not in ("pdf", "docx"):
        return False
    share = await t.tx.share(t.agent_id, share_id)
    if share is None or share.kind != "chat":
        t.say(copy.SHARE_UNKNOWN, alert=True)
        return True
    t.say(copy.SHARE_PREPARING)
    t.replies[-1].pending = EditionRequest(t.agent_id, (fmt,), share.id, "agent", maker=EXTRACT)
    return True


# ---- the manager's side -------------------------------------------------------------------


def is_share_link(incoming: Incoming) -> bool:
    return (
        incoming.kind == "command"
        and incoming.text.lower() == "start"
        and incoming.args.strip().lower().startswith(LINK_PREFIX)
    )


async def opened(tx: Tx, incoming: Incoming) -> list[Outgoing]:
    """A manager (anyone: no account needed) opens ``/start s-<token>``: the agent's note
    and the extract, or a plain refusal that shows nothing."""
    token = incoming.args.strip()[len(LINK_PREFIX) :]
    share = await tx.share_by_token(token_hash(token)) if token else None
    if share is None or share.kind == "chat" or not share.open_at(tx.now):
        return [Outgoing(copy.SHARE_INVALID)]
    if not await tx.record_opening(
        share.id, incoming.channel, incoming.external_id, incoming.update_key, incoming.sender
    ):
        return []  # the same update again: already answered
    assert share.expires_at is not None
    lines = [copy.SHARE_FOR_MANAGER.format(name=_name(share), day=day_text(share.created_at))]
    if share.note:
        lines.append(copy.SHARE_MANAGER_NOTE.format(note=share.note))
    lines.append(copy.SHARE_MANAGER_UNTIL.format(until=last_day(share.expires_at)))
    replies = [
        Outgoing(
            "\n\n".join(lines),
            pending=EditionRequest(share.agent_id, (PDF,), share.id, "manager", maker=EXTRACT),
        )
    ]
    if share.notify:
        told = copy.SHARE_OPENED.format(what=describe(share))
        for channel in await tx.channels(share.agent_id):
            replies.append(Outgoing(told, to=Recipient(channel.channel, channel.chat_id)))
    return replies


def _name(share: Share) -> str:
    entries = from_snapshot(share.snapshot)
    identite = entries.get(IDENTITE, [(0, None)])[0][1]
    if not isinstance(identite, Identite):
        return ""
    return f"{identite.prenom} {identite.nom.upper()}"


# ---- the extract, made after the turn -----------------------------------------------------


async def make(request: EditionRequest, w: Workshop) -> list[Outgoing]:
    db, converter, folder, proofs_dir = w.db, w.converter, w.files, w.proofs
    mailer, bot_username = w.mailer, w.outreach.bot_username
    assert request.share_id is not None
    async with db.transaction() as tx:
        share = await tx.share(request.agent_id, request.share_id)
    if share is None:
        return [Outgoing(copy.SHARE_INVALID)]
    day = share.created_at.astimezone(PARIS).date()
    entries = from_snapshot(share.snapshot)
    context = build_extract_context(entries, day)
    annexes = await _annexes(share, entries, context, proofs_dir)
    made = await make_edition(
        context, set(request.formats), converter, day, EXTRAIT, annexes=annexes
    )
    if request.audience == "email":
        assert request.token is not None
        sent = await _mail(db, share, made.files[0], mailer, link(bot_username, request.token))
        # The agent is told, not the manager: only the agent can send the proof again.
        return [Outgoing(left_out_note(made)), *sent] if made.left_out else sent
    if request.audience == "manager":
        caption = copy.SHARE_FILE_MANAGER.format(name=_name(share))
        return await as_documents(made, folder, request.agent_id, caption)
    replies = await as_documents(made, folder, request.agent_id, copy.SHARE_FILE)
    closing = PROBLEMS[made.pdf_problem] if made.pdf_problem else copy.SHARE_READY
    if made.left_out:
        closing += "\n" + left_out_note(made)
    other = "docx" if request.formats == (PDF,) else "pdf"
    label = copy.SHARE_GET_DOCX if other == "docx" else copy.SHARE_GET_PDF
    # The same extract sent on, as it is: nothing to tick again.
    rows = [[Button(label, f"{GLOBAL}|xf:{share.id}:{other}")]]
    rows += [
        [Button(SENDING_LABELS[way], f"{GLOBAL}|sx:{share.id}:{way}")]
        for way in sending_ways(w.outreach)
    ]
    rows.append([Button(copy.BACK_MENU, f"{GLOBAL}|m")])
    replies.append(Outgoing(closing, rows))
    return replies


def failed(request: EditionRequest) -> list[Outgoing]:
    if request.audience == "manager":
        return [Outgoing(copy.SHARE_MANAGER_FAILED)]
    return edition_failed(request)


async def _annexes(
    share: Share, entries: dict[str, list[tuple[int, Entry]]], context: Context, folder: Path | None
) -> list[Annex]:
    """The proofs the agent sent with the extract, read from the data folder, listed in it.
    A proof the agent removed since is left out: removing it meant not showing it."""
    titles = {i: (rubrique(code), e) for code, items in entries.items() for i, e in items}
    found: list[Annex] = []
    read: set[str] = set()
    proved: set[int] = set()
    for item in share.snapshot.get(ANNEXES, []) if folder is not None else []:
        assert folder is not None
        key = item.get("digest") or item["path"]
        if key not in read:
            try:
                data = await asyncio.to_thread((folder / item["path"]).read_bytes)
            except OSError:
                continue
            read.add(key)
            found.append(Annex(item["kind"], data))
        # One annex for a file several entries share (a relevé), naming each of them.
        context.add_annex(item["kind"], *titles[item["entry_id"]], key)
        proved.add(item["entry_id"])
    # Justified in the manager's eyes only by a proof joined to the extract.
    context.prove(proved)
    return found


async def _mail(
    db: Database, share: Share, file: EditionFile, mailer: Mailer, url: str
) -> list[Outgoing]:
    assert share.recipient and share.expires_at
    until = last_day(share.expires_at)
    attachment = Attachment(file.name, file.data, MIME[Path(file.name).suffix])
    mail = mails.share_mail(
        share.recipient,
        _name(share),
        day_text(share.created_at),
        share.note,
        url,
        until,
        attachment,
    )
    menu_row = [[Button(copy.SHARE_LIST, f"{GLOBAL}|shares")]]
    try:
        where = await mailer.send(mail)
    except MailError:
        async with db.transaction() as tx:
            await tx.share_mailed(share.id, sent=False)
        return [Outgoing(copy.SHARE_EMAIL_FAILED.format(email=share.recipient), menu_row)]
    # Recorded once the mail server took it: a crash before says "not confirmed", not "sent".
    async with db.transaction() as tx:
        await tx.share_mailed(share.id, sent=True)
    sent = Outgoing(copy.SHARE_EMAIL_SENT.format(email=share.recipient, until=until), menu_row)
    return [sent] if where is None else [Outgoing("", note=True, outbox=where), sent]
