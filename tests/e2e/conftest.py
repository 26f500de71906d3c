"""Browser tests: Voilà serves a notebook, Playwright drives Debian's Chromium (never downloaded).

Every test under ``tests/e2e`` is marked ``e2e`` (deselect with ``-m "not e2e"``). Without a Chromium
executable (``$CHROMIUM``, else ``/usr/bin/chromium``) they are skipped, except when ``CI=true``: then
they fail, because CI must never pass by silently skipping the browser.

How a test uses this::

    from playwright.sync_api import expect

    from tests.e2e.conftest import screenshot, wait_for_app

    def test_something(page, voila_server):
        page.goto(voila_server("notebooks/00_registers.ipynb"))
        wait_for_app(page)  # spinner gone, widgets drawn, no error on the page
        expect(page.locator(".osa-status")).to_contain_text("18 kinds")
        screenshot(page, "my-page")  # -> docs/img/my-page.png (until=<locator> for a taller shot)

``voila_server`` starts one server per notebook for the whole session (each ``page.goto`` still
gets a fresh kernel, shut down again after the test); ``page``/``context`` are pytest-playwright's.

Tests need no network: the servers listen on 127.0.0.1, Chromium runs with background networking off,
and every request the page makes to anywhere but this machine is aborted (see ``context``).
"""

from __future__ import annotations

import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, WebSocket
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCREENSHOTS = REPO / "docs" / "img"

# Chromium flags measured in shared/reference/stack-notes.md: no sandbox (root in a container), no GPU,
# and nothing that phones home (QUIC, first-run, component updates, sync, background networking).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Measured on 2 cores: Voilà listens after 1.2–3 s; goto → spinner gone takes 1–2.5 s (every page
# load starts a new kernel); a widget change re-renders in about 0.1 s. Generous for a busy CI box.
SERVER_START_TIMEOUT_S = 60.0
SERVER_STOP_TIMEOUT_S = 15.0
APP_TIMEOUT_MS = 30_000  # navigation, and wait_for_app()
MAX_SCREENSHOT_HEIGHT = 4000  # px, for screenshot(until=...)
ACTION_TIMEOUT_MS = 15_000  # default for page actions (click, select_option, fill, …)

STDERR_OUTPUT = '[data-mime-type="application/vnd.jupyter.stderr"]'
ERROR_TEXTS = ("There was an error when executing cell", "Traceback", "Error displaying widget")
# Voilà removes #loading before the widgets are drawn (measured: the cell outputs may not exist
# yet, or show this placeholder for another 0.2–0.3 s while the widget models come from the
# kernel; a Box's children are attached after the Box). So wait_for_app() waits until no
# placeholder is left and the page has stopped adding or changing nodes for SETTLE_MS.
WIDGET_PLACEHOLDER = "Loading widget..."
SETTLE_MS = 250
_WATCH_MUTATIONS_JS = """() => {
  if (window.__e2eLastChange !== undefined) return;
  window.__e2eLastChange = performance.now();
  new MutationObserver(() => { window.__e2eLastChange = performance.now(); })
    .observe(document.documentElement, {subtree: true, childList: true, characterData: true});
}"""
_SETTLED_JS = """([placeholder, settleMs]) => {
  const spinner = document.getElementById('loading');
  if (spinner && spinner.offsetParent !== null) return false;
  for (const out of document.querySelectorAll('.jp-OutputArea-output')) {
    if (out.textContent.trim() === placeholder) return false;
  }
  return performance.now() - window.__e2eLastChange >= settleMs;
}"""

# Anything not served from this machine: Voilà's page asks cdn.jsdelivr.net for Font Awesome.
_NOT_LOCAL = re.compile(
    r"^(?!(?:https?|wss?)://(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/]|$))\w+://"
)


# A page's kernel connection: ws://127.0.0.1:<port>/api/kernels/<id>/channels?session_id=…
_KERNEL_CHANNELS = re.compile(
    r"^wss?://(?P<server>[^/]+/(?:[^?#]*/)?)api/kernels/(?P<kernel>[0-9a-f-]{36})/channels"
)


def _chromium() -> tuple[str | None, str]:
    """The Chromium executable to drive (or None) and the name that was looked for."""
    wanted = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    return shutil.which(wanted), wanted


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


CHROMIUM, _CHROMIUM_WANTED = _chromium()
_NO_CHROMIUM = (
    f"no Chromium executable at {_CHROMIUM_WANTED!r} (set $CHROMIUM, or "
    "`apt-get install chromium`; never `playwright install`)"
)


def mark_browser_tests(items: list[pytest.Item], folder: Path) -> None:
    """Mark the tests under ``folder`` ``e2e``; skip them without Chromium (never in CI, where the
    session fixture fails instead)."""
    skip = not CHROMIUM and not _in_ci()
    for item in items:
        if folder not in item.path.parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if skip:
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {_NO_CHROMIUM}"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_browser_tests(items, HERE)


@pytest.fixture(scope="session", autouse=True)
def _chromium_required() -> None:
    """In CI a missing browser is an error, not a skip (outside CI the tests were skipped already)."""
    if not CHROMIUM:
        pytest.fail(f"CI=true and {_NO_CHROMIUM}", pytrace=False)


# --- pytest-playwright configuration -------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch Debian's Chromium instead of a browser that `playwright install` would download."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def _voila_kernels() -> Iterator[list[tuple[str, str]]]:
    """Kernels the test's pages started, as (server URL, kernel id); shut down after the test.

    Voilà 0.5.13 fails to stop a page's kernel when the page goes away (its beforeunload request
    gets 403 "_xsrf argument missing", voila-dashboards/voila#1458), so every page load would
    otherwise keep a ~100 MB kernel until the server stops. This runs after pytest-playwright has
    closed the context (and taken any failure screenshot/trace).
    """
    kernels: list[tuple[str, str]] = []
    yield kernels
    for base, kernel_id in dict.fromkeys(kernels):
        request = urllib.request.Request(
            f"{base}voila/api/shutdown/{kernel_id}",
            method="POST",
            data=b"",
            headers={"Cookie": "_xsrf=e2e", "X-XSRFToken": "e2e"},  # double-submit XSRF check
        )
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except OSError:  # already gone, or its server has stopped: nothing to clean up
            pass


@pytest.fixture
def context(
    _voila_kernels: list[tuple[str, str]], new_context: Callable[..., BrowserContext]
) -> BrowserContext:
    """pytest-playwright's context, offline by construction and with timeouts sized for Voilà.

    Requests to any host but this one are aborted at once, so a test never waits on (or passes
    thanks to) the network; the page's own optional CDN assets just fail, as they do offline.
    """
    ctx = new_context()
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    ctx.set_default_navigation_timeout(APP_TIMEOUT_MS)
    ctx.route(_NOT_LOCAL, lambda route: route.abort("internetdisconnected"))

    def watch(page: Page) -> None:
        def on_websocket(ws: WebSocket) -> None:
            if m := _KERNEL_CHANNELS.match(ws.url):
                _voila_kernels.append((f"http://{m['server']}", m["kernel"]))

        page.on("websocket", on_websocket)

    ctx.on("page", watch)
    return ctx


# --- Voilà servers -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty)"


def _unless_given(args: Sequence[str], *defaults: str) -> list[str]:
    """The ``--name=value`` defaults whose ``--name`` is not already among ``args``."""
    given = {a.split("=", 1)[0] for a in args}
    return [d for d in defaults if d.split("=", 1)[0] not in given]


def _stop(proc: subprocess.Popen, deadline: float) -> None:
    """SIGTERM was sent already: wait until ``deadline``, then kill the server's process group."""
    try:
        proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


class _VoilaServers:
    """Starts a Voilà server per (notebook, env, args) on first request and reuses it for the session."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.home = workdir / "osa-home"  # OSA_TOOLKIT_HOME: never the user's own store
        self.home.mkdir()
        self.servers: dict[tuple, tuple[subprocess.Popen, str, Path]] = {}
        self.voila = Path(sys.executable).parent / "voila"

    def __call__(
        self,
        notebook_path: str | os.PathLike[str],
        extra_env: Mapping[str, str] | None = None,
        *,
        extra_args: Sequence[str] = (),
    ) -> str:
        notebook = Path(notebook_path)
        notebook = (notebook if notebook.is_absolute() else REPO / notebook).resolve()
        if not notebook.is_file():
            raise FileNotFoundError(f"no notebook at {notebook}")
        key = (notebook, tuple(sorted((extra_env or {}).items())), tuple(extra_args))
        if key in self.servers:
            proc, url, log = self.servers[key]
            if proc.poll() is not None:
                raise RuntimeError(
                    f"the Voilà server for {notebook.name} exited (code {proc.returncode}) "
                    f"during the session; its log ends:\n{_tail(log)}"
                )
            return url
        for _ in range(3):  # the free port can be taken before Voilà binds it: then use another
            proc, url, log = self._start(notebook, extra_env or {}, extra_args, len(self.servers))
            problem = self._wait(proc, url, log)
            if problem is None:
                self.servers[key] = (proc, url, log)
                return url
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                _stop(proc, time.monotonic() + SERVER_STOP_TIMEOUT_S)
            if "no available port" not in log.read_text(errors="replace"):
                break
        raise RuntimeError(
            f"Voilà did not start for {notebook}: {problem}.\n"
            f"command: {' '.join(map(str, proc.args))}\nits stderr/stdout ends:\n{_tail(log)}"
        )

    def _start(
        self, notebook: Path, extra_env: Mapping[str, str], extra_args: Sequence[str], n: int
    ) -> tuple[subprocess.Popen, str, Path]:
        port = _free_port()
        run = self.workdir / f"server-{n}-{port}"
        (run / "jupyter-config").mkdir(parents=True)
        env = dict(os.environ)
        env.pop("MPLBACKEND", None)  # kernels would inherit it; Agg breaks figures (stack-notes)
        env.update(
            OSA_TOOLKIT_HOME=str(self.home),
            # The user's own Jupyter/IPython configuration must not change what the tests see.
            JUPYTER_CONFIG_DIR=str(run / "jupyter-config"),
            JUPYTER_RUNTIME_DIR=str(run / "jupyter-runtime"),
            IPYTHONDIR=str(run / "ipython"),
            PYTHONUNBUFFERED="1",
        )
        env.update(extra_env)
        cmd = [
            str(self.voila),
            str(notebook),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            # Overridable defaults: what users see, and fail on a taken port (we retry with another)
            # instead of moving to a port nobody is probing.
            *_unless_given(extra_args, "--show_tracebacks=False", "--Voila.port_retries=0"),
            *extra_args,
        ]
        log = run / "voila.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                cmd,
                cwd=REPO,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # so a last-resort kill reaches its whole process group
            )
        return proc, f"http://127.0.0.1:{port}/", log

    @staticmethod
    def _wait(proc: subprocess.Popen, url: str, log: Path) -> str | None:
        """None once the server listens on its port, else what went wrong.

        Voilà answers HEAD with 405, so readiness is a TCP connect; and since a connect alone could
        reach some other process that took the port first, Voilà must also have logged that it runs
        at that URL (it logs this right after binding; with port_retries=0 it never moves port).
        """
        port = int(url.rsplit(":", 1)[1].strip("/"))
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return f"it exited with code {proc.returncode} before listening"
            if _listening(port) and f":{port}/" in log.read_text(errors="replace"):
                return None
            time.sleep(0.1)
        return f"it was not listening on port {port} after {SERVER_START_TIMEOUT_S:.0f} s"

    def close(self) -> None:
        procs = [proc for proc, _, _ in self.servers.values() if proc.poll() is None]
        for proc in procs:
            proc.send_signal(signal.SIGTERM)  # Voilà shuts its kernels down in 1–2 s
        deadline = time.monotonic() + SERVER_STOP_TIMEOUT_S
        for proc in procs:
            _stop(proc, deadline)
        self.servers.clear()


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_VoilaServers]:
    """A factory: ``voila_server(notebook_path, extra_env=None, *, extra_args=()) -> base_url``.

    ``notebook_path`` is absolute or relative to the repository root. The first call for a notebook
    (with the same ``extra_env``/``extra_args``) starts ``voila <nb> --no-browser --port=<free>
    --Voila.ip=127.0.0.1 --show_tracebacks=False`` with ``OSA_TOOLKIT_HOME`` in a per-session temp
    dir and waits until it listens; later calls return the same URL (``http://127.0.0.1:<port>/``).
    Each page load still gets a fresh kernel. All servers stop at the end of the session.
    """
    servers = _VoilaServers(tmp_path_factory.mktemp("voila"))
    try:
        yield servers
    finally:
        servers.close()


# --- helpers for tests ---------------------------------------------------------------------------


def wait_for_app(page: Page, timeout: float = APP_TIMEOUT_MS, settle_ms: int = SETTLE_MS) -> None:
    """Wait until Voilà has rendered the page, then fail if it shows an error.

    Rendered means: the ``#loading`` spinner is gone, no widget output still says "Loading
    widget...", and nothing in the page has been added or changed for ``settle_ms`` (attribute
    and style changes do not count). An error is a stderr output (Voilà keeps only cell errors;
    printed stderr is dropped), or the text "There was an error when executing cell",
    "Traceback", or "Error displaying widget" (a widget whose front end failed).

    Call it right after ``page.goto(url)``. Errors inside widget callbacks never reach the page; the
    app reports those in its ``.osa-status`` line, so assert on that after an interaction.
    """
    if page.url in ("", "about:blank"):
        raise AssertionError("wait_for_app() needs a page that has navigated to a Voilà URL")
    page.evaluate(_WATCH_MUTATIONS_JS)
    try:
        page.wait_for_function(
            _SETTLED_JS, arg=[WIDGET_PLACEHOLDER, settle_ms], timeout=timeout, polling=50
        )
    except PlaywrightTimeoutError as err:
        raise AssertionError(
            f"the Voilà page at {page.url} did not finish rendering within {timeout / 1000:.0f} s "
            f"(spinner still shown, a widget still loading, or the page never stopped changing)"
        ) from err
    problems = page.locator(STDERR_OUTPUT).all_inner_texts()
    body = page.locator("body").inner_text()
    problems += [f"page text contains {text!r}" for text in ERROR_TEXTS if text in body]
    if problems:
        details = "\n---\n".join(p.strip()[:2000] for p in problems)
        raise AssertionError(f"the Voilà page at {page.url} shows an error:\n{details}")


def screenshot(page: Page, name: str, *, until: Locator | None = None, **kwargs) -> Path:
    """Save a PNG of the page to ``docs/img/<name>.png`` and return its path.

    Voilà scrolls inside ``#rendered_cells``, not the document, so Playwright's ``full_page=True``
    captures only the viewport. Pass ``until=<locator>`` to grow the viewport (for this shot only)
    so that the picture runs from the top of the page to the bottom of that element. Other keyword
    arguments go to ``page.screenshot``.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    if until is not None and size is not None:
        box = until.bounding_box()
        if box is None:
            raise AssertionError(f"screenshot({name!r}): the `until` element is not visible")
        height = min(MAX_SCREENSHOT_HEIGHT, math.ceil(box["y"] + box["height"] + 16))
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    try:
        page.screenshot(path=str(path), **kwargs)
    finally:
        if until is not None and size is not None:
            page.set_viewport_size(size)
    return path
