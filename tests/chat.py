"""A scripted agent talking to the engine directly (no transport), so engine tests read
like a conversation: ``await anne.send("BTS")``, ``await anne.tap("Enregistrer")``."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from bot.mail import OutboxMailer
from dialogs import copy
from dialogs.engine import Engine
from dialogs.messages import Incoming, Outgoing
from documents.pdf import PdfConverter
from livret.collectivites import read_csv
from livret.entries import Identite
from livret.identifiant import new_identifiant
from livret.schedule import Plan
from storage import Database
from tests import mailbox


class Talker(Protocol):
    """Anyone the tests script: the engine's chat or the Telegram agent."""

    async def send(self, text: str) -> Any: ...
    async def tap(self, label: str) -> Any: ...
    @property
    def text(self) -> str: ...


async def share_diplomes(chat: Talker, note: str | None = None, days: str = "30 jours") -> str:
    """Every diplôme shared by a link; the link's start parameter (``s-…``)."""
    await chat.send("/menu")
    await chat.tap(copy.MENU_SHARE)
    await chat.tap("Diplômes et titres")
    await chat.tap(copy.SHARE_CHECK_ALL)
    await chat.tap(copy.SHARE_DONE_PICKING)
    await chat.tap(copy.SHARE_PREVIEW)
    await chat.tap(copy.SHARE_LINK)
    await chat.tap(days)
    await (chat.send(note) if note else chat.tap(copy.SHARE_NO_NOTE))
    found = re.search(r"start=(s-[\w-]+)", chat.text)
    assert found, chat.text
    return found[1]


class Clock:
    """A clock the test moves: give it to ``Database.open(path, clock=...)``."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


async def reminders_due(path: Path, channel: str, external_ids: Sequence[str]) -> None:
    """These agents' next reminder is due now, set through a second connection as an
    administrator's script would: a minute ago on the real clock, so due and not so late
    that the dispatcher waits for the next one."""
    db = await Database.open(path)
    try:
        async with db.transaction() as tx:
            for external_id in external_ids:
                agent = await tx.find_agent(channel, external_id)
                assert agent is not None
                await tx.set_reminder_plan(agent, Plan(), tx.now - timedelta(minutes=1))
    finally:
        await db.close()


async def edit_saved_state(
    db: Database, external_id: str, change: Callable[[dict[str, Any]], None]
) -> None:
    """The agent's saved dialog state changed in place, as an earlier version of the
    dialogs would have left it."""
    async with db.transaction() as tx:
        record = await tx.find_agent_state("test", external_id)
        assert record is not None
        state = dict(record.state or {})
        change(state)
        record.state = state
        await tx.save_dialog_state(record)


async def load_registry(db: Database) -> None:
    """The sample registry of collectivités, as an administrator would import it."""
    rows = read_csv(mailbox.SAMPLE_REGISTRY.read_text(encoding="utf-8"))
    async with db.transaction() as tx:
        await tx.import_collectivites(rows.good)


async def engine_on(
    db: Database, folder: Path, converter: PdfConverter | None = None, files: Path | None = None
) -> Engine:
    """An engine on ``db`` (its registry loaded), writing e-mails and files in ``folder``."""
    await load_registry(db)
    return Engine(db, OutboxMailer(folder / "outbox"), converter, files or folder / "livrets")


async def activated_in(path: Path, channel: str, external_ids: Sequence[str]) -> None:
    """``activated``, in the database file at ``path`` (a bot about to start on it)."""
    db = await Database.open(path)
    try:
        await activated(db, channel, external_ids)
    finally:
        await db.close()


async def activated(db: Database, channel: str, external_ids: Sequence[str]) -> None:
    """Agents who went through activation in an earlier session (names, verified e-mail,
    identifiant, collectivité), written through the repository as activation writes them."""
    await load_registry(db)
    async with db.transaction() as tx:
        for external_id in external_ids:
            agent = await tx.create_agent(channel, external_id, external_id)
            await tx.accept_privacy(agent)
            await tx.add_entry(agent, "identite", Identite(prenom="Anne", nom="Dupont"))
            await tx.set_email(agent, f"{channel}.{external_id}@bench.example")
            while not await tx.set_identifiant(agent, new_identifiant()):
                pass
            await tx.set_collectivite(agent, mailbox.COLLECTIVITE)
            await tx.activate(agent)


def email_of(agent: str) -> str:
    """The professional address a test agent gives by default."""
    return re.sub(r"[^a-z0-9]+", ".", agent.lower()).strip(".") + "@mairie-exemple.fr"


@dataclass
class EngineChat:
    engine: Engine
    agent: str = "anne"
    channel: str = "test"
    replies: list[Outgoing] = field(default_factory=list)
    # The messages that last carried buttons, as a phone shows them: still tappable.
    screen: list[Outgoing] = field(default_factory=list)
    history: list[Outgoing] = field(default_factory=list)
    _update: int = 0

    async def _turn(
        self,
        kind: str,
        text: str,
        key: str | None = None,
        args: str = "",
        data: bytes | None = None,
        file_size: int | None = None,
    ) -> list[Outgoing]:
        self._update += 1
        incoming = Incoming(
            channel=self.channel,
            external_id=self.agent,
            chat_id=self.agent,
            kind=kind,  # type: ignore[arg-type]
            text=text,
            args=args,
            sender=self.agent,
            data=data,
            file_size=file_size if file_size is not None else (len(data) if data else None),
            update_key=key if key is not None else f"{self.agent}:{self._update}",
        )
        self.replies = await self.engine.handle(incoming)
        self.history += self.replies
        if any(r.buttons for r in self.replies):
            self.screen = [r for r in self.replies if r.buttons]
        return self.replies

    async def send(self, text: str) -> list[Outgoing]:
        if text.startswith("/"):
            head, _, args = text[1:].partition(" ")
            return await self._turn("command", head, args=args)
        return await self._turn("text", text)

    async def send_file(self, data: bytes | None, size: int | None = None) -> list[Outgoing]:
        """A photo or a document, as the transport fetched it (``data`` None: too big)."""
        return await self._turn("file", "", data=data, file_size=size)

    async def send_other(self, kind: str = "other") -> list[Outgoing]:
        """A photo, a sticker, a voice message: anything that is not text."""
        return await self._turn(kind, "")

    def button(self, label: str, screen: list[Outgoing] | None = None) -> str:
        """The data of the button with this label (exact, else the one containing it)."""
        buttons = [b for r in (screen or self.screen) for row in r.buttons for b in row]
        exact = [b for b in buttons if b.label == label]
        found = exact or [b for b in buttons if label in b.label]
        labels = [b.label for b in buttons]
        assert len(found) == 1, f"no single button {label!r} among {labels}"
        return found[0].data

    async def tap(self, label: str, screen: list[Outgoing] | None = None) -> list[Outgoing]:
        return await self._turn("button", self.button(label, screen))

    async def tap_data(self, data: str) -> list[Outgoing]:
        return await self._turn("button", data)

    async def redeliver(self, kind: str, text: str) -> list[Outgoing]:
        """The same update again (same update key), as Telegram may do after a crash."""
        return await self._turn(kind, text, key=f"{self.agent}:{self._update}")

    @property
    def text(self) -> str:
        """Everything the last turn said, as one string."""
        return "\n".join(r.text for r in self.replies)

    @property
    def labels(self) -> list[str]:
        return [label for r in self.replies for label in r.button_labels()]

    @property
    def outbox(self) -> Path:
        mailer = self.engine.mailer
        assert isinstance(mailer, OutboxMailer), "EngineChat reads codes from an outbox"
        return mailer.folder

    async def add_diplome(self, title: str, year: str = "2015") -> None:
        """From anywhere: a diplôme with only its title and year, saved."""
        await self.send("/menu")
        await self.tap("Diplômes et titres")
        await self.tap("Ajouter un diplôme")
        await self.send(title)
        await self.send(year)
        await self.tap("Enregistrer")

    def last_code(self, email: str) -> str:
        """The code of the latest e-mail sent to ``email``, as the agent reads it."""
        return mailbox.last_code(self.outbox, email)

    async def onboard(
        self,
        prenom: str = "Anne",
        nom: str = "Dupont",
        email: str | None = None,
        collectivite: str = mailbox.COLLECTIVITE,
        situation: bool = True,
    ) -> None:
        """The whole activation, ending on the menu; without ``situation``, the situation
        asked after it is left for later."""
        email = email or email_of(self.agent)
        await self.send("/start")
        await self.tap("J'accepte")
        await self.send(prenom)
        await self.send(nom)
        await self.send(email)
        await self.send(self.last_code(email))
        await self.send(collectivite)
        if any("Plus tard" in label for label in self.labels):
            await (self.situation() if situation else self.tap("Plus tard"))
        assert "Choisissez une rubrique" in self.text, self.text

    async def situation(self) -> None:
        """The situation asked after activation, answered as most agents would: the poste
        typed, the cadre d'emplois found by a word, the grade tapped."""
        await self.send("Gestionnaire paie")
        await self.send("rédac")
        await self.tap("Rédacteurs territoriaux")
        await self.tap("Rédacteur principal de 2e classe")
