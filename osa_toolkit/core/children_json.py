"""The children's risk assessment and the age-assurance result as plain JSON-ready data.

These are the documents ``osa-toolkit children --json`` and ``osa-toolkit age-assurance --json`` print.
"""

from __future__ import annotations

from typing import Any

from osa_toolkit.core.method.measures import measure_to_dict
from osa_toolkit.core.method.subject import assessed_to_dict


def _measure(m) -> dict[str, Any]:
    return measure_to_dict(m)


def _group(g) -> dict[str, Any]:
    a = g.assessment
    return {
        "age_group": g.age_group,
        "label": g.label,
        "band_confidence": g.confidence,
        **assessed_to_dict(a),
    }


def childrens_risk_to_dict(a) -> dict[str, Any]:
    """A :class:`~osa_toolkit.core.assessments.childrens_risk.ChildrensRiskAssessment` as JSON-ready data."""
    return {
        "edition": a.edition,
        "service": a.service,
        "assessed_on": a.assessed_on.isoformat(),
        "method": a.method,
        "disclaimer": a.disclaimer,
        "required": a.required,
        "reasons": list(a.reasons),
        "regimes": list(a.regimes),
        "principal_purpose": a.principal_purpose,
        "age_groups": [
            {
                "id": g.id,
                "label": g.label,
                "min_age": g.min_age,
                "max_age": g.max_age,
                "confidence": g.confidence,
                "present": g.present,
                "impact_points": g.impact_points,
            }
            for g in a.age_groups
        ],
        "kinds": [
            {
                "id": k.id,
                "name": k.name,
                "category": k.category,
                "level": k.level,
                "indicative_level": k.indicative_level,
                "highest_in": list(k.highest_in),
                "factors": list(k.factors),
                "allowed": k.allowed,
                "named_by_provider": k.named_by_provider,
                "confidence": k.confidence,
                "age_groups": [_group(g) for g in k.groups],
            }
            for k in a.kinds
        ],
        "measures": [_measure(m) for m in a.measures],
        "coverage": [c.to_dict() for c in a.coverage],
        "edition_reason": a.edition_reason,
        "evidence_check": [
            {"kind": f.kind, "subject": f.subject, "message": f.message} for f in a.evidence_check
        ],
        "notes": list(a.notes),
        "unknowns": list(a.unknowns),
        "next_review": a.next_review.isoformat(),
        "childrens_access": a.childrens_access.to_dict(),
    }


def age_assurance_to_dict(r) -> dict[str, Any]:
    """An :class:`~osa_toolkit.core.assessments.age_assurance.AgeAssuranceResult` as JSON-ready data."""
    return {
        "edition": r.edition,
        "service": r.service,
        "assessed_on": r.assessed_on.isoformat(),
        "disclaimer": r.disclaimer,
        "methods": [
            {
                "id": m.id,
                "name": m.name,
                "status": m.status,
                "reason": m.reason,
                "confidence": m.confidence,
            }
            for m in r.methods
        ],
        "needs_heaa": r.needs_heaa,
        "needs_reasons": list(r.needs_reasons),
        "verdict": r.verdict,
        "verdict_sentence": r.verdict_sentence,
        "highly_effective": r.highly_effective,
        "criteria": [
            {"id": c.id, "label": c.label, "note": c.note, "status": c.status} for c in r.criteria
        ],
        "part5": r.part5,
        "part5_record": [
            {"id": i.id, "label": i.label, "value": i.value, "missing": i.missing}
            for i in r.part5_record
        ],
        "missing": list(r.missing),
        "reminders": list(r.reminders),
    }
