"""The browser security test runs with the browser tests' fixtures and rules (``tests/e2e``).

The fixtures are re-exported from ``tests/e2e/conftest.py``, and the same rules apply to every test
here: marked ``e2e``, skipped without Chromium, and failing (not skipped) without it when ``CI=true``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import (  # noqa: F401 - fixtures, used by name
    _NO_CHROMIUM,
    CHROMIUM,
    _chromium_required,
    _in_ci,
    _voila_kernels,
    browser_type_launch_args,
    context,
    voila_server,
)

HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: browser test (Voilà + Playwright + Chromium)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = not CHROMIUM and not _in_ci()
    for item in items:
        if HERE not in item.path.parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if skip:
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {_NO_CHROMIUM}"))
