"""The file side of evidence import: read an export safely, import it, save the profile atomically.

The decisions are in :mod:`osa_toolkit.core.evidence_import`; this module only reads bytes (refusing
a file larger than :data:`~osa_toolkit.core.evidence_import.MAX_BYTES` by its size, before reading
it) and writes the profile with :func:`osa_toolkit.files.profiles.save_profile` (atomic).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from osa_toolkit.core.evidence_import import (
    MAX_BYTES,
    EvidenceImportError,
    ImportResult,
    MappingRow,
    import_export,
)
from osa_toolkit.core.profile import ServiceProfile


def read_export(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of an export file, refused (by its size, unread) when larger than ``limit``."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise EvidenceImportError(
            f"{path.name}: the export cannot be read ({err.strerror or err})."
        ) from None
    if path.is_dir():
        raise EvidenceImportError(f"{path.name} is a folder; expected an export file.")
    if size > limit:
        raise EvidenceImportError(
            f"{path.name} is {size / 1024 / 1024:.0f} MB; expected an export of at most "
            f"{limit // 1024 // 1024} MB (export a shorter period, e.g. the last 12 months)."
        )
    try:
        return path.read_bytes()
    except OSError as err:
        raise EvidenceImportError(
            f"{path.name}: the export cannot be read ({err.strerror or err})."
        ) from None


def registers_ids(edition: str | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The harm ids and children's content ids of an edition (the mapping's allowed targets)."""
    from osa_toolkit.core.registers import load_registers

    regs = load_registers(edition)
    harms = tuple(h.id for h in regs.harms)
    children = tuple(c.id for c in regs.children_content)
    return harms, children


def import_file(
    path: str | Path,
    software: str,
    profile: ServiceProfile,
    *,
    edition: str | None = None,
    edits: Iterable[MappingRow] = (),
    outcome_edits: Iterable[tuple[str, str]] = (),
    note: str = "",
) -> ImportResult:
    """Import one export file into ``profile`` (nothing is written; see ``save_profile``)."""
    data = read_export(path)
    harms, children = registers_ids(edition)
    return import_export(
        data,
        Path(path).name,
        software,
        profile,
        harm_ids=harms,
        child_ids=children,
        edits=edits,
        outcome_edits=outcome_edits,
        note=note,
    )
