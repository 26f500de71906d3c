"""Numbered schema migrations, run in one transaction when a store is opened.

``schema_version`` holds one row per migration applied. Opening a store reads the highest number; if
it is behind :data:`SCHEMA_VERSION`, the missing migrations run in order inside one write transaction
(SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock), so two programs opening an old store at
once migrate it once, and a migration killed half-way leaves the store as it was. A migration is never
edited once released: a change to the schema is a new migration at the end of :data:`MIGRATIONS`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    column,
    func,
    insert,
    inspect,
    select,
    table,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine

from osa_toolkit.core.errors import StoreError
from osa_toolkit.store.backend import transaction
from osa_toolkit.store.records import sha256_hex
from osa_toolkit.store.schema import STORE_TABLES, schema_version

_PG_MIGRATION_LOCK = 0x05A7_0001


@dataclass(frozen=True)
class Migration:
    number: int
    description: str
    apply: Callable[[Connection], None]


def _v1_tables(connection: Connection) -> None:
    """Services, records (document as JSON text) and append-only approvals."""
    meta = MetaData()  # a frozen copy of the v1 tables; never change it
    Table(
        "services",
        meta,
        Column("service_id", String(64), primary_key=True),
        Column("name", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "records",
        meta,
        Column("record_id", Integer, primary_key=True, autoincrement=True),
        Column("service_id", String(64), ForeignKey("services.service_id"), nullable=False),
        Column("kind", String(32), nullable=False),
        Column("version", Integer, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("edition", String(32), nullable=False),
        Column("toolkit_version", String(32), nullable=False),
        Column("next_review", Date, nullable=True),
        Column("note", Text, nullable=False),
        Column("document", Text, nullable=False),
        UniqueConstraint("service_id", "kind", "version", name="uq_records_version"),
        sqlite_autoincrement=True,
    )
    Table(
        "approvals",
        meta,
        Column("approval_id", Integer, primary_key=True, autoincrement=True),
        Column("record_id", Integer, ForeignKey("records.record_id"), nullable=False),
        Column("approved_by", Text, nullable=False),
        Column("approved_at", DateTime(timezone=True), nullable=False),
        Column("note", Text, nullable=False),
        sqlite_autoincrement=True,
    )
    meta.create_all(connection)
    connection.execute(text("CREATE INDEX ix_approvals_record_id ON approvals (record_id)"))


def _v2_checksums_and_guards(connection: Connection) -> None:
    """A SHA-256 and the service's name as saved on every record; records and approvals append-only."""
    connection.execute(
        text("ALTER TABLE records ADD COLUMN sha256 VARCHAR(64) NOT NULL DEFAULT ''")
    )
    connection.execute(text("ALTER TABLE records ADD COLUMN service_name TEXT NOT NULL DEFAULT ''"))
    connection.execute(text("CREATE INDEX ix_records_next_review ON records (next_review)"))
    recs = table(
        "records", column("record_id"), column("service_id"), column("document"),
        column("sha256"), column("service_name"),
    )  # fmt: skip
    svcs = table("services", column("service_id"), column("name"))
    name = select(svcs.c.name).where(svcs.c.service_id == recs.c.service_id).scalar_subquery()
    connection.execute(update(recs).values(service_name=name))
    for record_id in connection.execute(select(recs.c.record_id)).scalars().all():
        document = connection.execute(
            select(recs.c.document).where(recs.c.record_id == record_id)
        ).scalar_one()
        connection.execute(
            update(recs).where(recs.c.record_id == record_id).values(sha256=sha256_hex(document))
        )
    for statement in _append_only_guards(connection.dialect.name):
        connection.execute(text(statement))


def _v3_compliance(connection: Connection) -> None:
    """Deletion log, compliance reviews and duty tasks done (all append-only); a version may be
    deleted only once its deletion is logged (the store logs it only when the retention rule allows)."""
    from osa_toolkit.store.compliance_schema import v3_guards, v3_tables

    v3_tables().create_all(connection)
    for statement in v3_guards(connection.dialect.name):
        connection.execute(text(statement))


def _append_only_guards(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER {name}_append_only_{verb.lower()} BEFORE {verb} ON {name} "
            f"BEGIN SELECT RAISE(ABORT, 'osa-toolkit {name} are append-only'); END"
            for name in ("records", "approvals")
            for verb in ("UPDATE", "DELETE")
        ]
    statements = [
        "CREATE FUNCTION osa_toolkit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION USING MESSAGE = 'osa-toolkit ' || TG_TABLE_NAME || "
        "' are append-only: ' || TG_OP || ' is not allowed'; END $$"
    ]
    for table_name in ("records", "approvals"):
        statements += [
            f"CREATE TRIGGER {table_name}_append_only BEFORE UPDATE OR DELETE ON {table_name} "
            "FOR EACH ROW EXECUTE FUNCTION osa_toolkit_append_only()",
            f"CREATE TRIGGER {table_name}_no_truncate BEFORE TRUNCATE ON {table_name} "
            "FOR EACH STATEMENT EXECUTE FUNCTION osa_toolkit_append_only()",
        ]
    return statements


def _v4_overview_columns(connection: Connection) -> None:
    """Author, status, level summary and the version a save was based on, beside each document
    (filled in for the versions already saved), so lists and overviews need no documents."""
    from osa_toolkit.store.summary import summary_columns

    for statement in (
        "ALTER TABLE records ADD COLUMN author TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE records ADD COLUMN status VARCHAR(32) NOT NULL DEFAULT ''",
        "ALTER TABLE records ADD COLUMN level_summary TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE records ADD COLUMN based_on INTEGER",
    ):
        connection.execute(text(statement))
    recs = table(
        "records", column("record_id"), column("kind"), column("document"), column("author"),
        column("status"), column("level_summary"),
    )  # fmt: skip
    ids = connection.execute(select(recs.c.record_id)).scalars().all()
    if not ids:
        return
    # the append-only guard refuses UPDATE: lift it for this one backfill, inside the migration's
    # transaction (a failure rolls the whole migration back, guard included)
    dialect = connection.dialect.name
    if dialect == "sqlite":
        connection.execute(text("DROP TRIGGER records_append_only_update"))
    else:
        connection.execute(text("ALTER TABLE records DISABLE TRIGGER records_append_only"))
    for record_id in ids:
        kind, document = connection.execute(
            select(recs.c.kind, recs.c.document).where(recs.c.record_id == record_id)
        ).one()
        try:
            parsed = json.loads(document)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            connection.execute(
                update(recs)
                .where(recs.c.record_id == record_id)
                .values(**summary_columns(kind, parsed))
            )
    if dialect == "sqlite":
        connection.execute(text(_append_only_guards("sqlite")[0]))
    else:
        connection.execute(text("ALTER TABLE records ENABLE TRIGGER records_append_only"))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "services, records and approvals", _v1_tables),
    Migration(2, "checksums, service names as saved, append-only guards", _v2_checksums_and_guards),
    Migration(3, "deletions kept, compliance reviews, duty tasks done", _v3_compliance),
    Migration(
        4, "author, status, level summary and base version of each record", _v4_overview_columns
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].number
"""The schema version this osa-toolkit writes."""


def current_version(connection: Connection) -> int:
    """The highest migration applied to the database (0 for an empty database)."""
    if not inspect(connection).has_table("schema_version"):
        return 0
    return connection.execute(select(func.max(schema_version.c.version))).scalar() or 0


def migrate(engine: Engine, location: str) -> int:
    """Bring the store up to :data:`SCHEMA_VERSION`; return the version it was at before."""
    with transaction(engine, write=False) as connection:
        # Unlocked look: another process may be creating the tables right now, so tables
        # without a version row are judged only under the lock below.
        found = _checked_version(connection, location, judge_foreign=False)
    if found == SCHEMA_VERSION:
        return found
    with transaction(engine, write=True) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(_PG_MIGRATION_LOCK)))
        found = _checked_version(connection, location)
        if found == 0:
            schema_version.create(connection)
        for migration in MIGRATIONS[found:]:
            migration.apply(connection)
            connection.execute(
                insert(schema_version).values(
                    version=migration.number,
                    applied_at=datetime.now(UTC),
                    description=migration.description,
                )
            )
    return found


def _checked_version(connection: Connection, location: str, judge_foreign: bool = True) -> int:
    found = current_version(connection)
    if found > SCHEMA_VERSION:
        raise StoreError(
            f"Could not open the record store {location} because it has schema version {found} "
            f"and this osa-toolkit knows only up to {SCHEMA_VERSION}; upgrade osa-toolkit to open it."
        )
    if found == 0 and judge_foreign:
        theirs = sorted(set(inspect(connection).get_table_names()) & set(STORE_TABLES))
        if theirs:
            raise StoreError(
                f"Could not open the record store {location} because it already holds tables "
                f"({', '.join(theirs)}) that osa-toolkit did not make; choose an empty database "
                "or a new file."
            )
    return found
