"""Step 3 view: the recommended Codes measures with why, the user's decision on each, and what-if."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import traitlets

from osa_toolkit.core.record import STATUS_WORDS, MeasureDecision, check_decision
from osa_toolkit.core.vocabulary import LEVELS
from osa_toolkit.widgets.base import StatusLine, auto_width, labelled, reports_errors, wide
from osa_toolkit.widgets.html_bits import bullet_list, coverage_html, esc, table

STATUS_OPTIONS = [
    (STATUS_WORDS[k], k)
    for k in ("recommended", "in_place", "planned", "alternative", "not_applicable")
]


def measures_html(assessment, decisions) -> str:
    rows = []
    for m in assessment.measures:
        d = decisions.get(m.id)
        status = d.status if d else ("in_place" if m.status == "in_place" else "recommended")
        date = d.effective_on if d and d.effective_on else m.in_place_since
        flags = " (optional)" if m.optional else ""
        flags += " (depends on an unknown answer)" if m.uncertain else ""
        rows.append(
            (
                f"<b>{esc(m.id)}</b>",
                esc(m.title + flags),
                bullet_list(m.why),
                esc(STATUS_WORDS[status]),
                esc(date.isoformat() if date else ""),
            )
        )
    return table(
        ["Measure", "What it asks", "Why it applies", "Status", "Date"], rows, "osa-measures"
    ) + coverage_html(getattr(assessment, "coverage", ()))


class MeasuresView(w.VBox):
    """The measure list, a decision editor for one measure, and a what-if for one harm's level."""

    decisions = traitlets.Dict()

    def __init__(self, harm_ids_and_names: list[tuple[str, str]], what_if) -> None:
        self._what_if = what_if
        self.status = StatusLine()
        self.table = w.HTML()
        self.table.add_class("osa-measures-table")
        self.measure = w.Dropdown(options=[])
        self.measure.add_class("osa-measure-pick")
        self.state = w.Dropdown(options=STATUS_OPTIONS)
        self.state.add_class("osa-measure-status")
        self.date = w.DatePicker()
        self.date.add_class("osa-measure-date")
        self.note = w.Text(placeholder="e.g. two volunteer moderators check reports daily")
        self.alternative = w.Textarea(
            layout=wide(), placeholder="Only for an alternative: what you do instead"
        )
        self.reasoning = w.Textarea(
            placeholder="Only for an alternative: how it meets the duty, and how you considered "
            "freedom of expression and privacy"
        )
        self.record = w.Button(
            description="Record decision", button_style="primary", layout=auto_width()
        )
        self.record.add_class("osa-measure-record")
        self.wi_harm = w.Dropdown(options=[(n, i) for i, n in harm_ids_and_names])
        self.wi_harm.add_class("osa-whatif-harm")
        self.wi_level = w.Dropdown(options=list(LEVELS), value="medium")
        self.wi_level.add_class("osa-whatif-level")
        self.wi_go = w.Button(description="Show what would change", layout=auto_width())
        self.wi_go.add_class("osa-whatif-go")
        self.wi_out = w.HTML()
        self.wi_out.add_class("osa-whatif-result")
        self._assessment = None
        self.measure.observe(reports_errors(self.status)(self._load_decision), names="value")
        self.record.on_click(reports_errors(self.status)(self._record))
        self.wi_go.on_click(reports_errors(self.status)(self._run_what_if))
        super().__init__(
            [
                w.HTML("<h3>Step 3 — Decide, put in place and record measures</h3>"),
                self.table,
                w.HTML("<h4>Record your decision on a measure</h4>"),
                labelled(self.measure, "Measure"),
                labelled(self.state, "Status"),
                labelled(self.date, "Took, or will take, effect on"),
                labelled(self.note, "Note"),
                labelled(self.alternative, "Alternative measure"),
                labelled(self.reasoning, "Why the alternative meets the duty"),
                self.record,
                self.status,
                w.HTML("<h4>What if a level were different?</h4>"),
                w.HBox([labelled(self.wi_harm, "If"), labelled(self.wi_level, "were")]),
                self.wi_go,
                self.wi_out,
            ]
        )

    def show(self, assessment) -> None:
        self._assessment = assessment
        self.table.value = measures_html(assessment, self.decisions)
        current = self.measure.value
        self.measure.options = [(f"{m.id} — {m.title}", m.id) for m in assessment.measures]
        if current in [m.id for m in assessment.measures]:
            self.measure.value = current
        self._load_decision()

    def _load_decision(self, change=None) -> None:
        d = self.decisions.get(self.measure.value)
        m = (
            next((x for x in self._assessment.measures if x.id == self.measure.value), None)
            if self._assessment
            else None
        )
        self.state.value = (
            d.status if d else ("in_place" if m and m.status == "in_place" else "recommended")
        )
        self.date.value = d.effective_on if d else (m.in_place_since if m else None)
        self.note.value = d.note if d else ""
        self.alternative.value = d.alternative if d else ""
        self.reasoning.value = d.alternative_reasoning if d else ""

    def _record(self, _button=None) -> None:
        m = next(x for x in self._assessment.measures if x.id == self.measure.value)
        date = self.date.value
        if isinstance(date, dt.datetime):
            date = date.date()
        d = MeasureDecision(
            id=m.id,
            title=m.title,
            code=m.code,
            area=m.area,
            why=m.why,
            status=self.state.value,
            effective_on=date,
            note=self.note.value.strip(),
            alternative=self.alternative.value.strip(),
            alternative_reasoning=self.reasoning.value.strip(),
            optional=m.optional,
            confidence=m.confidence,
        )
        check_decision(d)
        self.decisions = {**self.decisions, m.id: d}
        self.table.value = measures_html(self._assessment, self.decisions)
        self.status.show(f"{m.id}: {STATUS_WORDS[d.status]}.", "ok")

    def _run_what_if(self, _button=None) -> None:
        change = self._what_if(harm=self.wi_harm.value, level=self.wi_level.value)
        if change.unchanged:
            self.wi_out.value = f"<p>No change to the measures {esc(change.description)}.</p>"
            return
        parts = []
        if change.added:
            parts.append("Would be added: " + ", ".join(change.added))
        if change.removed:
            parts.append("Would no longer apply: " + ", ".join(change.removed))
        self.wi_out.value = f"<p>{esc(change.description.capitalize())}:</p>" + bullet_list(parts)
