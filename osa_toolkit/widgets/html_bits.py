"""Small HTML builders shared by the views (escaped text, level badges, tables)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from osa_toolkit.style import LEVEL_COLOURS, UNKNOWN_LEVEL


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text))


def badge(level: str) -> str:
    """A level as words in a tinted box: colour is never the only carrier."""
    bg, fg = LEVEL_COLOURS.get(level, UNKNOWN_LEVEL)
    return (
        f'<span class="osa-level osa-level-{esc(level)}" style="background:{bg};color:{fg};'
        f'padding:1px 6px;border-radius:3px;font-weight:600">{esc(level)}</span>'
    )


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], css_class: str = "") -> str:
    """An HTML table; cells are already-safe HTML (escape text with :func:`esc` first)."""
    head = "".join(f'<th scope="col" style="text-align:left">{esc(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<table class="osa-table {esc(css_class)}" style="border-collapse:collapse">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def bullet_list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def coverage_html(coverage) -> str:
    """What the measures list leaves out of each Code, and where to read Ofcom's Code (as text:
    the page loads nothing from outside)."""
    from osa_toolkit.report.words import CODE_NAMES

    parts = []
    for c in coverage:
        where = c.read_at.split("://", 1)[-1]
        parts.append(
            f"<div class='osa-coverage'><p><b>Not modelled: {esc(CODE_NAMES.get(c.code, c.code))}"
            f"</b></p><p>{esc(c.modelled)} {esc(c.not_modelled)}</p>"
            f"<p>Where to read the Code: {esc(where)}</p></div>"
        )
    return "".join(parts)
