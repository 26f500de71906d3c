"""Reading a folder of calibration cases (``profiles/<slug>.yaml`` + ``expected/<slug>.json``).

The comparison itself is pure and lives in :mod:`osa_toolkit.core.analysis.calibration`.
"""

from __future__ import annotations

import json
from pathlib import Path

from osa_toolkit.core.analysis.calibration import Case, case_from_documents
from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.registers import list_editions
from osa_toolkit.files.profiles import load_profile
from osa_toolkit.paths import data_dir

MAX_EXPECTED_BYTES = 1_000_000  # an expected file is a few kilobytes


def default_cases_dir() -> Path:
    """The published assessments shipped with the toolkit (``osa_toolkit/data/calibration``)."""
    return data_dir() / "calibration"


def load_cases(folder: str | Path | None = None) -> list[Case]:
    """Every case of ``folder`` (default: the shipped set), in slug order."""
    root = Path(folder) if folder is not None else default_cases_dir()
    expected_dir = root / "expected"
    if not expected_dir.is_dir():
        raise InvalidInputError(
            f"{_short(root)} is not a folder of calibration cases: it needs an expected/ folder of "
            "<slug>.json files beside profiles/<slug>.yaml."
        )
    files = sorted(expected_dir.glob("*.json"))
    if not files:
        raise InvalidInputError(f"{_short(expected_dir)} holds no <slug>.json case.")
    editions = list_editions()
    cases = []
    for path in files:
        doc = _read_json(path)
        profile_path = root / "profiles" / f"{path.stem}.yaml"
        if not profile_path.is_file():
            raise InvalidInputError(
                f"{_short(path)}: the case has no profile; expected {_short(profile_path)}."
            )
        try:
            cases.append(case_from_documents(doc, load_profile(profile_path), editions))
        except InvalidInputError as err:
            raise InvalidInputError(f"{_short(path)}: {err}") from None
    return cases


def _read_json(path: Path):
    if not path.is_file() or path.stat().st_size > MAX_EXPECTED_BYTES:
        raise InvalidInputError(
            f"{_short(path)} must be a regular file of at most {MAX_EXPECTED_BYTES:,} bytes."
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise InvalidInputError(f"{_short(path)} is not valid JSON ({str(err)[:80]}).") from None


def _short(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 80 else "…" + text[-79:]
