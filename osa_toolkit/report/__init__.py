"""Renderings of an assessment record: Markdown, HTML, JSON, DOCX and PDF.

Each format has ``render_<format>(record, *, history=None)`` in its own module (``markdown``,
``html``, ``json_export``, ``docx_export``, ``pdf``); :func:`render` picks one by its file suffix and
:func:`export_record` writes it to a file atomically.

>>> FORMATS
('md', 'html', 'json', 'docx', 'pdf')
"""

from osa_toolkit.report.export import FORMATS, export_record, render

__all__ = ["FORMATS", "export_record", "render"]
