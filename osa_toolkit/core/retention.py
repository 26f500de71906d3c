"""How long a superseded version of a written record must be kept, and whether one may go now.

Ofcom's Record-Keeping and Review Guidance asks providers to keep superseded versions of their
records for at least three years (its section 2, as cited by assessors who read it). The toolkit
counts the three years from the day a version was *superseded* (the day the next version was saved),
which is never earlier than the day it was made, so it errs on the side of keeping. The current
version is never deleted: it is the record.

>>> import datetime as dt
>>> utc = dt.UTC
>>> deletion_refusal(2, 3, dt.datetime(2024, 1, 5, tzinfo=utc), dt.datetime(2026, 1, 5, tzinfo=utc))
'Version 2 was replaced on 5 January 2024, and superseded versions must be kept at least three years (until 5 January 2027), so it was not deleted.'
>>> deletion_refusal(2, 3, dt.datetime(2020, 1, 5, tzinfo=utc), dt.datetime(2026, 1, 5, tzinfo=utc)) is None
True
"""

from __future__ import annotations

import datetime as dt

from osa_toolkit.core._dates import add_months

KIND_NAMES = {
    "illegal_content": "illegal content risk assessment",
    "childrens_access": "children's access assessment",
    "childrens_risk": "children's risk assessment",
    "age_assurance": "age assurance record",
}
"""Each kind of written record, as a sentence names it."""

RETENTION_YEARS = 3
RETENTION_SOURCE = (
    "https://github.com/jacobrees-canoncore/CanonCore/blob/"
    "2593eedd541aebbe784c82331d2b9715064d4c39/docs/compliance/review-policy.md"
)
"""An assessor's record citing the Record-Keeping and Review Guidance sections 2.5-2.6 for it."""
RETENTION_CONFIDENCE = "secondary"
"""The three-year rule is reported by assessors quoting the guidance (its PDF was not read here)."""
RETENTION_WHY = (
    "Ofcom's record-keeping guidance asks that superseded versions of a record are kept for at "
    "least three years; the toolkit counts them from the day a version was replaced."
)


def keep_until(superseded_at: dt.datetime) -> dt.date:
    """The first day a version replaced at ``superseded_at`` may be deleted.

    >>> keep_until(dt.datetime(2024, 2, 29, 12, tzinfo=dt.UTC))
    datetime.date(2027, 2, 28)
    """
    return add_months(superseded_at.date(), 12 * RETENTION_YEARS)


def deletion_refusal(
    version: int,
    latest_version: int,
    superseded_at: dt.datetime | None,
    now: dt.datetime,
) -> str | None:
    """Why version ``version`` may not be deleted at ``now`` (one sentence), or None if it may.

    ``superseded_at`` is when the next version was saved (None for the current version).
    """
    if version >= latest_version or superseded_at is None:
        return (
            f"Version {version} is the current version of the record, so it was not deleted; "
            "save a newer version first, and keep this one at least three years after that."
        )
    until = keep_until(superseded_at)
    if now.date() < until:
        return (
            f"Version {version} was replaced on {superseded_at:%-d %B %Y}, and superseded versions "
            f"must be kept at least three years (until {until:%-d %B %Y}), so it was not deleted."
        )
    return None
