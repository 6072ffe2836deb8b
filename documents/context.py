"""The one context every document is rendered from, built from livret models.

The template loops over it without knowing any rubrique: a field added to a
model appears in the documents with no template change.
"""

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from documents import copy
from livret.catalogue import CATALOGUE, Rubrique
from livret.display import Entries, linked_from, show_value
from livret.entries import Entry, Identite
from livret.values import PartialDate

# What XML 1.0 refuses (its Char production: #x9 | #xA | #xD | [#x20-#xD7FF] |
# [#xE000-#xFFFD] | [#x10000-#x10FFFF]): the other C0 controls, lone surrogates, U+FFFE and
# U+FFFF. Telegram carries them (all but the surrogates); one in a header or a footer and
# Word's XML cannot be read.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What a document shows: XML's characters less the carriage return and DEL, which mean
# nothing on a page; \n and \t are kept (line breaks, tabs).
_NOT_SHOWN = re.compile("[^\t\n\x20-\x7e\x80-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class AgentInfo:
    prenom: str = ""
    nom: str = ""
    collectivite: str = ""
    identifiant: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.prenom} {self.nom.upper()}".strip()


@dataclass
class Context:
    agent: AgentInfo
    edition: date
    rubriques: list[dict[str, Any]] = field(default_factory=list)
    # The proofs appended to the PDF, listed in the document: number, what, for which entry.
    annexes: list[dict[str, Any]] = field(default_factory=list)

    # The annex each file already is (one relevé proves several entries): by its digest.
    _by_file: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    def add_annex(self, kind: str, rub: Rubrique, entry: Entry, file: str = "") -> bool:
        """Lists a proof; False when its file is an annex already (then that annex names
        this entry too, and the caller appends nothing)."""
        title = rub.entry_title(cleaned(entry))
        if file and file in self._by_file:
            listed = self._by_file[file]
            listed["entry"] += copy.ANNEX_ALSO.format(entry=title)
            return False
        listed = {
            "number": len(self.annexes) + 1,
            "what": copy.ANNEX_PDF if kind == "pdf" else copy.ANNEX_PHOTO,
            "entry": title,
            "rubrique": rub.title,
        }
        self.annexes.append(listed)
        if file:
            self._by_file[file] = listed
        return True

    def prove(self, entry_ids: Collection[int]) -> None:
        """The entries a proof joined to this document justifies are marked so."""
        for rub in self.rubriques:
            for entry in rub["entries"]:
                if entry["mark"] and entry["id"] in entry_ids:
                    entry["mark"] = copy.JUSTIFIED

    def as_dict(self) -> dict[str, Any]:
        return {
            "agent": {
                "prenom": self.agent.prenom,
                "nom": self.agent.nom.upper(),
                "nom_complet": self.agent.full_name,
                "collectivite": self.agent.collectivite,
                "identifiant": self.agent.identifiant,
            },
            "edition": PartialDate(
                self.edition.year, self.edition.month, self.edition.day
            ).french(),
            "rubriques": self.rubriques,
            "annexes": self.annexes,
            # Said once, when an entry bears a mark.
            "legend": copy.PROVENANCE_LEGEND
            if any(e["mark"] for r in self.rubriques for e in r["entries"])
            else "",
        }


def clean(text: str) -> str:
    """Agent text as a document can show it."""
    return _NOT_SHOWN.sub("", text)


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 refuses: the least any text in a document
    needs, whatever its origin."""
    return _NOT_XML.sub("", text)


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def cleaned(entry: Entry) -> Entry:
    """The entry with its texts as a document shows them: cleaned before a title is made of
    them, so that what is dropped does not count in the title's length."""
    # Exactly str: choices are str enums, and stay what they are.
    texts = {name: clean(value) for name, value in entry if type(value) is str}
    return entry.model_copy(update=texts)


def build_context(
    entries: Entries,
    not_concerned: Collection[str],
    edition: date,
    identifiant: str = "",
    catalogue: Sequence[Rubrique] = CATALOGUE,
) -> Context:
    """Every rubrique in catalogue order, each entry with its filled fields in words."""
    entries = {code: [(i, cleaned(e)) for i, e in items] for code, items in entries.items()}
    titles = {
        entry_id: rub.entry_title(entry)
        for rub in catalogue
        for entry_id, entry in entries.get(rub.code, ())
    }
    identite = next((e for _, e in entries.get("identite", ()) if isinstance(e, Identite)), None)
    agent = AgentInfo(identifiant=identifiant)
    if identite is not None:
        # On one line: the cover and the footer cannot take a break or a tab.
        agent.prenom, agent.nom = one_line(identite.prenom), one_line(identite.nom)
        agent.collectivite = one_line(identite.collectivite or "")
    context = Context(agent, edition)
    for rub in catalogue:
        shown = []
        for entry_id, entry in entries.get(rub.code, ()):
            data = entry.model_dump(mode="json")
            fields = [
                {"label": spec.label, "value": clean(value)}
                for spec in rub.fields
                if (value := show_value(spec, data.get(spec.name), titles))
            ]
            for other, names in linked_from(rub.code, entry_id, entries, catalogue):
                fields.append(
                    {
                        "label": copy.LINKED.format(title=other.title),
                        "value": clean(", ".join(names)),
                    }
                )
            # Declared until a proof joined to the document says otherwise (``prove``).
            mark = copy.DECLARED if rub.proof else ""
            shown.append(
                {
                    "id": entry_id,
                    "title": clean(rub.entry_title(entry)),
                    "fields": fields,
                    "mark": mark,
                }
            )
        context.rubriques.append(
            {
                "code": rub.code,
                "title": rub.title,
                "purpose": rub.purpose,
                "entries": shown,
                "not_concerned": not shown and rub.code in not_concerned,
                "status": ""
                if shown
                else copy.NOT_CONCERNED
                if rub.code in not_concerned
                else copy.TO_COMPLETE,
            }
        )
    return context


def build_extract_context(entries: Entries, day: date) -> Context:
    """An extract: only the rubriques it holds, with no "À compléter" for the others."""
    shown = [r for r in CATALOGUE if entries.get(r.code)]
    return build_context(entries, (), day, catalogue=shown)
