"""The app and its walkthroughs, driven headless: set a control, assert on the records and the store."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
from osa_toolkit.files.profiles import load_profile

from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.store import open_store
from osa_toolkit.widgets.app import OsaApp
from osa_toolkit.widgets.caa_walkthrough import ChildrensAccessWalkthrough
from osa_toolkit.widgets.walkthrough import IllegalContentWalkthrough


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "records.sqlite3")
    yield s
    s.close()


@pytest.fixture
def walk(store):
    return IllegalContentWalkthrough(load_profile("kingsbury_cycling_forum"), store)


def test_turning_on_direct_messaging_changes_grooming_and_measures(walk):
    dm = walk.profile_form.controls["functionalities.direct_messaging"]
    dm.value = False
    without = walk.assessment
    assert without.harm("csea_grooming").level == "low"
    dm.value = True
    assert walk.profile.functionalities.direct_messaging is True
    with_dm = walk.assessment
    assert with_dm.harm("csea_grooming").level == "medium"
    assert "Direct messaging (5b)" in walk.factors.value
    assert "5b" in with_dm.harm("csea_grooming").factors
    assert "osa-level-medium" in walk.harms_view.table.value


def test_override_without_reason_raises_from_the_handler(walk):
    hv = walk.harms_view
    hv.harm.value = "hate"
    hv.level.value = "low"
    with pytest.raises(InvalidInputError, match="reason"):
        hv._apply()


def test_override_without_reason_is_refused_in_the_status_line(walk):
    hv = walk.harms_view
    hv.harm.value = "hate"
    hv.level.value = "low"
    hv.apply.click()
    assert hv.status.kind == "error" and "reason" in hv.status.message
    assert "hate" not in hv.overrides


def test_override_with_reason_is_kept_in_the_record(walk):
    hv = walk.harms_view
    hv.harm.value = "hate"
    hv.level.value = "negligible"
    hv.reason.value = "The one incident was a spam account removed within an hour."
    hv.evidence.value = "Moderation log 2026"
    hv.apply.click()
    rec = walk.record()
    # one confirmed incident in a year on 1,200 UK users is not frequent: indicative low
    assert rec.harm("hate").level == "negligible" and rec.harm("hate").indicative_level == "low"
    assert rec.harm("hate").override_reason.startswith("The one incident")
    assert "changed by you" in hv.table.value


def test_measure_decision_alternative_needs_reasoning(walk):
    mv = walk.measures_view
    mv.measure.value = "ICU C2"
    mv.state.value = "alternative"
    mv.alternative.value = "Volunteer rota"
    mv.record.click()
    assert mv.status.kind == "error" and "s.23(4)" in mv.status.message
    mv.reasoning.value = "Covers every report within a day; no extra data collected."
    mv.date.value = dt.date(2026, 12, 1)
    mv.record.click()
    rec = walk.record()
    assert rec.measure("ICU C2").status == "alternative"
    assert rec.measure("ICU C2").effective_on == dt.date(2026, 12, 1)


def test_what_if_shows_added_measures(walk):
    mv = walk.measures_view
    mv.wi_harm.value = "terrorism"
    mv.wi_level.value = "high"
    mv.wi_go.click()
    assert "osa-whatif-result" in mv.wi_out._dom_classes
    assert "terrorism" in mv.wi_out.value


def test_save_creates_versions_and_reopening_restores_decisions(walk, store):
    walk.governance.controls["responsible_person"].value = "Sam Lee"
    first = walk.save()
    hv = walk.harms_view
    hv.harm.value = "fraud"
    hv.level.value = "high"
    hv.reason.value = "Scam posts every week."
    hv.apply.click()
    second = walk.save()
    assert (first.version, second.version) == (1, 2)
    assert [v.version for v in store.list_versions(walk.service_id, "illegal_content")] == [1, 2]
    again = IllegalContentWalkthrough(load_profile("kingsbury_cycling_forum"), store)
    assert again.harms_view.overrides["fraud"].level == "high"
    assert again.governance.value.responsible_person == "Sam Lee"
    assert again.assessment.harm("fraud").level == "high"


def test_downloads_are_real_files(walk):
    walk.formats.value = ("md", "html")
    walk.export_button.click()
    links = re.findall(r'href="data:([^;]+);base64,([^"]+)"', walk.downloads.value)
    assert [m for m, _ in links] == ["text/markdown", "text/html"]
    md = base64.b64decode(links[0][1]).decode()
    assert "Kingsbury Cycling Forum" in md and "ICU A2" in md


def test_draft_is_autosaved(walk):
    from osa_toolkit.files.app_state import draft_path

    walk.profile_form.controls["functionalities.livestreaming"].value = True
    assert load_profile(draft_path(walk.service_id)).functionalities.livestreaming is True


def test_childrens_access_needs_evidence_to_conclude_not_met(store):
    caa = ChildrensAccessWalkthrough(load_profile("kingsbury_cycling_forum"), store)
    caa.form.controls["children.significant_number_of_child_users"].value = "no"
    caa.form.controls["children.likely_to_attract_children"].value = "no"
    assert caa.result.likely_accessed is False
    caa.actions.save_button.click()
    assert caa.status.kind == "error" and "evidence" in caa.status.message
    caa.evidence.value = (
        "Membership is adults only, checked at club sign-up; analytics show no under-18s."
    )
    caa.actions.save_button.click()
    assert caa.status.kind == "ok"
    assert (
        store.latest(caa.service_id, "childrens_access").document["result"]["likely_accessed"]
        is False
    )


def test_app_seeds_the_example_and_opens_walkthroughs(store):
    app = OsaApp(store=store)
    assert app.picker.value == "kingsbury-cycling-forum"
    due = app.due.value.replace("&#x27;", "'")
    assert "Illegal content risk assessment: version 1" in due
    # Never done and past its first deadline (16 April 2025): overdue, with the date.
    assert "Children's access assessment: not done; it was due by 16 April 2025 (overdue)" in due
    assert "Children's risk assessment: not done; it was due by 24 July 2025" in due
    w = app.open_illegal_content()
    assert app.page.children[1] is w and app.home.layout.display == "none"
    app.back.click()
    assert app.home.layout.display is None


def test_app_new_service_from_preset(store):
    app = OsaApp(store=store)
    app.new_name.value = "Riverside Allotments"
    app.new_from.value = "discourse"
    app.create.click()
    assert app.picker.value == "riverside-allotments"
    assert (
        "no assessment saved yet"
        in dict((v, k) for k, v in app.picker.options)["riverside-allotments"]
    )
    app.new_name.value = ""
    app.create.click()
    assert app.status.kind == "error" and "name" in app.status.message


def test_app_children_pages_save_versions_with_a_review_date(store):
    app = OsaApp(store=store)
    risk = app.open_childrens_risk()
    saved = risk.save()
    assert saved.kind == "childrens_risk" and saved.version == 1 and saved.next_review is not None
    assert {k["id"] for k in saved.document["kinds"]} >= {"pornography", "suicide", "bullying"}
    app.go_home()
    aa = app.open_age_assurance()
    assert aa.save().kind == "age_assurance"
    app.go_home()
    assert "Children's risk assessment: version 1" in app.due.value.replace("&#x27;", "'")


def test_app_opens_dashboard_portfolio_and_lab(store):
    app = OsaApp(store=store)
    for opener in (app.open_dashboard, app.open_portfolio, app.open_weights_lab):
        page = opener()
        assert app.page.children[1] is page and app.status.kind != "error"
        app.go_home()
