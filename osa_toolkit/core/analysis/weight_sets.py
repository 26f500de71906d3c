"""Named weighting sets with who, when and why; their audit entries; side-by-side comparison.

Pure: text and records in, text and records out. Reading and writing the files is
:mod:`osa_toolkit.files.weight_sets`. A saved set is a TOML file of the whole weightings (the shape of
``osa_toolkit/data/scoring.toml``) with an ``[about]`` table first::

    [about]
    name = "cautious-2026"
    who = "A. Analyst"
    why = "Raise the weight of file sharing after the March review"
    saved_at = 2026-11-28T10:15:00Z

Weightings that are out of range or inconsistent (bands that overlap, a floor above the control
points…) are refused with the :class:`~osa_toolkit.core.errors.WeightsError` sentence of
:func:`~osa_toolkit.core.method.weights.weights_from_mapping`.

>>> from osa_toolkit.core.method.weights import load_weights
>>> ws = make_weight_set("demo", load_weights(), "A. Analyst", "try it",
...                      dt.datetime(2026, 11, 28, 10, 15, tzinfo=dt.UTC))
>>> back = weight_set_from_toml(weight_set_to_toml(ws), "demo.toml")
>>> back == ws, back.saved_at.isoformat()
(True, '2026-11-28T10:15:00+00:00')
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import tomli_w

from osa_toolkit.core.analysis.weight_keys import numeric_weights, plain
from osa_toolkit.core.errors import WeightsError, parse_problem
from osa_toolkit.core.method.weights import Weights, weights_from_mapping

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
HEADER = (
    "# osa-toolkit weightings set: the toolkit's own aid to judgement, not Ofcom's numbers.\n"
    "# Saved by the weightings lab; [about] says who saved it, when (UTC) and why.\n"
)


@dataclass(frozen=True)
class WeightSet:
    """A validated set of weights with its name and who saved it, when (UTC) and why."""

    name: str
    who: str
    why: str
    saved_at: dt.datetime
    weights: Weights

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WeightSet):
            return NotImplemented
        same = (self.name, self.who, self.why, self.saved_at) == (
            other.name,
            other.who,
            other.why,
            other.saved_at,
        )
        return same and plain(self.weights.raw) == plain(other.weights.raw)

    __hash__ = None  # type: ignore[assignment]


def check_name(name: object) -> str:
    """A set's name becomes its file name, so it is a short slug.

    >>> check_name("Cautious 2026")
    Traceback (most recent call last):
    ...
    osa_toolkit.core.errors.WeightsError: The weightings set name must be lower-case letters, digits, '-' or '_' (at most 64, starting with a letter or digit), such as 'cautious-2026'; got 'Cautious 2026'.
    """
    if not isinstance(name, str) or not NAME.match(name):
        raise WeightsError(
            "The weightings set name must be lower-case letters, digits, '-' or '_' (at most 64, "
            f"starting with a letter or digit), such as 'cautious-2026'; got {name!r}."
        )
    return name


def make_weight_set(
    name: str,
    weights: Weights | Mapping[str, Any],
    who: str,
    why: str,
    saved_at: dt.datetime | None = None,
) -> WeightSet:
    """Validate everything (the name, who and why are required; the weights by the loader's rules)."""
    check_name(name)
    for label, text in (("who saved it", who), ("why it was saved", why)):
        if not isinstance(text, str) or not text.strip():
            raise WeightsError(f"The weightings set {name!r} needs {label}; it was left blank.")
    raw = weights.raw if isinstance(weights, Weights) else weights
    checked = weights_from_mapping(plain(raw), name)
    when = (saved_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    return WeightSet(name, who.strip(), why.strip(), when, checked)


def weight_set_to_toml(ws: WeightSet) -> str:
    """The TOML text of a set: the ``[about]`` table, then the whole weightings."""
    about = {"name": ws.name, "who": ws.who, "why": ws.why, "saved_at": ws.saved_at}
    body = {k: v for k, v in plain(ws.weights.raw).items() if k != "about"}
    return HEADER + tomli_w.dumps({"about": about, **body})


def weight_set_from_toml(text: str, source: str) -> WeightSet:
    """Read a set back, validated. A plain weightings file (no ``[about]``) is accepted too: its
    name comes from ``source`` and who/why are recorded as not given."""
    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError) as err:  # bad TOML, a 5000-digit number, deep nesting
        raise WeightsError(f"{source} is not valid TOML: {parse_problem(err)}.") from None
    about = data.pop("about", None)
    stem = re.sub(r"\.toml$", "", source.rsplit("/", 1)[-1])
    if about is None:
        about = {"name": stem, "who": "not given", "why": "not given"}
    if not isinstance(about, Mapping):
        raise WeightsError(f"{source}: 'about' must be a table with name, who, why and saved_at.")
    when = about.get("saved_at")
    if when is not None and not isinstance(when, dt.datetime):
        raise WeightsError(f"{source}: 'about.saved_at' must be a date and time; got {when!r}.")
    if isinstance(when, dt.datetime) and when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    weights = weights_from_mapping(data, source)
    name = about.get("name", stem)
    return make_weight_set(
        name, weights, str(about.get("who", "")), str(about.get("why", "")), when or _epoch()
    )


def _epoch() -> dt.datetime:
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def audit_entry(ws: WeightSet, action: str, file: str, text: str) -> dict[str, Any]:
    """One line of the audit log: what was done to which set, by whom, when, why, and the file's
    SHA-256 (so a later reader can tell the file was not changed since)."""
    return {
        "at": ws.saved_at.isoformat().replace("+00:00", "Z"),
        "action": action,
        "name": ws.name,
        "who": ws.who,
        "why": ws.why,
        "file": file,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }


def all_weights(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Every setting by flat key: the numbers (as :func:`numeric_weights`) and the words (method,
    matrix rows, the severe-incident floor)."""
    out: dict[str, Any] = {}
    numbers = numeric_weights(raw)

    def walk(node: Mapping[str, Any], prefix: str) -> None:
        for key, value in node.items():
            dotted = f"{prefix}{key}"
            if key == "about" and not prefix:
                continue
            if isinstance(value, Mapping):
                walk(value, dotted + ".")
            elif dotted in numbers or f"{dotted}[0]" in numbers:
                out.update({k: v for k, v in numbers.items() if k.split("[")[0] == dotted})
            else:
                out[dotted] = ", ".join(map(str, value)) if isinstance(value, list) else value

    walk(raw, "")
    return out


def compare_weight_sets(
    a: Weights | WeightSet, b: Weights | WeightSet, only_changed: bool = False
) -> pd.DataFrame:
    """Two sets side by side: ``key, set_a, set_b, changed`` (a key one set lacks shows ``None``)."""
    raws = [x.weights.raw if isinstance(x, WeightSet) else x.raw for x in (a, b)]
    left, right = all_weights(raws[0]), all_weights(raws[1])
    keys = list(left) + [k for k in right if k not in left]
    table = pd.DataFrame(
        {
            "key": keys,
            "set_a": [left.get(k) for k in keys],
            "set_b": [right.get(k) for k in keys],
        },
        dtype=object,
    )
    table["changed"] = [left.get(k) != right.get(k) for k in keys]
    if only_changed:
        table = table[table["changed"]].reset_index(drop=True)
    return table
