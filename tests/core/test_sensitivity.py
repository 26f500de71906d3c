"""Sensitivity: the flips of a two-service portfolio on the 3-harm fixture registers, checked by hand.

Fixture registers (tests/fixtures/registers/2000-01): terrorism (factor 1a social media, mechanism
always), csea_image_csam (factors 5b direct messaging and 5e images; mechanism: images can be
posted; floors: file sharing -> high, 2 linked factors -> medium), other_illegal (no factors).
The first method's weights (scoring_ofcom_factors_v1.toml): factor 0.75; missing evidence +1, checked none found -1.5; likelihood bands [2, 4];
severity terrorism 3, csea_image_csam 3, other_illegal 1; reach +1 above 10,000 UK users; children
+1; impact bands [3, 5]; matrix rows 1 [low low medium], 2 [low medium high], 3 [medium medium high].

Service A "forum": 1,200 UK users (reach 0), children can access (+1), records checked, none found.
  terrorism:       points -1.5 -> unlikely; impact 3+0+1 = 4 -> serious;  matrix -> low
  csea_image_csam: no images can be posted -> negligible
  other_illegal:   points -1.5 -> unlikely; impact 1+0+1 = 2 -> limited;  matrix -> low
Service B "social": social media, DMs and images, 20,000 UK users (reach 1), children +1, no evidence.
  terrorism:       0.75 + 1 = 1.75 -> unlikely; impact 3+1+1 = 5 -> severe;  matrix -> medium
  csea_image_csam: 1.5 + 1 = 2.5 -> possible;   impact 5 -> severe;  matrix -> high
  other_illegal:   1.0 -> unlikely;             impact 1+1+1 = 3 -> serious; matrix -> low
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from osa_toolkit.core.analysis.batch import features, score
from osa_toolkit.core.analysis.sensitivity import COLUMNS, most_sensitive, moved_value, sensitivity
from osa_toolkit.core.method.weights import (
    default_weights_path,
    load_weights,
    merge_weights,
    weights_from_mapping,
)

from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.registers import load_registers
from tests.conftest import FIXTURE_EDITION, FIXTURE_REGISTERS
from tests.core.profiles import DELETE, profile

REGS = load_registers(FIXTURE_EDITION, path=FIXTURE_REGISTERS)
# The hand-worked figures below are for the first method's numbers, which stay loadable; the
# sensitivity machinery does not depend on the method.
W = load_weights(default_weights_path("ofcom_factors_v1"))
PORTFOLIO = {
    "forum": profile(),
    "social": profile(
        **{
            "service_types": ["social_media"],
            "functionalities.direct_messaging": True,
            "functionalities.posting_images_or_videos": True,
            "users.uk_monthly_active_users": 20000,
            "users.total_monthly_active_users": 30000,
            "evidence": DELETE,
        }
    ),
}
FEATURES = features(PORTFOLIO, REGS, today=dt.date(2026, 11, 28))
TABLE = sensitivity(FEATURES, W)


def flips(key: str, change: str) -> tuple:
    row = TABLE[(TABLE["key"] == key) & (TABLE["change"] == change)].iloc[0]
    return row["status"], row["flips"], row["raised"], row["lowered"]


def test_the_base_levels_are_the_hand_worked_ones():
    levels = score(FEATURES, W).set_index(["service", "harm"])["level"].to_dict()
    assert levels == {
        ("forum", "terrorism"): "low",
        ("forum", "csea_image_csam"): "negligible",
        ("forum", "other_illegal"): "low",
        ("social", "terrorism"): "medium",
        ("social", "csea_image_csam"): "high",
        ("social", "other_illegal"): "low",
    }


@pytest.mark.parametrize(
    ("key", "change", "expected"),
    [
        # bands[0] 2 -> 1.6: B terrorism 1.75 becomes possible x severe = high (raised); nothing else
        ("likelihood.bands[0]", "-20%", ("ok", 1, 1, 0)),
        # bands[0] 2 -> 2.4: B CSAM 2.5 is still possible; nothing moves
        ("likelihood.bands[0]", "+20%", ("ok", 0, 0, 0)),
        # factor 0.75 -> 0.6 / 0.9: B terrorism 1.6 / 1.9 stays unlikely, B CSAM 2.2 / 2.8 possible
        ("likelihood.factor_weight_default", "-20%", ("ok", 0, 0, 0)),
        ("likelihood.factor_weight_default", "+20%", ("ok", 0, 0, 0)),
        # impact bands[1] 5 -> 4: A terrorism (impact 4) becomes severe: unlikely x severe = medium
        ("impact.bands[1]", "-20%", ("ok", 1, 1, 0)),
        # impact bands[1] 5 -> 6: B terrorism (5) serious -> low; B CSAM possible x serious = medium
        ("impact.bands[1]", "+20%", ("ok", 2, 0, 2)),
        # children 1 -> 0.8: B terrorism and B CSAM fall to impact 4.8 (serious): low and medium
        ("impact.children_points", "-20%", ("ok", 2, 0, 2)),
        ("impact.children_points", "+20%", ("ok", 0, 0, 0)),
        # severity of terrorism 3 -> 2: B terrorism impact 4 (serious) -> low; 3 -> 4 is not a severity
        ("severity.terrorism", "-20%", ("ok", 1, 0, 1)),
        ("severity.terrorism", "+20%", ("invalid", pd.NA, pd.NA, pd.NA)),
        # other_illegal 1: x0.8 rounds back to 1, so it moves a whole step, to 0: not a severity
        ("severity.other_illegal", "-20%", ("invalid", pd.NA, pd.NA, pd.NA)),
        # ... and up a step to 2: A impact 3, B impact 4, both serious x unlikely = low as before
        ("severity.other_illegal", "+20%", ("ok", 0, 0, 0)),
        # B has 20,000 users: above 8,000 and 12,000 alike
        ("impact.reach_users[0]", "+20%", ("ok", 0, 0, 0)),
        # no adult-service factor (1d) in the fixture registers
        ("likelihood.factor_weights.1d", "+20%", ("ok", 0, 0, 0)),
    ],
)
def test_flips_match_the_hand_worked_ones(key, change, expected):
    got = flips(key, change)
    assert got[0] == expected[0]
    for g, e in zip(got[1:], expected[1:], strict=True):
        assert (pd.isna(g) and pd.isna(e)) or g == e


def test_the_table_is_tidy_and_covers_every_number():
    assert list(TABLE.columns) == COLUMNS
    assert (TABLE.groupby("key").size() == 2).all()
    assert {
        "likelihood.bands[1]",
        "impact.reach_users[2]",
        "rules.severe_incident_severity",
    } <= set(TABLE["key"])
    bad = TABLE[TABLE["status"] == "invalid"]
    assert bad["message"].str.contains("must be").all() and bad["flips"].isna().all()


def test_overlapping_bands_and_zeros_are_reported_not_raised():
    close = weights_from_mapping(
        merge_weights(W.raw, {"likelihood": {"bands": [2.0, 2.2], "control_points": 0}}, "t"), "t"
    )
    table = sensitivity(FEATURES, close)
    row = table[(table["key"] == "likelihood.bands[0]") & (table["change"] == "+20%")].iloc[0]
    assert row["status"] == "invalid" and "must rise strictly" in row["message"]
    zero = table[table["key"] == "likelihood.control_points"]
    assert list(zero["status"]) == ["skipped", "skipped"] and "is 0" in zero["message"].iloc[0]


def test_most_sensitive_and_moves():
    top = most_sensitive(TABLE, n=3)
    assert list(top.columns) == ["key", "down", "up", "invalid", "total"]
    assert top["total"].iloc[0] == 3 and top["key"].iloc[0] in {"impact.bands[1]"}
    assert moved_value("impact.reach_users[1]", 700000, 0.8) == 560000
    assert moved_value("rules.severe_incident_severity", 3, 1.2) == 4
    with pytest.raises(InvalidInputError):
        sensitivity(FEATURES, W, step=2)
