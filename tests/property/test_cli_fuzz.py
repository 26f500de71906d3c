"""The command line on fuzzed input: exit 0 (valid) or 2 with one sentence on stderr, never a
traceback and never the "something went wrong" exit 1.

``cli.main`` runs in-process (captured with ``capsys``) on generated profiles, weightings, register
editions (through ``$OSA_TOOLKIT_DATA``) and stored records; a handful of hostile files also go
through a real ``osa-toolkit`` process.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osa_toolkit import cli
from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.paths import data_dir
from osa_toolkit.store import open_store
from tests.conftest import FIXTURE_EDITION
from tests.core.profiles import BASE
from tests.property.conftest import time_limit, write_json, write_yaml
from tests.property.strategies import (
    assert_cli_contract,
    finite,
    fuzz_settings,
    json_values,
    mutated,
    yaml_texts,
    yaml_values,
)
from tests.property.test_profile_fuzz import BASES, HOSTILE
from tests.property.test_record_fuzz import DOCUMENTS, RECORD_VALUES
from tests.property.test_register_fuzz import _edition_with, register_files
from tests.property.test_weights_fuzz import OVERRIDES, _overrides_file

PROFILE_COMMANDS = [
    ["check"],
    ["assess"],
    ["children"],
    ["age-assurance"],
    ["check", "--json"],
    ["report", "-o", "{out}.md"],
    ["report", "-o", "{out}.html"],
    ["report", "-o", "{out}.docx"],
]


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    """``osa-toolkit ARGV`` in this process: (exit code, stderr), checked against the contract."""
    capsys.readouterr()
    with time_limit(30):
        try:
            code = cli.main(argv)
        except SystemExit as stop:  # argparse's own usage errors
            code = stop.code
    out, err = capsys.readouterr()
    assert_cli_contract(code, err)
    if "--json" in argv and code == 0:
        json.loads(out)
    return code, err


def _profile_file(workdir: Path, doc, as_json: bool) -> Path:
    if as_json and finite(doc):
        try:
            return write_json(workdir / "p.json", doc)
        except (TypeError, ValueError):
            pass
    return write_yaml(workdir / "p.yaml", doc)


@fuzz_settings(120)
@given(
    doc=st.one_of(
        json_values(),
        st.sampled_from(BASES).flatmap(lambda base: mutated(base, yaml_values(leaves=6))),
    ),
    as_json=st.booleans(),
    command=st.sampled_from(PROFILE_COMMANDS),
)
def test_profile_commands(capsys, workdir: Path, doc, as_json: bool, command) -> None:
    path = _profile_file(workdir, doc, as_json)
    out = workdir / "out"
    argv = [c.format(out=out) for c in command]
    run(capsys, [argv[0], str(path), *argv[1:]])


@fuzz_settings(40)
@given(text=yaml_texts(), command=st.sampled_from(PROFILE_COMMANDS[:4]))
def test_profile_commands_on_yaml_text(capsys, workdir: Path, text: str, command) -> None:
    path = workdir / "p.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    run(capsys, [command[0], str(path), *command[1:]])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_profiles_on_the_command_line(capsys, tmp_path: Path, name: str) -> None:
    content = HOSTILE[name]
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    for command in ("check", "assess", "children", "age-assurance"):
        run(capsys, [command, str(path)])
    run(capsys, ["report", str(path), "-o", str(tmp_path / "out.html")])


@fuzz_settings(80)
@given(doc=OVERRIDES, command=st.sampled_from(["assess", "children"]))
def test_weightings_on_the_command_line(capsys, workdir: Path, doc, command: str) -> None:
    path = _overrides_file(workdir, doc)
    run(capsys, [command, "kingsbury_cycling_forum", "--weights", str(path)])


@pytest.fixture
def fuzz_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped data folder (presets, scoring) used through ``$OSA_TOOLKIT_DATA``."""
    root = tmp_path_factory.mktemp("data")
    for name in ("presets", "examples"):
        shutil.copytree(data_dir() / name, root / name)
    shutil.copy(data_dir() / "scoring.toml", root / "scoring.toml")
    (root / "registers").mkdir()
    monkeypatch.setenv("OSA_TOOLKIT_DATA", str(root))
    return root


@fuzz_settings(60)
@given(change=register_files(), command=st.sampled_from(["check", "assess", "children"]))
def test_register_editions_on_the_command_line(capsys, fuzz_data: Path, change, command) -> None:
    name, content = change
    registers = fuzz_data / "registers"
    shutil.rmtree(registers)
    registers.mkdir()
    _edition_with(registers, name, content)
    profile = write_json(fuzz_data / "profile.json", BASE)
    run(capsys, [command, str(profile), "--edition", FIXTURE_EDITION])


def _fresh_store(folder: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        (folder / f"records.sqlite3{suffix}").unlink(missing_ok=True)
    return str(folder / "records.sqlite3")


def _save(url: str, kind: str, doc: dict) -> int | None:
    """The record id, or None when the store itself refuses the document (tests/store covers it)."""
    with open_store(url) as store:
        try:
            saved = store.save(
                "fuzzed", kind, doc, service_name="Fuzzed", edition="2026-06", toolkit_version="0"
            )
        except InvalidInputError:
            return None
    return saved.record_id


@fuzz_settings(60)
@given(
    kind_and_doc=st.sampled_from(sorted(DOCUMENTS)).flatmap(
        lambda kind: st.tuples(st.just(kind), mutated(DOCUMENTS[kind], RECORD_VALUES))
    ),
    fmt=st.sampled_from(["md", "html", "json", "docx"]),
)
def test_stored_records_on_the_command_line(capsys, workdir: Path, kind_and_doc, fmt: str) -> None:
    kind, doc = kind_and_doc
    if not isinstance(doc, dict):
        return  # the store takes JSON objects only
    url = _fresh_store(workdir)
    first = _save(url, kind, DOCUMENTS[kind])
    record_id = _save(url, kind, doc)
    if record_id is None:
        return
    for argv in (
        ["records", "show", str(record_id)],
        ["records", "show", str(record_id), "--json"],
        ["records", "diff", str(first), str(record_id)],
        ["records", "list"],
        ["records", "due", "--on", "2100-01-01"],
        ["report", "--record", str(record_id), "-o", str(workdir / f"out.{fmt}")],
    ):
        run(capsys, [*argv, "--store", url])


SUBPROCESS_CASES = {
    "deep JSON profile": (["check", "{dir}/deep.json"], "deep.json", "[" * 50_000 + "]" * 50_000),
    "huge number": (["assess", "{dir}/big.yaml"], "big.yaml", "profile_version: " + "9" * 5000),
    "billion laughs": (
        ["check", "{dir}/laughs.yaml"],
        "laughs.yaml",
        HOSTILE["laughs-kind.yaml"],
    ),
    "weights folder": (["assess", "kingsbury_cycling_forum", "--weights", "{dir}"], None, None),
    "broken TOML": (
        ["children", "kingsbury_cycling_forum", "--weights", "{dir}/w.toml"],
        "w.toml",
        "[likelihood]\nbands = [nan, 4]\n",
    ),
    "record not in store": (["records", "show", "99", "--store", "{dir}/s.sqlite3"], None, None),
}


@pytest.mark.parametrize("case", sorted(SUBPROCESS_CASES))
def test_a_real_process_prints_one_sentence(tmp_path: Path, case: str) -> None:
    argv, name, content = SUBPROCESS_CASES[case]
    if name:
        (tmp_path / name).write_text(content, encoding="utf-8")
    command = [sys.executable, "-m", "osa_toolkit.cli", *(a.format(dir=tmp_path) for a in argv)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert_cli_contract(done.returncode, done.stderr)


def test_a_folder_of_hostile_profiles_for_assess_all(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    for name, content in HOSTILE.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    run(capsys, ["assess-all", str(folder), "--csv", str(tmp_path / "all.csv")])
    capsys.readouterr()
    assert cli.main(["assess-all", str(folder), "--csv", "-", "--keep-going"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "something went wrong" not in err
    assert out.startswith("service,name,source,")
