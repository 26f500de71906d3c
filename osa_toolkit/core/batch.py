"""Fast re-scoring of many services: work out what does not depend on the weights once, then score.

:func:`features` runs the parts of the method in :mod:`osa_toolkit.core.method.subject` that depend
only on the profile and the registers — which linked risk factors are present or unknown, whether
the harm's mechanism exists, the evidence and its rate, the measures in place, the UK user count,
whether children can access, which of Ofcom's harm-rule floors fire (their conditions depend only
on the profile and on how many linked factors are counted) — once per (service, harm), for both
candidate runs: the cautious one (unknown answers as given) and the optimistic one (unknown answers
as "no"). The harm id is the severity key (the severity itself is a weight). The conditions are
evaluated for all services at once, one three-valued column per fact
(:mod:`osa_toolkit.core.analysis.fact_columns`), and services with the same linked factors share their rows'
factor tuples; the frame is the one the one-service steps give row by row
(``tests/core/test_batch_speed.py`` compares them).

:func:`score` applies a set of weights to the whole table with numpy, following ``_assess_once``
step by step (sums in the same order, so the numbers are bit-for-bit the same), and gives the level
:func:`~osa_toolkit.core.assessments.illegal_content.assess_illegal_content` gives without overrides: the
cautious run's level, as :func:`~osa_toolkit.core.method.subject.assess_subject` takes it (the
optimistic run only says whether an unknown answer decided it). Changing a weight only re-runs
:func:`score`.

>>> import datetime as dt
>>> from osa_toolkit.core.registers import load_registers
>>> from osa_toolkit.core.method.weights import load_weights
>>> from osa_toolkit.core.analysis.synthetic import synthetic_profiles
>>> regs = load_registers()
>>> f = features(synthetic_profiles(3, seed=1), regs, today=dt.date(2026, 11, 28))
>>> len(f) == 3 * len(regs.harms), list(score(f, load_weights()).columns)
(True, ['service', 'harm', 'level'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from osa_toolkit.core.analysis.fact_columns import FactColumns, evaluate_columns
from osa_toolkit.core.errors import InvalidInputError, invalid
from osa_toolkit.core.method.subject import EvidenceSummary, summarise_evidence
from osa_toolkit.core.method.weights import Weights
from osa_toolkit.core.record import service_id_for
from osa_toolkit.core.registers import Registers
from osa_toolkit.core.vocabulary import LEVELS, level_index

RUNS = ("c", "o")
"""The two candidate runs: ``c`` cautious (unknown answers as given), ``o`` optimistic (as "no")."""

_LEVELS = np.array(LEVELS, dtype=object)

BASE_COLUMNS = [
    "service", "harm", "service_name", "evidence", "confirmed", "rate", "controls", "uk_users",
    "uk_users_at_most", "impact_extra",
    *(
        f"{k}_{r}"
        for r in RUNS
        for k in ("mechanism", "possible", "children", "likely_children", "floor", "counted")
    ),
    "present", "unknown",
]  # fmt: skip


# ----------------------------------------------------------------------------- features


def name_profiles(profiles: Mapping[str, object] | Iterable[object]) -> dict[str, object]:
    """``{service id: profile}``; a plain list is keyed by :func:`service_id_for` of each name
    (a repeated name gets ``-2``, ``-3``…)."""
    from osa_toolkit.core.profile import ServiceProfile

    items = list(profiles.values()) if isinstance(profiles, Mapping) else list(profiles)
    for p in items:
        if not isinstance(p, ServiceProfile):
            raise invalid(
                "profiles", "ServiceProfile objects (from load_profile)", type(p).__name__
            )
    if isinstance(profiles, Mapping):
        return dict(profiles)
    out: dict[str, object] = {}
    for p in items:
        base = service_id_for(p.service.name)  # type: ignore[attr-defined]
        sid, n = base, 1
        while sid in out:
            n += 1
            sid = f"{base}-{n}"
        out[sid] = p
    return out


def features(
    profiles: Mapping[str, object] | Iterable[object],
    registers: Registers,
    weights_independent: bool = True,
    *,
    weights: Weights | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """One row per (service, harm) with everything the method needs that the weights do not change.

    ``profiles`` is ``{service id: ServiceProfile}`` or a list of profiles. The frame is independent
    of the weights (``weights_independent=True``, the default); with ``weights_independent=False``
    and ``weights`` given, the scored columns of :func:`score` (``detail=True``) are joined on, for
    display. Factor columns ``cf_1…`` / ``of_1…`` hold the counted factor ids of each run in the
    order the method adds them (categorical; empty cells are missing).
    """
    if not isinstance(registers, Registers):
        raise invalid("registers", "a Registers (from load_registers)", type(registers).__name__)
    if not weights_independent and weights is None:
        raise InvalidInputError(
            "features(weights_independent=False) needs weights= to score the rows it adds."
        )
    today = today or dt.date.today()
    named = name_profiles(profiles)
    if named and not isinstance(today, dt.date):  # what check_scope says of it, per service
        raise invalid("today", "a datetime.date", today)
    frame = _frame(list(named), list(named.values()), registers, today)
    frame.attrs["edition"] = registers.edition.id
    if not weights_independent:
        scored = score(frame, weights, detail=True).drop(columns=["service", "harm"])  # type: ignore[arg-type]
        frame = pd.concat([frame, scored], axis=1)
    return frame


_MECHANISM_WORDS = np.array(["no", "unknown", "yes"], dtype=object)  # by value + 1


@dataclass
class _Run:
    """One candidate run over the (service, harm) grid: arrays of shape (services, harms)."""

    mechanism: np.ndarray
    floor: np.ndarray
    counted: np.ndarray  # tuples of factor ids, present then unknown
    codes: list[np.ndarray]  # per harm: the counted factors' positions, -1 padded
    children: np.ndarray  # per service: children can access (stage 1)
    likely_children: np.ndarray  # per service: children likely to use it (the child user condition)


def _frame(sids: list, profiles: list, regs: Registers, today: dt.date) -> pd.DataFrame:
    harms = regs.harms
    n, n_harms = len(profiles), len(harms)
    if n == 0 or n_harms == 0:
        return pd.DataFrame([], columns=BASE_COLUMNS)
    factor_ids = [f.id for f in regs.risk_factors]
    position = {fid: i for i, fid in enumerate(factor_ids)}
    present_when = {f.id: f.present_when for f in regs.risk_factors}
    cols = FactColumns(profiles, regs, today)
    users = [p.users.uk_monthly_active_users for p in profiles]
    measures = regs.measure_ids
    controls = np.array([sum(c.measure in measures for c in p.controls) for p in profiles])
    runs: dict[str, _Run] = {}
    present = np.empty((n, n_harms), dtype=object)
    unknown = np.empty((n, n_harms), dtype=object)
    for r in RUNS:
        assume_no = r == "o"
        leaf = cols.leaf(assume_no)
        truth: dict[str, np.ndarray] = {}
        run = _Run(
            mechanism=np.empty((n, n_harms), dtype=np.int8),
            floor=np.full((n, n_harms), -1, dtype=np.int64),
            counted=np.empty((n, n_harms), dtype=object),
            codes=[],
            children=cols.answers("children_can_access", (), assume_no) != -1,
            likely_children=cols.answers("likely_accessed_by_children", (), assume_no) != -1,
        )
        for j, harm in enumerate(harms):
            fids = [f.id for f in regs.factors_for_harm(harm.id)]
            for fid in fids:
                if fid not in truth:
                    truth[fid] = evaluate_columns(present_when[fid], leaf)
            states = np.empty((n, len(fids)), dtype=np.int8)
            for k, fid in enumerate(fids):
                states[:, k] = truth[fid]
            linked = (states != -1).sum(axis=1)
            run.mechanism[:, j] = evaluate_columns(harm.mechanism, leaf)
            for rule in regs.rules_for_harm(harm.id):
                fired = evaluate_columns(rule.when, cols.leaf(assume_no, linked)) == 1
                floor = run.floor[:, j]
                run.floor[:, j] = np.where(fired, np.maximum(floor, level_index(rule.level)), floor)
            counted, codes, pres, unk = _counted(states, fids, position, want_split=r == "c")
            run.counted[:, j] = counted
            run.codes.append(codes)
            if r == "c":
                present[:, j], unknown[:, j] = pres, unk
        runs[r] = run

    harm_ids = [h.id for h in harms]
    evidence, confirmed, rate = _evidence(profiles, users, harm_ids)
    columns: dict[str, object] = {
        "service": np.repeat(_objects(sids), n_harms).tolist(),
        "harm": np.tile(_objects(harm_ids), n),
        "service_name": np.repeat(_objects([p.service.name for p in profiles]), n_harms).tolist(),
        "evidence": evidence.ravel(),
        "confirmed": confirmed.ravel(),
        "rate": rate.ravel(),
        "controls": np.repeat(controls.astype(np.int64), n_harms),
        "uk_users": np.repeat(
            np.array([np.nan if u is None else float(u) for u in users]), n_harms
        ),
        "uk_users_at_most": np.repeat(
            np.array(
                [
                    np.nan if t is None else float(t)
                    for t in (p.users.uk_users_at_most for p in profiles)
                ]
            ),
            n_harms,
        ),
        "impact_extra": np.zeros(n * n_harms),
    }
    for r, run in runs.items():
        columns[f"mechanism_{r}"] = _MECHANISM_WORDS[run.mechanism.ravel() + 1]
        columns[f"possible_{r}"] = run.mechanism.ravel() != -1
        columns[f"children_{r}"] = np.repeat(run.children, n_harms)
        columns[f"likely_children_{r}"] = np.repeat(run.likely_children, n_harms)
        columns[f"floor_{r}"] = run.floor.ravel()
        columns[f"counted_{r}"] = run.counted.ravel()
        if r == "c":
            columns["present"], columns["unknown"] = present.ravel(), unknown.ravel()
    for r, run in runs.items():
        width = max(c.shape[1] for c in run.codes)
        grid = np.full((n, n_harms, width), -1, dtype=np.int64)
        for j, codes in enumerate(run.codes):
            grid[:, j, : codes.shape[1]] = codes
        grid = grid.reshape(n * n_harms, width)
        for k in range(width):
            columns[f"{r}f_{k + 1}"] = pd.Categorical.from_codes(grid[:, k], categories=factor_ids)
    return pd.DataFrame(columns)


def _counted(
    states: np.ndarray, fids: list[str], position: Mapping[str, int], want_split: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """For one harm and run, from the linked factors' values (services × factors): per service the
    counted factor ids (present, then unknown, in the harm's order), their positions among all
    factor ids (-1 padded), and with ``want_split`` the present and the unknown ids apart.

    Services with the same values share one tuple (worked out once per distinct pattern)."""
    patterns, inverse = _patterns(states)
    m = len(patterns)
    counted, pres, unk = (np.empty(m, dtype=object) for _ in range(3))
    rows: list[list[int]] = []
    for u, values in enumerate(patterns.tolist()):
        p = tuple(f for f, v in zip(fids, values, strict=True) if v == 1)
        x = tuple(f for f, v in zip(fids, values, strict=True) if v == 0)
        counted[u], pres[u], unk[u] = p + x, p, x
        rows.append([position.get(f, -1) for f in p + x])
    codes = np.full((m, max(map(len, rows), default=0)), -1, dtype=np.int64)
    for u, row in enumerate(rows):
        codes[u, : len(row)] = row
    if not want_split:
        return counted[inverse], codes[inverse], None, None
    return counted[inverse], codes[inverse], pres[inverse], unk[inverse]


def _patterns(states: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a (services × factors) array of -1/0/1, and each service's row."""
    n, k = states.shape
    if k == 0:
        return np.zeros((1, 0), dtype=np.int8), np.zeros(n, dtype=np.intp)
    if k <= 39:  # 3**39 < 2**63: one whole number per row
        keys = (states.astype(np.int64) + 1) @ (3 ** np.arange(k, dtype=np.int64))
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        return states[first], inverse.reshape(-1)
    patterns, inverse = np.unique(states, axis=0, return_inverse=True)
    return patterns, inverse.reshape(-1)


def _evidence(
    profiles: list, users: list[int | None], harm_ids: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``summarise_evidence`` for every (service, harm): status, confirmed count and rate.

    A harm the profile's ``by_harm`` does not name gets the same answer as any other such harm
    (it reads only the profile's totals), so that is asked once per service."""
    positions: dict[str, list[int]] = {}
    for j, h in enumerate(harm_ids):
        positions.setdefault(h, []).append(j)
    status, confirmed, rate = [], [], []
    named: list[tuple[int, int, EvidenceSummary]] = []
    for i, (p, n_users) in enumerate(zip(profiles, users, strict=True)):
        ev = p.evidence
        given = set() if ev is None else {e.harm for e in ev.by_harm if e.harm in positions}
        other = next((h for h in harm_ids if h not in given), None)
        summary = summarise_evidence(p, other, n_users) if other is not None else _NO_SUMMARY
        status.append(summary.status)
        confirmed.append(summary.confirmed)
        rate.append(
            np.nan if summary.rate_per_10k_per_year is None else summary.rate_per_10k_per_year
        )
        for h in given:
            s = summarise_evidence(p, h, n_users)
            named.extend((i, j, s) for j in positions[h])
    n_harms = len(harm_ids)
    status_grid = np.repeat(_objects(status)[:, None], n_harms, axis=1)
    confirmed_grid = np.repeat(np.array(confirmed, dtype=np.int64)[:, None], n_harms, axis=1)
    rate_grid = np.repeat(np.array(rate, dtype=float)[:, None], n_harms, axis=1)
    for i, j, s in named:
        status_grid[i, j] = s.status
        confirmed_grid[i, j] = s.confirmed
        rate_grid[i, j] = np.nan if s.rate_per_10k_per_year is None else s.rate_per_10k_per_year
    return status_grid, confirmed_grid, rate_grid


_NO_SUMMARY = EvidenceSummary("missing")  # a placeholder: every harm of the service is named


def _objects(values: list) -> np.ndarray:
    """A 1-d object array of ``values`` as they are (tuples stay elements)."""
    return np.fromiter(values, dtype=object, count=len(values))


# ----------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Compiled:
    """The feature table as numpy arrays, ready to be scored many times (see :func:`compile_features`)."""

    service: np.ndarray
    harm: np.ndarray
    harm_ids: tuple[str, ...]
    harm_codes: np.ndarray
    evidence: np.ndarray
    rate: np.ndarray
    controls: np.ndarray
    uk_users: np.ndarray
    uk_users_at_most: np.ndarray
    impact_extra: np.ndarray
    runs: Mapping[str, Mapping[str, np.ndarray]]
    factor_ids: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.service)


def compile_features(frame: pd.DataFrame) -> Compiled:
    """Turn a :func:`features` frame into arrays once, so each re-score costs only arithmetic."""
    missing = {"service", "harm", "evidence", "rate", "controls", "uk_users"} - set(frame.columns)
    if missing:
        raise invalid("features_df", "a frame made by features()", f"no {sorted(missing)} column")
    factor_ids: list[str] = []
    fcols = {
        r: sorted((c for c in frame.columns if c.startswith(f"{r}f_")), key=_col_no) for r in RUNS
    }
    for cols in fcols.values():
        for c in cols:
            col = (
                frame[c]
                if isinstance(frame[c].dtype, pd.CategoricalDtype)
                else frame[c].astype("category")
            )
            factor_ids += [x for x in col.cat.categories if x not in factor_ids]
    position = {fid: i for i, fid in enumerate(factor_ids)}
    runs = {}
    for r in RUNS:
        codes = np.full((len(frame), len(fcols[r])), -1, dtype=np.int64)
        for j, c in enumerate(fcols[r]):
            col = frame[c].astype("category")
            remap = np.array([position[x] for x in col.cat.categories] + [-1], dtype=np.int64)
            codes[:, j] = remap[col.cat.codes.to_numpy()]
        runs[r] = {
            "codes": codes,
            "possible": frame[f"possible_{r}"].to_numpy(bool),
            "children": frame[f"children_{r}"].to_numpy(bool),
            "likely_accessed_by_children": frame[f"likely_children_{r}"].to_numpy(bool)
            if f"likely_children_{r}" in frame
            else frame[f"children_{r}"].to_numpy(bool),
            "floor": frame[f"floor_{r}"].to_numpy(np.int64),
        }
    harm_ids, harm_codes = np.unique(frame["harm"].to_numpy(str), return_inverse=True)
    return Compiled(
        service=frame["service"].to_numpy(object),
        harm=frame["harm"].to_numpy(object),
        harm_ids=tuple(str(h) for h in harm_ids),
        harm_codes=harm_codes,
        evidence=frame["evidence"].to_numpy(object),
        rate=frame["rate"].to_numpy(float),
        controls=frame["controls"].to_numpy(np.int64),
        uk_users=frame["uk_users"].to_numpy(float),
        uk_users_at_most=frame[
            "uk_users_at_most" if "uk_users_at_most" in frame else "uk_users"
        ].to_numpy(float),
        impact_extra=frame["impact_extra"].to_numpy(float)
        if "impact_extra" in frame
        else np.zeros(len(frame)),
        runs=runs,
        factor_ids=tuple(factor_ids),
    )


def _col_no(name: str) -> int:
    return int(name.split("_")[1])


def score_arrays(c: Compiled, w: Weights) -> dict[str, np.ndarray]:
    """Level indexes (and the steps behind them) for every row, both runs; the level is the
    cautious run's, as in :func:`~osa_toolkit.core.method.subject.assess_subject`."""
    severity = np.array([w.severity_of(h) for h in c.harm_ids], dtype=float)[c.harm_codes]
    frequent = np.isnan(c.rate) | (c.rate >= w.high_rate_per_10k_users_per_year)
    confirmed = np.where(
        frequent, w.confirmed_incident_points + w.high_rate_points, w.confirmed_incident_points
    )
    moderated = w.missing_evidence_points if w.moderated_points is None else w.moderated_points
    ev = np.select(
        [c.evidence == "missing", c.evidence == "moderated", c.evidence == "none_found"],
        [w.missing_evidence_points, moderated, w.no_incident_points],
        confirmed,
    )
    ctl = np.maximum(w.control_points * c.controls, w.control_points_floor)
    thresholds = np.asarray(w.reach_users, dtype=float)
    # the method's user figure for reach: the UK figure, or (v2) its bound, Users.uk_users_at_most
    users = c.uk_users_at_most if w.rules.bound_unknown_users else c.uk_users
    reach = (users[:, None] > thresholds[None, :]).sum(axis=1).astype(float)
    reach = np.where(np.isnan(users), float(w.unknown_reach), reach)
    child_column = (
        "children" if w.rules.children_fact == "children_can_access" else w.rules.children_fact
    )
    matrix = np.array([[level_index(x) for x in row] for row in w.matrix])
    severe = (c.evidence == "confirmed") & (severity >= w.severe_incident_severity)
    weights_by_factor = np.array([w.factor_weight(f) for f in c.factor_ids] + [0.0])
    out: dict[str, np.ndarray] = {}
    for r, run in c.runs.items():
        # the optimistic run reads an unknown number of users as no reach (as assess_subject does)
        reach_r = np.where(np.isnan(users), 0.0, reach) if r == "o" else reach
        factor_pts = np.zeros(len(c))
        for j in range(run["codes"].shape[1]):  # add in the method's order: the same float sums
            factor_pts = factor_pts + weights_by_factor[run["codes"][:, j]]
        points = factor_pts + ev + ctl + reach_r * w.likelihood_reach_points
        bands = np.asarray(w.likelihood_bands, dtype=float)
        likelihood = np.searchsorted(bands, points, side="right") + 1  # as Weights.likelihood_band
        if w.rules.lowest_band_needs_no_factor:  # factors present: not the lowest band
            likelihood = np.where(
                (run["codes"] >= 0).any(axis=1), np.maximum(likelihood, 2), likelihood
            )
        children = np.where(run[child_column], w.children_points, 0.0)
        impact_pts = severity + reach_r + children + c.impact_extra
        i0, i1 = w.impact_bands
        impact = np.where(impact_pts < i0, 1, np.where(impact_pts < i1, 2, 3))
        level = np.maximum(matrix[likelihood - 1, impact - 1], run["floor"])
        level = np.where(severe, np.maximum(level, level_index(w.severe_incident_floor)), level)
        if w.frequent_incident_floor is not None:
            often = (c.evidence == "confirmed") & frequent
            level = np.where(
                often, np.maximum(level, level_index(w.frequent_incident_floor)), level
            )
        possible = run["possible"]
        out[f"level_{r}"] = np.where(possible, level, 0)
        out[f"points_{r}"] = np.where(possible, points, np.nan)
        out[f"likelihood_{r}"] = np.where(possible, likelihood, 0)
        out[f"impact_{r}"] = np.where(possible, impact, 0)
    out["level"] = out["level_c"]
    return out


def score(
    features_df: pd.DataFrame | Compiled, weights: Weights, detail: bool = False
) -> pd.DataFrame:
    """``service, harm, level`` for every row of a :func:`features` frame under ``weights``.

    With ``detail=True`` also ``points``, ``likelihood`` and ``impact`` (``<NA>`` where the harm
    cannot happen on the service), ``level_optimistic`` and ``unknowns_decided`` (an unknown answer
    raised the level).
    """
    if not isinstance(weights, Weights):
        raise invalid("weights", "a Weights (from load_weights)", type(weights).__name__)
    c = features_df if isinstance(features_df, Compiled) else compile_features(features_df)
    s = score_arrays(c, weights)
    out = pd.DataFrame({"service": c.service, "harm": c.harm, "level": _LEVELS[s["level"]]})
    if detail:
        possible = c.runs["c"]["possible"]
        out["points"] = s["points_c"]
        out["likelihood"] = pd.array(np.where(possible, s["likelihood_c"], 0), dtype="Int64")
        out["impact"] = pd.array(np.where(possible, s["impact_c"], 0), dtype="Int64")
        out.loc[~possible, ["likelihood", "impact"]] = pd.NA
        out["level_optimistic"] = _LEVELS[s["level_o"]]
        out["unknowns_decided"] = s["level_o"] < s["level_c"]
    return out


# ----------------------------------------------------------------------------- portfolio helpers


def portfolio_levels(scored: pd.DataFrame) -> pd.DataFrame:
    """A :func:`score` frame as a services × harms table of levels (harms in register order)."""
    harms = list(dict.fromkeys(scored["harm"]))
    services = list(dict.fromkeys(scored["service"]))
    table = scored.pivot(index="service", columns="harm", values="level")
    return table.reindex(index=services, columns=harms)


def level_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The (service, harm) rows whose level differs between two :func:`score` frames.

    Columns: ``service, harm, before, after, direction`` (``raised`` or ``lowered``).
    """
    merged = before[["service", "harm", "level"]].merge(
        after[["service", "harm", "level"]], on=["service", "harm"], suffixes=("_before", "_after")
    )
    changed = merged[merged["level_before"] != merged["level_after"]].copy()
    rank = {lvl: i for i, lvl in enumerate(LEVELS)}
    up = changed["level_after"].map(rank) > changed["level_before"].map(rank)
    changed["direction"] = np.where(up, "raised", "lowered")
    changed = changed.rename(columns={"level_before": "before", "level_after": "after"})
    return changed.reset_index(drop=True)


def level_counts(scored: pd.DataFrame) -> pd.DataFrame:
    """How many services sit at each level, per harm (harms × levels, zeros filled)."""
    counts = pd.crosstab(scored["harm"], scored["level"])
    harms = list(dict.fromkeys(scored["harm"]))
    return counts.reindex(index=harms, columns=list(LEVELS), fill_value=0)
