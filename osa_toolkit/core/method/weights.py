"""Weights and level bands of the indicative scoring method, read from ``osa_toolkit/data/scoring.toml``.

The numbers live in data so analysts can tune them; this module only reads, validates and applies them.

>>> w = load_weights()
>>> w.method, w.likelihood_word(w.likelihood_band(1.0)), w.level(w.likelihood_band(1.0), w.impact_band(2))
('ofcom_factors_v2', 'unlikely', 'low')
>>> load_weights(default_weights_path("ofcom_factors_v1")).method
'ofcom_factors_v1'
"""

from __future__ import annotations

import bisect
import copy
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from osa_toolkit.core.errors import WeightsError, parse_problem, shown
from osa_toolkit.core.input_files import read_input_text
from osa_toolkit.core.vocabulary import LEVELS, level_index
from osa_toolkit.paths import data_dir


@dataclass(frozen=True)
class MethodRules:
    """What a method id means beyond its numbers: the rules that differ between method versions.

    A saved record names its method; an older method stays loadable so its records can be re-scored
    and compared as they were made.
    """

    title: str  # the method's name in words (pages and records never show the id)
    likelihood_words: tuple[str, ...]  # one per likelihood band, lowest first
    children_fact: str  # the fact that gives the children impact points
    bound_unknown_users: bool  # an unknown UK figure is bounded by the total users for reach
    moderation_is_evidence: bool  # moderation in place without figures is its own evidence state
    lowest_band_needs_no_factor: bool = (
        False  # the lowest likelihood band only with no linked factor
    )


METHODS: Mapping[str, MethodRules] = MappingProxyType(
    {
        "ofcom_factors_v1": MethodRules(
            title="the toolkit's first factor-counting method (2026-11)",
            likelihood_words=("unlikely", "possible", "likely"),
            children_fact="children_can_access",
            bound_unknown_users=False,
            moderation_is_evidence=False,
        ),
        "ofcom_factors_v2": MethodRules(
            title="the toolkit's calibrated factor-and-evidence method (2026-12)",
            likelihood_words=("remote", "unlikely", "possible", "likely"),
            children_fact="likely_accessed_by_children",
            bound_unknown_users=True,
            moderation_is_evidence=True,
            lowest_band_needs_no_factor=True,
        ),
    }
)
CURRENT_METHOD = "ofcom_factors_v2"

# key -> (lowest, highest) for every number an analyst may set.
RANGES: dict[str, tuple[float, float]] = {
    "likelihood.factor_weight_default": (0, 5),
    "likelihood.missing_evidence_points": (0, 5),
    "likelihood.no_incident_points": (-5, 0),
    "likelihood.confirmed_incident_points": (0, 5),
    "likelihood.high_rate_points": (0, 5),
    "likelihood.high_rate_per_10k_users_per_year": (0, 10000),
    "likelihood.control_points": (-2, 0),
    "likelihood.control_points_floor": (-5, 0),
    "likelihood.moderated_points": (-5, 5),
    "impact.unknown_users_reach": (0, 10),
    "likelihood.reach_points": (0, 5),
    "impact.children_points": (0, 3),
    "rules.severe_incident_severity": (1, 3),
}


@dataclass(frozen=True)
class Weights:
    """A validated set of weights. ``raw`` keeps the whole TOML mapping for saving and comparing."""

    method: str
    factor_weight_default: float
    factor_weights: Mapping[str, float]
    missing_evidence_points: float
    no_incident_points: float
    confirmed_incident_points: float
    high_rate_points: float
    high_rate_per_10k_users_per_year: float
    control_points: float
    control_points_floor: float
    likelihood_bands: tuple[float, float]
    children_points: float
    reach_users: tuple[int, ...]
    impact_bands: tuple[float, float]
    severity: Mapping[str, int]
    severity_default: int
    matrix: tuple[tuple[str, str, str], ...]
    severe_incident_severity: int
    severe_incident_floor: str
    raw: Mapping[str, Any]
    child_severity: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    child_severity_default: int = 2
    age_group_points: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    age_group_points_default: float = 0.0
    moderated_points: float | None = None  # v2: moderation in place, no figures (None: as missing)
    unknown_users_reach: int | None = None  # v2: reach points when no user figure is known
    likelihood_reach_points: float = (
        0.0  # v2: likelihood points per reach point (more users, more likely)
    )
    frequent_incident_floor: str | None = (
        None  # v2: frequent confirmed incidents: at least this level
    )

    @property
    def rules(self) -> MethodRules:
        """The method's rules that are not numbers (see :data:`METHODS`)."""
        return METHODS[self.method]

    @property
    def likelihood_words(self) -> tuple[str, ...]:
        return self.rules.likelihood_words

    def likelihood_word(self, band: int) -> str:
        """The likelihood band (1 = lowest) in words."""
        return self.rules.likelihood_words[band - 1]

    def factor_weight(self, factor_id: str) -> float:
        return self.factor_weights.get(factor_id, self.factor_weight_default)

    def severity_of(self, harm_id: str) -> int:
        return self.severity.get(harm_id, self.severity_default)

    def child_severity_of(self, kind_id: str) -> int:
        """Severity (1-3) of a kind of content harmful to children (``[children.severity]``)."""
        return self.child_severity.get(kind_id, self.child_severity_default)

    def age_points(self, age_group_id: str) -> float:
        """Extra impact points for an age group (``[children.age_group_points]``)."""
        return self.age_group_points.get(age_group_id, self.age_group_points_default)

    @staticmethod
    def _band(points: float, bands: tuple[float, ...]) -> int:
        return bisect.bisect_right(bands, points) + 1

    def likelihood_band(self, points: float) -> int:
        """1 to ``len(likelihood_bands) + 1``: the method's likelihood words, lowest first
        (``ofcom_factors_v1``: unlikely, possible, likely; v2 adds remote below unlikely)."""
        return self._band(points, self.likelihood_bands)

    def impact_band(self, points: float) -> int:
        """1 limited, 2 serious, 3 severe."""
        return self._band(points, self.impact_bands)

    def reach_points(self, uk_users: int | None) -> int:
        """One point for each reach threshold the UK user count passes. Unknown: all of them, or
        ``impact.unknown_users_reach`` where the method sets it. Methods that bound an unknown UK
        figure pass ``Users.uk_users_at_most``."""
        if uk_users is None:
            return self.unknown_reach
        return sum(uk_users > t for t in self.reach_users)

    @property
    def unknown_reach(self) -> int:
        """Reach points for a service whose number of users is not known at all."""
        if self.unknown_users_reach is None:
            return len(self.reach_users)
        return min(self.unknown_users_reach, len(self.reach_users))

    def level(self, likelihood: int, impact: int) -> str:
        return self.matrix[likelihood - 1][impact - 1]


def likelihood_words(method: str) -> tuple[str, ...]:
    """The likelihood bands of a method in words, lowest first (an unknown method: the current one's)."""
    return METHODS.get(method, METHODS[CURRENT_METHOD]).likelihood_words


def method_title(method: str) -> str:
    """A method id in words, for pages and records.

    >>> method_title("ofcom_factors_v2")
    "the toolkit's calibrated factor-and-evidence method (2026-12)"
    """
    rules = METHODS.get(method)
    return rules.title if rules else "a scoring method this version of the toolkit does not know"


def default_weights_path(method: str | None = None) -> Path:
    """The shipped weightings file: ``osa_toolkit/data/scoring.toml`` (the current method), or for an older
    ``method`` the file that keeps its numbers (``osa_toolkit/data/scoring_<method>.toml``)."""
    if method is None or method == CURRENT_METHOD:
        return data_dir() / "scoring.toml"
    if not isinstance(method, str) or method not in METHODS:
        raise WeightsError(
            f"There is no scoring method {str(method)[:80]!r}; expected one of {', '.join(METHODS)}."
        )
    return data_dir() / f"scoring_{method}.toml"


def load_weights(path: str | Path | None = None, overrides: str | Path | None = None) -> Weights:
    """Read the default weights (or ``path``), apply an optional partial ``overrides`` file, validate."""
    base_path = Path(path) if path else default_weights_path()
    data = _read_toml(base_path)
    source = base_path.name
    if overrides is not None:
        over_path = Path(overrides)
        data = merge_weights(data, _read_toml(over_path), over_path.name)
        source = over_path.name
    return weights_from_mapping(data, source)


def _read_toml(path: Path) -> dict[str, Any]:
    # the one file read here goes through the guarded reader: a regular file of at most 1 MiB
    # (never a FIFO or a device), read without blocking
    # the one file read here goes through the guarded reader: a regular file of at most
    # 1 MiB (never a FIFO or a device), read without blocking
    text = read_input_text(path, WeightsError, what="weightings file")
    try:
        return tomllib.loads(text)
    except (ValueError, RecursionError) as err:  # bad TOML or UTF-8, a 5000-digit number, ...
        raise WeightsError(f"{path.name} is not valid TOML: {parse_problem(err)}.") from None


def merge_weights(
    base: Mapping[str, Any], changes: Mapping[str, Any], source: str
) -> dict[str, Any]:
    """``base`` with ``changes`` laid over it; a key that ``base`` does not have is refused."""
    merged = copy.deepcopy(dict(base))
    open_tables = {
        "severity",
        "likelihood.factor_weights",
        "children.severity",
        "children.age_group_points",
    }

    def walk(dst: dict, src: Mapping, prefix: str) -> None:
        for key, value in src.items():
            dotted = f"{prefix}{key}"
            if isinstance(value, Mapping):
                if not isinstance(dst.get(key), dict):
                    raise WeightsError(f"{source}: {dotted!r} is not a table of the weightings.")
                walk(dst[key], value, dotted + ".")
            elif key in dst or prefix.rstrip(".") in open_tables:
                dst[key] = value
            else:
                raise WeightsError(f"{source}: {dotted!r} is not a known weighting key.")

    walk(merged, changes, "")
    return merged


def _number(data: Mapping[str, Any], dotted: str, source: str) -> float:
    value: Any = data
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            raise WeightsError(f"{source}: the key {dotted!r} is missing.")
        value = value[part]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WeightsError(f"{source}: {dotted!r} must be a number; got {shown(value)}.")
    if not _finite(value):
        raise WeightsError(
            f"{source}: {dotted!r} must be a finite number below 10**15; got {shown(value)}."
        )
    if dotted in RANGES:
        lo, hi = RANGES[dotted]
        if not lo <= value <= hi:
            raise WeightsError(
                f"{source}: {dotted!r} must be between {lo} and {hi}; got {shown(value)}."
            )
    return float(value)


def _finite(value: float) -> bool:
    """Whether a number is finite and of a size the scoring can work with (10**309 is not a float)."""
    try:
        return math.isfinite(value) and abs(value) < 10**15
    except OverflowError:
        return False


def _bands(data: Mapping[str, Any], dotted: str, source: str, count: int) -> tuple:
    """``count`` strictly rising finite numbers at ``dotted``."""
    table, key = dotted.split(".")
    value = data.get(table, {}).get(key)
    ok = isinstance(value, list) and len(value) == count
    ok = ok and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    if not ok or not all(_finite(v) for v in value):
        raise WeightsError(
            f"{source}: {dotted!r} must be a list of {count} finite numbers below 10**15; "
            f"got {shown(value)}."
        )
    if any(b <= a for a, b in zip(value, value[1:], strict=False)):
        raise WeightsError(
            f"{source}: {dotted!r} must rise strictly (bands may not overlap); got {shown(value)}."
        )
    return tuple(value)


def _matrix(data: Mapping[str, Any], source: str, n_rows: int) -> tuple[tuple[str, str, str], ...]:
    table = data.get("matrix")
    rows = []
    for likelihood in (str(i) for i in range(1, n_rows + 1)):
        row = table.get(likelihood) if isinstance(table, Mapping) else None
        if not (isinstance(row, list) and len(row) == 3 and all(c in LEVELS for c in row)):
            raise WeightsError(
                f"{source}: 'matrix.{likelihood}' must list 3 levels from {', '.join(LEVELS)}; "
                f"got {row!r}."
            )
        rows.append(tuple(row))
    if isinstance(table, Mapping) and set(map(str, table)) - {str(i) for i in range(1, n_rows + 1)}:
        extra = sorted(set(map(str, table)) - {str(i) for i in range(1, n_rows + 1)})
        raise WeightsError(
            f"{source}: 'matrix' has rows 1 to {n_rows} for this method; {', '.join(extra)} "
            "is not one of them."
        )
    for i in range(n_rows):
        for j in range(3):
            here = level_index(rows[i][j])
            if (i < n_rows - 1 and level_index(rows[i + 1][j]) < here) or (
                j < 2 and level_index(rows[i][j + 1]) < here
            ):
                raise WeightsError(
                    f"{source}: the matrix cell likelihood {i + 1}, impact {j + 1} ({rows[i][j]}) is "
                    "higher than a cell to its right or below; levels must never fall as risk rises."
                )
    return tuple(rows)  # type: ignore[return-value]


def _children(data: Mapping[str, Any], source: str) -> dict[str, Any]:
    """The ``[children]`` table: severity per kind (1-3) and impact points per age group (0-3).

    A weightings mapping without the table gets severity 2 for every kind and no age points.
    """
    table = data.get("children", {})
    if not isinstance(table, Mapping):
        raise WeightsError(f"{source}: 'children' must be a table; got {table!r}.")
    for key in table:
        if key not in ("severity", "age_group_points"):
            raise WeightsError(
                f"{source}: {f'children.{key}'!r} is not a known weighting key; expected "
                "'children.severity' or 'children.age_group_points'."
            )
    severity = dict(_table(table, "severity", "children.severity", source))
    for kind, value in severity.items():
        if isinstance(value, bool) or value not in (1, 2, 3):
            raise WeightsError(
                f"{source}: {f'children.severity.{kind}'!r} must be 1, 2 or 3; got {value!r}."
            )
    points = dict(_table(table, "age_group_points", "children.age_group_points", source))
    for group, value in points.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 3:
            raise WeightsError(
                f"{source}: {f'children.age_group_points.{group}'!r} must be a number between 0 and 3; "
                f"got {value!r}."
            )
    return {
        "child_severity": MappingProxyType(
            {k: int(v) for k, v in severity.items() if k != "default"}
        ),
        "child_severity_default": int(severity.get("default", 2)),
        "age_group_points": MappingProxyType(
            {k: float(v) for k, v in points.items() if k != "default"}
        ),
        "age_group_points_default": float(points.get("default", 0)),
    }


def _table(parent: Mapping[str, Any], key: str, dotted: str, source: str) -> Mapping[str, Any]:
    """The table at ``parent[key]`` (empty when left out); anything but a table is refused."""
    value = parent.get(key, {})
    if not isinstance(value, Mapping):
        raise WeightsError(
            f"{source}: {dotted!r} must be a table of names and numbers; got {value!r}."
        )
    return value


def weights_from_mapping(data: Mapping[str, Any], source: str = "weightings") -> Weights:
    """Validate a weightings mapping (as read from TOML) and build :class:`Weights`."""
    if not isinstance(data, Mapping):
        raise WeightsError(
            f"{source}: the weightings must be a table of keys such as 'method' and 'likelihood'; "
            f"got {type(data).__name__}."
        )
    method = data.get("method")
    if not isinstance(method, str) or method not in METHODS:
        raise WeightsError(
            f"{source}: 'method' must be one of {', '.join(METHODS)}; got {str(method)[:80]!r}."
        )
    rules = METHODS[method]
    optional = {
        "likelihood.moderated_points",
        "impact.unknown_users_reach",
        "likelihood.reach_points",
    }
    num = {k: _number(data, k, source) for k in RANGES if k not in optional}
    moderated = unknown_reach = None
    if rules.moderation_is_evidence:
        moderated = _number(data, "likelihood.moderated_points", source)
    reach_likelihood = 0.0
    if rules.bound_unknown_users:
        unknown_reach = int(_number(data, "impact.unknown_users_reach", source))
        reach_likelihood = _number(data, "likelihood.reach_points", source)
    factor_weights = _table(
        data["likelihood"], "factor_weights", "likelihood.factor_weights", source
    )
    for fid, value in factor_weights.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 5:
            raise WeightsError(
                f"{source}: {f'likelihood.factor_weights.{fid}'!r} must be between 0 and 5; got {value!r}."
            )
    severity = dict(_table(data, "severity", "severity", source))
    for hid, value in severity.items():
        if value not in (1, 2, 3) or isinstance(value, bool):
            raise WeightsError(f"{source}: {f'severity.{hid}'!r} must be 1, 2 or 3; got {value!r}.")
    reach = data.get("impact", {}).get("reach_users")
    whole = lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0  # noqa: E731
    if not (isinstance(reach, list) and all(whole(v) for v in reach)) or any(
        b <= a for a, b in zip(reach, reach[1:], strict=False)
    ):
        raise WeightsError(
            f"{source}: 'impact.reach_users' must be rising whole numbers of users; "
            f"got {shown(reach)}."
        )
    floor = data.get("rules", {}).get("severe_incident_floor")
    if floor not in LEVELS:
        raise WeightsError(
            f"{source}: 'rules.severe_incident_floor' must be one of {', '.join(LEVELS)}; got {str(floor)[:80]!r}."
        )
    frequent_floor = data.get("rules", {}).get("frequent_incident_floor")
    if frequent_floor is None and rules.moderation_is_evidence:
        raise WeightsError(f"{source}: the key 'rules.frequent_incident_floor' is missing.")
    if frequent_floor is not None and frequent_floor not in LEVELS:
        raise WeightsError(
            f"{source}: 'rules.frequent_incident_floor' must be one of {', '.join(LEVELS)}; "
            f"got {str(frequent_floor)[:80]!r}."
        )
    if num["likelihood.control_points_floor"] > num["likelihood.control_points"]:
        raise WeightsError(
            f"{source}: 'likelihood.control_points_floor' must not be above 'likelihood.control_points'."
        )
    return Weights(
        method=method,
        factor_weight_default=num["likelihood.factor_weight_default"],
        factor_weights=MappingProxyType({k: float(v) for k, v in factor_weights.items()}),
        missing_evidence_points=num["likelihood.missing_evidence_points"],
        no_incident_points=num["likelihood.no_incident_points"],
        confirmed_incident_points=num["likelihood.confirmed_incident_points"],
        high_rate_points=num["likelihood.high_rate_points"],
        high_rate_per_10k_users_per_year=num["likelihood.high_rate_per_10k_users_per_year"],
        control_points=num["likelihood.control_points"],
        control_points_floor=num["likelihood.control_points_floor"],
        likelihood_bands=_bands(data, "likelihood.bands", source, len(rules.likelihood_words) - 1),
        children_points=num["impact.children_points"],
        reach_users=tuple(reach),
        impact_bands=_bands(data, "impact.bands", source, 2),
        severity=MappingProxyType({k: int(v) for k, v in severity.items() if k != "default"}),
        severity_default=int(severity.get("default", 2)),
        matrix=_matrix(data, source, len(rules.likelihood_words)),
        severe_incident_severity=int(num["rules.severe_incident_severity"]),
        severe_incident_floor=floor,
        frequent_incident_floor=frequent_floor,
        raw=MappingProxyType(copy.deepcopy(dict(data))),
        moderated_points=moderated,
        unknown_users_reach=unknown_reach,
        likelihood_reach_points=reach_likelihood,
        **_children(data, source),
    )
