"""The illegal content risk assessment engine: levels with traces, Ofcom's rules, measures, review."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osa_toolkit.core.assessments.illegal_content import (
    assess_illegal_content,
    assessment_to_dict,
    what_if,
)
from osa_toolkit.core.errors import InvalidInputError, WeightsError
from osa_toolkit.core.method.subject import Override
from osa_toolkit.core.method.weights import load_weights, merge_weights, weights_from_mapping
from osa_toolkit.core.registers import load_registers
from osa_toolkit.core.vocabulary import FUNCTIONALITIES, LEVELS, level_index
from tests.conftest import EDITIONS
from tests.core.profiles import DELETE, profile

TODAY = dt.date(2026, 11, 28)
ALL_SERVICES = {
    "ICU A2",
    "ICU C1",
    "ICU C2",
    "ICU D1",
    "ICU D2",
    "ICU D7",
    "ICU D9",
    "ICU D10",
    "ICU D11",
    "ICU D12",
    "ICU D13",
    "ICU G1",
    "ICU G3",
    "ICU H1",
}
LARGE_OR_MULTI = {
    "ICU A3",
    "ICU A5",
    "ICU A6",
    "ICU A7",
    "ICU C3",
    "ICU C4",
    "ICU C5",
    "ICU C6",
    "ICU C7",
    "ICU C8",
    "ICU D8",
}


def run(p, edition="2026-06", **kw):
    return assess_illegal_content(p, load_registers(edition), today=TODAY, **kw)


# ----------------------------------------------------------------------------- small low-risk forum


@pytest.mark.parametrize("edition", EDITIONS)
def test_small_low_risk_forum_gets_the_all_services_set(edition):
    a = run(profile(), edition)
    assert a.large_service is False and a.multi_risk is False
    assert ALL_SERVICES <= set(a.measure_ids)
    assert not (LARGE_OR_MULTI & set(a.measure_ids))
    assert "ICU D9" in a.measure_ids and "ICU D8" not in a.measure_ids
    assert not {"ICU C9", "ICU C10"} & set(a.measure_ids)
    # records checked, nothing found, few factors: low, not negligible, for text-borne harms
    assert a.harm("hate").level == "low"
    assert a.harm("terrorism").level == "low"
    # no images: no mechanism for image CSAM
    assert a.harm("csea_image_csam").level == "negligible"
    assert "No mechanism" in a.harm("csea_image_csam").trace[0]


def test_every_level_has_a_trace_and_every_measure_a_reason():
    a = run(profile(**{"functionalities.direct_messaging": True}))
    for h in a.harms:
        assert h.trace and all(s.endswith(".") for s in h.trace), h.id
        assert h.level in LEVELS
    for m in a.measures:
        assert m.why and all(isinstance(s, str) and s for s in m.why), m.id
    d9 = next(m for m in a.measures if m.id == "ICU D9")
    assert any("not more than 7,000,000" in s for s in d9.why)


def test_direct_messaging_and_children_raise_grooming_with_a_trace():
    # children can access (no age assurance), so grooming has a mechanism; without DMs it stays low
    assert run(profile()).harm("csea_grooming").level == "low"
    with_dm = run(profile(**{"functionalities.direct_messaging": True}))
    g = with_dm.harm("csea_grooming")
    assert level_index(g.level) >= level_index("medium")
    assert "5b" in g.factors and "3a" in g.factors
    assert any("Direct messaging (5b)".lower() in s.lower() for s in g.trace)


def test_missing_evidence_takes_the_cautious_level_and_is_flagged():
    with_ev = run(profile())
    without = run(profile(evidence=DELETE))
    assert level_index(without.harm("fraud").level) >= level_index(with_ev.harm("fraud").level)
    assert any("cautious" in s for s in without.harm("fraud").trace)


def test_confirmed_incidents_raise_the_level_and_severe_ones_are_never_low():
    p = profile(
        **{
            "evidence.by_harm": {
                "fraud": {"reports": 6, "confirmed": 5},
                "terrorism": {"reports": 1, "confirmed": 1},
            }
        }
    )
    a = run(p)
    assert level_index(a.harm("fraud").level) >= level_index("medium")
    assert a.harm("terrorism").level in ("medium", "high")
    # even when the weights give a confirmed incident no points, a severe harm is not low
    w = load_weights()
    flat = weights_from_mapping(
        merge_weights(
            w.raw,
            {
                "likelihood": {
                    "confirmed_incident_points": 0.0,
                    "high_rate_points": 0.0,
                    "factor_weight_default": 0.0,
                }
            },
            "t",
        )
    )
    t = run(p, weights=flat).harm("terrorism")
    assert t.level == "medium" and any("not rated low" in s for s in t.trace)


def test_unknown_answer_takes_the_higher_candidate_and_says_so():
    p = profile(
        **{
            "children.significant_number_of_child_users": "unknown",
            "children.highly_effective_age_assurance": True,
            "children.age_assurance_methods": ["facial_age_estimation"],
            "functionalities.direct_messaging": True,
        }
    )
    known = run(
        profile(
            **{
                "children.highly_effective_age_assurance": True,
                "children.age_assurance_methods": ["facial_age_estimation"],
                "functionalities.direct_messaging": True,
            }
        )
    )
    # with highly effective age assurance children cannot access: grooming has no mechanism
    assert known.harm("csea_grooming").level == "negligible"
    assert run(p).harm("csea_grooming").level == "negligible"


# ----------------------------------------------------------------------------- size and multi-risk


@pytest.mark.parametrize("edition", EDITIONS)
def test_eight_million_users_is_large_and_gets_large_service_measures(edition):
    a = run(
        profile(
            **{
                "users.uk_monthly_active_users": 8_000_000,
                "users.total_monthly_active_users": 9_000_000,
            }
        ),
        edition,
    )
    assert a.large_service is True
    assert {"ICU A1", "ICU A3", "ICU D8", "ICU J1", "ICU J2"} <= set(a.measure_ids)
    assert "ICU D9" not in a.measure_ids


def test_two_kinds_at_medium_make_it_multi_risk():
    overrides = {
        "hate": Override("hate", "medium", "moderation logs show repeated abuse"),
        "fraud": Override("fraud", "medium", "scam posts each month"),
    }
    a = run(profile(), overrides=overrides)
    assert a.multi_risk is True
    assert "ICU D8" in a.measure_ids and "ICU D9" not in a.measure_ids
    low_urls = Override("csea_csam_urls", "low", "every posted link is checked")
    one = run(profile(), overrides={"hate": overrides["hate"], "csea_csam_urls": low_urls})
    assert one.multi_risk is False


def test_csea_sub_kinds_count_once_towards_multi_risk():
    # D1 (audit 2026-12): the sub-rows count as one kind, CSEA, not as nothing.
    regs = load_registers("2026-06")
    low = {h.id: Override(h.id, "low", "test") for h in regs.harms}
    csea = {h: Override(h, "high", "test") for h in ("csea_grooming", "csea_image_csam")}
    assert run(profile(), overrides={**low, **csea}).multi_risk is False
    hate = {"hate": Override("hate", "high", "test")}
    assert run(profile(), overrides={**low, **csea, **hate}).multi_risk is True


# ----------------------------------------------------------------------------- hash matching (ICU C9)


def _c9(users, level, service_types=("discussion_forum",)):
    p = profile(
        **{
            "users.uk_monthly_active_users": users,
            "users.total_monthly_active_users": users,
            "functionalities.posting_images_or_videos": True,
            "service_types": list(service_types),
        }
    )
    a = run(p, overrides={"csea_image_csam": Override("csea_image_csam", level, "test")})
    return "ICU C9" in a.measure_ids


@pytest.mark.parametrize(
    "users, level, service_types, expected",
    [
        (8_000_000, "medium", ("discussion_forum",), True),  # large at medium
        (8_000_000, "low", ("discussion_forum",), False),  # large at low
        (800_000, "high", ("discussion_forum",), True),  # high and over 700,000
        (800_000, "medium", ("discussion_forum",), False),  # over 700,000 but only medium
        (600_000, "high", ("discussion_forum",), False),  # high but under 700,000
        (5_000, "high", ("file_sharing",), True),  # high-risk file-sharing, any size
        (5_000, "medium", ("file_sharing",), False),  # file-sharing at medium
    ],
)
def test_image_csam_hash_matching_only_on_the_register_conditions(
    users, level, service_types, expected
):
    assert _c9(users, level, service_types) is expected


def test_file_sharing_service_is_high_for_image_csam_by_ofcoms_table():
    a = run(
        profile(
            **{"service_types": ["file_sharing"], "functionalities.posting_images_or_videos": True}
        )
    )
    h = a.harm("csea_image_csam")
    assert h.level == "high" and any("file-sharing" in s for s in h.trace)


# ----------------------------------------------------------------------------- overrides, evidence check


def test_override_keeps_both_levels_and_flags_a_drop_without_evidence():
    a = run(
        profile(**{"functionalities.direct_messaging": True}),
        overrides={"csea_grooming": Override("csea_grooming", "low", "")},
    )
    g = a.harm("csea_grooming")
    assert g.level == "low" and g.indicative_level != "low"
    kinds = {(f.kind, f.subject) for f in a.evidence_check}
    assert ("override_without_reason", "csea_grooming") in kinds
    assert ("override_down_without_evidence", "csea_grooming") in kinds


def test_override_of_unknown_harm_is_refused():
    with pytest.raises(InvalidInputError, match="'suicide' names no harm of edition 2026-06"):
        run(profile(), overrides={"suicide": Override("suicide", "low", "x")})


def test_evidence_check_lists_low_ratings_without_evidence():
    a = run(
        profile(
            evidence=DELETE,
            **{"users.uk_monthly_active_users": 50, "users.total_monthly_active_users": 50},
        )
    )
    flagged = {f.subject for f in a.evidence_check if f.kind == "low_without_evidence"}
    assert flagged == {h.id for h in a.harms if h.level in ("negligible", "low") and h.factors}


def test_controls_in_place_are_marked():
    p = profile(controls=[{"measure": "ICU C1", "since": "2022-04-25", "note": "volunteers"}])
    c1 = next(m for m in run(p).measures if m.id == "ICU C1")
    assert c1.status == "in_place" and c1.in_place_since == dt.date(2022, 4, 25)


# ----------------------------------------------------------------------------- what-if and review


def test_what_if_one_level_changes_the_measure_set():
    p = profile(overrides=None) if False else profile()
    low_urls = Override("csea_csam_urls", "low", "every posted link is checked")
    a = run(p, overrides={"hate": Override("hate", "medium", "x"), "csea_csam_urls": low_urls})
    change = what_if(a, p, load_registers("2026-06"), harm="fraud", level="high")
    assert "ICU D8" in change.added and "ICU D9" in change.removed
    same = what_if(a, p, load_registers("2026-06"), harm="fraud", level="low")
    assert same.unchanged


def test_what_if_user_count():
    p = profile()
    change = what_if(run(p), p, load_registers("2026-06"), uk_users=8_000_000)
    assert "ICU A1" in change.added and "ICU D9" in change.removed


def test_review_within_twelve_months_and_lists_significant_changes():
    a = run(profile())
    assert a.review.next_review == dt.date(2027, 11, 28)
    assert any("direct messaging (5b)" in s for s in a.review.significant_changes)
    assert any("700,000" in s for s in a.review.significant_changes)


def test_json_document_shape():
    d = assessment_to_dict(run(profile()))
    assert {
        "edition",
        "service",
        "large_service",
        "multi_risk",
        "harms",
        "measures",
        "childrens_access",
    } <= set(d)
    assert {"id", "name", "level", "factors", "trace"} <= set(d["harms"][0])
    assert {"id", "title", "why"} <= set(d["measures"][0])
    assert {"possible", "child_user_condition", "likely_accessed", "reasons"} <= set(
        d["childrens_access"]
    )
    assert d["edition"] == "2026-06"


# ----------------------------------------------------------------------------- invariants


@settings(max_examples=25, deadline=None)
@given(
    base=st.sets(st.sampled_from(sorted(FUNCTIONALITIES))),
    extra=st.sampled_from(sorted(FUNCTIONALITIES)),
    edition=st.sampled_from(EDITIONS),
    evidence=st.booleans(),
)
def test_adding_a_factor_never_lowers_any_level(base, extra, edition, evidence):
    def build(fns):
        fns = set(fns)
        if "encrypted_messaging" in fns:
            fns.add("direct_messaging")
        changes = {f"functionalities.{f}": True for f in fns}
        if not evidence:
            changes["evidence"] = DELETE
        return profile(**changes)

    before = run(build(base), edition)
    after = run(build(base | {extra}), edition)
    for b, a in zip(before.harms, after.harms, strict=True):
        assert level_index(a.level) >= level_index(b.level), (b.id, extra, b.level, a.level)


@pytest.mark.parametrize("edition", EDITIONS)
def test_removing_the_only_mechanism_gives_negligible(edition):
    regs = load_registers(edition)
    for harm in regs.harms:
        if str(harm.mechanism) == "always":
            continue
        a = run(
            profile(
                **{
                    "functionalities.posting_images_or_videos": False,
                    "children.highly_effective_age_assurance": True,
                    "children.age_assurance_methods": ["facial_age_estimation"],
                }
            ),
            edition,
        )
        assert a.harm(harm.id).level == "negligible", harm.id


def test_every_matrix_cell_maps_to_exactly_one_level():
    w = load_weights()
    rows = range(1, len(w.likelihood_words) + 1)
    for lik, imp in itertools.product(rows, (1, 2, 3)):
        assert w.level(lik, imp) in LEVELS
    for points in (-10, 0, 1.99, 2, 3.99, 4, 100):
        assert w.likelihood_band(points) in rows
    assert w.likelihood_band(-10) == 1 and w.likelihood_band(100) == len(w.likelihood_words)


# ----------------------------------------------------------------------------- weights


def test_changing_one_weight_changes_the_result_without_code():
    base = load_weights()
    p = profile(
        **{
            "functionalities.direct_messaging": True,
            "functionalities.posting_images_or_videos": True,
        }
    )
    before = run(p, weights=base).levels
    heavier = weights_from_mapping(
        merge_weights(base.raw, {"likelihood": {"factor_weight_default": 3.0}}, "t")
    )
    after = run(p, weights=heavier).levels
    assert all(level_index(after[h]) >= level_index(before[h]) for h in before)
    assert any(level_index(after[h]) > level_index(before[h]) for h in before)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"likelihood": {"bands": [4.0, 2.0, 6.0]}}, r"'likelihood.bands' must rise strictly"),
        (
            {"likelihood": {"factor_weight_default": 9}},
            r"'likelihood.factor_weight_default' must be between 0 and 5; got 9",
        ),
        ({"likelihood": {"no_incident_points": 1}}, r"between -5 and 0"),
        ({"matrix": {"2": ["high", "low", "low"]}}, r"levels must never fall"),
        ({"matrix": {"1": ["low", "low"]}}, r"'matrix.1' must list 3 levels"),
        ({"severity": {"hate": 7}}, r"'severity.hate' must be 1, 2 or 3; got 7"),
        ({"likelihood": {"bogus": 1}}, r"'likelihood.bogus' is not a known weighting key"),
        ({"method": "magic"}, r"'method' must be one of ofcom_factors_v1"),
    ],
)
def test_bad_weights_are_refused_with_a_sentence(change, message):
    import re

    with pytest.raises(WeightsError) as info:
        weights_from_mapping(merge_weights(load_weights().raw, change, "mine.toml"), "mine.toml")
    assert re.search(message, str(info.value)), str(info.value)
    assert str(info.value).startswith("mine.toml")


def test_weights_file_that_is_not_toml(tmp_path):
    bad = tmp_path / "w.toml"
    bad.write_text("likelihood = [", encoding="utf-8")
    with pytest.raises(WeightsError, match="w.toml is not valid TOML"):
        load_weights(overrides=bad)


def test_out_of_scope_service_gets_no_measures_and_says_why():
    p = profile(
        **{
            "scope.ugc_limited_to": ["comments_on_provider_content"],
            "functionalities": {"commenting": True},
            "service_types": [],
        }
    )
    a = run(p)
    assert a.required is False and a.measures == ()
    assert a.multi_risk is False and a.evidence_check == () and a.facilitation is None
    assert a.scope_reasons
