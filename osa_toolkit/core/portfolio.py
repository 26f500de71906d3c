"""What the dashboard and the portfolio view show about services, decided here (pure).

- :func:`timeline_events`: a service's deadlines and reviews as ``done`` / ``due`` / ``overdue``;
- :func:`measure_status_counts`: how many of a record's measures are in place, planned, …;
- :func:`overview_row` and :func:`filter_overview`: one row per service for the portfolio table
  (in scope, children's access, review state, missing assessments, a level per harm).

>>> from osa_toolkit.core.status import review_state
>>> r = review_state("Illegal content risk assessment", dt.date(2025, 3, 1), dt.date(2026, 3, 1), 1,
...                  dt.date(2026, 11, 28))
>>> [(e["label"], e["state"]) for e in timeline_events([], [r], dt.date(2026, 11, 28))]
[('Review: illegal content risk assessment', 'overdue')]
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from osa_toolkit.core.errors import invalid
from osa_toolkit.core.record import MEASURE_STATUSES
from osa_toolkit.core.vocabulary import LEVELS, level_index

DEADLINE_RECORDS = {
    "illegal_content_risk_assessment": "illegal_content",
    "childrens_access_assessment": "childrens_access",
    "childrens_risk_assessment": "childrens_risk",
}
"""Key-date ids whose deadline is met by saving a record of that kind."""

ASSESSMENTS = {
    "illegal_content": "illegal content risk assessment",
    "childrens_access": "children's access assessment",
}
"""The record kinds every in-scope service needs, with their names."""


def timeline_events(
    duties: Iterable[Any],
    reviews: Iterable[Any],
    today: dt.date,
    saved_kinds: Iterable[str] = (),
    first_saved: Mapping[str, dt.date] | None = None,
) -> list[dict[str, Any]]:
    """Deadlines (from :func:`~osa_toolkit.core.scope.check_scope`'s duties) and reviews (from
    :func:`~osa_toolkit.core.status.review_state`) as ``{date, label, state, kind}``.

    A deadline is ``done`` when a record of its kind is saved, else ``overdue`` once passed, else
    ``due``; a duty coming into force later is ``due``; a review is ``overdue`` or ``due``.
    A deadline first met after its date (``first_saved`` gives each kind's first save) is
    ``late``, not ``done``.
    """
    first_saved = first_saved or {}
    saved = set(saved_kinds)
    events = []
    for d in duties:
        label = d.title.split(" (")[0] + (" (may apply)" if d.status == "may_apply" else "")
        if d.kind == "deadline":
            kind = DEADLINE_RECORDS.get(d.id)
            done = kind in saved
            state = "done" if done else "overdue" if d.due < today else "due"
            if done and kind in first_saved and first_saved[kind] > d.due:
                state = "late"
                label += f" (done late, on {first_saved[kind]:%-d %b %Y})"
            events.append({"date": d.due, "label": label, "state": state, "kind": "deadline"})
        elif d.kind == "in_force" and d.due >= today:
            events.append({"date": d.due, "label": label, "state": "due", "kind": "in_force"})
    for r in reviews:
        if r.next_due is None or r.state == "not_done":
            continue
        state = "overdue" if r.state == "overdue" else "due"
        label = f"Review: {r.what[:1].lower()}{r.what[1:]}"
        events.append({"date": r.next_due, "label": label, "state": state, "kind": "review"})
    return sorted(events, key=lambda e: e["date"])


def measure_status_counts(measures: Iterable[Any]) -> dict[str, int]:
    """``{status: count}`` over a record's measure decisions, every status present (zeros too)."""
    counts = Counter(m.status for m in measures)
    return {s: counts.get(s, 0) for s in MEASURE_STATUSES}


def overview_row(
    service_id: str,
    name: str,
    levels: Mapping[str, str],
    *,
    in_scope: bool | None,
    likely_accessed_by_children: bool | None,
    saved_kinds: Iterable[str] = (),
    next_review: dt.date | None = None,
    today: dt.date,
    source: str = "",
) -> dict[str, Any]:
    """One portfolio row: the service, its situation in words, and its level for each harm."""
    saved = set(saved_kinds)
    needed = dict(ASSESSMENTS)
    if in_scope and likely_accessed_by_children:
        needed["childrens_risk"] = "children's risk assessment"
    missing = [name for k, name in needed.items() if k not in saved] if in_scope else []
    overdue = next_review is not None and next_review < today
    return {
        "service": service_id,
        "name": name,
        "source": source,
        "in_scope": {True: "yes", False: "no", None: "not known"}[in_scope],
        "children": {True: "likely", False: "not likely", None: "not known"}[
            likely_accessed_by_children
        ],
        "review": _review_words(next_review, today, bool(saved)),
        "review_overdue": overdue,
        "missing": ", ".join(missing),
        "high": sum(v == "high" for v in levels.values()),
        "medium": sum(v == "medium" for v in levels.values()),
        **dict(levels),
    }


def _review_words(next_review: dt.date | None, today: dt.date, any_saved: bool) -> str:
    if next_review is None:
        return "no review date" if any_saved else "no saved record"
    if next_review < today:
        return f"overdue since {next_review:%-d %b %Y}"
    return f"due by {next_review:%-d %b %Y}"


def filter_overview(
    table: pd.DataFrame,
    harms: Sequence[str],
    *,
    harm: str | None = None,
    at_least: str | None = None,
    in_scope_only: bool = False,
    overdue_only: bool = False,
    missing_only: bool = False,
    text: str = "",
) -> pd.DataFrame:
    """The rows of a portfolio table that pass every filter given.

    ``at_least`` keeps services with that level or higher for ``harm`` (or for any of ``harms``
    when ``harm`` is None); ``text`` matches the service id or name, ignoring case.
    """
    if at_least is not None and at_least not in LEVELS:
        raise invalid("at_least", "one of " + ", ".join(LEVELS), at_least)
    keep = pd.Series(True, index=table.index)
    if at_least is not None:
        columns = [harm] if harm else [h for h in harms if h in table.columns]
        floor = level_index(at_least)
        hits = [
            table[c].map(lambda v, f=floor: v in LEVELS and level_index(v) >= f) for c in columns
        ]
        keep &= pd.concat(hits, axis=1).any(axis=1) if hits else False
    if in_scope_only:
        keep &= table["in_scope"] == "yes"
    if overdue_only:
        keep &= table["review_overdue"].astype(bool)
    if missing_only:
        keep &= table["missing"] != ""
    if text.strip():
        needle = text.strip().lower()
        keep &= table["service"].str.lower().str.contains(needle, regex=False) | table[
            "name"
        ].str.lower().str.contains(needle, regex=False)
    return table[keep]
