"""The children's risk assessment (s.11 of the Act), for a service likely to be accessed by children.

For each kind of primary priority and priority content in the register, each non-designated kind the
provider names, and each age group that uses the service, an indicative level comes from the same
method as the illegal content assessment (:func:`~osa_toolkit.core.method.subject.assess_subject`): the
factors linked in ``child_factor_links.csv``, the service's own records (``evidence.children_by_kind``),
the children's measures in place, and impact from ``[children]`` in ``osa_toolkit/data/scoring.toml``. A kind's
overall level is the highest across age groups. Then the Protection of Children Code (PCU) measures,
each with why, and what a regulator would question.

>>> from osa_toolkit.core.profile import parse_profile
>>> p = parse_profile({"profile_version": 1, "service": {"name": "Photo club"},
...     "scope": {"user_to_user": True, "uk_target_market": True},
...     "users": {"uk_monthly_active_users": 900, "total_monthly_active_users": 1000},
...     "children": {"likely_to_attract_children": True,
...                  "terms_prohibit": {"pornography": False}},
...     "functionalities": {"posting_images_or_videos": True}})
>>> a = assess_childrens_risk(p, today=dt.date(2026, 11, 28))
>>> a.required, a.kind("pornography").level in ("medium", "high"), "PCU B4" in a.measure_ids
(True, True, True)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from osa_toolkit.core.assessments.childrens_risk_answers import (
    ChildFacts,
    allowed_content,
    check_children_answers,
)
from osa_toolkit.core.assessments.childrens_risk_findings import (
    AgeGroupInfo,
    evidence_findings,
    notes_for,
)
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.core.conditions import parse
from osa_toolkit.core.dates import add_months
from osa_toolkit.core.errors import invalid
from osa_toolkit.core.method.evidence_check import Finding
from osa_toolkit.core.method.measures import (
    MeasureRecommendation,
    codes_for,
    coverage_notes,
    multi_risk_harms,
    recommend_measures,
)
from osa_toolkit.core.method.subject import HarmAssessment, Override, Subject, assess_subject
from osa_toolkit.core.method.weights import Weights, load_weights
from osa_toolkit.core.profile import ServiceProfile
from osa_toolkit.core.registers import Registers, load_registers
from osa_toolkit.core.scope import check_scope
from osa_toolkit.core.scope.childrens_access import ChildrensAccessResult, assess_childrens_access
from osa_toolkit.core.vocabulary import level_index

DISCLAIMER = (
    "Indicative result from osa-toolkit, with the reasons that produced it. It follows the shape of "
    "Ofcom's children's risk assessment, but Ofcom's children's risk tables were not available and "
    "its age groups are not confirmed; it is not legal advice and the provider remains responsible."
)
MECHANISMS: Mapping[str, str] = {
    "pornography": "any(all(user_to_user, any(functionality(posting_images_or_videos), "
    "functionality(livestreaming))), all(search_service, search_feature(image_search)))",
}
"""Where a kind can only happen in some form: text-only material is not pornographic content as
primary priority content (s.61(6)), so pornography needs images or video (or an image search).
Every other kind can happen on any user-to-user or search service."""
DEFAULT_MECHANISM = "any(user_to_user, search_service)"
TEXT_ONLY = (
    "Text-only material is not pornographic content for this purpose (s.61(6)), so without images "
    "or video there is no way for it to happen here."
)
Key = tuple[str, str]
"""An override's key: (children's content id, age-group id)."""


@dataclass(frozen=True)
class GroupLevel:
    """One kind of content for one age group: the method's result, and the band's confidence."""

    age_group: str
    label: str
    confidence: str
    assessment: HarmAssessment

    @property
    def level(self) -> str:
        return self.assessment.level

    @property
    def indicative_level(self) -> str:
        return self.assessment.indicative_level


@dataclass(frozen=True)
class KindAssessment:
    """One kind of content harmful to children, across the age groups that use the service."""

    id: str
    name: str
    category: str  # ppc | pc | ndc
    description: str
    groups: tuple[GroupLevel, ...]
    allowed: (
        bool | None
    )  # PPC/PC: the terms allow it (or take-down is infeasible); None unknown/NDC
    named_by_provider: bool = False
    confidence: str = "secondary"

    @property
    def level(self) -> str:
        """The overall level: the highest final level across age groups."""
        return max((g.level for g in self.groups), key=level_index)

    @property
    def indicative_level(self) -> str:
        return max((g.indicative_level for g in self.groups), key=level_index)

    @property
    def highest_in(self) -> tuple[str, ...]:
        """The age groups whose final level is the overall level."""
        return tuple(g.age_group for g in self.groups if g.level == self.level)

    @property
    def factors(self) -> tuple[str, ...]:
        return self.groups[0].assessment.factors

    def group(self, age_group: str) -> GroupLevel:
        return next(g for g in self.groups if g.age_group == age_group)


@dataclass(frozen=True)
class ChildrensRiskAssessment:
    edition: str
    service: str
    assessed_on: dt.date
    method: str
    required: bool
    reasons: tuple[str, ...]
    childrens_access: ChildrensAccessResult
    regimes: tuple[str, ...]
    age_groups: tuple[AgeGroupInfo, ...]
    kinds: tuple[KindAssessment, ...]
    measures: tuple[MeasureRecommendation, ...]
    evidence_check: tuple[Finding, ...]
    principal_purpose: str
    notes: tuple[str, ...]
    unknowns: tuple[str, ...]
    next_review: dt.date
    disclaimer: str = DISCLAIMER
    coverage: tuple = ()  # osa_toolkit.core.registers.rows.CoverageNote: what the measures leave out
    edition_reason: str = ""

    def kind(self, kind_id: str) -> KindAssessment:
        return next(k for k in self.kinds if k.id == kind_id)

    @property
    def levels(self) -> dict[str, str]:
        return {k.id: k.level for k in self.kinds}

    @property
    def measure_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.measures)


def assess_childrens_risk(
    profile: ServiceProfile,
    registers: Registers | None = None,
    weights: Weights | None = None,
    overrides: Mapping[Key, Override] | None = None,
    today: dt.date | None = None,
    *,
    illegal=None,
) -> ChildrensRiskAssessment:
    """Run the children's risk assessment for ``profile``.

    ``overrides`` maps (kind id, age-group id) to the assessor's :class:`Override`. ``illegal`` may
    pass an :class:`~osa_toolkit.core.assessments.illegal_content.IllegalContentAssessment` already made (its
    levels decide ``multi_risk`` for the measures); otherwise one is run.
    """
    if not isinstance(profile, ServiceProfile):
        raise invalid("profile", "a ServiceProfile", type(profile).__name__)
    if today is not None and not isinstance(today, dt.date):
        raise invalid("today", "a datetime.date", today)
    today = today or dt.date.today()
    regs = registers or load_registers(on=today)
    w = weights or load_weights()
    check_children_answers(profile, regs)
    scope = check_scope(profile, regs, today=today)
    caa = assess_childrens_access(profile, today=today, registers=regs, regimes=scope.regimes)
    groups = _age_groups(profile, regs, w)
    base = {
        "edition": regs.edition.id,
        "edition_reason": regs.edition_reason,
        "service": profile.service.name,
        "assessed_on": today,
        "method": w.method,
        "childrens_access": caa,
        "regimes": tuple(scope.regimes),
        "age_groups": groups,
        "principal_purpose": profile.children.principal_purpose,
        "unknowns": _unknowns(profile, regs),
        "next_review": add_months(today, 12),
    }
    if not (caa.applies and caa.likely_accessed):
        why = caa.reasons if caa.applies else tuple(scope.reasons)
        lead = "A children's risk assessment is not required: it is only for a Part 3 service "
        lead += "likely to be accessed by children."
        return ChildrensRiskAssessment(
            **base,
            required=False,
            reasons=(lead, *why),
            kinds=(),
            measures=(),
            evidence_check=(),
            notes=(),
        )
    kinds = _kinds(profile, regs)
    checked = _check_overrides(overrides or {}, kinds, groups)
    facts = ChildFacts(
        profile=_with_children_evidence(profile),
        thresholds=regs.edition.thresholds,
        regimes=frozenset(scope.regimes),
        children_can_access=caa.possible,
        likely_accessed_by_children=caa.likely_accessed,
        multi_risk_harms=multi_risk_harms(regs),
        kind_names={k.id: k.name for k in kinds},
    )
    in_place = tuple(
        c.measure
        for c in profile.controls
        if c.measure.startswith("PCU ") and c.measure in regs.measure_ids
    )
    assessed = tuple(_assess_kind(k, groups, regs, w, facts, in_place, checked) for k in kinds)
    measures = _measures(profile, regs, w, facts, assessed, today, illegal)
    return ChildrensRiskAssessment(
        **base,
        required=True,
        reasons=tuple(caa.reasons),
        kinds=assessed,
        measures=measures,
        evidence_check=evidence_findings(assessed, groups, profile, regs),
        notes=notes_for(assessed, groups, profile, regs),
        coverage=coverage_notes(regs, _children_codes(scope.regimes)),
    )


def _children_codes(regimes) -> tuple[str, ...]:
    """The children's Codes a service likely to be accessed by children should consider."""
    wanted = {"part3_user_to_user": "PCU", "part3_search": "PCS"}
    return tuple(code for regime, code in wanted.items() if regime in regimes)


# ----------------------------------------------------------------------------- the parts


@dataclass(frozen=True)
class _Kind:
    id: str
    name: str
    category: str
    description: str
    named_by_provider: bool
    confidence: str


def _kinds(profile: ServiceProfile, regs: Registers) -> tuple[_Kind, ...]:
    """PPC and PC kinds of the register, then the non-designated kinds the provider names."""
    out = [
        _Kind(k.id, k.name, k.category, k.description, False, k.confidence)
        for k in regs.children_content
        if k.category in ("ppc", "pc")
    ]
    register = {k.id: k for k in regs.children_content}
    for n in profile.children.non_designated:
        known = register.get(n.id)
        out.append(
            _Kind(
                n.id,
                n.name or known.name,
                "ndc",
                n.description or (known.description if known else ""),
                True,
                known.confidence if known else "unconfirmed",
            )
        )
    return tuple(out)


def _age_groups(profile: ServiceProfile, regs: Registers, w: Weights) -> tuple[AgeGroupInfo, ...]:
    present = profile.children.age_groups_present
    return tuple(
        AgeGroupInfo(
            id=g.id,
            label=g.label,
            min_age=g.min_age,
            max_age=g.max_age,
            confidence=g.confidence,
            present=present is None or g.id in present,
            impact_points=w.age_points(g.id),
        )
        for g in regs.age_groups
    )


def _check_overrides(
    overrides: Mapping[Key, Override], kinds: tuple[_Kind, ...], groups: tuple[AgeGroupInfo, ...]
) -> dict[Key, Override]:
    kind_ids = {k.id for k in kinds}
    group_ids = {g.id for g in groups if g.present}
    for key, value in overrides.items():
        ok = isinstance(key, tuple) and len(key) == 2 and key[0] in kind_ids
        if not ok or key[1] not in group_ids:
            raise invalid(
                "overrides",
                "keyed by (kind id, age-group id) pairs of kinds assessed and age groups present",
                key,
            )
        if not isinstance(value, Override):
            raise invalid(f"overrides[{key!r}]", "an Override", type(value).__name__)
    return dict(overrides)


def _with_children_evidence(profile: ServiceProfile) -> ServiceProfile:
    """The profile as the method reads evidence: ``children_by_kind`` in place of ``by_harm``."""
    ev = profile.evidence
    if ev is None:
        return profile
    return dataclasses.replace(
        profile, evidence=dataclasses.replace(ev, by_harm=ev.children_by_kind)
    )


def _subject(kind: _Kind, group: AgeGroupInfo, regs: Registers, w: Weights) -> Subject:
    points = group.impact_points
    return Subject(
        id=kind.id,
        name=kind.name,
        mechanism=parse(MECHANISMS.get(kind.id, DEFAULT_MECHANISM)),
        factors=regs.factors_for_child_kind(kind.id),
        rules=(),
        severity=w.child_severity_of(kind.id),
        counts_for_multi_risk=False,
        confidence=kind.confidence,
        evidence_key=kind.id,
        impact_points=points,
        impact_note=f"ages {group.label} {points:+g}" if points else "",
    )


def _assess_kind(kind, groups, regs, w, facts, in_place, overrides) -> KindAssessment:
    out = []
    for g in groups:
        if not g.present:
            continue
        a = assess_subject(
            _subject(kind, g, regs, w), facts, w, in_place, overrides.get((kind.id, g.id))
        )
        if kind.id in MECHANISMS and a.likelihood is None:
            a = dataclasses.replace(a, trace=(*a.trace, TEXT_ONLY))
        out.append(GroupLevel(g.id, g.label, g.confidence, a))
    allowed = allowed_content(facts.profile.children, [kind.id])[kind.id]
    return KindAssessment(
        id=kind.id,
        name=kind.name,
        category=kind.category,
        description=kind.description,
        groups=tuple(out),
        allowed=None if kind.category == "ndc" else allowed,
        named_by_provider=kind.named_by_provider,
        confidence=kind.confidence,
    )


def _measures(profile, regs, w, facts, kinds, today, illegal) -> tuple[MeasureRecommendation, ...]:
    """The PCU measures, with ServiceFacts carrying the children's levels and answers."""
    if illegal is None:
        illegal = assess_illegal_content(profile, regs, w, today=today)
    designated = [k.id for k in kinds if k.category in ("ppc", "pc")]
    purpose = profile.children.principal_purpose
    mfacts = dataclasses.replace(
        facts.with_levels(illegal.levels, multi_risk_harms(regs)),
        profile=profile,
        child_levels={k.id: k.level for k in kinds},
        child_kind_categories={k.id: k.category for k in kinds},
        allowed_content=allowed_content(profile.children, designated),
        principal_purposes=frozenset() if purpose == "none" else frozenset({purpose}),
    )
    codes = [c for c in codes_for(mfacts, include_children=True) if c == "PCU"]
    return recommend_measures(regs, mfacts, codes, today)


def _unknowns(profile: ServiceProfile, regs: Registers) -> tuple[str, ...]:
    """The profile's unknown answers, plus each PPC/PC kind whose terms were not described."""
    said = dict(profile.children.terms_prohibit)
    terms = [
        f"children.terms_prohibit.{k.id}"
        for k in regs.children_content
        if k.category in ("ppc", "pc") and said.get(k.id) is None
    ]
    return (*profile.unknowns(), *terms)
