"""The profile form and the scope view, headless: set a control's value, assert on the form's value."""

from __future__ import annotations

import datetime as dt

import pytest
from osa_toolkit.files.profiles import load_profile

from osa_toolkit.core.profile import ServiceProfile
from osa_toolkit.core.registers import load_registers
from osa_toolkit.widgets.profile_form import ProfileForm
from osa_toolkit.widgets.scope_view import ScopeView

TODAY = dt.date(2026, 1, 5)


@pytest.fixture(scope="module")
def regs():
    return load_registers()


@pytest.fixture
def form(regs):
    return ProfileForm(load_profile("kingsbury_cycling_forum"), regs)


def test_opens_on_the_default_example(regs):
    f = ProfileForm(registers=regs)
    assert isinstance(f.value, ServiceProfile)
    assert f.value.service.name == "Kingsbury Cycling Forum"
    assert f.controls["service.name"].value == "Kingsbury Cycling Forum"
    assert f.preset.value == "discourse"


def test_every_control_has_a_visible_label(form):
    for key, widget in form.controls.items():
        assert widget.description, key


def test_checkbox_changes_the_value_and_fires_observe(form):
    seen = []
    form.observe(lambda change: seen.append(change["new"]), names="value")
    before = form.value
    form.controls["functionalities.livestreaming"].value = True
    assert form.value.functionalities.livestreaming is True
    assert before.functionalities.livestreaming is False  # frozen: a new value, not a mutation
    assert seen == [form.value]


def test_tri_state_dropdown(form):
    form.controls["scope.significant_uk_users"].value = "yes"
    assert form.value.scope.significant_uk_users is True
    form.controls["children.likely_to_attract_children"].value = "unknown"
    assert form.value.children.likely_to_attract_children is None
    assert "children.likely_to_attract_children" in form.value.unknowns()


def test_user_counts_and_bad_text(form):
    form.controls["users.uk_monthly_active_users"].value = "1,500"
    assert form.value.users.uk_monthly_active_users == 1500
    form.controls["users.uk_monthly_active_users"].value = "lots"
    assert form.value.users.uk_monthly_active_users == 1500
    assert form.status.kind == "error" and "'lots'" in form.status.message
    assert form.controls["users.uk_monthly_active_users"].value == "1500"  # put back
    form.controls["users.uk_monthly_active_users"].value = ""
    assert form.value.users.uk_monthly_active_users is None


def test_refused_combination_shows_the_core_sentence_and_reverts(form):
    form.controls["users.uk_monthly_active_users"].value = "999999"
    assert form.value.users.uk_monthly_active_users == 1200
    assert form.status.kind == "error" and "must not be more than" in form.status.message
    assert form.controls["users.uk_monthly_active_users"].value == "1200"


def test_service_types_and_search(form):
    form.controls["service_types:marketplace"].value = True
    assert form.value.service_types == ("discussion_forum", "marketplace")
    assert form.controls["search.search_type"].disabled
    form.controls["scope.search_engine"].value = True
    assert form.value.search is not None and not form.controls["search.search_type"].disabled
    form.controls["search.search_type"].value = "vertical"
    assert form.value.search.search_type == "vertical"
    form.controls["scope.search_engine"].value = False
    assert form.value.search is None


def test_started_on_and_multi_selects(form):
    form.controls["service.started_on"].value = dt.date(2025, 9, 1)
    assert form.value.service.started_on == dt.date(2025, 9, 1)
    form.controls["children.age_assurance_methods"].value = ("facial_age_estimation",)
    assert form.value.children.age_assurance_methods == ("facial_age_estimation",)


def test_preset_picker_applies_the_preset(form):
    form.preset.value = "mastodon"
    assert form.value.service.software == "mastodon"
    assert form.value.service_types == ("social_media",)
    assert form.value.functionalities.reposting_or_forwarding is True
    assert form.controls["functionalities.reposting_or_forwarding"].value is True
    assert form.value.users.uk_monthly_active_users == 1200  # kept


def test_save_and_load(form, tmp_path):
    form.controls["service.name"].value = "Renamed forum"
    form.save_path.value = str(tmp_path / "mine.yaml")
    form.save_button.click()
    assert form.status.kind == "ok", form.status.message
    other = ProfileForm(load_profile("hedgerow_notes_blog"))
    other.load_path.value = str(tmp_path / "mine.yaml")
    other.load_button.click()
    assert other.value == form.value
    assert other.controls["service.name"].value == "Renamed forum"


def test_load_errors_go_to_the_status_line(form, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("profile_version: 1\nservice: {name: x}\nscope: {user_to_user: maybe}\n")
    form.load_path.value = str(bad)
    form.load_button.click()
    assert form.status.kind == "error"
    assert form.status.message.startswith("bad.yaml: 'scope.user_to_user'")
    assert form.value.service.name == "Kingsbury Cycling Forum"


def test_scope_view_follows_the_form(form, regs):
    view = ScopeView(form, regs, today=TODAY)
    assert view.result.in_scope and "In scope" in view.scope.value
    assert "Children's access" in view.children_html.value
    for key in (
        "scope.uk_target_market",
        "scope.significant_uk_users",
        "scope.uk_material_risk_of_significant_harm",
    ):
        form.controls[key].value = "no"
    assert not view.result.in_scope
    assert "Not in scope" in view.scope.value


def test_scope_view_of_a_profile(regs):
    view = ScopeView(load_profile("velvet_lens_studio"), regs, today=TODAY)
    assert view.result.regimes == ("part5_pornography",)
    assert "Provider pornography carve-back" in view.scope.value


def test_method_ids_outside_the_register_are_kept(regs):
    from osa_toolkit.core.profile import replace_in

    p = replace_in(
        load_profile("kingsbury_cycling_forum"), "children.age_assurance_methods", ("palm_reading",)
    )
    f = ProfileForm(p, regs)
    assert f.controls["children.age_assurance_methods"].value == ("palm_reading",)
    assert f.value == p


def test_unusable_file_opens_the_example_with_the_reason(regs, tmp_path):
    f = ProfileForm.from_file(tmp_path / "missing.yaml", regs)
    assert f.value.service.name == "Kingsbury Cycling Forum"
    assert f.status.kind == "error" and "missing.yaml" in f.status.message


def _help_texts(widget) -> list[str]:
    import ipywidgets as w

    out = [widget.value] if isinstance(widget, w.HTML) else []
    for child in getattr(widget, "children", ()):
        out += _help_texts(child)
    return out


def test_C4_D7_D6_split_questions_have_labels_and_help_saying_the_difference(form):
    """Audit 2026-12: a search box is not a search engine (C4); names and avatars vs profile
    pages (D7); the means of determining ages (D6) is its own answer."""
    texts = " ".join(_help_texts(form))
    assert "search box over your own service" in texts
    assert "identifying content" in texts and "end the comments-only exemption" in texts
    labels = {k: form.controls[k].description for k in form.controls}
    assert "more than a user name and picture" in labels["functionalities.profile_pages"]
    assert labels["functionalities.user_profiles"] != labels["functionalities.profile_pages"]
    form.controls["children.determines_user_ages"].value = True
    assert form.value.children.determines_user_ages is True
    form.controls["functionalities.visible_connection_lists"].value = True
    assert form.value.functionalities.visible_connection_lists is True
