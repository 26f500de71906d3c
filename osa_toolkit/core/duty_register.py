"""The duty-tasks register (``duties.csv``): duties tracked as tasks, read and checked like the others.

Each edition folder may hold a ``duties.csv`` (an edition without one has no duty tasks). Every row
names a duty, the condition under which it applies (the condition language of the other registers),
the key date (an id in ``key_dates.csv``) it falls due on, whether it is in force or still pending,
what to do in plain English, and its ``source`` and ``confidence``. Problems are one
:class:`~osa_toolkit.core.errors.RegisterError` sentence naming the file, row and column.

>>> from osa_toolkit.core.registers import load_registers
>>> [d.id for d in load_duties(load_registers("2026-06"))][:2]
['intimate_image_report_route', 'intimate_image_takedown']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osa_toolkit.core.conditions import Condition, check
from osa_toolkit.core.errors import InvalidInputError, RegisterError
from osa_toolkit.core.registers.loading import _read_table, _where
from osa_toolkit.core.registers.rows import Cited
from osa_toolkit.core.registers.specs import _condition, _FileSpec, _one_of, _slug, _text

FILENAME = "duties.csv"
DUTY_STATUSES = ("in_force", "pending")


@dataclass(frozen=True)
class DutyTask(Cited):
    """One duty the toolkit tracks as a task: when it applies, from when, and what to do."""

    id: str
    title: str
    duty: str
    applies_when: Condition
    key_date: str | None
    status: str
    what_to_do: str
    why: str


SPEC = _FileSpec(
    FILENAME,
    DutyTask,
    {
        "id": (_slug, True),
        "title": (_text, True),
        "duty": (_text, True),
        "applies_when": (_condition, True),
        "key_date": (_slug, False),
        "status": (_one_of(*DUTY_STATUSES), True),
        "what_to_do": (_text, True),
        "why": (_text, True),
    },
)


def load_duties(registers: Any) -> tuple[DutyTask, ...]:
    """The duty tasks of ``registers``' edition (none if its folder has no ``duties.csv``)."""
    folder = Path(registers.path)
    path = folder / FILENAME
    if not path.is_file():
        return ()
    rows, numbers = _read(str(folder), path.stat().st_mtime)
    _check(registers, folder, rows, numbers)
    return rows


@functools.lru_cache(maxsize=16)
def _read(folder_s: str, _stamp: float) -> tuple[tuple[DutyTask, ...], tuple[int, ...]]:
    return _read_table(Path(folder_s), SPEC)


def _check(registers: Any, folder: Path, rows: tuple, numbers: tuple[int, ...]) -> None:
    harms = {h.id for h in registers.harms}
    kinds = {c.id for c in registers.children_content}
    dates = {d.id: d for d in registers.key_dates}
    for row, line in zip(rows, numbers, strict=True):
        try:
            check(row.applies_when, harms=harms, children_kinds=kinds)
        except InvalidInputError as err:
            raise RegisterError(
                f"{_where(folder, FILENAME, line, 'applies_when')}: {err}."
            ) from None
        if row.key_date is not None and row.key_date not in dates:
            raise RegisterError(
                f"{_where(folder, FILENAME, line, 'key_date')}: unknown key date {row.key_date!r}; "
                "use an id from key_dates.csv."
            )
        if row.status == "in_force" and row.key_date is None:
            raise RegisterError(
                f"{_where(folder, FILENAME, line, 'key_date')} is empty; a duty in force needs the "
                "key date it applies from (a pending one may leave it empty)."
            )
