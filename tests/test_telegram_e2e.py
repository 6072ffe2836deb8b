"""End-to-end: the real Telegram Application, polling a local fake Bot API, driven by agents.

The bot built by ``bot.telegram_app.build_application`` runs on a SQLite file for the whole
module (starting PTB costs more than most conversations here); each test talks to it as new
people on Telegram, so no test sees another's livret. The assertions are on what people see:
message texts, button labels and the notices shown for taps.
"""

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path

import pytest
import pytest_asyncio

from dialogs import copy
from tests.e2e import Agent, LivretBot, fits, sent_callback_data, wait_for
from tests.fakebotapi import FakeBotAPI

pytestmark = pytest.mark.asyncio(loop_scope="module")

_user_ids = itertools.count(1001)

NewAgent = Callable[[str], Agent]


def recent_years() -> list[str]:
    """The one-tap answers of a date question: this year and the four before."""
    this_year = date.today().year
    return [str(year) for year in range(this_year, this_year - 5, -1)]


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def bot(
    fake: FakeBotAPI, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LivretBot]:
    data_dir: Path = tmp_path_factory.mktemp("livret")
    harness = LivretBot(fake, data_dir)
    await harness.start()
    yield harness
    await harness.stop()


@pytest_asyncio.fixture(loop_scope="module")
async def new_agent(bot: LivretBot) -> AsyncIterator[NewAgent]:
    """Makes people who never talked to the bot; checks the transport rules for them after."""
    if not bot.running:  # a test stopped it and failed before starting it again
        await bot.start()
    made: list[Agent] = []

    def make(first_name: str = "Anne") -> Agent:
        agent = bot.agent(next(_user_ids), first_name)
        made.append(agent)
        return agent

    yield make
    bot.check_transport(made)


@pytest_asyncio.fixture(loop_scope="module")
async def anne(new_agent: NewAgent) -> Agent:
    """Anne has started the bot and sees her menu."""
    agent = new_agent("Anne")
    await agent.onboard("Anne", "Dupont")
    return agent


# ---- first contact ---------------------------------------------------------------------


async def test_start_welcomes_asks_names_and_shows_the_menu(
    bot: LivretBot, new_agent: NewAgent
) -> None:
    anne = new_agent("Anne")

    await anne.send("/start")
    assert copy.WELCOME in anne.text
    assert anne.labels == ["✅ J'accepte"]

    await anne.tap("J'accepte")
    assert "Quel est votre prénom ?" in anne.text

    await anne.send("Anne")
    assert "Quel est votre nom ?" in anne.text

    await anne.send("Dupont")
    assert "Quelle est votre adresse e-mail professionnelle ?" in anne.text
    await anne.verify_email("anne.dupont@mairie-exemple.fr")
    assert "qui est votre employeur ?" in anne.text

    await anne.send("COM69123")
    assert "Merci, Anne ! Votre livret est créé." in anne.text
    [*_, menu] = await anne.tap("Plus tard")
    assert menu.text is not None
    assert "Livret individuel de formation — Anne DUPONT" in menu.text
    assert "Progression : ░░░░░░░░░░ 0/12 rubriques" in menu.text
    labels = menu.button_labels()
    assert "🟨 Identité et situation · à compléter" in labels
    for title in (
        "Diplômes et titres",
        "Certifications professionnelles",
        "Formations suivies",
        "Formations dispensées",
        "Bilans de compétences et VAE",
        "Tutorat",
        "Emplois tenus",
        "Compétences",
        "Concours et examens",
        "Activités extra-professionnelles",
        "Projet professionnel",
    ):
        assert f"⬜ {title}" in labels, labels

    commands = {c["command"] for c in bot.fake.commands}
    assert {"menu", "aide", "annuler", "partages", "rappels", "mesdonnees", "supprimer"} <= commands


async def test_start_again_greets_back_with_the_menu(anne: Agent) -> None:
    await anne.send("/start")
    assert "Bon retour, Anne !" in anne.text
    assert "Choisissez une rubrique" in anne.text
    assert "Quel est votre prénom ?" not in anne.text


# ---- filling rubriques -----------------------------------------------------------------


async def test_add_a_diplome_and_a_formation_with_a_blank_optional_field(anne: Agent) -> None:
    await anne.open("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    # Only the required fields are asked, and counted.
    assert "(1/2) Quel est l'intitulé du diplôme ou du titre ?" in anne.text
    await anne.send("BTS Assistant de gestion")
    assert "(2/2) Quand l'avez-vous obtenu ?" in anne.text
    assert anne.labels == recent_years()
    [summary] = await anne.send("06/2010")
    assert summary.text is not None
    assert "Vérifiez ce diplôme avant de l'enregistrer" in summary.text
    assert "• Intitulé : BTS Assistant de gestion" in summary.text
    assert "• Date d'obtention : juin 2010" in summary.text
    # The blank optional fields are offered, not listed as "—".
    assert "• Niveau" not in summary.text
    assert "• Établissement" not in summary.text
    assert "Facultatif, à compléter si vous le souhaitez : niveau · établissement." in summary.text
    assert [[label for label, _ in row] for row in summary.buttons] == [
        ["✅ Enregistrer"],
        ["➕ Niveau", "➕ Établissement"],
        ["✏️ Modifier une réponse"],
        ["✖ Annuler"],
    ]

    await anne.tap("➕ Niveau")
    assert "Quel est son niveau ?" in anne.text
    assert "Niveau 5 (Bac+2 : BTS, DUT, DEUST)" in anne.labels
    assert "⬅ Retour" in anne.labels
    assert "Passer ⏭" not in anne.labels
    [summary] = await anne.tap("Niveau 5 (Bac+2 : BTS, DUT, DEUST)")
    assert summary.text is not None
    assert "• Niveau : Niveau 5 (Bac+2 : BTS, DUT, DEUST)" in summary.text
    assert "Facultatif, à compléter si vous le souhaitez : établissement." in summary.text
    assert summary.button_labels() == [
        "✅ Enregistrer",
        "➕ Établissement",
        "✏️ Modifier une réponse",
        "✖ Annuler",
    ]

    # The établissement is left blank.
    await anne.tap("Enregistrer")
    assert "✅ Enregistré : BTS Assistant de gestion (juin 2010)." in anne.text
    assert "1. BTS Assistant de gestion (juin 2010)" in anne.labels

    await anne.open("Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    await anne.send("Marchés publics")
    await anne.send("mars 2021")
    assert "(3/3) Quelle a été la durée de la formation ?" in anne.text
    assert anne.labels == ["½ jour", "1 jour", "2 jours", "3 jours", "5 jours", "7 h"]
    [summary] = await anne.tap("3 jours")
    # No question for the optional fields: the summary at once.
    assert summary.text is not None
    assert "Vérifiez cette formation suivie avant de l'enregistrer" in summary.text
    assert "• Organisme" not in summary.text
    assert (
        "Facultatif, à compléter si vous le souhaitez : "
        "fin · catégorie · organisme · niveau · au titre du CPF."
    ) in summary.text
    await anne.tap("➕ Catégorie")
    assert "Dans quel cadre l'avez-vous suivie ?" in anne.text
    await anne.tap("Perfectionnement")
    await anne.tap("➕ Niveau")
    assert "Quel en était le niveau ?" in anne.text
    assert anne.labels == [
        "Initiation",
        "Perfectionnement",
        "Expertise",
        "✏️ Autre (préciser)",
        "⬅ Retour",
    ]
    # Typing still works beside the proposals.
    await anne.send("initiation")
    await anne.tap("➕ Au titre du CPF")
    assert "compte personnel de formation" in anne.text
    assert {"Oui", "Non"} <= set(anne.labels)
    [summary] = await anne.tap("Non")
    assert summary.text is not None
    assert "• Intitulé : Marchés publics" in summary.text
    assert "• Date : mars 2021" in summary.text
    assert "• Durée : 3 jours" in summary.text
    assert "• Catégorie : Perfectionnement" in summary.text
    assert "• Niveau : initiation" in summary.text
    assert "• Au titre du CPF : Non" in summary.text
    # The organisme and the end are left blank: still offered.
    assert "• Organisme" not in summary.text
    assert "Facultatif, à compléter si vous le souhaitez : fin · organisme." in summary.text
    assert {"➕ Fin", "➕ Organisme"} <= set(summary.button_labels())
    await anne.tap("Enregistrer")
    assert "✅ Enregistré : Marchés publics (mars 2021)." in anne.text

    await anne.send("/menu")
    assert "✅ Diplômes et titres · 1" in anne.labels
    assert "✅ Formations suivies · 1" in anne.labels
    assert "Progression : ▓▓░░░░░░░░ 3/12 rubriques" in anne.text


async def test_change_one_field_of_a_saved_diplome(anne: Agent) -> None:
    await anne.add_diplome("BTS Assistant de gestion", etablissement=None)
    [card] = await anne.tap("1. BTS Assistant de gestion")
    assert card.text is not None
    # The blank établissement is offered below the card's actions, not listed.
    assert "• Établissement" not in card.text
    assert "Facultatif, à compléter si vous le souhaitez : établissement." in card.text
    assert [label for label, _ in card.buttons[0]] == ["✏️ Modifier", "📄 Dupliquer", "🗑 Supprimer"]
    assert [label for label, _ in card.buttons[1]] == ["➕ Établissement"]
    assert "➕ Ajouter une compétence" in card.button_labels()

    await anne.tap("✏️ Modifier")
    assert "Quelle réponse voulez-vous changer ?" in anne.text
    # Every field, the blank ones too.
    assert anne.labels[:4] == ["Intitulé", "Niveau", "Établissement", "Date d'obtention"]
    await anne.tap("Établissement")
    assert "Quel établissement l'a délivré ?" in anne.text
    await anne.send("Lycée Jean Moulin, Lyon")
    assert "✅ Modifié." in anne.text
    assert "• Établissement : Lycée Jean Moulin, Lyon" in anne.text
    assert "Facultatif" not in anne.text
    assert "➕ Établissement" not in anne.labels
    # The other answers are kept.
    assert "• Intitulé : BTS Assistant de gestion" in anne.text
    assert "• Date d'obtention : juin 2010" in anne.text

    await anne.tap("✏️ Modifier")
    await anne.tap("Date d'obtention")
    assert "Réponse actuelle : juin 2010" in anne.text
    assert anne.labels[:5] == recent_years()
    await anne.send("2011")
    assert "• Date d'obtention : 2011" in anne.text

    await anne.open("Diplômes et titres")
    assert anne.listed == ["1. BTS Assistant de gestion (2011)"]


async def test_delete_an_entry_after_confirmation(anne: Agent) -> None:
    await anne.add_diplome("BTS Assistant de gestion")
    await anne.add_diplome("Baccalauréat STT", niveau="Niveau 4", obtention="2008")
    assert len(anne.listed) == 2

    await anne.tap("Baccalauréat STT")
    await anne.tap("🗑 Supprimer")
    assert "Supprimer « Baccalauréat STT (2008) » ? Cette action est définitive." in anne.text
    await anne.tap("Non, garder")
    assert "• Intitulé : Baccalauréat STT" in anne.text

    await anne.tap("🗑 Supprimer")
    await anne.tap("🗑 Oui, supprimer")
    assert "🗑 Entrée supprimée : « Baccalauréat STT (2008) »." in anne.text
    assert anne.listed == ["1. BTS Assistant de gestion (juin 2010)"]

    await anne.send("/menu")
    assert "✅ Diplômes et titres · 1" in anne.labels


async def test_competence_linked_to_a_diplome_and_a_formation(anne: Agent) -> None:
    await anne.add_diplome("BTS Assistant de gestion")
    await anne.add_formation("Marchés publics", "mars 2021")

    await anne.open("Compétences")
    await anne.tap("Ajouter une compétence")
    # Only its intitulé is asked; its links are ticked on its card.
    assert anne.text.startswith("Quelle compétence voulez-vous ajouter ?"), anne.text
    [summary] = await anne.send("Commande publique")
    assert summary.text is not None
    assert "Vérifiez cette compétence" in summary.text
    assert "Touchez ce qui s'y rattache pour le cocher." in summary.text
    assert "☐ Marchés publics (mars 2021)" in summary.button_labels()
    assert "☐ BTS Assistant de gestion (juin 2010)" in summary.button_labels()
    # No emploi yet: nothing to tick nor to complete for the emplois.
    assert not any("Emplois" in label for label in summary.button_labels())
    assert "• Formations" not in summary.text

    before = len(anne.messages())
    [edited] = await anne.tap("☐ Marchés publics (mars 2021)")
    # The toggle edits the card in place: same message, now ticked, nothing new sent.
    assert edited.message_id == summary.message_id
    assert edited.edited
    assert "☑ Marchés publics (mars 2021)" in edited.button_labels()
    assert "☐ Marchés publics (mars 2021)" not in edited.button_labels()
    assert "• Formations : Marchés publics (mars 2021)" in (edited.text or "")
    assert len(anne.messages()) == before
    # A second tap unticks it, a third ticks it again.
    [edited] = await anne.tap("☑ Marchés publics (mars 2021)")
    assert "☐ Marchés publics (mars 2021)" in edited.button_labels()
    assert "• Formations" not in (edited.text or "")
    [edited] = await anne.tap("☐ Marchés publics (mars 2021)")
    assert "☑ Marchés publics (mars 2021)" in edited.button_labels()
    [edited] = await anne.tap("☐ BTS Assistant de gestion (juin 2010)")
    assert edited.message_id == summary.message_id
    assert "☑ BTS Assistant de gestion (juin 2010)" in edited.button_labels()
    assert len(anne.messages()) == before
    assert "• Formations : Marchés publics (mars 2021)" in anne.text
    assert "• Diplômes : BTS Assistant de gestion (juin 2010)" in anne.text

    # The links question is still there, by "Modifier une réponse": ticked as on the card.
    await anne.tap("✏️ Modifier une réponse")
    await anne.tap("Formations")
    assert "Quelles formations vous l'ont apportée ?" in anne.text
    [question] = anne.replies
    assert "☑ Marchés publics (mars 2021)" in question.button_labels()
    assert "✅ Valider" in question.button_labels()
    [edited] = await anne.tap("☑ Marchés publics (mars 2021)")
    assert edited.message_id == question.message_id
    assert "☐ Marchés publics (mars 2021)" in edited.button_labels()
    [edited] = await anne.tap("☐ Marchés publics (mars 2021)")
    assert "☑ Marchés publics (mars 2021)" in edited.button_labels()
    await anne.tap("Valider")
    assert "Vérifiez cette compétence" in anne.text
    assert "• Formations : Marchés publics (mars 2021)" in anne.text
    assert "• Diplômes : BTS Assistant de gestion (juin 2010)" in anne.text

    await anne.tap("Enregistrer")
    await anne.tap("1. Commande publique")
    assert "• Formations : Marchés publics (mars 2021)" in anne.text
    assert "• Diplômes : BTS Assistant de gestion (juin 2010)" in anne.text

    # And the diplôme knows the compétence it attests.
    await anne.open("Diplômes et titres")
    await anne.tap("1. BTS Assistant de gestion")
    assert "Compétences associées : Commande publique" in anne.text


# ---- restart -----------------------------------------------------------------------------


async def test_restart_in_the_middle_of_an_entry_resumes_it(bot: LivretBot, anne: Agent) -> None:
    await anne.open("Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    await anne.send("Accueil du public")
    await anne.send("12/03/2021")
    assert "Quelle a été la durée de la formation ?" in anne.text

    # The server restarts: a new Application on the same database file.
    await bot.restart()

    await anne.send("/start")
    assert "Bon retour, Anne !" in anne.text
    assert "Vous aviez commencé à saisir une formation suivie" in anne.text
    assert "2 réponses" in anne.text
    assert "▶ Reprendre" in anne.labels

    await anne.tap("▶ Reprendre")
    assert "On reprend là où vous en étiez." in anne.text
    assert "(3/3) Quelle a été la durée de la formation ?" in anne.text
    assert "Quel est l'intitulé" not in anne.text

    # The last required answer: the summary follows, the optional fields left blank.
    await anne.send("21 h")
    assert "Vérifiez cette formation suivie" in anne.text
    assert "Passer ⏭" not in anne.labels
    assert "• Intitulé : Accueil du public" in anne.text
    assert "• Date : 12 mars 2021" in anne.text
    assert "• Durée : 21 h" in anne.text
    await anne.tap("Enregistrer")
    assert "✅ Enregistré : Accueil du public (12 mars 2021)." in anne.text

    await anne.tap("1. Accueil du public")
    assert "• Intitulé : Accueil du public" in anne.text
    assert "• Date : 12 mars 2021" in anne.text
    assert "• Durée : 21 h" in anne.text


async def test_restart_keeps_the_livret(bot: LivretBot, anne: Agent) -> None:
    await anne.add_diplome("BTS Assistant de gestion")
    await bot.restart()
    await anne.send("/menu")
    assert "Livret individuel de formation — Anne DUPONT" in anne.text
    assert "✅ Diplômes et titres · 1" in anne.labels


# ---- old and repeated buttons ------------------------------------------------------------


async def test_a_button_of_an_old_message_says_it_expired(anne: Agent) -> None:
    await anne.open("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS Assistant de gestion")
    await anne.send("2010")
    await anne.tap("➕ Niveau")
    old_question, niveau_5 = anne.button("Niveau 5")
    await anne.tap("Niveau 4")
    assert "• Niveau : Niveau 4 (Bac)" in anne.text
    before = len(anne.messages())

    replies = await anne.tap_data(old_question, niveau_5, quiet=True)

    assert replies == []  # nothing sent, nothing edited
    assert len(anne.messages()) == before
    assert anne.toast == copy.STALE_BUTTON
    # The conversation goes on where it was, with the answer given first.
    await anne.tap("➕ Établissement")
    await anne.send("Lycée Jean Moulin")
    assert "• Niveau : Niveau 4 (Bac)" in anne.text
    assert "• Établissement : Lycée Jean Moulin" in anne.text


async def test_an_old_add_button_does_not_act_on_the_wrong_rubrique(anne: Agent) -> None:
    await anne.open("Diplômes et titres")
    old_rubrique, add = anne.button("Ajouter un diplôme")
    await anne.open("Formations suivies")

    replies = await anne.tap_data(old_rubrique, add, quiet=True)

    assert replies == []
    assert anne.toast == copy.STALE_BUTTON
    await anne.tap("Ajouter une formation suivie")
    assert "Quel est l'intitulé de la formation suivie ?" in anne.text


async def test_navigation_buttons_of_an_old_menu_still_work(anne: Agent) -> None:
    old_menu = anne.last
    _, formations = anne.button("Formations suivies")
    await anne.add_diplome("BTS Assistant de gestion")

    await anne.tap_data(old_menu, formations)

    assert "Formations suivies" in anne.text
    assert "Ajouter une formation suivie" in " ".join(anne.labels)
    assert anne.toast is None
    # And from there the bound buttons are current.
    await anne.tap("Ajouter une formation suivie")
    assert "Quel est l'intitulé de la formation suivie ?" in anne.text


async def test_a_forged_button_is_refused_politely(anne: Agent) -> None:
    replies = await anne.tap_data(anne.last, "g|r:nimportequoi", quiet=True)
    assert replies == []
    assert anne.toast == copy.UNKNOWN_BUTTON
    await anne.tap_data(anne.last, "pas du tout un bouton", quiet=True)
    assert anne.toast == copy.UNKNOWN_BUTTON


async def test_save_tapped_twice_quickly_saves_once(anne: Agent) -> None:
    await anne.open("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS Assistant de gestion")
    await anne.send("2010")
    summary, save = anne.button("✅ Enregistrer")

    await asyncio.gather(
        anne.user.tap_data(summary.message_id, save), anne.tap_data(summary, save, quiet=True)
    )

    answers = [a.get("text") for a in anne.user.callback_answers[-2:]]
    assert copy.STALE_BUTTON in answers
    await anne.send("/menu")
    assert "✅ Diplômes et titres · 1" in anne.labels
    await anne.tap("Diplômes et titres")
    assert anne.listed == ["1. BTS Assistant de gestion (2010)"]


async def test_delete_confirmed_twice_deletes_once(anne: Agent) -> None:
    await anne.add_diplome("BTS Assistant de gestion")
    await anne.add_diplome("Baccalauréat STT", niveau="Niveau 4", obtention="2008")
    await anne.tap("Baccalauréat STT")
    await anne.tap("🗑 Supprimer")
    confirm, yes = anne.button("🗑 Oui, supprimer")

    await asyncio.gather(
        anne.user.tap_data(confirm.message_id, yes), anne.tap_data(confirm, yes, quiet=True)
    )

    await anne.open("Diplômes et titres")
    assert anne.listed == ["1. BTS Assistant de gestion (juin 2010)"]


# ---- what is not text --------------------------------------------------------------------


async def test_photo_and_sticker_instead_of_text_ask_again(anne: Agent) -> None:
    await anne.open("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    question = "Quel est l'intitulé du diplôme ou du titre ?"

    await anne.send_photo()
    assert copy.TEXT_EXPECTED in anne.text
    assert question in anne.text

    await anne.send_sticker()
    assert copy.TEXT_EXPECTED in anne.text
    assert question in anne.text

    await anne.send("BTS Assistant de gestion")
    assert "Quand l'avez-vous obtenu ?" in anne.text


async def test_photo_on_the_menu_gets_a_clear_answer(anne: Agent) -> None:
    await anne.send_photo()
    assert anne.text == copy.READ_STARTED
    # A photo with no text: read, said so, the file offered as the proof of an entry typed.
    told = await wait_for(anne, lambda m: copy.READ_TYPE_IT in (m.text or ""), "reading")
    # (Where Tesseract is absent locally, the message says photos are not read here.)
    said = (copy.READ_PROBLEMS["unreadable"], copy.READ_PROBLEMS["no_ocr"])
    assert any(problem in (told.text or "") for problem in said)
    await anne.send("bonjour")
    assert anne.text == copy.NO_TEXT_HERE


async def test_bad_answers_are_explained_and_the_question_asked_again(anne: Agent) -> None:
    await anne.open("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS")
    await anne.send("31/02/2021")
    assert "Le 31 février 2021 n'existe pas" in anne.text
    assert "Quand l'avez-vous obtenu ?" in anne.text
    await anne.send("demain")
    assert copy.DATE_UNKNOWN in anne.text
    await anne.send("/nimportequoi")
    assert "Je ne connais pas la commande /nimportequoi" in anne.text
    await anne.send("🎓🎓")  # still a date question
    assert copy.DATE_UNKNOWN in anne.text
    await anne.send("mars 2021")
    assert "• Date d'obtention : mars 2021" in anne.text


async def test_help_and_cancel_during_an_entry(anne: Agent) -> None:
    await anne.open("Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    await anne.send("Marchés publics")

    await anne.send("/aide")
    assert "Quand l'avez-vous suivie ?" in anne.text
    assert "12/03/2021" in anne.text

    await anne.send("/annuler")
    assert copy.CANCELLED in anne.text
    assert anne.listed == []
    await anne.send("/menu")
    assert "⬜ Formations suivies" in anne.labels
    assert not any("Reprendre" in label for label in anne.labels)


async def test_one_agent_s_quick_messages_are_handled_in_order(new_agent: NewAgent) -> None:
    camille = new_agent("Camille")
    await camille.send("/start")
    await camille.tap("J'accepte")

    # Sent together, before the bot answers the first one.
    await asyncio.gather(camille.user.send("Camille"), camille.user.send("Durand"))

    await camille.send("/start")
    assert "Quelle est votre adresse e-mail professionnelle ?" in camille.text
    await camille.verify_email("camille.durand@mairie-exemple.fr")
    await camille.send("COM69123")
    assert "Merci, Camille ! Votre livret est créé." in camille.text
    await camille.tap("Plus tard")
    assert "Livret individuel de formation — Camille DURAND" in camille.text


async def test_a_reply_lost_by_telegram_does_not_say_the_answer_was_lost(
    bot: LivretBot, anne: Agent
) -> None:
    """The engine saves the answer before the reply is sent: if Telegram then fails, the
    answer is kept, so the notice must not tell the agent it was not saved."""
    anne.asserts_failures = True
    await anne.open("Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    bot.fake.fail_next("sendMessage", 502, "Bad Gateway")

    await anne.send("Marchés publics")

    assert "n'a pas été enregistrée" not in anne.text, anne.text
    await anne.send("/menu")
    await anne.tap("Reprendre")
    assert "Quand l'avez-vous suivie ?" in anne.text


# ---- transport rules ---------------------------------------------------------------------


async def test_every_tap_is_answered_and_every_callback_data_fits(
    bot: LivretBot, anne: Agent
) -> None:
    long_title = "Un intitulé de formation bien trop long pour tenir sur un bouton " * 3
    await anne.add_formation(long_title.strip())
    await anne.open("Compétences")
    await anne.tap("Ajouter une compétence")
    await anne.send("Commande publique")
    await anne.tap("☐ Un intitulé")  # on the card
    await anne.tap("✏️ Modifier une réponse")
    await anne.tap("Formations")
    await anne.tap("☑ Un intitulé")  # in the links question
    await anne.tap("Valider")
    await anne.tap_data(anne.messages()[0], "g|m")  # a tap on a message without buttons
    await anne.tap("❓ Aide")

    assert anne.user.unanswered_callbacks == []
    answered = [a["callback_query_id"] for a in anne.user.callback_answers]
    assert len(answered) == len(set(answered))  # each tap answered once
    data = sent_callback_data(bot.fake)
    assert len(data) > 50
    assert [d for d in data if not fits(d)] == []


async def test_two_agents_at_once_do_not_hear_each_other(new_agent: NewAgent) -> None:
    anne = new_agent("Anne")
    bruno = new_agent("Bruno")

    async def fill(agent: Agent, prenom: str, nom: str, diplome: str, date: str) -> None:
        await agent.onboard(prenom, nom)
        await agent.open("Diplômes et titres")
        await agent.tap("Ajouter un diplôme")
        await agent.send(diplome)
        await agent.send(date)
        await agent.tap("Enregistrer")
        await agent.open("Diplômes et titres")

    await asyncio.gather(
        fill(anne, "Anne", "Dupont", "BTS Assistant de gestion", "2010"),
        fill(bruno, "Bruno", "Martin", "Licence de droit public", "2015"),
    )

    assert "1. BTS Assistant de gestion (2010)" in anne.labels
    assert "1. Licence de droit public (2015)" in bruno.labels
    anne_said = "\n".join(m.text or "" for m in anne.messages())
    bruno_said = "\n".join(m.text or "" for m in bruno.messages())
    assert "Anne DUPONT" in anne_said and "Bruno" not in anne_said
    assert "Licence de droit public" not in anne_said
    assert "Bruno MARTIN" in bruno_said and "Anne" not in bruno_said
    assert "BTS Assistant de gestion" not in bruno_said


# ---- long texts ------------------------------------------------------------------------


async def _emploi_with_long_texts(anne: Agent, missions: str, acquis: str) -> None:
    await anne.open("Emplois tenus")
    await anne.tap("Ajouter un emploi")
    await anne.send("Secrétaire de mairie")
    await anne.send("Mairie de Saint-Jean")
    await anne.send("2015")
    await anne.send("2020")
    assert "Vérifiez cet emploi" in anne.text
    await anne.tap("➕ Catégorie")
    await anne.tap("Catégorie C")
    await anne.tap("➕ Missions")
    await anne.send(missions, settle=0.5)
    await anne.tap("➕ Connaissances et compétences mises en œuvre")
    # The summary that follows is long: sent in several parts.
    await anne.send(acquis, settle=0.5)


async def test_a_card_longer_than_a_telegram_message_is_split(anne: Agent) -> None:
    missions = ("Accueil du public et état civil. " * 60).strip()  # ~1,980 characters
    acquis = ("Rédaction des délibérations du conseil. " * 49).strip()
    assert len(missions) <= 2000 and len(acquis) <= 2000
    await _emploi_with_long_texts(anne, missions, acquis)

    assert len(anne.replies) >= 2, [str(m) for m in anne.replies]
    assert all(len(m.text or "") <= 4096 for m in anne.replies)
    assert "Vérifiez cet emploi" in (anne.replies[0].text or "")
    assert any(missions in (m.text or "") for m in anne.replies)
    assert any(acquis in (m.text or "") for m in anne.replies)
    # The buttons come with the last part, where the agent reads last.
    assert anne.replies[-1].button_labels()[0] == "✅ Enregistrer"
    assert all(not m.buttons for m in anne.replies[:-1])

    await anne.tap("Enregistrer")
    await anne.tap("1. Secrétaire de mairie", settle=0.5)
    assert len(anne.replies) >= 2
    assert any(acquis in (m.text or "") for m in anne.replies)
    assert "✏️ Modifier" in anne.labels


async def test_a_long_card_of_emoji_is_split_by_telegram_s_count(anne: Agent) -> None:
    """Telegram counts UTF-16 code units: an emoji counts two. 2,000 emoji are a valid
    answer (a user message of 4,000 units), and the card holding them must still be sent."""
    anne.asserts_failures = True
    await _emploi_with_long_texts(anne, "🙂" * 2000, "Accueil du public")

    assert "Vérifiez cet emploi" in anne.text
    assert "✅ Enregistrer" in anne.labels
    assert "🙂" * 2000 in anne.text


async def test_a_pasted_list_of_six_formations_becomes_six_entries(anne: Agent) -> None:
    await anne.open("Formations suivies")
    await anne.send(
        "Gestion budgétaire et comptable, du 15 au 17 mars 2021, 3 jours, CNFPT\n"
        "Marchés publics : les fondamentaux — 14/03/2023 — 7 h — Centre de gestion du Rhône\n"
        "Accueil du public, 03/04, 1 jour\n"
        "Prévention des risques psychosociaux, 2020, 2 jours, CNFPT\n"
        "Excel perfectionnement, 2019, 1 jour\n"
        "Management d'équipe, mars 2022, 5 jours, INSET"
    )
    assert "J'ai lu 6 entrées. Vérifiez-les avant de les enregistrer :" in anne.text
    await anne.tap("Enregistrer les 5 complètes")
    assert "✅ 5 entrées enregistrées." in anne.text
    await anne.tap("Compléter la n° 1")
    await anne.send("03/04/2022")
    await anne.tap("Enregistrer")
    assert "6 entrées :" in anne.text
    # Most recent first.
    assert "2. Accueil du public (3 avril 2022)" in anne.labels
    # "du 15 au 17 mars 2021": both days are kept.
    await anne.tap("Gestion budgétaire")
    assert "• Date : 15 mars 2021" in anne.text
    assert "• Fin : 17 mars 2021" in anne.text

    await anne.send("/menu")
    assert "✅ Formations suivies · 6" in anne.labels
