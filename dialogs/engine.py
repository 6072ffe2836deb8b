"""The engine: one ``Incoming`` in, its ``Outgoing`` replies out, in one SQLite transaction.

It loads the agent's dialog state, finds the screen the agent is on among those the flows
declare (``dialogs/flows.py``) and calls what that screen does with the input; then saves
the answers, the new state and the update id together: a crash loses no answer, a
redelivered update changes nothing, a restart resumes every agent where they were. It
names no screen, no command and no button: the flows' declarations do.
"""

import asyncio
import logging
import re
import tempfile
import time
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from dialogs import copy, numbered, removals
from dialogs.flows import REGISTRY
from dialogs.messages import (
    Button,
    EditionRequest,
    Incoming,
    Mailer,
    MailError,
    Outgoing,
    Outreach,
    Replies,
)
from dialogs.numbers import parse_id
from dialogs.screens import Registry, Workshop
from dialogs.turn import GLOBAL, OutMail, Reply, Turn
from documents.pdf import PdfConverter
from reading.pool import Reader
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
        # Who else the server reaches, and how; what reads attestations (set by the transport).
        self.outreach, self.reader = Outreach(), Reader()
        self.converter = converter or PdfConverter()
        # Where documents are written; a private temporary folder unless configured.
        self.files = files
        self.registry: Registry = REGISTRY

    def places(self) -> removals.Places:
        """Where the agents' files are, for what removes them."""
        return removals.Places(self.proofs_dir, self.files, self.mailer)

    async def fulfil(self, request: EditionRequest) -> list[Outgoing]:
        """What a turn asked for (``Outgoing.pending``: documents, a reading), made after it."""
        if self.files is None:
            self.files = Path(tempfile.mkdtemp(prefix="livret-"))
        tools = (self.converter, self.files, self.proofs_dir, self.mailer, self.outreach)
        workshop = Workshop(self.db, *tools, self.reader)
        maker = self.registry.makers[request.maker]
        try:
            return await maker.make(request, workshop)
        except Exception:
            # A template restyled wrong, a full disk: the agent is told, not left waiting.
            log.exception("edition failed for agent %s", request.agent_id)
            return maker.failed(request)

    async def handle(self, incoming: Incoming) -> Replies:
        incoming = _readable(incoming)
        for outside in self.registry.outside:
            if outside.matches(incoming):
                # Answered with no account of one's own (a manager opening a link): none is made.
                started = time.perf_counter()
                async with self.db.transaction() as tx:
                    replies = await outside.answer(tx, incoming)
                ms = round((time.perf_counter() - started) * 1000, 2)
                log.info(outside.name, extra={"update": incoming.update_key, "ms": ms})
                return Replies(replies)
        # A file is checked before the turn's transaction: opening a big PDF or photo takes
        # a while, and every other agent's turn would wait for the writer meanwhile.
        checked = await self.registry.precheck(incoming)
        written: list[Path] = []
        try:
            return await self._handle(incoming, written, checked)
        except BaseException:
            # The turn was rolled back: the proofs it wrote have no row.
            for path in written:
                await asyncio.to_thread(path.unlink, missing_ok=True)
            raise

    async def _handle(self, incoming: Incoming, written: list[Path], checked: Any) -> Replies:
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
            state = self.registry.screens.restore(record.state)
            before = state.position()
            if self.proofs_dir is None:
                self.proofs_dir = Path(tempfile.mkdtemp(prefix="livret-proofs-"))
            turn = Turn(
                tx,
                record.agent_id,
                state,
                incoming,
                self.registry.screens,
                activated=record.activated,
                outreach=self.outreach,
                proofs_dir=self.proofs_dir,
                written=written,
                checked=checked,
            )
            await _route(turn, self.registry)
            if turn.switched_to is not None:
                # The turn recovered another livret: this chat now speaks for it.
                record = turn.switched_to
            state = turn.state
            # A bound button is good for one use even when it leaves the position as it was.
            if turn.used_button or state.position() != before:
                state.seq += 1
            replies = [_encode(reply, state.seq) for reply in turn.replies]
            state.numbered = numbered.remember(replies, state.numbered)
            record.state = state.model_dump(mode="json")
            if key is not None:
                record.recent_updates.append(key)
            if not turn.erased:
                await tx.save_dialog_state(record)
        if turn.removes:
            await removals.finish(self.db, self.places())
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


async def _route(t: Turn, registry: Registry) -> None:
    """What the screen the agent is on does with the input; before activation, only what
    is open then, the activation's gate elsewhere."""
    if numbered.retarget(t):
        return
    kind, here = t.incoming.kind, t.here
    if kind == "command":
        name = t.incoming.text.lower()
        command = registry.commands.get(name)
        if command is None:
            t.note(copy.UNKNOWN_COMMAND.format(command=name))
            if here.redraw is not None:
                await here.redraw(t)
        elif not t.activated and not command.before_activation:
            await registry.gate(t)
        else:
            await command.run(t)
    elif kind == "button":
        await _button(t, registry)
    else:
        handler = here.takes(t)
        if not t.activated and (handler is None or not here.open_before_activation(t)):
            await registry.gate(t)
        else:
            await (handler or registry.anywhere[kind])(t)


async def _button(t: Turn, registry: Registry) -> None:
    """A navigation button works from any message; a bound one only from the current
    position (its ``seq``), and only if its screen declares it."""
    scope, _, action = t.incoming.text.partition("|")
    name, _, arg = action.partition(":")
    seq = parse_id(scope)
    if scope == GLOBAL:
        nav = registry.navs.get(name)
        # Before activation, only those declared open, as they are drawn (no argument).
        if not t.activated and not (nav is not None and nav.before_activation and not arg):
            await registry.gate(t)
        elif nav is None or not await nav.run(t, arg):
            t.say(copy.UNKNOWN_BUTTON, alert=True)
    elif not t.activated and not t.here.open_before_activation(t):
        # Buttons of screens an earlier version left open nothing before activation.
        await registry.gate(t)
    elif seq is not None and seq != t.state.seq:
        t.say(copy.STALE_BUTTON, alert=True)
    elif seq is not None:
        handler = t.here.buttons.get(name)
        t.used_button = handler is not None and await handler(t, arg)
        if not t.used_button:
            t.say(copy.UNKNOWN_BUTTON, alert=True)
    else:
        t.say(copy.UNKNOWN_BUTTON, alert=True)
