"""The written record of an illegal content risk assessment (s.23): what is saved, diffed and exported.

A record is the assessment's result *plus* the assessor's decisions: the final levels and their
reasons, each measure's status (in place, planned, an alternative with its reasoning, not applicable),
and the governance details Ofcom's record-keeping template asks for (the named person responsible, who
completed and approved it, when it was reported, when it will be reviewed). It also records the
guidance edition, the scoring method and the toolkit version that produced it.

>>> service_id_for("Café Forum")
'café-forum'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from osa_toolkit import __version__
from osa_toolkit.core.errors import RecordError

RECORD_FORMAT = 1
"""Version of the record format (``docs/record.schema.json``)."""

MEASURE_STATUSES = ("recommended", "in_place", "planned", "alternative", "not_applicable")
STATUS_WORDS = {
    "recommended": "recommended, not yet decided",
    "in_place": "in place",
    "planned": "planned",
    "alternative": "an alternative measure is used instead",
    "not_applicable": "not applicable",
}


@dataclass(frozen=True)
class HarmRecord:
    id: str
    name: str
    indicative_level: str
    level: str
    trace: tuple[str, ...]
    factors: tuple[str, ...] = ()
    likelihood: int | None = None
    impact: int | None = None
    evidence_status: str = "missing"
    evidence_note: str = ""
    override_reason: str = ""
    override_evidence: str = ""
    counts_for_multi_risk: bool = True
    confidence: str = "secondary"


@dataclass(frozen=True)
class MeasureDecision:
    id: str
    title: str
    code: str
    area: str
    why: tuple[str, ...]
    status: str = "recommended"
    effective_on: dt.date | None = None  # when it took, or will take, effect
    note: str = ""
    alternative: str = ""  # s.23(4): what is done instead
    alternative_reasoning: str = ""  # how it meets the duty; regard to expression and privacy
    optional: bool = False
    confidence: str = "secondary"


@dataclass(frozen=True)
class Governance:
    responsible_person: str = ""
    completed_by: str = ""
    approved_by: str = ""
    completed_on: dt.date | None = None
    reported_on: dt.date | None = None
    next_review: dt.date | None = None
    reason_for_review: str = "first assessment"
    status: str = "draft"  # draft | final


@dataclass(frozen=True)
class AssessmentRecord:
    service_id: str
    service_name: str
    edition: str
    method: str
    assessed_on: dt.date
    profile: Mapping[str, Any]
    harms: tuple[HarmRecord, ...]
    measures: tuple[MeasureDecision, ...]
    large_service: bool | None
    multi_risk: bool
    facilitation: Mapping[str, Any] | None
    childrens_access: Mapping[str, Any]
    evidence_check: tuple[str, ...]
    significant_changes: tuple[str, ...]
    governance: Governance = field(default_factory=Governance)
    toolkit_version: str = __version__
    kind: str = "illegal_content"
    record_format: int = RECORD_FORMAT
    edition_reason: str = ""
    """Why this guidance edition was used (chosen, or in force on the assessment date)."""
    coverage: tuple[Mapping[str, str], ...] = ()
    """Per Code, what the measures list leaves out and where to read the Code."""

    def harm(self, harm_id: str) -> HarmRecord:
        return next(h for h in self.harms if h.id == harm_id)

    def measure(self, measure_id: str) -> MeasureDecision:
        return next(m for m in self.measures if m.id == measure_id)


SERVICE_ID_LENGTH = 64
"""The longest service id (the record store refuses longer ones)."""


SERVICE_ID_BYTES = 180
"""The most UTF-8 bytes a service id takes (a draft's file name, ``<id>.yaml``, must fit in 255)."""


def service_id_for(name: str) -> str:
    """A stable, Unicode-aware slug for a service name: letters and digits of any script kept
    (lower-cased after NFKC normalisation), everything else a hyphen; ``service`` when nothing is
    left. Two names can share a slug; :func:`unique_service_id` adds a suffix then.

    >>> service_id_for("Kingsbury Cycling Forum!")
    'kingsbury-cycling-forum'
    >>> service_id_for("Форум велосипедистов"), service_id_for("自転車フォーラム")
    ('форум-велосипедистов', '自転車フォーラム')
    >>> service_id_for("Ｃａｆé Forum"), service_id_for("🚲🚲")
    ('café-forum', 'service')
    >>> len(service_id_for("A very long name " * 10))  # the record store takes 64 at most
    64
    """
    text = unicodedata.normalize("NFKC", name).lower()
    slug = re.sub(r"(?:[^\w]|_)+", "-", text).strip("-")
    slug = slug[:SERVICE_ID_LENGTH].rstrip("-")
    while len(slug.encode("utf-8")) > SERVICE_ID_BYTES:
        slug = slug[:-1].rstrip("-")
    return slug or "service"


def unique_service_id(name: str, taken: Iterable[str]) -> str:
    """:func:`service_id_for` of ``name``, with ``-2``, ``-3``… added when that id is ``taken``
    (by another service's records or draft), cut so the suffix still fits.

    >>> unique_service_id("My Forum", {"my-forum"}), unique_service_id("🚲", {"service"})
    ('my-forum-2', 'service-2')
    """
    taken = set(taken)
    base = service_id_for(name)
    sid, n = base, 1
    while sid in taken:
        n += 1
        suffix = f"-{n}"
        stem = base[: SERVICE_ID_LENGTH - len(suffix)]
        while len((stem + suffix).encode("utf-8")) > SERVICE_ID_BYTES:
            stem = stem[:-1]
        sid = stem.rstrip("-") + suffix
    return sid


def record_from_assessment(
    assessment,
    profile,
    governance: Governance | None = None,
    decisions: Mapping[str, MeasureDecision] | None = None,
    service_id: str | None = None,
) -> AssessmentRecord:
    """Build the record of an :class:`~osa_toolkit.core.assessments.illegal_content.IllegalContentAssessment`.

    ``decisions`` carries the assessor's status per measure id (kept from an earlier version, or set
    in the walkthrough); measures already in the profile's ``controls`` start as ``in_place``.
    """
    from osa_toolkit.core.profile import profile_to_dict

    decisions = dict(decisions or {})
    harms = tuple(
        HarmRecord(
            id=h.id,
            name=h.name,
            indicative_level=h.indicative_level,
            level=h.level,
            trace=h.trace,
            factors=h.factors,
            likelihood=h.likelihood,
            impact=h.impact,
            evidence_status=h.evidence.status,
            evidence_note=(h.override.evidence if h.override else ""),
            override_reason=(h.override.reason if h.override else ""),
            override_evidence=(h.override.evidence if h.override else ""),
            counts_for_multi_risk=h.counts_for_multi_risk,
            confidence=h.confidence,
        )
        for h in assessment.harms
    )
    measures = []
    for m in assessment.measures:
        base = MeasureDecision(
            id=m.id,
            title=m.title,
            code=m.code,
            area=m.area,
            why=m.why,
            status="in_place" if m.status == "in_place" else "recommended",
            effective_on=m.in_place_since,
            optional=m.optional,
            confidence=m.confidence,
        )
        if m.id in decisions:
            d = decisions[m.id]
            base = dataclasses.replace(
                base,
                status=d.status,
                effective_on=d.effective_on,
                note=d.note,
                alternative=d.alternative,
                alternative_reasoning=d.alternative_reasoning,
            )
        measures.append(base)
    gov = governance or Governance()
    if gov.next_review is None:
        gov = dataclasses.replace(gov, next_review=assessment.review.next_review)
    fac = assessment.facilitation
    return AssessmentRecord(
        service_id=service_id or service_id_for(assessment.service),
        service_name=assessment.service,
        edition=assessment.edition,
        method=assessment.method,
        assessed_on=assessment.assessed_on,
        profile=profile_to_dict(profile),
        harms=harms,
        measures=tuple(measures),
        large_service=assessment.large_service,
        multi_risk=assessment.multi_risk,
        facilitation=None if fac is None else {"level": fac.level, "trace": list(fac.trace)},
        childrens_access=assessment.childrens_access.to_dict(),
        evidence_check=tuple(f.message for f in assessment.evidence_check),
        significant_changes=assessment.review.significant_changes,
        governance=gov,
        edition_reason=assessment.edition_reason,
        coverage=tuple(c.to_dict() for c in assessment.coverage),
    )


def check_decision(d: MeasureDecision) -> None:
    """A measure decision must make sense before it is recorded."""
    if d.status not in MEASURE_STATUSES:
        raise RecordError(
            f"Measure {d.id}: status must be one of {', '.join(MEASURE_STATUSES)}; got {d.status!r}."
        )
    if d.status == "alternative" and not (
        d.alternative.strip() and d.alternative_reasoning.strip()
    ):
        raise RecordError(
            f"Measure {d.id}: an alternative needs both what is done instead and why it meets the "
            "duty (s.23(4))."
        )


# ----------------------------------------------------------------------------- to and from JSON


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def record_to_dict(record: AssessmentRecord) -> dict[str, Any]:
    """JSON-ready data in the format of ``docs/record.schema.json``."""
    return _plain(record)


def _date(v: Any) -> dt.date | None:
    return None if v is None else dt.date.fromisoformat(v)


def record_from_dict(data: Mapping[str, Any], source: str = "record") -> AssessmentRecord:
    """Validate against the JSON Schema and rebuild the record; refuses with one sentence."""
    from osa_toolkit.core.record_schema import validate_record

    validate_record(data, source)
    d = dict(data)
    harms = tuple(
        HarmRecord(**{**h, "trace": tuple(h["trace"]), "factors": tuple(h.get("factors", ()))})
        for h in d["harms"]
    )
    measures = tuple(
        MeasureDecision(
            **{**m, "why": tuple(m["why"]), "effective_on": _date(m.get("effective_on"))}
        )
        for m in d["measures"]
    )
    g = d.get("governance") or {}
    governance = Governance(
        **{
            **g,
            **{k: _date(g.get(k)) for k in ("completed_on", "reported_on", "next_review")},
        }
    )
    return AssessmentRecord(
        service_id=d["service_id"],
        service_name=d["service_name"],
        edition=d["edition"],
        method=d["method"],
        assessed_on=_date(d["assessed_on"]),
        profile=d["profile"],
        harms=harms,
        measures=measures,
        large_service=d["large_service"],
        multi_risk=d["multi_risk"],
        facilitation=d.get("facilitation"),
        childrens_access=d["childrens_access"],
        evidence_check=tuple(d.get("evidence_check", ())),
        significant_changes=tuple(d.get("significant_changes", ())),
        governance=governance,
        toolkit_version=d["toolkit_version"],
        kind=d["kind"],
        record_format=d["record_format"],
        edition_reason=d.get("edition_reason", ""),
        coverage=tuple(dict(c) for c in d.get("coverage", ())),
    )


def overrides_from_record(record: AssessmentRecord) -> dict:
    """The assessor's level changes kept in a record, ready to apply to a fresh assessment."""
    from osa_toolkit.core.method.subject import Override

    return {
        h.id: Override(h.id, h.level, h.override_reason, h.override_evidence)
        for h in record.harms
        if h.level != h.indicative_level or h.override_reason
    }


def decisions_from_record(record: AssessmentRecord) -> dict[str, MeasureDecision]:
    """The assessor's measure decisions kept in a record (those that say more than 'recommended')."""
    return {m.id: m for m in record.measures if m.status != "recommended" or m.note}
