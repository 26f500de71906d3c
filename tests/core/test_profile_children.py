"""The children's risk assessment keys of a profile: defaults, strict reading, round trips."""

from __future__ import annotations

import copy

import pytest
from osa_toolkit.files.profiles import load_presets, load_profile

from osa_toolkit.core.errors import ProfileError
from osa_toolkit.core.profile import NonDesignated, parse_profile, profile_to_dict, replace_in

MINIMAL = {"profile_version": 1, "service": {"name": "Demo"}, "scope": {"user_to_user": True}}
FULL_CHILDREN = {
    "likely_to_attract_children": True,
    "terms_prohibit": {"pornography": True, "suicide": "unknown", "bullying": False},
    "takedown_feasible": False,
    "principal_purpose": "pc",
    "age_groups_present": ["age_13_15", "age_16_17"],
    "non_designated": [
        {"id": "gambling_ads", "name": "Gambling adverts", "description": "Betting promotions"},
        {"id": "depression"},
    ],
}


def with_children(**children):
    data = copy.deepcopy(MINIMAL)
    data["children"] = children
    return data


def error_of(data) -> str:
    with pytest.raises(ProfileError) as err:
        parse_profile(data, source="kids.yaml")
    return str(err.value)


def test_defaults_when_left_out():
    c = parse_profile(MINIMAL).children
    assert c.terms_prohibit == () and c.prohibits("pornography") is None
    assert c.takedown_feasible is True and c.principal_purpose == "none"
    assert c.age_groups_present is None and c.non_designated == ()
    assert "terms_prohibit" not in profile_to_dict(parse_profile(MINIMAL))["children"]


def test_every_key_is_read():
    c = parse_profile(with_children(**FULL_CHILDREN)).children
    assert c.terms_prohibit == (("pornography", True), ("suicide", None), ("bullying", False))
    assert c.prohibits("bullying") is False and c.prohibits("suicide") is None
    assert c.takedown_feasible is False and c.principal_purpose == "pc"
    assert c.age_groups_present == ("age_13_15", "age_16_17")
    assert c.non_designated[0] == NonDesignated(
        "gambling_ads", "Gambling adverts", "Betting promotions"
    )
    assert c.non_designated[1] == NonDesignated("depression")


def test_round_trip_with_every_key_and_children_evidence():
    data = with_children(**FULL_CHILDREN)
    data["evidence"] = {
        "period_months": 6,
        "children_by_kind": {"bullying": {"reports": 4, "confirmed": 2}},
    }
    p = parse_profile(data)
    assert p.evidence.children_by_kind[0].harm == "bullying"
    written = profile_to_dict(p)
    assert written["children"]["terms_prohibit"]["suicide"] == "unknown"
    assert written["evidence"]["children_by_kind"] == {"bullying": {"reports": 4, "confirmed": 2}}
    assert parse_profile(written) == p


def test_examples_still_round_trip_and_write_no_new_keys():
    p = load_profile("kingsbury_cycling_forum")
    assert parse_profile(profile_to_dict(p), presets=load_presets()) == p
    assert set(profile_to_dict(p)["children"]) == {
        "highly_effective_age_assurance",
        "age_assurance_methods",
        "significant_number_of_child_users",
        "likely_to_attract_children",
    }


@pytest.mark.parametrize(
    ("children", "words"),
    [
        ({"terms_prohibit": ["pornography"]}, ["'children.terms_prohibit'", "a section of"]),
        ({"terms_prohibit": {"pornography": "yes"}}, ["'children.terms_prohibit.pornography'", "true, false or unknown"]),
        ({"terms_prohibit": {"Porn Ography": True}}, ["'children.terms_prohibit'", "children's content ids"]),
        ({"takedown_feasible": "unknown"}, ["'children.takedown_feasible'", "true or false"]),
        ({"principal_purpose": "ppcs"}, ["'children.principal_purpose'", "none, ppc, pc", "did you mean 'ppc'"]),
        ({"age_groups_present": []}, ["'children.age_groups_present'", "at least one"]),
        ({"age_groups_present": ["Teens"]}, ["'children.age_groups_present'", "'Teens'"]),
        ({"non_designated": {"id": "x"}}, ["'children.non_designated'", "a list"]),
        ({"non_designated": [{"id": "x", "nme": "X"}]}, ["'children.non_designated[1].nme'", "did you mean 'name'"]),
        ({"non_designated": [{"name": "X"}]}, ["'children.non_designated[1].id' is required"]),
        ({"non_designated": [{"id": "a b"}]}, ["'children.non_designated[1].id'"]),
        ({"non_designated": [{"id": "x", "name": "X"}, {"id": "x", "name": "Y"}]}, ["'children.non_designated[2].id'", "repeats"]),
        ({"term_prohibit": {}}, ["'children.term_prohibit'", "did you mean 'terms_prohibit'"]),
    ],
)  # fmt: skip
def test_bad_children_answers_are_refused_in_one_sentence(children, words):
    message = error_of(with_children(**children))
    assert message.startswith("kids.yaml: ") and message.endswith((".", "?"))
    for word in words:
        assert word in message


def test_children_evidence_keys_are_checked():
    data = copy.deepcopy(MINIMAL)
    data["evidence"] = {"children_by_kind": {"bullying": {"reprts": 1}}}
    assert "'evidence.children_by_kind.bullying.reprts'" in error_of(data)
    data["evidence"] = {"children_by_kind": ["bullying"]}
    assert "'evidence.children_by_kind'" in error_of(data)


def test_replace_in_sets_the_new_answers():
    p = parse_profile(MINIMAL)
    p = replace_in(p, "children.terms_prohibit", (("pornography", False),))
    p = replace_in(p, "children.principal_purpose", "ppc")
    assert p.children.prohibits("pornography") is False and p.children.principal_purpose == "ppc"
    assert parse_profile(profile_to_dict(p)) == p
