"""Risk levels per harm: a bar per harm, and the likelihood × impact matrix with harms in their cells."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from osa_toolkit.core.errors import invalid
from osa_toolkit.core.method.weights import Weights
from osa_toolkit.core.vocabulary import LEVELS
from osa_toolkit.plots._base import TEXT, level_fill, level_rank, new_axes, short_name, shorten

IMPACT = ("limited", "serious", "severe")
MAX_IN_CELL = 7


def levels_by_harm(
    levels: Mapping[str, str] | pd.Series | pd.DataFrame,
    ax: Axes | None = None,
    names: Mapping[str, str] | None = None,
    title: str = "Risk level by kind of illegal content",
) -> Axes:
    """One horizontal bar per harm, its length and colour by level, and the level written at its end.

    ``levels`` maps harm id to level (first harm on top); ``names`` gives display names. A frame of
    one service from the analyst API (:func:`osa_toolkit.api.assess`: ``kind_id``, ``kind``,
    ``level`` columns) works too, its ``kind`` names shown.
    """
    if isinstance(levels, pd.DataFrame):
        levels, frame_names = _levels_of_frame(levels)
        names = {**frame_names, **dict(names or {})}
    levels = dict(levels)
    bad = [v for v in levels.values() if v not in LEVELS]
    if bad:
        raise invalid("levels", "levels from " + ", ".join(LEVELS), bad[0])
    names = dict(names or {})
    ax = new_axes(ax, (7.5, 0.32 * max(len(levels), 3) + 1.2))
    harms = list(levels)
    y = list(range(len(harms)))[::-1]
    ax.barh(
        y,
        [level_rank(levels[h]) for h in harms],
        color=[level_fill(levels[h]) for h in harms],
        edgecolor="#455a64",
        linewidth=0.6,
    )
    for yi, h in zip(y, harms, strict=True):
        ax.text(level_rank(levels[h]) + 0.05, yi, levels[h], va="center", fontsize=8, color=TEXT)
    ax.set_yticks(y, [shorten(short_name(names.get(h, h))) for h in harms], fontsize=8)
    ax.set_xticks(range(1, len(LEVELS) + 1), list(LEVELS), fontsize=8)
    ax.set_xlim(0, len(LEVELS) + 0.9)
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _levels_of_frame(frame: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """``({kind id: level}, {kind id: name})`` from a one-service frame of the analyst API."""
    key = "kind_id" if "kind_id" in frame else "harm"
    if key not in frame or "level" not in frame:
        raise invalid("levels", "a frame with kind_id (or harm) and level columns", "other columns")
    if "service" in frame and frame["service"].nunique() > 1:
        raise invalid("levels", "the rows of one service", f"{frame['service'].nunique()} services")
    ids = [str(k) for k in frame[key]]
    names = dict(zip(ids, frame["kind"], strict=True)) if "kind" in frame else {}
    return dict(zip(ids, frame["level"].astype(str), strict=True)), names


def _band(value, words: tuple[str, ...]) -> int | None:
    """A likelihood or impact band (1 = lowest) from a number or its word (``None`` when missing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return words.index(value) + 1 if isinstance(value, str) else int(value)


def _cells(harm_cells, likelihood: tuple[str, ...]) -> dict[str, tuple[int | None, int | None]]:
    if isinstance(harm_cells, pd.DataFrame):
        key = "harm" if "harm" in harm_cells else "kind_id" if "kind_id" in harm_cells else None
        frame = harm_cells.set_index(key) if key else harm_cells
        return {
            str(h): (_band(r["likelihood"], likelihood), _band(r["impact"], IMPACT))
            for h, r in frame.iterrows()
        }
    return {str(h): (cell[0], cell[1]) for h, cell in dict(harm_cells).items()}


def risk_matrix(
    harm_cells: Mapping[str, tuple[int | None, int | None]] | pd.DataFrame,
    weights: Weights,
    ax: Axes | None = None,
    names: Mapping[str, str] | None = None,
    title: str = "Likelihood × impact (the toolkit's matrix)",
    levels: Mapping[str, str] | None = None,
) -> Axes:
    """The likelihood × impact grid of ``weights.matrix`` (a row per likelihood band of the method),
    each cell coloured and labelled with its level, and each harm written in its cell. Harms with no cell (no way for them to happen on
    the service) are listed under the grid.

    ``harm_cells`` maps harm id to ``(likelihood band, impact 1-3)`` or ``(None, None)``; a frame
    with ``harm, likelihood, impact`` columns works too (as :func:`~osa_toolkit.core.analysis.batch.score`
    gives with ``detail=True``), and so does a one-service frame of the analyst API
    (``kind_id``, likelihood and impact in words; its ``kind`` names shown). With ``levels`` (the final levels), a harm that Ofcom's rules or
    an override put above or below its cell is marked ``→ level``.
    """
    if not isinstance(weights, Weights):
        raise invalid("weights", "a Weights (from load_weights)", type(weights).__name__)
    cells = _cells(harm_cells, weights.likelihood_words)
    names = dict(names or {})
    if isinstance(harm_cells, pd.DataFrame) and {"kind_id", "kind"} <= set(harm_cells.columns):
        names = {**dict(zip(harm_cells["kind_id"], harm_cells["kind"], strict=True)), **names}
    ax = new_axes(ax, (7.5, 6.0))
    levels = dict(levels or {})
    placed: dict[tuple[int, int], list[str]] = {}
    outside = []
    for harm, (lik, imp) in cells.items():
        label = short_name(names.get(harm, harm))
        if lik is None or imp is None:
            outside.append(label)
            continue
        moved = levels.get(harm)
        if moved and moved != weights.level(lik, imp):
            label = f"{shorten(label, 21)} → {moved}"
        placed.setdefault((lik, imp), []).append(label)
    rows = weights.likelihood_words
    for lik in range(1, len(rows) + 1):
        for imp in (1, 2, 3):
            level = weights.level(lik, imp)
            ax.add_patch(
                Rectangle(
                    (imp - 0.5, lik - 0.5),
                    1,
                    1,
                    facecolor=level_fill(level),
                    edgecolor="white",
                    linewidth=2,
                )
            )
            ax.text(
                imp - 0.45,
                lik + 0.42,
                level.upper(),
                fontsize=8,
                weight="bold",
                va="top",
                color=TEXT,
            )
            inside = placed.get((lik, imp), [])
            lines = [n if " → " in n else shorten(n, 30) for n in inside[:MAX_IN_CELL]]
            if len(inside) > MAX_IN_CELL:
                lines.append(f"+{len(inside) - MAX_IN_CELL} more")
            if lines:
                ax.text(imp - 0.45, lik + 0.25, "\n".join(lines), fontsize=7, va="top", color=TEXT)
    ax.set_xlim(0.5, 3.5)
    ax.set_ylim(0.5, len(rows) + 0.5)
    ax.set_xticks([1, 2, 3], list(IMPACT))
    ax.set_yticks(list(range(1, len(rows) + 1)), list(rows))
    ax.set_xlabel("impact")
    ax.set_ylabel("likelihood")
    ax.set_title(title, fontsize=10)
    if outside:
        shown = ", ".join(shorten(n, 30) for n in outside[:6]) + (" …" if len(outside) > 6 else "")
        ax.text(
            0.5,
            -0.16,
            f"Negligible (cannot happen on this service): {shown}",
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=7,
            wrap=True,
        )
    return ax
