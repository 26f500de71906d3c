"""The provider's children's answers read against one register edition, and the facts built from them.

A profile is read without a register, so the children's content ids, age-group ids and evidence ids
it names are checked here, against the edition the assessment uses (:func:`check_children_answers`).
:func:`allowed_content` applies the Protection of Children Code's reading of "allowed" (PCU Code
para 5.16, and B4.1 / B5.1): a kind is allowed unless the terms of service prohibit it for all users
*and* taking it down is technically feasible. :class:`ChildFacts` answers the condition facts like
:class:`~osa_toolkit.core.facts.ServiceFacts` and words the children's facts for ``why`` texts.

>>> from osa_toolkit.core.profile import Children
>>> allowed_for(Children(terms_prohibit=(("pornography", True),)), "pornography")
False
>>> allowed_for(Children(terms_prohibit=(("pornography", True),), takedown_feasible=False),
...             "pornography")
True
>>> allowed_for(Children(), "pornography") is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from osa_toolkit.core.conditions import Truth
from osa_toolkit.core.errors import ProfileError
from osa_toolkit.core.facts import ServiceFacts
from osa_toolkit.core.profile.fields import did_you_mean
from osa_toolkit.core.vocabulary import level_index
from osa_toolkit.core.words import CATEGORY_WORDS, join_and


def _names(ids: Iterable[str]) -> str:
    quoted = [repr(i) for i in ids]
    return join_and(quoted)


def _refuse(source: str, key: str, bad: list[str], what: str, known: Iterable[str]) -> None:
    if not bad:
        return
    known = list(known)
    hint = did_you_mean(bad[0], known, inline=True)
    verb = "is not" if len(bad) == 1 else "are not"
    raise ProfileError(
        f"{source}: {key!r} names {_names(bad)}{hint}, which {verb} {what}; known: "
        f"{', '.join(known)}."
    )


def check_children_answers(profile, regs, source: str = "profile") -> None:
    """Refuse children's answers that name ids the edition does not have (one sentence, all named).

    Checks ``children.terms_prohibit`` (primary priority or priority content ids),
    ``children.age_groups_present`` (age-group ids), ``children.non_designated`` (not a PPC/PC id;
    a ``name`` unless the register names the kind) and ``evidence.children_by_kind``.
    """
    c = profile.children
    edition = regs.edition.id
    designated = [k.id for k in regs.children_content if k.category in ("ppc", "pc")]
    register_ndc = {k.id for k in regs.children_content if k.category == "ndc"}
    _refuse(
        source,
        "children.terms_prohibit",
        [k for k, _ in c.terms_prohibit if k not in designated],
        f"primary priority or priority content in edition {edition}",
        designated,
    )
    groups = [g.id for g in regs.age_groups]
    _refuse(
        source,
        "children.age_groups_present",
        [g for g in c.age_groups_present or () if g not in groups],
        f"an age group of edition {edition}",
        groups,
    )
    for i, n in enumerate(c.non_designated, start=1):
        key = f"children.non_designated[{i}]"
        if n.id in designated:
            raise ProfileError(
                f"{source}: '{key}.id' is {n.id!r}, which the register lists as designated "
                "content (primary priority or priority); name only other kinds here."
            )
        if n.id not in register_ndc and not (n.name or "").strip():
            raise ProfileError(
                f"{source}: '{key}.name' is required for {n.id!r}, a kind the register does not "
                "name; expected a short plain-English name."
            )
    evidence = profile.evidence.children_by_kind if profile.evidence else ()
    known = [k.id for k in regs.children_content] + [
        n.id for n in c.non_designated if n.id not in register_ndc
    ]
    _refuse(
        source,
        "evidence.children_by_kind",
        [e.harm for e in evidence if e.harm not in known],
        f"a kind of content harmful to children in edition {edition} or one named under "
        "'children.non_designated'",
        known,
    )


def allowed_for(children, kind: str) -> Truth:
    """Whether a PPC/PC kind counts as *allowed*: not prohibited for all users, or take-down not
    technically feasible. ``None`` when the terms were not described for that kind."""
    if not children.takedown_feasible:
        return True
    prohibits = children.prohibits(kind)
    return None if prohibits is None else not prohibits


def allowed_content(children, kinds: Iterable[str]) -> dict[str, Truth]:
    """:func:`allowed_for` for each kind."""
    return {k: allowed_for(children, k) for k in kinds}


@dataclass(frozen=True)
class ChildFacts(ServiceFacts):
    """:class:`ServiceFacts` that says the children's facts in words a provider recognises."""

    kind_names: Mapping[str, str] = field(default_factory=dict)

    def _kind_list(self, kinds: Iterable[str]) -> str:
        names = [self.kind_names.get(k, k.replace("_", " ")).lower() for k in kinds]
        if not names:
            return "no kind"
        return join_and(names)

    def _category(self, kind: str) -> str:
        if kind in ("any_ppc", "any_pc"):
            return CATEGORY_WORDS[kind.removeprefix("any_")]
        return self.kind_names.get(kind, kind).lower()

    def describe(self, name: str, args: tuple, value: Truth) -> str:
        if name == "allows_content":
            return self._allows(args[0], value)
        if name == "child_risk_at_least":
            return self._risk(args[0], args[1], value)
        if name == "allowed_kind_at_least":
            return self._allowed_risk(args[0], args[1], value)
        if name == "principal_purpose":
            what = CATEGORY_WORDS[args[0]]
            verb = "is" if value else "is not"
            return f"the service's principal purpose {verb} hosting or sharing {what}"
        return super().describe(name, args, value)

    def _allows(self, kind: str, value: Truth) -> str:
        kinds = self._kinds(kind)
        if value is None:
            unknown = [k for k in kinds if self.allowed_content.get(k) is None]
            return (
                f"it is not known whether the terms of service prohibit "
                f"{self._kind_list(unknown)} for all users (answer it under 'Terms of service' on the children's risk page), so it "
                "is treated as allowed"
            )
        if value is False:
            return (
                f"the terms of service prohibit {self._category(kind)} for all users and taking it "
                "down is technically feasible"
            )
        if not self.profile.children.takedown_feasible:
            return (
                f"taking down {self._category(kind)} is not technically feasible, so it counts as "
                "allowed"
            )
        allowed = [k for k in kinds if self.allowed_content.get(k)]
        return (
            f"the terms of service do not prohibit {self._kind_list(allowed)} for all users, so "
            "it counts as allowed"
        )

    def _allowed_risk(self, kind: str, level: str, value: Truth) -> str:
        """PCU B5.1 ties the risk and the terms to the same kind: say which kinds are both."""
        both = [
            k
            for k in self._kinds(kind)
            if k in self.child_levels
            and level_index(self.child_levels[k]) >= level_index(level)
            and self.allowed_content.get(k) is not False
        ]
        if value is False:
            return (
                f"no kind of {self._category(kind)} is both assessed {level} or above and allowed "
                "by the terms of service"
            )
        parts = [f"{self._kind_list([k])} is assessed {self.child_levels[k]}" for k in both]
        tail = (
            "and the terms of service do not prohibit it for all users (or it cannot be taken "
            "down), so it counts as allowed"
        )
        if value is None:
            return (
                f"it is not known whether some kind of {self._category(kind)} is both at {level} "
                "or above and allowed by the terms (treated cautiously)"
            )
        return "; ".join(parts) + f" (at least {level}) " + tail

    def _risk(self, kind: str, level: str, value: Truth) -> str:
        kinds = self._kinds(kind)
        if value is None:
            return f"the level of {self._category(kind)} is not known yet (treated cautiously)"
        hits = [
            k
            for k in kinds
            if k in self.child_levels and level_index(self.child_levels[k]) >= level_index(level)
        ]
        if value:
            parts = [f"{self._kind_list([k])} is assessed {self.child_levels[k]}" for k in hits]
            return "; ".join(parts) + f" (at least {level})"
        return f"no kind of {self._category(kind)} is assessed {level} or above"
