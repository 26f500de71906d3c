"""Render a record in one format and write it to a file atomically (or to standard output for ``-``)
through :mod:`osa_toolkit.files.output`: only over a regular file or at a new path, keeping the
file's mode, never through a symbolic link."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from osa_toolkit.core.errors import ReportError, invalid, shown
from osa_toolkit.core.record import AssessmentRecord
from osa_toolkit.files.output import STDOUT, check_target, write_atomically
from osa_toolkit.report.formats import FORMATS

History = Sequence[Mapping[str, Any]] | None


def _renderer(fmt: str) -> Callable[..., str | bytes]:
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise invalid("fmt", "one of " + ", ".join(FORMATS), fmt)
    return FORMATS[fmt].render_function()


def render(record: AssessmentRecord, fmt: str, history: History = None) -> str | bytes:
    """The record in format ``fmt`` (a key of :data:`~osa_toolkit.report.formats.FORMATS`): text for
    md, html and json; bytes for docx and pdf.

    ``history`` is a list of ``{"version", "date", "change", "completed_by", "approved_by"}``
    mappings, oldest first, shown as the document history (the JSON export leaves it out).
    """
    return _renderer(fmt)(record, history=history)


def _target(path: str | os.PathLike[str], base_dir: str | os.PathLike[str] | None) -> Path:
    path = Path(path)
    if base_dir is None:
        return path
    base = Path(base_dir).resolve()
    target = (base / path).resolve()  # an absolute ``path`` stays itself
    if not target.is_relative_to(base):
        raise ReportError(
            f"The report path {shown(str(path))} points outside the folder {shown(str(base))}; choose a file "
            "name inside that folder."
        )
    return target


def export_record(
    record: AssessmentRecord,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    history: History = None,
    base_dir: str | os.PathLike[str] | None = None,
) -> Path:
    """Write the record in format ``fmt`` to ``path`` and return the path written.

    The whole document is rendered first and then written to a temporary file in the same folder,
    which replaces ``path`` in one step: a failure leaves any earlier file at ``path`` as it was.
    With ``base_dir``, a relative ``path`` is taken inside it and a path that leads outside it
    (``../x.md``, an absolute path elsewhere, a symbolic link out) is refused.
    """
    fn = _renderer(fmt)
    if str(path) == STDOUT and base_dir is None:
        content = fn(record, history=history)
        data = content.encode("utf-8") if isinstance(content, str) else content
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return Path(STDOUT)
    try:
        target = _target(path, base_dir)
    except (OSError, ValueError) as err:  # a NUL byte, a name too long for the file system, ...
        reason = getattr(err, "strerror", None) or "the name holds a NUL character"
        raise ReportError(
            f"The report path {shown(str(path))} cannot be used ({reason})."
        ) from None
    check_target(target)  # before rendering: a device, pipe or link is refused at once

    def data() -> bytes:
        content = fn(record, history=history)
        return content.encode("utf-8") if isinstance(content, str) else content

    return write_atomically(target, data)
