"""Telegram <-> engine: a PTB ``Update`` becomes an ``Incoming``; ``Outgoing`` replies become
Bot API calls (messages, inline keyboards, edits, callback answers)."""

import asyncio
import contextlib
import logging
from dataclasses import replace

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, MessageLimit
from telegram.error import BadRequest, TelegramError

from dialogs.messages import Incoming, Outgoing
from documents.proofs import MAX_SIZE

log = logging.getLogger(__name__)

CHANNEL = "telegram"
CALLBACK_DATA_MAX = 64  # bytes, a Bot API limit


def to_incoming(update: Update) -> Incoming | None:
    """The engine's view of an update; None for what the assistant does not answer
    (other chats than private ones, edits, service messages)."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        return None
    sender = user.full_name + (f" (@{user.username})" if user.username else "")
    base = {
        "channel": CHANNEL,
        "external_id": str(user.id),
        "chat_id": str(chat.id),
        "update_key": f"tg:{update.update_id}",
        "sender": sender,
    }
    if update.callback_query is not None:
        return Incoming(kind="button", text=update.callback_query.data or "", **base)
    message = update.message
    if message is None:
        return None
    if message.text is not None:
        if message.text.startswith("/"):
            head, _, args = message.text[1:].partition(" ")
            command = head.split("@", 1)[0]
            return Incoming(kind="command", text=command, args=args.strip(), **base)
        return Incoming(kind="text", text=message.text, **base)
    if message.document is not None or message.photo:
        return Incoming(kind="file", **base)  # its content: ``with_file``
    return Incoming(kind="other", **base)


async def with_file(update: Update, incoming: Incoming) -> Incoming:
    """The file of a photo or document message, fetched from Telegram unless it is over the
    limit the Bot API serves (then only its size, for the agent to be told)."""
    message = update.message
    assert message is not None
    media = message.document or (message.photo[-1] if message.photo else None)
    if media is None:
        return incoming
    size = media.file_size
    if size is not None and size > MAX_SIZE:
        return replace(incoming, file_size=size)
    try:
        found = await media.get_file()
        data = bytes(await found.download_as_bytearray())
    except TelegramError:
        # "file is too big" when the size was not announced.
        log.warning("file not fetched", exc_info=True)
        return replace(incoming, file_size=MAX_SIZE + 1)
    return replace(incoming, data=data, file_size=len(data))


def keyboard(out: Outgoing) -> InlineKeyboardMarkup | None:
    if not out.buttons:
        return None
    for row in out.buttons:
        for button in row:
            # Checked here, not trusted: Telegram would refuse the whole message.
            if len(button.data.encode()) > CALLBACK_DATA_MAX:
                raise ValueError(f"callback data too long: {button.data!r}")
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in out.buttons]
    )


def telegram_length(text: str) -> int:
    """Telegram counts UTF-16 code units: an emoji counts two."""
    return len(text.encode("utf-16-le")) // 2


def _fitting(text: str, limit: int) -> int:
    """How many characters of ``text`` fit in ``limit`` UTF-16 units."""
    units = 0
    for i, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return i
    return len(text)


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Telegram refuses messages over 4,096 units: cut at line ends where possible."""
    parts: list[str] = []
    while telegram_length(text) > limit:
        fits = _fitting(text, limit)
        cut = text.rfind("\n", 0, fits)
        if cut <= 0:
            cut = fits
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n")
    parts.append(text)
    return parts


async def send_replies(update: Update, replies: list[Outgoing], *, answer: bool = True) -> None:
    """Send the replies of a turn; ``answer`` the tapped button (once per tap only)."""
    query = update.callback_query
    chat = update.effective_chat
    assert chat is not None
    toast: str | None = None
    for out in replies:
        if out.outbox is not None:
            continue  # where the server filed an e-mail: of no use to a phone
        if out.to is not None:
            await _tell_other_chat(update, out)
        elif out.document is not None:
            try:
                data = await asyncio.to_thread(out.document.read_bytes)
                await update.get_bot().send_document(
                    chat.id, data, filename=out.document.name, caption=out.text or None
                )
            finally:
                # Sent or not, the server keeps no copy of their livret (a /mesdonnees
                # archive holds every proof): the agent asks again if it did not arrive.
                out.document.unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    out.document.parent.rmdir()  # the request's own folder, now empty
        elif out.alert and query is not None:
            toast = out.text
        elif out.replace and query is not None and await _edit(query, out):
            continue
        else:
            await _send(chat.id, out, update)
    if query is not None and answer:
        # Every tap is answered once, or the button keeps spinning on the phone.
        await query.answer(toast)


async def _tell_other_chat(update: Update, out: Outgoing) -> None:
    """A message for another of the agent's chats (an old phone): best effort, since that
    account may have blocked the bot or be gone."""
    assert out.to is not None
    if out.to.channel != CHANNEL or not out.to.chat_id.lstrip("-").isdigit():
        return
    with contextlib.suppress(TelegramError):
        await update.get_bot().send_message(int(out.to.chat_id), out.text)


async def _edit(query: CallbackQuery, out: Outgoing) -> bool:
    message = query.message
    if not isinstance(message, Message) or telegram_length(out.text) > MessageLimit.MAX_TEXT_LENGTH:
        return False
    try:
        await message.edit_text(out.text, reply_markup=keyboard(out))
    except BadRequest as error:
        # "Message is not modified" means the screen already shows this.
        return "not modified" in str(error).lower()
    return True


async def _send(chat_id: int, out: Outgoing, update: Update) -> None:
    parts = split_text(out.text)
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        await update.get_bot().send_message(
            chat_id, part, reply_markup=keyboard(out) if last else None
        )
