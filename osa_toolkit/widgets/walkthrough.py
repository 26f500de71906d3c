"""The illegal content risk assessment walkthrough: Ofcom's four steps on four pages.

The walkthrough holds the user's inputs (the profile, level overrides, measure decisions, governance)
and, on every change, asks the core for a fresh assessment and shows it. Save adds a new version to
the store; Export offers the record as files to download. The draft profile is autosaved, so leaving
mid-way loses nothing.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from osa_toolkit.core.assessments.illegal_content import assess_illegal_content, what_if
from osa_toolkit.core.method.weights import load_weights
from osa_toolkit.core.record import (
    decisions_from_record,
    overrides_from_record,
    record_from_assessment,
    record_from_dict,
    record_to_dict,
    service_id_for,
)
from osa_toolkit.core.registers import load_registers
from osa_toolkit.files.app_state import draft_path
from osa_toolkit.widgets.base import StatusLine, auto_width, reports_errors
from osa_toolkit.widgets.evidence_form import EvidenceForm
from osa_toolkit.widgets.governance_form import GovernanceForm
from osa_toolkit.widgets.harms_view import HarmsView, factors_html
from osa_toolkit.widgets.html_bits import bullet_list, esc
from osa_toolkit.widgets.measures_view import MeasuresView
from osa_toolkit.widgets.profile_files_panel import ProfileFilesPanel
from osa_toolkit.widgets.profile_form import ProfileForm
from osa_toolkit.widgets.record_actions import RecordActions

KIND = "illegal_content"
STEPS = ("1 Understand the harms", "2 Assess the risk", "3 Decide measures", "4 Record and review")


class IllegalContentWalkthrough(w.VBox):
    """Four pages, one per Ofcom step, over one service; saves versions to ``store``."""

    def __init__(
        self, profile, store=None, service_id: str | None = None, edition: str | None = None
    ):
        self.registers = load_registers(edition, on=dt.date.today())
        self.weights = load_weights()
        self.store = store
        self.service_id = service_id or service_id_for(profile.service.name)
        self.status = StatusLine()
        self.status.add_class("osa-walkthrough-status")
        harms = [(h.id, h.name) for h in self.registers.harms]

        # The scope questions have their own page ("Does the Act apply to me?").
        self.profile_form = ProfileForm(
            profile,
            self.registers,
            sections=tuple(s for s in ProfileForm.SECTIONS if s != "scope"),
            file_controls=False,  # files go through the browser (ProfileFilesPanel)
        )
        self.profile_files = ProfileFilesPanel(self.profile_form, self.service_id)
        self.factors = w.HTML()
        self.factors.add_class("osa-factors-table")
        self.harms_view = HarmsView(harms)
        self.measures_view = MeasuresView(
            harms, self._what_if, {m.id: m.description for m in self.registers.measures}
        )
        self.evidence_form = EvidenceForm(self.profile_form, self.registers)
        # Step 2 reads: the levels, then the evidence that moves them, then why and overrides.
        kids = self.harms_view.children
        self.harms_view.children = (*kids[:2], self.evidence_form, *kids[2:])
        self.governance = GovernanceForm()
        self.actions = RecordActions(
            KIND, self.record, record_to_dict, store, self.service_id, self.status
        )
        pages = [
            w.VBox(
                [
                    w.HTML(
                        "<h3>Step 1 — Understand the kinds of illegal content</h3>"
                        "<p>Answer for your service; the risk factors Ofcom links to each kind of "
                        "illegal content update as you go.</p>"
                    ),
                    self.profile_files,
                    self.profile_form,
                    w.HTML("<h4>Risk factors per kind</h4>"),
                    self.factors,
                ]
            ),
            self.harms_view,
            self.measures_view,
            w.VBox(
                [
                    w.HTML("<h3>Step 4 — Record, report and review</h3>"),
                    self.governance,
                    self.actions,
                ]
            ),
        ]
        self.nav = w.ToggleButtons(
            options=[(s, i) for i, s in enumerate(STEPS)], value=0, style={"button_width": "auto"}
        )
        self.nav.add_class("osa-steps")
        self.stack = w.Stack(pages, selected_index=0)
        w.link((self.nav, "index"), (self.stack, "selected_index"))
        self.next_button = w.Button(description="Next step", layout=auto_width())
        self.next_button.add_class("osa-next")
        self.next_button.on_click(lambda _b: setattr(self.nav, "value", min(self.nav.value + 1, 3)))
        self.nav.observe(self._step_changed, names="value")
        self.summary = w.HTML()
        self.summary.add_class("osa-summary")

        on_change = reports_errors(self.status)(self._recompute)
        self.profile_form.observe(on_change, names="value")
        self.harms_view.observe(on_change, names="overrides")
        self.measures_view.observe(reports_errors(self.status)(self._summarise), names="decisions")
        super().__init__([self.summary, self.nav, self.stack, self.next_button, self.status])
        self.add_class("osa-walkthrough")
        self._restore_from_store()
        self._recompute()
        self._step_changed()

    def _step_changed(self, change=None) -> None:
        """The last step has no "next": it ends with Save (the app then suggests what is next)."""
        last = self.nav.value == len(STEPS) - 1
        self.next_button.layout.display = "none" if last else None
        if not last:
            self.next_button.description = f"Next step: {STEPS[self.nav.value + 1][2:]}"

    # ------------------------------------------------------------------ state
    @property
    def profile(self):
        return self.profile_form.value

    def _restore_from_store(self) -> None:
        if self.store is None:
            return
        stored = self.store.latest(self.service_id, KIND)
        if stored is None:
            return
        record = record_from_dict(stored.document, f"stored version {stored.version}")
        self.harms_view.overrides = overrides_from_record(record)
        self.measures_view.decisions = decisions_from_record(record)
        self.governance.value = record.governance

    def _recompute(self, change=None) -> None:
        self.assessment = assess_illegal_content(
            self.profile, self.registers, self.weights, self.harms_view.overrides, dt.date.today()
        )
        self.factors.value = factors_html(self.assessment, self.registers)
        self.harms_view.show(self.assessment)
        self.measures_view.show(self.assessment)
        self._summarise()
        self._autosave_draft()

    def _summarise(self, change=None) -> None:
        a = self.assessment
        counts = {lvl: sum(h.level == lvl for h in a.harms) for lvl in ("high", "medium")}
        self.summary.value = (
            f"<h2>{esc(a.service)} — illegal content risk assessment</h2>"
            f"<p>Edition {esc(a.edition)} ({esc(a.edition_reason)}) · {counts['high']} kind(s) high, {counts['medium']} medium · "
            f"{len(a.measures)} measures recommended · next review by {a.review.next_review:%d %B %Y}. "
            "Indicative, not legal advice.</p>"
        )
        if not a.required:
            self.summary.value += (
                "<p><b>The illegal content duties do not apply to this service</b>, so the levels "
                "below are for information only:</p>" + bullet_list(a.scope_reasons)
            )

    def _autosave_draft(self) -> None:
        from osa_toolkit.files.profiles import save_profile

        path = draft_path(self.service_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        save_profile(self.profile, path)

    def _what_if(self, harm: str, level: str):
        return what_if(
            self.assessment, self.profile, self.registers, self.weights, harm=harm, level=level
        )

    def record(self):
        return record_from_assessment(
            self.assessment,
            self.profile,
            self.governance.value,
            self.measures_view.decisions,
            service_id=self.service_id,
        )

    # ------------------------------------------------------------------ actions
    def save(self, _button=None):
        return self.actions.save()

    def prepare_downloads(self, _button=None) -> None:
        self.actions.prepare_downloads()

    @property
    def formats(self):
        return self.actions.formats

    @property
    def export_button(self):
        return self.actions.export_button

    @property
    def downloads(self):
        return self.actions.downloads
