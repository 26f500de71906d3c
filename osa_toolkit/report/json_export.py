"""The record as JSON: exactly :func:`~osa_toolkit.core.record.record_to_dict`, schema-checked.

The document follows ``docs/record.schema.json`` (which allows no extra keys), so ``history`` is not
part of it; the store keeps the history.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from osa_toolkit.core.errors import InvalidInputError, RecordError, ReportError
from osa_toolkit.core.record import AssessmentRecord, record_to_dict
from osa_toolkit.core.record_schema import validate_record


def render_json(
    record: AssessmentRecord, *, history: Sequence[Mapping[str, Any]] | None = None
) -> str:
    """The record as indented, key-sorted UTF-8 JSON text, refused if it breaks the schema."""
    if not isinstance(record, AssessmentRecord):
        from osa_toolkit.core.children_records import children_record_to_dict

        try:
            data = children_record_to_dict(record)
        except (AttributeError, TypeError):
            from osa_toolkit.report.children_markdown import NOT_A_RECORD

            raise InvalidInputError(NOT_A_RECORD) from None
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    data = record_to_dict(record)
    try:
        validate_record(data, f"the record of {record.service_name!r}")
    except RecordError as err:
        raise ReportError(f"The record cannot be exported as JSON: {err}") from None
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
