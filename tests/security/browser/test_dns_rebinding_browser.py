"""DNS rebinding in a real browser: Chromium resolves ``evil.example`` to 127.0.0.1 (as a rebinding
attacker's DNS would), so the page and its websocket carry ``Host: evil.example:PORT``. The app
(started as ``osa-toolkit app`` starts it) must answer 403 to the page and refuse the websocket,
while the same browser at ``127.0.0.1`` gets the app and a working kernel websocket."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserType

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.security.local_app import kernel_id, running_app

OPEN_SOCKET_JS = """async (url) => await new Promise((resolve) => {
  const ws = new WebSocket(url);
  ws.onopen = () => { ws.close(); resolve("open"); };
  ws.onerror = () => resolve("refused");
  setTimeout(() => resolve("timeout"), 20000);
})"""


@pytest.fixture(scope="module")
def app_port(tmp_path_factory: pytest.TempPathFactory):
    with running_app(tmp_path_factory.mktemp("app")) as port:
        yield port


def test_a_rebound_host_gets_403_on_the_page_and_the_websocket(
    app_port: int, browser_type: BrowserType
) -> None:
    port = app_port
    args = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP evil.example 127.0.0.1"]
    # pytest-playwright's own Playwright (a second sync_playwright() fails inside its event loop)
    browser = browser_type.launch(executable_path=CHROMIUM, args=args)
    try:
        page = browser.new_page()
        local = re.compile(rf"^(?:http|ws)://(?:127\.0\.0\.1|evil\.example):{port}/")
        page.route(  # nothing leaves the machine (Voilà's page asks a CDN for its icons)
            "**/*",
            lambda route: route.continue_() if local.match(route.request.url) else route.abort(),
        )
        # the real address: the app and its kernel websocket work
        good = page.goto(f"http://127.0.0.1:{port}/", timeout=90_000)
        assert good is not None and good.status == 200
        kernel = kernel_id(good.body())
        channels = f"api/kernels/{kernel}/channels?session_id=browser-test"
        assert page.evaluate(OPEN_SOCKET_JS, f"ws://127.0.0.1:{port}/{channels}") == "open"

        # the rebound name: the page is refused, and so is the websocket
        bad = page.goto(f"http://evil.example:{port}/", timeout=90_000)
        assert bad is not None and bad.status == 403
        refused = page.content()  # Voilà's error page (styled by the app's template), no app in it
        assert "Kingsbury" not in refused and "Online Safety Act assessments" not in refused
        assert page.evaluate(OPEN_SOCKET_JS, f"ws://evil.example:{port}/{channels}") == "refused"
    finally:
        browser.close()
