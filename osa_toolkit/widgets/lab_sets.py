"""The weightings lab's saved sets: save the sliders with who and why, load a set back onto the
sliders, compare any two sets (or the defaults, or the sliders) side by side, and read the audit log.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w

from osa_toolkit.core.analysis.weight_sets import compare_weight_sets
from osa_toolkit.core.errors import WeightsError
from osa_toolkit.files.weight_sets import (
    list_weight_sets,
    load_weight_set,
    read_audit_log,
    save_weight_set,
)
from osa_toolkit.widgets.base import labelled, reports_errors
from osa_toolkit.widgets.html_bits import esc, table

DEFAULT, SLIDERS = "(default weights)", "(these sliders)"


def _hooked(widget: w.Widget, hook: str) -> w.Widget:
    widget.add_class(hook)
    return widget


class WeightSetsPanel(w.VBox):
    """Save / load / compare weight sets for a :class:`~osa_toolkit.widgets.weights_lab.WeightsLab`."""

    def __init__(self, lab: Any, folder: str | Path | None = None):
        self.lab, self.folder = lab, folder
        self.name = _hooked(
            labelled(w.Text(placeholder="e.g. cautious-2026"), "Name"), "osa-lab-set-name"
        )
        self.who = _hooked(labelled(w.Text(placeholder="your name"), "Who"), "osa-lab-who")
        self.why = _hooked(
            labelled(w.Textarea(placeholder="why these weights"), "Why"), "osa-lab-why"
        )
        self.save = _hooked(
            w.Button(description="Save these weights", button_style="primary"), "osa-lab-save"
        )
        self.load_name = _hooked(labelled(w.Dropdown(options=[]), "Saved set"), "osa-lab-load-name")
        self.load = _hooked(w.Button(description="Put on the sliders"), "osa-lab-load")
        self.set_a = _hooked(labelled(w.Dropdown(options=[]), "Compare"), "osa-lab-compare-a")
        self.set_b = _hooked(labelled(w.Dropdown(options=[]), "with"), "osa-lab-compare-b")
        self.compare = _hooked(w.Button(description="Compare"), "osa-lab-compare-button")
        self.comparison = _hooked(w.HTML(), "osa-lab-compare")
        self.audit = _hooked(w.HTML(), "osa-lab-audit")
        guard = reports_errors(lab.status)
        self.save.on_click(guard(self.save_current))
        self.load.on_click(guard(self.load_selected))
        self.compare.on_click(guard(self.compare_selected))
        super().__init__(
            [
                w.HTML("<h3>Save, load and compare weight sets</h3>"),
                w.HBox([self.name, self.who]),
                self.why,
                self.save,
                w.HBox([self.load_name, self.load]),
                w.HBox([self.set_a, self.set_b, self.compare]),
                self.comparison,
                w.HTML("<h4>Audit log (latest first)</h4>"),
                self.audit,
            ]
        )
        self.add_class("osa-lab-sets")
        self.refresh()

    def refresh(self) -> None:
        names = list_weight_sets(self.folder)
        self.load_name.options = names
        for dropdown, options in (
            (self.set_a, [DEFAULT, SLIDERS, *names]),
            (self.set_b, [SLIDERS, DEFAULT, *names]),
        ):  # keep the choice; an untouched dropdown starts on its first option, never on nothing
            kept = dropdown.value if dropdown.value in options else options[0]
            dropdown.options = options
            dropdown.value = kept
        entries = read_audit_log(self.folder)[-5:][::-1]
        rows = [
            [
                esc(e.get("at")),
                esc(e.get("action")),
                esc(e.get("name")),
                esc(e.get("who")),
                esc(e.get("why")),
            ]
            for e in entries
        ]
        self.audit.value = (
            table(["When (UTC)", "Action", "Set", "Who", "Why"], rows)
            if rows
            else "<p>Nothing saved yet.</p>"
        )

    def save_current(self, _button=None) -> Path:
        weights = self.lab.slider_weights()  # invalid sliders: the WeightsError sentence shows
        path = save_weight_set(
            self.name.value.strip(), weights, self.who.value, self.why.value, self.folder
        )
        self.refresh()
        self.lab.status.show(
            f"Saved the weights as {path.stem!r} ({path}); the audit log has a new line.", "ok"
        )
        return path

    def load_selected(self, _button=None) -> None:
        if not self.load_name.value:
            raise WeightsError("There is no saved weightings set to load yet; save one first.")
        ws = load_weight_set(self.load_name.value, self.folder)
        self.lab.set_weights(ws.weights)
        self.lab.status.show(
            f"Loaded {ws.name!r}, saved by {ws.who} on {ws.saved_at:%-d %B %Y %H:%M} UTC: {ws.why}",
            "ok",
        )

    def _pick(self, choice: str):
        if choice == DEFAULT:
            return self.lab.default
        if choice == SLIDERS:
            return self.lab.slider_weights()
        return load_weight_set(choice, self.folder)

    def compare_selected(self, _button=None) -> None:
        a, b = self.set_a.value or DEFAULT, self.set_b.value or SLIDERS
        diff = compare_weight_sets(self._pick(a), self._pick(b), only_changed=True)
        rows = [[esc(r.key), esc(r.set_a), esc(r.set_b)] for r in diff.itertuples()]
        head = f"<p>{len(diff)} setting(s) differ between {esc(a)} and {esc(b)}.</p>"
        self.comparison.value = head + (
            table(["Setting", a, b], rows, "osa-compare-table") if rows else ""
        )
