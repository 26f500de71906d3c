"""Small date helpers shared by the checker and the children's access assessment."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus a number of calendar months, clamped to the month's last day.

    >>> add_months(dt.date(2025, 11, 30), 3)
    datetime.date(2026, 2, 28)
    >>> add_months(dt.date(2024, 2, 29), 12)
    datetime.date(2025, 2, 28)
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def new_service_start(row: Any) -> dt.date:
    """The date after which a service that starts counts as new for ``row`` (its 3-month rule).

    Ofcom gives a new service its months from the day it started where it started after the
    guidance that set the duty was published (``new_service_from``), not after the deadline.
    """
    return getattr(row, "new_service_from", None) or row.date
