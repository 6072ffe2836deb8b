"""Field widgets: answers read as people type them, or refused with a French sentence."""

from datetime import date

import pytest

from dialogs import copy
from dialogs.widgets import (
    AnswerError,
    check_order,
    parse_answer,
    parse_choice,
    parse_date,
    parse_duration,
    parse_number,
    parse_text,
    parse_yesno,
)
from livret.catalogue import rubrique
from livret.display import show_value
from livret.fields import FieldSpec, field_spec
from livret.values import Duration, PartialDate


def spec(code: str, name: str) -> FieldSpec:
    return field_spec(rubrique(code).model, name)


SHORT = spec("diplomes", "intitule")
LONG = spec("projet", "projet")
NIVEAU = spec("diplomes", "niveau")
CATEGORIE = spec("emplois", "categorie")
CADRE = spec("formations_suivies", "categorie")
CPF = spec("formations_suivies", "cpf")


# ---- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12/03/2021", PartialDate(2021, 3, 12)),
        ("03/2021", PartialDate(2021, 3)),
        ("3/2021", PartialDate(2021, 3)),
        ("mars 2021", PartialDate(2021, 3)),
        ("1er mars 2021", PartialDate(2021, 3, 1)),
        ("1 mars 2021", PartialDate(2021, 3, 1)),
        ("2021", PartialDate(2021)),
        ("12-03-2021", PartialDate(2021, 3, 12)),
        ("12.03.2021", PartialDate(2021, 3, 12)),
        ("2021-03-12", PartialDate(2021, 3, 12)),
        ("12/03/21", PartialDate(2021, 3, 12)),
        ("Février 2020", PartialDate(2020, 2)),
        ("fevrier 2020", PartialDate(2020, 2)),
        ("FÉVRIER 2020", PartialDate(2020, 2)),
        ("  août 2019 ", PartialDate(2019, 8)),
        ("aout 2019", PartialDate(2019, 8)),
        ("sept. 2018", PartialDate(2018, 9)),
        ("juil 2018", PartialDate(2018, 7)),
        ("juin 2018", PartialDate(2018, 6)),
        ("29/02/2020", PartialDate(2020, 2, 29)),
        ("en 2015", PartialDate(2015)),
        ("le 5 mai 2015", PartialDate(2015, 5, 5)),
    ],
)
def test_dates_are_read_as_people_type_them(typed: str, expected: PartialDate) -> None:
    assert parse_date(typed) == expected


def test_a_two_digit_year_lands_in_the_past() -> None:
    last_century = (date.today().year % 100) + 1
    assert parse_date(f"01/01/{last_century:02d}").year == 1900 + last_century
    assert parse_date("01/01/05").year == 2005


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2021", "Le 31 février 2021 n'existe pas : ce mois-là compte 28 jours."),
        ("29/02/2021", "Le 29 février 2021 n'existe pas : ce mois-là compte 28 jours."),
        ("31/04/2021", "Le 31 avril 2021 n'existe pas : ce mois-là compte 30 jours."),
        ("demain", copy.DATE_UNKNOWN),
        ("hier", copy.DATE_UNKNOWN),
        ("", copy.DATE_UNKNOWN),
        ("   ", copy.DATE_UNKNOWN),
        ("13/2021", "Il n'y a pas de mois 13 : les mois vont de 1 à 12."),
        ("12/13/2021", "Il n'y a pas de mois 13 : les mois vont de 1 à 12."),
        ("03/04", copy.DATE_NO_YEAR),
        ("1850", "L'année 1850 ne semble pas possible ici. Vérifiez-la."),
        ("brumaire 2021", copy.DATE_UNKNOWN),
        ("mars", copy.DATE_UNKNOWN),
    ],
)
def test_impossible_or_ambiguous_dates_are_refused_in_french(typed: str, message: str) -> None:
    with pytest.raises(AnswerError) as refused:
        parse_date(typed)
    assert str(refused.value) == message


def test_a_date_far_in_the_future_is_refused() -> None:
    year = date.today().year + 50
    with pytest.raises(AnswerError, match=f"L'année {year} ne semble pas possible"):
        parse_date(str(year))


def test_the_date_messages_tell_what_to_type() -> None:
    assert "12/03/2021" in copy.DATE_UNKNOWN
    assert "mars 2021" in copy.DATE_UNKNOWN
    assert "année" in copy.DATE_NO_YEAR


# ---- durations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3 jours", Duration(3, "jour")),
        ("3 j", Duration(3, "jour")),
        ("21 h", Duration(21, "h")),
        ("21h", Duration(21, "h")),
        ("21 heures", Duration(21, "h")),
        ("1,5 jour", Duration(1.5, "jour")),
        ("1.5 jour", Duration(1.5, "jour")),
        ("2 semaines", Duration(2, "semaine")),
        ("6 mois", Duration(6, "mois")),
        ("1 an", Duration(1, "an")),
        ("2 années", Duration(2, "an")),
        ("3h30", Duration(3.5, "h")),
        ("3 h 30", Duration(3.5, "h")),
        ("2 Journées", Duration(2, "jour")),
        # The common French ways (issue 18, point 5).
        ("une journée", Duration(1, "jour")),
        ("2 demi-journées", Duration(1, "jour")),
        ("24 h sur 3 mois", Duration(24, "h")),
        ("1.000 h", Duration(1000, "h")),
        ("1 000 heures", Duration(1000, "h")),
        ("1.5 h", Duration(1.5, "h")),
        ("30 h réparties sur l'année", Duration(30, "h")),
        ("deux jours et demi", Duration(2.5, "jour")),
        ("trois semaines", Duration(3, "semaine")),
        ("5 jours en 2023", Duration(5, "jour")),
        ("½ jour", Duration(0.5, "jour")),
        ("une demi-journée", Duration(0.5, "jour")),
        ("une matinée", Duration(0.5, "jour")),
        ("45 minutes", Duration(0.75, "h")),
        ("3 h 30 min", Duration(3.5, "h")),
        ("1 heure 30", Duration(1.5, "h")),
        ("un jour et demi", Duration(1.5, "jour")),
        ("une heure et demie", Duration(1.5, "h")),
        ("3 jours en présentiel", Duration(3, "jour")),
    ],
)
def test_durations_are_read_in_their_unit(typed: str, expected: Duration) -> None:
    assert parse_duration(typed) == expected


def test_a_duration_reads_back_as_it_was_typed() -> None:
    assert parse_duration("1,5 jour").french() == "1,5 jour"
    assert parse_duration("3 jours").french() == "3 jours"
    assert parse_duration("21 h").french() == "21 h"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("3", "Précisez l'unité : 3 h, 3 jours, 3 semaines…"),
        ("beaucoup", copy.DURATION_UNKNOWN),
        ("3 lunes", copy.DURATION_UNKNOWN),
        ("0 jour", copy.DURATION_RANGE.format(largest=600, unit="jours")),
        ("9999 semaines", copy.DURATION_RANGE.format(largest=150, unit="semaines")),
        ("5000 h", copy.DURATION_RANGE.format(largest="3 000", unit="h")),
        ("Excel sur 3 jours", copy.DURATION_UNKNOWN),
        # Two amounts, or a rhythm: asked again rather than cut to the first.
        ("3 jours par semaine", copy.DURATION_UNKNOWN),
        ("2 jours en présentiel et 1 jour à distance", copy.DURATION_UNKNOWN),
        ("3h75", copy.DURATION_UNKNOWN),
        ("", copy.DURATION_UNKNOWN),
    ],
)
def test_unclear_durations_are_refused_in_french(typed: str, message: str) -> None:
    with pytest.raises(AnswerError) as refused:
        parse_duration(typed)
    assert str(refused.value) == message


# ---- text -------------------------------------------------------------------------------


def test_a_text_is_kept_as_typed_without_surrounding_blanks() -> None:
    assert parse_text("  BTS Assistant de gestion \n", SHORT) == "BTS Assistant de gestion"
    assert parse_text("Ligne 1\nLigne 2", LONG) == "Ligne 1\nLigne 2"


def test_a_short_text_stops_at_200_characters() -> None:
    assert parse_text("x" * 200, SHORT) == "x" * 200
    with pytest.raises(AnswerError) as refused:
        parse_text("x" * 201, SHORT)
    assert str(refused.value) == (
        "Votre texte fait 201 caractères ; la limite ici est de 200. "
        "Raccourcissez-le et renvoyez-le : rien n'a été perdu."
    )


def test_a_long_text_stops_at_2000_characters() -> None:
    assert parse_text("y" * 2000, LONG) == "y" * 2000
    with pytest.raises(AnswerError, match="Votre texte fait 2001 caractères ; la limite ici est"):
        parse_text("y" * 2001, LONG)


@pytest.mark.parametrize("blank", ["", "   ", "\n\t "])
def test_a_blank_text_is_refused(blank: str) -> None:
    with pytest.raises(AnswerError) as refused:
        parse_text(blank, SHORT)
    assert str(refused.value) == copy.EMPTY_ANSWER


@pytest.mark.parametrize(
    "typed",
    ["🎓🎓", "👩‍🎓", "مرحبا بالعالم", "שלום עולם", "Ça & <b>là</b>", "Crèche « Les Lutins »"],
)
def test_emoji_and_right_to_left_texts_are_accepted_as_typed(typed: str) -> None:
    assert parse_text(typed, SHORT) == typed
    assert parse_answer(SHORT, typed) == typed


# ---- choices ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Catégorie A", "A"),
        ("categorie a", "A"),
        ("CATÉGORIE B", "B"),
        ("c", "C"),
    ],
)
def test_a_choice_is_read_from_its_label(typed: str, expected: str) -> None:
    assert parse_choice(typed, CATEGORIE) == expected


def test_a_choice_label_matches_without_accents_or_case() -> None:
    assert parse_choice("formation d'integration", CADRE) == "integration"
    assert parse_choice("PRÉPARATION AUX CONCOURS ET EXAMENS", CADRE) == "prepa_concours"
    assert parse_choice("Niveau 5 (Bac+2 : BTS, DUT, DEUST)", NIVEAU) == "5"
    assert parse_choice("niveau 8 (doctorat)", NIVEAU) == "8"


@pytest.mark.parametrize("typed", ["3", "Catégorie D", "cadre A", ""])
def test_an_answer_outside_the_choices_is_refused(typed: str) -> None:
    with pytest.raises(AnswerError) as refused:
        parse_choice(typed, CATEGORIE)
    assert str(refused.value) == copy.CHOICE_EXPECTED


@pytest.mark.parametrize("typed", ["3", "0", "2"])
def test_a_number_typed_on_the_niveau_question_is_refused(typed: str) -> None:
    # The buttons read "Niveau 3 (CAP, BEP)", "Niveau 4 (Bac)"…: a bare
    # number is ambiguous (the third button? niveau 3?) and must not be read as a stored code.
    with pytest.raises(AnswerError) as refused:
        parse_choice(typed, NIVEAU)
    assert str(refused.value) == copy.CHOICE_EXPECTED


# ---- yes/no and numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("oui", True), ("Oui", True), ("OUI ", True), ("o", True), ("non", False), ("Non", False)],
)
def test_yes_or_no(typed: str, expected: bool) -> None:
    assert parse_yesno(typed) is expected
    assert parse_answer(CPF, typed) is expected


@pytest.mark.parametrize("typed", ["peut-être", "1", ""])
def test_anything_else_than_yes_or_no_is_refused(typed: str) -> None:
    with pytest.raises(AnswerError) as refused:
        parse_yesno(typed)
    assert str(refused.value) == copy.YESNO_EXPECTED


def test_numbers() -> None:
    assert parse_number("2") == 2
    assert parse_number(" 1 200 ") == 1200
    for typed in ("deux", "2,5", "-1"):
        with pytest.raises(AnswerError, match="J'attends un nombre entier"):
            parse_number(typed)
    with pytest.raises(AnswerError, match="Ce nombre semble bien grand"):
        parse_number("1000000")


# ---- answers in their stored form, and shown back ---------------------------------------


def test_parse_answer_gives_the_stored_form() -> None:
    assert parse_answer(spec("diplomes", "date_obtention"), "1er mars 2021") == "2021-03-01"
    assert parse_answer(spec("formations_suivies", "duree"), "1,5 jour") == "1.5 jour"
    assert parse_answer(spec("tutorat", "personnes"), "2") == 2
    assert parse_answer(CATEGORIE, "Catégorie B") == "B"


def test_links_are_tapped_not_typed() -> None:
    with pytest.raises(AnswerError) as refused:
        parse_answer(spec("competences", "formations"), "Excel")
    assert str(refused.value) == copy.LINKS_TAP


def test_stored_values_are_shown_in_french() -> None:
    assert show_value(spec("diplomes", "date_obtention"), "2021-03-01") == "1er mars 2021"
    assert show_value(spec("formations_suivies", "duree"), "21 h") == "21 h"
    assert show_value(NIVEAU, "4") == "Niveau 4 (Bac)"
    assert show_value(CPF, True) == "Oui"
    assert show_value(CPF, False) == "Non"
    assert show_value(SHORT, None) == ""
    links = spec("competences", "formations")
    assert show_value(links, [3, 5], {3: "Excel (2021)", 5: "Word (2020)"}) == (
        "Excel (2021), Word (2020)"
    )
    assert show_value(links, [], {}) == ""


def test_an_end_before_its_start_is_refused_with_both_dates() -> None:
    emplois = rubrique("emplois")
    check_order(emplois, {"date_debut": "2015-09", "date_fin": "2018"})
    check_order(emplois, {"date_debut": "2015-09", "date_fin": "2015"})
    check_order(emplois, {"date_debut": "2015-09"})
    with pytest.raises(AnswerError) as refused:
        check_order(emplois, {"date_debut": "2015-09", "date_fin": "2014-06-30"})
    assert (
        str(refused.value)
        == "La date « Fin » (30 juin 2014) ne peut pas précéder la date « Début » (septembre 2015)."
    )
