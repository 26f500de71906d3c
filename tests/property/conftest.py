"""Fixtures of the property tests: a deadline for anything that could hang, and file writers."""

from __future__ import annotations

import contextlib
import json
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml


class TookTooLong(Exception):
    """Raised by :func:`time_limit` when the block runs past its limit."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block takes longer than ``seconds``."""

    def _raise(_signum: int, _frame: Any) -> None:
        raise TookTooLong(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def any_int_digits() -> Iterator[None]:
    """Let this process write ints of any length (to build files holding huge numbers)."""
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(old)


def write_json(path: Path, data: Any) -> Path:
    """JSON as written by anything: NaN, huge ints, dates as ISO text, lone surrogates as \\ud800."""
    with any_int_digits():
        path.write_text(json.dumps(data, allow_nan=True, default=str), encoding="utf-8")
    return path


def write_yaml(path: Path, data: Any) -> Path:
    with any_int_digits():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")  # lone surrogates as written
    return path


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder for one test's files (examples of one test overwrite the same names)."""
    folder = tmp_path / "fuzz"
    folder.mkdir()
    return folder
