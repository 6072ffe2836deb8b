"""Builds the first version of the templates: templates/livret.docx (the full livret)
and templates/extrait.docx (the extract an agent shares).

Run once by a developer (``python templates/build_livret_docx.py extrait``); afterwards
the .docx is the source: restyle it in Word or LibreOffice, keeping the {{ }} and {% %}
tags. The templates loop over the context of documents/context.py and name no
rubrique, so fields added to the livret appear without touching them.
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).parent
BLUE = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x55, 0x55, 0x55)


def field(paragraph, instruction: str) -> None:  # type: ignore[no-untyped-def]
    """A Word field (PAGE, NUMPAGES) that the word processor fills in."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    # The number looks like the footer's text: 8 pt, grey.
    properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), str(GREY))
    properties.extend([color, size])
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def build(extract: bool = False) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)

    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10.5)
    for name, size in (("Title", 26), ("Heading 1", 16), ("Heading 2", 12)):
        style = doc.styles[name]
        style.font.name = "Liberation Sans"
        style.font.size = Pt(size)
        style.font.color.rgb = BLUE
        style.font.bold = name != "Title"

    if extract:
        top(doc)
    else:
        cover(doc)

    # --- rubriques, after the legend of the provenance marks ---------------------------
    doc.add_paragraph("{%p if legend %}")
    legend = doc.add_paragraph("{{ legend }}")
    legend.runs[0].font.size = Pt(8.5)
    legend.runs[0].font.color.rgb = GREY
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for r in rubriques %}")
    doc.add_paragraph("{{ r.title }}", style="Heading 1")
    doc.add_paragraph("{%p if r.entries %}")
    doc.add_paragraph("{%p for e in r.entries %}")
    doc.add_paragraph("{{ e.title }}", style="Heading 2")
    # Provenance: "Justifiée" or "Déclarée", small and grey under the title.
    doc.add_paragraph("{%p if e.mark %}")
    mark = doc.add_paragraph("{{ e.mark }}")
    mark.paragraph_format.space_after = Pt(2)
    mark.runs[0].font.size = Pt(8.5)
    mark.runs[0].font.italic = True
    mark.runs[0].font.color.rgb = GREY
    doc.add_paragraph("{%p endif %}")
    # Paragraphs, not a table: LibreOffice opens a document of a hundred tables slowly.
    doc.add_paragraph("{%p for f in e.fields %}")
    line = doc.add_paragraph()
    line.paragraph_format.left_indent = Cm(0.6)
    line.paragraph_format.space_after = Pt(2)
    label = line.add_run("{{ f.label }} : ")
    label.font.bold = True
    label.font.color.rgb = GREY
    line.add_run("{{ f.value }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p else %}")
    status = doc.add_paragraph("{{ r.status }}")
    status.runs[0].font.italic = True
    status.runs[0].font.color.rgb = GREY
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")

    # --- annexes: the proofs, appended to the PDF in this order -----------------------
    doc.add_paragraph("{%p if annexes %}")
    doc.add_paragraph("Annexes", style="Heading 1")
    intro = doc.add_paragraph(
        "Les justificatifs suivants sont joints à la suite de ce document (version PDF)."
    )
    intro.runs[0].font.color.rgb = GREY
    doc.add_paragraph("{%p for a in annexes %}")
    doc.add_paragraph("Annexe {{ a.number }} : {{ a.what }} — {{ a.entry }} ({{ a.rubrique }})")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")

    # --- footer: "Livret de … — page X / Y" ----------------------------------------
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    what = (
        "Extrait du livret individuel de formation" if extract else "Livret individuel de formation"
    )
    footer.add_run(
        # A dash, not "de": "de Anne" would want "d'Anne".
        f"{what}{{% if agent.nom_complet %}} — {{{{ agent.nom_complet }}}}{{% endif %}} — page "
    )
    field(footer, "PAGE")
    footer.add_run(" / ")
    field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = GREY
    return doc


def cover(doc: Document) -> None:
    """The full livret opens on a cover page."""
    for _ in range(6):
        doc.add_paragraph()
    doc.add_paragraph("Livret individuel de formation", style="Title")
    sub = doc.add_paragraph("Fonction publique territoriale")
    sub.runs[0].font.color.rgb = GREY
    doc.add_paragraph()
    name = doc.add_paragraph("{{ agent.nom_complet }}")
    name.runs[0].font.size = Pt(18)
    name.runs[0].font.bold = True
    doc.add_paragraph("{%p if agent.collectivite %}")
    doc.add_paragraph("Collectivité : {{ agent.collectivite }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if agent.identifiant %}")
    doc.add_paragraph("Identifiant du livret : {{ agent.identifiant }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("Édition du {{ edition }}")
    doc.add_paragraph()
    note = doc.add_paragraph(
        "Livret établi en application du décret n° 2008-830 du 22 août 2008 relatif au "
        "livret individuel de formation. Il appartient à l'agent, qui en choisit le contenu."
    )
    note.runs[0].font.size = Pt(9)
    note.runs[0].font.color.rgb = GREY
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def top(doc: Document) -> None:
    """An extract says at once what it is: chosen by the agent, as of a date."""
    doc.add_paragraph("Extrait du livret individuel de formation", style="Title")
    name = doc.add_paragraph("{{ agent.nom_complet }}")
    name.runs[0].font.size = Pt(16)
    name.runs[0].font.bold = True
    chosen = doc.add_paragraph(
        "Extrait choisi par l'agent, tel qu'il était le {{ edition }}. Il ne contient que les "
        "éléments que l'agent a choisi de communiquer ; son livret peut en compter d'autres."
    )
    chosen.runs[0].font.italic = True
    chosen.runs[0].font.color.rgb = GREY
    note = doc.add_paragraph(
        "Livret individuel de formation établi en application du décret n° 2008-830 du "
        "22 août 2008."
    )
    note.runs[0].font.size = Pt(9)
    note.runs[0].font.color.rgb = GREY


if __name__ == "__main__":
    # The .docx files are the sources once made: build only the one asked for.
    for name in sys.argv[1:] or ["livret", "extrait"]:
        build(extract=name == "extrait").save(HERE / f"{name}.docx")
        print(HERE / f"{name}.docx")
