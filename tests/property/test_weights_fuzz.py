"""Any TOML as weightings gives weights or one WeightsError sentence.

``weights_from_mapping`` on arbitrary data and on the shipped weightings with random changes,
``load_weights(overrides=FILE)`` and ``load_weight_set`` on generated TOML, text and bytes, and a
list of hostile files. Weights that load must keep their own rules (bands finite and rising, the
matrix never falling) and score a service without an unexpected exception.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.core.method.weights import (
    default_weights_path,
    load_weights,
    weights_from_mapping,
)
from osa_toolkit.files.weight_sets import load_weight_set

from osa_toolkit.core.vocabulary import level_index
from tests.core.profiles import profile
from tests.property.conftest import any_int_digits, time_limit
from tests.property.strategies import fuzz_settings, json_values, mutated, valid_or_one_error

DEFAULT = tomllib.loads(default_weights_path().read_text("utf-8"))
PROFILE = profile(**{"evidence.by_harm": {"hate": {"reports": 3, "confirmed": 2}}})

TOML_SCALARS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, 2, 3, 5, -1, 0.5, 2.0, 4.0, 10**30]),
    st.booleans(),
    st.text(max_size=8),
    st.sampled_from(["low", "medium", "high", "negligible", "ofcom_factors_v1", "default"]),
    st.dates(),
    st.datetimes(),
)
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(sorted(DEFAULT)), st.text(max_size=6)), inner, max_size=3
        ),
    ),
    max_leaves=8,
)
SECTIONS = ["likelihood", "impact", "severity", "matrix", "rules", "children"]
OVERRIDES = st.dictionaries(
    st.sampled_from([*SECTIONS, "method", "extra"]),
    st.one_of(
        TOML_SCALARS,
        st.dictionaries(
            st.sampled_from(
                [
                    "bands",
                    "factor_weights",
                    "factor_weight_default",
                    "reach_users",
                    "children_points",
                    "severity",
                    "age_group_points",
                    "severe_incident_floor",
                    "1",
                    "2",
                    "3",
                    "default",
                    "hate",
                    "1d",
                ]
            ),
            TOML_VALUES,
            max_size=3,
        ),
    ),
    max_size=3,
)


def _check_weights(w) -> None:
    """Rules every loaded set keeps, and it can score a service."""
    for bands in (w.likelihood_bands, w.impact_bands):
        assert all(math.isfinite(b) for b in bands), bands
        assert bands[0] < bands[1], bands
    for i in range(3):
        for j in range(3):
            here = level_index(w.matrix[i][j])
            assert i == 2 or level_index(w.matrix[i + 1][j]) >= here
            assert j == 2 or level_index(w.matrix[i][j + 1]) >= here
    assert list(w.reach_users) == sorted(set(w.reach_users))
    assert all(type(v) is int for v in w.reach_users), w.reach_users
    valid_or_one_error(assess_illegal_content, PROFILE, weights=w)


def _from_mapping(data) -> None:
    w, _ = valid_or_one_error(weights_from_mapping, data, "fuzz.toml")
    if w is not None:
        _check_weights(w)


@fuzz_settings(100)
@given(data=json_values())
def test_any_data_as_weightings(data) -> None:
    _from_mapping(data)


@fuzz_settings(300)
@given(data=mutated(DEFAULT, TOML_VALUES))
def test_shipped_weightings_with_random_changes(data) -> None:
    _from_mapping(data)


def _overrides_file(workdir: Path, doc) -> Path:
    path = workdir / "overrides.toml"
    with any_int_digits():
        path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    return path


def _load(path: Path) -> None:
    with time_limit(20):
        w, _ = valid_or_one_error(load_weights, overrides=path)
    if w is not None:
        _check_weights(w)


@fuzz_settings(200)
@given(doc=OVERRIDES)
def test_any_overrides_file(workdir: Path, doc) -> None:
    _load(_overrides_file(workdir, doc))


@fuzz_settings(80)
@given(content=st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_any_text_or_bytes_as_overrides(workdir: Path, content) -> None:
    path = workdir / "overrides.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    _load(path)


@fuzz_settings(80)
@given(
    about=st.one_of(
        st.none(), st.dictionaries(st.sampled_from(["name", "who", "why", "saved_at"]), TOML_VALUES)
    ),
    changes=OVERRIDES,
)
def test_any_saved_weight_set(workdir: Path, about, changes) -> None:
    doc = {**DEFAULT, **changes}
    if about is not None:
        doc["about"] = about
    path = workdir / "set.toml"
    with any_int_digits():
        path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    with time_limit(20):
        ws, _ = valid_or_one_error(load_weight_set, path)
    if ws is not None:
        _check_weights(ws.weights)


HOSTILE = {
    "huge-int.toml": "[impact]\nchildren_points = " + "1" * 5000 + "\n",
    "deep.toml": "[likelihood]\nbands = " + "[" * 3000 + "]" * 3000 + "\n",
    "deep-table.toml": "severity = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
    "nan-band.toml": "[likelihood]\nbands = [nan, 4.0]\n",
    "inf-band.toml": "[impact]\nbands = [3, inf]\n",
    "bool-reach.toml": "[impact]\nreach_users = [true, 700000, 7000000]\n",
    "severity-number.toml": "severity = 3\n",
    "severity-text.toml": 'severity = "ab"\n',
    "weights-number.toml": "[likelihood]\nfactor_weights = 3\n",
    "children-number.toml": "[children]\nseverity = 3\n",
    "children-text.toml": '[children]\nage_group_points = "xy"\n',
    "latin-1.toml": b'method = "caf\xe9"\n',
    "nul.toml": 'method = "a\x00"\n',
    "not-toml.toml": "{{{",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_weightings(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    content = HOSTILE[name]
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with time_limit(20):
        w, message = valid_or_one_error(load_weights, overrides=path)
    assert w is None, f"{name} was accepted"
    assert name in message, message
    assert "set_int_max_str_digits" not in message, message


def test_a_folder_given_as_the_weightings_file(tmp_path: Path) -> None:
    w, message = valid_or_one_error(load_weights, overrides=tmp_path)
    assert w is None and str(tmp_path) in message
