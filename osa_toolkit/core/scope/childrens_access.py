"""The children's access assessment (ss.35-37 of the Act): is the service likely to be accessed by
children?

Stage 1: is it *possible* for children to access the service? Only "no" where highly effective age
assurance, with access controls, means children are not normally able to (s.35(2)); self-declaration,
an age limit in the terms or a debit-card check never count. Stage 2: is the *child user condition*
met — a significant number of child users, or a service of a kind likely to attract a significant
number of children (s.35(3))? An unknown answer is treated as met (and flagged), as Ofcom asks.

>>> from osa_toolkit.core.profile import parse_profile
>>> from osa_toolkit.core.registers import load_registers
>>> p = parse_profile({"profile_version": 1, "service": {"name": "X"},
...     "scope": {"user_to_user": True},
...     "children": {"age_assurance_methods": ["self_declaration"],
...                  "significant_number_of_child_users": False,
...                  "likely_to_attract_children": "unknown"}})
>>> r = assess_childrens_access(p, today=dt.date(2026, 1, 5), registers=load_registers())
>>> r.possible, r.child_user_condition, r.likely_accessed, r.unknowns, r.next_due
(True, True, True, ('children.likely_to_attract_children',), datetime.date(2027, 1, 5))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from osa_toolkit.core.dates import add_months, new_service_start
from osa_toolkit.core.errors import invalid
from osa_toolkit.core.profile import ServiceProfile
from osa_toolkit.core.registers import load_registers
from osa_toolkit.core.words import join_and

CAA_KEY_DATE = "childrens_access_assessment"
"""The key-dates register row that holds the first-assessment deadline."""

REPEAT_TRIGGERS: tuple[str, ...] = (
    "Before making a significant change to the service that is relevant to this assessment "
    "(for example adding direct messages, or dropping the age checks) (s.36(3)).",
    "When there is evidence that your age assurance has become less effective (s.36(4)).",
    "When there is evidence of a significant increase in the number of children using the "
    "service (s.36(4)).",
)


@dataclass(frozen=True)
class ChildrensAccessResult:
    """The outcome of a children's access assessment, with its reasons and what to record.

    ``child_user_condition`` is ``None`` when stage 2 was not reached (stage 1 said "no").
    ``applies`` says whether the Act requires this service to do the assessment at all.
    """

    applies: bool
    possible: bool
    child_user_condition: bool | None
    likely_accessed: bool
    reasons: tuple[str, ...]
    unknowns: tuple[str, ...]
    what_to_record: tuple[str, ...]
    assessed_on: dt.date
    next_due: dt.date
    repeat_triggers: tuple[str, ...]
    first_due: dt.date | None
    deemed_if_not_done: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (dates as ISO text); holds the ``interfaces.md`` keys and more."""
        return {
            "applies": self.applies,
            "possible": self.possible,
            "child_user_condition": self.child_user_condition,
            "likely_accessed": self.likely_accessed,
            "reasons": list(self.reasons),
            "unknowns": list(self.unknowns),
            "what_to_record": list(self.what_to_record),
            "assessed_on": self.assessed_on.isoformat(),
            "next_due": self.next_due.isoformat(),
            "repeat_triggers": list(self.repeat_triggers),
            "first_due": self.first_due.isoformat() if self.first_due else None,
            "deemed_if_not_done": self.deemed_if_not_done,
        }


def assess_childrens_access(
    profile: ServiceProfile,
    today: dt.date | None = None,
    registers: Any = None,
    regimes: Iterable[str] | None = None,
) -> ChildrensAccessResult:
    """Carry out the children's access assessment for ``profile`` as of ``today``.

    ``registers`` (default: the newest shipped edition) supplies the age-assurance methods and the
    first-assessment deadline. ``regimes`` (from the regulation checker) decides whether the
    assessment is required; without it, any user-to-user or search service is taken to need one.
    """
    if not isinstance(profile, ServiceProfile):
        raise invalid("profile", "a ServiceProfile", type(profile).__name__)
    today = dt.date.today() if today is None else today
    if not isinstance(today, dt.date):
        raise invalid("today", "a datetime.date", today)
    if registers is None:
        registers = load_registers()

    applies = _applies(profile, regimes)
    reasons: list[str] = [] if applies else [_NOT_REQUIRED]
    record = [
        "A written, easily understood record of this assessment: the date, who carried it out and "
        "the conclusion at each stage (s.36(7))."
    ]
    possible = _stage_one(profile, registers, reasons, record)
    condition: bool | None = None
    unknowns: tuple[str, ...] = ()
    if possible:
        condition, unknowns = _stage_two(profile, reasons, record)
    likely = possible and bool(condition)
    if likely and applies:
        reasons.append(
            "So the service is likely to be accessed by children: it needs a children's risk "
            "assessment and has the children's safety duties (ss.11-12) for the parts children "
            "can reach."
        )
    elif applies:
        reasons.append(
            "So the service is not likely to be accessed by children; keep the record and repeat "
            "the assessment when it is due."
        )
    first_due = _first_due(profile, registers)
    return ChildrensAccessResult(
        applies=applies,
        possible=possible,
        child_user_condition=condition,
        likely_accessed=likely,
        reasons=tuple(reasons),
        unknowns=unknowns,
        what_to_record=tuple(record),
        assessed_on=today,
        next_due=add_months(today, 12),
        repeat_triggers=REPEAT_TRIGGERS,
        first_due=first_due,
        deemed_if_not_done=_deemed(first_due),
    )


_NOT_REQUIRED = (
    "The Act does not require a children's access assessment here: only services with a "
    "user-to-user or search part regulated under Part 3 must do one. The stages below are shown "
    "for information."
)


def _applies(profile: ServiceProfile, regimes: Iterable[str] | None) -> bool:
    if regimes is None:
        return profile.scope.user_to_user or profile.scope.search_engine
    return bool({"part3_user_to_user", "part3_search"} & set(regimes))


def _method_names(ids: list[str], registers: Any) -> str:
    known = {x.id: x for x in registers.age_assurance_methods}
    names = [known[m].name.lower() if m in known else m for m in ids]
    return join_and(names)


def children_can_access(profile: ServiceProfile, registers: Any) -> bool:
    """Stage 1 alone: is it possible for children to access the service (without the sentences)?"""
    return _stage_one(profile, registers, [], [])


def children_likely_to_access(profile: ServiceProfile, registers: Any) -> bool:
    """Stages 1 and 2 alone: ``ChildrensAccessResult.likely_accessed`` without the sentences."""
    return children_can_access(profile, registers) and bool(_stage_two(profile, [], [])[0])


def _stage_one(profile: ServiceProfile, registers: Any, reasons: list[str], record: list[str]):
    methods = profile.children.age_assurance_methods
    known = {x.id: x for x in registers.age_assurance_methods}
    capable = [m for m in methods if m in known and known[m].capable_of_heaa]
    weak = [m for m in methods if m in known and not known[m].capable_of_heaa]
    unlisted = [m for m in methods if m not in known]
    for m in weak:
        reasons.append(
            f"{known[m].name} does not count as age assurance here: {known[m].explanation}"
        )
    if unlisted:
        reasons.append(
            f"The method(s) {', '.join(unlisted)} are not in the age-assurance register of edition "
            f"{registers.edition.id}, so they are not counted."
        )
    heaa = profile.children.highly_effective_age_assurance
    if heaa and capable:
        reasons.append(
            f"Stage 1 — not possible: you use {_method_names(capable, registers)}, which can be "
            "highly effective, with access controls so that children are not normally able to "
            "access the service (s.35(2)). Any part of the service outside the age check is still "
            "open to children and must be assessed on its own."
        )
        record.append(
            "For stage 1: how the age checks and access controls work, which methods you use, and "
            "why they are highly effective (technically accurate, robust, reliable and fair)."
        )
        return False
    if heaa:
        reasons.append(
            "Stage 1 — possible: you say you use highly effective age assurance, but none of the "
            "methods listed in 'children.age_assurance_methods' is one Ofcom says can be highly "
            "effective, so children can still get in."
        )
    elif capable:
        reasons.append(
            f"Stage 1 — possible: you list {_method_names(capable, registers)}, which can be highly "
            "effective, but not with access controls that keep children out of the whole service "
            "('children.highly_effective_age_assurance' is false)."
        )
    else:
        reasons.append(
            "Stage 1 — possible: without highly effective age assurance and access controls, "
            "children can access the service (s.35(2)). Asking users their age, an age limit in "
            "the terms of service or a debit-card payment does not count."
        )
    return True


UNKNOWN_QUESTIONS = {
    "children.significant_number_of_child_users": "whether a significant number of children use "
    "the service",
    "children.likely_to_attract_children": "whether the service is of a kind likely to attract "
    "children",
}
"""The stage-2 questions, as a sentence can ask them, by profile key."""

_STAGE_TWO = {
    "children.significant_number_of_child_users": (
        "there is a significant number of children using the service (s.35(3)(a)); 'significant' "
        "includes significant in proportion to all UK users, and even a small number can be",
        "whether a significant number of children use the service",
    ),
    "children.likely_to_attract_children": (
        "the service is of a kind likely to attract a significant number of children (s.35(3)(b))",
        "whether the service is of a kind likely to attract children",
    ),
}


def _stage_two(profile: ServiceProfile, reasons: list[str], record: list[str]):
    answers = {k: profile.get(k) for k in _STAGE_TWO}
    met = [k for k, v in answers.items() if v is True]
    unknown = tuple(k for k, v in answers.items() if v is None)
    if met:
        said = " and ".join(_STAGE_TWO[k][0] for k in met)
        reasons.append(f"Stage 2 — the child user condition is met: {said}.")
        record.append(
            "A 'yes' at a stage needs no evidence in the record beyond the conclusion (Ofcom's "
            "templates); the next step is a children's risk assessment."
        )
        return True, ()
    if unknown:
        missing = " and ".join(_STAGE_TWO[k][1] for k in unknown)
        reasons.append(
            f"Stage 2 — treated as met: you have not yet said {missing}. Until you have evidence, "
            "the toolkit takes the cautious answer, as Ofcom asks; 'significant' is judged on who "
            "actually uses the service, not who it is meant for."
        )
        record.append(
            "What you still need to find out: " + "; ".join(_STAGE_TWO[k][1] for k in unknown) + "."
        )
        return True, unknown
    reasons.append(
        "Stage 2 — not met: you concluded that there is not a significant number of child users "
        "and that the service is not of a kind likely to attract children. This must rest on "
        "evidence of who actually uses the service, not who it is meant for."
    )
    record.append(
        "For stage 2 (not met), the steps you took and the detailed evidence: who actually uses the "
        "service (age data, user research, reports or complaints about children), its share of "
        "child users compared with all UK users, and the 'likely to attract' factors — benefits to "
        "children, content or design that appeals to them, and whether children are part of your "
        "commercial strategy."
    )
    return False, ()


def _first_due(profile: ServiceProfile, registers: Any) -> dt.date | None:
    row = next((x for x in registers.key_dates if x.id == CAA_KEY_DATE), None)
    if row is None:
        return None
    started = profile.service.started_on
    if started is not None and started > new_service_start(row):
        return add_months(started, row.new_service_months or 0)
    return row.date


def _deemed(first_due: dt.date | None) -> str:
    when = f" ({first_due.isoformat()})" if first_due else ""
    return (
        "If the assessment is not carried out and recorded, the Act treats the service as likely to "
        f"be accessed by children from the date it was due{when} until one is done (s.37)."
    )
