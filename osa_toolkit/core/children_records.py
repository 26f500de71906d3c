"""The written records of a children's risk assessment (kind ``childrens_risk``) and of an
age-assurance evaluation (kind ``age_assurance``): what is saved, diffed and exported.

They mirror :mod:`osa_toolkit.core.record`: frozen dataclasses holding the result plus the assessor's
decisions (level overrides with reasons, measure decisions, criteria notes, governance), the edition,
the method and the toolkit version; ``*_to_dict`` gives JSON-ready data and ``*_from_dict`` rebuilds a
record or refuses with one :class:`~osa_toolkit.core.errors.RecordError` sentence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from osa_toolkit import __version__
from osa_toolkit.core.assessments.age_assurance_parts import (
    CriterionCheck,
    MethodVerdict,
    RecordItem,
)
from osa_toolkit.core.errors import RecordError
from osa_toolkit.core.record import Governance, MeasureDecision, _date, _plain, service_id_for
from osa_toolkit.core.record_types import check_types


@dataclass(frozen=True)
class ChildLevelRecord:
    """One kind of content for one age group."""

    age_group: str
    label: str
    band_confidence: str
    indicative_level: str
    level: str
    trace: tuple[str, ...]
    factors: tuple[str, ...] = ()
    likelihood: int | None = None
    impact: int | None = None
    evidence_status: str = "missing"
    override_reason: str = ""
    override_evidence: str = ""


@dataclass(frozen=True)
class ChildKindRecord:
    id: str
    name: str
    category: str
    level: str
    indicative_level: str
    groups: tuple[ChildLevelRecord, ...]
    allowed: bool | None = None
    named_by_provider: bool = False
    confidence: str = "secondary"

    def group(self, age_group: str) -> ChildLevelRecord:
        return next(g for g in self.groups if g.age_group == age_group)


@dataclass(frozen=True)
class ChildrensRiskRecord:
    service_id: str
    service_name: str
    edition: str
    method: str
    assessed_on: dt.date
    profile: Mapping[str, Any]
    required: bool
    reasons: tuple[str, ...]
    childrens_access: Mapping[str, Any]
    age_groups: tuple[Mapping[str, Any], ...]
    kinds: tuple[ChildKindRecord, ...]
    measures: tuple[MeasureDecision, ...]
    principal_purpose: str = "none"
    evidence_check: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    governance: Governance = field(default_factory=Governance)
    toolkit_version: str = __version__
    kind: str = "childrens_risk"
    record_format: int = 1

    def kind_record(self, kind_id: str) -> ChildKindRecord:
        return next(k for k in self.kinds if k.id == kind_id)


@dataclass(frozen=True)
class AgeAssuranceRecord:
    service_id: str
    service_name: str
    edition: str
    assessed_on: dt.date
    profile: Mapping[str, Any]
    methods: tuple[MethodVerdict, ...]
    needs_heaa: bool | None
    needs_reasons: tuple[str, ...]
    verdict: str
    verdict_sentence: str
    highly_effective: bool | None
    criteria: tuple[CriterionCheck, ...]
    part5: bool
    part5_record: tuple[RecordItem, ...]
    reminders: tuple[str, ...] = ()
    notes: Mapping[str, str] = field(default_factory=dict)
    governance: Governance = field(default_factory=Governance)
    toolkit_version: str = __version__
    kind: str = "age_assurance"
    record_format: int = 1

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(i.label for i in self.part5_record if i.missing)


# ----------------------------------------------------------------------------- building


def _with_review(gov: Governance | None, next_review: dt.date) -> Governance:
    gov = gov or Governance()
    return gov if gov.next_review else dataclasses.replace(gov, next_review=next_review)


def _level_record(g) -> ChildLevelRecord:
    a = g.assessment
    return ChildLevelRecord(
        age_group=g.age_group,
        label=g.label,
        band_confidence=g.confidence,
        indicative_level=a.indicative_level,
        level=a.level,
        trace=a.trace,
        factors=a.factors,
        likelihood=a.likelihood,
        impact=a.impact,
        evidence_status=a.evidence.status,
        override_reason=a.override.reason if a.override else "",
        override_evidence=a.override.evidence if a.override else "",
    )


def childrens_risk_record(
    assessment,
    profile,
    governance: Governance | None = None,
    decisions: Mapping[str, MeasureDecision] | None = None,
    service_id: str | None = None,
) -> ChildrensRiskRecord:
    """Build the record of a :class:`~osa_toolkit.core.assessments.childrens_risk.ChildrensRiskAssessment`."""
    from osa_toolkit.core.profile import profile_to_dict

    decisions = dict(decisions or {})
    measures = []
    for m in assessment.measures:
        d = decisions.get(m.id)
        measures.append(
            MeasureDecision(
                id=m.id,
                title=m.title,
                code=m.code,
                area=m.area,
                why=m.why,
                status=d.status if d else ("in_place" if m.status == "in_place" else "recommended"),
                effective_on=d.effective_on if d else m.in_place_since,
                note=d.note if d else "",
                alternative=d.alternative if d else "",
                alternative_reasoning=d.alternative_reasoning if d else "",
                optional=m.optional,
                confidence=m.confidence,
            )
        )
    kinds = tuple(
        ChildKindRecord(
            id=k.id,
            name=k.name,
            category=k.category,
            level=k.level,
            indicative_level=k.indicative_level,
            groups=tuple(_level_record(g) for g in k.groups),
            allowed=k.allowed,
            named_by_provider=k.named_by_provider,
            confidence=k.confidence,
        )
        for k in assessment.kinds
    )
    return ChildrensRiskRecord(
        service_id=service_id or service_id_for(assessment.service),
        service_name=assessment.service,
        edition=assessment.edition,
        method=assessment.method,
        assessed_on=assessment.assessed_on,
        profile=_plain(profile_to_dict(profile)),
        required=assessment.required,
        reasons=assessment.reasons,
        childrens_access=assessment.childrens_access.to_dict(),
        age_groups=tuple(_plain(g) for g in assessment.age_groups),
        kinds=kinds,
        measures=tuple(measures),
        principal_purpose=assessment.principal_purpose,
        evidence_check=tuple(f.message for f in assessment.evidence_check),
        notes=(*assessment.notes, *_coverage_notes(assessment)),
        governance=_with_review(governance, assessment.next_review),
    )


def age_assurance_record(
    result, profile, governance: Governance | None = None, service_id: str | None = None
) -> AgeAssuranceRecord:
    """Build the record of an :class:`~osa_toolkit.core.assessments.age_assurance.AgeAssuranceResult`."""
    from osa_toolkit.core.dates import add_months
    from osa_toolkit.core.profile import profile_to_dict

    return AgeAssuranceRecord(
        service_id=service_id or service_id_for(result.service),
        service_name=result.service,
        edition=result.edition,
        assessed_on=result.assessed_on,
        profile=_plain(profile_to_dict(profile)),
        methods=result.methods,
        needs_heaa=result.needs_heaa,
        needs_reasons=result.needs_reasons,
        verdict=result.verdict,
        verdict_sentence=result.verdict_sentence,
        highly_effective=result.highly_effective,
        criteria=result.criteria,
        part5=result.part5,
        part5_record=result.part5_record,
        reminders=result.reminders,
        notes=dict(result.notes),
        governance=_with_review(governance, add_months(result.assessed_on, 12)),
    )


def overrides_from_childrens_record(record: ChildrensRiskRecord) -> dict:
    """The assessor's level changes kept in a record, keyed (kind id, age-group id)."""
    from osa_toolkit.core.method.subject import Override

    return {
        (k.id, g.age_group): Override(k.id, g.level, g.override_reason, g.override_evidence)
        for k in record.kinds
        for g in k.groups
        if g.level != g.indicative_level or g.override_reason
    }


def decisions_from_childrens_record(record: ChildrensRiskRecord) -> dict[str, MeasureDecision]:
    return {m.id: m for m in record.measures if m.status != "recommended" or m.note}


# ----------------------------------------------------------------------------- to and from JSON


def children_record_to_dict(record: ChildrensRiskRecord | AgeAssuranceRecord) -> dict[str, Any]:
    """JSON-ready data (dates as ISO text, tuples as lists) for either record."""
    return _plain(record)


def _governance(data: Mapping[str, Any]) -> Governance:
    g = dict(data.get("governance") or {})
    for k in ("completed_on", "reported_on", "next_review"):
        g[k] = _date(g.get(k))
    return Governance(**g)


def _refused(source: str, what: str, err: Exception) -> RecordError:
    problem = " ".join(str(err).split())  # one line, even when a key holds a line break
    return RecordError(f"{source}: not {what} (problem with {problem}); nothing was loaded.")


def childrens_risk_record_from_dict(
    data: Mapping[str, Any], source: str = "record"
) -> ChildrensRiskRecord:
    try:
        if data.get("kind") != "childrens_risk":
            raise KeyError("kind")
        kinds = tuple(
            ChildKindRecord(
                **{
                    **k,
                    "groups": tuple(
                        ChildLevelRecord(
                            **{**g, "trace": tuple(g["trace"]), "factors": tuple(g["factors"])}
                        )
                        for g in k["groups"]
                    ),
                }
            )
            for k in data["kinds"]
        )
        measures = tuple(
            MeasureDecision(
                **{**m, "why": tuple(m["why"]), "effective_on": _date(m.get("effective_on"))}
            )
            for m in data["measures"]
        )
        record = ChildrensRiskRecord(
            **{
                **{k: data[k] for k in ("service_id", "service_name", "edition", "method")},
                "assessed_on": _date(data["assessed_on"]),
                "profile": data["profile"],
                "required": data["required"],
                "reasons": tuple(data["reasons"]),
                "childrens_access": data["childrens_access"],
                "age_groups": tuple(data["age_groups"]),
                "kinds": kinds,
                "measures": measures,
                "principal_purpose": data.get("principal_purpose", "none"),
                "evidence_check": tuple(data.get("evidence_check", ())),
                "notes": tuple(data.get("notes", ())),
                "governance": _governance(data),
                "toolkit_version": data["toolkit_version"],
                "record_format": data.get("record_format", 1),
            }
        )
        check_types(record)
        _check_age_groups(record)
        return record
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise _refused(source, "a children's risk assessment record", err) from None


def _check_age_groups(record: ChildrensRiskRecord) -> None:
    """Each age group is described as the assessment writes it, and every kind has a level for
    each age group present (the report's table has a column per present group)."""
    present = []
    for i, g in enumerate(record.age_groups):
        for key, kind, words in (
            ("id", str, "text"),
            ("label", str, "text"),
            ("confidence", str, "text"),
            ("present", bool, "true or false"),
        ):
            if not isinstance(g.get(key), kind):
                raise TypeError(f"age_groups[{i}].{key} must be {words}")
        if g["present"]:
            present.append(g["id"])
    for i, k in enumerate(record.kinds):
        missing = [gid for gid in present if gid not in {x.age_group for x in k.groups}]
        if missing:
            raise ValueError(f"kinds[{i}] has no level for the age group {missing[0]!r}")


def age_assurance_record_from_dict(
    data: Mapping[str, Any], source: str = "record"
) -> AgeAssuranceRecord:
    try:
        if data.get("kind") != "age_assurance":
            raise KeyError("kind")
        record = AgeAssuranceRecord(
            service_id=data["service_id"],
            service_name=data["service_name"],
            edition=data["edition"],
            assessed_on=_date(data["assessed_on"]),
            profile=data["profile"],
            methods=tuple(MethodVerdict(**m) for m in data["methods"]),
            needs_heaa=data["needs_heaa"],
            needs_reasons=tuple(data["needs_reasons"]),
            verdict=data["verdict"],
            verdict_sentence=data["verdict_sentence"],
            highly_effective=data["highly_effective"],
            criteria=tuple(CriterionCheck(**c) for c in data["criteria"]),
            part5=data["part5"],
            part5_record=tuple(RecordItem(**i) for i in data["part5_record"]),
            reminders=tuple(data.get("reminders", ())),
            notes=dict(data.get("notes") or {}),
            governance=_governance(data),
            toolkit_version=data["toolkit_version"],
            record_format=data.get("record_format", 1),
        )
        check_types(record)
        return record
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise _refused(source, "an age-assurance record", err) from None


def _coverage_notes(assessment: Any) -> tuple[str, ...]:
    """The children's Codes' coverage notes as record notes (what is not modelled, where to read)."""
    return tuple(
        f"{c.modelled} {c.not_modelled} Where to read the Code: {c.read_at.split('://', 1)[-1]}"
        for c in getattr(assessment, "coverage", ())
    )
