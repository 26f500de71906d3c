"""The service's own evidence, per kind of illegal content, and the measures already in place.

Writes the profile's ``evidence:`` section (``period_months``, ``reports_total``, ``moderation``,
``by_harm: {harm: {reports, confirmed}}``) and its ``controls:`` list, through the
:class:`~osa_toolkit.widgets.profile_form.ProfileForm` that holds the profile, so the levels, the
regulator's questions and the saved record all read the same evidence. The form decides nothing:
every value is checked by the core (``replace_in``), and a refused one shows its sentence.
"""

from __future__ import annotations

import dataclasses

import ipywidgets as w

from osa_toolkit.core.errors import ProfileError
from osa_toolkit.core.profile import Control, Evidence, HarmEvidence, replace_in
from osa_toolkit.widgets.base import StatusLine, labelled, reports_errors

MODERATION_OPTIONS = [
    ("Not said", ""),
    ("We check posts before they appear", "pre"),
    ("We check posts after they appear", "post"),
    ("We act on reports only", "reactive"),
    ("No moderation", "none"),
]
_FULL = w.Layout(width="100%")


def _count(text: str, what: str) -> int | None:
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    if not text.isdigit():
        raise ProfileError(f"{what}: expected a whole number of 0 or more; found {text!r}.")
    return int(text)


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


class EvidenceForm(w.VBox):
    """Evidence from the service's records, per harm, and the measures already in place."""

    def __init__(self, profile_form, registers) -> None:
        self.form = profile_form
        self.status = StatusLine()
        self.status.add_class("osa-evidence-status")
        self._syncing = False
        guard = reports_errors(self.status)
        self.period = w.Text(placeholder="e.g. 12", continuous_update=False, layout=_FULL)
        self.period.add_class("osa-ev-period")
        self.total = w.Text(placeholder="e.g. 40", continuous_update=False, layout=_FULL)
        self.total.add_class("osa-ev-reports-total")
        self.moderation = w.Dropdown(options=MODERATION_OPTIONS, layout=_FULL)
        self.moderation.add_class("osa-ev-moderation")
        self.harm_names = {h.id: h.name for h in registers.harms}
        self.reports: dict[str, w.Text] = {}
        self.confirmed: dict[str, w.Text] = {}
        cells: list[w.Widget] = [
            w.HTML("<b>Kind of illegal content</b>"),
            w.HTML("<b>Reports received</b>"),
            w.HTML("<b>Confirmed incidents</b>"),
        ]
        for harm_id, name in self.harm_names.items():
            rep = w.Text(continuous_update=False, layout=_FULL)
            con = w.Text(continuous_update=False, layout=_FULL)
            css = harm_id.replace("_", "-")
            rep.add_class(f"osa-ev-reports-{css}")
            con.add_class(f"osa-ev-confirmed-{css}")
            # The visible harm name labels both boxes for screen readers too.
            rep.description_allow_html = False
            rep.tooltip = f"Reports received: {name}"
            con.tooltip = f"Confirmed incidents: {name}"
            self.reports[harm_id], self.confirmed[harm_id] = rep, con
            cells += [w.HTML(name), rep, con]
        self.table = w.GridBox(
            cells,
            layout=w.Layout(
                grid_template_columns="minmax(0, 2fr) minmax(0, 1fr) minmax(0, 1fr)",
                grid_gap="2px 12px",
                width="100%",
                max_width="60em",
            ),
        )
        self.table.add_class("osa-ev-table")
        self.measures = {m.id: m for m in registers.measures if m.code == "ICU"}
        self.controls = w.SelectMultiple(
            options=[(f"{m.title} ({m.id})", m.id) for m in self.measures.values()],
            rows=8,
            layout=_FULL,
        )
        self.controls.add_class("osa-ev-controls")
        for widget in (self.period, self.total, self.moderation, self.controls):
            widget.observe(guard(self._changed), names="value")
        for widget in (*self.reports.values(), *self.confirmed.values()):
            widget.observe(guard(self._changed), names="value")
        super().__init__(
            [
                w.HTML(
                    "<h4>Your own evidence</h4><p>From your moderation records: how many reports "
                    "you received and how many were confirmed, per kind of illegal content, over "
                    "one period. Leave a box empty if you do not know; the levels then take the "
                    "cautious reading.</p>"
                ),
                labelled(self.period, "Period these figures cover (months)"),
                labelled(self.total, "All reports received in that period"),
                labelled(self.moderation, "How you moderate"),
                self.table,
                labelled(
                    self.controls,
                    "Measures already in place",
                    "Hold Ctrl (or Cmd) to pick several. Each one lowers the likelihood.",
                ),
                self.status,
            ]
        )
        self.add_class("osa-evidence-form")
        self.form.observe(self._refresh, names="value")
        self._refresh()

    # ------------------------------------------------------------------ profile -> controls
    def _refresh(self, change=None) -> None:
        p = self.form.value
        ev = p.evidence or Evidence()
        by = {e.harm: e for e in ev.by_harm}
        self._syncing = True
        try:
            self.period.value = _text(ev.period_months)
            self.total.value = _text(ev.reports_total)
            self.moderation.value = ev.moderation or ""
            for harm_id in self.reports:
                e = by.get(harm_id)
                self.reports[harm_id].value = _text(e.reports if e else None)
                self.confirmed[harm_id].value = _text(e.confirmed if e else None)
            known = set(self.measures)
            extra = [(c.measure, c.measure) for c in p.controls if c.measure not in known]
            if extra:
                self.controls.options = [*self.controls.options, *extra]
            self.controls.value = tuple(c.measure for c in p.controls)
        finally:
            self._syncing = False

    # ------------------------------------------------------------------ controls -> profile
    def evidence(self) -> Evidence | None:
        """The evidence the boxes show (``None`` when every box is empty)."""
        old = self.form.value.evidence or Evidence()
        by_harm = []
        for harm_id, name in self.harm_names.items():
            rep = _count(self.reports[harm_id].value, f"Reports received for {name}")
            con = _count(self.confirmed[harm_id].value, f"Confirmed incidents for {name}")
            if rep is not None or con is not None:
                by_harm.append(HarmEvidence(harm_id, rep, con))
        unknown = tuple(e for e in old.by_harm if e.harm not in self.harm_names)
        ev = dataclasses.replace(
            old,
            period_months=_count(self.period.value, "Period (months)"),
            reports_total=_count(self.total.value, "All reports received"),
            moderation=self.moderation.value or None,
            by_harm=(*by_harm, *unknown),
        )
        return None if ev == Evidence() else ev

    def _changed(self, change=None) -> None:
        if self._syncing:
            return
        p = self.form.value
        try:
            old = {c.measure: c for c in p.controls}
            controls = tuple(old.get(m) or Control(m) for m in self.controls.value)
            new = replace_in(replace_in(p, "controls", controls), "evidence", self.evidence())
        except Exception:
            self._refresh()
            raise
        self.status.clear()
        if new != p:
            self.form.value = new
