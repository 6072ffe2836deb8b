"""Word rendering: a .docx template filled with a context by docxtpl."""

from io import BytesIO
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def render_docx(context: dict[str, Any], template: Path = TEMPLATES / "livret.docx") -> bytes:
    """The filled document. ``autoescape``: agents' text may hold ``& < >``."""
    doc = DocxTemplate(template)
    doc.render(context, autoescape=True)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
