"""Export targets: ``report -o`` and ``assess-all --csv`` write only a regular file or a new path,
atomically, keeping an existing file's mode, never through a symbolic link; ``-`` is standard output.

Before: ``-o /dev/null`` (as root) replaced the system's /dev/null with a regular file, a FIFO was
replaced too, a 0600 file became 0644, ``-o -`` wrote a file named ``-``, and ``assess-all --csv``
wrote in place (a full disk left a CSV cut mid-row) and through a symbolic link.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from osa_toolkit.cli.batch import run as assess_all
from osa_toolkit.files.profiles import examples_dir

from osa_toolkit import cli

EXAMPLE = "kingsbury_cycling_forum"


def _report(out: str, *extra: str) -> int:
    return cli.main(["report", EXAMPLE, "-o", out, "--today", "2026-11-28", *extra])


def _one_line(err: str) -> str:
    """The one error line (assess-all's progress lines aside), at most 300 characters."""
    lines = [line for line in err.strip().splitlines() if not line.startswith("assess-all: ")]
    assert len(lines) == 1 and lines[0].startswith("osa-toolkit ") and len(lines[0]) <= 300, err
    return lines[0]


def test_a_device_is_refused_and_left_alone(tmp_path: Path, capsys) -> None:
    before = os.stat("/dev/null")
    assert _report("/dev/null", "--format", "md") == 2
    assert "not a regular file" in _one_line(capsys.readouterr().err)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_fifo_is_refused_without_blocking(tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    assert _report(str(fifo)) == 2
    assert "not a regular file" in _one_line(capsys.readouterr().err)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    csv_fifo = tmp_path / "out.csv"
    os.mkfifo(csv_fifo)
    assert assess_all([str(examples_dir()), "--csv", str(csv_fifo)]) == 2
    assert stat.S_ISFIFO(os.lstat(csv_fifo).st_mode)


def test_a_symbolic_link_is_not_written_through(tmp_path: Path, capsys) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    for link, run in (
        (tmp_path / "link.md", lambda p: _report(str(p))),
        (tmp_path / "link.csv", lambda p: assess_all([str(examples_dir()), "--csv", str(p)])),
    ):
        link.symlink_to(victim)
        assert run(link) == 2
        assert "symbolic link" in _one_line(capsys.readouterr().err)
        assert link.is_symlink() and victim.read_text() == "keep me\n"


def test_an_existing_file_keeps_its_mode_and_a_new_one_honours_the_umask(tmp_path: Path) -> None:
    private = tmp_path / "private.md"
    private.write_text("the earlier export\n")
    private.chmod(0o600)
    assert _report(str(private)) == 0
    text = private.read_text()
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and "the earlier export" not in text
    csv = tmp_path / "private.csv"
    csv.write_text("the earlier export\n")
    csv.chmod(0o640)
    assert assess_all([str(examples_dir()), "--csv", str(csv)]) == 0
    assert stat.S_IMODE(csv.stat().st_mode) == 0o640 and csv.read_text().startswith("service,")
    old = os.umask(0o077)
    try:
        assert _report(str(tmp_path / "new.md")) == 0
        assert assess_all([str(examples_dir()), "--csv", str(tmp_path / "new.csv")]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o600


def test_dash_means_standard_output(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert _report("-", "--format", "md") == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("#") and "Kingsbury Cycling Forum" in captured.out
    assert "standard output" in captured.err
    assert not (tmp_path / "-").exists()


def test_the_csv_is_written_atomically(tmp_path: Path, monkeypatch, capsys) -> None:
    """A write that fails half-way (here: the disk fills at fsync) leaves the earlier CSV whole."""
    out = tmp_path / "levels.csv"
    assert assess_all([str(examples_dir()), "--csv", str(out)]) == 0
    earlier = out.read_bytes()

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert assess_all([str(examples_dir()), "--csv", str(out), "--wide"]) == 2
    assert "No space left on device" in _one_line(capsys.readouterr().err)
    assert out.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["levels.csv"]


@pytest.mark.parametrize("name", ["a\nb.md", "x" * 300 + ".md"])
def test_odd_names_give_one_line(tmp_path: Path, name: str, capsys) -> None:
    assert _report(str(tmp_path / name)) in (0, 2)
    err = capsys.readouterr().err
    if err:
        _one_line(err)
