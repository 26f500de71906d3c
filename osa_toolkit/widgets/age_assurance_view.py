"""The age-assurance view: choose methods, describe how they meet the four criteria, and see the
verdict, whether highly effective age assurance is needed, and (for Part 5) what the record lacks.

The view holds the profile (or follows a :class:`~osa_toolkit.widgets.profile_form.ProfileForm`) and the
criteria notes; the core decides. ``.value`` is the
:class:`~osa_toolkit.core.children_records.AgeAssuranceRecord` it would save.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w
import traitlets

from osa_toolkit.core.assessments.age_assurance import evaluate_age_assurance
from osa_toolkit.core.assessments.age_assurance_parts import CRITERIA, NOTE_KEYS, RECORD_NOTES
from osa_toolkit.core.children_records import age_assurance_record
from osa_toolkit.core.profile import ServiceProfile, replace_in
from osa_toolkit.widgets.base import StatusLine, labelled, reports_errors
from osa_toolkit.widgets.html_bits import bullet_list, esc, table

STATUS_WORDS = {
    "capable": "can be highly effective",
    "never": "never highly effective",
    "unknown": "not in the register",
}
NEEDS_WORDS = {True: "Yes", False: "No", None: "Possibly — an answer is unknown"}
VERDICT_COLOURS = {True: "#1b5e20", False: "#b00020", None: "#8a4b00"}


def verdict_html(result) -> str:
    """The verdict sentence (coloured, and in words), then whether HEAA is needed and why."""
    colour = VERDICT_COLOURS[result.highly_effective]
    return (
        f'<p class="osa-aa-verdict" style="color:{colour};font-weight:600">'
        f"{esc(result.verdict_sentence)}</p>"
        f"<h4>Is highly effective age assurance needed? {esc(NEEDS_WORDS[result.needs_heaa])}</h4>"
        + bullet_list(result.needs_reasons)
    )


def methods_html(result) -> str:
    if not result.methods:
        return "<p>No method chosen.</p>"
    rows = [(esc(m.name), esc(STATUS_WORDS[m.status]), esc(m.reason)) for m in result.methods]
    return table(["Method", "Status", "Why"], rows, "osa-aa-methods")


def criteria_html(result) -> str:
    rows = [
        (
            esc(c.label),
            esc("met (as you describe it)" if c.status == "met" else "not shown"),
            esc(c.note or "—"),
        )
        for c in result.criteria
    ]
    out = table(["Criterion", "Status", "Your note"], rows, "osa-aa-criteria")
    if result.part5:
        items = [
            (esc(i.label), esc(i.value or "—"), esc("MISSING" if i.missing else "given"))
            for i in result.part5_record
        ]
        out += "<h4>Part 5 record (s.81)</h4>" + table(
            ["Item", "What you recorded", "Status"], items, "osa-aa-part5"
        )
        out += bullet_list(result.reminders)
    return out


class AgeAssuranceView(w.VBox):
    """Methods chooser, criteria notes, verdict and record; ``notes`` holds the provider's words."""

    notes = traitlets.Dict()
    value = traitlets.Any()

    def __init__(self, source: Any, registers: Any = None, today: dt.date | None = None) -> None:
        from osa_toolkit.core.registers import load_registers

        self.registers = registers or load_registers()
        self.today = today or dt.date.today()
        self.status = StatusLine()
        self._form = None if isinstance(source, ServiceProfile) else source
        self._profile = source if self._form is None else source.value
        self._syncing = False
        self.result = None
        safe = reports_errors(self.status)
        self.methods = w.SelectMultiple(
            options=[
                (f"{m.name}{'' if m.capable_of_heaa else ' (never highly effective)'}", m.id)
                for m in self.registers.age_assurance_methods
            ],
            rows=min(10, len(self.registers.age_assurance_methods)),
        )
        self.methods.add_class("osa-aa-methods-pick")
        self.access_controls = w.Checkbox(
            description="Used with access controls that keep children out of the whole service"
        )
        labels = {k: label for k, (label, _) in CRITERIA.items()} | RECORD_NOTES
        helps = {k: help_text for k, (_, help_text) in CRITERIA.items()}
        self.note_boxes = {k: w.Textarea(placeholder=helps.get(k, "")) for k in NOTE_KEYS}
        self.save_notes = w.Button(description="Use these notes", button_style="primary")
        self.verdict, self.method_table, self.criteria = w.HTML(), w.HTML(), w.HTML()
        self._sync()
        self.methods.observe(safe(self._profile_changed), names="value")
        self.access_controls.observe(safe(self._profile_changed), names="value")
        self.save_notes.on_click(safe(self._take_notes))
        if self._form is not None:
            self._form.observe(safe(self._from_form), names="value")
        self.observe(safe(self._recompute), names="notes")
        super().__init__(
            [
                w.HTML(
                    "<h3>Age assurance</h3><p><em>Indicative, with reasons; not legal "
                    "advice.</em></p>"
                ),
                labelled(self.methods, "Age-assurance methods used"),
                self.access_controls,
                self.method_table,
                self.verdict,
                w.HTML("<h4>How your age checks meet the criteria</h4>"),
                *(labelled(self.note_boxes[k], labels[k]) for k in NOTE_KEYS),
                self.save_notes,
                self.status,
                self.criteria,
            ]
        )
        self.add_class("osa-age-assurance")
        self._recompute()

    @classmethod
    def from_file(cls, path: str, **kwargs: Any) -> AgeAssuranceView:
        """Open on a profile file or the id of an example."""
        from osa_toolkit.files.profiles import load_profile

        return cls(load_profile(path), **kwargs)

    @property
    def profile(self) -> ServiceProfile:
        return self._form.value if self._form is not None else self._profile

    def _sync(self) -> None:
        self._syncing = True
        try:
            known = {m.id for m in self.registers.age_assurance_methods}
            c = self.profile.children
            self.methods.value = tuple(m for m in c.age_assurance_methods if m in known)
            self.access_controls.value = c.highly_effective_age_assurance
        finally:
            self._syncing = False

    def _profile_changed(self, change=None) -> None:
        if self._syncing:
            return
        p = replace_in(self.profile, "children.age_assurance_methods", tuple(self.methods.value))
        p = replace_in(p, "children.highly_effective_age_assurance", self.access_controls.value)
        if self._form is not None:
            self._form.value = p
        else:
            self._profile = p
            self._recompute()

    def _from_form(self, change=None) -> None:
        self._sync()
        self._recompute()

    def _take_notes(self, _button=None) -> None:
        self.notes = {k: box.value for k, box in self.note_boxes.items() if box.value.strip()}
        self.status.show("Notes taken into the checklist.", "ok")

    def _recompute(self, change=None) -> None:
        self.result = evaluate_age_assurance(
            self.profile, self.registers, self.notes, today=self.today
        )
        self.method_table.value = methods_html(self.result)
        self.verdict.value = verdict_html(self.result)
        self.criteria.value = criteria_html(self.result)
        self.value = age_assurance_record(self.result, self.profile)
