"""`osa-toolkit check`: the JSON contract, exit codes 0/2 (1 for a bug), one sentence and no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from osa_toolkit import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "osa_toolkit" / "data" / "examples"
SCRIPT = Path(sys.executable).with_name("osa-toolkit")


def run(*args: str, module: bool = False) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "osa_toolkit.cli", *args] if module else [str(SCRIPT), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)


def assert_one_sentence(proc: subprocess.CompletedProcess, code: int = 2) -> str:
    assert proc.returncode == code, proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    return lines[0]


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed in this venv")
def test_check_json_shape_via_console_script():
    proc = run(
        "check", str(EXAMPLES / "kingsbury_cycling_forum.yaml"), "--json", "--today", "2026-01-05"
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)  # exactly one JSON document
    assert doc["in_scope"] is True
    assert doc["regimes"] == ["part3_user_to_user"]
    assert doc["exemptions"] == []
    assert all(isinstance(s, str) and s for s in doc["reasons"])
    assert doc["unknowns"] == ["children.significant_number_of_child_users"]
    assert doc["duties"] and all({"id", "title", "due", "reasons"} <= set(d) for d in doc["duties"])
    assert doc["duties"][0] == {
        **doc["duties"][0],
        "id": "illegal_content_risk_assessment",
        "due": "2025-03-16",
    }
    caa = doc["childrens_access"]
    assert {"possible", "child_user_condition", "likely_accessed", "reasons"} <= set(caa)
    assert caa["likely_accessed"] is True


def test_check_json_via_module_and_example_id():
    proc = run("check", "hedgerow_notes_blog", "--json", module=True)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert (doc["in_scope"], doc["regimes"], doc["exemptions"], doc["duties"]) == (
        False,
        [],
        ["limited_functionality"],
        [],
    )


def test_check_text_output(capsys):
    assert cli.main(["check", "velvet_lens_studio", "--today", "2026-01-05"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Velvet Lens Studio: IN SCOPE")
    assert "part5_pornography" in out and "not legal advice" in out


@pytest.mark.parametrize(
    ("content", "suffix", "words"),
    [
        (
            {"functionalities": {"direct_mesaging": True}},
            ".yaml",
            ["'functionalities.direct_mesaging'", "'direct_messaging'"],
        ),
        (
            {"users": {"uk_monthly_active_users": -1}},
            ".yaml",
            ["'users.uk_monthly_active_users'", "found -1"],
        ),
        (
            {"scope": {"user_to_user": "yes please"}},
            ".json",
            ["'scope.user_to_user'", "true or false"],
        ),
    ],
)
def test_bad_profiles_exit_2_with_one_sentence(tmp_path, content, suffix, words):
    data = {"profile_version": 1, "service": {"name": "x"}, "scope": {"user_to_user": True}}
    for key, value in content.items():
        data[key] = {**data.get(key, {}), **value}
    path = tmp_path / f"kingsbury{suffix}"
    path.write_text(json.dumps(data) if suffix == ".json" else yaml.safe_dump(data))
    line = assert_one_sentence(run("check", str(path), "--json", module=True))
    assert line.startswith(f"osa-toolkit check: kingsbury{suffix}: ")
    for word in words:
        assert word in line


def test_malformed_yaml_exits_2_naming_file_and_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("profile_version: 1\nservice: {name: [x\n")
    line = assert_one_sentence(run("check", str(path), module=True))
    assert "broken.yaml: line " in line and "not valid YAML" in line


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["check", "missing.yaml"], ["missing.yaml", "does not exist"]),
        (["check", "kingsbury_cycling_forum", "--edition", "1999-01"], ["1999-01"]),
        (["check", "kingsbury_cycling_forum", "--today", "soon"], ["'soon'", "YYYY-MM-DD"]),
        (["check"], ["PROFILE"]),
        (["frobnicate"], ["invalid choice"]),
    ],
)
def test_bad_input_exits_2(args, words):
    line = assert_one_sentence(run(*args, module=True))
    for word in words:
        assert word in line


def test_unexpected_error_is_one_sentence_and_exit_1(monkeypatch, capsys):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("osa_toolkit.core.scope.check_scope", boom)
    assert cli.main(["check", "kingsbury_cycling_forum"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        "osa-toolkit check: something went wrong (RuntimeError: disk on fire); "
        "please report it with the profile you used."
    )


def test_parser_has_one_function_per_command():
    parser = cli.build_parser()
    args = parser.parse_args(["check", "x.yaml", "--json"])
    assert args.func is cli.cmd_check and args.json and args.profile == "x.yaml"
    assert parser.parse_args(["app"]).func is cli.cmd_app


def test_app_runs_voila_on_the_app_notebook(monkeypatch, capsys):
    calls = []
    envs = []
    monkeypatch.setattr(
        cli.subprocess,
        "call",
        lambda command, env=None: calls.append(command) or envs.append(env) or 0,
    )
    assert cli.main(["app", "--port", "8899"]) == 0
    (command,) = calls
    # Voilà through the launcher that refuses other hosts (tests/security/test_dns_rebinding.py)
    assert command[:3] == [sys.executable, "-m", "osa_toolkit.app_server"]
    assert Path(command[3]).name in cli.APP_NOTEBOOKS
    assert Path(command[3]).name == "app.ipynb"
    assert command[4:7] == ["--no-browser", "--port=8899", "--Voila.ip=127.0.0.1"]
    # the app's offline template, found on JUPYTER_PATH (issue 15)
    assert "--template=osa" in command
    assert envs[0]["JUPYTER_PATH"].split(":")[0].endswith("share/jupyter")
    # kernels of closed pages are shut down; never one a page is still using
    assert "--MappingKernelManager.cull_idle_timeout=600" in command
