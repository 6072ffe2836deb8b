"""Proofs: a photo or a PDF of the diplôme, the attestation, the contrat, attached to an
entry. Checked from its content, stored under the data folder with a random name, shown on
the entry's card, removable; deleting the entry deletes its files."""

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from dialogs import copy, entries, removals
from dialogs.messages import Incoming
from dialogs.numbers import parse_id
from dialogs.turn import Btn, Turn
from documents.proofs import MAX_SIZE, PDF, Checked, ProofError, check
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
PROBLEMS = {
    "too_big": copy.PROOF_TOO_BIG,
    "pixels": copy.PROOF_TOO_MANY_PIXELS,
    "heic": copy.PROOF_HEIC,
    "type": copy.PROOF_TYPE,
    "corrupt": copy.PROOF_CORRUPT,
}


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


def ask(t: Turn, problem: str | None = None) -> None:
    """Waits for the file, for the open entry."""
    t.state.screen = "proof"
    lines = [problem] if problem else []
    lines.append(copy.PROOF_ASK.format(limit=MAX_SIZE // (1024 * 1024)))
    t.say("\n".join(lines), [[Btn(copy.BACK, "back")]])


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


async def received(t: Turn) -> None:
    entry_id = t.state.entry_id
    assert entry_id is not None
    data = t.incoming.data
    found = t.checked if isinstance(t.checked, Prechecked) else None
    if data is None or found is None:
        too_big = (t.incoming.file_size or 0) > MAX_SIZE
        ask(t, copy.PROOF_TOO_BIG if too_big else copy.PROOF_NOT_A_FILE)
        return
    if found.checked is None:
        assert found.problem is not None
        ask(t, PROBLEMS[found.problem])
        return
    checked, digest = found.checked, found.digest
    if any(p.digest == digest for p in await t.tx.proofs(t.agent_id, entry_id)):
        ask(t, copy.PROOF_DUPLICATE)
        return
    assert t.proofs_dir is not None
    # A random name, never the sender's: a name can say more than the agent meant to.
    relative = Path(f"agent-{t.agent_id}") / f"{secrets.token_hex(16)}.{checked.kind}"
    target = t.proofs_dir / relative
    t.written.append(target)
    await asyncio.to_thread(_write, target, data)
    await t.tx.add_proof(t.agent_id, entry_id, checked.kind, str(relative), len(data), digest)
    await entries.show_entry(t, entry_id, copy.PROOF_ADDED)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


async def remove(t: Turn, arg: str) -> bool:
    proof_id = parse_id(arg)
    proof = await t.tx.proof(t.agent_id, proof_id) if proof_id is not None else None
    if proof is None or proof.entry_id != t.state.entry_id:
        return False
    await t.tx.delete_proof(t.agent_id, proof.id)
    await forget(t, [proof])
    await entries.show_entry(t, proof.entry_id, copy.PROOF_REMOVED)
    return True


async def forget(t: Turn, gone: list[Proof]) -> None:
    """Their files go once the turn is committed (a rolled-back turn keeps them); the note
    of them is written with the deletion, so a crash in between removes them at start."""
    await removals.schedule_proofs(t.tx, gone)
    t.removes = t.removes or bool(gone)


async def ask_for_new(t: Turn, arg: str) -> bool:
    """The offer made when an entry is saved: its proof, now."""
    entry_id = parse_id(arg)
    entry = await t.tx.entry(t.agent_id, entry_id) if entry_id is not None else None
    if entry is None or entry.rubrique not in RUBRIQUES:
        return False
    t.state.rubrique, t.state.entry_id = entry.rubrique, entry.id
    ask(t)
    return True
