"""The rest of the app in the browser: the children's risk assessment saved from its page, the risk
dashboard at a glance, and the weightings lab re-scoring when a slider moves."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from osa_toolkit.store import open_store
from tests.e2e.conftest import screenshot, wait_for_app

APP = "notebooks/app.ipynb"
UPDATE_MS = 20_000
PPC = ("pornography", "suicide", "self-harm", "eating-disorders")


def _open_app(page: Page, voila_server, home) -> None:
    page.goto(voila_server(APP, {"OSA_TOOLKIT_HOME": str(home)}))
    wait_for_app(page)
    expect(page.locator(".osa-service-status")).to_contain_text(
        "Kingsbury Cycling Forum", timeout=UPDATE_MS
    )


def test_childrens_risk_assessment_with_measures_saved(page: Page, voila_server, tmp_path) -> None:
    home = tmp_path / "home"
    _open_app(page, voila_server, home)
    page.locator("button.osa-open-childrens-risk").click()
    expect(page.locator(".osa-child-levels-table")).to_contain_text(
        "Pornography", timeout=UPDATE_MS
    )
    for kind in PPC:  # the terms prohibit all primary priority content ...
        page.locator(f".osa-terms-{kind} select").select_option(label="Prohibited for all users")
    measures = page.locator(".osa-child-measures").first
    expect(measures).to_contain_text("PCU A2", timeout=UPDATE_MS)
    expect(measures).not_to_contain_text("PCU B4", timeout=UPDATE_MS)
    # ... until pornography is allowed on a forum where images can be posted: age assurance applies
    page.locator(".osa-terms-pornography select").select_option(label="Allowed")
    expect(measures).to_contain_text("PCU B4", timeout=UPDATE_MS)
    page.locator(".osa-gov-responsible-person input").fill("Sam Lee")
    page.locator(".osa-gov-responsible-person input").press("Enter")
    page.locator("button.osa-save").click()
    expect(page.locator(".osa-saved-info")).to_contain_text("Saved as version 1", timeout=UPDATE_MS)
    page.locator(".osa-child-levels-table").scroll_into_view_if_needed()
    screenshot(page, "app-childrens-risk")
    with open_store(home / "records.sqlite3") as store:
        saved = store.latest("kingsbury-cycling-forum", "childrens_risk")
        assert saved is not None
        assert "PCU B4" in [m["id"] for m in saved.document["measures"]]
        assert saved.document["governance"]["responsible_person"] == "Sam Lee"


def test_dashboard_shows_one_service_at_a_glance(page: Page, voila_server, tmp_path) -> None:
    _open_app(page, voila_server, tmp_path / "home")
    page.locator("button.osa-open-dashboard").click()
    dash = page.locator(".osa-dashboard")
    expect(dash).to_contain_text("Kingsbury Cycling Forum", timeout=UPDATE_MS)
    expect(dash.locator("img").first).to_be_visible(timeout=UPDATE_MS)
    expect(page.locator("body")).not_to_contain_text("Traceback")
    screenshot(page, "app-dashboard")


def test_weightings_lab_rescoring_when_a_slider_moves(page: Page, voila_server, tmp_path) -> None:
    _open_app(page, voila_server, tmp_path / "home")
    page.locator("button.osa-open-lab").click()
    table = page.locator(".osa-changed-levels")
    expect(table).to_contain_text("No level differs", timeout=UPDATE_MS)
    # Every slider is visible at full height (none squeezed into a sliver), and the last one
    # can be reached by scrolling and moved by keyboard.
    sliders = page.locator(".osa-lab-weights .osa-weight")
    heights = sliders.evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert len(heights) > 50
    assert min(heights) >= 20, f"squeezed sliders: {sorted(heights)[:5]}"
    last = sliders.last
    last.scroll_into_view_if_needed()
    expect(last).to_be_visible()
    before = last.locator(".widget-readout").inner_text()
    last.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    expect(last.locator(".widget-readout")).not_to_have_text(before, timeout=UPDATE_MS)
    page.keyboard.press("ArrowLeft")
    readout = page.locator(".osa-w-likelihood-factor_weight_default .widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    expect(table.locator("tr")).not_to_have_count(0, timeout=UPDATE_MS)
    expect(table).to_contain_text("Kingsbury Cycling Forum", timeout=UPDATE_MS)
    expect(table).to_contain_text("raised")
    screenshot(page, "app-weights-lab")
