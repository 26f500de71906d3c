"""`osa-toolkit assess`: the JSON contract of interfaces.md, weights files, and one-sentence errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "osa_toolkit" / "data" / "examples"


def run(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "osa_toolkit.cli", "assess", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)


def assess_json(*args: str) -> dict:
    proc = run(*args, "--json", "--today", "2026-11-28")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_json_shape_for_the_default_forum():
    d = assess_json(str(EXAMPLES / "kingsbury_cycling_forum.yaml"))
    assert d["edition"] == "2026-06" and d["service"] == "Kingsbury Cycling Forum"
    assert isinstance(d["large_service"], bool) and isinstance(d["multi_risk"], bool)
    ids = [h["id"] for h in d["harms"]]
    assert "cyberflashing" in ids and "suicide_self_harm" in ids and len(ids) == 21
    for h in d["harms"]:
        assert h["level"] in ("negligible", "low", "medium", "high")
        assert h["trace"] and isinstance(h["factors"], list)
    for m in d["measures"]:
        assert m["id"].startswith("ICU ") and m["title"] and m["why"]
    assert {"possible", "child_user_condition", "likely_accessed", "reasons"} <= set(
        d["childrens_access"]
    )
    grooming = next(h for h in d["harms"] if h["id"] == "csea_grooming")
    assert "5b" in grooming["factors"]


def test_older_edition_uses_its_own_kinds():
    d = assess_json(str(EXAMPLES / "kingsbury_cycling_forum.yaml"), "--edition", "2024-12")
    ids = [h["id"] for h in d["harms"]]
    assert d["edition"] == "2024-12" and "suicide" in ids and "cyberflashing" not in ids


def test_weights_file_changes_levels(tmp_path):
    heavy = tmp_path / "heavy.toml"
    heavy.write_text("[likelihood]\nfactor_weight_default = 4.0\n", encoding="utf-8")
    base = assess_json(str(EXAMPLES / "kingsbury_cycling_forum.yaml"))
    tuned = assess_json(str(EXAMPLES / "kingsbury_cycling_forum.yaml"), "--weights", str(heavy))
    order = ["negligible", "low", "medium", "high"]
    raised = [
        h["id"]
        for h, t in zip(base["harms"], tuned["harms"], strict=True)
        if order.index(t["level"]) > order.index(h["level"])
    ]
    assert raised


@pytest.mark.parametrize(
    "content, message",
    [
        ("[likelihood]\nfactor_weight_default = 99\n", "must be between 0 and 5; got 99"),
        ("[likelihood]\nbands = [5.0, 1.0, 6.0]\n", "must rise strictly"),
        ("[nonsense]\nx = 1\n", "'nonsense' is not a table of the weightings"),
        ("not toml at all [", "is not valid TOML"),
    ],
)
def test_bad_weights_file_is_refused_with_one_sentence(tmp_path, content, message):
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    proc = run(str(EXAMPLES / "kingsbury_cycling_forum.yaml"), "--weights", str(bad))
    assert proc.returncode == 2 and proc.stdout == ""
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert message in proc.stderr and "bad.toml" in proc.stderr


def test_exempt_blog_has_no_duties_to_assess():
    d = assess_json(str(EXAMPLES / "hedgerow_notes_blog.yaml"))
    assert d["required"] is False and d["measures"] == []


def test_text_report_names_levels_and_measures():
    proc = run(str(EXAMPLES / "kingsbury_cycling_forum.yaml"), "--today", "2026-11-28")
    assert proc.returncode == 0
    assert "MEDIUM" in proc.stdout and "ICU A2" in proc.stdout and "not legal advice" in proc.stdout
