"""The regulation checker: every statutory route in and out of scope, duties and their dates."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from osa_toolkit.files.profiles import load_profile

from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.profile import parse_profile
from osa_toolkit.core.registers import list_editions, load_registers
from osa_toolkit.core.scope import check_scope, law
from tests.conftest import FIXTURE_EDITION, FIXTURE_REGISTERS

TODAY = dt.date(2026, 1, 5)
U2U, SEARCH, P5 = "part3_user_to_user", "part3_search", "part5_pornography"

BASE = {
    "profile_version": 1,
    "service": {"name": "Test service"},
    "scope": {
        "user_to_user": True,
        "uk_target_market": True,
        "significant_uk_users": False,
        "uk_material_risk_of_significant_harm": False,
    },
    "users": {"uk_monthly_active_users": 40, "total_monthly_active_users": 60},
    "service_types": ["discussion_forum"],
    "children": {"significant_number_of_child_users": False, "likely_to_attract_children": False},
    "functionalities": {"user_profiles": True, "commenting": True, "hyperlinks": True},
}
COMMENTS_ONLY = {
    "scope.ugc_limited_to": ["comments_on_provider_content"],
    "service_types": [],
    "functionalities": {"commenting": True, "hyperlinks": True, "anonymous_profiles": True},
}
NO_LINKS = {
    "scope.uk_target_market": False,
    "scope.significant_uk_users": False,
    "scope.uk_material_risk_of_significant_harm": False,
}


def make(**changes):
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = data
        for p in parents:
            node = node.setdefault(p, {})
        node[last] = value
    return parse_profile(data, source="test.yaml")


@pytest.fixture(scope="module")
def regs():
    return load_registers()


def check(regs, **changes):
    return check_scope(make(**changes), regs, today=TODAY)


# (case id, profile changes, in_scope, regimes, exemptions)
CASES = [
    # --- links with the UK (s.4(5)-(6)); any one is enough for Part 3
    ("L2 target market", {}, True, (U2U,), ()),
    (
        "L1 significant UK users alone",
        {"scope.uk_target_market": False, "scope.significant_uk_users": True},
        True,
        (U2U,),
        (),
    ),
    (
        "L3 material risk alone",
        {"scope.uk_target_market": False, "scope.uk_material_risk_of_significant_harm": True},
        True,
        (U2U,),
        (),
    ),
    ("no UK links", NO_LINKS, False, (), ()),
    (
        "all links unknown: treated as linked",
        {
            "scope.uk_target_market": "unknown",
            "scope.significant_uk_users": "unknown",
            "scope.uk_material_risk_of_significant_harm": "unknown",
        },
        True,
        (U2U,),
        (),
    ),
    # --- kinds of service (s.3)
    (
        "search service only",
        {
            "scope.user_to_user": False,
            "scope.search_engine": True,
            "service_types": [],
            "functionalities": {},
        },
        True,
        (SEARCH,),
        (),
    ),
    ("combined U2U and search", {"scope.search_engine": True}, True, (U2U, SEARCH), ()),
    (
        "neither U2U, search nor porn",
        {"scope.user_to_user": False, "service_types": [], "functionalities": {}},
        False,
        (),
        (),
    ),
    # --- no size exemption
    (
        "tiny forum, 3 UK users",
        {"users.uk_monthly_active_users": 3, "users.total_monthly_active_users": 3},
        True,
        (U2U,),
        (),
    ),
    # --- Schedule 1 paras 1-5: exempt kinds of user content
    (
        "para 1 email only",
        {
            "scope.ugc_limited_to": ["email"],
            "service_types": [],
            "functionalities": {"direct_messaging": True, "hyperlinks": True},
        },
        False,
        (),
        ("email_only",),
    ),
    (
        "para 2 SMS and MMS only",
        {
            "scope.ugc_limited_to": ["sms", "mms"],
            "service_types": ["messaging"],
            "functionalities": {"direct_messaging": True, "posting_images_or_videos": True},
        },
        False,
        (),
        ("sms_mms_only",),
    ),
    (
        "para 3 one-to-one voice only",
        {
            "scope.ugc_limited_to": ["one_to_one_live_aural"],
            "service_types": [],
            "functionalities": {"direct_messaging": True},
        },
        False,
        (),
        ("one_to_one_aural_only",),
    ),
    ("para 4 comments on provider content", COMMENTS_ONLY, False, (), ("limited_functionality",)),
    (
        "para 4 reviews on provider content",
        {
            **COMMENTS_ONLY,
            "scope.ugc_limited_to": ["reviews_on_provider_content", "comments_on_provider_content"],
        },
        False,
        (),
        ("limited_functionality",),
    ),
    (
        "para 5 combination",
        {**COMMENTS_ONLY, "scope.ugc_limited_to": ["email", "comments_on_provider_content"]},
        False,
        (),
        ("combination_of_exempt",),
    ),
    # --- para 4 ends as soon as users can do more
    (
        "para 4 lost: profile pages with more than a name and picture",
        {**COMMENTS_ONLY, "functionalities": {"commenting": True, "profile_pages": True}},
        True,
        (U2U,),
        (),
    ),
    (  # D7: names and avatars beside comments are identifying content, allowed by para 4(1)(d)
        "para 4 kept: user names and pictures",
        {**COMMENTS_ONLY, "functionalities": {"commenting": True, "user_profiles": True}},
        False,
        (),
        ("limited_functionality",),
    ),
    (
        "para 4 lost: direct messages",
        {**COMMENTS_ONLY, "functionalities": {"commenting": True, "direct_messaging": True}},
        True,
        (U2U,),
        (),
    ),
    (
        "para 4 lost: images",
        {
            **COMMENTS_ONLY,
            "functionalities": {"commenting": True, "posting_images_or_videos": True},
        },
        True,
        (U2U,),
        (),
    ),
    (
        "para 4 lost: groups",
        {**COMMENTS_ONLY, "functionalities": {"commenting": True, "user_groups": True}},
        True,
        (U2U,),
        (),
    ),
    (
        "para 4 lost: a forum",
        {**COMMENTS_ONLY, "service_types": ["discussion_forum"]},
        True,
        (U2U,),
        (),
    ),
    (
        "para 1 lost: a forum beside the email",
        {"scope.ugc_limited_to": ["email"]},
        True,
        (U2U,),
        (),
    ),
    (
        "exempt comments plus a search engine",
        {**COMMENTS_ONLY, "scope.search_engine": True},
        True,
        (SEARCH,),
        ("limited_functionality",),
    ),
    # --- Schedule 1 paras 7, 9, 10: exempt services
    (
        "para 7 internal business",
        {"scope.service_exemption": "internal_business"},
        False,
        (),
        ("internal_business",),
    ),
    (
        "para 9 public body",
        {"scope.service_exemption": "public_body", "provider.kind": "public_body"},
        False,
        (),
        ("public_body",),
    ),
    (
        "para 10 education or childcare",
        {"scope.service_exemption": "education_childcare"},
        False,
        (),
        ("education_childcare",),
    ),
    # --- Part 5: provider pornography (links only L1/L2, s.80(4))
    (
        "Part 5 plain website",
        {
            "scope.user_to_user": False,
            "scope.provider_pornography": True,
            "service_types": [],
            "functionalities": {},
        },
        True,
        (P5,),
        (),
    ),
    ("Part 5 and Part 3 together", {"scope.provider_pornography": True}, True, (U2U, P5), ()),
    (
        "para 6 carve-back: exempt comments + provider porn",
        {**COMMENTS_ONLY, "scope.provider_pornography": True},
        True,
        (P5,),
        ("limited_functionality", "provider_porn_carveback"),
    ),
    (
        "para 6 carve-back: email only + provider porn",
        {
            "scope.ugc_limited_to": ["email"],
            "service_types": [],
            "functionalities": {"direct_messaging": True},
            "scope.provider_pornography": True,
        },
        True,
        (P5,),
        ("email_only", "provider_porn_carveback"),
    ),
    (
        "Part 5 needs L1/L2: website with L3 only",
        {
            **NO_LINKS,
            "scope.uk_material_risk_of_significant_harm": True,
            "scope.user_to_user": False,
            "scope.provider_pornography": True,
            "service_types": [],
            "functionalities": {},
        },
        False,
        (),
        (),
    ),
    (
        "L3 only: Part 3 yes, Part 5 no",
        {
            **NO_LINKS,
            "scope.uk_material_risk_of_significant_harm": True,
            "scope.provider_pornography": True,
        },
        True,
        (U2U,),
        (),
    ),
    (
        "Part 5 with L1 alone",
        {
            **NO_LINKS,
            "scope.significant_uk_users": True,
            "scope.user_to_user": False,
            "scope.provider_pornography": True,
            "service_types": [],
            "functionalities": {},
        },
        True,
        (P5,),
        (),
    ),
    (
        "Part 5 without links",
        {
            **NO_LINKS,
            "scope.user_to_user": False,
            "scope.provider_pornography": True,
            "service_types": [],
            "functionalities": {},
        },
        False,
        (),
        (),
    ),
    (
        "internal business with porn: no Part 5 (s.80(5))",
        {"scope.service_exemption": "internal_business", "scope.provider_pornography": True},
        False,
        (),
        ("internal_business",),
    ),
]


@pytest.mark.parametrize(
    ("case", "changes", "in_scope", "regimes", "exemptions"), CASES, ids=[c[0] for c in CASES]
)
def test_statutory_routes(regs, case, changes, in_scope, regimes, exemptions):
    r = check(regs, **changes)
    assert (r.in_scope, r.regimes, r.exemptions) == (in_scope, regimes, exemptions)
    assert r.reasons and all(s.endswith(".") for s in r.reasons)
    assert r.reasons[0].startswith("In scope" if in_scope else "Not in scope")
    if not in_scope:
        assert r.duties == ()


def test_unknown_links_are_flagged_and_explained(regs):
    r = check(
        regs,
        **{
            "scope.uk_target_market": "unknown",
            "scope.significant_uk_users": False,
            "scope.uk_material_risk_of_significant_harm": "unknown",
        },
    )
    assert r.uk_links is None and r.in_scope
    assert r.unknowns[:2] == (
        "scope.uk_target_market",
        "scope.uk_material_risk_of_significant_harm",
    )
    assert any("treated as having links with the UK" in s for s in r.reasons)


def test_unknowns_that_do_not_matter_are_not_listed(regs):
    # L2 is yes, so the unknown L1 and L3 answers change nothing
    r = check(
        regs,
        **{
            "scope.significant_uk_users": "unknown",
            "scope.uk_material_risk_of_significant_harm": "unknown",
        },
    )
    assert "scope.significant_uk_users" not in r.unknowns
    assert "scope.uk_material_risk_of_significant_harm" not in r.unknowns


def test_part5_unknowns_use_only_the_two_part5_tests(regs):
    r = check(
        regs,
        **{
            **NO_LINKS,
            "scope.significant_uk_users": "unknown",
            "scope.user_to_user": False,
            "scope.provider_pornography": True,
            "service_types": [],
            "functionalities": {},
        },
    )
    assert r.regimes == (P5,) and r.part5_uk_links is None
    assert r.unknowns == ("scope.significant_uk_users",)
    assert any("s.80(4)" in s for s in r.reasons)


def test_no_size_exemption_is_said(regs):
    r = check(regs, **{"users.uk_monthly_active_users": 3, "users.total_monthly_active_users": 3})
    assert any("no exemption for small" in s and "3 monthly UK users" in s for s in r.reasons)


def test_lost_para4_names_what_ended_it(regs):
    r = check(
        regs, **{**COMMENTS_ONLY, "functionalities": {"commenting": True, "direct_messaging": True}}
    )
    text = " ".join(r.reasons)
    assert "direct messages (5b)" in text and "does not apply" in text


def test_carve_back_reason_cites_schedule_2_para_1(regs):
    r = check(regs, **{**COMMENTS_ONLY, "scope.provider_pornography": True})
    # C7: Sch.1 para 6 could not be verified; Sch.2 para 1 is the provision seen.
    assert any("Schedule 2 para 1" in s for s in r.reasons)
    assert not any("para 6" in s for s in r.reasons)
    assert [d.id for d in r.duties] == ["part5_duties"]


def test_public_body_exemption_warns_on_provider_kind(regs):
    r = check(regs, **{"scope.service_exemption": "public_body", "provider.kind": "company"})
    assert any(s.startswith("Check this") for s in r.reasons)


def test_every_exemption_id_is_in_the_register():
    for edition in list_editions():
        ids = {e.id for e in load_registers(edition).exemptions}
        assert set(law.EXEMPTION_IDS) <= ids, edition


# ----------------------------------------------------------------------------- duties


def test_duties_of_an_established_forum(regs):
    r = check(regs)
    due = {d.id: d for d in r.duties}
    assert due["illegal_content_risk_assessment"].due == dt.date(2025, 3, 16)
    assert due["childrens_access_assessment"].due == dt.date(2025, 4, 16)
    assert "part5_duties" not in due
    # not likely accessed by children (both stage-2 answers no), so no children's risk assessment
    assert "childrens_risk_assessment" not in due
    assert [d.due for d in r.duties] == sorted(d.due for d in r.duties)
    assert any("passed" in s for s in due["illegal_content_risk_assessment"].reasons)


def test_new_service_gets_three_months_from_its_start(regs):
    r = check(regs, **{"service.started_on": "2025-09-01"})
    due = {d.id: d for d in r.duties}
    assert due["illegal_content_risk_assessment"].due == dt.date(2025, 12, 1)
    assert due["childrens_access_assessment"].due == dt.date(2025, 12, 1)
    assert due["illegal_content_duties"].due == dt.date(2025, 9, 1)  # from launch
    assert any(
        "3 months from its start" in s for s in due["illegal_content_risk_assessment"].reasons
    )
    assert r.childrens_access.first_due == dt.date(2025, 12, 1)


def test_children_duties_follow_the_access_assessment(regs):
    r = check(regs, **{"children.likely_to_attract_children": "unknown"})
    due = {d.id: d for d in r.duties}
    assert due["childrens_risk_assessment"].status == "applies"
    assert any("only treated as met" in s for s in due["childrens_risk_assessment"].reasons)
    assert "children.likely_to_attract_children" in r.unknowns


def test_unknown_conditions_become_may_apply(regs):
    r = check(regs)
    porn_heaa = next(d for d in r.duties if d.id == "heaa_user_generated_pornography")
    assert porn_heaa.status == "may_apply"
    assert porn_heaa.reasons[0].startswith("This may apply")


def test_fixture_registers_give_fixture_dates():
    regs = load_registers(FIXTURE_EDITION, path=FIXTURE_REGISTERS)
    r = check_scope(make(), regs, today=TODAY)
    assert r.edition == FIXTURE_EDITION
    assert [(d.id, d.due) for d in r.duties] == [
        ("illegal_content_risk_assessment", dt.date(2000, 3, 16)),
        ("illegal_content_duties", dt.date(2000, 3, 17)),
        ("childrens_access_assessment", dt.date(2000, 4, 16)),
    ]


def test_to_dict_has_the_check_json_contract(regs):
    d = check(regs).to_dict()
    for key in (
        "in_scope",
        "regimes",
        "exemptions",
        "duties",
        "reasons",
        "unknowns",
        "childrens_access",
    ):
        assert key in d
    assert set(d["duties"][0]) >= {"id", "title", "due", "reasons"}
    assert set(d["childrens_access"]) >= {
        "possible",
        "child_user_condition",
        "likely_accessed",
        "reasons",
    }


def test_bad_arguments_are_refused(regs):
    with pytest.raises(InvalidInputError, match="'profile'"):
        check_scope({"service": {}}, regs)
    with pytest.raises(InvalidInputError, match="'registers'"):
        check_scope(make(), "2026-06")
    with pytest.raises(InvalidInputError, match="'today'"):
        check_scope(make(), regs, today="2026-01-01")


# ----------------------------------------------------------------------------- examples

EXAMPLES = [
    ("kingsbury_cycling_forum", True, (U2U,), (), True),
    ("tyneside_social_mastodon", True, (U2U,), (), True),
    ("shropshire_plant_swap_marketplace", True, (U2U,), (), False),
    (
        "velvet_lens_studio",
        True,
        (P5,),
        ("limited_functionality", "provider_porn_carveback"),
        False,
    ),
    ("hedgerow_notes_blog", False, (), ("limited_functionality",), None),
]


@pytest.mark.parametrize(("example", "in_scope", "regimes", "exemptions", "likely"), EXAMPLES)
def test_examples_give_the_careful_readers_answer(
    regs, example, in_scope, regimes, exemptions, likely
):
    r = check_scope(load_profile(example), regs, today=TODAY)
    assert (r.in_scope, r.regimes, r.exemptions) == (in_scope, regimes, exemptions)
    caa = r.childrens_access
    if likely is None:
        assert not caa.applies
    elif regimes == (P5,):
        assert not caa.applies and not caa.possible  # HEAA with capable methods
    else:
        assert caa.applies and caa.likely_accessed is likely


def test_marketplace_is_a_new_service(regs):
    r = check_scope(load_profile("shropshire_plant_swap_marketplace"), regs, today=TODAY)
    due = {d.id: d.due for d in r.duties}
    assert due["illegal_content_risk_assessment"] == dt.date(2025, 12, 1)
