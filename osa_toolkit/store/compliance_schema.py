"""Migration 3 of the record store, frozen: the deletion log, compliance reviews and duty tasks done.

Kept apart from :mod:`.migrations` so that module stays short; like every migration it is never edited
once released. :mod:`.schema` describes the resulting tables for queries.

The guards keep the new tables append-only, and replace the blanket "never delete" guard of records
and approvals with one that lets a version (and its approvals) go only after a row for it is in
``deletions``: the store writes that row only when the retention rule allows the deletion, in the same
transaction, so the log of what was deleted, when, by whom and why can never be skipped.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Index, Integer, MetaData, String, Table, Text

NEW_TABLES = ("deletions", "compliance_reviews", "duty_tasks")


def v3_tables() -> MetaData:
    meta = MetaData()  # a frozen copy of the v3 tables; never change it
    Table(
        "deletions",
        meta,
        Column("deletion_id", Integer, primary_key=True, autoincrement=True),
        Column("record_id", Integer, nullable=False, unique=True),
        Column("service_id", String(64), nullable=False),
        Column("kind", String(32), nullable=False),
        Column("version", Integer, nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("deleted_at", DateTime(timezone=True), nullable=False),
        Column("deleted_by", Text, nullable=False),
        Column("reason", Text, nullable=False),
        sqlite_autoincrement=True,
    )
    Table(
        "compliance_reviews",
        meta,
        Column("review_id", Integer, primary_key=True, autoincrement=True),
        Column("service_id", String(64), nullable=False),
        Column("reviewed_on", Date, nullable=False),
        Column("reviewed_by", Text, nullable=False),
        Column("findings", Text, nullable=False),
        Column("next_review", Date, nullable=True),
        Column("recorded_at", DateTime(timezone=True), nullable=False),
        Index("ix_compliance_reviews_service", "service_id"),
        sqlite_autoincrement=True,
    )
    Table(
        "duty_tasks",
        meta,
        Column("entry_id", Integer, primary_key=True, autoincrement=True),
        Column("service_id", String(64), nullable=False),
        Column("duty_id", String(64), nullable=False),
        Column("done_on", Date, nullable=False),
        Column("done_by", Text, nullable=False),
        Column("note", Text, nullable=False),
        Column("recorded_at", DateTime(timezone=True), nullable=False),
        Index("ix_duty_tasks_service", "service_id"),
        sqlite_autoincrement=True,
    )
    return meta


def v3_guards(dialect: str) -> list[str]:
    if dialect == "sqlite":
        statements = []
        for name in ("records", "approvals"):
            statements += [
                f"DROP TRIGGER {name}_append_only_delete",
                f"CREATE TRIGGER {name}_append_only_delete BEFORE DELETE ON {name} "
                "WHEN NOT EXISTS (SELECT 1 FROM deletions WHERE deletions.record_id = OLD.record_id) "
                f"BEGIN SELECT RAISE(ABORT, 'osa-toolkit {name} are append-only'); END",
            ]
        statements += [
            f"CREATE TRIGGER {name}_append_only_{verb.lower()} BEFORE {verb} ON {name} "
            f"BEGIN SELECT RAISE(ABORT, 'osa-toolkit {name} are append-only'); END"
            for name in NEW_TABLES
            for verb in ("UPDATE", "DELETE")
        ]
        return statements
    statements = [
        "CREATE FUNCTION osa_toolkit_logged_delete() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF EXISTS (SELECT 1 FROM deletions WHERE deletions.record_id = OLD.record_id) "
        "THEN RETURN OLD; END IF; RAISE EXCEPTION USING MESSAGE = 'osa-toolkit ' || TG_TABLE_NAME "
        "|| ' are append-only: ' || TG_OP || ' is not allowed'; END $$"
    ]
    for name in ("records", "approvals"):
        statements += [
            f"DROP TRIGGER {name}_append_only ON {name}",
            f"CREATE TRIGGER {name}_append_only BEFORE UPDATE ON {name} "
            "FOR EACH ROW EXECUTE FUNCTION osa_toolkit_append_only()",
            f"CREATE TRIGGER {name}_logged_delete BEFORE DELETE ON {name} "
            "FOR EACH ROW EXECUTE FUNCTION osa_toolkit_logged_delete()",
        ]
    for name in NEW_TABLES:
        statements += [
            f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} "
            "FOR EACH ROW EXECUTE FUNCTION osa_toolkit_append_only()",
            f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name} "
            "FOR EACH STATEMENT EXECUTE FUNCTION osa_toolkit_append_only()",
        ]
    return statements
