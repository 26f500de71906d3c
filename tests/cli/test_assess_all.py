"""`osa-toolkit assess-all`: CSV of every service × harm, the same levels as `assess`, one-sentence errors."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from osa_toolkit.cli.batch import Progress, run
from osa_toolkit.core.analysis.synthetic import synthetic_profile_dicts
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.core.method.weights import load_weights
from osa_toolkit.files.profiles import examples_dir, load_profile

from osa_toolkit.core.registers import load_registers

TODAY = "2026-11-28"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The five shipped examples plus 20 synthetic profiles, as files."""
    out = tmp_path / "profiles"
    shutil.copytree(examples_dir(), out)
    for i, data in enumerate(synthetic_profile_dicts(20, seed=9)):
        (out / f"synthetic_{i:02d}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return out


def test_long_csv_matches_assess_for_every_file(folder, tmp_path, capsys):
    out = tmp_path / "levels.csv"
    assert run([str(folder), "--csv", str(out), "--today", TODAY]) == 0
    table = pd.read_csv(out)
    regs = load_registers()
    assert len(table) == 25 * len(regs.harms)
    assert list(table.columns[:7]) == [
        "service",
        "name",
        "source",
        "duties_apply",
        "edition",
        "harm",
        "level",
    ]
    # the exempt comments-only blog is listed, but the illegal content duties do not apply to it
    duties = table.drop_duplicates("service").set_index("service")["duties_apply"]
    assert not duties["hedgerow_notes_blog"] and duties["kingsbury_cycling_forum"]
    for path in sorted(folder.iterdir()):
        a = assess_illegal_content(
            load_profile(path), regs, load_weights(), today=dt.date(2026, 11, 28)
        )
        mine = table[table["source"] == path.name]
        assert dict(zip(mine["harm"], mine["level"], strict=True)) == a.levels, path.name
    err = capsys.readouterr().err
    assert "assess-all: 25/25 profiles read" in err and "not legal advice" in err


def test_wide_csv_has_one_row_per_service(folder, tmp_path):
    out = tmp_path / "wide.csv"
    assert run([str(folder), "--csv", str(out), "--wide", "--edition", "2024-12"]) == 0
    table = pd.read_csv(out)
    assert len(table) == 25
    assert list(table.columns[:5]) == ["service", "name", "source", "duties_apply", "edition"]
    assert "suicide" in table.columns and "cyberflashing" not in table.columns
    assert (table["edition"] == "2024-12").all()


def test_weights_file_changes_levels(folder, tmp_path):
    heavy = tmp_path / "heavy.toml"
    heavy.write_text("[likelihood]\nfactor_weight_default = 4.0\n", encoding="utf-8")
    run([str(folder), "--csv", str(tmp_path / "a.csv"), "--today", TODAY])
    run([str(folder), "--csv", str(tmp_path / "b.csv"), "--weights", str(heavy), "--today", TODAY])
    a, b = pd.read_csv(tmp_path / "a.csv"), pd.read_csv(tmp_path / "b.csv")
    assert (a["level"] != b["level"]).sum() > 0


def test_a_bad_profile_is_named_in_one_sentence(folder, tmp_path, capsys):
    (folder / "broken.yaml").write_text(
        "profile_version: 1\nservice: {name: X}\nscope: {user_to_user: maybe}\n"
    )
    assert run([str(folder), "--csv", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(
        "osa-toolkit assess-all: broken.yaml: 'scope.user_to_user' must be true or false"
    )
    assert not (tmp_path / "x.csv").exists()
    assert run([str(folder), "--csv", str(tmp_path / "x.csv"), "--keep-going"]) == 0
    assert "skipped: broken.yaml" in capsys.readouterr().err
    assert pd.read_csv(tmp_path / "x.csv")["service"].nunique() == 25


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--csv", "x.csv"],
            "needs exactly one of DIR (a folder of profiles) or --store; got neither.",
        ),
        (["nowhere", "--csv", "x.csv"], "The folder 'nowhere' does not exist"),
    ],
)
def test_usage_errors_are_sentences(args, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(args) == 2
    assert message in capsys.readouterr().err


def test_empty_folder_and_unwritable_csv(tmp_path, folder, capsys):
    (tmp_path / "empty").mkdir()
    assert run([str(tmp_path / "empty"), "--csv", "x.csv"]) == 2
    assert "has no profile files (.yaml, .yml or .json)" in capsys.readouterr().err
    assert run([str(folder), "--csv", str(tmp_path / "no" / "such" / "dir.csv")]) == 2
    assert "could not be written" in capsys.readouterr().err


def test_store_mode_rescores_the_stored_profiles(tmp_path, capsys):
    from osa_toolkit.store import open_store
    from osa_toolkit.widgets.dashboard import seed_examples

    url = tmp_path / "records.sqlite3"
    with open_store(url) as store:
        seed_examples(store, dt.date(2026, 11, 28))
    out = tmp_path / "store.csv"
    assert run(["--store", str(url), "--csv", str(out), "--today", TODAY]) == 0
    table = pd.read_csv(out)
    assert table["service"].nunique() == 5 and "recorded_level" in table.columns
    same = table.dropna(subset=["recorded_level"])
    assert (same["level"] == same["recorded_level"]).all()  # no overrides, same edition and weights
    assert table["source"].str.startswith("record store: ").all()
    open_store(tmp_path / "empty.sqlite3").close()  # a store with nothing saved in it
    assert run(["--store", str(tmp_path / "empty.sqlite3"), "--csv", str(out)]) == 2
    assert "no services to assess" in capsys.readouterr().err
    # a store that does not exist is not created by a command that only reads
    assert run(["--store", str(tmp_path / "missing.sqlite3"), "--csv", str(out)]) == 2
    assert "There is no record store at" in capsys.readouterr().err
    assert not (tmp_path / "missing.sqlite3").exists()


def test_progress_bar_redraws_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    bar = Progress("profiles read", stream, width=10)
    for i in range(1, 5):
        bar(i, 4)
    text = stream.getvalue()
    assert text.count("\r") == 4 and text.endswith("[##########] 4/4 profiles read\n")
