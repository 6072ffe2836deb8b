"""Routing's edge cases, as the engine answered them before screens were declared by their
flows (a review of issue 15 found them changed): before activation, only what is open
then; an activation step left by an older version; a saved state that names no screen.
And states another version left that crashed a turn: a draft on a field or a rubrique no
longer declared, a proof awaited for no entry."""

from dialogs import copy
from dialogs.engine import Engine
from storage import Database
from tests.chat import EngineChat, edit_saved_state


async def _on_erase_before_activation(engine: Engine) -> tuple[EngineChat, int]:
    """A new agent on the privacy notice types /supprimer: the erase screen, not activated.
    Returns the chat and the ``seq`` the privacy notice's buttons carried."""
    zoe = EngineChat(engine, "zoe")
    await zoe.send("/start")
    accept = zoe.button("J'accepte")
    seq = int(accept.partition("|")[0])
    await zoe.send("/supprimer")
    assert copy.ERASE_WARNING in zoe.text
    return zoe, seq


async def test_before_activation_an_old_bound_button_on_the_erase_screen_leads_to_the_step(
    engine: Engine,
) -> None:
    # Old engine: on "erase" (not an activation step) a bound button opened nothing before
    # activation: the gate took the agent to the step they lack.
    zoe, seq = await _on_erase_before_activation(engine)

    await zoe.tap_data(f"{seq}|accept")
    assert copy.PRIVACY in zoe.text, zoe.text
    assert copy.STALE_BUTTON not in zoe.text


async def test_before_activation_a_forged_bound_button_on_the_erase_screen_leads_to_the_step(
    engine: Engine,
) -> None:
    zoe, seq = await _on_erase_before_activation(engine)

    # The current seq (the position moved once, to "erase"), a name erase does not draw.
    await zoe.tap_data(f"{seq + 1}|accept")
    assert copy.PRIVACY in zoe.text, zoe.text
    assert copy.UNKNOWN_BUTTON not in zoe.text


async def test_before_activation_a_help_button_with_an_argument_leads_to_the_step(
    engine: Engine,
) -> None:
    # Old engine: only the exact action "aide" was open before activation ("g|aide").
    zoe = EngineChat(engine, "zoe")
    await zoe.send("/start")

    await zoe.tap_data("g|aide:x")
    assert copy.PRIVACY in zoe.text, zoe.text
    assert copy.HELP_PRIVACY not in zoe.text


async def _saved_state(db: Database, external_id: str, **changes: object) -> None:
    """The agent's saved dialog state as an earlier version left it: keys changed, and
    those given as None removed."""

    def change(state: dict[str, object]) -> None:
        state.update(changes)
        for key in [k for k, v in state.items() if v is None]:
            del state[key]

    await edit_saved_state(db, external_id, change)


async def _saved_screen(db: Database, external_id: str, screen: str) -> None:
    await _saved_state(db, external_id, screen=screen)


async def test_an_activated_agent_left_on_the_privacy_notice_is_told_text_is_not_expected(
    anne: EngineChat, db: Database
) -> None:
    # Old engine: the privacy notice was shown again only before activation; once
    # activated, a text there got the general "no text here".
    await _saved_screen(db, "anne", "privacy")

    await anne.send("bonjour")
    assert anne.text == copy.NO_TEXT_HERE, anne.text


async def test_an_activated_agent_left_on_the_privacy_notice_is_told_a_file_needs_an_entry(
    anne: EngineChat, db: Database
) -> None:
    await _saved_screen(db, "anne", "privacy")

    await anne.send_other()
    assert anne.text == copy.NO_FILE_HERE, anne.text
    await anne.send_file(b"%PDF-1.4 not really")
    assert anne.text == copy.PROOF_CORRUPT, anne.text


async def test_a_saved_state_without_a_screen_keeps_its_draft(
    anne: EngineChat, db: Database
) -> None:
    # Old engine: a state with no "screen" key was read with the default screen
    # ("onboarding"), the draft kept; /start then offers to resume it.
    await anne.send("/menu")
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS Assistant de gestion")
    await _saved_state(db, "anne", screen=None)

    await anne.send("/start")
    assert copy.RESUME_YES in anne.labels, anne.text


async def test_a_draft_on_a_field_no_longer_declared_is_offered_from_the_menu(
    anne: EngineChat, db: Database
) -> None:
    draft = {
        "rubrique": "formations_suivies",
        "data": {"intitule": "Excel", "ancien_champ": "x"},
        "field": "ancien_champ",
    }
    await _saved_state(db, "anne", screen="ask", draft=draft)

    await anne.send("bonjour")
    assert copy.NO_TEXT_HERE in anne.text
    await anne.send("/menu")
    assert "▶ Reprendre la saisie : une formation suivie" in anne.labels
    await anne.tap("Reprendre la saisie")
    assert "Quand l'avez-vous suivie ?" in anne.text


async def test_a_draft_of_a_rubrique_no_longer_declared_is_dropped(
    anne: EngineChat, db: Database
) -> None:
    await _saved_state(
        db, "anne", screen="summary", draft={"rubrique": "ancienne", "data": {"x": 1}}
    )

    await anne.send("/menu")
    assert "📘 Livret individuel de formation" in anne.text
    # Dropped: nothing is offered to resume.
    assert not any("Reprendre" in label for label in anne.labels), anne.labels


async def test_a_file_on_a_proof_screen_with_no_entry_says_to_open_one(
    anne: EngineChat, db: Database
) -> None:
    await _saved_screen(db, "anne", "proof")

    await anne.send_file(b"%PDF-1.4 not really")
    assert anne.text == copy.PROOF_NO_ENTRY
