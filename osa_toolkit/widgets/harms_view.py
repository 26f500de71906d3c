"""Step 1 and 2 views: risk factors per harm, indicative levels with traces, and overrides."""

from __future__ import annotations

import ipywidgets as w
import traitlets

from osa_toolkit.core.method.evidence_words import evidence_words
from osa_toolkit.core.method.subject import assessor_override
from osa_toolkit.core.vocabulary import LEVELS
from osa_toolkit.widgets.base import StatusLine, auto_width, labelled, reports_errors, wide
from osa_toolkit.widgets.html_bits import badge, bullet_list, esc, table


def factors_html(assessment, registers) -> str:
    """Step 1: for each harm, the risk factors present on the service that Ofcom links to it."""
    names = {f.id: f.name for f in registers.risk_factors}
    rows = [
        (
            esc(h.name),
            esc(", ".join(f"{names[f]} ({f})" for f in h.factors) or "none present"),
        )
        for h in assessment.harms
    ]
    return table(
        ["Kind of illegal content", "Risk factors present and linked to it"], rows, "osa-factors"
    )


def levels_html(assessment) -> str:
    """Step 2: one row per harm with its indicative and final level (in words and colour)."""
    rows = []
    for h in assessment.harms:
        final = badge(h.level) + (" (changed by you)" if h.override else "")
        rows.append(
            (
                esc(h.name),
                badge(h.indicative_level),
                final,
                esc(len(h.factors)),
                esc(evidence_words(h.evidence.status, h.override.evidence if h.override else "")),
            )
        )
    summary = (
        f"<p><b>Large service:</b> {esc(_yes(assessment.large_service))} · "
        f"<b>Multi-risk:</b> {esc(_yes(assessment.multi_risk))}</p>"
    )
    return summary + table(
        ["Kind", "Indicative level", "Final level", "Linked factors", "Evidence"],
        rows,
        "osa-levels",
    )


def _yes(value) -> str:
    return {True: "yes", False: "no", None: "not known"}[value]


class HarmsView(w.VBox):
    """Levels table, one harm's trace, and an override form. ``overrides`` holds the user's choices."""

    overrides = traitlets.Dict()

    def __init__(self, harm_ids_and_names: list[tuple[str, str]]) -> None:
        self.status = StatusLine()
        self.table = w.HTML()
        self.table.add_class("osa-levels-table")
        self.harm = w.Dropdown(options=[(n, i) for i, n in harm_ids_and_names])
        self.harm.add_class("osa-harm-pick")
        self.trace = w.HTML()
        self.trace.add_class("osa-trace")
        self.level = w.Dropdown(
            options=[("keep the indicative level", "")] + [(x, x) for x in LEVELS]
        )
        self.level.add_class("osa-override-level")
        self.reason = w.Textarea(
            layout=wide(), placeholder="Why the final level differs (required)"
        )
        self.reason.add_class("osa-override-reason")
        self.evidence = w.Textarea(
            layout=wide(), placeholder="What evidence supports it (needed to go lower)"
        )
        self.evidence.add_class("osa-override-evidence")
        self.apply = w.Button(
            description="Set final level", button_style="primary", layout=auto_width()
        )
        self.apply.add_class("osa-override-apply")
        self.findings = w.HTML()
        self.findings.add_class("osa-findings")
        self._assessment = None
        self.harm.observe(reports_errors(self.status)(self._show_trace), names="value")
        self.apply.on_click(reports_errors(self.status)(self._apply))
        super().__init__(
            [
                w.HTML("<h3>Step 2 — Assess the risk of harm</h3>"),
                self.table,
                w.HTML("<h4>Why each level</h4>"),
                labelled(self.harm, "Kind of illegal content"),
                self.trace,
                w.HTML("<h4>Your final level</h4>"),
                labelled(self.level, "Final level"),
                labelled(self.reason, "Reason"),
                labelled(self.evidence, "Evidence"),
                self.apply,
                self.status,
                w.HTML("<h4>What a regulator would question</h4>"),
                self.findings,
            ]
        )

    def show(self, assessment) -> None:
        self._assessment = assessment
        self.table.value = levels_html(assessment)
        items = [f.message for f in assessment.evidence_check]
        self.findings.value = bullet_list(items) if items else "<p>Nothing flagged.</p>"
        self._show_trace()

    def _show_trace(self, change=None) -> None:
        if self._assessment is None or self.harm.value is None:
            return
        h = self._assessment.harm(self.harm.value)
        head = (
            f"<p>{esc(h.name)}: indicative {badge(h.indicative_level)}, final {badge(h.level)}</p>"
        )
        self.trace.value = head + bullet_list(h.trace)
        o = self.overrides.get(h.id)
        self.level.value = o.level if o else ""
        self.reason.value = o.reason if o else ""
        self.evidence.value = o.evidence if o else ""

    def _apply(self, _button=None) -> None:
        harm_id = self.harm.value
        o = assessor_override(harm_id, self.level.value, self.reason.value, self.evidence.value)
        new = dict(self.overrides)
        if o is None:
            new.pop(harm_id, None)
        else:
            new[harm_id] = o
        self.overrides = new
        self.status.show(
            f"Final level set to {o.level}." if o else "The indicative level is used again.", "ok"
        )
