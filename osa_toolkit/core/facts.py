"""What a service *is*, answered fact by fact for the condition language.

:class:`ServiceFacts` is the one place that turns a service profile (plus results computed from it:
regimes, the children's access result, risk levels) into answers ``True`` / ``False`` / ``None``
(unknown) for the facts listed in :data:`osa_toolkit.core.conditions.FACTS`, and into plain-English
sentences about them. Every engine (scope dates, risk factors, harm rules, measures) asks it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from osa_toolkit.core.conditions import Condition, Truth, evaluate
from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.registers.rows import Thresholds
from osa_toolkit.core.vocabulary import (
    FUNCTIONALITIES,
    FUNCTIONALITY_WORDS,
    SERVICE_TYPE_WORDS,
    SERVICE_TYPES,
    level_index,
)


@dataclass(frozen=True)
class ServiceFacts:
    """A profile and what is known about it so far, answering condition facts.

    Fields left ``None`` are not known yet: facts that need them answer unknown. Use
    :func:`dataclasses.replace` (or :meth:`with_levels`) to add results as the engine computes them.
    """

    profile: Any  # osa_toolkit.core.profile.ServiceProfile (kept loose to avoid an import cycle)
    thresholds: Thresholds
    regimes: frozenset[str] | None = None
    children_can_access: Truth = None
    likely_accessed_by_children: Truth = None
    levels: Mapping[str, str] = field(default_factory=dict)
    multi_risk_harms: Mapping[str, str] = field(default_factory=dict)
    """``{harm id: the kind it counts as}`` for multi-risk (see ``measures.multi_risk_harms``)."""
    child_levels: Mapping[str, str] = field(default_factory=dict)
    child_kind_categories: Mapping[str, str] = field(default_factory=dict)
    allowed_content: Mapping[str, Truth] = field(default_factory=dict)
    principal_purposes: frozenset[str] = frozenset()
    linked_present: int | None = None
    harm_names: Mapping[str, str] = field(default_factory=dict)  # for plain-English "why" texts
    # Set to False to answer every unknown fact "no" (the lower candidate level).
    assume_unknown: Truth = None

    # ------------------------------------------------------------------ derived numbers
    @property
    def uk_users(self) -> int | None:
        return self.profile.users.uk_monthly_active_users

    @property
    def uk_users_at_most(self) -> int | None:
        """The most UK users the service can have (``Users.uk_users_at_most``)."""
        return self.profile.users.uk_users_at_most

    def with_levels(
        self, levels: Mapping[str, str], multi_risk_harms: Mapping[str, str]
    ) -> ServiceFacts:
        return dataclasses.replace(self, levels=dict(levels), multi_risk_harms=multi_risk_harms)

    def holds(self, cond: Condition) -> Truth:
        return evaluate(cond, self)

    # ------------------------------------------------------------------ the facts
    def __call__(self, name: str, args: tuple) -> Truth:
        method = getattr(self, f"_fact_{name}", None)
        if method is None:
            raise InvalidInputError(f"The fact {name!r} has no answer in ServiceFacts.")
        value = method(*args)
        return self.assume_unknown if value is None else value

    def _users_over(self, n: int) -> Truth:
        return self.profile.users.uk_users_over(n)

    def _fact_user_to_user(self) -> Truth:
        return self.profile.scope.user_to_user

    def _fact_search_service(self) -> Truth:
        return self.profile.scope.search_engine

    def _fact_regime(self, regime: str) -> Truth:
        return None if self.regimes is None else regime in self.regimes

    def _fact_large_service(self) -> Truth:
        return self._users_over(self.thresholds.large_service_users)

    def _fact_uk_users_over(self, n: int) -> Truth:
        return self._users_over(n)

    def multi_risk_kinds(self) -> list[str]:
        """The kinds (``counts_as``) with some harm at medium or high, in first-seen order."""
        kinds = [
            self.multi_risk_harms[h]
            for h in self.multi_risk_harms
            if h in self.levels and level_index(self.levels[h]) >= 2
        ]
        return list(dict.fromkeys(kinds))

    def _fact_multi_risk(self) -> Truth:
        counted = [h for h in self.multi_risk_harms if h in self.levels]
        if not counted:
            return None
        return len(self.multi_risk_kinds()) >= 2

    def _fact_children_multi_risk(self) -> Truth:
        # Ofcom's children's definition was not seen: the illegal content test stands in for it,
        # and describe_fact says so in every "why".
        return self._fact_multi_risk()

    def _fact_determines_user_ages(self) -> Truth:
        c = self.profile.children
        return bool(c.determines_user_ages or c.highly_effective_age_assurance)

    def _fact_risk_at_least(self, harm: str, level: str) -> Truth:
        if harm not in self.levels:
            return None
        return level_index(self.levels[harm]) >= level_index(level)

    def _fact_any_risk_at_least(self, level: str) -> Truth:
        counted = [h for h in self.multi_risk_harms if h in self.levels]
        if not counted:
            return None
        return any(level_index(self.levels[h]) >= level_index(level) for h in counted)

    def _fact_category_1(self) -> Truth:
        f = self.profile.functionalities
        if not f.content_recommender:
            return False
        big = self._users_over(self.thresholds.category_1_users)
        mid = self._users_over(self.thresholds.category_1_users_with_forwarding)
        return _any3([big, _all3([mid, f.reposting_or_forwarding])])

    def _fact_large_general_search(self) -> Truth:
        search = self.profile.search
        if not self.profile.scope.search_engine or search is None:
            return False
        if search.search_type is None:
            return None if self._fact_large_service() is not False else False
        large = self._fact_large_service()
        return None if large is None else (search.search_type == "general" and large)

    def _fact_service_type(self, kind: str) -> Truth:
        return kind in self.profile.service_types

    def _fact_functionality(self, name: str) -> Truth:
        return getattr(self.profile.functionalities, name)

    def _fact_search_type(self, kind: str) -> Truth:
        search = self.profile.search
        if search is None or not self.profile.scope.search_engine:
            return False
        return None if search.search_type is None else search.search_type == kind

    def _fact_search_feature(self, name: str) -> Truth:
        search = self.profile.search
        if search is None or not self.profile.scope.search_engine:
            return False
        return getattr(search, name)

    def _fact_children_can_access(self) -> Truth:
        return self.children_can_access

    def _fact_likely_accessed_by_children(self) -> Truth:
        return self.likely_accessed_by_children

    def _fact_uses_age_assurance(self) -> Truth:
        return bool(self.profile.children.highly_effective_age_assurance)

    def _fact_linked_factors_at_least(self, n: int) -> Truth:
        return None if self.linked_present is None else self.linked_present >= n

    def _kinds(self, kind: str) -> list[str]:
        if kind in ("any_ppc", "any_pc"):
            wanted = kind.removeprefix("any_")
            return [k for k, c in self.child_kind_categories.items() if c == wanted]
        return [kind]

    def _fact_child_risk_at_least(self, kind: str, level: str) -> Truth:
        values = [
            None
            if k not in self.child_levels
            else level_index(self.child_levels[k]) >= level_index(level)
            for k in self._kinds(kind)
        ]
        return _any3(values)

    def _fact_allows_content(self, kind: str) -> Truth:
        return _any3([self.allowed_content.get(k) for k in self._kinds(kind)])

    def _fact_allowed_kind_at_least(self, kind: str, level: str) -> Truth:
        """Some kind of ``kind`` is both at ``level`` or above and allowed by the terms (the same
        kind for both, as PCU B5.1 ties them)."""
        values = []
        for k in self._kinds(kind):
            risk = (
                None
                if k not in self.child_levels
                else level_index(self.child_levels[k]) >= level_index(level)
            )
            allowed = self.allowed_content.get(k)
            values.append(_all3([risk, allowed]))
        return _any3(values)

    def _fact_principal_purpose(self, category: str) -> Truth:
        return category in self.principal_purposes

    # ------------------------------------------------------------------ plain English
    def describe(self, name: str, args: tuple, value: Truth) -> str:
        """One sentence stating a fact's value about this service, for traces and ``why`` texts."""
        return describe_fact(self, name, args, value)


def _all3(values: list[Truth]) -> Truth:
    if False in values:
        return False
    return None if None in values else True


def _any3(values: list[Truth]) -> Truth:
    if True in values:
        return True
    return None if (None in values or not values) else False


def _users_text(facts: ServiceFacts) -> str:
    if facts.uk_users is not None:
        return f"{facts.uk_users:,}"
    bound = facts.uk_users_at_most
    if bound is not None:
        return f"at most {bound:,} (its total; the UK share is not known)"
    return "an unknown number of"


_SETTLES = {
    "large_service": "the number of monthly UK users (or all users, if that is no more than "
    "the threshold) would settle it",
    "uk_users_over": "the number of monthly UK users (or all users, if that is no more than "
    "the threshold) would settle it",
    "category_1": "the number of monthly UK users would settle it",
}
"""For a fact left unknown, what answer would settle it (said in the ``why`` text)."""

_CHILDREN_MULTI_RISK = (
    "Ofcom's children's definition of multi-risk was not seen, so the toolkit approximates it "
    "with the illegal content one: "
)


def describe_fact(facts: ServiceFacts, name: str, args: tuple, value: Truth) -> str:
    """Say in plain English what a fact is for this service (``value`` already evaluated)."""
    if value is None:
        settle = f"; {_SETTLES[name]}" if name in _SETTLES else ""
        text = f"it is not known whether {_phrase(facts, name, args)} (treated cautiously{settle})"
        return (_CHILDREN_MULTI_RISK + text) if name == "children_multi_risk" else text
    if name == "children_multi_risk":
        return _CHILDREN_MULTI_RISK + describe_fact(facts, "multi_risk", args, value)
    if name == "always":
        return "this applies to every such service"
    yes = value is True
    if name in ("large_service", "uk_users_over"):
        limit = facts.thresholds.large_service_users if name == "large_service" else args[0]
        verb = "more than" if yes else "not more than"
        return f"the service has {_users_text(facts)} monthly UK users, {verb} {limit:,}"
    if name == "multi_risk":
        counted = sorted(
            facts.harm_names.get(h, h.replace("_", " ")).lower()
            for h in facts.multi_risk_harms
            if facts.levels.get(h) in ("medium", "high")
        )
        kinds = len(facts.multi_risk_kinds())
        shared = (
            "; the child sexual exploitation and abuse sub-kinds count as one kind"
            if len(counted) > kinds
            else ""
        )
        at = f" ({', '.join(counted)})" if counted else ""
        if yes:
            return (
                f"the service is multi-risk: {kinds} kinds of illegal harm are at medium or "
                f"high{at}{shared}"
            )
        return (
            f"the service is not multi-risk: fewer than two kinds of illegal harm are at medium "
            f"or high{at}{shared}"
        )
    if name == "risk_at_least":
        harm, level = args
        word = "at least" if yes else "below"
        name = facts.harm_names.get(harm, harm.replace("_", " "))
        return f"{name} is assessed {facts.levels.get(harm, 'unknown')} ({word} {level})"
    if name == "any_risk_at_least":
        if not yes:
            return f"no kind of illegal harm is assessed at {args[0]} or above"
        hits = [
            facts.harm_names.get(h, h).lower()
            for h in sorted(facts.multi_risk_harms)
            if h in facts.levels and level_index(facts.levels[h]) >= level_index(args[0])
        ]
        return (
            f"{', '.join(hits)} {'is' if len(hits) == 1 else 'are'} assessed at {args[0]} or above"
        )
    if yes:
        return _phrase(facts, name, args)
    if name == "service_type":
        return f"the service is not {SERVICE_TYPE_WORDS[args[0]]} ({SERVICE_TYPES[args[0]]})"
    if name == "functionality":
        return f"the service does not offer {FUNCTIONALITY_WORDS[args[0]]} ({FUNCTIONALITIES[args[0]]})"
    return "it is not the case that " + _phrase(facts, name, args)


REGIME_WORDS = {
    "part3_user_to_user": "the Part 3 duties for user-to-user services",
    "part3_search": "the Part 3 duties for search services",
    "part5_pornography": "the Part 5 duties for provider pornography",
}


def _phrase(facts: ServiceFacts, name: str, args: tuple) -> str:
    phrases = {
        "user_to_user": "the service is user-to-user",
        "search_service": "the service is or includes a search engine",
        "large_service": "the service is large",
        "multi_risk": "the service is multi-risk",
        "category_1": "the service meets the Category 1 thresholds",
        "large_general_search": "the service is a large general search service",
        "children_can_access": "children can access the service",
        "likely_accessed_by_children": "the service is likely to be accessed by children",
        "uses_age_assurance": "the service uses highly effective age assurance",
        "children_multi_risk": "the service is multi-risk",
        "determines_user_ages": "the service already has a means of determining users' ages",
    }
    if name in phrases:
        return phrases[name]
    if name == "regime":
        return f"the service falls under {REGIME_WORDS[args[0]]}"
    if name == "service_type":
        return f"the service is {SERVICE_TYPE_WORDS[args[0]]} ({SERVICE_TYPES[args[0]]})"
    if name == "functionality":
        return f"the service offers {FUNCTIONALITY_WORDS[args[0]]} ({FUNCTIONALITIES[args[0]]})"
    if name == "search_type":
        return f"the search service is {args[0]}"
    if name == "search_feature":
        return f"the search service offers {args[0].replace('_', ' ')}"
    if name == "linked_factors_at_least":
        return f"at least {args[0]} linked risk factors are present"
    if name == "uk_users_over":
        return f"the service has more than {args[0]:,} monthly UK users"
    if name in ("risk_at_least", "child_risk_at_least"):
        return f"{args[0]} is at {args[1]} or above"
    if name == "any_risk_at_least":
        return f"some kind of illegal harm is at {args[0]} or above"
    if name == "allowed_kind_at_least":
        what = {"any_ppc": "primary priority content", "any_pc": "priority content"}.get(
            args[0], args[0].replace("_", " ")
        )
        return f"some kind of {what} is at {args[1]} or above and allowed by the terms of service"
    if name == "allows_content":
        return f"the terms of service allow {args[0].replace('_', ' ')}"
    if name == "principal_purpose":
        return f"the service's principal purpose is {args[0].upper()}"
    return f"{name}({', '.join(map(str, args))})"


def justify(cond: Condition, facts: ServiceFacts) -> list[str]:
    """The sentences that explain why ``cond`` has the value it has for this service.

    For ``all`` that holds, every part; for ``any`` that holds, the first part that holds; for a
    failed ``all``, the first failing part; for ``not``, its inner part.
    """
    value = evaluate(cond, facts)
    if cond.name == "not":
        return justify(cond.args[0], facts)  # type: ignore[arg-type]
    if cond.name in ("all", "any"):
        parts = [a for a in cond.args if isinstance(a, Condition)]
        deciding = [p for p in parts if evaluate(p, facts) == value]
        if value is None:
            deciding = [p for p in parts if evaluate(p, facts) is None]
        if (cond.name == "any") == (value is True) and deciding:
            deciding = deciding[:1]
        return [s for p in deciding for s in justify(p, facts)]
    return [facts.describe(cond.name, cond.args, value)]
