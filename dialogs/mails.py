"""The e-mails Livret sends an agent, in plain text and in HTML, from the French copy."""

import re
from html import escape

from dialogs import copy
from dialogs.messages import Attachment, Mail


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in text.split("\n") if line.strip())


def _one_line(text: str) -> str:
    """A header's text: the email package reads \\x0b, \\x0c or \\x1c as line ends, which
    a header may not hold, and controls have no place there."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text).split())


def _compose(
    to: str,
    subject: str,
    prenom: str,
    body: str,
    key: str,
    after: str,
    attachments: tuple[Attachment, ...] = (),
) -> Mail:
    """A greeting, a sentence, the thing to read out (a code, an identifiant), the rest."""
    greeting = copy.MAIL_GREETING.format(prenom=prenom) if prenom else copy.MAIL_GREETING_UNNAMED
    text = "\n\n".join([greeting, body, f"    {key}", after, "--\n" + copy.MAIL_SIGNATURE])
    if key.startswith("https://"):
        shown = f'<p><a href="{escape(key)}">{escape(key)}</a></p>'
    else:
        shown = (
            '<p style="font-size: 28px; font-weight: bold; letter-spacing: 4px; '
            f'font-family: monospace">{escape(key)}</p>'
        )
    html = (
        '<!DOCTYPE html><html lang="fr"><body style="font-family: sans-serif; color: #1a1a1a">'
        f"{_paragraphs(greeting)}{_paragraphs(body)}{shown}{_paragraphs(after)}"
        f'<p style="color: #666">{escape(copy.MAIL_SIGNATURE)}</p>'
        "</body></html>"
    )
    return Mail(to, _one_line(subject), text, html, attachments)


def code_mail(to: str, prenom: str, code: str) -> Mail:
    return _compose(
        to, copy.MAIL_CODE_SUBJECT, prenom, copy.MAIL_CODE_BODY, code, copy.MAIL_CODE_AFTER
    )


def identifiant_mail(to: str, prenom: str, identifiant: str) -> Mail:
    return _compose(
        to,
        copy.MAIL_IDENTIFIANT_SUBJECT.format(identifiant=identifiant),
        prenom,
        copy.MAIL_IDENTIFIANT_BODY,
        identifiant,
        copy.MAIL_IDENTIFIANT_AFTER,
    )


def email_changed_mail(to: str, prenom: str, identifiant: str, new_email: str) -> Mail:
    """To the former address: a change made by someone else would not go unnoticed."""
    body = copy.MAIL_CHANGED_BODY.format(identifiant=identifiant, email=new_email)
    return _compose(to, copy.MAIL_CHANGED_SUBJECT, prenom, body, new_email, copy.MAIL_CHANGED_AFTER)


def share_mail(
    to: str, name: str, day: str, note: str | None, link: str, until: str, file: Attachment
) -> Mail:
    """To a manager: the extract attached, the agent's note, and the link while it lasts."""
    body = copy.MAIL_SHARE_BODY.format(name=name, day=day)
    if note:
        body += "\n" + copy.SHARE_MANAGER_NOTE.format(note=note)
    return _compose(
        to,
        copy.MAIL_SHARE_SUBJECT.format(name=name),
        "",
        body + "\n" + copy.MAIL_SHARE_LINK.format(until=until),
        link,
        copy.MAIL_SHARE_AFTER,
        (file,),
    )


def inactive_mail(to: str, prenom: str, years: str, day: str, bot_link: str) -> Mail:
    """The warning before an unused account is erased; the link opens the conversation."""
    return _compose(
        to,
        copy.MAIL_INACTIVE_SUBJECT.format(day=day),
        prenom,
        copy.MAIL_INACTIVE_BODY.format(years=years, day=day),
        bot_link,
        copy.MAIL_INACTIVE_AFTER,
    )
