"""The children's risk assessment: who needs it, levels per kind and age group, overrides, measures."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from osa_toolkit.core.assessments.childrens_risk import assess_childrens_risk
from osa_toolkit.core.method.subject import Override
from osa_toolkit.core.method.weights import load_weights, merge_weights, weights_from_mapping
from osa_toolkit.files.profiles import load_profile

from osa_toolkit.core.errors import InvalidInputError, ProfileError, WeightsError
from osa_toolkit.core.registers import load_registers
from osa_toolkit.core.vocabulary import FUNCTIONALITIES, level_index
from tests.conftest import FIXTURE_EDITION, FIXTURE_REGISTERS
from tests.core.profiles import profile

TODAY = dt.date(2026, 11, 28)
CHILD = {"children.likely_to_attract_children": True}


@pytest.fixture(scope="module")
def regs():
    return load_registers()


@pytest.fixture(scope="module")
def weights():
    return load_weights()


def run(p, regs, weights, **kwargs):
    return assess_childrens_risk(p, regs, weights, today=TODAY, **kwargs)


# ----------------------------------------------------------------------------- who needs it


def test_heaa_with_access_controls_means_not_required(regs, weights):
    p = profile(
        **CHILD,
        **{
            "children.highly_effective_age_assurance": True,
            "children.age_assurance_methods": ["photo_id_matching"],
        },
    )
    a = run(p, regs, weights)
    assert a.required is False and a.kinds == () and a.measures == ()
    assert a.childrens_access.possible is False
    assert "not required" in a.reasons[0]
    assert any("Stage 1 — not possible" in r for r in a.reasons)


def test_self_declaration_does_not_take_children_out(regs, weights):
    p = profile(
        **CHILD,
        **{
            "children.highly_effective_age_assurance": True,
            "children.age_assurance_methods": ["self_declaration"],
        },
    )
    assert run(p, regs, weights).required is True


def test_part5_only_service_is_not_required_with_the_scope_reason(regs, weights):
    a = run(load_profile("velvet_lens_studio"), regs, weights)
    assert a.required is False
    assert any("Part 5" in r for r in a.reasons)


def test_not_likely_accessed_is_not_required(regs, weights):
    a = run(profile(), regs, weights)  # both stage-2 answers are false
    assert a.required is False and any("Stage 2 — not met" in r for r in a.reasons)


# ----------------------------------------------------------------------------- levels


def test_every_kind_gets_a_level_for_every_age_group_with_its_band_confidence(regs, weights):
    a = run(profile(**CHILD), regs, weights)
    designated = [k.id for k in regs.children_content if k.category in ("ppc", "pc")]
    assert [k.id for k in a.kinds] == designated
    bands = {g.id: g.confidence for g in regs.age_groups}
    for k in a.kinds:
        assert [g.age_group for g in k.groups] == [g.id for g in regs.age_groups]
        for g in k.groups:
            assert g.confidence == bands[g.age_group]
            assert g.level in ("negligible", "low", "medium", "high") and g.assessment.trace
        assert k.level == max((g.level for g in k.groups), key=level_index)
        assert set(k.highest_in) == {g.age_group for g in k.groups if g.level == k.level}
    assert any("unconfirmed" in n for n in a.notes)  # the 13-15 / 16-17 bands are unconfirmed


def test_younger_groups_never_rate_lower_with_the_default_weights(regs, weights):
    a = run(profile(**CHILD, **{"functionalities.direct_messaging": True}), regs, weights)
    for k in a.kinds:
        levels = [level_index(g.level) for g in k.groups]
        assert levels == sorted(levels, reverse=True)
        young = k.group("age_0_5").assessment
        if young.likelihood is not None:  # pornography has no mechanism without images
            assert "ages 0–5 +1" in " ".join(young.trace)


def test_only_the_age_groups_present_are_assessed_and_flagged(regs, weights):
    p = profile(**CHILD, **{"children.age_groups_present": ["age_13_15", "age_16_17"]})
    a = run(p, regs, weights)
    assert [g.age_group for g in a.kinds[0].groups] == ["age_13_15", "age_16_17"]
    assert [g.id for g in a.age_groups if not g.present] == ["age_0_5", "age_6_9", "age_10_12"]
    assert "age_groups_excluded" in {f.kind for f in a.evidence_check}


def test_text_only_pornography_is_negligible_and_says_why(regs, weights):
    p = profile(**CHILD, **{"functionalities.posting_images_or_videos": False})
    porn = run(p, regs, weights).kind("pornography")
    assert porn.level == "negligible"
    assert "s.61(6)" in porn.groups[0].assessment.trace[-1]


def test_children_evidence_is_read_per_kind(regs, weights):
    p = profile(
        **CHILD, **{"evidence.children_by_kind": {"suicide": {"reports": 3, "confirmed": 2}}}
    )
    a = run(p, regs, weights)
    suicide = a.kind("suicide").group("age_16_17").assessment
    assert suicide.evidence.status == "confirmed" and suicide.evidence.confirmed == 2
    assert level_index(suicide.level) >= level_index("medium")
    assert a.kind("bullying").groups[0].assessment.evidence.status == "none_found"


FUNCS = sorted(set(FUNCTIONALITIES) - {"encrypted_messaging"})


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    present=st.sets(st.sampled_from(FUNCS)),
    extra=st.sampled_from(FUNCS),
    adult=st.booleans(),
)
def test_adding_a_factor_never_lowers_any_level(regs, weights, present, extra, adult):
    types = ["discussion_forum"] + (["adult"] if adult else [])
    base = {f"functionalities.{f}": f in present for f in FUNCS}
    before = run(profile(**CHILD, **base, service_types=types), regs, weights)
    after = run(
        profile(**CHILD, **{**base, f"functionalities.{extra}": True}, service_types=types),
        regs,
        weights,
    )
    for k in before.kinds:
        for g in k.groups:
            later = after.kind(k.id).group(g.age_group)
            assert level_index(later.level) >= level_index(g.level), (k.id, g.age_group, extra)


# ----------------------------------------------------------------------------- overrides


def test_override_per_kind_and_age_group(regs, weights):
    key = ("bullying", "age_10_12")
    a = run(
        profile(**CHILD), regs, weights, overrides={key: Override("bullying", "high", "seen it")}
    )
    g = a.kind("bullying").group("age_10_12")
    assert g.level == "high" and g.indicative_level != "high"
    assert "seen it" in g.assessment.trace[-1]
    assert a.kind("bullying").level == "high" and a.kind("bullying").highest_in == ("age_10_12",)
    assert a.kind("bullying").group("age_0_5").assessment.override is None


def test_override_without_reason_is_questioned_and_bad_keys_refused(regs, weights):
    key = ("suicide", "age_0_5")
    a = run(profile(**CHILD), regs, weights, overrides={key: Override("suicide", "negligible")})
    kinds = {f.kind: f for f in a.evidence_check}
    assert kinds["override_without_reason"].message.startswith("Ages 0–5: ")
    assert "override_down_without_evidence" in kinds
    with pytest.raises(InvalidInputError, match="overrides"):
        run(
            profile(**CHILD),
            regs,
            weights,
            overrides={("suicide", "age_99"): Override("suicide", "low", "x")},
        )
    with pytest.raises(InvalidInputError, match="overrides"):
        run(profile(**CHILD), regs, weights, overrides={"suicide": Override("suicide", "low", "x")})


# ----------------------------------------------------------------------------- measures


def test_terms_allowing_pornography_with_images_bring_in_pcu_b4_with_why(regs, weights):
    p = profile(
        **CHILD,
        **{
            "functionalities.posting_images_or_videos": True,
            "children.terms_prohibit": {"pornography": False},
        },
    )
    b4 = next(m for m in run(p, regs, weights).measures if m.id == "PCU B4")
    assert b4.uncertain is False
    assert any("do not prohibit pornography" in w for w in b4.why)
    assert any("principal purpose is not" in w for w in b4.why)


def _all_ppc(value, **extra):
    terms = {k: value for k in ("pornography", "suicide", "self_harm", "eating_disorders")}
    return profile(**CHILD, **{"children.terms_prohibit": terms, **extra})


def test_prohibiting_every_ppc_removes_b4_unless_takedown_is_infeasible(regs, weights):
    assert "PCU B4" not in run(_all_ppc(True), regs, weights).measure_ids
    a = run(_all_ppc(True, **{"children.takedown_feasible": False}), regs, weights)
    b4 = next(m for m in a.measures if m.id == "PCU B4")
    assert any("not technically feasible" in w for w in b4.why)


def test_unknown_terms_make_b4_uncertain(regs, weights):
    b4 = next(m for m in run(profile(**CHILD), regs, weights).measures if m.id == "PCU B4")
    assert b4.uncertain and any("not known whether the terms" in w for w in b4.why)


def test_principal_purpose_ppc_gives_b2_not_b4(regs, weights):
    ids = run(_all_ppc(False, **{"children.principal_purpose": "ppc"}), regs, weights).measure_ids
    assert "PCU B2" in ids and "PCU B4" not in ids


def test_pc_at_medium_and_allowed_gives_b5(regs, weights):
    p = load_profile("tyneside_social_mastodon")
    from osa_toolkit.core.profile import HarmEvidence, replace_in

    p = replace_in(p, "children.terms_prohibit", (("bullying", False),))
    # bullying reported and confirmed three times in the six months of records: frequent for 850 users
    p = replace_in(p, "evidence.children_by_kind", (HarmEvidence("bullying", 4, 3),))
    a = run(p, regs, weights)
    assert level_index(a.kind("bullying").level) >= level_index("medium")
    b5 = next(m for m in a.measures if m.id == "PCU B5")
    assert not b5.uncertain and any("bullying content is assessed" in w.lower() for w in b5.why)


def test_only_pcu_measures_are_listed(regs, weights):
    a = run(profile(**CHILD), regs, weights)
    assert a.measures and all(m.code == "PCU" for m in a.measures)
    assert {"PCU A2", "PCU C1", "PCU D1"} <= set(a.measure_ids)


# ----------------------------------------------------------------------------- answers and NDC


def test_named_non_designated_kinds_are_assessed_and_ofcom_must_be_told(regs, weights):
    p = profile(
        **CHILD,
        **{
            "children.non_designated": [
                {"id": "gambling_ads", "name": "Gambling adverts"},
                {"id": "depression"},
            ]
        },
    )
    a = run(p, regs, weights)
    assert [k.id for k in a.kinds][-2:] == ["gambling_ads", "depression"]
    assert (
        a.kind("depression").name == "Depression content"
        and a.kind("gambling_ads").category == "ndc"
    )
    assert a.kind("gambling_ads").allowed is None and a.kind("gambling_ads").named_by_provider
    assert any("nondesignatedcontent@ofcom.org.uk" in n for n in a.notes)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"children.terms_prohibit": {"pornograpy": True}}, ["'children.terms_prohibit'", "'pornograpy'", "did you mean 'pornography'", "2026-06"]),
        ({"children.terms_prohibit": {"depression": True}}, ["'depression'", "primary priority or priority"]),
        ({"children.age_groups_present": ["age_13_17"]}, ["'children.age_groups_present'", "'age_13_17'"]),
        ({"children.non_designated": [{"id": "bullying", "name": "B"}]}, ["'children.non_designated[1].id'", "designated"]),
        ({"children.non_designated": [{"id": "gambling_ads"}]}, ["'children.non_designated[1].name' is required"]),
        ({"evidence.children_by_kind": {"bulying": {"confirmed": 1}}}, ["'evidence.children_by_kind'", "'bulying'"]),
    ],
)  # fmt: skip
def test_ids_the_edition_lacks_are_refused(regs, weights, changes, words):
    with pytest.raises(ProfileError) as err:
        run(profile(**CHILD, **changes), regs, weights)
    for word in words:
        assert word in str(err.value)


def test_fixture_registers_work_too(weights):
    regs = load_registers(FIXTURE_EDITION, FIXTURE_REGISTERS)
    a = run(profile(**CHILD, **{"children.non_designated": [{"id": "depression"}]}), regs, weights)
    assert [k.id for k in a.kinds] == ["pornography", "bullying", "depression"]
    assert [g.age_group for g in a.kinds[0].groups] == ["age_0_5", "age_6_12", "age_13_17"]


# ----------------------------------------------------------------------------- weights


def test_children_weights_change_levels_without_code(regs, weights):
    gentle = weights_from_mapping(
        merge_weights(weights.raw, {"children": {"severity": {"pornography": 1}, "age_group_points": {"age_0_5": 0}}}, "t")
    )  # fmt: skip
    p = profile(**CHILD, **{"functionalities.posting_images_or_videos": True})
    before, after = run(p, regs, weights), run(p, regs, gentle)
    assert level_index(after.kind("pornography").level) < level_index(
        before.kind("pornography").level
    )
    assert gentle.child_severity_of("gambling_ads") == gentle.child_severity_default


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"children": {"severity": {"pornography": 4}}}, "'children.severity.pornography' must be 1, 2 or 3"),
        ({"children": {"age_group_points": {"age_0_5": -1}}}, "'children.age_group_points.age_0_5' must be a number between 0 and 3"),
        ({"children": {"age_group_points": {"age_0_5": True}}}, "between 0 and 3"),
    ],
)  # fmt: skip
def test_children_weights_are_range_checked(weights, change, words):
    with pytest.raises(WeightsError, match="mine.toml: ") as err:
        weights_from_mapping(merge_weights(weights.raw, change, "mine.toml"), "mine.toml")
    assert words in str(err.value)


def test_unknown_children_weight_key_is_refused(weights):
    data = dict(weights.raw)
    data["children"] = {**data["children"], "sevrity": {}}
    with pytest.raises(WeightsError, match="'children.sevrity' is not a known weighting key"):
        weights_from_mapping(data, "mine.toml")


def test_weights_without_a_children_table_still_load(weights):
    data = {k: v for k, v in weights.raw.items() if k != "children"}
    w = weights_from_mapping(data, "old.toml")
    assert w.child_severity_of("pornography") == 2 and w.age_points("age_0_5") == 0
