"""Reading back an archive made by ``/mesdonnees`` (``livret admin import-agent``): its
records go in under new ids (``storage/transfer``), its proof files into the proofs folder,
each checked against the digest recorded with it. All of it or nothing.

An archive is read within bounds, whatever it says of itself: ``donnees.json`` up to
``DATA_MAX``, each proof up to the size the bot takes from Telegram, all the proofs up to
``PROOFS_MAX``. The sizes a ZIP declares can lie, so they are only a first refusal: every
member is read through a cap. A proof is streamed to a staging folder inside the proofs
folder as it is read (never all of them in memory), checked there, and only moved into
place, one rename each, inside the transaction that writes the rows: the transaction does
not hold the writer while files are copied. A staging folder a kill left behind is removed
by the next import once it is an hour old.
"""

import asyncio
import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dialogs.account.data_export import DATA, FORMAT, PROOFS
from dialogs.state import DialogState
from dialogs.widgets import AnswerError, parse_email
from documents.proofs import MAX_SIZE, ProofError, check
from storage import Database, DialogRecord, Restored, RestoreError
from storage.transfer import proof_name, rows_of

# A real livret's donnees.json is well under a megabyte; parsed, JSON takes several times
# its size in memory.
DATA_MAX = 16 * 1024 * 1024
PROOFS_MAX = 2 * 1024 * 1024 * 1024
STAGING = ".import-"
STALE_AFTER = 3600
CHUNK = 1024 * 1024


async def restore(db: Database, archive: Path, proofs_dir: Path) -> Restored:
    """The agent restored; ``RestoreError`` says why not, and then nothing was written."""
    tables, proofs = await asyncio.to_thread(_read, archive)
    staging = await asyncio.to_thread(_stage, archive, proofs, proofs_dir)
    placed: list[Path] = []
    try:
        async with db.transaction() as tx:
            restored = await tx.restore_agent(tables)
            # The former server's screens and ids mean nothing here: the menu. Saved now,
            # so the move counts as activity (the account is not idle since its creation).
            menu = DialogState(screen="menu").model_dump(mode="json")
            await tx.save_dialog_state(DialogRecord(restored.agent_id, menu))
            moves = [(staging / name, proofs_dir / path) for name, path in restored.proofs]
            # One trip to a thread for all of them: the writer is held meanwhile.
            await asyncio.to_thread(_place, moves, placed)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        await asyncio.to_thread(shutil.rmtree, staging, True)
    return restored


@contextmanager
def _archive(archive: Path) -> Iterator[zipfile.ZipFile]:
    """The archive open, whatever goes wrong in reading it told as a ``RestoreError``."""
    try:
        with zipfile.ZipFile(archive) as opened:
            yield opened
    except FileNotFoundError as error:
        raise RestoreError("no_file", str(archive)) from error
    # A damaged member (zlib, CRC), an encrypted one (RuntimeError), an unknown compression.
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        zlib.error,
        RuntimeError,
        NotImplementedError,
    ) as error:
        raise RestoreError("not_zip", str(archive)) from error


def _read(archive: Path) -> tuple[dict[str, object], list[tuple[str, str]]]:
    """The tables of the archive, and the (file name, digest) of each proof it holds, once
    their declared sizes are within bounds."""
    with _archive(archive) as opened:
        try:
            info = opened.getinfo(DATA)
        except KeyError as error:
            raise RestoreError("no_data") from error
        raw = _capped(opened, info, DATA_MAX)
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError) as error:
            raise RestoreError("bad_json") from error
        if not isinstance(body, dict):
            raise RestoreError("bad_json")
        # The first archives had the tables at the top.
        if body.get("format", FORMAT) != FORMAT:
            raise RestoreError("format", str(body.get("format"))[:80])
        tables = body.get("tables", body)
        if not isinstance(tables, dict):
            raise RestoreError("bad_json")
        _normalise_email(tables)
        proofs: list[tuple[str, str]] = []
        seen: set[str] = set()
        declared = 0
        for row in rows_of(tables, "proofs"):
            name = proof_name(row.get("path"))
            digest = row.get("digest")
            # Two rows on one file: removing one proof would take the other's file.
            if not isinstance(digest, str) or name in seen:
                raise RestoreError("bad_proof", name)
            seen.add(name)
            try:
                member = opened.getinfo(f"{PROOFS}/{name}")
            except KeyError as error:
                raise RestoreError("missing_proof", name) from error
            declared += member.file_size
            if member.file_size > MAX_SIZE or declared > PROOFS_MAX:
                raise RestoreError("too_big", name)
            proofs.append((name, digest))
    return tables, proofs


def _normalise_email(tables: dict[str, object]) -> None:
    """The agent's address as the bot keeps it: one address is one livret however it was
    typed (``Anne@Mairie.fr`` is ``anne@mairie.fr``)."""
    agents = rows_of(tables, "agents")
    if len(agents) != 1 or agents[0].get("email") is None:
        return
    email = agents[0]["email"]
    if not isinstance(email, str):
        raise RestoreError("bad_row", "agents.email")
    try:
        agents[0]["email"] = parse_email(email)  # type: ignore[index]
    except AnswerError as error:
        raise RestoreError("bad_row", "agents.email") from error


def _capped(opened: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """A member's bytes, refused once past ``cap`` whatever size it declares."""
    if info.file_size > cap:
        raise RestoreError("too_big", info.filename)
    with opened.open(info) as member:
        data = member.read(cap + 1)
    if len(data) > cap:
        raise RestoreError("too_big", info.filename)
    return data


def _stage(archive: Path, proofs: list[tuple[str, str]], proofs_dir: Path) -> Path:
    """Each proof copied into a new staging folder as it is read, and checked there as an
    upload is: its digest, then its content (what the digest vouches for was written by
    hand)."""
    try:
        proofs_dir.mkdir(parents=True, exist_ok=True)
        _clear_stale(proofs_dir)
        staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=proofs_dir))
    except OSError as error:
        raise RestoreError("cannot_write", error.strerror or str(error)) from error
    try:
        total = 0
        with _archive(archive) as opened:
            for name, digest in proofs:
                target = staging / name
                size, found = _copy(opened, f"{PROOFS}/{name}", target)
                total += size
                if total > PROOFS_MAX:
                    raise RestoreError("too_big", name)
                if found != digest:
                    raise RestoreError("bad_proof", name)
                try:
                    checked = check(target.read_bytes())
                except ProofError as error:
                    raise RestoreError("bad_proof", name) from error
                if checked.kind != name.rsplit(".", 1)[1]:
                    raise RestoreError("bad_proof", name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _copy(opened: zipfile.ZipFile, member: str, target: Path) -> tuple[int, str]:
    """The member written to ``target`` by chunks, up to the bot's size for a proof; its
    size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    try:
        out = target.open("wb")
    except OSError as error:
        raise RestoreError("cannot_write", error.strerror or str(error)) from error
    try:
        source = opened.open(member)
    except KeyError as error:
        out.close()
        # The archive changed since it was read.
        raise RestoreError("missing_proof", member.rsplit("/", 1)[-1]) from error
    with out, source:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > MAX_SIZE:
                raise RestoreError("too_big", member.rsplit("/", 1)[-1])
            digest.update(chunk)
            try:
                out.write(chunk)
            except OSError as error:
                raise RestoreError("cannot_write", error.strerror or str(error)) from error
    return size, digest.hexdigest()


def _clear_stale(proofs_dir: Path) -> None:
    """Staging folders of imports a kill cut short: none runs for an hour."""
    limit = time.time() - STALE_AFTER
    for folder in proofs_dir.glob(f"{STAGING}*"):
        try:
            if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _place(moves: list[tuple[Path, Path]], placed: list[Path]) -> None:
    """Each staged proof renamed to its place, each noted in ``placed`` before it moves."""
    try:
        for staged, target in moves:
            placed.append(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
    except OSError as error:
        raise RestoreError("cannot_write", error.strerror or str(error)) from error
