"""The record as a Word document (python-docx): headings and tables in the template's sections.

Named ``docx_export`` so that it does not shadow the ``docx`` package.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from osa_toolkit.core.record import AssessmentRecord
from osa_toolkit.report.model import (
    Block,
    Bullets,
    Cell,
    Fields,
    Level,
    Para,
    Sub,
    Table,
)
from osa_toolkit.report.sections import build_report
from osa_toolkit.style import LEVEL_COLOURS

CORE_PROPERTY_LENGTH = 255
"""The longest title or subject a .docx file's properties may hold."""
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: Any) -> str:
    """Text Word can hold: control characters (which XML refuses) dropped."""
    return _NOT_XML.sub("", str(value))


def _shade(cell, colour: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shd)


def _fill(cell, value: Cell, bold: bool = False) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(_clean(value))
    if isinstance(value, Level):
        run.bold = True
        if value.word in LEVEL_COLOURS:
            _shade(cell, LEVEL_COLOURS[value.word][0])
    elif bold:
        run.bold = True


def _table(doc, header: Sequence[str] | None, rows: Sequence[Sequence[Cell]], cols: int) -> None:
    table = doc.add_table(rows=0, cols=cols)
    table.style = "Table Grid"
    if header:
        cells = table.add_row().cells
        for cell, h in zip(cells, header, strict=True):
            _fill(cell, h, bold=True)
            _shade(cell, "#eeeeee")
    for row in rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, row, strict=True)):
            _fill(cell, value, bold=header is None and i == 0)
    doc.add_paragraph()


def _block(doc, block: Block) -> None:
    if isinstance(block, Para):
        doc.add_paragraph(_clean(block.text))
    elif isinstance(block, Fields):
        _table(doc, None, block.rows, 2)
    elif isinstance(block, Bullets):
        for item in block.items:
            doc.add_paragraph(_clean(item), style="List Bullet")
    elif isinstance(block, Table):
        _table(doc, block.header, block.rows, len(block.header))
    elif isinstance(block, Sub):
        doc.add_heading(_clean(block.title), level=2)
        for inner in block.blocks:
            _block(doc, inner)
    else:
        raise TypeError(f"unknown block {block!r}")


def render_docx(
    record: AssessmentRecord, *, history: Sequence[Mapping[str, Any]] | None = None
) -> bytes:
    """The record as the bytes of a .docx file."""
    report = build_report(record, history)
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    for section in doc.sections:  # A4, as UK records are printed (python-docx starts on Letter)
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin = section.bottom_margin = Mm(18)
    props = doc.core_properties
    props.title = _clean(report.title)[:CORE_PROPERTY_LENGTH]  # Word's limit; the body has it all
    props.subject = ("Online Safety Act 2023 record: " + _clean(report.title))[
        :CORE_PROPERTY_LENGTH
    ]
    props.author = props.last_modified_by = "osa-toolkit"
    stamp = dt.datetime.combine(getattr(record, "assessed_on", None) or dt.date.today(), dt.time())
    props.created = props.modified = stamp
    props.revision = 1
    doc.add_heading(_clean(report.title), level=0)
    doc.add_paragraph(_clean(report.subtitle)).runs[0].italic = True
    for section in report.sections:
        doc.add_heading(_clean(section.title), level=1)
        for block in section.blocks:
            _block(doc, block)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
