"""Argument types the commands share: a date and a record id, each refused in one sentence."""

from __future__ import annotations

import argparse
import datetime as dt
import re

from osa_toolkit.core.errors import shown

FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
"""The dates the commands take (a review a year after 9999-12-31 could not be written)."""
MAX_RECORD_ID = 2**63 - 1
"""The largest record id a store can hold (a signed 64-bit integer)."""


def date_arg(text: str) -> dt.date:
    """A date written YYYY-MM-DD, from :data:`FIRST_DATE` to :data:`LAST_DATE`."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{shown(text)} is not a date written YYYY-MM-DD"
        ) from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise argparse.ArgumentTypeError(
            f"{shown(text)} is outside the dates this tool works with "
            f"({FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()})"
        )
    return day


def record_id_arg(text: str) -> int:
    """A record id: ASCII digits only (not ``٣`` or ``３``), from 1 to :data:`MAX_RECORD_ID`."""
    if not re.fullmatch(r"[0-9]{1,19}", text) or not 1 <= int(text) <= MAX_RECORD_ID:
        raise argparse.ArgumentTypeError(
            f"{shown(text)} is not a record id (a whole number from 1 to {MAX_RECORD_ID}, "
            "such as 3)"
        )
    return int(text)
