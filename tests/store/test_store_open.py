"""Where a store is opened, and the sentences a bad path, file or URL gives (SQLite files)."""

from __future__ import annotations

import os
import pickle
import pwd
import tempfile
from pathlib import Path

import pytest

from osa_toolkit.core.errors import InvalidInputError, StoreError
from osa_toolkit.store import open_store

META = {"service_name": "F", "edition": "2026-06", "toolkit_version": "0.1.0"}


def test_default_store_is_created_in_the_user_data_folder(tmp_path, monkeypatch):
    home = tmp_path / "home" / "osa"
    monkeypatch.setenv("OSA_TOOLKIT_HOME", str(home))
    with open_store() as store:
        store.save("f", "illegal_content", {}, **META)
        assert store.location == str(home / "records.sqlite3")
    assert (home / "records.sqlite3").is_file()


@pytest.mark.parametrize("form", ["str", "path", "url", "relative"])
def test_a_path_or_sqlite_url_opens_the_same_file(tmp_path, monkeypatch, form):
    path = tmp_path / "a" / "b" / "records.sqlite3"
    monkeypatch.chdir(tmp_path)
    given = {
        "str": str(path),
        "path": path,
        "url": f"sqlite:///{path}",
        "relative": "a/b/records.sqlite3",
    }[form]
    with open_store(given) as store:
        store.save("f", "illegal_content", {"n": 1}, **META)
    with open_store(path) as store:
        assert [v.document for v in store.list_versions("f")] == [{"n": 1}]


def test_a_folder_that_cannot_be_created_is_a_store_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    target = blocker / "sub" / "records.sqlite3"
    with pytest.raises(StoreError) as raised:
        open_store(target)
    message = str(raised.value)
    assert str(target) in message and "cannot be created" in message
    assert "choose a folder you can write to" in message


def test_a_folder_given_as_the_store_says_what_to_give(tmp_path):
    with pytest.raises(
        StoreError, match=r"is a folder; give a file path such as .*records\.sqlite3"
    ):
        open_store(tmp_path)


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError) as raised:
        open_store(path)
    message = str(raised.value)
    assert message.startswith(f"Could not open the record store {path} because")
    assert "not an SQLite database" in message and "nothing already saved" not in message
    assert path.read_text().startswith("these are my notes")


@pytest.mark.parametrize(
    "given",
    ["mysql://user@host/db", "sqlite://", "sqlite:///:memory:", "", 42, "postgresql://x:bad:port/"],
)
def test_unsupported_locations_are_refused(given):
    with pytest.raises(InvalidInputError, match="'url_or_path' must be"):
        open_store(given)


def test_an_unreachable_postgres_server_is_a_store_error():
    with pytest.raises(StoreError) as raised:
        open_store("postgresql://someone:secret@127.0.0.1:1/records")
    message = str(raised.value)
    assert "secret" not in message and "***" in message
    assert "could not be reached" in message and "check that it is running" in message


def _as_unprivileged_user(action):
    """Run ``action()`` where file permissions apply: as is, or as 'nobody' in a fork when root."""
    if os.geteuid() != 0:
        return action()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process
        os.close(reader)
        try:
            nobody = pwd.getpwnam("nobody")
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            outcome = ("ok", action())
        except BaseException as exc:  # noqa: BLE001 - sent back to the test
            outcome = ("raised", (type(exc).__name__, str(exc)))
        with os.fdopen(writer, "wb") as pipe:
            pickle.dump(outcome, pipe)
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        status, value = pickle.load(pipe)
    os.waitpid(pid, 0)
    if status == "raised":
        name, message = value
        raise {"StoreError": StoreError}.get(name, RuntimeError)(message)
    return value


@pytest.fixture
def shared_folder():
    """A folder outside pytest's private tmp tree, so that 'nobody' can reach it."""
    folder = Path(tempfile.mkdtemp(prefix="osa-store-test-"))
    folder.chmod(0o755)
    yield folder
    folder.chmod(0o755)
    for child in folder.iterdir():
        child.chmod(0o644)
        child.unlink()
    folder.rmdir()


@pytest.mark.parametrize("folder_read_only", [False, True])
def test_a_read_only_store_is_a_store_error_and_loses_nothing(shared_folder, folder_read_only):
    path = shared_folder / "records.sqlite3"
    with open_store(path) as store:
        kept = store.save("f", "illegal_content", {"n": 1}, **META)
    path.chmod(0o444)
    if folder_read_only:
        shared_folder.chmod(0o555)

    def save_again():
        with open_store(path) as store:
            store.save("f", "illegal_content", {"n": 2}, **META)

    with pytest.raises(StoreError) as raised:
        _as_unprivileged_user(save_again)
    message = str(raised.value)
    assert str(path) in message and "read-only" in message
    assert "nothing already saved was lost" in message
    shared_folder.chmod(0o755)
    path.chmod(0o644)
    with open_store(path) as store:
        assert store.list_versions("f") == [kept]


def test_error_sentences_are_one_line_and_end_with_a_full_stop(tmp_path):
    (tmp_path / "x.db").write_bytes(b"\0" * 4096)
    with pytest.raises(StoreError) as raised:
        open_store(tmp_path / "x.db")
    message = str(raised.value)
    assert "\n" not in message and message.endswith(".") and message.count(". ") == 0
