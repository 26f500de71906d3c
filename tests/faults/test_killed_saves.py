"""A saver killed at random moments, 100 times: the store stays valid and keeps every version.

Each round forks a child that opens the store (creating and migrating it in the first rounds) and
saves documents of 10-200 kB in a loop, writing "record_id version sha256" to a pipe after each
commit. The test SIGKILLs it after a random delay (0-20 ms after the store is open; in the first
three rounds and one in ten of the others 0-20 ms after the fork, so that some kills land while the
store is being created, migrated or opened; in four in ten of the others 0-20 ms after the first
save is reported, so that kills land among saves however busy the machine is), then checks:

* ``PRAGMA integrity_check`` and ``foreign_key_check`` are clean;
* the versions are numbered 1..n with no gap, and no row saved earlier has changed;
* every version the child reported loads, with the checksum it reported, and its document hashes
  to that checksum (a save killed after its commit but before its report is an extra version,
  which must be just as intact).

At the end every version is loaded through the store once more, and one more save succeeds at once
(no lock or half-written transaction is left behind). Forking (rather than a new interpreter per
round) keeps 100 rounds to a few seconds.
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import signal
import sqlite3
import time
from pathlib import Path

from osa_toolkit.store import open_store
from osa_toolkit.store.records import canonical_json, sha256_hex

ROUNDS = 100
SERVICE = "killed"
META = {"service_name": "Kill Test", "edition": "2026-06", "toolkit_version": "0.1.0"}


def _saver(url: str, pipe: int, seed: int) -> None:  # pragma: no cover - runs in the child
    """Save forever, reporting each commit; never returns (killed, or exits on an error)."""
    code = 0
    try:
        rng = random.Random(seed)
        store = open_store(url)
        os.write(pipe, b"open\n")
        for seq in range(1_000_000):
            size = rng.randint(10_000, 200_000)
            doc = {"seq": seq, "seed": seed, "blob": os.urandom(size // 2).hex()}
            saved = store.save(SERVICE, "illegal_content", doc, **META)
            os.write(pipe, f"{saved.record_id} {saved.version} {saved.sha256}\n".encode())
    except BaseException as exc:  # noqa: BLE001 - reported to the test through the pipe
        os.write(pipe, f"error {type(exc).__name__}: {exc}\n".encode()[:4000])
        code = 1
    finally:
        os._exit(code)


def _read_until(fd: int, wanted: bytes, timeout: float) -> bytes:
    data, deadline = b"", time.monotonic() + timeout
    while wanted not in data and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            data += chunk
    return data


def _read_all(fd: int) -> bytes:
    data = b""
    while chunk := os.read(fd, 65536):
        data += chunk
    return data


def _one_round(
    url: str, rng: random.Random, seed: int, early: bool, after_save: bool = False
) -> list[str]:
    """Fork a saver, kill it at a random moment; return the lines it wrote. With ``after_save``
    the random delay starts once the first save is reported (so that, however busy the machine,
    some kills land among saves rather than while the store opens)."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(reader)
        _saver(url, writer, seed)
    os.close(writer)
    data = b"" if early else _read_until(reader, b"open\n", timeout=20)
    if after_save:
        while data.count(b"\n") < 2:  # "open" and one save
            more = _read_until(reader, b"\n", timeout=20)
            if not more:
                break
            data += more
    time.sleep(rng.uniform(0.0, 0.02))
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    data += _read_all(reader)
    os.close(reader)
    lines = data.decode().splitlines()
    errors = [line for line in lines if line.startswith("error ")]
    assert not errors, errors
    assert os.WIFSIGNALED(status), f"the saver stopped by itself (status {status}): {lines}"
    return [line for line in lines if line != "open"]


def _raw_rows(url: str) -> list[tuple[int, int, str, str]] | None:
    """The saved rows, oldest first; None while the store has no tables yet (its creation was
    killed before the first migration committed: the next open migrates it)."""
    with contextlib.closing(sqlite3.connect(url)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        if ("records",) not in tables:
            return None
        return raw.execute(
            "SELECT record_id, version, sha256, document FROM records WHERE service_id = ? "
            "ORDER BY version",
            (SERVICE,),
        ).fetchall()


def test_a_saver_killed_100_times_loses_nothing(tmp_path: Path) -> None:
    url = str(tmp_path / "records.sqlite3")
    rng = random.Random(20261128)
    reported: dict[int, tuple[int, str]] = {}  # record_id -> (version, sha256), as the child said
    seen: dict[int, tuple[int, str]] = {}  # every row found so far, checked once
    early_kills = rounds_with_saves = unreported = 0
    for n in range(ROUNDS):
        early = n < 3 or rng.random() < 0.1
        after_save = not early and rng.random() < 0.4
        lines = _one_round(url, rng, seed=n, early=early, after_save=after_save)
        fresh = {}
        for line in lines:
            rid, version, sha = line.split()
            fresh[int(rid)] = (int(version), sha)
        reported.update(fresh)
        rounds_with_saves += bool(fresh)
        rows = _raw_rows(url) if Path(url).exists() else None
        if rows is None:
            assert not reported  # killed before the store was created, or while it was
            early_kills += 1
            continue
        assert [version for _, version, _, _ in rows] == list(range(1, len(rows) + 1))
        for rid, version, sha, document in rows:
            if rid in seen:
                assert seen[rid] == (version, sha), f"record {rid} changed after it was saved"
            else:
                assert sha256_hex(document) == sha, f"record {rid} does not match its checksum"
                seen[rid] = (version, sha)
                unreported += rid not in reported
        assert set(reported) <= set(seen), "a version the saver reported is missing"
        with open_store(url) as store:
            for rid, (version, sha) in fresh.items():
                loaded = store.load(rid)
                assert (loaded.version, loaded.sha256) == (version, sha)
                assert sha256_hex(canonical_json(loaded.document)) == sha
    assert rounds_with_saves >= ROUNDS // 4, "too few kills came after a save"
    with open_store(url) as store:
        versions = store.list_versions(SERVICE)  # every checksum verified again
        assert {v.record_id: (v.version, v.sha256) for v in versions} == seen
        started = time.monotonic()
        after = store.save(SERVICE, "illegal_content", {"after": True}, **META)
        assert time.monotonic() - started < 5
        assert after.version == len(versions) + 1
    print(
        f"\n{ROUNDS} kills ({rounds_with_saves} after a save): {len(seen)} versions saved, "
        f"{len(reported)} reported, "
        f"{unreported} committed but killed before reporting, {early_kills} kills before the "
        "store had its tables"
    )
