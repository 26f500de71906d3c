"""Where a service stands, at a glance: scope, children's access, last assessment, review due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from osa_toolkit.core.facts import REGIME_WORDS
from osa_toolkit.core.scope import check_scope
from osa_toolkit.core.scope.childrens_access import assess_childrens_access


@dataclass(frozen=True)
class ReviewState:
    what: str
    state: str  # "not_done" | "ok" | "due_soon" | "overdue"
    last_done: dt.date | None
    next_due: dt.date | None
    version: int | None
    sentence: str


@dataclass(frozen=True)
class DueItem:
    """One line of the "what is due" list: an assessment to do or review, or decisions to make."""

    what: str
    state: str  # "overdue" | "due_soon" | "due" | "ok"
    date: dt.date | None
    sentence: str
    kind: str = ""


@dataclass(frozen=True)
class ServiceStatus:
    service_name: str
    in_scope: bool
    regimes: tuple[str, ...]
    likely_accessed_by_children: bool
    reviews: tuple[ReviewState, ...]
    lines: tuple[str, ...]
    due: tuple[DueItem, ...] = ()


FIRST_DEADLINES = {
    "illegal_content": "illegal_content_risk_assessment",
    "childrens_access": "childrens_access_assessment",
    "childrens_risk": "childrens_risk_assessment",
}
"""The key-date id whose deadline the first saved record of each kind meets."""

STATE_ORDER = {"overdue": 0, "due_soon": 1, "due": 2, "ok": 3}


def review_state(
    what: str,
    last_done,
    next_due,
    version,
    today: dt.date,
    soon_days: int = 30,
    first_due: dt.date | None = None,
) -> ReviewState:
    """Plain-English state of one assessment's review.

    An assessment never done whose first deadline (``first_due``) has passed is overdue, not
    merely "not done".

    >>> review_state("x", None, None, None, dt.date(2026, 1, 1)).state
    'not_done'
    >>> review_state("x", None, None, None, dt.date(2026, 1, 1), first_due=dt.date(2025, 7, 24)).sentence
    'x: not done; it was due by 24 July 2025 (overdue).'
    >>> review_state("x", dt.date(2025, 1, 1), dt.date(2025, 12, 1), 1, dt.date(2026, 1, 1)).sentence
    'x: version 1 of 1 January 2025; review overdue since 1 December 2025.'
    """
    if last_done is None:
        if first_due is None:
            return ReviewState(what, "not_done", None, None, None, f"{what}: not done yet.")
        if first_due < today:
            return ReviewState(
                what,
                "overdue",
                None,
                first_due,
                None,
                f"{what}: not done; it was due by {first_due:%-d %B %Y} (overdue).",
            )
        soon = (first_due - today).days <= soon_days
        return ReviewState(
            what,
            "due_soon" if soon else "not_done",
            None,
            first_due,
            None,
            f"{what}: not done yet; due by {first_due:%-d %B %Y}.",
        )
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


def service_status(
    profile,
    registers,
    latest: dict,
    today: dt.date | None = None,
    undecided: tuple[int, int] | None = None,
) -> ServiceStatus:
    """``latest`` maps a record kind to ``(version, assessed_on, next_review)`` or is missing it;
    ``undecided`` is ``(undecided, total)`` measures of the latest illegal content record."""
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
    first_due = {d.id: d.due for d in scope.duties if d.kind == "deadline"}
    reviews = []
    for kind, label in names.items():
        version, done, due = tuple(latest.get(kind, (None, None, None)))[:3]
        deadline = first_due.get(FIRST_DEADLINES.get(kind, "")) if scope.in_scope else None
        reviews.append(review_state(label, done, due, version, today, first_due=deadline))
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
        due=due_list(reviews, scope.duties, today, undecided),
    )


def due_list(
    reviews, duties, today: dt.date, undecided: tuple[int, int] | None = None
) -> tuple[DueItem, ...]:
    """One list of what is due, overdue and next, most urgent first, each with its date.

    ``reviews`` come from :func:`review_state`; ``duties`` from the regulation checker (duties
    coming into force later are listed as "next"); ``undecided`` is ``(undecided, total)``
    measures of the latest illegal content record.
    """
    items: list[DueItem] = []
    kinds = {v: k for k, v in FIRST_DEADLINES.items()}
    for r in reviews:
        state = {"not_done": "due"}.get(r.state, r.state)
        items.append(DueItem(r.what, state, r.next_due, r.sentence))
    if undecided and undecided[0]:
        n, total = undecided
        items.append(
            DueItem(
                "Measures",
                "due",
                None,
                f"Measures: {n} of {total} recommended measures are still undecided; record a "
                "status for each in step 3 of the illegal content risk assessment.",
                "measures",
            )
        )
    for d in duties:
        if d.kind == "in_force" and d.due >= today and d.id not in kinds:
            items.append(
                DueItem(
                    d.title.split(" (")[0],
                    "due",
                    d.due,
                    f"Next: {d.title.split(' (')[0]} from {d.due:%-d %B %Y}"
                    + (" (may apply)." if d.status == "may_apply" else "."),
                )
            )
    far = dt.date.max
    return tuple(sorted(items, key=lambda i: (STATE_ORDER[i.state], i.date or far)))


def undecided_measures(record) -> tuple[int, int]:
    """``(undecided, total)`` over a record's measures ("recommended" = no decision recorded).

    >>> from types import SimpleNamespace as R
    >>> undecided_measures(R(measures=[R(status="recommended"), R(status="in_place")]))
    (1, 2)
    """
    measures = list(getattr(record, "measures", ()) or ())
    return sum(m.status == "recommended" for m in measures), len(measures)


def save_warnings(record) -> tuple[str, ...]:
    """What to tell the person saving ``record`` before they rely on it (it is saved regardless).

    A version marked final and approved while measures are undecided, or approved by nobody, is
    worth a second look.
    """
    out = []
    n, total = undecided_measures(record)
    gov = getattr(record, "governance", None)
    final = gov is not None and gov.status == "final"
    if n:
        out.append(
            f"{n} of {total} measures are still undecided"
            + (" although this version is marked final and approved" if final else "")
            + "; record a status for each in step 3."
        )
    if final and not (gov.approved_by or "").strip():
        out.append("It is marked final and approved, but no approver is named.")
    return tuple(out)
