"""How long a superseded version of a written record must be kept, and whether one may go now.

Ofcom's Record-Keeping and Review Guidance asks providers to keep superseded versions of their
records for at least three years (its section 2, as cited by assessors who read it; the number and
its source are data, in ``osa_toolkit/data/guides/record_keeping.toml``). The toolkit
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

from osa_toolkit.core.compliance.guides import retention_rule
from osa_toolkit.core.dates import add_months

KIND_NAMES = {
    "illegal_content": "illegal content risk assessment",
    "childrens_access": "children's access assessment",
    "childrens_risk": "children's risk assessment",
    "age_assurance": "age assurance record",
}
"""Each kind of written record, as a sentence names it."""


def retention_years() -> int:
    """The years a superseded version is kept (``osa_toolkit/data/guides/record_keeping.toml``, cited there)."""
    return retention_rule().years


def retention_why() -> str:
    """Why superseded versions are kept, in one plain sentence (with the rule's source in the data)."""
    return retention_rule().why


def keep_until(superseded_at: dt.datetime) -> dt.date:
    """The first day a version replaced at ``superseded_at`` may be deleted.

    >>> keep_until(dt.datetime(2024, 2, 29, 12, tzinfo=dt.UTC))
    datetime.date(2027, 2, 28)
    """
    return add_months(superseded_at.date(), 12 * retention_years())


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
            f"save a newer version first, and keep this one at least {_years()} after that."
        )
    until = keep_until(superseded_at)
    if now.date() < until:
        return (
            f"Version {version} was replaced on {superseded_at:%-d %B %Y}, and superseded versions "
            f"must be kept at least {_years()} (until {until:%-d %B %Y}), so it was not deleted."
        )
    return None


def _years() -> str:
    n = retention_years()
    words = {1: "one year", 2: "two years", 3: "three years", 4: "four years", 5: "five years"}
    return words.get(n, f"{n} years")
