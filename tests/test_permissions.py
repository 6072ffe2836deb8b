"""Who may read the data: its owner only, whatever the umask ``livret`` starts with (a
shell's 022, Docker's): the data folder 0700; the database, proofs, e-mails in the outbox
(which hold codes) and backups 0600. ``livret doctor`` warns about what others can read."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import copy as bot_copy
from tests.cli import chat, livret, sign_up
from tests.test_proofs import png


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The umask most shells and Docker start programs with."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def readable_by_others(folder: Path) -> list[str]:
    return [
        f"{p} {stat.filemode(p.stat().st_mode)}"
        for p in [folder, *folder.rglob("*")]
        if stat.S_IMODE(p.stat().st_mode) & 0o077
    ]


@pytest.mark.usefixtures("open_umask")
def test_every_file_is_the_owners_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)  # an older installation's folder
    sign_up(data, "anne")
    photo = tmp_path / "diplome.png"
    photo.write_bytes(png())
    diplome = ["Diplômes", "Ajouter un diplôme", "Master", "Passer", "Passer", "2015"]
    done = chat(
        data, [*diplome, "Enregistrer", "Joindre le diplôme maintenant", str(photo)], "anne"
    )
    assert done.returncode == 0, done.stderr
    assert list((data / "proofs").rglob("*.png")), done.stdout
    assert list((data / "outbox").glob("*.eml"))
    backups = tmp_path / "backups"
    saved = livret(data, "admin", "backup", str(backups))
    assert saved.returncode == 0, saved.stderr

    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert readable_by_others(data) == []
    assert [p for p in readable_by_others(backups) if p.split()[0] != str(backups)] == []


def test_the_doctor_warns_of_what_others_can_read(tmp_path: Path) -> None:
    sign_up(tmp_path, "anne")
    mail = next((tmp_path / "outbox").glob("*.eml"))
    mail.chmod(0o644)
    done = livret(tmp_path, "doctor")
    assert bot_copy.DOCTOR_PERMISSIONS in done.stdout
    line = next(ln for ln in done.stdout.splitlines() if bot_copy.DOCTOR_PERMISSIONS in ln)
    assert line.startswith("⚠️") and mail.name in line, line
    assert "chmod -R go-rwx" in done.stdout
