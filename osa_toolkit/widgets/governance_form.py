"""Step 4 form: who is responsible, who completed and approved it, reporting and review dates."""

from __future__ import annotations

import dataclasses
import datetime as dt

import ipywidgets as w
import traitlets

from osa_toolkit.core.record import Governance
from osa_toolkit.widgets.base import StatusLine, labelled, reports_errors


def _date(value):
    return value.date() if isinstance(value, dt.datetime) else value


class GovernanceForm(w.VBox):
    """``.value`` is a frozen :class:`Governance`; every control re-assigns it."""

    value = traitlets.Instance(Governance)

    FIELDS = (
        ("responsible_person", "Named person responsible", w.Text),
        ("completed_by", "Completed by", w.Text),
        ("approved_by", "Approved by", w.Text),
        ("completed_on", "Completed on", w.DatePicker),
        ("reported_on", "Findings reported to governance on", w.DatePicker),
        ("next_review", "Next review by", w.DatePicker),
        ("reason_for_review", "Reason for this assessment or review", w.Text),
    )

    def __init__(self, governance: Governance | None = None) -> None:
        self.status = StatusLine()
        self.controls: dict[str, w.Widget] = {}
        rows = []
        for name, label, kind in self.FIELDS:
            control = kind()
            control.add_class(f"osa-gov-{name.replace('_', '-')}")
            control.observe(reports_errors(self.status)(self._changed), names="value")
            self.controls[name] = control
            rows.append(labelled(control, label))
        self.final = w.Checkbox(description="This is the final, approved version")
        self.final.add_class("osa-gov-final")
        self.final.observe(reports_errors(self.status)(self._changed), names="value")
        self._syncing = False
        super().__init__([*rows, self.final, self.status])
        self.observe(self._refresh, names="value")
        self.value = governance or Governance(completed_on=dt.date.today())

    def _refresh(self, change=None) -> None:
        self._syncing = True
        try:
            for name, control in self.controls.items():
                v = getattr(self.value, name)
                control.value = v if v is not None or isinstance(control, w.DatePicker) else ""
            self.final.value = self.value.status == "final"
        finally:
            self._syncing = False

    def _changed(self, change=None) -> None:
        if self._syncing:
            return
        values = {}
        for name, control in self.controls.items():
            v = control.value
            values[name] = _date(v) if isinstance(control, w.DatePicker) else (v or "").strip()
        values["status"] = "final" if self.final.value else "draft"
        self.value = dataclasses.replace(self.value, **values)
