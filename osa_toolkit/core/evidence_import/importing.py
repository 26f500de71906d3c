"""One import, start to end, still pure: the file's bytes and a profile in, the new profile out."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from osa_toolkit.core.evidence_import.aggregate import apply_source, summarise
from osa_toolkit.core.evidence_import.events import ParsedExport
from osa_toolkit.core.evidence_import.mapping import (
    EvidenceMapping,
    MappingRow,
    check_mapping,
    default_mapping,
)
from osa_toolkit.core.evidence_import.parsers import parse_export
from osa_toolkit.core.profile import EvidenceSource, ServiceProfile


@dataclass(frozen=True)
class ImportResult:
    parsed: ParsedExport
    mapping: EvidenceMapping
    source: EvidenceSource
    profile: ServiceProfile  # the profile with the evidence in it
    notes: tuple[str, ...]  # what changed in the profile besides the new figures


def mapping_for(
    profile: ServiceProfile | None, software: str, categories: Iterable[str]
) -> EvidenceMapping:
    """The default mapping of ``software``, with the rows and outcomes the assessor chose for an
    earlier import of the same software (saved in the profile) taking precedence."""
    mapping = default_mapping(software, categories)
    sources = profile.evidence.sources if profile and profile.evidence else ()
    for source in sources:
        if source.software != software:
            continue
        for row in source.mapping:
            current = mapping.row(row.category)
            if (current.harm, current.child_kind) != (row.harm, row.child_kind):
                mapping = mapping.with_row(row.category, row.harm, row.child_kind)
        for word, target in source.outcomes:
            if mapping.outcome(word) != target:
                mapping = mapping.with_outcome(word, target)
    return mapping


def import_export(
    data: bytes,
    file_name: str,
    software: str,
    profile: ServiceProfile,
    *,
    harm_ids: Iterable[str],
    child_ids: Iterable[str],
    mapping: EvidenceMapping | None = None,
    edits: Iterable[MappingRow] = (),
    outcome_edits: Iterable[tuple[str, str]] = (),
    note: str = "",
) -> ImportResult:
    """Read ``data`` (the export's bytes), map it, and put its evidence into ``profile``.

    ``mapping`` defaults to :func:`mapping_for`; ``edits`` and ``outcome_edits`` change rows of it.
    The mapping is checked against ``harm_ids`` and ``child_ids`` (the edition's). Raises
    :class:`~osa_toolkit.core.evidence_import.EvidenceImportError` with one sentence.
    """
    parsed = parse_export(data, software, file_name)
    categories = {e.category for e in parsed.events}
    mapping = mapping or mapping_for(profile, software, categories)
    for row in edits:
        mapping = mapping.with_row(row.category, row.harm, row.child_kind)
    for word, target in outcome_edits:
        mapping = mapping.with_outcome(word, target)
    check_mapping(mapping, harm_ids, child_ids)
    users = profile.users.uk_monthly_active_users
    source = summarise(
        parsed, mapping, file_name, hashlib.sha256(data).hexdigest(), users=users, note=note
    )
    new_profile, notes = apply_source(profile, source)
    return ImportResult(parsed, mapping, source, new_profile, notes)


def rows_for_edit(mapping: EvidenceMapping, categories: Iterable[str]) -> tuple[MappingRow, ...]:
    """The mapping rows for the categories seen in an export (for a preview table), in order."""
    seen = set(categories)
    rows = [r for r in mapping.rows if r.category in seen]
    return tuple(rows) + tuple(
        dataclasses.replace(MappingRow(c)) for c in sorted(seen - {r.category for r in rows})
    )
