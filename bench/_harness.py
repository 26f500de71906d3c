"""Shared pieces of the benchmarks: results, Voilà servers, headless Chromium and in-page timing.

Everything stays on this machine: Voilà listens on 127.0.0.1, Chromium is Debian's
(``$CHROMIUM`` or ``/usr/bin/chromium``, never a downloaded one) with background networking off,
and any request a page makes to another host is aborted. Every wait has a timeout, and servers,
kernels and temporary folders are removed again, also when a benchmark fails.

This module does not depend on pytest (the e2e harness in ``tests/e2e/conftest.py`` does).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
# The flags from shared/reference/stack-notes.md: no sandbox (root in a container), no GPU, and
# nothing that phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT_S = 60.0
SERVER_STOP_TIMEOUT_S = 15.0
PAGE_TIMEOUT_MS = 60_000  # one page load, until the mark we wait for
ACTION_TIMEOUT_MS = 15_000
SETTLE_MS = 300  # "settled": no node added, removed or changed for this long
STDERR_OUTPUT = '[data-mime-type="application/vnd.jupyter.stderr"]'
ERROR_TEXTS = ("There was an error when executing cell", "Traceback", "Error displaying widget")
FIRST_WIDGET = ".jp-OutputArea-output .jupyter-widgets"
_NOT_LOCAL = re.compile(
    r"^(?!(?:https?|wss?)://(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/]|$))\w+://"
)
_KERNEL_CHANNELS = re.compile(r"/api/kernels/(?P<kernel>[0-9a-f-]{36})/channels")


class BenchError(RuntimeError):
    """A benchmark could not measure what it should (a server did not start, a page broke…)."""


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Result:
    """One printed line: a measured number, its goal and whether the goal is met.

    ``met`` is ``None`` for numbers shown for information (no goal of their own).
    """

    benchmark: str
    measure: str
    value: float
    unit: str
    goal: str = ""
    met: bool | None = None
    detail: str = ""

    @property
    def verdict(self) -> str:
        return "" if self.met is None else ("PASS" if self.met else "MISS")

    def value_text(self) -> str:
        if self.unit == "×":
            if self.value >= 100:
                return f"{self.value:,.0f}×"
            return f"{self.value:.3f}×" if self.value < 0.1 else f"{self.value:.2f}×"
        if self.unit == "":
            return f"{self.value:g}"
        if self.unit == "%":
            return f"{self.value:.0f} %"
        if self.unit == "ms" and self.value < 1:
            return f"{self.value:.3f} ms"
        if self.unit in ("ms", "MiB"):
            return (
                f"{self.value:,.0f} {self.unit}"
                if self.value >= 100
                else f"{self.value:.1f} {self.unit}"
            )
        return f"{self.value:.2f} {self.unit}"


def format_results(results: Sequence[Result]) -> str:
    """The results as a fixed-width table (goal lines marked PASS/MISS, others indented)."""
    lines = [f"{'':4}  {'benchmark':<11}  {'measure':<56}  {'value':>11}  goal"]
    lines.append("-" * 100)
    for r in results:
        lines.append(
            f"{r.verdict:<4}  {r.benchmark:<11}  {r.measure:<56}  {r.value_text():>11}  {r.goal}"
        )
        if r.detail:
            lines.append(f"{'':21}{r.detail}")
    return "\n".join(line.rstrip() for line in lines)


def verdicts(results: Sequence[Result]) -> tuple[int, int]:
    """(goals met, goals missed)."""
    met = sum(r.met is True for r in results)
    return met, sum(r.met is False for r in results)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float], unit: str = "ms", scale: float = 1.0) -> str:
    """``min–max of n`` for a detail line."""
    low, high = min(values) * scale, max(values) * scale
    digits = 0 if high >= 10 else 1 if high >= 1 else 3
    return f"min {low:,.{digits}f}, max {high:,.{digits}f} {unit} of {len(values)}"


def run_main(run, **kwargs) -> int:
    """``python -m bench.<module> [--strict]``: run one benchmark and print its table.

    Exit status: 0 when everything was measured (a missed goal is printed as MISS), 1 with
    ``--strict`` when a goal was missed, 2 when the benchmark could not measure.
    """
    started = time.monotonic()
    try:
        results = run(**kwargs)
    except BenchError as err:
        print(f"ERROR: {err}")
        return 2
    print(format_results(results))
    met, missed = verdicts(results)
    print(f"\n{met} goal(s) met, {missed} missed, in {time.monotonic() - started:.0f} s.")
    return 1 if missed and "--strict" in sys.argv[1:] else 0


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the results."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def python_env(pycache: Path) -> dict[str, str]:
    """The environment for a Python subprocess, with compiled bytecode (``.pyc``) kept and reused.

    A normal install keeps ``.pyc`` files, so a second start does not compile the sources again.
    Some machines (this project's CI sandbox among them) set ``PYTHONDONTWRITEBYTECODE=1``; then
    every interpreter would compile the toolkit's sources (no ``.pyc`` beside them) while pandas,
    ipywidgets and Voilà load the ``.pyc`` files pip wrote at install, which is not what users see
    and not a fair comparison. So the variable is dropped and ``PYTHONPYCACHEPREFIX`` points to
    ``pycache`` (a temporary folder): every package's ``.pyc`` is written there on the warm-up run
    and reused afterwards, and nothing is written into the repository or the venv.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


# ----------------------------------------------------------------------------- notebooks


def write_empty_notebook(folder: Path) -> Path:
    """The baseline: one empty code cell and one cell that shows a single Label widget."""
    cells = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": []},
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": ["import ipywidgets\n", 'display(ipywidgets.Label("x"))'],
        },
    ]
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / "empty.ipynb"
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- Voilà


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


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) or "(empty)"
    except OSError:
        return "(no log)"


class VoilaServer:
    """``voila <notebook> --no-browser --port=<free> --Voila.ip=127.0.0.1`` (as ``make app``).

    ``home`` becomes ``OSA_TOOLKIT_HOME`` (never the user's own store); Jupyter and IPython config
    go to ``workdir`` so the user's own settings cannot change what is measured.
    """

    def __init__(self, notebook: Path, workdir: Path, home: Path) -> None:
        self.notebook = notebook.resolve()
        self.workdir = workdir
        self.home = home
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.log = workdir / "voila.log"

    def start(self) -> VoilaServer:
        for _ in range(3):  # a free port can be taken before Voilà binds it: then try another
            port = _free_port()
            self._spawn(port)
            problem = self._wait(port)
            if problem is None:
                self.url = f"http://127.0.0.1:{port}/"
                return self
            self.stop()
            if "no available port" not in _tail(self.log, 200):
                break
        raise BenchError(
            f"Voilà did not start for {self.notebook.name}: {problem}\n{_tail(self.log)}"
        )

    def _spawn(self, port: int) -> None:
        (self.workdir / "jupyter-config").mkdir(parents=True, exist_ok=True)
        self.home.mkdir(parents=True, exist_ok=True)
        env = python_env(self.workdir / "pycache")
        env.pop("MPLBACKEND", None)  # kernels would inherit it (stack-notes: Agg breaks figures)
        env.update(
            OSA_TOOLKIT_HOME=str(self.home),
            JUPYTER_CONFIG_DIR=str(self.workdir / "jupyter-config"),
            JUPYTER_RUNTIME_DIR=str(self.workdir / "jupyter-runtime"),
            IPYTHONDIR=str(self.workdir / "ipython"),
            MPLCONFIGDIR=str(self.workdir / "matplotlib"),
            PYTHONUNBUFFERED="1",
        )
        cmd = [
            str(VENV_BIN / "voila"),
            str(self.notebook),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--Voila.port_retries=0",
            "--show_tracebacks=False",
        ]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                cmd,
                cwd=REPO,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # so a last-resort kill reaches its kernels too
            )

    def _wait(self, port: int) -> str | None:
        assert self.proc is not None
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return f"it exited with code {self.proc.returncode}"
            if _listening(port) and f":{port}/" in _tail(self.log, 200):
                return None
            time.sleep(0.1)
        return f"not listening on port {port} after {SERVER_START_TIMEOUT_S:.0f} s"

    def stop(self) -> None:
        """SIGTERM (Voilà shuts its kernels down), then SIGKILL its process group if it hangs."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=SERVER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=5)

    def shutdown_kernel(self, kernel_id: str) -> None:
        """Stop a page's kernel now (Voilà 0.5.13 leaves it running when the page goes away).

        The same request the e2e harness makes; the XSRF check is a double submit (cookie = header).
        """
        request = urllib.request.Request(
            f"{self.url}voila/api/shutdown/{kernel_id}",
            method="POST",
            data=b"",
            headers={"Cookie": "_xsrf=bench", "X-XSRFToken": "bench"},
        )
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except OSError:
            pass  # already gone

    def kernel_pid(self, kernel_id: str) -> int | None:
        """The pid of the kernel process started for ``kernel_id`` (its connection file names it)."""
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if kernel_id.encode() in cmdline and b"ipykernel" in cmdline:
                return int(entry.name)
        return None


def peak_rss_mib(pid: int | None) -> float | None:
    """Peak resident memory (VmHWM) of a process in MiB, from /proc (Linux); None if unknown."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@contextmanager
def voila_servers(specs: Mapping[str, tuple[Path, Path]], workdir: Path) -> Iterator[dict]:
    """Start one server per ``name: (notebook, home)`` and stop them all afterwards."""
    servers: dict[str, VoilaServer] = {}
    try:
        for name, (notebook, home) in specs.items():
            log(f"starting Voilà for {notebook.name}")
            servers[name] = VoilaServer(notebook, workdir / f"voila-{name}", home).start()
        yield servers
    finally:
        for server in servers.values():
            server.stop()


# ----------------------------------------------------------------------------- Chromium


@contextmanager
def chromium() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (never ``playwright install``)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise BenchError(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set $CHROMIUM)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def offline_context(browser, **kwargs):
    """A browser context where requests to other hosts fail at once (as they would offline)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **kwargs)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
    context.route(_NOT_LOCAL, lambda route: route.abort("internetdisconnected"))
    return context


# In-page timing. This runs in the page before any of its own scripts. A MutationObserver looks
# after every change for each named selector; the first time an element matching it is visible
# (checkVisibility(): rendered, not display:none/visibility:hidden/opacity 0, and a non-empty box;
# with an optional text it must contain), the mark gets performance.now(): milliseconds since
# the navigation started, so the server's time (kernel start, running the cells) is included.
# `lastChange` is the time of the latest added/removed node or changed text.
_MARKS_JS = """(() => {
  const wanted = WANTED;
  const marks = {};
  const state = {marks, lastChange: 0};
  window.__bench = state;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 &&
      el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  };
  const check = () => {
    const now = performance.now();
    for (const [name, [selector, text]] of Object.entries(wanted)) {
      if (marks[name] !== undefined) continue;
      for (const el of document.querySelectorAll(selector)) {
        if ((!text || el.textContent.includes(text)) && visible(el)) { marks[name] = now; break; }
      }
    }
  };
  new MutationObserver((records) => {
    if (records.some((r) => r.type !== 'attributes')) state.lastChange = performance.now();
    check();
  }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
                        attributeFilter: ['style', 'class', 'hidden']});
})();"""

# Every named mark was seen, or a cell error is on the page (then the load fails at once).
_ALL_MARKS_JS = (
    "(names) => names.every((n) => window.__bench && window.__bench.marks[n] !== undefined)"
    f" || !!document.querySelector('{STDERR_OUTPUT}')"
)

_SETTLED_JS = """([settleMs]) => {
  const spinner = document.getElementById('loading');
  if (spinner && spinner.offsetParent !== null) return false;
  for (const out of document.querySelectorAll('.jp-OutputArea-output')) {
    if (out.textContent.trim() === 'Loading widget...') return false;
  }
  return performance.now() - window.__bench.lastChange >= settleMs;
}"""


@dataclass
class Load:
    """One measured page load: marks in ms since navigation start, the kernel and its peak memory."""

    marks: dict[str, float]
    kernel_id: str | None = None
    kernel_peak_mib: float | None = None
    extra: dict = field(default_factory=dict)


def timed_load(
    context,
    server: VoilaServer,
    marks: Mapping[str, str | tuple[str, str]],
    *,
    settle: bool = False,
    memory: bool = False,
    keep_page: bool = False,
    timeout_ms: int = PAGE_TIMEOUT_MS,
):
    """Open ``server.url`` in a new page and time it.

    ``marks`` maps a name to a CSS selector (or ``(selector, text it must contain)``); the load
    waits for all of them. With ``settle``, the mark ``settled`` is added: the time of the last DOM
    change once the page has been quiet for ``SETTLE_MS`` (spinner gone, no widget still loading).
    With ``memory``, the kernel's peak RSS is read before anything is shut down.

    Returns the :class:`Load`; with ``keep_page`` returns ``(load, page)`` and the caller must call
    :func:`close_page` (which shuts the kernel down).
    """
    wanted = {k: (v, "") if isinstance(v, str) else tuple(v) for k, v in marks.items()}
    page = context.new_page()
    kernels: list[str] = []

    def on_websocket(ws) -> None:
        if m := _KERNEL_CHANNELS.search(ws.url):
            kernels.append(m["kernel"])

    page.on("websocket", on_websocket)
    page.add_init_script(_MARKS_JS.replace("WANTED", json.dumps(wanted)))
    load = Load(marks={})
    try:
        page.goto(server.url, wait_until="commit", timeout=timeout_ms)
        names = list(wanted)
        try:
            page.wait_for_function(
                _ALL_MARKS_JS,
                arg=names,
                timeout=timeout_ms,
                polling=50,
            )
            if settle:
                page.wait_for_function(_SETTLED_JS, arg=[SETTLE_MS], timeout=timeout_ms, polling=50)
        except Exception as err:  # Playwright's TimeoutError, or the page went away
            raise BenchError(
                f"{server.notebook.name}: marks {names} not all seen within {timeout_ms / 1000:.0f} s "
                f"(seen: {page.evaluate('() => window.__bench && window.__bench.marks')})"
            ) from err
        _fail_on_page_error(page, server)
        state = page.evaluate("() => window.__bench")
        load.marks = dict(state["marks"])
        if settle:
            load.marks["settled"] = state["lastChange"]
        load.kernel_id = kernels[0] if kernels else None
        if memory and load.kernel_id:
            load.kernel_peak_mib = peak_rss_mib(server.kernel_pid(load.kernel_id))
    except BaseException:
        close_page(page, server, load)
        raise
    if keep_page:
        return load, page
    close_page(page, server, load)
    return load


def close_page(page, server: VoilaServer, load: Load | None) -> None:
    try:
        page.close()
    finally:
        if load is not None and load.kernel_id:
            server.shutdown_kernel(load.kernel_id)


def _fail_on_page_error(page, server: VoilaServer) -> None:
    problems = page.locator(STDERR_OUTPUT).all_inner_texts()
    body = page.locator("body").inner_text()
    problems += [f"page text contains {t!r}" for t in ERROR_TEXTS if t in body]
    if problems:
        raise BenchError(f"{server.notebook.name} shows an error: {problems[0][:500]}")
