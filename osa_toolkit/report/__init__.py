"""Renderings of an assessment record: Markdown, HTML, JSON, DOCX and PDF.

Each format has ``render_<format>(record, *, history=None)`` in its own module (``markdown``,
``html``, ``json_export``, ``docx_export``, ``pdf``) and one line in the table
:data:`~osa_toolkit.report.formats.FORMATS` (label, file suffix, media type, renderer);
:func:`render` picks one by its key and :func:`export_record` writes it to a file atomically.

>>> tuple(FORMATS)
('md', 'html', 'json', 'docx', 'pdf')
"""

from osa_toolkit.report.export import export_record, render
from osa_toolkit.report.formats import FORMATS

__all__ = ["FORMATS", "export_record", "render"]
