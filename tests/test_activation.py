"""Activation through the engine, with a clock the test moves: the e-mail code's rules
(tries, expiry, resends), resuming, the code collectivité and its links, the agents of an
earlier version, recovery from another account, and changes made later in "Mon compte".

E-mails go to the outbox folder and are read back from it, as the agent reads them.
"""

import sqlite3
from pathlib import Path

import pytest

from bot.config import Settings
from bot.mail import OutboxMailer, SmtpMailer
from dialogs import copy
from dialogs.engine import Engine
from livret.entries import Diplome, Identite
from livret.identifiant import PATTERN
from storage import Database, DialogRecord
from tests import mailbox
from tests.chat import Clock, EngineChat, email_of

EMAIL = "anne.dupont@mairie-exemple.fr"


async def at_email(chat: EngineChat, start: str = "/start") -> None:
    """Anne has accepted and given her names: the e-mail question is on screen."""
    await chat.send(start)
    await chat.tap("J'accepte")
    await chat.send("Anne")
    await chat.send("Dupont")
    assert "Quelle est votre adresse e-mail professionnelle ?" in chat.text


@pytest.fixture
async def waiting(engine: Engine) -> EngineChat:
    """Anne has given her address: a code is on its way."""
    anne = EngineChat(engine, "anne")
    await at_email(anne)
    await anne.send(EMAIL)
    return anne


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# ---- the e-mail and its code -------------------------------------------------------------


async def test_the_code_arrives_by_e_mail_in_text_and_html(waiting: EngineChat) -> None:
    [mail] = mailbox.to(mailbox.outbox(waiting.outbox), EMAIL)
    code = mailbox.code_in(mail)
    assert mail["Subject"] == "Votre code de vérification Livret"
    assert code not in mail["Subject"]
    assert "Bonjour Anne," in mailbox.body(mail)
    assert "valable 15 minutes" in mailbox.body(mail)
    assert code in mailbox.body(mail, "html")
    assert copy.CODE_SENT.format(email=EMAIL) in waiting.text
    assert waiting.labels == [copy.RESEND, copy.OTHER_EMAIL]


async def test_the_code_is_stored_only_hashed(waiting: EngineChat, tmp_path: Path) -> None:
    code = waiting.last_code(EMAIL)
    with sqlite3.connect(tmp_path / "livret.sqlite3") as conn:
        stored = conn.execute("SELECT code_hash FROM email_codes").fetchall()
        dump = "\n".join(conn.iterdump())
    assert len(stored) == 1 and code not in stored[0][0]
    assert code not in dump


async def test_the_right_code_gives_an_identifiant_in_the_chat_and_by_e_mail(
    waiting: EngineChat,
) -> None:
    await waiting.send(waiting.last_code(EMAIL))

    assert copy.EMAIL_VERIFIED.format(email=EMAIL) in waiting.text
    identifiant = next(word for word in waiting.text.split() if word.startswith("LIF-"))
    assert PATTERN.fullmatch(identifiant), identifiant
    second = mailbox.to(mailbox.outbox(waiting.outbox), EMAIL)[-1]
    assert second["Subject"] == f"Votre identifiant Livret : {identifiant}"
    assert identifiant in mailbox.body(second, "html")
    assert "qui est votre employeur ?" in waiting.text


async def test_a_code_typed_with_spaces_is_taken(waiting: EngineChat) -> None:
    code = waiting.last_code(EMAIL)
    await waiting.send(f" {code[:3]} {code[3:]} ")
    assert copy.EMAIL_VERIFIED.format(email=EMAIL) in waiting.text


async def test_a_malformed_address_is_refused_and_asked_again(engine: Engine) -> None:
    anne = EngineChat(engine, "anne")
    await at_email(anne)
    for typed in ("anne.dupont", "anne@", "anne dupont@mairie.fr", "@mairie.fr", "x" * 300):
        await anne.send(typed)
        assert "Quelle est votre adresse e-mail professionnelle ?" in anne.text, typed
        assert "n'est pas une adresse e-mail valide" in anne.text or (
            copy.EMAIL_TOO_LONG in anne.text
        ), typed
    assert mailbox.outbox(anne.outbox) == []
    await anne.send("Anne.Dupont@Mairie-Exemple.FR")
    assert copy.CODE_SENT.format(email=EMAIL) in anne.text


async def test_not_a_code_counts_no_try(waiting: EngineChat) -> None:
    for typed in ("abc", "12345", "1234567", "bonjour"):
        await waiting.send(typed)
        assert waiting.text == copy.CODE_SHAPE
    await waiting.send(waiting.last_code(EMAIL))
    assert copy.EMAIL_VERIFIED.format(email=EMAIL) in waiting.text


async def test_five_wrong_tries_then_a_new_code_is_needed(
    waiting: EngineChat, clock: Clock
) -> None:
    code = waiting.last_code(EMAIL)
    said = []
    for _ in range(5):
        await waiting.send(wrong(code))
        said.append(waiting.text)
    assert said == [
        copy.CODE_WRONG.format(left=4),
        copy.CODE_WRONG.format(left=3),
        copy.CODE_WRONG.format(left=2),
        copy.CODE_WRONG_ONE,
        copy.CODE_NO_MORE_TRIES,
    ]
    # Even the right code is refused now.
    await waiting.send(code)
    assert waiting.text == copy.CODE_USED_UP

    clock.advance(seconds=61)
    await waiting.tap(copy.RESEND)
    fresh = waiting.last_code(EMAIL)
    await waiting.send(fresh)
    assert copy.EMAIL_VERIFIED.format(email=EMAIL) in waiting.text


async def test_a_code_expires_after_15_minutes(waiting: EngineChat, clock: Clock) -> None:
    code = waiting.last_code(EMAIL)
    clock.advance(minutes=15)
    await waiting.send(code)
    assert waiting.text == copy.CODE_EXPIRED

    await waiting.tap(copy.RESEND)
    assert copy.CODE_SENT.format(email=EMAIL) in waiting.text
    await waiting.send(waiting.last_code(EMAIL))
    assert copy.EMAIL_VERIFIED.format(email=EMAIL) in waiting.text


async def test_a_code_typed_just_in_time_is_taken(waiting: EngineChat, clock: Clock) -> None:
    clock.advance(minutes=14, seconds=59)
    await waiting.send(waiting.last_code(EMAIL))
    assert copy.EMAIL_VERIFIED.format(email=EMAIL) in waiting.text


async def test_resend_waits_a_minute(waiting: EngineChat, clock: Clock) -> None:
    clock.advance(seconds=20)
    await waiting.tap(copy.RESEND)
    assert waiting.text.startswith(copy.RESEND_WAIT.format(seconds=40))
    assert copy.CODE_WAITING.format(email=EMAIL) in waiting.text
    assert len(mailbox.outbox(waiting.outbox)) == 1

    clock.advance(seconds=40)
    await waiting.tap(copy.RESEND)
    assert copy.CODE_SENT.format(email=EMAIL) in waiting.text
    assert len(mailbox.outbox(waiting.outbox)) == 2


async def test_the_latest_code_replaces_the_earlier_one(waiting: EngineChat, clock: Clock) -> None:
    first = waiting.last_code(EMAIL)
    clock.advance(seconds=60)
    await waiting.tap(copy.RESEND)
    second = waiting.last_code(EMAIL)
    if first != second:
        await waiting.send(first)
        assert waiting.text == copy.CODE_WRONG.format(left=4)
    await waiting.send(second)
    assert copy.EMAIL_VERIFIED.format(email=EMAIL) in waiting.text


async def test_at_most_five_codes_an_hour(waiting: EngineChat, clock: Clock) -> None:
    for _ in range(4):
        clock.advance(seconds=61)
        await waiting.tap(copy.RESEND)
        assert copy.CODE_SENT.format(email=EMAIL) in waiting.text
    clock.advance(seconds=61)
    await waiting.tap(copy.RESEND)
    # The first code went at 9:00 UTC, 10:00 in Paris: a sixth is possible an hour later.
    assert waiting.text.startswith(copy.RESEND_LIMIT.format(time="11h00"))
    assert len(mailbox.outbox(waiting.outbox)) == 5
    # The last code sent is still good meanwhile.
    await waiting.send(waiting.last_code(EMAIL))
    assert copy.EMAIL_VERIFIED.format(email=EMAIL) in waiting.text


async def test_the_limit_lifts_after_an_hour(waiting: EngineChat, clock: Clock) -> None:
    for _ in range(4):
        clock.advance(seconds=61)
        await waiting.tap(copy.RESEND)
    clock.advance(minutes=60)
    await waiting.tap(copy.RESEND)
    assert copy.CODE_SENT.format(email=EMAIL) in waiting.text


async def test_an_address_typed_on_the_code_screen_replaces_the_first(
    waiting: EngineChat, clock: Clock
) -> None:
    clock.advance(seconds=61)
    await waiting.send("anne.dupont@ville-exemple.fr")
    assert copy.CODE_SENT.format(email="anne.dupont@ville-exemple.fr") in waiting.text
    await waiting.send(waiting.last_code("anne.dupont@ville-exemple.fr"))
    assert copy.EMAIL_VERIFIED.format(email="anne.dupont@ville-exemple.fr") in waiting.text


async def test_another_address_too_soon_keeps_the_first_code_typable(
    waiting: EngineChat, clock: Clock
) -> None:
    first = waiting.last_code(EMAIL)
    await waiting.tap(copy.OTHER_EMAIL)
    assert copy.ASK_EMAIL in waiting.text
    await waiting.send("anne@ville-exemple.fr")
    assert copy.RESEND_WAIT.format(seconds=60) in waiting.text
    assert copy.CODE_WAITING.format(email=EMAIL) in waiting.text
    clock.advance(seconds=60)
    await waiting.send("anne@ville-exemple.fr")
    assert copy.CODE_SENT.format(email="anne@ville-exemple.fr") in waiting.text
    assert first


async def test_a_code_typed_back_on_the_address_question_is_taken(waiting: EngineChat) -> None:
    await waiting.tap(copy.OTHER_EMAIL)
    await waiting.send(waiting.last_code(EMAIL))
    assert copy.EMAIL_VERIFIED.format(email=EMAIL) in waiting.text


async def test_full_width_digits_are_the_same_code(waiting: EngineChat) -> None:
    code = waiting.last_code(EMAIL)
    wide = "".join(chr(0xFF10 + int(d)) for d in code)
    await waiting.send(wide)
    assert copy.EMAIL_VERIFIED.format(email=EMAIL) in waiting.text


async def test_an_address_gets_at_most_five_codes_an_hour_whatever_the_account(
    engine: Engine, clock: Clock
) -> None:
    for name in ("eve1", "eve2", "eve3", "eve4", "eve5", "eve6"):
        eve = EngineChat(engine, name)
        await at_email(eve)
        await eve.send("victime@mairie-exemple.fr")
        clock.advance(seconds=61)
    assert eve.text.startswith(copy.RESEND_LIMIT.format(time="11h00"))
    assert len(mailbox.to(mailbox.outbox(eve.outbox), "victime@mairie-exemple.fr")) == 5


async def test_a_mail_server_down_is_said_and_the_resend_is_not_held_back(
    db: Database, tmp_path: Path
) -> None:
    # A real SMTP client against a port where nothing listens.
    down = Settings(smtp_host="127.0.0.1", smtp_port=mailbox.free_port(), smtp_security="none")
    anne = EngineChat(Engine(db, SmtpMailer(down), files=tmp_path / "livrets"), "anne")
    await at_email(anne)
    await anne.send(EMAIL)
    assert copy.MAIL_FAILED.format(email=EMAIL) in anne.text
    await anne.send("123456")
    assert anne.text == copy.MAIL_FAILED.format(email=EMAIL)

    # The server is back: a resend goes at once (the failed one does not count).
    anne.engine.mailer = OutboxMailer(tmp_path / "outbox")
    await anne.tap(copy.RESEND)
    assert copy.CODE_SENT.format(email=EMAIL) in anne.text
    await anne.send(anne.last_code(EMAIL))
    assert copy.EMAIL_VERIFIED.format(email=EMAIL) in anne.text


# ---- resuming ------------------------------------------------------------------------------


async def test_start_in_the_middle_resumes_each_step(engine: Engine) -> None:
    anne = EngineChat(engine, "anne")
    await anne.send("/start")
    await anne.send("/start")
    assert copy.PRIVACY in anne.text
    await anne.tap("J'accepte")
    await anne.send("Anne")
    await anne.send("/start")
    assert copy.RESUME_SIGNUP in anne.text
    assert "(2/2) Quel est votre nom ?" in anne.text
    await anne.send("Dupont")
    await anne.send("/start")
    assert "Quelle est votre adresse e-mail professionnelle ?" in anne.text
    await anne.send(EMAIL)
    await anne.send("/start")
    assert copy.CODE_WAITING.format(email=EMAIL) in anne.text
    await anne.send(anne.last_code(EMAIL))
    await anne.send("/menu")
    assert copy.ONBOARDING_FIRST in anne.text
    assert "qui est votre employeur ?" in anne.text
    await anne.send("/start")
    assert "qui est votre employeur ?" in anne.text
    await anne.send(mailbox.COLLECTIVITE)
    assert "Merci, Anne ! Votre livret est créé." in anne.text
    # The prénom and nom were asked once, the e-mail verified once.
    assert len(mailbox.to(mailbox.outbox(anne.outbox), EMAIL)) == 2


async def test_text_before_accepting_shows_the_notice_again(engine: Engine) -> None:
    anne = EngineChat(engine, "anne")
    await anne.send("/start")
    await anne.send("Anne")
    assert anne.text.startswith(copy.PRIVACY_FIRST)
    assert anne.labels == [copy.PRIVACY_ACCEPT]
    await anne.send_other()
    assert anne.labels == [copy.PRIVACY_ACCEPT]


async def test_accepting_twice_is_a_stale_button(engine: Engine) -> None:
    anne = EngineChat(engine, "anne")
    await anne.send("/start")
    notice = anne.screen
    await anne.tap("J'accepte", notice)
    await anne.tap("J'accepte", notice)
    assert anne.text == copy.STALE_BUTTON
    await anne.send("Anne")
    assert "(2/2) Quel est votre nom ?" in anne.text


# ---- the code collectivité --------------------------------------------------------------------


@pytest.fixture
async def verified(waiting: EngineChat) -> EngineChat:
    await waiting.send(waiting.last_code(EMAIL))
    return waiting


async def test_an_unknown_name_or_code_then_a_code_collectivite(verified: EngineChat) -> None:
    await verified.send("Mairie de Zzyxqwv !")
    assert copy.COLLECTIVITE_NOT_FOUND.format(text="Mairie de Zzyxqwv !") in verified.text
    assert copy.COLLECTIVITE_UNKNOWN_ONE in verified.labels
    await verified.send("COM99999")
    assert copy.COLLECTIVITE_NOT_FOUND.format(text="COM99999") in verified.text
    await verified.send(" com 69123 ")
    assert "✅ Collectivité : Ville de Lyon." in verified.text
    assert "Votre livret est créé" in verified.text


async def verified_after(engine: Engine, start: str, anne: EngineChat | None = None) -> EngineChat:
    """Anne opened the bot with ``start`` and has verified her address."""
    anne = anne or EngineChat(engine, "anne")
    await at_email(anne, start)
    await anne.send(EMAIL)
    await anne.send(anne.last_code(EMAIL))
    return anne


async def test_a_link_offers_its_collectivite(engine: Engine) -> None:
    anne = await verified_after(engine, "/start c-CDG44")
    assert (
        copy.COLLECTIVITE_HINT.format(nom="Centre de gestion de la Loire-Atlantique", code="CDG44")
        in anne.text
    )
    await anne.tap(copy.COLLECTIVITE_YES)
    assert "✅ Collectivité : Centre de gestion de la Loire-Atlantique." in anne.text


async def test_the_agent_may_type_another_code_than_the_link_s(engine: Engine) -> None:
    anne = await verified_after(engine, "/start c-CDG44")
    await anne.tap(copy.COLLECTIVITE_OTHER)
    assert copy.ASK_COLLECTIVITE in anne.text
    await anne.send("DEP59")
    assert "✅ Collectivité : Département du Nord." in anne.text


async def test_a_forged_link_is_told_and_changes_nothing(engine: Engine) -> None:
    anne = EngineChat(engine, "anne")
    for forged in ("c-NOPE0000", "c-<script>", "c-" + "9" * 80, "c-"):
        await anne.send(f"/start {forged}")
        assert copy.COLLECTIVITE_LINK_UNKNOWN in anne.text, forged
    await anne.send("/start s-whatever")
    assert copy.COLLECTIVITE_LINK_UNKNOWN not in anne.text
    # No collectivité was kept from the forged links.
    await verified_after(engine, "/start", anne)
    assert copy.ASK_COLLECTIVITE in anne.text


async def test_an_empty_database_knows_the_built_in_registry(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "empty.sqlite3")
    try:
        engine = Engine(db, OutboxMailer(tmp_path / "outbox"), files=tmp_path / "livrets")
        anne = EngineChat(engine, "anne")
        await at_email(anne)
        await anne.send(EMAIL)
        await anne.send(anne.last_code(EMAIL))
        await anne.send("mairie de lyon")
        assert anne.labels[0] == "Commune de Lyon (Rhône, 69)"
        await anne.tap("Commune de Lyon (Rhône, 69)")
        assert "✅ Collectivité : Commune de Lyon." in anne.text
        assert "Merci, Anne ! Votre livret est créé." in anne.text
        async with db.transaction() as tx:
            agent = await tx.find_agent("test", "anne")
            # Its SIREN is the code the account holds.
            assert (await tx.account(agent)).collectivite.code == "216901231"
    finally:
        await db.close()


# ---- agents of an earlier version -------------------------------------------------------------


async def test_an_agent_of_an_earlier_version_goes_through_the_missing_steps_once(
    db: Database, engine: Engine
) -> None:
    # As version 1 left them: a fiche d'identité, a diplôme, a draft, on the menu.
    async with db.transaction() as tx:
        agent = await tx.create_agent("test", "anne", "anne")
        ident = {"prenom": "Anne", "nom": "Dupont", "collectivite": "Mairie de Lyon"}
        await tx.add_entry(agent, "identite", Identite.model_validate(ident))
        await tx.add_entry(
            agent,
            "diplomes",
            Diplome.model_validate(
                {"intitule": "BTS Assistant de gestion", "date_obtention": "2010"}
            ),
        )
        old = {
            "seq": 7,
            "screen": "menu",
            "onboarded": True,
            "draft": {"rubrique": "tutorat", "data": {"role": "tuteur"}},
        }
        await tx.save_dialog_state(DialogRecord(agent, old, ["anne:0"]))
    anne = EngineChat(engine, "anne")

    await anne.send("/menu")
    assert copy.UPGRADED in anne.text
    assert anne.labels == [copy.PRIVACY_ACCEPT]
    await anne.tap("J'accepte")
    # Her names are known: straight to the e-mail.
    assert copy.ASK_EMAIL in anne.text
    await anne.send(EMAIL)
    await anne.send(anne.last_code(EMAIL))
    await anne.send(mailbox.COLLECTIVITE)
    assert "Votre livret est créé" in anne.text
    # Her situation lacks: asked, passable at once.
    await anne.tap(copy.ROUND_LATER)
    assert "✅ Diplômes et titres · 1" in anne.labels
    await anne.tap("Identité et situation · à compléter")
    # Her own words stay: the registry's name does not overwrite them.
    assert "• Collectivité : Mairie de Lyon" in anne.text

    await anne.send("/start")
    assert "Bon retour, Anne !" in anne.text
    assert copy.PRIVACY not in anne.text


# ---- recovery from another account --------------------------------------------------------------


async def test_a_new_account_proving_the_same_address_recovers_the_livret(
    engine: Engine, anne: EngineChat
) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS Assistant de gestion")
    await anne.send("2010")
    await anne.tap("Enregistrer")
    identifiant = await identifiant_of(anne)

    phone = EngineChat(engine, "anne-new-phone")
    await phone.send("/start")
    await phone.tap("J'accepte")
    await phone.send("Anne")
    await phone.send("Dupont")
    await phone.send(email_of("anne"))
    await phone.send(phone.last_code(email_of("anne")))

    assert copy.RECOVERED.format(identifiant=identifiant) in phone.text
    told = [r for r in phone.replies if r.to is not None]
    assert [(r.to.chat_id, r.text) for r in told if r.to] == [("anne", copy.DETACHED)]
    assert "✅ Diplômes et titres · 1" in phone.labels
    assert "Anne DUPONT" in phone.text

    # The old account is detached: it starts a new, empty livret.
    await anne.send("/start")
    assert copy.PRIVACY in anne.text
    assert "Bon retour" not in anne.text


async def identifiant_of(chat: EngineChat) -> str:
    await chat.send("/menu")
    await chat.tap(copy.MENU_ACCOUNT)
    line = next(line for line in chat.text.splitlines() if "Identifiant" in line)
    return line.rpartition(" ")[2]


async def test_an_old_account_with_answers_cannot_take_another_livret_s_address(
    db: Database, engine: Engine, anne: EngineChat
) -> None:
    async with db.transaction() as tx:
        agent = await tx.create_agent("test", "bob", "bob")
        await tx.add_entry(agent, "identite", Identite(prenom="Bob", nom="Martin"))
        await tx.add_entry(
            agent, "diplomes", Diplome.model_validate({"intitule": "CAP", "date_obtention": "2001"})
        )
    bob = EngineChat(engine, "bob")
    await bob.send("/start")
    await bob.tap("J'accepte")
    await bob.send(email_of("anne"))
    await bob.send(bob.last_code(email_of("anne")))
    assert copy.EMAIL_TAKEN_KEEP in bob.text
    assert copy.ASK_EMAIL in bob.text
    await anne.send("/menu")
    assert "Anne DUPONT" in anne.text


# ---- my account ----------------------------------------------------------------------------


async def test_the_account_shows_identifiant_e_mail_and_collectivite(anne: EngineChat) -> None:
    await anne.tap(copy.MENU_ACCOUNT)
    assert "• Identifiant : LIF-" in anne.text
    assert f"• Adresse e-mail : {email_of('anne')}" in anne.text
    assert "• Collectivité : Ville de Lyon (COM69123)" in anne.text
    assert anne.labels == [
        copy.CHANGE_EMAIL,
        copy.CHANGE_COLLECTIVITE,
        copy.ACCOUNT_MY_DATA,
        copy.ACCOUNT_ERASE,
        copy.BACK_MENU,
    ]


async def test_the_e_mail_can_be_changed_with_a_new_verification(
    anne: EngineChat, clock: Clock
) -> None:
    clock.advance(minutes=5)
    await anne.tap(copy.MENU_ACCOUNT)
    await anne.tap(copy.CHANGE_EMAIL)
    assert copy.ASK_NEW_EMAIL in anne.text
    await anne.send(email_of("anne"))
    assert copy.EMAIL_SAME in anne.text
    await anne.tap(copy.CHANGE_EMAIL)
    await anne.send("anne@nouvelle-mairie.fr")
    await anne.send(anne.last_code("anne@nouvelle-mairie.fr"))
    assert copy.EMAIL_CHANGED.format(email="anne@nouvelle-mairie.fr") in anne.text
    assert "• Adresse e-mail : anne@nouvelle-mairie.fr" in anne.text
    [notice] = [
        m
        for m in mailbox.to(mailbox.outbox(anne.outbox), email_of("anne"))
        if m["Subject"] == copy.MAIL_CHANGED_SUBJECT
    ]
    assert "anne@nouvelle-mairie.fr" in mailbox.body(notice)


async def test_changing_to_another_livret_s_address_is_refused(
    engine: Engine, anne: EngineChat, clock: Clock
) -> None:
    bob = EngineChat(engine, "bob")
    await bob.onboard("Bob", "Martin")
    clock.advance(minutes=5)
    await anne.tap(copy.MENU_ACCOUNT)
    await anne.tap(copy.CHANGE_EMAIL)
    await anne.send(email_of("bob"))
    await anne.send(anne.last_code(email_of("bob")))
    assert copy.EMAIL_TAKEN.format(email=email_of("anne")) in anne.text
    assert f"• Adresse e-mail : {email_of('anne')}" in anne.text


async def test_a_change_of_e_mail_can_be_abandoned(anne: EngineChat, clock: Clock) -> None:
    clock.advance(minutes=5)
    await anne.tap(copy.MENU_ACCOUNT)
    await anne.tap(copy.CHANGE_EMAIL)
    await anne.tap(copy.BACK)
    assert "👤 Mon compte" in anne.text
    await anne.tap(copy.CHANGE_EMAIL)
    await anne.send("anne@nouvelle-mairie.fr")
    await anne.send("/annuler")
    assert copy.ACCOUNT_CHANGE_CANCELLED in anne.text
    # The code screen is gone: a code typed now is not taken as one.
    await anne.send(anne.last_code("anne@nouvelle-mairie.fr"))
    assert anne.text == copy.NO_TEXT_HERE


async def test_the_collectivite_can_be_changed(anne: EngineChat) -> None:
    await anne.tap(copy.MENU_ACCOUNT)
    await anne.tap(copy.CHANGE_COLLECTIVITE)
    assert copy.ASK_NEW_COLLECTIVITE in anne.text
    await anne.send("ZZZ999")
    assert copy.COLLECTIVITE_NOT_FOUND.format(text="ZZZ999") in anne.text
    await anne.send("REG84")
    assert "• Collectivité : Région Auvergne-Rhône-Alpes (REG84)" in anne.text
    await anne.send("/menu")
    await anne.tap("Identité et situation")
    # It held the registry's name: it follows the change.
    assert "• Collectivité : Région Auvergne-Rhône-Alpes" in anne.text


async def test_a_link_to_another_collectivite_offers_the_change(anne: EngineChat) -> None:
    await anne.send("/start c-COM69123")
    assert copy.COLLECTIVITE_LINK_SAME.format(nom="Ville de Lyon") in anne.text
    assert "Choisissez une rubrique" in anne.text
    await anne.send("/start c-DEP59")
    assert copy.COLLECTIVITE_HINT.format(nom="Département du Nord", code="DEP59") in anne.text
    await anne.tap(copy.BACK)
    assert "• Collectivité : Ville de Lyon (COM69123)" in anne.text


async def test_menu_buttons_before_activation_open_nothing(engine: Engine) -> None:
    anne = EngineChat(engine, "anne")
    await at_email(anne)
    for data in ("g|m", "g|acct", "g|doc", "g|r:diplomes", "g|e:1"):
        await anne.tap_data(data)
        assert copy.ONBOARDING_FIRST in anne.text, data
        assert copy.ASK_EMAIL in anne.text, data


# ---- found in review ------------------------------------------------------------------------


async def legacy_agent(db: Database, name: str, **fiche: str) -> int:
    """An agent as version 1 left them: a fiche d'identité, a diplôme draft half written."""
    async with db.transaction() as tx:
        agent = await tx.create_agent("test", name, name)
        ident = Identite.model_validate({"prenom": "Léo", "nom": "Marchand", **fiche})
        await tx.add_entry(agent, "identite", ident)
        old = {
            "seq": 3,
            "screen": "ask",
            "onboarded": True,
            "draft": {"rubrique": "diplomes", "data": {"intitule": "Doctorat"}, "field": "niveau"},
        }
        await tx.save_dialog_state(DialogRecord(agent, old, []))
    return agent


async def test_an_earlier_version_s_screen_acts_on_nothing_before_activation(
    db: Database, engine: Engine
) -> None:
    agent = await legacy_agent(db, "leo")
    leo = EngineChat(engine, "leo")
    # A button of the diplôme's questions, still on the phone (seq 3), opens nothing.
    await leo.tap_data("3|skip")
    assert copy.ONBOARDING_FIRST in leo.text and copy.UPGRADED in leo.text
    await leo.send("Master")
    assert copy.PRIVACY_FIRST in leo.text
    async with db.transaction() as tx:
        assert await tx.entries(agent, "diplomes") == []
        assert not (await tx.account(agent)).privacy_accepted
    await leo.tap("J'accepte")
    await leo.send("leo@mairie-exemple.fr")
    await leo.send(leo.last_code("leo@mairie-exemple.fr"))
    await leo.send(mailbox.COLLECTIVITE)
    await leo.tap(copy.ROUND_LATER)
    # The draft was kept: offered once the menu opens.
    assert "▶ Reprendre la saisie : un diplôme" in leo.labels


@pytest.mark.parametrize("what", ["a draft", "a filled fiche"], ids=["draft", "fiche"])
async def test_an_account_with_answers_is_not_dropped_by_a_recovery(
    db: Database, engine: Engine, anne: EngineChat, clock: Clock, what: str
) -> None:
    fiche = {"poste": "Jardinier"} if what == "a filled fiche" else {}
    agent = await legacy_agent(db, "leo", **fiche)
    if what == "a filled fiche":
        async with db.transaction() as tx:
            await tx.save_dialog_state(DialogRecord(agent, {"screen": "menu"}, []))
    clock.advance(minutes=2)
    leo = EngineChat(engine, "leo")
    await leo.send("/start")
    await leo.tap("J'accepte")
    await leo.send(email_of("anne"))
    await leo.send(leo.last_code(email_of("anne")))
    assert copy.EMAIL_TAKEN_KEEP in leo.text
    async with db.transaction() as tx:
        assert await tx.agent_exists(agent)


async def test_a_link_s_collectivite_is_offered_once(anne: EngineChat) -> None:
    await anne.send("/start c-CDG44")
    assert "CDG44" in anne.text
    await anne.send("/menu")
    await anne.send("/start")
    assert "CDG44" not in anne.text
    assert "Bon retour, Anne !" in anne.text
    await anne.send("/start c-CDG44")
    await anne.send("/start c-NOPE1")
    assert copy.COLLECTIVITE_LINK_UNKNOWN in anne.text
    assert "CDG44" not in anne.text


async def test_oui_typed_takes_the_link_s_collectivite(engine: Engine) -> None:
    anne = await verified_after(engine, "/start c-CDG44")
    await anne.send("ZZZ999")
    assert copy.COLLECTIVITE_NOT_FOUND.format(text="ZZZ999") in anne.text
    # The link's offer stays after a wrong code.
    assert "CDG44" in anne.text
    await anne.send("Oui")
    assert "✅ Collectivité : Centre de gestion de la Loire-Atlantique." in anne.text
