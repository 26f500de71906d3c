"""The risk dashboard and the portfolio view, driven headless against a temporary store."""

from __future__ import annotations

import base64
import datetime as dt
import io

import pandas as pd
import pytest
import yaml
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.core.method.weights import load_weights
from osa_toolkit.files.profiles import load_profile

from osa_toolkit.core.record import record_from_assessment, record_to_dict
from osa_toolkit.core.registers import load_registers
from osa_toolkit.store import open_store
from osa_toolkit.widgets.dashboard import RiskDashboard, seed_examples
from osa_toolkit.widgets.portfolio import PortfolioView

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "records.sqlite3")
    yield s
    s.close()


@pytest.fixture
def seeded(store):
    seed_examples(store, TODAY)
    return store


def png(image) -> bool:
    return bytes(image.value).startswith(b"\x89PNG")


def test_empty_store_shows_a_friendly_message_and_offers_the_examples(store):
    dash = RiskDashboard(store, today=TODAY)
    assert "No saved assessments yet" in dash.empty.value and dash.status.kind == "info"
    assert dash.details.layout.display == "none" and dash.picker.options == ()
    dash.try_examples.click()
    assert dash.status.kind == "ok" and "your own store is unchanged" in dash.status.message
    assert store.list_services() == [] and len(dash.picker.options) == 5


def test_dashboard_shows_one_service(seeded):
    dash = RiskDashboard(seeded, today=TODAY, service_id="kingsbury-cycling-forum")
    assert dash.picker.value == "kingsbury-cycling-forum"
    assert "<h2>Kingsbury Cycling Forum</h2>" in dash.summary.value
    assert "In scope of the Online Safety Act" in dash.summary.value
    for image in (
        dash.levels_img,
        dash.matrix_img,
        dash.measures_img,
        dash.timeline_img,
        dash.changes_img,
    ):
        assert png(image)
    assert (
        "Version 1 → 2" in dash.changes_text.value
        and "Edition: 2024-12 → 2026-06" in dash.changes_text.value
    )
    assert "<li>" in dash.warnings.value or "No evidence-check warnings" in dash.warnings.value
    before = bytes(dash.levels_img.value)
    dash.picker.value = "tyneside-social"
    assert "Tyneside Social" in dash.summary.value and bytes(dash.levels_img.value) != before


def test_first_version_has_nothing_to_compare(store):
    profile = load_profile("kingsbury_cycling_forum")
    record = record_from_assessment(
        assess_illegal_content(profile, load_registers(), load_weights(), today=TODAY), profile
    )
    store.save(record.service_id, "illegal_content", record_to_dict(record), service_name=record.service_name,
               edition=record.edition, toolkit_version=record.toolkit_version)  # fmt: skip
    dash = RiskDashboard(store, today=TODAY)
    assert (
        "first saved version" in dash.changes_text.value
        and dash.changes_img.layout.display == "none"
    )


def test_portfolio_of_an_empty_store_says_so_then_a_folder_works(store, tmp_path):
    view = PortfolioView(store, today=TODAY)
    assert "No saved assessments in the record store" in view.status.message and view.overview.empty
    assert "No services to show" in view.table.value
    view.source.value = "folder"
    assert len(view.overview) == 5 and view.progress.value == view.progress.max == 5
    assert "osa-pf-matrix" in view.table.value and "osa-level-high" in view.table.value


def test_portfolio_filters_and_csv(store):
    view = PortfolioView(store, source="folder", today=TODAY)
    view.at_least.value = "high"
    high = len(view.shown())
    assert 0 < high < 5 and f"{high} of 5 services shown" in view.summary.value
    view.harm.value = "csea_grooming"
    assert len(view.shown()) <= high
    view.at_least.value, view.harm.value = "", ""
    view.search.value = "kingsbury"
    assert list(view.shown()["service"]) == ["kingsbury_cycling_forum"]
    link = view.download.value
    assert 'class="osa-pf-csv"' in link and "data:text/csv;base64," in link
    csv = base64.b64decode(link.split("base64,")[1].split('"')[0]).decode("utf-8")
    rows = pd.read_csv(io.StringIO(csv))
    assert list(rows["service"]) == ["kingsbury_cycling_forum"] and "terrorism" in rows.columns
    view.search.value = ""
    view.in_scope.value = True
    assert (view.shown()["in_scope"] == "yes").all()


def test_portfolio_from_the_store(seeded):
    view = PortfolioView(seeded, today=TODAY)
    assert len(view.overview) == 5
    row = view.overview.set_index("service").loc["kingsbury-cycling-forum"]
    assert row["in_scope"] == "yes"
    assert row["missing"] == "children's access assessment, children's risk assessment"
    assert row["review"] == "due by 28 Nov 2027"
    view.missing.value = True
    assert "hedgerow-notes" not in set(view.shown()["service"])  # not in scope: nothing is missing


def test_portfolio_folder_with_a_bad_file_lists_it(store, tmp_path):
    (tmp_path / "good.yaml").write_text(
        yaml.safe_dump(
            {"profile_version": 1, "service": {"name": "Good"}, "scope": {"user_to_user": True}}
        )
    )
    (tmp_path / "bad.yaml").write_text("profile_version: 2\n")
    view = PortfolioView(store, folder=tmp_path, source="folder", today=TODAY)
    assert len(view.overview) == 1 and view.status.kind == "error"
    assert "1 file(s) skipped: bad.yaml" in view.status.message
