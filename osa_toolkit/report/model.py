"""The neutral shape of a report: sections of fields, tables, bullets and paragraphs.

:mod:`osa_toolkit.report.sections` builds one :class:`Report` from a record, following Ofcom's
record-keeping template; each renderer (Markdown, HTML, DOCX) only lays it out. So the three formats
always hold the same facts in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """A risk level in a cell: always shown as its word (HTML and DOCX add a colour)."""

    word: str

    def __str__(self) -> str:
        return self.word


Cell = str | Level


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Fields:
    """Label: value lines, one fact a line."""

    rows: tuple[tuple[str, Cell], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    name: str = ""  # a slug naming the table (an HTML class), e.g. "measures"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Sub:
    """A subsection (a third-level heading) with its own blocks."""

    title: str
    blocks: tuple[Block, ...]


Block = Para | Fields | Table | Bullets | Sub


@dataclass(frozen=True)
class Section:
    key: str  # a stable slug, used as the HTML anchor
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    sections: tuple[Section, ...]
