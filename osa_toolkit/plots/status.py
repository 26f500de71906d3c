"""Where a service stands: its Codes measures by status, and its deadlines and reviews on a timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import matplotlib.dates as mdates
from matplotlib.axes import Axes

from osa_toolkit.core.errors import invalid
from osa_toolkit.core.record import MEASURE_STATUSES, STATUS_WORDS
from osa_toolkit.plots._base import STATE_STYLE, TEXT, new_axes, shorten

STATUS_FILL = {
    "recommended": "#ffcc80",
    "in_place": "#a5d6a7",
    "planned": "#90caf9",
    "alternative": "#ce93d8",
    "not_applicable": "#cfd8dc",
}


def measures_by_status(
    counts: Mapping[str, int],
    ax: Axes | None = None,
    title: str = "Codes measures by status",
) -> Axes:
    """A bar per measure status (every status shown, zeros too), with the count written beside it."""
    unknown = [k for k in counts if k not in MEASURE_STATUSES]
    if unknown:
        raise invalid("counts", "counts keyed by " + ", ".join(MEASURE_STATUSES), unknown[0])
    ax = new_axes(ax, (6.5, 2.6))
    statuses = list(MEASURE_STATUSES)
    y = list(range(len(statuses)))[::-1]
    values = [int(counts.get(s, 0)) for s in statuses]
    ax.barh(y, values, color=[STATUS_FILL[s] for s in statuses], edgecolor="#455a64", linewidth=0.6)
    for yi, v in zip(y, values, strict=True):
        ax.text(v + 0.1, yi, str(v), va="center", fontsize=8, color=TEXT)
    ax.set_yticks(y, [STATUS_WORDS[s] for s in statuses], fontsize=8)
    ax.set_xlim(0, max(values + [1]) * 1.15 + 0.5)
    ax.set_xlabel("measures")
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _event(e: Any, today: dt.date) -> tuple[dt.date, str, str]:
    get = e.get if isinstance(e, Mapping) else lambda k, d=None: getattr(e, k, d)
    day, label, state = get("date"), get("label"), get("state")
    if not isinstance(day, dt.date) or not label:
        raise invalid("events", "items with a date and a label", e)
    if state is None:
        state = "overdue" if day < today else "due"
    if state not in STATE_STYLE:
        raise invalid("events' state", "one of " + ", ".join(STATE_STYLE), state)
    return day, str(label), state


def timeline(
    events: Iterable[Mapping[str, Any] | Any],
    today: dt.date,
    ax: Axes | None = None,
    title: str = "Deadlines and reviews",
) -> Axes:
    """Each event on its own row at its date: marker shape and colour by state (done, due,
    overdue), and the state written in the label; a line marks today.

    ``events`` are mappings (or objects) with ``date``, ``label`` and optional ``state`` (when left
    out: overdue before ``today``, due otherwise).
    """
    items = sorted((_event(e, today) for e in events), key=lambda t: t[0])
    ax = new_axes(ax, (7.5, 0.45 * max(len(items), 2) + 1.3))
    ax.axvline(mdates.date2num(today), color="#37474f", linestyle="--", linewidth=1)
    ax.text(
        mdates.date2num(today),
        1.0,
        " today",
        transform=ax.get_xaxis_transform(),
        fontsize=8,
        va="bottom",
        color=TEXT,
    )
    if not items:
        ax.text(
            0.5,
            0.5,
            "No deadlines or reviews to show",
            transform=ax.transAxes,
            ha="center",
            fontsize=9,
        )
        ax.set_yticks([])
    nums = [mdates.date2num(d) for d, _l, _s in items] + [mdates.date2num(today)]
    middle = (min(nums) + max(nums)) / 2
    for row, (day, label, state) in enumerate(reversed(items)):
        colour, marker, word = STATE_STYLE[state]
        x = mdates.date2num(day)
        ax.plot([x], [row], marker=marker, color=colour, markersize=9, linestyle="none")
        ax.text(
            x,
            row + 0.22,
            f"{shorten(label, 48)} — {word} ({day:%-d %b %Y})",
            fontsize=7.5,
            color=TEXT,
            ha="left" if x <= middle else "right",
        )
    if items:
        pad = max((max(nums) - min(nums)) * 0.08, 60)
        ax.set_xlim(min(nums) - pad, max(nums) + pad)
        ax.set_ylim(-0.6, len(items) - 0.2)
        ax.set_yticks([])
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right", "left"]].set_visible(False)
    return ax
