"""Fixtures for the store tests: every test that takes ``store_url`` runs on each backend.

SQLite always runs (a fresh file per test). PostgreSQL runs when ``OSA_TEST_POSTGRES_URL`` names a
database on a server we may create databases on (``.ci/postgres.sh`` starts one); each test gets a
fresh database, dropped afterwards.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from osa_toolkit.store import RecordStore, StoredVersion, open_store

POSTGRES_URL = os.environ.get("OSA_TEST_POSTGRES_URL")
CHILD = Path(__file__).with_name("_child.py")
META = {"service_name": "My Forum", "edition": "2026-06", "toolkit_version": "0.1.0"}

postgres_only_when_configured = pytest.mark.skipif(
    not POSTGRES_URL,
    reason='OSA_TEST_POSTGRES_URL is not set; run `eval "$(bash .ci/postgres.sh start)"` first',
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=postgres_only_when_configured)])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL or path to a store that does not exist yet, on the backend under test."""
    if backend == "sqlite":
        yield str(tmp_path / "store" / "records.sqlite3")
        return
    yield from _fresh_postgres_database()


def _fresh_postgres_database() -> Iterator[str]:
    import psycopg

    assert POSTGRES_URL is not None
    admin_url = make_url(POSTGRES_URL)
    conninfo = admin_url.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"osa_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def store(store_url: str) -> Iterator[RecordStore]:
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[RecordStore]:
    """A fresh SQLite store, for tests whose subject does not depend on the backend."""
    with open_store(tmp_path / "records.sqlite3") as opened:
        yield opened


@pytest.fixture
def save() -> Callable[..., StoredVersion]:
    """``save(store, document, **overrides)`` with the usual metadata filled in."""

    def _save(
        store: RecordStore,
        document: dict[str, Any],
        *,
        service_id: str = "my-forum",
        kind: str = "illegal_content",
        **overrides: Any,
    ) -> StoredVersion:
        return store.save(service_id, kind, document, **{**META, **overrides})

    return _save


@pytest.fixture
def child_command() -> Callable[..., list[str]]:
    """The command line that runs ``tests/store/_child.py`` with these arguments."""

    def _command(*args: object) -> list[str]:
        return [sys.executable, str(CHILD), *map(str, args)]

    return _command
