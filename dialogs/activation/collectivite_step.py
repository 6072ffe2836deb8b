"""The code collectivité: typed, or offered by a link (``/start c-<CODE>``), and checked
against the registry the administrator imported. Last step of activation; also how an
activated agent moves to another employer."""

from dialogs import copy
from dialogs.account import account
from dialogs.turn import Btn, Turn
from livret.collectivites import Collectivite, is_code, normalize_code
from livret.entries import Identite
from livret.text import fold


async def ask(t: Turn, problem: str | None = None, intro: str | None = None) -> None:
    t.state.screen = "collectivite"
    lines = [text for text in (intro, problem) if text]
    if not await t.tx.has_collectivites():
        t.say("\n\n".join([*lines, copy.REGISTRY_EMPTY]))
        return
    back = [[Btn(copy.BACK, "back")]] if t.activated else []
    hint = t.state.collectivite_hint
    found = await t.tx.collectivite(hint) if hint else None
    if found is not None:
        lines.append(copy.COLLECTIVITE_HINT.format(nom=found.nom, code=found.code))
        rows = [[Btn(copy.COLLECTIVITE_YES, "usehint")], [Btn(copy.COLLECTIVITE_OTHER, "other")]]
        t.say("\n\n".join(lines), rows + back)
        return
    t.state.collectivite_hint = None
    lines.append(copy.ASK_NEW_COLLECTIVITE if t.activated else copy.ASK_COLLECTIVITE)
    t.say("\n\n".join(lines), back)
    # A code ("RET", "12") must not be read as a button by a terminal.
    t.replies[-1].number_answer = True


async def typed(t: Turn) -> None:
    text = t.incoming.text.strip()
    if t.state.collectivite_hint is not None and fold(text) in YES_WORDS:
        await use_hint(t)
        return
    if t.state.collectivite_hint is not None and fold(text) in NO_WORDS:
        await other(t)
        return
    code = normalize_code(text)
    if not is_code(code):
        await ask(t, copy.COLLECTIVITE_SHAPE.format(text=text[:40]))
        return
    found = await t.tx.collectivite(code)
    if found is None:
        problem = copy.COLLECTIVITE_UNKNOWN.format(code=code)
        if not await t.tx.has_collectivites():
            problem = None
        await ask(t, problem)
        return
    await _chosen(t, found)


# What people type instead of tapping the link's "Oui" or "Saisir un autre code".
YES_WORDS = {"oui", "o", "ok", "yes", "c'est mon employeur", "oui, c'est mon employeur"}
NO_WORDS = {"non", "n", "no", "autre", "saisir un autre code"}


async def use_hint(t: Turn) -> None:
    hint = t.state.collectivite_hint
    found = await t.tx.collectivite(hint) if hint else None
    if found is None:
        await ask(t)
        return
    await _chosen(t, found)


async def other(t: Turn) -> None:
    t.state.collectivite_hint = None
    await ask(t)


async def _chosen(t: Turn, found: Collectivite) -> None:
    t.state.collectivite_hint = None
    before = (await t.tx.account(t.agent_id)).collectivite
    await t.tx.set_collectivite(t.agent_id, found.code)
    await _fill_identite(t, found.nom, before.nom if before else None)
    done = copy.COLLECTIVITE_SET.format(nom=found.nom)
    if t.activated:
        await account.show(t, done)
    else:
        await t.show("onboarding", done)


async def _fill_identite(t: Turn, nom: str, previous: str | None) -> None:
    """The fiche d'identité names the collectivité too: filled in when the agent left it
    blank or it held the registry's previous name, never overwriting their own words."""
    stored = await t.tx.entries(t.agent_id, "identite")
    if not stored or not isinstance(stored[0].data, Identite):
        return
    current = stored[0].data.collectivite
    if current is None or current == previous:
        changed = stored[0].data.model_copy(update={"collectivite": nom})
        await t.tx.update_entry(t.agent_id, stored[0].id, changed)
