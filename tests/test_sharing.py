"""Sharing through the engine: choosing (nothing ticked at the start), the preview, the
extract that holds exactly what was chosen (Word and PDF read back), links for a manager
(snapshot, expiry, revocation, openings, forged tokens), and the extract by e-mail.
E-mails go to the outbox folder; the clock is the test's."""

import re
from pathlib import Path

import pytest

from bot.mail import OutboxMailer
from dialogs import copy
from dialogs.engine import Engine
from dialogs.messages import EditionRequest, Incoming, Outgoing
from livret.entries import Competence, Diplome, FormationSuivie, Identite
from storage import Database
from tests import mailbox
from tests.chat import Clock, EngineChat, engine_on, share_diplomes
from tests.samples import pdf_text, soffice_or_skip, word_text

SHOWN = "BTS Assistant de gestion"
HIDDEN = "Licence secrète de sociologie"
FORMATION = "Formation confidentielle Excel"
COMPETENCE = "Rédaction de marchés publics"
BIRTH = "1980"


@pytest.fixture
async def engine(db: Database, tmp_path: Path) -> Engine:
    made = await engine_on(db, tmp_path)
    made.outreach.bot_username = "LivretBot"
    return made


async def agent_id(db: Database, name: str) -> int:
    async with db.transaction() as tx:
        found = await tx.find_agent("test", name)
    assert found is not None
    return found


@pytest.fixture
async def anne(engine: Engine, db: Database) -> EngineChat:
    """Anne's livret: two diplômes, a formation, a compétence linked to the formation and
    to the shown diplôme; her fiche gives a birth date and a poste."""
    chat = EngineChat(engine, "anne")
    await chat.onboard()
    me = await agent_id(db, "anne")
    async with db.transaction() as tx:
        [fiche] = await tx.entries(me, "identite")
        assert isinstance(fiche.data, Identite)
        data = fiche.data.model_dump(mode="json")
        filled = Identite.model_validate(
            data | {"date_naissance": BIRTH, "poste": "Gestionnaire marchés"}
        )
        await tx.update_entry(me, fiche.id, filled)
        shown = await tx.add_entry(
            me, "diplomes", Diplome.model_validate({"intitule": SHOWN, "date_obtention": "2010"})
        )
        await tx.add_entry(
            me, "diplomes", Diplome.model_validate({"intitule": HIDDEN, "date_obtention": "2014"})
        )
        formation = await tx.add_entry(
            me,
            "formations_suivies",
            FormationSuivie.model_validate(
                {"intitule": FORMATION, "date_debut": "2021", "duree": "3 jour"}
            ),
        )
        await tx.add_entry(
            me,
            "competences",
            Competence.model_validate(
                {"intitule": COMPETENCE, "formations": [formation], "diplomes": [shown]}
            ),
        )
    await chat.send("/menu")
    return chat


async def choose(anne: EngineChat) -> None:
    """Anne ticks the BTS, the compétence and her poste; not the rest."""
    await anne.tap(copy.MENU_SHARE)
    await anne.tap("Diplômes et titres")
    await anne.tap(SHOWN)
    await anne.tap(copy.SHARE_DONE_PICKING)
    await anne.tap("Compétences")
    await anne.tap(copy.SHARE_CHECK_ALL)
    await anne.tap(copy.SHARE_DONE_PICKING)
    await anne.tap("Identité et situation")
    await anne.tap("Poste")
    await anne.tap(copy.SHARE_DONE_PICKING)


async def extract_in_chat(
    engine: Engine, anne: EngineChat, button: str
) -> tuple[EditionRequest, list[Outgoing]]:
    """Anne chooses, previews and asks for the extract here: the request, what it made."""
    await choose(anne)
    await anne.tap(copy.SHARE_PREVIEW)
    await anne.tap(button)
    [pending] = [r.pending for r in anne.replies if r.pending]
    return pending, await engine.fulfil(pending)


def documents(replies: list[Outgoing]) -> list[Path]:
    return [r.document for r in replies if r.document is not None]


async def make_link(anne: EngineChat, note: str | None = "Pour l'entretien annuel") -> str:
    await choose(anne)
    await anne.tap(copy.SHARE_PREVIEW)
    await anne.tap(copy.SHARE_LINK)
    await anne.tap("30 jours")
    await (anne.send(note) if note else anne.tap(copy.SHARE_NO_NOTE))
    found = re.search(r"https://t\.me/LivretBot\?start=(s-[\w-]+)", anne.text)
    assert found, anne.text
    return found[1]


# ---- choosing and the preview ---------------------------------------------------------------


async def test_nothing_is_ticked_at_the_start(anne: EngineChat) -> None:
    await anne.tap(copy.MENU_SHARE)
    assert copy.SHARE_NOTHING_YET in anne.text
    assert "☐ Diplômes et titres · 0/2" in anne.labels
    assert "☐ Identité et situation · 0/7" in anne.labels
    # Rubriques with nothing in them are not offered.
    assert not [label for label in anne.labels if "Tutorat" in label]


async def test_a_share_with_nothing_chosen_is_refused(anne: EngineChat) -> None:
    await anne.tap(copy.MENU_SHARE)
    await anne.tap(copy.SHARE_PREVIEW)
    assert anne.text.startswith(copy.SHARE_NOTHING_CHOSEN)
    assert copy.SHARE_PREVIEW in anne.labels


async def test_counts_show_what_is_ticked(anne: EngineChat) -> None:
    await choose(anne)
    assert copy.SHARE_COUNT.format(count=3) in anne.text
    assert "◐ Diplômes et titres · 1/2" in anne.labels
    assert "☑ Compétences · 1/1" in anne.labels
    assert "◐ Identité et situation · 1/7" in anne.labels


async def test_the_preview_lists_exactly_what_is_chosen(anne: EngineChat) -> None:
    await choose(anne)
    await anne.tap(copy.SHARE_PREVIEW)
    assert "• Identité : Anne DUPONT · Poste : Gestionnaire marchés" in anne.text
    assert f"  • {SHOWN} (2010)" in anne.text
    assert f"  • {COMPETENCE}" in anne.text
    for hidden in (HIDDEN, FORMATION, "Date de naissance", "Formations suivies"):
        assert hidden not in anne.text


async def test_a_whole_rubrique_is_ticked_and_unticked_at_once(anne: EngineChat) -> None:
    await anne.tap(copy.MENU_SHARE)
    await anne.tap("Diplômes et titres")
    await anne.tap(copy.SHARE_CHECK_ALL)
    assert anne.replies[-1].replace
    # Most recent first.
    assert [label for label in anne.labels if label.startswith("☑ ") and "(" in label] == [
        f"☑ {HIDDEN} (2014)",
        f"☑ {SHOWN} (2010)",
    ]
    await anne.tap(copy.SHARE_UNCHECK_ALL)
    assert not [label for label in anne.labels if label.startswith("☑ ") and "(" in label]


async def test_a_second_tap_on_the_same_box_is_a_stale_button(anne: EngineChat) -> None:
    await anne.tap(copy.MENU_SHARE)
    await anne.tap("Diplômes et titres")
    boxes = anne.screen
    await anne.tap(SHOWN, boxes)
    await anne.tap(SHOWN, boxes)
    assert anne.text == copy.STALE_BUTTON
    await anne.tap(copy.SHARE_DONE_PICKING)
    assert "◐ Diplômes et titres · 1/2" in anne.labels


async def test_another_agent_s_entry_cannot_be_ticked(engine: Engine, anne: EngineChat) -> None:
    await anne.tap(copy.MENU_SHARE)
    await anne.tap("Diplômes et titres")
    seq = anne.button(copy.SHARE_DONE_PICKING).partition("|")[0]
    await anne.tap_data(f"{seq}|t:999999")
    assert anne.text == copy.UNKNOWN_BUTTON


async def test_annuler_leaves_the_share_and_sends_nothing(anne: EngineChat) -> None:
    await choose(anne)
    await anne.tap(copy.SHARE_PREVIEW)
    await anne.tap(copy.SHARE_LINK)
    await anne.send("/annuler")
    assert copy.SHARE_CANCELLED in anne.text
    await anne.send("/partages")
    assert copy.SHARES_NONE in anne.text


# ---- the extract holds every chosen item and nothing else ------------------------------------


async def test_the_word_extract_holds_the_selection_and_nothing_else(
    engine: Engine, anne: EngineChat
) -> None:
    _, made = await extract_in_chat(engine, anne, copy.SHARE_GET_DOCX)
    [path] = documents(made)
    assert path.name == "Extrait-DUPONT-Anne-2026-11-28.docx"
    text = word_text(path.read_bytes())
    assert "Extrait du livret individuel de formation" in text
    assert "Extrait choisi par l'agent, tel qu'il était le 28 novembre 2026" in text
    for shown in ("Anne DUPONT", SHOWN, COMPETENCE, "Gestionnaire marchés"):
        assert shown in text
    for hidden in (HIDDEN, FORMATION, BIRTH, "Date de naissance", "Ville de Lyon", "LIF-"):
        assert hidden not in text, hidden
    # The compétence's link to the shown diplôme stays; the one to the formation is cut.
    assert f"Diplômes : {SHOWN} (2010)" in text


async def test_the_pdf_extract_holds_the_selection_and_nothing_else(
    engine: Engine, anne: EngineChat
) -> None:
    soffice_or_skip()
    _, replies = await extract_in_chat(engine, anne, copy.SHARE_GET_PDF)
    [path] = documents(replies)
    assert replies[-1].text == copy.SHARE_READY
    text = pdf_text(path.read_bytes())
    for shown in ("Anne DUPONT", SHOWN, COMPETENCE, "Gestionnaire marchés"):
        assert shown in text
    for hidden in (HIDDEN, FORMATION, BIRTH, "Date de naissance"):
        assert hidden not in text, hidden


# ---- a link for a manager ---------------------------------------------------------------------


async def test_a_manager_opens_the_link_and_gets_note_and_extract(
    engine: Engine, anne: EngineChat
) -> None:
    start = await make_link(anne)
    assert "jusqu'au 28/12/2026" in anne.text
    boss = EngineChat(engine, "boss")

    replies = await boss.send(f"/start {start}")

    assert "Anne DUPONT vous transmet un extrait" in boss.text
    assert "Son message : « Pour l'entretien annuel »" in boss.text
    [pending] = [r.pending for r in replies if r.pending]
    [path] = documents(await engine.fulfil(pending))
    text = word_text(path.read_bytes()) if path.suffix == ".docx" else pdf_text(path.read_bytes())
    assert SHOWN in text and HIDDEN not in text
    # The manager needs no account: none was made for them.
    async with engine.db.transaction() as tx:
        assert await tx.find_agent("test", "boss") is None


async def test_openings_are_counted_for_the_agent(
    engine: Engine, anne: EngineChat, clock: Clock
) -> None:
    start = await make_link(anne, None)
    boss = EngineChat(engine, "boss")
    for _ in range(3):
        clock.advance(hours=1)
        await boss.send(f"/start {start}")
    await anne.send("/partages")
    assert "1. 🔗 lien du 28/11" in anne.text
    assert "ouvert 3 fois (dernière fois le 28/11/2026 à 13h00)" in anne.text
    # Who opened it, and when.
    await anne.tap("n°1")
    assert "• ouvert le 28/11/2026 à 13h00 par boss" in anne.text
    assert anne.text.count("par boss") == 3


async def test_a_share_is_a_snapshot(engine: Engine, anne: EngineChat, db: Database) -> None:
    start = await make_link(anne)
    me = await agent_id(db, "anne")
    async with db.transaction() as tx:
        [first, _] = await tx.entries(me, "diplomes")
        renamed = Diplome.model_validate(
            first.data.model_dump(mode="json") | {"intitule": "BTS renommé après coup"}
        )
        await tx.update_entry(me, first.id, renamed)
    boss = EngineChat(engine, "boss")
    replies = await boss.send(f"/start {start}")
    [pending] = [r.pending for r in replies if r.pending]
    [path] = documents(await engine.fulfil(pending))
    text = word_text(path.read_bytes()) if path.suffix == ".docx" else pdf_text(path.read_bytes())
    assert SHOWN in text
    assert "renommé" not in text


async def test_an_expired_link_shows_nothing(
    engine: Engine, anne: EngineChat, clock: Clock
) -> None:
    start = await make_link(anne)
    # Valid all through its last day, 28/12, in Paris.
    clock.advance(days=30, hours=13)  # 23:00 in Paris on 28/12
    boss = EngineChat(engine, "boss")
    await boss.send(f"/start {start}")
    assert "Anne DUPONT vous transmet un extrait" in boss.text
    clock.advance(hours=1)
    replies = await boss.send(f"/start {start}")
    assert boss.text == copy.SHARE_INVALID
    assert [r.pending for r in replies] == [None]
    await anne.send("/partages")
    assert "expiré le 28/12/2026" in anne.text
    assert not [label for label in anne.labels if label.startswith("n°")]


async def test_a_revoked_link_shows_nothing(engine: Engine, anne: EngineChat) -> None:
    start = await make_link(anne)
    await anne.send("/partages")
    await anne.tap("n°1")
    assert "« Pour l'entretien annuel »" in anne.text
    old = anne.screen
    await anne.tap(copy.SHARE_REVOKE)
    assert copy.SHARE_REVOKED in anne.text
    assert "retiré le 28/11/2026" in anne.text
    # Revoking twice, from the old message.
    await anne.tap(copy.SHARE_REVOKE, old)
    assert copy.SHARE_ALREADY_REVOKED in anne.text

    boss = EngineChat(engine, "boss")
    await boss.send(f"/start {start}")
    assert boss.text == copy.SHARE_INVALID


async def test_forged_and_truncated_tokens_are_refused(engine: Engine, anne: EngineChat) -> None:
    start = await make_link(anne)
    boss = EngineChat(engine, "boss")
    for forged in (start[:-1], start + "x", "s-", "s-" + "A" * 32, "s-../../etc", start.upper()):
        replies = await boss.send(f"/start {forged}")
        assert boss.text == copy.SHARE_INVALID, forged
        assert [r.pending for r in replies] == [None]
    await anne.send("/partages")
    assert copy.SHARE_NEVER_OPENED in anne.text


async def test_tokens_fit_telegram_and_are_stored_only_hashed(
    anne: EngineChat, tmp_path: Path
) -> None:
    start = await make_link(anne)
    assert len(start) <= 64 and re.fullmatch(r"[A-Za-z0-9_-]+", start)
    token = start.removeprefix("s-")
    assert len(token) >= 22  # at least 128 bits in base 64
    import sqlite3

    with sqlite3.connect(tmp_path / "livret.sqlite3") as conn:
        dump = "\n".join(conn.iterdump())
    assert token not in dump


async def test_another_agent_cannot_revoke_the_share(engine: Engine, anne: EngineChat) -> None:
    start = await make_link(anne)
    await anne.send("/partages")
    await anne.tap("n°1")
    revoke, notify = anne.button(copy.SHARE_REVOKE), anne.button(copy.SHARE_NOTIFY_ON)
    bob = EngineChat(engine, "bob")
    await bob.onboard("Bob", "Martin")
    for data in (revoke, notify, revoke.replace("rv:", "sh:")):
        await bob.tap_data(data)
        assert bob.text == copy.SHARE_UNKNOWN
    boss = EngineChat(engine, "boss")
    await boss.send(f"/start {start}")
    assert "Anne DUPONT vous transmet un extrait" in boss.text


async def test_the_agent_can_be_told_when_the_link_is_opened(
    engine: Engine, anne: EngineChat
) -> None:
    start = await make_link(anne)
    await anne.tap(copy.SHARE_NOTIFY_ON)
    assert copy.SHARE_NOTIFY_SET in anne.text
    boss = EngineChat(engine, "boss")
    replies = await boss.send(f"/start {start}")
    told = [r for r in replies if r.to is not None]
    assert [(r.to.chat_id, r.text) for r in told if r.to] == [
        (
            "anne",
            "🔔 Votre extrait (🔗 lien du 28/11 « Pour l'entretien annuel ») vient d'être ouvert.",
        )
    ]


async def test_a_note_too_long_is_asked_again(anne: EngineChat) -> None:
    await choose(anne)
    await anne.tap(copy.SHARE_PREVIEW)
    await anne.tap(copy.SHARE_LINK)
    await anne.tap("7 jours")
    await anne.send("x" * 501)
    assert copy.SHARE_NOTE_TOO_LONG.format(length=501, limit=500) in anne.text
    await anne.send("Court.")
    assert "jusqu'au 05/12/2026" in anne.text


# ---- by e-mail --------------------------------------------------------------------------------


async def test_the_extract_by_e_mail(engine: Engine, anne: EngineChat) -> None:
    await choose(anne)
    await anne.tap(copy.SHARE_PREVIEW)
    await anne.tap(copy.SHARE_EMAIL)
    await anne.send("pas une adresse")
    assert "n'est pas une adresse e-mail valide" in anne.text
    await anne.send("Marie.Chef@Mairie-Exemple.fr")
    await anne.tap("90 jours")
    await anne.send("Bonne lecture")
    [pending] = [r.pending for r in anne.replies if r.pending]

    replies = await engine.fulfil(pending)

    assert copy.SHARE_EMAIL_SENT.format(
        email="marie.chef@mairie-exemple.fr", until="26/02/2027"
    ) in "\n".join(r.text for r in replies)
    [mail] = mailbox.to(mailbox.outbox(anne.outbox), "marie.chef@mairie-exemple.fr")
    assert mail["Subject"] == "Anne DUPONT vous transmet un extrait de son livret de formation"
    body = mailbox.body(mail)
    assert "Son message : « Bonne lecture »" in body
    assert "jusqu'au 26/02/2027" in body
    assert re.search(r"https://t\.me/LivretBot\?start=s-[\w-]+", body)
    [attached] = list(mail.iter_attachments())
    data = attached.get_content()
    name = attached.get_filename()
    assert name in ("Extrait-DUPONT-Anne-2026-11-28.pdf", "Extrait-DUPONT-Anne-2026-11-28.docx")
    text = pdf_text(data) if name.endswith(".pdf") else word_text(data)
    assert SHOWN in text and HIDDEN not in text

    await anne.send("/partages")
    assert "✉️ marie.chef@mairie-exemple.fr" in anne.text


async def test_many_shares_fit_one_message(anne: EngineChat, db: Database, clock: Clock) -> None:
    me = await agent_id(db, "anne")
    async with db.transaction() as tx:
        for n in range(40):  # more than a phone shows, fewer than Telegram's 100 buttons
            await tx.add_share(
                me, "link", {}, token_hash=f"h{n}", expires_at=clock.now.replace(year=2027)
            )
    await anne.send("/partages")
    assert len(anne.labels) <= 100
    assert len([label for label in anne.labels if label.startswith("n°")]) == 40
    assert all(len(b.data.encode()) <= 64 for r in anne.replies for row in r.buttons for b in row)


# ---- found in review ------------------------------------------------------------------------


async def test_the_birth_date_can_be_shared(anne: EngineChat) -> None:
    await anne.tap(copy.MENU_SHARE)
    await anne.tap("Identité et situation")
    await anne.tap("Date de naissance")
    await anne.tap(copy.SHARE_DONE_PICKING)
    await anne.tap(copy.SHARE_PREVIEW)
    assert "• Identité : Anne DUPONT · Date de naissance : 1980" in anne.text


async def test_two_extracts_made_at_once_never_share_a_file(
    engine: Engine, anne: EngineChat
) -> None:
    first = await make_link(anne)
    second = await share_diplomes(anne, days="7 jours")
    asked = []
    for name, start in (("boss1", first), ("boss2", second)):
        replies = await EngineChat(engine, name).send(f"/start {start}")
        asked += [r.pending for r in replies if r.pending]
    made = [documents(await engine.fulfil(request)) for request in asked]
    [one], [two] = made
    assert one != two
    text = pdf_text(one.read_bytes()) if one.suffix == ".pdf" else word_text(one.read_bytes())
    assert HIDDEN not in text


async def test_a_redelivered_opening_counts_once(engine: Engine, anne: EngineChat) -> None:
    start = await make_link(anne)
    update = Incoming(
        channel="test",
        external_id="boss",
        chat_id="boss",
        kind="command",
        text="start",
        args=start,
        update_key="boss:1",
    )
    assert await engine.handle(update)
    assert await engine.handle(update) == []
    await anne.send("/partages")
    assert "ouvert 1 fois" in anne.text


async def test_the_manager_s_file_is_named_for_them(engine: Engine, anne: EngineChat) -> None:
    start = await make_link(anne)
    replies = await EngineChat(engine, "boss").send(f"/start {start}")
    [pending] = [r.pending for r in replies if r.pending]
    made = await engine.fulfil(pending)
    assert [r.text for r in made] == ["Extrait du livret — Anne DUPONT"]


async def test_after_sending_there_is_nothing_to_cancel(anne: EngineChat) -> None:
    await make_link(anne)
    await anne.send("/annuler")
    assert copy.NOTHING_TO_CANCEL in anne.text
    await anne.send("encore un mot")
    assert anne.text == copy.NO_TEXT_HERE


async def test_no_notification_for_a_share_no_longer_open(anne: EngineChat) -> None:
    await make_link(anne)
    ready = anne.screen
    await anne.send("/partages")
    await anne.tap("n°1")
    await anne.tap(copy.SHARE_REVOKE)
    await anne.tap(copy.SHARE_NOTIFY_ON, ready)
    assert copy.SHARE_CLOSED in anne.text


async def test_without_the_bot_s_name_no_link_is_made(engine: Engine, anne: EngineChat) -> None:
    engine.outreach.bot_username = ""
    await choose(anne)
    await anne.tap(copy.SHARE_PREVIEW)
    # Not offered, said plainly, no setting named (issue 18, point 9).
    assert copy.SHARE_LINK not in anne.labels and copy.SHARE_EMAIL not in anne.labels
    assert copy.SHARE_NO_BOT in anne.text and "LIVRET_" not in anne.text
    assert copy.SHARE_GET_PDF in anne.labels
    # A link's button from before (forged or old) still makes none.
    seq = anne.button(copy.SHARE_GET_PDF).partition("|")[0]
    await anne.tap_data(f"{seq}|how:link")
    assert copy.SHARE_NO_BOT in anne.text
    await anne.send("/partages")
    assert copy.SHARES_NONE in anne.text


async def test_a_file_where_a_note_is_expected_asks_again(anne: EngineChat) -> None:
    await choose(anne)
    await anne.tap(copy.SHARE_PREVIEW)
    await anne.tap(copy.SHARE_EMAIL)
    await anne.send_other("file")
    assert anne.text.startswith(copy.TEXT_EXPECTED)
    assert copy.SHARE_ASK_EMAIL in anne.text
    await anne.send("chef@mairie.fr")
    await anne.tap("30 jours")
    await anne.send_other()
    assert anne.text.startswith(copy.TEXT_EXPECTED)
    assert "Un mot pour votre responsable ?" in anne.text


async def test_the_extract_just_received_in_the_other_format(
    engine: Engine, anne: EngineChat
) -> None:
    pending, made = await extract_in_chat(engine, anne, copy.SHARE_GET_DOCX)
    other = made[-1].buttons[0][0]
    assert other.label == copy.SHARE_GET_PDF
    replies = await anne.tap_data(other.data)
    [again] = [r.pending for r in replies if r.pending]
    assert again.formats == ("pdf",) and again.share_id == pending.share_id
    bob = EngineChat(engine, "bob")
    await bob.onboard("Bob", "Martin")
    await bob.tap_data(other.data)
    assert bob.text == copy.SHARE_UNKNOWN


async def test_leaving_for_the_menu_starts_the_next_share_from_nothing(
    anne: EngineChat,
) -> None:
    await choose(anne)
    await anne.send("/menu")
    await anne.tap(copy.MENU_SHARE)
    assert copy.SHARE_NOTHING_YET in anne.text


async def test_the_list_tells_an_e_mail_that_did_not_go_from_one_sent(
    engine: Engine, anne: EngineChat, tmp_path: Path
) -> None:
    """The share is recorded in the turn, its e-mail sent after it: until the mail server
    took it, and if it refused it, the list does not say it went."""
    for address in ("marie@mairie-exemple.fr", "paul@mairie-exemple.fr"):
        await anne.send("/menu")
        await choose(anne)
        await anne.tap(copy.SHARE_PREVIEW)
        await anne.tap(copy.SHARE_EMAIL)
        await anne.send(address)
        await anne.tap("30 jours")
        await anne.tap(copy.SHARE_NO_NOTE)
    marie, paul = [r.pending for r in anne.history if r.pending and r.pending.audience == "email"]
    # A crash before the e-mail went: nothing says it went.
    await anne.send("/partages")
    assert f"✉️ paul@mairie-exemple.fr {copy.SHARE_MAIL_PENDING}" in anne.text
    assert f"✉️ marie@mairie-exemple.fr {copy.SHARE_MAIL_PENDING}" in anne.text

    await engine.fulfil(marie)
    # A mail folder that cannot be written: the e-mail does not go.
    engine.mailer = OutboxMailer(tmp_path / "not-a-folder" / "outbox")
    (tmp_path / "not-a-folder").write_text("a file where the folder should be")
    replies = await engine.fulfil(paul)
    assert copy.SHARE_EMAIL_FAILED.format(email="paul@mairie-exemple.fr") in replies[0].text

    await anne.send("/partages")
    assert f"✉️ paul@mairie-exemple.fr {copy.SHARE_MAIL_FAILED}" in anne.text
    assert "✉️ marie@mairie-exemple.fr" in anne.text
    assert f"marie@mairie-exemple.fr {copy.SHARE_MAIL_PENDING}" not in anne.text


# ---- sending on what was received, and what each share holds (issue 18, point 9) ----------


async def test_the_extract_received_is_sent_on_as_a_link_without_ticking_again(
    engine: Engine, anne: EngineChat
) -> None:
    _, made = await extract_in_chat(engine, anne, copy.SHARE_GET_DOCX)
    labels = [b.label for row in made[-1].buttons for b in row]
    assert labels == [copy.SHARE_GET_PDF, copy.SHARE_LINK, copy.SHARE_EMAIL, copy.BACK_MENU]
    # She went elsewhere meanwhile: the link still holds what she received.
    await anne.send("/menu")
    [link_button] = [b for row in made[-1].buttons for b in row if b.label == copy.SHARE_LINK]
    await anne.tap_data(link_button.data)
    assert copy.SHARE_DAYS in anne.text
    await anne.tap("30 jours")
    await anne.tap(copy.SHARE_NO_NOTE)
    boss = EngineChat(engine, "boss")
    start = re.search(r"https://t\.me/LivretBot\?start=(s-[\w-]+)", anne.text)
    assert start
    [pending] = [r.pending for r in await boss.send(f"/start {start[1]}") if r.pending]
    [path] = documents(await engine.fulfil(pending))
    text = word_text(path.read_bytes()) if path.suffix == ".docx" else pdf_text(path.read_bytes())
    for shown in (SHOWN, COMPETENCE, "Gestionnaire marchés"):
        assert shown in text
    for hidden in (HIDDEN, FORMATION, BIRTH):
        assert hidden not in text
    # Another agent's button sends nothing of hers.
    bob = EngineChat(engine, "bob")
    await bob.onboard("Bob", "Martin")
    await bob.tap_data(link_button.data)
    assert bob.text == copy.SHARE_UNKNOWN


async def test_my_shares_say_what_each_holds(engine: Engine, anne: EngineChat) -> None:
    await make_link(anne)
    await anne.send("/partages")
    assert (
        "Contient : Identité et situation (poste) · Diplômes et titres (1) · Compétences (1)"
        in anne.text
    )
    await anne.tap("n°1")
    assert f"• Diplômes et titres : {SHOWN} (2010)" in anne.text
    assert f"• Compétences : {COMPETENCE}" in anne.text
    assert HIDDEN not in anne.text


async def test_no_e_mail_offered_where_e_mails_cannot_arrive(
    engine: Engine, anne: EngineChat
) -> None:
    engine.outreach.mail_arrives = False
    await choose(anne)
    await anne.tap(copy.SHARE_PREVIEW)
    assert copy.SHARE_LINK in anne.labels and copy.SHARE_EMAIL not in anne.labels
    assert copy.SHARE_NO_MAIL in anne.text
    seq = anne.button(copy.SHARE_LINK).partition("|")[0]
    await anne.tap_data(f"{seq}|how:email")
    assert copy.SHARE_NO_MAIL in anne.text and copy.SHARE_ASK_EMAIL not in anne.text
