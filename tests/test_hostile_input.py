"""What a hostile or unlucky agent sends: digits that ``str.isdigit`` takes and ``int``
refuses, in forged buttons and in the terminal; bytes that are not UTF-8 in the terminal;
and a property test of the engine: any text, command, file or forged button data leaves
no exception and a state that reads back as it was saved, after every turn."""

import asyncio
import shutil
import string
import subprocess
import tempfile
from pathlib import Path
from typing import ClassVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import copy as bot_copy
from bot.mail import OutboxMailer
from dialogs import copy
from dialogs.engine import Engine
from dialogs.flows import REGISTRY
from dialogs.numbers import parse_id
from dialogs.state import DialogState
from dialogs.widgets import AnswerError, parse_number
from storage import Database
from tests.chat import Clock, EngineChat, load_registry
from tests.cli import clean_env, livret_command, sign_up
from tests.test_proofs import pdf, png

# Digits of other scripts and digit-like signs: ``isdigit`` says yes to all of them.
ODD_DIGITS = ["²", "①", "٣", "७", "𝟗", "¹²", "1²", "0x1", "-1", " 1", "1 ", "", "9" * 19]


def test_ids_are_ascii_digits_only() -> None:
    for odd in ODD_DIGITS:
        assert parse_id(odd) is None, odd
    assert parse_id("0") == 0 and parse_id("42") == 42 and parse_id("9" * 18) == int("9" * 18)


def test_a_number_answer_is_ascii_digits() -> None:
    assert parse_number("12") == 12
    for odd in ("٣", "1e3", "½", "9" * 400):
        try:
            parse_number(odd)
        except AnswerError:
            continue
        raise AssertionError(f"{odd!r} accepted")


async def test_forged_buttons_with_odd_digits_are_told_as_unknown(anne: EngineChat) -> None:
    await anne.add_diplome("BTS")
    seq = "1"  # the current position or an old one: unknown or expired, never a crash
    forged = [
        "g|e:²",
        "g|e:①",
        "g|sh:²",
        "g|rv:①",
        "g|sn:²:1",
        "g|xf:²:pdf",
        f"{seq}|pg:①",
        f"{seq}|unproof:²",
        f"{seq}|proofnew:①",
        "²|m",
        "①|add",
        "9999999999999999999|add",
        "g|e:" + "9" * 40,
    ]
    for data in forged:
        replies = await anne.tap_data(data)
        said = " ".join(r.text for r in replies)
        told = (copy.UNKNOWN_BUTTON, copy.STALE_BUTTON, copy.SHARE_UNKNOWN)
        assert any(t in said for t in told), (data, said)
    await anne.send("/menu")
    assert "✅ Diplômes et titres · 1" in anne.labels


def test_the_terminal_takes_odd_digits_and_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    """``²`` where a button number is expected, and a byte that is not UTF-8 in a name:
    said in French, nothing lost, no traceback."""
    sign_up(tmp_path, "anne")
    script = "²\n①\nDiplômes\nAjouter un diplôme\n".encode() + b"Ma\xffster\n" + b"Master\n"
    done = subprocess.run(
        [*livret_command(), "chat", "--agent", "anne"],
        input=script,
        capture_output=True,
        cwd=tmp_path,
        env=clean_env(tmp_path),
        timeout=60,
    )
    out = done.stdout.decode("utf-8", errors="replace")
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert "Traceback" not in done.stderr.decode(errors="replace")
    assert bot_copy.TERMINAL_UNREADABLE in out
    # The line after it was taken: the diplôme's title, then its next (and last) question.
    assert "(2/2) Quand l'avez-vous obtenu ?" in out


# ---- the property test ---------------------------------------------------------------------

# Lone surrogates, non-characters, controls: hypothesis draws them seldom unless told.
ANY_CHARACTER = st.one_of(
    st.characters(),
    st.characters(categories=["Cs", "Cc", "Co", "Cn"]),
    st.sampled_from(["\uffff", "\ufffe", "\x00", "\x0b", "²", "①", "\u202e", "\u2028"]),
)
ACTIONS = [
    "m", "aide", "doc", "acct", "share", "rem", "rs", "shares", "keep", "sh", "rv", "sn",
    "xf", "r", "e", "accept", "resend", "newmail", "chmail", "usehint", "other", "chcoll",
    "back", "cad", "wd", "h", "yearly", "day", "hour", "pick", "preview", "t", "f", "all",
    "none", "pg", "p", "done", "edit", "get", "how", "d", "nonote", "resume", "drop", "add",
    "nc", "proof", "proofnew", "unproof", "del", "delok", "delno", "save", "cancel", "fmt",
    "v", "skip", "clear", "ok", "sg", "lk", "dup", "lnew", "fix", "batch",
]  # fmt: skip
ARGS = st.one_of(
    st.sampled_from(
        ["", "0", "1", "2", "7", "30", "pdf", "docx", "diplomes", "identite", "x", *ODD_DIGITS]
    ),
    st.text(ANY_CHARACTER, max_size=20),
)
SCOPES = st.one_of(
    st.sampled_from(["g", "0", "1", "2", "3", "5", "²", "①", ""]), st.text(max_size=4)
)
BUTTONS = st.builds(
    lambda scope, action, arg, more: f"{scope}|{action}" + (f":{arg}" if arg else "") + more,
    SCOPES,
    st.sampled_from(ACTIONS),
    ARGS,
    st.sampled_from(["", ":1", ":0", "|x", ":²"]),
)
# Any Unicode, surrogates and non-characters included, as a phone may send it.
# A plausible answer with one odd character in it: what gets past the checks into storage.
ONE_ODD = st.builds(
    lambda before, odd, after: before + odd + after,
    st.text(string.ascii_letters + " éè-'", max_size=15),
    ANY_CHARACTER,
    st.text(string.ascii_letters + " ", max_size=15),
)
HOSTILE_TEXT = st.one_of(
    ONE_ODD,
    st.text(ANY_CHARACTER, max_size=200),
    st.sampled_from(
        ["²", "①", "\uffff", "\ufffe", "\x00", "\ud800", "SUPPRIMER", "supprimer", "2015",
         "12/03/2021", "a" * 5000, "Master\n\tde droit", "../../etc/passwd", "/start s-xyz"]
    ),
)  # fmt: skip
COMMANDS = st.one_of(
    st.sampled_from(
        ["start", "menu", "aide", "annuler", "partages", "rappels", "rappel", "mesdonnees",
         "supprimer", "inconnue", "START", "²"]
    ),
    st.text(max_size=12),
)  # fmt: skip
FILES = st.one_of(
    st.just(pdf()), st.just(png()), st.binary(max_size=300), st.just(b"%PDF-1.4\n%%EOF")
)
TURNS = st.lists(
    st.one_of(
        st.tuples(st.just("text"), HOSTILE_TEXT),
        st.tuples(st.just("text"), ONE_ODD),
        st.tuples(st.just("command"), COMMANDS),
        st.tuples(st.just("button"), BUTTONS),
        st.tuples(st.just("file"), FILES),
        st.tuples(st.just("other"), st.just("")),
    ),
    min_size=1,
    max_size=12,
)


class _Seed:
    """Databases where Anne is onboarded, with a diplôme that has a proof, on the menu,
    typing a new formation, or on the card of a new compétence (its blank fields and the
    diplôme to tick); each example starts from a copy of one."""

    folders: ClassVar[dict[str, Path]] = {}

    @classmethod
    def get(cls, where: str) -> Path:
        if where not in cls.folders:
            cls.folders[where] = Path(tempfile.mkdtemp(prefix="livret-seed-"))
            asyncio.run(cls._make(cls.folders[where], where))
        return cls.folders[where]

    @staticmethod
    async def _make(folder: Path, where: str) -> None:
        db = await Database.open(folder / "livret.sqlite3", clock=Clock())
        try:
            await load_registry(db)
            engine = Engine(db, OutboxMailer(folder / "outbox"), files=folder / "livrets")
            engine.proofs_dir = folder / "proofs"
            anne = EngineChat(engine, "anne")
            await anne.onboard()
            await anne.add_diplome("BTS")
            await anne.tap("maintenant")
            await anne.send_file(png())
            if where == "asking":
                await anne.send("/menu")
                await anne.tap("Formations suivies")
                await anne.tap("Ajouter une formation suivie")
            if where == "summary":
                await anne.send("/menu")
                await anne.tap("Compétences")
                await anne.tap("Ajouter une compétence")
                await anne.send("Tableur")
                assert "☐ BTS (2015)" in anne.labels, anne.labels
        finally:
            await db.close()


async def _play(folder: Path, turns: list[tuple[str, object]]) -> None:
    db = await Database.open(folder / "livret.sqlite3", clock=Clock())
    try:
        engine = Engine(db, OutboxMailer(folder / "outbox"), files=folder / "livrets")
        engine.proofs_dir = folder / "proofs"
        anne = EngineChat(engine, "anne")
        anne._update = 1000
        for kind, value in turns:
            if kind == "file":
                assert isinstance(value, bytes)
                replies = await anne.send_file(value)
            elif kind == "command":
                replies = await anne._turn("command", str(value))
            else:
                replies = await anne._turn(kind, str(value))
            for reply in replies:
                assert isinstance(reply.text, str)
                for row in reply.buttons:
                    for button in row:
                        assert 1 <= len(button.data.encode()) <= 64, button.data
            async with db.transaction() as tx:
                agent_id = await tx.find_agent("test", "anne")
                if agent_id is None:
                    continue  # erased: a new account begins at the next turn
                record = await tx.dialog_state(agent_id)
            if record is not None:
                # Read back as saved, not reset: strict validation of what was written,
                # on a screen some flow declares.
                saved = DialogState.model_validate(record.state)
                assert saved.screen in REGISTRY.screens.by_name, saved.screen
    finally:
        await db.close()


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(where=st.sampled_from(["menu", "asking", "summary"]), turns=TURNS)
def test_no_turn_raises_and_every_state_reads_back(
    where: str, turns: list[tuple[str, object]]
) -> None:
    seed = _Seed.get(where)
    folder = Path(tempfile.mkdtemp(prefix="livret-example-"))
    try:
        for name in ("livret.sqlite3", "proofs", "outbox"):
            source = seed / name
            if source.is_dir():
                shutil.copytree(source, folder / name)
            elif source.exists():
                shutil.copy2(source, folder / name)
        asyncio.run(_play(folder, turns))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_ascii_letters_are_not_ids() -> None:
    assert all(parse_id(c) is None for c in string.ascii_letters)
