"""Where a store lives and how it is reached: paths and URLs, engines, transactions, error sentences.

SQLite (the default) is opened in WAL mode with ``synchronous=FULL``, foreign keys on and a busy timeout,
and every write transaction starts with ``BEGIN IMMEDIATE`` so that it takes the database's one write
lock before it reads anything: two savers queue for the lock instead of both computing the same next
version. PostgreSQL needs no such set-up; :mod:`.store` serialises savers there with a row lock.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from osa_toolkit.core.errors import InvalidInputError, StoreError, invalid, shown
from osa_toolkit.paths import user_data_dir

BUSY_TIMEOUT_SECONDS = 10
DEFAULT_FILENAME = "records.sqlite3"
_WRITE = "osa_toolkit_write"


def resolve(url_or_path: str | os.PathLike[str] | None, create: bool = True) -> tuple[URL, str]:
    """Turn what the user gave into a SQLAlchemy URL and the name to show in messages.

    With ``create=False`` (commands that only read), a SQLite file that does not exist, or that
    exists but is empty, is refused instead of being made into a new store."""
    if url_or_path is None:
        return _sqlite_file(user_data_dir() / DEFAULT_FILENAME, True)
    if isinstance(url_or_path, os.PathLike):
        return _sqlite_file(Path(url_or_path), create)
    if not isinstance(url_or_path, str) or not url_or_path.strip():
        raise invalid(
            "url_or_path", "a file path, a sqlite:/// URL or a postgresql:// URL", url_or_path
        )
    if url_or_path.startswith("file:") or url_or_path.strip() == ":memory:":
        raise StoreError(
            f"The record store {shown(url_or_path)} is a SQLite URI or an in-memory database, "
            "which would keep nothing; give a file path (such as records.sqlite3), a sqlite:/// "
            "URL or a postgresql:// URL."
        )
    if "://" not in url_or_path:
        return _sqlite_file(Path(url_or_path), create)
    try:
        url = make_url(url_or_path)
    except (ArgumentError, ValueError):
        raise invalid("url_or_path", "a valid database URL", url_or_path) from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
            raise invalid("url_or_path", "a sqlite:/// URL that names a file", url_or_path)
        return _sqlite_file(Path(url.database), create)
    if backend == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url, url.render_as_string(hide_password=True)
    raise invalid(
        "url_or_path", "a file path, a sqlite:/// URL or a postgresql:// URL", url_or_path
    )


def _sqlite_file(path: Path, create: bool) -> tuple[URL, str]:
    try:
        path = path.expanduser().absolute()
        info = path.stat() if path.exists() or path.is_symlink() else None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or "the name holds a NUL character"
        raise StoreError(
            f"Could not open the record store {shown(str(path))} ({reason}); give another path."
        ) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise StoreError(
            f"Could not open the record store {path} because it is a folder; give a file path "
            f"such as {path / DEFAULT_FILENAME}."
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise StoreError(
            f"Could not open the record store {shown(str(path))} because it is not a regular "
            "file (a device, pipe or socket); give a file path such as records.sqlite3."
        )
    if not create and (info is None or info.st_size == 0):
        state = "does not exist" if info is None else "is an empty file, not a record store"
        raise StoreError(
            f"There is no record store at {shown(str(path))}: the file {state}; give the path of "
            "a store something was saved to (nothing was created)."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"Could not open the record store {path} because its folder {path.parent} cannot be "
            f"created ({exc.strerror or exc}); choose a folder you can write to."
        ) from exc
    return URL.create("sqlite+pysqlite", database=str(path)), str(path)


def create(url: URL) -> Engine:
    """An engine for ``url``, with SQLite's pragmas and write locking installed."""
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" listener emits BEGIN itself
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        _use_wal(cursor)
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the file to WAL once; SQLite answers BUSY at once (no busy wait) to a racing switch."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            name = _sqlite_name(exc)
            if name.startswith("SQLITE_READONLY"):
                return  # the first write will fail with the clear read-only sentence
            if not name.startswith("SQLITE_BUSY") or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _sqlite_on_begin(connection: Connection) -> None:
    write = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def transaction(engine: Engine, *, write: bool) -> Iterator[Connection]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    with engine.connect() as connection:
        if write:
            connection.execution_options(**{_WRITE: True})
        with connection.begin():
            yield connection


def is_conflict(exc: DBAPIError) -> bool:
    """Whether ``exc`` is another saver winning a race (worth retrying the whole transaction)."""
    orig = exc.orig
    if isinstance(orig, sqlite3.IntegrityError):
        return "UNIQUE constraint failed" in str(orig)
    return getattr(orig, "sqlstate", None) in {"23505", "40001", "40P01"}


@contextmanager
def errors(location: str, operation: str) -> Iterator[None]:
    """Turn a database failure inside the block into one :class:`StoreError` sentence.

    ``operation`` completes "Could not ... the record store X", e.g. ``"load record 12 from"``.
    Where the failure cannot have touched what was saved (a full disk, a read-only file, a lock, a
    refused write), the sentence says that nothing already saved was lost.
    """
    try:
        yield
    except (StoreError, InvalidInputError):
        raise
    except (DBAPIError, sqlite3.Error) as exc:
        reason, advice, intact = explain(exc)
        if reason == _SQLITE["SQLITE_CANTOPEN"][0] and _on_read_only_disk(location):
            reason, advice, intact = _SQLITE["SQLITE_READONLY"]
        kept = "nothing already saved was lost, so " if intact else ""
        raise StoreError(
            f"Could not {operation} the record store {location} because {reason}; {kept}{advice}."
        ) from exc


def _on_read_only_disk(location: str) -> bool:
    """Whether ``location`` is a file on a file system mounted read-only (SQLite then only says
    that it cannot open the file, since a WAL database needs its ``-shm`` file to be writable)."""
    try:
        return bool(os.statvfs(Path(location).parent).f_flag & os.ST_RDONLY)
    except (OSError, ValueError):
        return False


def explain(exc: BaseException) -> tuple[str, str, bool]:
    """(why it failed, what to do, whether to tell the user that what was saved is intact)."""
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, sqlite3.Error):
        return _explain_sqlite(orig)
    return _explain_postgres(orig)


def _sqlite_name(exc: sqlite3.Error) -> str:
    return getattr(exc, "sqlite_errorname", "") or ""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__


_SQLITE: dict[str, tuple[str, str, bool]] = {
    "SQLITE_READONLY": (
        "the database file or its folder is read-only",
        "make both writable, or copy the file to a folder you can write to, and try again",
        True,
    ),
    "SQLITE_FULL": ("the disk is full", "free some disk space and try again", True),
    "SQLITE_BUSY": (
        f"another program kept the database locked for more than {BUSY_TIMEOUT_SECONDS} seconds",
        "close other programs using it and try again",
        True,
    ),
    "SQLITE_LOCKED": (
        "the database is locked",
        "close other programs using it and try again",
        True,
    ),
    "SQLITE_CANTOPEN": (
        "the file or its folder cannot be opened or created",
        "check the path exists and that you can write to it",
        True,
    ),
    "SQLITE_PERM": (
        "permission was denied",
        "check that you can write to the file and folder",
        True,
    ),
    "SQLITE_NOTADB": (
        "the file is not an SQLite database",
        "choose a different file, or restore this one from a backup",
        False,
    ),
    "SQLITE_CORRUPT": (
        "the database file is damaged",
        "restore it from a backup, or run 'sqlite3 FILE .recover' on a copy",
        False,
    ),
    "SQLITE_IOERR": (
        "the disk reported a read or write error",
        "check the disk and try again",
        True,
    ),
}


def _explain_sqlite(exc: sqlite3.Error) -> tuple[str, str, bool]:
    name = _sqlite_name(exc)
    for prefix, answer in _SQLITE.items():
        if name == prefix or name.startswith(prefix + "_"):
            return answer
    return (f"SQLite reported '{_first_line(exc)}'", "check the file and try again", True)


_POSTGRES: dict[str, tuple[str, str, bool]] = {
    "08": (
        "the PostgreSQL server could not be reached",
        "check that it is running and that the host and port in the URL are right",
        False,
    ),
    "28": (
        "the PostgreSQL server refused the user name or password",
        "check the user and password in the URL",
        False,
    ),
    "3D000": (
        "the database named in the URL does not exist",
        "create it first (for example with createdb) or correct the URL",
        False,
    ),
    "42501": (
        "the database user lacks permission",
        "grant that user the right to create and write tables in the database",
        True,
    ),
    "53100": ("the database server's disk is full", "free some disk space and try again", True),
    "53": ("the database server ran out of resources", "try again later", True),
    "25006": (
        "the PostgreSQL server only accepts reads",
        "point the URL at the primary server and try again",
        True,
    ),
    "57P": ("the PostgreSQL server closed the connection", "try again", True),
    "40": ("another program was writing at the same moment", "try again", True),
}


_CONNECT_FAILURES = {  # libpq gives no SQLSTATE when the connection itself is refused
    "does not exist": "3D000",
    "password authentication failed": "28P01",
    "no pg_hba.conf entry": "28000",
    "permission denied": "42501",
}


def _explain_postgres(exc: BaseException) -> tuple[str, str, bool]:
    sqlstate = getattr(exc, "sqlstate", None)
    if sqlstate is None and type(exc).__name__ == "OperationalError":
        message = str(exc)
        found = [code for words, code in _CONNECT_FAILURES.items() if words in message]
        sqlstate = found[0] if found else "08000"
    for prefix, answer in _POSTGRES.items():
        if sqlstate and sqlstate.startswith(prefix):
            return answer
    return (f"the database reported '{_first_line(exc)}'", "check the database and try again", True)
