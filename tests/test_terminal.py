"""End-to-end: the real ``livret`` command in a subprocess, driven through a pipe.

``livret chat`` reads the agent's lines from stdin as a script would type them; the transcript
on stdout is checked as the agent would read it: ``[n] label`` buttons, ``> `` prompts. Each run
works in ``tmp_path`` (cwd and LIVRET_DATA_DIR), so no ``.env`` of the repository is read.
"""

import re
from pathlib import Path

from bot import copy as bot_copy
from dialogs import copy
from livret.catalogue import CATALOGUE
from tests.cli import chat, livret, sign_up

PROMPT = "> "


def button_lines(transcript: str) -> list[str]:
    return re.findall(r"^\s*\[\d+\] .+$", transcript, flags=re.MULTILINE)


def number_of(code: str) -> str:
    """The number the menu gives a rubrique (the menu lists them in catalogue order)."""
    return str([r.code for r in CATALOGUE].index(code) + 1)


def test_a_whole_conversation_through_a_pipe(tmp_path: Path) -> None:
    signed_up = sign_up(tmp_path)
    done = chat(
        tmp_path,
        [
            number_of("diplomes"),  # a rubrique by its number
            "1",  # ➕ Ajouter un diplôme
            "BTS Assistant de gestion",
            "06/2010",  # typed, beside the years offered
            "Niveau",  # ➕ Niveau on the summary: a button by its label, without its emoji
            "3",  # Niveau 5, by its number
            "Enregistrer",
        ],
    )
    out = done.stdout

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert bot_copy.TERMINAL_INTRO in out
    assert "Quel est votre prénom ?" in signed_up
    assert "Bon retour, Anne !" in out
    # Buttons are numbered lines; the menu lists the rubriques.
    buttons = button_lines(out)
    assert any(re.fullmatch(r"\s*\[1\] ✅ Identité et situation", b) for b in buttons), buttons
    assert any(
        re.fullmatch(rf"\s*\[{number_of('diplomes')}\] ⬜ Diplômes et titres", b) for b in buttons
    ), buttons
    assert any(
        re.fullmatch(r"\s*\[\d+\] Niveau 5 \(Bac\+2 : BTS, DUT, DEUST\)", b) for b in buttons
    )
    # The date question offers recent years, numbered from 1.
    assert any(re.fullmatch(r"\s*\[1\] 20\d\d", b) for b in buttons), buttons
    # The summary offers the optional fields, one button each.
    assert any(re.fullmatch(r"\s*\[\d+\] ➕ Niveau", b) for b in buttons), buttons
    assert any(re.fullmatch(r"\s*\[\d+\] ➕ Établissement", b) for b in buttons), buttons
    # The prompt starts a line, and the piped answers are echoed after it.
    assert f"\n{PROMPT}Anne\n" in signed_up
    assert f"\n{PROMPT}Dupont\n" in signed_up
    assert f"\n{PROMPT}06/2010\n" in out
    # The summary shows every answer; the blank optional field is offered, not listed.
    assert "Facultatif, à compléter si vous le souhaitez : niveau · établissement." in out
    assert "• Intitulé : BTS Assistant de gestion" in out
    assert "• Niveau : Niveau 5 (Bac+2 : BTS, DUT, DEUST)" in out
    assert "Facultatif, à compléter si vous le souhaitez : établissement." in out
    assert "• Établissement" not in out
    assert "• Date d'obtention : juin 2010" in out
    assert "✅ Enregistré : BTS Assistant de gestion (juin 2010)." in out
    # End of input ends the chat cleanly.
    assert out.rstrip().endswith(bot_copy.TERMINAL_BYE)
    assert copy.NO_TEXT_HERE not in out
    assert bot_copy.TURN_FAILED not in out


def test_the_livret_is_still_there_next_time(tmp_path: Path) -> None:
    sign_up(tmp_path)
    first = chat(
        tmp_path,
        [
            number_of("diplomes"),
            "1",
            "BTS Assistant de gestion",
            "2010",
            "Enregistrer",
            "/menu",
            number_of("formations_suivies"),
            "1",  # ➕ Ajouter une formation suivie
            "Marchés publics",
            # End of input in the middle of an entry: kept for next time.
        ],
    )
    assert first.returncode == 0, first.stderr
    assert "Quand l'avez-vous suivie ?" in first.stdout

    second = chat(tmp_path, [])

    assert second.returncode == 0, second.stderr
    out = second.stdout
    assert "Bon retour, Anne !" in out
    assert "Vous aviez commencé à saisir une formation suivie" in out
    assert any(b.strip().endswith("▶ Reprendre") for b in button_lines(out)), out
    assert out.rstrip().endswith(bot_copy.TERMINAL_BYE)

    third = chat(tmp_path, ["Reprendre", "mars 2021", "/menu"])

    assert third.returncode == 0, third.stderr
    out = third.stdout
    assert "Quelle a été la durée de la formation ?" in out
    assert "Quel est l'intitulé de la formation suivie ?" not in out
    assert "✅ Diplômes et titres · 1" in out
    assert "Livret individuel de formation — Anne DUPONT" in out


def test_a_button_can_be_typed_exactly_as_printed(tmp_path: Path) -> None:
    """The agent answers "with the number or the label": the label as the transcript shows
    it, emoji and brackets included, must be understood."""
    sign_up(tmp_path)
    done = chat(
        tmp_path,
        [
            number_of("diplomes"),
            "➕ Ajouter un diplôme",
            "BTS Assistant de gestion",
            "2010",
            "➕ Niveau",
            "Niveau 5 (Bac+2 : BTS, DUT, DEUST)",
            "➕ Établissement",
            "Lycée Chateaubriand",
            "✅ Enregistrer",
        ],
    )
    out = done.stdout

    assert done.returncode == 0, done.stderr
    assert "Quel est l'intitulé du diplôme ou du titre ?" in out, "➕ Ajouter un diplôme"
    assert "Quel est son niveau ?" in out, "➕ Niveau was not taken"
    assert copy.CHOICE_EXPECTED not in out, "Niveau 5 (Bac+2 : BTS, DUT, DEUST) was not taken"
    assert "• Niveau : Niveau 5 (Bac+2 : BTS, DUT, DEUST)" in out
    assert "Quel établissement l'a délivré ?" in out, "➕ Établissement was not taken"
    assert "• Établissement : Lycée Chateaubriand" in out
    assert copy.NO_TEXT_HERE not in out, "✅ Enregistrer was not taken"
    assert "✅ Enregistré : BTS Assistant de gestion (2010)." in out


def test_each_agent_has_their_own_livret(tmp_path: Path) -> None:
    sign_up(tmp_path)

    other = sign_up(tmp_path, "bruno", "Bruno", "Martin")

    assert "Quel est votre prénom ?" in other
    assert "Bruno MARTIN" in other
    assert "Anne" not in other


def test_run_without_a_token_says_what_is_missing(tmp_path: Path) -> None:
    done = livret(tmp_path, "run")

    assert done.returncode != 0
    assert "LIVRET_TELEGRAM_TOKEN" in done.stderr
    assert "Traceback" not in done.stderr
    assert "n'est pas défini" in done.stderr


def test_run_with_the_empty_token_of_env_example_says_what_is_missing(tmp_path: Path) -> None:
    # What a new user gets after copying .env.example to .env without filling it in.
    (tmp_path / ".env").write_text("LIVRET_TELEGRAM_TOKEN=\n", encoding="utf-8")

    done = livret(tmp_path, "run")

    assert done.returncode != 0
    assert "LIVRET_TELEGRAM_TOKEN" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_code_is_not_read_as_a_button() -> None:
    """On the code and collectivité questions, "000001" or "RET" are answers, not buttons;
    a button is still reached by its whole label."""
    import io

    from bot.terminal import TerminalChat
    from dialogs.messages import Button, Outgoing

    chat = TerminalChat("anne", io.StringIO())
    buttons = [[Button("🔁 Renvoyer un code", "4|resend")], [Button("⬅ Retour", "4|back")]]
    chat.show([Outgoing("J'attends le code", buttons, number_answer=True)])
    assert chat.incoming("000001").kind == "text"
    assert chat.incoming("ret").kind == "text"
    assert chat.incoming("Renvoyer un code").text == "4|resend"
    chat.show([Outgoing("Menu", buttons)])
    assert chat.incoming("1").text == "4|resend"
    assert chat.incoming("ret").text == "4|back"


def test_words_typed_beside_one_tap_answers_are_the_answer(tmp_path: Path) -> None:
    """ "Centre" typed where "Centre de gestion" is offered is the agent's own answer; a
    number still taps the button it names."""
    sign_up(tmp_path)
    done = chat(
        tmp_path,
        [
            number_of("formations_suivies"),
            "Laïcité, 2024, 7 h",
            "Organisme",  # ➕ Organisme on the card, by its label
            "Centre",
            "Niveau",
            "1",  # Initiation, the first suggestion, by its number
            "Enregistrer",
        ],
    )
    assert done.returncode == 0, done.stderr
    assert "• Organisme : Centre\n" in done.stdout, done.stdout
    assert "• Niveau : Initiation" in done.stdout
    assert "✅ Enregistré : Laïcité (2024)." in done.stdout


def test_a_pasted_list_of_six_formations_through_livret_chat(tmp_path: Path) -> None:
    """Lines ending with "\\" make one message: the list is read, reviewed, saved."""
    sign_up(tmp_path)
    formations = [
        "Marchés publics : les fondamentaux — 14/03/2023 — 7 h — CNFPT",
        "Gestion budgétaire et comptable, du 15 au 17 mars 2021, 3 jours, CNFPT",
        "Conduite de réunion, 5 et 6 juin 2023, 2 jours, CDG du Rhône",
        "Rédaction administrative, 2022, 1 jour, CNFPT",
        "Excel perfectionnement, 12/10/2020, 2 jours, Ville de Lyon",
        "Accueil du public, 2024, une journée, CNFPT",
    ]
    pasted = [f"{line} \\" for line in formations[:-1]] + formations[-1:]
    done = chat(tmp_path, [number_of("formations_suivies"), *pasted, "Enregistrer les 6"])
    assert done.returncode == 0, done.stderr
    assert "J'ai lu 6 entrées" in done.stdout, done.stdout
    assert "✅ 6 entrées enregistrées." in done.stdout
    assert "6 entrées :" in done.stdout
    assert "Accueil du public (2024)" in done.stdout
