"""Import cost: importing the core, against importing pandas, each in a fresh interpreter.

Method. Each measurement is a new ``python -c`` subprocess (the venv's interpreter) that takes
``time.perf_counter()`` around one ``import`` statement and prints the time and which of
ipywidgets, matplotlib, pandas and numpy are in ``sys.modules`` afterwards. So the interpreter's own
start-up is not counted, and every import starts cold in memory (the OS file cache and the
``.pyc`` files are warm: one warm-up round runs first; bytecode goes to a temporary
``PYTHONPYCACHEPREFIX`` even where ``PYTHONDONTWRITEBYTECODE`` is set, see
``bench._harness.python_env``). The modules are measured in turns,
``ROUNDS`` rounds, and the medians are compared: goal ≤ 1.2× ``import pandas`` for
``osa_toolkit.core`` (only the package, which imports nothing) and
``osa_toolkit.core.assessments.illegal_content`` (the assessment). Every core module at once is measured too,
for information: that includes the modules that make pandas tables (``batch`` and others), so it
costs pandas plus the core's own modules and has no goal of its own.

The package itself, ``import osa_toolkit`` (what ``import osa_toolkit as osa`` runs), loads the
analyst's API (:mod:`osa_toolkit.api`) lazily: goal ≤ ``PACKAGE_GOAL`` × ``import pandas``, and
a goal line checks that it leaves pandas, ipywidgets and matplotlib unloaded (pandas comes only
when a frame is asked for).

The core must not pull in the widget or plotting stacks: a goal line checks that ipywidgets and
matplotlib are not loaded by any module of ``osa_toolkit.core``. Which core modules load pandas
(directly or through another core module) is listed for information.

Run alone: ``.venv/bin/python -m bench.import_cost``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._harness import REPO, BenchError, Result, log, median, python_env, run_main, spread

NAME = "import"
ROUNDS = 7
GOAL = 1.2
PACKAGE = "osa_toolkit"
PACKAGE_GOAL = 0.2
"""``import osa_toolkit`` against ``import pandas``: the package must not pay for pandas."""
PACKAGE_FORBIDDEN = ("pandas", "ipywidgets", "matplotlib")
ALL_CORE = "all core modules"
TIMED = (
    "osa_toolkit.core",
    "osa_toolkit.core.assessments.illegal_content",
    ALL_CORE,
    PACKAGE,
    "pandas",
)
WATCH = ("ipywidgets", "matplotlib", "pandas", "numpy")
FORBIDDEN = ("ipywidgets", "matplotlib")
_CODE = (
    "import json, sys, time\n"
    "t = time.perf_counter()\n"
    "import {module}\n"
    "t = time.perf_counter() - t\n"
    "print(json.dumps({{'s': t, 'loaded': [m for m in {watch!r} if m in sys.modules]}}))\n"
)


def import_once(module: str, pycache: Path) -> dict:
    """Import ``module`` in a fresh interpreter: ``{"s": seconds, "loaded": [watched modules]}``.

    ``ALL_CORE`` imports every module of ``osa_toolkit.core`` in one statement. Bytecode is kept in
    ``pycache`` (see :func:`bench._harness.python_env`).
    """
    statement = ", ".join(core_modules()) if module == ALL_CORE else module
    done = subprocess.run(
        [sys.executable, "-c", _CODE.format(module=statement, watch=WATCH)],
        cwd=REPO,
        env=python_env(pycache),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0:
        raise BenchError(f"import {module} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def core_modules() -> list[str]:
    """Every module of ``osa_toolkit.core`` (found by file name, without importing them)."""
    folder = REPO / "osa_toolkit" / "core"
    return sorted(f"osa_toolkit.core.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__")


def run(rounds: int = ROUNDS) -> list[Result]:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="osa-bench-import-") as tmp:
        pycache = Path(tmp)
        for module in TIMED:  # warm-up: .pyc files written, files in the OS cache
            import_once(module, pycache)
        times: dict[str, list[float]] = {m: [] for m in TIMED}
        loaded: dict[str, set[str]] = {}
        for i in range(rounds):
            log(f"import: round {i + 1} of {rounds}")
            for module in TIMED:
                once = import_once(module, pycache)
                times[module].append(once["s"])
                loaded[module] = set(once["loaded"])
        log("import: which core modules load pandas, ipywidgets or matplotlib")
        pulls = {m: set(import_once(m, pycache)["loaded"]) for m in core_modules()}
    log(f"import: done in {time.monotonic() - started:.0f} s")

    pandas_s = median(times["pandas"])
    results = []
    package_ratio = median(times[PACKAGE]) / pandas_s
    results.append(
        Result(
            NAME,
            f"{PACKAGE} / pandas (medians)",
            package_ratio,
            "×",
            f"≤ {PACKAGE_GOAL}×",
            package_ratio <= PACKAGE_GOAL,
        )
    )
    heavy = sorted(loaded[PACKAGE] & set(PACKAGE_FORBIDDEN))
    results.append(
        Result(
            NAME,
            f"heavy modules loaded by import {PACKAGE}",
            len(heavy),
            "",
            "none",
            not heavy,
            detail=", ".join(heavy) or "pandas, ipywidgets and matplotlib all left unloaded",
        )
    )
    for module in TIMED[:3]:
        ratio = median(times[module]) / pandas_s
        goal = module != ALL_CORE  # the goal is on the two imports named in issue 9
        results.append(
            Result(
                NAME,
                f"{_short(module)} / pandas (medians)",
                ratio,
                "×",
                f"≤ {GOAL}×" if goal else "(no goal: includes pandas itself)",
                ratio <= GOAL if goal else None,
            )
        )
    for module in TIMED:
        results.append(
            Result(
                NAME,
                f"  import {_short(module)}",
                median(times[module]) * 1000,
                "ms",
                detail=spread(times[module], scale=1000)
                + (f"; loads {', '.join(sorted(loaded[module]))}" if loaded[module] else ""),
            )
        )
    bad = {m: sorted(s & set(FORBIDDEN)) for m, s in pulls.items() if s & set(FORBIDDEN)}
    results.append(
        Result(
            NAME,
            "core modules that load ipywidgets or matplotlib",
            len(bad),
            "",
            "none",
            not bad,
            detail=("; ".join(f"{m}: {', '.join(v)}" for m, v in bad.items()) if bad else "")
            + f"{len(pulls)} core modules imported one by one, each in a fresh interpreter",
        )
    )
    with_pandas = [m.rsplit(".", 1)[1] for m, s in pulls.items() if "pandas" in s]
    results.append(
        Result(
            NAME,
            "  core modules that load pandas when imported",
            len(with_pandas),
            "",
            detail=", ".join(with_pandas) or "none",
        )
    )
    return results


def _short(module: str) -> str:
    return f"all {len(core_modules())} core modules" if module == ALL_CORE else module


if __name__ == "__main__":
    sys.exit(run_main(run))
