"""What holds for every proof, whatever the screen: the rubriques that take one, how one
reads in a line and on its entry's card, a file checked before the turn's transaction, the
files that go once their rows are deleted."""

import asyncio
import hashlib
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from dialogs import copy, removals
from dialogs.messages import Incoming
from dialogs.state import Held
from dialogs.turn import Btn, Turn
from documents.proofs import PDF, Checked, ProofError, check
from livret.catalogue import CATALOGUE, Rubrique
from reading.cv import Imported, recognise
from reading.text import ReadError
from storage import Proof

# The rubriques whose entries the décret's annexes prove with a document.
RUBRIQUES = tuple(r.code for r in CATALOGUE if r.proof)


def noun(rub: Rubrique, number: int = 1) -> str:
    """What an entry's proof is: "Attestation", the second one "Attestation 2"."""
    return rub.proof if number == 1 else f"{rub.proof} {number}"


# The proof nouns of the catalogue that are feminine; the others are masculine.
_FEMININE = {"Attestation"}


def the(rub: Rubrique) -> str:
    """The proof with its article, as a sentence says it: "l'attestation", "le diplôme"."""
    word = rub.proof.lower()
    if word[0] in "aeéèêiouh":
        return f"l'{word}"
    return f"la {word}" if rub.proof in _FEMININE else f"le {word}"


def of_the(rub: Rubrique) -> str:
    """The proof after "de": "de l'attestation", "du diplôme"."""
    found = the(rub)
    return "du " + found[3:] if found.startswith("le ") else "de " + found


def it(rub: Rubrique) -> str:
    """The pronoun that stands for the proof: "la" (l'attestation), "le" (le diplôme)."""
    return "la" if rub.proof in _FEMININE else "le"


def name(rub: Rubrique, entry: BaseModel, number: int = 1) -> str:
    """A proof named by what it proves: "Attestation — Excel niveau 2 (03/2024)"."""
    return copy.PROOF_NAME.format(noun=noun(rub, number), entry=rub.entry_title(entry))


def details(proof: Proof) -> str:
    """What the file is: "PDF, 11 Ko"."""
    what = copy.PROOF_PDF if proof.kind == PDF else copy.PROOF_PHOTO
    size = (
        f"{max(1, round(proof.size / 1024))} Ko"
        if proof.size < 1024 * 1024
        else (f"{proof.size / 1024 / 1024:.1f} Mo".replace(".", ","))
    )
    return copy.PROOF_DETAILS.format(what=what, size=size)


async def card(
    t: Turn, rub: Rubrique, entry_id: int, entry: BaseModel
) -> tuple[list[str], list[list[Btn]]]:
    """The card's lines and buttons about its proofs (nothing for other rubriques)."""
    if not rub.proof:
        return [], []
    found = await t.tx.proofs(t.agent_id, entry_id)
    lines = [copy.PROOFS_TITLE.format(count=len(found))] if found else [copy.PROOFS_NONE]
    lines += [
        copy.PROOF_LINE.format(number=n, name=name(rub, entry, n), details=details(p))
        for n, p in enumerate(found, start=1)
    ]
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
    # A CV file (LinkedIn, Europass, JSON Resume): what it proposes, or why it cannot be read.
    cv: Imported | None = None
    cv_problem: str | None = None


async def precheck(incoming: Incoming) -> Prechecked | None:
    """Checks a file sent, off the event loop and outside any transaction."""
    if incoming.kind != "file" or incoming.data is None:
        return None
    return await asyncio.to_thread(_precheck, incoming.data)


def _precheck(data: bytes) -> Prechecked:
    digest = hashlib.sha256(data).hexdigest()
    try:
        cv = recognise(data)
    except ReadError as error:
        return Prechecked(None, "type", digest, cv_problem=error.reason)
    try:
        return Prechecked(check(data), None, digest, cv)
    except ProofError as error:
        return Prechecked(None, error.reason, digest, cv)


async def forget(t: Turn, gone: list[Proof]) -> None:
    """Their files go once the turn is committed (a rolled-back turn keeps them); the note
    of them is written with the deletion, so a crash in between removes them at start."""
    await removals.schedule_proofs(t.tx, gone)
    t.removes = t.removes or bool(gone)


def _random_name(agent_id: int, kind: str) -> Path:
    # A random name, never the sender's: a name can say more than the agent meant to.
    return Path(f"agent-{agent_id}") / f"{secrets.token_hex(16)}.{kind}"


async def store(t: Turn, data: bytes, kind: str) -> Path:
    """Writes a file sent under the proofs folder; its path relative to it. A turn rolled
    back removes it (``t.written``)."""
    assert t.proofs_dir is not None
    relative = _random_name(t.agent_id, kind)
    target = t.proofs_dir / relative
    t.written.append(target)
    await asyncio.to_thread(_write, target, data)
    return relative


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


async def attach_held(t: Turn, entry_id: int, held: Held) -> bool:
    """The attestation an entry was read from, made its proof: a copy of its own (a proof
    is one file, removed with it); the documents annex the copies of one file once.
    False when the file is no longer there."""
    assert t.proofs_dir is not None
    if not held.path.startswith(f"agent-{t.agent_id}/"):
        return False  # another agent's file: never
    relative = _random_name(t.agent_id, held.kind)
    target = t.proofs_dir / relative
    t.written.append(target)
    try:
        await asyncio.to_thread(shutil.copyfile, t.proofs_dir / held.path, target)
    except FileNotFoundError:
        return False
    await t.tx.add_proof(t.agent_id, entry_id, held.kind, str(relative), held.size, held.digest)
    return True
