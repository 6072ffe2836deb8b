"""Word rendering: a .docx template filled with a context by docxtpl."""

from io import BytesIO
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from documents.context import xml_text

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def render_docx(context: dict[str, Any], template: Path = TEMPLATES / "livret.docx") -> bytes:
    """The filled document. ``autoescape``: agents' text may hold ``& < >``."""
    doc = DocxTemplate(template)
    # docxtpl puts the context in the body, the headers, the footers and the core properties
    # (title, subject...): one character XML refuses in any of them and the file cannot be
    # made, so none is left anywhere, whoever built the context.
    doc.render(_xml_safe(context), autoescape=True)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _xml_safe(value: Any) -> Any:
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_xml_safe(item) for item in value]
    return value
