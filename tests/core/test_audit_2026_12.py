"""The corrections from the regulatory audit of December 2026 (issue 12): one test per finding.

Each test is named after the audit's finding (D1-D11 defects, C1-C12 smaller findings) and fails on
the code the audit examined (commit 322ea07).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from urllib.parse import urlparse

import numpy as np
import pytest

from osa_toolkit.core.analysis.fact_columns import FactColumns
from osa_toolkit.core.assessments.childrens_risk import assess_childrens_risk
from osa_toolkit.core.assessments.illegal_content import (
    assess_illegal_content,
    assessment_to_dict,
    base_facts,
)
from osa_toolkit.core.conditions import parse
from osa_toolkit.core.facts import ServiceFacts, justify
from osa_toolkit.core.method.measures import multi_risk_harms
from osa_toolkit.core.method.subject import Override
from osa_toolkit.core.record import record_from_assessment, record_from_dict, record_to_dict
from osa_toolkit.core.registers import load_registers
from osa_toolkit.core.scope import check_scope
from osa_toolkit.core.scope.childrens_access import assess_childrens_access
from osa_toolkit.core.vocabulary import CONFIDENCE_HOSTS
from osa_toolkit.paths import registers_dir
from tests.conftest import EDITIONS
from tests.core.profiles import DELETE, profile

TODAY = dt.date(2026, 11, 28)
LARGE_OR_MULTI = {f"ICU {m}" for m in ("A3", "A5", "A6", "A7", "C3", "C4", "C5", "C6", "C7", "C8")}


def regs26():
    return load_registers("2026-06")


def with_levels(p, levels: dict[str, str], edition: str = "2026-06", today=TODAY):
    """Assess ``p`` with every harm low except ``levels`` (the assessor's final levels)."""
    regs = load_registers(edition)
    overrides = {h.id: Override(h.id, "low", "checked: nothing found") for h in regs.harms}
    overrides.update({h: Override(h, lvl, "assessor's final level") for h, lvl in levels.items()})
    return assess_illegal_content(p, regs, overrides=overrides, today=today)


# ----------------------------------------------------------------------------- D1 multi-risk


@pytest.mark.parametrize("edition", EDITIONS)
def test_D1_grooming_and_fraud_at_medium_is_multi_risk(edition):
    a = with_levels(profile(), {"csea_grooming": "medium", "fraud": "medium"}, edition)
    assert a.multi_risk is True
    ids = set(a.measure_ids)
    assert "ICU D8" in ids and "ICU D9" not in ids
    assert LARGE_OR_MULTI <= ids
    d8 = next(m for m in a.measures if m.id == "ICU D8")
    assert any("multi-risk" in w and "grooming" in w for w in d8.why)
    assert not any("csea_" in w for m in a.measures for w in m.why)  # names, not ids


def test_D1_csea_counts_once_as_one_kind():
    three = {h: "high" for h in ("csea_grooming", "csea_image_csam", "csea_csam_urls")}
    a = with_levels(profile(**{"functionalities.posting_images_or_videos": True}), three)
    assert a.multi_risk is False and "ICU D9" in a.measure_ids
    b = with_levels(profile(), {"csea_csam_urls": "medium", "hate": "medium"})
    assert b.multi_risk is True


@pytest.mark.parametrize("edition", EDITIONS)
def test_D1_multi_risk_kinds_are_data_not_code(edition):
    regs = load_registers(edition)
    kinds = multi_risk_harms(regs)
    assert {kinds[h] for h in ("csea_grooming", "csea_image_csam", "csea_csam_urls")} == {"csea"}
    assert kinds["fraud"] == "fraud" and "other_illegal" not in kinds


# ----------------------------------------------------------------------------- D2 ICU C14


def _c14(p, level):
    return "ICU C14" in with_levels(p, {"intimate_image_abuse": level}).measure_ids


def test_D2_file_sharing_service_at_high_intimate_image_risk_gets_C14():
    base = {
        "users.uk_monthly_active_users": 50_000,
        "users.total_monthly_active_users": 60_000,
        "functionalities.posting_images_or_videos": True,
    }
    assert _c14(profile(**base, service_types=["file_sharing"]), "high")
    assert _c14(profile(**base, service_types=["adult"]), "high")
    assert not _c14(profile(**base), "high")  # a 50,000-user forum: none of the limbs
    assert not _c14(profile(**base, service_types=["file_sharing"]), "medium")
    large = {**base, "users.uk_monthly_active_users": 8_000_000}
    large["users.total_monthly_active_users"] = 9_000_000
    assert _c14(profile(**large), "medium")


# ----------------------------------------------------------------------------- D3/D4 coverage


def _search_profile():
    return profile(
        **{
            "scope.user_to_user": False,
            "scope.search_engine": True,
            "search": {"search_type": "vertical"},
            "functionalities": {},
            "service_types": [],
        }
    )


def test_D3_search_service_output_names_the_missing_ICS_measures():
    from osa_toolkit.cli import render_assess

    a = assess_illegal_content(_search_profile(), regs26(), today=TODAY)
    assert [m.id for m in a.measures] == ["ICS D6"]
    doc = assessment_to_dict(a)
    ics = next(c for c in doc["coverage"] if c["code"] == "ICS")
    assert "ICS D6" in ics["modelled"] and "ICS D1-D5" in ics["not_modelled"]
    assert "ICS C8" in ics["not_modelled"] and urlparse(ics["read_at"]).hostname.endswith(
        "ofcom.org.uk"
    )
    text = render_assess(a)
    assert "Not modelled" in text and "ICS D1-D5" in text


def test_D3_D4_coverage_reaches_the_saved_record():
    p = profile()
    a = assess_illegal_content(p, regs26(), today=TODAY)
    rec = record_from_assessment(a, p)
    data = record_to_dict(rec)
    assert [c["code"] for c in data["coverage"]] == ["ICU"]
    assert record_from_dict(data) == rec


def test_D4_children_measures_say_pcu_is_partial_and_multi_risk_is_approximated():
    p = profile(**{"children.significant_number_of_child_users": True})
    a = assess_childrens_risk(p, regs26(), today=TODAY)
    pcu = next(c for c in a.coverage if c.code == "PCU")
    assert "D8" in pcu.not_modelled and "19 of the more than 40" in pcu.modelled
    approximated = [m for m in a.measures if m.id in ("PCU D9", "PCU D12")]
    assert approximated
    for m in approximated:
        assert any("children's definition of multi-risk was not seen" in w for w in m.why), m.why


# ----------------------------------------------------------------------------- D5 new services


def test_D5_service_started_1_february_2025_has_its_first_risk_assessment_due_1_may_2025():
    p = profile(**{"service.started_on": "2025-02-01"})
    r = check_scope(p, load_registers("2024-12"), today=dt.date(2025, 3, 20))
    due = {d.id: d.due for d in r.duties}
    assert due["illegal_content_risk_assessment"] == dt.date(2025, 5, 1)
    assert due["childrens_access_assessment"] == dt.date(2025, 5, 1)
    ra = next(d for d in r.duties if d.id == "illegal_content_risk_assessment")
    assert not any("has passed" in x for x in ra.reasons)
    caa = assess_childrens_access(p, today=dt.date(2025, 3, 20), registers=load_registers())
    assert caa.first_due == dt.date(2025, 5, 1)


def test_D5_childrens_risk_assessment_counts_from_the_start_after_the_april_2025_guidance():
    p = profile(
        **{"service.started_on": "2025-05-01", "children.significant_number_of_child_users": True}
    )
    r = check_scope(p, load_registers("2024-12"), today=dt.date(2025, 6, 1))
    crs = next(d for d in r.duties if d.id == "childrens_risk_assessment")
    assert crs.due == dt.date(2025, 8, 1)  # not the 24 July 2025 deadline
    assert any("2025-04-24" in x for x in crs.reasons)


def test_D5_service_started_before_the_guidance_keeps_the_deadline():
    p = profile(**{"service.started_on": "2024-12-01"})
    due = {d.id: d.due for d in check_scope(p, regs26(), today=TODAY).duties}
    assert due["illegal_content_risk_assessment"] == dt.date(2025, 3, 16)


# ----------------------------------------------------------------------------- D6 ICU F1/F2


def test_D6_F1_F2_only_where_the_service_can_already_tell_users_ages():
    child = {"children.significant_number_of_child_users": True}
    a = with_levels(profile(**child), {"csea_grooming": "high"})
    assert {"ICU F1", "ICU F2"}.isdisjoint(a.measure_ids)
    b = with_levels(
        profile(**child, **{"children.determines_user_ages": True}), {"csea_grooming": "high"}
    )
    assert {"ICU F1", "ICU F2"} <= set(b.measure_ids)
    f1 = next(m for m in b.measures if m.id == "ICU F1")
    assert any("means of determining users' ages" in w for w in f1.why)


# ----------------------------------------------------------------------------- D7 para 4


def test_D7_comments_only_blog_showing_names_and_avatars_is_exempt_under_para_4():
    p = profile(
        **{
            "scope.ugc_limited_to": ["comments_on_provider_content"],
            "service_types": [],
            "functionalities": {"commenting": True, "user_profiles": True, "hyperlinks": True},
        }
    )
    r = check_scope(p, regs26(), today=TODAY)
    assert not r.in_scope and r.exemptions == ("limited_functionality",)
    assert any("identifying content" in x for x in r.reasons)
    pages = dataclasses.replace(
        p,
        functionalities=dataclasses.replace(p.functionalities, profile_pages=True),
    )
    r2 = check_scope(pages, regs26(), today=TODAY)
    assert r2.in_scope and any("profile pages" in x for x in r2.reasons)


# ----------------------------------------------------------------------------- D8 confidence


def _rows():
    for edition in EDITIONS:
        for path in sorted((registers_dir() / edition).glob("*.csv")):
            with path.open(newline="", encoding="utf-8") as fh:
                for i, row in enumerate(csv.DictReader(fh), start=2):
                    yield f"{edition}/{path.name} row {i}", row
        regs = load_registers(edition)
        yield f"{edition}/edition.toml thresholds", vars(regs.edition.thresholds)
        for c in regs.edition.coverage:
            yield (
                f"{edition}/edition.toml coverage {c.code}",
                {
                    "source": c.source,
                    "confidence": c.confidence,
                },
            )


def test_D8_no_row_claims_ofcom_or_law_unless_its_source_is_ofcom_or_legislation():
    checked = 0
    for where, row in _rows():
        host = urlparse(row["source"]).hostname
        allowed = CONFIDENCE_HOSTS.get(row["confidence"])
        if allowed is not None:
            checked += 1
            assert host in allowed, f"{where}: {row['confidence']} but the source is on {host}"
        if row["confidence"] == "ofcom_quoted":
            assert row.get("quoted_from"), f"{where}: ofcom_quoted without the Ofcom document"
    assert checked > 50


def test_D8_third_party_quotations_are_ofcom_quoted_and_stale_caveats_are_refreshed():
    regs = regs26()
    a3 = regs.measure("ICU A3")
    assert a3.confidence == "ofcom_quoted" and "Illegal content Codes" in a3.quoted_from
    assert "github.com/openzigs/onyourleft/blob/" in a3.source
    assert "was not seen in Ofcom's text" not in regs.measure("ICU C10").description
    crs = regs.key_date("childrens_risk_assessment")
    assert crs.confidence == "ofcom" and "ofcom.org.uk" in crs.source
    iir = regs.key_date("intimate_image_reports")
    assert iir.confidence == "law" and "verify" not in iir.title


# ----------------------------------------------------------------------------- D9 edition by date


def test_D9_assessment_dated_1_may_2025_uses_edition_2024_12():
    regs = load_registers(on=dt.date(2025, 5, 1))
    assert regs.edition.id == "2024-12" and "in force on 2025-05-01" in regs.edition_reason
    assert load_registers(on=dt.date(2026, 7, 1)).edition.id == "2026-06"
    a = assess_illegal_content(profile(), today=dt.date(2025, 5, 1))
    assert a.edition == "2024-12" and "cyberflashing" not in a.levels
    rec = record_from_assessment(a, profile())
    assert "in force on 2025-05-01" in record_to_dict(rec)["edition_reason"]


def test_D9_an_explicit_edition_still_wins_and_says_so():
    regs = load_registers("2026-06", on=dt.date(2025, 5, 1))
    assert regs.edition.id == "2026-06" and "chosen explicitly" in regs.edition_reason


def test_D9_cli_uses_the_edition_in_force_on_today(capsys):
    from osa_toolkit.cli import main

    assert main(["assess", "kingsbury_cycling_forum", "--today", "2025-05-01"]) == 0
    out = capsys.readouterr().out
    assert "edition 2024-12" in out and "in force on 2025-05-01" in out


# ----------------------------------------------------------------------------- D10 CSEA floors


def _floor(p, harm, level="high"):
    regs = regs26()
    facts = base_facts(p, regs, TODAY)[0]
    rule = next(r for r in regs.rules_for_harm(harm) if r.level == level)
    return facts.holds(rule.when)


def test_D10_pseudonymous_profiles_do_not_make_csam_links_high():
    assert (
        _floor(profile(**{"functionalities.anonymous_profiles": True}), "csea_csam_urls") is False
    )
    assert _floor(profile(**{"functionalities.posting_without_account": True}), "csea_csam_urls")


def test_D10_following_alone_does_not_make_grooming_high():
    dm = {
        "functionalities.direct_messaging": True,
        "functionalities.user_connections": True,
        "children.significant_number_of_child_users": True,
    }
    assert _floor(profile(**dm), "csea_grooming") is False
    lists = {**dm, "functionalities.visible_connection_lists": True}
    assert _floor(profile(**lists), "csea_grooming") is True


# ----------------------------------------------------------------------------- D11 age bands


@pytest.mark.parametrize("edition", EDITIONS)
def test_D11_age_bands_no_source_gives_are_unconfirmed(edition):
    assert {g.confidence for g in load_registers(edition).age_groups} == {"unconfirmed"}


# ----------------------------------------------------------------------------- unknown UK users


def test_unknown_uk_share_of_19_users_is_not_large():
    p = profile(**{"users.uk_monthly_active_users": None, "users.total_monthly_active_users": 19})
    a = assess_illegal_content(p, regs26(), today=TODAY)
    assert a.large_service is False
    assert {"ICU A1", "ICU A4", "ICU J1", "ICU J2", "ICU J3"}.isdisjoint(a.measure_ids)
    assert p.users.uk_users_at_most == 19


def test_unknown_users_with_no_bound_say_what_would_settle_it():
    p = profile(
        **{"users.uk_monthly_active_users": None, "users.total_monthly_active_users": DELETE}
    )
    a = assess_illegal_content(p, regs26(), today=TODAY)
    assert a.large_service is None
    a1 = next(m for m in a.measures if m.id == "ICU A1")
    assert a1.uncertain and any("would settle it" in w for w in a1.why)


def test_unknown_uk_users_bound_is_the_same_in_the_batch_mirror():
    profiles = [
        profile(**{"users.uk_monthly_active_users": None, "users.total_monthly_active_users": t})
        for t in (19, 9_000_000, None)
    ]
    cols = FactColumns(profiles, regs26(), TODAY)
    for fact, args in (("large_service", ()), ("uk_users_over", (700_000,))):
        one = [base_facts(p, regs26(), TODAY)[0](fact, args) for p in profiles]
        batch = cols.raw(fact, args)
        assert np.array_equal(batch, [{True: 1, False: -1, None: 0}[v] for v in one])
    assert cols.raw("large_service").tolist() == [-1, 0, 0]


# ----------------------------------------------------------------------------- C1-C12


def test_C1_children_content_wording_matches_the_act():
    regs = regs26()
    assert "encouraging" not in regs.children_kind("violence_animals").description
    assert "images or video." not in regs.children_kind("pornography").description
    assert "text alone" in regs.children_kind("pornography").description


def test_C2_mobile_network_check_reads_the_right_way_round():
    text = regs26().age_assurance_method("mobile_network_operator").explanation
    assert "turned off" in text and "has an adult content block, which shows" not in text


def test_C3_split_questions_are_labelled_as_the_toolkits_own():
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert "8c" in doc and "the split is the toolkit's own" in doc


def test_C4_search_box_over_own_content_is_not_a_search_engine_in_the_form_help():
    from osa_toolkit.widgets.profile_form import HELP

    assert "search box" in HELP["scope.search_engine"]


def test_C5_exempt_comments_plus_search_engine_is_not_told_u2u_duties_apply():
    p = profile(
        **{
            "scope.ugc_limited_to": ["comments_on_provider_content"],
            "scope.search_engine": True,
            "search": {"search_type": "general"},
            "service_types": [],
            "functionalities": {"commenting": True},
        }
    )
    r = check_scope(p, regs26(), today=TODAY)
    assert r.regimes == ("part3_search",)
    assert not any("user-to-user duties cover the rest" in x for x in r.reasons)
    assert any("user-to-user part is exempt" in x for x in r.reasons)


def test_C6_s66_reporting_title_covers_non_uk_providers():
    assert "non-UK providers" in regs26().key_date("nca_csea_reporting").title


def test_C7_carve_back_cites_schedule_2_para_1():
    assert regs26().exemption("provider_porn_carveback").provision == "Sch.2 para 1"


def test_C8_C9_unverified_conditions_stay_labelled():
    regs = regs26()
    assert regs.measure("ICU E1").confidence != "ofcom"
    assert "were not seen" in regs.measure("ICU E1").description
    icu = next(c for c in regs.edition.coverage if c.code == "ICU")
    assert "J1-J3" in icu.not_modelled and "E1" in icu.not_modelled


def test_C10_pcu_b5_ties_the_risk_and_the_terms_to_the_same_kind():
    regs = regs26()
    b5 = regs.measure("PCU B5").applies_when
    p = profile()
    facts = ServiceFacts(
        profile=p,
        thresholds=regs.edition.thresholds,
        child_levels={"bullying": "high", "violence_animals": "low"},
        child_kind_categories={"bullying": "pc", "violence_animals": "pc"},
        allowed_content={"bullying": False, "violence_animals": True},
    )
    assert facts.holds(b5) is False
    both = dataclasses.replace(facts, allowed_content={"bullying": True, "violence_animals": True})
    assert both.holds(b5) is True
    assert justify(parse("allowed_kind_at_least(any_pc, medium)"), both)


def test_C11_search_only_service_is_not_pointed_at_pcu_measures():
    p = dataclasses.replace(
        _search_profile(),
        children=dataclasses.replace(
            _search_profile().children, significant_number_of_child_users=True
        ),
    )
    a = assess_childrens_risk(p, regs26(), today=TODAY)
    assert a.required and not a.measures
    assert not any("PCU" in f.message for f in a.evidence_check)
    assert [c.code for c in a.coverage] == ["PCS"]


def test_C12_other_illegal_content_is_left_out_of_multi_risk_and_the_docs_say_so():
    from pathlib import Path

    assert "other_illegal" not in multi_risk_harms(regs26())
    doc = (Path(__file__).parents[2] / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert "other illegal content" in doc.lower() and "not verified" in doc
