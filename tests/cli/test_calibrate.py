"""`osa-toolkit calibrate`: agreement per case and in total, the fit's weights file, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from osa_toolkit.core.method.weights import load_weights

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "osa_toolkit" / "data" / "calibration"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "osa_toolkit.cli", "calibrate", *args, "--today", "2026-12-02"]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=cwd)


def test_json_gives_every_case_and_the_totals():
    proc = run("--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["method"] == "ofcom_factors_v2"
    assert len(doc["cases"]) == 8 and doc["summary"]["rows"] == 149
    xdebug = next(c for c in doc["cases"] if c["slug"] == "bugs-xdebug-org")
    assert xdebug["measures_checked"] and xdebug["measures_missing"] == []
    assert doc["summary"]["within_one_share"] >= 0.9 and doc["summary"]["under2"] == 0
    assert all({"harm", "expected", "got", "distance"} <= set(r) for r in xdebug["levels"])


def test_text_report_names_each_case_and_the_total_line():
    proc = run(str(CASES))
    assert proc.returncode == 0, proc.stderr
    assert "pqp-gg" in proc.stdout and "In total: 149 levels:" in proc.stdout
    assert "ofcom_factors" not in proc.stdout  # the method is named in words


def test_fit_writes_weights_that_load_with_the_objective_in_the_file(tmp_path):
    out = tmp_path / "fitted.toml"
    proc = run("--fit", "-o", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["fit"]["objective_after"] <= doc["fit"]["objective_before"]
    text = out.read_text(encoding="utf-8")
    assert (
        f"Objective {doc['fit']['objective_before']:g} -> {doc['fit']['objective_after']:g}" in text
    )
    tomllib.loads(text)
    assert load_weights(overrides=out).method == "ofcom_factors_v2"


def test_fit_without_an_output_and_a_folder_without_cases_are_one_sentence(tmp_path):
    proc = run("--fit")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "-o FILE" in proc.stderr
    proc = run(str(tmp_path))
    assert proc.returncode == 2 and "is not a folder of calibration cases" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_case_with_a_broken_expected_file_is_named(tmp_path):
    shutil.copytree(CASES, tmp_path / "cases")
    (tmp_path / "cases" / "expected" / "oxfer.json").write_text(
        '{"slug": "oxfer", "edition": "2026-06"}'
    )
    proc = run(str(tmp_path / "cases"))
    assert proc.returncode == 2
    assert "oxfer.json: 'levels' must map kinds of illegal content to levels." in proc.stderr
