"""Age assurance: can the chosen methods be highly effective, does the service need them, and what
the record must hold.

Each method in ``children.age_assurance_methods`` is classified from the register: *capable* of being
highly effective (Ofcom's non-exhaustive list), *never* highly effective (self-declaration, an age limit
in the terms of service, a payment method that does not require the user to be 18), or *unknown* (not
in the register). Whether the service needs highly effective age assurance (HEAA): Part 5 provider
pornography (s.81); the Protection of Children Code measures PCU B2-B5; user pornography the terms allow
(s.12(4)-(5)); or a children's access conclusion that rests on it (s.35(2)). The four criteria —
technically accurate, robust, reliable, fair — are a checklist against the provider's own notes.

>>> from osa_toolkit.core.profile import parse_profile
>>> p = parse_profile({"profile_version": 1, "service": {"name": "X"},
...     "scope": {"user_to_user": True, "uk_target_market": True},
...     "children": {"highly_effective_age_assurance": True,
...                  "age_assurance_methods": ["self_declaration"]}})
>>> r = evaluate_age_assurance(p, today=dt.date(2026, 11, 28))
>>> r.verdict, r.highly_effective, r.methods[0].status
('cannot_be_highly_effective', False, 'never')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from osa_toolkit.core.assessments.age_assurance_parts import (
    CRITERIA,
    NOTE_KEYS,
    PART5_REMINDERS,
    CriterionCheck,
    MethodVerdict,
    RecordItem,
    check_notes,
    criteria_checks,
    part5_record,
    verdict_for,
)
from osa_toolkit.core.assessments.childrens_risk import assess_childrens_risk
from osa_toolkit.core.assessments.childrens_risk_answers import allowed_for
from osa_toolkit.core.errors import invalid
from osa_toolkit.core.profile import ServiceProfile
from osa_toolkit.core.registers import Registers, load_registers
from osa_toolkit.core.scope import check_scope

__all__ = ["CRITERIA", "NOTE_KEYS", "AgeAssuranceResult", "evaluate_age_assurance"]

DISCLAIMER = (
    "Indicative result from osa-toolkit, with reasons. Whether age assurance is highly effective "
    "depends on how it works in practice; this is not Ofcom's judgement and not legal advice."
)
HEAA_MEASURES = ("PCU B2", "PCU B3", "PCU B4", "PCU B5")


@dataclass(frozen=True)
class AgeAssuranceResult:
    edition: str
    service: str
    assessed_on: dt.date
    methods: tuple[MethodVerdict, ...]
    needs_heaa: bool | None
    needs_reasons: tuple[str, ...]
    verdict: str  # no_method | cannot_be_highly_effective | capable_criteria_not_shown | capable_criteria_shown
    verdict_sentence: str
    highly_effective: bool | None
    criteria: tuple[CriterionCheck, ...]
    part5: bool
    part5_record: tuple[RecordItem, ...]
    reminders: tuple[str, ...]
    notes: Mapping[str, str]
    disclaimer: str = DISCLAIMER

    @property
    def missing(self) -> tuple[str, ...]:
        """The record items flagged missing (Part 5 only), by label."""
        return tuple(i.label for i in self.part5_record if i.missing)

    @property
    def capable_methods(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.methods if m.status == "capable")


def evaluate_age_assurance(
    profile: ServiceProfile,
    registers: Registers | None = None,
    criteria_notes: Mapping[str, str] | None = None,
    *,
    today: dt.date | None = None,
    childrens_risk=None,
) -> AgeAssuranceResult:
    """Classify the chosen methods, say whether HEAA is needed and why, and check the criteria.

    ``criteria_notes`` maps :data:`NOTE_KEYS` (the four criteria, ``privacy`` and ``user_summary``) to
    the provider's own words; a blank or missing note is "not shown". ``childrens_risk`` may pass a
    :class:`~osa_toolkit.core.assessments.childrens_risk.ChildrensRiskAssessment` already made (for PCU B2-B5).
    """
    if not isinstance(profile, ServiceProfile):
        raise invalid("profile", "a ServiceProfile", type(profile).__name__)
    if today is not None and not isinstance(today, dt.date):
        raise invalid("today", "a datetime.date", today)
    regs = registers or load_registers()
    today = today or dt.date.today()
    notes = check_notes(criteria_notes)
    methods = _methods(profile, regs)
    scope = check_scope(profile, regs, today=today)
    part5 = "part5_pornography" in scope.regimes
    needs, reasons = _needs(profile, regs, scope, today, childrens_risk)
    verdict, sentence, effective = verdict_for(methods, notes, needs)
    if profile.children.highly_effective_age_assurance and verdict in (
        "no_method",
        "cannot_be_highly_effective",
    ):
        sentence += (
            " The profile says highly effective age assurance is used, but the methods listed do "
            "not support that."
        )
    return AgeAssuranceResult(
        edition=regs.edition.id,
        service=profile.service.name,
        assessed_on=today,
        methods=methods,
        needs_heaa=needs,
        needs_reasons=reasons,
        verdict=verdict,
        verdict_sentence=sentence,
        highly_effective=effective,
        criteria=criteria_checks(notes),
        part5=part5,
        part5_record=part5_record(methods, notes) if part5 else (),
        reminders=PART5_REMINDERS if part5 else (),
        notes=notes,
    )


def _methods(profile: ServiceProfile, regs: Registers) -> tuple[MethodVerdict, ...]:
    known = {m.id: m for m in regs.age_assurance_methods}
    out = []
    for mid in profile.children.age_assurance_methods:
        m = known.get(mid)
        if m is None:
            out.append(
                MethodVerdict(
                    mid,
                    mid.replace("_", " "),
                    "unknown",
                    f"{mid!r} is not in the age-assurance register of edition {regs.edition.id}, "
                    "so the toolkit cannot say whether it can be highly effective.",
                    "unconfirmed",
                )
            )
            continue
        status = "capable" if m.capable_of_heaa else "never"
        lead = "Can be highly effective" if m.capable_of_heaa else "Never highly effective"
        out.append(MethodVerdict(m.id, m.name, status, f"{lead}: {m.explanation}", m.confidence))
    return tuple(out)


def _needs(profile, regs, scope, today, childrens_risk) -> tuple[bool | None, tuple[str, ...]]:
    reasons: list[tuple[bool | None, str]] = []
    if "part5_pornography" in scope.regimes:
        reasons.append(
            (
                True,
                "The provider publishes pornographic content and is under Part 5: s.81 requires "
                "age verification or age estimation that is highly effective at preventing "
                "children from normally encountering it.",
            )
        )
    u2u = "part3_user_to_user" in scope.regimes
    f = profile.functionalities
    if u2u and (f.posting_images_or_videos or f.livestreaming):
        allowed = allowed_for(profile.children, "pornography")
        if allowed is not False:
            reasons.append(_porn_reason(allowed))
    if u2u and profile.children.highly_effective_age_assurance:
        reasons.append(
            (
                True,
                "The children's access assessment relies on it: children are taken not to be "
                "able to access the service only while the age checks and access controls are "
                "highly effective (s.35(2)).",
            )
        )
    reasons += _pcu_reasons(profile, regs, today, childrens_risk)
    values = [v for v, _ in reasons]
    needs = True if True in values else (None if None in values else False)
    if not reasons:
        reasons.append(
            (
                False,
                "Nothing in the profile requires highly effective age assurance: no Part 5 "
                "pornography, and none of the Protection of Children Code measures that call for "
                "it (PCU B2-B5) applies.",
            )
        )
    return needs, tuple(text for _, text in reasons)


def _porn_reason(allowed: bool | None) -> tuple[bool | None, str]:
    if allowed:
        return (
            True,
            "Users can post images or video and the terms of service do not prohibit pornography "
            "for all users (or it cannot be taken down): s.12(4) requires highly effective age "
            "assurance to prevent children encountering it.",
        )
    return (
        None,
        "Users can post images or video and it is not said whether the terms prohibit "
        "pornography for all users (answer it under 'Terms of service' on the children's risk page); if they do not, "
        "s.12(4) requires highly effective age assurance.",
    )


def _pcu_reasons(profile, regs, today, childrens_risk) -> list[tuple[bool | None, str]]:
    if childrens_risk is None:
        childrens_risk = assess_childrens_risk(profile, regs, today=today)
    out = []
    for m in childrens_risk.measures:
        if m.id in HEAA_MEASURES:
            why = " ".join(m.why)
            value = None if m.uncertain else True
            lead = "may apply" if m.uncertain else "applies"
            out.append((value, f"{m.id} ({m.title}) {lead}: {why}"))
    return out
