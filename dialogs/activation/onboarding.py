"""Activation, before the menu: welcome and privacy notice, prénom and nom, the
professional e-mail proved by a code, the employer; then the situation (each question
passable) and the menu.

The step to show is read from what the account already holds, never from a counter:
``/start`` in the middle resumes, and an agent created by an earlier version is taken
through the steps they lack, once.
"""

from dialogs import copy
from dialogs.activation import collectivite_step, email_step
from dialogs.activation.names import FIELDS
from dialogs.home import menu
from dialogs.reminders import reminders
from dialogs.rubriques import asking
from dialogs.state import Draft
from dialogs.turn import Btn, Turn
from livret.catalogue import rubrique
from livret.collectivites import is_code, normalize_code

LINK_COLLECTIVITE = "c-"


async def next_step(t: Turn, intro: str | None = None) -> None:
    account = await t.tx.account(t.agent_id)
    named = bool(await t.tx.entries(t.agent_id, "identite"))
    if not account.privacy_accepted:
        # A new account (a first message, or the next one after an erasure) has nothing
        # to "finish": it is welcomed.
        show_privacy(t, upgraded=named, intro=intro if named else None)
    elif not named:
        if intro:
            t.say(intro)
        if t.state.draft is None or t.state.draft.rubrique != "identite":
            t.state.draft = Draft(rubrique="identite", only=FIELDS)
        await asking.ask_next(t)
    elif account.email is None:
        await email_step.resume(t, intro)
    elif account.collectivite is None:
        await collectivite_step.ask(t, intro=intro)
    else:
        await _finish(t, intro)


def show_privacy(
    t: Turn, *, upgraded: bool = False, intro: str | None = None, short: bool = False
) -> None:
    """The welcome and the privacy notice; ``short``: the notice alone, asked again."""
    t.state.screen = "privacy"
    if intro:
        t.say(intro)
    if not short:
        t.say(copy.UPGRADED if upgraded else f"{copy.WELCOME}\n\n{copy.PAPERS}")
    t.say(copy.PRIVACY, [[Btn(copy.PRIVACY_ACCEPT, "accept")]])


async def accept(t: Turn) -> None:
    await t.tx.accept_privacy(t.agent_id)
    named = bool(await t.tx.entries(t.agent_id, "identite"))
    await next_step(t, None if named else copy.NAMES_INTRO)


async def without_collectivite(t: Turn) -> None:
    """ "Je ne sais pas": activation goes on, the livret stays unbound (the menu,
    the account and the reminders say so)."""
    t.state.collectivite_matches = []
    await _finish(t, copy.COLLECTIVITE_LATER)


async def _finish(t: Turn, intro: str | None) -> None:
    await t.tx.activate(t.agent_id)
    t.activated = True
    prenom = await menu.agent_prenom(t)
    done = copy.ONBOARDING_DONE.format(prenom=prenom) if prenom else copy.ONBOARDING_DONE_UNNAMED
    done += "\n" + await reminders.plan_default(t.tx, t.agent_id)
    done = f"{intro}\n{done}" if intro else done
    # The situation (poste, cadre d'emplois, grade…): asked now, each question passable,
    # so that the fiche d'identité is not counted complete without it.
    fiche = await t.tx.entries(t.agent_id, "identite")
    missing = [f.name for f in rubrique("identite").missing(fiche[0].data)] if fiche else []
    if missing:
        t.say(f"{done}\n\n{copy.SITUATION_INTRO}")
        if await asking.start_round(t, fiche[0].id, missing):
            return
    await menu.show_menu(t, done)


async def start(t: Turn) -> None:
    """``/start``, perhaps from a link: ``c-<CODE>`` offers a collectivité."""
    args = t.incoming.args.strip()
    if args.lower().startswith(LINK_COLLECTIVITE):
        code = normalize_code(args[len(LINK_COLLECTIVITE) :])
        found = await t.tx.collectivite(code) if is_code(code) else None
        # A forged link also withdraws what an earlier link offered.
        t.state.collectivite_hint = found.code if found else None
        if found is None:
            t.note(copy.COLLECTIVITE_LINK_UNKNOWN)
    elif t.activated:
        # Once activated, only the link just followed offers a collectivité.
        t.state.collectivite_hint = None
    if not t.activated:
        account = await t.tx.account(t.agent_id)
        await next_step(t, copy.RESUME_SIGNUP if account.privacy_accepted else None)
        return
    hint = t.state.collectivite_hint
    if hint is not None:
        account = await t.tx.account(t.agent_id)
        if account.collectivite is None or account.collectivite.code != hint:
            await collectivite_step.ask(t)
            return
        t.state.collectivite_hint = None
        t.note(copy.COLLECTIVITE_LINK_SAME.format(nom=account.collectivite.nom))
    prenom = await menu.agent_prenom(t)
    hello = copy.WELCOME_BACK.format(prenom=prenom) if prenom else copy.WELCOME_BACK_UNNAMED
    if t.state.draft is not None and t.state.draft.data:
        t.say(hello)
        asking.show_resume(t)
    else:
        await menu.show_menu(t, hello)
