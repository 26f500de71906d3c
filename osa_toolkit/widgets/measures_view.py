"""Step 3 view: the recommended Codes measures with why, the user's decision on each, and what-if."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import traitlets

from osa_toolkit.core.record import STATUS_WORDS, MeasureDecision, check_decision
from osa_toolkit.core.vocabulary import LEVELS
from osa_toolkit.widgets.base import StatusLine, auto_width, labelled, reports_errors, wide
from osa_toolkit.widgets.html_bits import bullet_list, coverage_html, esc, table

_ROW = w.Layout(grid_template_columns="9em minmax(0, 1fr) 16em", grid_gap="4px 12px", width="100%")
STATUS_OPTIONS = [
    (STATUS_WORDS[k], k)
    for k in ("recommended", "in_place", "planned", "alternative", "not_applicable")
]


CODE_WORDS = {
    "ICU": "Illegal content Code (user-to-user)",
    "ICS": "Illegal content Code (search)",
    "PCU": "Protection of Children Code (user-to-user)",
}


def _status_of(m, decisions) -> str:
    d = decisions.get(m.id)
    return d.status if d else ("in_place" if m.status == "in_place" else "recommended")


def measures_html(assessment, decisions, descriptions=None) -> str:
    """The measures as a read-only table (what the record will say)."""
    descriptions = descriptions or {}
    rows = []
    for m in assessment.measures:
        d = decisions.get(m.id)
        status = _status_of(m, decisions)
        date = d.effective_on if d and d.effective_on else m.in_place_since
        flags = " (optional)" if m.optional else ""
        flags += " (depends on an unknown answer)" if m.uncertain else ""
        rows.append(
            (
                f"<b>{esc(m.id)}</b><br>{esc(CODE_WORDS.get(m.code, m.code))}",
                f"<b>{esc(m.title + flags)}</b><br>{esc(descriptions.get(m.id, ''))}",
                bullet_list(m.why),
                esc(STATUS_WORDS[status]),
                esc(date.isoformat() if date else ""),
            )
        )
    return table(
        ["Code paragraph", "What it means for you", "Why it applies", "Status", "Date"],
        rows,
        "osa-measures",
    ) + coverage_html(getattr(assessment, "coverage", ()))


class MeasuresView(w.VBox):
    """The measure list, a decision editor for one measure, and a what-if for one harm's level."""

    decisions = traitlets.Dict()

    def __init__(
        self, harm_ids_and_names: list[tuple[str, str]], what_if, descriptions=None
    ) -> None:
        self._what_if = what_if
        self.descriptions = dict(descriptions or {})
        self.rows = w.VBox()
        self.rows.add_class("osa-measure-rows")
        self.row_status: dict[str, w.Dropdown] = {}
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
                w.HTML(
                    "<h3>Step 3 — Decide, put in place and record measures</h3>"
                    "<p>Each measure comes from a paragraph of Ofcom's Codes of Practice. Set a "
                    "status in each row; a measure left as 'recommended, not yet decided' is "
                    "flagged when you save.</p>"
                ),
                self.rows,
                w.HTML("<h4>Add a date, a note or an alternative to one measure</h4>"),
                labelled(self.measure, "Measure"),
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
        self.table.value = measures_html(assessment, self.decisions, self.descriptions)
        self._build_rows()
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
            # The status is set in the measure's own row (one control per measure, so a quick
            # pick of measure then status can never record the wrong one); writing an
            # alternative here makes it "alternative".
            status="alternative"
            if self.alternative.value.strip() and self.state.value in ("recommended", "alternative")
            else self.state.value,
            effective_on=date,
            note=self.note.value.strip(),
            alternative=self.alternative.value.strip(),
            alternative_reasoning=self.reasoning.value.strip(),
            optional=m.optional,
            confidence=m.confidence,
        )
        check_decision(d)
        self.decisions = {**self.decisions, m.id: d}
        self.table.value = measures_html(self._assessment, self.decisions, self.descriptions)
        self._sync_rows()
        self.status.show(f"{m.id} {m.title}: {STATUS_WORDS[d.status]}.", "ok")

    # ------------------------------------------------------------------ one row per measure
    def _build_rows(self) -> None:
        """One row per measure: Code paragraph, what it means, why, and its own status control."""
        a = self._assessment
        if [m.id for m in a.measures] == list(self.row_status):
            self._sync_rows()
            return
        guard = reports_errors(self.status)
        head = w.GridBox(
            [
                w.HTML("<b>Code paragraph</b>"),
                w.HTML("<b>What it means for you, and why it applies</b>"),
                w.HTML("<b>Status</b>"),
            ],
            layout=_ROW,
        )
        rows: list[w.Widget] = [head]
        self.row_status = {}
        for m in a.measures:
            flags = " (optional)" if m.optional else ""
            flags += " (depends on an unknown answer)" if m.uncertain else ""
            status = w.Dropdown(options=STATUS_OPTIONS, layout=w.Layout(width="100%"))
            status.value = _status_of(m, self.decisions)
            status.add_class("osa-measure-row-status")
            status.add_class(f"osa-measure-row-status-{m.id.replace(' ', '-')}")
            status.observe(guard(lambda ch, mid=m.id: self._row_changed(mid, ch)), names="value")
            self.row_status[m.id] = status
            row = w.GridBox(
                [
                    w.HTML(
                        f"<b>{esc(m.id)}</b><br><small>{esc(CODE_WORDS.get(m.code, m.code))}"
                        "</small>"
                    ),
                    w.HTML(
                        f"<b>{esc(m.title + flags)}</b><br>{esc(self.descriptions.get(m.id, ''))}"
                        f"<div class='osa-measure-why'><i>Why it applies:</i>"
                        f"{bullet_list(m.why)}</div>"
                    ),
                    status,
                ],
                layout=_ROW,
            )
            row.add_class("osa-measure-row")
            rows.append(row)
        self.rows.children = rows

    def _sync_rows(self) -> None:
        self._syncing_rows = True
        try:
            for m in self._assessment.measures:
                if m.id in self.row_status:
                    self.row_status[m.id].value = _status_of(m, self.decisions)
        finally:
            self._syncing_rows = False

    def _row_changed(self, measure_id: str, change) -> None:
        if getattr(self, "_syncing_rows", False):
            return
        m = next(x for x in self._assessment.measures if x.id == measure_id)
        old = self.decisions.get(measure_id)
        d = MeasureDecision(
            id=m.id,
            title=m.title,
            code=m.code,
            area=m.area,
            why=m.why,
            status=change["new"],
            effective_on=old.effective_on if old else m.in_place_since,
            note=old.note if old else "",
            alternative=old.alternative if old else "",
            alternative_reasoning=old.alternative_reasoning if old else "",
            optional=m.optional,
            confidence=m.confidence,
        )
        try:
            check_decision(d)
        except Exception:
            self._sync_rows()
            if change["new"] == "alternative":
                self.measure.value = measure_id
                self.state.value = "alternative"
            raise
        self.decisions = {**self.decisions, m.id: d}
        self.table.value = measures_html(self._assessment, self.decisions, self.descriptions)
        if self.measure.value == measure_id:
            self._load_decision()
        self.status.show(f"{m.id} {m.title}: {STATUS_WORDS[d.status]}.", "ok")

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
