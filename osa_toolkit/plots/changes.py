"""What moved: level changes between two saved versions, and which weights move levels the most."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from osa_toolkit.core.analysis.sensitivity import most_sensitive
from osa_toolkit.core.diff import RecordDiff
from osa_toolkit.core.errors import invalid
from osa_toolkit.core.vocabulary import LEVELS
from osa_toolkit.plots._base import TEXT, level_fill, level_rank, new_axes, short_name, shorten


def _summary(diff: RecordDiff) -> str:
    parts = [
        (len(diff.levels), "level change(s)"),
        (
            len(diff.measures_added) + len(diff.measures_removed) + len(diff.measures_changed),
            "measure change(s)",
        ),
        (
            len(diff.profile_changed) + len(diff.profile_added) + len(diff.profile_removed),
            "profile answer(s)",
        ),
        (len(diff.governance), "governance detail(s)"),
    ]
    said = [f"{n} {what}" for n, what in parts if n]
    return "Since the previous version: " + (", ".join(said) if said else "nothing changed")


def version_changes(diff: RecordDiff, ax: Axes | None = None) -> Axes:
    """An arrow per harm whose level changed, from the old level to the new one, labelled
    ``old → new``; the title counts the other kinds of change."""
    if not isinstance(diff, RecordDiff):
        raise invalid("diff", "a RecordDiff (from diff_records)", type(diff).__name__)
    changes = diff.levels
    ax = new_axes(ax, (7.5, 0.45 * max(len(changes), 2) + 1.2))
    if not changes:
        ax.text(
            0.5,
            0.5,
            "No risk level changed",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=9,
        )
        ax.set_yticks([])
    y = list(range(len(changes)))[::-1]
    for yi, c in zip(y, changes, strict=True):
        old, new = level_rank(c.old_level), level_rank(c.new_level)
        ax.scatter([old], [yi], s=60, color=level_fill(c.old_level), edgecolor="#455a64", zorder=3)
        ax.annotate(
            "",
            xy=(new, yi),
            xytext=(old, yi),
            arrowprops={"arrowstyle": "-|>", "color": "#37474f", "lw": 1.4},
        )
        ax.text(
            (old + new) / 2,
            yi + 0.18,
            f"{c.old_level} → {c.new_level}",
            ha="center",
            fontsize=8,
            color=TEXT,
        )
    if changes:
        ax.set_yticks(y, [shorten(short_name(c.name)) for c in changes], fontsize=8)
        ax.set_ylim(-0.6, len(changes) - 0.3)
    ax.set_xticks(range(1, len(LEVELS) + 1), list(LEVELS), fontsize=8)
    ax.set_xlim(0.5, len(LEVELS) + 0.5)
    ax.set_title(_summary(diff), fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def tornado(sensitivity_df: pd.DataFrame, ax: Axes | None = None, n: int = 12) -> Axes:
    """For the ``n`` weights that flip the most levels: flips at −20% to the left, at +20% to the
    right, counts written at the bar ends and invalid moves marked ``invalid``."""
    if not isinstance(sensitivity_df, pd.DataFrame) or "flips" not in sensitivity_df:
        raise invalid("sensitivity_df", "a table from sensitivity()", type(sensitivity_df).__name__)
    top = most_sensitive(sensitivity_df, n)
    ax = new_axes(ax, (7.5, 0.36 * max(len(top), 3) + 1.3))
    y = list(range(len(top)))[::-1]
    ax.barh(
        y,
        -top["down"].to_numpy(),
        color="#90caf9",
        edgecolor="#455a64",
        linewidth=0.5,
        label="−20%",
    )
    ax.barh(
        y, top["up"].to_numpy(), color="#ffab91", edgecolor="#455a64", linewidth=0.5, label="+20%"
    )
    span = max([1, *top["down"], *top["up"]])
    for yi, (_i, row) in zip(y, top.iterrows(), strict=True):
        ax.text(
            -row["down"] - span * 0.02, yi, str(row["down"]), ha="right", va="center", fontsize=7.5
        )
        ax.text(row["up"] + span * 0.02, yi, str(row["up"]), ha="left", va="center", fontsize=7.5)
        if row["invalid"]:
            ax.text(
                span * 1.3,
                yi,
                f"invalid at {row['invalid']}",
                ha="right",
                va="center",
                fontsize=7,
                color="#b00020",
            )
    if top.empty:
        ax.text(0.5, 0.5, "No weights to show", transform=ax.transAxes, ha="center", fontsize=9)
    ax.axvline(0, color="#37474f", linewidth=0.8)
    ax.set_yticks(y, list(top["key"]), fontsize=8)
    ax.set_xlim(-span * 1.3, span * 1.3)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{abs(v):g}"))
    ax.set_xlabel("levels that flip (weight −20% to the left, +20% to the right)", fontsize=8)
    ax.set_title("Which weights move the most levels", fontsize=10)
    ax.legend(loc="lower right", fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
