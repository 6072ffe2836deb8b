"""One turn of the conversation: the agent, their state, the open transaction, the replies;
and the screens a turn runs on, as the flows declare them (what each input does there).

Buttons are built as actions here and encoded by the engine at the end of the
turn, once it knows whether the position changed (and so the ``seq`` they carry).
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dialogs import copy
from dialogs.messages import EditionRequest, Incoming, Mail, Outreach, Recipient
from dialogs.state import DialogState, restore
from storage import DialogRecord, Tx

GLOBAL = "g"


@dataclass(frozen=True)
class Btn:
    """A button before encoding. A ``bound`` one acts on the current position only;
    a global one (navigation) works from any old message."""

    label: str
    action: str
    bound: bool = True


def nav(label: str, action: str) -> Btn:
    return Btn(label, action, bound=False)


def pager(page: int, more: bool, action: str) -> list[list[Btn]]:
    """The row that turns a list's pages ("◀ Précédents", "Suivants ▶"), if it has any;
    ``action`` takes the page to show as ``{page}``."""
    row = []
    if page > 0:
        row.append(Btn(copy.PREVIOUS_PAGE, action.format(page=page - 1)))
    if more:
        row.append(Btn(copy.NEXT_PAGE, action.format(page=page + 1)))
    return [row] if row else []


@dataclass
class Reply:
    """An ``Outgoing`` whose buttons are not encoded yet: same fields, ``rows`` for
    ``buttons``."""

    text: str
    rows: list[list[Btn]] = field(default_factory=list)
    alert: bool = False
    replace: bool = False
    number_answer: bool = False
    typed_answer: bool = False
    note: bool = False
    pending: EditionRequest | None = None
    to: Recipient | None = None


@dataclass(frozen=True)
class OutMail:
    """An e-mail to send once the turn is committed; ``code_id`` is the e-mail code it
    carries, voided if the e-mail cannot be sent."""

    mail: Mail
    code_id: int | None = None


# What a typed text, a file or anything else (a sticker) does on a screen; /annuler too.
Handler = Callable[["Turn"], Awaitable[None]]
# A button's handler gets what follows the action's name ("t:12" -> "12"); it says whether
# it acted: False when the button means nothing here (forged, or its guard failed), and
# the agent is told so.
ButtonHandler = Callable[["Turn", str], Awaitable[bool]]
# How another flow opens a screen by its name, with a line said first.
Show = Callable[["Turn", str | None], Awaitable[None]]
# A screen's help: its text, or made from where the agent is (the field asked).
Help = str | Callable[["Turn"], str]


@dataclass(frozen=True)
class Screen:
    """One screen: what each input does there. ``before_activation``: it takes its inputs
    and its buttons before the menu is open (elsewhere the activation's gate answers), or
    says when; ``activation_only``: once the menu is open, its typed inputs get what they
    get on a screen that takes none (an activation step left by an older version)."""

    name: str
    # /aide and /annuler here; None: the commands' own (the general help; leaving the
    # entry being written, if any).
    help: Help | None = None
    cancel: Handler | None = None
    text: Handler | None = None
    file: Handler | None = None
    other: Handler | None = None
    buttons: Mapping[str, ButtonHandler] = field(default_factory=dict)
    # /menu here; None: the /menu command's own.
    menu: Handler | None = None
    show: Show | None = None
    # Shows the screen again below a help or an unknown command's reply (the question
    # asked, with its buttons), so that the agent answers without scrolling up.
    redraw: Handler | None = None
    before_activation: bool | Callable[["Turn"], bool] = False
    activation_only: bool = False

    def takes(self, t: "Turn") -> Handler | None:
        """What a text, a file or anything else does here; None: what it does anywhere."""
        if t.activated and self.activation_only:
            return None
        return {"text": self.text, "file": self.file, "other": self.other}.get(t.incoming.kind)

    def open_before_activation(self, t: "Turn") -> bool:
        if callable(self.before_activation):
            return self.before_activation(t)
        return self.before_activation

    def help_for(self, t: "Turn") -> str | None:
        return self.help(t) if callable(self.help) else self.help


@dataclass(frozen=True)
class Screens:
    """Every declared screen by its name; where a new agent starts, and where a state
    saved by another version lands."""

    by_name: Mapping[str, Screen]
    first: str
    home: str

    def restore(self, data: dict[str, Any] | None) -> DialogState:
        return restore(data, self.by_name, self.first, self.home)


@dataclass
class Turn:
    tx: Tx
    agent_id: int
    state: DialogState
    incoming: Incoming
    # Every flow's screens: where the agent is, and how a flow opens another's by name.
    screens: Screens
    # Every activation step done: the menu is open.
    activated: bool = False
    # Who else the server can reach, and how (links, e-mails).
    outreach: Outreach = field(default_factory=Outreach)
    replies: list[Reply] = field(default_factory=list)
    used_button: bool = False
    mails: list[OutMail] = field(default_factory=list)
    # The livret this chat now reaches, when the turn recovered another one.
    switched_to: DialogRecord | None = None
    # Where proofs are stored, and the files the turn wrote (removed if it is rolled back).
    proofs_dir: Path | None = None
    written: list[Path] = field(default_factory=list)
    # A file sent, as checked before the turn's transaction (a flow's ``precheck``).
    checked: Any = None
    # The turn deleted rows whose files ``removals.finish`` removes once it is committed.
    removes: bool = False
    # The account was erased in this turn: no state to save.
    erased: bool = False

    @property
    def here(self) -> Screen:
        """The screen the agent is on."""
        return self.screens.by_name[self.state.screen]

    async def show(self, screen: str, intro: str | None = None) -> None:
        """Opens a screen by its name: how a step hands back to the flow that called it
        (activation's next step) without importing it."""
        show = self.screens.by_name[screen].show
        if show is None:
            raise LookupError(f"the screen {screen!r} declares no way to open it by name")
        await show(self, intro)

    def say(self, text: str, rows: list[list[Btn]] | None = None, *, alert: bool = False) -> None:
        self.replies.append(Reply(text, rows or [], alert=alert))

    def note(self, text: str) -> None:
        """A remark that leaves the screen as it is (help, a misplaced message)."""
        self.replies.append(Reply(text, note=True))
