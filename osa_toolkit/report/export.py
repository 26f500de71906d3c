"""Render a record in one format and write it to a file atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from osa_toolkit.core.errors import ReportError, invalid
from osa_toolkit.core.record import AssessmentRecord

FORMATS: tuple[str, ...] = ("md", "html", "json", "docx", "pdf")
"""The export formats, by their usual file suffix."""

History = Sequence[Mapping[str, Any]] | None


def _renderer(fmt: str) -> Callable[..., str | bytes]:
    if fmt == "md":
        from osa_toolkit.report.markdown import render_markdown as fn
    elif fmt == "html":
        from osa_toolkit.report.html import render_html as fn
    elif fmt == "json":
        from osa_toolkit.report.json_export import render_json as fn
    elif fmt == "docx":
        from osa_toolkit.report.docx_export import render_docx as fn
    elif fmt == "pdf":
        from osa_toolkit.report.pdf import render_pdf as fn
    else:
        raise invalid("fmt", "one of " + ", ".join(FORMATS), fmt)
    return fn


def render(record: AssessmentRecord, fmt: str, history: History = None) -> str | bytes:
    """The record in format ``fmt``: text for md, html and json; bytes for docx and pdf.

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
            f"The report path {str(path)!r} points outside the folder {str(base)!r}; choose a file "
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
    try:
        target = _target(path, base_dir)
        folder_exists, is_folder = target.parent.is_dir(), target.is_dir()
    except (OSError, ValueError) as err:  # a NUL byte, a name too long for the file system, ...
        reason = getattr(err, "strerror", None) or str(err)
        raise ReportError(f"The report path {str(path)!r} cannot be used ({reason}).") from None
    if not folder_exists:
        raise ReportError(
            f"The folder {str(target.parent)!r} for the report {target.name!r} does not exist; "
            "create it first or choose another path."
        )
    if is_folder:
        raise ReportError(f"The report path {str(target)!r} is a folder; give a file name.")
    content = fn(record, history=history)
    data = content.encode("utf-8") if isinstance(content, str) else content
    _write_atomically(target, data)
    return target


def _write_atomically(target: Path, data: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except (OSError, ValueError) as err:  # ValueError: a NUL byte in the path
        raise ReportError(f"The report {str(target)!r} could not be written ({err}).") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise ReportError(f"The report {str(target)!r} could not be written ({err}).") from None
        raise
