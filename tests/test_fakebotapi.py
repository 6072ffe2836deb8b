"""Tests of the fake Bot API server and scripted user, against a real PTB Application."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
import pytest_asyncio
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, EndPointNotFound, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

# `tests` is a package only if tests/__init__.py exists; without it pytest puts tests/ itself
# on sys.path (rootdir-relative "prepend" import mode), so support both layouts.
try:
    from tests.fakebotapi import FakeBotAPI, polling
except ModuleNotFoundError:
    from fakebotapi import FakeBotAPI, polling  # type: ignore[no-redef]

ANNE, BOB = 1001, 1002


def build_app(fake: FakeBotAPI, errors: list[Exception] | None = None) -> Application:
    """A tiny bot: echoes text with two buttons, edits on tap, sends and reads documents.

    Handler exceptions are appended to ``errors`` (instead of PTB logging them).
    """

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Oui", callback_data="yes"),
                    InlineKeyboardButton("Non merci", callback_data="no"),
                ]
            ]
        )
        await update.effective_message.reply_text(
            update.effective_message.text or "", reply_markup=keyboard
        )

    async def tapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer(f"got {query.data}")
        await query.edit_message_text(f"tapped {query.data}")

    async def report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_document(
            b"%PDF-1.4 fake",
            filename="livret.pdf",
            caption="<b>Votre</b> livret",
            parse_mode="HTML",
        )

    async def upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.document is not None
        file = await message.document.get_file()
        content = await file.download_as_bytearray()
        await message.reply_text(f"{message.document.file_name}: {bytes(content)!r}")

    app = fake.application_builder().build()
    app.add_handler(CommandHandler("report", report))
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_handler(MessageHandler(filters.Document.ALL, upload))
    app.add_handler(CallbackQueryHandler(tapped))

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.error is not None
        if errors is None:
            raise context.error
        errors.append(context.error)

    app.add_error_handler(on_error)
    return app


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
def errors() -> list[Exception]:
    return []


@pytest_asyncio.fixture
async def running(fake: FakeBotAPI, errors: list[Exception]) -> AsyncIterator[FakeBotAPI]:
    """The fake with the tiny bot polling it (stopped cleanly afterwards)."""
    async with polling(build_app(fake, errors)):
        yield fake
    assert not [e for e in errors if "not modified" not in str(e)]


@pytest.mark.asyncio
async def test_send_gets_echo_with_buttons(running: FakeBotAPI) -> None:
    anne = running.user(ANNE)

    [reply] = await anne.send("42")

    # "42" must stay a string: PTB sends str params raw and the fake decodes by param name.
    assert reply.text == "42"
    assert reply.chat_id == ANNE
    assert reply.buttons == [[("Oui", "yes"), ("Non merci", "no")]]
    assert reply.button_labels() == ["Oui", "Non merci"]
    assert anne.last == reply
    params = running.calls("sendMessage")[-1]
    assert params["chat_id"] == ANNE  # JSON-decoded to an int
    assert params["reply_markup"]["inline_keyboard"][0][0] == {
        "text": "Oui",
        "callback_data": "yes",
    }
    assert ("getMe", {}) in running.requests  # PTB's initialize()


@pytest.mark.asyncio
async def test_tap_answers_and_edits(running: FakeBotAPI, errors: list[Exception]) -> None:
    anne = running.user(ANNE)
    await anne.send("premier")
    [second] = await anne.send("second")

    [edited] = await anne.tap("Non")  # unique label containing "Non"

    assert edited.message_id == second.message_id  # the most recent message with the button
    assert edited.text == "tapped no"
    assert edited.edited
    assert edited.buttons == []  # an edit without reply_markup drops the keyboard
    assert [a["text"] for a in anne.callback_answers] == ["got no"]
    assert anne.unanswered_callbacks == []
    assert [m.text for m in anne.messages()] == ["premier", "tapped no"]

    # The older message still has its buttons: an exact label finds it.
    [first_edited] = await anne.tap("Oui")
    assert first_edited.text == "tapped yes"

    # A stale tap on an already edited message: the bot answers, but editing to the same text
    # fails with "message is not modified" (as on Telegram), so nothing changes.
    assert await anne.tap_data(second.message_id, "no") == []
    assert len(anne.callback_answers) == 3
    assert [type(e) for e in errors] == [BadRequest]


@pytest.mark.asyncio
async def test_documents_both_ways(running: FakeBotAPI) -> None:
    anne = running.user(ANNE)

    [sent] = await anne.send("/report")

    assert sent.document == ("livret.pdf", b"%PDF-1.4 fake")
    assert sent.text == "Votre livret"  # caption, HTML parsed away
    assert sent.raw["caption_entities"] == [{"type": "bold", "offset": 0, "length": 5}]
    assert running.calls("sendDocument")[-1]["document"] == ("livret.pdf", b"%PDF-1.4 fake")

    [reply] = await anne.send_document("notes.txt", b"hello", "text/plain")

    assert reply.text == "notes.txt: b'hello'"  # fetched through getFile + file download
    assert running.calls("getFile")


@pytest.mark.asyncio
async def test_unhandled_media_gets_no_reply(running: FakeBotAPI) -> None:
    anne = running.user(ANNE)

    assert await anne.send_photo() == []
    assert await anne.send_sticker() == []
    assert running.messages(ANNE) == []


@pytest.mark.asyncio
async def test_two_users_concurrently(running: FakeBotAPI) -> None:
    anne, bob = running.user(ANNE), running.user(BOB, "Bob")

    anne_replies, bob_replies = await asyncio.gather(anne.send("from anne"), bob.send("from bob"))

    assert [m.text for m in anne_replies] == ["from anne"]
    assert [m.text for m in bob_replies] == ["from bob"]
    assert [m.text for m in running.messages(BOB)] == ["from bob"]


@pytest.mark.asyncio
async def test_expect_returns_without_idle_padding() -> None:
    async with FakeBotAPI(idle=0.5) as fake, polling(build_app(fake)):
        anne = fake.user(ANNE)
        started = time.monotonic()
        [reply] = await anne.send("vite", expect=1)
        assert reply.text == "vite"
        assert time.monotonic() - started < 0.4  # the 0.5 s idle wait was skipped
        # Let the bot finish (here: nothing more) before stopping it.
        await fake.wait_idle(ANNE, idle=0.01)


@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # retry_after int
async def test_injected_errors_reach_ptb(fake: FakeBotAPI) -> None:
    fake.user(ANNE)
    async with Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url) as bot:
        fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
        with pytest.raises(RetryAfter):
            await bot.send_message(ANNE, "a")

        fake.block_user(BOB)
        with pytest.raises(Forbidden, match="blocked by the user"):
            await bot.send_message(BOB, "b")

        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(ANNE, "<b>oops</i>", parse_mode="HTML")
        with pytest.raises(BadRequest, match="reserved"):
            await bot.send_message(ANNE, "fin.", parse_mode="MarkdownV2")
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(999, "nobody")

        message = await bot.send_message(ANNE, "same")
        with pytest.raises(BadRequest, match=r"(?i)not modified"):
            await message.edit_text("same")

        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("noSuchMethod")
        assert ("noSuchMethod", {}) in fake.requests
        assert len(fake.sent_timestamps) == 6  # every sendMessage attempt, failed ones too

    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=fake.base_url):
            pass


@pytest.mark.asyncio
async def test_stop_releases_pending_long_poll() -> None:
    fake = FakeBotAPI()
    await fake.start()
    async with aiohttp.ClientSession() as session:
        url = f"{fake.base_url}{fake.token}/getUpdates"
        poll = asyncio.create_task(session.post(url, data={"timeout": "30"}))
        await asyncio.sleep(0.05)  # let the long poll reach the server
        started = time.monotonic()
        await fake.stop()
        response = await asyncio.wait_for(poll, 2)
        assert await response.json() == {"ok": True, "result": []}
        assert time.monotonic() - started < 2
