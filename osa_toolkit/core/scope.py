"""The regulation checker: does the Online Safety Act apply to a service, which parts, which
exemptions, and which duties by when — with the reasons, in plain English.

The law it follows (ss.3-4, s.80 and Schedules 1-2 of the Act): a service is regulated under Part 3
if it is user-to-user and/or a search service, is not exempt, and has links with the UK — any one
of (L1) a significant number of UK users, (L2) the UK as a target market, or (L3) capable of use in
the UK with a material risk of significant harm to people there. Part 5 (pornography the provider
itself publishes) uses only L1 and L2 (s.80(4)). Unknown answers are treated as "yes" and flagged.

>>> from osa_toolkit.core.profile import parse_profile
>>> from osa_toolkit.core.registers import load_registers
>>> p = parse_profile({"profile_version": 1, "service": {"name": "Club forum"},
...     "scope": {"user_to_user": True, "uk_target_market": True},
...     "service_types": ["discussion_forum"]})
>>> r = check_scope(p, load_registers(), today=dt.date(2026, 1, 5))
>>> r.in_scope, r.regimes, r.exemptions
(True, ('part3_user_to_user',), ())
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from osa_toolkit.core.conditions import evaluate
from osa_toolkit.core.dates import add_months, new_service_start
from osa_toolkit.core.errors import invalid
from osa_toolkit.core.facts import ServiceFacts, justify
from osa_toolkit.core.profile import ServiceProfile
from osa_toolkit.core.scope import law
from osa_toolkit.core.scope.childrens_access import (
    UNKNOWN_QUESTIONS,
    ChildrensAccessResult,
    assess_childrens_access,
)

DUTY_KINDS = ("deadline", "in_force")
"""Key-date kinds that become duties (``event`` rows are milestones, not duties)."""


@dataclass(frozen=True)
class Duty:
    """One dated duty from the key-dates register, as it falls for this service."""

    id: str
    title: str
    due: dt.date
    kind: str
    section: str | None
    status: str  # "applies" or "may_apply" (the condition is unknown for this profile)
    reasons: tuple[str, ...]
    confidence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "due": self.due.isoformat(),
            "kind": self.kind,
            "section": self.section,
            "status": self.status,
            "reasons": list(self.reasons),
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class ScopeResult:
    """What the checker concluded, with the reasons and the unknown answers that matter."""

    in_scope: bool
    regimes: tuple[str, ...]
    exemptions: tuple[str, ...]
    duties: tuple[Duty, ...]
    reasons: tuple[str, ...]
    unknowns: tuple[str, ...]
    uk_links: bool | None
    part5_uk_links: bool | None
    childrens_access: ChildrensAccessResult
    edition: str
    checked_on: dt.date

    def to_dict(self) -> dict[str, Any]:
        """The ``check --json`` document (``interfaces.md``): JSON-ready, dates as ISO text."""
        return {
            "in_scope": self.in_scope,
            "regimes": list(self.regimes),
            "exemptions": list(self.exemptions),
            "duties": [d.to_dict() for d in self.duties],
            "reasons": list(self.reasons),
            "unknowns": list(self.unknowns),
            "uk_links": self.uk_links,
            "part5_uk_links": self.part5_uk_links,
            "childrens_access": self.childrens_access.to_dict(),
            "edition": self.edition,
            "checked_on": self.checked_on.isoformat(),
        }


def check_scope(
    profile: ServiceProfile, registers: Any, today: dt.date | None = None
) -> ScopeResult:
    """Run the regulation checker on one profile with one edition's registers.

    ``today`` (default: the real date) is the date of the check and of the children's access
    assessment it includes. Raises :class:`~osa_toolkit.core.errors.InvalidInputError` for
    arguments of the wrong kind.
    """
    if not isinstance(profile, ServiceProfile):
        raise invalid("profile", "a ServiceProfile", type(profile).__name__)
    if not hasattr(registers, "key_dates") or not hasattr(registers, "edition"):
        raise invalid(
            "registers", "a Registers object from load_registers()", type(registers).__name__
        )
    today = dt.date.today() if today is None else today
    if not isinstance(today, dt.date):
        raise invalid("today", "a datetime.date", today)

    outcome = law.decide(profile)
    caa = assess_childrens_access(profile, today, registers, regimes=outcome.regimes)
    facts = ServiceFacts(
        profile=profile,
        thresholds=registers.edition.thresholds,
        regimes=frozenset(outcome.regimes),
        children_can_access=caa.possible if caa.applies else False,
        likely_accessed_by_children=caa.likely_accessed if caa.applies else False,
    )
    duties, duty_unknowns = _duties(profile, registers, facts, today, caa)
    reasons = list(outcome.reasons)
    unknowns = list(outcome.unknowns)
    if caa.applies and caa.unknowns:
        questions = " and ".join(UNKNOWN_QUESTIONS[k] for k in caa.unknowns)
        reasons.append(
            "Children's access: the service is treated as likely to be accessed by children until "
            f"you know {questions}."
        )
    for key in (*(caa.unknowns if caa.applies else ()), *duty_unknowns):
        if key not in unknowns:
            unknowns.append(key)
    return ScopeResult(
        in_scope=bool(outcome.regimes),
        regimes=outcome.regimes,
        exemptions=outcome.exemptions,
        duties=duties,
        reasons=tuple(reasons),
        unknowns=tuple(unknowns),
        uk_links=outcome.uk_links,
        part5_uk_links=outcome.part5_uk_links,
        childrens_access=caa,
        edition=registers.edition.id,
        checked_on=today,
    )


_USER_COUNT_FACTS = ("large_service", "uk_users_over", "category_1", "large_general_search")


_CHILD_FACTS = ("children_can_access", "likely_accessed_by_children")


def _duties(
    profile: ServiceProfile,
    registers: Any,
    facts: ServiceFacts,
    today: dt.date,
    caa: ChildrensAccessResult,
) -> tuple[tuple[Duty, ...], list[str]]:
    duties: list[Duty] = []
    unknowns: list[str] = []
    for row in registers.key_dates:
        if row.kind not in DUTY_KINDS:
            continue
        value = evaluate(row.applies_when, facts)
        if value is False:
            continue
        due, timing = _due(row, profile.service.started_on, today)
        why = [_sentence(s) for s in justify(row.applies_when, facts)]
        if caa.unknowns and any(f.name in _CHILD_FACTS for f in row.applies_when.facts()):
            why.append(
                "The children's access assessment is only treated as met because some answers "
                "are unknown; with evidence, this may fall away."
            )
        if value is None:
            why.insert(0, "This may apply: it depends on answers not known yet.")
            for f in row.applies_when.facts():
                if f.name in _USER_COUNT_FACTS and facts(f.name, f.args) is None:
                    unknowns.append("users.uk_monthly_active_users")
        duties.append(
            Duty(
                id=row.id,
                title=row.title,
                due=due,
                kind=row.kind,
                section=row.duty,
                status="applies" if value else "may_apply",
                reasons=(*why, timing),
                confidence=row.confidence,
            )
        )
    duties.sort(key=lambda d: (d.due, d.id))
    return tuple(duties), list(dict.fromkeys(unknowns))


def _due(row: Any, started: dt.date | None, today: dt.date) -> tuple[dt.date, str]:
    if started is not None and row.new_service_months and started > new_service_start(row):
        due = add_months(started, row.new_service_months)
        text = (
            f"Your service started on {started.isoformat()}, after "
            f"{new_service_start(row).isoformat()}, so it has {row.new_service_months} months "
            f"from its start: due {due.isoformat()}."
        )
    elif started is not None and started > row.date:
        due = started
        text = f"It applies from the day your service started ({started.isoformat()})."
    else:
        due = row.date
        text = (
            f"Due {due.isoformat()}."
            if row.kind == "deadline"
            else f"In force from {due.isoformat()}."
        )
    if row.kind == "deadline" and due < today:
        text += " That date has passed: if it is not done yet, do it now."
    return due, text


def _sentence(text: str) -> str:
    text = text.strip()
    for regime, words in law.REGIME_TEXT.items():
        text = text.replace(
            f"the service falls under {regime.replace('_', ' ')}", f"{words} apply to the service"
        )
    return (text[:1].upper() + text[1:]).rstrip(".") + "."
