"""Reading back an archive made by ``/mesdonnees`` (``livret admin import-agent``): its
records go in under new ids (``storage/transfer``), its proof files into the proofs folder,
each checked against the digest recorded with it. All of it or nothing."""

import asyncio
import hashlib
import json
import zipfile
from pathlib import Path

from dialogs.data_export import DATA, FORMAT, PROOFS
from dialogs.state import DialogState
from documents.proofs import ProofError, check
from storage import Database, DialogRecord, Restored, RestoreError
from storage.transfer import proof_name


async def restore(db: Database, archive: Path, proofs_dir: Path) -> Restored:
    """The agent restored; ``RestoreError`` says why not, and then nothing was written."""
    tables, files = await asyncio.to_thread(_read, archive)
    written: list[Path] = []
    try:
        async with db.transaction() as tx:
            restored = await tx.restore_agent(tables)
            # The former server's screens and ids mean nothing here: the menu. Saved now,
            # so the move counts as activity (the account is not idle since its creation).
            menu = DialogState(screen="menu").model_dump(mode="json")
            await tx.save_dialog_state(DialogRecord(restored.agent_id, menu))
            for name, path in restored.proofs:
                target = proofs_dir / path
                written.append(target)
                await asyncio.to_thread(_write, target, files[name])
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return restored


def _read(archive: Path) -> tuple[dict[str, object], dict[str, bytes]]:
    """The tables of the archive and the bytes of each proof, by file name."""
    try:
        with zipfile.ZipFile(archive) as opened:
            try:
                body = json.loads(opened.read(DATA))
            except KeyError as error:
                raise RestoreError("no_data") from error
            except (ValueError, RecursionError) as error:
                raise RestoreError("bad_json") from error
            if not isinstance(body, dict):
                raise RestoreError("bad_json")
            # The first archives had the tables at the top.
            if body.get("format", FORMAT) != FORMAT:
                raise RestoreError("format", str(body.get("format")))
            tables = body.get("tables", body)
            if not isinstance(tables, dict):
                raise RestoreError("bad_json")
            files = {}
            for row in tables.get("proofs") or []:
                if not isinstance(row, dict):
                    raise RestoreError("bad_row", "proofs")
                name = proof_name(row.get("path"))
                try:
                    data = opened.read(f"{PROOFS}/{name}")
                except KeyError as error:
                    raise RestoreError("missing_proof", name) from error
                if hashlib.sha256(data).hexdigest() != row.get("digest"):
                    raise RestoreError("bad_proof", name)
                # Checked as an upload is: what the digest vouches for was written by hand.
                try:
                    checked = check(data)
                except ProofError as error:
                    raise RestoreError("bad_proof", name) from error
                if checked.kind != name.rsplit(".", 1)[1]:
                    raise RestoreError("bad_proof", name)
                files[name] = data
    except FileNotFoundError as error:
        raise RestoreError("no_file", str(archive)) from error
    except (zipfile.BadZipFile, OSError) as error:
        raise RestoreError("not_zip", str(archive)) from error
    return tables, files


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
