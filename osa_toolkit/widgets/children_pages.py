"""App pages for the children's risk assessment and the age-assurance record: the view, who is
responsible, and Save / download — the same way as the illegal content walkthrough."""

from __future__ import annotations

import dataclasses

import ipywidgets as w

from osa_toolkit.core.children_records import (
    age_assurance_record_from_dict,
    children_record_to_dict,
    childrens_risk_record_from_dict,
    overrides_from_childrens_record,
)
from osa_toolkit.core.record import service_id_for
from osa_toolkit.widgets.base import StatusLine
from osa_toolkit.widgets.governance_form import GovernanceForm
from osa_toolkit.widgets.html_bits import esc
from osa_toolkit.widgets.record_actions import RecordActions


class _RecordPage(w.VBox):
    kind = ""
    title = ""

    def __init__(self, view, profile, store=None, service_id: str | None = None) -> None:
        self.view, self.store = view, store
        self.service_id = service_id or service_id_for(profile.service.name)
        self.status = StatusLine()
        self.governance = GovernanceForm()
        self._restore()
        self.actions = RecordActions(
            self.kind, self.record, children_record_to_dict, store, self.service_id, self.status
        )
        super().__init__(
            [
                w.HTML(f"<h2>{esc(profile.service.name)} — {self.title}</h2>"),
                view,
                w.HTML("<h3>Record</h3>"),
                self.governance,
                self.actions,
                self.status,
            ]
        )

    def _stored(self):
        return None if self.store is None else self.store.latest(self.service_id, self.kind)

    def _restore(self) -> None:
        stored = self._stored()
        if stored is not None:
            self.governance.value = self._from_dict(stored).governance

    def _from_dict(self, stored):
        raise NotImplementedError

    def record(self):
        base = self.view.value
        gov = self.governance.value
        if gov.next_review is None:  # keep the review date the assessment worked out
            gov = dataclasses.replace(gov, next_review=base.governance.next_review)
        return dataclasses.replace(base, service_id=self.service_id, governance=gov)

    def save(self, _button=None):
        return self.actions.save()


class ChildrensRiskPage(_RecordPage):
    kind = "childrens_risk"
    title = "children's risk assessment"

    def __init__(self, profile, store=None, service_id: str | None = None) -> None:
        from osa_toolkit.widgets.childrens_risk_view import ChildrensRiskView

        super().__init__(ChildrensRiskView(profile), profile, store, service_id)

    def _from_dict(self, stored):
        return childrens_risk_record_from_dict(stored.document, f"stored version {stored.version}")

    def _restore(self) -> None:
        super()._restore()
        stored = self._stored()
        if stored is not None:
            self.view.overrides = overrides_from_childrens_record(self._from_dict(stored))


class AgeAssurancePage(_RecordPage):
    kind = "age_assurance"
    title = "age assurance"

    def __init__(self, profile, store=None, service_id: str | None = None) -> None:
        from osa_toolkit.widgets.age_assurance_view import AgeAssuranceView

        super().__init__(AgeAssuranceView(profile), profile, store, service_id)

    def _from_dict(self, stored):
        return age_assurance_record_from_dict(stored.document, f"stored version {stored.version}")

    def _restore(self) -> None:
        super()._restore()
        stored = self._stored()
        if stored is not None:
            self.view.notes = dict(self._from_dict(stored).notes)
