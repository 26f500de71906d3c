"""Illegal content risk assessment, steps 1 and 2: risk factors per harm and an indicative level.

The method (``ofcom_factors_v1``, weights in ``data/scoring.toml``, described in ``docs/scoring.md``):

1. *Mechanism* — where the service offers no way for a harm to happen (the harm's ``mechanism``
   condition is false), the level is ``negligible``.
2. *Likelihood points* — the weights of the risk factors that are present and linked to the harm, plus
   evidence points (none given; checked and none found; confirmed incidents, and how often), plus the
   Codes measures already in place; banded into unlikely / possible / likely.
3. *Impact points* — the harm's severity, the service's reach (UK users) and whether children can
   access it; banded into limited / serious / severe.
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

from osa_toolkit.core.errors import InvalidInputError, invalid
from osa_toolkit.core.facts import ServiceFacts, justify
from osa_toolkit.core.records import Harm
from osa_toolkit.core.registers import Registers
from osa_toolkit.core.scoring import Weights
from osa_toolkit.core.vocabulary import LEVELS, level_index

LIKELIHOOD_WORDS = {1: "unlikely", 2: "possible", 3: "likely"}
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


@dataclass(frozen=True)
class EvidenceSummary:
    """What the service's own records say about one harm."""

    status: str  # "missing" | "none_found" | "confirmed"
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


# ----------------------------------------------------------------------------- step 1


def _factor_states(
    harm: Harm, regs: Registers, facts: ServiceFacts
) -> tuple[list[str], list[str], list[str]]:
    """Linked factor ids that are present, unknown, and absent."""
    present, unknown, absent = [], [], []
    for factor in regs.factors_for_harm(harm.id):
        value = facts.holds(factor.present_when)
        (present if value else unknown if value is None else absent).append(factor.id)
    return present, unknown, absent


def _factor_names(ids: list[str], regs: Registers) -> str:
    names = [f"{regs.risk_factor(i).name.lower()} ({i})" for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


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


def _evidence_points(ev: EvidenceSummary, w: Weights) -> tuple[float, str]:
    if ev.status == "missing":
        return w.missing_evidence_points, (
            f"{ev.sentence}, so the more cautious reading was taken "
            f"(+{w.missing_evidence_points:g} points)."
        )
    if ev.status == "none_found":
        return w.no_incident_points, f"{ev.sentence} ({w.no_incident_points:+g} points)."
    pts = w.confirmed_incident_points
    frequent = ev.rate_per_10k_per_year is None or (
        ev.rate_per_10k_per_year >= w.high_rate_per_10k_users_per_year
    )
    if frequent:
        pts += w.high_rate_points
    how = "frequent for the service's size" if frequent else "not frequent for its size"
    return pts, f"{ev.sentence}; that is {how} (+{pts:g} points)."


def _control_points(profile, regs: Registers, w: Weights) -> tuple[float, list[str]]:
    in_place = [c.measure for c in profile.controls if c.measure in regs.measure_ids]
    pts = max(w.control_points * len(in_place), w.control_points_floor)
    return pts, in_place


# ----------------------------------------------------------------------------- step 2


def _assess_once(
    harm: Harm,
    regs: Registers,
    facts: ServiceFacts,
    w: Weights,
) -> tuple[
    str, int | None, int | None, float | None, list[str], list[str], EvidenceSummary, list[str]
]:
    """One candidate level, with unknown answers as ``facts`` gives them (True for the cautious run)."""
    profile = facts.profile
    ev = summarise_evidence(profile, harm.id, facts.uk_users)
    present, unknown, _ = _factor_states(harm, regs, facts)
    trace: list[str] = []
    mechanism = facts.holds(harm.mechanism)
    if mechanism is False:
        why = "; ".join(justify(harm.mechanism, facts))
        trace.append(
            f"No mechanism: {why}. {harm.name} cannot happen by means of this service, so the level "
            "is negligible."
        )
        return "negligible", None, None, None, present, unknown, ev, trace

    counted = present + unknown
    factor_pts = sum(w.factor_weight(f) for f in counted)
    if counted:
        trace.append(
            f"{_factor_names(counted, regs).capitalize()} "
            f"{'is' if len(counted) == 1 else 'are'} present and linked to {harm.name.lower()} "
            f"(+{factor_pts:g} points)."
        )
    else:
        trace.append(f"None of the risk factors linked to {harm.name.lower()} is present.")
    ev_pts, ev_text = _evidence_points(ev, w)
    trace.append(ev_text)
    ctl_pts, in_place = _control_points(profile, regs, w)
    if in_place:
        trace.append(
            f"Measures already in place ({', '.join(in_place)}) count {ctl_pts:+g} points."
        )
    points = factor_pts + ev_pts + ctl_pts
    likelihood = w.likelihood_band(points)

    severity = w.severity_of(harm.id)
    reach = w.reach_points(facts.uk_users)
    children = w.children_points if facts("children_can_access", ()) is not False else 0
    impact_pts = severity + reach + children
    impact = w.impact_band(impact_pts)
    trace.append(
        f"Likelihood score {points:g}, so {LIKELIHOOD_WORDS[likelihood]}. Impact: severity "
        f"{severity}, reach {reach}{', children can access' if children else ''} "
        f"= {impact_pts:g}, so {IMPACT_WORDS[impact]}."
    )
    level = w.level(likelihood, impact)
    trace.append(
        f"The toolkit's matrix gives {level} for {LIKELIHOOD_WORDS[likelihood]} x "
        f"{IMPACT_WORDS[impact]}."
    )

    rule_facts = dataclasses.replace(facts, linked_present=len(counted))
    for rule in regs.rules_for_harm(harm.id):
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
    if mechanism is None:
        trace.append("It is not known whether the service offers a way for this harm to happen.")
    return level, likelihood, impact, points, present, unknown, ev, trace


def assess_harm(
    harm: Harm,
    regs: Registers,
    facts: ServiceFacts,
    weights: Weights,
    override: Override | None = None,
) -> HarmAssessment:
    """Steps 1 and 2 for one harm: linked factors present, indicative level, trace."""
    level, lik, imp, pts, present, unknown, ev, trace = _assess_once(harm, regs, facts, weights)
    decided = False
    if facts.assume_unknown is None:
        low = _candidate_if_unknowns_false(harm, regs, facts, weights)
        if level_index(low) < level_index(level):
            decided = True
            trace.append(
                f"Some answers are unknown ({_unknown_names(unknown, regs, facts)}). Were they all "
                f"'no', the level would be {low}; Ofcom asks for the higher level when evidence is "
                f"inconclusive, so {level} was taken."
            )
    final = level
    if override is not None:
        final = override.level
        reason = override.reason or "no reason given"
        trace.append(f"The assessor set the final level to {final} (indicative {level}): {reason}.")
    return HarmAssessment(
        id=harm.id,
        name=harm.name,
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
        counts_for_multi_risk=harm.counts_for_multi_risk,
        confidence=harm.confidence,
    )


def _candidate_if_unknowns_false(harm, regs, facts, weights) -> str:
    """The level the harm would get if every unknown answer were "no"."""
    return _assess_once(harm, regs, dataclasses.replace(facts, assume_unknown=False), weights)[0]


def _unknown_names(unknown: list[str], regs: Registers, facts: ServiceFacts) -> str:
    names = [f"{regs.risk_factor(f).name.lower()} ({f})" for f in unknown]
    if facts.children_can_access is None and "2" not in unknown:
        names.append("whether children can access the service")
    return ", ".join(names) or "an answer the harm depends on"


def check_overrides(overrides: Mapping[str, Override], regs: Registers) -> None:
    for harm_id in overrides:
        if harm_id not in regs.harm_ids:
            raise InvalidInputError(
                f"The override for {harm_id!r} names no harm of edition {regs.edition.id}."
            )
