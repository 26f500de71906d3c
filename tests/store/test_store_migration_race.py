"""Two processes opening a new store at once: the one that looks while the other commits is not refused.

On PostgreSQL each statement of a read-committed transaction sees what was committed before it, so a
process could read "no schema version" and, one statement later, see the tables another process had
just committed, and mistake them for someone else's tables (seen in CI). The first, unlocked look now
only reads the version; tables without a version are judged under the migration lock.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from osa_toolkit.core.errors import StoreError
from osa_toolkit.store import SCHEMA_VERSION, open_store
from osa_toolkit.store import migrations as migrations_module
from osa_toolkit.store.backend import resolve


def _version(store_url: str) -> int:
    engine = create_engine(resolve(store_url)[0])
    try:
        with engine.connect() as connection:
            return migrations_module.current_version(connection)
    finally:
        engine.dispose()


def test_tables_committed_between_two_looks_are_not_taken_for_someone_elses(store_url, monkeypatch):
    open_store(store_url).close()  # the other process: it made the tables and committed them
    real = migrations_module.current_version
    looks = []

    def first_look_before_the_commit(connection):
        looks.append(1)
        return 0 if len(looks) == 1 else real(connection)

    monkeypatch.setattr(migrations_module, "current_version", first_look_before_the_commit)
    store = open_store(store_url)  # this process looked once before the commit, then again
    try:
        assert len(looks) >= 2
        assert store.list_services() == []
    finally:
        store.close()
    monkeypatch.undo()
    assert _version(store_url) == SCHEMA_VERSION


def test_foreign_tables_are_still_refused_under_the_lock(store_url):
    engine = create_engine(resolve(store_url)[0])
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE approvals (id INTEGER PRIMARY KEY, body TEXT)"))
    engine.dispose()
    with pytest.raises(StoreError, match=r"already holds tables \(approvals\)"):
        open_store(store_url)
