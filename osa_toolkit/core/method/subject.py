"""The one rating method: a subject (a kind of content) rated for likelihood and impact, with its trace.

``Subject`` + ``assess_subject`` rate one kind of illegal content (steps 1 and 2 of the illegal
content risk assessment, orchestrated by :mod:`osa_toolkit.core.assessments.illegal_content`) and,
unchanged, one kind of content harmful to children per age group
(:mod:`osa_toolkit.core.assessments.childrens_risk`). :mod:`osa_toolkit.core.analysis.batch` mirrors
it for many services at once, and its equivalence tests keep the two equal.

The method (weights and method id in ``osa_toolkit/data/scoring.toml``, described in ``docs/scoring.md``):

1. *Mechanism* — where the service offers no way for a harm to happen (the harm's ``mechanism``
   condition is false), the level is ``negligible``.
2. *Likelihood points* — the weights of the risk factors that are present and linked to the harm, plus
   evidence points (none given; moderation without figures; checked and none found; confirmed
   incidents, and how often), plus the Codes measures already in place; banded into the method's
   likelihood words (remote / unlikely / possible / likely).
3. *Impact points* — the harm's severity, the service's reach (UK users, bounded by the total where
   the UK figure is unknown) and whether children are likely to use it; banded into limited /
   serious / severe.
4. *Matrix* — likelihood x impact gives a level (the toolkit's own aid, in ``scoring.toml``).
5. *Ofcom's rules on top* — the harm-specific floors (``harm_rules.csv``), "a severe harm with
   confirmed incidents is not low", and: where an answer is unknown, both candidate levels are worked
   out and the higher one is taken.

Every step adds a sentence to the harm's trace.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from osa_toolkit.core.conditions import Condition
from osa_toolkit.core.errors import InvalidInputError, invalid
from osa_toolkit.core.facts import ServiceFacts, justify
from osa_toolkit.core.method.weights import Weights
from osa_toolkit.core.registers import Registers
from osa_toolkit.core.registers.rows import Harm, HarmRule, RiskFactor
from osa_toolkit.core.vocabulary import LEVELS, level_index
from osa_toolkit.core.words import join_and

IMPACT_WORDS = {1: "limited", 2: "serious", 3: "severe"}


@dataclass(frozen=True)
class Override:
    """The assessor's own final level for a harm, with the reason (and evidence) for it."""

    harm: str
    level: str
    reason: str = ""
    evidence: str = ""

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise invalid("level", "one of " + ", ".join(LEVELS), self.level)


def assessor_override(harm: str, level: str, reason: str, evidence: str = "") -> Override | None:
    """The assessor's final level for ``harm`` as an :class:`Override` (``None`` for an empty
    ``level``: back to the indicative level). A final level needs a written reason.

    >>> assessor_override("hate", "low", " Spam only. ").reason
    'Spam only.'
    >>> assessor_override("hate", "", "") is None
    True
    """
    if not level:
        return None
    if not reason.strip():
        raise InvalidInputError(
            "Write the reason for the final level in the Reason box; a change without a reason "
            "cannot be recorded."
        )
    return Override(harm, level, reason.strip(), evidence.strip())


def assessed_to_dict(h: HarmAssessment) -> dict:
    """The level, its trace and any override of one assessed harm, JSON-ready."""
    o = h.override
    return {
        "level": h.level,
        "indicative_level": h.indicative_level,
        "likelihood": h.likelihood,
        "impact": h.impact,
        "factors": list(h.factors),
        "unknown_factors": list(h.unknown_factors),
        "evidence": h.evidence.status,
        "trace": list(h.trace),
        "override": None
        if o is None
        else {"level": o.level, "reason": o.reason, "evidence": o.evidence},
    }


@dataclass(frozen=True)
class EvidenceSummary:
    """What the service's own records say about one harm."""

    status: str  # "missing" | "moderated" | "none_found" | "confirmed"
    confirmed: int = 0
    rate_per_10k_per_year: float | None = None
    sentence: str = ""


@dataclass(frozen=True)
class HarmAssessment:
    id: str
    name: str
    indicative_level: str
    level: str  # the final level: the override's if there is one
    likelihood: int | None  # 1-3, None when there is no mechanism
    impact: int | None
    points: float | None
    factors: tuple[str, ...]  # linked risk factor ids present (or unknown, counted as present)
    unknown_factors: tuple[str, ...]
    evidence: EvidenceSummary
    trace: tuple[str, ...]
    unknowns_decided: bool = False  # an unknown answer raised the level
    override: Override | None = None
    counts_for_multi_risk: bool = True
    confidence: str = "secondary"


# ----------------------------------------------------------------------------- what is assessed


@dataclass(frozen=True)
class Subject:
    """One thing the method rates: a kind of harm with its mechanism, linked factors, rules, severity.

    The illegal content assessment builds one per harm of the register (:func:`subject_for_harm`);
    the children's risk assessment builds one per kind of content and age group, and reuses
    :func:`assess_subject` unchanged.
    """

    id: str
    name: str
    mechanism: Condition
    factors: tuple[RiskFactor, ...]
    rules: tuple[HarmRule, ...]
    severity: int
    counts_for_multi_risk: bool = True
    confidence: str = "secondary"
    evidence_key: str = ""  # the id under which the profile's evidence is given (default: id)
    impact_points: float = 0.0  # extra impact points (e.g. for a younger age group)
    impact_note: str = ""  # the trace words for them


def subject_for_harm(harm: Harm, regs: Registers, w: Weights) -> Subject:
    return Subject(
        id=harm.id,
        name=harm.name,
        mechanism=harm.mechanism,
        factors=regs.factors_for_harm(harm.id),
        rules=regs.rules_for_harm(harm.id),
        severity=w.severity_of(harm.id),
        counts_for_multi_risk=harm.counts_for_multi_risk,
        confidence=harm.confidence,
    )


def controls_in_place(profile, regs: Registers) -> tuple[str, ...]:
    """The Codes measures the profile says are in place and the register knows."""
    return tuple(c.measure for c in profile.controls if c.measure in regs.measure_ids)


# ----------------------------------------------------------------------------- step 1


def _factor_states(subject: Subject, facts: ServiceFacts) -> tuple[list[str], list[str]]:
    """Linked factor ids that are present, and those whose answer is unknown."""
    present, unknown = [], []
    for factor in subject.factors:
        value = facts.holds(factor.present_when)
        if value is None:
            unknown.append(factor.id)
        elif value:
            present.append(factor.id)
    return present, unknown


def _factor_names(ids: list[str], subject: Subject) -> str:
    by_id = {f.id: f for f in subject.factors}
    names = [f"{by_id[i].name.lower()} ({i})" for i in ids]
    return join_and(names)


# ----------------------------------------------------------------------------- evidence


def summarise_evidence(profile, harm_id: str, uk_users: int | None) -> EvidenceSummary:
    """Read the profile's ``evidence`` for one harm."""
    ev = profile.evidence
    if ev is None:
        return EvidenceSummary(
            "missing", sentence="No evidence from the service's own records was given"
        )
    entry = next((e for e in ev.by_harm if e.harm == harm_id), None)
    period = ev.period_months or 12
    if entry is not None and entry.confirmed is not None:
        confirmed = entry.confirmed
    elif ev.reports_total is not None and ev.moderation not in (None, "none"):
        confirmed = 0
    elif ev.moderation not in (None, "none"):
        return EvidenceSummary(
            "moderated",
            sentence=f"Content is moderated ({MODERATION_WORDS.get(ev.moderation, ev.moderation)}), "
            "but the service's records give no figures for this harm",
        )
    else:
        return EvidenceSummary(
            "missing", sentence="The service's records give no figures for this harm"
        )
    if confirmed == 0:
        return EvidenceSummary(
            "none_found",
            sentence=f"The service's records for the last {period} months show no confirmed incident",
        )
    rate = None
    if uk_users:
        rate = confirmed * (12 / period) / uk_users * 10_000
    per = "" if rate is None else f" (about {rate:.1f} a year per 10,000 UK users)"
    return EvidenceSummary(
        "confirmed",
        confirmed,
        rate,
        f"The service's records show {confirmed} confirmed incident(s) in {period} months{per}",
    )


MODERATION_WORDS = {
    "pre": "checked before it is published",
    "post": "checked after it is published",
    "reactive": "checked when reported",
}


def _evidence_points(ev: EvidenceSummary, w: Weights) -> tuple[float, str]:
    if ev.status == "moderated" and w.moderated_points is not None:
        return w.moderated_points, f"{ev.sentence} ({w.moderated_points:+g} points)."
    if ev.status in ("missing", "moderated"):
        return w.missing_evidence_points, (
            f"{ev.sentence}, so the more cautious reading was taken "
            f"(+{w.missing_evidence_points:g} points)."
        )
    if ev.status == "none_found":
        return w.no_incident_points, f"{ev.sentence} ({w.no_incident_points:+g} points)."
    pts = w.confirmed_incident_points
    frequent = _frequent(ev, w)
    if frequent:
        pts += w.high_rate_points
    how = "frequent for the service's size" if frequent else "not frequent for its size"
    return pts, f"{ev.sentence}; that is {how} (+{pts:g} points)."


CHILD_WORDS = {
    "children_can_access": "children can access",
    "likely_accessed_by_children": "children are likely to use the service",
}


def _negligible_reason(counted: list[str], ev: EvidenceSummary) -> str:
    if not counted:
        return (
            "no risk factor linked to this harm is present, so Ofcom's guidance does not ask for "
            "comprehensive evidence before rating it negligible"
        )
    return "the likelihood score is below the toolkit's lowest band"


def _reach_words(reach: int, users: int | None, uk_users: int | None) -> str:
    if users is None:
        return (
            f"reach {reach} (the number of users is not known; give a figure to settle the reach)"
        )
    if uk_users is None:
        return f"reach {reach} (UK users not known; at most the {users:,} users in all)"
    return f"reach {reach} ({users:,} UK users)"


def _frequent(ev: EvidenceSummary, w: Weights) -> bool:
    """Confirmed incidents at or above the frequent rate (an unknown rate: the cautious reading)."""
    rate = ev.rate_per_10k_per_year
    return rate is None or rate >= w.high_rate_per_10k_users_per_year


def _control_points(in_place: tuple[str, ...], w: Weights) -> float:
    return max(w.control_points * len(in_place), w.control_points_floor)


# ----------------------------------------------------------------------------- step 2

_Once = tuple[
    str, int | None, int | None, float | None, list[str], list[str], EvidenceSummary, list[str]
]


def _assess_once(
    subject: Subject, facts: ServiceFacts, w: Weights, in_place: tuple[str, ...]
) -> _Once:
    """One candidate level, with unknown answers as ``facts`` gives them."""
    name = subject.name
    ev = summarise_evidence(facts.profile, subject.evidence_key or subject.id, facts.uk_users)
    present, unknown = _factor_states(subject, facts)
    trace: list[str] = []
    mechanism = facts.holds(subject.mechanism)
    if mechanism is False:
        why = "; ".join(justify(subject.mechanism, facts))
        trace.append(
            f"No mechanism: {why}. {name} cannot happen by means of this service, so the level "
            "is negligible."
        )
        return "negligible", None, None, None, present, unknown, ev, trace

    counted = present + unknown
    factor_pts = sum(w.factor_weight(f) for f in counted)
    if counted:
        trace.append(
            f"{_factor_names(counted, subject).capitalize()} "
            f"{'is' if len(counted) == 1 else 'are'} present and linked to {name.lower()} "
            f"(+{factor_pts:g} points)."
        )
    else:
        trace.append(f"None of the risk factors linked to {name.lower()} is present.")
    ev_pts, ev_text = _evidence_points(ev, w)
    trace.append(ev_text)
    ctl_pts = _control_points(in_place, w)
    if in_place:
        trace.append(
            f"Measures already in place ({', '.join(in_place)}) count {ctl_pts:+g} points."
        )
    users = facts.uk_users_at_most if w.rules.bound_unknown_users else facts.uk_users
    reach = w.reach_points(users)
    if users is None and facts.assume_unknown is False:
        reach = 0  # the other reading of an unknown number of users: a small service
    reach_pts = reach * w.likelihood_reach_points
    if reach_pts:
        trace.append(
            f"The service's {_reach_words(reach, users, facts.uk_users)} makes it more likely "
            f"that someone uses it for this (+{reach_pts:g} points)."
        )
    points = factor_pts + ev_pts + ctl_pts + reach_pts
    likelihood = w.likelihood_band(points)
    if likelihood == 1 and counted and w.rules.lowest_band_needs_no_factor:
        likelihood = 2
        trace.append(
            f"Likelihood score {points:g} is in the lowest band, but risk factors are present: "
            "Ofcom asks for comprehensive evidence before a harm with risk factors is rated "
            f"negligible, which counts cannot show, so the toolkit takes "
            f"{w.likelihood_word(2)}. An assessor who holds such evidence can record negligible "
            "as the final level, with the reason."
        )
    likely = w.likelihood_word(likelihood)

    severity = subject.severity
    child_fact = w.rules.children_fact
    children = w.children_points if facts(child_fact, ()) is not False else 0
    impact_pts = severity + reach + children + subject.impact_points
    impact = w.impact_band(impact_pts)
    extra = f", {subject.impact_note}" if subject.impact_points else ""
    trace.append(
        f"Likelihood score {points:g}, so {likely}. Impact points: {severity} for severity, "
        f"{_reach_words(reach, users, facts.uk_users)}"
        f"{f', {children:g} because {CHILD_WORDS[child_fact]}' if children else ''}{extra}; "
        f"{impact_pts:g} in all, so {IMPACT_WORDS[impact]}."
    )
    level = w.level(likelihood, impact)
    trace.append(f"The toolkit's matrix gives {level} for {likely} x {IMPACT_WORDS[impact]}.")
    if level == "negligible":
        trace.append(f"Negligible: {_negligible_reason(counted, ev)}.")

    rule_facts = dataclasses.replace(facts, linked_present=len(counted))
    for rule in subject.rules:
        if rule_facts.holds(rule.when) and level_index(rule.level) > level_index(level):
            trace.append(f"{rule.explanation} Raised to {rule.level}.")
            level = rule.level
    if (
        ev.status == "confirmed"
        and severity >= w.severe_incident_severity
        and level_index(level) < level_index(w.severe_incident_floor)
    ):
        level = w.severe_incident_floor
        trace.append(
            f"A harm this severe with confirmed incidents is not rated low; raised to {level}."
        )
    floor = w.frequent_incident_floor
    if (
        floor is not None
        and ev.status == "confirmed"
        and _frequent(ev, w)
        and level_index(level) < level_index(floor)
    ):
        level = floor
        trace.append(
            "Confirmed incidents are frequent for the service's size: the harm is happening on "
            f"the service, so it is not rated below {floor}; raised to {level}."
        )
    if mechanism is None:
        trace.append("It is not known whether the service offers a way for this harm to happen.")
    return level, likelihood, impact, points, present, unknown, ev, trace


def assess_subject(
    subject: Subject,
    facts: ServiceFacts,
    weights: Weights,
    in_place: tuple[str, ...] = (),
    override: Override | None = None,
) -> HarmAssessment:
    """Steps 1 and 2 for one subject: linked factors present, indicative level, trace, override."""
    level, lik, imp, pts, present, unknown, ev, trace = _assess_once(
        subject, facts, weights, in_place
    )
    decided = False
    if facts.assume_unknown is None:
        optimistic = dataclasses.replace(facts, assume_unknown=False)
        low = _assess_once(subject, optimistic, weights, in_place)[0]
        if level_index(low) < level_index(level):
            decided = True
            trace.append(
                f"Some answers are unknown ({_unknown_names(unknown, subject, facts)}). Read the "
                f"other way ('no', and a small service where the number of users is not known), "
                f"the level would be {low}; Ofcom asks for the higher level when evidence is "
                f"inconclusive, so {level} was taken. Answering them settles it."
            )
    final = level
    if override is not None:
        final = override.level
        reason = (override.reason or "no reason given").rstrip(".")
        trace.append(f"The assessor set the final level to {final} (indicative {level}): {reason}.")
    return HarmAssessment(
        id=subject.id,
        name=subject.name,
        indicative_level=level,
        level=final,
        likelihood=lik,
        impact=imp,
        points=pts,
        factors=tuple(present + unknown),
        unknown_factors=tuple(unknown),
        evidence=ev,
        trace=tuple(trace),
        unknowns_decided=decided,
        override=override,
        counts_for_multi_risk=subject.counts_for_multi_risk,
        confidence=subject.confidence,
    )


def assess_harm(
    harm: Harm,
    regs: Registers,
    facts: ServiceFacts,
    weights: Weights,
    override: Override | None = None,
) -> HarmAssessment:
    """Steps 1 and 2 for one kind of illegal content of the register."""
    subject = subject_for_harm(harm, regs, weights)
    return assess_subject(subject, facts, weights, controls_in_place(facts.profile, regs), override)


def _unknown_names(unknown: list[str], subject: Subject, facts: ServiceFacts) -> str:
    names = [_factor_names([f], subject) for f in unknown]
    if facts.children_can_access is None and "2" not in unknown:
        names.append("whether children can access the service")
    if facts.uk_users_at_most is None:
        names.append("the number of users")
    return ", ".join(names) or "an answer the harm depends on"


def check_overrides(overrides: Mapping[str, Override], regs: Registers) -> None:
    for harm_id in overrides:
        if harm_id not in regs.harm_ids:
            raise InvalidInputError(
                f"The override for {harm_id!r} names no harm of edition {regs.edition.id}."
            )
