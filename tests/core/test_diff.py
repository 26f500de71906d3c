"""Differences between two assessment records: exactly what changed, and in plain words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.core.method.subject import Override

from osa_toolkit.core.diff import FieldChange, diff_records, diff_to_dict, diff_to_text
from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.record import (
    Governance,
    MeasureDecision,
    record_from_assessment,
    record_from_dict,
    record_to_dict,
)
from osa_toolkit.core.registers import load_registers
from tests.core.profiles import profile

TODAY = dt.date(2026, 11, 28)
GOV = Governance(responsible_person="Sam Lee", completed_by="Sam Lee")


def record(p=None, edition="2026-06", governance=GOV, decisions=None, **kw):
    p = p or profile()
    a = assess_illegal_content(p, load_registers(edition), today=TODAY, **kw)
    return record_from_assessment(a, p, governance, decisions)


@pytest.fixture(scope="module")
def base():
    return record()


def test_identical_records_give_an_empty_diff(base):
    diff = diff_records(base, record())
    assert diff.is_empty
    assert diff_to_text(diff) == "No differences: the two records say the same."
    assert diff_to_dict(diff)["is_empty"] is True


def test_a_record_and_its_json_round_trip_do_not_differ(base):
    again = record_from_dict(json.loads(json.dumps(record_to_dict(base))))
    assert diff_records(base, again).is_empty


def test_turning_on_direct_messaging_changes_exactly_that_answer_and_grooming(base):
    new = record(profile(**{"functionalities.direct_messaging": True}))
    diff = diff_records(base, new)
    assert diff.profile_changed == (FieldChange("functionalities.direct_messaging", False, True),)
    assert not diff.profile_added and not diff.profile_removed
    # direct messages are linked to grooming and to links to CSAM: with them, both kinds have the
    # "several factors" that Ofcom's CSEA tables put at least at medium
    assert [(c.harm_id, c.old_level, c.new_level) for c in diff.levels] == [
        ("csea_grooming", "low", "medium"),
        ("csea_csam_urls", "low", "medium"),
    ]
    assert diff.edition is None and not diff.governance
    # the use-to-commit-offences level follows the highest priority kind: grooming's medium
    assert diff.record == (FieldChange("facilitation_level", "low", "medium"),)
    # a kind at medium brings the complaint measures for services at medium or high risk
    assert {m.measure_id for m in diff.measures_added} == {"ICU D4", "ICU D6"}
    assert not (diff.measures_removed or diff.measures_changed)
    assert diff_to_text(diff).splitlines() == [
        "Risk of use to commit or facilitate offences: low → medium",
        "Grooming: low → medium (indicative low → medium)",
        "Links to child sexual abuse material: low → medium (indicative low → medium)",
        "Added measure ICU D4 (Acknowledge complaints with a timeframe): recommended, not yet decided",
        "Added measure ICU D6 (Opt out of messages after a complaint): recommended, not yet decided",
        "functionalities.direct_messaging: false → true",
    ]


def test_growing_past_seven_million_adds_and_removes_measures(base):
    users = {"uk_monthly_active_users": 8_000_000, "total_monthly_active_users": 9_000_000}
    big = record(profile(users=users))
    diff = diff_records(base, big)
    added = {m.measure_id for m in diff.measures_added}
    removed = {m.measure_id for m in diff.measures_removed}
    assert "ICU D8" in added and "ICU D9" in removed
    assert ("large_service", False, True) in [(c.key, c.old, c.new) for c in diff.record]
    assert diff.profile_changed == (
        FieldChange("users.uk_monthly_active_users", 1200, 8_000_000),
        FieldChange("users.total_monthly_active_users", 1500, 9_000_000),
    )
    lines = diff_to_text(diff).splitlines()
    d8 = big.measure("ICU D8")
    assert f"Added measure ICU D8 ({d8.title}): recommended, not yet decided" in lines
    assert f"Removed measure ICU D9 ({base.measure('ICU D9').title})" in lines
    assert "Large service: no → yes" in lines
    assert "users.uk_monthly_active_users: 1200 → 8000000" in lines


def test_edition_change_is_shown_first(base):
    old = record(edition="2024-12")
    diff = diff_records(old, base)
    assert diff.edition == FieldChange("edition", "2024-12", "2026-06")
    assert diff_to_text(diff).splitlines()[0] == "Edition: 2024-12 → 2026-06"
    assert diff.harms_added or diff.harms_removed or diff.levels


def test_measure_status_and_governance_changes(base):
    decided = record(
        decisions={
            "ICU C1": MeasureDecision(
                id="ICU C1",
                title="",
                code="ICU",
                area="",
                why=(),
                status="in_place",
                effective_on=dt.date(2022, 4, 25),
            )
        },
        governance=dataclasses.replace(GOV, approved_by="Jo Bloggs", status="final"),
    )
    diff = diff_records(base, decided)
    (update,) = diff.measures_changed
    assert update.measure_id == "ICU C1" and update.status_changed
    assert [c.key for c in update.changes] == ["status", "effective_on"]
    assert [(c.key, c.old, c.new) for c in diff.governance] == [
        ("approved_by", "", "Jo Bloggs"),
        ("status", "draft", "final"),
    ]
    lines = diff_to_text(diff).splitlines()
    title = base.measure("ICU C1").title
    assert (
        f"ICU C1 ({title}): status recommended, not yet decided → in place; "
        "effective date (none) → 2022-04-25"
    ) in lines
    assert "Approved by: (blank) → Jo Bloggs" in lines
    assert "Status: draft → final" in lines


def test_an_override_changes_the_final_level_only(base):
    over = record(overrides={"hate": Override("hate", "medium", "two incidents", "mod log")})
    (change,) = diff_records(base, over).levels
    assert (change.old_level, change.new_level) == ("low", "medium")
    assert change.old_indicative == change.new_indicative == "low"
    assert "Hate: low → medium" in diff_to_text(diff_records(base, over)).splitlines()


def test_added_and_removed_profile_keys_are_listed(base):
    data = record_to_dict(base)
    data["profile"]["service"]["url"] = "https://forum.example.org"
    del data["profile"]["evidence"]["moderation"]
    diff = diff_records(base, record_from_dict(data))
    assert diff.profile_added == (FieldChange("service.url", None, "https://forum.example.org"),)
    assert diff.profile_removed == (FieldChange("evidence.moderation", "post", None),)
    assert diff_to_text(diff).splitlines() == [
        "service.url: added (https://forum.example.org)",
        "evidence.moderation: removed (was post)",
    ]


def test_diff_to_dict_is_json_ready(base):
    diff = diff_records(base, record(profile(**{"functionalities.direct_messaging": True})))
    data = json.loads(json.dumps(diff_to_dict(diff)))
    assert data["levels"][0]["harm_id"] == "csea_grooming"
    assert data["profile_changed"] == [
        {"key": "functionalities.direct_messaging", "old": False, "new": True}
    ]
    assert any(line.startswith("Grooming: low → medium") for line in data["text"])
    assert data["is_empty"] is False


def test_bad_input_is_refused_with_one_sentence(base):
    with pytest.raises(InvalidInputError, match="'new' must be an AssessmentRecord; got 'dict'"):
        diff_records(base, record_to_dict(base))
