"""``evidence.sources``: reading and writing the imported moderation exports of a profile.

Private to :mod:`osa_toolkit.core.profile` (called from :mod:`osa_toolkit.core.profile.parse`).
Every entry is checked as strictly as the rest of the profile: unknown keys, wrong types and
negative counts are refused with one sentence naming the dotted key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from osa_toolkit.core.errors import ProfileError
from osa_toolkit.core.profile.fields import (
    MISSING,
    SLUG,
    SOURCE_FIGURE_KEYS,
    SOURCE_KEYS,
    SOURCE_MAPPING_KEYS,
    SOURCE_OUTCOMES,
    SOURCE_UNMAPPED_KEYS,
    Reader,
    check_keys,
    fail,
)

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _number(r: Reader, name: str) -> float | None:
    v = r.raw(name)
    if v is MISSING or v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float) or v < 0 or v != v:
        raise r.fail(name, "a number of 0 or more (or null)", v)
    return float(v)


def _list(r: Reader, name: str) -> list[Any]:
    v = r.raw(name)
    if v is MISSING or v is None:
        return []
    if not isinstance(v, list):
        raise r.fail(name, "a list", v)
    return v


def _figures(r: Reader, name: str, source: str, m: Any) -> tuple[Any, ...]:
    raw = r.raw(name)
    if raw in (MISSING, None):
        return ()
    if not isinstance(raw, Mapping):
        raise r.fail(name, "a section of ids, each with reports and confirmed", raw)
    section = Reader(raw, r.key(name), source)
    out = []
    for kind in raw:
        if not isinstance(kind, str) or not SLUG.match(kind):
            raise fail(source, r.key(name), "keyed by ids such as 'fraud'", kind)
        f = section.section(kind, SOURCE_FIGURE_KEYS)
        out.append(
            m.SourceFigures(
                kind=kind,
                reports=f.count("reports") or 0,
                confirmed=f.count("confirmed") or 0,
                dismissed=f.count("dismissed") or 0,
                open=f.count("open") or 0,
                per_10k_users_per_year=_number(f, "per_10k_users_per_year"),
                median_days_to_action=_number(f, "median_days_to_action"),
            )
        )
    return tuple(out)


def _entries(r: Reader, name: str, keys: tuple[str, ...], source: str) -> list[Reader]:
    out = []
    for i, item in enumerate(_list(r, name)):
        prefix = f"{r.key(name)}[{i + 1}]"
        if not isinstance(item, Mapping):
            raise fail(source, prefix, "a section of keys", item)
        check_keys(item, keys, prefix, source)
        out.append(Reader(item, prefix, source))
    return out


def _date(r: Reader, name: str) -> dt.date:
    value = r.date(name)
    if value is None:
        raise ProfileError(f"{r.source}: {r.key(name)!r} is required; expected a date.")
    return value


def parse_sources(ev: Reader, source: str, m: Any) -> tuple[Any, ...]:
    """``evidence.sources`` as a tuple of :class:`~osa_toolkit.core.profile.EvidenceSource`."""
    out = []
    for s in _entries(ev, "sources", SOURCE_KEYS, source):
        sha = s.text("sha256", required=True)
        if not SHA256.match(sha or ""):
            raise s.fail("sha256", "64 lower-case hexadecimal digits", sha)
        mapping = tuple(
            m.SourceMappingRow(
                category=row.text("category", required=True) or "",
                harm=row.text("harm") or "",
                child_kind=row.text("child_kind") or "",
            )
            for row in _entries(s, "mapping", SOURCE_MAPPING_KEYS, source)
        )
        outcomes_raw = s.raw("outcomes")
        outcomes: list[tuple[str, str]] = []
        if outcomes_raw not in (MISSING, None):
            if not isinstance(outcomes_raw, Mapping):
                raise s.fail("outcomes", "a section of outcome words", outcomes_raw)
            o = Reader(outcomes_raw, s.key("outcomes"), source)
            for word in outcomes_raw:
                outcomes.append((str(word), o.one_of(word, SOURCE_OUTCOMES, None) or "open"))
        unmapped = tuple(
            (u.text("category", required=True) or "", u.count("reports") or 0)
            for u in _entries(s, "unmapped", SOURCE_UNMAPPED_KEYS, source)
        )
        dropped = []
        for i, text in enumerate(_list(s, "dropped")):
            if not isinstance(text, str):
                raise fail(source, f"{s.key('dropped')}[{i + 1}]", "text", text)
            dropped.append(text)
        start, end = _date(s, "period_start"), _date(s, "period_end")
        if end < start:
            raise ProfileError(
                f"{source}: {s.key('period_end')!r} must not be before "
                f"{s.key('period_start')!r} ({start.isoformat()}); found {end.isoformat()}."
            )
        out.append(
            m.EvidenceSource(
                file=s.text("file", required=True) or "",
                sha256=sha,
                software=s.text("software", required=True) or "",
                period_start=start,
                period_end=end,
                records=s.count("records") or 0,
                reports_total=s.count("reports_total") or 0,
                users=s.count("users"),
                mapping=mapping,
                outcomes=tuple(outcomes),
                unmapped=unmapped,
                by_harm=_figures(s, "by_harm", source, m),
                children_by_kind=_figures(s, "children_by_kind", source, m),
                dropped=tuple(dropped),
                note=s.text("note") or "",
            )
        )
    return tuple(out)


def _figures_out(figures: Any) -> dict[str, Any]:
    out = {}
    for f in figures:
        row: dict[str, Any] = {
            "reports": f.reports,
            "confirmed": f.confirmed,
            "dismissed": f.dismissed,
            "open": f.open,
        }
        if f.per_10k_users_per_year is not None:
            row["per_10k_users_per_year"] = f.per_10k_users_per_year
        if f.median_days_to_action is not None:
            row["median_days_to_action"] = f.median_days_to_action
        out[f.kind] = row
    return out


def sources_to_list(sources: Any) -> list[dict[str, Any]]:
    """``evidence.sources`` as plain data, in file order (empty values left out)."""
    out = []
    for s in sources:
        entry: dict[str, Any] = {
            "file": s.file,
            "sha256": s.sha256,
            "software": s.software,
            "period_start": s.period_start,
            "period_end": s.period_end,
            "records": s.records,
            "reports_total": s.reports_total,
        }
        if s.users is not None:
            entry["users"] = s.users
        entry["mapping"] = [
            {
                k: v
                for k, v in (
                    ("category", r.category),
                    ("harm", r.harm),
                    ("child_kind", r.child_kind),
                )
                if v
            }
            for r in s.mapping
        ]
        if s.outcomes:
            entry["outcomes"] = dict(s.outcomes)
        if s.unmapped:
            entry["unmapped"] = [{"category": c, "reports": n} for c, n in s.unmapped]
        if s.by_harm:
            entry["by_harm"] = _figures_out(s.by_harm)
        if s.children_by_kind:
            entry["children_by_kind"] = _figures_out(s.children_by_kind)
        if s.dropped:
            entry["dropped"] = list(s.dropped)
        if s.note:
            entry["note"] = s.note
        out.append(entry)
    return out
