"""Issue 17, CV files: a LinkedIn export, a Europass CV (XML, or the PDF that carries it)
and a JSON Resume, sent in the chat, give one list to tick (all ticked but what the
livret holds already), imported in one go; what a rubrique cannot take yet is completed
after, rubrique by rubrique; a file of the kind that cannot be read says why and imports
nothing."""

import io
import json
import zipfile
from pathlib import Path

from pypdf import PdfWriter

from dialogs.engine import Engine
from storage import Database
from tests.chat import EngineChat
from tests.cli import livret

POSITIONS = (
    "Company Name,Title,Description,Location,Started On,Finished On\n"
    "Ville de Lyon,Chargée de mission,,Lyon,Mar 2019,\n"
    "CCAS de Villeurbanne,Assistante sociale,,,Sep 2012,Feb 2019\n"
)
EDUCATION = (
    "School Name,Start Date,End Date,Notes,Degree Name,Activities\n"
    "Université Lyon 2,2008,2011,,Licence AES,\n"
    "IUT Lyon 3,2006,2008,,BTS Assistant de gestion,\n"
)
CERTIFICATIONS = "Name,Url,Authority,Started On,Finished On,License Number\nCertificat Voltaire,,Projet Voltaire,Jun 2020,,\n"
SKILLS = "Name\nGestion de projet\nAccueil du public\nGestion de projet\n"


def linkedin(**files: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"{name}.csv", text)
    return out.getvalue()


def full_export() -> bytes:
    return linkedin(
        Positions=POSITIONS, Education=EDUCATION, Certifications=CERTIFICATIONS, Skills=SKILLS
    )


async def _entries(db: Database, chat: EngineChat) -> dict[str, list[str]]:
    async with db.transaction() as tx:
        agent = await tx.find_agent(chat.channel, chat.agent)
        assert agent is not None
        found: dict[str, list[str]] = {}
        for e in await tx.all_entries(agent):
            if e.rubrique != "identite":
                found.setdefault(e.rubrique, []).append(e.data.intitule)  # type: ignore[attr-defined]
        return found


async def test_a_linkedin_export_is_ticked_and_imported_in_one_go(
    anne: EngineChat, db: Database
) -> None:
    await anne.add_diplome("BTS Assistant de gestion", "2008")
    await anne.send("/menu")
    await anne.send_file(full_export())
    assert "Dans votre export LinkedIn, je trouve 8 éléments" in anne.text
    assert "Emplois tenus : 2" in anne.text and "Compétences : 3" in anne.text
    # Already in the livret, or twice in the file: shown, not ticked.
    assert "☐ 4. BTS Assistant de gestion · déjà là" in anne.labels
    assert "☐ 8. Gestion de projet · en double" in anne.labels
    assert (
        "4. ☐ Diplômes et titres — BTS Assistant de gestion · IUT Lyon 3 · 2008 (déjà dans votre livret)"
        in anne.text
    )
    await anne.tap("☑ 7. Accueil du public")
    assert "☐ 7. Accueil du public" in anne.labels
    await anne.tap("Importer les 5 éléments cochés")
    assert "✅ 4 entrées importées." in anne.text
    # A certification's nature and voie are not in a CV: asked now.
    assert "Il reste un élément à compléter avant de l'enregistrer" in anne.text
    assert "Certificat Voltaire" in anne.text
    found = await _entries(db, anne)
    # Waiting, it is seen from its rubrique too.
    await anne.send("/menu")
    await anne.tap("Certifications professionnelles")
    await anne.tap("Reprendre la liste")
    assert "Certificat Voltaire" in anne.text
    assert found["emplois"] == ["Chargée de mission", "Assistante sociale"]
    assert sorted(found["diplomes"]) == ["BTS Assistant de gestion", "Licence AES"]
    assert found["competences"] == ["Gestion de projet"]
    await anne.tap("Compléter la n° 1")
    await anne.tap("Autre certificat")
    await anne.tap("Formation continue")
    await anne.tap("Enregistrer")
    assert "Certificat Voltaire" in (await _entries(db, anne))["certifications"]


async def test_a_linkedin_export_with_files_or_columns_missing(
    anne: EngineChat, db: Database
) -> None:
    # Columns missing, fields empty: what is there is proposed, the rest asked after.
    await anne.send_file(linkedin(Positions="Title,Started On\nAgent d'accueil,2015\n,\n"))
    assert "Dans votre export LinkedIn, je trouve un élément :" in anne.text
    await anne.tap("Importer l'élément coché")
    assert "Il reste un élément à compléter" in anne.text
    await anne.tap("Ne pas l'enregistrer")
    assert await _entries(db, anne) == {}
    # A ZIP of other CSV files: said, nothing imported.
    await anne.send_file(linkedin(Connections="First Name,Last Name\nA,B\n"))
    assert "ne contient aucun des fichiers d'un export LinkedIn" in anne.text
    await anne.send_file(linkedin(Skills="Name\n"))
    assert "ne contient aucun poste, diplôme ni compétence" in anne.text
    assert await _entries(db, anne) == {}


EUROPASS_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<SkillsPassport xmlns="http://europass.cedefop.europa.eu/Europass" locale="fr" version="V3.3">
 <LearnerInfo>
  <WorkExperienceList>
   <WorkExperience>
    <Period><From year="2016" month="--09"/><Current>true</Current></Period>
    <Position><Label>Secrétaire de mairie</Label></Position>
    <Employer><Name>Commune de Saint-Priest</Name></Employer>
   </WorkExperience>
  </WorkExperienceList>
  <EducationList>
   <Education>
    <Period><From year="2012"/><To year="2014"/></Period>
    <Title>DUT Carrières juridiques</Title>
    <Organisation><Name>IUT Lyon 3</Name></Organisation>
   </Education>
  </EducationList>
 </LearnerInfo>
</SkillsPassport>
"""


def europass_pdf(xml: bytes) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment("europass.xml", xml)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


async def test_a_europass_cv_as_xml_or_as_its_pdf(anne: EngineChat, db: Database) -> None:
    await anne.send_file(europass_pdf(EUROPASS_V3.encode()))
    assert "Dans votre CV Europass, je trouve 2 éléments" in anne.text
    await anne.tap("Importer les 2 éléments cochés")
    assert "✅ 2 entrées importées." in anne.text
    assert await _entries(db, anne) == {
        "emplois": ["Secrétaire de mairie"],
        "diplomes": ["DUT Carrières juridiques"],
    }
    # The same file again: everything is there already, nothing ticked.
    await anne.send_file(EUROPASS_V3.encode())
    assert "Importer" not in " ".join(label for label in anne.labels if "✅" in label)
    await anne.tap("Ne rien importer")
    assert "rien n'a été importé" in anne.text
    # An unknown version: said, nothing imported.
    await anne.send_file(EUROPASS_V3.replace("V3.3", "V9.0").encode())
    assert "Je ne reconnais pas cette version du CV Europass" in anne.text


async def test_a_json_resume_and_an_empty_one(anne: EngineChat, db: Database) -> None:
    resume = {
        "basics": {"name": "Anne Dupont"},
        "work": [
            {
                "name": "Métropole de Lyon",
                "position": "Agent de maîtrise",
                "startDate": "2015-04-01",
            }
        ],
        "education": [
            {"institution": "Lycée du Parc", "studyType": "Baccalauréat", "endDate": "2005"}
        ],
        "skills": [{"name": "Excel", "keywords": ["tableaux croisés"]}],
    }
    await anne.send_file(json.dumps(resume).encode())
    assert "Dans votre CV JSON Resume, je trouve 3 éléments" in anne.text
    await anne.tap("Tout décocher")
    assert not any(label.startswith("✅") for label in anne.labels)
    await anne.tap("Tout cocher")
    listed = anne.screen
    await anne.tap("Importer les 3 éléments cochés")
    assert "✅ 3 entrées importées." in anne.text
    await anne.send_file(b"{}")
    assert "Ce fichier JSON est vide" in anne.text
    # An old message's button, once the list is gone: nothing happens twice.
    await anne.tap("Importer les 3 éléments cochés", listed)
    assert "ancien message" in anne.text
    assert len((await _entries(db, anne))["emplois"]) == 1


async def test_a_zip_bomb_is_refused_before_it_is_read(anne: EngineChat, engine: Engine) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Positions.csv", "a" * (60 * 1024 * 1024))
    await anne.send_file(out.getvalue())
    assert "trop lourd pour être lu" in anne.text
    assert engine.proofs_dir is None or not list(engine.proofs_dir.rglob("*.zip"))


def test_livret_lire_prints_a_cv_file_s_entries(tmp_path: Path) -> None:
    path = tmp_path / "linkedin.zip"
    path.write_bytes(full_export())
    done = livret(tmp_path, "lire", str(path))
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["source"] == "linkedin"
    assert {
        "rubrique": "emplois",
        "fields": {
            "intitule": "Chargée de mission",
            "employeur": "Ville de Lyon",
            "date_debut": "2019-03",
        },
    } in printed["entries"]
    empty = tmp_path / "cv.json"
    empty.write_text("{}")
    refused = livret(tmp_path, "lire", str(empty))
    assert refused.returncode == 1
    assert "Ce fichier JSON est vide" in refused.stderr


async def test_what_a_real_export_holds_is_read_as_it_is(anne: EngineChat, db: Database) -> None:
    # The same job at two communes, a note before the header, Excel's Latin-1, semicolons.
    positions = (
        "Notes\nCeci, est une note\n\nCompany Name;Title;Description;Location;Started On;Finished On\n"
        "Commune de Bron;Secrétaire de mairie;;;Jan 2015;Dec 2017\n"
        "Commune de Meyzieu;Secrétaire de mairie;;;Jan 2018;\n"
        "CCAS de Bron;Animateur;;;2018;2016\n"
    ).encode("cp1252")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("Export\\Positions.csv", positions)
    await anne.send_file(out.getvalue())
    assert "Dans votre export LinkedIn, je trouve 3 éléments" in anne.text
    assert "déjà" not in anne.text and "en double" not in anne.text
    await anne.tap("Importer les 3 éléments cochés")
    assert "✅ 2 entrées importées." in anne.text
    # An end before the start is not taken as "à ce jour": said, and asked.
    assert "Ce que le fichier donne pour « Fin » ne convient pas" in anne.text
    assert (await _entries(db, anne))["emplois"] == ["Secrétaire de mairie"] * 2


async def test_a_damaged_zip_and_a_pdf_with_an_invoice_attached(anne: EngineChat) -> None:
    data = bytearray(linkedin(Positions=POSITIONS * 50))
    middle = len(data) // 2
    data[middle : middle + 40] = b"\x00" * 40
    await anne.send_file(bytes(data))
    assert "abîmé" in anne.text
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment(
        "factur-x.xml", b'<?xml version="1.0"?><rsm:CrossIndustryInvoice xmlns:rsm="urn:x"/>'
    )
    pdf = io.BytesIO()
    writer.write(pdf)
    await anne.send_file(pdf.getvalue())
    # A PDF like another: read as an attestation.
    assert "Je lis votre fichier" in anne.text


async def test_a_long_list_turns_its_pages(anne: EngineChat) -> None:
    skills = "Name\n" + "".join(f"Compétence {n}\n" for n in range(1, 21))
    await anne.send_file(linkedin(Skills=skills))
    assert "Page 1 sur 3." in anne.text and "☑ 9. Compétence 9" not in anne.labels
    await anne.tap("Suivants")
    assert "Page 2 sur 3." in anne.text and "☑ 9. Compétence 9" in anne.labels
    await anne.tap("Précédents")
    assert "Page 1 sur 3." in anne.text
