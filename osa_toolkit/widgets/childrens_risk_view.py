"""The children's risk assessment view: the provider's children's answers, levels per kind of content
and age group (words and colour), each level's trace, overrides with a required reason, and the
Protection of Children Code measures with why.

The view holds the profile (or follows a :class:`~osa_toolkit.widgets.profile_form.ProfileForm`), the
overrides and the governance; on every change it asks the core for a fresh assessment and shows it.
``.value`` is the :class:`~osa_toolkit.core.children_records.ChildrensRiskRecord` it would save.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w
import traitlets

from osa_toolkit.core.assessments.childrens_risk import assess_childrens_risk
from osa_toolkit.core.children_records import childrens_risk_record
from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.method.subject import assessor_override
from osa_toolkit.core.profile import ServiceProfile, replace_in
from osa_toolkit.core.vocabulary import LEVELS
from osa_toolkit.core.words import CATEGORY_SHORT
from osa_toolkit.widgets.base import StatusLine, labelled, reports_errors
from osa_toolkit.widgets.html_bits import badge, bullet_list, coverage_html, esc, table

TERMS_OPTIONS = [
    ("Not said yet", "unknown"),
    ("Prohibited for all users", "prohibited"),
    ("Allowed", "allowed"),
]
TERMS_VALUES = {"unknown": None, "prohibited": True, "allowed": False}
TERMS_WORDS = {v: k for k, v in TERMS_VALUES.items()}
PURPOSES = [
    ("Neither", "none"),
    ("Hosting or sharing primary priority content", "ppc"),
    ("Hosting or sharing priority content", "pc"),
]


def levels_html(assessment) -> str:
    """One row per kind: overall level, then each age group's level (badges carry the word)."""
    if not assessment.required:
        return "<p><b>Not required.</b></p>" + bullet_list(assessment.reasons)
    groups = [g for g in assessment.age_groups if g.present]
    head = ["Kind", "Category", "Overall"] + [f"Ages {g.label} ({g.confidence})" for g in groups]
    rows = [
        [esc(k.name), esc(CATEGORY_SHORT[k.category]), badge(k.level)]
        + [
            badge(k.group(g.id).level) + (" (changed)" if k.group(g.id).assessment.override else "")
            for g in groups
        ]
        for k in assessment.kinds
    ]
    return table(head, rows, "osa-child-levels")


def measures_html(assessment) -> str:
    rows = [
        (
            f"<b>{esc(m.id)}</b>",
            esc(m.title + (" (depends on an unknown answer)" if m.uncertain else "")),
            bullet_list(m.why),
        )
        for m in assessment.measures
    ]
    notes = coverage_html(getattr(assessment, "coverage", ()))
    if not rows:
        return "<p>No Protection of Children Code measures apply.</p>" + notes
    return table(["Measure", "What it asks", "Why it applies"], rows, "osa-child-measures") + notes


class ChildrensRiskView(w.VBox):
    """Children's answers, levels table, one trace, an override form, the measures."""

    overrides = traitlets.Dict()
    value = traitlets.Any()

    def __init__(
        self, source: Any, registers: Any = None, weights: Any = None, today: dt.date | None = None
    ) -> None:
        from osa_toolkit.core.method.weights import load_weights
        from osa_toolkit.core.registers import load_registers

        self.today = today or dt.date.today()
        self.registers = registers or load_registers(on=self.today)
        self.weights = weights or load_weights()
        self.status = StatusLine()
        self._form = None if isinstance(source, ServiceProfile) else source
        self._profile = source if self._form is None else source.value
        self._syncing = False
        self.assessment = None
        self._build_controls()
        safe = reports_errors(self.status)
        if self._form is not None:
            self._form.observe(safe(self._from_form), names="value")
        self.observe(safe(self._recompute), names="overrides")
        self._recompute()

    @classmethod
    def from_file(cls, path: str, **kwargs: Any) -> ChildrensRiskView:
        """Open on a profile file or the id of an example."""
        from osa_toolkit.files.profiles import load_profile

        return cls(load_profile(path), **kwargs)

    @property
    def profile(self) -> ServiceProfile:
        return self._form.value if self._form is not None else self._profile

    # ------------------------------------------------------------------ layout
    def _build_controls(self) -> None:
        safe = reports_errors(self.status)
        kinds = [k for k in self.registers.children_content if k.category in ("ppc", "pc")]
        self.terms = {
            k.id: w.Dropdown(
                options=TERMS_OPTIONS, description=k.name, style={"description_width": "initial"}
            )
            for k in kinds
        }
        for d in self.terms.values():
            d.add_class("osa-terms")
        for kind_id, d in self.terms.items():
            d.add_class("osa-terms-" + kind_id.replace("_", "-"))
        self.takedown = w.Checkbox(description="Taking such content down is technically feasible")
        self.purpose = w.Dropdown(options=PURPOSES)
        self.groups = w.SelectMultiple(options=[(g.label, g.id) for g in self.registers.age_groups])
        self.summary, self.table, self.trace = w.HTML(), w.HTML(), w.HTML()
        self.measures, self.findings, self.notes = w.HTML(), w.HTML(), w.HTML()
        self.table.add_class("osa-child-levels-table")
        self.kind = w.Dropdown(options=[])
        self.group = w.Dropdown(options=[])
        self.level = w.Dropdown(
            options=[("keep the indicative level", "")] + [(x, x) for x in LEVELS]
        )
        self.reason = w.Textarea(placeholder="Why the final level differs (required)")
        self.evidence = w.Textarea(placeholder="What evidence supports it (needed to go lower)")
        self.apply = w.Button(description="Set final level", button_style="primary")
        self._sync_answers()
        for control in (*self.terms.values(), self.takedown, self.purpose, self.groups):
            control.observe(safe(self._answers_changed), names="value")
        self.kind.observe(safe(self._show_trace), names="value")
        self.group.observe(safe(self._show_trace), names="value")
        self.apply.on_click(safe(self._apply))
        super().__init__(
            [
                w.HTML(
                    "<h3>Children's risk assessment</h3><p><em>Indicative, with reasons; "
                    "not legal advice.</em></p>"
                ),
                w.HTML("<h4>Your terms of service and your users</h4>"),
                *self.terms.values(),
                self.takedown,
                labelled(self.purpose, "Principal purpose of the service"),
                labelled(
                    self.groups,
                    "Age groups that use the service",
                    "Leave all chosen unless you have evidence younger children are absent.",
                ),
                self.summary,
                w.HTML("<h4>Risk level per kind of content and age group</h4>"),
                self.table,
                w.HTML("<h4>Why each level</h4>"),
                w.HBox([labelled(self.kind, "Kind"), labelled(self.group, "Age group")]),
                self.trace,
                w.HTML("<h4>Your final level</h4>"),
                labelled(self.level, "Final level"),
                labelled(self.reason, "Reason"),
                labelled(self.evidence, "Evidence"),
                self.apply,
                self.status,
                w.HTML("<h4>Protection of Children Code measures</h4>"),
                self.measures,
                w.HTML("<h4>What a regulator would question</h4>"),
                self.findings,
                w.HTML("<h4>Notes and limits</h4>"),
                self.notes,
            ]
        )
        self.add_class("osa-childrens-risk")

    # ------------------------------------------------------------------ profile answers
    def _sync_answers(self) -> None:
        """Show the profile's children's answers in the controls (without firing changes)."""
        self._syncing = True
        try:
            c = self.profile.children
            for kind, dropdown in self.terms.items():
                dropdown.value = TERMS_WORDS[c.prohibits(kind)]
            self.takedown.value = c.takedown_feasible
            self.purpose.value = c.principal_purpose
            present = c.age_groups_present
            self.groups.value = tuple(
                g.id for g in self.registers.age_groups if present is None or g.id in present
            )
        finally:
            self._syncing = False

    def _answers_changed(self, change=None) -> None:
        if self._syncing:
            return
        terms = tuple(
            (k, TERMS_VALUES[d.value]) for k, d in self.terms.items() if d.value != "unknown"
        )
        every = tuple(g.id for g in self.registers.age_groups)
        chosen = tuple(self.groups.value)
        if not chosen:
            raise InvalidInputError("Choose at least one age group that uses the service.")
        p = self.profile
        p = replace_in(p, "children.terms_prohibit", terms)
        p = replace_in(p, "children.takedown_feasible", bool(self.takedown.value))
        p = replace_in(p, "children.principal_purpose", self.purpose.value)
        p = replace_in(
            p, "children.age_groups_present", None if set(chosen) == set(every) else chosen
        )
        if self._form is not None:
            self._form.value = p  # the form's observer recomputes
        else:
            self._profile = p
            self._recompute()

    def _from_form(self, change=None) -> None:
        self._sync_answers()
        self._recompute()

    # ------------------------------------------------------------------ results
    def _recompute(self, change=None) -> None:
        self.assessment = assess_childrens_risk(
            self.profile, self.registers, self.weights, self._valid_overrides(), self.today
        )
        a = self.assessment
        self.summary.value = (
            f"<p><b>{esc(a.service)}</b> · edition {esc(a.edition)} · "
            f"{'required' if a.required else 'not required'} · next review by "
            f"{a.next_review:%d %B %Y}</p>"
        )
        self.table.value = levels_html(a)
        self.measures.value = measures_html(a)
        items = [f.message for f in a.evidence_check]
        self.findings.value = bullet_list(items) if items else "<p>Nothing flagged.</p>"
        self.notes.value = bullet_list(a.notes)
        kinds = [(k.name, k.id) for k in a.kinds]
        if [o[1] for o in self.kind.options] != [k[1] for k in kinds]:
            self.kind.options = kinds
        groups = [(g.label, g.id) for g in a.age_groups if g.present and a.required]
        if [o[1] for o in self.group.options] != [g[1] for g in groups]:
            self.group.options = groups
        self._show_trace()
        self.value = childrens_risk_record(a, self.profile)

    def _valid_overrides(self) -> dict:
        """The overrides that still name a kind and an age group the profile has."""
        c = self.profile.children
        kinds = {k.id for k in self.registers.children_content if k.category != "ndc"}
        kinds |= {n.id for n in c.non_designated}
        groups = {g.id for g in self.registers.age_groups}
        groups = groups if c.age_groups_present is None else set(c.age_groups_present)
        return {k: o for k, o in self.overrides.items() if k[0] in kinds and k[1] in groups}

    def _show_trace(self, change=None) -> None:
        a = self.assessment
        if a is None or not a.required or self.kind.value is None or self.group.value is None:
            self.trace.value = ""
            return
        g = a.kind(self.kind.value).group(self.group.value)
        self.trace.value = (
            f"<p>{esc(a.kind(self.kind.value).name)}, ages {esc(g.label)} (band "
            f"{esc(g.confidence)}): indicative {badge(g.indicative_level)}, final "
            f"{badge(g.level)}</p>" + bullet_list(g.assessment.trace)
        )
        o = self.overrides.get((self.kind.value, self.group.value))
        self.level.value = o.level if o else ""
        self.reason.value = o.reason if o else ""
        self.evidence.value = o.evidence if o else ""

    def _apply(self, _button=None) -> None:
        key = (self.kind.value, self.group.value)
        if None in key:
            raise InvalidInputError("Choose a kind of content and an age group first.")
        o = assessor_override(key[0], self.level.value, self.reason.value, self.evidence.value)
        new = dict(self.overrides)
        if o is None:
            new.pop(key, None)
        else:
            new[key] = o
        self.overrides = new
        self.status.show(
            f"Final level set to {o.level}." if o else "The indicative level is used again.", "ok"
        )
