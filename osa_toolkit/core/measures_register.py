"""The measures register Ofcom's record-keeping guidance expects (s.23(3)): one line per Codes measure.

Each line gives the measure and the Code it comes from, its status in the latest saved record, the
date it took (or will take) effect, and for an alternative measure what is done instead and how it
meets the duty (s.23(4)). It is built from the latest illegal content and children's risk records, so
it always matches what was saved. Lines the guidance would question are flagged in plain words.

>>> from osa_toolkit.core.record import MeasureDecision
>>> m = MeasureDecision("ICU A2", "Name a person accountable", "ICU", "Governance", (), "in_place")
>>> register_lines([("illegal_content", 2, [m])])[0].gap
'The date it took effect is not recorded; the guidance expects it.'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from osa_toolkit.core.compliance.retention import KIND_NAMES
from osa_toolkit.core.record import STATUS_WORDS

CODE_NAMES = {
    "ICU": "Illegal content Codes of Practice for user-to-user services",
    "ICS": "Illegal content Codes of Practice for search services",
    "PCU": "Protection of Children Code of Practice for user-to-user services",
    "PCS": "Protection of Children Code of Practice for search services",
}
COLUMNS = (
    "measure",
    "title",
    "code",
    "from_record",
    "record_version",
    "status",
    "effective_on",
    "alternative",
    "how_it_meets_the_duty",
    "note",
    "gap",
)
HEADINGS = (
    "Measure",
    "Title",
    "Code of practice",
    "Recorded in",
    "Version",
    "Status",
    "Took or takes effect on",
    "Alternative measure used instead",
    "How the alternative meets the duty",
    "Note",
    "What the guidance would question",
)


@dataclass(frozen=True)
class RegisterLine:
    measure: str
    title: str
    code: str
    from_record: str
    record_version: int
    status: str
    effective_on: str
    alternative: str
    how_it_meets_the_duty: str
    note: str
    gap: str


def _gap(m: Any) -> str:
    if m.status in ("in_place", "planned") and m.effective_on is None:
        return "The date it took effect is not recorded; the guidance expects it."
    if m.status == "alternative" and not (
        m.alternative.strip() and m.alternative_reasoning.strip()
    ):
        return "An alternative needs what is done instead and how it meets the duty (s.23(4))."
    if m.status == "recommended":
        return "No decision is recorded yet: in place, planned, an alternative or not applicable."
    return ""


def register_lines(records: Iterable[tuple[str, int, Sequence[Any]]]) -> list[RegisterLine]:
    """The register from ``(kind, version, measures)`` of each latest record that has measures."""
    lines = []
    for kind, version, measures in records:
        for m in measures:
            lines.append(
                RegisterLine(
                    measure=m.id,
                    title=m.title,
                    code=CODE_NAMES.get(m.code, m.code),
                    from_record=KIND_NAMES.get(kind, kind),
                    record_version=version,
                    status=STATUS_WORDS.get(m.status, m.status),
                    effective_on=m.effective_on.isoformat() if m.effective_on else "",
                    alternative=m.alternative if m.status == "alternative" else "",
                    how_it_meets_the_duty=(
                        m.alternative_reasoning if m.status == "alternative" else ""
                    ),
                    note=m.note,
                    gap=_gap(m),
                )
            )
    return lines


def register_csv(lines: Sequence[RegisterLine]) -> str:
    """The register as CSV text (plain headings, one measure a row, ``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADINGS)
    for line in lines:
        writer.writerow([getattr(line, c) for c in COLUMNS])
    return out.getvalue()


def register_json(lines: Sequence[RegisterLine]) -> str:
    """The register as indented JSON text (a list of objects)."""
    return json.dumps([asdict(x) for x in lines], indent=2, ensure_ascii=False) + "\n"
