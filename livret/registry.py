"""The registry every database knows (``data/collectivites.csv``, written by
``tools/build_registry.py`` from the découpage administratif: communes, EPCI, EPT,
départements, régions), and finding a collectivité by the name people type.

A name is compared folded: case, accents, punctuation, "Saint"/"St" and the words people
put before it ("Mairie de", "Ville de", "Commune de", "Conseil départemental du", "CC")
do not count. Exact names come first, then names that start with what was typed, then
near misses (rapidfuzz's ratio), the most populous first within each; a département
number or a postcode typed with the name narrows it down. A collectivité the administrator
imported stands for the built-in one of the same name, kind and département ("Ville de
Lyon" under its CNFPT code hides the commune of Lyon under its SIREN): one button, not two.
"""

import bisect
import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from livret.collectivites import Collectivite
from livret.text import fold

DATA = Path(__file__).parent / "data" / "collectivites.csv"
DEPARTEMENTS = Path(__file__).parent / "data" / "departements.csv"
# Below this score (0 to 100), a near miss is no match.
CUTOFF = 86
# Words people put before a name, removed from the start (longest first), then an article.
_NOISE = sorted(
    (
        "mairie",
        "ville",
        "commune",
        "hotel de ville",
        "la mairie",
        "conseil departemental",
        "conseil general",
        "departement",
        "conseil regional",
        "region",
        "collectivite",
        "collectivite territoriale",
        "communaute de communes",
        "communaute d agglomeration",
        "communaute d agglo",
        "communaute urbaine",
        "metropole",
        "cc",
        "ca",
        "cu",
        "cd",
    ),
    key=len,
    reverse=True,
)
_ARTICLES = ("de la", "de l", "des", "du", "de", "d", "l", "la", "le", "les")
_WORDS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_PLACE = re.compile(r"(?:^|\s)\(?(\d{5}|2[ab]|97\d|\d{2})\)?$")


_NOISE_FIRST = {noise.split()[0] for noise in _NOISE}
_ARTICLE_FIRST = {article.split()[0] for article in _ARTICLES}
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")
# What NFKD does not take apart; the rest of the accents go with the ASCII encoding.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'"})


def _ascii(text: str) -> str:
    # ``text.fold`` character by character is ten times slower on 75,000 names.
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    return decomposed.encode("ascii", "ignore").decode()


def key(text: str) -> str:
    """A name as compared: "Mairie de Saint-Étienne" -> "saint etienne"."""
    words = _NOT_LETTERS.sub(" ", _ascii(text)).split()
    folded = " ".join(_WORDS.get(w, w) for w in words)
    if words and words[0] in _NOISE_FIRST:
        for noise in _NOISE:
            if folded == noise:
                return folded
            if folded.startswith(noise + " "):
                folded = folded[len(noise) + 1 :]
                break
    if folded.split(" ", 1)[0] in _ARTICLE_FIRST:
        for article in _ARTICLES:
            if folded.startswith(article + " ") and len(folded) > len(article) + 1:
                folded = folded[len(article) + 1 :]
                break
    return folded


@dataclass(frozen=True, slots=True)
class Known:
    code: str
    nom: str
    type: str
    departement: str
    population: int
    # Other names it goes by: a commune déléguée, an arrondissement, the short EPCI name.
    aussi: tuple[str, ...] = ()

    @property
    def collectivite(self) -> Collectivite:
        # Written by our own script: not validated again (36,000 rows at every start).
        return Collectivite.model_construct(
            code=self.code,
            nom=self.nom,
            type=self.type,
            departement=self.departement,
            delegation_regionale="",
        )


@dataclass(frozen=True)
class Match:
    collectivite: Collectivite
    # The other name that matched ("Annecy-le-Vieux" for the Commune d'Annecy), if any.
    via: str | None = None


@cache
def builtin() -> dict[str, Known]:
    """The registry shipped with the code, by code (read once, about 36,000 rows)."""
    found: dict[str, Known] = {}
    with DATA.open(encoding="utf-8", newline="") as lines:
        for code, nom, kind, departement, population, aussi in csv.reader(lines):
            if code == "code":
                continue
            others = tuple(aussi.split(" | ")) if aussi else ()
            found[code] = Known(code, nom, kind, departement, int(population or 0), others)
    return found


@dataclass(frozen=True)
class _Index:
    # Every name of the registry folded, sorted (a prefix is a range of it), with the
    # code it belongs to and, for another name, that name.
    keys: list[str]
    owners: list[tuple[str, str | None]]


@cache
def _index() -> _Index:
    named: list[tuple[str, str, str | None]] = []
    for code, known in builtin().items():
        own = key(known.nom)
        seen = {own}
        named.append((own, code, None))
        for other in known.aussi:
            folded = key(other)
            if folded not in seen:
                seen.add(folded)
                named.append((folded, code, other))
    named.sort()
    return _Index([n[0] for n in named], [(n[1], n[2]) for n in named])


def warm() -> None:
    """Reads the registry and builds its index (about a second): called in a thread at
    start, so that the first agent to type an employer's name does not wait for it."""
    _index()


def find(code: str) -> Collectivite | None:
    known = builtin().get(code)
    return known.collectivite if known else None


# The kind of collectivité a word typed before the name points to.
_KINDS = {
    "mairie": ("Commune",),
    "ville": ("Commune", "Collectivité territoriale"),
    "commune": ("Commune",),
    "departement": ("Département", "Collectivité territoriale"),
    "conseil departemental": ("Département", "Collectivité territoriale"),
    "conseil general": ("Département", "Collectivité territoriale"),
    "region": ("Région", "Collectivité territoriale"),
    "conseil regional": ("Région", "Collectivité territoriale"),
    "communaute de communes": ("Communauté de communes",),
    "cc": ("Communauté de communes",),
    "communaute d agglomeration": ("Communauté d'agglomération",),
    "ca": ("Communauté d'agglomération",),
    "communaute urbaine": ("Communauté urbaine",),
    "cu": ("Communauté urbaine",),
    "metropole": ("Métropole",),
}


# The names people use for a collectivité whose official name they do not type: the
# former name, the acronym, the brand. Keys are folded (``key``); "sud" only after
# "Région", since alone it names nothing.
_ALIASES = {
    "grand lyon": "Métropole de Lyon",
    "aura": "Région Auvergne-Rhône-Alpes",
    "ara": "Région Auvergne-Rhône-Alpes",
    "paca": "Région Provence-Alpes-Côte d'Azur",
    "idf": "Région Île-de-France",
    "bfc": "Région Bourgogne-Franche-Comté",
    "cvl": "Région Centre-Val de Loire",
    "hdf": "Région Hauts-de-France",
    "mel": "Métropole Européenne de Lille",
    "amp": "Métropole d'Aix-Marseille-Provence",
    "mgp": "Métropole du Grand Paris",
    "cea": "Collectivité européenne d'Alsace",
}
_REGION_ALIASES = {"sud": "Région Provence-Alpes-Côte d'Azur"}


def _alias(text: str) -> str:
    wanted = key(text)
    if wanted in _REGION_ALIASES and _kind(text) == _KINDS["region"]:
        return _REGION_ALIASES[wanted]
    return _ALIASES.get(wanted, text)


def _kind(text: str) -> tuple[str, ...] | None:
    folded = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())
    for word in sorted(_KINDS, key=len, reverse=True):
        if folded.startswith(word + " "):
            return _KINDS[word]
    return None


def departement_of(text: str) -> str | None:
    """The département a typed number or postcode names ("69", "2A", "69003", "974")."""
    match = _PLACE.search(text.strip().lower())
    if not match:
        return None
    place = match.group(1).upper()
    if len(place) == 5:
        # Postcodes of Corse start with 20; the overseas ones with their 97x.
        if place.startswith("20"):
            # Corse-du-Sud: 200xx and 201xx; Haute-Corse: 202xx to 206xx.
            return "2A" if place[2] in "01" else "2B"
        return place[:3] if place.startswith("97") else place[:2]
    return place


@cache
def departements() -> dict[str, str]:
    """Every département's name by its code ("69": "Rhône"), the merged ones too."""
    with DEPARTEMENTS.open(encoding="utf-8", newline="") as lines:
        return {code: nom for code, nom in csv.reader(lines) if code != "code"}


def departement_name(code: str) -> str | None:
    return departements().get(code)


def departement_typed(text: str) -> str | None:
    """The département a short answer names: its number, a postcode, or its name."""
    text = text.strip()
    by_number = departement_of(text)
    if by_number is not None and key(_PLACE.sub("", text.lower())) in ("", "departement"):
        return by_number if by_number in departements() else None
    wanted = key(text)
    return next((code for code, nom in departements().items() if key(nom) == wanted), None)


def search(typed: str, extra: Iterable[Collectivite] = (), limit: int = 8) -> list[Match]:
    """The collectivités whose name is closest to what was typed, the closest first;
    ``extra``: those an administrator imported, searched as well and listed first."""
    text = typed.strip()
    place = departement_of(text)
    if place is not None:
        text = _PLACE.sub("", text.lower()).strip()
    text = _alias(text)
    wanted = key(text)
    if len(wanted) < 2:
        return []
    index = _index()
    registry = builtin()
    hinted = _kind(text)
    tiers: dict[tuple[str, str | None], tuple[int, float]] = {}

    def rank(pair: tuple[str, str | None], tier: int, score: float) -> None:
        if pair not in tiers or tiers[pair] < (tier, score):
            tiers[pair] = (tier, score)

    imported = {c.code: c for c in extra}
    shadowed = {(key(c.nom), c.type, c.departement) for c in imported.values()}
    for c in imported.values():
        name = key(c.nom)
        if name.startswith(wanted):
            rank((c.code, None), 5 if name == wanted else 4, 100)
        elif (score := fuzz.ratio(wanted, name)) >= CUTOFF:
            rank((c.code, None), 3, score)
    start = bisect.bisect_left(index.keys, wanted)
    for at in range(start, len(index.keys)):
        name = index.keys[at]
        if not name.startswith(wanted):
            break
        tier = 3 if name == wanted else 2 if name.startswith(wanted + " ") else 1
        rank(index.owners[at], tier, 100)
    if len(tiers) < limit:
        # Misspelt: the whole name compared, so that "Eu" is no match for "villeurb".
        for _, score, at in process.extract(
            wanted, index.keys, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=CUTOFF
        ):
            rank(index.owners[at], 0, score)

    def place_of(code: str, field: str = "departement") -> str:
        c = imported.get(code) or registry[code].collectivite
        return str(getattr(c, field))

    chosen = list(tiers)
    if place is not None:
        narrowed = [pair for pair in chosen if place_of(pair[0]) == place]
        chosen = narrowed or chosen

    def order(pair: tuple[str, str | None]) -> tuple[float, ...]:
        tier, score = tiers[pair]
        people = registry[pair[0]].population if pair[0] in registry else 0
        # "Région Bretagne" before the communes named Bretagne; with no such word, the
        # commune before the EPCI named after it ("Lyon": the city, then the métropole);
        # a commune's own name before one of its former communes; then the most populous.
        kind = place_of(pair[0], "type")
        of_kind = kind in hinted if hinted is not None else kind == "Commune"
        return (-tier, not of_kind, -score, pair[1] is not None, -people)

    seen: set[str] = set()
    found: list[Match] = []
    for code, other in sorted(chosen, key=order):
        if code in seen:
            continue
        seen.add(code)
        c = imported.get(code) or registry[code].collectivite
        if code not in imported and (key(c.nom), c.type, c.departement) in shadowed:
            continue
        found.append(Match(c, other))
        if len(found) == limit:
            break
    return found


def same_name(matches: list[Match]) -> bool:
    """Several matches share the first one's name in different départements: the
    département tells them apart."""
    first = key(matches[0].collectivite.nom) if matches else ""
    places = {m.collectivite.departement for m in matches if key(m.collectivite.nom) == first}
    return len(places) > 1
