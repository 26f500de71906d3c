"""The children's access assessment: stage 1 (possible?), stage 2 (child user condition), records."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from osa_toolkit.core.scope.childrens_access import REPEAT_TRIGGERS, assess_childrens_access

from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.profile import parse_profile
from osa_toolkit.core.registers import load_registers
from tests.conftest import FIXTURE_EDITION, FIXTURE_REGISTERS

TODAY = dt.date(2026, 1, 5)
BASE = {
    "profile_version": 1,
    "service": {"name": "Test forum"},
    "scope": {"user_to_user": True, "uk_target_market": True},
    "children": {
        "highly_effective_age_assurance": False,
        "age_assurance_methods": [],
        "significant_number_of_child_users": False,
        "likely_to_attract_children": False,
    },
}


def make(**children):
    data = copy.deepcopy(BASE)
    data["children"].update(children)
    return parse_profile(data, source="test.yaml")


@pytest.fixture(scope="module")
def regs():
    return load_registers()


def assess(regs, **children):
    return assess_childrens_access(make(**children), today=TODAY, registers=regs)


HEAA = {"highly_effective_age_assurance": True}
# (case, children answers, possible, child_user_condition, likely_accessed, unknowns)
PATHS = [
    (
        "HEAA with a capable method: not possible",
        {**HEAA, "age_assurance_methods": ["facial_age_estimation"]},
        False,
        None,
        False,
        (),
    ),
    (
        "HEAA with a capable and a weak method",
        {**HEAA, "age_assurance_methods": ["self_declaration", "photo_id_matching"]},
        False,
        None,
        False,
        (),
    ),
    (
        "HEAA claimed but only self-declaration",
        {**HEAA, "age_assurance_methods": ["self_declaration"]},
        True,
        False,
        False,
        (),
    ),
    (
        "HEAA claimed but only a debit card",
        {**HEAA, "age_assurance_methods": ["debit_card_or_payment_not_requiring_18"]},
        True,
        False,
        False,
        (),
    ),
    (
        "HEAA claimed but an age limit in the terms",
        {**HEAA, "age_assurance_methods": ["terms_of_service_age_limit"]},
        True,
        False,
        False,
        (),
    ),
    ("HEAA claimed with no method named", HEAA, True, False, False, ()),
    (
        "capable method without access controls",
        {"age_assurance_methods": ["credit_card_check"]},
        True,
        False,
        False,
        (),
    ),
    (
        "stage 2: significant number of child users",
        {"significant_number_of_child_users": True},
        True,
        True,
        True,
        (),
    ),
    (
        "stage 2: likely to attract children",
        {"likely_to_attract_children": True},
        True,
        True,
        True,
        (),
    ),
    (
        "stage 2: one yes outweighs an unknown",
        {"likely_to_attract_children": True, "significant_number_of_child_users": "unknown"},
        True,
        True,
        True,
        (),
    ),
    (
        "stage 2: unknown treated as met",
        {"significant_number_of_child_users": "unknown"},
        True,
        True,
        True,
        ("children.significant_number_of_child_users",),
    ),
    (
        "stage 2: both unknown",
        {"significant_number_of_child_users": "unknown", "likely_to_attract_children": "unknown"},
        True,
        True,
        True,
        ("children.significant_number_of_child_users", "children.likely_to_attract_children"),
    ),
    ("stage 2: neither", {}, True, False, False, ()),
]


@pytest.mark.parametrize(
    ("case", "children", "possible", "condition", "likely", "unknowns"),
    PATHS,
    ids=[p[0] for p in PATHS],
)
def test_assessment_paths(regs, case, children, possible, condition, likely, unknowns):
    r = assess(regs, **children)
    assert (r.possible, r.child_user_condition, r.likely_accessed) == (possible, condition, likely)
    assert r.unknowns == unknowns
    assert r.applies and r.reasons


def test_weak_methods_are_explained_from_the_register(regs):
    r = assess(regs, **HEAA, age_assurance_methods=["self_declaration"])
    assert any(s.startswith("Self-declaration does not count") for s in r.reasons)
    assert any("none of the methods listed" in s for s in r.reasons)


def test_method_missing_from_the_register_is_not_counted(regs):
    r = assess(regs, **HEAA, age_assurance_methods=["palm_reading"])
    assert r.possible
    assert any("palm_reading" in s and "not counted" in s for s in r.reasons)


def test_stage_one_no_records_the_age_checks(regs):
    r = assess(regs, **HEAA, age_assurance_methods=["facial_age_estimation"])
    assert any("For stage 1" in s for s in r.what_to_record)
    assert any("facial age estimation" in s for s in r.reasons)


def test_not_met_at_stage_two_needs_detailed_evidence(regs):
    r = assess(regs)
    assert any("detailed evidence" in s for s in r.what_to_record)
    assert r.what_to_record[0].startswith("A written, easily understood record")


def test_met_needs_no_extra_evidence(regs):
    r = assess(regs, significant_number_of_child_users=True)
    assert any("needs no evidence" in s for s in r.what_to_record)
    assert not any("detailed evidence" in s for s in r.what_to_record)
    assert any("children's risk assessment" in s for s in r.reasons)


def test_repeat_within_a_year_and_on_the_acts_triggers(regs):
    r = assess(regs)
    assert r.assessed_on == TODAY and r.next_due == dt.date(2027, 1, 5)
    assert r.repeat_triggers == REPEAT_TRIGGERS and len(r.repeat_triggers) == 3
    leap = assess_childrens_access(make(), today=dt.date(2028, 2, 29), registers=regs)
    assert leap.next_due == dt.date(2029, 2, 28)


def test_deemed_result_when_not_done(regs):
    r = assess(regs)
    assert r.first_due == dt.date(2025, 4, 16)
    assert "treats the service as likely to be accessed by children" in r.deemed_if_not_done
    assert "2025-04-16" in r.deemed_if_not_done and "s.37" in r.deemed_if_not_done


def test_new_service_first_due_three_months_after_start(regs):
    data = copy.deepcopy(BASE)
    data["service"]["started_on"] = "2025-11-30"
    r = assess_childrens_access(parse_profile(data), today=TODAY, registers=regs)
    assert r.first_due == dt.date(2026, 2, 28)


def test_not_required_outside_part_3(regs):
    r = assess_childrens_access(make(), today=TODAY, registers=regs, regimes=("part5_pornography",))
    assert not r.applies and r.reasons[0].startswith("The Act does not require")
    data = copy.deepcopy(BASE)
    data["scope"] = {"user_to_user": False, "provider_pornography": True}
    assert not assess_childrens_access(parse_profile(data), today=TODAY, registers=regs).applies


def test_fixture_registers_work(regs):
    fixture = load_registers(FIXTURE_EDITION, path=FIXTURE_REGISTERS)
    r = assess_childrens_access(
        make(**HEAA, age_assurance_methods=["credit_card_check"]), TODAY, fixture
    )
    assert r.possible is False and r.first_due == dt.date(2000, 4, 16)


def test_to_dict_has_the_interface_keys(regs):
    d = assess(regs).to_dict()
    assert set(d) >= {"possible", "child_user_condition", "likely_accessed", "reasons"}
    assert d["next_due"] == "2027-01-05"


def test_bad_arguments(regs):
    with pytest.raises(InvalidInputError, match="'profile'"):
        assess_childrens_access({}, registers=regs)
    with pytest.raises(InvalidInputError, match="'today'"):
        assess_childrens_access(make(), today="2026-01-01", registers=regs)
