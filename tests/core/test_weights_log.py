"""Named weighting sets: saved with who/when/why, audited in a JSON-lines log, loaded back validated."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from osa_toolkit.core.analysis.weight_sets import (
    compare_weight_sets,
    make_weight_set,
    weight_set_from_toml,
    weight_set_to_toml,
)
from osa_toolkit.core.method.weights import load_weights, merge_weights, weights_from_mapping
from osa_toolkit.files.weight_sets import (
    list_weight_sets,
    load_weight_set,
    read_audit_log,
    save_weight_set,
    weights_dir,
)

from osa_toolkit.core.errors import WeightsError

W = load_weights()
NOON = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def tuned(**likelihood):
    return weights_from_mapping(merge_weights(W.raw, {"likelihood": likelihood}, "t"), "t")


def test_save_writes_the_file_and_an_audit_line_then_loads_back(tmp_path):
    heavy = tuned(factor_weight_default=1.25)
    path = save_weight_set("heavy", heavy, "A. Analyst", "file sharing review", tmp_path, NOON)
    assert path == tmp_path / "heavy.toml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# osa-toolkit weightings set") and 'who = "A. Analyst"' in text
    back = load_weight_set("heavy", tmp_path)
    assert back.weights.factor_weight_default == 1.25 and back.saved_at == NOON
    assert (back.who, back.why, back.name) == ("A. Analyst", "file sharing review", "heavy")
    log = read_audit_log(tmp_path)
    assert log == [
        {
            "action": "save",
            "at": "2026-11-28T12:00:00Z",
            "file": "heavy.toml",
            "name": "heavy",
            "sha256": log[0]["sha256"],
            "who": "A. Analyst",
            "why": "file sharing review",
        }
    ]
    assert len(log[0]["sha256"]) == 64
    save_weight_set("heavy", W, "B. Lead", "back to default", tmp_path, NOON)
    assert [e["action"] for e in read_audit_log(tmp_path)] == ["save", "replace"]
    assert list_weight_sets(tmp_path) == ["heavy"]


def test_default_folder_is_under_the_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("OSA_TOOLKIT_HOME", str(tmp_path))
    assert weights_dir() == tmp_path / "weights"
    save_weight_set("mine", W, "me", "why not")
    assert (tmp_path / "weights" / "audit.jsonl").exists() and list_weight_sets() == ["mine"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"likelihood": {"bands": [4.0, 2.0, 6.0]}}, "'likelihood.bands' must rise strictly"),
        ({"likelihood": {"factor_weight_default": 9}}, "must be between 0 and 5; got 9"),
        ({"severity": {"hate": 4}}, "'severity.hate' must be 1, 2 or 3; got 4"),
        (
            {"likelihood": {"control_points": -0.5, "control_points_floor": -0.25}},
            "must not be above",
        ),
    ],
)
def test_invalid_weightings_are_refused_with_the_sentence(tmp_path, change, message):
    raw = merge_weights(W.raw, change, "bad")
    with pytest.raises(WeightsError, match=message.replace("[", r"\[")):
        save_weight_set("bad", raw, "me", "testing", tmp_path)  # type: ignore[arg-type]
    assert not (tmp_path / "bad.toml").exists() and read_audit_log(tmp_path) == []


def test_a_hand_edited_invalid_file_is_refused_on_load(tmp_path):
    path = save_weight_set("ok", W, "me", "first", tmp_path)
    path.write_text(path.read_text().replace("bands = [\n    3,\n    5,\n]", "bands = [5, 3]"))
    with pytest.raises(WeightsError, match="ok.toml: 'impact.bands' must rise strictly"):
        load_weight_set("ok", tmp_path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Bad Name", "me", "why"), "set name must be lower-case"),
        (("fine", " ", "why"), "needs who saved it"),
        (("fine", "me", ""), "needs why it was saved"),
    ],
)
def test_name_who_and_why_are_required(args, message):
    name, who, why = args
    with pytest.raises(WeightsError, match=message):
        make_weight_set(name, W, who, why)


def test_missing_set_and_damaged_log_give_sentences(tmp_path):
    with pytest.raises(WeightsError, match="no saved weightings set 'nope'"):
        load_weight_set("nope", tmp_path)
    (tmp_path / "audit.jsonl").write_text('{"action": "save"}\nnot json\n', encoding="utf-8")
    with pytest.raises(WeightsError, match="audit.jsonl line 2 is not valid JSON"):
        read_audit_log(tmp_path)


def test_plain_weightings_file_loads_with_its_file_name(tmp_path):
    from osa_toolkit.core.method.weights import default_weights_path

    ws = weight_set_from_toml(default_weights_path().read_text(encoding="utf-8"), "scoring.toml")
    assert ws.name == "scoring" and ws.who == "not given" and ws.weights.method == W.method


def test_round_trip_keeps_everything():
    ws = make_weight_set("x", tuned(bands=[-1.0, 1.5, 3.5]), "me", "round trip", NOON)
    assert weight_set_from_toml(weight_set_to_toml(ws), "x.toml") == ws


def test_compare_side_by_side():
    table = compare_weight_sets(W, tuned(factor_weight_default=1.0, bands=[-0.5, 2.0, 6.0]))
    assert list(table.columns) == ["key", "set_a", "set_b", "changed"]
    changed = table[table["changed"]].set_index("key")
    assert changed.loc["likelihood.factor_weight_default", "set_b"] == 1.0
    assert changed.loc["likelihood.bands[1]", "set_a"] == 4.5
    assert len(changed) == 2
    assert "matrix.1" in set(table["key"]) and "rules.severe_incident_floor" in set(table["key"])
    assert len(compare_weight_sets(W, W, only_changed=True)) == 0


def test_concurrent_saves_never_lose_an_audit_line(tmp_path):
    def saver(i: int) -> None:
        for j in range(10):
            save_weight_set(f"set-{i}", W, f"user {i}", f"save {j}", tmp_path)

    threads = [threading.Thread(target=saver, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 40 and all(json.loads(line)["name"].startswith("set-") for line in lines)
