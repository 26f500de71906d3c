"""Hypothesis strategies and helpers shared by the property tests (imported, not collected).

Everything here is bounded (sizes, depths, example counts) so that the whole property suite stays
well under a minute on 2 cores, and deterministic (``derandomize=True``: the same examples on every
run and in CI; no example database is written).
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import os
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from osa_toolkit.core.errors import OsaToolkitError


def fuzz_settings(max_examples: int) -> settings:
    """Deterministic, no deadline, no example database, no health check for slow data.

    For a longer, different campaign (not in CI): ``OSA_FUZZ_SCALE=10`` runs ten times the
    examples, and ``OSA_FUZZ_RANDOM=1`` draws new ones on each run instead of the fixed ones.
    """
    scale = float(os.environ.get("OSA_FUZZ_SCALE", "1"))
    return settings(
        max_examples=max(1, round(max_examples * scale)),
        derandomize=os.environ.get("OSA_FUZZ_RANDOM", "") not in ("1", "true", "yes"),
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# ----------------------------------------------------------------------------- the contract


def assert_one_sentence(err: BaseException) -> str:
    """The error is an OsaToolkitError with a one-line message (and nothing else)."""
    assert isinstance(err, OsaToolkitError), f"{type(err).__name__}: {err}"
    message = str(err)
    assert message.strip(), "an empty error message"
    assert len(message.splitlines()) == 1, f"a message of several lines: {message!r}"
    assert "Traceback" not in message
    return message


def valid_or_one_error(call, *args: Any, **kwargs: Any) -> tuple[Any, str | None]:
    """``(result, None)`` or ``(None, message)``; any exception but an OsaToolkitError fails.

    Inside a hypothesis test each outcome is counted (``--hypothesis-show-statistics``)."""
    name = getattr(call, "__name__", "call")
    try:
        result = call(*args, **kwargs)
    except OsaToolkitError as err:
        _count(f"{name}: refused ({type(err).__name__})")
        return None, assert_one_sentence(err)
    _count(f"{name}: valid")
    return result, None


def _count(outcome: str) -> None:
    if currently_in_test_context():
        event(outcome)


def assert_cli_contract(code: int, err: str, valid_codes: tuple[int, ...] = (0, 2)) -> None:
    """Exit code 0 (valid) or 2 (bad input); on 2 exactly one line on stderr; never a traceback."""
    assert code in valid_codes, f"exit code {code}; stderr: {err!r}"
    assert "Traceback" not in err, err
    if code == 2:
        lines = err.splitlines()
        assert len(lines) == 1, f"stderr is not one line: {err!r}"
        assert lines[0].startswith("osa-toolkit "), lines[0]


# ----------------------------------------------------------------------------- values

HUGE_INTS = st.sampled_from([10**400, -(10**400), 2**63, -(2**63) - 1, 2**64])
"""Big, but printable: ints over 4300 digits are in the hostile-document tests (hypothesis cannot
repr them)."""
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    HUGE_INTS,
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "unknown",
            "true",
            "yes",
            "1",
            "ICU C1",
            "discourse",
            "2024-13-45",
            "2024-02-29",
            "<script>alert(1)</script>",
            "a\nb",
            "\u2028",
            "\x00",
            "\ufeff",
            "\ud800",
            "a\udfffb",
            "é" * 3,
            "x" * 300,
        ]
    ),
)
"""JSON scalars and then some: NaN, infinities, huge ints, control and unicode characters."""

PROFILE_WORDS = [
    "profile_version",
    "service",
    "name",
    "software",
    "started_on",
    "provider",
    "kind",
    "scope",
    "user_to_user",
    "search_engine",
    "uk_target_market",
    "users",
    "uk_monthly_active_users",
    "total_monthly_active_users",
    "service_types",
    "children",
    "non_designated",
    "terms_prohibit",
    "functionalities",
    "search",
    "search_type",
    "controls",
    "measure",
    "since",
    "evidence",
    "by_harm",
    "reports",
    "confirmed",
]
KEYS = st.one_of(st.sampled_from(PROFILE_WORDS), st.text(max_size=8))


def json_values(keys: st.SearchStrategy[str] = KEYS, leaves: int = 16) -> st.SearchStrategy[Any]:
    """Arbitrary nested JSON-like data (lists and string-keyed mappings), bounded."""
    return st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)
        ),
        max_leaves=leaves,
    )


YAML_EXTRA_SCALARS = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(),
    st.binary(max_size=8),
)
"""What YAML can hold and JSON cannot (dates, timestamps, binary)."""


def yaml_values(leaves: int = 16) -> st.SearchStrategy[Any]:
    """Like :func:`json_values` plus dates, timestamps, bytes, and non-string keys."""
    keys = st.one_of(
        KEYS, st.integers(-5, 5), st.booleans(), st.none(), st.dates(), st.floats(width=16)
    )
    return st.recursive(
        st.one_of(SCALARS, YAML_EXTRA_SCALARS),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)
        ),
        max_leaves=leaves,
    )


# ----------------------------------------------------------------------------- mutations


def paths(node: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every path (a tuple of keys and indexes) into ``node``, the root ``()`` first."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*prefix, index))


def _at(node: Any, path: tuple) -> Any:
    for part in path:
        node = node[part]
    return node


@st.composite
def mutated(draw, base: Any, values: st.SearchStrategy[Any], max_changes: int = 3) -> Any:
    """``base`` (deep-copied) with 1..max_changes random changes: a value replaced, a key or item
    removed, a key added, or a list item duplicated. Most changes land deep in the document, so
    validation gets past its first checks."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, max_changes))):
        where = draw(st.sampled_from(list(paths(doc))))
        change = draw(st.sampled_from(["replace", "remove", "add", "duplicate"]))
        if not where:
            if change == "replace":
                doc = draw(values)
            continue
        parent, last = _at(doc, where[:-1]), where[-1]
        if change == "replace":
            parent[last] = draw(values)
        elif change == "remove":
            del parent[last]
        elif change == "add" and isinstance(parent, dict):
            parent[draw(KEYS)] = draw(values)
        elif change == "add":
            parent.insert(draw(st.integers(0, len(parent))), draw(values))
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return doc


def finite(value: Any) -> bool:
    """Whether ``value`` holds no NaN or infinity anywhere (for formats that cannot write them)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, list):
        return all(finite(v) for v in value)
    return True


# ----------------------------------------------------------------------------- raw text

YAML_FRAGMENTS = [
    "!!python/object:os.system {}",
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1, b: 2]",
    "!!pairs [a: 1, a: 2]",
    "!!timestamp 2024-01-01",
    "!!float nan",
    "!!int 12",
    "!!str 12",
    "!local x",
    "!<tag:example.org,2000:x> y",
    ".nan",
    ".inf",
    "-.inf",
    "&a [1, 2]",
    "*a",
    "*nowhere",
    "[&b x, *b, *b]",
    "{<<: {name: merged}, scope: {}}",
    "? [a, b]\n  : 1",
    "? {a: 1}\n  : 1",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "0x1F",
    "0o17",
    "1_000",
    "2024-13-45",
    "2019-05-04 10:00:00",
    "1e400",
    "9" * 5000,
    "'quoted'",
    '"esc \\x41 \\u263A"',
    '"bad \\q escape"',
    "|\n  block\n  text",
    ">\n  folded",
    "{",
    "[",
    "]",
    "}",
    ":",
    "- ",
    "%YAML 1.1",
    "---",
    "...",
    "\t",
    "\x00",
    "\ufeff",
    "\x85",
    "é",
    "<script>alert(1)</script>",
]
PROFILE_LINES = [
    "profile_version: 1",
    "service:",
    "  name: Fuzz",
    "  software: discourse",
    "scope:",
    "  user_to_user: true",
    "  search_engine: true",
    "functionalities:",
    "  hyperlinks: true",
    "controls:",
    "  - measure: ICU C1",
    "evidence:",
    "  by_harm:",
    "    hate: {reports: 1, confirmed: 1}",
    "children:",
    "  non_designated:",
    "    - {id: x, name: y}",
]


@st.composite
def yaml_texts(draw) -> str:
    """YAML-ish text: profile lines with fragments (tags, anchors, aliases, bad syntax) mixed in."""
    lines = draw(
        st.lists(
            st.one_of(
                st.sampled_from(PROFILE_LINES),
                st.builds(
                    lambda indent, key, frag: f"{indent}{key}: {frag}",
                    st.sampled_from(["", "  ", "    ", "\t"]),
                    st.sampled_from(PROFILE_WORDS),
                    st.sampled_from(YAML_FRAGMENTS),
                ),
                st.sampled_from(YAML_FRAGMENTS),
                st.text(max_size=20),
            ),
            max_size=14,
        )
    )
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))


def laughs(levels: int, width: int, value: str = "lol") -> str:
    """One YAML flow value that defines its anchors inline: ``width ** levels`` leaves once
    expanded (a "billion laughs" document), though only ``levels * width`` nodes are written."""
    node = f"&l0 [{', '.join([value] * width)}]"
    for level in range(1, levels):
        rest = ", ".join([f"*l{level - 1}"] * (width - 1))
        node = f"&l{level} [{node}, {rest}]"
    return node
