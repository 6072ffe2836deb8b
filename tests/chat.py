"""A scripted agent talking to the engine directly (no transport), so engine tests read
like a conversation: ``await anne.send("BTS")``, ``await anne.tap("Enregistrer")``."""

from dataclasses import dataclass, field

from dialogs.engine import Engine
from dialogs.messages import Incoming, Outgoing


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

    async def _turn(self, kind: str, text: str, key: str | None = None) -> list[Outgoing]:
        self._update += 1
        incoming = Incoming(
            channel=self.channel,
            external_id=self.agent,
            chat_id=self.agent,
            kind=kind,  # type: ignore[arg-type]
            text=text,
            update_key=key if key is not None else f"{self.agent}:{self._update}",
        )
        self.replies = await self.engine.handle(incoming)
        self.history += self.replies
        if any(r.buttons for r in self.replies):
            self.screen = [r for r in self.replies if r.buttons]
        return self.replies

    async def send(self, text: str) -> list[Outgoing]:
        if text.startswith("/"):
            return await self._turn("command", text[1:].split(" ")[0])
        return await self._turn("text", text)

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

    async def onboard(self, prenom: str = "Anne", nom: str = "Dupont") -> None:
        await self.send("/start")
        await self.send(prenom)
        await self.send(nom)
