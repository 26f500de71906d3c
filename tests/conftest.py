"""Shared fixtures: the fixture registers and a copy of them that a test may break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from osa_toolkit.core.registers import list_editions

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_REGISTERS = FIXTURES / "registers"
FIXTURE_EDITION = "2000-01"

EDITIONS: tuple[str, ...] = tuple(list_editions())
"""Every shipped register edition, oldest first: parametrize over it (``@pytest.mark.parametrize(
"edition", EDITIONS)``) so a new edition is exercised without editing the tests."""

EDITION_EXPECTATIONS: dict[str, dict[str, object]] = {
    "2024-12": {"priority_kinds": 17},
    "2026-06": {"priority_kinds": 18},
}
"""What the tests expect of each shipped edition; a new edition needs its row here
(``test_every_shipped_edition_has_its_expectations`` says so)."""


@pytest.fixture
def broken_registers(tmp_path: Path):
    """A writable copy of the fixture registers; yields (root, edition folder)."""
    root = tmp_path / "registers"
    shutil.copytree(FIXTURE_REGISTERS, root)
    return root, root / FIXTURE_EDITION


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Each test gets its own data folder (the root conftest already keeps the real one untouched)."""
    monkeypatch.setenv("OSA_TOOLKIT_HOME", str(tmp_path_factory.mktemp("home")))
