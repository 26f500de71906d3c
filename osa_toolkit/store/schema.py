"""The tables of the record store as the current schema has them (SQLAlchemy Core, no ORM).

The tables are made and changed only by the numbered migrations in :mod:`.migrations`; this module
describes the result so that queries can be written against it. A test checks that a fresh store and a
migrated old store both end up with exactly these columns.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps it as naive UTC text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs a timezone-aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", UTCDateTime, nullable=False),
    Column("description", Text, nullable=False),
)

services = Table(
    "services",
    metadata,
    Column("service_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

records = Table(
    "records",
    metadata,
    Column("record_id", Integer, primary_key=True, autoincrement=True),
    Column("service_id", String(64), ForeignKey("services.service_id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("edition", String(32), nullable=False),
    Column("toolkit_version", String(32), nullable=False),
    Column("next_review", Date, nullable=True),
    Column("note", Text, nullable=False),
    Column("document", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("service_name", Text, nullable=False),
    Column("author", Text, nullable=False, server_default=""),
    Column("status", String(32), nullable=False, server_default=""),
    Column("level_summary", Text, nullable=False, server_default=""),
    Column("based_on", Integer, nullable=True),
    UniqueConstraint("service_id", "kind", "version", name="uq_records_version"),
    Index("ix_records_next_review", "next_review"),
    sqlite_autoincrement=True,
)

approvals = Table(
    "approvals",
    metadata,
    Column("approval_id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", Integer, ForeignKey("records.record_id"), nullable=False),
    Column("approved_by", Text, nullable=False),
    Column("approved_at", UTCDateTime, nullable=False),
    Column("note", Text, nullable=False),
    Index("ix_approvals_record_id", "record_id"),
    sqlite_autoincrement=True,
)

deletions = Table(
    "deletions",
    metadata,
    Column("deletion_id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", Integer, nullable=False, unique=True),
    Column("service_id", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("deleted_at", UTCDateTime, nullable=False),
    Column("deleted_by", Text, nullable=False),
    Column("reason", Text, nullable=False),
    sqlite_autoincrement=True,
)
"""Every deleted version: which, when, by whom and why (a version may go only once logged here)."""

compliance_reviews = Table(
    "compliance_reviews",
    metadata,
    Column("review_id", Integer, primary_key=True, autoincrement=True),
    Column("service_id", String(64), nullable=False),
    Column("reviewed_on", Date, nullable=False),
    Column("reviewed_by", Text, nullable=False),
    Column("findings", Text, nullable=False),
    Column("next_review", Date, nullable=True),
    Column("recorded_at", UTCDateTime, nullable=False),
    Index("ix_compliance_reviews_service", "service_id"),
    sqlite_autoincrement=True,
)
"""The regular compliance reviews (s.23(6)), each its own dated entry."""

duty_tasks = Table(
    "duty_tasks",
    metadata,
    Column("entry_id", Integer, primary_key=True, autoincrement=True),
    Column("service_id", String(64), nullable=False),
    Column("duty_id", String(64), nullable=False),
    Column("done_on", Date, nullable=False),
    Column("done_by", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Index("ix_duty_tasks_service", "service_id"),
    sqlite_autoincrement=True,
)
"""Duty tasks marked done: which duty, who, on which day."""

STORE_TABLES: tuple[str, ...] = ("services", "records", "approvals")
"""The tables whose presence without ``schema_version`` means a database is not ours."""
