"""The browser security test runs with the browser tests' fixtures and rules (``tests/e2e``).

The fixtures are re-exported from ``tests/e2e/conftest.py``, and the same rules apply to every test
here: marked ``e2e``, skipped without Chromium, and failing (not skipped) without it when ``CI=true``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import (  # noqa: F401 - fixtures, used by name
    _chromium_required,
    _voila_kernels,
    browser_type_launch_args,
    context,
    mark_browser_tests,
    voila_server,
)

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_browser_tests(items, HERE)
