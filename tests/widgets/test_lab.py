"""The weightings lab, driven headless: move a slider, read the changed-levels table and the status."""

from __future__ import annotations

import datetime as dt

import pytest
from osa_toolkit.core.analysis.batch import features, score
from osa_toolkit.core.analysis.weight_keys import numeric_weights
from osa_toolkit.core.method.weights import load_weights, merge_weights, weights_from_mapping
from osa_toolkit.files.weight_sets import read_audit_log

from osa_toolkit.core.registers import load_registers
from osa_toolkit.widgets.lab_sets import DEFAULT, SLIDERS
from osa_toolkit.widgets.weights_lab import WeightsLab

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def lab(tmp_path):
    return WeightsLab(synthetic=10, today=TODAY, sets_folder=tmp_path / "sets")


def test_every_number_has_a_labelled_slider_with_a_class_hook(lab):
    keys = set(numeric_weights(load_weights().raw))
    assert keys <= set(lab.sliders) and "rules.severe_incident_floor" in lab.sliders
    bands = lab.sliders["likelihood.bands[0]"]
    assert "osa-w-likelihood-bands-0" in bands._dom_classes and bands.description
    assert (
        "osa-w-likelihood-factor_weights-1d"
        in lab.sliders["likelihood.factor_weights.1d"]._dom_classes
    )
    assert all(s.description for s in lab.sliders.values())
    assert lab.changes.empty and "No level differs" in lab.table.value


def test_moving_one_slider_updates_the_changed_levels_table(lab):
    lab.sliders["likelihood.factor_weight_default"].value = 2.0
    assert "osa-changed-levels" in lab.table._dom_classes
    assert len(lab.changes) > 0 and set(lab.changes["direction"]) == {"raised"}
    assert "osa-changed-levels-table" in lab.table.value and "osa-level-high" in lab.table.value
    # the table says exactly what batch scoring says for these weights
    w = weights_from_mapping(
        merge_weights(load_weights().raw, {"likelihood": {"factor_weight_default": 2.0}}, "t")
    )
    frame = features(lab.profiles, load_registers(), today=TODAY)
    expected = (score(frame, w)["level"] != score(frame, load_weights())["level"]).sum()
    assert len(lab.changes) == expected
    assert f"<b>{expected}</b> of {len(frame)} levels differ" in lab.summary.value
    lab.reset.click()
    assert lab.changes.empty and lab.sliders["likelihood.factor_weight_default"].value == 0.5


def test_an_invalid_band_shows_the_sentence_in_the_status_line(lab):
    lab.sliders["likelihood.factor_weight_default"].value = 2.0
    before = lab.table.value
    lab.sliders["likelihood.bands[0]"].value = 5.0  # above bands[1] = 4.5
    assert lab.status.kind == "error"
    assert (
        "'likelihood.bands' must rise strictly (bands may not overlap); got [5.0, 4.5, 6.0]"
        in lab.status.message
    )
    assert lab.table.value == before  # the last valid result stays
    lab.sliders["likelihood.bands[0]"].value = 2.0
    assert lab.status.kind == "info"


def test_one_service_scope(lab):
    lab.scope.value = "one"
    lab.service.value = list(lab.profiles)[0]
    lab.sliders["impact.children_points"].value = 0.0
    assert set(lab.changes["service"]) <= {lab.service.value}
    assert bytes(lab.levels_img.value).startswith(b"\x89PNG")


def test_save_load_and_compare_with_who_and_why(lab, tmp_path):
    sets = lab.sets
    lab.sliders["likelihood.factor_weight_default"].value = 1.5
    sets.name.value, sets.who.value, sets.why.value = "heavier", "A. Analyst", "try heavier factors"
    sets.save.click()
    assert lab.status.kind == "ok" and (tmp_path / "sets" / "heavier.toml").exists()
    log = read_audit_log(tmp_path / "sets")
    assert [(e["name"], e["who"], e["why"]) for e in log] == [
        ("heavier", "A. Analyst", "try heavier factors")
    ]
    assert "A. Analyst" in sets.audit.value
    lab.reset.click()
    sets.load_name.value = "heavier"
    sets.load.click()
    assert lab.sliders["likelihood.factor_weight_default"].value == 1.5 and len(lab.changes) > 0
    assert "Loaded 'heavier', saved by A. Analyst" in lab.status.message
    sets.set_a.value, sets.set_b.value = DEFAULT, "heavier"
    sets.compare.click()
    assert "1 setting(s) differ" in sets.comparison.value
    assert "likelihood.factor_weight_default" in sets.comparison.value
    sets.set_a.value, sets.set_b.value = SLIDERS, "heavier"
    sets.compare.click()
    assert "0 setting(s) differ" in sets.comparison.value


def test_saving_needs_who_and_why_and_valid_weights(lab):
    sets = lab.sets
    sets.name.value, sets.who.value, sets.why.value = "x", "", "because"
    sets.save.click()
    assert lab.status.kind == "error" and "needs who saved it" in lab.status.message
    sets.who.value = "Me"
    lab.sliders["impact.bands[1]"].value = 2.0  # below impact.bands[0] = 3
    sets.save.click()
    assert lab.status.kind == "error" and "'impact.bands' must rise strictly" in lab.status.message


def test_tornado_chart_is_drawn(lab):
    assert bytes(lab.tornado_img.value).startswith(b"\x89PNG")
    assert set(lab.sensitivity_table["status"]) >= {"ok", "invalid"}


def test_the_agreement_with_published_assessments_moves_with_a_slider(lab):
    panel = lab.calibration
    start = panel.agreement.summary
    assert (
        f"<b>{start['exact_share']:.0%}</b> of 149 published levels the same" in panel.figure.value
    )
    bars = panel.bars.value
    assert bars[:4] == b"\x89PNG"
    lab.sliders[
        "likelihood.factor_weight_default"
    ].value = 3.0  # every factor weighs six times more
    moved = panel.agreement.summary
    assert moved["exact"] < start["exact"] and moved["over2"] > start["over2"]
    assert "against the default weights" in panel.figure.value
    assert panel.bars.value != bars
    lab.reset.click()
    assert panel.agreement.summary == start
