"""Activation end to end, with a real SMTP server (aiosmtpd) started by the test: on the
fake Bot API through the real PTB Application, and in the terminal through the real
``livret chat`` command. The agent reads each code from the e-mail the server received."""

import itertools
from pathlib import Path

import pytest

from dialogs import copy
from livret.identifiant import PATTERN
from tests import mailbox
from tests.cli import chat, import_registry, livret
from tests.e2e import LivretBot

in_module_loop = pytest.mark.asyncio(loop_scope="module")
_user_ids = itertools.count(7001)


@in_module_loop
async def test_activation_on_telegram_with_the_code_from_the_e_mail(
    mail_bot: LivretBot, smtp: mailbox.SmtpServer
) -> None:
    anne = mail_bot.agent(next(_user_ids), "Anne")
    email = "anne.martin@ville-exemple.fr"
    await anne.send("/start")
    assert copy.PRIVACY in anne.text
    await anne.tap("J'accepte")
    await anne.send("Anne")
    await anne.send("Martin")
    await anne.send(email)
    assert copy.CODE_SENT.format(email=email) in anne.text

    [code_mail] = mailbox.to(smtp.messages, email)
    assert smtp.envelopes[-1][1] == [email]
    assert code_mail["From"] == "Livret <livret@localhost>"
    assert "Bonjour Anne," in mailbox.body(code_mail)
    await anne.send(mailbox.code_in(code_mail))

    identifiant = next(w for w in anne.text.split() if w.startswith("LIF-"))
    assert PATTERN.fullmatch(identifiant)
    [_, second] = mailbox.to(smtp.messages, email)
    assert second["Subject"] == f"Votre identifiant Livret : {identifiant}"
    assert identifiant in mailbox.body(second) and identifiant in mailbox.body(second, "html")

    await anne.send("COM69123")
    assert "Merci, Anne ! Votre livret est créé." in anne.text
    assert "Quel poste occupez-vous ?" in anne.text
    await anne.tap("Plus tard")
    assert "Choisissez une rubrique" in anne.text
    mail_bot.check_transport([anne])


@in_module_loop
async def test_a_link_with_a_code_collectivite_prefills_it(
    mail_bot: LivretBot, smtp: mailbox.SmtpServer
) -> None:
    camille = mail_bot.agent(next(_user_ids), "Camille")
    # What Telegram sends when https://t.me/<bot>?start=c-DEP59 is opened.
    await camille.begin("Camille", "Leroy", "/start c-DEP59")
    await camille.verify_email("camille.leroy@lenord.fr", smtp.last_code)
    assert copy.COLLECTIVITE_HINT.format(nom="Département du Nord", code="DEP59") in camille.text
    await camille.tap(copy.COLLECTIVITE_YES)
    assert "Merci, Camille ! Votre livret est créé." in camille.text

    forged = mail_bot.agent(next(_user_ids), "Eve")
    await forged.send("/start c-AAAA%27--")
    assert copy.COLLECTIVITE_LINK_UNKNOWN in forged.text
    assert copy.PRIVACY in forged.text
    mail_bot.check_transport([camille, forged])


@in_module_loop
async def test_a_second_telegram_account_recovers_the_livret(
    mail_bot: LivretBot, smtp: mailbox.SmtpServer
) -> None:
    old_phone = mail_bot.agent(next(_user_ids), "Anne")
    email = "anne.petit@mairie-exemple.fr"
    await old_phone.onboard("Anne", "Petit", email, smtp.last_code)
    await old_phone.add_diplome("Licence de droit", "Niveau 6", None, "2012")

    new_phone = mail_bot.agent(next(_user_ids), "Anne")
    await new_phone.begin("Anne", "Petit")
    await new_phone.send(email)
    await new_phone.send(smtp.last_code(email))

    assert "vous le retrouvez ici" in new_phone.text
    assert "✅ Diplômes et titres · 1" in new_phone.labels
    # The old chat is told, and detached.
    assert old_phone.last.text == copy.DETACHED
    await old_phone.send("/menu")
    assert copy.PRIVACY in old_phone.text
    assert "Licence de droit" not in old_phone.text

    await new_phone.open("Diplômes et titres")
    assert "Licence de droit (2012)" in " ".join(new_phone.labels)
    mail_bot.check_transport([old_phone, new_phone])


def test_activation_in_the_terminal_with_the_code_from_the_e_mail(
    smtp: mailbox.SmtpServer, tmp_path: Path
) -> None:
    import_registry(tmp_path)
    settings = {k: str(v) for k, v in smtp.settings().items()}
    email = "bruno.durand@mairie-exemple.fr"
    first = chat(tmp_path, ["J'accepte", "Bruno", "Durand", email], "bruno", **settings)
    assert first.returncode == 0, first.stderr
    assert copy.CODE_SENT.format(email=email) in first.stdout
    # Sent by SMTP: nothing in the outbox folder, and no path printed.
    assert not (tmp_path / "data" / "outbox").exists()
    assert "📧" not in first.stdout.replace("📧 Je viens", "")

    code = smtp.last_code(email)
    second = chat(tmp_path, [code, "cdg44"], "bruno", **settings)
    assert second.returncode == 0, second.stderr
    assert copy.RESUME_SIGNUP in second.stdout
    assert "Votre identifiant de livret : LIF-" in second.stdout
    assert "Merci, Bruno ! Votre livret est créé." in second.stdout


def test_without_smtp_the_terminal_says_where_the_e_mail_is(tmp_path: Path) -> None:
    import_registry(tmp_path)
    email = "lea@mairie-exemple.fr"
    # ``--start`` carries what a t.me link would: here the code collectivité.
    lines = ["J'accepte", "Léa", "Roux", email]
    done = livret(tmp_path, "chat", "--agent", "lea", "--start", "c-CDG44", lines=lines)
    assert done.returncode == 0, done.stderr
    [line] = [x for x in done.stdout.splitlines() if "l'e-mail a été déposé dans" in x]
    path = Path(line.rpartition(" ")[2].rstrip(")"))
    assert path.exists() and path.suffix == ".eml"
    mail = mailbox.parse(path.read_bytes())
    assert mail["To"] == email

    linked = chat(tmp_path, [mailbox.code_in(mail), "Oui"], "lea")
    assert linked.returncode == 0, linked.stderr
    hint = copy.COLLECTIVITE_HINT.format(
        nom="Centre de gestion de la Loire-Atlantique", code="CDG44"
    )
    assert hint in linked.stdout
    assert "Merci, Léa ! Votre livret est créé." in linked.stdout
