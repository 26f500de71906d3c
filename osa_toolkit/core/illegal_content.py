"""The illegal content risk assessment, all four steps, from one service profile.

>>> from osa_toolkit.core.profile import parse_profile
>>> p = parse_profile({"profile_version": 1, "service": {"name": "Tiny forum"},
...     "scope": {"user_to_user": True, "uk_target_market": True},
...     "users": {"uk_monthly_active_users": 300, "total_monthly_active_users": 400},
...     "children": {"significant_number_of_child_users": False, "likely_to_attract_children": False},
...     "service_types": ["discussion_forum"]})
>>> a = assess_illegal_content(p, today=dt.date(2026, 11, 28))
>>> a.large_service, a.harm("csea_image_csam").level
(False, 'negligible')
>>> "ICU D9" in a.measure_ids and "ICU D8" not in a.measure_ids
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from osa_toolkit.core.errors import InvalidInputError, invalid
from osa_toolkit.core.facts import ServiceFacts
from osa_toolkit.core.method.evidence_check import Finding, check_evidence
from osa_toolkit.core.method.measures import (
    MeasureChange,
    MeasureRecommendation,
    codes_for,
    coverage_notes,
    measure_change,
    measure_to_dict,
    multi_risk_harms,
    recommend_measures,
)
from osa_toolkit.core.method.review import ReviewPlan, plan_review
from osa_toolkit.core.method.subject import (
    HarmAssessment,
    Override,
    assess_harm,
    assessed_to_dict,
    check_overrides,
)
from osa_toolkit.core.method.weights import Weights, load_weights
from osa_toolkit.core.registers import Registers, load_registers
from osa_toolkit.core.scope import check_scope
from osa_toolkit.core.scope.childrens_access import assess_childrens_access
from osa_toolkit.core.vocabulary import LEVELS, level_index

DISCLAIMER = (
    "Indicative result from osa-toolkit, with the reasons that produced it. It follows Ofcom's "
    "method but is not Ofcom's tool and not legal advice; the provider remains responsible."
)


@dataclass(frozen=True)
class Facilitation:
    """U2U only: the risk of the service being used to commit or facilitate priority offences."""

    level: str
    trace: tuple[str, ...]


@dataclass(frozen=True)
class IllegalContentAssessment:
    edition: str
    service: str
    assessed_on: dt.date
    method: str
    large_service: bool | None
    multi_risk: bool
    harms: tuple[HarmAssessment, ...]
    facilitation: Facilitation | None
    measures: tuple[MeasureRecommendation, ...]
    evidence_check: tuple[Finding, ...]
    review: ReviewPlan
    childrens_access: object  # osa_toolkit.core.scope.childrens_access.ChildrensAccessResult
    regimes: tuple[str, ...]
    unknowns: tuple[str, ...]
    required: bool = True  # Part 3 applies, so the assessment is a duty (s.9 / s.26)
    scope_reasons: tuple[str, ...] = ()
    disclaimer: str = DISCLAIMER
    edition_reason: str = ""
    coverage: tuple = ()  # osa_toolkit.core.registers.rows.CoverageNote: what the measures leave out

    def harm(self, harm_id: str) -> HarmAssessment:
        return next(h for h in self.harms if h.id == harm_id)

    @property
    def measure_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.measures)

    @property
    def levels(self) -> dict[str, str]:
        return {h.id: h.level for h in self.harms}


def base_facts(profile, regs: Registers, today: dt.date):
    """Facts about the service before any risk level is known, and the scope/children results."""
    scope = check_scope(profile, regs, today=today)
    caa = assess_childrens_access(profile, today=today, registers=regs)
    facts = ServiceFacts(
        profile=profile,
        thresholds=regs.edition.thresholds,
        regimes=frozenset(scope.regimes),
        children_can_access=caa.possible,
        likely_accessed_by_children=caa.likely_accessed,
        multi_risk_harms=multi_risk_harms(regs),
        harm_names={h.id: h.name for h in regs.harms},
    )
    return facts, scope, caa


def assess_illegal_content(
    profile,
    registers: Registers | None = None,
    weights: Weights | None = None,
    overrides: Mapping[str, Override] | None = None,
    today: dt.date | None = None,
) -> IllegalContentAssessment:
    """Run Ofcom's four steps for one service: factors, levels (with traces), measures, review."""
    today = today or dt.date.today()
    regs = registers or load_registers(on=today)
    w = weights or load_weights()
    overrides = dict(overrides or {})
    check_overrides(overrides, regs)
    facts, scope, caa = base_facts(profile, regs, today)

    harms = tuple(assess_harm(h, regs, facts, w, overrides.get(h.id)) for h in regs.harms)
    return _finish(profile, regs, w, facts, scope, caa, harms, today)


def _finish(profile, regs, w, facts, scope, caa, harms, today) -> IllegalContentAssessment:
    levels = {h.id: h.level for h in harms}
    facts = facts.with_levels(levels, facts.multi_risk_harms)
    codes = codes_for(facts)
    measures = recommend_measures(regs, facts, codes, today)
    names = {h.id: h.name for h in regs.harms}
    # Out of Part 3 the levels are shown for information only: no duty, so no multi-risk, no
    # facilitation level and nothing for a regulator to question.
    required = bool({"part3_user_to_user", "part3_search"} & set(scope.regimes))
    return IllegalContentAssessment(
        edition=regs.edition.id,
        service=profile.service.name,
        assessed_on=today,
        method=w.method,
        large_service=facts("large_service", ()),
        multi_risk=required and bool(facts("multi_risk", ())),
        harms=harms,
        facilitation=_facilitation(harms) if required and profile.scope.user_to_user else None,
        measures=measures,
        evidence_check=check_evidence(harms, profile, regs) if required else (),
        review=plan_review(facts, regs, today, names),
        childrens_access=caa,
        regimes=tuple(scope.regimes),
        unknowns=tuple(profile.unknowns()),
        required=required,
        scope_reasons=tuple(scope.reasons),
        edition_reason=regs.edition_reason,
        coverage=coverage_notes(regs, codes),
    )


def _facilitation(harms: tuple[HarmAssessment, ...]) -> Facilitation:
    priority = [h for h in harms if h.id != "other_illegal"]
    top = max(priority, key=lambda h: level_index(h.level))
    return Facilitation(
        top.level,
        (
            "The functionalities that let users encounter priority illegal content also let them "
            "use the service to commit or facilitate the offences, so the toolkit takes the highest "
            f"level among the priority kinds: {top.level} ({top.name.lower()}).",
            "This is the toolkit's own approximation; assess it with your own evidence too.",
        ),
    )


def what_if(
    assessment: IllegalContentAssessment,
    profile,
    registers: Registers | None = None,
    weights: Weights | None = None,
    *,
    harm: str | None = None,
    level: str | None = None,
    uk_users: int | None = None,
) -> MeasureChange:
    """How the recommended measures would change if one harm's level, or the UK user count, differed.

    A changed level keeps every other level as assessed; a changed user count re-runs the whole
    assessment (reach and size both move) with the same overrides.
    """
    regs = registers or load_registers(assessment.edition)
    w = weights or load_weights()
    today = assessment.assessed_on
    if harm is not None:
        if level not in LEVELS:
            raise invalid("level", "one of " + ", ".join(LEVELS), level)
        changed = tuple(
            dataclasses.replace(h, level=level) if h.id == harm else h for h in assessment.harms
        )
        if changed == assessment.harms and harm not in assessment.levels:
            raise invalid("harm", f"a harm of edition {regs.edition.id}", harm)
        facts, scope, caa = base_facts(profile, regs, today)
        after = _finish(profile, regs, w, facts, scope, caa, changed, today)
        text = f"if {harm} were {level} (assessed {assessment.levels[harm]})"
    elif uk_users is not None:
        new_profile = dataclasses.replace(
            profile, users=dataclasses.replace(profile.users, uk_monthly_active_users=uk_users)
        )
        overrides = {h.id: h.override for h in assessment.harms if h.override}
        after = assess_illegal_content(new_profile, regs, w, overrides, today)
        text = f"if the service had {uk_users:,} monthly UK users"
    else:
        raise InvalidInputError("what_if needs either harm= and level=, or uk_users=.")
    return measure_change(text, assessment.measures, after.measures)


def assessment_to_dict(a: IllegalContentAssessment) -> dict:
    """The assessment as plain JSON-ready data (the ``assess --json`` document)."""
    caa = a.childrens_access
    return {
        "edition": a.edition,
        "edition_reason": a.edition_reason,
        "service": a.service,
        "assessed_on": a.assessed_on.isoformat(),
        "method": a.method,
        "disclaimer": a.disclaimer,
        "regimes": list(a.regimes),
        "required": a.required,
        "scope_reasons": list(a.scope_reasons),
        "large_service": a.large_service,
        "multi_risk": a.multi_risk,
        "harms": [
            {
                "id": h.id,
                "name": h.name,
                **assessed_to_dict(h),
                "counts_for_multi_risk": h.counts_for_multi_risk,
                "confidence": h.confidence,
            }
            for h in a.harms
        ],
        "facilitation": None
        if a.facilitation is None
        else {"level": a.facilitation.level, "trace": list(a.facilitation.trace)},
        # measures whose condition holds; those that hang on an answer not given (for example
        # whether the service is large, with no user figures) are listed apart, each saying what
        # would settle it
        "measures": [measure_to_dict(m) for m in a.measures if not m.uncertain],
        "measures_uncertain": [measure_to_dict(m) for m in a.measures if m.uncertain],
        "coverage": [c.to_dict() for c in a.coverage],
        "evidence_check": [
            {"kind": f.kind, "subject": f.subject, "message": f.message} for f in a.evidence_check
        ],
        "review": {
            "next_review": a.review.next_review.isoformat(),
            "reasons": list(a.review.reasons),
            "significant_changes": list(a.review.significant_changes),
        },
        "childrens_access": caa.to_dict(),
        "unknowns": list(a.unknowns),
    }
