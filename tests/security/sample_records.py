"""Records of every kind, built the way the app builds them, with one text put in every field a user
writes: service and provider names, control notes, non-designated content names and descriptions,
override reasons and evidence, measure notes and alternatives, criteria notes, governance names and
the children's access evidence. Used by the security tests (XSS payloads) and the property tests
(valid documents to mutate)."""

from __future__ import annotations

import datetime as dt

from osa_toolkit.core.assessments.age_assurance import evaluate_age_assurance
from osa_toolkit.core.assessments.age_assurance_parts import NOTE_KEYS
from osa_toolkit.core.assessments.childrens_risk import assess_childrens_risk
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.core.method.subject import Override
from osa_toolkit.core.scope.childrens_access import assess_childrens_access

from osa_toolkit.core.caa_record import caa_record
from osa_toolkit.core.children_records import age_assurance_record, childrens_risk_record
from osa_toolkit.core.profile import parse_profile
from osa_toolkit.core.record import Governance, MeasureDecision, record_from_assessment
from osa_toolkit.core.registers import load_registers

TODAY = dt.date(2026, 11, 28)
EDITION = "2026-06"


def profile_data(text: str = "Plain") -> dict:
    """A profile in which every free-text answer holds ``text``."""
    return {
        "profile_version": 1,
        "service": {
            "name": f"{text} Forum",
            "url": "https://forum.example.org",
            "description": text,
        },
        "provider": {"name": text, "kind": "individual"},
        "scope": {
            "user_to_user": True,
            "uk_target_market": True,
            "significant_uk_users": True,
            "uk_material_risk_of_significant_harm": False,
        },
        "users": {
            "uk_monthly_active_users": 1200,
            "total_monthly_active_users": 1500,
            "uk_users_method": text,
        },
        "service_types": ["discussion_forum"],
        "children": {
            "significant_number_of_child_users": True,
            "likely_to_attract_children": True,
            "age_assurance_methods": ["self_declaration"],
            "non_designated": [{"id": "gambling_ads", "name": text, "description": text}],
        },
        "functionalities": {
            "user_profiles": True,
            "commenting": True,
            "hyperlinks": True,
            "direct_messaging": True,
            "posting_images_or_videos": True,
        },
        "controls": [{"measure": "ICU C1", "since": dt.date(2022, 4, 25), "note": text}],
        "evidence": {"period_months": 12, "reports_total": 10, "moderation": "post"},
    }


def governance(text: str) -> Governance:
    return Governance(
        responsible_person=text,
        completed_by=text,
        approved_by=text,
        completed_on=dt.date(2026, 11, 30),
        reason_for_review=text,
        status="final",
    )


def _decision(measure_id: str, text: str, **changes) -> MeasureDecision:
    return MeasureDecision(
        id=measure_id, title="", code=measure_id[:3], area="", why=(), note=text, **changes
    )


def _decisions(measures, text: str) -> dict[str, MeasureDecision]:
    """Every measure decided: an alternative (with its reasoning), planned, in place, in turn."""
    out = {}
    for i, m in enumerate(measures):
        if i % 3 == 0:
            out[m.id] = _decision(
                m.id, text, status="alternative", alternative=text, alternative_reasoning=text
            )
        elif i % 3 == 1:
            out[m.id] = _decision(m.id, text, status="planned", effective_on=dt.date(2027, 1, 1))
        else:
            out[m.id] = _decision(m.id, text, status="in_place", effective_on=dt.date(2022, 1, 1))
    return out


def build_records(text: str = "Plain") -> dict:
    """``{kind: record}`` for the four kinds, ``text`` in every field a user writes."""
    regs = load_registers(EDITION)
    p = parse_profile(profile_data(text), source="sample.yaml")
    harms = [h.id for h in regs.harms][:4]
    overrides = {h: Override(h, "high", text, text) for h in harms}
    illegal = assess_illegal_content(p, regs, overrides=overrides, today=TODAY)
    ic = record_from_assessment(illegal, p, governance(text), _decisions(illegal.measures, text))
    first = assess_childrens_risk(p, regs, today=TODAY, illegal=illegal)
    child_overrides = {
        (k.id, g.age_group): Override(k.id, "high", text, text)
        for k in first.kinds[:3]
        for g in k.groups[:2]
    }
    crisk = assess_childrens_risk(p, regs, overrides=child_overrides, today=TODAY, illegal=illegal)
    cr = childrens_risk_record(crisk, p, governance(text), _decisions(crisk.measures, text))
    aa_result = evaluate_age_assurance(
        p, regs, {key: text for key in NOTE_KEYS}, today=TODAY, childrens_risk=crisk
    )
    aa = age_assurance_record(aa_result, p, governance(text))
    caa = caa_record(
        assess_childrens_access(p, TODAY, regs), p, EDITION, governance(text), evidence=text
    )
    return {
        "illegal_content": ic,
        "childrens_risk": cr,
        "age_assurance": aa,
        "childrens_access": caa,
    }
