"""Issue 15: a volunteer finishes a record they would send to Ofcom, in the app, in one sitting.

Each test drives the widgets headless, as the browser would, and asserts on the page text, the
saved records and the store.
"""

from __future__ import annotations

import base64
import re

import ipywidgets as w
import pytest
from osa_toolkit.files import app_state
from osa_toolkit.files.profiles import load_profile

from osa_toolkit.core.registers import load_registers
from osa_toolkit.store import open_store
from osa_toolkit.widgets.app import PAGES, OsaApp
from osa_toolkit.widgets.caa_walkthrough import ChildrensAccessWalkthrough
from osa_toolkit.widgets.walkthrough import IllegalContentWalkthrough
from osa_toolkit.widgets.weight_sliders import build_sliders


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "records.sqlite3")
    yield s
    s.close()


def _texts(widget) -> str:
    """Every word a widget tree puts on the page (HTML values, labels, options)."""
    out = []
    if isinstance(widget, w.HTML):
        out.append(re.sub(r"<[^>]+>", " ", widget.value))
    for attr in ("description", "placeholder"):
        value = getattr(widget, attr, None)
        if isinstance(value, str):
            out.append(value)
    if isinstance(getattr(widget, "options", None), tuple):
        out += [o[0] if isinstance(o, tuple) else str(o) for o in widget.options]
    for child in getattr(widget, "children", ()) or ():
        out.append(_texts(child))
    return " ".join(out).replace("&#x27;", "'")


# ---------------------------------------------------------------------- 1 the weightings lab
def test_lab_sections_are_never_squeezed_into_a_limited_box():
    from osa_toolkit.core.method.weights import load_weights

    sliders, panel = build_sliders(load_weights(), {})
    assert len(sliders) > 50
    assert panel.layout.max_height is None and panel.layout.overflow != "auto"
    grids = [c for c in panel.children if isinstance(c, w.GridBox)]
    assert grids and all(g.layout.flex == "0 0 auto" for g in grids)
    assert sum(len(g.children) for g in grids) == len(sliders)


# ---------------------------------------------------------------------- 2 children's access
def test_childrens_access_page_offers_every_download(store):
    caa = ChildrensAccessWalkthrough(load_profile("kingsbury_cycling_forum"), store)
    assert {v for _, v in caa.actions.formats.options} == {"md", "html", "docx", "pdf", "json"}
    caa.actions.formats.value = ("md", "html", "docx", "json")
    caa.actions.prepare_downloads()
    links = caa.actions.downloads.value
    for fmt in ("md", "html", "docx", "json"):
        assert f"osa-download-{fmt}" in links
    md = re.search(r'href="data:text/markdown;base64,([^"]+)"', links).group(1)
    text = base64.b64decode(md).decode()
    assert text.startswith("# Children's access assessment: Kingsbury Cycling Forum")
    assert "ChildrensAccessRecord" not in text and caa.status.kind == "ok"


# ---------------------------------------------------------------------- 7 approval and warnings
def test_saving_final_and_approved_records_the_approval_and_warns_about_undecided(store):
    walk = IllegalContentWalkthrough(load_profile("kingsbury_cycling_forum"), store)
    walk.governance.controls["approved_by"].value = "Jo Bloggs"
    walk.governance.final.value = True
    saved = walk.save()
    assert [a.approved_by for a in store.approvals(saved.record_id)] == ["Jo Bloggs"]
    assert store.load(saved.record_id).approved_by == "Jo Bloggs"
    assert walk.status.kind == "warning"
    n = sum(m.status == "recommended" for m in walk.record().measures)
    assert n > 0
    assert f"{n} of {len(walk.record().measures)} measures are still undecided" in (
        walk.status.message
    )
    assert "marked final and approved" in walk.status.message


def test_home_shows_undecided_measures(store):
    app = OsaApp(store=store)
    assert "recommended measures are still undecided" in _texts(app.due)


# ---------------------------------------------------------------------- 5, 6 evidence
def test_evidence_typed_in_the_app_is_saved_in_the_profile_and_moves_the_level(store):
    profile = load_profile("kingsbury_cycling_forum")
    walk = IllegalContentWalkthrough(profile, store)
    ev = walk.evidence_form
    assert ev.period.value == "12" and ev.confirmed["fraud"].value == "4"
    before = walk.assessment.harm("terrorism").evidence.status
    ev.reports["terrorism"].value = "5"
    ev.confirmed["terrorism"].value = "3"
    assert walk.profile.evidence.period_months == 12
    figures = [(e.harm, e.reports, e.confirmed) for e in walk.profile.evidence.by_harm]
    assert ("terrorism", 5, 3) in figures
    assert walk.assessment.harm("terrorism").evidence.status == "confirmed" != before
    row = [r for r in walk.harms_view.table.value.split("<tr") if "Terrorism" in r][0]
    assert "confirmed incidents in the records" in row
    ev.controls.value = (*ev.controls.value, "ICU C2")
    assert "ICU C2" in [c.measure for c in walk.profile.controls]
    assert app_state.draft_path(walk.service_id).is_file()  # the draft keeps the evidence
    assert "ICU C2" in app_state.draft_path(walk.service_id).read_text()
    ev.confirmed["hate"].value = "lots"
    assert "whole number" in ev.status.message and ev.status.kind == "error"


def test_one_notion_of_evidence_in_the_table_the_questions_and_the_record(store):
    walk = IllegalContentWalkthrough(load_profile("kingsbury_cycling_forum"), store)
    walk.profile_form.value = walk.profile.__class__(**{**walk.profile.__dict__, "evidence": None})
    hv = walk.harms_view
    hv.harm.value = "terrorism"
    hv.level.value = "low"
    hv.reason.value = "No terrorist content in ten years of moderation logs."
    hv.evidence.value = "Moderation log 2015-2025, reviewed by two admins."
    hv.apply.click()
    row = [r for r in hv.table.value.split("<tr") if "Terrorism" in r][0]
    assert "none given" not in row and "assessor" in row
    questions = _texts(hv.findings)
    assert "Terrorism is low although" not in questions
    from osa_toolkit.report import render

    md = render(walk.record(), "md")
    line = [x for x in md.splitlines() if x.startswith("| Terrorism |")][0]
    assert "none given" not in line and "assessor's written evidence" in line


# ---------------------------------------------------------------------- 10 measures
def test_each_measure_row_has_its_own_status_with_its_meaning_and_code(store):
    walk = IllegalContentWalkthrough(load_profile("kingsbury_cycling_forum"), store)
    mv = walk.measures_view
    assert set(mv.row_status) == {m.id for m in walk.assessment.measures}
    regs = load_registers()
    a2 = next(m for m in regs.measures if m.id == "ICU A2")
    page = _texts(mv)
    assert a2.description in page and "Illegal content Code (user-to-user)" in page
    first, second = list(mv.row_status)[:2]
    mv.row_status[first].value = "planned"
    mv.row_status[second].value = "not_applicable"
    assert mv.decisions[first].status == "planned"
    assert mv.decisions[second].status == "not_applicable"
    statuses = {m.id: m.status for m in walk.record().measures}
    assert statuses[first] == "planned" and statuses[second] == "not_applicable"
    # An alternative needs its description: refused in words, and the row goes back.
    mv.row_status[first].value = "alternative"
    assert mv.status.kind == "error" and mv.row_status[first].value == "planned"


def test_no_internal_id_reaches_the_pages(store):
    regs = load_registers()
    ids = [h.id for h in regs.harms if "_" in h.id] + [
        k.id for k in regs.children_content if "_" in k.id
    ]
    pattern = re.compile(
        r"\b(" + "|".join(map(re.escape, ids)) + r"|children\.[a-z_]+|ofcom_factors\w*)\b"
    )
    app = OsaApp(store=store)
    app.new_name.value = "Many Risks Forum"  # the phpBB preset: multi-risk, many measures
    app.new_from.value = "phpbb"
    app.create.click()
    for key in ("scope", "illegal_content", "childrens_access", "childrens_risk", "age_assurance"):
        page = app.open_page(key)
        found = sorted({m.group(0) for m in pattern.finditer(_texts(page))})
        assert found == [], (key, found)
        app._leaving = True
        app.go_home()


# ---------------------------------------------------------------------- 9 the due list
def test_home_due_list_has_dates_and_overdue_first_assessments(store):
    app = OsaApp(store=store)
    due = _texts(app.due)
    assert "Children's access assessment: not done; it was due by 16 April 2025 (overdue)" in due
    assert "Children's risk assessment: not done; it was due by 24 July 2025 (overdue)" in due
    assert "OVERDUE" in due and "up to date" in due
    caa = app.open_childrens_access()
    caa.save()
    app.go_home()
    due = _texts(app.due)
    assert "Children's access assessment: version 1" in due


# ---------------------------------------------------------------------- 8 does the Act apply?
def test_does_the_act_apply_page_has_reasons_duties_dates_and_plain_words(store):
    app = OsaApp(store=store)
    assert list(PAGES)[0] == "scope"
    page = app.open_page("scope")
    text = _texts(page)
    assert "In scope" in text and "Duties and dates" in text and "2025-03-16" in text
    assert "One-to-one voice calls, live" in text and "one to one live aural" not in text
    page.form.controls["scope.user_to_user"].value = False
    assert "Not in scope" in _texts(page)
    # The illegal content walkthrough no longer asks the scope questions.
    walk = IllegalContentWalkthrough(load_profile("kingsbury_cycling_forum"), store)
    assert "scope.user_to_user" not in walk.profile_form.controls


# ---------------------------------------------------------------------- 3, 4 drafts and reload
def test_back_warns_once_about_unsaved_changes(store):
    app = OsaApp(store=store)
    walk = app.open_illegal_content()
    walk.governance.controls["completed_by"].value = "Sam"
    app.back.click()
    assert app.home.layout.display == "none" and app.status.kind == "warning"
    assert "not saved" in app.status.message
    app.back.click()
    assert app.home.layout.display is None
    walk = app.open_illegal_content()
    app.back.click()  # nothing changed: no warning
    assert app.home.layout.display is None


def test_a_reload_opens_the_service_looked_at_last(store):
    app = OsaApp(store=store)
    app.new_name.value = "Riverside Allotments"
    app.new_from.value = "phpbb"
    app.create.click()
    label = dict((v, k) for k, v in app.picker.options)["riverside-allotments"]
    assert "draft" not in label and "no assessment saved yet" in label
    again = OsaApp(store=store)
    assert again.picker.value == "riverside-allotments"
    again.open_childrens_access().save()
    again.go_home()
    label = dict((v, k) for k, v in again.picker.options)["riverside-allotments"]
    assert label == "Riverside Allotments"


# ---------------------------------------------------------------------- 12 next steps
def test_next_step_names_the_step_and_saving_suggests_what_is_next(store):
    app = OsaApp(store=store)
    walk = app.open_illegal_content()
    assert walk.next_button.description == "Next step: Assess the risk"
    walk.next_button.click()
    walk.next_button.click()
    walk.next_button.click()
    assert walk.nav.value == 3 and walk.next_button.layout.display == "none"
    walk.save()
    assert "Next: Children's access assessment: not done" in walk.status.message


# ---------------------------------------------------------------------- 15 history in exports
def test_export_right_after_saving_lists_the_version_history(store):
    walk = IllegalContentWalkthrough(load_profile("kingsbury_cycling_forum"), store)
    walk.governance.controls["completed_by"].value = "Sam Lee"
    walk.save()
    walk.actions.formats.value = ("md",)
    walk.actions.prepare_downloads()
    b64 = re.search(r"base64,([^\"]+)", walk.actions.downloads.value).group(1)
    md = base64.b64decode(b64).decode()
    history = md.split("## Document history", 1)[1].split("##", 1)[0]
    assert "| 1 |" in history and "Sam Lee" in history


# ---------------------------------------------------------------------- 15 profile files in the browser
def test_profile_downloads_in_the_browser_and_loads_by_upload(store, tmp_path, monkeypatch):
    cwd = tmp_path / "server"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    walk = IllegalContentWalkthrough(load_profile("kingsbury_cycling_forum"), store)
    panel = walk.profile_files
    panel.prepare_download()
    b64 = re.search(r'href="data:application/yaml;base64,([^"]+)"', panel.link.value).group(1)
    text = base64.b64decode(b64).decode()
    assert "name: Kingsbury Cycling Forum" in text
    assert list(cwd.iterdir()) == []  # nothing written where the server runs
    panel.load_bytes("mine.yaml", text.replace("Kingsbury Cycling Forum", "Mine").encode())
    assert walk.profile.service.name == "Mine" and panel.status.kind == "ok"
    import datetime as dt

    bad = b"service: [\n"
    panel.upload.value = (
        {
            "name": "bad.yaml",
            "type": "application/yaml",
            "size": len(bad),
            "content": memoryview(bad),
            "last_modified": dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        },
    )
    assert panel.status.kind == "error" and "bad.yaml: line" in panel.status.message
    assert walk.profile.service.name == "Mine"  # nothing lost


def test_the_impact_trace_is_a_sentence_not_a_formula(store):
    walk = IllegalContentWalkthrough(load_profile("kingsbury_cycling_forum"), store)
    trace = " ".join(walk.assessment.harm("hate").trace)
    assert "because children are likely to use the service" in trace
    assert "for severity" in trace and "in all, so serious" in trace
    assert not re.search(r"(children can access|service) = \d", trace)


def test_a_note_on_one_measure_keeps_the_status_set_in_its_row(store):
    """Issue 15 item 10: picking a measure, then recording a note, never changes its status."""
    walk = IllegalContentWalkthrough(load_profile("kingsbury_cycling_forum"), store)
    mv = walk.measures_view
    mv.row_status["ICU C2"].value = "planned"
    mv.measure.value = "ICU A2"
    mv.measure.value = "ICU C2"
    mv.note.value = "Second moderator from January"
    mv.record.click()
    d = mv.decisions["ICU C2"]
    assert (d.status, d.note) == ("planned", "Second moderator from January")
    assert mv.row_status["ICU C2"].value == "planned"

    def shown(widget):
        yield widget
        for child in getattr(widget, "children", ()) or ():
            yield from shown(child)

    assert mv.state not in list(shown(mv))  # one status control per measure: in its row
