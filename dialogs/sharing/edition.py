""" "Mon livret": the agent picks Word, PDF or both; the documents are made after the
turn (``make``, called by ``Engine.fulfil``), never inside its transaction."""

import asyncio
import secrets
from datetime import date
from pathlib import Path

from dialogs import copy
from dialogs.messages import Button, EditionRequest, Outgoing
from dialogs.screens import Workshop
from dialogs.turn import GLOBAL, Btn, Turn, nav
from dialogs.widgets import PARIS
from documents.annexes import Annex
from documents.context import Context, build_context
from documents.edition import DOCX, PDF, Edition, make_edition
from livret.catalogue import CATALOGUE, rubrique
from livret.entries import Entry
from storage import Database, StoredEntry

# The maker of the full livret's documents (``fulfil``).
MAKER = "livret"
FORMATS = {"pdf": (PDF,), "docx": (DOCX,), "both": (PDF, DOCX)}


def show_choice(t: Turn) -> None:
    t.state.screen = "edition"
    t.state.change = None
    t.say(
        copy.EDITION_CHOOSE,
        [
            [Btn(copy.EDITION_PDF, "fmt:pdf"), Btn(copy.EDITION_DOCX, "fmt:docx")],
            [Btn(copy.EDITION_BOTH, "fmt:both")],
            [nav(copy.BACK_MENU, "m")],
        ],
    )


async def request(t: Turn, choice: str) -> bool:
    formats = FORMATS.get(choice)
    if formats is None:
        return False
    t.say(copy.EDITION_PREPARING)
    t.replies[-1].pending = EditionRequest(t.agent_id, formats, maker=MAKER)
    return True


PROBLEMS = {
    "unavailable": copy.PDF_UNAVAILABLE,
    "timeout": copy.PDF_TIMEOUT,
    "failed": copy.PDF_FAILED,
}


async def load_context(db: Database, agent_id: int, day: date) -> Context:
    """The agent's whole livret, read in one short transaction."""
    context, _ = await load_livret(db, agent_id, day, None)
    return context


async def load_livret(
    db: Database, agent_id: int, day: date, proofs_dir: Path | None
) -> tuple[Context, list[Annex]]:
    """The agent's whole livret and, with ``proofs_dir``, its proofs as annexes (in the
    order of the livret's entries), listed in the context."""
    async with db.transaction() as tx:
        stored = await tx.all_entries(agent_id)
        declined = await tx.not_concerned(agent_id)
        account = await tx.account(agent_id)
        found = await tx.agent_proofs(agent_id)
    by_code: dict[str, list[tuple[int, Entry]]] = {}
    for entry in stored:
        by_code.setdefault(entry.rubrique, []).append((entry.id, entry.data))
    context = build_context(by_code, declined, day, account.identifiant or "")
    annexes: list[Annex] = []
    order = {e.id: n for n, e in enumerate(sorted(stored, key=_catalogue_order))}
    entries = {e.id: e for e in stored}
    read: set[str] = set()
    proved: set[int] = set()
    for proof in sorted(found, key=lambda p: (order.get(p.entry_id, 0), p.id)):
        entry = entries.get(proof.entry_id)
        if entry is None or proofs_dir is None:
            continue
        if proof.digest in read:
            # The same file for several entries (a relevé read into its lines): one annex.
            context.add_annex(proof.kind, rubrique(entry.rubrique), entry.data, proof.digest)
            proved.add(proof.entry_id)
            continue
        try:
            data = await asyncio.to_thread((proofs_dir / proof.path).read_bytes)
        except OSError:
            continue  # a file lost from the data folder: the livret is still made
        read.add(proof.digest)
        annexes.append(Annex(proof.kind, data))
        context.add_annex(proof.kind, rubrique(entry.rubrique), entry.data, proof.digest)
        proved.add(proof.entry_id)
    # Justified by a proof joined to this document (without the files: by those it has).
    context.prove(proved if proofs_dir is not None else {p.entry_id for p in found})
    return context, annexes


_CATALOGUE_ORDER = {r.code: n for n, r in enumerate(CATALOGUE)}


def _catalogue_order(entry: StoredEntry) -> tuple[int, int]:
    return _CATALOGUE_ORDER[entry.rubrique], entry.id


def today(db: Database) -> date:
    return db.clock().astimezone(PARIS).date()


async def make(request: EditionRequest, w: Workshop) -> list[Outgoing]:
    """Make the documents asked for, save them in the agent's folder, and say so."""
    db, converter, folder, proofs_dir = w.db, w.converter, w.files, w.proofs
    day = today(db)
    context, annexes = await load_livret(db, request.agent_id, day, proofs_dir)
    made = await make_edition(context, set(request.formats), converter, day, annexes=annexes)
    replies = await as_documents(made, folder, request.agent_id, copy.EDITION_FILE)
    closing = PROBLEMS[made.pdf_problem] if made.pdf_problem else copy.EDITION_READY
    if made.pdf_problem and annexes:
        closing += "\n" + copy.ANNEXES_PDF_ONLY
    if made.left_out:
        closing += "\n" + left_out_note(made)
    replies.append(Outgoing(closing, [[Button(copy.BACK_MENU, f"{GLOBAL}|m")]]))
    return replies


def failed(request: EditionRequest) -> list[Outgoing]:
    return [Outgoing(copy.EDITION_FAILED, [[Button(copy.BACK_MENU, f"{GLOBAL}|m")]])]


def left_out_note(made: Edition) -> str:
    """The annexes the PDF could not take, each named, one a line."""
    return "\n".join(
        copy.ANNEX_LEFT_OUT.format(number=annex.number, what=annex.what, entry=annex.entry)
        for annex in made.left_out
    )


async def as_documents(made: Edition, folder: Path, agent_id: int, caption: str) -> list[Outgoing]:
    """The files saved in the agent's folder, as documents to send (then deleted). Each
    request has its own folder: two made at once never overwrite each other."""
    target = folder / f"agent-{agent_id}" / secrets.token_hex(6)
    target.mkdir(parents=True, exist_ok=True)
    replies = []
    for file in made.files:
        path = target / file.name
        await asyncio.to_thread(path.write_bytes, file.data)
        replies.append(Outgoing(caption, document=path))
    return replies
