"""The children's access assessment walkthrough: stage 1, stage 2, the result, and a saved record."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from osa_toolkit.core.caa_record import (
    caa_record,
    caa_record_from_dict,
    caa_record_to_dict,
    check_caa_record,
)
from osa_toolkit.core.record import service_id_for
from osa_toolkit.core.registers import load_registers
from osa_toolkit.core.scope.childrens_access import assess_childrens_access
from osa_toolkit.widgets.base import StatusLine, labelled, reports_errors
from osa_toolkit.widgets.governance_form import GovernanceForm
from osa_toolkit.widgets.html_bits import esc
from osa_toolkit.widgets.profile_form import ProfileForm
from osa_toolkit.widgets.record_actions import RecordActions
from osa_toolkit.widgets.scope_view import childrens_access_html

KIND = "childrens_access"


class ChildrensAccessWalkthrough(w.VBox):
    """Answer the two stages, read the result with its reasons, record the evidence, save."""

    def __init__(
        self, profile, store=None, service_id: str | None = None, edition: str | None = None
    ):
        self.registers = load_registers(edition)
        self.store = store
        self.service_id = service_id or service_id_for(profile.service.name)
        self.status = StatusLine()
        self.status.add_class("osa-caa-status")
        self.form = ProfileForm(
            profile, self.registers, sections=("children",), file_controls=False
        )
        self.result_html = w.HTML()
        self.result_html.add_class("osa-caa-result")
        self.evidence = w.Textarea(
            placeholder="Who actually uses the service and how you know (needed if you conclude "
            "children are not likely to use it)",
            layout=w.Layout(width="100%", height="6em"),
        )
        self.evidence.add_class("osa-caa-evidence")
        self.governance = GovernanceForm()
        self.actions = RecordActions(
            KIND,
            self.record,
            caa_record_to_dict,
            store,
            self.service_id,
            self.status,
            check=check_caa_record,
        )
        self.form.observe(reports_errors(self.status)(self._recompute), names="value")
        super().__init__(
            [
                w.HTML(
                    f"<h2>{esc(profile.service.name)} — children's access assessment</h2>"
                    "<p>Stage 1: is it possible for children to use the service? Only highly "
                    "effective age assurance with access controls can make the answer 'no'. "
                    "Stage 2: are there a significant number of child users, or is the service "
                    "likely to attract them? Indicative, not legal advice.</p>"
                ),
                self.form,
                self.result_html,
                labelled(self.evidence, "Evidence for your conclusion"),
                w.HTML("<h3>Record</h3>"),
                self.governance,
                self.actions,
                self.status,
            ]
        )
        self.add_class("osa-caa-walkthrough")
        self._restore()
        self._recompute()

    @property
    def profile(self):
        return self.form.value

    def _restore(self) -> None:
        if self.store is None:
            return
        stored = self.store.latest(self.service_id, KIND)
        if stored is not None:
            record = caa_record_from_dict(stored.document, f"stored version {stored.version}")
            self.evidence.value = record.evidence
            self.governance.value = record.governance

    def _recompute(self, change=None) -> None:
        self.result = assess_childrens_access(
            self.profile, dt.date.today(), registers=self.registers
        )
        self.result_html.value = childrens_access_html(self.result)

    def record(self):
        return caa_record(
            self.result,
            self.profile,
            self.registers.edition.id,
            self.governance.value,
            self.evidence.value.strip(),
            self.service_id,
        )

    def save(self, _button=None):
        return self.actions.save()
