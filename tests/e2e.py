"""End-to-end harness: the real Livret Telegram bot against a local fake Bot API.

``LivretBot`` builds the real ``Application`` with ``bot.telegram_app.build_application`` and
runs it in polling mode against :class:`tests.fakebotapi.FakeBotAPI`, with the same lifecycle as
``Application.run_polling`` (``post_init`` opens the services, ``post_shutdown`` closes them), so
it can be stopped and started again on the same database, as a restarted server would.

``Agent`` is a person on Telegram: each action returns what the bot sent or edited in reply, so a
test reads like a chat::

    anne = bot.agent(1001)
    await anne.onboard("Anne", "Dupont")
    await anne.open("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS Assistant de gestion")
    assert "Quand l'avez-vous obtenu ?" in anne.text
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot import copy as bot_copy
from bot.config import Settings
from bot.telegram_app import build_application
from storage import Database
from tests import mailbox
from tests.chat import email_of, load_registry
from tests.fakebotapi import BotMessage, FakeBotAPI, FakeUser

App = Application[Any, Any, Any, Any, Any, Any]

CALLBACK_DATA_MAX = 64  # bytes, a Bot API limit
# Quiet time that ends a turn once the bot has started answering it (see Agent._act).
SETTLE = 0.02


@asynccontextmanager
async def run_polling(app: App) -> AsyncIterator[App]:
    """What ``Application.run_polling`` does, inside the test's event loop.

    ``tests.fakebotapi.polling`` skips ``post_init``/``post_shutdown``; the Livret application
    opens its services (database, engine) and registers its commands there, so both must run.
    """
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0, timeout=1, allowed_updates=Update.ALL_TYPES
        )
        await app.start()
        try:
            yield app
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
                if app.post_stop is not None:
                    await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


class LivretBot:
    """The real bot on a database file in ``data_dir``; start, stop and restart it."""

    def __init__(self, fake: FakeBotAPI, data_dir: Path, **settings: Any) -> None:
        self.fake = fake
        self.data_dir = data_dir
        self.agents: list[Agent] = []
        # More settings (an SMTP server's, say); by default e-mails go to the outbox folder.
        self.extra = settings
        self._running: AbstractAsyncContextManager[App] | None = None

    @property
    def settings(self) -> Settings:
        return Settings(
            telegram_token=self.fake.token,
            telegram_base_url=self.fake.base_url,
            telegram_base_file_url=self.fake.base_file_url,
            data_dir=self.data_dir,
            db_path=self.data_dir / "livret.sqlite3",
            **self.extra,
        )

    @property
    def running(self) -> bool:
        return self._running is not None

    async def start(self) -> None:
        assert self._running is None, "the bot is already running"
        # The administrator has imported the registry of collectivités.
        db = await Database.open(self.settings.database)
        try:
            await load_registry(db)
        finally:
            await db.close()
        # A NEW Application each time: nothing survives in memory across a restart.
        running = run_polling(build_application(self.settings))
        await running.__aenter__()
        self._running = running

    async def stop(self) -> None:
        if self._running is not None:
            running, self._running = self._running, None
            await running.__aexit__(None, None, None)

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    def agent(self, user_id: int, first_name: str = "Anne") -> Agent:
        for agent in self.agents:
            if agent.user.user_id == user_id:
                return agent
        agent = Agent(self.fake.user(user_id, first_name), self.fake, self.settings.outbox)
        self.agents.append(agent)
        return agent

    def check_transport(self, agents: list[Agent] | None = None) -> None:
        """What must hold after any conversation: every tap answered, every callback_data
        within 64 bytes, no turn that failed (for ``agents``, by default all of them)."""
        agents = self.agents if agents is None else agents
        for agent in agents:
            assert agent.user.unanswered_callbacks == [], (
                f"taps left spinning for user {agent.user.user_id}: "
                f"{agent.user.unanswered_callbacks}"
            )
        too_long = [data for data in sent_callback_data(self.fake) if not fits(data)]
        assert too_long == [], f"callback_data over {CALLBACK_DATA_MAX} bytes: {too_long}"
        failed = [
            str(message)
            for agent in agents
            if not agent.asserts_failures
            for message in agent.user.messages()
            if message.text == bot_copy.TURN_FAILED
        ]
        assert failed == [], f"turns failed (see the log): {failed}"


async def wait_for(
    agent: Agent, found: Callable[[BotMessage], bool], what: str, timeout: float = 90
) -> BotMessage:
    """The first message of the agent's chat that ``found`` accepts (a document made after
    the turn arrives later than its turn's replies)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in agent.messages():
            if found(message):
                return message
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {what} within {timeout} s; last: {agent.last}")


def fits(data: str) -> bool:
    return 1 <= len(data.encode()) <= CALLBACK_DATA_MAX


def sent_callback_data(fake: FakeBotAPI) -> list[str]:
    """The callback_data of every inline button the bot sent or edited in, as requested."""
    found = []
    for _, params in fake.requests:
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if not isinstance(markup, dict):
            continue
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if "callback_data" in button:
                    found.append(button["callback_data"])
    return found


class Agent:
    """A public servant talking to the bot on Telegram; ``replies`` holds what the bot
    sent or edited in answer to the last action."""

    def __init__(self, user: FakeUser, fake: FakeBotAPI, outbox: Path) -> None:
        self.user = user
        self.fake = fake
        # Where the e-mails are when no SMTP server is configured.
        self.outbox = outbox
        self.replies: list[BotMessage] = []
        # Set by a test that checks failed turns itself (the harness then does not).
        self.asserts_failures = False

    # ---- actions ------------------------------------------------------------------

    async def send(
        self, text: str, *, quiet: bool = False, settle: float = 0.0
    ) -> list[BotMessage]:
        """``settle``: a longer quiet time, for a turn known to send several messages (a
        long card split in parts), so that a busy machine does not cut it short."""
        return await self._act(lambda expect: self.user.send(text, expect=expect), quiet, settle)

    async def tap(
        self, label: str, *, quiet: bool = False, settle: float = 0.0
    ) -> list[BotMessage]:
        """Taps the button of the most recent message showing this label (exact label, else
        the one containing it), as a person taps what is on screen: once it is there (the
        last message of a turn can come after the quiet period on a busy machine)."""
        deadline = time.monotonic() + 5
        while True:
            try:
                message, data = self.button(label)
                break
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.05)
        return await self.tap_data(message, data, quiet=quiet, settle=settle)

    async def tap_data(
        self, message: BotMessage, data: str, *, quiet: bool = False, settle: float = 0.0
    ) -> list[BotMessage]:
        """Taps a button of an exact (possibly old) message; ``quiet`` when the bot may
        answer with a notice only (nothing sent or edited)."""
        replies = await self._act(
            lambda expect: self.user.tap_data(message.message_id, data, expect=expect),
            quiet,
            settle,
        )
        # The bot answers a tap after its replies; on a busy machine that can come after
        # the quiet period. The tap ends when its spinner stops (check_transport says if
        # it never does).
        deadline = time.monotonic() + 2
        while self.user.unanswered_callbacks and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        return replies

    async def send_photo(self) -> list[BotMessage]:
        return await self._act(lambda expect: self.user.send_photo(expect=expect), False)

    async def send_document(self, name: str, data: bytes, mime: str) -> list[BotMessage]:
        return await self._act(
            lambda expect: self.user.send_document(name, data, mime, expect=expect), False
        )

    async def send_sticker(self) -> list[BotMessage]:
        return await self._act(lambda expect: self.user.send_sticker(expect=expect), False)

    async def _act(
        self,
        action: Callable[[int | None], Awaitable[list[BotMessage]]],
        quiet: bool,
        settle: float = 0.0,
    ) -> list[BotMessage]:
        """Runs an action and returns the messages it made new or changed.

        Unless ``quiet``, the bot must send or edit at least one message: once it has, its
        handler is running and the rest follows within milliseconds, so a short quiet period
        (``SETTLE``) ends the turn. A ``quiet`` action waits for the fake's idle rule instead.
        """
        if quiet:
            self.replies = await action(None)
            return self.replies
        before = {m.message_id: m.raw for m in self.messages()}
        await action(1)
        await self.fake.wait_idle(self.user.chat_id, idle=max(settle, SETTLE))
        self.replies = [m for m in self.messages() if before.get(m.message_id) != m.raw]
        return self.replies

    # ---- what the agent sees ----------------------------------------------------------

    @property
    def text(self) -> str:
        """Everything the last replies say, as one string."""
        return "\n".join(m.text or "" for m in self.replies)

    @property
    def labels(self) -> list[str]:
        """The button labels of the last replies, in order."""
        return [label for m in self.replies for label in m.button_labels()]

    @property
    def listed(self) -> list[str]:
        """The entries a rubrique screen of the last replies lists (buttons "1. …")."""
        return [label for label in self.labels if re.match(r"\d+\. ", label)]

    @property
    def last(self) -> BotMessage:
        """The latest message of the chat."""
        return self.user.last

    @property
    def toast(self) -> str | None:
        """The notice shown for the last tap (answerCallbackQuery text), if any."""
        if not self.user.callback_answers:
            return None
        text = self.user.callback_answers[-1].get("text")
        return str(text) if text else None

    def messages(self) -> list[BotMessage]:
        return self.user.messages()

    def button(self, label: str) -> tuple[BotMessage, str]:
        """The most recent message with a button labelled ``label`` (exact first, then
        containing it, which must then be unique on that message), and its data."""
        with_buttons = [m for m in reversed(self.messages()) if m.buttons]
        for message in with_buttons:
            for row in message.buttons:
                for text, data in row:
                    if text == label:
                        return message, data
        for message in with_buttons:
            found = [(t, d) for row in message.buttons for t, d in row if label in t]
            assert len(found) <= 1, f"{label!r} is ambiguous on {message}"
            if found:
                return message, found[0][1]
        latest = str(with_buttons[0]) if with_buttons else "no message with buttons"
        raise AssertionError(f"no button {label!r}; latest: {latest}")

    # ---- common moves -----------------------------------------------------------------

    async def onboard(
        self,
        prenom: str = "Anne",
        nom: str = "Dupont",
        email: str | None = None,
        read_code: Callable[[str], str] | None = None,
    ) -> None:
        """The whole activation, ending on the menu; ``read_code`` reads the code sent to an
        address (by default from the outbox folder)."""
        await self.begin(prenom, nom)
        await self.verify_email(email or email_of(f"{prenom}.{nom}.{self.user.user_id}"), read_code)
        await self.send(mailbox.COLLECTIVITE)
        # The situation asked after activation, answered as most agents would.
        await self.send("Gestionnaire paie")
        await self.send("rédac")
        await self.tap("Rédacteurs territoriaux")
        await self.tap("Rédacteur principal de 2e classe")
        assert "Choisissez une rubrique" in self.text, self.text

    async def begin(self, prenom: str, nom: str, start: str = "/start") -> None:
        """Opens the bot (``start`` may carry a link's parameter), accepts, gives names."""
        await self.send(start)
        await self.tap("J'accepte")
        await self.send(prenom)
        await self.send(nom)
        assert "Quelle est votre adresse e-mail professionnelle ?" in self.text, self.text

    async def verify_email(self, email: str, read_code: Callable[[str], str] | None = None) -> None:
        """Gives the address, then the code read from the e-mail."""
        await self.send(email)
        assert "Je viens d'envoyer un code" in self.text, self.text
        code = (read_code or (lambda to: mailbox.last_code(self.outbox, to)))(email)
        await self.send(code)
        assert "✅ Adresse vérifiée" in self.text, self.text

    async def open(self, rubrique_title: str) -> None:
        """Goes to the menu and opens a rubrique."""
        await self.send("/menu")
        await self.tap(rubrique_title)
        assert rubrique_title in self.text, self.text

    async def add_diplome(
        self,
        intitule: str = "BTS Assistant de gestion",
        niveau: str | None = "Niveau 5",
        etablissement: str | None = None,
        obtention: str = "06/2010",
    ) -> None:
        """Adds a diplôme from the menu, its optional fields completed from its card when
        given. Ends on the saved list."""
        await self.open("Diplômes et titres")
        await self.tap("Ajouter un diplôme")
        await self.send(intitule)
        await self.send(obtention)
        if niveau:
            await self.tap("➕ Niveau")
            await self.tap(niveau)
        if etablissement:
            await self.tap("➕ Établissement")
            await self.send(etablissement)
        assert "Vérifiez ce diplôme" in self.text, self.text
        await self.tap("Enregistrer")
        assert "Enregistré" in self.text, self.text

    async def add_formation(
        self, intitule: str = "Marchés publics", debut: str = "mars 2021", duree: str = "3 jours"
    ) -> None:
        """Adds a formation suivie, its optional fields left blank. Ends on the saved list."""
        await self.open("Formations suivies")
        await self.tap("Ajouter une formation suivie")
        await self.send(intitule)
        await self.send(debut)
        await self.send(duree)
        assert "Vérifiez cette formation suivie" in self.text, self.text
        await self.tap("Enregistrer")
        assert "Enregistré" in self.text, self.text
