"""Agreement with published assessments, one bar per case (the weightings lab and the notebooks)."""

from __future__ import annotations

from matplotlib.axes import Axes

from osa_toolkit.core.analysis.calibration import Agreement
from osa_toolkit.core.errors import invalid
from osa_toolkit.plots._base import TEXT, new_axes

SEGMENTS = (
    ("the same", "#66bb6a", lambda c: c.exact),
    ("one step apart", "#ffe082", lambda c: c.within_one - c.exact),
    ("two or more apart", "#e57373", lambda c: len(c.rows) - c.within_one),
)
"""Stacked segments: the share of a case's levels the same as the operator's, one step apart, and
two or more apart; each bar is written with its figures, so colour is never the only cue."""


def agreement_by_case(
    agreement: Agreement, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """A horizontal stacked bar per case: how many of its levels agree with the operator's.

    >>> from osa_toolkit.core.analysis.calibration import Agreement, CaseResult, RowResult
    >>> a = Agreement((CaseResult("forum", "2026-06", (RowResult("hate", "low", "low", 0),)),))
    >>> [t.get_text() for t in agreement_by_case(a).texts]
    ['1 of 1 the same']
    """
    if not isinstance(agreement, Agreement):
        raise invalid(
            "agreement", "an Agreement (from osa_toolkit.core.analysis.calibration)", agreement
        )
    cases = list(agreement.cases)
    ax = new_axes(ax, (7.5, 0.45 * len(cases) + 1.4))
    for y, case in enumerate(reversed(cases)):
        total = len(case.rows) or 1
        left = 0.0
        for label, colour, count in SEGMENTS:
            share = count(case) / total
            ax.barh(y, share, left=left, color=colour, edgecolor="white",
                    label=label if y == 0 else None)  # fmt: skip
            left += share
        ax.text(0.01, y, f"{case.exact} of {len(case.rows)} the same", va="center", fontsize=8,
                color=TEXT)  # fmt: skip
    ax.set_yticks(range(len(cases)), [c.slug for c in reversed(cases)], fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the case's levels")
    s = agreement.summary
    ax.set_title(
        title
        or f"Agreement with published assessments: {s['exact_share']:.0%} the same, "
        f"{s['within_one_share']:.0%} within one step",
        fontsize=10,
    )
    ax.legend(loc="lower right", fontsize=7, frameon=False, ncols=3, bbox_to_anchor=(1, 1.06))
    return ax
