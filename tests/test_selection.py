"""The share selection (livret/selection.py) and the extract document it makes: exactly the
chosen entries and fields, links cut to what is shared, a snapshot that reads back."""

import json
from datetime import date
from pathlib import Path

from documents.context import build_extract_context
from documents.render import TEMPLATES, render_docx
from livret.entries import Competence, Diplome, FormationSuivie, Identite
from livret.selection import Selection, extract, from_snapshot, identity_choices, to_snapshot
from tests.samples import word_text

ANNE = Identite.model_validate(
    {"prenom": "Anne", "nom": "Dupont", "date_naissance": "1980", "poste": "Gestionnaire"}
)
BTS = Diplome.model_validate({"intitule": "BTS", "date_obtention": "2010"})
MASTER = Diplome.model_validate({"intitule": "Master secret", "date_obtention": "2014"})
EXCEL = FormationSuivie.model_validate(
    {"intitule": "Excel confidentiel", "date_debut": "2021", "duree": "2 jour"}
)
MARCHES = Competence.model_validate(
    {"intitule": "Marchés publics", "diplomes": [2, 3], "formations": [4]}
)
LIVRET = {
    "identite": [(1, ANNE)],
    "diplomes": [(2, BTS), (3, MASTER)],
    "formations_suivies": [(4, EXCEL)],
    "competences": [(5, MARCHES)],
}


def test_only_filled_fields_of_the_fiche_can_be_chosen() -> None:
    assert [s.name for s in identity_choices(ANNE)] == ["date_naissance", "poste"]
    assert identity_choices(None) == []


def test_nothing_chosen_is_empty() -> None:
    assert Selection().is_empty()
    assert not Selection(identity_fields=frozenset({"poste"})).is_empty()


def test_the_extract_keeps_the_chosen_entries_and_the_names_only() -> None:
    found = extract(LIVRET, Selection(frozenset({2, 5})))
    assert list(found) == ["identite", "diplomes", "competences"]
    [(_, fiche)] = found["identite"]
    assert (fiche.prenom, fiche.nom, fiche.date_naissance, fiche.poste) == (
        "Anne",
        "Dupont",
        None,
        None,
    )
    assert found["diplomes"] == [(2, BTS)]
    # The links to the master and the formation, not shared, are cut.
    [(_, competence)] = found["competences"]
    assert competence.diplomes == [2] and competence.formations == []


def test_chosen_fields_of_the_fiche_are_kept() -> None:
    found = extract(LIVRET, Selection(identity_fields=frozenset({"poste"})))
    [(_, fiche)] = found["identite"]
    assert fiche.poste == "Gestionnaire" and fiche.date_naissance is None
    assert list(found) == ["identite"]


def test_ids_of_another_livret_select_nothing() -> None:
    assert list(extract(LIVRET, Selection(frozenset({99, 100})))) == ["identite"]


def test_a_snapshot_reads_back_the_same() -> None:
    found = extract(LIVRET, Selection(frozenset({2, 4, 5}), frozenset({"date_naissance"})))
    data = json.loads(json.dumps(to_snapshot(found)))
    assert from_snapshot(data) == found


def test_the_extract_document_says_what_it_is_and_holds_nothing_else() -> None:
    found = extract(LIVRET, Selection(frozenset({2, 5})))
    context = build_extract_context(found, date(2026, 11, 28))
    text = word_text(render_docx(context.as_dict(), TEMPLATES / "extrait.docx"))
    assert "Extrait du livret individuel de formation" in text
    assert "Extrait choisi par l'agent, tel qu'il était le 28 novembre 2026" in text
    assert "Anne DUPONT" in text and "BTS" in text and "Marchés publics" in text
    for hidden in ("Master secret", "Excel confidentiel", "1980", "Gestionnaire", "À compléter"):
        assert hidden not in text, hidden
    # Only the rubriques it holds: no empty heading for the others.
    assert "Tutorat" not in text and "Formations suivies" not in text


def test_the_sample_context_renders_with_the_template() -> None:
    sample = json.loads((TEMPLATES / "extrait.sample.json").read_text(encoding="utf-8"))
    text = word_text(render_docx(sample, TEMPLATES / "extrait.docx"))
    assert "BTS Assistant de gestion" in text
    assert "Master de sociologie" not in text
    assert Path(TEMPLATES / "extrait.docx").exists()
