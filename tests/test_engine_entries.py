"""The conversation through the engine, as an agent lives it: onboarding, the menu, adding,
changing and deleting entries, links between entries, resuming, help."""

from datetime import date
from pathlib import Path

from dialogs.engine import Engine
from dialogs.rubriques.completing import LINKS_ON_CARD
from livret.entries import FormationSuivie
from storage import Database
from tests.chat import EngineChat, engine_on

# ---- little scripts the tests share ------------------------------------------------------


async def open_rubrique(chat: EngineChat, title: str) -> None:
    await chat.send("/menu")
    await chat.tap(title)


async def add_diplome(
    chat: EngineChat, intitule: str = "BTS Assistant de gestion", when: str = "juin 2010"
) -> None:
    await open_rubrique(chat, "Diplômes et titres")
    await chat.tap("Ajouter un diplôme")
    await chat.send(intitule)
    await chat.send(when)  # niveau and établissement stay blank: they are on the card
    await chat.tap("Enregistrer")


async def add_formation(chat: EngineChat, intitule: str, when: str, duree: str = "2 jours") -> None:
    await open_rubrique(chat, "Formations suivies")
    await chat.tap("Ajouter une formation suivie")
    await chat.send(intitule)
    await chat.send(when)
    await chat.send(duree)  # fin, catégorie, organisme, niveau, CPF: on the card, left blank
    await chat.tap("Enregistrer")


async def add_emploi(chat: EngineChat, intitule: str, employeur: str, debut: str) -> None:
    await open_rubrique(chat, "Emplois tenus")
    await chat.tap("Ajouter un emploi")
    await chat.send(intitule)
    await chat.send(employeur)
    await chat.send(debut)
    await chat.tap("Je l'occupe toujours")  # fin; catégorie, missions, acquis: on the card
    await chat.tap("Enregistrer")


def recent_years(since: int | None = None) -> list[str]:
    """The years a date question offers: the last five, from ``since`` for an end."""
    this_year = date.today().year
    first = max(this_year - 4, since) if since is not None else this_year - 4
    return [str(year) for year in range(this_year, first - 1, -1)]


def entry_id(chat: EngineChat, label: str) -> int:
    """The id of the entry an entry button of the screen opens (its data is ``g|e:<id>``)."""
    data = chat.button(label)
    assert data.startswith("g|e:"), data
    return int(data.rpartition(":")[2])


# ---- onboarding and the menu ---------------------------------------------------------------


async def test_start_welcomes_a_new_agent_then_activation_leads_to_the_menu(
    engine: Engine,
) -> None:
    anne = EngineChat(engine, "anne")

    await anne.send("/start")
    assert "Bonjour ! Je suis Livret" in anne.text
    assert "Votre livret vous appartient" in anne.text
    assert "vos diplômes, votre CV, vos attestations de formation" in anne.text
    assert anne.replies[-1].text.startswith("🔒 Vos données")
    assert anne.labels == ["✅ J'accepte"]

    await anne.tap("J'accepte")
    assert anne.text == "Merci ! Faisons connaissance.\n(1/2) Quel est votre prénom ?"

    await anne.send("Anne")
    assert anne.text == "(2/2) Quel est votre nom ?"

    await anne.send("Dupont")
    assert "Quelle est votre adresse e-mail professionnelle ?" in anne.text

    await anne.send("anne.dupont@mairie-exemple.fr")
    assert "Je viens d'envoyer un code à 6 chiffres à anne.dupont@mairie-exemple.fr" in anne.text

    await anne.send(anne.last_code("anne.dupont@mairie-exemple.fr"))
    assert "✅ Adresse vérifiée : anne.dupont@mairie-exemple.fr." in anne.text
    assert "Votre identifiant de livret : LIF-" in anne.text
    assert "qui est votre employeur ?" in anne.text

    await anne.send("com69123")
    assert "✅ Collectivité : Ville de Lyon." in anne.text
    assert "Merci, Anne ! Votre livret est créé." in anne.text
    assert "⏰ Rappel chaque semaine, le mardi à 10h (heure de Paris)." in anne.text
    assert "Quel poste occupez-vous ?" in anne.text
    await anne.send("Gestionnaire paie")
    await anne.send("rédac")
    await anne.tap("Rédacteurs territoriaux")
    await anne.tap("Rédacteur principal de 2e classe")
    assert "📘 Livret individuel de formation — Anne DUPONT" in anne.text
    assert "Progression : ▓░░░░░░░░░ 1/12 rubriques" in anne.text
    assert "Prochaine rubrique à remplir : Diplômes et titres." in anne.text
    assert anne.labels == [
        "✅ Identité et situation",
        "⬜ Diplômes et titres",
        "⬜ Certifications professionnelles",
        "⬜ Formations suivies",
        "⬜ Formations dispensées",
        "⬜ Bilans de compétences et VAE",
        "⬜ Tutorat",
        "⬜ Emplois tenus",
        "⬜ Compétences",
        "⬜ Concours et examens",
        "⬜ Activités extra-professionnelles",
        "⬜ Projet professionnel",
        "📄 Mon livret (Word, PDF)",
        "📤 Partager",
        "⏰ Rappels",
        "👤 Mon compte",
        "❓ Aide",
    ]


async def test_the_name_given_at_onboarding_fills_the_identite(anne: EngineChat) -> None:
    await anne.tap("Identité et situation")
    assert "Identité et situation — Anne Dupont" in anne.text
    assert "• Prénom : Anne" in anne.text
    assert "• Nom : Dupont" in anne.text
    # Filled from the registry once the code collectivité was given.
    assert "• Collectivité : Ville de Lyon" in anne.text


async def test_start_again_after_onboarding_greets_and_shows_the_menu(anne: EngineChat) -> None:
    await anne.send("/start")
    assert "Bon retour, Anne !" in anne.text
    assert "Choisissez une rubrique :" in anne.text
    assert "Bonjour ! Je suis Livret" not in anne.text


async def test_the_fiche_d_identite_can_be_changed_but_not_deleted_nor_declined(
    newcomer: EngineChat,
) -> None:
    await newcomer.tap("Identité et situation")
    # Neither "Supprimer" nor "Dupliquer": only changed, its blank fields completed.
    assert newcomer.labels == [
        "✏️ Modifier",
        "➕ Poste",
        "➕ Cadre d'emplois",
        "➕ Grade",
        "➕ Catégorie",
        "➕ Filière",
        "➕ Date de naissance",
        "⬅ Menu",
    ]
    # What the menu counts as lacking is said so, apart from what is optional.
    assert (
        "À compléter pour que la rubrique soit complète : poste · cadre d'emplois · grade · "
        "catégorie · filière." in newcomer.text
    )
    assert "Facultatif, à compléter si vous le souhaitez : date de naissance." in newcomer.text

    await newcomer.tap_data(newcomer.button("Modifier").replace("edit", "del"))
    assert newcomer.text == "Ce bouton n'est pas reconnu. Utilisez le dernier message, ou /menu."
    await newcomer.send("/start")
    assert "Bon retour, Anne !" in newcomer.text


async def test_a_compound_prenom_is_greeted_whole(engine: Engine) -> None:
    chat = EngineChat(engine, "jp")
    await chat.onboard("Jean Pierre", "Martin")
    await chat.send("/start")
    assert "Bon retour, Jean Pierre !" in chat.text


# ---- adding an entry -----------------------------------------------------------------------


async def test_a_diplome_with_a_skipped_field_is_saved_listed_and_counted(
    anne: EngineChat,
) -> None:
    await anne.tap("Diplômes et titres")
    assert "Les diplômes et titres de votre formation initiale." in anne.text
    assert "Aucune entrée pour l'instant." in anne.text

    # Only the required fields are asked; the optional ones wait on the card.
    await anne.tap("Ajouter un diplôme")
    assert anne.text == "(1/2) Quel est l'intitulé du diplôme ou du titre ?"
    await anne.send("BTS Assistant de gestion")
    assert "(2/2) Quand l'avez-vous obtenu ?" in anne.text
    assert anne.labels == recent_years()
    await anne.send("juin 2010")

    assert "Vérifiez ce diplôme avant de l'enregistrer :" in anne.text
    assert "• Date d'obtention : juin 2010" in anne.text
    assert "• Niveau :" not in anne.text and "• Établissement :" not in anne.text
    assert "Facultatif, à compléter si vous le souhaitez : niveau · établissement." in anne.text
    assert anne.labels == [
        "✅ Enregistrer",
        "➕ Niveau",
        "➕ Établissement",
        "✏️ Modifier une réponse",
        "✖ Annuler",
    ]
    await anne.tap("➕ Niveau")
    assert "Quel est son niveau ?" in anne.text
    assert "Niveau 5 (Bac+2 : BTS, DUT, DEUST)" in anne.labels
    assert "⬅ Retour" in anne.labels and "Passer ⏭" not in anne.labels
    await anne.tap("Niveau 5 (Bac+2 : BTS, DUT, DEUST)")

    # Back on the card; the établissement stays blank.
    assert "Vérifiez ce diplôme avant de l'enregistrer :" in anne.text
    assert "• Niveau : Niveau 5 (Bac+2 : BTS, DUT, DEUST)" in anne.text
    assert "• Établissement :" not in anne.text
    assert "Facultatif, à compléter si vous le souhaitez : établissement." in anne.text
    assert anne.labels == [
        "✅ Enregistrer",
        "➕ Établissement",
        "✏️ Modifier une réponse",
        "✖ Annuler",
    ]
    await anne.tap("Enregistrer")

    assert "✅ Enregistré : BTS Assistant de gestion (juin 2010)." in anne.text
    assert "1 entrée :" in anne.text
    assert "1. BTS Assistant de gestion (juin 2010)" in anne.text
    await anne.tap("Menu")
    assert "✅ Diplômes et titres · 1" in anne.labels
    assert "Progression : ▓▓░░░░░░░░ 2/12 rubriques" in anne.text

    await add_diplome(anne, "Baccalauréat STMG", "2008")
    assert "2 entrées :" in anne.text
    assert "2. Baccalauréat STMG (2008)" in anne.text
    await anne.send("/menu")
    assert "✅ Diplômes et titres · 2" in anne.labels


async def test_the_summary_card_shows_every_answer(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    assert "(1/3)" in anne.text
    await anne.send("Excel avancé")
    await anne.send("1er mars 2021")
    await anne.send("1,5 jour")
    assert "Vérifiez cette formation suivie avant de l'enregistrer :" in anne.text

    # Every optional field completed from the card, one tap each.
    await anne.tap("➕ Fin")
    assert "Quand s'est-elle terminée ?" in anne.text
    assert anne.labels == [*recent_years(2021), "⬅ Retour"]
    await anne.send("2 mars 2021")
    await anne.tap("➕ Catégorie")
    await anne.tap("Perfectionnement")
    await anne.tap("➕ Organisme")
    assert "Quel organisme l'a proposée ?" in anne.text
    # The agent's collectivité first, then the usual organismes.
    assert anne.labels[:3] == ["Ville de Lyon", "CNFPT", "Centre de gestion"]
    await anne.tap("CNFPT")
    await anne.tap("➕ Niveau")
    assert anne.labels[:4] == [
        "Initiation",
        "Perfectionnement",
        "Expertise",
        "✏️ Autre (préciser)",
    ]
    await anne.send("perfectionnement")  # typed, not tapped
    await anne.tap("➕ Au titre du CPF")
    assert "L'avez-vous suivie au titre du compte personnel de formation (CPF) ?" in anne.text
    assert anne.labels[:2] == ["Oui", "Non"]
    await anne.tap("Oui")

    assert "Vérifiez cette formation suivie avant de l'enregistrer :" in anne.text
    for line in [
        "• Intitulé : Excel avancé",
        "• Date : 1er mars 2021",
        "• Fin : 2 mars 2021",
        "• Durée : 1,5 jour",
        "• Catégorie : Perfectionnement",
        "• Organisme : CNFPT",
        "• Niveau : perfectionnement",
        "• Au titre du CPF : Oui",
    ]:
        assert line in anne.text
    assert "Facultatif" not in anne.text
    assert anne.labels == ["✅ Enregistrer", "✏️ Modifier une réponse", "✖ Annuler"]

    await anne.tap("Enregistrer")
    await anne.tap("1. Excel avancé")
    assert "Formations suivies — Excel avancé (1er mars 2021)" in anne.text
    assert "• Durée : 1,5 jour" in anne.text
    assert "• Au titre du CPF : Oui" in anne.text


async def test_an_answer_can_be_changed_on_the_summary_before_saving(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS")
    await anne.send("2010")

    await anne.tap("Modifier une réponse")
    assert "Quelle réponse voulez-vous changer ?" in anne.text
    await anne.tap("Intitulé")
    assert "Quel est l'intitulé du diplôme ou du titre ?" in anne.text
    assert "Réponse actuelle : BTS" in anne.text
    await anne.send("BTS Assistant de gestion")

    assert "Vérifiez ce diplôme avant de l'enregistrer :" in anne.text
    assert "• Intitulé : BTS Assistant de gestion" in anne.text
    await anne.tap("Enregistrer")
    assert "1. BTS Assistant de gestion (2010)" in anne.text


# ---- changing and deleting a saved entry ---------------------------------------------------

# A saved diplôme's card, its niveau and établissement left blank.
SAVED_DIPLOME_LABELS = [
    "✏️ Modifier",
    "📄 Dupliquer",
    "🗑 Supprimer",
    "➕ Niveau",
    "➕ Établissement",
    "➕ Ajouter une compétence",
    "📎 Ajouter un justificatif",
    "⬅ Retour",
]


async def test_a_field_of_a_saved_entry_is_changed(anne: EngineChat) -> None:
    await add_diplome(anne)
    await anne.tap("1. BTS Assistant de gestion")
    assert "• Établissement :" not in anne.text
    assert "Facultatif, à compléter si vous le souhaitez : niveau · établissement." in anne.text
    assert anne.labels == SAVED_DIPLOME_LABELS

    await anne.tap("Modifier")
    assert "Quelle réponse voulez-vous changer ?" in anne.text
    assert anne.labels == [
        "Intitulé",
        "Niveau",
        "Établissement",
        "Date d'obtention",
        "🔗 Compétences : relier ou délier",
        "⬅ Retour",
    ]
    await anne.tap("Établissement")
    assert "Quel établissement l'a délivré ?" in anne.text
    await anne.send("Lycée Jean Moulin, Rennes")

    assert "✅ Modifié." in anne.text
    assert "• Établissement : Lycée Jean Moulin, Rennes" in anne.text
    assert "• Intitulé : BTS Assistant de gestion" in anne.text
    assert "Facultatif, à compléter si vous le souhaitez : niveau." in anne.text
    assert "➕ Établissement" not in anne.labels

    await anne.tap("Modifier")
    await anne.tap("Date d'obtention")
    assert "Réponse actuelle : juin 2010" in anne.text
    await anne.send("30/06/2011")
    assert "Diplômes et titres — BTS Assistant de gestion (30 juin 2011)" in anne.text

    await anne.tap("Retour")
    assert "1. BTS Assistant de gestion (30 juin 2011)" in anne.text


async def test_an_optional_answer_can_be_cleared(anne: EngineChat) -> None:
    await add_diplome(anne)
    await anne.tap("1. BTS")
    await anne.tap("➕ Niveau")
    await anne.tap("Niveau 4 (Bac)")
    assert "• Niveau : Niveau 4 (Bac)" in anne.text
    assert "➕ Niveau" not in anne.labels

    await anne.tap("Modifier")
    await anne.tap("Niveau")
    assert "Réponse actuelle : Niveau 4 (Bac)" in anne.text
    await anne.tap("Effacer la réponse")
    # Blank again: off the card's answers, offered to complete once more.
    assert "✅ Modifié." in anne.text
    assert "• Niveau :" not in anne.text
    assert "Facultatif, à compléter si vous le souhaitez : niveau · établissement." in anne.text
    assert "➕ Niveau" in anne.labels


async def test_going_back_from_a_field_change_keeps_the_entry(anne: EngineChat) -> None:
    await add_diplome(anne)
    await anne.tap("1. BTS")
    await anne.tap("Modifier")
    await anne.tap("Intitulé")
    await anne.tap("Retour")
    assert "• Intitulé : BTS Assistant de gestion" in anne.text
    assert anne.labels == SAVED_DIPLOME_LABELS


async def test_deleting_an_entry_asks_for_confirmation(anne: EngineChat) -> None:
    await add_diplome(anne)
    await add_diplome(anne, "Baccalauréat", "2008")
    await anne.tap("1. BTS")

    await anne.tap("Supprimer")
    assert anne.text == (
        "Supprimer « BTS Assistant de gestion (juin 2010) » ? Cette action est définitive."
    )
    assert anne.labels == ["🗑 Oui, supprimer", "Non, garder"]
    await anne.tap("Oui, supprimer")

    assert "🗑 Entrée supprimée : « BTS Assistant de gestion (juin 2010) »." in anne.text
    assert "1 entrée :" in anne.text
    assert "1. Baccalauréat (2008)" in anne.text
    assert "BTS Assistant de gestion" not in anne.labels[0]
    await anne.send("/menu")
    assert "✅ Diplômes et titres · 1" in anne.labels


async def test_non_garder_keeps_the_entry(anne: EngineChat) -> None:
    await add_diplome(anne)
    await anne.tap("1. BTS")
    await anne.tap("Supprimer")
    await anne.tap("Non, garder")
    assert "Diplômes et titres — BTS Assistant de gestion (juin 2010)" in anne.text
    await anne.tap("Retour")
    assert "1. BTS Assistant de gestion (juin 2010)" in anne.text


async def test_deleting_the_last_entry_empties_the_rubrique(anne: EngineChat) -> None:
    await add_diplome(anne)
    await anne.tap("1. BTS")
    await anne.tap("Supprimer")
    await anne.tap("Oui, supprimer")
    assert "Aucune entrée pour l'instant." in anne.text
    await anne.send("/menu")
    assert "⬜ Diplômes et titres" in anne.labels


# ---- non concerné -----------------------------------------------------------------------


async def test_a_rubrique_is_marked_non_concerne_and_back(anne: EngineChat) -> None:
    await anne.tap("Tutorat")
    await anne.tap("Cette rubrique ne me concerne pas")
    assert "C'est noté : la rubrique « Tutorat » ne vous concerne pas." in anne.text
    assert "➖ Tutorat · sans objet" in anne.labels
    assert "Progression : ▓▓░░░░░░░░ 2/12 rubriques" in anne.text

    await anne.tap("Tutorat")
    assert "Vous avez indiqué que cette rubrique ne vous concerne pas." in anne.text
    await anne.tap("Elle me concerne finalement")
    assert "C'est noté : la rubrique « Tutorat » est de nouveau à remplir." in anne.text
    assert "Aucune entrée pour l'instant." in anne.text

    await anne.tap("Menu")
    assert "⬜ Tutorat" in anne.labels
    assert "Progression : ▓░░░░░░░░░ 1/12 rubriques" in anne.text


async def test_adding_an_entry_lifts_the_non_concerne_mark(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Cette rubrique ne me concerne pas")
    await add_diplome(anne)
    await anne.send("/menu")
    assert "✅ Diplômes et titres · 1" in anne.labels
    await anne.tap("Diplômes et titres")
    await anne.tap("1. BTS")
    await anne.tap("Supprimer")
    await anne.tap("Oui, supprimer")
    assert "Aucune entrée pour l'instant." in anne.text


async def test_every_rubrique_filled_or_declined_completes_the_livret(anne: EngineChat) -> None:
    await anne.send("/menu")
    rubriques = [label.removeprefix("⬜ ") for label in anne.labels if label.startswith("⬜")]
    for title in rubriques:
        await open_rubrique(anne, title)
        await anne.tap("Cette rubrique ne me concerne pas")
    assert "Progression : ▓▓▓▓▓▓▓▓▓▓ 12/12 rubriques" in anne.text
    assert "🎉 Toutes les rubriques sont remplies." in anne.text


# ---- a single rubrique ------------------------------------------------------------------


async def test_the_projet_is_filled_once_then_opened_directly(anne: EngineChat) -> None:
    await anne.tap("Projet professionnel")
    assert "Votre projet et vos souhaits de formation." in anne.text
    assert "✏️ Remplir votre projet" in anne.labels
    await anne.tap("Remplir votre projet")
    # Its one required question, without a counter.
    assert anne.text.startswith("Quel est votre projet professionnel ?")
    assert "2000 caractères au plus" in anne.text
    await anne.send("Devenir rédactrice territoriale.\nPasser le concours en 2027.")
    assert "Vérifiez votre projet avant de l'enregistrer :" in anne.text
    assert "Facultatif, à compléter si vous le souhaitez : souhaits de formation." in anne.text
    await anne.tap("Enregistrer")

    assert "✅ Enregistré : Devenir rédactrice territoriale." in anne.text
    assert "Projet professionnel — " in anne.text
    assert "• Souhaits de formation :" not in anne.text
    assert "Facultatif, à compléter si vous le souhaitez : souhaits de formation." in anne.text
    assert "➕ Souhaits de formation" in anne.labels
    assert "⬅ Menu" in anne.labels

    await anne.tap("Menu")
    assert "✅ Projet professionnel" in anne.labels
    await anne.tap("Projet professionnel")
    assert "• Projet professionnel : Devenir rédactrice territoriale.\nPasser le concours" in (
        anne.text
    )
    assert "Remplir votre projet" not in " ".join(anne.labels)

    await anne.tap("➕ Souhaits de formation")
    assert "Quelles formations souhaiteriez-vous suivre ?" in anne.text
    assert anne.labels == ["⬅ Retour"]
    await anne.send("Préparation au concours de rédacteur")
    assert "• Souhaits de formation : Préparation au concours de rédacteur" in anne.text
    assert "Facultatif" not in anne.text


# ---- compétences and their links --------------------------------------------------------


async def test_a_competence_is_linked_to_formations_and_an_emploi(anne: EngineChat) -> None:
    await add_formation(anne, "Excel avancé", "03/2021")
    await add_formation(anne, "Conduite de réunion", "2019")
    await add_emploi(anne, "Secrétaire de mairie", "Commune de Plouër", "2015")
    await add_diplome(anne)

    await open_rubrique(anne, "Compétences")
    await anne.tap("Ajouter une compétence")
    # Only its intitulé is asked: one question, no counter.
    assert anne.text == "Quelle compétence voulez-vous ajouter ?"
    await anne.send("Animer une réunion")

    # Its links are ticked on the card itself, the formation sharing a word with it first.
    assert "Vérifiez cette compétence avant de l'enregistrer :" in anne.text
    assert "Touchez ce qui s'y rattache pour le cocher." in anne.text
    assert "• Formations :" not in anne.text
    assert anne.labels == [
        "✅ Enregistrer",
        "➕ Description",
        "☐ Conduite de réunion (2019)",
        "☐ Excel avancé (mars 2021)",
        "☐ Secrétaire de mairie (2015)",
        "☐ BTS Assistant de gestion (juin 2010)",
        "✏️ Modifier une réponse",
        "✖ Annuler",
    ]
    await anne.tap("☐ Excel avancé (mars 2021)")
    assert anne.replies[-1].replace
    assert "• Formations : Excel avancé (mars 2021)" in anne.text
    assert anne.labels[2:4] == ["☐ Conduite de réunion (2019)", "☑ Excel avancé (mars 2021)"]
    await anne.tap("☐ Conduite de réunion (2019)")
    assert anne.labels[2:4] == ["☑ Conduite de réunion (2019)", "☑ Excel avancé (mars 2021)"]
    await anne.tap("☑ Conduite de réunion (2019)")
    assert anne.labels[2:4] == ["☐ Conduite de réunion (2019)", "☑ Excel avancé (mars 2021)"]
    await anne.tap("☐ Conduite de réunion (2019)")
    assert anne.labels[2:4] == ["☑ Conduite de réunion (2019)", "☑ Excel avancé (mars 2021)"]
    await anne.tap("☐ Secrétaire de mairie (2015)")
    assert anne.labels[4] == "☑ Secrétaire de mairie (2015)"

    assert "Vérifiez cette compétence avant de l'enregistrer :" in anne.text
    assert "• Formations : Excel avancé (mars 2021), Conduite de réunion (2019)" in anne.text
    assert "• Emplois : Secrétaire de mairie (2015)" in anne.text
    assert "• Diplômes :" not in anne.text  # none ticked: not listed
    await anne.tap("Enregistrer")

    await anne.tap("1. Animer une réunion")
    assert "• Formations : Excel avancé (mars 2021), Conduite de réunion (2019)" in anne.text
    assert "• Emplois : Secrétaire de mairie (2015)" in anne.text

    await open_rubrique(anne, "Formations suivies")
    await anne.tap("1. Excel avancé")
    assert "• Compétences associées : Animer une réunion" in anne.text
    await open_rubrique(anne, "Emplois tenus")
    await anne.tap("1. Secrétaire de mairie")
    assert "• Compétences associées : Animer une réunion" in anne.text
    await open_rubrique(anne, "Diplômes et titres")
    await anne.tap("1. BTS")
    assert "associées" not in anne.text


async def test_deleting_a_formation_removes_it_from_the_competence(anne: EngineChat) -> None:
    await add_formation(anne, "Excel avancé", "03/2021")
    await add_formation(anne, "Word", "2020")
    await open_rubrique(anne, "Compétences")
    await anne.tap("Ajouter une compétence")
    await anne.send("Tableur")
    await anne.tap("☐ Excel avancé")
    await anne.tap("☐ Word")
    assert "• Formations : Excel avancé (mars 2021), Word (2020)" in anne.text
    await anne.tap("Enregistrer")

    await open_rubrique(anne, "Formations suivies")
    await anne.tap("1. Excel avancé")
    await anne.tap("Supprimer")
    await anne.tap("Oui, supprimer")
    assert "Entrée supprimée : « Excel avancé (mars 2021) »." in anne.text

    await open_rubrique(anne, "Compétences")
    await anne.tap("1. Tableur")
    assert "• Formations : Word (2020)" in anne.text
    assert "Excel" not in anne.text


async def test_links_of_a_saved_competence_can_be_changed(anne: EngineChat) -> None:
    await add_formation(anne, "Excel avancé", "03/2021")
    await add_formation(anne, "Word", "2020")
    await open_rubrique(anne, "Compétences")
    await anne.tap("Ajouter une compétence")
    await anne.send("Tableur")
    await anne.tap("☐ Excel avancé")
    await anne.tap("Enregistrer")
    await anne.tap("1. Tableur")
    assert "• Formations : Excel avancé (mars 2021)" in anne.text

    await anne.tap("Modifier")
    await anne.tap("Formations")
    assert anne.labels[:2] == ["☑ Excel avancé (mars 2021)", "☐ Word (2020)"]
    await anne.tap("Excel avancé")
    await anne.tap("Word")
    await anne.tap("Valider")
    assert "✅ Modifié." in anne.text
    assert "• Formations : Word (2020)" in anne.text


async def test_a_competence_without_any_formation_skips_that_question(anne: EngineChat) -> None:
    await anne.tap("Compétences")
    await anne.tap("Ajouter une compétence")
    await anne.send("Accueil du public")

    # Nothing to link yet: the card offers no link, and says nothing of one.
    assert "Vérifiez cette compétence avant de l'enregistrer :" in anne.text
    assert "Quelles formations vous l'ont apportée ?" not in anne.text
    assert "Facultatif, à compléter si vous le souhaitez : description." in anne.text
    assert "Touchez ce qui s'y rattache" not in anne.text
    assert anne.labels == [
        "✅ Enregistrer",
        "➕ Description",
        "✏️ Modifier une réponse",
        "✖ Annuler",
    ]

    # Asked for all the same, the formations say why there is nothing to tick.
    await anne.tap("Modifier une réponse")
    await anne.tap("Formations")
    assert (
        "Vous n'avez encore rien enregistré dans « Formations suivies » ou « Formations "
        "dispensées » : rien à relier pour l'instant. Vous pourrez le faire plus tard."
    ) in anne.text
    assert "Quelles formations vous l'ont apportée ?" not in anne.text
    assert "Vérifiez cette compétence avant de l'enregistrer :" in anne.text
    await anne.tap("Enregistrer")
    assert "1. Accueil du public" in anne.text


async def test_a_competence_with_an_emploi_but_no_formation(anne: EngineChat) -> None:
    await add_emploi(anne, "Agent d'accueil", "Mairie de Rennes", "2012")
    await open_rubrique(anne, "Compétences")
    await anne.tap("Ajouter une compétence")
    await anne.send("Accueil du public")

    # The emploi is offered on the card; no formation, none to offer.
    assert anne.labels == [
        "✅ Enregistrer",
        "➕ Description",
        "☐ Agent d'accueil (2012)",
        "✏️ Modifier une réponse",
        "✖ Annuler",
    ]
    await anne.tap("Modifier une réponse")
    await anne.tap("Formations")
    assert "Vous n'avez encore rien enregistré dans « Formations suivies »" in anne.text
    await anne.tap("Modifier une réponse")
    await anne.tap("Emplois")
    assert "Dans quels emplois l'avez-vous exercée ?" in anne.text
    assert anne.labels == ["☐ Agent d'accueil (2012)", "✅ Valider", "⬅ Retour"]


# ---- leaving and resuming -------------------------------------------------------------------


async def test_annuler_in_a_new_entry_saves_nothing(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS")
    assert "(2/2) Quand l'avez-vous obtenu ?" in anne.text

    await anne.send("/annuler")
    assert "Saisie abandonnée : rien n'a été enregistré." in anne.text
    assert "Aucune entrée pour l'instant." in anne.text

    await anne.send("/menu")
    assert "⬜ Diplômes et titres" in anne.labels
    assert not any("Reprendre" in label for label in anne.labels)
    await anne.send("/start")
    assert "Vous aviez commencé" not in anne.text


async def test_the_annuler_button_on_the_summary_saves_nothing(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS")
    await anne.send("2010")
    await anne.tap("Annuler")
    assert "Saisie abandonnée : rien n'a été enregistré." in anne.text
    assert "Aucune entrée pour l'instant." in anne.text


async def test_annuler_in_a_field_change_leaves_the_entry_unchanged(anne: EngineChat) -> None:
    await add_diplome(anne)
    await anne.tap("1. BTS")
    await anne.tap("Modifier")
    await anne.tap("Intitulé")
    assert "Réponse actuelle : BTS Assistant de gestion" in anne.text

    await anne.send("/annuler")
    assert "Modification abandonnée : rien n'a changé." in anne.text
    assert "• Intitulé : BTS Assistant de gestion" in anne.text

    await anne.send("BTS SIO")
    assert "• Intitulé : BTS SIO" not in anne.text
    await anne.send("/menu")
    await anne.tap("Diplômes et titres")
    assert "1. BTS Assistant de gestion (juin 2010)" in anne.text


async def test_annuler_while_choosing_a_field_keeps_the_unfinished_entry(
    anne: EngineChat,
) -> None:
    await add_diplome(anne)
    await anne.tap("Ajouter un diplôme")
    await anne.send("Master Droit public")  # an unfinished diplôme, kept aside
    await open_rubrique(anne, "Diplômes et titres")
    await anne.tap("1. BTS")
    await anne.tap("Modifier")
    assert "Quelle réponse voulez-vous changer ?" in anne.text

    # She changes her mind about modifying the BTS: only that is abandoned.
    await anne.send("/annuler")
    assert "Saisie abandonnée" not in anne.text
    await anne.send("/menu")
    assert "▶ Reprendre la saisie : un diplôme" in anne.labels
    await anne.tap("Reprendre la saisie")
    assert "(2/2) Quand l'avez-vous obtenu ?" in anne.text


async def test_annuler_with_nothing_going_on(anne: EngineChat) -> None:
    await anne.send("/annuler")
    assert "Il n'y a rien à annuler." in anne.text
    assert "Choisissez une rubrique :" in anne.text


async def test_menu_in_the_middle_of_an_entry_then_resume(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    await anne.send("Excel avancé")
    await anne.send("mars 2021")
    assert "(3/3) Quelle a été la durée de la formation ?" in anne.text

    await anne.send("/menu")
    assert "▶ Reprendre la saisie : une formation suivie" in anne.labels
    assert "⬜ Formations suivies" in anne.labels

    await anne.tap("Reprendre la saisie")
    assert "On reprend là où vous en étiez." in anne.text
    assert "(3/3) Quelle a été la durée de la formation ?" in anne.text
    await anne.send("21 h")
    assert "Vérifiez cette formation suivie avant de l'enregistrer :" in anne.text
    assert "• Intitulé : Excel avancé" in anne.text
    assert "• Date : mars 2021" in anne.text
    assert "• Durée : 21 h" in anne.text


async def test_opening_the_same_rubrique_again_resumes_its_entry(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS")
    await anne.send("/menu")
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    assert "On reprend là où vous en étiez." in anne.text
    assert "(2/2) Quand l'avez-vous obtenu ?" in anne.text


async def test_another_rubrique_offers_to_resume_the_unfinished_entry(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS")
    await open_rubrique(anne, "Emplois tenus")
    await anne.tap("Ajouter un emploi")
    assert "Vous aviez commencé à saisir un diplôme (1 réponse" in anne.text
    assert anne.labels == ["▶ Reprendre", "🗑 L'abandonner et ajouter un emploi"]

    await anne.tap("L'abandonner et ajouter un emploi")
    assert "Saisie abandonnée." in anne.text
    assert "(1/4) Quel emploi avez-vous tenu ?" in anne.text
    await anne.send("/menu")
    assert not [label for label in anne.labels if "Reprendre" in label]  # nothing answered yet
    await anne.tap("Emplois tenus")
    await anne.tap("Ajouter un emploi")
    await anne.send("Secrétaire de mairie")
    await anne.send("/menu")
    assert "▶ Reprendre la saisie : un emploi" in anne.labels


async def test_start_later_offers_to_resume(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    await anne.send("Excel avancé")
    await anne.tap(recent_years()[1])

    await anne.send("/start")
    assert "Bon retour, Anne !" in anne.text
    assert "Vous aviez commencé à saisir une formation suivie (2 réponses" in anne.text
    assert anne.labels == ["▶ Reprendre", "🗑 Abandonner cette saisie"]

    await anne.tap("Reprendre")
    assert "(3/3) Quelle a été la durée de la formation ?" in anne.text
    await anne.tap("2 jours")
    assert "• Intitulé : Excel avancé" in anne.text
    assert f"• Date : {recent_years()[1]}" in anne.text
    assert "• Durée : 2 jours" in anne.text


async def test_start_later_and_drop_the_unfinished_entry(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS")

    await anne.send("/start")
    await anne.tap("Abandonner cette saisie")
    assert "Saisie abandonnée." in anne.text
    assert "Choisissez une rubrique :" in anne.text
    assert not any("Reprendre" in label for label in anne.labels)
    await anne.tap("Diplômes et titres")
    assert "Aucune entrée pour l'instant." in anne.text


async def test_a_restarted_engine_resumes_mid_entry(tmp_path: Path) -> None:
    path = tmp_path / "livret.sqlite3"
    db = await Database.open(path)
    try:
        anne = EngineChat(await engine_on(db, tmp_path), "anne")
        await anne.onboard()
        await anne.tap("Formations suivies")
        await anne.tap("Ajouter une formation suivie")
        await anne.send("Excel avancé")
        await anne.send("mars 2021")
        assert "(3/3) Quelle a été la durée de la formation ?" in anne.text
    finally:
        await db.close()

    db = await Database.open(path)
    try:
        # Telegram's update ids keep growing across a restart of the bot.
        again = EngineChat(await engine_on(db, tmp_path), "anne", _update=anne._update)
        await again.send("/start")
        assert "Bon retour, Anne !" in again.text
        assert "Vous aviez commencé à saisir une formation suivie (2 réponse" in again.text
        await again.tap("Reprendre")
        assert "(3/3) Quelle a été la durée de la formation ?" in again.text
        await again.send("3 jours")
        await again.tap("Enregistrer")
        assert "✅ Enregistré : Excel avancé (mars 2021)." in again.text
    finally:
        await db.close()


async def test_after_a_restart_the_pending_question_just_takes_the_answer(
    tmp_path: Path,
) -> None:
    path = tmp_path / "livret.sqlite3"
    db = await Database.open(path)
    try:
        anne = EngineChat(await engine_on(db, tmp_path), "anne")
        await anne.onboard()
        await anne.tap("Diplômes et titres")
        await anne.tap("Ajouter un diplôme")
        await anne.send("BTS")
        await anne.send("2008")
        await anne.tap("➕ Niveau")
        question = anne.screen
    finally:
        await db.close()

    db = await Database.open(path)
    try:
        again = EngineChat(await engine_on(db, tmp_path), "anne", _update=anne._update)
        # The niveau question sent before the restart is still on the phone: its buttons work.
        await again.tap("Niveau 4 (Bac)", question)
        assert "Vérifiez ce diplôme avant de l'enregistrer :" in again.text
        assert "• Niveau : Niveau 4 (Bac)" in again.text
        await again.tap("➕ Établissement")
        await again.send("Lycée Chateaubriand")
        assert "• Niveau : Niveau 4 (Bac)" in again.text
        assert "• Établissement : Lycée Chateaubriand" in again.text
    finally:
        await db.close()


# ---- help -----------------------------------------------------------------------------------


async def test_aide_during_a_question_explains_that_field(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    await anne.send("Excel avancé")

    await anne.send("/aide")
    assert anne.text.startswith("ℹ️ Quand l'avez-vous suivie ?")
    assert "Une date précise (12/03/2021), un mois (03/2021 ou mars 2021)" in anne.text
    assert "/annuler" in anne.text
    assert "facultative" not in anne.text

    await anne.send("mars 2021")
    assert "(3/3) Quelle a été la durée de la formation ?" in anne.text
    await anne.send("2 jours")
    await anne.tap("➕ Catégorie")
    await anne.send("/aide")
    assert anne.text.startswith("ℹ️ Dans quel cadre l'avez-vous suivie ?")
    assert (
        "Les catégories de formation des agents territoriaux, celles du code général de la fonction publique."
        in anne.text
    )
    assert "Cette réponse est facultative : vous pouvez la laisser vide." in anne.text


async def test_aide_during_onboarding(engine: Engine) -> None:
    anne = EngineChat(engine, "anne")
    await anne.send("/start")
    await anne.send("/aide")
    assert "Touchez « J'accepte »" in anne.text
    await anne.tap("J'accepte")
    await anne.send("/aide")
    assert "ℹ️ Quel est votre prénom ?" in anne.text
    assert "Vous pourrez les corriger plus tard" in anne.text
    await anne.send("Anne")
    assert "Quel est votre nom ?" in anne.text


async def test_aide_on_the_menu_gives_the_general_help(anne: EngineChat) -> None:
    await anne.send("/aide")
    assert "ℹ️ Livret vous aide à remplir votre livret individuel de formation" in anne.text
    assert "Touchez une rubrique du menu" in anne.text

    await anne.tap("❓ Aide")
    assert "ℹ️ Livret vous aide à remplir votre livret individuel de formation" in anne.text
    # The menu again below the help, its buttons under the thumb (issue 18, point 11).
    assert "Formations suivies" in " ".join(anne.replies[-1].button_labels())
    await anne.tap("Formations suivies")
    await anne.send("/inconnue")
    assert "/inconnue" in anne.text
    assert "Ajouter une formation suivie" in " ".join(anne.replies[-1].button_labels())


# ---- found in review ------------------------------------------------------------------------


async def test_an_old_button_of_a_deleted_entry_never_opens_a_newer_one(anne: EngineChat) -> None:
    await add_diplome(anne, "BTS", "2019")
    old_list = anne.screen
    await anne.tap("1. BTS")
    await anne.tap("Supprimer")
    await anne.tap("Oui, supprimer")
    await add_diplome(anne, "Licence droit", "2021")

    await anne.tap("1. BTS", old_list)
    assert anne.text == "Cette entrée n'existe plus."
    assert "Licence droit" not in anne.text


async def test_annuler_while_changing_an_answer_on_the_summary_keeps_the_others(
    anne: EngineChat,
) -> None:
    await open_rubrique(anne, "Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS")
    await anne.send("2012")
    await anne.tap("➕ Niveau")
    await anne.tap("Niveau 5")
    await anne.tap("➕ Établissement")
    await anne.send("Lycée Kerichen")
    await anne.tap("Modifier une réponse")
    await anne.tap("Niveau")
    await anne.send("/annuler")

    assert "Modification abandonnée : rien n'a changé." in anne.text
    assert "• Niveau : Niveau 5 (Bac+2 : BTS, DUT, DEUST)" in anne.text
    assert "• Établissement : Lycée Kerichen" in anne.text
    await anne.tap("Enregistrer")
    assert "✅ Enregistré : BTS (2012)." in anne.text


async def test_retour_after_ticking_links_leaves_the_summary_as_it_was(anne: EngineChat) -> None:
    await add_formation(anne, "Excel", "2020")
    await open_rubrique(anne, "Compétences")
    await anne.tap("Ajouter une compétence")
    await anne.send("Tableur")
    assert anne.labels[2] == "☐ Excel (2020)"
    await anne.tap("Modifier une réponse")
    await anne.tap("Formations")
    await anne.tap("☐ Excel")
    assert anne.labels[0] == "☑ Excel (2020)"
    await anne.tap("Retour")

    assert "Vérifiez cette compétence avant de l'enregistrer :" in anne.text
    assert "• Formations :" not in anne.text
    assert anne.labels[2] == "☐ Excel (2020)"


async def test_a_state_saved_by_another_version_brings_the_agent_back_to_the_menu(
    anne: EngineChat, db: Database
) -> None:
    await add_diplome(anne, "BTS", "2019")
    async with db.transaction() as tx:
        record = await tx.find_agent_state("test", "anne")
        assert record is not None and record.state is not None
        record.state = {**record.state, "screen": "a_screen_that_no_longer_exists"}
        await tx.save_dialog_state(record)

    await anne.send("/menu")
    assert "📘 Livret individuel de formation — Anne DUPONT" in anne.text
    assert "✅ Diplômes et titres · 1" in anne.labels


async def test_many_formations_are_linked_page_by_page(anne: EngineChat, db: Database) -> None:
    async with db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        assert agent is not None
        for n in range(1, 13):
            formation = FormationSuivie(
                intitule=f"Stage {n:02d}", date_debut="2020", duree="1 jour"
            )
            await tx.add_entry(agent, "formations_suivies", formation)
    await open_rubrique(anne, "Compétences")
    await anne.tap("Ajouter une compétence")
    await anne.send("Tableur")
    # The card ticks the latest few; the others are through "➕ Formations".
    assert [label for label in anne.labels if label.startswith("☐")] == [
        f"☐ Stage {n:02d} (2020)" for n in range(12, 12 - LINKS_ON_CARD, -1)
    ]
    await anne.tap("➕ Formations")

    assert "Quelles formations vous l'ont apportée ?" in anne.text
    assert "Page 1 sur 2." in anne.text
    # Most recent first: the last written of the same year first.
    assert "☐ Stage 03 (2020)" in anne.labels and "☐ Stage 02 (2020)" not in anne.labels
    await anne.tap("Suivants ▶")
    assert anne.replies[-1].replace
    assert "Page 2 sur 2." in anne.text
    assert anne.labels[:2] == ["☐ Stage 02 (2020)", "☐ Stage 01 (2020)"]
    await anne.tap("☐ Stage 01 (2020)")
    await anne.tap("◀ Précédents")
    await anne.tap("☐ Stage 12 (2020)")
    await anne.tap("Valider")

    assert "Vérifiez cette compétence avant de l'enregistrer :" in anne.text
    assert "• Formations : Stage 12 (2020), Stage 01 (2020)" in anne.text
    # Both ticked on the card, the one beyond its six too.
    assert "☑ Stage 12 (2020)" in anne.labels and "☑ Stage 01 (2020)" in anne.labels
