"""What the flows declare and the engine routes by: commands, global buttons, and the
flows that hold them with their screens (``dialogs.turn.Screen``).

A flow says once, beside its handlers, what each of its screens does with a typed text, a
file, each of its buttons, ``/aide`` and ``/annuler``; which commands and navigation
buttons it owns; what it answers with no account at all. The ``Registry`` gathers the
flows (``dialogs/flows.py``) and checks them, so the engine names no screen.
"""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from dialogs.messages import EditionRequest, Incoming, Mailer, Outgoing, Outreach
from dialogs.turn import ButtonHandler, Handler, Screen, Screens, Turn
from documents.pdf import PdfConverter
from reading.pool import Reader
from storage import Database, Tx

# A flow's declarations are all written from here, ``Screen`` (owned by ``dialogs.turn``)
# and the handlers' types with the rest.
__all__ = [
    "ButtonHandler",
    "Command",
    "Flow",
    "Handler",
    "Maker",
    "Nav",
    "Outside",
    "Registry",
    "Screen",
    "Workshop",
    "act",
    "instant",
]


# What a screen takes besides commands and buttons.
Input = Literal["text", "file", "other"]


@dataclass(frozen=True)
class Command:
    """``/name``: open before activation only when said. With a ``description``, it is
    listed in the transport's menu of commands (Telegram's), in the order declared."""

    name: str
    run: Handler
    before_activation: bool = False
    description: str | None = None


@dataclass(frozen=True)
class Nav:
    """A navigation button: it works from any message, old or new (``g|name:arg``)."""

    name: str
    run: ButtonHandler
    before_activation: bool = False


@dataclass(frozen=True)
class Outside:
    """What is answered with no account of one's own (a manager opening a share's link)."""

    name: str
    matches: Callable[[Incoming], bool]
    answer: Callable[[Tx, Incoming], Awaitable[list[Outgoing]]]


@dataclass(frozen=True)
class Workshop:
    """What documents made after a turn are made with."""

    db: Database
    converter: PdfConverter
    files: Path
    proofs: Path | None
    mailer: Mailer
    outreach: Outreach
    reader: Reader


@dataclass(frozen=True)
class Maker:
    """Makes the documents a turn asked for (``EditionRequest.maker`` names it)."""

    name: str
    make: Callable[[EditionRequest, Workshop], Awaitable[list[Outgoing]]]
    # What is said when making them failed.
    failed: Callable[[EditionRequest], list[Outgoing]]


@dataclass(frozen=True)
class Flow:
    """One flow's declarations. ``first``: the screen a new agent starts on; ``home``: where
    a state an older version saved lands; ``gate``: what an agent not yet activated gets
    where a screen is not open to them; ``anywhere``: what an input gets on a screen that
    takes none; ``precheck``: a file looked at before the turn's transaction."""

    screens: Sequence[Screen] = ()
    commands: Sequence[Command] = ()
    navs: Sequence[Nav] = ()
    outside: Sequence[Outside] = ()
    makers: Sequence[Maker] = ()
    anywhere: Mapping[Input, Handler] = field(default_factory=dict)
    first: str | None = None
    home: str | None = None
    gate: Handler | None = None
    precheck: Callable[[Incoming], Awaitable[Any]] | None = None


def _one(flows: Sequence[Flow], what: str) -> Any:
    found = [getattr(flow, what) for flow in flows if getattr(flow, what) is not None]
    if len(found) != 1:
        raise ValueError(f"exactly one flow declares {what}, not {len(found)}")
    return found[0]


def _by_name(items: Sequence[Any], what: str) -> dict[str, Any]:
    named: dict[str, Any] = {}
    for item in items:
        if item.name in named:
            raise ValueError(f"two {what} named {item.name!r}")
        named[item.name] = item
    return named


class Registry:
    """Every flow's declarations, checked once: names unique, one first screen, one home,
    one gate, each kind of input answered ``anywhere`` by exactly one flow."""

    def __init__(self, flows: Sequence[Flow]) -> None:
        screens: dict[str, Screen] = _by_name([s for f in flows for s in f.screens], "screens")
        self.commands: dict[str, Command] = _by_name(
            [c for f in flows for c in f.commands], "commands"
        )
        self.navs: dict[str, Nav] = _by_name([n for f in flows for n in f.navs], "buttons")
        self.outside: list[Outside] = list(
            _by_name([o for f in flows for o in f.outside], "outside answers").values()
        )
        self.makers: dict[str, Maker] = _by_name([m for f in flows for m in f.makers], "makers")
        first: str = _one(flows, "first")
        home: str = _one(flows, "home")
        self.gate: Handler = _one(flows, "gate")
        self.prechecks = [f.precheck for f in flows if f.precheck is not None]
        self.anywhere: dict[Input, Handler] = {}
        for flow in flows:
            for kind, handler in flow.anywhere.items():
                if kind in self.anywhere:
                    raise ValueError(f"two flows answer {kind!r} anywhere")
                self.anywhere[kind] = handler
        unanswered = set(get_args(Input)) - set(self.anywhere)
        if unanswered:
            raise ValueError(f"no flow answers {sorted(unanswered)} anywhere")
        missing = {first, home} - set(screens)
        if missing:
            raise ValueError(f"unknown screens {sorted(missing)}")
        self.screens = Screens(screens, first, home)

    async def precheck(self, incoming: Incoming) -> Any:
        for check in self.prechecks:
            found = await check(incoming)
            if found is not None:
                return found
        return None


def act(handler: Callable[[Turn], Awaitable[None] | None]) -> ButtonHandler:
    """A button that takes no argument and always acts."""

    async def run(t: Turn, arg: str) -> bool:
        done = handler(t)
        if done is not None:
            await done
        return True

    return run


def instant(handler: Callable[[Turn], None]) -> Handler:
    """A handler of a plain function: one that shows a screen and awaits nothing."""

    async def run(t: Turn) -> None:
        handler(t)

    return run
