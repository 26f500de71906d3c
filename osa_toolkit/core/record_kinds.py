"""Every kind of saved record: rebuild one from its stored document, and compare two of a kind.

>>> sorted(READERS)
['age_assurance', 'childrens_access', 'childrens_risk', 'illegal_content']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from osa_toolkit.core.caa_record import caa_record_from_dict
from osa_toolkit.core.children_diff import diff_age_assurance_records, diff_childrens_risk_records
from osa_toolkit.core.children_records import (
    AgeAssuranceRecord,
    ChildrensRiskRecord,
    age_assurance_record_from_dict,
    childrens_risk_record_from_dict,
)
from osa_toolkit.core.diff import RecordDiff, diff_records
from osa_toolkit.core.errors import RecordError
from osa_toolkit.core.record import AssessmentRecord, record_from_dict

READERS: Mapping[str, Callable[[Mapping[str, Any], str], Any]] = {
    "illegal_content": record_from_dict,
    "childrens_access": caa_record_from_dict,
    "childrens_risk": childrens_risk_record_from_dict,
    "age_assurance": age_assurance_record_from_dict,
}

_DIFFS: dict[type, Callable[[Any, Any], RecordDiff]] = {
    AssessmentRecord: diff_records,
    ChildrensRiskRecord: diff_childrens_risk_records,
    AgeAssuranceRecord: diff_age_assurance_records,
}


def record_from_document(kind: str, document: Mapping[str, Any], source: str = "record") -> Any:
    """The record model of a stored document of ``kind``; one :class:`RecordError` sentence if not."""
    if kind not in READERS:
        raise RecordError(
            f"{source}: unknown record kind {kind!r}; expected one of {', '.join(READERS)}."
        )
    return READERS[kind](document, source)


def diff_any(old: Any, new: Any) -> RecordDiff:
    """What changed between two records of the same kind."""
    if type(old) is not type(new):
        raise RecordError(
            "Only records of the same kind can be compared; got a "
            f"{type(old).__name__} and a {type(new).__name__}."
        )
    if type(old) not in _DIFFS:
        raise RecordError(
            f"Records of this kind ({type(old).__name__}) cannot be compared yet; show each one with --json."
        )
    return _DIFFS[type(old)](old, new)
