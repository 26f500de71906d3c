"""Reports over time per kind, from an imported moderation export."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from osa_toolkit.core.errors import invalid
from osa_toolkit.plots._base import TEXT, new_axes, shorten

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<", ">")
"""Each kind gets its own marker shape as well as its own colour."""


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def reports_over_time(
    monthly: Mapping[str, Mapping[str, int]],
    names: Mapping[str, str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """One line per kind: reports per month (``YYYY-MM``), every month of the period shown.

    ``monthly`` maps a kind (harm id, or a word such as ``unmapped``) to ``{month: count}``;
    ``names`` gives the legend's words for each kind.

    >>> ax = reports_over_time({"hate": {"2026-01": 2, "2026-03": 1}}, {"hate": "Hate"})
    >>> [t.get_text() for t in ax.get_xticklabels()], ax.get_legend().get_texts()[0].get_text()
    (['2026-01', '2026-02', '2026-03'], 'Hate (3)')
    """
    if not isinstance(monthly, Mapping):
        raise invalid("monthly", "a mapping of kind to {month: count}", type(monthly).__name__)
    names = names or {}
    all_months = sorted({m for counts in monthly.values() for m in counts})
    ax = new_axes(ax, (7.5, 3.2))
    if not all_months:
        ax.text(0.5, 0.5, "No reports in this export", ha="center", va="center", color=TEXT)
        ax.set_axis_off()
        return ax
    months = _months(all_months[0], all_months[-1])
    x = list(range(len(months)))
    order = sorted(monthly, key=lambda k: (-sum(monthly[k].values()), k))
    for i, kind in enumerate(order):
        counts = monthly[kind]
        label = f"{shorten(names.get(kind, kind), 40)} ({sum(counts.values())})"
        ax.plot(
            x,
            [counts.get(m, 0) for m in months],
            marker=MARKERS[i % len(MARKERS)],
            linewidth=1.5,
            label=label,
        )
    ax.set_xticks(
        x,
        months,
        rotation=45 if len(months) > 6 else 0,
        ha="right" if len(months) > 6 else "center",
    )
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.set_ylabel("Reports in the month", color=TEXT)
    ax.set_title("Reports over time, by kind", color=TEXT)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return ax
