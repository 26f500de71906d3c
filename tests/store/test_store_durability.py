"""A save killed half-way, savers racing each other, a full disk, a damaged document."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import event, text

from osa_toolkit.core.errors import StoreError
from osa_toolkit.store import open_store
from osa_toolkit.store.records import sha256_hex


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def _wait_for(condition, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


def _assert_sqlite_file_is_valid(store_url: str, backend: str) -> None:
    if backend != "sqlite":
        return
    with sqlite3.connect(store_url) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []


def _assert_versions_intact(store, service_id: str) -> list:
    versions = store.list_versions(service_id)  # verifies every checksum on the way
    assert [v.version for v in versions] == list(range(1, len(versions) + 1))
    for version in versions:
        assert sha256_hex(store.export_json(version.record_id))  # loads again, checked
    return versions


def test_saver_killed_at_random_moments_loses_nothing_it_reported(
    store_url, backend, child_command, tmp_path
):
    open_store(store_url).close()
    report = tmp_path / "saved.txt"
    rng = random.Random()
    for _ in range(5):
        before = len(_lines(report))
        child = subprocess.Popen(
            child_command("loop", store_url, "killed", report, 600_000),
            stderr=subprocess.PIPE,
        )
        _wait_for(
            lambda before=before, child=child: (
                len(_lines(report)) >= before + 2 or child.poll() is not None
            ),
            "the saver to save twice",
        )
        assert child.poll() is None, child.stderr.read().decode()
        time.sleep(rng.uniform(0.0, 0.06))
        child.kill()
        child.wait()
        child.stderr.close()
    _assert_sqlite_file_is_valid(store_url, backend)
    with open_store(store_url) as store:
        versions = _assert_versions_intact(store, "killed")
        stored = {(v.record_id, v.version, v.sha256) for v in versions}
        reported = {tuple(line.split()) for line in _lines(report)}
        reported = {(int(rid), int(version), sha) for rid, version, sha in reported}
        assert len(reported) >= 10
        assert reported <= stored  # a save killed after commit but before reporting is extra
        after = store.save("killed", "illegal_content", {"after": True}, **_META)
        assert after.version == len(versions) + 1


def test_save_killed_between_insert_and_commit_leaves_previous_version(
    store_url, backend, child_command
):
    with open_store(store_url) as store:
        first = store.save("hung", "illegal_content", {"n": 1}, **_META)
    child = subprocess.Popen(
        child_command("hang", store_url, "hung", 12_000_000),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = child.stdout.readline()
    assert line == "inside\n", child.stderr.read()
    if backend == "sqlite":  # the uncommitted 12 MB record really is on disk, in the WAL
        assert os.path.getsize(store_url + "-wal") > 6_000_000
    child.kill()
    child.wait()
    child.stdout.close()
    child.stderr.close()
    _assert_sqlite_file_is_valid(store_url, backend)
    with open_store(store_url) as store:
        assert store.list_versions("hung") == [first]
        started = time.monotonic()
        second = store.save("hung", "illegal_content", {"n": 2}, **_META)
        assert second.version == 2
        assert time.monotonic() - started < 5  # the dead saver's lock is gone
        assert [v.document for v in _assert_versions_intact(store, "hung")] == [{"n": 1}, {"n": 2}]


@pytest.mark.parametrize("processes", [4])
def test_concurrent_savers_all_succeed_with_distinct_versions(
    store_url, child_command, tmp_path, processes
):
    per_process = 15
    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            child_command("burst", store_url, "busy", per_process, go),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    for child in children:
        assert child.stdout.readline() == "ready\n", child.stderr.read()
    go.touch()  # all open the (not yet created) store at once, then save at once
    outputs = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        outputs += out.splitlines()
    saved = [line.split() for line in outputs if line.startswith("saved ")]
    failed = [line for line in outputs if line.startswith("failed ")]
    assert len(saved) + len(failed) == processes * per_process
    assert failed == []  # with the write lock taken up front, nobody needs to give up
    with open_store(store_url) as store:
        versions = _assert_versions_intact(store, "busy")
    assert {(v.record_id, v.version) for v in versions} == {
        (int(rid), int(version)) for _, rid, version in saved
    }
    assert len(versions) == processes * per_process


def test_full_disk_is_a_clear_error_and_loses_nothing(tmp_path):
    path = tmp_path / "records.sqlite3"
    store = open_store(path)
    kept = store.save("full", "illegal_content", {"small": True}, **_META)
    with sqlite3.connect(path) as raw:
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def _cap(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    with pytest.raises(StoreError) as raised:
        store.save("full", "illegal_content", {"big": "x" * 200_000}, **_META)
    message = str(raised.value)
    assert str(path) in message and "disk is full" in message
    assert "nothing already saved was lost" in message
    assert message.count(".") >= 1 and "\n" not in message
    event.remove(store.engine, "connect", _cap)
    store.engine.dispose()
    assert store.list_versions("full") == [kept]
    store.close()


def test_a_damaged_document_is_detected_and_named(store, store_url, backend):
    saved = store.save("damaged", "childrens_risk", {"level": "low"}, **_META)
    with store.engine.begin() as connection:  # tamper, as a hand edit of the database would
        if backend == "sqlite":
            connection.execute(text("DROP TRIGGER records_append_only_update"))
        else:
            connection.execute(text("ALTER TABLE records DISABLE TRIGGER records_append_only"))
        connection.execute(text('UPDATE records SET document = \'{"level":"high"}\''))
    with pytest.raises(StoreError) as raised:
        store.load(saved.record_id)
    message = str(raised.value)
    assert (
        f"Record {saved.record_id} (version 1 of the childrens_risk record of 'damaged')" in message
    )
    assert "SHA-256" in message and "backup" in message
    with pytest.raises(StoreError, match="damaged"):
        store.list_versions("damaged")


def test_records_and_approvals_cannot_be_changed_or_deleted(store):
    saved = store.save("guarded", "illegal_content", {"n": 1}, **_META)
    store.approve(saved.record_id, "Jo")
    for statement in (
        "UPDATE records SET note = 'rewritten'",
        "DELETE FROM records",
        "UPDATE approvals SET approved_by = 'someone else'",
        "DELETE FROM approvals",
    ):
        with pytest.raises(Exception, match="append-only"), store.engine.begin() as connection:
            connection.execute(text(statement))
    assert store.load(saved.record_id).approved_by == "Jo"


_META = {"service_name": "Durability", "edition": "2026-06", "toolkit_version": "0.1.0"}
