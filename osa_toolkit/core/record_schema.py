"""JSON Schema of the assessment record (published as ``docs/record.schema.json``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from osa_toolkit.core.errors import RecordError
from osa_toolkit.core.vocabulary import CONFIDENCE, LEVELS

_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_DATE_OR_NULL = {"anyOf": [_DATE, {"type": "null"}]}
_TEXTS = {"type": "array", "items": {"type": "string"}}
_LEVEL = {"enum": list(LEVELS)}

HARM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "indicative_level", "level", "trace"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "indicative_level": _LEVEL,
        "level": _LEVEL,
        "trace": _TEXTS,
        "factors": _TEXTS,
        "likelihood": {"type": ["integer", "null"], "minimum": 1, "maximum": 4},
        "impact": {"type": ["integer", "null"], "minimum": 1, "maximum": 3},
        "evidence_status": {"enum": ["missing", "moderated", "none_found", "confirmed"]},
        "evidence_note": {"type": "string"},
        "override_reason": {"type": "string"},
        "override_evidence": {"type": "string"},
        "counts_for_multi_risk": {"type": "boolean"},
        "confidence": {"enum": list(CONFIDENCE)},
    },
}

MEASURE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "code", "area", "why", "status"],
    "properties": {
        "id": {"type": "string", "pattern": r"^(ICU|ICS|PCU) [A-Z]\d{1,2}$"},
        "title": {"type": "string"},
        "code": {"enum": ["ICU", "ICS", "PCU"]},
        "area": {"type": "string"},
        "why": _TEXTS,
        "status": {"enum": ["recommended", "in_place", "planned", "alternative", "not_applicable"]},
        "effective_on": _DATE_OR_NULL,
        "note": {"type": "string"},
        "alternative": {"type": "string"},
        "alternative_reasoning": {"type": "string"},
        "optional": {"type": "boolean"},
        "confidence": {"enum": list(CONFIDENCE)},
    },
}

GOVERNANCE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "responsible_person": {"type": "string"},
        "completed_by": {"type": "string"},
        "approved_by": {"type": "string"},
        "completed_on": _DATE_OR_NULL,
        "reported_on": _DATE_OR_NULL,
        "next_review": _DATE_OR_NULL,
        "reason_for_review": {"type": "string"},
        "status": {"enum": ["draft", "final"]},
    },
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://github.com/osa-toolkit/osa-toolkit/docs/record.schema.json",
    "title": "osa-toolkit illegal content risk assessment record",
    "description": (
        "The written record of one illegal content risk assessment (Online Safety Act 2023 s.23), "
        "as saved by the store and exported as JSON. Indicative; not legal advice."
    ),
    "type": "object",
    "additionalProperties": False,
    "required": [
        "kind",
        "record_format",
        "service_id",
        "service_name",
        "edition",
        "method",
        "assessed_on",
        "profile",
        "harms",
        "measures",
        "large_service",
        "multi_risk",
        "childrens_access",
        "toolkit_version",
    ],
    "properties": {
        "kind": {"const": "illegal_content"},
        "record_format": {"const": 1},
        "service_id": {"type": "string", "pattern": r"^[^\W_]+(?:[-_][^\W_]+)*$"},
        "service_name": {"type": "string"},
        "edition": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
        "method": {"type": "string"},
        "edition_reason": {"type": "string"},
        "coverage": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "modelled", "not_modelled", "read_at"],
                "properties": {
                    "code": {"type": "string"},
                    "modelled": {"type": "string"},
                    "not_modelled": {"type": "string"},
                    "read_at": {"type": "string"},
                },
            },
        },
        "assessed_on": _DATE,
        "profile": {"type": "object"},
        "harms": {"type": "array", "items": HARM, "minItems": 1},
        "measures": {"type": "array", "items": MEASURE},
        "large_service": {"type": ["boolean", "null"]},
        "multi_risk": {"type": "boolean"},
        "facilitation": {
            "anyOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["level", "trace"],
                    "properties": {"level": _LEVEL, "trace": _TEXTS},
                },
            ]
        },
        "childrens_access": {
            "type": "object",
            "required": ["possible", "child_user_condition", "likely_accessed", "reasons"],
            "properties": {
                "possible": {"type": ["boolean", "null"]},
                "child_user_condition": {"type": ["boolean", "null"]},
                "likely_accessed": {"type": ["boolean", "null"]},
                "reasons": _TEXTS,
                "next_due": _DATE_OR_NULL,
            },
        },
        "evidence_check": _TEXTS,
        "significant_changes": _TEXTS,
        "governance": GOVERNANCE,
        "toolkit_version": {"type": "string"},
    },
}


def validate_record(data: Any, source: str = "record") -> None:
    """Raise :class:`RecordError` with one sentence naming the first place the data breaks the schema."""
    import jsonschema

    if not isinstance(data, Mapping):
        raise RecordError(f"{source}: a record must be a JSON object; got {type(data).__name__}.")
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )  # the format checker refuses dates such as 2024-13-45 that the pattern lets through
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        where = "/".join(str(p) for p in err.absolute_path) or "the top level"
        raise RecordError(f"{source}: at {where}, {err.message}.")
