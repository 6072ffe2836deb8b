"""Who may read the data folder: its owner only. Every process of ``livret`` runs with a
umask of 077, so each file it makes (database, proofs, documents, e-mails in the outbox,
which hold codes, backups) is 0600 and each folder 0700, whatever the umask it was
started with (a shell's 022, Docker's). ``exposed`` lists what is not, for the doctor."""

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077


def private_umask() -> None:
    os.umask(PRIVATE_UMASK)


def private_folder(folder: Path) -> None:
    """The folder, made if missing, readable by its owner only (an older one too)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if stat.S_IMODE(folder.stat().st_mode) & 0o077:
        folder.chmod(0o700)


def exposed(folder: Path, limit: int = 20) -> list[Path]:
    """Files and folders under ``folder`` (itself included) that others than the owner may
    read or enter; at most ``limit``."""
    found: list[Path] = []
    paths = [folder, *folder.rglob("*")] if folder.is_dir() else []
    for path in paths:
        try:
            mode = path.lstat().st_mode
        except OSError:
            continue
        if not stat.S_ISLNK(mode) and stat.S_IMODE(mode) & 0o077:
            found.append(path)
            if len(found) >= limit:
                break
    return found
