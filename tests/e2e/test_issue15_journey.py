"""Issue 15, "Done when": a volunteer finishes the records they would send to Ofcom, in one sitting.

A new service made from the phpBB preset is walked from the home page through "Does the Act
apply?", the children's access assessment, evidence entry, all four steps of the illegal content
risk assessment with a status set in each measure row, approval and save; every format of both
records is downloaded; then the home page's due list, the saved approval in the store, and that no
request left 127.0.0.1 and the console stayed clean. The app runs with the same Voilà template as
``make app`` (``share/jupyter/voila/templates/osa``).
"""

from __future__ import annotations

import base64
import re
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from osa_toolkit.store import open_store
from tests.e2e.conftest import REPO, screenshot, wait_for_app

APP = "notebooks/app.ipynb"
UPDATE_MS = 20_000
FORMATS = {"md": b"# ", "html": b"<!DOCTYPE html", "docx": b"PK", "pdf": b"%PDF", "json": b"{"}
ARGS = ("--template=osa",)


def _env(home: Path) -> dict[str, str]:
    return {"OSA_TOOLKIT_HOME": str(home), "JUPYTER_PATH": str(REPO / "share" / "jupyter")}


CUT_JS = """() => {
  const cut = [];
  const ctx = document.createElement('canvas').getContext('2d');
  for (const el of document.querySelectorAll('.osa-app .widget-label, .osa-app label, .osa-app select')) {
    if (!el.offsetParent) continue;  // not shown
    if (el.localName === 'select') {
      if (el.multiple) continue;
      ctx.font = getComputedStyle(el).font;
      const text = el.options[el.selectedIndex] ? el.options[el.selectedIndex].text : '';
      if (ctx.measureText(text).width > el.clientWidth - 24) cut.push('select: ' + text);
    } else if (el.scrollWidth > el.clientWidth + 1) {
      cut.push('label: ' + el.textContent.trim().slice(0, 60));
    }
  }
  for (const el of document.querySelectorAll('.osa-app input[type=text], .osa-app textarea')) {
    if (el.offsetParent && el.getBoundingClientRect().width < 120) cut.push('narrow box');
  }
  const edge = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('.osa-app input, .osa-app select, .osa-app button')) {
    if (el.offsetParent && el.getBoundingClientRect().right > edge + 1) {
      cut.push('off the right edge: ' + (el.className || el.localName));
    }
  }
  return cut;
}"""


def _nothing_cut(page: Page, where: str) -> None:
    """Issue 15 item 11: no label, choice or box is cut short at 1366x768."""
    assert page.evaluate(CUT_JS) == [], where


def _download_all(page: Page, scope: str) -> dict[str, bytes]:
    panel = page.locator(scope)
    panel.locator(".osa-export-formats select").select_option(
        label=["Markdown", "HTML", "Word (DOCX)", "PDF", "JSON"]
    )
    panel.locator("button.osa-export").click()
    got = {}
    for fmt, magic in FORMATS.items():
        link = panel.locator(f"a.osa-download-{fmt}")
        expect(link).to_have_count(1, timeout=60_000)
        data = base64.b64decode(link.get_attribute("href").split("base64,", 1)[1])
        assert data.startswith(magic), (fmt, data[:20])
        got[fmt] = data
    return got


def test_new_service_to_approved_records_in_one_sitting(page: Page, voila_server, tmp_path):
    home = tmp_path / "home"
    url = voila_server(APP, _env(home), extra_args=ARGS)
    page.set_viewport_size({"width": 1366, "height": 768})
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url)
    wait_for_app(page)
    expect(page).to_have_title(re.compile("Online Safety Act assessments"))

    # A new service from the phpBB preset.
    page.locator(".osa-new-name input").fill("Riverside Allotments Forum")
    page.locator(".osa-new-from select").select_option(label="Software preset: phpBB")
    page.locator("button.osa-new-create").click()
    status = page.locator(".osa-service-status")
    expect(status).to_contain_text("Riverside Allotments Forum", timeout=UPDATE_MS)
    due = page.locator(".osa-due-list")
    expect(due).to_contain_text("Children's access assessment: not done; it was due by")

    # Does the Act apply to me?
    page.locator("button.osa-open-scope").click()
    scope = page.locator(".osa-scope-result")
    expect(scope).to_contain_text("In scope", timeout=UPDATE_MS)
    expect(scope).to_contain_text("Duties and dates")
    expect(page.locator(".osa-scope-page")).to_contain_text("One-to-one voice calls, live")
    expect(page).to_have_title(re.compile("does the Online Safety Act apply"), timeout=UPDATE_MS)
    _nothing_cut(page, "the scope page")
    screenshot(page, "app-scope", until=scope)
    page.locator("button.osa-back").click()

    # The children's access assessment: saved, and every format downloaded.
    page.locator("button.osa-open-caa").click()
    expect(page.locator(".osa-caa-result")).to_contain_text("Children's access", timeout=UPDATE_MS)
    page.locator(".osa-caa-walkthrough button.osa-save").click()
    expect(page.locator(".osa-saved-info")).to_contain_text("Saved as version 1", timeout=UPDATE_MS)
    _nothing_cut(page, "the children's access page")
    caa_files = _download_all(page, ".osa-caa-walkthrough")
    assert b"Children's access assessment: Riverside Allotments Forum" in caa_files["md"]
    screenshot(page, "app-childrens-access")
    page.locator("button.osa-back").click()

    # The illegal content risk assessment: evidence, every measure decided, approved, saved.
    page.locator("button.osa-open-illegal").click()
    steps = page.locator(".osa-steps button")
    expect(steps.nth(0)).to_have_attribute("aria-pressed", "true", timeout=UPDATE_MS)
    expect(page.locator("button.osa-next")).to_have_text("Next step: Assess the risk")
    users = page.locator(".osa-users-uk-monthly-active-users input")
    assert users.bounding_box()["width"] >= 300
    _nothing_cut(page, "step 1")
    page.locator("button.osa-next").click()
    expect(steps.nth(1)).to_have_attribute("aria-pressed", "true", timeout=UPDATE_MS)
    ev = page.locator(".osa-evidence-form")
    for css, value in (("period", "12"), ("reports-total", "30")):
        box = ev.locator(f".osa-ev-{css} input")
        box.fill(value)
        box.press("Enter")
    ev.locator(".osa-ev-moderation select").select_option(label="We check posts after they appear")
    for css, value in (("reports-hate", "4"), ("confirmed-hate", "2")):
        box = ev.locator(f".osa-ev-{css} input")
        box.fill(value)
        box.press("Enter")
    hate = page.locator(".osa-levels-table tr", has_text="Hate")
    expect(hate).to_contain_text("confirmed incidents in the records", timeout=UPDATE_MS)
    expect(page.locator(".osa-levels-table")).not_to_contain_text("none given")
    _nothing_cut(page, "step 2")
    screenshot(page, "app-evidence", until=ev)
    screenshot(page, "app-levels", until=page.locator(".osa-levels-table"))

    steps.nth(2).click()
    rows = page.locator(".osa-measure-row")
    expect(rows.first).to_be_visible(timeout=UPDATE_MS)
    count = rows.count()
    assert count >= 10
    for i in range(count):
        select = rows.nth(i).locator(".osa-measure-row-status select")
        select.select_option(label="in place" if i % 3 else "planned")
        expect(page.locator(".osa-walkthrough")).to_contain_text(
            ": in place" if i % 3 else ": planned", timeout=UPDATE_MS
        )
    _nothing_cut(page, "step 3")
    screenshot(page, "app-measures", until=rows.nth(min(count - 1, 6)))

    steps.nth(3).click()
    expect(page.locator("button.osa-next")).to_be_hidden()
    for css, value in (("completed-by", "Sam Lee"), ("approved-by", "Jo Bloggs")):
        box = page.locator(f".osa-gov-{css} input")
        box.fill(value)
        box.press("Enter")
    page.locator(".osa-gov-final input").check()
    page.locator(".osa-walkthrough button.osa-save").click()
    saved = page.locator(".osa-walkthrough .osa-saved-info")
    expect(saved).to_contain_text("Approval by Jo Bloggs recorded", timeout=UPDATE_MS)
    walk_status = page.locator(".osa-walkthrough-status")
    expect(walk_status).to_contain_text("Next: Children's risk assessment", timeout=UPDATE_MS)
    expect(walk_status).not_to_contain_text("undecided")
    ic_files = _download_all(page, ".osa-walkthrough")
    md = ic_files["md"].decode("utf-8")
    assert "Jo Bloggs" in md and "Still to be decided" not in md
    assert "Hate" in md and "confirmed incidents in the records" in md
    screenshot(page, "app-record")
    assert not page.locator('.osa-app [title="null"]').count()
    assert page.locator(".osa-walkthrough-status").get_attribute("aria-live") == "polite"

    # Home: one due list, with the next assessment and its date (nothing unsaved: no warning).
    page.locator("button.osa-back").click()
    app_status = page.locator(".osa-app-status")
    expect(page.locator("button.osa-new-create")).to_be_visible(timeout=UPDATE_MS)
    expect(app_status).not_to_contain_text("not saved")
    expect(due).to_contain_text("Illegal content risk assessment: version 1", timeout=UPDATE_MS)
    expect(due).to_contain_text("Children's access assessment: version 1")
    expect(due).to_contain_text("Children's risk assessment: not done; it was due by")
    expect(due).not_to_contain_text("undecided")
    page.evaluate(
        "() => { window.scrollTo(0, 0); const r = document.querySelector('#rendered_cells');"
        " if (r) r.scrollTop = 0; }"
    )
    screenshot(page, "app-home", until=page.locator("button.osa-new-create"))

    # The approval is in the store.
    with open_store(home / "records.sqlite3") as store:
        latest = store.latest("riverside-allotments-forum", "illegal_content")
        assert [a.approved_by for a in store.approvals(latest.record_id)] == ["Jo Bloggs"]
        assert all(m["status"] != "recommended" for m in latest.document["measures"])
        ev_saved = latest.document["profile"]["evidence"]
        assert ev_saved["by_harm"]["hate"] == {"reports": 4, "confirmed": 2}
        assert store.latest("riverside-allotments-forum", "childrens_access") is not None

    # Nothing left this machine, and the console stayed clean.
    away = [u for u in requests if not re.match(r"(https?|wss?)://127\.0\.0\.1[:/]", u)]
    away = [u for u in away if not u.startswith(("data:", "blob:"))]
    assert away == []
    assert problems == []


def test_a_reload_stops_the_old_kernel_and_reopens_the_same_service(
    page: Page, voila_server, tmp_path
):
    home = tmp_path / "home"
    url = voila_server(APP, _env(home), extra_args=ARGS)
    kernels: list[str] = []
    page.on("websocket", lambda ws: kernels.extend(re.findall(r"kernels/([0-9a-f-]{36})", ws.url)))
    page.goto(url)
    wait_for_app(page)
    page.locator(".osa-new-name input").fill("Second Service")
    page.locator(".osa-new-from select").select_option(label="Software preset: phpBB")
    page.locator("button.osa-new-create").click()
    expect(page.locator(".osa-service-status")).to_contain_text("Second Service", timeout=UPDATE_MS)
    first = kernels[0]
    page.reload()
    wait_for_app(page)
    expect(page.locator(".osa-service-status")).to_contain_text("Second Service", timeout=UPDATE_MS)
    log = next(log for key, (_p, u, log) in voila_server.servers.items() if u == url)
    deadline = time.monotonic() + 15
    while f"Kernel shutdown: {first}" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert f"Kernel shutdown: {first}" in log.read_text()
