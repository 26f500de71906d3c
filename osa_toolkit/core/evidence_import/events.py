"""One moderation event read from an export, the parse result, and the one-sentence error.

Nothing here keeps free text or account names: an :class:`Event` holds the date, the software's own
category (or rule), the software's own outcome word and, where the export has it, when the report was
acted on. Whether the row had free text is all that is known of that text (it is never read further).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from osa_toolkit.core.errors import OsaToolkitError

MAX_BYTES = 20 * 1024 * 1024
"""The largest export the importer reads (20 MB); a larger file is refused by its size, unread."""


class EvidenceImportError(OsaToolkitError):
    """An export file is empty, too large, or not in the shape its software writes."""


@dataclass(frozen=True)
class Event:
    """One report, flag or moderation action, with no personal data and no free text."""

    when: dt.datetime  # when it was reported (or, for a log of actions, when it was done), UTC
    category: str  # the software's own category, reason or rule, e.g. "spam", "violation: rule 2"
    outcome: str  # the software's own outcome word, e.g. "agreed", "pending", "closed"
    actioned: dt.datetime | None = None  # when a moderator acted on it, where the export says


@dataclass(frozen=True)
class ParsedExport:
    """What an importer read: the events and, in plain words, what it dropped or did not read."""

    software: str
    events: tuple[Event, ...]
    dropped: tuple[str, ...]
    counts_actions: bool = False  # True for a log of actions (Lemmy), where each event is an action


def fail(source: str, where: str, expected: str, found: str) -> EvidenceImportError:
    """The one sentence for a wrong shape: the file, where in it, what was expected and found.

    >>> str(fail("x.csv", "line 3, column 'created_at'", "a date", "'yesterday'"))
    "x.csv, line 3, column 'created_at': expected a date; found 'yesterday'."
    """
    return EvidenceImportError(f"{source}, {where}: expected {expected}; found {found}.")


def shown(value: object, limit: int = 40) -> str:
    """A found value as it is named in a sentence (cut short: it may be someone's free text).

    >>> shown("x" * 50)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'"
    """
    if value is None:
        return "nothing"
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")


_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?( ?(Z|UTC|[+-]\d{2}:?\d{2}))?$"
)


def parse_when(text: object) -> dt.datetime | None:
    """An ISO 8601 date or date-time (``Z``, `` UTC`` or an offset allowed) as UTC, else ``None``.

    >>> parse_when("2026-03-02T10:15:00.123Z")
    datetime.datetime(2026, 3, 2, 10, 15, 0, 123000, tzinfo=datetime.timezone.utc)
    >>> parse_when("2026-03-02 10:15:00 UTC").isoformat()
    '2026-03-02T10:15:00+00:00'
    >>> parse_when("2026-02-30") is None, parse_when("last week") is None
    (True, True)
    """
    if not isinstance(text, str):
        return None
    value = text.strip()
    if not _ISO.match(value):
        return None
    value = value.replace(" UTC", "+00:00").replace("UTC", "+00:00")
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    if len(value) > 10 and value[10] == " ":
        value = value[:10] + "T" + value[11:]
    value = re.sub(r"(\.\d{6})\d+", r"\1", value)  # Lemmy writes nanoseconds
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)
