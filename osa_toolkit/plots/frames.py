"""Figures from the analyst API's tidy frames (:mod:`osa_toolkit.api`): levels counted per group,
and levels raised or lowered per kind.

>>> import pandas as pd
>>> t = pd.DataFrame({"kind": ["Hate", "Hate", "Fraud"], "level": ["high", "low", "low"]})
>>> ax = level_counts_bars(t, "kind")
>>> [t.get_text() for t in ax.get_yticklabels()]
['Hate', 'Fraud']
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from osa_toolkit.core.errors import invalid
from osa_toolkit.core.vocabulary import LEVELS
from osa_toolkit.plots._base import TEXT, level_fill, new_axes, short_name, shorten

CHANGE_FILL = {"raised": "#ef9a9a", "lowered": "#a5d6a7"}


def level_counts_bars(
    frame: pd.DataFrame, by: str, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """A horizontal stacked bar per value of ``by`` (first value on top): how many rows sit at each
    level, coloured by level with the count written inside each part and the level in the legend."""
    if not isinstance(frame, pd.DataFrame) or not {by, "level"} <= set(frame.columns):
        raise invalid("frame", f"a frame with {by!r} and 'level' columns", type(frame).__name__)
    groups = list(dict.fromkeys(frame[by].dropna()))
    if isinstance(frame[by].dtype, pd.CategoricalDtype):
        present = set(groups)
        groups = [g for g in frame[by].cat.categories if g in present]
    counts = pd.crosstab(frame[by].astype(object), frame["level"].astype(str))
    counts = counts.reindex(index=groups, columns=list(LEVELS), fill_value=0)
    ax = new_axes(ax, (7.5, 0.34 * max(len(groups), 3) + 1.4))
    y = list(range(len(groups)))[::-1]
    left = [0] * len(groups)
    for level in LEVELS:
        values = counts[level].tolist()
        ax.barh(y, values, left=left, color=level_fill(level), edgecolor="#455a64",
                linewidth=0.5, label=level)  # fmt: skip
        for yi, start, v in zip(y, left, values, strict=True):
            if v:
                ax.text(start + v / 2, yi, str(v), ha="center", va="center", fontsize=7, color=TEXT)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(y, [shorten(short_name(str(g))) for g in groups], fontsize=8)
    ax.set_xlim(0, max([1, *left]) * 1.04)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    # each bar counts services when no service appears twice in one group
    services = "service" in frame and not frame.duplicated([by, "service"]).any()
    ax.set_xlabel("services" if services else "rows", fontsize=8)
    ax.set_title(title or f"Levels by {by.replace('_', ' ')}", fontsize=10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def change_bars(changes: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Per kind: how many services have that kind's level raised (to the right) and
    lowered (to the left), the counts written at the bar ends; the kinds that move most on top.
    Rows whose ``change`` (or ``direction``) is neither are not drawn; kinds with no change are
    left out."""
    column = "change" if "change" in changes else "direction"
    if column not in changes or "kind" not in changes:
        raise invalid("changes", "a frame with 'kind' and 'change' or 'direction'", "other columns")
    moved = changes[changes[column].isin(list(CHANGE_FILL))]
    kinds = list(dict.fromkeys(moved["kind"]))
    counts = pd.crosstab(moved["kind"], moved[column]).reindex(
        index=kinds, columns=list(CHANGE_FILL), fill_value=0
    )
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    kinds = list(counts.index)
    ax = new_axes(ax, (7.5, 0.34 * max(len(kinds), 3) + 1.4))
    y = list(range(len(kinds)))[::-1]
    up, down = counts["raised"].tolist(), counts["lowered"].tolist()
    ax.barh(y, up, color=CHANGE_FILL["raised"], edgecolor="#455a64", linewidth=0.5,
            label="raised")  # fmt: skip
    ax.barh(y, [-v for v in down], color=CHANGE_FILL["lowered"], edgecolor="#455a64",
            linewidth=0.5, label="lowered")  # fmt: skip
    span = max([1, *up, *down])
    for yi, u, d in zip(y, up, down, strict=True):
        if u:
            ax.text(u + span * 0.02, yi, f"{u} raised", va="center", fontsize=7, color=TEXT)
        if d:
            ax.text(-d - span * 0.02, yi, f"{d} lowered", ha="right", va="center", fontsize=7,
                    color=TEXT)  # fmt: skip
    if not kinds:
        ax.text(0.5, 0.5, "No level changed", transform=ax.transAxes, ha="center", fontsize=9)
        ax.set_yticks([])
    else:
        ax.set_yticks(y, [shorten(short_name(str(k))) for k in kinds], fontsize=8)
    ax.axvline(0, color="#37474f", linewidth=0.8)
    ax.set_xlim(-span * 1.5, span * 1.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{abs(v):g}"))
    ax.set_xlabel("services", fontsize=8)
    ax.set_title(title or "Levels raised and lowered, by kind", fontsize=10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
