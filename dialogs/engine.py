"""The engine: one ``Incoming`` in, its ``Outgoing`` replies out, in one SQLite transaction.

It loads the agent's dialog state, runs the current screen's handler, and saves
the answers, the new state and the update id together: a crash loses no answer,
a redelivered update changes nothing, a restart resumes every agent where they were.
"""

import logging
import tempfile
from dataclasses import fields
from pathlib import Path

from pydantic import ValidationError

from dialogs import asking, copy, edition, entries, menu, onboarding
from dialogs.messages import Button, EditionRequest, Incoming, Outgoing
from dialogs.state import DialogState
from dialogs.turn import GLOBAL, Reply, Turn
from dialogs.widgets import AnswerError, parse_answer
from documents.pdf import PdfConverter
from livret.catalogue import find_rubrique, rubrique
from storage import Database, DialogRecord

log = logging.getLogger(__name__)


class Engine:
    def __init__(
        self, db: Database, converter: PdfConverter | None = None, files: Path | None = None
    ) -> None:
        self.db = db
        self.converter = converter or PdfConverter()
        # Where documents are written; a private temporary folder unless configured.
        self.files = files

    async def fulfil(self, request: EditionRequest) -> list[Outgoing]:
        """The documents a turn asked for (``Outgoing.pending``), made outside any turn."""
        if self.files is None:
            self.files = Path(tempfile.mkdtemp(prefix="livret-"))
        try:
            return await edition.fulfil(self.db, request, self.converter, self.files)
        except Exception:
            # A template restyled wrong, a full disk: the agent is told, not left waiting.
            log.exception("edition failed for agent %s", request.agent_id)
            return [Outgoing(copy.EDITION_FAILED, [[Button(copy.BACK_MENU, f"{GLOBAL}|m")]])]

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        async with self.db.transaction() as tx:
            record = await tx.find_agent_state(incoming.channel, incoming.external_id)
            if record is None:
                agent_id = await tx.create_agent(
                    incoming.channel, incoming.external_id, incoming.chat_id
                )
                record = DialogRecord(agent_id)
            key = incoming.update_key
            if key is not None and key in record.recent_updates:
                return []
            state = _state(record)
            before = state.position()
            turn = Turn(tx, record.agent_id, state, incoming)
            await _dispatch(turn)
            # A bound button is good for one use even when it leaves the position as it was.
            if turn.used_button or state.position() != before:
                state.seq += 1
            record.state = state.model_dump(mode="json")
            if key is not None:
                record.recent_updates.append(key)
            await tx.save_dialog_state(record)
        return [_encode(reply, state.seq) for reply in turn.replies]


def _state(record: DialogRecord) -> DialogState:
    try:
        return DialogState.model_validate(record.state or {})
    except ValidationError:
        # Saved by another version of the dialogs: the agent starts again from the menu
        # (or the onboarding) rather than being stuck; their entries are untouched.
        log.warning("dialog state of agent %s reset", record.agent_id)
        onboarded = bool((record.state or {}).get("onboarded"))
        return DialogState(onboarded=onboarded, screen="menu" if onboarded else "onboarding")


def _encode(reply: Reply, seq: int) -> Outgoing:
    """The reply as the transports get it: its buttons' data carry the final ``seq``."""
    rows = [
        [Button(b.label, f"{seq if b.bound else GLOBAL}|{b.action}") for b in row]
        for row in reply.rows
    ]
    rest = {f.name: getattr(reply, f.name) for f in fields(reply) if f.name != "rows"}
    return Outgoing(buttons=rows, **rest)


async def _dispatch(t: Turn) -> None:
    kind = t.incoming.kind
    if kind == "command":
        await _command(t, t.incoming.text.lower())
    elif not t.state.onboarded:
        await _onboarding(t)
    elif kind == "button":
        await _button(t, t.incoming.text)
    elif kind == "text" and t.state.screen == "ask":
        await _typed_answer(t)
    elif t.state.screen == "ask":
        await _reask(t, copy.TEXT_EXPECTED)
    elif kind == "text":
        t.note(copy.NO_TEXT_HERE)
    else:
        t.note(copy.NO_FILE_HERE)


async def _onboarding(t: Turn) -> None:
    """Before the menu only the onboarding questions are open."""
    if t.state.draft is None:
        onboarding.begin(t)
        await asking.ask_next(t)
    elif t.incoming.kind == "text" and t.state.screen == "ask":
        await _typed_answer(t)
    else:
        t.say(copy.ONBOARDING_FIRST)
        await asking.ask_next(t)


async def _command(t: Turn, command: str) -> None:
    if command == "aide":
        _help(t)
    elif command not in ("start", "menu", "annuler"):
        t.note(copy.UNKNOWN_COMMAND.format(command=command))
    elif not t.state.onboarded:
        if t.state.draft is None:
            await _onboarding(t)
            return
        if command != "start":
            t.say(copy.ONBOARDING_FIRST)
        await asking.ask_next(t)
    elif command == "start":
        prenom = await menu.agent_prenom(t)
        hello = copy.WELCOME_BACK.format(prenom=prenom) if prenom else copy.WELCOME_BACK_UNNAMED
        if t.state.draft is not None and t.state.draft.data:
            t.say(hello)
            asking.show_resume(t)
        else:
            await menu.show_menu(t, hello)
    elif command == "menu":
        await menu.show_menu(t)
    else:
        await asking.cancel(t)


def _help(t: Turn) -> None:
    spec = asking.current_spec(t) if t.state.screen == "ask" else None
    if spec is None:
        t.note(copy.HELP_GENERAL)
        return
    text = copy.HELP_FIELD.format(question=spec.ask.question, help=spec.ask.help)
    if spec.optional:
        text += "\n" + copy.HELP_OPTIONAL
    if not t.state.onboarded:
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
    if scope == GLOBAL:
        await _global(t, action)
    elif scope.isdigit() and int(scope) != t.state.seq:
        t.say(copy.STALE_BUTTON, alert=True)
    elif scope.isdigit():
        t.used_button = await _bound(t, action)
        if not t.used_button:
            t.say(copy.UNKNOWN_BUTTON, alert=True)
    else:
        t.say(copy.UNKNOWN_BUTTON, alert=True)


async def _global(t: Turn, action: str) -> None:
    """Navigation buttons: they work from any message, old or new."""
    name, _, arg = action.partition(":")
    if name == "m":
        await menu.show_menu(t)
    elif name == "aide":
        _help(t)
    elif name == "doc":
        edition.show_choice(t)
    elif name == "r" and find_rubrique(arg):
        await entries.show_rubrique(t, arg)
    elif name == "e" and arg.isdigit():
        await entries.show_entry(t, int(arg))
    else:
        t.say(copy.UNKNOWN_BUTTON, alert=True)


async def _bound(t: Turn, action: str) -> bool:
    """A button of the current position; False if it means nothing here (forged)."""
    s = t.state
    name, _, arg = action.partition(":")
    match (s.screen, name):
        case ("menu" | "resume", "resume"):
            await asking.resume(t)
        case ("resume", "drop"):
            await asking.drop(t)
        case ("rubrique", "add") if s.rubrique:
            await asking.start_add(t, s.rubrique)
        case ("rubrique", "nc") if s.rubrique and not rubrique(s.rubrique).essential:
            await entries.toggle_not_concerned(t)
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
    elif name == "t" and spec.kind == "links" and arg.isdigit():
        return await asking.toggle_link(t, int(arg))
    elif name == "pg" and spec.kind == "links" and arg.isdigit():
        return await asking.turn_link_page(t, int(arg))
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
