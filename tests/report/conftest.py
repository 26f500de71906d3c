"""Records to export: a decided one (override, in-place measure, alternative) and a hostile one."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.core.method.subject import Override

from osa_toolkit.core.record import Governance, MeasureDecision, record_from_assessment
from osa_toolkit.core.registers import load_registers
from tests.core.profiles import profile

TODAY = dt.date(2026, 11, 28)
SCRIPT = "<script>alert(1)</script>"
GOVERNANCE = Governance(
    responsible_person="Sam Lee",
    completed_by="Alex Doe",
    approved_by="Jo Bloggs",
    completed_on=dt.date(2026, 11, 30),
    reported_on=dt.date(2026, 12, 2),
    reason_for_review="annual review",
    status="final",
)
HISTORY = [
    {
        "version": 1,
        "date": "2025-11-20",
        "change": "created",
        "completed_by": "Alex Doe",
        "approved_by": "Jo Bloggs",
    },
    {"version": 2, "date": "2026-11-30", "change": "annual review", "completed_by": "Alex Doe"},
]


def _decision(measure_id: str, **changes) -> MeasureDecision:
    return MeasureDecision(id=measure_id, title="", code="ICU", area="", why=(), **changes)


def build_record(service_name: str = "Café Forum", note: str = "volunteers review every report"):
    p = profile(**{"service.name": service_name})
    overrides = {
        "hate": Override("hate", "medium", "two incidents last year", "moderation log"),
        # CSEA now counts towards multi-risk (audit D1): keep this a not-multi-risk service.
        "csea_csam_urls": Override("csea_csam_urls", "low", "every posted link is checked"),
    }
    a = assess_illegal_content(p, load_registers("2026-06"), overrides=overrides, today=TODAY)
    decisions = {
        "ICU C1": _decision(
            "ICU C1", status="in_place", effective_on=dt.date(2022, 4, 25), note=note
        ),
        "ICU D9": _decision(
            "ICU D9",
            status="alternative",
            alternative="A two-person appeal panel",
            alternative_reasoning="Decides appeals as fast; no extra data is collected",
        ),
        "ICU G1": _decision("ICU G1", status="planned", effective_on=dt.date(2027, 1, 15)),
    }
    return record_from_assessment(a, p, GOVERNANCE, decisions)


@pytest.fixture(scope="session")
def record():
    return build_record()


@pytest.fixture(scope="session")
def hostile_record():
    rec = build_record(service_name=f"{SCRIPT} Forum", note=f"see {SCRIPT} & <b>bold</b>")
    return dataclasses.replace(
        rec, governance=dataclasses.replace(rec.governance, responsible_person=SCRIPT)
    )


@pytest.fixture
def history():
    return [dict(row) for row in HISTORY]
