"""Portfolio: the dashboard of 1,000 services in Voilà, against an empty notebook; kernel memory.

Method. A record store (SQLite, ``records.sqlite3`` in a temporary ``OSA_TOOLKIT_HOME``) is filled
with ``N_SERVICES`` synthetic services (``synthetic_profiles``), each with one saved illegal
content record made the way the walkthrough makes it (``assess_illegal_content`` →
``record_from_assessment`` → ``store.save``). ``notebooks/07_portfolio.ipynb`` is served by Voilà
with that home, so it opens on the store (its default source) and builds the table of all the
services while its cells run. A generated empty notebook (one empty cell, one ``Label``) is served
by a second Voilà server started the same way.

Headless Chromium loads each page once to warm up, then ``LOADS`` times, alternating. In the page,
a MutationObserver installed before the page's own scripts records ``performance.now()``
(milliseconds since the navigation started: the kernel start and running the cells are included)
when the portfolio's table (``.osa-pf-matrix``) is visible and its summary says all services are
shown; for the empty notebook, when its widget is visible. Goal: median portfolio / median empty
≤ 3.

To show where the time goes, the same store is also opened in the benchmark's own process:
``PortfolioView(store)`` is timed (it builds the table in its constructor), and so is its
biggest part, reading every service's latest record.

Memory: while the page is still open, the peak resident set size (``VmHWM`` in
``/proc/<pid>/status``) of the page's kernel process, found by its kernel id (from the page's
websocket URL) in the kernel's command line. Shown beside the empty notebook's kernel, for
information (there is no goal for it).

Run alone: ``.venv/bin/python -m bench.portfolio``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench._harness import (
    FIRST_WIDGET,
    REPO,
    BenchError,
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

NAME = "portfolio"
N_SERVICES = 1_000
LOADS = 3
GOAL = 3.0
SEED = 909
NOTEBOOK = REPO / "notebooks" / "07_portfolio.ipynb"
PAGE_TIMEOUT_MS = 180_000  # building 1,000 rows on a busy 2-core machine


def fill_store(home: Path, n: int) -> float:
    """Save ``n`` synthetic services' illegal content records in ``home``; return the seconds taken."""
    from osa_toolkit.core.analysis.synthetic import synthetic_profiles
    from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
    from osa_toolkit.core.method.weights import load_weights

    from osa_toolkit.core.record import Governance, record_from_assessment, record_to_dict
    from osa_toolkit.core.registers import load_registers
    from osa_toolkit.store import open_store

    started = time.monotonic()
    registers, weights = load_registers(), load_weights()
    governance = Governance(reason_for_review="synthetic service for the portfolio benchmark")
    home.mkdir(parents=True, exist_ok=True)
    with open_store(home / "records.sqlite3") as store:
        for profile in synthetic_profiles(n, seed=SEED):
            assessment = assess_illegal_content(profile, registers, weights)
            record = record_from_assessment(assessment, profile, governance)
            store.save_record("illegal_content", record, record_to_dict(record))
        saved = len(store.list_services())
    if saved != n:
        raise BenchError(f"portfolio: the store holds {saved} services, not {n}")
    return time.monotonic() - started


def run(n_services: int = N_SERVICES, loads: int = LOADS) -> list[Result]:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="osa-bench-portfolio-") as tmp:
        tmp_path = Path(tmp)
        home = tmp_path / "home-portfolio"
        log(f"portfolio: saving {n_services:,} synthetic services in a temporary store")
        fill_s = fill_store(home, n_services)
        log(f"portfolio: store filled in {fill_s:.1f} s")
        in_process = kernel_side(home)
        empty_nb = write_empty_notebook(tmp_path)
        specs = {"portfolio": (NOTEBOOK, home), "empty": (empty_nb, tmp_path / "home-empty")}
        shown = (".osa-pf-summary", f"{n_services} of {n_services} services shown")
        pf_marks = {"first_widget": FIRST_WIDGET, "table": ".osa-pf-matrix", "summary": shown}
        empty_marks = {"first_widget": FIRST_WIDGET}
        with voila_servers(specs, tmp_path) as servers, chromium() as browser:
            context = offline_context(browser)
            try:
                log("portfolio: warm-up loads")
                timed_load(context, servers["portfolio"], pf_marks, timeout_ms=PAGE_TIMEOUT_MS)
                timed_load(context, servers["empty"], empty_marks)
                pf_loads, empty_loads = [], []
                for i in range(loads):
                    log(f"portfolio: load {i + 1} of {loads}")
                    pf_loads.append(
                        timed_load(
                            context,
                            servers["portfolio"],
                            pf_marks,
                            memory=True,
                            timeout_ms=PAGE_TIMEOUT_MS,
                        )
                    )
                    empty_loads.append(
                        timed_load(context, servers["empty"], empty_marks, memory=True)
                    )
            finally:
                context.close()
    log(f"portfolio: done in {time.monotonic() - started:.0f} s")
    return results(pf_loads, empty_loads, n_services, in_process)


def kernel_side(home: Path) -> dict[str, float]:
    """Where the kernel's time goes, measured in this process on the same store (seconds).

    ``build``: ``PortfolioView(store)`` (it builds the whole table in its constructor);
    ``latest``: the part of it that reads every service's latest record (one query, documents
    checked against their checksums).
    """
    from osa_toolkit.store import open_store
    from osa_toolkit.widgets.portfolio import KIND, PortfolioView

    log("portfolio: timing the table build in this process")
    with open_store(home / "records.sqlite3") as store:
        t0 = time.perf_counter()
        PortfolioView(store)
        t1 = time.perf_counter()
        store.latest_of_kind(KIND)
        t2 = time.perf_counter()
    return {"build": t1 - t0, "latest": t2 - t1}


def results(pf_loads, empty_loads, n_services: int, in_process: dict) -> list[Result]:
    shown = [max(x.marks["table"], x.marks["summary"]) for x in pf_loads]
    first = [x.marks["first_widget"] for x in pf_loads]
    empty = [x.marks["first_widget"] for x in empty_loads]
    ratio = median(shown) / median(empty)
    out = [
        Result(
            NAME,
            f"{n_services:,} services: table shown / empty notebook (medians)",
            ratio,
            "×",
            f"≤ {GOAL:.0f}×",
            ratio <= GOAL,
        ),
        Result(
            NAME,
            f"  portfolio: table of {n_services:,} shown",
            median(shown),
            "ms",
            detail=spread(shown),
        ),  # fmt: skip
        Result(NAME, "  portfolio: first widget visible", median(first), "ms"),
        Result(
            NAME,
            "  empty notebook: first widget visible",
            median(empty),
            "ms",
            detail=spread(empty),
        ),  # fmt: skip
    ]
    out.append(
        Result(
            NAME,
            "  in-process: PortfolioView(store) builds the table",
            in_process["build"] * 1000,
            "ms",
            detail=f"of which reading the latest records (one query) {in_process['latest']:.2f} s",
        )
    )
    peaks = [x.kernel_peak_mib for x in pf_loads if x.kernel_peak_mib is not None]
    empty_peaks = [x.kernel_peak_mib for x in empty_loads if x.kernel_peak_mib is not None]
    if peaks:
        out.append(
            Result(
                NAME,
                "  portfolio kernel: peak memory (VmHWM)",
                max(peaks),
                "MiB",
                detail=f"largest of {len(peaks)} loads; median {median(peaks):.0f} MiB",
            )  # fmt: skip
        )
    if empty_peaks:
        out.append(
            Result(NAME, "  empty notebook kernel: peak memory (VmHWM)", max(empty_peaks), "MiB")
        )
    if not peaks or not empty_peaks:
        out.append(Result(NAME, "  kernel peak memory: not found (no /proc?)", 0, ""))
    return out


if __name__ == "__main__":
    sys.exit(run_main(run))
