"""The registry of collectivités: reading the CSV the délégation régionale provides, storing
it, and ``livret admin collectivites import|list`` as an administrator runs them."""

from pathlib import Path

import pytest

from livret.collectivites import (
    BadRow,
    Collectivite,
    CsvHeaderError,
    is_code,
    normalize_code,
    read_csv,
)
from storage import Database
from tests.cli import livret
from tests.mailbox import SAMPLE_REGISTRY

HEADER = "code,nom,type,departement,delegation_regionale\n"
LYON = "COM69123,Ville de Lyon,Commune,69,Auvergne-Rhône-Alpes\n"
BORDEAUX = "COM33063,Ville de Bordeaux,Commune,33,Nouvelle-Aquitaine\n"

# Line numbers as an administrator counts them in a text editor: the header is line 1.
MIXED = (
    HEADER  # 1
    + LYON  # 2
    + ",Sans code,Commune,69,ARA\n"  # 3
    + "\n"  # 4 blank: skipped
    + "A B!,Code bizarre,Commune,69,ARA\n"  # 5
    + "COM99001,Nulle part,Commune,99,ARA\n"  # 6
    + "COM33063,,Commune,33,Nouvelle-Aquitaine\n"  # 7
    + 'CCAS13055,"CCAS de Marseille, centre communal",CCAS,13,PACA\n'  # 8
    + " com 69123 ,Lyon encore,Commune,69,ARA\n"  # 9 duplicate of line 2
    + "COM01001,Trop court\n"  # 10
    + ",,,,\n"  # 11 blank: skipped
    + "COM2A004,Ville d'Ajaccio,Commune,2A,Corse\n"  # 12
)
MIXED_REPORT = [
    "  ligne 3 : code : code manquant",
    "  ligne 5 : code : code « A B! » invalide (3 à 20 lettres, chiffres ou tirets)",
    "  ligne 6 : departement : département « 99 » inconnu",
    "  ligne 7 : nom : valeur manquante",
    "  ligne 9 : code COM69123 déjà donné ligne 2",
    "  ligne 10 : type : valeur manquante",
]


def write(folder: Path, text: str, name: str = "registre.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def collectivite(code: str, nom: str = "Ville", departement: str = "69") -> Collectivite:
    return Collectivite(
        code=code, nom=nom, type="Commune", departement=departement, delegation_regionale="ARA"
    )


async def stored(data_dir: Path) -> dict[str, Collectivite]:
    """What the CLI left in the database of ``data_dir``."""
    db = await Database.open(data_dir / "livret.sqlite3")
    try:
        async with db.transaction() as tx:
            return {c.code: c for c in await tx.collectivites()}
    finally:
        await db.close()


def import_file(data_dir: Path, path: Path, *options: str) -> tuple[int, list[str]]:
    done = livret(data_dir, "admin", "collectivites", "import", str(path), *options)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout.splitlines()


# ---- codes and the model ----------------------------------------------------------------


def test_codes_ignore_case_and_spaces() -> None:
    assert normalize_code(" com 69123 ") == "COM69123"
    assert normalize_code("cdg\u00a044") == "CDG44"
    assert collectivite(" com 69123 ").code == "COM69123"


@pytest.mark.parametrize("code", ["COM", "COM69123", "CCAS-13055", "2A004", "A" * 20])
def test_code_shapes_accepted(code: str) -> None:
    assert is_code(code)


@pytest.mark.parametrize("code", ["", "AB", "A" * 21, "A B", "AB!", "-COM1", "COM1-", "com1"])
def test_code_shapes_refused(code: str) -> None:
    assert not is_code(code)


@pytest.mark.parametrize(
    ("typed", "kept"), [("1", "01"), (" 69 ", "69"), ("2A", "2A"), ("2b", "2B"), ("974", "974")]
)
def test_departements_accepted(typed: str, kept: str) -> None:
    assert collectivite("COM1", departement=typed).departement == kept


@pytest.mark.parametrize("typed", ["99", "00", "0", "979", "2C", "", "Rhône"])
def test_departements_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="département"):
        collectivite("COM1", departement=typed)


def test_texts_are_trimmed_and_must_not_be_empty() -> None:
    assert collectivite("COM1", nom="  Ville de Lyon ").nom == "Ville de Lyon"
    with pytest.raises(ValueError, match="valeur manquante"):
        collectivite("COM1", nom="   ")


# ---- reading the CSV --------------------------------------------------------------------


def test_csv_keeps_good_rows_and_reports_each_bad_one_by_line() -> None:
    read = read_csv(MIXED)
    assert [c.code for c in read.good] == ["COM69123", "CCAS13055", "COM2A004"]
    assert read.good[0].nom == "Ville de Lyon"  # the first of the duplicates wins
    assert read.good[1].nom == "CCAS de Marseille, centre communal"
    assert [f"  ligne {b.line} : {b.problem}" for b in read.bad] == MIXED_REPORT


def test_csv_line_numbers_count_windows_line_endings_once() -> None:
    text = (HEADER + LYON + "\n" + "COM1,,C,69,A\n").replace("\n", "\r\n")
    assert read_csv(text).bad == [BadRow(4, "nom : valeur manquante")]


def test_csv_from_a_french_spreadsheet_semicolons_bom_and_accented_header() -> None:
    text = (
        "\ufeffCode;Nom;Type;Département;Délégation régionale\r\n"
        "COM69123;Ville de Lyon;Commune;69;Auvergne-Rhône-Alpes\r\n"
        'COM97411;"Ville de Saint-Denis; La Réunion";Commune;974;La Réunion\r\n'
    )
    read = read_csv(text)
    assert read.bad == []
    assert [(c.code, c.nom, c.departement) for c in read.good] == [
        ("COM69123", "Ville de Lyon", "69"),
        ("COM97411", "Ville de Saint-Denis; La Réunion", "974"),
    ]
    assert read.good[1].delegation_regionale == "La Réunion"


def test_csv_extra_columns_are_ignored_and_order_does_not_matter() -> None:
    text = "nom,remarque,delegation_regionale,code,dept,type\nLyon,x,ARA,com69123,69,Commune\n"
    assert read_csv(text).good == [
        Collectivite(
            code="COM69123",
            nom="Lyon",
            type="Commune",
            departement="69",
            delegation_regionale="ARA",
        )
    ]


def test_csv_without_a_usable_header_is_refused_whole() -> None:
    with pytest.raises(CsvHeaderError, match="fichier vide"):
        read_csv("")
    with pytest.raises(CsvHeaderError, match=r"colonnes manquantes.*: delegation_regionale$"):
        read_csv("code,nom,type,departement\nCOM1,A,B,69\n")


def test_sample_registry_reads_without_a_bad_row() -> None:
    read = read_csv(SAMPLE_REGISTRY.read_text(encoding="utf-8"))
    assert read.bad == []
    assert len(read.good) == 10


# A record with a quoted cell over two lines is reported at the line it starts.
def test_a_bad_row_spanning_two_lines_is_reported_at_the_line_it_starts() -> None:
    text = HEADER + LYON + 'COM1,"Ville\nsur deux lignes",,69,ARA\n' + BORDEAUX
    [bad] = read_csv(text).bad
    assert bad.line == 3
    assert bad.problem.startswith("retour à la ligne dans une cellule")
    assert "lignes 3 à 4" in bad.problem


# ---- storage ----------------------------------------------------------------------------


async def test_storage_adds_then_updates_and_never_deletes(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "x.sqlite3")
    try:
        async with db.transaction() as tx:
            assert not await tx.has_collectivites()
            assert await tx.collectivites() == []
            assert await tx.import_collectivites([collectivite("COM2"), collectivite("COM1")]) == (
                2,
                0,
            )
        async with db.transaction() as tx:
            renamed = collectivite("COM2", nom="Ville renommée", departement="2A")
            assert await tx.import_collectivites([renamed, collectivite("COM3")]) == (1, 1)
        async with db.transaction() as tx:
            assert await tx.has_collectivites()
            assert [c.code for c in await tx.collectivites()] == ["COM1", "COM2", "COM3"]
            assert await tx.collectivite("COM2") == renamed
            assert await tx.collectivite("COM9") is None
    finally:
        await db.close()


# ---- livret admin collectivites import ----------------------------------------------------


async def test_import_keeps_good_rows_reports_bad_ones_and_exits_1(tmp_path: Path) -> None:
    status, out = import_file(tmp_path, write(tmp_path, MIXED))
    assert status == 1
    assert out == [
        "Collectivités importées : 3 nouvelles, 0 mises à jour.",
        *MIXED_REPORT,
        "Lignes refusées : 6 ; les autres sont importées. Corrigez-les et réimportez le fichier.",
    ]
    registry = await stored(tmp_path)
    assert sorted(registry) == ["CCAS13055", "COM2A004", "COM69123"]
    assert registry["CCAS13055"].nom == "CCAS de Marseille, centre communal"


async def test_import_of_only_good_rows_exits_0(tmp_path: Path) -> None:
    status, out = import_file(tmp_path, write(tmp_path, HEADER + LYON + "\n" + BORDEAUX))
    assert (status, out) == (0, ["Collectivités importées : 2 nouvelles, 0 mises à jour."])
    assert sorted(await stored(tmp_path)) == ["COM33063", "COM69123"]


async def test_import_of_a_french_spreadsheet_file(tmp_path: Path) -> None:
    text = (
        "Code;Nom;Type;Département;Délégation régionale\r\n"
        "com 2a004;Ville d'Ajaccio;Commune;2A;Corse\r\n"
        "COM01001;Commune de L'Abergement-Clémenciat;Commune;1;Auvergne-Rhône-Alpes\r\n"
    )
    status, out = import_file(tmp_path, write(tmp_path, text, encoding="utf-8-sig"))
    assert (status, out) == (0, ["Collectivités importées : 2 nouvelles, 0 mises à jour."])
    registry = await stored(tmp_path)
    assert registry["COM2A004"].delegation_regionale == "Corse"
    assert registry["COM01001"].departement == "01"
    assert registry["COM01001"].nom == "Commune de L'Abergement-Clémenciat"


async def test_import_of_a_latin1_file_asks_for_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + LYON, encoding="latin-1")
    status, out = import_file(tmp_path, path)
    assert status == 2
    assert out == [
        f"« {path} » n'est pas en UTF-8. Dans votre tableur, enregistrez-le en « CSV UTF-8 »."
    ]
    assert await stored(tmp_path) == {}


def test_import_of_a_missing_file(tmp_path: Path) -> None:
    status, out = import_file(tmp_path, tmp_path / "absent.csv")
    assert status == 2
    assert len(out) == 1
    assert out[0] == f"Le fichier « {tmp_path / 'absent.csv'} » n'existe pas."


async def test_import_names_the_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path, "code,nom,type,delegation_regionale\nCOM1,A,B,ARA\n")
    status, out = import_file(tmp_path, path)
    assert status == 2
    assert out == [
        f"« {path} » : colonnes manquantes dans la première ligne : departement. La première "
        "ligne doit nommer les colonnes : code, nom, type, departement, delegation_regionale."
    ]
    assert await stored(tmp_path) == {}


async def test_reimport_updates_rows_and_keeps_the_others(tmp_path: Path) -> None:
    import_file(tmp_path, write(tmp_path, HEADER + LYON + BORDEAUX, "v1.csv"))
    second = HEADER + "COM69123,Lyon,Métropole,69,ARA\n" + "CDG44,CDG 44,Centre,44,PDL\n"
    status, out = import_file(tmp_path, write(tmp_path, second, "v2.csv"))
    assert (status, out) == (0, ["Collectivités importées : 1 nouvelles, 1 mises à jour."])
    registry = await stored(tmp_path)
    assert sorted(registry) == ["CDG44", "COM33063", "COM69123"]
    assert (registry["COM69123"].nom, registry["COM69123"].type) == ("Lyon", "Métropole")
    assert registry["COM33063"].nom == "Ville de Bordeaux"


async def test_import_if_empty_skips_a_filled_registry(tmp_path: Path) -> None:
    status, out = import_file(tmp_path, write(tmp_path, HEADER + LYON, "v1.csv"), "--if-empty")
    assert (status, out) == (0, ["Collectivités importées : 1 nouvelles, 0 mises à jour."])
    renamed = HEADER + "COM69123,Lyon,Commune,69,ARA\n" + BORDEAUX
    status, out = import_file(tmp_path, write(tmp_path, renamed, "v2.csv"), "--if-empty")
    assert (status, out) == (
        0,
        ["Le registre contient déjà des collectivités : rien n'a été importé."],
    )
    registry = await stored(tmp_path)
    assert list(registry) == ["COM69123"]
    assert registry["COM69123"].nom == "Ville de Lyon"


async def test_import_of_the_sample_registry(tmp_path: Path) -> None:
    status, out = import_file(tmp_path, SAMPLE_REGISTRY)
    assert (status, out) == (0, ["Collectivités importées : 10 nouvelles, 0 mises à jour."])
    assert len(await stored(tmp_path)) == 10


# An unclosed quote makes the csv module read every following line into one cell.
async def test_a_stray_quote_does_not_silently_swallow_the_rows_after_it(tmp_path: Path) -> None:
    text = HEADER + 'COM1,"Ville de x,Commune,69,ARA\n' + LYON + BORDEAUX
    _, out = import_file(tmp_path, write(tmp_path, text))
    registry = await stored(tmp_path)
    # The rows the quote swallowed are named: none disappears unreported.
    assert any(o.startswith("  ligne 2 : ") and "lignes 2 à 4" in o for o in out), out
    assert registry == {}


# csv.Error ("field larger than field limit") from an unclosed quote in a big file.
async def test_an_unclosed_quote_in_a_big_file_is_reported_not_a_traceback(
    tmp_path: Path,
) -> None:
    text = HEADER + 'COM1,"Ville de x,Commune,69,ARA\n' + BORDEAUX * 3000
    path = write(tmp_path, text)
    status, out = import_file(tmp_path, path)
    assert status == 1
    assert "  ligne 2 : guillemet non fermé : illisible jusqu'à la fin du fichier" in out, out
    assert await stored(tmp_path) == {}


# ---- livret admin collectivites list -----------------------------------------------------

BUILTIN = (
    "Et, sans import, le registre national : 36 258 collectivités (communes, EPCI, EPT, "
    "départements, régions ; découpage administratif 6.0.0). Une collectivité importée "
    "remplace celle du registre qui a le même nom, le même type et le même département."
)


def test_list_of_an_empty_registry_says_how_to_import(tmp_path: Path) -> None:
    done = livret(tmp_path, "admin", "collectivites", "list")
    assert done.returncode == 0
    [empty, builtin] = done.stdout.splitlines()
    assert empty == (
        "Aucune collectivité importée. Pour ajouter des CCAS, syndicats, centres de gestion "
        "ou des codes du CNFPT : livret admin collectivites import FICHIER.csv"
    )
    assert builtin.startswith("Et, sans import, le registre national : 36 258 collectivités")


def test_list_shows_each_code_its_name_and_its_link(tmp_path: Path) -> None:
    import_file(tmp_path, write(tmp_path, HEADER + LYON + BORDEAUX))
    done = livret(tmp_path, "admin", "collectivites", "list")
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "COM33063\tVille de Bordeaux · Commune · 33 · délégation Nouvelle-Aquitaine"
        "\t(lien : ?start=c-COM33063)",
        "COM69123\tVille de Lyon · Commune · 69 · délégation Auvergne-Rhône-Alpes"
        "\t(lien : ?start=c-COM69123)",
        "Collectivités importées : 2.",
        BUILTIN,
    ]


def test_list_of_the_sample_registry(tmp_path: Path) -> None:
    import_file(tmp_path, SAMPLE_REGISTRY)
    *lines, builtin = livret(tmp_path, "admin", "collectivites", "list").stdout.splitlines()
    assert builtin == BUILTIN
    assert lines[-1] == "Collectivités importées : 10."
    codes = [line.split("\t")[0] for line in lines[:-1]]
    assert codes == sorted(codes) and len(codes) == 10
    for line, code in zip(lines, codes, strict=False):
        assert line.endswith(f"(lien : ?start=c-{code})")
    assert any("\tVille d'Ajaccio · Commune · 2A · délégation Corse\t" in line for line in lines)
