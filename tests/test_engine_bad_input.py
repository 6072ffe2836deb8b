"""Bad input, through the engine: each gets a clear French message, nothing already given is
lost, and the conversation goes on from where it was."""

from dialogs import copy
from dialogs.engine import Engine
from tests.chat import EngineChat

STALE = "Ce bouton appartient à un ancien message : utilisez le dernier, ou /menu."
UNKNOWN = "Ce bouton n'est pas reconnu. Utilisez le dernier message, ou /menu."
GONE = "Cette entrée n'existe plus."


async def start_diplome(chat: EngineChat, intitule: str = "BTS Assistant de gestion") -> None:
    """Up to the date question of a new diplôme: the last one asked (niveau and
    établissement are offered on its card)."""
    await chat.send("/menu")
    await chat.tap("Diplômes et titres")
    await chat.tap("Ajouter un diplôme")
    await chat.send(intitule)
    assert "(2/2) Quand l'avez-vous obtenu ?" in chat.text


async def add_diplome(chat: EngineChat, intitule: str = "BTS Assistant de gestion") -> int:
    """A saved diplôme; returns its id, read from its button in the rubrique."""
    await start_diplome(chat, intitule)
    await chat.send("2010")
    await chat.tap("Enregistrer")
    data = chat.button(intitule[:20])
    return int(data.rpartition(":")[2])


async def start_emploi(chat: EngineChat) -> None:
    """Up to the date de fin question of a new emploi begun in 2015: the last one asked."""
    await chat.send("/menu")
    await chat.tap("Emplois tenus")
    await chat.tap("Ajouter un emploi")
    await chat.send("Secrétaire de mairie")
    await chat.send("Commune de Plouër")
    await chat.send("2015")
    assert "(4/4) Jusqu'à quand (date de fin) ?" in chat.text


async def add_formation_then_open_competence(
    chat: EngineChat, formation: str = "Excel avancé"
) -> None:
    """A formation suivie (2021) saved, then a new compétence up to its formations question,
    opened from the compétence's card through "Modifier une réponse"."""
    await chat.send("/menu")
    await chat.tap("Formations suivies")
    await chat.tap("Ajouter une formation suivie")
    await chat.send(formation)
    await chat.send("2021")
    await chat.send("2 jours")
    await chat.tap("Enregistrer")
    await chat.send("/menu")
    await chat.tap("Compétences")
    await chat.tap("Ajouter une compétence")
    await chat.send("Tableur")
    assert "Vérifiez cette compétence avant de l'enregistrer :" in chat.text
    await chat.tap("Modifier une réponse")
    await chat.tap("Formations")


def assert_asked_again(chat: EngineChat, message: str, question: str) -> None:
    """The refusal comes first, then the same question again."""
    assert chat.text.startswith(message), chat.text
    assert question in chat.text


# ---- dates --------------------------------------------------------------------------------


async def test_an_impossible_date_is_explained_and_asked_again(anne: EngineChat) -> None:
    await start_diplome(anne)

    await anne.send("31/02/2021")
    assert_asked_again(
        anne,
        "Le 31 février 2021 n'existe pas : ce mois-là compte 28 jours.",
        "(2/2) Quand l'avez-vous obtenu ?",
    )
    await anne.send("demain")
    assert_asked_again(
        anne,
        "Je n'ai pas reconnu cette date. Écrivez par exemple 12/03/2021, 03/2021, mars 2021 ou 2021.",
        "(2/2) Quand l'avez-vous obtenu ?",
    )
    await anne.send("13/2021")
    assert_asked_again(
        anne,
        "Il n'y a pas de mois 13 : les mois vont de 1 à 12.",
        "(2/2) Quand l'avez-vous obtenu ?",
    )
    await anne.send("03/04")
    assert_asked_again(
        anne, "Il manque l'année : écrivez par exemple 12/03/2021.", "(2/2) Quand l'avez-vous"
    )

    await anne.send("28/02/2021")
    assert "Vérifiez ce diplôme avant de l'enregistrer :" in anne.text
    assert "• Intitulé : BTS Assistant de gestion" in anne.text
    assert "• Date d'obtention : 28 février 2021" in anne.text


async def test_an_end_date_before_the_start_date_is_refused(anne: EngineChat) -> None:
    await start_emploi(anne)

    await anne.send("2012")
    assert_asked_again(
        anne,
        "La date « Fin » (2012) ne peut pas précéder la date « Début » (2015).",
        "(4/4) Jusqu'à quand (date de fin) ?",
    )
    assert "Je l'occupe toujours" in anne.labels
    await anne.send("mars 2018")
    # The last question asked: the summary comes at once.
    assert "Vérifiez cet emploi avant de l'enregistrer :" in anne.text
    assert "• Début : 2015" in anne.text
    assert "• Fin : mars 2018" in anne.text


async def test_an_end_in_the_same_year_as_a_start_year_is_accepted(anne: EngineChat) -> None:
    await start_emploi(anne)
    await anne.send("06/2015")
    assert "Vérifiez cet emploi avant de l'enregistrer :" in anne.text
    assert "• Fin : juin 2015" in anne.text


async def test_moving_a_saved_start_after_its_end_is_refused(anne: EngineChat) -> None:
    await start_emploi(anne)
    await anne.send("2018")
    await anne.tap("Enregistrer")
    await anne.tap("1. Secrétaire de mairie")

    await anne.tap("Modifier")
    await anne.tap("Début")
    await anne.send("2020")
    assert_asked_again(
        anne,
        "La date « Fin » (2018) ne peut pas précéder la date « Début » (2020).",
        "Depuis quand (date de début) ?",
    )
    await anne.tap("Retour")
    assert "• Début : 2015" in anne.text
    assert "• Fin : 2018" in anne.text


# ---- texts -------------------------------------------------------------------------------


async def test_a_short_text_over_its_limit_is_refused(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")

    await anne.send("B" * 201)
    assert_asked_again(
        anne,
        "Votre texte fait 201 caractères ; la limite ici est de 200. "
        "Raccourcissez-le et renvoyez-le : rien n'a été perdu.",
        "(1/2) Quel est l'intitulé du diplôme ou du titre ?",
    )
    await anne.send("B" * 200)
    assert "(2/2) Quand l'avez-vous obtenu ?" in anne.text


async def test_a_long_text_over_its_limit_is_refused(anne: EngineChat) -> None:
    await anne.tap("Projet professionnel")
    await anne.tap("Remplir votre projet")

    await anne.send("x" * 2001)
    assert_asked_again(
        anne,
        "Votre texte fait 2001 caractères ; la limite ici est de 2000.",
        "Quel est votre projet professionnel ?",
    )
    await anne.send("x" * 2000)
    assert "Vérifiez votre projet avant de l'enregistrer :" in anne.text
    # The optional one, completed from the card, has the same limit.
    await anne.tap("➕ Souhaits de formation")
    await anne.send("y" * 2001)
    assert_asked_again(
        anne,
        "Votre texte fait 2001 caractères ; la limite ici est de 2000.",
        "Quelles formations souhaiteriez-vous suivre ?",
    )
    await anne.send("y" * 2000)
    assert "Vérifiez votre projet avant de l'enregistrer :" in anne.text
    assert "• Souhaits de formation : yyy" in anne.text


async def test_a_too_long_change_leaves_the_saved_entry_as_it_was(anne: EngineChat) -> None:
    await add_diplome(anne)
    await anne.tap("1. BTS")
    await anne.tap("Modifier")
    await anne.tap("Intitulé")
    await anne.send("C" * 201)
    assert anne.text.startswith("Votre texte fait 201 caractères")
    assert "⬅ Retour" in anne.labels
    await anne.tap("Retour")
    assert "• Intitulé : BTS Assistant de gestion" in anne.text


async def test_a_blank_answer_to_a_required_field_is_refused(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")

    await anne.send("   ")
    assert_asked_again(
        anne,
        "Cette réponse ne peut pas être vide.",
        "(1/2) Quel est l'intitulé du diplôme ou du titre ?",
    )
    assert anne.labels == []  # a required title: no skip button, nothing offered
    await anne.send("BTS")
    assert "(2/2) Quand l'avez-vous obtenu ?" in anne.text


async def test_a_blank_answer_during_onboarding_is_refused(engine: Engine) -> None:
    bob = EngineChat(engine, "bob")
    await bob.send("/start")
    await bob.tap("J'accepte")
    await bob.send(" \n ")
    assert_asked_again(bob, "Cette réponse ne peut pas être vide.", "Quel est votre prénom ?")
    await bob.send("Bob")
    assert "(2/2) Quel est votre nom ?" in bob.text


async def test_emoji_and_right_to_left_text_are_stored_as_typed(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("🎓🎓")
    await anne.send("2021")
    await anne.tap("➕ Établissement")
    await anne.send("مرحبا بالعالم")
    assert "• Intitulé : 🎓🎓" in anne.text
    assert "• Établissement : مرحبا بالعالم" in anne.text
    await anne.tap("Enregistrer")
    assert "✅ Enregistré : 🎓🎓 (2021)." in anne.text

    await anne.tap("1. 🎓🎓 (2021)")
    assert "Diplômes et titres — 🎓🎓 (2021)" in anne.text
    assert "• Intitulé : 🎓🎓" in anne.text
    assert "• Établissement : مرحبا بالعالم" in anne.text


async def test_a_right_to_left_name_at_onboarding(engine: Engine) -> None:
    samir = EngineChat(engine, "samir")
    await samir.onboard("سمير", "👨‍👩‍👧")
    assert "📘 Livret individuel de formation — سمير 👨‍👩‍👧" in samir.text
    await samir.tap("Identité et situation")
    assert "• Prénom : سمير" in samir.text
    assert "• Nom : 👨‍👩‍👧" in samir.text


# ---- what is not text ----------------------------------------------------------------------


async def test_a_photo_where_text_is_expected(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")

    await anne.send_other("other")
    assert_asked_again(
        anne,
        "J'attends une réponse écrite à cette question.",
        "(1/2) Quel est l'intitulé du diplôme ou du titre ?",
    )
    await anne.send_other("file")
    assert anne.text.startswith("J'attends une réponse écrite à cette question.")
    await anne.send("BTS")
    assert "(2/2) Quand l'avez-vous obtenu ?" in anne.text


async def test_a_sticker_on_a_choice_question_points_to_the_buttons(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS")
    await anne.send("2010")
    await anne.tap("➕ Niveau")
    question = anne.screen

    await anne.send_other("other")
    assert_asked_again(
        anne,
        "Cette réponse ne fait pas partie des choix : touchez un des boutons ci-dessous.",
        "Quel est son niveau ?",
    )
    # The buttons of the question sent before the sticker still work.
    await anne.tap("Niveau 4 (Bac)", question)
    assert "Vérifiez ce diplôme avant de l'enregistrer :" in anne.text
    assert "• Niveau : Niveau 4 (Bac)" in anne.text


async def test_a_sticker_on_a_links_question_points_to_the_buttons(anne: EngineChat) -> None:
    await add_formation_then_open_competence(anne)
    assert "Quelles formations vous l'ont apportée ?" in anne.text

    await anne.send_other("other")
    # Not "J'attends une réponse écrite": a written answer would be refused here too.
    assert "J'attends une réponse écrite" not in anne.text
    assert_asked_again(
        anne,
        "Touchez les éléments pour les cocher, puis « Valider ».",
        "Quelles formations vous l'ont apportée ?",
    )


async def test_text_typed_on_a_links_question_points_to_the_buttons(anne: EngineChat) -> None:
    await add_formation_then_open_competence(anne)
    await anne.send("Excel avancé")
    assert_asked_again(
        anne,
        "Touchez les éléments pour les cocher, puis « Valider ».",
        "Quelles formations vous l'ont apportée ?",
    )
    await anne.tap("Excel avancé")
    await anne.tap("Valider")
    assert "• Formations : Excel avancé (2021)" in anne.text


async def test_a_photo_or_text_on_the_menu_gets_a_note(anne: EngineChat) -> None:
    menu = anne.screen
    await anne.send_other("other")
    assert anne.text == (
        "Je ne peux pas utiliser ce type de message ici : touchez un des boutons, ou /menu."
    )
    assert anne.labels == []
    await anne.send("bonjour")
    assert anne.text == (
        "Je n'attends pas de texte ici : touchez un des boutons du dernier message, ou /menu."
    )
    # The menu is still there and works.
    await anne.tap("Tutorat", menu)
    assert "Tutorat" in anne.text
    assert "Aucune entrée pour l'instant." in anne.text


async def test_text_on_the_summary_keeps_the_summary(anne: EngineChat) -> None:
    await start_diplome(anne)
    await anne.send("2010")
    summary = anne.screen
    await anne.send("ok")
    assert "Je n'attends pas de texte ici" in anne.text
    await anne.tap("Enregistrer", summary)
    assert "✅ Enregistré : BTS Assistant de gestion (2010)." in anne.text


# ---- commands and choices --------------------------------------------------------------------


async def test_an_unknown_command_is_named_and_the_question_goes_on(anne: EngineChat) -> None:
    await start_diplome(anne)
    await anne.send("/foo")
    assert anne.text.startswith(
        "Je ne connais pas la commande /foo. Commandes : /menu, /aide, /annuler, /partages, "
        "/rappels, /mesdonnees, /supprimer."
    )
    # The question again below, with its buttons (issue 18, point 11).
    assert anne.text.endswith(
        "(2/2) Quand l'avez-vous obtenu ?\nExemples : 12/03/2021, 03/2021, mars 2021 ou 2021."
    )
    assert "Passer ⏭" in anne.labels or any(label.isdigit() for label in anne.labels)
    await anne.send("/aide")
    assert anne.text.endswith("Exemples : 12/03/2021, 03/2021, mars 2021 ou 2021.")
    await anne.send("2010")
    assert "Vérifiez ce diplôme avant de l'enregistrer :" in anne.text
    assert "• Intitulé : BTS Assistant de gestion" in anne.text


async def test_commands_are_read_whatever_their_case(anne: EngineChat) -> None:
    await anne.tap("Tutorat")
    await anne.send("/MENU")
    assert "Choisissez une rubrique :" in anne.text


async def test_a_number_typed_where_a_choice_is_expected(anne: EngineChat) -> None:
    await start_emploi(anne)
    await anne.tap("Je l'occupe toujours")
    await anne.tap("➕ Catégorie")
    assert "De quelle catégorie relevait-il ?" in anne.text
    assert anne.labels[:3] == ["Catégorie A", "Catégorie B", "Catégorie C"]

    # The button of that number, as the terminal numbers them (issue 18, point 4).
    await anne.send("2")
    assert "• Catégorie : Catégorie B" in anne.text


async def test_a_number_typed_on_the_niveau_question_is_not_read_as_a_code(
    anne: EngineChat,
) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS")
    await anne.send("2010")
    await anne.tap("➕ Niveau")
    # The buttons are "Niveau 3 (CAP, BEP)", "Niveau 4 (Bac)", "Niveau 5…": "3" may mean
    # the third button (Niveau 5) as well as niveau 3. It must be refused, not guessed.
    await anne.send("3")
    assert_asked_again(
        anne,
        "Cette réponse ne fait pas partie des choix : touchez un des boutons ci-dessous.",
        "Quel est son niveau ?",
    )


async def test_a_number_typed_on_a_yes_no_question(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    for answer in ("Excel", "2021", "2 jours"):
        await anne.send(answer)
    await anne.tap("➕ Au titre du CPF")
    assert "L'avez-vous suivie au titre du compte personnel" in anne.text
    # Beyond the buttons: said, and asked again.
    await anne.send("7")
    assert anne.text == copy.NO_SUCH_BUTTON.format(number=7)
    await anne.send("1")
    assert "• Au titre du CPF : Oui" in anne.text


async def test_a_word_typed_where_a_number_is_expected(anne: EngineChat) -> None:
    await anne.tap("Tutorat")
    await anne.tap("Ajouter un tutorat")
    for answer in ("Accueil d'un apprenti", "2022", "6 mois"):
        await anne.send(answer)
    await anne.tap("➕ Personnes accompagnées")
    assert "Combien de personnes avez-vous accompagnées ?" in anne.text
    await anne.send("deux")
    assert_asked_again(
        anne, "J'attends un nombre entier, par exemple 2.", "Combien de personnes avez-vous"
    )
    await anne.send("2")
    assert "• Personnes accompagnées : 2" in anne.text


async def test_a_duration_without_its_unit(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    await anne.send("Excel")
    await anne.send("2021")
    await anne.send("3")
    assert_asked_again(
        anne,
        "Précisez l'unité : 3 h, 3 jours, 3 semaines…",
        "(3/3) Quelle a été la durée de la formation ?",
    )
    # The one-tap durations are offered again with the question.
    assert "3 jours" in anne.labels
    await anne.send("beaucoup")
    assert anne.text.startswith("Je n'ai pas reconnu cette durée.")
    await anne.send("3 jours")
    assert "Vérifiez cette formation suivie avant de l'enregistrer :" in anne.text
    assert "• Durée : 3 jours" in anne.text


# ---- old, repeated and forged buttons ---------------------------------------------------------


async def test_a_bound_button_from_an_old_message_says_so(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    rubrique = anne.screen
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS")
    await anne.send("2010")
    await anne.tap("➕ Niveau")
    niveau = anne.screen
    await anne.tap("Niveau 4 (Bac)")

    await anne.tap("Cette rubrique ne me concerne pas", rubrique)
    assert anne.text == STALE
    assert anne.replies[-1].alert
    await anne.tap("Niveau 5 (Bac+2", niveau)
    assert anne.text == STALE

    # Nothing moved: the summary's buttons still work, the établissement takes its answer.
    await anne.tap("➕ Établissement")
    await anne.send("Lycée Chateaubriand")
    assert "• Niveau : Niveau 4 (Bac)" in anne.text
    assert "• Établissement : Lycée Chateaubriand" in anne.text
    await anne.send("/menu")
    assert "⬜ Diplômes et titres" in anne.labels  # not marked "non concerné"


async def test_a_navigation_button_from_an_old_menu_still_works(anne: EngineChat) -> None:
    old_menu = anne.screen
    await add_diplome(anne)
    await anne.tap("1. BTS")

    await anne.tap("Tutorat", old_menu)
    assert "Les personnes que vous avez accompagnées comme tuteur ou tutrice." in anne.text
    await anne.tap("Diplômes et titres", old_menu)
    assert "1. BTS Assistant de gestion (2010)" in anne.text
    await anne.tap("❓ Aide", old_menu)
    assert "ℹ️ Livret vous aide" in anne.text


async def test_an_old_entry_button_opens_the_entry_or_says_it_is_gone(anne: EngineChat) -> None:
    await add_diplome(anne)
    listing = anne.screen
    await anne.tap("1. BTS")
    await anne.tap("Supprimer")
    await anne.tap("Oui, supprimer")

    await anne.tap("1. BTS", listing)
    assert anne.text == GONE
    assert anne.replies[-1].alert


async def test_enregistrer_tapped_twice_saves_one_entry(anne: EngineChat) -> None:
    await start_diplome(anne)
    await anne.send("2010")
    summary = anne.screen

    await anne.tap("Enregistrer", summary)
    assert "✅ Enregistré : BTS Assistant de gestion (2010)." in anne.text
    await anne.tap("Enregistrer", summary)
    assert anne.text == STALE

    await anne.send("/menu")
    assert "✅ Diplômes et titres · 1" in anne.labels


async def test_oui_supprimer_tapped_twice_deletes_one_entry(anne: EngineChat) -> None:
    await add_diplome(anne, "BTS Assistant de gestion")
    await add_diplome(anne, "Baccalauréat STMG")
    await anne.tap("2. BTS")
    await anne.tap("Supprimer")
    confirm = anne.screen

    await anne.tap("Oui, supprimer", confirm)
    assert "Entrée supprimée" in anne.text
    await anne.tap("1. Baccalauréat")  # the remaining entry is now open
    await anne.tap("Oui, supprimer", confirm)
    assert anne.text == STALE

    await anne.send("/menu")
    assert "✅ Diplômes et titres · 1" in anne.labels
    await anne.tap("Diplômes et titres")
    assert "1. Baccalauréat STMG (2010)" in anne.text


async def test_je_l_occupe_toujours_tapped_twice_skips_one_question(anne: EngineChat) -> None:
    await start_emploi(anne)
    fin = anne.screen

    await anne.tap("Je l'occupe toujours", fin)
    assert "Vérifiez cet emploi avant de l'enregistrer :" in anne.text
    assert "• Fin : à ce jour" in anne.text
    assert "➕ Fin" not in anne.labels
    await anne.tap("Je l'occupe toujours", fin)
    assert anne.text == STALE
    # Still on the summary, which saves one emploi, still held.
    await anne.tap("Enregistrer")
    assert "✅ Enregistré : Secrétaire de mairie (2015)." in anne.text
    assert "1 entrée :" in anne.text


async def test_a_one_tap_answer_tapped_twice_answers_once(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    await anne.send("Excel")
    await anne.send("2021")
    durations = anne.screen

    await anne.tap("2 jours", durations)
    assert "Vérifiez cette formation suivie avant de l'enregistrer :" in anne.text
    await anne.tap("3 jours", durations)
    assert anne.text == STALE
    await anne.tap("Enregistrer")
    await anne.tap("1. Excel")
    assert "• Durée : 2 jours" in anne.text


async def test_a_toggle_tapped_twice_ticks_once(anne: EngineChat) -> None:
    await add_formation_then_open_competence(anne)
    links = anne.screen
    await anne.tap("Excel avancé", links)
    assert anne.labels[0] == "☑ Excel avancé (2021)"
    await anne.tap("Excel avancé", links)
    assert anne.text == STALE
    await anne.tap("Valider")
    assert "• Formations : Excel avancé (2021)" in anne.text


async def test_a_toggle_on_the_card_tapped_twice_ticks_once(anne: EngineChat) -> None:
    await add_formation_then_open_competence(anne)
    await anne.tap("Retour")
    card = anne.screen
    assert "☐ Excel avancé (2021)" in anne.labels
    await anne.tap("☐ Excel avancé", card)
    assert "☑ Excel avancé (2021)" in anne.labels
    await anne.tap("☐ Excel avancé", card)
    assert anne.text == STALE
    await anne.tap("Enregistrer")
    await anne.tap("1. Tableur")
    assert "• Formations : Excel avancé (2021)" in anne.text


async def test_forged_buttons_are_refused(anne: EngineChat) -> None:
    entry = await add_diplome(anne)
    await anne.tap("1. BTS")

    for data, message in [
        ("999999|delok", STALE),
        ("g|e:99999", GONE),
        ("garbage", UNKNOWN),
        ("g|e:abc", UNKNOWN),
        ("g|r:nope", UNKNOWN),
        ("g|", UNKNOWN),
        ("", UNKNOWN),
    ]:
        await anne.tap_data(data)
        assert anne.text == message, data
        assert anne.replies[-1].alert, data

    current = anne.button("Supprimer").partition("|")[0]
    # A button of the current message with an action that means nothing here.
    await anne.tap_data(f"{current}|delok")
    assert anne.text == UNKNOWN
    await anne.tap_data(f"{current}|f:__class__")
    assert anne.text == UNKNOWN

    await anne.tap_data(f"g|e:{entry}")
    assert "Diplômes et titres — BTS Assistant de gestion (2010)" in anne.text


async def test_another_agents_entry_cannot_be_opened(engine: Engine, anne: EngineChat) -> None:
    bob = EngineChat(engine, "bob")
    await bob.onboard("Bob", "Martin")
    secret = await add_diplome(bob, "Master Secret défense")

    await anne.tap_data(f"g|e:{secret}")
    assert anne.text == GONE
    assert "Secret" not in anne.text
    assert "Martin" not in anne.text

    await bob.tap_data(f"g|e:{secret}")
    assert "Master Secret défense" in bob.text


async def test_another_agents_entry_cannot_be_linked(engine: Engine, anne: EngineChat) -> None:
    bob = EngineChat(engine, "bob")
    await bob.onboard("Bob", "Martin")
    await add_formation_then_open_competence(bob, "Formation secrète")
    bobs = int(bob.button("Formation secrète").rpartition(":")[2])

    await add_formation_then_open_competence(anne)
    seq = anne.button("Valider").partition("|")[0]
    await anne.tap_data(f"{seq}|t:{bobs}")
    assert anne.text == UNKNOWN
    await anne.tap("Valider")
    assert "Vérifiez cette compétence avant de l'enregistrer :" in anne.text
    assert "• Formations" not in anne.text  # nothing ticked: not listed
    assert "secrète" not in anne.text
    # Nor can it be ticked on the card.
    seq = anne.button("Enregistrer").partition("|")[0]
    await anne.tap_data(f"{seq}|lk:{bobs}")
    assert anne.text == UNKNOWN
    await anne.tap("☐ Excel avancé")
    assert "• Formations : Excel avancé (2021)" in anne.text
    assert "secrète" not in anne.text
    assert not any("secrète" in label for label in anne.labels)


async def test_a_button_before_onboarding_is_finished(engine: Engine) -> None:
    bob = EngineChat(engine, "bob")
    await bob.send("/start")
    await bob.tap_data("g|r:diplomes")
    # A new account: welcomed again, nothing to "finish".
    assert copy.PRIVACY in bob.text
    assert bob.labels == ["✅ J'accepte"]
    await bob.tap("J'accepte")
    await bob.tap_data("g|doc")
    assert "Terminons d'abord votre inscription" in bob.text
    assert "Quel est votre prénom ?" in bob.text


# ---- redelivered updates -----------------------------------------------------------------------


async def test_a_redelivered_answer_changes_nothing(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS")
    assert "(2/2) Quand l'avez-vous obtenu ?" in anne.text

    assert await anne.redeliver("text", "BTS") == []
    # The date question still waits: "BTS" was not taken for a date.
    await anne.send("2010")
    assert "Vérifiez ce diplôme avant de l'enregistrer :" in anne.text
    assert "• Intitulé : BTS" in anne.text
    assert "• Date d'obtention : 2010" in anne.text


async def test_a_redelivered_enregistrer_saves_once(anne: EngineChat) -> None:
    await start_diplome(anne)
    await anne.send("2010")
    await anne.tap("Enregistrer")

    assert await anne.redeliver("button", anne.history[-1].buttons[0][0].data) == []
    await anne.send("/menu")
    assert "✅ Diplômes et titres · 1" in anne.labels


async def test_a_redelivered_first_start_welcomes_once(engine: Engine) -> None:
    bob = EngineChat(engine, "bob")
    await bob.send("/start")
    assert "Bonjour ! Je suis Livret" in bob.text
    assert await bob.redeliver("command", "start") == []
    await bob.tap("J'accepte")
    await bob.send("Bob")
    assert "(2/2) Quel est votre nom ?" in bob.text
