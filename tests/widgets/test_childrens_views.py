"""The children's risk and age-assurance views, headless: set a control, assert on the record."""

from __future__ import annotations

import datetime as dt

import pytest
from osa_toolkit.files.profiles import load_profile

from osa_toolkit.core.children_records import AgeAssuranceRecord, ChildrensRiskRecord
from osa_toolkit.core.registers import load_registers
from osa_toolkit.widgets.age_assurance_view import AgeAssuranceView
from osa_toolkit.widgets.childrens_risk_view import ChildrensRiskView
from osa_toolkit.widgets.profile_form import ProfileForm

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def regs():
    return load_registers()


@pytest.fixture
def view(regs):
    return ChildrensRiskView(load_profile("kingsbury_cycling_forum"), regs, today=TODAY)


def test_opens_with_a_record_and_a_levels_table(view):
    assert isinstance(view.value, ChildrensRiskRecord) and view.value.required
    assert "osa-child-levels" in view.table.value and "osa-level-medium" in view.table.value
    assert "Ages 13–15 (unconfirmed)" in view.table.value
    assert "PCU A2" in view.measures.value and view.status.message == ""


def test_override_needs_a_reason_and_lands_in_the_record(view):
    view.kind.value, view.group.value = "bullying", "age_13_15"
    assert "Bullying content, ages 13–15" in view.trace.value
    view.level.value = "high"
    view.apply.click()
    assert view.status.kind == "error" and "reason" in view.status.message
    assert view.value.kind_record("bullying").group("age_13_15").level != "high"
    view.reason.value = "a pile-on reported by parents"
    view.apply.click()
    g = view.value.kind_record("bullying").group("age_13_15")
    assert g.level == "high" and g.override_reason == "a pile-on reported by parents"
    assert view.overrides[("bullying", "age_13_15")].level == "high"
    view.level.value = ""
    view.apply.click()
    assert view.value.kind_record("bullying").group("age_13_15").override_reason == ""


def test_terms_answer_changes_the_profile_and_the_measures(view):
    view.terms["pornography"].value = "allowed"
    assert view.profile.children.prohibits("pornography") is False
    b4 = next(m for m in view.value.measures if m.id == "PCU B4")
    assert any("do not prohibit pornography" in w for w in b4.why)
    assert "PCU B4" in view.measures.value


def test_age_groups_and_purpose(view):
    view.groups.value = ("age_16_17",)
    assert view.profile.children.age_groups_present == ("age_16_17",)
    assert [g.age_group for g in view.value.kind_record("suicide").groups] == ["age_16_17"]
    view.groups.value = ()
    assert view.status.kind == "error" and "at least one age group" in view.status.message
    view.groups.value = ("age_13_15", "age_16_17")
    view.purpose.value = "ppc"
    assert "PCU B2" in [m.id for m in view.value.measures]


def test_follows_a_profile_form(regs):
    form = ProfileForm(load_profile("kingsbury_cycling_forum"), regs)
    view = ChildrensRiskView(form, regs, today=TODAY)
    view.terms["suicide"].value = "prohibited"
    assert form.value.children.prohibits("suicide") is True
    form.controls["children.highly_effective_age_assurance"].value = True
    assert view.value is not None and view.value.required  # no capable method, so still required


def test_not_required_service_shows_why(regs):
    view = ChildrensRiskView(load_profile("velvet_lens_studio"), regs, today=TODAY)
    assert view.value.required is False and "Not required" in view.table.value
    assert view.kind.options == () or list(view.group.options) == []


def test_age_assurance_view_methods_and_notes(regs):
    view = AgeAssuranceView(load_profile("velvet_lens_studio"), regs, today=TODAY)
    assert isinstance(view.value, AgeAssuranceRecord) and view.value.part5
    assert len(view.value.missing) == 3 and "osa-aa-part5" in view.criteria.value
    view.note_boxes["privacy"].value = "images deleted after the check"
    view.save_notes.click()
    assert view.value.notes["privacy"] == "images deleted after the check"
    assert "How you had regard to users' privacy" not in " ".join(view.value.missing)
    view.methods.value = ("self_declaration",)
    assert view.profile.children.age_assurance_methods == ("self_declaration",)
    assert view.value.verdict == "cannot_be_highly_effective"
    assert "never highly effective" in view.method_table.value


def test_age_assurance_view_follows_a_form(regs):
    form = ProfileForm(load_profile("kingsbury_cycling_forum"), regs)
    view = AgeAssuranceView(form, regs, today=TODAY)
    assert view.value.verdict == "no_method"
    view.methods.value = ("facial_age_estimation",)
    view.access_controls.value = True
    assert form.value.children.age_assurance_methods == ("facial_age_estimation",)
    assert form.value.children.highly_effective_age_assurance is True
    assert view.value.verdict == "capable_criteria_not_shown"
