"""Condition facts for many services at once, as columns, and conditions evaluated over them.

:func:`osa_toolkit.core.analysis.batch.features` needs, for every service of a batch, the same answers the
one-service method gets from the :class:`~osa_toolkit.core.facts.ServiceFacts` that
:func:`~osa_toolkit.core.assessments.illegal_content.base_facts` builds. Here each fact a condition names
(``functionality(direct_messaging)``, ``children_can_access``…) becomes one ``int8`` column with a
row per service: ``1`` true, ``-1`` false, ``0`` unknown. A condition is then evaluated for all
services at once in Kleene's three-valued logic, as :func:`~osa_toolkit.core.conditions.evaluate`
does for one: ``all`` is the minimum, ``any`` the maximum, ``not`` the negation. The optimistic run
(unknown answers as "no", ``assume_unknown=False``) turns every unknown fact into ``-1`` before the
facts are combined, as :meth:`ServiceFacts.__call__` does.

The facts the registers use are read straight from the profiles (the same reads as the
``_fact_*`` methods of :class:`ServiceFacts`; ``tests/core/test_batch_speed.py`` checks every one
against it). Whether children can access the service is stage 1 of the children's access
assessment and the regimes are the regulation checker's decision, both from the same functions the
one-service method calls, without the sentences it writes about them. Any other fact (one that
depends on levels, say) is asked of the full :func:`base_facts` of each service, so every
condition a register may state gets the answer the one-service method would give it.

>>> import datetime as dt
>>> from osa_toolkit.core.conditions import parse
>>> from osa_toolkit.core.registers import load_registers
>>> from osa_toolkit.core.analysis.synthetic import synthetic_profiles
>>> cols = FactColumns(synthetic_profiles(4, seed=3), load_registers(), dt.date(2026, 11, 28))
>>> cond = parse("any(functionality(direct_messaging), not(children_can_access))")
>>> evaluate_columns(cond, cols.leaf(optimistic=False)).dtype
dtype('int8')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import numpy as np

from osa_toolkit.core.assessments.illegal_content import base_facts
from osa_toolkit.core.conditions import Condition, Truth
from osa_toolkit.core.scope import law
from osa_toolkit.core.scope.childrens_access import children_can_access, children_likely_to_access

TRUE, UNKNOWN, FALSE = 1, 0, -1
"""The three values of a fact column (``int8``)."""

LINKED = "linked_factors_at_least"
"""The fact that counts a harm's linked factors; it has an answer only where a count is given."""

Leaf = Callable[[Condition], np.ndarray]


def truth_column(values: Sequence[Truth]) -> np.ndarray:
    """``True`` / ``False`` / ``None`` answers as an ``int8`` column (``1`` / ``-1`` / ``0``).

    >>> truth_column([True, None, False]).tolist()
    [1, 0, -1]
    """
    return np.fromiter(
        (UNKNOWN if v is None else (TRUE if v else FALSE) for v in values),
        dtype=np.int8,
        count=len(values),
    )


def optimistic(column: np.ndarray) -> np.ndarray:
    """The column with unknown answers as "no" (what ``assume_unknown=False`` does to a fact)."""
    return np.where(column == UNKNOWN, np.int8(FALSE), column).astype(np.int8, copy=False)


def evaluate_columns(cond: Condition, leaf: Leaf) -> np.ndarray:
    """Evaluate ``cond`` for every row at once in three-valued logic; ``leaf`` answers the facts.

    ``always`` and ``never`` are constants (``assume_unknown`` does not touch them, as in
    :func:`~osa_toolkit.core.conditions.evaluate`).

    >>> from osa_toolkit.core.conditions import parse
    >>> cols = {"a": np.array([1, 0, -1, 0], np.int8), "b": np.array([0, 0, 1, -1], np.int8)}
    >>> leaf = lambda c: cols[c.name]
    >>> evaluate_columns(parse("all(a, b)"), leaf).tolist()
    [0, 0, -1, -1]
    >>> evaluate_columns(parse("any(a, not(b))"), leaf).tolist()
    [1, 0, -1, 1]
    """
    name = cond.name
    if name == "always":
        return leaf(Condition("always"))
    if name == "never":
        return -leaf(Condition("always"))
    if name == "not":
        return -evaluate_columns(cond.args[0], leaf)  # type: ignore[arg-type]
    if name in ("all", "any"):
        values = [evaluate_columns(a, leaf) for a in cond.args]  # type: ignore[arg-type]
        if not values:  # evaluate: all() holds, any() does not
            ones = leaf(Condition("always"))
            return ones if name == "all" else -ones
        reduce = np.minimum.reduce if name == "all" else np.maximum.reduce
        return reduce(values).astype(np.int8, copy=False) if len(values) > 1 else values[0]
    return leaf(cond)


class FactColumns:
    """The facts of ``base_facts`` for a list of profiles, one ``int8`` column per fact node.

    Columns are worked out when first asked for and kept. ``leaf(optimistic, linked)`` gives the
    function :func:`evaluate_columns` needs for one run; ``linked`` (the number of linked factors
    counted, per row) answers ``linked_factors_at_least``, which is otherwise unknown.
    """

    def __init__(self, profiles: Sequence[object], registers, today: dt.date) -> None:
        self.profiles = list(profiles)
        self.n = len(self.profiles)
        self._registers = registers
        self._today = today
        self._raw: dict[tuple[str, tuple], np.ndarray] = {}
        self._opt: dict[tuple[str, tuple], np.ndarray] = {}
        self._base: list | None = None
        self._regimes: list[frozenset[str]] | None = None
        self._ones = np.ones(self.n, dtype=np.int8)

    # ------------------------------------------------------------------ columns
    def raw(self, name: str, args: tuple = ()) -> np.ndarray:
        """The fact's answers as given (unknown kept); do not modify the array."""
        key = (name, args)
        column = self._raw.get(key)
        if column is None:
            column = self._raw[key] = self._compute(name, args)
        return column

    def answers(self, name: str, args: tuple, assume_unknown_no: bool) -> np.ndarray:
        """The fact as the cautious run (unknown kept) or the optimistic run (unknown as "no")."""
        if not assume_unknown_no:
            return self.raw(name, args)
        key = (name, args)
        column = self._opt.get(key)
        if column is None:
            column = self._opt[key] = optimistic(self.raw(name, args))
        return column

    def leaf(self, optimistic: bool, linked: np.ndarray | None = None) -> Leaf:
        """The leaf answers of one run for :func:`evaluate_columns`."""

        def answer(cond: Condition) -> np.ndarray:
            if cond.name == "always":
                return self._ones
            if cond.name == LINKED and linked is not None:
                n = cond.args[0]
                return np.where(linked >= n, np.int8(TRUE), np.int8(FALSE))
            return self.answers(cond.name, cond.args, optimistic)

        return answer

    # ------------------------------------------------------------------ the facts
    def _compute(self, name: str, args: tuple) -> np.ndarray:
        read = _READERS.get(name)
        if read is not None:
            return truth_column(read(self, *args))
        if name == LINKED:  # no count without the harm: unknown, as ServiceFacts says
            return np.zeros(self.n, dtype=np.int8)
        return truth_column([facts(name, args) for facts in self.base_facts()])

    def base_facts(self) -> list:
        """The full :func:`base_facts` of every profile (only for facts read nowhere else)."""
        if self._base is None:
            self._base = [base_facts(p, self._registers, self._today)[0] for p in self.profiles]
        return self._base

    def regimes(self) -> list[frozenset[str]]:
        """The regimes of every profile, as the regulation checker decides them."""
        if self._regimes is None:
            self._regimes = [frozenset(law.decide(p).regimes) for p in self.profiles]
        return self._regimes

    def uk_users(self) -> list[int | None]:
        return [p.users.uk_monthly_active_users for p in self.profiles]

    def children_can_access(self) -> list[bool]:
        """Stage 1 of the children's access assessment (``ChildrensAccessResult.possible``)."""

        regs = self._registers
        return [children_can_access(p, regs) for p in self.profiles]

    def likely_accessed_by_children(self) -> list[bool]:
        """Stages 1 and 2 (``ChildrensAccessResult.likely_accessed``)."""

        regs = self._registers
        return [children_likely_to_access(p, regs) for p in self.profiles]

    def _users_over(self, n: int) -> list[Truth]:
        """``Users.uk_users_over``: the UK figure, else bounded by the total."""
        return [p.users.uk_users_over(n) for p in self.profiles]  # type: ignore[attr-defined]


def _search_type(cols: FactColumns, kind: str) -> list[Truth]:
    out: list[Truth] = []
    for p in cols.profiles:
        search = p.search  # type: ignore[attr-defined]
        if search is None or not p.scope.search_engine:  # type: ignore[attr-defined]
            out.append(False)
        else:
            out.append(None if search.search_type is None else search.search_type == kind)
    return out


def _search_feature(cols: FactColumns, name: str) -> list[Truth]:
    return [
        False
        if p.search is None or not p.scope.search_engine  # type: ignore[attr-defined]
        else getattr(p.search, name)  # type: ignore[attr-defined]
        for p in cols.profiles
    ]


_READERS: dict[str, Callable[..., list[Truth]]] = {
    "user_to_user": lambda c: [p.scope.user_to_user for p in c.profiles],
    "search_service": lambda c: [p.scope.search_engine for p in c.profiles],
    "regime": lambda c, regime: [regime in r for r in c.regimes()],
    "large_service": lambda c: c._users_over(c._registers.edition.thresholds.large_service_users),
    "uk_users_over": lambda c, n: c._users_over(n),
    "service_type": lambda c, kind: [kind in p.service_types for p in c.profiles],
    "functionality": lambda c, name: [getattr(p.functionalities, name) for p in c.profiles],
    "search_type": _search_type,
    "search_feature": _search_feature,
    "children_can_access": lambda c: c.children_can_access(),
    "likely_accessed_by_children": lambda c: c.likely_accessed_by_children(),
    "uses_age_assurance": lambda c: [
        bool(p.children.highly_effective_age_assurance) for p in c.profiles
    ],
    "determines_user_ages": lambda c: [
        bool(p.children.determines_user_ages or p.children.highly_effective_age_assurance)
        for p in c.profiles
    ],
}
"""Facts read straight from the profiles, as the ``_fact_*`` methods of ``ServiceFacts`` read them
(with ``base_facts``: regimes from the checker, ``children_can_access`` from stage 1)."""
