"""From events to evidence: figures per kind over the period, and the profile's ``evidence``.

:func:`summarise` turns one parsed export and its mapping into an
:class:`~osa_toolkit.core.profile.EvidenceSource` (the record of the import, with its figures);
:func:`apply_source` puts it into a profile, where ``evidence.by_harm``, ``children_by_kind``,
``reports_total`` and ``period_months`` become the sums over every imported source (the method
reads those, unchanged).
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable

from osa_toolkit.core.evidence_import.events import Event, EvidenceImportError, ParsedExport
from osa_toolkit.core.evidence_import.mapping import NONE, EvidenceMapping
from osa_toolkit.core.profile import (
    Evidence,
    EvidenceSource,
    HarmEvidence,
    ServiceProfile,
    SourceFigures,
    SourceMappingRow,
)
from osa_toolkit.core.profile.sources import sources_to_list

UNMAPPED = "unmapped"
NOT_ILLEGAL = "not illegal content"
"""The series names of the chart for reports with no kind (``""``) and for ``none``."""


def period_months(start, end) -> int:
    """Whole months the period covers, at least one.

    >>> import datetime as dt
    >>> period_months(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    6
    >>> period_months(dt.date(2026, 1, 1), dt.date(2026, 1, 1))
    1
    """
    days = (end - start).days + 1
    return max(1, math.ceil(round(days / 30.4375, 6)))


def _counted(parsed: ParsedExport, mapping: EvidenceMapping) -> list[tuple[Event, str]]:
    """The events that count, each with what its outcome counts as (``ignore`` left out)."""
    out = []
    for e in parsed.events:
        target = mapping.outcome(e.outcome)
        if target != "ignore":
            out.append((e, target))
    return out


def _figures(
    groups: dict[str, list[tuple[Event, str]]], months: int, users: int | None
) -> tuple[SourceFigures, ...]:
    out = []
    for kind in sorted(groups):
        items = groups[kind]
        outcome = Counter(t for _, t in items)
        days = [
            (e.actioned - e.when).total_seconds() / 86400
            for e, t in items
            if e.actioned is not None and e.actioned >= e.when and t != "open"
        ]
        rate = None
        if users:
            rate = round(len(items) * (12 / months) / users * 10_000, 2)
        out.append(
            SourceFigures(
                kind=kind,
                reports=len(items),
                confirmed=outcome["confirmed"],
                dismissed=outcome["dismissed"],
                open=outcome["open"],
                per_10k_users_per_year=rate,
                median_days_to_action=round(statistics.median(days), 2) if days else None,
            )
        )
    return tuple(out)


def summarise(
    parsed: ParsedExport,
    mapping: EvidenceMapping,
    file: str,
    sha256: str,
    users: int | None = None,
    note: str = "",
) -> EvidenceSource:
    """The record of one import: period, figures per kind, unmapped categories, what was dropped.

    ``users`` (monthly active UK users, where known) gives the reports per 10,000 users per year.
    Raises :class:`EvidenceImportError` when the export holds no reports to date a period by.
    """
    counted = _counted(parsed, mapping)
    if not parsed.events:
        raise EvidenceImportError(
            f"{file} has no reports in it, so the period it covers cannot be known; to record "
            "that nothing was reported, give the figures in the profile's evidence section."
        )
    dates = [e.when for e in parsed.events]
    start, end = min(dates).date(), max(dates).date()
    months = period_months(start, end)
    by_harm: dict[str, list[tuple[Event, str]]] = defaultdict(list)
    by_child: dict[str, list[tuple[Event, str]]] = defaultdict(list)
    unmapped: Counter[str] = Counter()
    for event, target in counted:
        row = mapping.row(event.category)
        if row.harm and row.harm != NONE:
            by_harm[row.harm].append((event, target))
        elif not row.harm:
            unmapped[event.category] += 1
        if row.child_kind:
            by_child[row.child_kind].append((event, target))
    dropped = list(parsed.dropped)
    ignored = len(parsed.events) - len(counted)
    if ignored:
        dropped.append(
            f"{ignored} {'entry' if ignored == 1 else 'entries'} whose outcome counts as "
            "'ignore' (such as an undone removal) were not counted."
        )
    if parsed.counts_actions:
        dropped.append(
            "This export is a log of moderation actions, not of reports: each action counts as "
            "one confirmed report."
        )
    seen = {e.category for e in parsed.events}
    return EvidenceSource(
        file=file,
        sha256=sha256,
        software=parsed.software,
        period_start=start,
        period_end=end,
        records=len(parsed.events),
        reports_total=len(counted),
        users=users,
        mapping=tuple(
            SourceMappingRow(r.category, r.harm, r.child_kind)
            for r in mapping.rows
            if r.category in seen
        ),
        outcomes=tuple(mapping.outcomes),
        unmapped=tuple(sorted(unmapped.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_harm=_figures(by_harm, months, users),
        children_by_kind=_figures(by_child, months, users),
        dropped=tuple(dropped),
        note=note,
    )


def monthly_counts(parsed: ParsedExport, mapping: EvidenceMapping) -> dict[str, dict[str, int]]:
    """Reports per month (``YYYY-MM``) per kind (harm id, ``unmapped`` or ``not illegal content``),
    for the chart of reports over time."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for event, _ in _counted(parsed, mapping):
        harm = mapping.row(event.category).harm
        kind = harm if harm and harm != NONE else (NOT_ILLEGAL if harm == NONE else UNMAPPED)
        out[kind][event.when.strftime("%Y-%m")] += 1
    return {k: dict(v) for k, v in out.items()}


def _sum(figures: Iterable[SourceFigures]) -> tuple[HarmEvidence, ...]:
    reports: Counter[str] = Counter()
    confirmed: Counter[str] = Counter()
    for f in figures:
        reports[f.kind] += f.reports
        confirmed[f.kind] += f.confirmed
    return tuple(HarmEvidence(k, reports[k], confirmed[k]) for k in sorted(reports))


def evidence_from_sources(sources: tuple[EvidenceSource, ...], moderation: str | None) -> Evidence:
    """The profile's ``evidence`` as the sums over ``sources`` (``moderation`` kept as given)."""
    if not sources:
        return Evidence(moderation=moderation)
    start = min(s.period_start for s in sources)
    end = max(s.period_end for s in sources)
    return Evidence(
        period_months=period_months(start, end),
        reports_total=sum(s.reports_total for s in sources),
        moderation=moderation,
        by_harm=_sum(f for s in sources for f in s.by_harm),
        children_by_kind=_sum(f for s in sources for f in s.children_by_kind),
        sources=sources,
    )


def apply_source(
    profile: ServiceProfile, source: EvidenceSource
) -> tuple[ServiceProfile, tuple[str, ...]]:
    """The profile with ``source`` added (replacing an earlier import of the same file, by its
    sha256), its evidence recomputed from every source; and sentences saying what changed."""
    old = profile.evidence or Evidence()
    notes = []
    kept = tuple(s for s in old.sources if s.sha256 != source.sha256)
    if len(kept) < len(old.sources):
        notes.append(f"An earlier import of the same file ({source.file}) was replaced.")
    if not old.sources and (old.by_harm or old.children_by_kind or old.reports_total):
        notes.append(
            "The figures typed into the profile's evidence section were replaced by the "
            "imported ones."
        )
    evidence = evidence_from_sources((*kept, source), old.moderation)
    return dataclasses.replace(profile, evidence=evidence), tuple(notes)


def remove_source(profile: ServiceProfile, sha256: str) -> ServiceProfile:
    """The profile without the import whose file had ``sha256`` (figures recomputed)."""
    old = profile.evidence or Evidence()
    kept = tuple(s for s in old.sources if s.sha256 != sha256)
    evidence = evidence_from_sources(kept, old.moderation)
    return dataclasses.replace(profile, evidence=evidence if kept or old.moderation else None)


def source_to_dict(source: EvidenceSource) -> dict:
    """One imported source as plain data (the shape of ``evidence.sources[]``, dates as text)."""

    entry = sources_to_list((source,))[0]
    entry["period_start"] = source.period_start.isoformat()
    entry["period_end"] = source.period_end.isoformat()
    return entry
