"""CSV that a spreadsheet opens as data, never as formulas, written atomically.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``), so a
service named that way would run when the CSV is opened. Such text cells get a leading apostrophe,
as OWASP's "CSV injection" advice and spreadsheet-safe exporters do: the spreadsheet shows the text
as typed (the apostrophe is hidden in Excel and LibreOffice). Numbers stay numbers. Lines end in
CRLF (RFC 4180), so a cell with a line break inside is always quoted.

>>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("My forum"), safe_cell(-3)
('\\'=HYPERLINK("http://x")', 'My forum', -3)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What makes a spreadsheet read a cell as a formula (with the full-width forms some accept)."""


def safe_cell(value: Any) -> Any:
    """``value`` with an apostrophe in front if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` with every text cell (and column name) made safe by :func:`safe_cell`."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) in ("str", "string"):
            out[column] = out[column].map(safe_cell)
    return out.rename(columns=safe_cell)


def to_safe_csv(table: pd.DataFrame) -> str:
    """The table as CSV text, spreadsheet-safe, without the index.

    Lines end in CRLF as RFC 4180 has it, so that a cell holding a carriage return is quoted (with
    ``\n`` line ends Python's writer leaves a lone ``\r`` bare, and a spreadsheet starts a new row,
    and possibly a formula, there)."""
    return spreadsheet_safe(table).to_csv(index=False, lineterminator="\r\n")
