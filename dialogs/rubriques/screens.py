"""The rubriques' screens: a rubrique's list, an entry's card, its deletion and the choice
of a field to change; the questions, the summary, the offer to resume; a proof awaited.
Also the buttons that open a rubrique or an entry from any message, and what a file sent
outside an entry gets."""

from dialogs import copy
from dialogs.activation.names import asking_names
from dialogs.home import menu
from dialogs.numbers import parse_id
from dialogs.rubriques import (
    asking,
    attached,
    attestations,
    batch,
    completing,
    entries,
    imports,
    linked,
    ordering,
    proofs,
    questions,
    relinking,
    typed,
)
from dialogs.screens import Flow, Maker, Nav, Screen, act
from dialogs.turn import Turn
from livret.catalogue import find_rubrique, rubrique
from livret.display import linking_rubriques


async def _add(t: Turn, arg: str) -> bool:
    if not t.state.rubrique:
        return False
    await asking.start_add(t, t.state.rubrique)
    return True


def _optional_rubrique(t: Turn) -> bool:
    """The rubrique may be "non concerné", and its entries deleted."""
    return bool(t.state.rubrique) and not rubrique(t.state.rubrique or "").essential


async def _not_concerned(t: Turn, arg: str) -> bool:
    if not _optional_rubrique(t):
        return False
    await entries.toggle_not_concerned(t)
    return True


async def _delete(t: Turn, arg: str) -> bool:
    if not _optional_rubrique(t):
        return False
    await entries.confirm_delete(t)
    return True


async def _proof(t: Turn, arg: str) -> bool:
    if t.state.rubrique not in attached.RUBRIQUES or not t.state.entry_id:
        return False
    proofs.ask(t)
    return True


async def _back_to_entry(t: Turn, arg: str) -> bool:
    if t.state.entry_id is None:
        return False
    await entries.show_entry(t, t.state.entry_id)
    return True


async def _pick(t: Turn, arg: str) -> bool:
    """A field chosen to change: one of the rubrique's."""
    s = t.state
    code = s.draft.rubrique if s.entry_id is None and s.draft else s.rubrique
    if code is None or arg not in {f.name for f in rubrique(code).fields}:
        return False
    await asking.start_change(t, arg)
    return True


async def _back_from_pick(t: Turn, arg: str) -> bool:
    s = t.state
    if s.entry_id is None and s.draft is not None:
        await asking.show_summary(t)
    elif s.entry_id is not None:
        await entries.show_entry(t, s.entry_id)
    else:
        await menu.show_menu(t)
    return True


async def _tick_on_card(t: Turn, arg: str) -> bool:
    entry_id = parse_id(arg)
    if entry_id is None or not await completing.toggle(t, entry_id):
        return False
    await asking.show_summary(t)
    t.replies[-1].replace = True
    return True


async def _duplicate(t: Turn, arg: str) -> bool:
    if not t.state.entry_id or not entries.duplicable(rubrique(t.state.rubrique or "")):
        return False
    await asking.duplicate(t)
    return True


async def _add_linked(t: Turn, arg: str) -> bool:
    """ "Ajouter une compétence" on a formation's card: one linked to it from the start."""
    if t.state.entry_id is None or arg not in linking_rubriques(t.state.rubrique or ""):
        return False
    await linked.start(t, arg, t.state.entry_id)
    return True


async def _order(t: Turn, arg: str) -> bool:
    return await ordering.show(t)


async def _by_date(t: Turn, arg: str) -> bool:
    return await ordering.by_date(t)


async def _back_to_rubrique(t: Turn, arg: str) -> bool:
    if not find_rubrique(t.state.rubrique or ""):
        return False
    await entries.show_rubrique(t, t.state.rubrique or "")
    return True


async def _redraw_rubrique(t: Turn) -> None:
    await _back_to_rubrique(t, "")


async def _redraw_entry(t: Turn) -> None:
    await _back_to_entry(t, "")


async def _reopen_batch(t: Turn, arg: str) -> bool:
    if not batch.bring(t, t.state.rubrique or ""):
        return False
    await batch.show(t)
    return True


async def _proof_received(t: Turn) -> None:
    if t.state.entry_id is None:
        # No entry open (a state another version left): nothing to attach the file to.
        t.note(copy.PROOF_NO_ENTRY)
        return
    await proofs.received(t)


async def _not_a_file(t: Turn) -> None:
    proofs.ask(t, copy.PROOF_NOT_A_FILE)


async def _cancel_proof(t: Turn) -> None:
    if t.state.entry_id is None:
        await asking.cancel(t)
    else:
        await entries.show_entry(t, t.state.entry_id, copy.CHANGE_CANCELLED)


async def _from_file(t: Turn, arg: str) -> bool:
    rub = find_rubrique(t.state.rubrique or "")
    if rub is None or not rub.proof:
        return False
    attestations.ask(t, rub.code)
    return True


async def _not_an_attestation(t: Turn) -> None:
    attestations.ask(t, t.state.rubrique or "")


async def _resume_or_menu(t: Turn, arg: str) -> bool:
    """A reminder's "Reprendre": the draft if it is still there, else the menu."""
    await (asking.resume(t) if t.state.draft else menu.show_menu(t))
    return True


async def _open_rubrique(t: Turn, arg: str) -> bool:
    if not find_rubrique(arg):
        return False
    await entries.show_rubrique(t, arg)
    return True


async def _open_entry(t: Turn, arg: str) -> bool:
    entry_id = parse_id(arg)
    if entry_id is None:
        return False
    await entries.show_entry(t, entry_id)
    return True


FLOW = Flow(
    screens=(
        Screen(
            "rubrique",
            # An entry typed in one message.
            text=typed.typed_entry,
            redraw=_redraw_rubrique,
            buttons={
                "add": _add,
                "nc": _not_concerned,
                "proofnew": proofs.ask_for_new,
                "batch": _reopen_batch,
                "order": _order,
                "fromfile": _from_file,
            },
        ),
        Screen(
            "order",
            buttons={"mv": ordering.move, "bydate": _by_date, "back": _back_to_rubrique},
        ),
        Screen(
            "entry",
            redraw=_redraw_entry,
            buttons={
                "proof": _proof,
                "proofnew": proofs.ask_for_new,
                "unproof": proofs.remove,
                "edit": act(entries.show_pick_field),
                "del": _delete,
                "f": _pick,
                "dup": _duplicate,
                "lnew": _add_linked,
            },
        ),
        Screen(
            "confirm_delete",
            buttons={"delok": act(entries.delete), "delno": _back_to_entry},
        ),
        Screen(
            "pick_field",
            buttons={"f": _pick, "back": _back_from_pick, "rl": relinking.show},
        ),
        # The compétences of a formation, linked or unlinked from the formation.
        Screen(
            "relink",
            buttons={"rl": relinking.show, "rt": relinking.toggle, "back": _back_to_entry},
        ),
        Screen(
            "ask",
            help=questions.help_text,
            redraw=questions.redraw,
            text=questions.typed_answer,
            file=questions.reask,
            other=questions.reask,
            buttons={
                "v": questions.tap_value,
                "skip": questions.tap_skip,
                "clear": questions.tap_skip,
                "t": questions.tap_link,
                "pg": questions.tap_link_page,
                "ok": questions.tap_validate,
                "back": questions.tap_back,
                "sg": questions.tap_offer,
                "other": questions.tap_other,
                "later": act(asking.end_round),
            },
            # Activation asks the prénom and nom with these questions.
            before_activation=asking_names,
        ),
        Screen(
            "summary",
            buttons={
                "save": act(asking.save),
                "edit": act(entries.show_pick_field),
                "cancel": act(asking.cancel),
                # An optional field completed, an entry linked, from the card.
                "f": _pick,
                "lk": _tick_on_card,
            },
        ),
        Screen(
            "resume",
            buttons={"resume": act(asking.resume), "drop": act(asking.drop)},
        ),
        # Entries added from another's card, linked to it.
        Screen(
            "linked",
            text=typed.typed_entry,
            cancel=linked.back,
            buttons={"add": act(linked.by_questions), "back": act(linked.back)},
            show=linked.show,
        ),
        # A pasted list, reviewed before it is saved.
        Screen(
            "batch",
            help=copy.HELP_BATCH,
            cancel=batch.drop,
            buttons={"save": batch.save, "fix": batch.complete, "drop": act(batch.drop)},
            # Back to the list once a line of it is completed.
            show=batch.show,
        ),
        # A CV file's entries, ticked before they are imported.
        Screen(
            "import",
            cancel=imports.drop,
            redraw=imports.redraw,
            buttons={
                "tick": imports.tick,
                "all": imports.tick_all,
                "page": imports.page,
                "go": imports.go,
                "drop": act(imports.drop),
            },
        ),
        # An attestation to read, sent from a rubrique ("📎 Depuis une attestation").
        Screen(
            "attestation",
            cancel=_redraw_rubrique,
            file=attestations.received,
            text=_not_an_attestation,
            other=_not_an_attestation,
            buttons={"back": _back_to_rubrique},
        ),
        Screen(
            "proof",
            cancel=_cancel_proof,
            file=_proof_received,
            text=_not_a_file,
            other=_not_a_file,
            buttons={"back": _back_to_entry},
        ),
    ),
    navs=(
        Nav("rs", _resume_or_menu),
        Nav("r", _open_rubrique),
        Nav("e", _open_entry),
        # What an attestation read proposes: reviewed, typed instead, or dropped.
        Nav("rd", attestations.review),
        Nav("rdt", attestations.type_it),
        Nav("rdx", attestations.drop),
        Nav("rdj", attestations.join),
    ),
    makers=(Maker(attestations.MAKER, attestations.read, attestations.failed),),
    anywhere={"file": attestations.received},
    precheck=attached.precheck,
)
