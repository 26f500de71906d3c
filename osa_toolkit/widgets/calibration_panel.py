"""The weightings lab's live agreement with published assessments: a figure and a bar per case.

The cases (``osa_toolkit/data/calibration``) are turned into features once; every change of the weights re-scores
them with the batch engine (:class:`osa_toolkit.core.analysis.calibration.LevelScorer`), so the figure moves
with the sliders. Measures are not compared here (``osa-toolkit calibrate`` does).
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from osa_toolkit.core.analysis.calibration import LevelScorer
from osa_toolkit.core.method.weights import Weights
from osa_toolkit.core.registers import load_registers
from osa_toolkit.plots import agreement_by_case, to_png
from osa_toolkit.widgets.html_bits import esc


class CalibrationPanel(w.VBox):
    """``update(weights)`` shows how far those weights agree with the published cases."""

    def __init__(self, cases=None, today: dt.date | None = None):
        from osa_toolkit.files.calibration_cases import load_cases

        self.cases = load_cases() if cases is None else list(cases)
        self.scorer = LevelScorer(self.cases, load_registers, today or dt.date.today())
        self.baseline = None
        self.figure = w.HTML()
        self.figure.add_class("osa-lab-agreement")
        self.figure.add_class("osa-live")  # read out when it changes
        self.bars = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self.bars.add_class("osa-lab-agreement-bars")
        self.agreement = None
        super().__init__(
            [
                w.HTML(
                    "<h4>Agreement with published assessments</h4><p>How many of the levels that "
                    f"{len(self.cases)} small services published in their own risk assessments these "
                    "weights give exactly, and within one step. Operators' levels are judgements, "
                    "not the truth: see docs/calibration.md.</p>"
                ),
                self.figure,
                self.bars,
            ]
        )
        self.add_class("osa-lab-calibration")

    def update(self, weights: Weights) -> None:
        a = self.scorer.agreement(weights)
        if self.baseline is None:
            self.baseline = a
        self.agreement = a
        s, b = a.summary, self.baseline.summary
        moved = s["exact"] - b["exact"]
        change = (
            ""
            if moved == 0
            else f" ({'+' if moved > 0 else ''}{moved} against the default weights)"
        )
        self.figure.value = (
            f"<p role='status' aria-live='polite'><b>{s['exact_share']:.0%}</b> of {s['rows']} "
            f"published levels the same{esc(change)}, <b>{s['within_one_share']:.0%}</b> within "
            f"one step; {s['over2']} two or more steps higher, {s['under2']} two or more lower; "
            f"multi-risk agrees on {s['multi_risk_agree']} of {s['multi_risk_stated']} cases that "
            "state it.</p>"
        )
        self.bars.value = to_png(agreement_by_case(a).figure)
