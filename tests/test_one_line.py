"""An entry typed in one message on its rubrique's screen: what the agent sees on the card,
what is asked, and what is saved (nothing before the card is confirmed)."""

from pathlib import Path

from dialogs import copy
from livret.catalogue import CATALOGUE
from storage import Database
from tests.chat import EngineChat
from tests.cli import chat, sign_up


async def saved(db: Database, rubrique: str) -> list[dict[str, object]]:
    async with db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        assert agent is not None
        return [e.data.model_dump(mode="json") for e in await tx.entries(agent, rubrique)]


async def test_an_empty_rubrique_says_both_ways_in_one_line(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")
    assert (
        "Touchez « Ajouter » pour répondre question par question, ou écrivez tout en un "
        "message : intitulé, date, durée, catégorie, organisme, niveau."
    ) in anne.text


async def test_a_formation_typed_with_commas_is_saved_in_two_answers(
    anne: EngineChat, db: Database
) -> None:
    await anne.tap("Formations suivies")

    await anne.send("Gestion budgétaire et comptable, du 15 au 17 mars 2021, 3 jours, CNFPT")
    assert anne.text.startswith("Voici ce que j'ai compris.")
    assert "• Intitulé : Gestion budgétaire et comptable" in anne.text
    # The range gives the start and the end.
    assert "• Date : 15 mars 2021" in anne.text
    assert "• Fin : 17 mars 2021" in anne.text
    assert "• Durée : 3 jours" in anne.text
    assert "• Organisme : CNFPT" in anne.text
    # What was not given is offered to complete, not listed blank.
    assert "• Catégorie :" not in anne.text
    assert (
        "Facultatif, à compléter si vous le souhaitez : catégorie · niveau · au titre du CPF."
    ) in anne.text
    # Nothing is saved before the card is confirmed.
    assert await saved(db, "formations_suivies") == []

    await anne.tap("Enregistrer")
    assert "✅ Enregistré : Gestion budgétaire et comptable (15 mars 2021)." in anne.text
    [formation] = await saved(db, "formations_suivies")
    assert formation["intitule"] == "Gestion budgétaire et comptable"
    assert formation["date_debut"] == "2021-03-15"
    assert formation["date_fin"] == "2021-03-17"
    assert formation["organisme"] == "CNFPT"
    assert formation["duree"] == "3 jour"
    assert formation["categorie"] is None


async def test_a_formation_typed_with_dashes_keeps_the_colon_of_its_title(
    anne: EngineChat,
) -> None:
    await anne.tap("Formations suivies")

    await anne.send(
        "Marchés publics : les fondamentaux — 14/03/2023 — 7 h — Centre de gestion du Rhône"
    )
    assert "• Intitulé : Marchés publics : les fondamentaux" in anne.text
    assert "• Date : 14 mars 2023" in anne.text
    assert "• Durée : 7 h" in anne.text
    assert "• Organisme : Centre de gestion du Rhône" in anne.text
    assert anne.labels == [
        "✅ Enregistrer",
        "➕ Fin",
        "➕ Catégorie",
        "➕ Niveau",
        "➕ Au titre du CPF",
        "✏️ Modifier une réponse",
        "✖ Annuler",
    ]


async def test_a_title_with_a_comma_stays_one_title(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")

    await anne.send("Hygiène, sécurité et conditions de travail, 2022, 2 jours, CNFPT")
    assert "• Intitulé : Hygiène, sécurité et conditions de travail" in anne.text
    assert "• Organisme : CNFPT" in anne.text


async def test_a_title_that_reads_like_a_range_is_a_title(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")

    await anne.send("De la théorie à la pratique, 2022, 2 jours")
    assert "• Intitulé : De la théorie à la pratique" in anne.text
    assert "• Date : 2022" in anne.text


async def test_an_ambiguous_date_is_asked_about_never_guessed(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")

    await anne.send("Accueil du public, 03/04, 1 jour")
    assert "« 03/04 » : il manque l'année : écrivez par exemple 12/03/2021." in anne.text
    assert "Voici ce que j'ai compris ; il me manque : date." in anne.text
    assert "Quand l'avez-vous suivie ?" in anne.text

    await anne.send("03/04/2022")
    assert "• Date : 3 avril 2022" in anne.text
    assert "• Intitulé : Accueil du public" in anne.text
    assert "• Durée : 1 jour" in anne.text


async def test_what_is_missing_is_asked_then_the_card(anne: EngineChat, db: Database) -> None:
    await anne.tap("Formations suivies")

    await anne.send("Prévention des risques psychosociaux")
    assert "il me manque : date, durée." in anne.text
    assert "(2/3) Quand l'avez-vous suivie ?" in anne.text
    await anne.send("2020")
    assert "(3/3) Quelle a été la durée de la formation ?" in anne.text
    await anne.send("2 jours")
    assert "• Intitulé : Prévention des risques psychosociaux" in anne.text
    # The optional fields are on the card, to complete, not asked.
    assert "• Organisme :" not in anne.text
    assert (
        "Facultatif, à compléter si vous le souhaitez : fin · catégorie · organisme · niveau · "
        "au titre du CPF."
    ) in anne.text
    assert "➕ Organisme" in anne.labels
    await anne.tap("Enregistrer")
    [formation] = await saved(db, "formations_suivies")
    assert formation["organisme"] is None


async def test_an_emploi_held_to_this_day(anne: EngineChat, db: Database) -> None:
    await anne.tap("Emplois tenus")

    await anne.send("Chargée de communication, Ville de Lyon, 2015 - à ce jour")
    assert "• Emploi : Chargée de communication" in anne.text
    assert "• Employeur : Ville de Lyon" in anne.text
    assert "• Début : 2015" in anne.text
    # Still held: an answer, not a blank to complete.
    assert "• Fin : à ce jour" in anne.text
    assert "➕ Fin" not in anne.labels
    await anne.tap("Enregistrer")
    [emploi] = await saved(db, "emplois")
    assert emploi["date_fin"] is None


async def test_a_range_of_years_gives_the_start_and_the_end(anne: EngineChat) -> None:
    await anne.tap("Emplois tenus")

    await anne.send("Assistante RH, CCAS de Villeurbanne, 2010-2014")
    assert "• Début : 2010" in anne.text
    assert "• Fin : 2014" in anne.text


async def test_an_end_before_its_start_is_said_and_both_asked(anne: EngineChat) -> None:
    await anne.tap("Emplois tenus")

    await anne.send("Assistante RH, CCAS de Villeurbanne, 2014 - 2010")
    assert "La date « Fin » (2010) ne peut pas précéder la date « Début » (2014)." in anne.text
    # The end is asked too ("Je l'occupe toujours" is an answer), after the start.
    assert "il me manque : début, fin." in anne.text
    assert "(3/4) Depuis quand (date de début) ?" in anne.text
    await anne.send("2009")
    assert "(4/4) Jusqu'à quand (date de fin) ?" in anne.text
    assert "Je l'occupe toujours" in anne.labels
    await anne.send("2010")
    assert "• Début : 2009" in anne.text
    assert "• Fin : 2010" in anne.text


async def test_a_diplome_puts_each_word_in_its_field(anne: EngineChat) -> None:
    await anne.tap("Diplômes")

    await anne.send("BTS Assistant de gestion PME-PMI, Lycée Ampère, 2004")
    assert "• Intitulé : BTS Assistant de gestion PME-PMI" in anne.text
    assert "• Établissement : Lycée Ampère" in anne.text
    assert "• Date d'obtention : 2004" in anne.text


async def test_words_no_field_takes_are_said(anne: EngineChat) -> None:
    await anne.tap("Diplômes")

    await anne.send("Licence de droit, Université Lyon 3, 2008, mention bien")
    assert "• Établissement : Université Lyon 3" in anne.text
    assert "Je n'ai pas su où mettre : « mention bien »." in anne.text


async def test_text_stays_exactly_as_typed(anne: EngineChat, db: Database) -> None:
    await anne.tap("Formations suivies")
    title = "Excel 🚀 {{ x }} & <b> — تدريب"

    await anne.send(f"{title.replace(' — ', ' ')}, 2023, 1 jour")
    await anne.tap("Enregistrer")
    [formation] = await saved(db, "formations_suivies")
    assert formation["intitule"] == "Excel 🚀 {{ x }} & <b> تدريب"


SIX = """Gestion budgétaire et comptable, du 15 au 17 mars 2021, 3 jours, CNFPT
Marchés publics : les fondamentaux — 14/03/2023 — 7 h — Centre de gestion du Rhône
Accueil du public, 03/04, 1 jour
Prévention des risques psychosociaux, 2020, 2 jours, CNFPT
Excel perfectionnement, 2019, 1 jour
Management d'équipe, mars 2022, 5 jours, INSET"""


async def test_a_pasted_list_is_reviewed_then_saved_together(
    anne: EngineChat, db: Database
) -> None:
    await anne.tap("Formations suivies")

    await anne.send(SIX)
    assert (
        "Ligne 3 : « 03/04 » : il manque l'année : écrivez par exemple 12/03/2021."
    ) in anne.text
    assert "J'ai lu 6 entrées. Vérifiez-les avant de les enregistrer :" in anne.text
    assert (
        "1. Gestion budgétaire et comptable · 15 mars 2021 · 17 mars 2021 · 3 jours · CNFPT"
    ) in anne.text
    assert "3. Accueil du public · 1 jour — ⚠ il manque : date" in anne.text
    assert anne.labels == [
        "✅ Enregistrer les 5 complètes",
        "✏️ Compléter la n° 3",
        "✖ Annuler la liste",
    ]
    # Nothing is saved before "Enregistrer".
    assert await saved(db, "formations_suivies") == []

    await anne.tap("Enregistrer les 5 complètes")
    assert "✅ 5 entrées enregistrées." in anne.text
    assert "1. Accueil du public · 1 jour — ⚠ il manque : date" in anne.text
    assert len(await saved(db, "formations_suivies")) == 5

    await anne.tap("Compléter la n° 1")
    assert "Quand l'avez-vous suivie ?" in anne.text
    await anne.send("03/04/2022")
    await anne.tap("Enregistrer")
    assert "6 entrées :" in anne.text
    titles = sorted(str(f["intitule"]) for f in await saved(db, "formations_suivies"))
    assert titles == [
        "Accueil du public",
        "Excel perfectionnement",
        "Gestion budgétaire et comptable",
        "Management d'équipe",
        "Marchés publics : les fondamentaux",
        "Prévention des risques psychosociaux",
    ]


async def test_a_list_all_complete_is_saved_in_one_tap(anne: EngineChat, db: Database) -> None:
    await anne.tap("Emplois tenus")

    await anne.send(
        "Assistante RH, CCAS de Villeurbanne, 2010-2014\n"
        "Chargée de communication, Ville de Lyon, 2015 - à ce jour"
    )
    assert anne.labels == ["✅ Enregistrer les 2", "✖ Annuler la liste"]
    await anne.tap("Enregistrer les 2")
    assert "✅ 2 entrées enregistrées." in anne.text
    assert len(await saved(db, "emplois")) == 2


async def test_a_list_over_the_limit_is_refused_with_the_limit(
    anne: EngineChat, db: Database
) -> None:
    await anne.tap("Formations suivies")

    await anne.send("\n".join(f"Formation {n}, 2020, 1 jour" for n in range(31)))
    assert anne.text == (
        "Votre message compte 31 lignes : j'en lis 30 au plus à la fois. Envoyez-les en "
        "plusieurs messages."
    )
    assert await saved(db, "formations_suivies") == []


async def test_a_list_dropped_saves_nothing(anne: EngineChat, db: Database) -> None:
    await anne.tap("Formations suivies")
    await anne.send(SIX)

    await anne.tap("Annuler la liste")
    assert copy.LINES_DROPPED in anne.text
    assert await saved(db, "formations_suivies") == []


async def test_a_list_left_waits_on_its_rubrique(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")
    await anne.send(SIX)
    await anne.send("/menu")
    await anne.tap("Formations suivies")
    assert "📋 Reprendre la liste (6)" in anne.labels

    await anne.send("Excel, 2023, 1 jour\nWord, 2022, 1 jour")
    assert copy.LINES_PENDING in anne.text
    assert "J'ai lu" not in anne.text
    assert "✅ Enregistrer les 5 complètes" in anne.labels


async def test_an_entry_being_written_is_not_dropped_for_a_typed_one(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")
    await anne.tap("Ajouter une formation suivie")
    await anne.send("Management d'équipe")
    await anne.send("/menu")
    await anne.tap("Formations suivies")

    await anne.send("Excel, 2023, 1 jour")
    assert "Vous n'avez pas fini de saisir une formation suivie" in anne.text
    assert "▶ Reprendre" in anne.labels
    await anne.tap("Reprendre")
    assert "Quand l'avez-vous suivie ?" in anne.text


async def test_a_typed_entry_is_cancelled_with_nothing_saved(
    anne: EngineChat, db: Database
) -> None:
    await anne.tap("Formations suivies")
    await anne.send("Excel, 2023, 1 jour")

    await anne.tap("Annuler")
    assert copy.CANCELLED in anne.text
    assert await saved(db, "formations_suivies") == []


def test_a_formation_typed_in_one_line_through_livret_chat(tmp_path: Path) -> None:
    sign_up(tmp_path)
    number = next(i for i, r in enumerate(CATALOGUE, start=1) if r.code == "formations_suivies")

    done = chat(
        tmp_path,
        [str(number), "Gestion budgétaire et comptable, 15/03/2021, 3 jours, CNFPT", "Enregistrer"],
    )

    assert done.returncode == 0, done.stderr
    assert "• Organisme : CNFPT" in done.stdout
    assert "✅ Enregistré : Gestion budgétaire et comptable (15 mars 2021)." in done.stdout


async def test_a_day_that_does_not_exist_in_a_range_is_said_and_asked(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")

    await anne.send("Excel, du 30 au 1er février 2022, 2 jours")
    assert "« du 30 au 1er février 2022 » : le 30 février 2022 n'existe pas" in anne.text
    assert "Quand l'avez-vous suivie ?" in anne.text


async def test_a_comma_before_a_number_still_cuts(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")

    await anne.send("Excel,2023,1 jour,CNFPT")
    assert "• Date : 2023" in anne.text
    assert "• Durée : 1 jour" in anne.text
    assert "• Organisme : CNFPT" in anne.text


async def test_a_decimal_duration_is_not_cut(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")

    await anne.send("Excel, 2023, 1,5 jour")
    assert "• Durée : 1,5 jour" in anne.text


async def test_a_second_date_is_said_not_taken_as_a_text(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")

    # A second date is the end of the formation; a third has nowhere to go.
    await anne.send("Excel, 2023, 2024, 2025, 1 jour")
    assert "• Date : 2023" in anne.text
    assert "• Fin : 2024" in anne.text
    assert "• Organisme :" not in anne.text
    assert "➕ Organisme" in anne.labels
    assert "Je n'ai pas su où mettre : « 2025 »." in anne.text


async def test_a_range_for_a_diplome_is_asked_about(anne: EngineChat) -> None:
    await anne.tap("Diplômes")

    await anne.send("Master Droit public, Université Lyon 3, 2008-2010")
    assert "« 2008-2010 » : une seule date ici (Date d'obtention)" in anne.text
    assert "Quand l'avez-vous obtenu ?" in anne.text


async def test_a_choice_whose_label_holds_a_comma(anne: EngineChat) -> None:
    await anne.tap("Diplômes")

    await anne.send("Master 2 Droit public, Université Lyon 3, 2010, Niveau 7 (Master, ingénieur)")
    assert "• Niveau : Niveau 7 (Master, ingénieur)" in anne.text
    assert "• Établissement : Université Lyon 3" in anne.text


async def test_a_title_keeps_its_own_dash(anne: EngineChat, db: Database) -> None:
    await anne.tap("Formations suivies")

    await anne.send("Management - les bases, 2022, 2 jours, CNFPT")
    await anne.tap("Enregistrer")
    [formation] = await saved(db, "formations_suivies")
    assert formation["intitule"] == "Management - les bases"


async def test_a_choice_is_read_before_the_words_for_an_end(anne: EngineChat) -> None:
    await anne.tap("Concours et examens")

    await anne.send("Attaché territorial, Concours interne, 2022, En cours")
    assert "• Résultat : En cours" in anne.text


async def test_a_text_too_long_is_asked_again_and_said_so(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")

    await anne.send("Excel, 2021, 1 jour, " + "y" * 250)
    assert (
        "Organisme : le texte fait 250 caractères, la limite est de 200 ; je l'ai laissé de "
        "côté, ajoutez-le plus court avec « ➕ Organisme »."
    ) in anne.text
    # An optional field: the card comes, the organisme left to complete.
    assert "Vérifiez cette formation suivie avant de l'enregistrer :" in anne.text
    assert "• Organisme :" not in anne.text
    await anne.tap("➕ Organisme")
    assert "Quel organisme l'a proposée ?" in anne.text
    await anne.send("CNFPT")
    assert "• Organisme : CNFPT" in anne.text


async def test_a_line_being_completed_stays_on_the_list_when_cancelled(
    anne: EngineChat,
) -> None:
    await anne.tap("Formations suivies")
    await anne.send("Excel, 2019, 1 jour\nAccueil du public")
    await anne.tap("Compléter la n° 2")

    await anne.send("/annuler")
    assert copy.CANCELLED_LINE in anne.text
    assert "2. Accueil du public — ⚠ il manque : date, durée" in anne.text
    assert "✏️ Compléter la n° 2" in anne.labels


async def test_the_last_line_left_is_saved_with_a_singular(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")
    await anne.send("Excel, 2019, 1 jour\nAccueil du public")
    await anne.tap("Compléter la n° 2")
    await anne.send("2020")
    await anne.send("2 jours")

    await anne.tap("Enregistrer")
    assert "✅ Enregistré : Accueil du public (2020)." in anne.text
    assert "Reste à enregistrer :\n1. Excel · 2019 · 1 jour" in anne.text
    assert anne.labels == ["✅ Enregistrer l'entrée", "✖ Ne pas l'enregistrer"]


async def test_an_entry_of_another_rubrique_is_saved_where_it_belongs(
    anne: EngineChat,
) -> None:
    await anne.tap("Formations suivies")
    await anne.send("Excel, 2019, 1 jour\nAccueil du public")
    await anne.send("/menu")
    await anne.tap("Diplômes")

    await anne.send("BTS Assistant de gestion, 2004")
    await anne.tap("Enregistrer")
    assert "✅ Enregistré : BTS Assistant de gestion (2004)." in anne.text
    assert "Reste à enregistrer" not in anne.text and "Il reste à compléter" not in anne.text
    assert "📎 Joindre le diplôme maintenant" in anne.labels


async def test_a_line_with_a_text_too_long_is_to_complete(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")

    await anne.send("Excel, 2021, 1 jour, " + "y" * 250 + "\nWord, 2020, 2 jours")
    assert (
        "Ligne 1 : Organisme : le texte fait 250 caractères, la limite est de 200 ; je l'ai "
        "laissé de côté, ajoutez-le plus court avec « ➕ Organisme »."
    ) in anne.text
    # The organisme is optional: the line is complete without it.
    assert "1. Excel · 2021 · 1 jour\n" in anne.text
    assert "il manque" not in anne.text
    assert anne.labels == ["✅ Enregistrer les 2", "✖ Annuler la liste"]


async def test_help_on_the_list_says_what_cancel_does(anne: EngineChat) -> None:
    await anne.tap("Formations suivies")
    await anne.send("Excel, 2019, 1 jour\nWord, 2020, 1 jour")

    await anne.send("/aide")
    assert anne.text == copy.HELP_BATCH
