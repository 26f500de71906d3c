"""Where a service stands, at a glance: scope, children's access, last assessment, review due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from osa_toolkit.core.childrens_access import assess_childrens_access
from osa_toolkit.core.facts import REGIME_WORDS
from osa_toolkit.core.scope import check_scope


@dataclass(frozen=True)
class ReviewState:
    what: str
    state: str  # "not_done" | "ok" | "due_soon" | "overdue"
    last_done: dt.date | None
    next_due: dt.date | None
    version: int | None
    sentence: str


@dataclass(frozen=True)
class ServiceStatus:
    service_name: str
    in_scope: bool
    regimes: tuple[str, ...]
    likely_accessed_by_children: bool
    reviews: tuple[ReviewState, ...]
    lines: tuple[str, ...]


def review_state(
    what: str, last_done, next_due, version, today: dt.date, soon_days: int = 30
) -> ReviewState:
    """Plain-English state of one assessment's review.

    >>> review_state("x", None, None, None, dt.date(2026, 1, 1)).state
    'not_done'
    >>> review_state("x", dt.date(2025, 1, 1), dt.date(2025, 12, 1), 1, dt.date(2026, 1, 1)).sentence
    'x: version 1 of 1 January 2025; review overdue since 1 December 2025.'
    """
    if last_done is None:
        return ReviewState(what, "not_done", None, None, None, f"{what}: not done yet.")
    head = f"{what}: version {version} of {last_done:%-d %B %Y}"
    if next_due is None:
        return ReviewState(what, "ok", last_done, None, version, f"{head}; no review date set.")
    if next_due < today:
        return ReviewState(
            what,
            "overdue",
            last_done,
            next_due,
            version,
            f"{head}; review overdue since {next_due:%-d %B %Y}.",
        )
    state = "due_soon" if (next_due - today).days <= soon_days else "ok"
    word = "review due soon, by" if state == "due_soon" else "next review by"
    return ReviewState(
        what, state, last_done, next_due, version, f"{head}; {word} {next_due:%-d %B %Y}."
    )


def service_status(profile, registers, latest: dict, today: dt.date | None = None) -> ServiceStatus:
    """``latest`` maps a record kind to ``(version, assessed_on, next_review)`` or is missing it."""
    today = today or dt.date.today()
    scope = check_scope(profile, registers, today=today)
    caa = assess_childrens_access(profile, today=today, registers=registers)
    names = {
        "illegal_content": "Illegal content risk assessment",
        "childrens_access": "Children's access assessment",
    }
    if caa.likely_accessed:
        names["childrens_risk"] = "Children's risk assessment"
    if "part5_pornography" in scope.regimes or "age_assurance" in latest:
        names["age_assurance"] = "Age assurance record"
    reviews = []
    for kind, label in names.items():
        version, done, due = latest.get(kind, (None, None, None))
        reviews.append(review_state(label, done, due, version, today))
    lines = [
        (
            "In scope of the Online Safety Act"
            if scope.in_scope
            else "Not in scope of the Online Safety Act"
        )
        + (f": {'; '.join(REGIME_WORDS[r] for r in scope.regimes)}." if scope.regimes else "."),
        "Likely to be accessed by children."
        if caa.likely_accessed
        else "Not likely to be accessed by children.",
        *(r.sentence for r in reviews),
    ]
    return ServiceStatus(
        service_name=profile.service.name,
        in_scope=scope.in_scope,
        regimes=tuple(scope.regimes),
        likely_accessed_by_children=caa.likely_accessed,
        reviews=tuple(reviews),
        lines=tuple(lines),
    )
