"""“Your moderation records” in the app, in headless Chromium: upload a Discourse export, change one
mapping row, see the level change with its trace naming the evidence, save, and find the evidence
annex in the exported record."""

from __future__ import annotations

import base64
from pathlib import Path

from playwright.sync_api import Page, expect

from osa_toolkit.store import open_store
from tests.e2e.conftest import screenshot, wait_for_app

APP = "notebooks/app.ipynb"
UPDATE_MS = 15_000
EXPORT = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "evidence"
    / "discourse_reviewable_scores.csv"
)
HARASSMENT = "Harassment, stalking, threats and abuse"


def test_upload_map_level_save_and_annex(page: Page, voila_server, tmp_path) -> None:
    home = tmp_path / "home"
    page.goto(voila_server(APP, {"OSA_TOOLKIT_HOME": str(home)}))
    wait_for_app(page)
    expect(page.locator(".osa-service-status")).to_contain_text(
        "Kingsbury Cycling Forum", timeout=UPDATE_MS
    )
    page.locator("button.osa-open-evidence").click()
    expect(page.locator(".osa-evidence-upload-step")).to_contain_text(
        "Your moderation records", timeout=UPDATE_MS
    )
    expect(page.locator(".osa-evidence-software select")).to_have_value(
        "Discourse (flags: the reviewable_scores table as CSV)"
    )

    with page.expect_file_chooser() as chooser:
        page.locator(".osa-evidence-upload").click()
    chooser.value.set_files(str(EXPORT))
    preview = page.locator(".osa-evidence-preview")
    expect(preview).to_contain_text("10 reports counted", timeout=UPDATE_MS)
    expect(preview).to_contain_text("'inappropriate': 5 report(s) not mapped to any kind")
    expect(page.locator("img.osa-evidence-chart")).to_be_visible()
    row = page.locator(
        ".osa-evidence-level-table tr", has=page.get_by_role("cell", name=HARASSMENT)
    )
    expect(row).to_contain_text("low")

    # One mapping row: Discourse's 'inappropriate' flags are harassment on this forum.
    page.get_by_label("Kind for 'inappropriate' (5)").select_option(label=HARASSMENT)
    expect(row).to_contain_text("(changed)", timeout=UPDATE_MS)
    expect(row).to_contain_text("medium")
    expect(row).to_contain_text("The service's records show 2 confirmed incident(s) in 6 months")
    expect(preview).not_to_contain_text("'inappropriate'")
    screenshot(page, "app-evidence-import", until=page.locator(".osa-evidence-level-table"))

    page.locator("button.osa-save").click()
    expect(page.locator(".osa-saved-info")).to_contain_text("Saved as version 2", timeout=UPDATE_MS)
    page.locator(".osa-export-formats select").select_option(label=["Markdown"])
    page.locator("button.osa-export").click()
    link = page.locator("a.osa-download-md")
    expect(link).to_have_count(1, timeout=UPDATE_MS)
    markdown = base64.b64decode(link.get_attribute("href").split("base64,", 1)[1]).decode()
    assert "## Evidence annex: the service's own records" in markdown
    assert "### Source: discourse_reviewable_scores.csv" in markdown
    assert f"| inappropriate | {HARASSMENT} | none |" in markdown

    with open_store(home / "records.sqlite3") as store:
        doc = store.latest("kingsbury-cycling-forum", "illegal_content").document
        source = doc["profile"]["evidence"]["sources"][0]
        assert source["software"] == "discourse" and len(source["sha256"]) == 64
        assert {h["id"]: h["level"] for h in doc["harms"]}["harassment"] == "medium"
