"""The pure domain: the catalogue, the field declarations, dates, durations and progress."""

from typing import Annotated

import pytest
from pydantic import ValidationError

from livret.catalogue import CATALOGUE, Rubrique, find_rubrique, rubrique
from livret.entries import Diplome, Emploi, FormationSuivie
from livret.enums import (
    Categorie,
    CategorieFormation,
    Filiere,
    Labeled,
    NatureActivite,
    NatureBilan,
    NatureCertification,
    NatureConcours,
    NiveauDiplome,
    ResultatConcours,
    VoieCertification,
)
from livret.fields import LONG_TEXT_MAX, SHORT_TEXT_MAX, Ask, field_specs
from livret.progress import State, progress
from livret.values import Duration, PartialDate

ALL_ENUMS: tuple[type[Labeled], ...] = (
    Categorie,
    CategorieFormation,
    Filiere,
    NatureActivite,
    NatureBilan,
    NatureCertification,
    NatureConcours,
    NiveauDiplome,
    ResultatConcours,
    VoieCertification,
)

# ---- the catalogue ------------------------------------------------------------------


def test_the_catalogue_lists_the_rubriques_in_the_order_of_the_livret() -> None:
    assert [r.code for r in CATALOGUE] == [
        "identite",
        "diplomes",
        "certifications",
        "formations_suivies",
        "formations_dispensees",
        "bilans_vae",
        "tutorat",
        "emplois",
        "competences",
        "concours",
        "activites",
        "projet",
    ]


def test_the_seven_rubriques_of_the_decret_are_present_and_marked() -> None:
    decret = [r.code for r in CATALOGUE if r.decret]
    assert decret == [
        "diplomes",
        "certifications",
        "formations_suivies",
        "formations_dispensees",
        "bilans_vae",
        "tutorat",
        "emplois",
    ]


def test_the_fields_named_by_the_decret_are_asked() -> None:
    def names(code: str) -> set[str]:
        return {f.name for f in rubrique(code).fields}

    assert {"intitule", "date_obtention"} <= names("diplomes")
    assert {"intitule", "date_obtention"} <= names("certifications")
    assert {"intitule", "date_debut", "duree", "niveau"} <= names("formations_suivies")
    assert {"intitule", "date_debut", "duree", "niveau"} <= names("formations_dispensees")
    assert {"date_debut", "duree"} <= names("bilans_vae")
    assert {"date_debut", "duree", "niveau"} <= names("tutorat")
    assert {"date_debut", "date_fin", "acquis"} <= names("emplois")


@pytest.mark.parametrize("rub", CATALOGUE, ids=lambda r: r.code)
def test_every_rubrique_has_a_title_a_purpose_and_explains_every_field(rub: Rubrique) -> None:
    assert rub.title.strip()
    assert rub.purpose.strip().endswith(".")
    assert rub.singular.strip()
    assert rub.fields, f"{rub.code} asks nothing"
    for spec in rub.fields:
        assert spec.ask.label.strip(), spec.name
        assert spec.ask.question.strip().endswith("?"), spec.name
        assert spec.ask.help.strip(), spec.name


def test_rubrique_codes_are_unique_and_short_enough_for_button_data() -> None:
    codes = [r.code for r in CATALOGUE]
    assert len(set(codes)) == len(codes)
    # "g|r:<code>" travels in a Telegram button (64 bytes at most).
    assert all(len(f"g|r:{code}".encode()) <= 64 for code in codes)


def test_an_unknown_rubrique_code_is_not_found() -> None:
    assert find_rubrique("diplomes") is rubrique("diplomes")
    assert find_rubrique("nope") is None
    with pytest.raises(KeyError):
        rubrique("nope")


def test_identite_and_projet_are_single_and_the_others_repeatable() -> None:
    single = {r.code for r in CATALOGUE if not r.repeatable}
    assert single == {"identite", "projet"}


# ---- fields and widgets ---------------------------------------------------------------


def test_field_types_call_for_the_right_widget() -> None:
    kinds = {s.name: s.kind for s in field_specs(FormationSuivie)}
    assert kinds == {
        "intitule": "text",
        "date_debut": "date",
        "date_fin": "date",
        "duree": "duration",
        "categorie": "choice",
        "organisme": "text",
        "niveau": "text",
        "cpf": "yesno",
    }
    assert {s.name: s.kind for s in rubrique("tutorat").fields}["personnes"] == "number"
    assert {s.name: s.kind for s in rubrique("projet").fields}["projet"] == "longtext"
    competence = {s.name: s for s in rubrique("competences").fields}
    assert competence["formations"].kind == "links"
    assert competence["formations"].link_rubriques == (
        "formations_suivies",
        "formations_dispensees",
    )
    assert competence["emplois"].link_rubriques == ("emplois",)


def test_optional_fields_are_the_ones_with_a_default() -> None:
    optional = {s.name: s.optional for s in field_specs(Diplome)}
    assert optional == {
        "intitule": False,
        "niveau": True,
        "etablissement": True,
        "date_obtention": False,
    }


def test_only_required_fields_and_declared_ends_are_asked_one_by_one() -> None:
    def asked(code: str) -> list[str]:
        return [s.name for s in rubrique(code).fields if s.in_round]

    assert asked("diplomes") == ["intitule", "date_obtention"]
    assert asked("formations_suivies") == ["intitule", "date_debut", "duree"]
    # An emploi's end is asked all the same: passing it says the agent still holds it.
    assert asked("emplois") == ["intitule", "employeur", "date_debut", "date_fin"]
    fin = {s.name: s for s in rubrique("emplois").fields}["date_fin"]
    assert fin.optional and fin.ask.skip_label == "Je l'occupe toujours"


def test_text_limits_are_short_or_long() -> None:
    diplome = {s.name: s for s in field_specs(Diplome)}
    assert diplome["intitule"].max_len == SHORT_TEXT_MAX == 200
    projet = {s.name: s for s in rubrique("projet").fields}
    assert projet["projet"].max_len == LONG_TEXT_MAX == 2000


def test_adding_a_field_to_a_model_is_one_annotated_line() -> None:
    class DiplomeAvecMention(Diplome):
        mention: Annotated[
            str | None,
            Ask("Mention", "Quelle mention avez-vous obtenue ?", "Par exemple « Bien »."),
        ] = None
        annee_scolaire: Annotated[
            PartialDate | None, Ask("Année", "En quelle année ?", "Par exemple 2010.")
        ] = None

    specs = field_specs(DiplomeAvecMention)
    assert [s.name for s in specs] == [
        "intitule",
        "niveau",
        "etablissement",
        "date_obtention",
        "mention",
        "annee_scolaire",
    ]
    mention = specs[-2]
    assert mention.kind == "text"
    assert mention.optional
    assert mention.label == "Mention"
    assert mention.ask.question == "Quelle mention avez-vous obtenue ?"
    assert specs[-1].kind == "date"
    # The original model is untouched.
    assert [s.name for s in field_specs(Diplome)][-1] == "date_obtention"
    # And the new field is validated and stored like the others.
    model = DiplomeAvecMention.model_validate(
        {"intitule": "Bac", "date_obtention": "2010-07", "mention": "Bien"}
    )
    assert model.model_dump(mode="json")["mention"] == "Bien"


# ---- enums ------------------------------------------------------------------------------


@pytest.mark.parametrize("enum", ALL_ENUMS, ids=lambda e: e.__name__)
def test_every_reference_list_carries_french_labels(enum: type[Labeled]) -> None:
    for member in enum:
        assert member.label.strip()
        assert member.label[0].isupper(), member.label
        assert member.label != member.value


def test_reference_lists_follow_the_texts() -> None:
    assert [c.value for c in Categorie] == ["A", "B", "C"]
    assert NiveauDiplome("5").label == "Niveau 5 (Bac+2 : BTS, DUT, DEUST)"
    # A diplôme has a level: "Sans diplôme" is none (issue 18); stored so, it reads as none.
    assert "0" not in {n.value for n in NiveauDiplome}
    assert Diplome(intitule="CAP", niveau="0", date_obtention="2001").niveau is None
    assert len(CategorieFormation) == 8
    assert Filiere("police").label == "Police municipale"
    assert len(Filiere) == 10
    assert NatureConcours("rep").label == "Reconnaissance de l'expérience professionnelle (REP)"


def test_an_enum_is_stored_by_its_code() -> None:
    diplome = Diplome(intitule="BTS", niveau=NiveauDiplome.N5, date_obtention="2010")
    assert diplome.model_dump(mode="json")["niveau"] == "5"
    assert Diplome.model_validate_json(diplome.model_dump_json()).niveau is NiveauDiplome.N5


# ---- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "stored", "french"),
    [
        (PartialDate(2021, 3, 1), "2021-03-01", "1er mars 2021"),
        (PartialDate(2021, 3, 12), "2021-03-12", "12 mars 2021"),
        (PartialDate(2021, 3), "2021-03", "mars 2021"),
        (PartialDate(2020, 2), "2020-02", "février 2020"),
        (PartialDate(2021, 8, 15), "2021-08-15", "15 août 2021"),
        (PartialDate(2021), "2021", "2021"),
    ],
)
def test_partial_dates_are_stored_short_and_read_in_french(
    date: PartialDate, stored: str, french: str
) -> None:
    assert date.to_storage() == stored
    assert date.french() == french
    assert str(date) == french
    assert PartialDate.from_storage(stored) == date


@pytest.mark.parametrize(
    "args",
    [(2021, 2, 29), (2021, 13), (1850,), (2021, None, 3), (2021, 4, 31)],
)
def test_impossible_dates_cannot_be_built(args: tuple[int | None, ...]) -> None:
    with pytest.raises(ValueError):
        PartialDate(*args)  # type: ignore[arg-type]


def test_a_leap_day_exists_in_a_leap_year() -> None:
    assert PartialDate(2020, 2, 29).french() == "29 février 2020"


def test_a_year_may_mean_as_late_as_its_last_day() -> None:
    assert PartialDate(2021).key == (2021, 0, 0)
    assert PartialDate(2021).last_key == (2021, 12, 31)
    assert PartialDate(2021, 3).last_key == (2021, 3, 31)


# ---- durations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "stored", "french"),
    [
        (Duration(1.5, "jour"), "1.5 jour", "1,5 jour"),
        (Duration(1, "jour"), "1 jour", "1 jour"),
        (Duration(3, "jour"), "3 jour", "3 jours"),
        (Duration(21, "h"), "21 h", "21 h"),
        (Duration(2, "semaine"), "2 semaine", "2 semaines"),
        (Duration(6, "mois"), "6 mois", "6 mois"),
        (Duration(1, "an"), "1 an", "1 an"),
        (Duration(2, "an"), "2 an", "2 ans"),
    ],
)
def test_durations_keep_their_unit_and_read_in_french(
    duration: Duration, stored: str, french: str
) -> None:
    assert duration.to_storage() == stored
    assert duration.french() == french
    assert Duration.from_storage(stored) == duration


@pytest.mark.parametrize(("amount", "unit"), [(0, "jour"), (-1, "h"), (3, "minutes")])
def test_impossible_durations_cannot_be_built(amount: float, unit: str) -> None:
    with pytest.raises(ValueError):
        Duration(amount, unit)


def test_a_formation_round_trips_through_its_stored_json() -> None:
    formation = FormationSuivie.model_validate(
        {
            "intitule": "Excel avancé",
            "date_debut": "2021-03-01",
            "duree": "1.5 jour",
            "categorie": "perfectionnement",
            "cpf": True,
        }
    )
    assert formation.date_debut == PartialDate(2021, 3, 1)
    assert formation.duree == Duration(1.5, "jour")
    stored = formation.model_dump(mode="json")
    assert stored["date_debut"] == "2021-03-01"
    assert stored["duree"] == "1.5 jour"
    assert FormationSuivie.model_validate_json(formation.model_dump_json()) == formation


# ---- model checks -----------------------------------------------------------------------


def _emploi(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "intitule": "Secrétaire de mairie",
        "employeur": "Commune de Plouër",
        "date_debut": "2015-09",
    }
    data.update(changes)
    return data


def test_an_emploi_ending_before_it_began_is_refused() -> None:
    with pytest.raises(ValidationError, match="date_fin avant date_debut"):
        Emploi.model_validate(_emploi(date_fin="2014-06"))


def test_an_emploi_ending_the_year_it_began_is_accepted() -> None:
    # "2015" may mean December 2015: it does not precede September 2015.
    assert Emploi.model_validate(_emploi(date_fin="2015")).date_fin == PartialDate(2015)
    assert Emploi.model_validate(_emploi(date_fin="2019-01-31")).date_fin is not None
    assert Emploi.model_validate(_emploi()).date_fin is None


def test_the_model_refuses_blank_and_too_long_texts() -> None:
    with pytest.raises(ValidationError, match="texte vide"):
        Emploi.model_validate(_emploi(intitule="   "))
    with pytest.raises(ValidationError, match="plus de 200 caractères"):
        Emploi.model_validate(_emploi(intitule="x" * 201))
    with pytest.raises(ValidationError, match="plus de 2000 caractères"):
        Emploi.model_validate(_emploi(missions="x" * 2001))
    assert Emploi.model_validate(_emploi(intitule="x" * 200, missions="x" * 2000))


def test_the_model_refuses_a_missing_required_field() -> None:
    with pytest.raises(ValidationError):
        Diplome.model_validate({"intitule": "BTS"})


def test_entry_titles_name_the_entry_and_its_date() -> None:
    diplome = Diplome.model_validate({"intitule": "BTS SIO", "date_obtention": "2010-06"})
    assert rubrique("diplomes").entry_title(diplome) == "BTS SIO (juin 2010)"
    identite = rubrique("identite").model.model_validate({"prenom": "Anne", "nom": "Dupont"})
    assert rubrique("identite").entry_title(identite) == "Anne Dupont"


# ---- progress ---------------------------------------------------------------------------


def test_an_empty_livret_has_no_progress_and_starts_with_identite() -> None:
    p = progress({}, set())
    assert p.total == 12
    assert p.done == 0
    assert p.percent == 0
    assert not p.complete
    assert all(r.state is State.EMPTY and r.count == 0 for r in p.rubriques)
    nxt = p.next_to_fill()
    assert nxt is not None and nxt.code == "identite"


def test_filled_and_not_concerned_rubriques_both_count_as_done() -> None:
    p = progress({"identite": 1, "diplomes": 2}, {"tutorat", "certifications"})
    states = {r.rubrique.code: (r.state, r.count) for r in p.rubriques}
    assert states["identite"] == (State.FILLED, 1)
    assert states["diplomes"] == (State.FILLED, 2)
    assert states["tutorat"] == (State.NOT_CONCERNED, 0)
    assert states["certifications"] == (State.NOT_CONCERNED, 0)
    assert states["emplois"] == (State.EMPTY, 0)
    assert p.done == 4
    assert p.percent == 33
    nxt = p.next_to_fill()
    assert nxt is not None and nxt.code == "formations_suivies"


def test_an_entry_wins_over_a_not_concerned_mark() -> None:
    p = progress({"tutorat": 1}, {"tutorat"})
    assert next(r for r in p.rubriques if r.rubrique.code == "tutorat").state is State.FILLED


def test_a_livret_is_complete_when_every_rubrique_is_filled_or_declined() -> None:
    codes = [r.code for r in CATALOGUE]
    p = progress({code: 1 for code in codes[:6]}, set(codes[6:]))
    assert p.complete
    assert p.done == p.total == 12
    assert p.percent == 100
    assert p.next_to_fill() is None
