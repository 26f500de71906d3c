"""The record store: append-only versions of each service's written assessment records.

Every save is one transaction that adds one row; nothing is ever updated, and nothing is deleted
except a superseded version kept at least three years, whose deletion is logged first (the database
refuses anything else with triggers; see :mod:`.compliance`). Savers of the same record queue: SQLite's ``BEGIN IMMEDIATE`` takes the write
lock first, and on PostgreSQL the save updates the service's row first, which locks it until commit.
A save that still collides with another (two first saves of a new service) is retried whole.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from osa_toolkit.core.errors import StoreError, invalid
from osa_toolkit.store import backend, compliance, queries
from osa_toolkit.store.migrations import migrate
from osa_toolkit.store.records import (
    Approval,
    ServiceSummary,
    StoredVersion,
    VersionInfo,
    canonical_json,
    check_date,
    check_kind,
    check_record_id,
    check_service_id,
    check_text,
    sha256_hex,
)
from osa_toolkit.store.schema import approvals, records, services
from osa_toolkit.store.summary import read_level_summary, summary_columns

SAVE_ATTEMPTS = 5


def open_store(
    url_or_path: str | os.PathLike[str] | None = None,
    *,
    create: bool = True,
    clock: Callable[[], datetime] | None = None,
) -> RecordStore:
    """Open (creating and migrating as needed) the record store at ``url_or_path``.

    ``None`` means ``records.sqlite3`` in the user's data folder; a path or ``sqlite:///`` URL means
    that SQLite file (its folders are created); a ``postgresql://`` URL means that PostgreSQL database.
    ``clock`` (tests only) gives the timezone-aware "now" the store stamps saves, approvals and
    deletions with, and judges the retention of superseded versions by.
    With ``create=False`` (for commands that only read) a SQLite file that does not exist or is
    empty is refused rather than made into a new store.

    >>> import tempfile, pathlib
    >>> folder = tempfile.TemporaryDirectory()
    >>> store = open_store(pathlib.Path(folder.name) / "records.sqlite3")
    >>> saved = store.save("my-forum", "illegal_content", {"risks": {"terrorism": "low"}},
    ...                    service_name="My Forum", edition="2026-06", toolkit_version="0.1.0")
    >>> saved.version, store.load(saved.record_id).document
    (1, {'risks': {'terrorism': 'low'}})
    >>> store.close(); folder.cleanup()
    """
    url, location = backend.resolve(url_or_path, create)
    engine = backend.create(url)
    try:
        with backend.errors(location, "open"):
            migrate(engine, location)
    except BaseException:
        engine.dispose()
        raise
    return RecordStore(engine, location, clock=clock)


class RecordStore:
    """A store of assessment records; get one with :func:`open_store`."""

    def __init__(
        self, engine: Engine, location: str, clock: Callable[[], datetime] | None = None
    ) -> None:
        self._engine = engine
        self._location = location
        self._clock = clock or (lambda: datetime.now(UTC))

    def now(self) -> datetime:
        """The store's clock: the time it stamps on what it saves (UTC)."""
        return self._clock().astimezone(UTC)

    @property
    def location(self) -> str:
        """The file path or URL (password hidden) of the store, as shown in messages."""
        return self._location

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for tests and tools; write through the methods, never directly."""
        return self._engine

    def __repr__(self) -> str:
        return f"RecordStore({self._location!r})"

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the store's connections (it may be used again; connections reopen as needed)."""
        self._engine.dispose()

    def save(
        self,
        service_id: str,
        kind: str,
        document: dict[str, Any],
        *,
        service_name: str,
        edition: str,
        toolkit_version: str,
        next_review: date | None = None,
        note: str = "",
        expected_version: int | None = None,
        save_anyway: bool = False,
    ) -> StoredVersion:
        """Save ``document`` as the next version of ``kind`` for ``service_id``; return what was saved.

        Nothing already saved is changed. The returned ``document`` is the stored JSON read back
        (tuples become lists), equal to what :meth:`load` returns later.

        ``expected_version`` is the version the person saving had open (0: none saved yet). If
        another version was saved since, the save is refused with :class:`StaleVersionError`
        (which names the newer version, who saved it and when), checked inside the same
        transaction as the insert, so two sessions cannot both pass the check. With
        ``save_anyway=True`` it is saved as the next version all the same, and ``based_on``
        records the version it was made from, so the conflict stays visible.
        """
        check_service_id(service_id)
        check_kind(kind)
        check_text("service_name", service_name)
        check_text("edition", edition, max_length=32)
        check_text("toolkit_version", toolkit_version, max_length=32)
        check_date("next_review", next_review, optional=True)
        check_text("note", note, required=False)
        if expected_version is not None and (
            not isinstance(expected_version, int)
            or isinstance(expected_version, bool)
            or not 0 <= expected_version < 2**63
        ):
            raise invalid(
                "expected_version", "a version number (0 or more) or None", expected_version
            )
        text = canonical_json(document)
        row = {
            "service_id": service_id,
            "kind": kind,
            "edition": edition,
            "toolkit_version": toolkit_version,
            "next_review": next_review,
            "note": note,
            "document": text,
            "sha256": sha256_hex(text),
            "service_name": service_name,
            "based_on": expected_version,
            **summary_columns(kind, document),
        }
        operation = f"save the {kind} record of {service_id!r} to"
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            with backend.errors(self._location, operation):
                try:
                    with backend.transaction(self._engine, write=True) as connection:
                        saved = _append(connection, {**row, CHECK_STALE: not save_anyway}, self.now)
                    return _as_saved(saved)
                except DBAPIError as exc:
                    if not backend.is_conflict(exc):
                        raise
            time.sleep(random.uniform(0.005, 0.05) * attempt)
        raise StoreError(
            f"Could not {operation} the record store {self._location} because other programs kept "
            f"saving the same record at the same moment ({SAVE_ATTEMPTS} tries); nothing already "
            "saved was lost, so save again."
        )

    def save_record(
        self,
        kind: str,
        record: Any,
        document: dict[str, Any],
        *,
        expected_version: int | None = None,
        save_anyway: bool = False,
    ) -> StoredVersion:
        """Save an assessment record's ``document`` with the metadata the record carries (service
        id and name, edition, toolkit version, next review, reason for review as the note).

        ``record`` is any of the toolkit's record models (read by attribute, so the store does not
        import them). ``expected_version`` and ``save_anyway`` as for :meth:`save`."""
        return self.save(
            record.service_id,
            kind,
            document,
            service_name=record.service_name,
            edition=record.edition,
            toolkit_version=record.toolkit_version,
            next_review=record.governance.next_review,
            note=record.governance.reason_for_review,
            expected_version=expected_version,
            save_anyway=save_anyway,
        )

    def list_services(self) -> list[ServiceSummary]:
        """Every service with a saved record, by ``service_id``."""
        latest = queries.latest_versions()
        query = (
            select(
                services,
                records.c.kind,
                records.c.version,
                records.c.created_at.label("saved_at"),
                records.c.next_review,
            )
            .join(latest, latest.c.service_id == services.c.service_id)
            .join(
                records,
                (records.c.service_id == latest.c.service_id)
                & (records.c.kind == latest.c.kind)
                & (records.c.version == latest.c.version),
            )
            .order_by(services.c.service_id, records.c.kind)
        )
        with self._reading("list the services in") as connection:
            rows = connection.execute(query).all()
        return _summaries(rows)

    def list_versions(self, service_id: str, kind: str | None = None) -> list[StoredVersion]:
        """Every saved version of a service's records (of one ``kind`` if given), oldest first."""
        check_service_id(service_id)
        query = queries.versions().where(records.c.service_id == service_id)
        if kind is not None:
            query = query.where(records.c.kind == check_kind(kind))
        query = query.order_by(records.c.kind, records.c.version)
        with self._reading(f"list the versions of {service_id!r} in") as connection:
            rows = connection.execute(query).all()
        return [queries.to_version(row, self._location) for row in rows]

    def version_infos(
        self, service_id: str | None = None, kind: str | None = None
    ) -> list[VersionInfo]:
        """Every saved version (of one service, of one ``kind``, if given) without documents: the
        metadata and the overview columns (author, status, level summary), by service, kind and
        version. Reads no document, so it stays fast on a store of large records."""
        query = queries.infos()
        if service_id is not None:
            query = query.where(records.c.service_id == check_service_id(service_id))
        if kind is not None:
            query = query.where(records.c.kind == check_kind(kind))
        query = query.order_by(records.c.service_id, records.c.kind, records.c.version)
        with self._reading("list the saved versions in") as connection:
            rows = connection.execute(query).all()
        return [queries.to_info(row) for row in rows]

    def load(self, record_id: int) -> StoredVersion:
        """The saved version with this ``record_id`` (its checksum verified)."""
        check_record_id(record_id)
        query = queries.versions().where(records.c.record_id == record_id)
        with self._reading(f"load record {record_id} from") as connection:
            row = connection.execute(query).one_or_none()
        if row is None:
            raise StoreError(
                f"The record store {self._location} has no record {record_id}; list the service's "
                "versions to find the record you want."
            )
        return queries.to_version(row, self._location)

    def latest(self, service_id: str, kind: str) -> StoredVersion | None:
        """The newest version of ``kind`` for ``service_id``, or None if none was saved."""
        check_service_id(service_id)
        check_kind(kind)
        query = (
            queries.versions()
            .where(records.c.service_id == service_id, records.c.kind == kind)
            .order_by(records.c.version.desc())
            .limit(1)
        )
        with self._reading(f"load the latest {kind} record of {service_id!r} from") as connection:
            row = connection.execute(query).one_or_none()
        return None if row is None else queries.to_version(row, self._location)

    def latest_of_kind(self, kind: str) -> dict[str, StoredVersion]:
        """The newest version of ``kind`` for every service that has one, in one query (for
        portfolios of many services)."""
        check_kind(kind)
        query = (
            queries.latest_only(queries.versions())
            .where(records.c.kind == kind)
            .order_by(records.c.service_id)
        )
        with self._reading(f"list the latest {kind} records in") as connection:
            rows = connection.execute(query).all()
        return {row.service_id: queries.to_version(row, self._location) for row in rows}

    def approve(self, record_id: int, approved_by: str, note: str = "") -> StoredVersion:
        """Record that ``approved_by`` signed off this version; the version itself is not changed."""
        check_record_id(record_id)
        check_text("approved_by", approved_by)
        check_text("note", note, required=False)
        with self._writing(f"approve record {record_id} in") as connection:
            found = connection.execute(
                select(records.c.record_id).where(records.c.record_id == record_id)
            ).one_or_none()
            if found is None:
                raise StoreError(
                    f"Could not approve record {record_id} in the record store {self._location} "
                    "because there is no such record; list the service's versions to find it."
                )
            connection.execute(
                insert(approvals).values(
                    record_id=record_id,
                    approved_by=approved_by,
                    approved_at=self.now(),
                    note=note,
                )
            )
        return self.load(record_id)

    def approvals(self, record_id: int) -> list[Approval]:
        """Every approval of this version, oldest first."""
        check_record_id(record_id)
        query = (
            select(approvals)
            .where(approvals.c.record_id == record_id)
            .order_by(approvals.c.approval_id)
        )
        with self._reading(f"list the approvals of record {record_id} in") as connection:
            rows = connection.execute(query).all()
        return [Approval(r.record_id, r.approved_by, r.approved_at, r.note) for r in rows]

    def reviews_due(self, on_or_before: date) -> list[StoredVersion]:
        """The latest version of each record whose next review is on or before ``on_or_before``."""
        check_date("on_or_before", on_or_before)
        query = (
            queries.latest_only(queries.versions())
            .where(records.c.next_review.is_not(None), records.c.next_review <= on_or_before)
            .order_by(records.c.next_review, records.c.service_id, records.c.kind)
        )
        with self._reading(f"list the reviews due by {on_or_before} in") as connection:
            rows = connection.execute(query).all()
        return [queries.to_version(row, self._location) for row in rows]

    def export_json(self, record_id: int) -> str:
        """One saved version as a self-describing, human-readable JSON text (for archiving)."""
        saved = self.load(record_id)
        exported = {
            "format": "osa-toolkit-record",
            "format_version": 1,
            **{key: _jsonable(value) for key, value in vars(saved).items()},
        }
        return json.dumps(exported, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    # ------------------------------------------------------------------ record keeping (s.23)
    def delete_version(self, record_id: int, deleted_by: str, reason: str) -> compliance.Deletion:
        """Delete a superseded version kept for at least three years, logging who, when and why;
        refused with one sentence (a :class:`StoreError`) for the current version or a younger one."""
        return compliance.delete_version(self, record_id, deleted_by, reason)

    def deletions(self, service_id: str) -> list[compliance.Deletion]:
        """Every version of the service's records that was deleted, oldest deletion first."""
        return compliance.list_deletions(self, service_id)

    def add_compliance_review(
        self,
        service_id: str,
        reviewed_on: date,
        reviewed_by: str,
        findings: str,
        next_review: date | None = None,
    ) -> compliance.ComplianceReview:
        """Record a regular compliance review (s.23(6)) as its own dated entry."""
        return compliance.add_compliance_review(
            self, service_id, reviewed_on, reviewed_by, findings, next_review
        )

    def compliance_reviews(self, service_id: str) -> list[compliance.ComplianceReview]:
        """The service's compliance reviews, oldest first."""
        return compliance.list_compliance_reviews(self, service_id)

    def mark_duty_done(
        self, service_id: str, duty_id: str, done_by: str, done_on: date, note: str = ""
    ) -> compliance.DutyDone:
        """Record that a duty task was done: who did it and on which day."""
        return compliance.mark_duty_done(self, service_id, duty_id, done_by, done_on, note)

    def duties_done(self, service_id: str) -> list[compliance.DutyDone]:
        """Every duty task the service marked done, oldest first."""
        return compliance.list_duties_done(self, service_id)

    def _reading(self, operation: str) -> AbstractContextManager[Connection]:
        return self._guarded(operation, write=False)

    def _writing(self, operation: str) -> AbstractContextManager[Connection]:
        return self._guarded(operation, write=True)

    @contextmanager
    def _guarded(self, operation: str, *, write: bool) -> Iterator[Connection]:
        """One transaction whose database errors (commit included) become one StoreError."""
        with (
            backend.errors(self._location, operation),
            backend.transaction(self._engine, write=write) as connection,
        ):
            yield connection


class StaleVersionError(StoreError):
    """A save made on a version older than the latest: someone else saved in between."""

    def __init__(self, message: str, latest: VersionInfo, expected_version: int) -> None:
        super().__init__(message)
        self.latest = latest
        self.expected_version = expected_version


def _stale(connection: Connection, row: dict[str, Any], latest: int) -> StaleVersionError:
    newest = connection.execute(
        queries.infos().where(
            records.c.service_id == row["service_id"],
            records.c.kind == row["kind"],
            records.c.version == latest,
        )
    ).one()
    info = queries.to_info(newest)
    who = f"by {info.author}" if info.author else "by someone who did not give a name"
    opened = (
        f"you opened version {row['based_on']}"
        if row["based_on"]
        else "you started before any version was saved"
    )
    return StaleVersionError(
        f"Not saved: version {info.version} of this record was saved {who} on "
        f"{info.created_at:%d %B %Y at %H:%M} UTC after {opened}. Compare the two, or save anyway "
        f"as version {info.version + 1} (the conflict is recorded); nothing was lost.",
        info,
        row["based_on"],
    )


CHECK_STALE = "_check_stale"


def _append(
    connection: Connection, row: dict[str, Any], clock: Callable[[], datetime]
) -> dict[str, Any]:
    """Insert the next version; the write lock is held (SQLite) or taken by the UPDATE (PostgreSQL).

    With ``row["based_on"]`` set and ``row[CHECK_STALE]`` true, a newer version than that is
    refused here, under the lock, so the check and the insert are one step."""
    row = dict(row)
    check_stale = row.pop(CHECK_STALE, True)
    service_id = row["service_id"]
    renamed = connection.execute(
        update(services).where(services.c.service_id == service_id).values(name=row["service_name"])
    )
    now = clock()  # taken under the lock, so a later version never has an earlier time
    if renamed.rowcount == 0:
        connection.execute(
            insert(services).values(service_id=service_id, name=row["service_name"], created_at=now)
        )
    latest = connection.execute(
        select(func.coalesce(func.max(records.c.version), 0)).where(
            records.c.service_id == service_id, records.c.kind == row["kind"]
        )
    ).scalar_one()
    if check_stale and row.get("based_on") is not None and latest != row["based_on"]:
        raise _stale(connection, row, latest)
    saved = {**row, "version": latest + 1, "created_at": now}
    inserted = connection.execute(insert(records).values(**saved))
    return {**saved, "record_id": inserted.inserted_primary_key[0]}


def _as_saved(saved: dict[str, Any]) -> StoredVersion:
    fields = {
        key: value for key, value in saved.items() if key not in ("document", "level_summary")
    }
    return StoredVersion(
        approved_by=None,
        approved_at=None,
        document=json.loads(saved["document"]),
        level_summary=read_level_summary(saved["level_summary"]),
        **fields,
    )


def _summaries(rows: list[Any]) -> list[ServiceSummary]:
    grouped: dict[str, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.service_id, []).append(row)
    summaries = []
    for service_id, group in grouped.items():
        reviews = [row.next_review for row in group if row.next_review is not None]
        summaries.append(
            ServiceSummary(
                service_id=service_id,
                name=group[0].name,
                created_at=group[0].created_at,
                latest_versions={row.kind: row.version for row in group},
                last_saved=max(row.saved_at for row in group),
                next_review=min(reviews, default=None),
            )
        )
    return summaries


def _jsonable(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value
