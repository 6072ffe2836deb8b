"""Where an agent stands in the conversation: saved in SQLite after every turn."""

import logging
from collections.abc import Container
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from livret.catalogue import find_rubrique
from livret.fields import is_blank
from storage.transfer import PROOF_PATH

log = logging.getLogger(__name__)


class Held(BaseModel):
    """A file the agent sent to be read (an attestation), kept under the proofs folder;
    the entries saved from it take it as their proof, all the same file."""

    # Only such a name, under the proofs folder: never a path a state could point elsewhere.
    path: str = Field(pattern=f"^{PROOF_PATH.pattern}$")
    kind: str
    size: int
    digest: str


class Draft(BaseModel):
    """An entry being written: a new one (``entry_id`` None) or a change to a saved one."""

    rubrique: str
    entry_id: int | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    # Optional fields the agent chose to pass, so they are not asked again.
    skipped: list[str] = Field(default_factory=list)
    # The field being asked; with ``one_field`` the answer ends the question round.
    field: str | None = None
    one_field: bool = False
    # Restricts the fields asked (onboarding asks only prénom and nom).
    only: list[str] | None = None
    # The page of entries shown by a links question.
    page: int = 0
    # The line of the pasted list it completes (``DialogState.batch``): saved, it leaves the
    # list; dropped, it stays there.
    line: int | None = None
    # The entry whose card it was added from, linked to it (a formation's compétence):
    # saved, the agent is back on that card.
    origin: int | None = None
    # The letters typed for a closed list (a cadre d'emplois): its closest options offered.
    query: str | None = None
    # The attestation it was read from: saved, the entry takes it as its proof; what was
    # read of it that could not be taken (a date ahead), to say.
    proof: Held | None = None
    notes: list[str] = Field(default_factory=list)

    def answered(self) -> int:
        return sum(1 for value in self.data.values() if not is_blank(value))


class Reading(BaseModel):
    """An attestation being read, or read: what it proposes waits for the agent's review."""

    held: Held
    # "reading", then "read" (``drafts`` proposed, maybe none) or "failed" (``problem``).
    status: str = "reading"
    drafts: list[Draft] = Field(default_factory=list)
    problem: str | None = None
    # The rubrique it was sent from ("📎 Depuis une attestation"), if any.
    rubrique: str | None = None
    # When it was sent (seconds since the epoch): a reading a restart cut short is told so.
    sent_at: float = 0.0
    # Entries the livret has already that it proposes again (id, title): offered to join.
    known: list[tuple[int, str]] = Field(default_factory=list)
    # Said when it is made out to someone else.
    warning: str | None = None


class ImportList(BaseModel):
    """The entries a CV file proposes (``rubriques/imports``), and which the agent ticked."""

    source: str
    drafts: list[Draft] = Field(default_factory=list)
    ticked: list[int] = Field(default_factory=list)
    # Those already in the livret, and those earlier in the file too: unticked at first.
    existing: list[int] = Field(default_factory=list)
    twice: list[int] = Field(default_factory=list)
    # Entries of the file beyond what one import takes.
    left_out: int = 0
    page: int = 0


class LinkTo(BaseModel):
    """Entries of ``rubrique`` about to be added from another's card, linked to it by
    their ``field``."""

    rubrique: str
    field: str
    entry_id: int

    def preset(self) -> dict[str, Any]:
        return {self.field: [self.entry_id]}


class ShareDraft(BaseModel):
    """An extract being chosen: nothing is ticked at the start."""

    entries: list[int] = Field(default_factory=list)
    identity: list[str] = Field(default_factory=list)
    # Proofs sent with their (ticked) entries.
    proofs: list[int] = Field(default_factory=list)
    # The rubrique whose entries are being ticked, and the page shown.
    rubrique: str | None = None
    page: int = 0
    # How it goes: "link" or "email", to whom, and for how many days.
    kind: str | None = None
    recipient: str | None = None
    days: int = 30


class DialogState(BaseModel):
    # Bumped whenever the position changes: buttons carry it, so an old one is recognised.
    seq: int = 0
    # A screen a flow declares (``restore`` checks it); empty: none yet.
    screen: str = ""
    rubrique: str | None = None
    entry_id: int | None = None
    # The code collectivité a link carried (``/start c-CODE``), offered at that step.
    collectivite_hint: str | None = None
    # The codes of the collectivités offered for the name typed, to narrow by département.
    collectivite_matches: list[str] = Field(default_factory=list)
    # The name they were offered for: a département typed next searches it there.
    collectivite_query: str | None = None
    # A new entry being written: kept when the agent wanders off, offered on return.
    draft: Draft | None = None
    # A change to one field of a saved entry: dropped when the agent leaves the question.
    change: Draft | None = None
    # The rubrique the agent wanted to add to when offered to resume another draft.
    then_add: str | None = None
    share: ShareDraft | None = None
    # Entries read from a pasted list, waiting for their review (``rubriques/batch``).
    batch: list[Draft] = Field(default_factory=list)
    # The attestation sent last, while it is read and until its entries are reviewed.
    reading: Reading | None = None
    # A CV file's entries, to tick before they are imported.
    imported: ImportList | None = None
    # Entries imported that are still to complete, of other rubriques than ``batch``'s:
    # each rubrique's come as a list once the one before is done.
    queued: list[Draft] = Field(default_factory=list)
    # What the "linked" screen adds to (``rubriques/linked``).
    link_to: LinkTo | None = None
    # The buttons the last messages showed, as (label, data): what a number typed picks
    # (``dialogs/numbered``). Empty when they asked for a typed answer.
    numbered: list[tuple[str, str]] = Field(default_factory=list)

    def active(self) -> Draft | None:
        """The draft the current question or summary is about."""
        return self.change or self.draft

    def position(self) -> dict[str, Any]:
        return self.model_dump(exclude={"seq", "numbered"})


def restore(
    data: dict[str, Any] | None, screens: Container[str], first: str, home: str
) -> DialogState:
    """The saved state; a new agent (or a state that names no screen) starts on ``first``,
    and a state saved by another version of the dialogs (unreadable, or on a screen none
    declares now) lands on ``home`` rather than leaving the agent stuck. Entries are
    untouched."""
    try:
        state = DialogState.model_validate(data or {})
    except ValidationError:
        state = None
    if state is not None and not state.screen:
        state.screen = first
    if state is None or state.screen not in screens:
        log.warning("dialog state reset")
        return DialogState(screen=home)
    if _repaired(state):
        # A draft of a rubrique or field another version declared: kept (what is still
        # declared of it), and offered from the menu rather than asked where it was.
        log.warning("dialog state repaired")
        state.screen = home
    return state


def _repaired(state: DialogState) -> bool:
    repaired = False
    for name in ("draft", "change"):
        draft = getattr(state, name)
        if draft is None:
            continue
        rub = find_rubrique(draft.rubrique)
        if rub is None:
            setattr(state, name, None)
            repaired = True
            continue
        known = {spec.name for spec in rub.fields}
        if draft.field is not None and draft.field not in known:
            draft.field = None
            repaired = True
        if set(draft.data) - known:
            draft.data = {k: v for k, v in draft.data.items() if k in known}
            repaired = True
        # A choice a later version no longer offers ("Sans diplôme" as a level): dropped.
        for spec in rub.fields:
            value = draft.data.get(spec.name)
            choices = {c.value for c in spec.choices} if spec.choices is not None else None
            if choices is not None and isinstance(value, str) and value not in choices:
                del draft.data[spec.name]
                repaired = True
    link = state.link_to
    if link is not None:
        rub = find_rubrique(link.rubrique)
        if rub is None or link.field not in {s.name for s in rub.fields if s.kind == "links"}:
            state.link_to = None
            repaired = True
    kept = [draft for draft in state.batch if find_rubrique(draft.rubrique) is not None]
    repaired = repaired or len(kept) != len(state.batch)
    state.batch = kept
    return repaired
