"""A local fake of the Telegram Bot API, plus a scripted user, for end-to-end bot tests.

This module owns everything a test needs to drive a *real* python-telegram-bot ``Application``
without the network (modelled on aiogram-dialog's ``BotClient``):

* :class:`FakeBotAPI` - an aiohttp HTTP server on 127.0.0.1 that speaks enough of the Bot API
  (long-polling ``getUpdates``, ``sendMessage``, edits, callback answers, uploads, ``getFile`` and
  file downloads) for PTB 22 to run unmodified in polling mode, or in webhook mode: after
  ``setWebhook`` each update is POSTed to the URL with Telegram's secret-token header, and
  ``getUpdates`` answers 409 as Telegram does. It keeps the state of every chat
  as Telegram would show it, records every request and can inject Bot API errors.
* :class:`FakeUser` - a person in a private chat: ``send`` text, ``tap`` inline buttons, upload
  photos, stickers and documents. Each action returns the bot's messages that are new or edited
  in response, once the bot has gone quiet for that chat, so tests read like a conversation.
* :class:`BotMessage` - a snapshot of one message the bot sent.

Typical use::

    async with FakeBotAPI() as fake:
        app = fake.application_builder().build()
        register_handlers(app)
        async with polling(app):
            anne = fake.user(42)
            [reply] = await anne.send("/start")
            assert "Bonjour" in reply.text
            await anne.tap("Commencer")

How PTB 22 talks to the Bot API (what the decoding below relies on): every call is a POST to
``<base_url><token>/<method>``. Without files the body is ``application/x-www-form-urlencoded``,
with files it is ``multipart/form-data``; in both cases each parameter is a form field whose value
is the *raw* string for ``str`` parameters and ``json.dumps(value)`` for everything else (ints,
bools, lists, dicts such as ``reply_markup``). So ``text="42"`` and ``chat_id=42`` both arrive as
the field value ``42``: the type can only be recovered from the parameter *name*, which is why
documented string parameters are never JSON-decoded here.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import struct
import time
import zlib
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from aiohttp import ClientError, ClientSession, web

if TYPE_CHECKING:
    from telegram.ext import Application, ApplicationBuilder

__all__ = ["BotMessage", "FakeBotAPI", "FakeUser", "polling"]

JSONDict = dict[str, Any]

# Parameters the Bot API documents as String. PTB sends str values verbatim (not JSON-encoded),
# so decoding them as JSON would turn a user text such as "42" or "true" into an int or a bool.
_STRING_PARAMS = frozenset(
    {
        "action",
        "animation",
        "audio",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "description",
        "document",
        "emoji",
        "file_id",
        "inline_message_id",
        "language_code",
        "message_effect_id",
        "name",
        "parse_mode",
        "photo",
        "secret_token",
        "short_description",
        "title",
        "payload",
        "question",
        "first_name",
        "last_name",
        "phone_number",
        "address",
        "custom_title",
        "invite_link",
        "currency",
        "sticker",
        "text",
        "thumbnail",
        "url",
        "video",
        "video_note",
        "voice",
    }
)

_MAX_TEXT = 4096  # UTF-16 code units, after entity parsing, as Telegram counts them
_MAX_CAPTION = 1024
_MAX_CALLBACK_DATA = 64  # bytes

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


def _tiny_png() -> bytes:
    """A valid 1x1 white PNG, served as the content of photos the fake user sends."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


_PNG = _tiny_png()
_WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"


# --------------------------------------------------------------------------------------------
# Public data types
# --------------------------------------------------------------------------------------------


@dataclass
class BotMessage:
    """A snapshot of one message the bot sent, as the user sees it at snapshot time."""

    message_id: int
    chat_id: int
    text: str | None  # text (entities parsed away), or the caption of a document/photo
    buttons: list[list[tuple[str, str]]]  # inline keyboard rows of (label, callback_data)
    document: tuple[str, bytes] | None  # (file_name, content) for sendDocument
    edited: bool
    photo: bytes | None = None  # content for sendPhoto
    deleted: bool = False
    reply_markup: JSONDict | None = None  # as sent, including reply keyboards
    raw: JSONDict = field(default_factory=dict, repr=False)  # the Bot API Message object

    def button_labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]

    def __str__(self) -> str:
        labels = f" {self.button_labels()}" if self.buttons else ""
        doc = f" <document {self.document[0]}>" if self.document else ""
        return f"#{self.message_id} {self.text!r}{doc}{labels}"


class BotAPIError(Exception):
    """A Bot API error answered as ``{"ok": false, ...}`` with the matching HTTP status."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def to_json(self) -> JSONDict:
        body: JSONDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            # PTB only raises RetryAfter when the "parameters" object carries retry_after.
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def _bad_request(description: str) -> BotAPIError:
    return BotAPIError(400, f"Bad Request: {description}")


# --------------------------------------------------------------------------------------------
# Internal state
# --------------------------------------------------------------------------------------------


@dataclass
class _Upload:
    """A file part of a multipart request."""

    file_name: str
    content: bytes
    mime_type: str


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    file_name: str
    content: bytes
    mime_type: str
    chat_id: int


@dataclass
class _StoredMessage:
    raw: JSONDict
    document: tuple[str, bytes] | None = None
    photo: bytes | None = None
    reply_markup: JSONDict | None = None
    edited: bool = False
    deleted: bool = False

    def snapshot(self) -> BotMessage:
        raw = json.loads(json.dumps(self.raw))  # deep copy: later edits must not leak in
        keyboard = (raw.get("reply_markup") or {}).get("inline_keyboard") or []
        buttons = [[(b["text"], b.get("callback_data", "")) for b in row] for row in keyboard]
        return BotMessage(
            message_id=raw["message_id"],
            chat_id=raw["chat"]["id"],
            text=raw.get("text", raw.get("caption")),
            buttons=buttons,
            document=self.document,
            edited=self.edited,
            photo=self.photo,
            deleted=self.deleted,
            reply_markup=self.reply_markup,
            raw=raw,
        )


@dataclass
class _Chat:
    chat_json: JSONDict
    next_message_id: int = 1  # shared by user and bot messages, as in a real chat
    bot_messages: dict[int, _StoredMessage] = field(default_factory=dict)
    user_message_ids: set[int] = field(default_factory=set)
    log: list[int] = field(default_factory=list)  # message_id per bot send/edit, in order
    unfetched: set[int] = field(default_factory=set)  # update_ids not yet given to getUpdates
    last_activity: float = 0.0  # monotonic time of the last request about this chat / fetch
    inflight: int = 0  # requests about this chat currently being handled
    blocked: bool = False

    def new_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class _QueuedUpdate:
    update_id: int
    chat_id: int
    kind: str  # "message", "callback_query", ...
    payload: JSONDict
    fetched: bool = False


@dataclass
class _CallbackQuery:
    chat_id: int
    user_id: int
    data: str
    answered: bool = False


# --------------------------------------------------------------------------------------------
# Text formatting: Telegram parses parse_mode server side and rejects malformed markup. Doing
# the same here surfaces "can't parse entities" bugs in tests instead of in production.
# --------------------------------------------------------------------------------------------


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode())


def _cant_parse(reason: str) -> BotAPIError:
    return _bad_request(f"can't parse entities: {reason}")


class _TextBuilder:
    """Accumulates plain text and entities with UTF-16 offsets, as the Bot API reports them."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.entities: list[JSONDict] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += _utf16_len(text)

    def entity(self, kind: str, start: int, end: int | None = None, **extra: Any) -> None:
        """Adds an entity from ``start`` to ``end`` (default: the current position)."""
        end = self.pos if end is None else end
        if end > start:  # Telegram drops empty entities
            self.entities.append({"type": kind, "offset": start, "length": end - start, **extra})

    def result(self) -> tuple[str, list[JSONDict]]:
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), entities


_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_TAG = re.compile(r"\s*([a-zA-Z][a-zA-Z0-9-]*)(.*)", re.DOTALL)
_HTML_ATTR = re.compile(r"""([a-zA-Z_-]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"']+))?""")


def _html_unescape(text: str) -> str:
    def decode(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return _HTML_NAMED[name]

    return _HTML_ENTITY.sub(decode, text)


def _parse_html(text: str) -> tuple[str, list[JSONDict]]:
    out = _TextBuilder()
    stack: list[tuple[str, str | None, int, JSONDict]] = []  # (tag, entity type, start, extra)
    i = 0
    while i < len(text):
        char = text[i]
        if char == "&" and (match := _HTML_ENTITY.match(text, i)):
            out.add(_html_unescape(match.group(0)))
            i = match.end()
            continue
        if char != "<":  # a lone "&" or ">" is kept as is, like Telegram does
            out.add(char)
            i += 1
            continue
        offset = _byte_offset(text, i)
        end = text.find(">", i)
        if end == -1:
            raise _cant_parse(f"Unclosed start tag at byte offset {offset}")
        inner = text[i + 1 : end]
        i = end + 1
        if inner.startswith("/"):
            name = inner[1:].strip().lower()
            if not stack:
                raise _cant_parse(f"Unexpected end tag at byte offset {offset}")
            tag, open_kind, start, open_extra = stack.pop()
            if name != tag:
                raise _cant_parse(
                    f'Unmatched end tag at byte offset {offset}, expected "</{tag}>", '
                    f'found "</{name}>"'
                )
            if open_kind is not None:
                out.entity(open_kind, start, **open_extra)
            continue
        match = _HTML_TAG.match(inner)
        name = match.group(1).lower() if match else ""
        if name not in _HTML_TAGS:
            raise _cant_parse(f'Unsupported start tag "{name}" at byte offset {offset}')
        attrs = {
            key.lower(): _html_unescape(value.strip("\"'")) if value else ""
            for key, value in _HTML_ATTR.findall(match.group(2) if match else "")
        }
        kind: str | None = _HTML_TAGS[name]
        extra: JSONDict = {}
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _cant_parse(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        if name == "a":
            extra = {"url": attrs["href"]} if attrs.get("href") else {}
            kind = "text_link" if extra else None
        elif name == "code" and stack and stack[-1][0] == "pre":
            # <pre><code class="language-x"> is one pre entity carrying the language.
            language = attrs.get("class", "").removeprefix("language-")
            if language:
                stack[-1][3]["language"] = language
            kind = None
        elif name == "blockquote" and "expandable" in attrs:
            kind = "expandable_blockquote"
        elif name == "tg-emoji":
            extra = {"custom_emoji_id": attrs.get("emoji-id", "")}
        stack.append((name, kind, out.pos, extra))
    if stack:
        raise _cant_parse(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_NAMES = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
    "[": "text_link",
}
_ENTITY_TITLES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "code": "Code",
    "pre": "Pre",
}


def _read_until(text: str, start: int, end_mark: str, escapable: str) -> tuple[str, int] | None:
    """Reads from ``start`` up to an unescaped ``end_mark``; returns (content, index after)."""
    content: list[str] = []
    i = start
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in escapable:
            content.append(text[i + 1])
            i += 2
        elif text.startswith(end_mark, i):
            return "".join(content), i + len(end_mark)
        else:
            content.append(text[i])
            i += 1
    return None


def _parse_markdown_v2(text: str) -> tuple[str, list[JSONDict]]:
    out = _TextBuilder()
    stack: list[tuple[str, int, int]] = []  # (marker, start, byte offset)
    quote_start: int | None = None
    quote_end = 0
    line_start = True
    i = 0
    while i < len(text):
        char = text[i]
        offset = _byte_offset(text, i)
        if line_start:
            line_start = False
            if char == ">":  # a blockquote runs over consecutive lines starting with ">"
                quote_start = out.pos if quote_start is None else quote_start
                i += 1
                continue
            if quote_start is not None:  # the quote ended with the previous line
                out.entity("blockquote", quote_start, quote_end)
                quote_start = None
        if char == "\\" and i + 1 < len(text) and 0 < ord(text[i + 1]) <= 126:
            out.add(text[i + 1])
            i += 2
            continue
        if char == "`":
            if text.startswith("```", i):
                body = _read_until(text, i + 3, "```", "`\\")
                if body is None:
                    raise _cant_parse(f"Can't find end of Pre entity at byte offset {offset}")
                content, i = body
                first_line, newline, rest = content.partition("\n")
                extra: JSONDict = {}
                if newline and first_line and not re.search(r"\s", first_line):
                    extra, content = {"language": first_line}, rest
                start = out.pos
                out.add(content)
                out.entity("pre", start, **extra)
            else:
                body = _read_until(text, i + 1, "`", "`\\")
                if body is None:
                    raise _cant_parse(f"Can't find end of Code entity at byte offset {offset}")
                content, i = body
                start = out.pos
                out.add(content)
                out.entity("code", start)
            continue
        if char == "]" and stack and stack[-1][0] == "[":
            _, start, _ = stack.pop()
            i += 1
            if text.startswith("(", i):
                body = _read_until(text, i + 1, ")", ")\\")
                if body is None:
                    raise _cant_parse(f"Can't find end of a url at byte offset {offset}")
                url, i = body
                out.entity("text_link", start, url=url)
            continue
        marker = ""
        if char == "_":
            marker = "__" if text.startswith("__", i) else "_"
        elif char == "|" and text.startswith("||", i):
            marker = "||"
        elif char in "*~[":
            marker = char
        if marker:
            if marker != "[" and stack and stack[-1][0] == marker:
                _, start, _ = stack.pop()
                out.entity(_MDV2_NAMES[marker], start)
            elif any(m == marker for m, _, _ in stack):
                inner, _, inner_offset = stack[-1]
                title = _ENTITY_TITLES[_MDV2_NAMES[inner]]
                raise _cant_parse(f"Can't find end of {title} entity at byte offset {inner_offset}")
            else:
                stack.append((marker, out.pos, offset))
            i += len(marker)
            continue
        if char in _MDV2_RESERVED:
            raise _cant_parse(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        if char == "\n":
            quote_end = out.pos
            line_start = True
        out.add(char)
        i += 1
    if quote_start is not None:
        out.entity("blockquote", quote_start)
    if stack:
        marker, _, offset = stack[-1]
        title = _ENTITY_TITLES[_MDV2_NAMES[marker]]
        raise _cant_parse(f"Can't find end of {title} entity at byte offset {offset}")
    return out.result()


def _parse_markdown(text: str) -> tuple[str, list[JSONDict]]:
    """Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting."""
    out = _TextBuilder()
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in "_*`[":
            out.add(text[i + 1])
            i += 2
            continue
        if char not in "_*`[":
            out.add(char)
            i += 1
            continue
        error = _cant_parse(
            f"Can't find end of the entity starting at byte offset {_byte_offset(text, i)}"
        )
        start = out.pos
        if char == "[":
            close = text.find("](", i + 1)
            url_end = text.find(")", close + 2) if close != -1 else -1
            if url_end == -1:
                raise error
            out.add(text[i + 1 : close])
            out.entity("text_link", start, url=text[close + 2 : url_end])
            i = url_end + 1
            continue
        mark = "```" if text.startswith("```", i) else char
        close = text.find(mark, i + len(mark))
        if close == -1:
            raise error
        out.add(text[i + len(mark) : close])
        kind = {"*": "bold", "_": "italic", "`": "code", "```": "pre"}[mark]
        out.entity(kind, start)
        i = close + len(mark)
    return out.result()


def _strip(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Telegram trims leading/trailing whitespace and shifts or clips entities accordingly."""
    lead = _utf16_len(text[: len(text) - len(text.lstrip())])
    stripped = text.strip()
    length = _utf16_len(stripped)
    result = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, length)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


def _format(text: str, parse_mode: str | None, entities: Any) -> tuple[str, list[JSONDict]]:
    mode = (parse_mode or "").lower()
    if mode == "html":
        parsed = _parse_html(text)
    elif mode == "markdownv2":
        parsed = _parse_markdown_v2(text)
    elif mode == "markdown":
        parsed = _parse_markdown(text)
    elif mode:
        raise _bad_request(f"unsupported parse_mode {parse_mode!r}")
    else:
        parsed = text, list(entities or [])
    return _strip(*parsed)


def _inline_keyboard(markup: Any) -> JSONDict | None:
    """Validates an inline keyboard like Telegram; returns the markup echoed in Message objects.

    Reply keyboards (keyboard / remove_keyboard / force_reply) are accepted but, as on Telegram,
    not part of the returned Message.
    """
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    rows = markup["inline_keyboard"]
    for row in rows:
        for button in row:
            if not button.get("text"):
                raise _bad_request("inline keyboard button text must be non-empty")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= _MAX_CALLBACK_DATA:
                raise _bad_request("BUTTON_DATA_INVALID")
            if len(button) == 1:
                raise _bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the "
                    "inline keyboard"
                )
    return {"inline_keyboard": rows}


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


class FakeBotAPI:
    """A fake Bot API server for one bot token; see the module docstring.

    Behaviours worth knowing when writing tests:

    * Only private chats of users created with :meth:`user` exist; sending anywhere else
      answers 400 "chat not found", like Telegram for a user who never started the bot.
    * ``requests`` holds every call except ``getUpdates`` (polling noise; counted in
      ``get_updates_calls``); uploads are recorded as ``(file_name, content)``.
    * ``sent_timestamps`` gets one ``time.monotonic()`` per sendMessage/sendDocument/sendPhoto
      request, failed or not: what Telegram's flood control counts.
    * With ``flood_limit=N``, a send beyond N in the last second answers 429 with
      ``retry_after``, as Telegram's flood control does; ``flood_refusals`` counts them.
    * Formatting is checked like Telegram does (HTML, MarkdownV2, Markdown): malformed markup,
      "message is not modified" edits, unanswerable callback queries, over-long texts and
      invalid callback_data all answer 400 with Telegram's wording.
    * An edit without ``reply_markup`` removes the inline keyboard, as on Telegram.
    """

    def __init__(
        self,
        token: str = "123456:TEST",
        bot_username: str = "livret_test_bot",
        *,
        idle: float = 0.05,
        timeout: float = 10.0,
        flood_limit: int | None = None,
    ) -> None:
        self.token = token
        self.flood_limit = flood_limit
        self.flood_refusals = 0
        self.bot_username = bot_username
        self.idle = idle  # default quiet period that ends a user action
        self.timeout = timeout  # default bound on a user action
        self.requests: list[tuple[str, JSONDict]] = []
        self.sent_timestamps: list[float] = []
        self.get_updates_calls = 0
        self.commands: list[JSONDict] = []
        bot_id = token.split(":", 1)[0]
        self.bot_user: JSONDict = {
            "id": int(bot_id) if bot_id.isdigit() else 1,
            "is_bot": True,
            "first_name": "Livret test bot",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self._chats: dict[int, _Chat] = {}
        self._users: dict[int, FakeUser] = {}
        self._updates: list[_QueuedUpdate] = []
        self._update_ids = itertools.count(1)
        self._callbacks: dict[str, _CallbackQuery] = {}
        self._callback_ids = itertools.count(4_000_001)
        self._files: dict[str, _StoredFile] = {}
        self._file_counter = itertools.count(1)
        self._failures: dict[str, deque[BotAPIError]] = {}
        self._last_update: dict[int, _QueuedUpdate] = {}
        self._allowed_updates: list[str] | None = None
        # setWebhook's parameters while a webhook is set; the status of each POST to it.
        self.webhook: JSONDict | None = None
        self.webhook_statuses: list[int] = []
        self._pusher: asyncio.Task[None] | None = None
        self._poll_generation = 0
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._methods: dict[str, Callable[[JSONDict], Any]] = {
            name.lower(): handler
            for name, handler in {
                "getMe": lambda _: self.bot_user,
                "logOut": lambda _: True,
                "close": lambda _: True,
                "deleteWebhook": self._delete_webhook,
                "setWebhook": self._set_webhook,
                "getWebhookInfo": lambda _: {
                    "url": self.webhook["url"] if self.webhook else "",
                    "has_custom_certificate": False,
                    "pending_update_count": len(self._updates),
                },
                "setMyCommands": self._set_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "getMyCommands": lambda _: self.commands,
                "setMyDescription": lambda _: True,
                "setMyShortDescription": lambda _: True,
                "setMyName": lambda _: True,
                "setChatMenuButton": lambda _: True,
                "sendMessage": self._send_message,
                "sendDocument": self._send_document,
                "sendPhoto": self._send_photo,
                "editMessageText": self._edit_message_text,
                "editMessageCaption": self._edit_message_caption,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "deleteMessages": self._delete_messages,
                "answerCallbackQuery": self._answer_callback_query,
                "sendChatAction": self._send_chat_action,
                "getFile": self._get_file,
            }.items()
        }

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)  # the Bot API upload limit
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # handler_cancellation: when PTB cancels a long poll (Updater.stop), the abandoned
        # getUpdates handler is cancelled too instead of later "delivering" updates to nobody.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        self._closing = False

    async def stop(self) -> None:
        if self._runner is None:
            return
        # Release pending long polls first: aiohttp's shutdown would otherwise wait for them.
        self._closing = True
        self._notify()
        if self._pusher is not None:
            self._pusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pusher
            self._pusher = None
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"{self._origin()}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self._origin()}/file/bot"

    def settings(self) -> dict[str, str]:
        """The Livret settings (``LIVRET_`` names, lowercase) that point a bot at this API."""
        return {
            "telegram_token": self.token,
            "telegram_base_url": self.base_url,
            "telegram_base_file_url": self.base_file_url,
        }

    def _origin(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started: call `await fake.start()` first")
        return f"http://127.0.0.1:{self._port}"

    def application_builder(self) -> ApplicationBuilder:
        """A PTB ApplicationBuilder already pointed at this server."""
        from telegram.ext import ApplicationBuilder

        return (
            ApplicationBuilder()
            .token(self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    # -- test-facing helpers -----------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "Anne",
        username: str | None = None,
        *,
        language_code: str | None = None,
    ) -> FakeUser:
        """The user with this id (created on first call) and its private chat (id == user_id)."""
        if user_id not in self._users:
            self._users[user_id] = FakeUser(self, user_id, first_name, username, language_code)
            chat: JSONDict = {"id": user_id, "type": "private", "first_name": first_name}
            if username:
                chat["username"] = username
            self._chats[user_id] = _Chat(chat_json=chat)
        return self._users[user_id]

    def messages(self, chat_id: int, *, include_deleted: bool = False) -> list[BotMessage]:
        """Every message the bot sent to that chat, in order, in its current state."""
        chat = self._chats.get(chat_id)
        if chat is None:
            return []
        return [
            stored.snapshot()
            for stored in chat.bot_messages.values()
            if include_deleted or not stored.deleted
        ]

    def calls(self, method: str) -> list[JSONDict]:
        """The params of every request to ``method`` (case-insensitive), in order."""
        return [params for name, params in self.requests if name.lower() == method.lower()]

    async def wait_idle(self, chat_id: int, idle: float = 0.05, timeout: float = 10.0) -> None:
        """Waits until every update for the chat was fetched and the bot stayed quiet ``idle`` s."""
        chat = self._known_chat(chat_id)
        await self._wait_for_bot(
            chat_id,
            mark=len(chat.log),
            expect=None,
            idle=idle,
            timeout=timeout,
            what=f"wait_idle({chat_id})",
        )

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        retry_after: int | None = None,
    ) -> None:
        """Makes the next call to ``method`` fail with this error (calls queue up)."""
        error = BotAPIError(error_code, description, retry_after)
        self._failures.setdefault(method.lower(), deque()).append(error)

    def block_user(self, user_id: int) -> None:
        """The user blocked the bot: anything sent to their chat answers 403."""
        self.user(user_id)
        self._chats[user_id].blocked = True

    def unblock_user(self, user_id: int) -> None:
        self.user(user_id)
        self._chats[user_id].blocked = False

    # -- internals: chat state and waiting ---------------------------------------------------

    def _chat(self, chat_id: Any) -> _Chat:
        """The chat a Bot API call targets; only chats of users created by ``user()`` exist."""
        chat = self._chats.get(chat_id)
        if chat is None:
            raise _bad_request("chat not found")
        return chat

    def _known_chat(self, chat_id: int) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            raise AssertionError(f"no chat {chat_id}: create its user with fake.user() first")
        return chat

    def _notify(self) -> None:
        """Wakes every waiter (long polls and user actions) so they re-check the state."""
        self._changed.set()
        self._changed = asyncio.Event()

    def _changes_since(self, chat: _Chat, mark: int) -> list[BotMessage]:
        message_ids = dict.fromkeys(chat.log[mark:])  # ordered by first send/edit
        return [
            chat.bot_messages[mid].snapshot()
            for mid in message_ids
            if not chat.bot_messages[mid].deleted
        ]

    def _enqueue(self, chat_id: int, kind: str, body: JSONDict) -> None:
        update_id = next(self._update_ids)
        update = _QueuedUpdate(update_id, chat_id, kind, {"update_id": update_id, kind: body})
        self._updates.append(update)
        self._chats[chat_id].unfetched.add(update_id)
        self._last_update[chat_id] = update
        self._notify()

    async def redeliver_last(self, chat_id: int, idle: float = 0.3) -> None:
        """The chat's last update sent again, the same update_id and callback query, as
        Telegram does when the bot did not confirm it (a crash, a lost connection)."""
        last = self._last_update[chat_id]
        again = _QueuedUpdate(last.update_id, chat_id, last.kind, last.payload)
        self._updates.append(again)
        self._chats[chat_id].unfetched.add(again.update_id)
        self._notify()
        await self.wait_idle(chat_id, idle=idle)

    async def _deliver(
        self,
        chat_id: int,
        kind: str,
        body: JSONDict,
        *,
        what: str,
        expect: int | None,
        timeout: float | None,
    ) -> list[BotMessage]:
        chat = self._chats[chat_id]
        mark = len(chat.log)
        self._enqueue(chat_id, kind, body)
        return await self._wait_for_bot(
            chat_id,
            mark=mark,
            expect=expect,
            idle=self.idle,
            timeout=self.timeout if timeout is None else timeout,
            what=what,
        )

    async def _wait_for_bot(
        self,
        chat_id: int,
        *,
        mark: int,
        expect: int | None,
        idle: float,
        timeout: float,
        what: str,
    ) -> list[BotMessage]:
        chat = self._known_chat(chat_id)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            now = loop.time()
            wake_at = deadline
            if expect is not None:
                changes = self._changes_since(chat, mark)
                if len(changes) >= expect:
                    return changes
            elif not chat.unfetched and chat.inflight == 0:
                quiet_until = chat.last_activity + idle
                if now >= quiet_until:
                    return self._changes_since(chat, mark)
                wake_at = min(quiet_until, deadline)
            if now >= deadline:
                raise AssertionError(self._timeout_message(chat, mark, expect, timeout, what))
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), wake_at - now)

    def _timeout_message(
        self, chat: _Chat, mark: int, expect: int | None, timeout: float, what: str
    ) -> str:
        got = [str(m) for m in self._changes_since(chat, mark)]
        if chat.unfetched:
            return (
                f"Timed out after {timeout}s: the bot never fetched the update for {what} "
                "(is an Application polling this FakeBotAPI?)"
            )
        if expect is not None:
            return (
                f"Timed out after {timeout}s waiting for {expect} bot message(s) after {what}; "
                f"got {len(got)}: {got}"
            )
        return f"Timed out after {timeout}s: the bot never went idle after {what}; got {got}"

    def _activity(self, chat_id: int | None, delta: int) -> None:
        chat = self._chats.get(chat_id) if chat_id is not None else None
        if chat is not None:
            chat.inflight += delta
            chat.last_activity = asyncio.get_running_loop().time()
            self._notify()

    def _chat_of(self, params: JSONDict) -> int | None:
        """Which chat a request concerns, for the idle detection."""
        chat_id = params.get("chat_id")
        if isinstance(chat_id, int):
            return chat_id
        if (query := self._callbacks.get(str(params.get("callback_query_id")))) is not None:
            return query.chat_id
        if (stored := self._files.get(str(params.get("file_id")))) is not None:
            return stored.chat_id
        return None

    def _store_file(self, chat_id: int, upload: _Upload, folder: str) -> _StoredFile:
        number = next(self._file_counter)
        suffix = upload.file_name.rsplit(".", 1)[-1] if "." in upload.file_name else "bin"
        stored = _StoredFile(
            file_id=f"FAKE-{folder}-{number:06d}-fileid",
            file_unique_id=f"uniq{number:06d}",
            file_path=f"{folder}/file_{number}.{suffix}",
            file_name=upload.file_name,
            content=upload.content,
            mime_type=upload.mime_type,
            chat_id=chat_id,
        )
        self._files[stored.file_id] = stored
        return stored

    # -- internals: HTTP ---------------------------------------------------------------------

    async def _read_params(self, request: web.Request) -> JSONDict:
        params: JSONDict = {}
        fields: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())  # already typed, nothing to decode
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        content = value.file.read()
                        fields[key] = _Upload(value.filename, content, value.content_type)
                    else:
                        fields[key] = value
        uploads = {k: v for k, v in fields.items() if isinstance(v, _Upload)}
        for key, value in fields.items():
            if isinstance(value, _Upload):
                continue
            if value.startswith("attach://") and value[9:] in uploads:
                params[key] = uploads.pop(value[9:])
            elif key in _STRING_PARAMS:
                params[key] = value
            else:
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    params[key] = value  # e.g. chat_id="@channel"
        params.update(uploads)  # a file sent under its own parameter name (no attach://)
        return params

    async def _handle_method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        name = request.match_info["method"]
        params = await self._read_params(request)
        handler = self._methods.get(name.lower())
        if name.lower() == "getupdates":
            # Polling is not recorded in `requests`: it would drown the bot's real calls.
            self.get_updates_calls += 1
            try:
                return web.json_response({"ok": True, "result": await self._get_updates(params)})
            except BotAPIError as error:
                return web.json_response(error.to_json(), status=error.error_code)
        self.requests.append((name, _recordable(params)))
        chat_id = self._chat_of(params)
        self._activity(chat_id, +1)
        try:
            if name.lower() in ("sendmessage", "senddocument", "sendphoto"):
                now = time.monotonic()
                self.sent_timestamps.append(now)
                if self.flood_limit is not None:
                    recent = sum(
                        1 for t in self.sent_timestamps[-2 * self.flood_limit :] if t > now - 1
                    )
                    if recent > self.flood_limit:
                        self.flood_refusals += 1
                        raise BotAPIError(429, "Too Many Requests: retry after 1", retry_after=1)
            failures = self._failures.get(name.lower())
            if failures:
                raise failures.popleft()
            if handler is None:
                raise BotAPIError(404, "Not Found: method not found")
            blocked = chat_id in self._chats and self._chats[chat_id].blocked
            if blocked and "chat_id" in params:
                raise BotAPIError(403, "Forbidden: bot was blocked by the user")
            result = handler(params)
        except BotAPIError as error:
            return web.json_response(error.to_json(), status=error.error_code)
        except Exception as error:  # a gap in the fake: make PTB raise a telling NetworkError
            description = f"FakeBotAPI failed on {name} {params!r}: {error!r}"
            return web.json_response(
                {"ok": False, "error_code": 500, "description": description}, status=500
            )
        finally:
            self._activity(chat_id, -1)
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401, text="Unauthorized")
        path = request.match_info["path"]
        for stored in self._files.values():
            if stored.file_path == path:
                self._activity(stored.chat_id, 0)
                return web.Response(body=stored.content, content_type=stored.mime_type)
        return web.Response(status=404, text="Not Found")

    # -- Bot API methods ---------------------------------------------------------------------

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        if self.webhook is not None:
            raise BotAPIError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if params.get("allowed_updates") is not None:
            self._allowed_updates = params["allowed_updates"] or None  # [] means "default"
        # Telegram: a newer getUpdates terminates the pending one with 409 Conflict.
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        if isinstance(offset, int):
            if offset < 0:
                self._updates = self._updates[offset:]
            else:  # confirmed: every update below offset is forgotten
                self._updates = [u for u in self._updates if u.update_id >= offset]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._closing:
                return []
            if generation != self._poll_generation:
                raise BotAPIError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                )
            batch = self._deliverable()[:limit]
            remaining = deadline - loop.time()
            if batch or remaining <= 0:
                break
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)
        now = loop.time()
        for update in batch:
            update.fetched = True
            chat = self._chats[update.chat_id]
            chat.unfetched.discard(update.update_id)
            chat.last_activity = now  # the idle period starts when the bot gets the update
        self._notify()
        return [update.payload for update in batch]

    def _deliverable(self) -> list[_QueuedUpdate]:
        if self._allowed_updates is None:
            return self._updates
        # Like Telegram, updates of types the bot did not ask for are dropped, not delayed.
        for update in self._updates:
            if update.kind not in self._allowed_updates and not update.fetched:
                update.fetched = True
                self._chats[update.chat_id].unfetched.discard(update.update_id)
        return [u for u in self._updates if u.kind in self._allowed_updates]

    def _set_webhook(self, params: JSONDict) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return self._delete_webhook(params)
        self.webhook = {"url": url, "secret_token": params.get("secret_token")}
        if params.get("allowed_updates") is not None:
            self._allowed_updates = params["allowed_updates"] or None
        if self._pusher is None or self._pusher.done():
            self._pusher = asyncio.get_running_loop().create_task(self._push())
        return True

    async def _push(self) -> None:
        """Telegram's side of a webhook: each update POSTed in order, again until 2xx."""
        async with ClientSession() as session:
            while self.webhook is not None and not self._closing:
                changed = self._changed
                pending = [u for u in self._deliverable() if not u.fetched]
                for update in pending:
                    if self.webhook is None:
                        break
                    secret = self.webhook.get("secret_token")
                    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
                    update.fetched = True
                    chat = self._chats[update.chat_id]
                    chat.unfetched.discard(update.update_id)
                    chat.last_activity = asyncio.get_running_loop().time()
                    try:
                        async with session.post(
                            self.webhook["url"], json=update.payload, headers=headers
                        ) as response:
                            self.webhook_statuses.append(response.status)
                            delivered = response.status < 300
                    except ClientError:
                        delivered = False
                    if delivered:
                        self._updates.remove(update)
                    else:
                        update.fetched = False
                        chat.unfetched.add(update.update_id)
                        await asyncio.sleep(0.1)
                        break
                    self._notify()
                else:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(changed.wait(), 1.0)

    def _delete_webhook(self, params: JSONDict) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            for update in self._updates:
                self._chats[update.chat_id].unfetched.discard(update.update_id)
            self._updates = []
            self._notify()
        return True

    def _set_my_commands(self, params: JSONDict) -> bool:
        self.commands = list(params.get("commands") or [])
        return True

    def _delete_my_commands(self, params: JSONDict) -> bool:
        self.commands = []
        return True

    def _new_bot_message(self, params: JSONDict, content: JSONDict) -> _StoredMessage:
        chat = self._chat(params.get("chat_id"))
        raw = {
            "message_id": chat.new_message_id(),
            "from": self.bot_user,
            "chat": chat.chat_json,
            "date": int(time.time()),
            **content,
        }
        markup = params.get("reply_markup")
        if keyboard := _inline_keyboard(markup):
            raw["reply_markup"] = keyboard
        stored = _StoredMessage(raw=raw, reply_markup=markup if isinstance(markup, dict) else None)
        chat.bot_messages[raw["message_id"]] = stored
        chat.log.append(raw["message_id"])
        self._notify()
        return stored

    @staticmethod
    def _text_content(params: JSONDict, key: str) -> JSONDict:
        """The ``text`` or ``caption`` part of a Message, formatted like Telegram does."""
        entities_key = "entities" if key == "text" else "caption_entities"
        text, entities = _format(
            params.get(key) or "", params.get("parse_mode"), params.get(entities_key)
        )
        if key == "text" and _utf16_len(text) > _MAX_TEXT:
            raise _bad_request("message is too long")
        if key == "caption" and _utf16_len(text) > _MAX_CAPTION:
            raise _bad_request("message caption is too long")
        content: JSONDict = {key: text} if text else {}
        if entities:
            content[entities_key] = entities
        return content

    def _send_message(self, params: JSONDict) -> JSONDict:
        self._chat(params.get("chat_id"))  # "chat not found" takes precedence, like Telegram
        content = self._text_content(params, "text")
        if "text" not in content:
            raise _bad_request("message text is empty")
        _inline_keyboard(params.get("reply_markup"))  # validate before storing anything
        return self._new_bot_message(params, content).raw

    def _resolve_upload(self, params: JSONDict, key: str) -> _Upload:
        value = params.get(key)
        if isinstance(value, _Upload):
            return value
        if isinstance(value, str) and value in self._files:  # re-sending by file_id
            stored = self._files[value]
            return _Upload(stored.file_name, stored.content, stored.mime_type)
        raise _bad_request("wrong file identifier/HTTP URL specified")

    def _send_document(self, params: JSONDict) -> JSONDict:
        self._chat(params.get("chat_id"))
        upload = self._resolve_upload(params, "document")
        content = self._text_content(params, "caption")
        stored_file = self._store_file(params["chat_id"], upload, "documents")
        content["document"] = {
            "file_id": stored_file.file_id,
            "file_unique_id": stored_file.file_unique_id,
            "file_name": upload.file_name,
            "mime_type": upload.mime_type,
            "file_size": len(upload.content),
        }
        _inline_keyboard(params.get("reply_markup"))
        stored = self._new_bot_message(params, content)
        stored.document = (upload.file_name, upload.content)
        return stored.raw

    def _send_photo(self, params: JSONDict) -> JSONDict:
        self._chat(params.get("chat_id"))
        upload = self._resolve_upload(params, "photo")
        content = self._text_content(params, "caption")
        stored_file = self._store_file(params["chat_id"], upload, "photos")
        content["photo"] = [_photo_size(stored_file)]
        _inline_keyboard(params.get("reply_markup"))
        stored = self._new_bot_message(params, content)
        stored.photo = upload.content
        return stored.raw

    def _editable(self, params: JSONDict) -> tuple[_Chat, _StoredMessage]:
        if "inline_message_id" in params:
            raise _bad_request("inline messages are not supported by FakeBotAPI")
        chat = self._chat(params.get("chat_id"))
        stored = chat.bot_messages.get(params.get("message_id"))  # type: ignore[arg-type]
        if stored is None or stored.deleted:
            raise _bad_request("message to edit not found")
        return chat, stored

    def _apply_edit(
        self,
        chat: _Chat,
        stored: _StoredMessage,
        params: JSONDict,
        replaced: tuple[str, ...],
        content: JSONDict,
    ) -> JSONDict:
        """Replaces the ``replaced`` keys of the message by ``content``, and its keyboard."""
        # Telegram drops the inline keyboard when an edit does not repeat reply_markup.
        markup = _inline_keyboard(params.get("reply_markup"))
        dropped = {*replaced, "reply_markup"}
        new_raw = {k: v for k, v in stored.raw.items() if k not in dropped}
        new_raw.update(content)
        if markup:
            new_raw["reply_markup"] = markup
        comparable = ("text", "entities", "caption", "caption_entities", "reply_markup")
        if all(new_raw.get(k) == stored.raw.get(k) for k in comparable):
            raise BotAPIError(400, _NOT_MODIFIED)
        new_raw["edit_date"] = int(time.time())
        stored.raw = new_raw
        stored.edited = True
        stored.reply_markup = markup
        chat.log.append(new_raw["message_id"])
        self._notify()
        return new_raw

    def _edit_message_text(self, params: JSONDict) -> JSONDict:
        chat, stored = self._editable(params)
        if "text" not in stored.raw:
            raise _bad_request("there is no text in the message to edit")
        content = self._text_content(params, "text")
        if "text" not in content:
            raise _bad_request("message text is empty")
        return self._apply_edit(chat, stored, params, ("text", "entities"), content)

    def _edit_message_caption(self, params: JSONDict) -> JSONDict:
        chat, stored = self._editable(params)
        if "text" in stored.raw:
            raise _bad_request("there is no caption in the message to edit")
        content = self._text_content(params, "caption")
        return self._apply_edit(chat, stored, params, ("caption", "caption_entities"), content)

    def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict:
        chat, stored = self._editable(params)
        return self._apply_edit(chat, stored, params, (), {})

    def _delete_message(self, params: JSONDict) -> bool:
        chat = self._chat(params.get("chat_id"))
        message_id = params.get("message_id")
        if message_id in chat.user_message_ids:  # bots may delete user messages in private
            chat.user_message_ids.discard(message_id)
            return True
        stored = chat.bot_messages.get(message_id)  # type: ignore[arg-type]
        if stored is None or stored.deleted:
            raise _bad_request("message to delete not found")
        stored.deleted = True
        self._notify()
        return True

    def _delete_messages(self, params: JSONDict) -> bool:
        for message_id in params.get("message_ids") or []:
            with contextlib.suppress(BotAPIError):
                self._delete_message({"chat_id": params.get("chat_id"), "message_id": message_id})
        return True

    def _answer_callback_query(self, params: JSONDict) -> bool:
        query = self._callbacks.get(str(params.get("callback_query_id")))
        if query is None or query.answered:
            raise BotAPIError(400, _QUERY_TOO_OLD)
        query.answered = True
        self._users[query.user_id].callback_answers.append(params)
        return True

    def _send_chat_action(self, params: JSONDict) -> bool:
        self._chat(params.get("chat_id"))
        return True

    def _get_file(self, params: JSONDict) -> JSONDict:
        stored = self._files.get(str(params.get("file_id")))
        if stored is None:
            raise _bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }


def _photo_size(stored: _StoredFile) -> JSONDict:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "width": 1,
        "height": 1,
        "file_size": len(stored.content),
    }


def _recordable(params: JSONDict) -> JSONDict:
    """Params as recorded in ``FakeBotAPI.requests``: uploads become (file_name, content)."""
    return {
        key: (value.file_name, value.content) if isinstance(value, _Upload) else value
        for key, value in params.items()
    }


# --------------------------------------------------------------------------------------------
# The scripted user
# --------------------------------------------------------------------------------------------


class FakeUser:
    """A Telegram user talking to the bot in a private chat (chat_id == user_id).

    Every action returns the bot's messages that are new or edited in response, in order of
    first change. By default it waits until the update was fetched and no request about this
    chat happened for ``fake.idle`` seconds; with ``expect=n`` it returns as soon as ``n``
    messages changed (no idle padding, for latency measurements).

    The idle rule cannot see work that makes no Bot API call: a handler that computes for longer
    than ``idle`` before its first request (or an update queued behind a slow one, since PTB
    processes updates one at a time by default) looks finished too early. Raise
    ``FakeBotAPI(idle=...)`` or use ``expect=`` there.
    """

    def __init__(
        self,
        fake: FakeBotAPI,
        user_id: int,
        first_name: str,
        username: str | None,
        language_code: str | None,
    ) -> None:
        self._fake = fake
        self.user_id = user_id
        self.chat_id = user_id
        self.first_name = first_name
        self.username = username
        self.language_code = language_code
        self.callback_answers: list[JSONDict] = []
        self._tapped: list[str] = []  # callback_query ids, to report unanswered taps

    @property
    def user_json(self) -> JSONDict:
        user: JSONDict = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    @property
    def last(self) -> BotMessage:
        """The last message the bot sent to this chat (deleted ones excluded)."""
        messages = self._fake.messages(self.chat_id)
        if not messages:
            raise AssertionError(f"the bot sent no message to chat {self.chat_id}")
        return messages[-1]

    def messages(self) -> list[BotMessage]:
        return self._fake.messages(self.chat_id)

    @property
    def unanswered_callbacks(self) -> list[str]:
        """callback_data of taps the bot never answered (the user would see a spinner)."""
        queries = [self._fake._callbacks[qid] for qid in self._tapped]
        return [query.data for query in queries if not query.answered]

    def _message(self, **content: Any) -> JSONDict:
        chat = self._fake._chats[self.chat_id]
        message_id = chat.new_message_id()
        chat.user_message_ids.add(message_id)
        return {
            "message_id": message_id,
            "from": self.user_json,
            "chat": chat.chat_json,
            "date": int(time.time()),
            **content,
        }

    async def _send_message(
        self, what: str, content: JSONDict, expect: int | None, timeout: float | None
    ) -> list[BotMessage]:
        return await self._fake._deliver(
            self.chat_id,
            "message",
            self._message(**content),
            what=f"user {self.user_id} {what}",
            expect=expect,
            timeout=timeout,
        )

    async def send(
        self, text: str, *, expect: int | None = None, timeout: float | None = None
    ) -> list[BotMessage]:
        """Sends a text message; a leading "/" makes the first word a bot_command entity."""
        content: JSONDict = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
            ]
        return await self._send_message(f"sending {text!r}", content, expect, timeout)

    async def send_photo(
        self,
        *,
        caption: str | None = None,
        expect: int | None = None,
        timeout: float | None = None,
    ) -> list[BotMessage]:
        stored = self._fake._store_file(
            self.chat_id, _Upload("photo.png", _PNG, "image/png"), "photos"
        )
        content: JSONDict = {"photo": [_photo_size(stored)]}
        if caption:
            content["caption"] = caption
        return await self._send_message("sending a photo", content, expect, timeout)

    async def send_sticker(
        self, *, expect: int | None = None, timeout: float | None = None
    ) -> list[BotMessage]:
        stored = self._fake._store_file(
            self.chat_id, _Upload("sticker.webp", _WEBP, "image/webp"), "stickers"
        )
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
            "file_size": len(stored.content),
        }
        return await self._send_message("sending a sticker", {"sticker": sticker}, expect, timeout)

    async def send_document(
        self,
        file_name: str,
        content: bytes,
        mime_type: str,
        *,
        caption: str | None = None,
        expect: int | None = None,
        timeout: float | None = None,
    ) -> list[BotMessage]:
        """Sends a file; the bot can fetch it with getFile + a download, like on Telegram."""
        stored = self._fake._store_file(
            self.chat_id, _Upload(file_name, content, mime_type), "documents"
        )
        body: JSONDict = {
            "document": {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_name": file_name,
                "mime_type": mime_type,
                "file_size": len(content),
            }
        }
        if caption:
            body["caption"] = caption
        return await self._send_message(f"sending document {file_name!r}", body, expect, timeout)

    async def tap(
        self, label: str, *, expect: int | None = None, timeout: float | None = None
    ) -> list[BotMessage]:
        """Taps a button on the most recent bot message that has it (exact label first, then
        the unique label containing ``label``)."""
        message, data = self._find_button(label)
        return await self._callback(message.raw, data, f"tapping {label!r}", expect, timeout)

    async def tap_data(
        self,
        message_id: int,
        data: str,
        *,
        expect: int | None = None,
        timeout: float | None = None,
    ) -> list[BotMessage]:
        """Sends a callback_query with arbitrary data on any message (stale/forged buttons)."""
        chat = self._fake._chats[self.chat_id]
        stored = chat.bot_messages.get(message_id)
        raw = (
            stored.raw
            if stored is not None
            else {
                "message_id": message_id,
                "from": self._fake.bot_user,
                "chat": chat.chat_json,
                "date": int(time.time()),
                "text": "",
            }
        )
        what = f"tapping data {data!r} on message {message_id}"
        return await self._callback(raw, data, what, expect, timeout)

    async def _callback(
        self,
        message: JSONDict,
        data: str,
        what: str,
        expect: int | None,
        timeout: float | None,
    ) -> list[BotMessage]:
        query_id = str(next(self._fake._callback_ids))
        self._fake._callbacks[query_id] = _CallbackQuery(self.chat_id, self.user_id, data)
        self._tapped.append(query_id)
        body = {
            "id": query_id,
            "from": self.user_json,
            "message": json.loads(json.dumps(message)),
            "chat_instance": f"ci{self.chat_id}",
            "data": data,
        }
        return await self._fake._deliver(
            self.chat_id,
            "callback_query",
            body,
            what=f"user {self.user_id} {what}",
            expect=expect,
            timeout=timeout,
        )

    def _find_button(self, label: str) -> tuple[BotMessage, str]:
        candidates = [m for m in reversed(self.messages()) if m.buttons]
        for message in candidates:
            for row in message.buttons:
                for text, data in row:
                    if text == label:
                        return message, self._callback_data(text, data)
        for message in candidates:
            matches = [(t, d) for row in message.buttons for t, d in row if label in t]
            if len(matches) > 1:
                raise AssertionError(
                    f"{label!r} is ambiguous on message {message}: {[t for t, _ in matches]}"
                )
            if matches:
                return message, self._callback_data(*matches[0])
        shown = str(candidates[0]) if candidates else "no message with buttons"
        raise AssertionError(f"no button {label!r} in chat {self.chat_id}; latest: {shown}")

    @staticmethod
    def _callback_data(label: str, data: str) -> str:
        if not data:
            raise AssertionError(f"button {label!r} has no callback_data (URL button?)")
        return data


@contextlib.asynccontextmanager
async def polling(
    app: Application[Any, Any, Any, Any, Any, Any],
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Runs ``app`` in polling mode for the duration of the block and stops it cleanly."""
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
