"""A full disk and a read-only disk: one clear sentence, and nothing already saved is lost.

Where the tests may mount file systems (root with CAP_SYS_ADMIN, as in this project's containers), a
real 1 MB tmpfs is filled up, or remounted read-only, under the record store, a report export, a
profile save and a weightings-set save. Elsewhere those tests are skipped, and the simulated ones
below still run (the report writer failing with ENOSPC; tests/store simulates a full store with
SQLite's ``max_page_count``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from osa_toolkit.core.method.weights import load_weights
from osa_toolkit.files.profiles import load_profile, save_profile
from osa_toolkit.files.weight_sets import read_audit_log, save_weight_set

from osa_toolkit import cli
from osa_toolkit.core.errors import ProfileError, ReportError, StoreError, WeightsError
from osa_toolkit.report import FORMATS, export_record
from osa_toolkit.store import open_store
from tests.report.conftest import build_record

META = {"service_name": "Full Disk", "edition": "2026-06", "toolkit_version": "0.1.0"}
EXPORTS = [f for f in FORMATS if f != "pdf"]  # pdf is html printed by Chromium: same writer


def _one_sentence(err: BaseException) -> str:
    message = str(err)
    assert "\n" not in message and message.endswith("."), message
    return message


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs mounted for this test (skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "osa-test-disk", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder: Path) -> Path:
    """Fill the file system holding ``folder`` to the last byte; return the filler file."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 65536)
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0")
    finally:
        os.close(fd)
    assert os.statvfs(folder).f_bavail == 0
    return filler


def _remount(mount: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount)], check=True)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_saving_to_a_full_disk_is_a_store_error_and_keeps_every_version(tiny_disk: Path) -> None:
    path = tiny_disk / "records.sqlite3"
    with open_store(path) as store:
        kept = store.save("full", "illegal_content", {"n": 1}, **META)
        filler = _fill(tiny_disk)
        with pytest.raises(StoreError) as raised:
            store.save("full", "illegal_content", {"big": "x" * 300_000}, **META)
        message = _one_sentence(raised.value)
        assert str(path) in message and "disk is full" in message
        assert "nothing already saved was lost" in message
        assert store.list_versions("full") == [kept]  # still readable while the disk is full
    with contextlib.closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    filler.unlink()
    with open_store(path) as store:
        assert store.list_versions("full") == [kept]
        assert store.save("full", "illegal_content", {"n": 2}, **META).version == 2


def test_a_new_store_on_a_full_disk_is_a_store_error(tiny_disk: Path) -> None:
    _fill(tiny_disk)
    with pytest.raises(StoreError) as raised:
        with open_store(tiny_disk / "records.sqlite3") as store:
            store.save("full", "illegal_content", {"n": 1}, **META)
    assert "disk is full" in _one_sentence(raised.value)


@pytest.mark.parametrize("fmt", EXPORTS)
def test_an_export_to_a_full_disk_keeps_the_earlier_file(tiny_disk: Path, fmt: str) -> None:
    record = build_record()
    target = tiny_disk / f"report.{fmt}"
    export_record(record, fmt, target)
    before = target.read_bytes()
    _fill(tiny_disk)
    with pytest.raises(ReportError) as raised:
        export_record(record, fmt, target)
    message = _one_sentence(raised.value)
    assert str(target) in message and "No space left on device" in message
    assert target.read_bytes() == before
    assert _leftovers(tiny_disk) == []


def test_the_report_command_on_a_full_disk_says_one_sentence(tiny_disk: Path, capsys) -> None:
    target = tiny_disk / "report.html"
    _fill(tiny_disk)
    assert cli.main(["report", "kingsbury_cycling_forum", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "No space left on device" in err
    assert not target.exists() and _leftovers(tiny_disk) == []


def test_profile_and_weightings_saves_on_a_full_disk_keep_the_earlier_files(
    tiny_disk: Path,
) -> None:
    profile = load_profile("kingsbury_cycling_forum")
    saved_profile = save_profile(profile, tiny_disk / "forum.yaml")
    profile_before = saved_profile.read_bytes()
    sets = tiny_disk / "weights"
    saved_set = save_weight_set("mine", load_weights(), "Analyst", "first", sets)
    set_before = saved_set.read_bytes()
    _fill(tiny_disk)
    with pytest.raises(ProfileError) as raised:
        save_profile(profile, saved_profile)
    assert "No space left on device" in _one_sentence(raised.value)
    assert saved_profile.read_bytes() == profile_before
    with pytest.raises(WeightsError) as raised:
        save_weight_set("mine", load_weights(), "Analyst", "second", sets)
    assert "No space left on device" in _one_sentence(raised.value)
    assert saved_set.read_bytes() == set_before
    assert [e["why"] for e in read_audit_log(sets)] == ["first"]
    assert _leftovers(tiny_disk) == [] and _leftovers(sets) == []


def test_a_store_and_exports_on_a_read_only_disk(tiny_disk: Path, capsys) -> None:
    path = tiny_disk / "records.sqlite3"
    with open_store(path) as store:
        kept = store.save("ro", "illegal_content", {"n": 1}, **META)
    record = build_record()
    report = export_record(record, "html", tiny_disk / "report.html")
    before = report.read_bytes()
    _remount(tiny_disk, "ro")
    try:
        with pytest.raises(StoreError) as raised:
            with open_store(path) as store:
                store.save("ro", "illegal_content", {"n": 2}, **META)
        message = _one_sentence(raised.value)
        assert str(path) in message and "read-only" in message
        assert "nothing already saved was lost" in message
        with pytest.raises(ReportError) as raised:
            export_record(record, "html", report)
        assert "Read-only file system" in _one_sentence(raised.value)
        assert cli.main(["records", "list", "--store", str(path)]) == 2
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and "read-only" in err
    finally:
        _remount(tiny_disk, "rw")
    assert report.read_bytes() == before
    with open_store(path) as store:
        assert store.list_versions("ro") == [kept]


# ----------------------------------------------------------------------------- simulated


@pytest.mark.parametrize("fmt", EXPORTS)
def test_an_export_whose_write_fails_keeps_the_earlier_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """The same promise without a real full disk: the write fails with ENOSPC at fsync."""
    record = build_record()
    target = tmp_path / f"report.{fmt}"
    export_record(record, fmt, target)
    before = target.read_bytes()

    def no_space(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(ReportError) as raised:
        export_record(record, fmt, target)
    assert "No space left on device" in _one_sentence(raised.value)
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert _leftovers(tmp_path) == []
