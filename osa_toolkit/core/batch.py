"""Fast re-scoring of many services: work out what does not depend on the weights once, then score.

:func:`features` runs the parts of the method in :mod:`osa_toolkit.core.assessment` that depend
only on the profile and the registers — which linked risk factors are present or unknown, whether
the harm's mechanism exists, the evidence and its rate, the measures in place, the UK user count,
whether children can access, which of Ofcom's harm-rule floors fire (their conditions depend only
on the profile and on how many linked factors are counted) — once per (service, harm), for both
candidate runs: the cautious one (unknown answers as given) and the optimistic one (unknown answers
as "no"). The harm id is the severity key (the severity itself is a weight).

:func:`score` applies a set of weights to the whole table with numpy, following ``_assess_once``
step by step (sums in the same order, so the numbers are bit-for-bit the same), and gives the level
:func:`~osa_toolkit.core.illegal_content.assess_illegal_content` gives without overrides: the
cautious run's level, as :func:`~osa_toolkit.core.assessment.assess_subject` takes it (the
optimistic run only says whether an unknown answer decided it). Changing a weight only re-runs
:func:`score`.

>>> import datetime as dt
>>> from osa_toolkit.core.registers import load_registers
>>> from osa_toolkit.core.scoring import load_weights
>>> from osa_toolkit.core.synthetic import synthetic_profiles
>>> regs = load_registers()
>>> f = features(synthetic_profiles(3, seed=1), regs, today=dt.date(2026, 11, 28))
>>> len(f) == 3 * len(regs.harms), list(score(f, load_weights()).columns)
(True, ['service', 'harm', 'level'])
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from osa_toolkit.core.assessment import controls_in_place, summarise_evidence
from osa_toolkit.core.errors import InvalidInputError, invalid
from osa_toolkit.core.facts import ServiceFacts
from osa_toolkit.core.record import service_id_for
from osa_toolkit.core.registers import Registers
from osa_toolkit.core.scoring import Weights
from osa_toolkit.core.vocabulary import LEVELS, level_index

RUNS = ("c", "o")
"""The two candidate runs: ``c`` cautious (unknown answers as given), ``o`` optimistic (as "no")."""

_LEVELS = np.array(LEVELS, dtype=object)

BASE_COLUMNS = [
    "service", "harm", "service_name", "evidence", "confirmed", "rate", "controls", "uk_users",
    "impact_extra",
    *(f"{k}_{r}" for r in RUNS for k in ("mechanism", "possible", "children", "floor", "counted")),
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
    from osa_toolkit.core.illegal_content import base_facts

    if not isinstance(registers, Registers):
        raise invalid("registers", "a Registers (from load_registers)", type(registers).__name__)
    if not weights_independent and weights is None:
        raise InvalidInputError(
            "features(weights_independent=False) needs weights= to score the rows it adds."
        )
    today = today or dt.date.today()
    subjects = [
        (h, regs_factors, registers.rules_for_harm(h.id))
        for h in registers.harms
        for regs_factors in [registers.factors_for_harm(h.id)]
    ]
    rows: list[dict] = []
    for sid, profile in name_profiles(profiles).items():
        facts, _scope, _caa = base_facts(profile, registers, today)
        rows.extend(_service_rows(sid, profile, facts, registers, subjects))
    frame = _frame(rows, [f.id for f in registers.risk_factors])
    frame.attrs["edition"] = registers.edition.id
    if not weights_independent:
        scored = score(frame, weights, detail=True).drop(columns=["service", "harm"])  # type: ignore[arg-type]
        frame = pd.concat([frame, scored], axis=1)
    return frame


def _service_rows(sid, profile, facts: ServiceFacts, regs: Registers, subjects) -> list[dict]:
    runs = {"c": facts, "o": dataclasses.replace(facts, assume_unknown=False)}
    truth = {
        r: {f.id: fx.holds(f.present_when) for f in regs.risk_factors} for r, fx in runs.items()
    }
    children = {r: fx("children_can_access", ()) is not False for r, fx in runs.items()}
    in_place = controls_in_place(profile, regs)
    users = facts.uk_users
    rows = []
    for harm, factors, rules in subjects:
        ev = summarise_evidence(profile, harm.id, users)
        row = {
            "service": sid,
            "harm": harm.id,
            "service_name": profile.service.name,
            "evidence": ev.status,
            "confirmed": ev.confirmed,
            "rate": np.nan if ev.rate_per_10k_per_year is None else ev.rate_per_10k_per_year,
            "controls": len(in_place),
            "uk_users": np.nan if users is None else float(users),
            "impact_extra": 0.0,
        }
        for r, fx in runs.items():
            present = [f.id for f in factors if truth[r][f.id] is not None and truth[r][f.id]]
            unknown = [f.id for f in factors if truth[r][f.id] is None]
            mechanism = fx.holds(harm.mechanism)
            fired = _fired_rules(fx, rules, len(present) + len(unknown)) if rules else ()
            row[f"mechanism_{r}"] = {True: "yes", False: "no", None: "unknown"}[mechanism]
            row[f"possible_{r}"] = mechanism is not False
            row[f"children_{r}"] = children[r]
            row[f"floor_{r}"] = max(fired, default=-1)
            row[f"counted_{r}"] = tuple(present + unknown)
            if r == "c":
                row["present"], row["unknown"] = tuple(present), tuple(unknown)
        rows.append(row)
    return rows


def _fired_rules(fx: ServiceFacts, rules, linked: int) -> list[int]:
    """The level indexes of the harm rules whose conditions hold (they may count linked factors)."""
    rule_facts = dataclasses.replace(fx, linked_present=linked)
    return [level_index(x.level) for x in rules if rule_facts.holds(x.when)]


def _frame(rows: list[dict], factor_ids: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(rows[0]) if rows else BASE_COLUMNS)
    position = {fid: i for i, fid in enumerate(factor_ids)}
    for r in RUNS:
        codes = _factor_codes(frame[f"counted_{r}"].tolist(), position)
        for j in range(codes.shape[1]):
            frame[f"{r}f_{j + 1}"] = pd.Categorical.from_codes(codes[:, j], categories=factor_ids)
    return frame


def _factor_codes(counted: list[tuple[str, ...]], position: Mapping[str, int]) -> np.ndarray:
    """Row i, column j: the position of ``counted[i][j]`` among the factor ids (-1: none, or an
    id that is not one of them — a missing value, as ``pd.Categorical`` makes it)."""
    lengths = np.fromiter(map(len, counted), dtype=np.int64, count=len(counted))
    codes = np.full((len(counted), int(lengths.max(initial=0))), -1, dtype=np.int64)
    flat = np.fromiter((position.get(f, -1) for c in counted for f in c), dtype=np.int64)
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    rows = np.repeat(np.arange(len(counted)), lengths)
    codes[rows, np.arange(len(flat)) - starts] = flat
    return codes


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
    cautious run's, as in :func:`~osa_toolkit.core.assessment.assess_subject`."""
    severity = np.array([w.severity_of(h) for h in c.harm_ids], dtype=float)[c.harm_codes]
    frequent = np.isnan(c.rate) | (c.rate >= w.high_rate_per_10k_users_per_year)
    confirmed = np.where(
        frequent, w.confirmed_incident_points + w.high_rate_points, w.confirmed_incident_points
    )
    ev = np.select(
        [c.evidence == "missing", c.evidence == "none_found"],
        [w.missing_evidence_points, w.no_incident_points],
        confirmed,
    )
    ctl = np.maximum(w.control_points * c.controls, w.control_points_floor)
    thresholds = np.asarray(w.reach_users, dtype=float)
    reach = (c.uk_users[:, None] > thresholds[None, :]).sum(axis=1).astype(float)
    reach = np.where(np.isnan(c.uk_users), float(len(w.reach_users)), reach)
    matrix = np.array([[level_index(x) for x in row] for row in w.matrix])
    severe = (c.evidence == "confirmed") & (severity >= w.severe_incident_severity)
    weights_by_factor = np.array([w.factor_weight(f) for f in c.factor_ids] + [0.0])
    out: dict[str, np.ndarray] = {}
    for r, run in c.runs.items():
        factor_pts = np.zeros(len(c))
        for j in range(run["codes"].shape[1]):  # add in the method's order: the same float sums
            factor_pts = factor_pts + weights_by_factor[run["codes"][:, j]]
        points = factor_pts + ev + ctl
        b0, b1 = w.likelihood_bands
        likelihood = np.where(points < b0, 1, np.where(points < b1, 2, 3))
        children = np.where(run["children"], w.children_points, 0.0)
        impact_pts = severity + reach + children + c.impact_extra
        i0, i1 = w.impact_bands
        impact = np.where(impact_pts < i0, 1, np.where(impact_pts < i1, 2, 3))
        level = np.maximum(matrix[likelihood - 1, impact - 1], run["floor"])
        level = np.where(severe, np.maximum(level, level_index(w.severe_incident_floor)), level)
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
