"""A corpus of attestations as agents hold them, made here: several layouts (CNFPT-like,
centre de gestion, private training bodies, an attestation of a training given, a relevé
of several lines), each a text PDF (fpdf2) and a photo of it (rendered by pypdfium2, then
turned up to 5°, blurred, lit unevenly, noised and saved as a JPEG).

Each document comes with the entries it should propose: what reading is measured on."""

import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pypdfium2
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter

TITLES = (
    "Excel niveau 2",
    "Gestion des conflits",
    "Marchés publics : les fondamentaux",
    "Management d'équipe",
    "Prévention des risques routiers",
    "Accueil du public en difficulté",
    "Rédaction administrative",
    "Comptabilité publique M57",
)
MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)  # fmt: skip


@dataclass(frozen=True)
class Attestation:
    name: str
    layout: str
    pdf: bytes
    # The entries it should propose, fields as the model stores them.
    expected: list[dict[str, Any]]


def _page(lines: list[tuple[str, str, float]]) -> bytes:
    """A4, one line each: (text, style, size)."""
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20)
    pdf.add_page()
    for text, style, size in lines:
        if not text:
            pdf.ln(size)
            continue
        pdf.set_font("helvetica", style, size)
        pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    return bytes(pdf.output())


def _iso(day: int, month: int, year: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def _cnfpt(r: random.Random) -> tuple[list[tuple[str, str, float]], list[dict[str, Any]]]:
    title, year, month = r.choice(TITLES), r.randint(2015, 2025), r.randint(1, 12)
    day, days = r.randint(1, 20), r.randint(1, 3)
    hours = days * 7
    lines = [
        ("CNFPT - Délégation Auvergne-Rhône-Alpes", "B", 12),
        ("Centre national de la fonction publique territoriale", "", 10),
        ("", "", 8),
        ("ATTESTATION DE FORMATION", "B", 16),
        ("", "", 6),
        ("Le CNFPT atteste que Madame Anne DUPONT a suivi la formation :", "", 11),
        (f"« {title} »", "B", 12),
        (
            f"du {day:02d}/{month:02d}/{year} au {day + days - 1:02d}/{month:02d}/{year}",
            "",
            11,
        ),
        (f"Durée : {hours} heures", "", 11),
        ("", "", 10),
        (f"Fait à Lyon, le {day + days + 2:02d}/{month:02d}/{year}", "", 10),
        ("Le délégué régional", "I", 10),
    ]
    found: dict[str, Any] = {
        "intitule": title,
        "date_debut": _iso(day, month, year),
        "duree": f"{hours} h",
        "organisme": "CNFPT - Délégation Auvergne-Rhône-Alpes",
    }
    if days > 1:
        found["date_fin"] = _iso(day + days - 1, month, year)
    return lines, [found]


def _cdg(r: random.Random) -> tuple[list[tuple[str, str, float]], list[dict[str, Any]]]:
    title, year, month = r.choice(TITLES), r.randint(2015, 2025), r.randint(1, 12)
    day = r.randint(1, 20)
    lines = [
        ("Centre de gestion de la fonction publique territoriale du Rhône", "B", 11),
        ("9 allée Alban Vistel - 69110 Sainte-Foy-lès-Lyon", "", 9),
        ("", "", 10),
        ("ATTESTATION DE PRÉSENCE", "B", 15),
        ("", "", 6),
        ("Nous attestons que M. Paul MARTIN, adjoint administratif, a participé à :", "", 11),
        (f"Intitulé : {title}", "", 11),
        (f"Dates : les {day} et {day + 1} {MONTH_NAMES[month - 1]} {year}", "", 11),
        ("Durée : 2 jours", "", 11),
        ("Organisme : CDG 69", "", 11),
        ("", "", 8),
        (f"Fait à Sainte-Foy-lès-Lyon, le {day + 5:02d}/{month:02d}/{year}", "", 10),
    ]
    found = {
        "intitule": title,
        "date_debut": _iso(day, month, year),
        "date_fin": _iso(day + 1, month, year),
        "duree": "2 jour",
        "organisme": "CDG 69",
    }
    return lines, [found]


def _private(r: random.Random) -> tuple[list[tuple[str, str, float]], list[dict[str, Any]]]:
    title, year, month = r.choice(TITLES), r.randint(2015, 2025), r.randint(1, 12)
    day, hours = r.randint(1, 25), r.choice((7, 14, 21, 3.5))
    shown = f"{hours:g}".replace(".", ",")
    lines = [
        ("FORMAPRO CONSEIL SAS - Organisme de formation", "B", 12),
        ("N° de déclaration d'activité : 11 75 12345 75", "", 9),
        ("", "", 8),
        ("CERTIFICAT DE RÉALISATION", "B", 15),
        ("", "", 6),
        ("Je soussigné, directeur de FORMAPRO CONSEIL, atteste que :", "", 11),
        ("Nom du stagiaire : Claire BERNARD", "", 11),
        (f"Action de formation : {title}", "", 11),
        (f"Date : le {day} {MONTH_NAMES[month - 1]} {year}", "", 11),
        (f"Durée : {shown} h", "", 11),
        ("", "", 8),
        (f"Fait à Paris le {day + 3} {MONTH_NAMES[month - 1]} {year}", "", 10),
    ]
    found = {
        "intitule": title,
        "date_debut": _iso(day, month, year),
        "duree": f"{hours:g} h",
        "organisme": "FORMAPRO CONSEIL SAS - Organisme de formation",
    }
    return lines, [found]


def _given(r: random.Random) -> tuple[list[tuple[str, str, float]], list[dict[str, Any]]]:
    title, year, month = r.choice(TITLES), r.randint(2015, 2025), r.randint(1, 12)
    day = r.randint(1, 25)
    lines = [
        ("CNFPT - Institut national des études territoriales", "B", 12),
        ("", "", 8),
        ("ATTESTATION D'INTERVENTION", "B", 15),
        ("", "", 6),
        ("Madame Anne DUPONT, en qualité de formatrice, a animé la session :", "", 11),
        (f"« {title} »", "B", 12),
        (f"le {day:02d}/{month:02d}/{year}", "", 11),
        ("Durée : 6 heures", "", 11),
    ]
    found = {
        "intitule": title,
        "date_debut": _iso(day, month, year),
        "duree": "6 h",
        "organisme": "CNFPT - Institut national des études territoriales",
    }
    return lines, [found]


def _releve(r: random.Random) -> tuple[list[tuple[str, str, float]], list[dict[str, Any]]]:
    titles = r.sample(TITLES, 3)
    lines = [
        ("CNFPT - Délégation Île-de-France", "B", 12),
        ("", "", 6),
        ("RELEVÉ DES FORMATIONS SUIVIES", "B", 15),
        ("Agent : Anne DUPONT", "", 11),
        ("", "", 6),
    ]
    found = []
    for title in titles:
        year, month, day = r.randint(2015, 2025), r.randint(1, 12), r.randint(1, 28)
        hours = r.choice((7, 14, 21))
        lines.append((f"{day:02d}/{month:02d}/{year}    {title}    {hours} h", "", 11))
        found.append(
            {
                "intitule": title,
                "date_debut": _iso(day, month, year),
                "duree": f"{hours} h",
                "organisme": "CNFPT - Délégation Île-de-France",
            }
        )
    return lines, found


LAYOUTS: dict[str, Callable[[random.Random], tuple[list[tuple[str, str, float]], list[Any]]]] = {
    "cnfpt": _cnfpt,
    "cdg": _cdg,
    "private": _private,
    "given": _given,
    "releve": _releve,
}
EXPECTED_RUBRIQUE = {"given": "formations_dispensees"}


def corpus(per_layout: int = 6, seed: int = 18) -> list[Attestation]:
    """``per_layout`` documents of each layout, the same ones for the same seed."""
    r = random.Random(seed)
    made = []
    for layout, build in LAYOUTS.items():
        for n in range(per_layout):
            lines, expected = build(r)
            code = EXPECTED_RUBRIQUE.get(layout, "formations_suivies")
            made.append(
                Attestation(
                    f"{layout}-{n + 1}",
                    layout,
                    _page(lines),
                    [{"rubrique": code, "fields": e} for e in expected],
                )
            )
    return made


def photo(pdf: bytes, seed: int = 0, dpi: int = 200) -> bytes:
    """The PDF's first page as a phone photographs it: turned up to 5°, a little blurred,
    lit from one side, noised, saved as a JPEG of middling quality."""
    r = random.Random(seed)
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=dpi / 72).to_pil().convert("L")
    angle = r.uniform(-5, 5)
    image = image.rotate(angle, expand=True, fillcolor=235, resample=Image.Resampling.BICUBIC)
    image = image.filter(ImageFilter.GaussianBlur(r.uniform(0.4, 1.0)))
    # Uneven light: a gradient from one side, darker by up to a third.
    shade = Image.linear_gradient("L").resize(image.size).rotate(r.choice((0, 90, 180, 270)))
    dark = Image.new("L", image.size, 0)
    image = Image.composite(image, dark, shade.point(lambda v: 170 + v // 3))
    noise = Image.effect_noise(image.size, r.uniform(8, 16))
    image = Image.blend(image, noise, 0.08)
    ImageDraw.Draw(image)  # the image is a plain picture now: nothing of the PDF remains
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=r.randint(55, 75))
    return out.getvalue()


def fields_right(got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> tuple[int, int]:
    """How many of the expected fields were read exactly (the rubrique counted as one), and
    how many were expected: what reading is scored on."""
    right = total = 0
    for n, wanted in enumerate(expected):
        found = got[n] if n < len(got) else {"rubrique": None, "fields": {}}
        total += 1 + len(wanted["fields"])
        right += found["rubrique"] == wanted["rubrique"]
        right += sum(found["fields"].get(k) == v for k, v in wanted["fields"].items())
    return right, total
