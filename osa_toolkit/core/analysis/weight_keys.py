"""The numbers of a weightings mapping, addressed by one flat key each.

Sensitivity analysis, the weightings lab and the side-by-side comparison all need "every number an
analyst can set" as a flat list. A key is the dotted TOML path, with ``[i]`` for a list element:
``likelihood.factor_weight_default``, ``likelihood.bands[0]``, ``likelihood.factor_weights.1d``,
``impact.reach_users[2]``, ``severity.hate``, ``rules.severe_incident_severity``. The matrix and the
level words (``rules.severe_incident_floor``) are not numbers and are not listed.

>>> raw = {"method": "m", "likelihood": {"bands": [2.0, 4.0], "factor_weights": {"1d": 1.5}},
...        "rules": {"severe_incident_floor": "medium", "severe_incident_severity": 3}}
>>> numeric_weights(raw)
{'likelihood.bands[0]': 2.0, 'likelihood.bands[1]': 4.0, 'likelihood.factor_weights.1d': 1.5, 'rules.severe_incident_severity': 3}
>>> with_weight(raw, "likelihood.bands[1]", 5.0)["likelihood"]["bands"]
[2.0, 5.0]
>>> css_key("likelihood.bands[0]")
'likelihood-bands-0'
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from osa_toolkit.core.errors import InvalidInputError

INTEGER_KEYS = re.compile(
    r"^((children\.)?severity\.[^.]+|rules\.severe_incident_severity|impact\.unknown_users_reach|impact\.reach_users\[\d+\])$"
)
"""Keys whose value must stay a whole number (a scale step or a count of users)."""

_PART = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def numeric_weights(raw: Mapping[str, Any]) -> dict[str, int | float]:
    """Every number in a weightings mapping, by flat key, in file order."""
    out: dict[str, int | float] = {}

    def walk(node: Mapping[str, Any], prefix: str) -> None:
        for key, value in node.items():
            dotted = f"{prefix}{key}"
            if isinstance(value, Mapping):
                walk(value, dotted + ".")
            elif _is_number(value):
                out[dotted] = value
            elif isinstance(value, list) and value and all(_is_number(v) for v in value):
                for i, item in enumerate(value):
                    out[f"{dotted}[{i}]"] = item

    walk(raw, "")
    return out


def is_integer_key(key: str) -> bool:
    """Whether the value at ``key`` must be a whole number.

    >>> is_integer_key("severity.hate"), is_integer_key("impact.bands[0]")
    (True, False)
    """
    return bool(INTEGER_KEYS.match(key))


def with_weight(raw: Mapping[str, Any], key: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``raw`` with the value at ``key`` replaced (the key must exist)."""
    return with_weights(raw, {key: value})


def with_weights(raw: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of ``raw`` with the value at each key of ``changes`` replaced (one copy)."""
    data = copy.deepcopy(plain(raw))
    for key, value in changes.items():
        _set(data, key, value)
    return data


def plain(value: Any) -> Any:
    """A weightings mapping as plain dicts and lists (for TOML, JSON and comparison)."""
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _set(data: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node: Any = data
    for i, part in enumerate(parts):
        m = _PART.fullmatch(part)
        if m is None or not isinstance(node, dict) or m.group(1) not in node:
            raise InvalidInputError(f"The weighting key {key!r} is not in the weightings.")
        name, index = m.group(1), m.group(2)
        last = i == len(parts) - 1
        if index is not None:
            seq = node[name]
            if not isinstance(seq, list) or int(index) >= len(seq):
                raise InvalidInputError(f"The weighting key {key!r} is not in the weightings.")
            if last:
                seq[int(index)] = value
            else:
                node = seq[int(index)]
        elif last:
            node[name] = value
        else:
            node = node[name]


def group_of(key: str) -> str:
    """The table a key belongs to, for grouping controls and charts.

    >>> group_of("likelihood.factor_weights.1d"), group_of("impact.bands[1]")
    ('likelihood.factor_weights', 'impact')
    """
    head = key.split("[")[0].rsplit(".", 1)[0]
    return head


def css_key(key: str) -> str:
    """A key made safe for a CSS class name (``osa-w-<css_key>``)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")
