"""App start: how long until the app's first widget is visible, against an empty notebook.

Method. ``notebooks/app.ipynb`` and a generated empty notebook (one empty cell, one cell showing a
single ``Label``) are each served by their own Voilà server, started the same way (``make app``'s
flags, ``OSA_TOOLKIT_HOME`` in a temporary folder). Headless Chromium loads each page once to warm
up (browser cache, OS file cache, the app's first-start seeding of its store), then ``LOADS`` more
times, alternating app and empty so that any drift on the machine hits both alike. Every load is a
new page and gets a new kernel, which is shut down afterwards.

In the page, a MutationObserver installed before the page's own scripts records
``performance.now()`` (milliseconds since the navigation started, so the server's work — starting
the kernel and running the cells — is included) the first time a widget (``.jupyter-widgets`` in a
cell output) is visible. The goal is on the ratio of the medians: app / empty ≤ 1.5.

Also shown, for information: when the app's home page shows the example service's status
(``.osa-service-status``), and when each page has settled (no DOM change for 300 ms).

Run alone: ``.venv/bin/python -m bench.app_start``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench._harness import (
    FIRST_WIDGET,
    REPO,
    Result,
    chromium,
    log,
    median,
    offline_context,
    run_main,
    spread,
    timed_load,
    voila_servers,
    write_empty_notebook,
)

NAME = "app start"
GOAL = 1.5
LOADS = 5
APP = REPO / "notebooks" / "app.ipynb"
APP_MARKS = {
    "first_widget": FIRST_WIDGET,
    "status": (".osa-service-status", "Kingsbury Cycling Forum"),
}
EMPTY_MARKS = {"first_widget": FIRST_WIDGET}


def run(loads: int = LOADS) -> list[Result]:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="osa-bench-app-") as tmp:
        tmp_path = Path(tmp)
        empty_nb = write_empty_notebook(tmp_path)
        specs = {"app": (APP, tmp_path / "home-app"), "empty": (empty_nb, tmp_path / "home-empty")}
        with voila_servers(specs, tmp_path) as servers, chromium() as browser:
            context = offline_context(browser)
            try:
                log("app start: warm-up loads")
                timed_load(context, servers["app"], APP_MARKS)
                timed_load(context, servers["empty"], EMPTY_MARKS)
                app_loads, empty_loads = [], []
                for i in range(loads):
                    log(f"app start: load {i + 1} of {loads}")
                    app_loads.append(timed_load(context, servers["app"], APP_MARKS, settle=True))
                    empty_loads.append(
                        timed_load(context, servers["empty"], EMPTY_MARKS, settle=True)
                    )
            finally:
                context.close()
    log(f"app start: done in {time.monotonic() - started:.0f} s")
    return results(app_loads, empty_loads)


def results(app_loads, empty_loads) -> list[Result]:
    app_first = [x.marks["first_widget"] for x in app_loads]
    empty_first = [x.marks["first_widget"] for x in empty_loads]
    ratio = median(app_first) / median(empty_first)
    return [
        Result(
            NAME,
            "app / empty notebook, first widget visible (medians)",
            ratio,
            "×",
            f"≤ {GOAL}×",
            ratio <= GOAL,
        ),
        Result(
            NAME,
            "  app: first widget visible",
            median(app_first),
            "ms",
            detail=spread(app_first),
        ),
        Result(
            NAME,
            "  empty notebook: first widget visible",
            median(empty_first),
            "ms",
            detail=spread(empty_first),
        ),
        Result(
            NAME,
            "  app: home page shows the service's status",
            median([x.marks["status"] for x in app_loads]),
            "ms",
        ),
        Result(
            NAME,
            "  app: page settled (no DOM change for 300 ms)",
            median([x.marks["settled"] for x in app_loads]),
            "ms",
        ),
        Result(
            NAME,
            "  empty notebook: page settled",
            median([x.marks["settled"] for x in empty_loads]),
            "ms",
        ),
    ]


if __name__ == "__main__":
    sys.exit(run_main(run))
