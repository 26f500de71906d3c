"""Step 4: when to review the assessment, and which changes to the service count as significant.

Ofcom recommends a review at least every 12 months, and the Act requires a fresh assessment before
a significant change to the service's design or operation (s.9(4)); see the key-dates register.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from osa_toolkit.core.facts import ServiceFacts
from osa_toolkit.core.registers import Registers
from osa_toolkit.core.vocabulary import (
    FUNCTIONALITIES,
    FUNCTIONALITY_WORDS,
    SERVICE_TYPE_WORDS,
    SERVICE_TYPES,
)

REVIEW_MONTHS = 12
"""Ofcom's recommended longest gap between reviews (good practice; RAG and record-keeping guidance)."""


@dataclass(frozen=True)
class ReviewPlan:
    next_review: dt.date
    reasons: tuple[str, ...]
    significant_changes: tuple[str, ...]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the last day of the month where that day does not exist).

    >>> add_months(dt.date(2024, 2, 29), 12)
    datetime.date(2025, 2, 28)
    """
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(d, day.day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def plan_review(
    facts: ServiceFacts, regs: Registers, assessed_on: dt.date, harm_names: dict[str, str]
) -> ReviewPlan:
    """Next review date and the changes that would need a fresh assessment first."""
    changes: list[str] = []
    absent_fn = [f for f in FUNCTIONALITIES if facts("functionality", (f,)) is False]
    absent_types = [t for t in SERVICE_TYPES if facts("service_type", (t,)) is False]
    for key, code in [(f, FUNCTIONALITIES[f]) for f in absent_fn] + [
        (t, SERVICE_TYPES[t]) for t in absent_types
    ]:
        linked = [harm_names[x.harm] for x in regs.factor_harm_links if x.factor == code]
        if linked:
            if key in FUNCTIONALITIES:
                what, label = "adding", FUNCTIONALITY_WORDS[key]
            else:
                what, label = "becoming", SERVICE_TYPE_WORDS[key]
            shown = ", ".join(sorted(set(linked))[:4]) + (
                " and more" if len(set(linked)) > 4 else ""
            )
            changes.append(f"{what} {label} ({code}) — Ofcom links it to {shown.lower()}")
    th = regs.edition.thresholds
    users = facts.uk_users
    for limit, meaning in (
        (th.hash_matching_users, "hash-matching measures start to apply at high risk"),
        (th.large_service_users, "the service becomes 'large' and more measures apply"),
    ):
        if users is not None and users <= limit:
            changes.append(f"monthly UK users passing {limit:,} — {meaning}")
    if facts("children_can_access", ()) is False:
        changes.append(
            "children becoming able to use the service (for example dropping age checks)"
        )
    changes.append("any change Ofcom makes to its Risk Profiles for a kind of harm you assessed")
    return ReviewPlan(
        next_review=add_months(assessed_on, REVIEW_MONTHS),
        reasons=(
            f"Ofcom recommends reviewing the assessment at least every {REVIEW_MONTHS} months.",
            "Before any significant change to the service, a fresh assessment is needed (s.9(4)).",
        ),
        significant_changes=tuple(changes),
    )
