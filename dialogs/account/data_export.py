"""``/mesdonnees``: one ZIP with everything held about the agent: every record as JSON (with
a README that explains it), the livret as PDF and Word, and every proof file. Made after
the turn, like the documents."""

import asyncio
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

from dialogs import copy
from dialogs.messages import Button, EditionRequest, Outgoing
from dialogs.screens import Workshop
from dialogs.sharing.edition import PROBLEMS, left_out_note, load_livret, today
from dialogs.turn import GLOBAL, Turn
from documents.edition import DOCX, PDF, EditionFile, make_edition
from storage.base import stamp

EXPORT = "export"
# The archive's layout, which ``data_import`` reads back.
DATA = "donnees.json"
PROOFS = "justificatifs"
FORMAT = "livret-donnees/1"
# Columns that hold JSON: written as data, not as text inside text.
JSON_COLUMNS = {
    "entries": ("data",),
    "dialog_state": ("state", "recent_updates"),
    "shares": ("snapshot",),
}


def ask(t: Turn) -> None:
    t.say(copy.EXPORT_PREPARING)
    t.replies[-1].pending = EditionRequest(t.agent_id, (EXPORT,), maker=EXPORT)


async def make(request: EditionRequest, w: Workshop) -> list[Outgoing]:
    db, converter, folder, proofs_dir = w.db, w.converter, w.files, w.proofs
    day = today(db)
    async with db.transaction() as tx:
        records = await tx.records(request.agent_id)
    context, annexes = await load_livret(db, request.agent_id, day, proofs_dir)
    made = await make_edition(context, {PDF, DOCX}, converter, day, annexes=annexes)
    proofs, kept = [], []
    for row in records["proofs"]:
        path = (proofs_dir / str(row["path"])) if proofs_dir else None
        # A proof whose file was lost from the data folder is not the agent's to have (and
        # would make the archive impossible to import).
        if path is not None and path.exists():
            proofs.append((f"{PROOFS}/{Path(str(row['path'])).name}", path))
            kept.append(row)
    records["proofs"] = kept
    body = document(records, db.clock())
    data = await asyncio.to_thread(_zip, body, made.files, proofs)
    target = folder / f"agent-{request.agent_id}" / "export"
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"Livret-mes-donnees-{day.isoformat()}.zip"
    await asyncio.to_thread(path.write_bytes, data)
    closing = copy.EXPORT_READY
    if made.pdf_problem:
        closing += "\n" + PROBLEMS[made.pdf_problem]
    if made.left_out:
        closing += "\n" + left_out_note(made)
    return [
        Outgoing(copy.EXPORT_FILE, document=path),
        Outgoing(closing, [[Button(copy.BACK_MENU, f"{GLOBAL}|m")]]),
    ]


def document(records: dict[str, list[dict[str, object]]], now: datetime) -> dict[str, object]:
    """The records as the agent reads them: JSON columns as data, with the format named."""
    tables = {
        table: [
            {
                k: json.loads(v) if k in JSON_COLUMNS.get(table, ()) and isinstance(v, str) else v
                for k, v in row.items()
            }
            for row in rows
        ]
        for table, rows in records.items()
    }
    return {"format": FORMAT, "exported_at": stamp(now), "tables": tables}


def _zip(
    body: dict[str, object],
    files: list[EditionFile],
    proofs: list[tuple[str, Path]],
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LISEZMOI.txt", copy.EXPORT_README)
        text = json.dumps(body, ensure_ascii=False, indent=2, default=str)
        archive.writestr(DATA, text)
        for file in files:
            archive.writestr(f"livret/{file.name}", file.data)
        for name, path in proofs:
            archive.write(path, name)
    return out.getvalue()
