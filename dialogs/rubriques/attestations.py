"""An attestation sent in the chat, read into entries: a PDF or a photo sent outside an
entry (or after "📎 Depuis une attestation" in a rubrique) is kept under the proofs folder,
read after the turn by ``Engine.reader`` (so the agent goes on meanwhile), and what it
proposes waits in ``DialogState.reading`` for the review of a pasted list (``batch``);
each entry saved from it takes a copy of the file as its proof. Unread, the agent may type
the entry and keep the file as its proof all the same."""

import asyncio
import logging
import re
import time
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from dialogs import copy, numbered, removals
from dialogs.messages import Button, EditionRequest, Outgoing
from dialogs.numbers import parse_id
from dialogs.rubriques import asking, attached, batch, entries, imports, lines, proofs
from dialogs.screens import Workshop
from dialogs.state import DialogState, Draft, Held, Reading
from dialogs.turn import GLOBAL, Btn, Turn, nav
from dialogs.views import shorten
from documents.proofs import MAX_SIZE
from livret.catalogue import CATALOGUE, find_rubrique, rubrique
from livret.display import show_value
from livret.fields import is_blank
from reading.attestation import fold
from reading.text import MAX_PAGES, ReadError

log = logging.getLogger(__name__)

MAKER = "reading"
# The rubriques an attestation's text is told apart into: sent from one of them, a file
# that reads as another is proposed where it belongs (the message names the rubrique).
DETECTED = ("formations_suivies", "formations_dispensees", "diplomes", "certifications")
# A reading not done after this long was cut short (a restart): it is told as failed.
STALE_AFTER = 300.0
# "Madame Anne DUPONT", "M. Paul MARTIN": whom an attestation is made out to.
_HOLDER = re.compile(
    r"\b(?:Madame|Monsieur|Mme|M\.)\s+((?:[A-ZÀ-Ý][\w'’-]+\s+){0,2}[A-ZÀ-Ý][A-ZÀ-Ý'’-]+)"
)
# Fewer characters than this read from a photo: it was not read, whatever it shows.
_UNREAD_BELOW = 20


def ask(t: Turn, code: str) -> None:
    """ "📎 Depuis une attestation": waits for the file, for this rubrique."""
    t.state.screen = "attestation"
    t.state.rubrique = code
    rub = rubrique(code)
    said = copy.READ_ASK.format(
        limit=MAX_SIZE // (1024 * 1024), of_proof=attached.of_the(rub), it=attached.it(rub)
    )
    t.say(said, [[Btn(copy.BACK, "back")]])


async def received(t: Turn) -> None:
    """A file to read: kept, then read after the turn; the screen stays as it was."""
    hint = t.state.rubrique if t.state.screen == "attestation" else None
    data = t.incoming.data
    found = t.checked if isinstance(t.checked, attached.Prechecked) else None
    if found is not None and found.cv_problem is not None:
        said = copy.READ_PROBLEMS.get(found.cv_problem, copy.READ_PROBLEMS["failed"])
        t.note(said.format(pages=MAX_PAGES))
        return
    if found is not None and found.cv is not None:
        # A CV file: its entries to tick, at once (reading it took no time).
        await imports.offer(t, found.cv, _draft)
        return
    problem = None
    if data is None or found is None:
        problem = copy.PROOF_TOO_BIG if (t.incoming.file_size or 0) > MAX_SIZE else None
        problem = problem or copy.PROOF_NOT_A_FILE
    elif found.checked is None:
        problem = proofs.PROBLEMS[found.problem or "type"]
    if problem is not None or data is None or found is None or found.checked is None:
        t.note(problem or copy.PROOF_NOT_A_FILE)
        return
    same = [p for p in await t.tx.agent_proofs(t.agent_id) if p.digest == found.digest]
    entry = await t.tx.entry(t.agent_id, same[0].entry_id) if same else None
    if entry is not None:
        # Read and saved before: a second entry from it would be the same one twice.
        title = rubrique(entry.rubrique).entry_title(entry.data)
        t.note(copy.READ_ALREADY.format(title=title))
        return
    await _let_go(t)
    relative = await attached.store(t, data, found.checked.kind)
    held = Held(path=str(relative), kind=found.checked.kind, size=len(data), digest=found.digest)
    t.state.reading = Reading(held=held, rubrique=hint, sent_at=time.time())
    if hint is not None:
        await entries.show_rubrique(t, hint, copy.READ_STARTED)
    else:
        t.note(copy.READ_STARTED)
    # Read after the turn, its reply carrying the request as a document's does.
    pending = EditionRequest(t.agent_id, (), maker=MAKER, path=held.path, background=True)
    t.replies[-1] = replace(t.replies[-1], pending=pending)


async def _let_go(t: Turn) -> None:
    """The file of the reading before goes, unless an entry still waiting uses it."""
    before = t.state.reading
    t.state.reading = None
    if before is None:
        return
    waiting = [d.proof for d in (*t.state.batch, t.state.draft, t.state.change) if d and d.proof]
    if all(held.path != before.held.path for held in waiting):
        await t.tx.schedule_removals([(removals.PROOFS, before.held.path)])
        t.removes = True


# ---- after the turn: the reading --------------------------------------------------------


async def read(request: EditionRequest, workshop: Workshop) -> list[Outgoing]:
    """Reads the file, keeps what it proposes in the agent's state, and says so."""
    assert request.path is not None and workshop.proofs is not None
    reading = Reading(held=Held(path=request.path, kind="", size=0, digest=""))
    try:
        data = await asyncio.to_thread((workshop.proofs / request.path).read_bytes)
        found = await workshop.reader.read(data)
    except FileNotFoundError:
        return []
    except ReadError as error:
        reading.status, reading.problem = "failed", error.reason
    except Exception:  # a library's own failure: told as a file not read, the state too
        log.exception("reading failed for agent %s", request.agent_id)
        reading.status, reading.problem = "failed", "failed"
    else:
        too_little = found.text.source == "ocr" and len(found.text.text.strip()) < _UNREAD_BELOW
        if too_little:
            reading.status, reading.problem = "failed", "unreadable"
        else:
            reading.status = "read"
            reading.drafts = [
                _draft(p.rubrique, p.fields) for p in found.proposals if find_rubrique(p.rubrique)
            ]
    async with workshop.db.transaction() as tx:
        record = await tx.dialog_state(request.agent_id)
        if record is None:
            return []
        try:
            state = DialogState.model_validate(record.state)
        except ValidationError:
            return []
        kept = state.reading
        if kept is None or kept.held.path != request.path:
            # Another file sent since, or this one dropped: its reading is not wanted.
            return []
        if kept.rubrique is not None and kept.rubrique not in DETECTED:
            # A contract, a bilan: what the text says of it, in the rubrique it was sent from.
            reading.drafts = [_moved(d, kept.rubrique) for d in reading.drafts]
        for draft in reading.drafts:
            draft.proof = kept.held
        stored = await tx.all_entries(request.agent_id)
        # An entry the livret has already (the PDF, then a photo of the paper): offered to
        # take this file as one more proof, not proposed twice.
        keys = [(e, imports.key(e.rubrique, e.data.model_dump(mode="json"))) for e in stored]
        fresh, known = [], []
        for draft in reading.drafts:
            mine = imports.key(draft.rubrique, draft.data)
            same = next((e for e, k in keys if imports.same(mine, k)), None)
            if same is None:
                fresh.append(draft)
            elif same.id not in known:
                known.append(same.id)
        kept.status, kept.problem, kept.drafts = reading.status, reading.problem, fresh
        kept.known = [
            (e.id, rubrique(e.rubrique).entry_title(e.data)) for e in stored if e.id in known
        ]
        if reading.status == "read":
            kept.warning = _someone_else(found.text.text, stored)
        told = _told(kept)
        record.state = state.model_dump(mode="json")
        await tx.save_dialog_state(record)
        await numbered.renew(tx, request.agent_id, told)
    return [told]


def failed(request: EditionRequest) -> list[Outgoing]:
    return [_told_failed("failed", None)]


def _draft(code: str, fields: dict[str, Any]) -> Draft:
    """A proposal as a draft, keeping only what the rubrique's model takes of it; what it
    refuses (an end before the start) is said, and asked again."""
    rub = rubrique(code)
    names = {s.name for s in rub.fields}
    data = {k: v for k, v in fields.items() if k in names and not is_blank(v)}
    dropped: set[str] = set()
    for _ in range(len(data) + 1):
        try:
            rub.model.model_validate(data)
            break
        except ValidationError as error:
            wrong = {
                str(e["loc"][0]) for e in error.errors() if e["type"] != "missing" and e["loc"]
            }
            if not wrong:
                # Each value right, together wrong (dates in the wrong order): the end goes.
                wrong = {"date_fin"} if "date_fin" in data else set()
            if not wrong & data.keys():
                break
            dropped |= wrong & data.keys()
            data = {k: v for k, v in data.items() if k not in wrong}
    said = [copy.READ_FIELD_REFUSED.format(label=s.label) for s in rub.fields if s.name in dropped]
    card = lines.carded(rub, lines.Reading(data=data, problems=said, troubled=dropped))
    # What was refused (a date ahead) is said on the line, as for a line typed.
    card.draft.notes = card.problems
    return card.draft


def _moved(draft: Draft, code: str) -> Draft:
    """A proposal made for another rubrique, in the one the agent sent it from: the title
    and the date go to that rubrique's own."""
    if draft.rubrique == code:
        return draft
    source, target = rubrique(draft.rubrique), rubrique(code)
    data = dict(draft.data)
    moved: dict[str, Any] = {}
    title = data.pop(source.fields[0].name, None)
    if title:
        moved[target.fields[0].name] = title
    date = data.pop("date_obtention", None) or data.get("date_debut")
    names = {s.name for s in target.fields}
    if date:
        moved["date_obtention" if "date_obtention" in names else "date_debut"] = date
    moved.update({k: v for k, v in data.items() if k in names and k not in moved})
    return _draft(code, moved)


def _listed(draft: Draft) -> str:
    rub = rubrique(draft.rubrique)
    shown = [
        show_value(spec, draft.data[spec.name])
        for spec in rub.fields
        if not is_blank(draft.data.get(spec.name)) and spec.kind != "links"
    ]
    return "• " + " · ".join(shown) + "".join(f"\n  ⚠ {note}" for note in draft.notes)


def _someone_else(text: str, stored: list[Any]) -> str | None:
    """The name an attestation is made out to, when it is not the agent's."""
    identite = next((e.data for e in stored if e.rubrique == "identite"), None)
    prenom, nom = (getattr(identite, "prenom", ""), getattr(identite, "nom", ""))
    if not prenom or not nom:
        return None
    folded = fold(text)
    if fold(prenom) in folded and fold(nom) in folded:
        return None
    holder = _HOLDER.search(text)
    return copy.READ_SOMEONE_ELSE.format(name=holder[1]) if holder else None


def _told(reading: Reading) -> Outgoing:
    if reading.status == "read" and not reading.drafts and reading.known:
        titles = " ; ".join(f"« {title} »" for _, title in reading.known)
        rows = [
            [Button(shorten(copy.READ_JOIN.format(title=title)), f"{GLOBAL}|rdj:{entry_id}")]
            for entry_id, title in reading.known
        ]
        rows += [[Button(copy.READ_DROP, f"{GLOBAL}|rdx")], [Button(copy.BACK_MENU, f"{GLOBAL}|m")]]
        return Outgoing(copy.READ_ALL_KNOWN.format(titles=titles), rows)
    if reading.status == "failed" or not reading.drafts:
        return _told_failed(reading.problem, reading.rubrique)
    rub = rubrique(reading.drafts[0].rubrique)
    count = len(reading.drafts)
    listed = "\n".join(_listed(d) for d in reading.drafts)
    if count == 1:
        text = copy.READ_FOUND_ONE.format(title=rub.title, lines=listed)
        text += "\n" + copy.READ_PROOF_KEPT_ONE
    else:
        text = copy.READ_FOUND.format(count=count, title=rub.title, lines=listed)
        text += "\n" + copy.READ_PROOF_KEPT
    if reading.known:
        titles = " ; ".join(f"« {title} »" for _, title in reading.known)
        text += "\n" + copy.READ_SOME_KNOWN.format(titles=titles)
    if reading.warning:
        text += "\n\n" + reading.warning
    return Outgoing(
        text,
        [
            [Button(copy.READ_REVIEW, f"{GLOBAL}|rd")],
            [Button(copy.READ_DROP, f"{GLOBAL}|rdx")],
            [Button(copy.BACK_MENU, f"{GLOBAL}|m")],
        ],
    )


def _told_failed(problem: str | None, hint: str | None) -> Outgoing:
    said = copy.READ_PROBLEMS.get(problem or "", copy.READ_NOTHING) if problem else None
    text = (said or copy.READ_NOTHING).format(pages=MAX_PAGES) + "\n" + copy.READ_TYPE_IT
    targets = [rubrique(hint)] if hint else [r for r in CATALOGUE if r.proof]
    rows = [
        [Button(copy.READ_TYPE.format(title=r.title), f"{GLOBAL}|rdt:{r.code}")] for r in targets
    ]
    rows.append([Button(copy.READ_DROP, f"{GLOBAL}|rdx")])
    return Outgoing(text, rows)


def _rows(told: Outgoing) -> list[list[Btn]]:
    """A message made after a turn, its navigation buttons as a turn draws them."""
    return [[nav(b.label, b.data.partition("|")[2]) for b in row] for row in told.buttons]


# ---- the agent's answers to the reading -------------------------------------------------


async def review(t: Turn, arg: str) -> bool:
    """ "Vérifier et enregistrer": the proposals, reviewed as a pasted list is."""
    reading = t.state.reading
    if reading is None:
        t.say(copy.READ_GONE, alert=True)
        return True
    if reading.status == "reading" and time.time() - reading.sent_at > STALE_AFTER:
        # Never finished (the server restarted meanwhile): said, the file kept for typing.
        reading.status, reading.problem = "failed", "failed"
    if reading.status == "reading":
        t.say(copy.READ_STILL, alert=True)
        return True
    if not reading.drafts:
        told = _told(reading)
        t.say(told.text, _rows(told))
        return True
    if len(reading.drafts) == 1:
        # One entry: its card, to correct any answer or complete it before it is saved.
        if t.state.draft is not None and t.state.draft.answered():
            asking.show_resume(t)
            return True
        t.state.reading = None
        t.state.rubrique = reading.drafts[0].rubrique
        t.state.draft = reading.drafts[0]
        t.state.then_add = None
        notes = "\n".join(f"⚠ {note}" for note in reading.drafts[0].notes)
        await asking.ask_next(t, notes or None)
        return True
    if t.state.batch:
        # A pasted list waits already: one list at a time, none lost.
        await batch.show(t, copy.READ_BATCH_FIRST)
        return True
    t.state.batch = reading.drafts
    t.state.reading = None
    await batch.show(t, heading=copy.LINES_LEFT_TO_SAVE)
    return True


async def join(t: Turn, arg: str) -> bool:
    """ "📎 Le joindre à « … »": the file read is one more proof of an entry the livret has."""
    reading, entry_id = t.state.reading, parse_id(arg)
    if reading is None:
        t.say(copy.READ_GONE, alert=True)
        return True
    entry = await t.tx.entry(t.agent_id, entry_id) if entry_id is not None else None
    if entry is None or not rubrique(entry.rubrique).proof:
        return False
    if not await attached.attach_held(t, entry.id, reading.held):
        t.say(copy.READ_PROOF_LOST)
        return True
    await _let_go(t)
    t.state.rubrique = entry.rubrique
    await entries.show_entry(t, entry.id, copy.PROOF_ADDED)
    return True


async def type_it(t: Turn, arg: str) -> bool:
    """ "✍️ <rubrique>": the entry written question by question, the file as its proof."""
    reading, rub = t.state.reading, find_rubrique(arg)
    if rub is None:
        return False
    if reading is None:
        t.say(copy.READ_GONE, alert=True)
        return True
    if t.state.draft is not None and t.state.draft.answered():
        asking.show_resume(t)
        return True
    t.state.reading = None
    t.state.rubrique = rub.code
    t.state.draft = Draft(rubrique=rub.code, proof=reading.held)
    t.state.then_add = None
    await asking.ask_next(t)
    return True


async def drop(t: Turn, arg: str) -> bool:
    """ "Ne rien enregistrer": the reading and its file go."""
    if t.state.reading is None:
        t.say(copy.READ_GONE, alert=True)
        return True
    await _let_go(t)
    t.say(copy.READ_DROPPED, [[nav(copy.BACK_MENU, "m")]])
    return True
