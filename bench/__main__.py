"""``python -m bench [--strict] [name ...]``: run every benchmark (or the named ones) in one go.

The results are printed together at the end, each with its goal and PASS/MISS. Progress goes to
stderr. Exit status: 0 when everything was measured, 1 with ``--strict`` when a goal was missed,
2 when a benchmark could not measure (the others still run).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
import sys
import time
import traceback
from importlib import metadata

from bench._harness import format_results, log, verdicts

# Cheapest and least disturbed first; the browser benchmarks last.
BENCHMARKS = ("import_cost", "core_throughput", "app_start", "interaction", "portfolio")


def _versions() -> str:
    found = []
    for package in ("pandas", "ipywidgets", "voila", "playwright"):
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package} (not installed)")
    return ", ".join(found)


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-")] or list(BENCHMARKS)
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    started = time.monotonic()
    print(
        f"osa-toolkit benchmarks, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} — "
        f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}; {_versions()}\n"
    )
    results, errors = [], []
    for name in names:
        log(f"=== {name}")
        module = importlib.import_module(f"bench.{name}")
        try:
            results += module.run()
        except Exception as err:  # report it and go on with the other benchmarks
            traceback.print_exc(file=sys.stderr)
            errors.append(f"ERROR  {name}: {type(err).__name__}: {err}")
    print(format_results(results))
    for error in errors:
        print(error)
    met, missed = verdicts(results)
    print(
        f"\n{met} goal(s) met, {missed} missed, {len(errors)} benchmark(s) failed; "
        f"{time.monotonic() - started:.0f} s in all."
    )
    if errors:
        return 2
    return 1 if missed and "--strict" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
