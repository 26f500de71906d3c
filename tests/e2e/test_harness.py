"""The browser-test harness itself: wait_for_app() must notice a notebook cell that raised.

Voilà still answers 200 when a cell fails, so if this check ever stopped working every other e2e
test would pass on a broken page.
"""

from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import wait_for_app


def test_wait_for_app_fails_on_a_cell_error(page: Page, voila_server, tmp_path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# harness self-check"),
        nbformat.v4.new_code_cell("raise ValueError('boom from the harness self-check')"),
    ]
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)

    page.goto(voila_server(path))
    with pytest.raises(AssertionError, match="There was an error when executing cell"):
        wait_for_app(page)
