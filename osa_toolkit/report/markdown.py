"""The record as Markdown: diff-friendly (stable order, one fact a line, no export timestamp).

>>> _escape("a|b <i>*x*</i>")
'a\\\\|b \\\\<i\\\\>\\\\*x\\\\*\\\\</i\\\\>'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from osa_toolkit.core.record import AssessmentRecord
from osa_toolkit.report.model import Block, Bullets, Cell, Fields, Para, Sub, Table
from osa_toolkit.report.sections import build_report

_SPECIAL = re.compile(r"([\\`*<>|\[\]])")


def _escape(value: Cell) -> str:
    """User text made inert: Markdown/HTML punctuation escaped, line breaks folded to spaces."""
    flat = " ".join(str(value).split())
    return _SPECIAL.sub(r"\\\1", flat)


def _block(block: Block) -> list[str]:
    if isinstance(block, Para):
        return [_escape(block.text), ""]
    if isinstance(block, Fields):
        return [f"- **{_escape(label)}:** {_escape(value)}" for label, value in block.rows] + [""]
    if isinstance(block, Bullets):
        return [f"- {_escape(item)}" for item in block.items] + [""]
    if isinstance(block, Table):
        head = "| " + " | ".join(_escape(h) for h in block.header) + " |"
        rule = "|" + "|".join("---" for _ in block.header) + "|"
        body = ["| " + " | ".join(_escape(c) for c in row) + " |" for row in block.rows]
        return [head, rule, *body, ""]
    if isinstance(block, Sub):
        lines = [f"### {_escape(block.title)}", ""]
        for inner in block.blocks:
            lines += _block(inner)
        return lines
    raise TypeError(f"unknown block {block!r}")


def render_markdown(
    record: AssessmentRecord, *, history: Sequence[Mapping[str, Any]] | None = None
) -> str:
    """The record as Markdown text following Ofcom's record-keeping template sections."""
    report = build_report(record, history)
    lines = [f"# {_escape(report.title)}", "", f"_{_escape(report.subtitle)}_", ""]
    for section in report.sections:
        lines += [f"## {_escape(section.title)}", ""]
        for block in section.blocks:
            lines += _block(block)
    return "\n".join(lines).rstrip("\n") + "\n"
