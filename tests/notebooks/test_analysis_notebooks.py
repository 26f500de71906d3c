"""The analysis notebooks run headless with papermill, take their parameters, and show their working:
every figure cell has a PNG, every table cell a table. (nbval, run on ``notebooks/`` by ``make test``,
compares their stored tables; this runs them again with other parameters, as an analyst would.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

papermill = pytest.importorskip("papermill")

FOLDER = Path(__file__).resolve().parents[2] / "notebooks" / "analysis"
NOTEBOOKS = ("portfolio_analysis", "weightings_study", "edition_comparison")
SMALL = {"n_synthetic": 4, "seed": 21}
OTHER = {  # and the weightings study on another weight than its default one
    "weightings_study": {"key": "impact.children_points", "multipliers": [0.5, 1.0, 2.0]},
}
FIGURE_CELL = re.compile(r"(^|\n)(ax\.figure|fig)\s*$")


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _run(name: str, tmp_path: Path, **parameters):
    out = tmp_path / f"{name}.out.ipynb"
    return papermill.execute_notebook(
        str(FOLDER / f"{name}.ipynb"),
        str(out),
        parameters=parameters,
        cwd=str(FOLDER),
        kernel_name="python3",
        progress_bar=False,
        execution_timeout=300,
    )


def test_the_three_notebooks_are_there_with_a_parameters_cell():
    import nbformat

    for name in NOTEBOOKS:
        nb = nbformat.read(FOLDER / f"{name}.ipynb", as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, name
        checked = [c for c in nb.cells if _source(c).startswith("# NBVAL_CHECK_OUTPUT")]
        assert len(checked) >= 3, f"{name}: its tables should be compared by nbval"
        assert all(c.get("outputs") for c in checked), f"{name}: stored outputs missing"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_with_other_parameters_and_shows_tables_and_figures(name, tmp_path):
    nb = _run(name, tmp_path, **SMALL, **OTHER.get(name, {}))
    code = [c for c in nb.cells if c.cell_type == "code"]
    injected = [c for c in code if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "n_synthetic = 4" in _source(injected[0])
    printed = "".join(
        o.get("text", "") for c in code for o in c.outputs if o.output_type == "stream"
    )
    assert f"services: 5 from profile files, {SMALL['n_synthetic']} made up." in printed
    if name == "weightings_study":  # whole numbers stay whole only for whole-number keys
        assert (
            "impact.children_points is 1 in the default weights; studied at 0.5, 1, 2." in printed
        )
    figures = [c for c in code if FIGURE_CELL.search(_source(c).strip())]
    assert len(figures) >= 2, name
    for cell in figures:
        pngs = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(pngs) == 1, f"{name}: a figure cell should show one PNG:\n{_source(cell)}"
        assert pngs[0]["data"]["image/png"].startswith("iVBORw0KGgo")  # base64 of the PNG header
    checked = [c for c in code if _source(c).startswith("# NBVAL_CHECK_OUTPUT")]
    tables = 0
    for cell in checked:  # a table, or (for reasons) printed text
        html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert "<table" in html or text.strip(), f"{name}: nothing shown by\n{_source(cell)}"
        tables += "<table" in html
    assert tables >= 3, name
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
