"""Issue 18, points 1 and 2: the employer found by its name in the registry every database
knows, "Je ne sais pas", and a completeness that tells the truth (the situation
asked after activation, a fiche without grade not counted, reminders saying what lacks)."""

from pathlib import Path

import pytest

from bot.mail import OutboxMailer
from dialogs import copy
from dialogs.engine import Engine
from dialogs.reminders import reminders
from livret import registry
from livret.catalogue import CATALOGUE
from livret.collectivites import Collectivite, is_code
from livret.entries import Identite
from storage import Database
from tests.chat import Clock, EngineChat, email_of, load_registry


async def to_employer(chat: EngineChat, prenom: str = "Anne", nom: str = "Dupont") -> None:
    """Activation up to the employer's question."""
    await chat.send("/start")
    await chat.tap("J'accepte")
    await chat.send(prenom)
    await chat.send(nom)
    email = email_of(chat.agent)
    await chat.send(email)
    await chat.send(chat.last_code(email))
    assert copy.ASK_COLLECTIVITE in chat.text, chat.text


@pytest.fixture
async def bare(tmp_path: Path, clock: Clock) -> Engine:
    """An engine on a database nobody imported anything into."""
    db = await Database.open(tmp_path / "bare.sqlite3", clock=clock)
    yield Engine(db, OutboxMailer(tmp_path / "outbox"), files=tmp_path / "livrets")
    await db.close()


async def employer(engine: Engine) -> Collectivite | None:
    """The collectivité Anne's account is bound to, as stored."""
    async with engine.db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        assert agent is not None
        return (await tx.account(agent)).collectivite


# ---- the registry ----------------------------------------------------------------------


def test_the_registry_holds_every_commune_epci_departement_and_region() -> None:
    known = registry.builtin()
    kinds = [k.type for k in known.values()]
    assert kinds.count("Commune") > 34_000
    assert kinds.count("Communauté de communes") > 900
    assert kinds.count("Département") > 90 and kinds.count("Région") >= 13
    # Every code is one an agent can type or a link carry.
    assert all(is_code(code) for code in known)
    assert registry.find("216901231").nom == "Commune de Lyon"
    assert registry.find("DEP-59").nom == "Département du Nord"
    assert registry.find("REG-53").nom == "Région Bretagne"
    assert registry.find("217500016").nom == "Ville de Paris"


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("Ville de Lyon", "Commune de Lyon"),
        ("mairie de st etienne", "Commune de Saint-Étienne"),
        ("MAIRIE DE SAINT-ÉTIENNE", "Commune de Saint-Étienne"),
        ("Marseile", "Commune de Marseille"),
        ("Le Havre", "Commune du Havre"),
        ("Conseil départemental du Rhône", "Département du Rhône"),
        ("Région Bretagne", "Région Bretagne"),
        ("pays de gex", "Communauté d'agglomération du Pays de Gex"),
        ("Annecy-le-Vieux", "Commune d'Annecy"),
        ("villeurb", "Commune de Villeurbanne"),
        # The names people use, not the official one (issue 18, trial).
        ("Grand Lyon", "Métropole de Lyon"),
        ("Région AURA", "Région Auvergne-Rhône-Alpes"),
        ("Région Sud", "Région Provence-Alpes-Côte d'Azur"),
        ("MEL", "Métropole Européenne de Lille"),
        ("Alsace", "Collectivité européenne d'Alsace"),
        ("L’Haÿ-les-Roses", "Commune de L'Haÿ-les-Roses"),
        ("la rochelle 17", "Commune de La Rochelle"),
    ],
)
def test_a_name_as_people_type_it_finds_the_collectivite(typed: str, first: str) -> None:
    assert registry.search(typed)[0].collectivite.nom == first


def test_a_shared_name_is_told_apart_by_the_departement() -> None:
    found = registry.search("Sainte-Colombe")
    assert registry.same_name(found)
    assert len({m.collectivite.departement for m in found}) == len(found)
    narrowed = registry.search("Sainte-Colombe (25)")
    assert [m.collectivite.departement for m in narrowed] == ["25"]
    assert registry.departement_typed("Doubs") == "25"
    assert registry.departement_typed("2a") == "2A"
    assert registry.departement_typed("département 25") == "25"
    assert registry.departement_typed("Lyon") is None


def test_nonsense_finds_nothing_and_an_imported_row_comes_first() -> None:
    assert registry.search("xyzzy") == []
    assert registry.search("a") == []
    ccas = Collectivite(
        code="CCAS-LYON", nom="CCAS de Lyon", type="CCAS", departement="69",
        delegation_regionale="Rhône-Alpes",
    )  # fmt: skip
    assert registry.search("CCAS de Lyon", [ccas])[0].collectivite == ccas


# ---- at activation -------------------------------------------------------------------


async def test_an_empty_database_finds_the_employer_by_name(bare: Engine) -> None:
    anne = EngineChat(bare, "anne")
    await to_employer(anne)
    await anne.send("Ville de Lyon")
    assert copy.COLLECTIVITE_MATCHES.format(text="Ville de Lyon") in anne.text
    assert "Commune de Lyon (Rhône, 69)" in anne.labels
    assert "Métropole de Lyon (Rhône, 69)" in anne.labels
    await anne.tap("Commune de Lyon (Rhône, 69)")
    assert copy.COLLECTIVITE_SET.format(nom="Commune de Lyon") in anne.text
    # The situation comes next, each question passable.
    assert copy.SITUATION_INTRO in anne.text
    assert "Quel poste occupez-vous ?" in anne.text
    assert copy.ROUND_LATER in anne.labels
    async with bare.db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        assert (await tx.account(agent)).collectivite.code == "216901231"
        fiche = (await tx.entries(agent, "identite"))[0].data
        assert fiche.collectivite == "Commune de Lyon"


async def test_a_name_shared_by_several_asks_the_departement(bare: Engine) -> None:
    anne = EngineChat(bare, "anne")
    await to_employer(anne)
    await anne.send("sainte colombe")
    assert copy.COLLECTIVITE_SAME_NAME.format(text="sainte colombe") in anne.text
    assert copy.COLLECTIVITE_MORE not in anne.text  # said once, by the line above
    await anne.send("25")
    assert copy.COLLECTIVITE_SET.format(nom="Commune de Sainte-Colombe") in anne.text
    assert (await employer(bare)).departement == "25"


@pytest.mark.parametrize("typed", ["05", "89", "département 89"])
async def test_the_departement_is_searched_beyond_the_names_shown(bare: Engine, typed: str) -> None:
    anne = EngineChat(bare, "anne")
    await to_employer(anne)
    await anne.send("Sainte-Colombe")
    # The names shown are a few of fourteen; "05" is a département, never a fifth button.
    await anne.send(typed)
    dep = typed[-2:]
    if copy.COLLECTIVITE_SET.format(nom="Commune de Sainte-Colombe") not in anne.text:
        # Several there ("Sainte-Colombe-sur-…"): those of that département only.
        offered = [label for label in anne.labels if label.startswith("Commune")]
        assert offered and all(label.endswith(f", {dep})") for label in offered), offered
        await anne.tap(offered[0])
    chosen = await employer(bare)
    assert (chosen.nom, chosen.departement) == ("Commune de Sainte-Colombe", dep)


async def test_a_departement_s_name_after_a_list_is_searched_as_a_name(bare: Engine) -> None:
    anne = EngineChat(bare, "anne")
    await to_employer(anne)
    await anne.send("Marseille")
    # The Département itself may be the employer: never the commune bound without a tap.
    await anne.send("Bouches-du-Rhône")
    assert "Département des Bouches-du-Rhône (Bouches-du-Rhône, 13)" in anne.labels
    assert await employer(bare) is None
    # A number that none of a shared name is in: said, the list kept.
    await anne.send("Sainte-Colombe")
    await anne.send("13")
    assert anne.text.startswith(copy.COLLECTIVITE_NONE_THERE.format(departement="13"))
    assert any(label.startswith("Commune de Sainte-Colombe") for label in anne.labels)
    # A postcode of Haute-Corse is the 2B.
    assert registry.departement_of("20200") == "2B"
    assert registry.departement_of("20000") == "2A"


async def test_every_situation_question_passed_is_not_called_noted(engine: Engine) -> None:
    anne = EngineChat(engine, "anne")
    await to_employer(anne)
    await anne.send("COM69123")
    for _ in range(5):
        if copy.SKIP not in anne.labels:
            break
        await anne.tap(copy.SKIP)
    assert copy.ROUND_LATER_DONE in anne.text
    assert copy.ROUND_DONE not in anne.text


async def test_a_code_still_works_and_a_typo_is_forgiven(engine: Engine) -> None:
    anne = EngineChat(engine, "anne")
    await to_employer(anne)
    await anne.send("Marseile")
    assert "Commune de Marseille (Bouches-du-Rhône, 13)" in anne.labels
    # A code of the administrator's file, typed instead.
    await anne.send("com 69123")
    assert copy.COLLECTIVITE_SET.format(nom="Ville de Lyon") in anne.text


async def test_nothing_found_says_so_and_unknown_goes_on_to_the_menu(engine: Engine) -> None:
    anne = EngineChat(engine, "anne")
    await to_employer(anne)
    await anne.send("Xyzzy")
    assert copy.COLLECTIVITE_NOT_FOUND.format(text="Xyzzy") in anne.text
    assert "Je ne connais pas le code" not in anne.text
    # Typed rather than tapped: the same.
    await anne.send("je ne sais pas")
    assert copy.COLLECTIVITE_LATER in anne.text
    await anne.tap(copy.ROUND_LATER)
    assert copy.MENU_UNBOUND in anne.text
    assert copy.MENU_GIVE_COLLECTIVITE in anne.labels
    assert "0/12 rubriques" in anne.text
    # Given later from the menu: then the menu says nothing more of it.
    await anne.tap(copy.MENU_GIVE_COLLECTIVITE)
    await anne.send("Villeurbanne")
    await anne.tap("Commune de Villeurbanne (Rhône, 69)")
    assert copy.COLLECTIVITE_SET.format(nom="Commune de Villeurbanne") in anne.text
    await anne.send("/menu")
    assert copy.MENU_UNBOUND not in anne.text


async def test_a_button_of_an_older_list_still_names_a_real_collectivite(engine: Engine) -> None:
    anne = EngineChat(engine, "anne")
    await to_employer(anne)
    await anne.send("Lyon")
    # The administrator's "Ville de Lyon" stands for the commune: one button, not two.
    assert "Ville de Lyon (Rhône, 69)" in anne.labels
    assert "Commune de Lyon (Rhône, 69)" not in anne.labels
    old = anne.replies
    await anne.send("Grenoble")
    await anne.tap("Ville de Lyon (Rhône, 69)", old)
    assert "ancien message" in anne.text
    assert await employer(engine) is None
    # The list shown last still works.
    await anne.tap("Commune de Grenoble (Isère, 38)")
    assert copy.COLLECTIVITE_SET.format(nom="Commune de Grenoble") in anne.text


async def test_a_name_typed_in_lower_case_is_capitalised(engine: Engine) -> None:
    marie = EngineChat(engine, "marie")
    await to_employer(marie, "marie-claire", "dupont")
    await marie.send("COM69123")
    assert "Merci, Marie-Claire ! Votre livret est créé." in marie.text


# ---- completeness ----------------------------------------------------------------------


async def test_the_situation_asked_after_activation_completes_the_fiche(engine: Engine) -> None:
    anne = EngineChat(engine, "anne")
    await to_employer(anne)
    await anne.send("COM69123")
    await anne.send("Gestionnaire paie")
    assert "Quel est votre cadre d'emplois ?" in anne.text
    await anne.send("rédac")
    await anne.tap("Rédacteurs territoriaux")
    assert "Quel est votre grade ?" in anne.text
    await anne.tap("Rédacteur principal de 2e classe")
    # The cadre gave the catégorie and the filière: nothing more is asked.
    assert copy.ROUND_DONE in anne.text
    assert "✅ Identité et situation" in anne.labels
    assert "1/12 rubriques" in anne.text


async def test_a_fiche_without_its_situation_is_not_counted_done(engine: Engine) -> None:
    anne = EngineChat(engine, "anne")
    await to_employer(anne)
    await anne.send("COM69123")
    await anne.tap(copy.SKIP)
    assert "Quel est votre cadre d'emplois ?" in anne.text
    await anne.tap(copy.ROUND_LATER)
    assert copy.ROUND_LATER_DONE in anne.text
    assert "🟨 Identité et situation · à compléter" in anne.labels
    assert "0/12 rubriques" in anne.text
    assert "░░░░░░░░░░" in anne.text
    assert (
        copy.MENU_NEXT_PARTIAL.format(
            title="Identité et situation",
            missing="poste, cadre d'emplois, grade, catégorie, filière",
        )
        in anne.text
    )


async def test_reminders_point_at_what_is_missing(db: Database) -> None:
    async with db.transaction() as tx:
        agent = await tx.create_agent("test", "anne", "anne")
        await tx.add_entry(agent, "identite", Identite(prenom="Anne", nom="Dupont"))
        for code in ("diplomes", "certifications"):
            await tx.set_not_concerned(agent, code, True)
        found = await reminders.compose(tx, agent, None)
    assert found is not None
    assert "il manque : poste, cadre d'emplois, grade" in found.text
    assert copy.REMINDER_UNBOUND in found.text


async def test_a_complete_livret_without_employer_is_still_reminded(db: Database) -> None:
    await load_registry(db)
    async with db.transaction() as tx:
        agent = await tx.create_agent("test", "anne", "anne")
        await tx.add_entry(
            agent,
            "identite",
            Identite(
                prenom="Anne", nom="Dupont", poste="Paie", cadre_emplois="Rédacteurs territoriaux",
                grade="Rédacteur", categorie="B", filiere="administrative",
            ),
        )  # fmt: skip
        for rub in CATALOGUE:
            if rub.code != "identite":
                await tx.set_not_concerned(agent, rub.code, True)
        found = await reminders.compose(tx, agent, None)
        assert found is not None and found.action == "coll"
        await tx.set_collectivite(agent, "COM69123")
        assert await reminders.compose(tx, agent, None) is None
