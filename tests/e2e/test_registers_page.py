"""The registers page (notebooks/00_registers.ipynb) in Voilà: switch the guidance edition."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import screenshot, wait_for_app

NOTEBOOK = "notebooks/00_registers.ipynb"
UPDATE_MS = 10_000  # a change → kernel → re-rendered table; about 0.1 s when idle

# Kind 15 in each edition (osa_toolkit/data/registers/<edition>/harms.csv); the 2024-12 name is a prefix of the
# 2026-06 one, so the cells are matched exactly.
SUICIDE_2024 = "Encouraging or assisting suicide"
SUICIDE_2026 = "Encouraging or assisting suicide or serious self-harm"


def _cell(page: Page, text: str) -> Locator:
    return page.locator(".osa-harms").get_by_role("cell", name=text, exact=True)


# The widget sets the harms table before the status line, and the browser applies updates in order,
# so once the status names the edition the table is already that edition's (absence checks are safe).


def _expect_edition_2026(page: Page) -> None:
    expect(page.locator(".osa-status")).to_contain_text(
        "Edition 2026-06: 18 kinds", timeout=UPDATE_MS
    )
    expect(_cell(page, "Cyberflashing")).to_have_count(1)
    expect(_cell(page, SUICIDE_2026)).to_have_count(1)
    expect(_cell(page, SUICIDE_2024)).to_have_count(0)


def _expect_edition_2024(page: Page) -> None:
    expect(page.locator(".osa-status")).to_contain_text(
        "Edition 2024-12: 17 kinds", timeout=UPDATE_MS
    )
    expect(_cell(page, SUICIDE_2024)).to_have_count(1)
    expect(_cell(page, "Cyberflashing")).to_have_count(0)
    expect(page.locator(".osa-harms")).not_to_contain_text("Cyberflashing")
    expect(page.locator(".osa-harms")).not_to_contain_text("serious self-harm")


def _open(page: Page, voila_server) -> Locator:
    page.goto(voila_server(NOTEBOOK))
    wait_for_app(page)
    select = page.locator(".osa-edition select")
    expect(select).to_have_value("2026-06")  # the newest edition by default
    _expect_edition_2026(page)
    return select


def test_switching_edition_changes_the_harms(page: Page, voila_server) -> None:
    select = _open(page, voila_server)
    expect(page.locator(".osa-edition label")).to_have_text("Guidance edition")
    # From the title to the end of the harms table (the measures table below it is long).
    screenshot(page, "registers", until=page.locator(".osa-harms"))

    select.select_option("2024-12")
    _expect_edition_2024(page)

    select.select_option("2026-06")
    _expect_edition_2026(page)


def test_edition_can_be_changed_with_the_keyboard(page: Page, voila_server) -> None:
    select = _open(page, voila_server)

    for _ in range(20):  # Tab through the page until the dropdown has the focus
        page.keyboard.press("Tab")
        if select.evaluate("el => el === document.activeElement"):
            break
    expect(select).to_be_focused()

    page.keyboard.press("ArrowUp")  # options are oldest first
    expect(select).to_have_value("2024-12")
    _expect_edition_2024(page)

    page.keyboard.press("ArrowDown")
    expect(select).to_have_value("2026-06")
    _expect_edition_2026(page)
