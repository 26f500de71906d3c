"""Weighting sets on disk: save a named set (atomically), load it back, list them, and keep an
append-only JSON-lines audit log of every save (the I/O shell around
:mod:`osa_toolkit.core.analysis.weight_sets`).

Sets live in ``<user data>/weights/<name>.toml`` (``$OSA_TOOLKIT_HOME/weights`` when set) and the log
in ``<user data>/weights/audit.jsonl``, one JSON object a line.

>>> import tempfile, pathlib
>>> from osa_toolkit.core.method.weights import load_weights
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = save_weight_set("demo", load_weights(), "A. Analyst", "a first try", folder)
>>> load_weight_set("demo", folder).who, [e["action"] for e in read_audit_log(folder)]
('A. Analyst', ['save'])
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from osa_toolkit.core.analysis.weight_sets import (
    WeightSet,
    audit_entry,
    check_name,
    make_weight_set,
    weight_set_from_toml,
    weight_set_to_toml,
)
from osa_toolkit.core.errors import WeightsError, shown
from osa_toolkit.core.input_files import path_exists, read_input_text
from osa_toolkit.core.method.weights import Weights
from osa_toolkit.files.output import write_atomically
from osa_toolkit.paths import user_data_dir

AUDIT_LOG = "audit.jsonl"


def weights_dir() -> Path:
    """The folder of saved weighting sets (not created until something is saved)."""
    return user_data_dir() / "weights"


def _folder(folder: str | Path | None) -> Path:
    return Path(folder) if folder is not None else weights_dir()


def save_weight_set(
    name: str,
    weights: Weights,
    who: str,
    why: str,
    folder: str | Path | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Validate and write ``<folder>/<name>.toml`` atomically, then append a line to the audit
    log; return the file's path. Saving an existing name replaces the file (logged as ``replace``)."""
    ws = make_weight_set(name, weights, who, why, now)
    base = _folder(folder)
    path = base / f"{ws.name}.toml"
    text = weight_set_to_toml(ws)
    action = "replace" if path.exists() else "save"
    try:
        base.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, text)
    except OSError as err:
        raise WeightsError(
            f"The weightings set {name!r} could not be saved in {base} ({err})."
        ) from None
    append_jsonl(base / AUDIT_LOG, audit_entry(ws, action, path.name, text))
    return path


def _write_atomically(path: Path, text: str) -> None:
    """Atomically, over a regular file or at a new path only, keeping an existing file's mode."""

    write_atomically(path, text.encode("utf-8"), "The weightings set", WeightsError)


def append_jsonl(path: Path, entry: dict[str, Any]) -> None:
    """Append one JSON line in a single ``write`` on an ``O_APPEND`` descriptor, under an exclusive
    lock where the platform has one: concurrent savers never interleave or lose a line."""
    line = (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    except OSError as err:
        raise WeightsError(f"The audit log {path} could not be opened ({err}).") from None
    try:
        _lock(fd)
        written = 0
        while written < len(line):
            written += os.write(fd, line[written:])
        os.fsync(fd)
    except OSError as err:
        raise WeightsError(f"The audit log {path} could not be written ({err}).") from None
    finally:
        os.close(fd)  # closing releases the lock


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: O_APPEND alone
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


def find_weight_set(name_or_path: str | Path, folder: str | Path | None = None) -> Path:
    """The file of a saved set: a path to a ``.toml`` file, or a set name in ``folder``."""
    path = Path(name_or_path)
    if path.suffix == ".toml":
        return path
    return _folder(folder) / f"{check_name(str(name_or_path))}.toml"


def load_weight_set(name_or_path: str | Path, folder: str | Path | None = None) -> WeightSet:
    """Read a saved set (or any weightings TOML file) back, validated."""
    path = find_weight_set(name_or_path, folder)
    if not path_exists(path) and not path.is_symlink():
        raise WeightsError(
            f"There is no saved weightings set {shown(path.stem)} (looked for {shown(str(path))})."
        )
    text = read_input_text(path, WeightsError, what="weightings set")  # regular, at most 1 MiB
    return weight_set_from_toml(text, path.name)


def list_weight_sets(folder: str | Path | None = None) -> list[str]:
    """The names of the saved sets, sorted."""
    base = _folder(folder)
    return sorted(p.stem for p in base.glob("*.toml")) if base.is_dir() else []


def read_audit_log(folder: str | Path | None = None) -> list[dict[str, Any]]:
    """Every audit entry, oldest first; a damaged line is named by its number."""
    path = _folder(folder) / AUDIT_LOG
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as err:
            raise WeightsError(
                f"{path.name} line {number} is not valid JSON ({err.msg})."
            ) from None
        if not isinstance(entry, dict):
            raise WeightsError(f"{path.name} line {number} is not an audit entry (a JSON object).")
        entries.append(entry)
    return entries
