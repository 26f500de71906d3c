"""Bad input that escaped the one-sentence rule (issue 14, items 4, 8, 9, 10 and 11).

Each case runs the real command line in this process and asserts exit 2 (or 0 where the input is
valid) with exactly one line on stderr, starting ``osa-toolkit``, of at most 300 characters, never
"something went wrong" (exit 1), never a hang (each is under a time limit) and never more of a
file's content than a short excerpt.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from osa_toolkit.cli.batch import run as assess_all

from osa_toolkit import cli
from tests.property.conftest import time_limit

HUGE = "1" + "0" * 309  # 10**309: no float can hold it
MINIMAL = "profile_version: 1\nservice:\n  name: Test forum\nscope:\n  user_to_user: true\n"


def one_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith("assess-all: ")]
    assert len(lines) == 1, err
    (line,) = lines
    assert line.startswith("osa-toolkit ") and len(line) <= 300, line
    assert "something went wrong" not in line and "Traceback" not in line
    return line


def run(*argv: str, seconds: int = 20) -> int:
    with time_limit(seconds):
        try:
            return cli.main(list(argv))
        except SystemExit as exit_:  # a usage error: argparse exits with 2 and one line
            return int(exit_.code or 0)


# ----------------------------------------------------------------------------- item 4: messages


def test_a_huge_value_gives_a_short_message(tmp_path: Path, capsys) -> None:
    profile = tmp_path / "big.yaml"  # 1 000 000 characters: just under the size limit
    profile.write_text(
        "profile_version: 1\nservice:\n  name: A\n  software: " + "y" * 1_000_000 + "\n"
        "scope:\n  user_to_user: true\n"
    )
    assert run("check", str(profile)) == 2
    line = one_error(capsys)
    assert "y" * 81 not in line and "1000000 characters" in line
    for argv in (  # five megabytes given on the command line
        ["assess", "kingsbury_cycling_forum", "--edition", "e" * 5_000_000],
        ["records", "list", "s" * 5_000_000, "--store", str(tmp_path / "r.sqlite3")],
        ["check", "z" * 5_000_000],
        ["assess", "kingsbury_cycling_forum", "--today", "9" * 5_000_000],
    ):
        assert run(*argv) == 2
        assert "e" * 81 not in one_error(capsys)


def test_a_link_to_a_secret_file_prints_no_more_than_a_short_excerpt(
    tmp_path: Path, capsys
) -> None:
    secret = tmp_path / "shadow"
    hash_ = "$6$saltsalt$" + "Q" * 86
    secret.write_text(f"root:{hash_}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n")
    secret.chmod(0o600)
    (tmp_path / "profile.yaml").symlink_to(secret)
    assert run("check", str(tmp_path / "profile.yaml")) == 2
    line = one_error(capsys)
    assert "Q" * 30 not in line and "daemon" not in line


def test_a_line_break_in_a_file_name_keeps_the_message_on_one_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "a\nb.yaml"
    path.write_text("profile_version: 2\n")
    assert run("check", str(path)) == 2
    one_error(capsys)


# ----------------------------------------------------------------------------- item 8: overflow


@pytest.mark.parametrize(
    "extra",
    [
        f"users:\n  uk_monthly_active_users: {HUGE}\n",
        f"users:\n  total_monthly_active_users: {HUGE}\n",
        f"evidence:\n  period_months: 12\n  reports_total: {HUGE}\n",
        f"evidence:\n  period_months: {HUGE}\n",
        f"evidence:\n  period_months: 12\n  by_harm:\n    hate: {{reports: 3, confirmed: {HUGE}}}\n",
    ],
)
def test_huge_counts_in_a_profile(tmp_path: Path, extra: str, capsys) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL + extra)
    for command in ("check", "assess", "children"):
        assert run(command, str(path)) == 2
        assert "p.yaml" in one_error(capsys)


@pytest.mark.parametrize(
    "weights",
    [
        f"[likelihood]\nbands = [2.0, {HUGE}]\n",
        f"[impact]\nbands = [3, {HUGE}]\n",
        f"[likelihood]\nhigh_rate_per_10k_users_per_year = {HUGE}\n",
        f"[likelihood]\nconfirmed_incident_points = {HUGE}\n",
    ],
)
def test_huge_numbers_in_weightings(tmp_path: Path, weights: str, capsys) -> None:
    path = tmp_path / "w.toml"
    path.write_text(weights)
    assert run("assess", "kingsbury_cycling_forum", "--weights", str(path)) == 2
    assert "w.toml" in one_error(capsys)


def test_dates_at_the_end_of_the_calendar(tmp_path: Path, capsys) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        MINIMAL.replace("  name: Test forum\n", "  name: T\n  started_on: 9999-12-31\n")
    )
    assert run("assess", str(path)) == 2
    assert "started_on" in one_error(capsys)
    assert run("assess", "kingsbury_cycling_forum", "--today", "9999-12-31") == 2
    assert "9999-12-31" in one_error(capsys)


def test_names_too_long_for_the_file_system(tmp_path: Path, capsys) -> None:
    long_name = tmp_path / ("a" * 300 + ".yaml")
    long_path = tmp_path / "/".join(["b" * 200] * 25) / "p.yaml"
    for path in (long_name, long_path):
        for command in ("check", "assess"):
            assert run(command, str(path)) == 2
            assert "too long" in one_error(capsys)
        assert run("report", "kingsbury_cycling_forum", "-o", str(path.with_suffix(".md"))) == 2
        one_error(capsys)
    assert assess_all([str(tmp_path), "--csv", str(long_name.with_suffix(".csv"))]) == 2
    one_error(capsys)


@pytest.mark.parametrize("record_id", [str(2**63), str(10**30), "٣", "３", "-1", "0"])
def test_record_ids_out_of_range_or_not_ascii(tmp_path: Path, record_id: str, capsys) -> None:
    store = str(tmp_path / "records.sqlite3")
    for argv in (
        ["records", "show", record_id, "--store", store],
        ["report", "--record", record_id, "-o", str(tmp_path / "x.md"), "--store", store],
        ["records", "diff", "1", record_id, "--store", store],
    ):
        assert run(*argv) == 2
        assert "record id" in one_error(capsys)


def test_assess_all_store_with_a_record_without_a_profile(tmp_path: Path, capsys) -> None:
    from osa_toolkit.store import open_store

    with open_store(tmp_path / "records.sqlite3") as store:
        store.save(
            "odd-service", "illegal_content", {"harms": []}, service_name="Odd",
            edition="2026-06", toolkit_version="0.1.0",
        )  # fmt: skip
    code = assess_all(
        ["--store", str(tmp_path / "records.sqlite3"), "--csv", str(tmp_path / "o.csv")]
    )
    assert code == 2
    assert "holds no service profile" in one_error(capsys)


# ----------------------------------------------------------------------------- item 9: hangs


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_fifo_profile_is_refused_without_blocking(tmp_path: Path, suffix: str, capsys) -> None:
    fifo = tmp_path / f"profile{suffix}"
    os.mkfifo(fifo)
    assert run("check", str(fifo), seconds=10) == 2
    assert "named pipe" in one_error(capsys)


def test_a_fifo_weightings_file_is_refused_without_blocking(tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "w.toml"
    os.mkfifo(fifo)
    assert run("assess", "kingsbury_cycling_forum", "--weights", str(fifo), seconds=10) == 2
    assert "named pipe" in one_error(capsys)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_behind_a_link_is_refused_before_reading(
    tmp_path: Path, device: str, capsys
) -> None:
    for name, argv in (
        ("p.yaml", ["check", "{}"]),
        ("w.toml", ["assess", "kingsbury_cycling_forum", "--weights", "{}"]),
    ):
        (tmp_path / name).symlink_to(device)
        assert run(*[a.format(tmp_path / name) for a in argv], seconds=10) == 2
        assert "a device" in one_error(capsys)


def test_a_huge_file_is_refused_before_parsing(tmp_path: Path, capsys) -> None:
    path = tmp_path / "big.yaml"
    with path.open("w") as fh:
        fh.write(MINIMAL + "controls:\n")
        fh.write("  - {measure: ICU-A1, note: padding padding padding padding padding}\n" * 700_000)
    assert path.stat().st_size > 40_000_000
    assert run("check", str(path), seconds=10) == 2
    line = one_error(capsys)
    assert "MiB" in line and "larger than the 1 MiB" in line


# ----------------------------------------------------------------------------- item 10: YAML 1.1


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("users:\n  uk_monthly_active_users: 1:30\n", ["'1:30'", "base-60"]),
        ("users:\n  uk_monthly_active_users: 017\n", ["'017'", "15 in YAML 1.1", "17 in YAML 1.2"]),
        ("users:\n  uk_monthly_active_users: 0x10\n", ["'0x10'", "16 in YAML 1.1"]),
        ("users:\n  uk_monthly_active_users: 1_000\n", ["'1_000'", "1000 in YAML 1.1"]),
        ("children:\n  allowed: yes\n", ["'yes'", "true or false"]),
        ("children:\n  allowed: on\n", ["'on'", "true or false"]),
    ],
)
def test_yaml_1_1_forms_are_refused_with_a_sentence(
    tmp_path: Path, line: str, words, capsys
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL + line)
    assert run("check", str(path)) == 2
    message = one_error(capsys)
    for word in words:
        assert word in message
    assert "quotes" in message


def test_yaml_1_2_forms_and_quoted_text_still_read(tmp_path: Path) -> None:
    from osa_toolkit.files.profiles import load_profile

    path = tmp_path / "p.yaml"
    path.write_text(
        MINIMAL.replace("Test forum", "'yes'") + "users:\n  uk_monthly_active_users: 1700\n"
        "  total_monthly_active_users: 2.5e3\n"
    )
    with pytest.raises(Exception, match="total_monthly_active_users"):
        load_profile(path)  # a float is not a whole number: refused by the profile, not YAML
    path.write_text(
        MINIMAL.replace("Test forum", "'yes'") + "users:\n  uk_monthly_active_users: 1700\n"
    )
    profile = load_profile(path)
    assert profile.service.name == "yes" and profile.users.uk_monthly_active_users == 1700


def test_started_on_today_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        MINIMAL.replace("  name: Test forum\n", f"  name: T\n  started_on: {dt.date.today()}\n")
    )
    assert run("check", str(path)) == 0


# ----------------------------------------------------------------------------- item 11


def test_compare_with_both_dropdowns_untouched(tmp_path: Path) -> None:
    from osa_toolkit.widgets.weights_lab import WeightsLab

    lab = WeightsLab(synthetic=3, today=dt.date(2026, 11, 28), sets_folder=tmp_path / "sets")
    lab.sets.compare.click()
    assert lab.status.kind != "error", lab.status.message
    assert "0 setting(s) differ between (default weights) and (these sliders)" in (
        lab.sets.comparison.value
    )


@pytest.mark.parametrize(
    "command", [["records", "list"], ["records", "due"], ["records", "show", "1"]]
)
def test_an_empty_or_missing_file_is_not_made_into_a_store(tmp_path: Path, command, capsys) -> None:
    empty = tmp_path / "notes.txt"
    empty.write_bytes(b"")
    assert run(*command, "--store", str(empty)) == 2
    assert "empty file, not a record store" in one_error(capsys)
    assert empty.read_bytes() == b""
    missing = tmp_path / "typo.sqlite3"
    assert run(*command, "--store", str(missing)) == 2
    assert "There is no record store" in one_error(capsys)
    assert not missing.exists()


def test_assess_all_on_an_empty_file_creates_nothing(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "records.sqlite3"
    empty.write_bytes(b"")
    assert assess_all(["--store", str(empty), "--csv", str(tmp_path / "o.csv")]) == 2
    assert "empty file" in one_error(capsys) and empty.read_bytes() == b""


@pytest.mark.parametrize("url", ["file:records?mode=memory", "file:x.sqlite3", ":memory:"])
def test_sqlite_uri_and_memory_stores_are_refused(
    tmp_path: Path, url: str, capsys, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("records", "list", "--store", url) == 2
    assert "SQLite URI" in one_error(capsys)
    assert list(tmp_path.iterdir()) == []  # no folder named file: was made
    from osa_toolkit.core.errors import StoreError
    from osa_toolkit.store import open_store

    with pytest.raises(StoreError):
        open_store(url)
    assert list(tmp_path.iterdir()) == []


def test_a_fifo_as_the_store_is_refused(tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "records.sqlite3"
    os.mkfifo(fifo)
    assert run("records", "list", "--store", str(fifo), seconds=10) == 2
    assert "not a regular file" in one_error(capsys)
