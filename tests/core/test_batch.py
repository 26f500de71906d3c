"""Batch scoring gives exactly the levels of the one-service method, for every profile and weight set.

The proof is by comparison, not by re-reading the code: for the shipped examples and 250 synthetic
profiles, on both editions, under the default weights and several modified weight sets (including
decimals that do not add up exactly in binary floating point, moved bands, a changed matrix and
severity floor), ``score(features(...))`` must equal ``assess_illegal_content(...).levels``; and for
random valid weight sets (hypothesis) on a smaller portfolio too.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osa_toolkit.core.analysis.batch import (
    compile_features,
    features,
    level_changes,
    level_counts,
    name_profiles,
    portfolio_levels,
    score,
)
from osa_toolkit.core.analysis.synthetic import synthetic_profile_dicts, synthetic_profiles
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.method.weights import (
    default_weights_path,
    load_weights,
    merge_weights,
    weights_from_mapping,
)
from osa_toolkit.core.registers import load_registers
from osa_toolkit.files.profiles import list_examples, load_profile
from tests.conftest import EDITIONS

TODAY = dt.date(2026, 11, 28)
DEFAULT = load_weights()

CHANGES = {
    "default": {},
    "heavy factors": {"likelihood": {"factor_weight_default": 4.0}},
    # decimals whose sums are not exact in binary: 0.1 + 0.2 != 0.3, so the order of adding matters
    "awkward decimals": {
        "likelihood": {
            "factor_weight_default": 0.1,
            "factor_weights": {"1d": 0.2, "5b": 0.3, "8n": 0.7},
            "missing_evidence_points": 0.3,
            "no_incident_points": -0.1,
            "control_points": -0.1,
            "control_points_floor": -0.3,
            "moderated_points": 0.2,
            "reach_points": 0.3,
            "bands": [0.2, 0.6, 0.9],
        },
        "impact": {"children_points": 0.1, "bands": [3.1, 4.3]},
    },
    "reach, severity and matrix": {
        "likelihood": {
            "high_rate_per_10k_users_per_year": 0.5,
            "bands": [-1.0, 1.0, 3.0],
            "reach_points": 0.0,
        },
        "impact": {
            "reach_users": [100, 5000, 100000],
            "bands": [4, 6],
            "children_points": 0,
            "unknown_users_reach": 3,
        },
        "severity": {"hate": 3, "fraud": 1, "default": 1},
        "matrix": {"2": ["negligible", "low", "low"], "3": ["low", "low", "medium"]},
        "rules": {"severe_incident_severity": 2, "severe_incident_floor": "high"},
    },
}
WEIGHT_SETS = {
    name: weights_from_mapping(merge_weights(DEFAULT.raw, change, name), name)
    for name, change in CHANGES.items()
}
# The first method stays scorable (old records name it): batch and one by one agree on it too.
WEIGHT_SETS["first method (ofcom_factors_v1)"] = load_weights(
    default_weights_path("ofcom_factors_v1")
)
SYNTHETIC = synthetic_profiles(250, seed=20261128)


def expected(profiles: dict, regs, weights) -> pd.DataFrame:
    rows = []
    for sid, p in profiles.items():
        a = assess_illegal_content(p, regs, weights, today=TODAY)
        rows += [(sid, h.id, h.level, h.likelihood, h.impact, h.unknowns_decided) for h in a.harms]
    return pd.DataFrame(
        rows, columns=["service", "harm", "level", "likelihood", "impact", "unknowns_decided"]
    )


def assert_same(profiles: dict, regs, weights, frame=None) -> None:
    frame = features(profiles, regs, today=TODAY) if frame is None else frame
    got = score(frame, weights, detail=True)
    want = expected(profiles, regs, weights)
    assert got[["service", "harm"]].equals(want[["service", "harm"]])
    diff = got["level"].to_numpy() != want["level"].to_numpy()
    assert not diff.any(), got[diff].head().to_string() + "\n" + want[diff].head().to_string()
    assert (got["unknowns_decided"].to_numpy() == want["unknowns_decided"].to_numpy()).all()
    lik = got["likelihood"].astype("float").fillna(0).to_numpy()
    assert (lik == want["likelihood"].astype("float").fillna(0).to_numpy()).all()


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("weights_name", list(WEIGHT_SETS))
def test_examples_match_the_method(edition, weights_name):
    profiles = {e: load_profile(e) for e in list_examples()}
    assert len(profiles) >= 5
    assert_same(profiles, load_registers(edition), WEIGHT_SETS[weights_name])


@pytest.mark.parametrize("edition", EDITIONS)
def test_synthetic_profiles_match_the_method_under_every_weight_set(edition):
    regs = load_registers(edition)
    profiles = name_profiles(SYNTHETIC)
    frame = features(profiles, regs, today=TODAY)  # computed once, scored under every set
    for weights in WEIGHT_SETS.values():
        assert_same(profiles, regs, weights, frame)


def test_the_synthetic_portfolio_exercises_every_branch():
    frame = features(SYNTHETIC, load_registers(), today=TODAY)
    scored = score(frame, DEFAULT, detail=True)
    assert set(scored["level"]) == {"negligible", "low", "medium", "high"}
    assert set(frame["evidence"]) == {"missing", "moderated", "none_found", "confirmed"}
    assert frame["uk_users_at_most"].notna().any() and frame["likely_children_c"].any()
    assert frame["uk_users"].isna().any() and (frame["floor_c"] >= 0).any()
    assert (frame["controls"] > 0).any() and frame["rate"].notna().any()


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_unknown_answers_take_the_same_path_as_the_method(broken_registers):
    """The shipped registers never leave a factor or mechanism unknown (children's access is always
    decided), so this copy of the fixture registers makes factors, a mechanism and rule floors hang
    on answers that can be unknown (user numbers, search type), including a ``not(...)`` floor that
    fires only in the optimistic run."""
    root, folder = broken_registers
    _edit(
        folder / "risk_factors.csv",
        "service_type(social_media)",
        '"any(service_type(social_media), uk_users_over(50000))"',
    )
    _edit(
        folder / "risk_factors.csv",
        "functionality(direct_messaging)",
        '"any(functionality(direct_messaging), search_type(general))"',
    )
    _edit(
        folder / "harms.csv",
        "Other illegal content,other,,false,false,always",
        "Other illegal content,other,,false,false,uk_users_over(100)",
    )
    _edit(
        folder / "harms.csv",
        "Terrorism,1,,true,true,always",
        "Terrorism,1,,true,true,not(large_general_search)",
    )
    with (folder / "harm_rules.csv").open("a", encoding="utf-8") as fh:
        fh.write(
            "other_illegal,floor,high,not(large_service),Fixture.,https://example.org/fixture,ofcom\n"
        )
        fh.write(
            "terrorism,floor,medium,linked_factors_at_least(1),Fixture.,https://example.org/fixture,ofcom\n"
        )
    with (folder / "factor_harm_links.csv").open("a", encoding="utf-8") as fh:
        fh.write("1a,other_illegal,fixture,https://example.org/fixture,ofcom\n")
    regs = load_registers("2000-01", path=root)
    profiles = name_profiles(SYNTHETIC)
    frame = features(profiles, regs, today=TODAY)
    assert (frame["unknown"].map(len) > 0).any() and (frame["mechanism_c"] == "unknown").any()
    assert (frame["floor_o"] > frame["floor_c"]).any()  # the not(...) floor
    assert score(frame, DEFAULT, detail=True)["unknowns_decided"].any()
    for weights in WEIGHT_SETS.values():
        assert_same(profiles, regs, weights, frame)


weight_changes = st.fixed_dictionaries(
    {
        "likelihood": st.fixed_dictionaries(
            {
                "factor_weight_default": st.floats(0, 5).map(lambda x: round(x, 2)),
                "missing_evidence_points": st.floats(0, 5).map(lambda x: round(x, 1)),
                "moderated_points": st.floats(-2, 2).map(lambda x: round(x, 1)),
                "reach_points": st.sampled_from([0, 0.5, 1.0, 2.5]),
                "no_incident_points": st.floats(-5, 0).map(lambda x: round(x, 1)),
                "high_rate_per_10k_users_per_year": st.sampled_from([0.1, 1.0, 10.0, 500.0]),
                "bands": st.tuples(st.floats(-2, 4), st.floats(0.1, 4), st.floats(0.1, 4)).map(
                    lambda t: [
                        round(t[0], 1),
                        round(t[0], 1) + round(t[1], 1),
                        round(t[0], 1) + round(t[1], 1) + round(t[2], 1),
                    ]
                ),
            }
        ),
        "impact": st.fixed_dictionaries(
            {
                "children_points": st.sampled_from([0, 0.5, 1, 2]),
                "unknown_users_reach": st.integers(0, 3),
                "bands": st.sampled_from([[2, 4], [3, 5], [4, 6], [3.5, 4.5]]),
            }
        ),
        "rules": st.fixed_dictionaries({"severe_incident_severity": st.integers(1, 3)}),
    }
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(change=weight_changes)
def test_random_weight_sets_match_the_method(change):
    weights = weights_from_mapping(merge_weights(DEFAULT.raw, change, "random"), "random")
    assert_same(SMALL, REGS, weights, SMALL_FRAME)


REGS = load_registers()
SMALL = name_profiles(SYNTHETIC[:25])
SMALL_FRAME = features(SMALL, REGS, today=TODAY)


def test_features_do_not_depend_on_weights_and_can_carry_a_score():
    frame = features(SMALL, REGS, today=TODAY)
    assert "level" not in frame.columns and frame.attrs["edition"] == REGS.edition.id
    joined = features(SMALL, REGS, False, weights=DEFAULT, today=TODAY)
    assert (joined["level"] == score(frame, DEFAULT)["level"]).all()
    with pytest.raises(InvalidInputError, match="needs weights="):
        features(SMALL, REGS, weights_independent=False)


def test_a_filtered_or_compiled_frame_scores_the_same():
    full = score(SMALL_FRAME, DEFAULT)
    part = SMALL_FRAME[SMALL_FRAME["harm"] == "hate"]
    assert (
        score(part, DEFAULT)["level"].to_numpy() == full[full["harm"] == "hate"]["level"].to_numpy()
    ).all()
    assert score(compile_features(SMALL_FRAME), DEFAULT).equals(full)


def test_empty_portfolio_gives_empty_frames():
    frame = features([], REGS, today=TODAY)
    assert frame.empty and score(frame, DEFAULT).empty


def test_portfolio_helpers():
    base = score(SMALL_FRAME, DEFAULT)
    table = portfolio_levels(base)
    assert table.shape == (25, len(REGS.harms)) and list(table.columns) == [
        h.id for h in REGS.harms
    ]
    heavy = score(SMALL_FRAME, WEIGHT_SETS["heavy factors"])
    changes = level_changes(base, heavy)
    assert len(changes) > 0 and set(changes["direction"]) == {"raised"}
    assert list(changes.columns) == ["service", "harm", "before", "after", "direction"]
    counts = level_counts(base)
    assert counts.to_numpy().sum() == len(base) and list(counts.columns)[0] == "negligible"


def test_synthetic_profiles_are_reproducible_and_valid():
    assert synthetic_profile_dicts(5, seed=1) == synthetic_profile_dicts(5, seed=1)
    assert synthetic_profile_dicts(5, seed=1) != synthetic_profile_dicts(5, seed=2)
    names = [p.service.name for p in SYNTHETIC]
    assert len(set(names)) == len(names)
    with pytest.raises(InvalidInputError):
        synthetic_profile_dicts(-1)
