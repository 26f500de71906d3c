"""Evidence from a service's own moderation records (pure: bytes in, profile evidence out).

* :func:`parse_export` reads a Discourse, Mastodon, phpBB, Lemmy or generic export into events,
  refusing a wrong shape with one sentence naming the file, line and column (or JSON path);
* :func:`default_mapping` / :class:`EvidenceMapping` send each category to a kind of illegal
  content (and of content harmful to children); unmapped categories are listed, never dropped;
* :func:`summarise` makes the record of the import (sha256, period, mapping, figures, what was
  dropped) and :func:`apply_source` puts it in the profile's ``evidence`` section.

Account names and free text are never kept: events hold dates, categories and outcomes only.
File reading (size limit, sha256) is the shell's: :mod:`osa_toolkit.files.evidence`.
"""

from osa_toolkit.core.evidence_import.aggregate import (
    NOT_ILLEGAL,
    UNMAPPED,
    apply_source,
    evidence_from_sources,
    monthly_counts,
    period_months,
    remove_source,
    source_to_dict,
    summarise,
)
from osa_toolkit.core.evidence_import.events import (
    MAX_BYTES,
    Event,
    EvidenceImportError,
    ParsedExport,
    parse_when,
)
from osa_toolkit.core.evidence_import.importing import (
    ImportResult,
    import_export,
    mapping_for,
    rows_for_edit,
)
from osa_toolkit.core.evidence_import.mapping import (
    NONE,
    OUTCOME_TARGETS,
    EvidenceMapping,
    MappingRow,
    check_mapping,
    default_mapping,
    outcome_reasons,
)
from osa_toolkit.core.evidence_import.parsers import PARSERS, SOFTWARE_NAMES, parse_export

__all__ = [
    "MAX_BYTES",
    "NONE",
    "NOT_ILLEGAL",
    "OUTCOME_TARGETS",
    "PARSERS",
    "SOFTWARE_NAMES",
    "UNMAPPED",
    "Event",
    "ImportResult",
    "EvidenceImportError",
    "EvidenceMapping",
    "MappingRow",
    "ParsedExport",
    "apply_source",
    "check_mapping",
    "default_mapping",
    "evidence_from_sources",
    "import_export",
    "mapping_for",
    "monthly_counts",
    "outcome_reasons",
    "parse_export",
    "parse_when",
    "period_months",
    "remove_source",
    "rows_for_edit",
    "source_to_dict",
    "summarise",
]
