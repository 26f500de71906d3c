"""The home page's "Ready when Ofcom asks" block: duty tasks, marking one done, the compliance pack
button, the compliance review, and the information-notices page."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import re
import zipfile

import pytest
from osa_toolkit.core.compliance.guides import ofcom_requests

from osa_toolkit.store import open_store
from osa_toolkit.widgets.app import OsaApp
from osa_toolkit.widgets.ofcom_requests_page import page_html


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "records.sqlite3")
    yield s
    s.close()


def fake_pdf(page: str) -> bytes:
    return b"%PDF-1.4 fake " + hashlib.sha256(page.encode("utf-8")).hexdigest().encode()


def test_home_lists_the_image_take_down_task_with_its_due_date(store):
    app = OsaApp(store=store)  # the example forum lets users post images
    listing = app.ready.duties.listing.value
    assert "Take down reported intimate image content within 48 hours" in listing
    assert "Due: 29 June 2026." in listing and "overdue: not marked done" in listing
    assert "intimate_image_takedown" not in re.sub(r'data-duty="[^"]*"', "", listing)


def test_marking_a_task_done_saves_who_and_when_and_updates_the_list(store):
    app = OsaApp(store=store)
    panel = app.ready.duties
    panel.task.value = "intimate_image_takedown"
    panel.who.value = "Sam Lee"
    panel.done_on.value = dt.date(2026, 7, 1)
    panel.mark.click()
    assert app.status.kind == "ok", app.status.message
    done = store.duties_done("kingsbury-cycling-forum")
    assert [(d.duty_id, d.done_by, d.done_on) for d in done] == [
        ("intimate_image_takedown", "Sam Lee", dt.date(2026, 7, 1))
    ]
    assert "Done on 1 July 2026 by Sam Lee." in panel.listing.value
    assert "intimate_image_takedown" not in [v for _, v in panel.task.options]


def test_marking_done_without_a_name_is_refused_with_a_sentence(store):
    app = OsaApp(store=store)
    app.ready.duties.task.value = "nca_csea_reporting"
    app.ready.duties.mark.click()
    assert app.status.kind == "error" and "Write who did the task" in app.status.message
    assert store.duties_done("kingsbury-cycling-forum") == []


def test_the_pack_button_offers_the_zip_for_download(store, monkeypatch):
    monkeypatch.setattr("osa_toolkit.report.pdf.html_to_pdf", fake_pdf)
    app = OsaApp(store=store)
    app.ready.pack.button.click()
    assert app.status.kind == "ok", app.status.message
    link = app.ready.pack.link.value
    assert 'download="kingsbury-cycling-forum-compliance-pack.zip"' in link
    data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", link).group(1))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        contents = json.loads(archive.read("contents.json"))
    assert contents["service_id"] == "kingsbury-cycling-forum"
    assert "records/illegal-content-risk-assessment/current.pdf" in {
        f["path"] for f in contents["files"]
    }


def test_a_compliance_review_is_recorded_as_its_own_dated_entry(store):
    app = OsaApp(store=store)
    form = app.ready.review
    form.reviewed_on.value = dt.date(2026, 11, 20)
    form.reviewed_by.value = "Sam Lee"
    form.findings.value = "Checked the report queue and the terms."
    form.save.click()
    assert app.status.kind == "ok", app.status.message
    (review,) = store.compliance_reviews("kingsbury-cycling-forum")
    assert (review.reviewed_on, review.reviewed_by) == (dt.date(2026, 11, 20), "Sam Lee")
    assert "20 November 2026, by Sam Lee" in form.history.value
    assert [v.version for v in store.list_versions("kingsbury-cycling-forum")] == [1]


def test_the_information_notices_page_opens_and_cites_its_sources(store):
    app = OsaApp(store=store)
    app.ready.requests.click()
    page = app.page.children[-1]
    text = page.body.value
    for heading in ("What Ofcom can ask for", "The deadline", "Who must answer",
                    "What the compliance pack contains"):  # fmt: skip
        assert heading in text
    for source in ofcom_requests().sources.values():
        assert source.url in text
    assert page_html() == text
