"""What holds for every proof, whatever the screen: the rubriques that take one, how one
reads in a line and on its entry's card, a file checked before the turn's transaction, the
files that go once their rows are deleted."""

import asyncio
import hashlib
from dataclasses import dataclass

from dialogs import copy, removals
from dialogs.messages import Incoming
from dialogs.turn import Btn, Turn
from documents.proofs import PDF, Checked, ProofError, check
from storage import Proof

# The rubriques whose entries the décret's annexes prove with a document.
RUBRIQUES = (
    "diplomes",
    "certifications",
    "formations_suivies",
    "formations_dispensees",
    "bilans_vae",
    "tutorat",
    "emplois",
)


def describe(proof: Proof) -> str:
    what = copy.PROOF_PDF if proof.kind == PDF else copy.PROOF_PHOTO
    size = (
        f"{proof.size / 1024:.0f} Ko"
        if proof.size < 1024 * 1024
        else (f"{proof.size / 1024 / 1024:.1f} Mo".replace(".", ","))
    )
    return copy.PROOF_LINE.format(what=what, size=size, day=proof.created_at.strftime("%d/%m/%Y"))


async def card(t: Turn, code: str, entry_id: int) -> tuple[list[str], list[list[Btn]]]:
    """The card's lines and buttons about its proofs (nothing for other rubriques)."""
    if code not in RUBRIQUES:
        return [], []
    found = await t.tx.proofs(t.agent_id, entry_id)
    lines = [copy.PROOFS_TITLE.format(count=len(found))] if found else [copy.PROOFS_NONE]
    lines += [f"  {n}. {describe(p)}" for n, p in enumerate(found, start=1)]
    rows = [[Btn(copy.PROOF_ADD, "proof")]]
    rows += [
        [Btn(copy.PROOF_REMOVE.format(number=n), f"unproof:{p.id}")]
        for n, p in enumerate(found, start=1)
    ]
    return lines, rows


@dataclass(frozen=True)
class Prechecked:
    """A file as found before the turn: what it is (or why it cannot be a proof), its
    SHA-256."""

    checked: Checked | None
    problem: str | None
    digest: str


async def precheck(incoming: Incoming) -> Prechecked | None:
    """Checks a file sent, off the event loop and outside any transaction."""
    if incoming.kind != "file" or incoming.data is None:
        return None
    return await asyncio.to_thread(_precheck, incoming.data)


def _precheck(data: bytes) -> Prechecked:
    digest = hashlib.sha256(data).hexdigest()
    try:
        return Prechecked(check(data), None, digest)
    except ProofError as error:
        return Prechecked(None, error.reason, digest)


async def forget(t: Turn, gone: list[Proof]) -> None:
    """Their files go once the turn is committed (a rolled-back turn keeps them); the note
    of them is written with the deletion, so a crash in between removes them at start."""
    await removals.schedule_proofs(t.tx, gone)
    t.removes = t.removes or bool(gone)
