"""The employer: found by its name (the registry every database knows, plus what the
administrator imported), by a code, or offered by a link (``/start c-<CODE>``). Last step of
activation, which "Je ne sais pas" passes (the livret stays unbound, and the menu says
so); also how an activated agent gives or changes their employer."""

import re

from dialogs import copy
from dialogs.account import account
from dialogs.turn import Btn, Turn
from livret import registry
from livret.collectivites import Collectivite, is_code, normalize_code
from livret.entries import Identite
from livret.text import fold

# Buttons of collectivités offered at once; more and the département is asked.
SHOWN = 6


def _back(t: Turn) -> list[list[Btn]]:
    if t.activated:
        return [[Btn(copy.BACK, "back")]]
    return [[Btn(copy.COLLECTIVITE_UNKNOWN_ONE, "unknown")]]


async def ask(t: Turn, problem: str | None = None, intro: str | None = None) -> None:
    t.state.screen = "collectivite"
    t.state.collectivite_matches = []
    t.state.collectivite_query = None
    lines = [text for text in (intro, problem) if text]
    hint = t.state.collectivite_hint
    found = await t.tx.collectivite(hint) if hint else None
    if found is not None:
        lines.append(copy.COLLECTIVITE_HINT.format(nom=found.nom, code=found.code))
        rows = [[Btn(copy.COLLECTIVITE_YES, "usehint")], [Btn(copy.COLLECTIVITE_OTHER, "other")]]
        t.say("\n\n".join(lines), rows + ([[Btn(copy.BACK, "back")]] if t.activated else []))
        return
    t.state.collectivite_hint = None
    if problem and not t.activated:
        lines[-1] += " " + copy.COLLECTIVITE_NOT_FOUND_UNKNOWN
    elif not problem and not t.activated:
        lines.append(copy.ASK_COLLECTIVITE)
    elif not problem:
        bound = (await t.tx.account(t.agent_id)).collectivite is not None
        lines.append(copy.ASK_NEW_COLLECTIVITE if bound else copy.ASK_FIRST_COLLECTIVITE)
    t.say("\n\n".join(lines), _back(t))
    _typed(t)


def _typed(t: Turn) -> None:
    # A name, a code or a département's number is typed here: a number is never a button
    # ("05" is the Hautes-Alpes, not the fifth commune offered).
    t.replies[-1].typed_answer = True
    t.replies[-1].number_answer = True


def _label(c: Collectivite, via: str | None) -> str:
    place = registry.departement_name(c.departement)
    where = f"{place}, {c.departement}" if place else c.departement
    if c.type == "Région":
        # A région is in no one département (the data names its chef-lieu's).
        return c.nom
    if via:
        return copy.COLLECTIVITE_MATCH_VIA.format(nom=c.nom, via=via, where=where)
    return copy.COLLECTIVITE_MATCH.format(nom=c.nom, where=where)


def _offer(t: Turn, typed: str, matches: list[registry.Match]) -> None:
    t.state.screen = "collectivite"
    t.state.collectivite_matches = [m.collectivite.code for m in matches]
    t.state.collectivite_query = typed
    if registry.same_name(matches):
        text = copy.COLLECTIVITE_SAME_NAME.format(text=typed[:60])
    else:
        text = copy.COLLECTIVITE_MATCHES.format(text=typed[:60])
    shown = matches[:SHOWN]
    if len(matches) > SHOWN and not registry.same_name(matches):
        # A shared name already asks for the département.
        text += "\n" + copy.COLLECTIVITE_MORE
    rows = [[Btn(_label(m.collectivite, m.via), f"pick:{m.collectivite.code}")] for m in shown]
    t.say(text, rows + _back(t))
    _typed(t)


async def typed(t: Turn) -> None:
    text = t.incoming.text.strip()
    if t.state.collectivite_hint is not None and fold(text) in YES_WORDS:
        await use_hint(t)
        return
    if t.state.collectivite_hint is not None and fold(text) in NO_WORDS:
        await other(t)
        return
    offered = t.state.collectivite_matches
    query = t.state.collectivite_query
    # Only a number narrows: a département's name may be the employer itself (after
    # "Marseille", "Bouches-du-Rhône" is the Département, not the commune there).
    place = registry.departement_typed(text) if _NUMBER.fullmatch(text) else None
    if offered and query and place is not None:
        # The département asked for: the name searched there, not only in the few offered.
        found = await t.tx.search_collectivites(f"{query} ({place})")
        there = [m for m in found if m.collectivite.departement == place]
        if len(there) == 1:
            await _chosen(t, there[0].collectivite)
            return
        kept = there or [
            registry.Match(c) for c in [await t.tx.collectivite(k) for k in offered] if c
        ]
        _offer(t, query, kept)
        if not there:
            t.replies[-1].text = copy.COLLECTIVITE_NONE_THERE.format(departement=place)
        return
    code = normalize_code(text)
    found = await t.tx.collectivite(code) if is_code(code) else None
    if found is not None:
        await _chosen(t, found)
        return
    matches = await t.tx.search_collectivites(text) if len(text) <= NAME_MAX else []
    if not matches:
        await ask(t, copy.COLLECTIVITE_NOT_FOUND.format(text=text[:60]))
        return
    _offer(t, text, matches)


# A département's number or a postcode: "69", "2A", "974", "69003", "département 25".
_NUMBER = re.compile(r"\s*(?:d[ée]partement\s+|d[ée]p\.?\s*)?(?:\d{2,3}|2[abAB]|\d{5})\s*", re.I)
# Longer than any collectivité's name: a pasted paragraph is not searched.
NAME_MAX = 150


async def pick(t: Turn, code: str) -> bool:
    """A collectivité's button; one from an older list still names a real one."""
    found = await t.tx.collectivite(code)
    if found is None:
        await ask(t)
        return True
    await _chosen(t, found)
    return True


# Typed instead of tapping "Je ne sais pas" (``screens`` takes them so, before activation).
DONT_KNOW = {
    "je ne sais pas", "je sais pas", "sais pas", "aucune idee", "je ne le connais pas",
    "je ne connais pas", "plus tard", "passer",
}  # fmt: skip
# What people type instead of tapping the link's "Oui" or "Saisir un autre code".
YES_WORDS = {"oui", "o", "ok", "yes", "c'est mon employeur", "oui, c'est mon employeur"}
NO_WORDS = {"non", "n", "no", "autre", "saisir un autre code", "chercher un autre employeur"}


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
    t.state.collectivite_matches = []
    t.state.collectivite_query = None
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
