"""Schema versions: a v1 store built by hand is migrated; newer and foreign databases are refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import create_engine, inspect, text

from osa_toolkit.core.errors import StoreError
from osa_toolkit.store import SCHEMA_VERSION, open_store
from osa_toolkit.store import migrations as migrations_module
from osa_toolkit.store.backend import resolve
from osa_toolkit.store.records import sha256_hex
from osa_toolkit.store.schema import metadata

# The v1 schema exactly as osa-toolkit's first migration wrote it, with two versions and an approval.
_V1_TABLES = {
    "sqlite": """
CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at DATETIME NOT NULL,
    description TEXT NOT NULL, PRIMARY KEY (version));
CREATE TABLE services (service_id VARCHAR(64) NOT NULL, name TEXT NOT NULL,
    created_at DATETIME NOT NULL, PRIMARY KEY (service_id));
CREATE TABLE records (record_id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    service_id VARCHAR(64) NOT NULL REFERENCES services (service_id), kind VARCHAR(32) NOT NULL,
    version INTEGER NOT NULL, created_at DATETIME NOT NULL, edition VARCHAR(32) NOT NULL,
    toolkit_version VARCHAR(32) NOT NULL, next_review DATE, note TEXT NOT NULL,
    document TEXT NOT NULL, CONSTRAINT uq_records_version UNIQUE (service_id, kind, version));
CREATE TABLE approvals (approval_id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    record_id INTEGER NOT NULL REFERENCES records (record_id), approved_by TEXT NOT NULL,
    approved_at DATETIME NOT NULL, note TEXT NOT NULL);
""",
    "postgresql": """
CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL,
    description TEXT NOT NULL, PRIMARY KEY (version));
CREATE TABLE services (service_id VARCHAR(64) NOT NULL, name TEXT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (service_id));
CREATE TABLE records (record_id SERIAL NOT NULL PRIMARY KEY,
    service_id VARCHAR(64) NOT NULL REFERENCES services (service_id), kind VARCHAR(32) NOT NULL,
    version INTEGER NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    edition VARCHAR(32) NOT NULL, toolkit_version VARCHAR(32) NOT NULL, next_review DATE,
    note TEXT NOT NULL, document TEXT NOT NULL,
    CONSTRAINT uq_records_version UNIQUE (service_id, kind, version));
CREATE TABLE approvals (approval_id SERIAL NOT NULL PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (record_id), approved_by TEXT NOT NULL,
    approved_at TIMESTAMP WITH TIME ZONE NOT NULL, note TEXT NOT NULL);
""",
}
_V1_ROWS = """
CREATE INDEX ix_approvals_record_id ON approvals (record_id);
INSERT INTO schema_version VALUES (1, '2025-03-01 09:00:00', 'services, records and approvals');
INSERT INTO services VALUES ('old-forum', 'Old Forum', '2025-03-01 10:00:00');
INSERT INTO records (service_id, kind, version, created_at, edition, toolkit_version, next_review,
    note, document) VALUES
    ('old-forum', 'illegal_content', 1, '2025-03-01 10:00:00', '2024-12', '0.0.9', '2026-03-01',
     'first', '{"risks":{"terrorism":"low"}}'),
    ('old-forum', 'illegal_content', 2, '2025-06-01 10:00:00', '2024-12', '0.0.9', '2026-06-01',
     '', '{"risks":{"terrorism":"medium"}}');
INSERT INTO approvals (record_id, approved_by, approved_at, note)
    VALUES (2, 'Sam', '2025-06-02 09:00:00', 'ok');
"""


def _engine(store_url: str):
    return create_engine(resolve(store_url)[0])


def _build_v1(store_url: str, backend: str) -> None:
    engine = _engine(store_url)
    with engine.begin() as connection:
        if backend == "postgresql":
            connection.execute(text("SET TIME ZONE 'UTC'"))
        for statement in (_V1_TABLES[backend] + _V1_ROWS).split(";"):
            if statement.strip():
                connection.execute(text(statement))
    engine.dispose()


def _columns(store_url: str) -> dict[str, set[str]]:
    engine = _engine(store_url)
    inspector = inspect(engine)
    found = {  # the tables there are (a rolled-back store lacks the later ones)
        t: {c["name"] for c in inspector.get_columns(t)}
        for t in metadata.tables
        if inspector.has_table(t)
    }
    engine.dispose()
    return found


_EXPECTED_COLUMNS = {name: set(table.columns.keys()) for name, table in metadata.tables.items()}


def test_a_new_store_has_the_current_schema(store_url):
    open_store(store_url).close()
    assert _columns(store_url) == _EXPECTED_COLUMNS
    engine = _engine(store_url)
    with engine.connect() as connection:
        numbers = connection.execute(text("SELECT version FROM schema_version ORDER BY version"))
        assert [n for (n,) in numbers] == list(range(1, SCHEMA_VERSION + 1))
    engine.dispose()


def test_a_v1_store_is_migrated_and_keeps_its_records(store_url, backend):
    _build_v1(store_url, backend)
    with open_store(store_url) as store:
        old = store.list_versions("old-forum")
        assert [v.version for v in old] == [1, 2]
        assert old[0].document == {"risks": {"terrorism": "low"}}
        assert old[0].sha256 == sha256_hex('{"risks":{"terrorism":"low"}}')
        assert old[0].service_name == "Old Forum"
        assert old[0].created_at == datetime(2025, 3, 1, 10, tzinfo=UTC)
        assert old[0].next_review == date(2026, 3, 1)
        assert (old[1].approved_by, old[1].approved_at) == (
            "Sam",
            datetime(2025, 6, 2, 9, tzinfo=UTC),
        )
        new = store.save(
            "old-forum",
            "illegal_content",
            {"risks": {"terrorism": "high"}},
            service_name="Old Forum",
            edition="2026-06",
            toolkit_version="0.1.0",
        )
        assert (new.version, new.record_id) == (3, 3)
        with pytest.raises(Exception, match="append-only"), store.engine.begin() as connection:
            connection.execute(text("DELETE FROM records"))
    assert _columns(store_url) == _EXPECTED_COLUMNS


def test_a_failing_migration_leaves_the_old_store_untouched(store_url, backend, monkeypatch):
    _build_v1(store_url, backend)

    def broken(connection):
        connection.execute(text("CREATE TABLE half_done (x INTEGER)"))
        raise RuntimeError("killed half-way")

    extra = migrations_module.Migration(SCHEMA_VERSION + 1, "broken", broken)
    monkeypatch.setattr(migrations_module, "MIGRATIONS", (*migrations_module.MIGRATIONS, extra))
    monkeypatch.setattr(migrations_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError, match="killed half-way"):
        open_store(store_url)
    monkeypatch.undo()
    columns = _columns(store_url)
    assert "sha256" not in columns["records"]  # migration 2 was rolled back with the broken 3
    engine = _engine(store_url)
    assert "half_done" not in inspect(engine).get_table_names()
    engine.dispose()
    with open_store(store_url) as store:
        assert [v.version for v in store.list_versions("old-forum")] == [1, 2]


def test_a_store_from_a_newer_toolkit_is_refused(store_url):
    open_store(store_url).close()
    engine = _engine(store_url)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO schema_version VALUES (99, '2030-01-01 00:00:00', 'future')")
        )
    engine.dispose()
    with pytest.raises(StoreError) as raised:
        open_store(store_url)
    message = str(raised.value)
    assert "schema version 99" in message and "upgrade osa-toolkit" in message


def test_a_database_with_someone_elses_tables_is_refused(store_url):
    engine = _engine(store_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE records (id INTEGER PRIMARY KEY, body TEXT)"))
    engine.dispose()
    with pytest.raises(StoreError, match=r"already holds tables \(records\)"):
        open_store(store_url)
