"""The engine: one ``Incoming`` in, its ``Outgoing`` replies out, in one SQLite transaction.

It loads the agent's dialog state, runs the current screen's handler, and saves
the answers, the new state and the update id together: a crash loses no answer,
a redelivered update changes nothing, a restart resumes every agent where they were.
"""

import asyncio
import logging
import re
import tempfile
import time
from dataclasses import fields, replace
from pathlib import Path

from dialogs import (
    account,
    asking,
    collectivite_step,
    copy,
    data_export,
    edition,
    email_step,
    entries,
    erasure,
    inactivity,
    menu,
    onboarding,
    proofs,
    reminders,
    removals,
    shares,
    sharing,
)
from dialogs.messages import (
    Button,
    EditionRequest,
    Incoming,
    Mailer,
    MailError,
    Outgoing,
    Replies,
)
from dialogs.numbers import parse_id
from dialogs.state import restore
from dialogs.turn import GLOBAL, OutMail, Reply, Turn
from dialogs.widgets import AnswerError, parse_answer
from documents.pdf import PdfConverter
from livret.catalogue import find_rubrique, rubrique
from storage import Database, DialogRecord

log = logging.getLogger(__name__)


class Engine:
    def __init__(
        self,
        db: Database,
        mailer: Mailer,
        converter: PdfConverter | None = None,
        files: Path | None = None,
    ) -> None:
        self.db = db
        self.mailer = mailer
        # Where proofs are stored; a private temporary folder unless configured.
        self.proofs_dir: Path | None = None
        # The bot's Telegram username, for t.me links (set by the Telegram transport).
        self.bot_username = ""
        self.converter = converter or PdfConverter()
        # Where documents are written; a private temporary folder unless configured.
        self.files = files

    def places(self) -> removals.Places:
        """Where the agents' files are, for what removes them."""
        return removals.Places(self.proofs_dir, self.files, self.mailer)

    async def fulfil(self, request: EditionRequest) -> list[Outgoing]:
        """The documents a turn asked for (``Outgoing.pending``), made outside any turn."""
        if self.files is None:
            self.files = Path(tempfile.mkdtemp(prefix="livret-"))
        try:
            if request.audience == data_export.EXPORT:
                return await data_export.fulfil(
                    self.db, request, self.converter, self.files, self.proofs_dir
                )
            if request.share_id is not None:
                return await shares.fulfil(
                    self.db,
                    request,
                    self.converter,
                    self.files,
                    self.mailer,
                    self.bot_username,
                    self.proofs_dir,
                )
            return await edition.fulfil(
                self.db, request, self.converter, self.files, self.proofs_dir
            )
        except Exception:
            # A template restyled wrong, a full disk: the agent is told, not left waiting.
            log.exception("edition failed for agent %s", request.agent_id)
            if request.audience == "manager":
                return [Outgoing(copy.SHARE_MANAGER_FAILED)]
            return [Outgoing(copy.EDITION_FAILED, [[Button(copy.BACK_MENU, f"{GLOBAL}|m")]])]

    async def handle(self, incoming: Incoming) -> Replies:
        incoming = _readable(incoming)
        if shares.is_share_link(incoming):
            # A manager opening a link needs no account of their own: none is made.
            started = time.perf_counter()
            async with self.db.transaction() as tx:
                replies = await shares.opened(tx, incoming)
            ms = round((time.perf_counter() - started) * 1000, 2)
            log.info("share link", extra={"update": incoming.update_key, "ms": ms})
            return Replies(replies)
        # A file is checked before the turn's transaction: opening a big PDF or photo takes
        # a while, and every other agent's turn would wait for the writer meanwhile.
        checked = await proofs.precheck(incoming)
        written: list[Path] = []
        try:
            return await self._handle(incoming, written, checked)
        except BaseException:
            # The turn was rolled back: the proofs it wrote have no row.
            for path in written:
                await asyncio.to_thread(path.unlink, missing_ok=True)
            raise

    async def _handle(
        self, incoming: Incoming, written: list[Path], checked: proofs.Prechecked | None
    ) -> Replies:
        started = time.perf_counter()
        async with self.db.transaction() as tx:
            record = await tx.find_agent_state(incoming.channel, incoming.external_id)
            if record is None:
                agent_id = await tx.create_agent(
                    incoming.channel, incoming.external_id, incoming.chat_id
                )
                record = DialogRecord(agent_id)
            key = incoming.update_key
            if key is not None and key in record.recent_updates:
                return Replies(repeated=True)
            state = restore(record.state)
            before = state.position()
            if self.proofs_dir is None:
                self.proofs_dir = Path(tempfile.mkdtemp(prefix="livret-proofs-"))
            turn = Turn(
                tx,
                record.agent_id,
                state,
                incoming,
                activated=record.activated,
                bot_username=self.bot_username,
                proofs_dir=self.proofs_dir,
                written=written,
                checked=checked,
            )
            await _dispatch(turn)
            if turn.switched_to is not None:
                # The turn recovered another livret: this chat now speaks for it.
                record = turn.switched_to
            state = turn.state
            # A bound button is good for one use even when it leaves the position as it was.
            if turn.used_button or state.position() != before:
                state.seq += 1
            record.state = state.model_dump(mode="json")
            if key is not None:
                record.recent_updates.append(key)
            if not turn.erased:
                await tx.save_dialog_state(record)
        if turn.removes:
            await removals.finish(self.db, self.places())
        replies = [_encode(reply, state.seq) for reply in turn.replies]
        # What happened, never what was said: the agent by number, the input by kind.
        log.info(
            "turn",
            extra={
                "agent": record.agent_id,
                "update": key,
                "input": incoming.kind,
                "screen": state.screen,
                "ms": round((time.perf_counter() - started) * 1000, 2),
            },
        )
        # Sent once the turn is committed: a slow mail server never holds the database.
        return Replies(replies + await self._send(turn.mails))

    async def _send(self, mails: list[OutMail]) -> list[Outgoing]:
        said = []
        for out in mails:
            try:
                where = await self.mailer.send(out.mail)
            except MailError:
                log.warning("e-mail not sent", exc_info=True)
                if out.code_id is not None:
                    async with self.db.transaction() as tx:
                        await tx.code_not_sent(out.code_id)
                    said.append(Outgoing(copy.MAIL_FAILED.format(email=out.mail.to)))
                continue
            if where is not None:
                said.append(Outgoing("", note=True, outbox=where))
        return said


# A lone UTF-16 surrogate: valid in a Python string (JSON's "\ud800"), in no file format.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _readable(incoming: Incoming) -> Incoming:
    """What the agent sent, with what no encoding can store shown as "�"."""
    texts = {"text": incoming.text, "args": incoming.args, "sender": incoming.sender}
    if not any(_SURROGATE.search(value) for value in texts.values()):
        return incoming
    return replace(incoming, **{k: _SURROGATE.sub("\ufffd", v) for k, v in texts.items()})


def _encode(reply: Reply, seq: int) -> Outgoing:
    """The reply as the transports get it: its buttons' data carry the final ``seq``."""
    rows = [
        [Button(b.label, f"{seq if b.bound else GLOBAL}|{b.action}") for b in row]
        for row in reply.rows
    ]
    rest = {f.name: getattr(reply, f.name) for f in fields(reply) if f.name != "rows"}
    return Outgoing(buttons=rows, **rest)


async def _dispatch(t: Turn) -> None:
    kind, screen = t.incoming.kind, t.state.screen
    if kind == "command":
        await _command(t, t.incoming.text.lower())
    elif kind == "button":
        await _button(t, t.incoming.text)
    elif kind == "text" and screen in ("email", "code", "collectivite"):
        await _typed_step(t)
    elif kind == "text" and screen == "erase":
        await erasure.typed(t)
    elif not t.activated:
        await _before_activation(t)
    elif screen == "proof" and kind == "file":
        await proofs.received(t)
    elif screen == "proof":
        proofs.ask(t, copy.PROOF_NOT_A_FILE)
    elif kind == "text" and screen == "share_email":
        await sharing.typed_email(t)
    elif kind == "text" and screen == "share_note":
        await sharing.typed_note(t)
    elif screen == "share_email":
        sharing.ask_email(t, copy.TEXT_EXPECTED)
    elif screen == "share_note":
        sharing.ask_note(t, copy.TEXT_EXPECTED)
    elif kind == "text" and screen == "ask":
        await _typed_answer(t)
    elif screen == "ask":
        await _reask(t, copy.TEXT_EXPECTED)
    elif kind == "text":
        t.note(copy.NO_TEXT_HERE)
    elif kind == "file":
        t.note(copy.PROOF_NO_ENTRY)
    else:
        t.note(copy.NO_FILE_HERE)


async def _typed_step(t: Turn) -> None:
    """A typed answer to an activation step, or to the change of an account detail."""
    if t.state.screen == "email":
        await email_step.typed_email(t)
    elif t.state.screen == "code":
        await email_step.typed_code(t)
    else:
        await collectivite_step.typed(t)


async def _before_activation(t: Turn) -> None:
    """Before the menu only the activation steps are open: an agent of an earlier version
    left on another screen (a diplôme half written) is taken to the step they lack."""
    kind = t.incoming.kind
    if t.state.screen == "privacy":
        onboarding.show_privacy(t, intro=copy.PRIVACY_FIRST, short=True)
    elif t.state.screen == "ask" and onboarding.asking_names(t):
        if kind == "text":
            await _typed_answer(t)
        else:
            await _reask(t, copy.TEXT_EXPECTED)
    else:
        await onboarding.next_step(t, copy.ONBOARDING_FIRST)


async def _command(t: Turn, command: str) -> None:
    if command == "aide":
        _help(t)
    elif command not in (
        "start",
        "menu",
        "annuler",
        "partages",
        "rappels",
        "rappel",
        "supprimer",
        "mesdonnees",
    ):
        t.note(copy.UNKNOWN_COMMAND.format(command=command))
    elif command == "mesdonnees":
        # Before activation too: what is held is the agent's to have.
        data_export.ask(t)
    elif command == "supprimer":
        # Before activation too: a person may leave without finishing.
        erasure.ask(t)
    elif command == "start":
        await onboarding.start(t)
    elif not t.activated:
        await onboarding.next_step(t, copy.ONBOARDING_FIRST)
    elif command == "menu":
        await menu.show_menu(t)
    elif command == "partages":
        await shares.show_list(t)
    elif command == "rappels":
        await reminders.show(t)
    elif command == "rappel":
        await reminders.preview(t)
    elif t.state.screen in onboarding.SCREENS:
        await account.show(t, copy.ACCOUNT_CHANGE_CANCELLED)
    elif t.state.screen == "erase" and t.activated:
        await menu.show_menu(t, copy.ERASE_KEPT)
    elif t.state.screen == "proof" and t.state.entry_id is not None:
        await entries.show_entry(t, t.state.entry_id, copy.CHANGE_CANCELLED)
    elif t.state.screen in sharing.SCREENS:
        await menu.show_menu(t, copy.SHARE_CANCELLED)
    else:
        await asking.cancel(t)


def _help(t: Turn) -> None:
    step = onboarding.step_help(t.state.screen)
    if step is not None:
        t.note(step + "\n\n" + copy.HINT_COMMANDS)
        return
    spec = asking.current_spec(t) if t.state.screen == "ask" else None
    if spec is None:
        t.note(copy.HELP_GENERAL)
        return
    text = copy.HELP_FIELD.format(question=spec.ask.question, help=spec.ask.help)
    if spec.optional:
        text += "\n" + copy.HELP_OPTIONAL
    if not t.activated:
        text += "\n\n" + copy.HELP_ONBOARDING
    t.note(text + "\n\n" + copy.HINT_COMMANDS)


async def _typed_answer(t: Turn) -> None:
    spec = asking.current_spec(t)
    if spec is None:
        t.note(copy.NO_TEXT_HERE)
        return
    try:
        value = parse_answer(spec, t.incoming.text)
    except AnswerError as error:
        await asking.ask(t, spec, str(error))
        return
    await asking.answer(t, value)


async def _reask(t: Turn, problem: str) -> None:
    spec = asking.current_spec(t)
    if spec is None:
        t.note(copy.NO_FILE_HERE)
        return
    if spec.kind in ("choice", "yesno"):
        problem = copy.CHOICE_EXPECTED
    elif spec.kind == "links":
        problem = copy.LINKS_TAP
    await asking.ask(t, spec, problem)


async def _button(t: Turn, data: str) -> None:
    scope, _, action = data.partition("|")
    seq = parse_id(scope)
    if not t.activated and not _open_before_activation(t, scope, action):
        # The menu's buttons, and those of screens left by an earlier version, open
        # nothing before activation is done.
        await onboarding.next_step(t, copy.ONBOARDING_FIRST)
    elif scope == GLOBAL:
        await _global(t, action)
    elif seq is not None and seq != t.state.seq:
        t.say(copy.STALE_BUTTON, alert=True)
    elif seq is not None:
        t.used_button = await _bound(t, action)
        if not t.used_button:
            t.say(copy.UNKNOWN_BUTTON, alert=True)
    else:
        t.say(copy.UNKNOWN_BUTTON, alert=True)


# Global buttons about one share: show it, revoke it, be told of its openings, get the
# extract just received in the other format.
SHARE_ACTIONS = {
    "sh": shares.show_one,
    "rv": shares.revoke,
    "sn": shares.set_notify,
    "xf": shares.other_format,
}


def _open_before_activation(t: Turn, scope: str, action: str) -> bool:
    if scope == GLOBAL:
        return action == "aide"
    return t.state.screen in onboarding.SCREENS or (
        t.state.screen == "ask" and onboarding.asking_names(t)
    )


async def _global(t: Turn, action: str) -> None:
    """Navigation buttons: they work from any message, old or new."""
    name, _, arg = action.partition(":")
    if name == "m":
        await menu.show_menu(t)
    elif name == "aide":
        _help(t)
    elif name == "doc":
        edition.show_choice(t)
    elif name == "acct":
        await account.show(t)
    elif name == "share":
        await sharing.show(t)
    elif name == "rem":
        await reminders.show(t)
    elif name == "rs":
        # A reminder's "Reprendre": the draft if it is still there, else the menu.
        await (asking.resume(t) if t.state.draft else menu.show_menu(t))
    elif name == "shares":
        await shares.show_list(t)
    elif name == inactivity.KEEP:
        # Any turn keeps the account; this button only says so.
        await menu.show_menu(t, copy.INACTIVE_KEPT)
    elif name in SHARE_ACTIONS:
        if not await SHARE_ACTIONS[name](t, arg):
            t.say(copy.UNKNOWN_BUTTON, alert=True)
    elif name == "r" and find_rubrique(arg):
        await entries.show_rubrique(t, arg)
    elif name == "e" and (entry_id := parse_id(arg)) is not None:
        await entries.show_entry(t, entry_id)
    else:
        t.say(copy.UNKNOWN_BUTTON, alert=True)


async def _bound(t: Turn, action: str) -> bool:
    """A button of the current position; False if it means nothing here (forged)."""
    s = t.state
    name, _, arg = action.partition(":")
    match (s.screen, name):
        case ("privacy", "accept"):
            await onboarding.accept(t)
        case ("code", "resend"):
            await email_step.resend(t)
        case ("code", "newmail") | ("account", "chmail"):
            await email_step.ask(t)
        case ("collectivite", "usehint"):
            await collectivite_step.use_hint(t)
        case ("collectivite", "other"):
            await collectivite_step.other(t)
        case ("account", "chcoll"):
            await collectivite_step.ask(t)
        case ("email" | "code" | "collectivite", "back") if t.activated:
            await account.show(t)
        case ("reminders" | "reminder_day" | "reminder_hour", "cad" | "wd" | "h" | "yearly"):
            return await reminders.choose(t, name, arg)
        case ("reminders", "day"):
            reminders.ask_day(t)
        case ("reminders", "hour"):
            reminders.ask_hour(t)
        case ("reminder_day" | "reminder_hour", "back"):
            await reminders.show(t)
        case ("share", "pick"):
            return await sharing.pick(t, arg)
        case ("share", "preview"):
            await sharing.preview(t)
        case ("share_pick", "t" | "f" | "all" | "none" | "pg" | "p"):
            return await sharing.toggle(t, name, arg)
        case ("share_pick", "done") | ("share_preview", "edit"):
            await sharing.show(t)
        case ("share_preview", "get"):
            return await sharing.get(t, arg)
        case ("share_preview", "how"):
            return await sharing.how(t, arg)
        case ("share_days", "d"):
            return sharing.choose_days(t, arg)
        case ("share_note", "nonote"):
            await sharing.send(t, None)
        case ("share_email" | "share_days" | "share_note", "back"):
            await sharing.back(t)
        case ("menu" | "resume", "resume"):
            await asking.resume(t)
        case ("resume", "drop"):
            await asking.drop(t)
        case ("rubrique", "add") if s.rubrique:
            await asking.start_add(t, s.rubrique)
        case ("rubrique", "nc") if s.rubrique and not rubrique(s.rubrique).essential:
            await entries.toggle_not_concerned(t)
        case ("entry", "proof") if s.rubrique in proofs.RUBRIQUES and s.entry_id:
            proofs.ask(t)
        case ("rubrique" | "entry", "proofnew"):
            return await proofs.ask_for_new(t, arg)
        case ("entry", "unproof"):
            return await proofs.remove(t, arg)
        case ("proof", "back") if s.entry_id is not None:
            await entries.show_entry(t, s.entry_id)
        case ("entry", "edit"):
            await entries.show_pick_field(t)
        case ("entry", "del") if s.rubrique and not rubrique(s.rubrique).essential:
            await entries.confirm_delete(t)
        case ("confirm_delete", "delok"):
            await entries.delete(t)
        case ("confirm_delete", "delno") if s.entry_id is not None:
            await entries.show_entry(t, s.entry_id)
        case ("pick_field", "f"):
            code = s.draft.rubrique if s.entry_id is None and s.draft else s.rubrique
            if code is None or arg not in {f.name for f in rubrique(code).fields}:
                return False
            await asking.start_change(t, arg)
        case ("pick_field", "back"):
            if s.entry_id is None and s.draft is not None:
                await asking.show_summary(t)
            elif s.entry_id is not None:
                await entries.show_entry(t, s.entry_id)
            else:
                await menu.show_menu(t)
        case ("summary", "save"):
            await asking.save(t)
        case ("summary", "edit"):
            await entries.show_pick_field(t)
        case ("summary", "cancel"):
            await asking.cancel(t)
        case ("edition", "fmt"):
            return edition.request(t, arg)
        case ("ask", _):
            return await _ask_button(t, name, arg)
        case _:
            return False
    return True


async def _ask_button(t: Turn, name: str, arg: str) -> bool:
    spec = asking.current_spec(t)
    active = t.state.active()
    if spec is None or active is None:
        return False
    if name == "v" and spec.kind == "choice":
        assert spec.choices is not None
        if arg not in {m.value for m in spec.choices}:
            return False
        await asking.answer(t, arg)
    elif name == "v" and spec.kind == "yesno" and arg in ("0", "1"):
        await asking.answer(t, arg == "1")
    elif name in ("skip", "clear") and spec.optional:
        await asking.skip(t)
    elif name == "t" and spec.kind == "links" and (number := parse_id(arg)) is not None:
        return await asking.toggle_link(t, number)
    elif name == "pg" and spec.kind == "links" and (number := parse_id(arg)) is not None:
        return await asking.turn_link_page(t, number)
    elif name == "ok" and spec.kind == "links":
        await asking.validate_links(t)
    elif name == "back" and active.one_field:
        await _back_from_question(t)
    else:
        return False
    return True


async def _back_from_question(t: Turn) -> None:
    change = t.state.change
    assert change is not None
    t.state.change = None
    if change.entry_id is not None:
        await entries.show_entry(t, change.entry_id)
    else:
        await asking.show_summary(t)
