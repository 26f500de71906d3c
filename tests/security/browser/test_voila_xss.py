"""The app in Voilà, in headless Chromium, with a service whose every user field is an XSS payload.

The store (in the server's ``OSA_TOOLKIT_HOME``) holds the four records of one service written with
every payload of ``tests/security/payloads.py`` at once (each would set ``window.__xss``), and a
weightings set saved with them as who and why. The home page and the four assessment pages are
opened; after each, nothing the payloads would create exists and ``window.__xss`` is undefined,
while the payloads show as text.
"""

from __future__ import annotations

from pathlib import Path

from osa_toolkit.core.method.weights import load_weights
from osa_toolkit.files.weight_sets import save_weight_set
from playwright.sync_api import Page, expect

from tests.e2e.conftest import wait_for_app
from tests.security.payloads import ALL, PAYLOADS
from tests.security.test_widget_escaping import saved_store

APP = "notebooks/app.ipynb"
UPDATE_MS = 20_000

# Elements that only a payload could have made: an event-handler attribute, a URL attribute holding
# the payload's code (a dropdown's url-encoded data-value is inert), or a script, frame, details,
# MathML, SVG, base or meta element inside the app.
INJECTED_JS = """() => {
  const app = document.querySelector('.osa-app');
  if (!app) return ['no .osa-app on the page'];
  const found = [];
  for (const el of app.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const url = ['href', 'src', 'action', 'formaction', 'xlink:href', 'content'];
      if (attr.name.startsWith('on') || (url.includes(attr.name) && attr.value.includes('__xss'))) {
        found.push(`<${el.localName} ${attr.name}="${attr.value.slice(0, 60)}">`);
      }
    }
  }
  for (const el of app.querySelectorAll('script, iframe, details, math, base, meta, svg, textarea')) {
    if (!el.closest('.widget-textarea')) found.push(`<${el.localName}>`);
  }
  for (const el of document.querySelectorAll('script')) {
    if (el.textContent.includes('__xss')) found.push('a script holding the payload');
  }
  return found;
}"""


def _assert_nothing_ran(page: Page, where: str) -> None:
    assert page.evaluate("() => typeof window.__xss") == "undefined", f"{where}: a payload ran"
    assert page.evaluate(INJECTED_JS) == [], where


def test_payloads_in_every_field_stay_text_in_the_browser(
    page: Page, voila_server, tmp_path: Path, monkeypatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("OSA_TOOLKIT_HOME", str(home))
    store, _service_id = saved_store(home, ALL)
    store.close()
    save_weight_set("hostile", load_weights(), ALL, ALL)

    page.goto(voila_server(APP, {"OSA_TOOLKIT_HOME": str(home)}))
    wait_for_app(page)
    status = page.locator(".osa-service-status")
    expect(status).to_contain_text(PAYLOADS["script"], timeout=UPDATE_MS)
    expect(status).to_contain_text(PAYLOADS["img onerror"], timeout=UPDATE_MS)
    _assert_nothing_ran(page, "home page")

    for button, shows in (
        ("osa-open-illegal", ".osa-factors"),
        ("osa-open-caa", ".osa-caa-result"),
        ("osa-open-childrens-risk", ".osa-child-levels"),
        ("osa-open-age-assurance", ".osa-aa-verdict"),
    ):
        page.locator(f"button.{button}").click()
        expect(page.locator(shows).first).to_be_attached(timeout=UPDATE_MS)
        expect(page.locator(".osa-page")).to_contain_text(PAYLOADS["svg onload"], timeout=UPDATE_MS)
        _assert_nothing_ran(page, button)
        if button == "osa-open-illegal":  # its steps 2-4: levels and overrides, measures, record
            for step in (2, 3, 4):
                page.locator(".osa-steps button").nth(step - 1).click()
                page.wait_for_timeout(300)
                _assert_nothing_ran(page, f"illegal content step {step}")
        expect(page.locator("body")).not_to_contain_text("Traceback")
        page.locator("button.osa-back").click()
        expect(status).to_be_visible(timeout=UPDATE_MS)
