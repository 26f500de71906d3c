"""A small, safe language for "when does this apply" — parsed, checked, and evaluated in three-valued logic.

Register files state applicability as text such as ``any(large_service, multi_risk)``. This module turns
that text into a tree (never ``eval``), checks every fact name and argument against :data:`FACTS`, and
evaluates it against a *facts* callable that answers ``True``, ``False`` or ``None`` (unknown).

>>> c = parse("all(user_to_user, not(large_service))")
>>> evaluate(c, lambda name, args: {"user_to_user": True, "large_service": False}[name])
True
>>> str(c)
'all(user_to_user, not(large_service))'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.vocabulary import (
    FUNCTIONALITIES,
    LEVELS,
    REGIMES,
    SEARCH_FEATURES,
    SEARCH_TYPES,
    SERVICE_TYPES,
)

Truth = bool | None
"""Three-valued truth: ``None`` means unknown."""

Arg = "Condition | str | int"

COMBINATORS = ("all", "any", "not")

# Argument kinds: "harm", "level", "int", "children_kind", "category", or a tuple of allowed slugs.
FACTS: Mapping[str, tuple[object, ...]] = {
    "always": (),
    "never": (),
    "user_to_user": (),
    "search_service": (),
    "regime": (REGIMES,),
    "large_service": (),
    "multi_risk": (),
    "children_multi_risk": (),
    "category_1": (),
    "large_general_search": (),
    "risk_at_least": ("harm", "level"),
    "any_risk_at_least": ("level",),
    "uk_users_over": ("int",),
    "service_type": (tuple(SERVICE_TYPES),),
    "functionality": (tuple(FUNCTIONALITIES),),
    "search_type": (SEARCH_TYPES,),
    "search_feature": (SEARCH_FEATURES,),
    "children_can_access": (),
    "likely_accessed_by_children": (),
    "uses_age_assurance": (),
    "determines_user_ages": (),
    "linked_factors_at_least": ("int",),
    "child_risk_at_least": ("children_kind", "level"),
    "allows_content": ("children_kind",),
    "allowed_kind_at_least": ("children_kind", "level"),
    "principal_purpose": (("ppc", "pc"),),
}
"""Every fact a condition may name, with the kinds of its arguments."""


@dataclass(frozen=True)
class Condition:
    """One node: a combinator (``all``/``any``/``not``) over children, or a fact with arguments."""

    name: str
    args: tuple[Condition | str | int, ...] = ()

    def __str__(self) -> str:
        if not self.args:
            return self.name
        return f"{self.name}({', '.join(str(a) for a in self.args)})"

    def facts(self) -> list[Condition]:
        """Every fact node in the tree, left to right."""
        if self.name in COMBINATORS:
            return [f for a in self.args if isinstance(a, Condition) for f in a.facts()]
        return [self]


_TOKEN = re.compile(r"\s*(?:(?P<num>\d+)|(?P<name>[a-z_][a-z0-9_]*)|(?P<punct>[(),]))")


def _tokens(text: str) -> list[str]:
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise InvalidInputError(f"unexpected character {text[pos]!r} at position {pos + 1}")
        out.append(m.group(m.lastgroup))  # type: ignore[arg-type]
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def parse(text: str) -> Condition:
    """Parse condition text into a :class:`Condition` tree (syntax only; see :func:`check`).

    Raises :class:`InvalidInputError` with the reason when the text is not a condition.
    """
    if not isinstance(text, str) or not text.strip():
        raise InvalidInputError("the condition is empty")
    toks = _tokens(text)
    node, pos = _parse_node(toks, 0, 0)
    if pos != len(toks):
        raise InvalidInputError(f"unexpected {toks[pos]!r} after the end of the condition")
    if not isinstance(node, Condition):
        raise InvalidInputError(f"a condition must start with a name, not {node!r}")
    return node


MAX_DEPTH = 32
"""How deeply conditions may nest (the registers use 3 levels); deeper text is refused."""


def _parse_node(toks: list[str], pos: int, depth: int) -> tuple[Condition | str | int, int]:
    if pos >= len(toks):
        raise InvalidInputError("the condition ends too early")
    if depth > MAX_DEPTH:
        raise InvalidInputError(f"the condition nests more than {MAX_DEPTH} levels deep")
    tok = toks[pos]
    if tok.isdigit():
        if len(tok) > 18:
            raise InvalidInputError(f"the number {tok[:12]}... has more than 18 digits")
        return int(tok), pos + 1
    if tok in "(),":
        raise InvalidInputError(f"unexpected {tok!r}")
    if pos + 1 < len(toks) and toks[pos + 1] == "(":
        args: list[Condition | str | int] = []
        pos += 2
        while True:
            arg, pos = _parse_node(toks, pos, depth + 1)
            args.append(arg)
            if pos >= len(toks):
                raise InvalidInputError(f"missing ')' after the arguments of {tok!r}")
            if toks[pos] == ")":
                if tok not in COMBINATORS:  # a fact's bare-word arguments are ids, not conditions
                    args = [a.name if isinstance(a, Condition) and not a.args else a for a in args]
                return Condition(tok, tuple(args)), pos + 1
            if toks[pos] != ",":
                raise InvalidInputError(f"expected ',' or ')' in the arguments of {tok!r}")
            pos += 1
    return Condition(tok), pos + 1


def check(
    cond: Condition,
    *,
    harms: frozenset[str] | set[str] = frozenset(),
    children_kinds: frozenset[str] | set[str] = frozenset(),
) -> None:
    """Check every name and argument against :data:`FACTS` and the given id sets.

    Raises :class:`InvalidInputError` naming the first problem found.
    """
    if cond.name in COMBINATORS:
        if cond.name == "not" and len(cond.args) != 1:
            raise InvalidInputError("'not' takes exactly one condition")
        if not cond.args:
            raise InvalidInputError(f"{cond.name!r} needs at least one condition")
        for a in cond.args:
            if not isinstance(a, Condition):
                raise InvalidInputError(f"{cond.name!r} takes conditions, not {a!r}")
            check(a, harms=harms, children_kinds=children_kinds)
        return
    if cond.name not in FACTS:
        raise InvalidInputError(f"unknown condition {cond.name!r}")
    kinds = FACTS[cond.name]
    if len(cond.args) != len(kinds):
        raise InvalidInputError(
            f"{cond.name!r} takes {len(kinds)} argument(s), got {len(cond.args)}"
        )
    for kind, arg in zip(kinds, cond.args, strict=True):
        _check_arg(cond.name, kind, arg, harms, children_kinds)


def _check_arg(name: str, kind: object, arg: object, harms, children_kinds) -> None:
    if kind == "int":
        ok, expected = isinstance(arg, int), "a whole number"
    elif kind == "level":
        ok, expected = arg in LEVELS, "one of " + ", ".join(LEVELS)
    elif kind == "harm":
        ok, expected = (not harms or arg in harms), "a harm id of this edition"
    elif kind == "children_kind":
        allowed = set(children_kinds) | {"any_ppc", "any_pc"}
        ok = isinstance(arg, str) and (not children_kinds or arg in allowed)
        expected = "a children's content id, any_ppc or any_pc"
    else:
        assert isinstance(kind, tuple)
        ok, expected = arg in kind, "one of " + ", ".join(kind)
    if not ok:
        raise InvalidInputError(f"{name!r} argument must be {expected}; got {arg!r}")


Facts = Callable[[str, tuple], Truth]


def evaluate(cond: Condition, facts: Facts) -> Truth:
    """Evaluate in Kleene three-valued logic: ``True``, ``False`` or ``None`` (unknown).

    >>> evaluate(parse("any(a_fact, always)"), lambda n, a: None if n == "a_fact" else True)
    True
    >>> evaluate(parse("all(a_fact, always)"), lambda n, a: None if n == "a_fact" else True) is None
    True
    """
    if cond.name == "always":
        return True
    if cond.name == "never":
        return False
    if cond.name == "not":
        inner = evaluate(cond.args[0], facts)  # type: ignore[arg-type]
        return None if inner is None else not inner
    if cond.name in ("all", "any"):
        values = [evaluate(a, facts) for a in cond.args]  # type: ignore[arg-type]
        decisive = cond.name == "any"  # any: a True decides; all: a False decides
        if decisive in values:
            return decisive
        return None if None in values else not decisive
    return facts(cond.name, cond.args)


def explain(cond: Condition, facts: Facts) -> list[tuple[str, Truth]]:
    """The facts that a condition looked at, each with its value, in order (for 'why' texts)."""
    return [
        (str(f), facts(f.name, f.args)) for f in cond.facts() if f.name not in ("always", "never")
    ]
