"""The browser downloads the compliance pack from the app, and a duty task is marked done there."""

from __future__ import annotations

import hashlib
import json
import zipfile

from playwright.sync_api import Page, expect

from osa_toolkit.store import open_store
from tests.e2e.conftest import screenshot, wait_for_app

APP = "notebooks/app.ipynb"
UPDATE_MS = 15_000
PACK_MS = 120_000  # the kernel prints two PDFs with Chromium on a busy 2-core machine


def test_duty_task_marked_done_and_pack_downloaded(page: Page, voila_server, tmp_path) -> None:
    home = tmp_path / "home"
    page.goto(voila_server(APP, {"OSA_TOOLKIT_HOME": str(home)}))
    wait_for_app(page)
    tasks = page.locator(".osa-duty-tasks")
    takedown = tasks.locator('[data-duty="intimate_image_takedown"]')
    expect(takedown).to_contain_text("within 48 hours", timeout=UPDATE_MS)
    expect(takedown).to_contain_text("Due: 29 June 2026.")

    page.locator(".osa-duty-pick select").select_option(
        label="Take down reported intimate image content within 48 hours"
    )
    page.locator(".osa-duty-who input").fill("Sam Lee")
    page.locator(".osa-duty-date input").fill("2026-07-01")
    page.locator("button.osa-duty-mark").click()
    expect(takedown).to_contain_text("Done on 1 July 2026 by Sam Lee.", timeout=UPDATE_MS)
    screenshot(page, "app-duty-tasks", until=page.locator(".osa-duties-panel"))

    page.locator("button.osa-pack").click()
    link = page.locator("a.osa-download-pack")
    expect(link).to_have_count(1, timeout=PACK_MS)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "kingsbury-cycling-forum-compliance-pack.zip"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    with zipfile.ZipFile(target) as archive:
        contents = json.loads(archive.read("contents.json"))
        for entry in contents["files"]:
            assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
        names = set(archive.namelist())
        tasks_json = json.loads(archive.read("duties/duty-tasks.json"))
    assert {"00-cover.pdf", "records/illegal-content-risk-assessment/current.pdf"} <= names
    done = {t["id"]: t for t in tasks_json["tasks"]}["intimate_image_takedown"]
    assert (done["state"], done["done_by"]) == ("done", "Sam Lee")
    with open_store(home / "records.sqlite3") as store:
        assert [d.done_by for d in store.duties_done("kingsbury-cycling-forum")] == ["Sam Lee"]
