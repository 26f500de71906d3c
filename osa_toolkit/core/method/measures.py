"""Step 3: which Codes measures apply to a service, why, and what would change if a level moved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from osa_toolkit.core.facts import ServiceFacts, justify
from osa_toolkit.core.registers import Registers


@dataclass(frozen=True)
class MeasureRecommendation:
    id: str
    code: str
    area: str
    title: str
    why: tuple[str, ...]
    status: str  # "in_place" | "recommended"
    optional: bool = False
    uncertain: bool = False  # applies only because an unknown answer was treated cautiously
    in_force: dt.date | None = None
    in_place_since: dt.date | None = None
    duties: str | None = None
    confidence: str = "secondary"


def measure_to_dict(m: MeasureRecommendation) -> dict:
    """One recommended measure as JSON-ready data (the ``measures`` items of ``--json`` output)."""
    return {
        "id": m.id,
        "code": m.code,
        "area": m.area,
        "title": m.title,
        "why": list(m.why),
        "status": m.status,
        "optional": m.optional,
        "uncertain": m.uncertain,
        "in_force": m.in_force.isoformat() if m.in_force else None,
        "in_place_since": m.in_place_since.isoformat() if m.in_place_since else None,
        "confidence": m.confidence,
    }


CODE_SCOPE = {
    "ICU": (("regime", ("part3_user_to_user",)), "every regulated user-to-user service"),
    "ICS": (("regime", ("part3_search",)), "every regulated search service"),
    "PCU": (
        ("likely_accessed_by_children", ()),
        "every user-to-user service likely to be accessed by children",
    ),
}


def codes_for(facts: ServiceFacts, include_children: bool = False) -> tuple[str, ...]:
    """The Codes whose measures the service should consider."""
    out = []
    for code, ((fact, args), _) in CODE_SCOPE.items():
        if code == "PCU" and not include_children:
            continue
        if code == "PCU" and facts("regime", ("part3_user_to_user",)) is False:
            continue
        if facts(fact, args) is not False:
            out.append(code)
    return tuple(out)


def recommend_measures(
    regs: Registers,
    facts: ServiceFacts,
    codes: Iterable[str],
    today: dt.date | None = None,
) -> tuple[MeasureRecommendation, ...]:
    """Every measure of ``codes`` whose condition holds (or may hold) for the service, with ``why``."""
    today = today or dt.date.today()
    controls = {c.measure: c for c in facts.profile.controls}
    out = []
    wanted = set(codes)
    for m in regs.measures:
        if m.code not in wanted:
            continue
        value = facts.holds(m.applies_when)
        if value is False:
            continue
        why = _why(m, facts, value)
        if m.in_force and m.in_force > today:
            why.append(f"it takes effect on {m.in_force:%d %B %Y}")
        if m.optional:
            why.append("it is optional: the service may choose to use it")
        control = controls.get(m.id)
        out.append(
            MeasureRecommendation(
                id=m.id,
                code=m.code,
                area=m.area,
                title=m.title,
                why=tuple(_sentence(x) for x in why),
                status="in_place" if control else "recommended",
                optional=m.optional,
                uncertain=value is None,
                in_force=m.in_force,
                in_place_since=control.since if control else None,
                duties=m.duties,
                confidence=m.confidence,
            )
        )
    return tuple(out)


def coverage_notes(regs: Registers, codes: Iterable[str]) -> tuple:
    """The edition's notes on what it does not model, for the Codes a service should consider.

    Every measures list shows them, so nobody takes a partial list for the whole Code.
    """
    wanted = set(codes)
    return tuple(c for c in regs.edition.coverage if c.code in wanted)


def _why(measure, facts: ServiceFacts, value) -> list[str]:
    scope = CODE_SCOPE[measure.code][1]
    if str(measure.applies_when) == "always":
        return [f"the Code recommends it for {scope}"]
    reasons = justify(measure.applies_when, facts)
    if value is None:
        reasons.append("it is listed because an unknown answer was treated cautiously")
    return reasons


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


@dataclass(frozen=True)
class MeasureChange:
    """How the recommended measures would differ in a what-if."""

    description: str
    added: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def unchanged(self) -> bool:
        return not self.added and not self.removed


def measure_change(
    description: str,
    before: Iterable[MeasureRecommendation],
    after: Iterable[MeasureRecommendation],
) -> MeasureChange:
    ids_before = [m.id for m in before]
    ids_after = [m.id for m in after]
    return MeasureChange(
        description,
        tuple(i for i in ids_after if i not in ids_before),
        tuple(i for i in ids_before if i not in ids_after),
    )


def multi_risk_harms(regs: Registers) -> Mapping[str, str]:
    """``{harm id: the kind it counts as}`` for the harms that count towards multi-risk.

    The Codes count kinds of illegal harm (Table C), leaving out the CSEA sub-rows 2A-2C only as
    kinds on top of CSEA itself: ``harms.csv`` says so with ``counts_as`` (the three CSEA rows count
    as one kind, ``csea``), so medium or high CSEA of any sub-kind counts once.
    """
    return {h.id: h.multi_risk_kind for h in regs.harms if h.counts_for_multi_risk}


def levels_of(harms: Iterable) -> Mapping[str, str]:
    return {h.id: h.level for h in harms}
