"""How much each weight matters: the levels that flip when one number moves down and up by 20%.

For every number in the weightings (each weight, each band edge, each reach threshold, each
severity; see :mod:`osa_toolkit.core.analysis.weight_keys`) the portfolio is re-scored twice — the number
× 0.8 and × 1.2, all else unchanged — and the (service, harm) levels that differ from the levels
under the given weights are counted. Moves are worked out like this:

- a whole-number key (a severity, ``rules.severe_incident_severity``, a reach threshold) is rounded
  to the nearest whole number; where rounding gives the same number, it moves one step instead;
- a value of 0 cannot move by a percentage, so it is ``skipped`` (and said so);
- a move that makes the weightings invalid (bands that would overlap, a value out of its range)
  is reported as ``invalid`` with the :class:`~osa_toolkit.core.errors.WeightsError` sentence, and
  counted as no flips.

>>> import datetime as dt
>>> from osa_toolkit.core.analysis.batch import features
>>> from osa_toolkit.core.registers import load_registers
>>> from osa_toolkit.core.method.weights import load_weights
>>> from osa_toolkit.core.analysis.synthetic import synthetic_profiles
>>> f = features(synthetic_profiles(5, seed=2), load_registers(), today=dt.date(2026, 11, 28))
>>> table = sensitivity(f, load_weights())
>>> sorted(set(table["status"])) <= ["invalid", "ok", "skipped"], list(table.columns)[:4]
(True, ['key', 'group', 'value', 'change'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from osa_toolkit.core.analysis.batch import Compiled, compile_features, score_arrays
from osa_toolkit.core.analysis.weight_keys import (
    group_of,
    is_integer_key,
    numeric_weights,
    with_weight,
)
from osa_toolkit.core.errors import WeightsError, invalid
from osa_toolkit.core.method.weights import Weights, weights_from_mapping

COLUMNS = [
    "key",
    "group",
    "value",
    "change",
    "new_value",
    "status",
    "flips",
    "raised",
    "lowered",
    "message",
]


def moved_value(key: str, value: float, factor: float) -> float | int:
    """The value of ``key`` after multiplying by ``factor`` (whole-number keys move at least a step).

    >>> moved_value("severity.hate", 2, 0.8), moved_value("severity.hate", 2, 1.2)
    (1, 3)
    >>> moved_value("impact.reach_users[0]", 10000, 1.2), moved_value("likelihood.bands[0]", 2.0, 0.8)
    (12000, 1.6)
    """
    if not is_integer_key(key):
        return value * factor
    moved = int(round(value * factor))
    if moved == value:
        moved = int(value) + (1 if factor > 1 else -1)
    return moved


def sensitivity(
    features_df: pd.DataFrame | Compiled, weights: Weights, step: float = 0.2
) -> pd.DataFrame:
    """A tidy table: for each number in ``weights`` and each move (``-20%`` / ``+20%``), how many
    (service, harm) levels flip, how many are raised and lowered, and whether the move was valid.

    Columns: ``key, group, value, change, new_value, status (ok | invalid | skipped), flips,
    raised, lowered, message``. ``flips`` is ``<NA>`` where the move was not scored.
    """
    if not isinstance(weights, Weights):
        raise invalid("weights", "a Weights (from load_weights)", type(weights).__name__)
    if not (isinstance(step, int | float) and 0 < step < 1):
        raise invalid("step", "a fraction between 0 and 1, such as 0.2", step)
    compiled = features_df if isinstance(features_df, Compiled) else compile_features(features_df)
    base = score_arrays(compiled, weights)["level"]
    rows = []
    for key, value in numeric_weights(weights.raw).items():
        for label, factor in ((f"-{step:.0%}", 1 - step), (f"+{step:.0%}", 1 + step)):
            rows.append(_one_move(compiled, weights, base, key, value, label, factor))
    table = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("flips", "raised", "lowered"):
        table[col] = table[col].astype("Int64")
    return table


def _one_move(c: Compiled, w: Weights, base: np.ndarray, key, value, label, factor) -> dict:
    row = {"key": key, "group": group_of(key), "value": value, "change": label}
    if value == 0:
        return row | {
            "new_value": value,
            "status": "skipped",
            "flips": pd.NA,
            "raised": pd.NA,
            "lowered": pd.NA,
            "message": f"{key} is 0, and a percentage of 0 is still 0.",
        }
    new = moved_value(key, value, factor)
    try:
        moved = weights_from_mapping(with_weight(w.raw, key, new), f"{key} {label}")
    except WeightsError as err:
        return row | {
            "new_value": new,
            "status": "invalid",
            "flips": pd.NA,
            "raised": pd.NA,
            "lowered": pd.NA,
            "message": str(err),
        }
    levels = score_arrays(c, moved)["level"]
    raised, lowered = int((levels > base).sum()), int((levels < base).sum())
    return row | {
        "new_value": new,
        "status": "ok",
        "flips": raised + lowered,
        "raised": raised,
        "lowered": lowered,
        "message": "",
    }


def most_sensitive(table: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The ``n`` keys with the most flips over both moves, as ``key, down, up, total, invalid``."""
    if table.empty:
        return pd.DataFrame(columns=["key", "down", "up", "invalid", "total"])
    flips = table.assign(flips=table["flips"].fillna(0).astype(int))
    wide = flips.pivot_table(
        index="key", columns="change", values="flips", aggfunc="sum", sort=False
    )
    down, up = (c for c in table["change"].drop_duplicates())
    out = pd.DataFrame(
        {
            "key": wide.index,
            "down": wide[down].to_numpy(int),
            "up": wide[up].to_numpy(int),
        }
    )
    bad = table[table["status"] == "invalid"].groupby("key")["change"].agg(", ".join)
    out["invalid"] = out["key"].map(bad).fillna("")
    out["total"] = out["down"] + out["up"]
    return out.sort_values("total", ascending=False, kind="stable").head(n).reset_index(drop=True)
