"""The terminal chat (``livret chat``): the same conversation as on Telegram, typed.

Buttons print as ``[n] label``; the agent answers with the number or the label.
It reads a pipe as well as a keyboard, so a script can drive it; end of input
ends it cleanly.
"""

import asyncio
import io
import logging
import re
import sys
from pathlib import Path
from typing import TextIO

from bot import copy
from bot.config import Settings
from bot.services import services
from dialogs.messages import Incoming, Outgoing
from dialogs.numbers import parse_id
from livret.text import fold

log = logging.getLogger(__name__)

CHANNEL = "terminal"
PROMPT = "> "


class TerminalChat:
    """Turns typed lines into ``Incoming`` and prints ``Outgoing``."""

    def __init__(self, agent: str, out: TextIO) -> None:
        self.agent = agent
        self.out = out
        self.buttons: list[tuple[str, str]] = []
        self.number_answer = False
        self.typed_answer = False

    def incoming(self, line: str) -> Incoming:
        text = line.strip()
        base = {
            "channel": CHANNEL,
            "external_id": self.agent,
            "chat_id": self.agent,
            "sender": self.agent,
        }
        path = Path(text).expanduser()
        if text.startswith(("/", "~", "./")) and path.is_file():
            # A file's path stands for a file sent from a phone (a proof).
            return Incoming(
                kind="file", data=path.read_bytes(), file_size=path.stat().st_size, **base
            )
        if text.startswith("/"):
            head, _, args = text[1:].partition(" ")
            return Incoming(kind="command", text=head, args=args.strip(), **base)
        data = self._button(text)
        if data is not None:
            return Incoming(kind="button", text=data, **base)
        return Incoming(kind="text", text=line.rstrip("\n"), **base)

    def _button(self, text: str) -> str | None:
        number = parse_id(text)
        if number is not None and not self.number_answer and 1 <= number <= len(self.buttons):
            return self.buttons[number - 1][1]
        wanted = _bare(text)
        if not wanted:
            return None
        names = [(_bare(label), data) for label, data in self.buttons]
        exact = [data for name, data in names if name == wanted]
        if exact:
            return exact[0]
        if self.number_answer or self.typed_answer:
            # A typed answer (a number, a code, words) is only a button when it is its whole
            # label.
            return None
        # A unique beginning is enough: "compet" for "⬜ Compétences · 2".
        start = [data for name, data in names if len(wanted) >= 3 and name.startswith(wanted)]
        return start[0] if len(start) == 1 else None

    def show(self, replies: list[Outgoing]) -> None:
        shown: list[tuple[str, str]] = []
        for reply in replies:
            if reply.to is not None:
                continue  # for another chat of the agent's (a phone), not this terminal
            if reply.outbox is not None:
                self.out.write(copy.MAIL_IN_OUTBOX.format(path=reply.outbox.resolve()) + "\n\n")
                continue
            if reply.document is not None:
                self.out.write(copy.EDITION_SAVED.format(path=reply.document.resolve()) + "\n")
                continue
            text = f"(!) {reply.text}" if reply.alert else reply.text
            self.out.write(text + "\n")
            for row in reply.buttons:
                for button in row:
                    shown.append((button.label, button.data))
                    self.out.write(f"  [{len(shown)}] {button.label}\n")
            self.out.write("\n")
        # Notices and notes without buttons leave the previous buttons in place, as on a
        # phone; any other message replaces them (a question without buttons leaves none,
        # a reminder's note its own).
        if any(not r.to and (not (r.alert or r.note) or r.buttons) for r in replies):
            self.buttons = shown
            self.number_answer = any(r.number_answer for r in replies)
            self.typed_answer = any(r.typed_answer for r in replies)
        self.out.flush()


def _bare(label: str) -> str:
    """A button label without its leading symbols and trailing count, folded."""
    return re.sub(r"^\W+|\W+$", "", fold(label.split(" · ")[0]))


# Bytes that are not UTF-8, as Python's "surrogateescape" reads them.
_UNREADABLE = re.compile("[\udc80-\udcff]")


def _tolerant_terminal() -> None:
    """A byte that is not UTF-8 is read, not fatal (then said, and the line not taken);
    what is printed never fails on a character the terminal cannot show."""
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="surrogateescape")
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")


async def _read_line() -> str:
    # Reading stdin blocks: keep it off the event loop.
    return await asyncio.to_thread(sys.stdin.readline)


async def run_chat(settings: Settings, agent: str, start: str = "") -> None:
    """``start``: what a ``t.me/<bot>?start=…`` link would carry (``c-<CODE>`` for a
    collectivité, ``s-<token>`` for a manager opening a share)."""
    _tolerant_terminal()
    chat = TerminalChat(agent, sys.stdout)
    print(copy.TERMINAL_INTRO + "\n", flush=True)
    async with services(settings) as opened:

        async def turn(line: str) -> None:
            try:
                replies = await opened.engine.handle(chat.incoming(line))
            except Exception:
                # The turn was rolled back: said, and the chat goes on, as on Telegram.
                log.exception("turn failed")
                print(copy.TURN_FAILED, flush=True)
                return
            chat.show(replies)
            for reply in replies:
                if reply.pending is not None:
                    chat.show(await opened.engine.fulfil(reply.pending))

        await turn(f"/start {start}".strip())
        while True:
            sys.stdout.write(PROMPT)
            sys.stdout.flush()
            line = await _read_line()
            if not line:
                sys.stdout.write("\n" + copy.TERMINAL_BYE + "\n")
                break
            if not line.strip():
                continue
            if _UNREADABLE.search(line):
                sys.stdout.write("\n" + copy.TERMINAL_UNREADABLE + "\n\n")
                continue
            if not sys.stdin.isatty():
                # Echo piped input so a transcript reads like a conversation.
                sys.stdout.write(line if line.endswith("\n") else line + "\n")
            lines = [line.rstrip("\n")]
            while lines[-1].endswith("\\"):
                # "…\" goes on on the next line: a pasted list is one message, as on a phone.
                lines[-1] = lines[-1][:-1].rstrip()
                more = await _read_line()
                if not more:
                    break
                if not sys.stdin.isatty():
                    sys.stdout.write(more if more.endswith("\n") else more + "\n")
                lines.append(more.rstrip("\n"))
            message = "\n".join(lines)
            if _UNREADABLE.search(message):
                sys.stdout.write("\n" + copy.TERMINAL_UNREADABLE + "\n\n")
                continue
            await turn(message)
