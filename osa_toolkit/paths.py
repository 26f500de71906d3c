"""Where the toolkit finds its shipped data and keeps the user's records."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The shipped data folder: ``$OSA_TOOLKIT_DATA`` if set, else ``osa_toolkit/data`` inside the
    package (the registers, scoring weights, presets, examples and guides ship in the wheel)."""
    override = os.environ.get("OSA_TOOLKIT_DATA")
    return Path(override) if override else PACKAGE_DIR / "data"


def registers_dir() -> Path:
    return data_dir() / "registers"


def user_data_dir() -> Path:
    """Where the default local store lives: ``$OSA_TOOLKIT_HOME`` or the platform's user data dir."""
    override = os.environ.get("OSA_TOOLKIT_HOME")
    if override:
        return Path(override)
    # only when OSA_TOOLKIT_HOME is not set
    from platformdirs import user_data_path

    return user_data_path("osa-toolkit", appauthor=False)
