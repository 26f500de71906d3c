"""One labelled slider per number in the weightings, grouped by table (used by the weightings lab).

Every slider carries the class ``osa-w-<key>`` (``.`` and ``[i]`` become ``-``: ``likelihood.bands[0]``
is ``osa-w-likelihood-bands-0``) and a visible label in words; the dotted key is its tooltip.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from osa_toolkit.core.analysis.weight_keys import css_key, group_of, is_integer_key, numeric_weights
from osa_toolkit.core.method.weights import RANGES, Weights
from osa_toolkit.core.vocabulary import LEVELS
from osa_toolkit.widgets.base import labelled

FLOOR_KEY = "rules.severe_incident_floor"
LABELS = {
    "likelihood.factor_weight_default": "Each linked risk factor present",
    "likelihood.missing_evidence_points": "No evidence given",
    "likelihood.moderated_points": "Moderated, but no figures given",
    "likelihood.reach_points": "Each reach point (more users, more likely)",
    "likelihood.no_incident_points": "Records checked, no incident",
    "likelihood.confirmed_incident_points": "Confirmed incidents",
    "likelihood.high_rate_points": "Frequent incidents (extra)",
    "likelihood.high_rate_per_10k_users_per_year": "Frequent: incidents a year per 10,000 UK users",
    "likelihood.control_points": "Each measure in place",
    "likelihood.control_points_floor": "All measures in place, at most",
    "impact.children_points": "Children likely to use the service",
    "impact.unknown_users_reach": "Reach points when the number of users is not known",
    "impact.bands[0]": "Impact 'serious' from (points)",
    "impact.bands[1]": "Impact 'severe' from (points)",
    "rules.severe_incident_severity": "Severe-incident rule from severity",
    FLOOR_KEY: "Severe incidents: never below",
}
GROUPS = {
    "likelihood": "Likelihood points and bands",
    "likelihood.factor_weights": "Risk factors that weigh more than the default",
    "impact": "Impact points and bands",
    "severity": "Severity of each kind of illegal content (1-3)",
    "rules": "Ofcom-style rules",
    "children.severity": "Children's risk: severity of each kind (not used for illegal content)",
    "children.age_group_points": "Children's risk: points per age group (not used for illegal content)",
}
BOUNDS = {
    "likelihood.high_rate_per_10k_users_per_year": (0.0, 100.0),
    "likelihood.bands": (-5.0, 15.0),
    "impact.bands": (0.0, 12.0),
    "likelihood.factor_weights": (0.0, 5.0),
    "children.age_group_points": (0.0, 3.0),
}


def label_for(key: str, names: Mapping[str, str], likelihood_words: tuple[str, ...] = ()) -> str:
    """The words shown beside a slider (``names`` gives factor and harm names; the likelihood
    bands are named by the method's ``likelihood_words``)."""
    if key in LABELS:
        return LABELS[key]
    if key.startswith("likelihood.bands[") and likelihood_words:
        band = likelihood_words[int(key[len("likelihood.bands[") : -1]) + 1]
        return f"Likelihood '{band}' from (points)"
    last = key.rsplit(".", 1)[-1]
    if key.startswith("impact.reach_users["):
        return f"Reach point {int(key[-2]) + 1}: more UK users than"
    if key.startswith("likelihood.factor_weights."):
        return f"Factor {last}: {names.get(last, last)}"
    if last == "default":
        return "Any kind not listed"
    return names.get(last, last.replace("_", " "))


def _bounds(key: str, value: float) -> tuple[float, float]:
    if key in RANGES and key not in BOUNDS:
        return RANGES[key]
    for prefix, bounds in BOUNDS.items():
        if key == prefix or key.startswith(prefix + ".") or key.startswith(prefix + "["):
            return bounds
    return (min(0.0, 2 * value), max(2 * value, 1.0))


def make_slider(
    key: str, value: float, names: Mapping[str, str], likelihood_words: tuple[str, ...] = ()
) -> w.Widget:
    """A slider for one key, in the right kind (whole steps, logarithmic users, or decimals)."""
    if key == "impact.unknown_users_reach":
        slider: w.Widget = w.IntSlider(value=int(value), min=0, max=3, step=1)
    elif is_integer_key(key) and not key.startswith("impact.reach_users"):
        slider = w.IntSlider(value=int(value), min=1, max=3, step=1)
    elif key.startswith("impact.reach_users"):
        slider = w.FloatLogSlider(
            value=max(float(value), 1.0), base=10, min=0, max=8, step=0.01, readout_format=",.0f"
        )
    else:
        lo, hi = _bounds(key, float(value))
        slider = w.FloatSlider(value=float(value), min=lo, max=hi, step=0.05, readout_format=".2f")
    slider.continuous_update = False
    slider.tooltip = key
    labelled(slider, label_for(key, names, likelihood_words))
    slider.layout = w.Layout(width="390px")
    slider.add_class(f"osa-w-{css_key(key)}")
    slider.add_class("osa-weight")
    return slider


def set_slider(slider: w.Widget, value: Any) -> None:
    """Set a slider's value, widening its range first so nothing is clipped."""
    if isinstance(slider, w.FloatLogSlider):
        slider.value = max(float(value), 1.0)
        return
    if hasattr(slider, "min") and value < slider.min:
        slider.min = value
    if hasattr(slider, "max") and value > slider.max:
        slider.max = value
    slider.value = value


def slider_value(key: str, slider: w.Widget) -> Any:
    """A slider's value in the type the weightings need (whole numbers for whole-number keys)."""
    if is_integer_key(key):
        return int(round(slider.value))
    return float(slider.value)


def build_sliders(
    weights: Weights, names: Mapping[str, str]
) -> tuple[dict[str, w.Widget], w.Widget]:
    """``({key: slider}, the grouped panel)`` for every number in ``weights`` plus the floor."""
    sliders: dict[str, w.Widget] = {}
    for key, value in numeric_weights(weights.raw).items():
        sliders[key] = make_slider(key, value, names, weights.likelihood_words)
    floor = w.SelectionSlider(options=list(LEVELS), value=weights.severe_incident_floor)
    labelled(floor, LABELS[FLOOR_KEY])
    floor.continuous_update = False
    floor.add_class(f"osa-w-{css_key(FLOOR_KEY)}")
    sliders[FLOOR_KEY] = floor
    grouped: dict[str, list[w.Widget]] = {}
    for key, slider in sliders.items():
        grouped.setdefault(group_of(key), []).append(slider)
    sections = []
    for group, members in grouped.items():
        title = GROUPS.get(group, group)
        grid = w.GridBox(
            members,
            layout=w.Layout(
                grid_template_columns="repeat(auto-fill, minmax(400px, 1fr))",
                grid_gap="4px 16px",
                flex="0 0 auto",  # never squeezed: the page scrolls, not each section
            ),
        )
        sections += [w.HTML(f"<h4>{title}</h4>", layout=w.Layout(flex="0 0 auto")), grid]
    # No height limit: a limited box shrinks its flex children to slivers (issue 15, item 1).
    panel = w.VBox(sections, layout=w.Layout(flex="0 0 auto", overflow="visible"))
    panel.add_class("osa-lab-weights")
    return sliders, panel
