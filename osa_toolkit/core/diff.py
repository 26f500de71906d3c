"""What changed between two versions of an assessment record, in words a volunteer can read.

Pure: two :class:`~osa_toolkit.core.record.AssessmentRecord` in, one frozen :class:`RecordDiff` out.
Profiles are compared key by key after flattening them to dotted keys
(``functionalities.direct_messaging``); lists are compared whole.

>>> flatten({"a": {"b": True, "c": [1, 2]}, "d": {}})
{'a.b': True, 'a.c': [1, 2], 'd': {}}
>>> _show(True), _show(None), _show(["discussion_forum", "gaming"])
('true', 'unknown', 'discussion_forum, gaming')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from osa_toolkit.core.errors import invalid
from osa_toolkit.core.record import STATUS_WORDS, AssessmentRecord, record_to_dict

GOVERNANCE_LABELS = {
    "responsible_person": "Named person responsible",
    "completed_by": "Completed by",
    "approved_by": "Approved by",
    "completed_on": "Date completed",
    "reported_on": "Date reported through governance",
    "next_review": "Next review",
    "reason_for_review": "Reason for review",
    "status": "Status",
}
RECORD_LABELS = {
    "service_name": "Service name",
    "method": "Assessment method",
    "assessed_on": "Assessed on",
    "large_service": "Large service",
    "multi_risk": "Multi-risk",
    "facilitation_level": "Risk of use to commit or facilitate offences",
    "likely_accessed_by_children": "Likely to be accessed by children",
    "toolkit_version": "Toolkit version",
}
MEASURE_FIELDS = {
    "status": "status",
    "effective_on": "effective date",
    "alternative": "alternative",
    "alternative_reasoning": "reasoning for the alternative",
    "note": "note",
}


@dataclass(frozen=True)
class FieldChange:
    """One value that differs; ``old`` is None for an added key and ``new`` for a removed one."""

    key: str
    old: Any
    new: Any


@dataclass(frozen=True)
class LevelChange:
    harm_id: str
    name: str
    old_level: str
    new_level: str
    old_indicative: str
    new_indicative: str


@dataclass(frozen=True)
class HarmRef:
    harm_id: str
    name: str
    level: str


@dataclass(frozen=True)
class MeasureRef:
    measure_id: str
    title: str
    status: str


@dataclass(frozen=True)
class MeasureUpdate:
    """A measure in both records whose decision changed (status, effective date, alternative…)."""

    measure_id: str
    title: str
    changes: tuple[FieldChange, ...]

    @property
    def status_changed(self) -> bool:
        return any(c.key == "status" for c in self.changes)


@dataclass(frozen=True)
class RecordDiff:
    edition: FieldChange | None = None
    record: tuple[FieldChange, ...] = ()
    levels: tuple[LevelChange, ...] = ()
    harms_added: tuple[HarmRef, ...] = ()
    harms_removed: tuple[HarmRef, ...] = ()
    measures_added: tuple[MeasureRef, ...] = ()
    measures_removed: tuple[MeasureRef, ...] = ()
    measures_changed: tuple[MeasureUpdate, ...] = ()
    profile_changed: tuple[FieldChange, ...] = ()
    profile_added: tuple[FieldChange, ...] = ()
    profile_removed: tuple[FieldChange, ...] = ()
    governance: tuple[FieldChange, ...] = ()
    findings_added: tuple[str, ...] = ()
    findings_removed: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return all(not getattr(self, f.name) for f in fields(self))


def flatten(mapping: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested mapping as ``{dotted key: leaf value}``; lists and empty mappings are leaves."""
    out: dict[str, Any] = {}
    for key, value in mapping.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            out.update(flatten(value, dotted + "."))
        else:
            out[dotted] = value
    return out


def diff_records(old: AssessmentRecord, new: AssessmentRecord) -> RecordDiff:
    """Every difference between ``old`` and ``new`` that a reader of the record would care about.

    Identical records give an empty diff (``diff.is_empty``).
    """
    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, AssessmentRecord):
            raise invalid(name, "an AssessmentRecord", type(value).__name__)
    old_d, new_d = record_to_dict(old), record_to_dict(new)
    old_p, new_p = flatten(old_d["profile"]), flatten(new_d["profile"])
    old_findings, new_findings = set(old.evidence_check), set(new.evidence_check)
    return RecordDiff(
        edition=None
        if old.edition == new.edition
        else FieldChange("edition", old.edition, new.edition),
        record=_changes(_summary(old_d), _summary(new_d)),
        levels=_levels(old, new),
        harms_added=tuple(_harm_ref(h) for h in new.harms if h.id not in _ids(old.harms)),
        harms_removed=tuple(_harm_ref(h) for h in old.harms if h.id not in _ids(new.harms)),
        measures_added=tuple(
            _measure_ref(m) for m in new.measures if m.id not in _ids(old.measures)
        ),
        measures_removed=tuple(
            _measure_ref(m) for m in old.measures if m.id not in _ids(new.measures)
        ),
        measures_changed=_measure_updates(old_d["measures"], new_d["measures"]),
        profile_changed=tuple(
            FieldChange(k, old_p[k], new_p[k]) for k in old_p if k in new_p and old_p[k] != new_p[k]
        ),
        profile_added=tuple(FieldChange(k, None, new_p[k]) for k in new_p if k not in old_p),
        profile_removed=tuple(FieldChange(k, old_p[k], None) for k in old_p if k not in new_p),
        governance=_changes(old_d.get("governance") or {}, new_d.get("governance") or {}),
        findings_added=tuple(f for f in new.evidence_check if f not in old_findings),
        findings_removed=tuple(f for f in old.evidence_check if f not in new_findings),
    )


def _ids(items) -> set[str]:
    return {i.id for i in items}


def _harm_ref(h) -> HarmRef:
    return HarmRef(h.id, h.name, h.level)


def _measure_ref(m) -> MeasureRef:
    return MeasureRef(m.id, m.title, m.status)


def _summary(d: Mapping[str, Any]) -> dict[str, Any]:
    fac = d.get("facilitation") or {}
    return {
        "service_name": d["service_name"],
        "method": d["method"],
        "assessed_on": d["assessed_on"],
        "large_service": d["large_service"],
        "multi_risk": d["multi_risk"],
        "facilitation_level": fac.get("level"),
        "likely_accessed_by_children": d["childrens_access"].get("likely_accessed"),
        "toolkit_version": d["toolkit_version"],
    }


def _changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    keys = list(old) + [k for k in new if k not in old]
    return tuple(FieldChange(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def _levels(old: AssessmentRecord, new: AssessmentRecord) -> tuple[LevelChange, ...]:
    before = {h.id: h for h in old.harms}
    out = []
    for h in new.harms:
        o = before.get(h.id)
        if o and (o.level, o.indicative_level) != (h.level, h.indicative_level):
            out.append(
                LevelChange(h.id, h.name, o.level, h.level, o.indicative_level, h.indicative_level)
            )
    return tuple(out)


def _measure_updates(old: list[dict], new: list[dict]) -> tuple[MeasureUpdate, ...]:
    before = {m["id"]: m for m in old}
    out = []
    for m in new:
        o = before.get(m["id"])
        if o is None:
            continue
        changes = tuple(
            FieldChange(k, o.get(k), m.get(k)) for k in MEASURE_FIELDS if o.get(k) != m.get(k)
        )
        if changes:
            out.append(MeasureUpdate(m["id"], m["title"], changes))
    return tuple(out)


# ----------------------------------------------------------------------------- as text and data


def _show(value: Any, none: str = "unknown") -> str:
    if value is None:
        return none
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(_show(v) for v in value) if value else "(none)"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if value == "":
        return "(blank)"
    return str(value)


def _yes_no(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _show(value, "(none)")


def _measure_value(key: str, value: Any) -> str:
    if key == "status" and value in STATUS_WORDS:
        return STATUS_WORDS[value]
    return _show(value, "(none)")


def diff_to_text(diff: RecordDiff) -> str:
    """The diff as short plain-English lines, one change a line.

    >>> diff_to_text(RecordDiff(edition=FieldChange("edition", "2024-12", "2026-06")))
    'Edition: 2024-12 → 2026-06'
    >>> diff_to_text(RecordDiff())
    'No differences: the two records say the same.'
    """
    if diff.is_empty:
        return "No differences: the two records say the same."
    lines = []
    if diff.edition:
        lines.append(f"Edition: {diff.edition.old} → {diff.edition.new}")
    for c in diff.record:
        lines.append(f"{RECORD_LABELS.get(c.key, c.key)}: {_yes_no(c.old)} → {_yes_no(c.new)}")
    for lc in diff.levels:
        lines.append(_level_line(lc))
    lines += [f"Added kind of harm {h.name} ({h.level})" for h in diff.harms_added]
    lines += [f"Removed kind of harm {h.name} (was {h.level})" for h in diff.harms_removed]
    lines += [
        f"Added measure {m.measure_id} ({m.title}): {STATUS_WORDS.get(m.status, m.status)}"
        for m in diff.measures_added
    ]
    lines += [f"Removed measure {m.measure_id} ({m.title})" for m in diff.measures_removed]
    for mu in diff.measures_changed:
        parts = "; ".join(
            f"{MEASURE_FIELDS[c.key]} {_measure_value(c.key, c.old)} → {_measure_value(c.key, c.new)}"
            for c in mu.changes
        )
        lines.append(f"{mu.measure_id} ({mu.title}): {parts}")
    lines += [f"{c.key}: {_show(c.old)} → {_show(c.new)}" for c in diff.profile_changed]
    lines += [f"{c.key}: added ({_show(c.new)})" for c in diff.profile_added]
    lines += [f"{c.key}: removed (was {_show(c.old)})" for c in diff.profile_removed]
    for c in diff.governance:
        label = GOVERNANCE_LABELS.get(c.key, c.key)
        lines.append(f"{label}: {_show(c.old, '(none)')} → {_show(c.new, '(none)')}")
    lines += [f"New evidence-check finding: {f}" for f in diff.findings_added]
    lines += [f"Evidence-check finding resolved: {f}" for f in diff.findings_removed]
    return "\n".join(lines)


def _level_line(lc: LevelChange) -> str:
    name = lc.name.split(": ", 1)[-1][:1].upper() + lc.name.split(": ", 1)[-1][1:]
    if lc.old_level != lc.new_level:
        line = f"{name}: {lc.old_level} → {lc.new_level}"
        if lc.old_indicative != lc.new_indicative:
            line += f" (indicative {lc.old_indicative} → {lc.new_indicative})"
        return line
    return (
        f"{name}: indicative level {lc.old_indicative} → {lc.new_indicative} "
        f"(final level stays {lc.new_level})"
    )


def diff_to_dict(diff: RecordDiff) -> dict[str, Any]:
    """The diff as JSON-ready data (lists and mappings only), plus ``is_empty`` and ``text``."""
    data = _lists(asdict(diff))
    data["is_empty"] = diff.is_empty
    data["text"] = diff_to_text(diff).splitlines()
    return data


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value
