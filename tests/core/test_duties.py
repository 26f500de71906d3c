"""The 2026 duties as tracked tasks: the register, who sees which task, due dates and done."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from osa_toolkit.core.compliance.duties import NO_LEVELS, duty_tasks
from osa_toolkit.core.registers.duties import load_duties

from osa_toolkit.core.errors import RegisterError
from osa_toolkit.core.registers import load_registers
from osa_toolkit.core.vocabulary import CONFIDENCE
from osa_toolkit.paths import registers_dir
from osa_toolkit.store import open_store
from tests.core.profiles import profile

TODAY = dt.date(2026, 12, 2)
REGS = load_registers("2026-06")


def _tasks(p, **kw):
    return {t.id: t for t in duty_tasks(p, REGS, kw.pop("today", TODAY), **kw)}


def test_every_duty_row_is_cited_and_dated_from_the_key_dates():
    rows = load_duties(REGS)
    assert {r.id for r in rows} == {
        "intimate_image_report_route",
        "intimate_image_takedown",
        "nca_csea_reporting",
        "ndc_notify_ofcom",
        "crisis_response_pending",
    }
    for r in rows:
        assert r.source.startswith("https://") and r.confidence in CONFIDENCE
        if r.status == "in_force":
            assert REGS.key_date(r.key_date).date <= TODAY
    assert load_duties(load_registers("2024-12")) == ()


def test_a_service_with_image_sharing_sees_the_48_hour_task_due_on_the_key_date():
    tasks = _tasks(profile(**{"functionalities.posting_images_or_videos": True}))
    takedown = tasks["intimate_image_takedown"]
    assert takedown.due == dt.date(2026, 6, 29) == REGS.key_date("intimate_image_reports").date
    assert takedown.state == "overdue" and takedown.applies == "applies"
    assert "48 hours" in takedown.title and "s.10(3A)" in takedown.section
    assert "in force since 29 June 2026 and not marked done" in takedown.sentence
    assert any("posting images or videos" in r for r in takedown.reasons)


def test_a_service_without_image_sharing_does_not_see_it_but_keeps_the_reporting_route():
    tasks = _tasks(profile(**{"functionalities.posting_images_or_videos": False}))
    assert "intimate_image_takedown" not in tasks
    route = tasks["intimate_image_report_route"]
    assert route.due == dt.date(2026, 6, 29) and "s.20A" in route.section


def test_marking_the_task_done_records_who_and_when(tmp_path):
    p = profile(**{"functionalities.posting_images_or_videos": True})
    moment = dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.UTC)
    with open_store(tmp_path / "records.sqlite3", clock=lambda: moment) as store:
        store.mark_duty_done(
            "test-forum", "intimate_image_takedown", "Ann Lee", dt.date(2026, 7, 1)
        )
        done = store.duties_done("test-forum")
    assert [(d.done_by, d.recorded_at) for d in done] == [("Ann Lee", moment)]
    task = _tasks(p, done=done)["intimate_image_takedown"]
    assert (task.state, task.done_by, task.done_on) == ("done", "Ann Lee", dt.date(2026, 7, 1))
    assert task.sentence.endswith("done on 1 July 2026 by Ann Lee.")
    assert _tasks(p, done=done)["nca_csea_reporting"].state == "overdue"


def test_before_the_date_the_task_is_to_do_not_overdue():
    task = _tasks(profile(), today=dt.date(2026, 5, 1))["intimate_image_report_route"]
    assert task.state == "due" and "applies from 29 June 2026" in task.sentence


def test_nca_reporting_applies_whatever_the_size_and_says_what_registering_involves():
    task = _tasks(profile(**{"users.uk_monthly_active_users": 40}))["nca_csea_reporting"]
    assert task.due == REGS.key_date("nca_csea_reporting").date == dt.date(2026, 4, 7)
    assert "Register with the National Crime Agency before" in task.what_to_do


def test_non_designated_content_notice_only_where_children_are_likely_users():
    likely = profile(**{"children.significant_number_of_child_users": True})
    assert _tasks(likely)["ndc_notify_ofcom"].due == dt.date(2025, 7, 25)
    assert "nondesignatedcontent@ofcom.org.uk" in _tasks(likely)["ndc_notify_ofcom"].what_to_do
    assert "ndc_notify_ofcom" not in _tasks(profile())


def test_crisis_response_is_pending_with_no_date_and_follows_the_risk_levels():
    unknown = _tasks(profile())["crisis_response_pending"]
    assert (unknown.state, unknown.due, unknown.applies) == ("pending", None, "may_apply")
    assert NO_LEVELS in unknown.reasons
    high = _tasks(profile(), levels={"hate": "high"})["crisis_response_pending"]
    assert high.applies == "applies" and "not in force yet" in high.sentence
    low = {h.id: "low" for h in REGS.harms}
    assert "crisis_response_pending" not in _tasks(profile(), levels=low)
    tasks = duty_tasks(profile(), REGS, TODAY, levels={"hate": "high"})
    assert tasks[-1].id == "crisis_response_pending"  # the pending one comes last


def test_a_service_out_of_scope_has_no_tasks():
    assert _tasks(profile(**{"scope.user_to_user": False})) == {}


@pytest.fixture
def edition_copy(tmp_path):
    root = tmp_path / "registers"
    shutil.copytree(registers_dir() / "2026-06", root / "2026-06")
    return root


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            ",intimate_image_reports,in_force",
            ",no_such_date,in_force",
            r"duties.csv row 2, column 'key_date': unknown key date 'no_such_date'",
        ),
        (
            "functionality(posting_images_or_videos)",
            "functionality(teleporting)",
            r"duties.csv row 3, column 'applies_when'",
        ),
        (
            ',in_force,"Give users',
            ',maybe,"Give users',
            r"duties.csv row 2, column 'status': 'maybe' must be one of in_force, pending",
        ),
        ("section/20A,secondary", "section/20A,sure", r"duties.csv row 2, column 'confidence'"),
    ],
)
def test_a_broken_duty_row_is_refused_with_a_sentence(edition_copy, old, new, message):
    path = edition_copy / "2026-06" / "duties.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RegisterError, match=message):
        load_duties(load_registers("2026-06", path=edition_copy))
