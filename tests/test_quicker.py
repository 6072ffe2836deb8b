"""Issue 16, parts 2 to 5: one-tap answers, optional fields offered on the card instead of
asked, an emploi's end and the current one, "Dupliquer", compétences written from a
formation's card and ticked on their own card."""

from dialogs import copy
from dialogs.engine import Engine
from dialogs.sharing.edition import load_context
from dialogs.widgets import today
from storage import Database
from tests.chat import EngineChat, edit_saved_state

# Years the date questions offer (the last five) and one still to come, from today.
LAST_YEAR = today().year - 1
AHEAD = today().year + 3


async def open_rubrique(chat: EngineChat, title: str) -> None:
    await chat.send("/menu")
    await chat.tap(title)


async def formation(chat: EngineChat, line: str) -> None:
    await open_rubrique(chat, "Formations suivies")
    await chat.send(line)
    await chat.tap("Enregistrer")
    assert "Enregistré" in chat.text, chat.text


async def stored(db: Database, code: str) -> list:
    async with db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        assert agent is not None
        return [e.data for e in await tx.entries(agent, code)]


# ---- optional fields cost nothing --------------------------------------------------------


async def test_a_formation_by_questions_asks_only_what_it_needs(
    anne: EngineChat, db: Database
) -> None:
    await open_rubrique(anne, "Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    assert "(1/3) Quel est l'intitulé" in anne.text
    await anne.send("Prévention des risques psychosociaux")
    assert "(2/3) Quand l'avez-vous suivie ?" in anne.text
    await anne.tap(str(LAST_YEAR))
    assert "(3/3) Quelle a été la durée" in anne.text
    await anne.tap("2 jours")
    # The card at once: no "Passer" for the catégorie, the organisme, the niveau, the CPF.
    assert "Vérifiez cette formation suivie" in anne.text
    assert "• Durée : 2 jours" in anne.text
    assert "• Organisme" not in anne.text
    assert "Facultatif, à compléter si vous le souhaitez : fin · catégorie · organisme" in (
        anne.text
    )
    assert anne.labels[0] == copy.SAVE
    await anne.tap("Enregistrer")
    [saved] = await stored(db, "formations_suivies")
    assert (saved.intitule, str(saved.date_debut), str(saved.duree), saved.organisme) == (
        "Prévention des risques psychosociaux",
        str(LAST_YEAR),
        "2 jours",
        None,
    )


async def test_an_optional_field_is_completed_from_the_card(anne: EngineChat, db: Database) -> None:
    await open_rubrique(anne, "Formations suivies")
    await anne.send(f"Laïcité, {LAST_YEAR}, 7 h")
    await anne.tap("➕ Organisme")
    assert "Quel organisme l'a proposée ?" in anne.text
    # What an agent of this collectivité is likely to answer, one tap each.
    assert {"Ville de Lyon", "CNFPT", "Centre de gestion"} <= set(anne.labels)
    await anne.tap("CNFPT")
    assert "• Organisme : CNFPT" in anne.text
    assert "➕ Organisme" not in anne.labels
    await anne.tap("➕ Niveau")
    assert {"Initiation", "Perfectionnement", "Expertise", copy.OTHER_ANSWER} <= set(anne.labels)
    await anne.tap(copy.OTHER_ANSWER)
    assert copy.OTHER_TYPE_IT in anne.text
    await anne.send("Sensibilisation")
    await anne.tap("Enregistrer")
    [saved] = await stored(db, "formations_suivies")
    assert (saved.organisme, saved.niveau) == ("CNFPT", "Sensibilisation")


async def test_a_saved_entry_offers_its_blank_fields(anne: EngineChat, db: Database) -> None:
    await formation(anne, f"Laïcité, {LAST_YEAR}, 7 h")
    await anne.tap("1. Laïcité")
    assert "➕ Catégorie" in anne.labels
    await anne.tap("➕ Catégorie")
    await anne.tap("Perfectionnement")
    assert copy.CHANGED in anne.text
    assert "• Catégorie : Perfectionnement" in anne.text
    [saved] = await stored(db, "formations_suivies")
    assert saved.categorie == "perfectionnement"


# ---- one-tap answers -------------------------------------------------------------------


async def test_what_was_given_before_is_offered_again(anne: EngineChat) -> None:
    await formation(anne, "Laïcité, 2024, 7 h, Centre de formation Ariane")
    await open_rubrique(anne, "Formations suivies")
    await anne.send("Accueil du public, 2023, 1 jour")
    await anne.tap("➕ Organisme")
    assert "Centre de formation Ariane" in anne.labels
    await anne.tap("Centre de formation Ariane")
    assert "• Organisme : Centre de formation Ariane" in anne.text


async def test_an_old_one_tap_button_is_refused(anne: EngineChat) -> None:
    await open_rubrique(anne, "Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    await anne.send("Laïcité")
    years = anne.screen
    await anne.tap(str(LAST_YEAR))
    # The year's button again, from the question already answered.
    await anne.tap(str(LAST_YEAR - 1), years)
    assert copy.STALE_BUTTON in anne.text
    await anne.tap("7 h")
    assert f"• Date : {LAST_YEAR}" in anne.text


async def test_an_end_date_offers_the_years_from_its_start(anne: EngineChat) -> None:
    await open_rubrique(anne, "Emplois tenus")
    await anne.tap("Ajouter un emploi")
    await anne.send("Secrétaire de mairie")
    await anne.send("Commune de Brindas")
    await anne.send(str(LAST_YEAR))
    assert "Jusqu'à quand" in anne.text
    assert str(LAST_YEAR - 1) not in anne.labels
    assert str(LAST_YEAR) in anne.labels


async def test_the_current_emploi_starts_from_the_fiche(newcomer: EngineChat, db: Database) -> None:
    await open_rubrique(newcomer, "Identité et situation")
    await newcomer.tap("➕ Poste")
    await newcomer.send("Gestionnaire paie")
    await open_rubrique(newcomer, "Emplois tenus")
    await newcomer.tap("Ajouter un emploi")
    await newcomer.tap("Gestionnaire paie")
    assert "Chez quel employeur ?" in newcomer.text
    await newcomer.tap("Ville de Lyon")
    await newcomer.tap(str(LAST_YEAR))
    assert "Jusqu'à quand" in newcomer.text
    await newcomer.tap("Je l'occupe toujours")
    assert "Vérifiez cet emploi" in newcomer.text
    await newcomer.tap("Enregistrer")
    [emploi] = await stored(db, "emplois")
    assert (emploi.intitule, emploi.employeur, emploi.date_fin) == (
        "Gestionnaire paie",
        "Ville de Lyon",
        None,
    )


# ---- ranges, "Dupliquer" ---------------------------------------------------------------


async def test_a_range_keeps_its_start_and_its_end(anne: EngineChat, db: Database) -> None:
    await formation(anne, "Gestion budgétaire, du 15 au 17 mars 2021, 3 jours, CNFPT")
    [saved] = await stored(db, "formations_suivies")
    assert (str(saved.date_debut), str(saved.date_fin)) == ("15 mars 2021", "17 mars 2021")


async def test_an_end_before_its_start_is_refused(anne: EngineChat) -> None:
    await open_rubrique(anne, "Formations suivies")
    await anne.send("Laïcité, 12/03/2024, 7 h")
    await anne.tap("➕ Fin")
    await anne.send("11/03/2024")
    assert "ne peut pas précéder" in anne.text and "Quand s'est-elle terminée ?" in anne.text


async def test_a_second_session_is_a_duplicate_with_its_own_date(
    anne: EngineChat, db: Database
) -> None:
    await formation(anne, "Marchés publics, 14/03/2023, 7 h, CNFPT")
    await anne.tap("1. Marchés publics")
    await anne.tap("Dupliquer")
    assert "Copie de « Marchés publics (14 mars 2023) »" in anne.text
    assert "Quand l'avez-vous suivie ?" in anne.text
    await anne.send("02/02/2024")
    assert "• Organisme : CNFPT" in anne.text
    await anne.tap("Enregistrer")
    saved = await stored(db, "formations_suivies")
    assert sorted(str(f.date_debut) for f in saved) == ["14 mars 2023", "2 février 2024"]
    assert {f.organisme for f in saved} == {"CNFPT"}


# ---- compétences quicker ---------------------------------------------------------------


async def test_a_competence_from_a_formation_card_is_linked_to_it(
    anne: EngineChat, db: Database
) -> None:
    await formation(anne, "Marchés publics, 14/03/2023, 7 h, CNFPT")
    await anne.tap("1. Marchés publics")
    await anne.tap("Ajouter une compétence")
    assert "Pour « Marchés publics (14 mars 2023) » : écrivez une compétence" in anne.text
    await anne.send("Rédaction d'un CCTP")
    assert "☑ Marchés publics (14 mars 2023)" in anne.labels
    await anne.tap("Enregistrer")
    # Back on the formation's card, which names it.
    assert "Formations suivies — Marchés publics" in anne.text
    assert "• Compétences associées : Rédaction d'un CCTP" in anne.text
    [competence] = await stored(db, "competences")
    assert len(competence.formations) == 1


async def test_several_competences_in_one_message_for_one_formation(
    anne: EngineChat, db: Database
) -> None:
    await formation(anne, "Marchés publics, 14/03/2023, 7 h, CNFPT")
    await anne.tap("1. Marchés publics")
    await anne.tap("Ajouter une compétence")
    await anne.send("Rédaction d'un CCTP\nAnalyse des offres\nNégociation")
    assert "J'ai lu 3 entrées" in anne.text
    await anne.tap("Enregistrer les 3")
    assert "3 entrées enregistrées" in anne.text
    assert "Rédaction d'un CCTP, Analyse des offres, Négociation" in anne.text
    saved = await stored(db, "competences")
    assert len(saved) == 3 and all(len(c.formations) == 1 for c in saved)


async def test_a_competence_ticks_its_links_on_its_card(anne: EngineChat, db: Database) -> None:
    await formation(anne, "Conduite de réunion, 2023, 2 jours")
    await formation(anne, "Marchés publics, 2022, 7 h")
    await open_rubrique(anne, "Emplois tenus")
    await anne.send("Secrétaire de mairie, Commune de Brindas, 2014-2019")
    await anne.tap("Enregistrer")
    await open_rubrique(anne, "Compétences")
    await anne.send("Animation de réunion")
    # The formation sharing a word with the compétence comes first.
    toggles = [label for label in anne.labels if label.startswith(copy.UNCHECKED)]
    assert toggles[0] == "☐ Conduite de réunion (2023)", toggles
    await anne.tap("☐ Conduite de réunion")
    assert "☑ Conduite de réunion (2023)" in anne.labels
    # The buttons stay where they were.
    assert [label.split(" ", 1)[1] for label in anne.labels if label[0] in "☐☑"] == [
        t.split(" ", 1)[1] for t in toggles
    ]
    await anne.tap("☐ Secrétaire de mairie")
    assert "• Formations : Conduite de réunion (2023)" in anne.text
    assert "• Emplois : Secrétaire de mairie (2014)" in anne.text
    await anne.tap("☑ Secrétaire de mairie")
    assert "• Emplois" not in anne.text
    await anne.tap("☐ Secrétaire de mairie")
    await anne.tap("Enregistrer")
    [competence] = await stored(db, "competences")
    assert len(competence.formations) == 1 and len(competence.emplois) == 1


async def test_a_forged_link_button_is_refused(anne: EngineChat) -> None:
    await open_rubrique(anne, "Compétences")
    await anne.send("Animation de réunion")
    await anne.tap_data(anne.button(copy.SAVE).replace("save", "lk:999"))
    assert copy.UNKNOWN_BUTTON in anne.text


# ---- the cadre d'emplois from a closed list -------------------------------------------


async def test_the_cadre_d_emplois_is_found_from_a_few_letters(
    newcomer: EngineChat, db: Database
) -> None:
    await open_rubrique(newcomer, "Identité et situation")
    await newcomer.tap("➕ Cadre d'emplois")
    await newcomer.send("rédac")
    assert copy.LISTED_FOUND in newcomer.text
    assert "Rédacteurs territoriaux" in newcomer.labels
    await newcomer.tap("Rédacteurs territoriaux")
    # It fills the catégorie and the filière.
    assert "• Catégorie : Catégorie B" in newcomer.text
    assert "• Filière : Administrative" in newcomer.text
    await newcomer.tap("➕ Grade")
    assert newcomer.labels[:3] == [
        "Rédacteur",
        "Rédacteur principal de 2e classe",
        "Rédacteur principal de 1re classe",
    ]
    await newcomer.tap("Rédacteur principal de 2e classe")
    [fiche] = await stored(db, "identite")
    assert (fiche.cadre_emplois, fiche.grade, fiche.categorie, fiche.filiere) == (
        "Rédacteurs territoriaux",
        "Rédacteur principal de 2e classe",
        "B",
        "administrative",
    )


async def test_a_cadre_typed_in_full_or_by_its_usual_name_is_taken_at_once(
    newcomer: EngineChat, db: Database
) -> None:
    await open_rubrique(newcomer, "Identité et situation")
    await newcomer.tap("➕ Cadre d'emplois")
    await newcomer.send("ATSEM")
    assert "• Cadre d'emplois : Agents territoriaux spécialisés des écoles maternelles" in (
        newcomer.text
    )
    [fiche] = await stored(db, "identite")
    assert (fiche.categorie, fiche.filiere) == ("C", "sociale")


async def test_a_cadre_not_in_the_list_can_be_kept_as_typed(
    newcomer: EngineChat, db: Database
) -> None:
    await open_rubrique(newcomer, "Identité et situation")
    await newcomer.tap("➕ Cadre d'emplois")
    await newcomer.send("Contractuel de droit public")
    assert "Je ne trouve rien de proche de « Contractuel de droit public »" in newcomer.text
    await newcomer.tap("Garder « Contractuel")
    [fiche] = await stored(db, "identite")
    assert (fiche.cadre_emplois, fiche.categorie) == ("Contractuel de droit public", None)
    # Without a cadre of the list, the grade is typed freely.
    await newcomer.tap("➕ Grade")
    await newcomer.send("Chargé de mission")
    [fiche] = await stored(db, "identite")
    assert fiche.grade == "Chargé de mission"


# ---- dates of things done ------------------------------------------------------------


async def test_a_formation_in_the_future_is_refused(anne: EngineChat) -> None:
    await open_rubrique(anne, "Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    await anne.send("Laïcité")
    await anne.send(f"mars {AHEAD}")
    assert f"« mars {AHEAD} » est encore à venir" in anne.text
    assert "Quand l'avez-vous suivie ?" in anne.text


async def test_a_future_date_typed_in_one_line_is_asked_again(anne: EngineChat) -> None:
    await open_rubrique(anne, "Formations suivies")
    await anne.send(f"Laïcité, 12/03/{AHEAD}, 7 h")
    assert f"« 12 mars {AHEAD} » est encore à venir" in anne.text
    assert "Quand l'avez-vous suivie ?" in anne.text
    await anne.send("12/03/2024")
    assert "• Date : 12 mars 2024" in anne.text


async def test_a_formation_given_may_be_planned_ahead(anne: EngineChat) -> None:
    await open_rubrique(anne, "Formations dispensées")
    await anne.send(f"Accueil des nouveaux arrivants, {AHEAD}, 1 jour")
    assert f"• Date : {AHEAD}" in anne.text


async def test_an_emploi_typed_without_its_end_asks_whether_it_goes_on(
    anne: EngineChat, db: Database
) -> None:
    await open_rubrique(anne, "Emplois tenus")
    await anne.send("Secrétaire de mairie, Commune de Brindas, 2014")
    assert "il me manque : fin" in anne.text
    assert "Jusqu'à quand" in anne.text
    await anne.send("2019")
    await anne.tap("Enregistrer")
    [emploi] = await stored(db, "emplois")
    assert (str(emploi.date_debut), str(emploi.date_fin)) == ("2014", "2019")


async def test_an_emploi_said_to_go_on_is_not_asked_its_end(anne: EngineChat) -> None:
    await open_rubrique(anne, "Emplois tenus")
    await anne.send("Gestionnaire paie, Ville de Lyon, 2019 - à ce jour")
    assert "Vérifiez cet emploi" in anne.text
    assert "Jusqu'à quand" not in anne.text


async def test_a_link_to_a_field_no_longer_declared_lands_on_the_menu(
    anne: EngineChat, db: Database
) -> None:
    await formation(anne, "Marchés publics, 14/03/2023, 7 h, CNFPT")
    await anne.tap("1. Marchés publics")
    await anne.tap("Ajouter une compétence")
    await edit_saved_state(db, "anne", lambda state: state["link_to"].update(field="savoirs"))
    await anne.send("Rédaction d'un CCTP")
    # Put back on the menu, where a text is not awaited; nothing written half-linked.
    assert anne.text == copy.NO_TEXT_HERE
    assert await stored(db, "competences") == []


async def test_the_formation_deleted_meanwhile_is_said_gone(anne: EngineChat, db: Database) -> None:
    await formation(anne, "Marchés publics, 14/03/2023, 7 h, CNFPT")
    await anne.tap("1. Marchés publics")
    card = anne.screen
    await anne.tap("Supprimer")
    await anne.tap("Oui, supprimer")
    await anne.tap("Ajouter une compétence", card)
    # The card's buttons are those of an older message now.
    assert copy.STALE_BUTTON in anne.text
    assert await stored(db, "competences") == []


async def test_deleting_a_formation_says_what_is_linked_and_unlinks_the_draft(
    anne: EngineChat,
) -> None:
    await formation(anne, "Conduite de réunion, 2023, 2 jours")
    await open_rubrique(anne, "Compétences")
    await anne.send("Animation de réunion")
    await anne.tap("☐ Conduite de réunion")
    await anne.tap("Enregistrer")
    await anne.send("Prise de parole")
    await anne.tap("☐ Conduite de réunion")
    await open_rubrique(anne, "Formations suivies")
    await anne.tap("1. Conduite de réunion")
    await anne.tap("Supprimer")
    assert "Ce qui y est relié ne le sera plus (Compétences : Animation de réunion)" in anne.text
    await anne.tap("Oui, supprimer")
    await open_rubrique(anne, "Compétences")
    await anne.tap("Ajouter une compétence")
    assert "Vérifiez cette compétence" in anne.text
    assert "• Formations" not in anne.text


async def test_a_duplicate_takes_a_range_for_its_dates(anne: EngineChat, db: Database) -> None:
    await formation(anne, "Gestion budgétaire, du 15 au 17 mars 2021, 3 jours, CNFPT")
    await anne.tap("1. Gestion budgétaire")
    await anne.tap("Dupliquer")
    await anne.send("du 10 au 12 mai 2022")
    assert "• Date : 10 mai 2022" in anne.text and "• Fin : 12 mai 2022" in anne.text
    await anne.tap("Enregistrer")
    assert len(await stored(db, "formations_suivies")) == 2


async def test_the_current_emploi_says_a_ce_jour(anne: EngineChat) -> None:
    await open_rubrique(anne, "Emplois tenus")
    await anne.send("Gestionnaire paie, Ville de Lyon, depuis 2019")
    assert "• Fin : à ce jour" in anne.text
    assert "➕ Fin" not in anne.labels


async def test_a_question_an_older_version_left_on_an_optional_field_is_asked_again(
    anne: EngineChat, db: Database
) -> None:
    await open_rubrique(anne, "Formations suivies")
    await anne.send(f"Laïcité, {LAST_YEAR}, 7 h")

    def asking_categorie(state: dict) -> None:
        # The previous version asked the optional fields one by one.
        state["draft"]["field"] = "categorie"
        state["screen"] = "ask"

    await edit_saved_state(db, "anne", asking_categorie)
    await anne.send("xyz")
    assert "Dans quel cadre l'avez-vous suivie ?" in anne.text
    await anne.tap("Perfectionnement")
    assert "• Catégorie : Perfectionnement" in anne.text


async def test_a_list_linked_to_a_formation_deleted_meanwhile_saves_no_dead_link(
    anne: EngineChat, db: Database
) -> None:
    await formation(anne, "Marchés publics, 14/03/2023, 7 h, CNFPT")
    await anne.tap("1. Marchés publics")
    await anne.tap("Ajouter une compétence")
    await anne.send("Rédaction d'un CCTP\nAnalyse des offres")
    await open_rubrique(anne, "Formations suivies")
    await anne.tap("1. Marchés publics")
    await anne.tap("Supprimer")
    await anne.tap("Oui, supprimer")
    await open_rubrique(anne, "Compétences")
    await anne.tap("Reprendre la liste")
    await anne.tap("Enregistrer les 2")
    assert "2 entrées enregistrées" in anne.text
    assert copy.ENTRY_GONE not in anne.text
    assert [c.formations for c in await stored(db, "competences")] == [[], []]


def test_every_grade_button_of_a_cadre_is_told_from_the_others() -> None:
    from dialogs.rubriques.asking import LISTED_BUTTON_MAX
    from dialogs.views import shorten_middle
    from livret.cadres import CADRES

    for cadre in CADRES:
        labels = {shorten_middle(g, LISTED_BUTTON_MAX) for g in cadre.grades}
        assert len(labels) == len(cadre.grades), cadre.nom
    assert {shorten_middle(c.nom, LISTED_BUTTON_MAX) for c in CADRES}.__len__() == len(CADRES)


def test_the_closed_lists_are_declared_where_they_are_used() -> None:
    from livret import references
    from livret.cadres import CADRES
    from livret.catalogue import CATALOGUE
    from livret.entries import Identite
    from livret.enums import Categorie, Filiere

    for rub in CATALOGUE:
        for spec in rub.fields:
            assert spec.ask.listed is None or spec.ask.listed in references.LISTS, spec.name
            assert spec.ask.identite is None or spec.ask.identite in Identite.model_fields
    for cadre in CADRES:
        Categorie(cadre.categorie), Filiere(cadre.filiere)
        assert cadre.grades, cadre.nom
    assert [o.label for o in references.search("cadres", {}, "rédac")] == [
        "Rédacteurs territoriaux"
    ]
    assert references.exact("cadres", {}, "atsem") is not None


# ---- buttons stay under the thumb (issue 18, point 3) ------------------------------------


async def test_the_menu_keeps_its_rows_when_an_entry_is_half_written(anne: EngineChat) -> None:
    await anne.send("/menu")
    before = anne.labels
    await open_rubrique(anne, "Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS Assistant de gestion")
    await anne.send("/menu")
    assert anne.labels[: len(before)] == before
    assert anne.labels[-1].startswith("▶ Reprendre la saisie")


async def test_ticking_an_entry_in_the_share_picker_moves_no_button(anne: EngineChat) -> None:
    from tests.test_proofs import jpeg

    await anne.add_diplome("BTS Assistant de gestion")
    await anne.tap("1. BTS")
    await anne.tap(copy.PROOF_ADD)
    await anne.send_file(jpeg())
    await anne.send("/menu")
    await anne.tap(copy.MENU_SHARE)
    await anne.tap("Diplômes et titres")
    before = [label[1:] for label in anne.labels]
    assert copy.SHARE_CHECK_ALL in anne.labels
    await anne.tap("☐ BTS")
    assert [label[1:] for label in anne.labels] == before
    # A proof ticked alone ticks its entry too.
    await anne.tap(copy.SHARE_UNCHECK_ALL)
    proof = next(
        label for label in anne.labels if label.strip().startswith("☐") and "BTS" not in label
    )
    await anne.tap(proof.strip())
    assert any(label.startswith("☑ BTS") for label in anne.labels), anne.labels


# ---- choices that fit reality (issue 18, point 4) ----------------------------------------


async def test_a_certificate_that_is_no_diplome_titre_or_cqp(
    anne: EngineChat, db: Database
) -> None:
    await open_rubrique(anne, "Certifications")
    await anne.tap("Ajouter une certification")
    await anne.send("Certificat Voltaire")
    assert "Autre certificat" in anne.labels
    await anne.tap("Autre certificat")
    await anne.tap("Formation continue")
    await anne.send("2022")
    await anne.tap("Enregistrer")
    [saved] = await stored(db, "certifications")
    assert saved.nature == "autre"


async def test_a_concours_result_agrees_with_anyone(anne: EngineChat) -> None:
    await open_rubrique(anne, "Concours")
    await anne.send("Rédacteur territorial, Concours interne, 2024")
    await anne.tap("➕ Résultat")
    assert {"Admis(e)", "Non admis(e)", "Admissible"} <= set(anne.labels)


async def test_a_number_typed_picks_the_button_of_that_number(
    anne: EngineChat, db: Database
) -> None:
    await anne.send("/menu")
    # The second button of the menu, as the terminal numbers them.
    await anne.send("2")
    assert anne.text.startswith("Diplômes et titres")
    await anne.send("42")
    assert anne.text == copy.NO_SUCH_BUTTON.format(number=42)
    assert await stored(db, "diplomes") == []
    await anne.add_diplome("BTS Assistant de gestion", "2010")
    await anne.add_diplome("Master Droit public", "2015")
    await anne.send("/menu")
    await anne.send("2")
    # On a list, the entry whose label starts with that number.
    numbered = next(label for label in anne.labels if label.startswith("2. "))
    await anne.send("2")
    assert anne.text.startswith(f"Diplômes et titres — {numbered[3:]}"), anne.text
    # Where a typed answer is asked, a number is that answer.
    await anne.send("/menu")
    await anne.send("2")
    await anne.tap("Ajouter un diplôme")
    await anne.send("Licence")
    await anne.send("2")
    assert "Je n'ai pas reconnu cette date." in anne.text


async def test_a_grade_typed_before_its_cadre_is_kept(newcomer: EngineChat) -> None:
    await open_rubrique(newcomer, "Identité et situation")
    await newcomer.tap("➕ Grade")
    await newcomer.send("rédacteur principal 2e classe")
    await newcomer.tap("➕ Cadre d'emplois")
    await newcomer.send("Rédacteurs territoriaux")
    # Not lost: written as the cadre writes it.
    assert "• Grade : Rédacteur principal de 2e classe" in newcomer.text
    assert "• Catégorie : Catégorie B" in newcomer.text


async def test_a_number_never_deletes_declines_or_drops(anne: EngineChat, db: Database) -> None:
    await anne.add_diplome("BTS Assistant de gestion", "2010")
    await anne.send("/menu")
    await anne.send("2")
    await anne.send("1")
    delete = next(i + 1 for i, label in enumerate(anne.labels) if "Supprimer" in label)
    await anne.send(str(delete))
    assert anne.text == copy.NUMBER_NOT_FOR_THAT.format(label=copy.DELETE)
    assert len(await stored(db, "diplomes")) == 1
    # "2." as a list shows it opens that entry, never a new one titled "2.".
    await anne.send("/menu")
    await anne.send("2")
    await anne.send("1.")
    assert anne.text.startswith("Diplômes et titres — BTS Assistant de gestion")
    await anne.send("/menu")
    await anne.send("0")
    assert anne.text == copy.NO_SUCH_BUTTON.format(number=0)


async def test_a_number_where_labels_carry_numbers_of_their_own_is_no_button(
    anne: EngineChat,
) -> None:
    await anne.send("/rappels")
    await anne.tap(copy.REMINDERS_HOUR)
    assert "8h" in anne.labels
    # "9" is 9h, never the ninth button (16h).
    await anne.send("9")
    assert copy.REMINDERS_SET in anne.text and "à 9h" in anne.text


async def test_an_hour_or_a_day_typed_instead_of_tapped(anne: EngineChat) -> None:
    await anne.send("/rappels")
    await anne.tap(copy.REMINDERS_HOUR)
    await anne.send("10h00")
    assert copy.REMINDERS_SET in anne.text and "à 10h" in anne.text
    await anne.tap(copy.REMINDERS_HOUR)
    await anne.send("3h du matin")
    assert copy.REMINDERS_HOUR_NOT_OFFERED in anne.text and "8h" in anne.labels
    await anne.send("23h")
    assert copy.REMINDERS_HOUR_NOT_OFFERED in anne.text
    await anne.send("/rappels")
    await anne.tap(copy.REMINDERS_DAY)
    await anne.send("Jeudi")
    assert copy.REMINDERS_SET in anne.text and "jeudi" in anne.text
    await anne.tap(copy.REMINDERS_DAY)
    await anne.send("demain")
    assert copy.REMINDERS_DAY_UNKNOWN in anne.text and "Lundi" in anne.labels


# ---- links seen from both sides (issue 18, point 7) -----------------------------------


async def test_formations_suivies_and_dispensees_are_told_apart_when_linked(
    anne: EngineChat, db: Database
) -> None:
    from livret.entries import FormationDispensee, FormationSuivie

    async with db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        data = {"intitule": "Excel", "date_debut": "2021", "duree": "2 jour"}
        await tx.add_entry(agent, "formations_suivies", FormationSuivie.model_validate(data))
        await tx.add_entry(agent, "formations_dispensees", FormationDispensee.model_validate(data))
    await open_rubrique(anne, "Compétences")
    await anne.tap("Ajouter une compétence")
    await anne.send("Tableur")
    assert "☐ Excel (2021) · suivie" in anne.labels
    assert "☐ Excel (2021) · dispensée" in anne.labels
    await anne.tap("☐ Excel (2021) · dispensée")
    assert "☑ Excel (2021) · dispensée" in anne.labels
    assert "☐ Excel (2021) · suivie" in anne.labels
    await anne.tap("Enregistrer")
    await anne.tap("1. Tableur")
    await anne.tap("Supprimer")
    # Deleting it says which links go, and that the formation stays.
    assert copy.CONFIRM_DELETE_LINKS.format(names="Excel (2021)") in anne.text


async def test_a_formation_s_modifier_links_and_unlinks_its_competences(
    anne: EngineChat, db: Database
) -> None:
    from livret.entries import Competence

    await formation(anne, "Excel niveau 2, 03/2024, 2 jours, CNFPT")
    async with db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        for name in ("Tableur", "Rédaction administrative"):
            await tx.add_entry(agent, "competences", Competence.model_validate({"intitule": name}))
    await open_rubrique(anne, "Formations suivies")
    await anne.tap("1. Excel niveau 2")
    await anne.tap(copy.EDIT)
    await anne.tap(copy.RELINK_OPEN.format(title="Compétences"))
    assert "Compétences : cochez ce qui vient de « Excel niveau 2 (mars 2024) »." in anne.text
    assert anne.labels[:2] == ["☐ Tableur", "☐ Rédaction administrative"]
    first_tap = anne.button("☐ Tableur")
    await anne.tap("☐ Tableur")
    assert "☑ Tableur" in anne.labels
    # The same box tapped again from before: refused, nothing changed twice.
    await anne.tap_data(first_tap)
    assert anne.text == copy.STALE_BUTTON
    await anne.tap("☑ Tableur")
    assert "☐ Tableur" in anne.labels
    await anne.tap("☐ Tableur")
    [tableur, redaction] = await stored(db, "competences")
    assert tableur.formations and not redaction.formations
    await anne.tap(copy.RELINK_DONE)
    # The formation's card names it, and the compétence's own card the formation.
    assert "Tableur" in anne.text and "Rédaction administrative" not in anne.text
    await open_rubrique(anne, "Compétences")
    await anne.tap("Tableur")
    assert "• Formations : Excel niveau 2 (mars 2024)" in anne.text


# ---- order (issue 18, point 8) ---------------------------------------------------------


async def test_the_agent_changes_the_order_and_the_documents_follow_it(
    engine: Engine, anne: EngineChat, db: Database
) -> None:
    await formation(anne, "Excel, 03/2021, 2 jours, CNFPT")
    await formation(anne, "Management, 05/2024, 3 jours, CNFPT")
    await formation(anne, "Marchés publics, 2022, 1 jour, CDG 69")
    await open_rubrique(anne, "Formations suivies")
    # By date at first, the most recent first.
    listed = "1. Management (mai 2024) · déclarée\n2. Marchés publics (2022) · déclarée\n3. Excel"
    assert listed in anne.text
    await anne.tap(copy.ORDER_CHANGE)
    await anne.tap("⬆ 3. Excel (mars 2021)")
    assert anne.labels[:5:2] == [
        "⬆ 1. Management (mai 2024)",
        "⬆ 2. Excel (mars 2021)",
        "⬆ 3. Marchés publics (2022)",
    ]
    await anne.tap("⬆ 2. Excel (mars 2021)")
    await anne.tap("⬆ 1. Excel (mars 2021)")
    assert copy.ORDER_FIRST in anne.text
    await anne.tap(copy.ORDER_DONE)
    d = " · déclarée"
    assert f"1. Excel (mars 2021){d}\n2. Management (mai 2024){d}\n3. Marchés publics" in anne.text
    # A formation written since comes first, where it can be seen, until it is moved.
    await formation(anne, "Word, 2019, 1 jour, CNFPT")
    await open_rubrique(anne, "Formations suivies")
    assert f"1. Word (2019){d}\n2. Excel (mars 2021){d}\n3. Management (mai 2024)" in anne.text
    async with db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        assert agent is not None
    context = await load_context(db, agent, today())
    [formations] = [r for r in context.rubriques if r["code"] == "formations_suivies"]
    titles = [e["title"] for e in formations["entries"]]
    assert [t.split(" (")[0] for t in titles] == ["Word", "Excel", "Management", "Marchés publics"]
    # Back to dates.
    await anne.tap(copy.ORDER_CHANGE)
    await anne.tap(copy.ORDER_BY_DATE)
    assert copy.ORDER_DATED in anne.text
    assert copy.ORDER_BY_DATE not in anne.labels
    await anne.tap(copy.ORDER_DONE)
    listed = "1. Management (mai 2024) · déclarée\n2. Marchés publics (2022) · déclarée\n3. Excel"
    assert listed in anne.text


# ---- dates and durations (issue 18, point 5) ---------------------------------------------


async def test_past_events_in_the_future_and_implausible_dates_are_refused(
    anne: EngineChat, db: Database
) -> None:
    await open_rubrique(anne, "Identité et situation")
    await anne.tap("➕ Date de naissance")
    assert "Exemples : 14/07/1984" in anne.text
    await anne.send("14/07/2030")
    assert "« 14 juillet 2030 » est encore à venir" in anne.text
    await anne.send("2021")
    assert copy.DATE_BETWEEN.format(first=1946, last=2011) in anne.text
    await anne.send("14/07/1984")
    assert "• Date de naissance : 14 juillet 1984" in anne.text

    await open_rubrique(anne, "Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    await anne.send("Excel niveau 2")
    await anne.send("mars 2030")
    assert "« mars 2030 » est encore à venir" in anne.text
    await anne.send("mars 2024")
    await anne.send("9999 semaines")
    assert copy.DURATION_RANGE.format(largest=150, unit="semaines") in anne.text
    await anne.send("24 h sur 3 mois")
    assert "• Durée : 24 h" in anne.text


async def test_a_duration_said_in_words_on_one_line(anne: EngineChat, db: Database) -> None:
    await open_rubrique(anne, "Formations suivies")
    await anne.send("Accueil du public, 2 demi-journées, mai 2024, CNFPT")
    assert "• Durée : 1 jour" in anne.text
    await anne.tap("Enregistrer")
    [saved] = await stored(db, "formations_suivies")
    assert str(saved.duree) == "1 jour" and saved.organisme == "CNFPT"
    await open_rubrique(anne, "Formations suivies")
    await anne.send("Excel, 03/2024, 1 jour et demi, CNFPT")
    assert "• Durée : 1,5 jour" in anne.text and "• Organisme : CNFPT" in anne.text
    await anne.tap("Enregistrer")
    await open_rubrique(anne, "Formations suivies")
    await anne.send("Word, 04/2024, 3h30, CNFPT")
    assert "• Durée : 3,5 h" in anne.text and "• Organisme : CNFPT" in anne.text


# ---- help (issue 18, point 11) -----------------------------------------------------------


async def test_my_account_offers_my_data_and_the_erasure(anne: EngineChat) -> None:
    await anne.send("/menu")
    await anne.tap(copy.MENU_ACCOUNT)
    assert anne.labels[-3:] == [copy.ACCOUNT_MY_DATA, copy.ACCOUNT_ERASE, copy.BACK_MENU]
    await anne.tap(copy.ACCOUNT_MY_DATA)
    assert copy.EXPORT_PREPARING in anne.text
    assert any(r.pending is not None for r in anne.replies)
    await anne.send("/menu")
    await anne.tap(copy.MENU_ACCOUNT)
    await anne.tap(copy.ACCOUNT_ERASE)
    assert "Pour confirmer, tapez SUPPRIMER, en majuscules." in anne.text
    await anne.send("/aide")
    assert "/mesdonnees" in anne.text and "/supprimer" in anne.text


async def born_in_1985(anne: EngineChat) -> None:
    """Anne gives her birth date on her fiche d'identité, and is back on the menu."""
    await anne.tap("Identité et situation")
    await anne.tap("Date de naissance")
    await anne.send("12/03/1985")
    await anne.send("/menu")


async def test_a_date_of_the_career_before_the_agent_was_14_is_refused(anne: EngineChat) -> None:
    await born_in_1985(anne)
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS Assistant de gestion")
    await anne.send("1990")
    assert (
        "« 1990 » tombe avant vos 14 ans (date de naissance : 12 mars 1985) : vérifiez cette date."
        in anne.text
    )
    await anne.send("2005")
    assert "Vérifiez" in anne.text and "2005" in anne.text


async def test_a_session_still_to_come_has_no_result_but_en_cours(anne: EngineChat) -> None:
    await anne.tap("Concours et examens")
    await anne.send(f"Rédacteur territorial, examen professionnel, {today().year + 1}")
    await anne.tap("Résultat")
    await anne.tap("Admis(e)")
    assert "est encore à venir : son résultat ne peut être que « En cours »" in anne.text
    await anne.tap("En cours")
    assert "Vérifiez" in anne.text and "En cours" in anne.text


async def test_a_line_dated_before_the_agent_was_14_is_asked_again(anne: EngineChat) -> None:
    await born_in_1985(anne)
    await anne.tap("Diplômes et titres")
    await anne.send("BTS Assistant de gestion, 1990")
    await anne.tap("Enregistrer")
    assert "« 1990 » tombe avant vos 14 ans" in anne.text
    assert "Quand l'avez-vous obtenu ?" in anne.text
    await anne.send("2005")
    await anne.tap("Enregistrer")
    # A pasted list: the line dated too early stays on the list, its date to give again.
    await anne.send("Licence AES, 1991\nMaster AES, 2009")
    await anne.tap("Enregistrer les 2")
    assert "✅ 1 entrée enregistrée." in anne.text
    assert "« 1991 » tombe avant vos 14 ans" in anne.text
    assert "Compléter la n° 1" in " ".join(anne.labels)
