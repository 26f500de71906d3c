"""Any JSON given as a stored record gives a record or one RecordError sentence.

For each kind (illegal content, children's risk, age assurance, children's access): arbitrary JSON
data, and a real record's JSON with random changes deep inside, through ``*_from_dict``. A record
that loads must also render (Markdown, HTML, JSON) and compare with the original without an
unexpected exception, as ``records show``, ``records diff`` and ``report --record`` do with it.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osa_toolkit.core.caa_record import caa_record_from_dict, caa_record_to_dict
from osa_toolkit.core.children_diff import diff_age_assurance_records, diff_childrens_risk_records
from osa_toolkit.core.children_records import (
    age_assurance_record_from_dict,
    children_record_to_dict,
    childrens_risk_record_from_dict,
)
from osa_toolkit.core.diff import diff_records, diff_to_text
from osa_toolkit.core.record import record_from_dict, record_to_dict
from osa_toolkit.report import render
from tests.property.strategies import fuzz_settings, json_values, mutated, valid_or_one_error
from tests.security.sample_records import build_records

RECORDS = build_records("Fuzz <b>")
KINDS = {
    "illegal_content": (record_to_dict, record_from_dict, diff_records),
    "childrens_risk": (
        children_record_to_dict,
        childrens_risk_record_from_dict,
        diff_childrens_risk_records,
    ),
    "age_assurance": (
        children_record_to_dict,
        age_assurance_record_from_dict,
        diff_age_assurance_records,
    ),
    "childrens_access": (caa_record_to_dict, caa_record_from_dict, None),
}
DOCUMENTS = {kind: json.loads(json.dumps(to(RECORDS[kind]))) for kind, (to, _, _) in KINDS.items()}
RECORD_VALUES = json_values(
    keys=st.one_of(
        st.sampled_from(sorted({k for d in DOCUMENTS.values() for k in d})), st.text(max_size=6)
    ),
    leaves=6,
)


def _use(kind: str, record) -> None:
    """What the CLI and the app do with a loaded record: render it, compare it with another."""
    if kind != "childrens_access":  # the children's access record has no export of its own
        for fmt in ("md", "html", "json"):
            out, _ = valid_or_one_error(render, record, fmt)
            assert out is None or isinstance(out, str)
    diff = KINDS[kind][2]
    if diff is not None:
        result, _ = valid_or_one_error(diff, RECORDS[kind], record)
        if result is not None and kind == "illegal_content":
            valid_or_one_error(diff_to_text, result)


def _load(kind: str, data) -> None:
    record, _ = valid_or_one_error(KINDS[kind][1], data, "record 7")
    if record is not None:
        _use(kind, record)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_sample_record_round_trips(kind: str) -> None:
    to, from_dict, _ = KINDS[kind]
    assert json.loads(json.dumps(to(from_dict(DOCUMENTS[kind])))) == DOCUMENTS[kind]
    _use(kind, RECORDS[kind])


@fuzz_settings(60)
@given(kind=st.sampled_from(sorted(KINDS)), data=json_values())
def test_any_json_as_a_record(kind: str, data) -> None:
    _load(kind, data)


@fuzz_settings(400)
@given(
    kind_and_doc=st.sampled_from(sorted(KINDS)).flatmap(
        lambda kind: st.tuples(st.just(kind), mutated(DOCUMENTS[kind], RECORD_VALUES))
    )
)
def test_real_records_with_random_changes(kind_and_doc) -> None:
    kind, doc = kind_and_doc
    _load(kind, doc)


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("other", sorted(KINDS))
def test_a_record_of_another_kind_is_refused(kind: str, other: str) -> None:
    record, message = valid_or_one_error(KINDS[kind][1], DOCUMENTS[other], "record 7")
    assert (record is None) == (kind != other), message
