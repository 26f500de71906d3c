"""What the dashboard and portfolio decide about services: timeline states, counts, rows, filters."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS

import pandas as pd
import pytest

from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.portfolio import (
    filter_overview,
    measure_status_counts,
    overview_row,
    timeline_events,
)
from osa_toolkit.core.status import review_state

TODAY = dt.date(2026, 11, 28)


def duty(id_, due, kind="deadline", status="applies"):
    return NS(id=id_, title=f"{id_} title (new services: later)", due=due, kind=kind, status=status)


def test_deadlines_are_done_overdue_or_due():
    duties = [
        duty("illegal_content_risk_assessment", dt.date(2025, 3, 16)),
        duty("childrens_access_assessment", dt.date(2025, 4, 16)),
        duty("future_deadline", dt.date(2027, 2, 1), status="may_apply"),
        duty("old_in_force", dt.date(2025, 3, 17), kind="in_force"),
        duty("new_in_force", dt.date(2027, 6, 1), kind="in_force"),
    ]
    reviews = [
        review_state(
            "Illegal content risk assessment", dt.date(2025, 12, 1), dt.date(2026, 12, 1), 2, TODAY
        ),
        review_state("Children's access assessment", None, None, None, TODAY),
    ]
    events = timeline_events(duties, reviews, TODAY, saved_kinds={"illegal_content"})
    got = [(e["label"], e["state"], e["kind"]) for e in events]
    assert got == [
        ("illegal_content_risk_assessment title", "done", "deadline"),
        ("childrens_access_assessment title", "overdue", "deadline"),
        ("Review: illegal content risk assessment", "due", "review"),
        ("future_deadline title (may apply)", "due", "deadline"),
        ("new_in_force title", "due", "in_force"),
    ]


def test_measure_status_counts_lists_every_status():
    counts = measure_status_counts(
        [NS(status="in_place"), NS(status="in_place"), NS(status="planned")]
    )
    assert counts == {
        "recommended": 0,
        "in_place": 2,
        "planned": 1,
        "alternative": 0,
        "not_applicable": 0,
    }


def rows():
    return pd.DataFrame(
        [
            overview_row("a", "Alpha", {"hate": "high", "fraud": "low"}, in_scope=True,
                         likely_accessed_by_children=True, saved_kinds={"illegal_content"},
                         next_review=dt.date(2026, 1, 1), today=TODAY),
            overview_row("b", "Beta", {"hate": "low", "fraud": "medium"}, in_scope=False,
                         likely_accessed_by_children=False, today=TODAY),
            overview_row("c", "Gamma", {"hate": "negligible", "fraud": "low"}, in_scope=True,
                         likely_accessed_by_children=None,
                         saved_kinds={"illegal_content", "childrens_access"},
                         next_review=dt.date(2027, 1, 1), today=TODAY),
        ]
    )  # fmt: skip


def test_overview_rows_say_where_each_service_stands():
    t = rows().set_index("service")
    assert t.loc["a", "review"] == "overdue since 1 Jan 2026" and bool(t.loc["a", "review_overdue"])
    # Likely accessed by children: the children's risk assessment is missing too (issue 15, 9).
    assert t.loc["a", "missing"] == "children's access assessment, children's risk assessment"
    assert t.loc["a", "high"] == 1
    assert t.loc["b", "missing"] == "" and t.loc["b", "review"] == "no saved record"
    assert t.loc["c", "children"] == "not known" and t.loc["c", "review"] == "due by 1 Jan 2027"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["a", "b", "c"]),
        ({"at_least": "medium"}, ["a", "b"]),
        ({"at_least": "medium", "harm": "hate"}, ["a"]),
        ({"in_scope_only": True}, ["a", "c"]),
        ({"overdue_only": True}, ["a"]),
        ({"missing_only": True}, ["a"]),
        ({"text": "GAM"}, ["c"]),
    ],
)
def test_filters(filters, expected):
    assert list(filter_overview(rows(), ["hate", "fraud"], **filters)["service"]) == expected


def test_a_bad_level_filter_is_refused():
    with pytest.raises(InvalidInputError, match="at_least"):
        filter_overview(rows(), ["hate"], at_least="huge")


def test_a_first_assessment_made_late_is_not_a_green_done():
    """Issue 15 item 9: a deadline met 20 months late shows as done late, not done."""
    from types import SimpleNamespace

    duty = SimpleNamespace(
        id="illegal_content_risk_assessment",
        title="First illegal content risk assessment must be done (new services: …)",
        due=dt.date(2025, 3, 16),
        kind="deadline",
        status="applies",
    )
    late = timeline_events(
        [duty], [], TODAY, {"illegal_content"}, {"illegal_content": dt.date(2026, 11, 20)}
    )
    assert late[0]["state"] == "late" and "done late, on 20 Nov 2026" in late[0]["label"]
    on_time = timeline_events(
        [duty], [], TODAY, {"illegal_content"}, {"illegal_content": dt.date(2025, 3, 1)}
    )
    assert on_time[0]["state"] == "done"
