"""The professional e-mail, proved by a code: at activation, when the agent changes it
later, and to recover a livret from a new phone or Telegram account.

An address already proved by another livret is only acted on once the code sent to it
is typed: then a new account recovers that livret (the old chats are detached and told),
and an activated one is refused. Nothing tells a stranger whether an address has a livret.
"""

import math
import re
import unicodedata

from dialogs import copy, mails
from dialogs.account import account
from dialogs.activation import verification
from dialogs.activation.names import FIELDS
from dialogs.home import menu
from dialogs.messages import Recipient
from dialogs.turn import Btn, OutMail, Reply, Turn
from dialogs.widgets import PARIS, AnswerError, parse_email
from livret.fields import is_blank
from livret.identifiant import new_identifiant
from storage import DialogRecord


def _back(t: Turn) -> list[list[Btn]]:
    """An activated agent changing their address can go back to their account."""
    return [[Btn(copy.BACK, "back")]] if t.activated else []


async def ask(t: Turn, problem: str | None = None) -> None:
    t.state.screen = "email"
    lines = [problem] if problem else []
    lines.append(copy.ASK_NEW_EMAIL if t.activated else copy.ASK_EMAIL)
    t.say("\n".join(lines), _back(t))


async def resume(t: Turn, intro: str | None = None) -> None:
    """The code screen if a code is waiting to be typed, else the question."""
    pending = await t.tx.email_code(t.agent_id)
    if pending is not None and not pending.verified:
        waiting = copy.CODE_WAITING if pending.sent else copy.MAIL_FAILED
        show_code(t, waiting.format(email=pending.email), intro)
        return
    if intro:
        t.say(intro)
    await ask(t)


def show_code(t: Turn, text: str, intro: str | None = None) -> None:
    t.state.screen = "code"
    rows = [[Btn(copy.RESEND, "resend")], [Btn(copy.OTHER_EMAIL, "newmail")], *_back(t)]
    t.say(f"{intro}\n\n{text}" if intro else text, rows)
    # A code is digits: a terminal must not read "000001" as the first button.
    t.replies[-1].number_answer = True


async def typed_email(t: Turn) -> None:
    if _looks_like_code(t.incoming.text) and verification.usable(
        await t.tx.email_code(t.agent_id), t.tx.now
    ):
        # The code of the address given before, typed once back on this question.
        await typed_code(t)
        return
    try:
        email = parse_email(t.incoming.text)
    except AnswerError as error:
        await ask(t, str(error))
        return
    if t.activated and email == (await t.tx.account(t.agent_id)).email:
        await account.show(t, copy.EMAIL_SAME)
        return
    await send_code(t, email)


async def resend(t: Turn) -> None:
    pending = await t.tx.email_code(t.agent_id)
    if pending is None or pending.verified:
        await ask(t)
        return
    await send_code(t, pending.email)


async def send_code(t: Turn, email: str) -> None:
    now = t.tx.now
    since = now - verification.HOUR
    sent = await t.tx.codes_sent_since(t.agent_id, since)
    # Per address too: new accounts must not be a way to flood someone's mailbox.
    to_address = await t.tx.codes_sent_to(email, since)
    refused = verification.may_send(sent, now) or verification.may_send(to_address, now, wait=False)
    if refused is not None:
        if refused.too_many:
            when = refused.until.astimezone(PARIS).strftime("%Hh%M")
            problem = copy.RESEND_LIMIT.format(time=when)
        else:
            seconds = math.ceil((refused.until - now).total_seconds())
            problem = copy.RESEND_WAIT.format(seconds=seconds)
        pending = await t.tx.email_code(t.agent_id)
        if verification.usable(pending, now):
            # The code already sent can still be typed: stay where it is awaited.
            assert pending is not None
            show_code(t, f"{problem}\n{copy.CODE_WAITING.format(email=pending.email)}")
        else:
            await ask(t, problem)
        return
    code = verification.new_code()
    code_id = await t.tx.add_email_code(
        t.agent_id, email, verification.hash_code(code), now + verification.VALID_FOR
    )
    prenom = await menu.agent_prenom(t)
    t.mails.append(OutMail(mails.code_mail(email, prenom, code), code_id))
    show_code(t, copy.CODE_SENT.format(email=email))


async def typed_code(t: Turn) -> None:
    text = t.incoming.text
    if "@" in text:
        # A corrected address typed where the code was awaited.
        await typed_email(t)
        return
    pending = await t.tx.email_code(t.agent_id)
    if pending is None or pending.verified:
        await ask(t)
        return
    if not pending.sent:
        show_code(t, copy.MAIL_FAILED.format(email=pending.email))
        return
    digits = _digits(text)
    if not _looks_like_code(text):
        show_code(t, copy.CODE_SHAPE)
        return
    if t.tx.now >= pending.expires_at:
        show_code(t, copy.CODE_EXPIRED)
        return
    left = verification.tries_left(pending)
    if left == 0:
        show_code(t, copy.CODE_USED_UP)
        return
    if not verification.matches(digits, pending.code_hash):
        await t.tx.count_try(pending.id)
        left -= 1
        if left == 0:
            show_code(t, copy.CODE_NO_MORE_TRIES)
        else:
            show_code(t, copy.CODE_WRONG_ONE if left == 1 else copy.CODE_WRONG.format(left=left))
        return
    await t.tx.code_verified(pending.id)
    await _verified(t, pending.email)


def _digits(text: str) -> str:
    # NFKC: digits typed on a full-width keyboard are the same digits.
    return re.sub(r"[\s.-]", "", unicodedata.normalize("NFKC", text))


def _looks_like_code(text: str) -> bool:
    return re.fullmatch(rf"[0-9]{{{verification.DIGITS}}}", _digits(text)) is not None


async def _verified(t: Turn, email: str) -> None:
    owner = await t.tx.agent_with_email(email)
    mine = await t.tx.account(t.agent_id)
    if owner is not None and owner != t.agent_id:
        if t.activated:
            await account.show(t, copy.EMAIL_TAKEN.format(email=mine.email))
        elif await _has_answers(t):
            await ask(t, copy.EMAIL_TAKEN_KEEP)
        else:
            await _recover(t, owner)
        return
    await t.tx.set_email(t.agent_id, email)
    prenom = await menu.agent_prenom(t)
    if t.activated:
        if mine.email and mine.identifiant and mine.email != email:
            t.mails.append(
                OutMail(mails.email_changed_mail(mine.email, prenom, mine.identifiant, email))
            )
        await account.show(t, copy.EMAIL_CHANGED.format(email=email))
        return
    verified = copy.EMAIL_VERIFIED.format(email=email)
    if mine.identifiant is None:
        identifiant = await _give_identifiant(t)
        given = copy.IDENTIFIANT_GIVEN.format(identifiant=identifiant)
        verified = f"{verified}\n\n{given}"
        t.mails.append(OutMail(mails.identifiant_mail(email, prenom, identifiant)))
    await t.show("onboarding", verified)


async def _give_identifiant(t: Turn) -> str:
    while True:
        # 40 random bits: a collision is rare, and then another is drawn.
        identifiant = new_identifiant()
        if await t.tx.set_identifiant(t.agent_id, identifiant):
            return identifiant


async def _has_answers(t: Turn) -> bool:
    """Anything written beyond the prénom and nom of the activation: entries, marks, a
    draft, or more of the fiche d'identité (an agent of an earlier version)."""
    counts, declined = await t.tx.rubrique_summary(t.agent_id)
    if declined or any(n for code, n in counts.items() if code != "identite"):
        return True
    draft = t.state.draft
    if draft is not None and draft.rubrique != "identite" and draft.answered():
        return True
    for fiche in await t.tx.entries(t.agent_id, "identite"):
        data = fiche.data.model_dump()
        if any(not is_blank(v) for k, v in data.items() if k not in FIELDS):
            return True
    return False


async def _recover(t: Turn, owner: int) -> None:
    """This chat now reaches the livret of ``owner``; the account it had is dropped (it
    held no more than a prénom and a nom), the chats that reached ``owner`` are detached."""
    detached = await t.tx.channels(owner)
    await t.tx.move_email_codes(t.agent_id, owner)
    await t.tx.attach_channel(t.incoming.channel, t.incoming.external_id, owner)
    await t.tx.delete_agent(t.agent_id)
    record = await t.tx.dialog_state(owner) or DialogRecord(owner)
    state = t.screens.restore(record.state)
    # Buttons of this chat's old messages must not act on the recovered livret.
    state.seq = max(state.seq, t.state.seq) + 1
    found = await t.tx.account(owner)
    t.agent_id, t.state, t.switched_to, t.activated = owner, state, record, found.activated
    for channel in detached:
        t.replies.append(
            Reply(copy.DETACHED, to=Recipient(channel.channel, channel.chat_id), note=True)
        )
    recovered = copy.RECOVERED.format(identifiant=found.identifiant)
    if t.activated:
        await menu.show_menu(t, recovered)
    else:
        await t.show("onboarding", recovered)
