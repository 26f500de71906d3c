"""Agreement between the scoring method and published risk assessments, and fitting the weights to them.

A *case* is a real service's published illegal content risk assessment, turned into a service profile
plus the operator's own conclusions (a level or a range per kind, the multi-risk call where stated, the
Ofcom measures the record lists or rules out). The operators' levels are their judgements, not the
truth: agreement shows where the method and careful people differ, and the fit is a tool for an analyst
who wants to see how far the numbers can move — never a way to copy answers into the method.

Pure: parsed documents in, results out. Reading a folder of cases is :mod:`osa_toolkit.files.calibration_cases`.

>>> ExpectedLevel.parse("hate", {"range": ["low", "medium"]}).text
'low to medium'
>>> ExpectedLevel.parse("hate", {"level": "low"}).distance("medium")
1
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from osa_toolkit.core.analysis.weight_keys import numeric_weights, with_weights
from osa_toolkit.core.errors import InvalidInputError, WeightsError
from osa_toolkit.core.method.weights import Weights, weights_from_mapping
from osa_toolkit.core.vocabulary import LEVELS, level_index

# ----------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class ExpectedLevel:
    """The operator's level for one kind: one level, or a range such as low to medium."""

    harm: str
    low: int  # level index
    high: int
    row: str = ""  # the document's own row, where the level comes from

    @classmethod
    def parse(cls, harm: str, value: Any) -> ExpectedLevel:
        where = f"levels.{harm}"
        if not isinstance(value, Mapping):
            raise InvalidInputError(f"{where} must be a table with 'level' or 'range'.")
        row = str(value.get("row", ""))
        if "level" in value:
            lo = hi = _level(value["level"], f"{where}.level")
        elif isinstance(value.get("range"), list) and len(value["range"]) == 2:
            lo, hi = (_level(v, f"{where}.range") for v in value["range"])
            if lo > hi:
                raise InvalidInputError(
                    f"{where}.range must go from the lower level to the higher."
                )
        else:
            raise InvalidInputError(f"{where} must give 'level' or a 'range' of two levels.")
        return cls(harm, lo, hi, row)

    @property
    def text(self) -> str:
        if self.low == self.high:
            return LEVELS[self.low]
        return f"{LEVELS[self.low]} to {LEVELS[self.high]}"

    def distance(self, level: str) -> int:
        """Steps from the operator's level (0 inside a range; positive: the method is higher)."""
        got = level_index(level)
        if got > self.high:
            return got - self.high
        if got < self.low:
            return got - self.low
        return 0


def _level(value: Any, where: str) -> int:
    if value not in LEVELS:
        raise InvalidInputError(
            f"{where} must be one of {', '.join(LEVELS)}; got {str(value)[:80]!r}."
        )
    return level_index(value)


@dataclass(frozen=True)
class Case:
    """One published assessment: the service profile and what its operator concluded."""

    slug: str
    edition: str
    profile: Any  # ServiceProfile
    levels: tuple[ExpectedLevel, ...]
    multi_risk: bool | None = None
    measures_expected: frozenset[str] = frozenset()
    measures_forbidden: frozenset[str] = frozenset()
    source_url: str = ""
    source_date: str = ""


def case_from_documents(expected: Mapping[str, Any], profile: Any, editions: Iterable[str]) -> Case:
    """A :class:`Case` from an ``expected/<slug>.json`` document and its parsed profile."""
    if not isinstance(expected, Mapping):
        raise InvalidInputError("The expected document must be a JSON object.")
    slug = expected.get("slug")
    if not isinstance(slug, str) or not slug:
        raise InvalidInputError("'slug' must name the case.")
    edition = expected.get("edition")
    known = list(editions)
    if edition not in known:
        raise InvalidInputError(
            f"'edition' must be one of {', '.join(known)}; got {str(edition)[:80]!r}."
        )
    levels = expected.get("levels")
    if not isinstance(levels, Mapping) or not levels:
        raise InvalidInputError("'levels' must map kinds of illegal content to levels.")
    multi = expected.get("multi_risk")
    if multi is not None and not isinstance(multi, bool):
        raise InvalidInputError(f"'multi_risk' must be true or false; got {str(multi)[:80]!r}.")
    return Case(
        slug=slug,
        edition=edition,
        profile=profile,
        levels=tuple(ExpectedLevel.parse(h, v) for h, v in levels.items()),
        multi_risk=multi,
        measures_expected=_ids(expected, "measures_expected"),
        measures_forbidden=_ids(expected, "measures_forbidden"),
        source_url=str(expected.get("source_url", "")),
        source_date=str(expected.get("source_date", "")),
    )


def _ids(doc: Mapping[str, Any], key: str) -> frozenset[str]:
    value = doc.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInputError(f"'{key}' must be a list of Ofcom measure ids such as 'ICU A2'.")
    return frozenset(" ".join(v.split()) for v in value)


# ----------------------------------------------------------------------------- agreement


@dataclass(frozen=True)
class RowResult:
    harm: str
    expected: str
    got: str
    distance: int  # signed steps; 0 agrees


@dataclass(frozen=True)
class CaseResult:
    slug: str
    edition: str
    rows: tuple[RowResult, ...]
    multi_risk_expected: bool | None = None
    multi_risk_got: bool | None = None
    measures_missing: tuple[str, ...] = ()
    measures_forbidden_present: tuple[str, ...] = ()
    measures_checked: bool = False

    @property
    def exact(self) -> int:
        return sum(r.distance == 0 for r in self.rows)

    @property
    def within_one(self) -> int:
        return sum(abs(r.distance) <= 1 for r in self.rows)

    @property
    def over2(self) -> int:
        return sum(r.distance >= 2 for r in self.rows)

    @property
    def under2(self) -> int:
        return sum(r.distance <= -2 for r in self.rows)

    @property
    def multi_risk_agrees(self) -> bool | None:
        if self.multi_risk_expected is None or self.multi_risk_got is None:
            return None
        return self.multi_risk_expected == self.multi_risk_got


@dataclass(frozen=True)
class Agreement:
    """How far the method agrees with a set of cases."""

    cases: tuple[CaseResult, ...]
    method: str = ""

    @property
    def rows(self) -> int:
        return sum(len(c.rows) for c in self.cases)

    def share(self, attr: str) -> float:
        total = self.rows
        return sum(getattr(c, attr) for c in self.cases) / total if total else 0.0

    @property
    def summary(self) -> dict[str, Any]:
        stated = [c.multi_risk_agrees for c in self.cases if c.multi_risk_agrees is not None]
        return {
            "rows": self.rows,
            "exact": sum(c.exact for c in self.cases),
            "within_one": sum(c.within_one for c in self.cases),
            "exact_share": round(self.share("exact"), 4),
            "within_one_share": round(self.share("within_one"), 4),
            "over2": sum(c.over2 for c in self.cases),
            "under2": sum(c.under2 for c in self.cases),
            "multi_risk_agree": sum(stated),
            "multi_risk_stated": len(stated),
            "measures_missing": sum(len(c.measures_missing) for c in self.cases),
            "measures_forbidden_present": sum(
                len(c.measures_forbidden_present) for c in self.cases
            ),
        }

    def line(self) -> str:
        """The summary in one sentence."""
        s = self.summary
        return (
            f"{s['rows']} levels: {s['exact_share']:.0%} the same as the operator's, "
            f"{s['within_one_share']:.0%} within one step; {s['over2']} two or more steps higher, "
            f"{s['under2']} two or more lower; multi-risk agrees on {s['multi_risk_agree']} of "
            f"{s['multi_risk_stated']} cases that state it; {s['measures_missing']} expected "
            f"measures missing, {s['measures_forbidden_present']} ruled-out measures present."
        )


def case_result(
    case: Case,
    levels: Mapping[str, str],
    multi_risk: bool | None,
    measure_ids: Iterable[str] | None,
) -> CaseResult:
    """Compare one case with the method's final levels (and measures, where given)."""
    rows = tuple(
        RowResult(
            e.harm,
            e.text,
            levels[_harm_in(e.harm, levels)],
            e.distance(levels[_harm_in(e.harm, levels)]),
        )
        for e in case.levels
        if _harm_in(e.harm, levels) is not None
    )
    missing: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    if measure_ids is not None:
        got = set(measure_ids)
        missing = tuple(sorted(case.measures_expected - got))
        forbidden = tuple(sorted(case.measures_forbidden & got))
    return CaseResult(
        slug=case.slug,
        edition=case.edition,
        rows=rows,
        multi_risk_expected=case.multi_risk,
        multi_risk_got=multi_risk,
        measures_missing=missing,
        measures_forbidden_present=forbidden,
        measures_checked=measure_ids is not None
        and bool(case.measures_expected or case.measures_forbidden),
    )


# A 2024-12 case names the suicide kind by its old id; the 2026-06 edition widened it.
_ALIASES = {"suicide": "suicide_self_harm", "suicide_self_harm": "suicide"}


def _harm_in(harm: str, levels: Mapping[str, str]) -> str | None:
    if harm in levels:
        return harm
    alias = _ALIASES.get(harm)
    return alias if alias in levels else None


def agreement(
    cases: Sequence[Case],
    weights: Weights,
    registers_for: Callable[[str], Any],
    today: dt.date,
) -> Agreement:
    """Run the whole illegal content assessment on every case and compare levels, multi-risk and
    measures (the slow, complete path; :class:`LevelScorer` is the fast one for levels)."""
    from osa_toolkit.core.assessments.illegal_content import (
        assess_illegal_content,  # a cycle otherwise
    )

    results = []
    for case in cases:
        a = assess_illegal_content(case.profile, registers_for(case.edition), weights, today=today)
        # the measures that apply; one that hangs on an unknown answer (listed apart by
        # ``assess --json``) is not counted as listed
        listed = [m.id for m in a.measures if not m.uncertain]
        results.append(case_result(case, a.levels, a.multi_risk, listed))
    return Agreement(tuple(results), weights.method)


def agreement_to_dict(a: Agreement) -> dict[str, Any]:
    """The agreement as JSON-ready data (the ``calibrate --json`` document)."""
    return {
        "method": a.method,
        "summary": a.summary,
        "cases": [
            {
                "slug": c.slug,
                "edition": c.edition,
                "rows": len(c.rows),
                "exact": c.exact,
                "within_one": c.within_one,
                "over2": c.over2,
                "under2": c.under2,
                "multi_risk": {"expected": c.multi_risk_expected, "got": c.multi_risk_got},
                "measures_checked": c.measures_checked,
                "measures_missing": list(c.measures_missing),
                "measures_forbidden_present": list(c.measures_forbidden_present),
                "levels": [dataclasses.asdict(r) for r in c.rows],
            }
            for c in a.cases
        ],
    }


# ----------------------------------------------------------------------------- fast level scoring


class LevelScorer:
    """Levels (and multi-risk) for every case under many weight sets, with the batch engine.

    The features of the cases are worked out once per edition; each :meth:`agreement` then costs only
    the arithmetic of :func:`osa_toolkit.core.analysis.batch.score`. Measures are not compared on this path.
    """

    def __init__(self, cases: Sequence[Case], registers_for: Callable[[str], Any], today: dt.date):
        from osa_toolkit.core.analysis.batch import compile_features, features
        from osa_toolkit.core.facts import ServiceFacts
        from osa_toolkit.core.method.measures import multi_risk_harms

        self.cases = tuple(cases)
        self._compiled = {}
        self._facts = {}
        for edition in sorted({c.edition for c in self.cases}):
            regs = registers_for(edition)
            group = {c.slug: c.profile for c in self.cases if c.edition == edition}
            self._compiled[edition] = compile_features(features(group, regs, today=today))
            counted = multi_risk_harms(regs)
            for slug, profile in group.items():
                self._facts[slug] = ServiceFacts(
                    profile=profile, thresholds=regs.edition.thresholds, multi_risk_harms=counted
                )

    def levels(self, weights: Weights) -> dict[str, dict[str, str]]:
        from osa_toolkit.core.analysis.batch import score

        out: dict[str, dict[str, str]] = {}
        for compiled in self._compiled.values():
            scored = score(compiled, weights)
            for sid, harm, level in zip(
                scored["service"], scored["harm"], scored["level"], strict=True
            ):
                out.setdefault(str(sid), {})[str(harm)] = str(level)
        return out

    def agreement(self, weights: Weights) -> Agreement:
        levels = self.levels(weights)
        results = []
        for case in self.cases:
            got = levels[case.slug]
            facts = self._facts[case.slug]
            multi = facts.with_levels(got, facts.multi_risk_harms)("multi_risk", ())
            results.append(case_result(case, got, multi, None))
        return Agreement(tuple(results), weights.method)


# ----------------------------------------------------------------------------- fitting

# What the fit may move, and within what bounds: every value keeps the method's invariants (factor
# weights stay non-negative, so adding a factor never lowers a level; the matrix is not searched).
FIT_SPACE: Mapping[str, tuple[float, float, float]] = {
    # key: (lowest, highest, step)
    "likelihood.factor_weight_default": (0.25, 1.0, 0.05),
    "likelihood.missing_evidence_points": (0.0, 1.5, 0.25),
    "likelihood.moderated_points": (-1.0, 1.0, 0.25),
    "likelihood.control_points": (-0.5, 0.0, 0.05),
    "likelihood.control_points_floor": (-2.0, 0.0, 0.25),
    "likelihood.bands[0]": (-2.0, 0.5, 0.25),
    "likelihood.bands[1]": (1.0, 5.5, 0.25),
    "likelihood.bands[2]": (2.5, 7.0, 0.25),
    "likelihood.reach_points": (0.0, 2.0, 0.25),
    "impact.children_points": (0.0, 2.0, 0.5),
    "impact.bands[0]": (2.0, 4.0, 0.5),
    "impact.bands[1]": (4.0, 6.5, 0.5),
}

# Loss per level row by how far it is from the operator's level, and per case whose multi-risk call
# differs. Being two steps off costs far more than one; being two steps too LOW costs most, because
# understating a risk is the more harmful error.
LOSS = {"exact": 0.0, "one": 1.0, "over2": 6.0, "under2": 10.0, "multi_risk": 6.0}


def objective(a: Agreement) -> float:
    """The loss the fit minimises (lower is better): see :data:`LOSS`."""
    total = 0.0
    for c in a.cases:
        for r in c.rows:
            d = r.distance
            total += (
                LOSS["exact"]
                if d == 0
                else LOSS["one"]
                if abs(d) == 1
                else LOSS["over2"]
                if d > 0
                else LOSS["under2"]
            )
        if c.multi_risk_agrees is False:
            total += LOSS["multi_risk"]
    return total


@dataclass(frozen=True)
class FitResult:
    """The weights the fit reached, the objective before and after, and what moved."""

    raw: Mapping[str, Any]
    before: float
    after: float
    changes: Mapping[str, tuple[float, float]]  # key -> (from, to)
    passes: int
    agreement: Agreement = field(repr=False, default=None)  # type: ignore[assignment]


def _grid(lo: float, hi: float, step: float) -> list[float]:
    n = int(round((hi - lo) / step))
    return [round(lo + i * step, 6) for i in range(n + 1)]


def fit(
    scorer: LevelScorer,
    base: Weights,
    space: Mapping[str, tuple[float, float, float]] = FIT_SPACE,
    max_passes: int = 6,
) -> FitResult:
    """Coordinate search: for each key of ``space`` in turn, try every value on its grid with the
    others held, keep the best (ties keep the current value, so the result is reproducible), and
    repeat until a pass changes nothing. Candidates the loader refuses (bands that overlap, a floor
    above the control points) are skipped."""
    raw = dict(base.raw)
    start = numeric_weights(raw)
    keys = [k for k in space if k in start]
    current = base
    best = objective(scorer.agreement(current))
    before = best
    passes = 0
    for passes in range(1, max_passes + 1):  # noqa: B007
        moved = False
        for key in keys:
            here = numeric_weights(raw)[key]
            for value in _grid(*space[key]):
                if value == here:
                    continue
                candidate = with_weights(raw, {key: value})
                try:
                    w = weights_from_mapping(candidate, "fit")
                except WeightsError:
                    continue
                loss = objective(scorer.agreement(w))
                if loss < best - 1e-9:
                    best, raw, current, here, moved = loss, candidate, w, value, True
        if not moved:
            break
    after_values = numeric_weights(raw)
    changes = {k: (start[k], after_values[k]) for k in keys if start[k] != after_values[k]}
    return FitResult(raw, before, best, changes, passes, scorer.agreement(current))


def leave_one_out(
    cases: Sequence[Case],
    base: Weights,
    registers_for: Callable[[str], Any],
    today: dt.date,
    space: Mapping[str, tuple[float, float, float]] = FIT_SPACE,
    max_passes: int = 3,
) -> Agreement:
    """Each case scored with weights fitted on all the *other* cases: what a fit would give a
    service it has never seen. A fit that only memorises its cases scores worse here."""
    results = []
    for i, held in enumerate(cases):
        rest = [c for j, c in enumerate(cases) if j != i]
        fitted = fit(LevelScorer(rest, registers_for, today), base, space, max_passes)
        w = weights_from_mapping(fitted.raw, "fit")
        results.append(LevelScorer([held], registers_for, today).agreement(w).cases[0])
    return Agreement(tuple(results), base.method)
