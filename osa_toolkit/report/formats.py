"""The export formats, as one table: what the CLI's ``--format``, :func:`~osa_toolkit.report.render`
and the app's download panel all read.

Adding a format is one renderer module (``render_<x>(record, *, history=None)`` walking the blocks of
:mod:`osa_toolkit.report.model`) and one line in :data:`FORMATS`. The renderer is named as a
``"module:function"`` string and imported only when a record is rendered in that format, so importing
this table (and the CLI) stays cheap: python-docx and the PDF printer load only when used.

>>> tuple(FORMATS)
('md', 'html', 'json', 'docx', 'pdf')
>>> FORMATS["docx"].label, FORMATS["docx"].suffix
('Word (DOCX)', '.docx')
>>> format_for_suffix(".HTM"), format_for_suffix("markdown"), format_for_suffix(".txt") is None
('html', 'md', True)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Format:
    label: str  # what the download panel shows
    suffix: str  # the file suffix it is saved under
    mime: str  # the media type of a download
    renderer: str  # "module:function", imported when first used
    preselected: bool = False  # ticked in the download panel when it opens
    other_suffixes: tuple[str, ...] = ()  # also read as this format from an output file name

    def render_function(self) -> Callable[..., str | bytes]:
        """The renderer: ``fn(record, *, history=None)`` giving text or bytes."""
        module, _, name = self.renderer.partition(":")
        return getattr(importlib.import_module(module), name)


FORMATS: Mapping[str, Format] = MappingProxyType(
    {
        "md": Format(
            "Markdown",
            ".md",
            "text/markdown",
            "osa_toolkit.report.markdown:render_markdown",
            preselected=True,
            other_suffixes=(".markdown",),
        ),
        "html": Format(
            "HTML",
            ".html",
            "text/html",
            "osa_toolkit.report.html:render_html",
            preselected=True,
            other_suffixes=(".htm",),
        ),
        "json": Format(
            "JSON", ".json", "application/json", "osa_toolkit.report.json_export:render_json"
        ),
        "docx": Format(
            "Word (DOCX)",
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "osa_toolkit.report.docx_export:render_docx",
            preselected=True,
        ),
        "pdf": Format("PDF", ".pdf", "application/pdf", "osa_toolkit.report.pdf:render_pdf"),
    }
)
"""Every export format by its key (what ``--format`` takes), in the order they are offered."""


def format_for_suffix(suffix: str) -> str | None:
    """The key of the format a file suffix (``".md"``, ``"htm"``, any case) stands for, if any."""
    wanted = "." + suffix.lower().lstrip(".")
    for key, fmt in FORMATS.items():
        if wanted == fmt.suffix or wanted in fmt.other_suffixes:
            return key
    return None
