"""What changed between two children's risk records, or two age-assurance records.

Both give a :class:`osa_toolkit.core.diff.RecordDiff`, so :func:`~osa_toolkit.core.diff.diff_to_text`
and :func:`~osa_toolkit.core.diff.diff_to_dict` render them as they do the illegal content record.
In a children's diff, ``levels`` holds each kind's overall level (id ``pornography``) and each age
group's (id ``pornography/age_0_5``); ``harms_added`` / ``harms_removed`` hold kinds of content.
"""

from __future__ import annotations

from typing import Any

from osa_toolkit.core.children_records import (
    AgeAssuranceRecord,
    ChildrensRiskRecord,
    children_record_to_dict,
)
from osa_toolkit.core.diff import (
    FieldChange,
    HarmRef,
    LevelChange,
    MeasureRef,
    RecordDiff,
    _changes,
    _measure_updates,
    flatten,
)
from osa_toolkit.core.errors import invalid


def _check(old: Any, new: Any, cls: type) -> None:
    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, cls):
            raise invalid(name, f"a {cls.__name__}", type(value).__name__)


def _profile_and_governance(old_d: dict, new_d: dict) -> dict[str, Any]:
    old_p, new_p = flatten(old_d["profile"]), flatten(new_d["profile"])
    return {
        "profile_changed": tuple(
            FieldChange(k, old_p[k], new_p[k]) for k in old_p if k in new_p and old_p[k] != new_p[k]
        ),
        "profile_added": tuple(FieldChange(k, None, new_p[k]) for k in new_p if k not in old_p),
        "profile_removed": tuple(FieldChange(k, old_p[k], None) for k in old_p if k not in new_p),
        "governance": _changes(old_d.get("governance") or {}, new_d.get("governance") or {}),
    }


def _edition(old, new) -> FieldChange | None:
    return None if old.edition == new.edition else FieldChange("edition", old.edition, new.edition)


def _findings(old: tuple[str, ...], new: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {
        "findings_added": tuple(f for f in new if f not in set(old)),
        "findings_removed": tuple(f for f in old if f not in set(new)),
    }


def _levels(old: ChildrensRiskRecord, new: ChildrensRiskRecord) -> tuple[LevelChange, ...]:
    before = {k.id: k for k in old.kinds}
    out = []
    for k in new.kinds:
        o = before.get(k.id)
        if o is None:
            continue
        if (o.level, o.indicative_level) != (k.level, k.indicative_level):
            out.append(
                LevelChange(
                    k.id,
                    f"{k.name} (overall)",
                    o.level,
                    k.level,
                    o.indicative_level,
                    k.indicative_level,
                )  # fmt: skip
            )
        groups = {g.age_group: g for g in o.groups}
        for g in k.groups:
            og = groups.get(g.age_group)
            if og and (og.level, og.indicative_level) != (g.level, g.indicative_level):
                out.append(
                    LevelChange(
                        f"{k.id}/{g.age_group}",
                        f"{k.name} (ages {g.label})",
                        og.level,
                        g.level,
                        og.indicative_level,
                        g.indicative_level,
                    )
                )
    return tuple(out)


def diff_childrens_risk_records(old: ChildrensRiskRecord, new: ChildrensRiskRecord) -> RecordDiff:
    """Every difference a reader of the children's risk record would care about."""
    _check(old, new, ChildrensRiskRecord)
    old_d, new_d = children_record_to_dict(old), children_record_to_dict(new)

    def summary(r: ChildrensRiskRecord) -> dict[str, Any]:
        return {
            "service_name": r.service_name,
            "method": r.method,
            "assessed_on": r.assessed_on.isoformat(),
            "Children's risk assessment required": r.required,
            "likely_accessed_by_children": r.childrens_access.get("likely_accessed"),
            "Principal purpose": r.principal_purpose,
            "toolkit_version": r.toolkit_version,
        }

    old_ids, new_ids = {k.id for k in old.kinds}, {k.id for k in new.kinds}
    old_m, new_m = {m.id for m in old.measures}, {m.id for m in new.measures}
    return RecordDiff(
        edition=_edition(old, new),
        record=_changes(summary(old), summary(new)),
        levels=_levels(old, new),
        harms_added=tuple(HarmRef(k.id, k.name, k.level) for k in new.kinds if k.id not in old_ids),
        harms_removed=tuple(
            HarmRef(k.id, k.name, k.level) for k in old.kinds if k.id not in new_ids
        ),
        measures_added=tuple(
            MeasureRef(m.id, m.title, m.status) for m in new.measures if m.id not in old_m
        ),
        measures_removed=tuple(
            MeasureRef(m.id, m.title, m.status) for m in old.measures if m.id not in new_m
        ),
        measures_changed=_measure_updates(old_d["measures"], new_d["measures"]),
        **_profile_and_governance(old_d, new_d),
        **_findings(old.evidence_check, new.evidence_check),
    )


def diff_age_assurance_records(old: AgeAssuranceRecord, new: AgeAssuranceRecord) -> RecordDiff:
    """Every difference a reader of the age-assurance record would care about."""
    _check(old, new, AgeAssuranceRecord)
    old_d, new_d = children_record_to_dict(old), children_record_to_dict(new)

    def summary(r: AgeAssuranceRecord) -> dict[str, Any]:
        out = {
            "service_name": r.service_name,
            "assessed_on": r.assessed_on.isoformat(),
            "Methods": ", ".join(m.id for m in r.methods) or "(none)",
            "Highly effective age assurance needed": r.needs_heaa,
            "Verdict": r.verdict,
            "Highly effective": r.highly_effective,
            "Part 5 provider pornography": r.part5,
            "toolkit_version": r.toolkit_version,
        }
        out.update({f"Note on {k.replace('_', ' ')}": v for k, v in r.notes.items()})
        return out

    return RecordDiff(
        edition=_edition(old, new),
        record=_changes(summary(old), summary(new)),
        **_profile_and_governance(old_d, new_d),
        **_findings(
            tuple(f"Missing from the record: {m}" for m in old.missing),
            tuple(f"Missing from the record: {m}" for m in new.missing),
        ),
    )
