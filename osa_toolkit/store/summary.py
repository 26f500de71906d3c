"""The overview columns saved beside each document, so that lists and overviews never parse documents.

For every version the store keeps, taken from the document when it is saved:

- ``author``: who completed the assessment (``governance.completed_by``), '' if not said;
- ``status``: the record's status (``governance.status``, such as ``final`` or ``draft``), '' if not said;
- ``level_summary``: a small JSON object, the headline of the assessment —
  ``{"levels": {"high": 2, "medium": 5, ...}, "highest": "high"}`` for illegal content (``harms``)
  and children's risk (``kinds``); ``{"likely_accessed": true}`` for children's access;
  ``{"verdict": "...", "highly_effective": false}`` for age assurance; ``{}`` when the document does
  not say;
- ``based_on``: the version the person saving had open (``None`` when not given); a version whose
  ``based_on`` is not the one before it was saved over a newer version ("save anyway"), and the
  conflict stays on record.

The functions never raise on a document of an unexpected shape (a fuzzed or older document): what
cannot be read is left empty.
"""

from __future__ import annotations

import json
from typing import Any

LEVEL_ORDER = ("negligible", "low", "medium", "high")
"""From the lowest level to the highest (used for ``highest``)."""
MAX_TEXT = 200
"""The longest author or status kept in a column (the document keeps the whole text)."""


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _levels(items: Any) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for item in items if isinstance(items, list) else []:
        level = item.get("level") if isinstance(item, dict) else None
        if isinstance(level, str) and level in LEVEL_ORDER:
            counts[level] = counts.get(level, 0) + 1
    if not counts:
        return {}
    ordered = {level: counts[level] for level in reversed(LEVEL_ORDER) if level in counts}
    return {"levels": ordered, "highest": next(iter(ordered))}


def level_summary(kind: str, document: dict[str, Any]) -> dict[str, Any]:
    """The headline of one record document (see the module's description)."""
    if kind == "illegal_content":
        return _levels(document.get("harms"))
    if kind == "childrens_risk":
        return _levels(document.get("kinds"))
    if kind == "childrens_access":
        result = document.get("result")
        likely = result.get("likely_accessed") if isinstance(result, dict) else None
        return {"likely_accessed": likely} if isinstance(likely, bool) else {}
    if kind == "age_assurance":
        out: dict[str, Any] = {}
        if isinstance(document.get("verdict"), str):
            out["verdict"] = document["verdict"][:64]
        if isinstance(document.get("highly_effective"), bool):
            out["highly_effective"] = document["highly_effective"]
        return out
    return {}


def summary_columns(kind: str, document: dict[str, Any]) -> dict[str, str]:
    """``author``, ``status`` and ``level_summary`` (JSON text) for a document about to be saved."""
    governance = document.get("governance")
    governance = governance if isinstance(governance, dict) else {}
    return {
        "author": _text(governance.get("completed_by")),
        "status": _text(governance.get("status"), 32),
        "level_summary": json.dumps(level_summary(kind, document), sort_keys=True),
    }


def read_level_summary(text: str | None) -> dict[str, Any]:
    """The ``level_summary`` column back as a dict ({} for an empty or unreadable column)."""
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
