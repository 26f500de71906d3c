"""The upload step, driven headless: an upload, a mapping row changed, the level and the record."""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path

import pytest
from osa_toolkit.files.profiles import load_profile

from osa_toolkit.store import open_store
from osa_toolkit.widgets.app import OsaApp
from osa_toolkit.widgets.evidence_upload import EvidenceUpload

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "evidence"
DISCOURSE = FIXTURES / "discourse_reviewable_scores.csv"


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "records.sqlite3")
    yield s
    s.close()


def level(widget, harm_id):
    return next(h.level for h in widget.assessment.harms if h.id == harm_id)


def upload(widget, path: Path, name: str | None = None, size: int | None = None) -> None:
    data = path.read_bytes()
    widget.upload.value = (
        {
            "name": name or path.name,
            "type": "text/csv",
            "size": len(data) if size is None else size,
            "content": memoryview(data),
            "last_modified": dt.datetime(2026, 7, 1, tzinfo=dt.UTC),
        },
    )


def test_upload_previews_counts_mapping_and_chart():
    widget = EvidenceUpload(load_profile("kingsbury_cycling_forum"))
    assert widget.software.value == "discourse"  # the profile's own software
    upload(widget, DISCOURSE)
    assert widget.status.kind == "ok"
    text = re.sub(r"<[^>]+>", " ", widget.preview.value)
    assert "10 reports counted from 05 January 2026 to 27 June 2026" in text
    assert "&#x27;inappropriate&#x27;: 5 report(s) not mapped to any kind" in text
    assert "dropped at import" in text
    labels = [
        c.children[0].description for c in widget.mapping_box.children if hasattr(c, "category")
    ]
    assert "Kind for 'inappropriate' (5)" in labels and "Kind for 'spam' (2)" in labels
    assert widget.chart.value[:4] == b"\x89PNG"
    assert "Not mapped to a kind: 6" in widget.chart_text.value


def test_changing_one_row_moves_the_level_and_its_trace_names_the_records():
    widget = EvidenceUpload(load_profile("kingsbury_cycling_forum"))
    upload(widget, DISCOURSE)
    assert level(widget, "harassment") == "low"
    widget.set_row("inappropriate", "harassment")
    assert level(widget, "harassment") == "medium"
    harassment = widget.value.evidence.by_harm
    assert ("harassment", 5, 2) in [(h.harm, h.reports, h.confirmed) for h in harassment]
    assert "(changed)" in widget.levels.value
    assert "The service&#x27;s records show 2 confirmed incident(s) in 6 months" in (
        widget.levels.value
    )


def test_outcome_row_changes_what_counts_as_confirmed():
    widget = EvidenceUpload(load_profile("kingsbury_cycling_forum"))
    upload(widget, FIXTURES / "phpbb_reports.csv")
    widget.software.value = "phpbb"
    widget.set_row("other", "hate")
    assert widget.source.by_harm[0].confirmed == 1
    outcome = next(c for c in widget.mapping_box.children if getattr(c, "word", "") == "closed")
    outcome.value = "dismissed"
    assert widget.source.by_harm[0].confirmed == 0


def test_a_wrong_file_shows_one_sentence_and_keeps_the_profile():
    profile = load_profile("kingsbury_cycling_forum")
    widget = EvidenceUpload(profile)
    upload(widget, FIXTURES / "mastodon_admin_reports.json")  # software is still discourse
    assert widget.status.kind == "error"
    assert widget.status.message.startswith("mastodon_admin_reports.json, line 1")
    assert widget.value == profile


def test_a_file_over_the_limit_is_refused_by_its_size():
    profile = load_profile("kingsbury_cycling_forum")
    widget = EvidenceUpload(profile)
    upload(widget, DISCOURSE, name="big.csv", size=100 * 1024 * 1024)
    assert widget.status.message.startswith("big.csv is 100 MB")
    assert widget.value == profile


def test_app_page_saves_the_record_with_its_evidence_annex(store):
    app = OsaApp(store=store)
    page = app.open_evidence()
    page.upload.load(DISCOURSE.name, DISCOURSE.read_bytes(), "discourse")
    page.upload.set_row("inappropriate", "harassment")
    saved = page.save()
    sources = saved.document["profile"]["evidence"]["sources"]
    assert sources[0]["file"] == DISCOURSE.name
    assert {"category": "inappropriate", "harm": "harassment"} in sources[0]["mapping"]
    assert (
        saved.document["harms"][[h["id"] for h in saved.document["harms"]].index("harassment")][
            "level"
        ]
        == "medium"
    )
    page.actions.formats.value = ("md",)
    page.actions.prepare_downloads()
    b64 = re.search(r"base64,([^\"]+)", page.actions.downloads.value).group(1)
    markdown = base64.b64decode(b64).decode()
    assert "## Evidence annex: the service's own records" in markdown
    assert "| inappropriate | Harassment, stalking, threats and abuse | none |" in markdown
    # the walkthrough opened next reads the draft with the evidence
    walk = app.open_illegal_content()
    assert walk.assessment.harm("harassment").level == "medium"
