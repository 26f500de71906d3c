"""The weightings lab: move any weight or band edge and see, live, which levels move.

The portfolio (the shipped examples, a folder of profiles, or profiles given in code, plus optional
synthetic services) is turned into features once (:func:`osa_toolkit.core.analysis.batch.features`); every
slider change re-scores it with numpy in milliseconds. The table ``.osa-changed-levels`` lists the
(service, harm) levels that differ from the default weights; the tornado chart shows which weights
move the most levels. Weight sets are saved with who and why (and an audit log line), loaded back
and compared side by side. Invalid combinations (bands that overlap…) are shown in the status line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ipywidgets as w

from osa_toolkit.core.analysis.batch import compile_features, features, level_changes, score
from osa_toolkit.core.analysis.sensitivity import sensitivity
from osa_toolkit.core.analysis.weight_keys import with_weights
from osa_toolkit.core.errors import WeightsError
from osa_toolkit.core.method.weights import Weights, load_weights, weights_from_mapping
from osa_toolkit.core.registers import load_registers
from osa_toolkit.plots import levels_by_harm, to_png, tornado
from osa_toolkit.widgets.base import StatusLine, labelled, reports_errors
from osa_toolkit.widgets.calibration_panel import CalibrationPanel
from osa_toolkit.widgets.html_bits import badge, esc, table
from osa_toolkit.widgets.lab_sets import WeightSetsPanel
from osa_toolkit.widgets.weight_sliders import FLOOR_KEY, build_sliders, set_slider, slider_value

MAX_ROWS = 200


def portfolio_profiles(profiles=None, synthetic: int = 0, seed: int = 0) -> dict:
    """``{service id: profile}`` from a folder path, a mapping or list, or (None) the examples."""
    from osa_toolkit.core.analysis.batch import name_profiles
    from osa_toolkit.core.analysis.synthetic import synthetic_profiles
    from osa_toolkit.files.profile_folders import load_profile_folder
    from osa_toolkit.files.profiles import examples_dir

    if profiles is None or isinstance(profiles, str | Path):
        found, _problems = load_profile_folder(profiles or examples_dir())
    else:
        found = name_profiles(profiles)
    if synthetic:
        found |= {
            f"synthetic-{i + 1:04d}": p for i, p in enumerate(synthetic_profiles(synthetic, seed))
        }
    return found


class WeightsLab(w.VBox):
    """Sliders for every weight, live re-scoring, changed levels, tornado, saved sets."""

    def __init__(self, profiles=None, edition: str | None = None, synthetic: int = 0,
                 today: dt.date | None = None, sets_folder: str | Path | None = None,
                 calibration_cases=None):  # fmt: skip
        self.registers = load_registers(edition)
        self.default = load_weights()
        self.profiles = portfolio_profiles(profiles, synthetic)
        self.frame = features(self.profiles, self.registers, today=today or dt.date.today())
        self.compiled = compile_features(self.frame)
        self.base = score(self.compiled, self.default)
        self.harm_names = {h.id: h.name for h in self.registers.harms}
        names = {f.id: f.name for f in self.registers.risk_factors} | self.harm_names
        self.weights: Weights = self.default
        self.changes = level_changes(self.base, self.base)
        self._quiet = False

        self.status = StatusLine()
        self.status.add_class("osa-lab-status")
        self.sliders, panel = build_sliders(self.default, names)
        self.scope = w.ToggleButtons(options=[("Whole portfolio", "all"), ("One service", "one")])
        self.scope.add_class("osa-lab-scope")
        self.service = labelled(w.Dropdown(options=list(self.profiles)), "Service")
        self.service.add_class("osa-lab-service")
        self.reset = w.Button(description="Back to the default weights")
        self.reset.add_class("osa-lab-reset")
        self.summary = w.HTML()
        self.summary.add_class("osa-lab-summary")
        self.table = w.HTML()
        self.table.add_class("osa-changed-levels")
        self.levels_img = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self.levels_img.add_class("osa-lab-levels")
        self.tornado_button = w.Button(description="Which weights matter most?")
        self.tornado_button.add_class("osa-lab-sensitivity")
        self.tornado_img = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self.tornado_img.add_class("osa-lab-tornado")
        self.sets = WeightSetsPanel(self, sets_folder)
        self.calibration = CalibrationPanel(calibration_cases, today)

        guard = reports_errors(self.status)
        for slider in self.sliders.values():
            slider.observe(guard(self.recompute), names="value")
        self.scope.observe(guard(self.recompute), names="value")
        self.service.observe(guard(self.recompute), names="value")
        self.reset.on_click(guard(self.reset_to_default))
        self.tornado_button.on_click(guard(self.show_sensitivity))
        super().__init__(
            [
                w.HTML(
                    "<p>Move a weight: every level is worked out again straight away. These "
                    "weights are the toolkit's own aid to judgement, not Ofcom's numbers.</p>"
                ),
                panel,
                self.reset,
                w.HBox([self.scope, self.service]),
                self.status,
                self.summary,
                self.calibration,
                self.table,
                self.levels_img,
                self.tornado_button,
                self.tornado_img,
                self.sets,
            ]
        )
        self.add_class("osa-weights-lab")
        guard(self.recompute)()
        guard(self.show_sensitivity)()

    # ------------------------------------------------------------------ weights from the sliders
    def slider_weights(self) -> Weights:
        """The weights the sliders show, validated (raises :class:`WeightsError`)."""
        changes = {
            k: (s.value if k == FLOOR_KEY else slider_value(k, s)) for k, s in self.sliders.items()
        }
        return weights_from_mapping(with_weights(self.default.raw, changes), "the sliders")

    def set_weights(self, weights: Weights) -> None:
        """Move every slider to ``weights`` (one re-score at the end)."""
        from osa_toolkit.core.analysis.weight_keys import numeric_weights

        values = numeric_weights(weights.raw)
        self._quiet = True
        try:
            for key, slider in self.sliders.items():
                if key == FLOOR_KEY:
                    slider.value = weights.severe_incident_floor
                elif key in values:
                    set_slider(slider, values[key])
        finally:
            self._quiet = False
        self.recompute()

    def reset_to_default(self, _button=None) -> None:
        self.set_weights(self.default)
        self.status.show("Back to the default weights.", "ok")

    # ------------------------------------------------------------------ scoring
    def recompute(self, change=None) -> None:
        if self._quiet:
            return
        self.service.layout.display = None if self.scope.value == "one" else "none"
        try:
            self.weights = self.slider_weights()
        except WeightsError as err:
            self.status.show(f"{err} The table shows the last valid weights.", "error")
            return
        scored = score(self.compiled, self.weights)
        self.calibration.update(self.weights)
        changes = level_changes(self.base, scored)
        if self.scope.value == "one":
            changes = changes[changes["service"] == self.service.value]
            mine = scored[scored["service"] == self.service.value]
            levels = dict(zip(mine["harm"], mine["level"], strict=True))
            figure = levels_by_harm(
                levels, names=self.harm_names, title=f"Levels of {self.service.value}"
            )
            self.levels_img.value = to_png(figure.figure)
        self.levels_img.layout.display = None if self.scope.value == "one" else "none"
        self.changes = changes.reset_index(drop=True)
        self._render(
            len(scored)
            if self.scope.value == "all"
            else int((scored["service"] == self.service.value).sum())
        )
        self.status.show("Weights are valid; levels worked out again.", "info")

    def _render(self, total: int) -> None:
        c = self.changes
        raised, lowered = (
            int((c["direction"] == "raised").sum()),
            int((c["direction"] == "lowered").sum()),
        )
        self.summary.value = (
            f"<p><b>{len(c)}</b> of {total} levels differ from the default weights "
            f"({raised} raised, {lowered} lowered).</p>"
        )
        rows = [
            [
                esc(r.service),
                esc(self.harm_names.get(r.harm, r.harm)),
                badge(r.before),
                badge(r.after),
                esc(r.direction),
            ]
            for r in c.head(MAX_ROWS).itertuples()
        ]
        more = f"<p>… and {len(c) - MAX_ROWS} more.</p>" if len(c) > MAX_ROWS else ""
        self.table.value = (
            table(
                [
                    "Service",
                    "Kind of illegal content",
                    "Default weights",
                    "These weights",
                    "Change",
                ],
                rows,
                "osa-changed-levels-table",
            )
            + more
            if rows
            else "<p class='osa-no-changes'>No level differs from the default weights.</p>"
        )

    def show_sensitivity(self, _button=None) -> None:
        """The tornado chart of the current weights (± 20% on each number)."""
        table_ = sensitivity(self.compiled, self.weights)
        self.sensitivity_table = table_
        self.tornado_img.value = to_png(tornado(table_).figure)
