"""Core throughput: the illegal content levels of many services, one by one and in a batch.

Method. ``synthetic_profiles(N_BATCH, seed=SEED)`` makes the services (not timed). Then, in this
process, with the registers and default weights loaded once and a fixed assessment date:

* **one by one**: ``assess_illegal_content(profile, registers, weights, today=…)`` on the first
  ``N_ONE`` profiles, in a loop (what the walkthrough runs after every change; it also works out
  measures, the review plan and the evidence check, which the batch path does not);
* **batch, first scoring**: ``score(features(profiles, registers, today=…), weights)`` on all
  ``N_BATCH`` profiles, median of ``REPEATS`` runs; ``features`` is the part that does not depend on
  the weights (it walks every profile), ``score`` the numpy part;
* **batch, re-scoring after a weight change**: ``score(compile_features(frame), changed_weights)``,
  as the weightings lab does when a slider moves (the compiled arrays are reused), median of 5.

Per-profile times are wall time / number of profiles (``time.perf_counter``). The goals are on the
full batch path (features + score): at least 10× faster per profile than one by one, and
10,000 profiles in under 10 s. As a check that the two paths agree, the batch levels of the first
``N_ONE`` services are compared with the one-by-one levels.

Run alone: ``.venv/bin/python -m bench.core_throughput`` (``--profile`` prints a cProfile of
``features`` on 2,000 profiles instead).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import time

from bench._harness import BenchError, Result, log, median, run_main

NAME = "core"
N_BATCH = 10_000
N_ONE = 1_000
REPEATS = 3
RESCORE_REPEATS = 5
SEED = 2026
TODAY = dt.date(2026, 11, 28)
GOAL_SPEEDUP = 10.0
GOAL_BATCH_S = 10.0


def run(n_batch: int = N_BATCH, n_one: int = N_ONE, repeats: int = REPEATS) -> list[Result]:
    from osa_toolkit.core.analysis.batch import compile_features, features, score
    from osa_toolkit.core.analysis.synthetic import synthetic_profiles
    from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
    from osa_toolkit.core.method.weights import load_weights

    from osa_toolkit.core.record import service_id_for
    from osa_toolkit.core.registers import load_registers

    registers, weights = load_registers(), load_weights()
    t = time.perf_counter()
    profiles = synthetic_profiles(n_batch, seed=SEED)
    made_s = time.perf_counter() - t
    log(f"core: {n_batch:,} synthetic profiles made in {made_s:.1f} s (not timed below)")

    log(f"core: one by one, {n_one:,} profiles")
    t = time.perf_counter()
    one = [assess_illegal_content(p, registers, weights, today=TODAY) for p in profiles[:n_one]]
    one_ms = (time.perf_counter() - t) / n_one * 1000

    feature_s, score_s, total_s = [], [], []
    for i in range(repeats):
        log(f"core: batch of {n_batch:,}, run {i + 1} of {repeats}")
        t0 = time.perf_counter()
        frame = features(profiles, registers, today=TODAY)
        t1 = time.perf_counter()
        scored = score(frame, weights)
        t2 = time.perf_counter()
        feature_s.append(t1 - t0)
        score_s.append(t2 - t1)
        total_s.append(t2 - t0)
    batch_s = median(total_s)
    batch_ms = batch_s / n_batch * 1000

    compiled = compile_features(frame)
    changed = dataclasses.replace(weights, control_points=weights.control_points - 0.5)
    rescore_s = []
    for _ in range(RESCORE_REPEATS):
        t = time.perf_counter()
        score(compiled, changed)
        rescore_s.append(time.perf_counter() - t)
    rescore_ms = median(rescore_s) / n_batch * 1000

    _check_same_levels(one, profiles[:n_one], scored, service_id_for)
    speedup = one_ms / batch_ms
    return [
        Result(
            NAME,
            "batch (features + score) vs one by one, per profile",
            speedup,
            "×",
            f"≥ {GOAL_SPEEDUP:.0f}× faster",
            speedup >= GOAL_SPEEDUP,
        ),
        Result(
            NAME,
            f"batch, {n_batch:,} profiles (features + score)",
            batch_s,
            "s",
            f"< {GOAL_BATCH_S:.0f} s" if n_batch == N_BATCH else "",
            batch_s < GOAL_BATCH_S if n_batch == N_BATCH else None,
            detail=f"median of {repeats}: features {median(feature_s):.2f} s + "
            f"score {median(score_s):.2f} s",
        ),
        Result(
            NAME,
            "  one by one: assess_illegal_content, per profile",
            one_ms,
            "ms",
            detail=f"{n_one:,} profiles; it also works out measures, review and evidence check",
        ),  # fmt: skip
        Result(NAME, "  batch first scoring, per profile", batch_ms, "ms"),
        Result(
            NAME,
            "  batch re-scoring after a weight change, per profile",
            rescore_ms,
            "ms",
            detail=f"score(compiled, weights), median of {RESCORE_REPEATS}: "
            f"{median(rescore_s) * 1000:.0f} ms for {n_batch:,}",
        ),  # fmt: skip
        Result(NAME, "  re-scoring vs one by one, per profile", one_ms / rescore_ms, "×"),
        Result(
            NAME, "  features' share of the first scoring", 100 * median(feature_s) / batch_s, "%"
        ),  # fmt: skip
    ]


def _check_same_levels(one, profiles, scored, service_id_for) -> None:
    """The batch must give the levels the one-by-one path gives (else its speed means nothing)."""
    batch = {(s, h): lvl for s, h, lvl in scored[["service", "harm", "level"]].itertuples(False)}
    for profile, assessment in zip(profiles, one, strict=True):
        sid = service_id_for(profile.service.name)
        for harm in assessment.harms:
            if batch.get((sid, harm.id)) != harm.level:
                raise BenchError(
                    f"core: the batch level of {sid}/{harm.id} is {batch.get((sid, harm.id))!r}, "
                    f"one by one gives {harm.level!r}"
                )
    log(f"core: batch and one-by-one levels agree on {len(profiles):,} services")


def profile_features(n: int = 2_000) -> None:
    """Print where ``features`` spends its time (cProfile, top 25 by own time)."""
    import cProfile
    import pstats

    from osa_toolkit.core.analysis.batch import features
    from osa_toolkit.core.analysis.synthetic import synthetic_profiles

    from osa_toolkit.core.registers import load_registers

    registers, profiles = load_registers(), synthetic_profiles(n, seed=SEED)
    profiler = cProfile.Profile()
    profiler.runcall(features, profiles, registers, today=TODAY)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    if "--profile" in sys.argv[1:]:
        profile_features()
        sys.exit(0)
    sys.exit(run_main(run))
