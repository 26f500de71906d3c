"""The duties that came with 2026 as tracked tasks: which apply to a service, from when, and their state.

The rows come from the edition's ``duties.csv`` (:mod:`.duty_register`); each applies by its condition
(evaluated like every register condition, with the risk levels of the latest illegal content record
when a condition needs them). The due date is the row's key date as the regulation checker places it
for this service (a service started later gets its own start date). A task is *done* once someone
recorded doing it (the store keeps who and when); a *pending* duty is shown as coming, never as due.

>>> STATE_WORDS["overdue"]
'overdue: not marked done'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from osa_toolkit.core.conditions import evaluate
from osa_toolkit.core.facts import ServiceFacts, justify
from osa_toolkit.core.registers.duties import DutyTask, load_duties
from osa_toolkit.core.scope import ScopeResult, check_scope

STATE_WORDS = {
    "done": "done",
    "due": "to do",
    "overdue": "overdue: not marked done",
    "pending": "coming: not in force yet",
}
"""The words shown beside each state (never a colour alone)."""


NO_LEVELS = (
    "No illegal content risk assessment is saved yet, so the risk levels this depends on are not "
    "known; save one to settle it."
)
_RISK_FACTS = ("risk_at_least", "any_risk_at_least", "multi_risk")


@dataclass(frozen=True)
class TaskState:
    """One duty task as it stands for one service."""

    id: str
    title: str
    section: str
    applies: str  # "applies" | "may_apply" (depends on answers or levels not known yet)
    state: str  # a key of STATE_WORDS
    due: dt.date | None
    done_on: dt.date | None
    done_by: str
    sentence: str  # the title and the detail, for lists without the title beside it
    detail: str  # the state in one sentence, e.g. "Done on 1 July 2026 by Sam Lee."
    what_to_do: str
    reasons: tuple[str, ...]
    source: str
    confidence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "section": self.section,
            "applies": self.applies,
            "state": self.state,
            "state_words": STATE_WORDS[self.state],
            "due": self.due.isoformat() if self.due else None,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "done_by": self.done_by,
            "sentence": self.sentence,
            "detail": self.detail,
            "what_to_do": self.what_to_do,
            "reasons": list(self.reasons),
            "source": self.source,
            "confidence": self.confidence,
        }


def levels_from_record(document: Mapping[str, Any] | None) -> dict[str, str]:
    """The assessed level of each harm in a saved illegal content record's document (or none)."""
    if not isinstance(document, Mapping):
        return {}
    harms = document.get("harms")
    if not isinstance(harms, list):
        return {}
    return {
        h["id"]: h["level"]
        for h in harms
        if isinstance(h, Mapping)
        and isinstance(h.get("id"), str)
        and isinstance(h.get("level"), str)
    }


def duty_tasks(
    profile: Any,
    registers: Any,
    today: dt.date,
    done: Iterable[Any] = (),
    levels: Mapping[str, str] | None = None,
    scope: ScopeResult | None = None,
) -> tuple[TaskState, ...]:
    """The duty tasks that apply (or may apply) to the service, in due-date order.

    ``done`` holds what the store recorded (each with ``duty_id``, ``done_on`` and ``done_by``; the
    latest entry per duty counts); ``levels`` maps harm ids to the levels of the latest illegal
    content record, for duties that depend on risk.
    """
    scope = scope or check_scope(profile, registers, today=today)
    caa = scope.childrens_access
    facts = ServiceFacts(
        profile=profile,
        thresholds=registers.edition.thresholds,
        regimes=frozenset(scope.regimes),
        children_can_access=caa.possible if caa.applies else False,
        likely_accessed_by_children=caa.likely_accessed if caa.applies else False,
        levels=dict(levels or {}),
        harm_names={h.id: h.name for h in registers.harms},
    )
    latest_done: dict[str, Any] = {}
    for entry in done:
        latest_done[entry.duty_id] = entry
    due_dates = {d.id: d.due for d in scope.duties}
    tasks = []
    for row in load_duties(registers):
        value = evaluate(row.applies_when, facts)
        if value is False:
            continue
        reasons = tuple(_sentence(s) for s in justify(row.applies_when, facts))
        risky = any(f.name in _RISK_FACTS for f in row.applies_when.facts())
        if value is None and risky and not facts.levels:
            known = [s for s in reasons if "not known" not in s]
            reasons = (*known, NO_LEVELS)
        tasks.append(
            _state(row, value, reasons, due_dates, registers, latest_done.get(row.id), today)
        )
    never = dt.date.max
    tasks.sort(key=lambda t: (t.state == "pending", t.due or never, t.id))
    return tuple(tasks)


def _state(
    row: DutyTask,
    value: bool | None,
    reasons: tuple[str, ...],
    due_dates: Mapping[str, dt.date],
    registers: Any,
    entry: Any,
    today: dt.date,
) -> TaskState:
    due = None
    if row.key_date is not None:
        due = due_dates.get(row.key_date) or registers.key_date(row.key_date).date
    if row.status == "pending":
        state, detail = "pending", "Not in force yet, so nothing is due now."
    elif entry is not None:
        state = "done"
        detail = f"Done on {entry.done_on:%-d %B %Y} by {entry.done_by}."
    elif due is not None and due < today:
        state = "overdue"
        detail = f"In force since {due:%-d %B %Y} and not marked done; do it now."
    else:
        state = "due"
        detail = f"Applies from {due:%-d %B %Y}; not done yet." if due else "Not done yet."
    if value is None:
        detail += " It may apply: it depends on answers or risk levels not known yet."
    return TaskState(
        id=row.id,
        title=row.title,
        section=row.duty,
        applies="applies" if value else "may_apply",
        state=state,
        due=due,
        done_on=getattr(entry, "done_on", None) if row.status != "pending" else None,
        done_by=getattr(entry, "done_by", "") if row.status != "pending" else "",
        sentence=f"{row.title}: {detail[:1].lower()}{detail[1:]}",
        detail=detail,
        what_to_do=row.what_to_do,
        reasons=(*reasons, row.why),
        source=row.source,
        confidence=row.confidence,
    )


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."
