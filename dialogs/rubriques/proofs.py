"""The proof screen: a photo or a PDF of the diplôme, the attestation, the contrat, sent for
the open entry. Checked from its content (``attached.precheck``), stored under the data
folder with a random name, removable from the entry's card."""

from dialogs import copy
from dialogs.numbers import parse_id
from dialogs.rubriques import entries
from dialogs.rubriques.attached import RUBRIQUES, Prechecked, forget, store
from dialogs.turn import Btn, Turn
from documents.proofs import MAX_SIZE

PROBLEMS = {
    "too_big": copy.PROOF_TOO_BIG,
    "pixels": copy.PROOF_TOO_MANY_PIXELS,
    "heic": copy.PROOF_HEIC,
    "type": copy.PROOF_TYPE,
    "corrupt": copy.PROOF_CORRUPT,
    "encrypted": copy.PROOF_ENCRYPTED,
}


def ask(t: Turn, problem: str | None = None) -> None:
    """Waits for the file, for the open entry."""
    t.state.screen = "proof"
    lines = [problem] if problem else []
    lines.append(copy.PROOF_ASK.format(limit=MAX_SIZE // (1024 * 1024)))
    t.say("\n".join(lines), [[Btn(copy.BACK, "back")]])


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
    relative = await store(t, data, checked.kind)
    await t.tx.add_proof(t.agent_id, entry_id, checked.kind, str(relative), len(data), digest)
    await entries.show_entry(t, entry_id, copy.PROOF_ADDED)


async def remove(t: Turn, arg: str) -> bool:
    proof_id = parse_id(arg)
    proof = await t.tx.proof(t.agent_id, proof_id) if proof_id is not None else None
    if proof is None or proof.entry_id != t.state.entry_id:
        return False
    await t.tx.delete_proof(t.agent_id, proof.id)
    await forget(t, [proof])
    await entries.show_entry(t, proof.entry_id, copy.PROOF_REMOVED)
    return True


async def ask_for_new(t: Turn, arg: str) -> bool:
    """The offer made when an entry is saved: its proof, now."""
    entry_id = parse_id(arg)
    entry = await t.tx.entry(t.agent_id, entry_id) if entry_id is not None else None
    if entry is None or entry.rubrique not in RUBRIQUES:
        return False
    t.state.rubrique, t.state.entry_id = entry.rubrique, entry.id
    ask(t)
    return True
