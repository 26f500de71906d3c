"""A folder of service profiles, read for batch use (the CLI's ``assess-all``, the portfolio view and
the weightings lab): every ``.yaml`` / ``.yml`` / ``.json`` file directly inside it, in name order.

>>> from osa_toolkit.files.profiles import examples_dir
>>> profiles, problems = load_profile_folder(examples_dir())
>>> "kingsbury_cycling_forum" in profiles, problems
(True, [])
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from osa_toolkit.core.errors import OsaToolkitError, ProfileError
from osa_toolkit.core.profile import ServiceProfile
from osa_toolkit.files.profiles import SUFFIXES, load_presets, load_profile


def profile_files_in(folder: str | Path) -> list[Path]:
    """The profile files directly inside ``folder``; a missing folder or one with none is refused."""
    path = Path(folder)
    if not path.is_dir():
        raise ProfileError(f"The folder {str(path)!r} does not exist (or is not a folder).")
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise ProfileError(
            f"The folder {str(path)!r} has no profile files (.yaml, .yml or .json) in it."
        )
    return files


def load_profile_folder(
    folder: str | Path,
    strict: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, ServiceProfile], list[str]]:
    """``({file stem: profile}, [problem sentences])``.

    A file that cannot be read is skipped and its :class:`ProfileError` sentence (which names the
    file) is listed, unless ``strict``, when the first one is raised. ``progress(done, total)`` is
    called after each file.
    """
    files = profile_files_in(folder)
    profiles: dict[str, ServiceProfile] = {}
    problems: list[str] = []
    presets = None  # read once, when the first profile names its software
    for i, path in enumerate(files, start=1):
        try:
            if presets is None:
                presets = load_presets()
            profile = load_profile(path, presets=presets)
        except OsaToolkitError as err:
            if strict:
                raise
            problems.append(str(err))
        else:
            key, n = path.stem, 1
            while key in profiles:
                n += 1
                key = f"{path.stem}-{n}"
            profiles[key] = profile
        if progress is not None:
            progress(i, len(files))
    return profiles, problems
