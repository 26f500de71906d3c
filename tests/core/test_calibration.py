"""Calibration: agreement with the published assessments shipped in osa_toolkit/data/calibration, and the fit."""

from __future__ import annotations

import datetime as dt

import pytest

from osa_toolkit.core.analysis.calibration import (
    FIT_SPACE,
    ExpectedLevel,
    LevelScorer,
    agreement,
    case_from_documents,
    fit,
    leave_one_out,
    objective,
)
from osa_toolkit.core.analysis.weight_keys import numeric_weights
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.method.weights import default_weights_path, load_weights
from osa_toolkit.core.profile import parse_profile
from osa_toolkit.core.registers import load_registers
from osa_toolkit.core.vocabulary import level_index
from osa_toolkit.files.calibration_cases import load_cases

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def cases():
    return load_cases()


@pytest.fixture(scope="module")
def scorer(cases):
    return LevelScorer(cases, load_registers, TODAY)


def test_expected_levels_and_ranges():
    low = ExpectedLevel.parse("hate", {"level": "low"})
    assert (low.distance("low"), low.distance("high"), low.distance("negligible")) == (0, 2, -1)
    both = ExpectedLevel.parse("hate", {"range": ["low", "medium"]})
    assert (
        both.distance("medium") == 0 and both.distance("high") == 1 and both.text == "low to medium"
    )
    with pytest.raises(InvalidInputError, match=r"levels.hate.level must be one of"):
        ExpectedLevel.parse("hate", {"level": "huge"})
    with pytest.raises(InvalidInputError, match="from the lower level to the higher"):
        ExpectedLevel.parse("hate", {"range": ["high", "low"]})


def test_a_bad_case_document_is_refused_with_a_sentence():
    p = parse_profile(
        {"profile_version": 1, "service": {"name": "X"}, "scope": {"user_to_user": True}}
    )
    with pytest.raises(InvalidInputError, match="'edition' must be one of 2024-12, 2026-06"):
        case_from_documents(
            {"slug": "x", "edition": "1999", "levels": {}}, p, ["2024-12", "2026-06"]
        )
    with pytest.raises(InvalidInputError, match="'multi_risk' must be true or false"):
        case_from_documents(
            {
                "slug": "x",
                "edition": "2024-12",
                "levels": {"hate": {"level": "low"}},
                "multi_risk": "y",
            },
            p,
            ["2024-12"],
        )


def test_the_shipped_cases_are_the_eight_published_assessments(cases):
    assert [c.slug for c in cases] == [
        "adhv", "adventure-log", "bugs-xdebug-org", "navcom",
        "onyourleft-instance", "oxfer", "pqp-gg", "wallplace",
    ]  # fmt: skip
    assert sum(len(c.levels) for c in cases) == 149
    assert all(c.source_url for c in cases)


def test_the_method_meets_the_calibration_goals(cases):
    """The goals of docs/calibration.md: within one step >= 90 %, the same >= 60 %, at most three
    rows two or more steps above the operator and none two or more below, multi-risk agreeing on
    every case that states it."""
    a = agreement(cases, load_weights(), load_registers, TODAY)
    s = a.summary
    assert s["within_one_share"] >= 0.90, a.line()
    assert s["exact_share"] >= 0.60, a.line()
    assert s["over2"] <= 3 and s["under2"] == 0, a.line()
    assert s["multi_risk_agree"] == s["multi_risk_stated"] == 3, a.line()


def test_the_first_method_stays_loadable_and_was_far_off(cases):
    v1 = load_weights(default_weights_path("ofcom_factors_v1"))
    a = agreement(cases, v1, load_registers, TODAY)
    assert a.method == "ofcom_factors_v1"
    assert a.summary["within_one_share"] < 0.6 and a.summary["over2"] > 50


def test_the_fast_scorer_gives_the_levels_of_the_full_assessment(cases, scorer):
    w = load_weights()
    fast = scorer.agreement(w)
    full = agreement(cases, w, load_registers, TODAY)
    assert [[(r.harm, r.got) for r in c.rows] for c in fast.cases] == [
        [(r.harm, r.got) for r in c.rows] for c in full.cases
    ]
    assert [c.multi_risk_got for c in fast.cases] == [c.multi_risk_got for c in full.cases]


def test_the_fit_never_worsens_keeps_the_rules_and_is_reproducible(scorer):
    w = load_weights()
    one = fit(scorer, w, max_passes=2)
    two = fit(scorer, w, max_passes=2)
    assert one.after <= one.before
    assert one.raw == two.raw and one.after == two.after
    values = numeric_weights(one.raw)
    for key, (lo, hi, _step) in FIT_SPACE.items():
        assert lo <= values[key] <= hi, key
    assert all(v >= 0 for k, v in values.items() if k.startswith("likelihood.factor_weight"))
    assert objective(one.agreement) == one.after


def test_leave_one_out_scores_each_case_once(cases):
    small = {k: FIT_SPACE[k] for k in ("likelihood.factor_weight_default", "likelihood.bands[1]")}
    held = leave_one_out(cases, load_weights(), load_registers, TODAY, small, max_passes=1)
    assert [c.slug for c in held.cases] == [c.slug for c in cases]
    assert held.rows == 149


# ----------------------------------------------------------------------------- a small forum

FORUM = {
    "profile_version": 1,
    "service": {"name": "Cycling forum", "software": "phpbb"},
    "provider": {"name": "A volunteer", "kind": "individual"},
    "scope": {
        "user_to_user": True,
        "uk_target_market": True,
        "significant_uk_users": True,
        "uk_material_risk_of_significant_harm": "unknown",
    },
    "users": {"uk_monthly_active_users": 400, "total_monthly_active_users": 450},
    "service_types": ["discussion_forum"],
    "children": {
        "highly_effective_age_assurance": False,
        "significant_number_of_child_users": "unknown",
        "likely_to_attract_children": False,
    },
}


def _forum(**extra):
    from osa_toolkit.files.profiles import load_presets

    data = {**FORUM, **extra}
    return parse_profile(data, source="forum.yaml", presets=load_presets())


def test_a_400_user_phpbb_forum_with_no_evidence_is_not_multi_risk():
    a = assess_illegal_content(_forum(), today=TODAY)
    assert a.multi_risk is False
    high = [h.id for h in a.harms if h.level == "high"]
    assert len([h for h in a.harms if h.level in ("medium", "high")]) <= 4, a.levels
    assert not set(high) - {"csea_grooming"}, a.levels


def test_a_year_of_moderated_records_with_no_incident_brings_the_forum_low():
    ev = {"period_months": 12, "reports_total": 12, "moderation": "post"}
    a = assess_illegal_content(_forum(evidence=ev), today=TODAY)
    assert a.multi_risk is False
    for h in a.harms:
        if h.level in ("negligible", "low"):
            continue
        # a kind held higher is held by one of Ofcom's rules, which the trace names
        assert any("Ofcom" in t and "Raised to" in t for t in h.trace), (h.id, h.trace)
    assert sum(h.level in ("negligible", "low") for h in a.harms) >= len(a.harms) - 3
    assert any("no confirmed incident" in t for t in a.harm("hate").trace)


def test_measures_that_hang_on_an_unknown_answer_are_listed_apart():
    """A service that gives no user figures is not known to be large: the large-service measures
    are not in `measures` but in `measures_uncertain`, each saying what would settle it."""
    from osa_toolkit.core.assessments.illegal_content import assessment_to_dict

    case = next(c for c in load_cases() if c.slug == "pqp-gg")
    a = assess_illegal_content(case.profile, load_registers(case.edition), today=TODAY)
    doc = assessment_to_dict(a)
    sure = {m["id"] for m in doc["measures"]}
    unsure = {m["id"]: m for m in doc["measures_uncertain"]}
    assert a.large_service is None
    assert {"ICU A1", "ICU J1"} <= set(unsure) and not {"ICU A1", "ICU J1"} & sure
    assert all(not m["uncertain"] for m in doc["measures"])
    assert any("would settle it" in w for w in unsure["ICU A1"]["why"])
    assert len(sure) + len(unsure) == len(a.measures)


def test_an_unknown_number_of_users_is_named_as_what_decided_a_level():
    """No user figures at all: the cautious reach is taken, and the trace and the regulator's
    questions say that giving the number would settle it (the other reading is a small service)."""
    data = {k: v for k, v in FORUM.items() if k != "users"}
    from osa_toolkit.files.profiles import load_presets

    a = assess_illegal_content(
        parse_profile(data, source="forum.yaml", presets=load_presets()), today=TODAY
    )
    known = assess_illegal_content(_forum(), today=TODAY)
    raised = [h for h in a.harms if level_index(h.level) > level_index(known.harm(h.id).level)]
    assert raised, "the unknown user count should make some level more cautious"
    for h in raised:
        assert h.unknowns_decided
        assert any("the number of users" in t and "settles it" in t for t in h.trace), h.trace
    assert any("An unknown answer decided the level" in f.message for f in a.evidence_check)
