"""Age assurance: method classes, whether it is needed, the verdict, the criteria, the Part 5 record."""

from __future__ import annotations

import datetime as dt

import pytest
from osa_toolkit.core.assessments.age_assurance import NOTE_KEYS, evaluate_age_assurance
from osa_toolkit.files.profiles import load_profile

from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.profile import replace_in
from osa_toolkit.core.registers import load_registers
from tests.core.profiles import profile

TODAY = dt.date(2026, 11, 28)
NEVER = ("self_declaration", "terms_of_service_age_limit", "debit_card_or_payment_not_requiring_18")
ALL_NOTES = {
    "technically_accurate": "tested by the vendor against a labelled set",
    "robust": "liveness check against photos and masks",
    "reliable": "monthly drift report",
    "fair": "error rates compared across skin tones and sexes",
    "privacy": "images deleted after the check; no data kept",
    "user_summary": "published on /age-checks in plain words",
}


@pytest.fixture(scope="module")
def regs():
    return load_registers()


def evaluate(p, regs, notes=None):
    return evaluate_age_assurance(p, regs, notes, today=TODAY)


def with_methods(*methods, heaa=False, **extra):
    return profile(
        **{
            "children.age_assurance_methods": list(methods),
            "children.highly_effective_age_assurance": heaa,
            **extra,
        }
    )


@pytest.mark.parametrize("method", NEVER)
def test_self_declared_age_and_friends_never_make_it_highly_effective(regs, method):
    r = evaluate(with_methods(method, heaa=True), regs, ALL_NOTES)  # even with every note
    assert r.methods[0].status == "never" and r.methods[0].reason.startswith("Never")
    assert r.verdict == "cannot_be_highly_effective" and r.highly_effective is False
    assert "cannot be highly effective" in r.verdict_sentence
    assert "do not support that" in r.verdict_sentence  # the profile's claim is contradicted


def test_a_capable_method_with_every_criterion_described(regs):
    r = evaluate(with_methods("facial_age_estimation", "self_declaration"), regs, ALL_NOTES)
    assert [m.status for m in r.methods] == ["capable", "never"]
    assert r.verdict == "capable_criteria_shown" and r.highly_effective is True
    assert [c.status for c in r.criteria] == ["met"] * 4
    assert r.capable_methods == ("facial_age_estimation",)


def test_missing_criteria_are_named(regs):
    notes = {"robust": "liveness", "fair": "  "}
    r = evaluate(with_methods("photo_id_matching"), regs, notes)
    assert r.verdict == "capable_criteria_not_shown" and r.highly_effective is None
    assert "not yet shown: technically accurate, reliable and fair" in r.verdict_sentence
    assert {c.id: c.status for c in r.criteria}["robust"] == "met"


def test_no_method_and_an_unlisted_method(regs):
    assert evaluate(with_methods(), regs).verdict == "no_method"
    r = evaluate(with_methods("palm_reading"), regs)
    assert (
        r.methods[0].status == "unknown"
        and "not in the age-assurance register" in r.methods[0].reason
    )
    assert r.verdict == "cannot_be_highly_effective"


def test_part5_provider_needs_it_and_the_record_flags_a_missing_privacy_note(regs):
    notes = {k: v for k, v in ALL_NOTES.items() if k != "privacy"}
    r = evaluate(load_profile("velvet_lens_studio"), regs, notes)
    assert r.part5 and r.needs_heaa is True
    assert any("s.81" in x for x in r.needs_reasons)
    items = {i.id: i for i in r.part5_record}
    assert (
        items["privacy"].missing and not items["methods"].missing and not items["criteria"].missing
    )
    assert r.missing == (items["privacy"].label,)
    assert any("visible before or during" in x for x in r.reminders)
    full = evaluate(load_profile("velvet_lens_studio"), regs, ALL_NOTES)
    assert full.missing == () and full.highly_effective is True


def test_part3_service_has_no_part5_record(regs):
    r = evaluate(with_methods("photo_id_matching"), regs)
    assert r.part5 is False and r.part5_record == () and r.missing == ()


def test_user_pornography_allowed_means_it_is_needed(regs):
    p = with_methods(
        **{
            "functionalities.posting_images_or_videos": True,
            "children.terms_prohibit": {"pornography": False},
        }
    )
    r = evaluate(p, regs)
    assert r.needs_heaa is True and any("s.12(4)" in x for x in r.needs_reasons)


def test_unknown_terms_make_it_possibly_needed_and_prohibition_takes_it_away(regs):
    p = with_methods(**{"functionalities.posting_images_or_videos": True})
    assert evaluate(p, regs).needs_heaa is None  # not a child-accessed service; terms unknown
    terms = {k: True for k in ("pornography", "suicide", "self_harm", "eating_disorders")}
    p = replace_in(p, "children.terms_prohibit", tuple(terms.items()))
    r = evaluate(p, regs)
    assert r.needs_heaa is False and r.needs_reasons[0].startswith("Nothing in the profile")


def test_pcu_b4_on_a_child_accessed_service_is_a_reason(regs):
    p = with_methods(
        **{
            "children.likely_to_attract_children": True,
            "children.terms_prohibit": {"suicide": False},
        }
    )
    r = evaluate(p, regs)
    assert r.needs_heaa is True and any(x.startswith("PCU B4") for x in r.needs_reasons)


def test_access_controls_the_caa_relies_on_make_it_needed(regs):
    r = evaluate(with_methods("credit_card_check", heaa=True), regs)
    assert r.needs_heaa is True and any("s.35(2)" in x for x in r.needs_reasons)


def test_notes_are_checked(regs):
    with pytest.raises(InvalidInputError, match="unknown key.*'robustness'"):
        evaluate(with_methods(), regs, {"robustness": "x"})
    with pytest.raises(InvalidInputError, match="must hold text"):
        evaluate(with_methods(), regs, {"robust": 3})
    assert set(evaluate(with_methods(), regs, {"robust": " a "}).notes) == set(NOTE_KEYS)
