"""Sharing end to end: the real PTB Application on the fake Bot API with two Telegram
accounts (the agent and her manager), e-mail through a real SMTP server (aiosmtpd), and the
terminal's equivalent of a link through the real ``livret chat``."""

import io
import itertools
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from dialogs import copy
from tests import mailbox
from tests.cli import chat, sign_up
from tests.e2e import Agent, LivretBot, wait_for
from tests.samples import pdf_text, soffice_or_skip, squeeze

in_module_loop = pytest.mark.asyncio(loop_scope="module")
_user_ids = itertools.count(8001)
SHOWN = "BTS Assistant de gestion"
HIDDEN = "Master de sociologie"


async def agent_with_two_diplomes(mail_bot: LivretBot, smtp: mailbox.SmtpServer) -> Agent:
    anne = mail_bot.agent(next(_user_ids), "Anne")
    await anne.onboard("Anne", "Dupont", f"anne.{anne.user.user_id}@mairie.fr", smtp.last_code)
    await anne.add_diplome(SHOWN, "Niveau 5", None, "06/2010")
    await anne.add_diplome(HIDDEN, None, None, "2014")
    return anne


async def choose_the_bts(anne: Agent) -> None:
    await anne.send("/menu")
    await anne.tap(copy.MENU_SHARE)
    await anne.tap("Diplômes et titres")
    await anne.tap(SHOWN)
    await anne.tap(copy.SHARE_DONE_PICKING)
    await anne.tap(copy.SHARE_PREVIEW)
    assert SHOWN in anne.text and HIDDEN not in anne.text


@in_module_loop
async def test_a_manager_opens_the_link_on_another_telegram_account(
    mail_bot: LivretBot, smtp: mailbox.SmtpServer
) -> None:
    soffice_or_skip()
    anne = await agent_with_two_diplomes(mail_bot, smtp)
    await choose_the_bts(anne)
    await anne.tap(copy.SHARE_LINK)
    await anne.tap("30 jours")
    await anne.send("Pour ma demande de mobilité")
    found = re.search(r"https://t\.me/livret_test_bot\?start=(s-[\w-]+)", anne.text)
    assert found, anne.text
    await anne.tap(copy.SHARE_NOTIFY_ON)

    manager = mail_bot.agent(next(_user_ids), "Marie")
    # What Telegram sends when the manager opens the link.
    await manager.send(f"/start {found[1]}")
    assert "Anne DUPONT vous transmet un extrait" in manager.text
    assert "Son message : « Pour ma demande de mobilité »" in manager.text
    sent = await wait_for(manager, lambda m: m.document is not None, "the extract")
    assert sent.document is not None
    name, data = sent.document
    assert name.startswith("Extrait-DUPONT-Anne-") and name.endswith(".pdf")
    text = pdf_text(data)
    assert "Extrait du livret individuel de formation" in text
    assert SHOWN in text and HIDDEN not in text

    # Anne is told, in her own chat.
    told = await wait_for(
        anne, lambda m: (m.text or "").startswith("🔔 Votre extrait (🔗 lien du"), "the notice"
    )
    assert told.text
    await anne.send("/partages")
    assert "ouvert 1 fois" in anne.text
    await anne.tap("n°1")
    assert "par Marie" in anne.text

    # Revoked: the manager's next opening shows nothing.
    await anne.tap(copy.SHARE_REVOKE)
    await manager.send(f"/start {found[1]}")
    assert manager.text == copy.SHARE_INVALID
    mail_bot.check_transport([anne, manager])


@in_module_loop
async def test_the_extract_by_e_mail_arrives_with_the_pdf_attached(
    mail_bot: LivretBot, smtp: mailbox.SmtpServer
) -> None:
    soffice_or_skip()
    anne = await agent_with_two_diplomes(mail_bot, smtp)
    await choose_the_bts(anne)
    await anne.tap(copy.SHARE_EMAIL)
    await anne.send("responsable.rh@mairie.fr")
    await anne.tap("7 jours")
    await anne.tap(copy.SHARE_NO_NOTE)
    await wait_for(anne, lambda m: (m.text or "").startswith("✉️ Extrait envoyé"), "sent")

    [mail] = mailbox.to(smtp.messages, "responsable.rh@mairie.fr")
    [attached] = list(mail.iter_attachments())
    assert attached.get_content_type() == "application/pdf"
    data = attached.get_content()
    pages = PdfReader(io.BytesIO(data)).pages
    text = squeeze(" ".join(p.extract_text() for p in pages))
    assert SHOWN in text and HIDDEN not in text
    assert "livret_test_bot?start=s-" in mailbox.body(mail)
    mail_bot.check_transport([anne])


def test_the_terminal_prints_the_link_and_opens_it(tmp_path: Path) -> None:
    sign_up(tmp_path)
    lines = ["Diplômes et titres", "Ajouter", SHOWN, "2010", "Enregistrer"]
    lines += ["/menu", "Partager", "Diplômes et titres", SHOWN, "Terminé", "Aperçu"]
    lines += ["Un lien", "30 jours", "Sans message"]
    done = chat(tmp_path, lines, bot_username="livret_test_bot")
    assert done.returncode == 0, done.stderr
    found = re.search(r"https://t\.me/livret_test_bot\?start=(s-[\w-]+)", done.stdout)
    assert found, done.stdout[-2000:]

    # The terminal's equivalent of opening the link: --start with its parameter.
    from tests.cli import livret

    opened = livret(tmp_path, "chat", "--agent", "manager", "--start", found[1])
    assert opened.returncode == 0, opened.stderr
    assert "Anne DUPONT vous transmet un extrait" in opened.stdout
    saved = re.search(r"📄 Fichier enregistré : (.+)$", opened.stdout, flags=re.MULTILINE)
    assert saved, opened.stdout
    assert Path(saved[1]).name.startswith("Extrait-DUPONT-Anne-")
