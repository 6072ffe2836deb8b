"""Writes ``livret/data/collectivites.csv``, the registry every database knows: the
communes, the EPCI à fiscalité propre and the établissements publics territoriaux with
their SIREN, the départements and the régions, from the découpage administratif.

Source: the npm package ``@etalab/decoupage-administratif`` 6.0.0 (code: MIT licence;
data: Licence Ouverte 2.0, from the INSEE's Code officiel géographique and the DGCL's
BANATIC). Run ``python tools/build_registry.py`` (it fetches the package with ``npm pack``)
or ``python tools/build_registry.py path/to/package.tgz``; the tarball's SHA-512 is checked.

Codes. Communes, EPCI and EPT keep their SIREN. The data gives none for the départements
and régions, so they get ``DEP-<code INSEE>`` and ``REG-<code INSEE>`` (``DEP-01``,
``REG-84``), and the collectivités d'outre-mer with the FPT ``COM-<code>``. What no
longer exists as a separate employer is left out and folded into what replaced it: the
départements of Paris (the Ville de Paris), of Corse (the Collectivité de Corse), of the
Bas-Rhin and Haut-Rhin (the Collectivité européenne d'Alsace), of Martinique and Guyane
and their régions (the collectivités territoriales uniques), the région of Mayotte (its
département). Polynésie, Nouvelle-Calédonie, Wallis-et-Futuna and the TAAF have civil
services of their own, not the FPT, and are left out. Communes déléguées, associées and
the arrondissements of Paris, Lyon and Marseille are kept as other names of their commune.
"""

import base64
import collections
import csv
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif@6.0.0"
SHA512 = "XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ=="
DATA = Path(__file__).resolve().parent.parent / "livret" / "data"
OUT = DATA / "collectivites.csv"
# Every département's name, the merged ones too: how a typed number or name is read.
DEPARTEMENTS = DATA / "departements.csv"
COLUMNS = ("code", "nom", "type", "departement", "population", "aussi")

# INSEE's "type de nom en clair": how "de" joins the name. "Le" and "Les" contract ("Le
# Havre" -> "du Havre"); "La" and "L'" that a commune's name begins with keep their capital
# ("de La Rochelle", "de L'Haÿ-les-Roses"), as French typography asks; a name without its
# article takes the joined one ("Somme" -> "de la Somme").
_JOIN = {
    0: ("de ", ""),
    1: ("d'", ""),
    2: ("du ", "Le "),
    3: ("de la ", "La "),
    4: ("des ", "Les "),
    5: ("de l'", "L'"),
}
# The articles that belong to the name: kept, with their capital, after a plain "de".
_KEPT = {"La ", "L'"}
# Names whose article the data does not flag ("Le Vernet-Chaméane", type 0).
_CONTRACTED = {"Le ": "du ", "Les ": "des "}
_EPCI_PREFIX = {
    "CC ": "Communauté de communes ",
    "CA ": "Communauté d'agglomération ",
    "CU ": "Communauté urbaine ",
}
_EPCI_TYPE = {
    "CC": "Communauté de communes",
    "CA": "Communauté d'agglomération",
    "CU": "Communauté urbaine",
    "METRO": "Métropole",
    "MET69": "Métropole",
    "EPT": "Établissement public territorial",
}
_MERGED_DEPARTEMENTS = {"75", "2A", "2B", "67", "68", "972", "973"}
_SINGLE = {
    # Collectivités à statut particulier or uniques, replacing départements and régions:
    # name, chef-lieu's département, the départements it covers, other names.
    "REG-94": ("Collectivité de Corse", "2A", ("2A", "2B"), "Corse | Corse-du-Sud | Haute-Corse"),
    "DEP-67": (
        "Collectivité européenne d'Alsace",
        "67",
        ("67", "68"),
        "Alsace | CEA | Bas-Rhin | Haut-Rhin",
    ),
    "REG-02": ("Collectivité territoriale de Martinique", "972", ("972",), "Martinique | CTM"),
    "REG-03": ("Collectivité territoriale de Guyane", "973", ("973",), "Guyane | CTG"),
    "COM-975": (
        "Collectivité territoriale de Saint-Pierre-et-Miquelon",
        "975",
        ("975",),
        "Saint-Pierre-et-Miquelon",
    ),
    "COM-977": ("Collectivité de Saint-Barthélemy", "977", ("977",), "Saint-Barthélemy"),
    "COM-978": ("Collectivité de Saint-Martin", "978", ("978",), "Saint-Martin"),
}
_REGION_KEPT = {"01", "04", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93"}
# The communes of Saint-Pierre-et-Miquelon apply the FPT; the data gives them no SIREN.
_FPT_OUTREMER = {"975"}
# Since 2019 the commune and the département of Paris are one collectivité.
_RENAMED = {"217500016": ("Ville de Paris", "Collectivité territoriale")}


def joined(prefix: str, nom: str, liaison: int) -> str:
    """ "Commune" + "Le Havre" -> "Commune du Havre"."""
    join, article = _JOIN.get(liaison, ("de ", ""))
    if article in _KEPT and nom.startswith(article):
        return f"{prefix} de {nom}"
    if article and nom.startswith(article):
        nom = nom[len(article) :]
    elif join == "de ":
        for unflagged, contracted in _CONTRACTED.items():
            if nom.startswith(unflagged):
                return f"{prefix} {contracted}{nom[len(unflagged) :]}"
    return f"{prefix} {join}{nom}"


def _fetch() -> Path:
    folder = Path(tempfile.mkdtemp())
    subprocess.run(
        ["npm", "pack", PACKAGE, "--silent"], cwd=folder, check=True, stdout=subprocess.DEVNULL
    )
    return next(folder.glob("*.tgz"))


def _read(tarball: Path) -> dict[str, list[dict]]:
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if digest != SHA512:
        sys.exit(f"{tarball}: SHA-512 {digest} is not the one of {PACKAGE}")
    with tarfile.open(tarball) as tar:
        return {
            name: json.load(tar.extractfile(f"package/data/{name}.json"))  # type: ignore[arg-type]
            for name in ("communes", "epci", "ept", "departements", "regions")
        }


def rows(data: dict[str, list[dict]]) -> list[dict[str, str]]:
    communes = data["communes"]
    other_names: dict[str, list[str]] = collections.defaultdict(list)
    for c in communes:
        parent = c.get("chefLieu") or c.get("commune")
        if c["type"] != "commune-actuelle" and parent and c["nom"] not in other_names[parent]:
            other_names[parent].append(c["nom"])
    out: list[dict[str, str]] = []
    departement_of: dict[str, str] = {}
    # Ranks a département or a région among communes of the same name ("Bretagne").
    per_departement: collections.Counter[str] = collections.Counter()
    per_region: collections.Counter[str] = collections.Counter()
    for c in communes:
        if c["type"] != "commune-actuelle":
            continue
        departement_of[c["code"]] = c["departement"]
        per_departement[c["departement"]] += c.get("population", 0)
        per_region[c.get("region", "")] += c.get("population", 0)
        if "siren" in c:
            code = c["siren"]
        elif c["departement"] in _FPT_OUTREMER:
            code = f"INSEE-{c['code']}"
        else:
            continue
        aliases = [n for n in other_names.get(c["code"], []) if n != c["nom"]]
        nom, kind = _RENAMED.get(
            code, (joined("Commune", c["nom"], c.get("typeLiaison", 0)), "Commune")
        )
        out.append(
            {
                "code": code,
                "nom": nom,
                "type": kind,
                "departement": c["departement"],
                "population": str(c.get("population", 0)),
                "aussi": " | ".join([c["nom"], *aliases]),
            }
        )
    for group in (*data["epci"], *data["ept"]):
        members = collections.Counter(departement_of.get(m["code"], "") for m in group["membres"])
        nom = group["nom"]
        for short, long in _EPCI_PREFIX.items():
            if nom.startswith(short):
                nom = long + nom[len(short) :]
        out.append(
            {
                "code": group["code"],
                "nom": nom,
                "type": _EPCI_TYPE[group["type"]],
                "departement": members.most_common(1)[0][0],
                "population": str(group.get("populationTotale", 0)),
                "aussi": group["nom"] if group["nom"] != nom else "",
            }
        )
    for d in data["departements"]:
        if d["code"] in _MERGED_DEPARTEMENTS or d.get("zone") == "com":
            continue
        out.append(
            {
                "code": f"DEP-{d['code']}",
                "nom": joined("Département", d["nom"], d["typeLiaison"]),
                "type": "Département",
                "departement": d["code"],
                "population": str(per_departement[d["code"]]),
                "aussi": d["nom"],
            }
        )
    chef_lieu = {
        r["code"]: departement_of.get(r["chefLieu"], "") for r in data["regions"] if "chefLieu" in r
    }
    for r in data["regions"]:
        if r["code"] not in _REGION_KEPT:
            continue
        nom = "Région Réunion" if r["code"] == "04" else f"Région {r['nom']}"
        out.append(
            {
                "code": f"REG-{r['code']}",
                "nom": nom,
                "type": "Région",
                "departement": chef_lieu.get(r["code"], ""),
                "population": str(per_region[r["code"]]),
                "aussi": r["nom"],
            }
        )
    for code, (nom, departement, covered, aussi) in _SINGLE.items():
        people = sum(per_departement[d] for d in covered)
        out.append(
            {
                "code": code,
                "nom": nom,
                "type": "Collectivité territoriale",
                "departement": departement,
                "population": str(people),
                "aussi": aussi,
            }
        )
    codes = collections.Counter(r["code"] for r in out)
    assert max(codes.values()) == 1, [c for c, n in codes.items() if n > 1]
    return sorted(out, key=lambda r: r["code"])


def main() -> None:
    tarball = Path(sys.argv[1]) if len(sys.argv) > 1 else _fetch()
    data = _read(tarball)
    found = rows(data)
    OUT.parent.mkdir(exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(found)
    with DEPARTEMENTS.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("code", "nom"))
        writer.writerows((d["code"], d["nom"]) for d in data["departements"])
    kinds = collections.Counter(r["type"] for r in found)
    print(
        f"{OUT}: {len(found)} collectivités, "
        + ", ".join(f"{n} {k}" for k, n in kinds.most_common())
    )


if __name__ == "__main__":
    main()
