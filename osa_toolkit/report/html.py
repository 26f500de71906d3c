"""The record as one self-contained HTML page: inline CSS, no external resource, printable.

Every string that reaches the page goes through :func:`html.escape`, the record's own words and ours
alike, so a service called ``<script>alert(1)</script>`` stays text.

>>> _cell(Level("high"))
'<span class="level level-high">high</span>'
>>> _cell("<b>")
'&lt;b&gt;'
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

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

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BASE_CSS = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 11pt;
  line-height: 1.4; color: #1a1a1a; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #444; padding-bottom: 0.15rem; margin-top: 1.8rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
.subtitle { color: #444; font-style: italic; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 0.8rem; }
th, td { border: 1px solid #999; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
thead th { background: #eee; }
.t-measures td:first-child, .t-factors td:first-child { white-space: nowrap; }
table.fields th { width: 35%; background: #f6f6f6; font-weight: 600; }
.date { white-space: nowrap; }
.level { display: inline-block; padding: 0 0.45rem; border-radius: 0.6rem; font-weight: 600;
  border: 1px solid currentColor; }
ul { margin: 0.3rem 0 0.8rem; padding-left: 1.3rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .level { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _css() -> str:
    badges = "\n".join(
        f".level-{name} {{ background: {bg}; color: {fg}; }}"
        for name, (bg, fg) in LEVEL_COLOURS.items()
    )
    return _BASE_CSS + badges + "\n"


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _cell(value: Cell) -> str:
    if isinstance(value, Level):
        slug = value.word if value.word in LEVEL_COLOURS else "unknown"
        return f'<span class="level level-{slug}">{_e(value.word)}</span>'
    if _DATE.fullmatch(value):
        return f'<span class="date">{value}</span>'  # a date never breaks at its hyphens
    return _e(value)


def _block(block: Block) -> list[str]:
    if isinstance(block, Para):
        return [f"<p>{_e(block.text)}</p>"]
    if isinstance(block, Fields):
        rows = [f"<tr><th>{_e(k)}</th><td>{_cell(v)}</td></tr>" for k, v in block.rows]
        return ['<table class="fields"><tbody>', *rows, "</tbody></table>"]
    if isinstance(block, Bullets):
        return ["<ul>", *(f"<li>{_e(i)}</li>" for i in block.items), "</ul>"]
    if isinstance(block, Table):
        head = "".join(f'<th scope="col">{_e(h)}</th>' for h in block.header)
        body = [
            "<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in block.rows
        ]
        opening = f'<table class="t-{_e(block.name)}">' if block.name else "<table>"
        return [opening, f"<thead><tr>{head}</tr></thead>", "<tbody>", *body, "</tbody></table>"]
    if isinstance(block, Sub):
        out = ["<section>", f"<h3>{_e(block.title)}</h3>"]
        for inner in block.blocks:
            out += _block(inner)
        return [*out, "</section>"]
    raise TypeError(f"unknown block {block!r}")


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal that cannot end the string or the style element."""
    flat = " ".join(str(text).split())
    return '"' + flat.replace("\\", "\\5c ").replace('"', "\\22 ").replace("<", "\\3c ") + '"'


def _footer_css(record: Any, title: str, history: Sequence[Mapping[str, Any]] | None) -> str:
    """Printed pages carry the record, its version and the page number in the footer."""
    version = history[-1].get("version") if history else None
    said = title + (f" · version {version}" if version is not None else "")
    tool = f"osa-toolkit {getattr(record, 'toolkit_version', '')}".strip()
    return (
        "@page { @bottom-left { content: "
        + _css_string(f"{said} · {tool}")
        + '; font: 8pt sans-serif; color: #444; } @bottom-right { content: "Page " '
        'counter(page) " of " counter(pages); font: 8pt sans-serif; color: #444; } }'
    )


def render_html(
    record: AssessmentRecord, *, history: Sequence[Mapping[str, Any]] | None = None
) -> str:
    """The record as a standalone HTML document (UTF-8), same sections as the Markdown."""
    report = build_report(record, history)
    return page_html(report, _footer_css(record, report.title, history))


def page_html(report: Any, extra_css: str = "") -> str:
    """A report (:class:`~osa_toolkit.report.model.Report`) as one self-contained HTML page, every
    string escaped; ``extra_css`` is added to the page's own style sheet."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report.title)}</title>",
        f"<style>{_css()}{extra_css}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(report.title)}</h1>",
        f'<p class="subtitle">{_e(report.subtitle)}</p>',
        "</header>",
        "<main>",
    ]
    for section in report.sections:
        out += [f'<section id="{_e(section.key)}">', f"<h2>{_e(section.title)}</h2>"]
        for block in section.blocks:
            out += _block(block)
        out.append("</section>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
