"""What the store hands back (frozen dataclasses), the input checks, and the canonical JSON text.

The store is a document store: it keeps each assessment record as the JSON object the record model
produces, and never imports the model. What it adds around the document is the metadata a reviewer
needs: which service, which kind of assessment, which version, when, under which register edition,
who approved it and when it is next due for review.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from osa_toolkit.core.errors import InvalidInputError, invalid

RECORD_KINDS: tuple[str, ...] = (
    "illegal_content",
    "childrens_access",
    "childrens_risk",
    "age_assurance",
)
"""The kinds of written record the store keeps, one version series per service and kind."""

SLUG_PATTERN = re.compile(r"[^\W_]+(?:[-_][^\W_]+)*")
"""A service id: words of letters and digits of any script (lower case), joined by '-' or '_'."""
MAX_SLUG_LENGTH = 64


@dataclass(frozen=True)
class VersionInfo:
    """One saved version without its document: what lists and overviews show (read from columns)."""

    service_id: str
    kind: str
    version: int
    record_id: int
    created_at: datetime
    edition: str
    service_name: str
    toolkit_version: str
    approved_by: str | None
    approved_at: datetime | None
    next_review: date | None
    note: str
    author: str
    status: str
    level_summary: dict[str, Any]
    based_on: int | None

    @property
    def saved_over_newer(self) -> bool:
        """Whether this version was saved anyway over a newer one than the person had open."""
        return self.based_on is not None and self.based_on != self.version - 1


@dataclass(frozen=True)
class StoredVersion(VersionInfo):
    """One saved version of one record: the document plus what the store knows about it."""

    document: dict[str, Any]
    sha256: str


@dataclass(frozen=True)
class Approval:
    """One sign-off of one saved version; approvals are only ever added, never edited."""

    record_id: int
    approved_by: str
    approved_at: datetime
    note: str


@dataclass(frozen=True)
class ServiceSummary:
    """A service with the latest version of each kind of record it has, for a list of services."""

    service_id: str
    name: str
    created_at: datetime
    latest_versions: dict[str, int]
    last_saved: datetime
    next_review: date | None


def check_service_id(service_id: object) -> str:
    """Return ``service_id`` if it is a slug, else raise :class:`InvalidInputError`.

    >>> check_service_id("my-forum")
    'my-forum'
    >>> check_service_id("My Forum")
    Traceback (most recent call last):
    ...
    osa_toolkit.core.errors.InvalidInputError: The parameter 'service_id' must be a slug of lower-case \
letters, digits, '-' or '_' (at most 64 characters), such as 'my-forum'; got 'My Forum'.
    """
    if (
        not isinstance(service_id, str)
        or len(service_id) > MAX_SLUG_LENGTH
        or not SLUG_PATTERN.fullmatch(service_id)
        or service_id != service_id.lower()
        or unicodedata.normalize("NFKC", service_id) != service_id
    ):
        raise invalid(
            "service_id",
            f"a slug of lower-case letters, digits, '-' or '_' (at most {MAX_SLUG_LENGTH} "
            "characters), such as 'my-forum'",
            service_id,
        )
    return service_id


def check_kind(kind: object) -> str:
    """Return ``kind`` if it is one of :data:`RECORD_KINDS`, else raise :class:`InvalidInputError`."""
    if kind not in RECORD_KINDS:
        raise invalid("kind", "one of " + ", ".join(RECORD_KINDS), kind)
    return kind  # type: ignore[return-value]


def check_text(
    parameter: str, value: object, *, required: bool = True, max_length: int | None = None
) -> str:
    """Return ``value`` if it is a string (non-blank when ``required``, not over ``max_length``)."""
    too_long = max_length is not None and isinstance(value, str) and len(value) > max_length
    broken = isinstance(value, str) and not _utf8(value)
    if not isinstance(value, str) or (required and not value.strip()) or too_long or broken:
        expected = "a non-empty string" if required else "a string"
        if max_length is not None:
            expected += f" of at most {max_length} characters"
        raise invalid(parameter, expected, value)
    return value


def check_date(parameter: str, value: object, *, optional: bool = False) -> date | None:
    """Return ``value`` if it is a :class:`datetime.date` (not a datetime), or None when allowed."""
    if value is None and optional:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        expected = "a datetime.date" + (" or None" if optional else "")
        raise invalid(parameter, expected, value)
    return value


def check_record_id(record_id: object) -> int:
    """Return ``record_id`` if it is a positive int."""
    if not isinstance(record_id, int) or isinstance(record_id, bool) or record_id < 1:
        raise invalid("record_id", "a positive int", record_id)
    return record_id


def canonical_json(document: object) -> str:
    """The one text a document is stored as: sorted keys, UTF-8 kept as is, no spaces.

    Tuples become lists; anything that JSON cannot hold exactly is refused with the path to it.

    >>> canonical_json({"b": [1, 2.5, None], "a": ("é", True)})
    '{"a":["é",true],"b":[1,2.5,null]}'
    """
    if not isinstance(document, dict):
        raise invalid("document", "a dict (a JSON object)", type(document).__name__)
    _check_json(document, "document")
    return json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def sha256_hex(text: str) -> str:
    """SHA-256 of the UTF-8 bytes of ``text``, as 64 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _utf8(text: str) -> bool:
    """Whether ``text`` can be stored as UTF-8 (a lone surrogate such as ``\\ud800`` cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_json(value: object, path: str) -> None:
    if isinstance(value, str) and not _utf8(value):
        _refuse(f"text with a lone surrogate (not a whole character) at {path}")
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        if math.isfinite(value):
            return
        _refuse(f"a non-finite number ({value}) at {path}")
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_json(item, f"{path}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not _utf8(key):
                _refuse(f"a {type(key).__name__} key {key!r} in {path}")
            _check_json(item, f"{path}[{key!r}]")
        return
    _refuse(f"a {type(value).__name__} at {path}")


def _refuse(what: str) -> None:
    raise InvalidInputError(
        "The parameter 'document' must hold only JSON values (objects with string keys, lists, "
        f"strings, finite numbers, true, false and null); got {what}."
    )
