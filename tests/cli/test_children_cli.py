"""`osa-toolkit children` and `osa-toolkit age-assurance`: JSON shape, text, one-sentence errors.

The commands live in :mod:`osa_toolkit.cli.children`; until the lead appends them to
``cli.COMMANDS`` the tests add them for the duration of each test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from osa_toolkit import cli
from osa_toolkit.cli.children import add_age_assurance, add_children

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "osa_toolkit" / "data" / "examples"
LEVELS = ("negligible", "low", "medium", "high")


@pytest.fixture(autouse=True)
def wired(monkeypatch):
    missing = [a for a in (add_children, add_age_assurance) if a not in cli.COMMANDS]
    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, *missing])


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json", "--today", "2026-11-28")
    assert code == 0, err
    return json.loads(out)


def test_children_json_shape(capsys):
    d = as_json(capsys, "children", str(EXAMPLES / "kingsbury_cycling_forum.yaml"))
    assert d["edition"] == "2026-06" and d["service"] == "Kingsbury Cycling Forum"
    assert d["required"] is True and d["reasons"] and d["childrens_access"]["likely_accessed"]
    assert {g["id"] for g in d["age_groups"]} >= {"age_0_5", "age_16_17"}
    assert all(
        g["confidence"] in ("ofcom", "law", "secondary", "unconfirmed") for g in d["age_groups"]
    )
    kinds = {k["id"]: k for k in d["kinds"]}
    assert {"pornography", "suicide", "bullying"} <= set(kinds)
    for k in d["kinds"]:
        assert k["level"] in LEVELS and k["category"] in ("ppc", "pc", "ndc")
        assert len(k["age_groups"]) == 5
        for g in k["age_groups"]:
            assert g["level"] in LEVELS and g["trace"] and g["band_confidence"]
    for m in d["measures"]:
        assert m["id"].startswith("PCU ") and m["title"] and m["why"]
    assert isinstance(d["evidence_check"], list) and isinstance(d["notes"], list)


def test_children_not_required_for_part5_only(capsys):
    d = as_json(capsys, "children", "velvet_lens_studio")
    assert d["required"] is False and d["kinds"] == [] and d["measures"] == []
    assert "not required" in d["reasons"][0]


def test_children_older_edition(capsys):
    d = as_json(capsys, "children", "kingsbury_cycling_forum", "--edition", "2024-12")
    assert d["edition"] == "2024-12"


def test_age_assurance_json_shape(capsys):
    d = as_json(capsys, "age-assurance", "velvet_lens_studio")
    assert d["needs_heaa"] is True and d["part5"] is True
    assert [m["status"] for m in d["methods"]] == ["capable", "capable"]
    assert d["verdict"] == "capable_criteria_not_shown" and d["verdict_sentence"]
    assert [c["id"] for c in d["criteria"]] == [
        "technically_accurate",
        "robust",
        "reliable",
        "fair",
    ]
    assert {i["id"] for i in d["part5_record"] if i["missing"]} == {
        "criteria",
        "privacy",
        "user_summary",
    }
    assert len(d["missing"]) == 3


def test_text_output(capsys):
    code, out, _ = run(capsys, "children", "tyneside_social_mastodon", "--today", "2026-11-28")
    assert code == 0 and "children's risk assessment" in out and "PCU A2" in out
    code, out, _ = run(capsys, "age-assurance", "tyneside_social_mastodon")
    assert code == 0 and "cannot be highly effective" in out


@pytest.mark.parametrize("command", ["children", "age-assurance"])
def test_bad_profile_exits_2_with_one_sentence(capsys, tmp_path, command):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "profile_version: 1\nservice: {name: X}\nscope: {user_to_user: true}\n"
        "children: {terms_prohibit: {pornograpy: true}}\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, command, str(bad))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith(f"osa-toolkit {command}: ") and "'pornograpy'" in lines[0]


def test_missing_file_and_bad_edition_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "children", str(tmp_path / "none.yaml"))
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "age-assurance", "velvet_lens_studio", "--edition", "1999-01")
    assert code == 2 and "1999-01" in err and len(err.strip().splitlines()) == 1
