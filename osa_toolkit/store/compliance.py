"""The records Ofcom's record-keeping guidance expects beside the assessments themselves.

* Deleting a superseded version: allowed only once it has been kept three years after it was
  replaced (:mod:`osa_toolkit.core.compliance.retention` decides); every deletion is logged first.
* The regular compliance review (s.23(6)): its own dated entry, distinct from the 12-month review of
  each risk assessment that the records carry.
* Duty tasks done: who did a task and on which day.

All three tables are append-only, like the records. The functions take the
:class:`~osa_toolkit.store.store.RecordStore` and are reached through its methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select

from osa_toolkit.core.compliance.retention import KIND_NAMES, deletion_refusal
from osa_toolkit.core.errors import StoreError
from osa_toolkit.store.records import (
    check_date,
    check_record_id,
    check_service_id,
    check_text,
)
from osa_toolkit.store.schema import approvals, compliance_reviews, deletions, duty_tasks, records

if TYPE_CHECKING:
    from osa_toolkit.store.store import RecordStore

MAX_ID_LENGTH = 64


@dataclass(frozen=True)
class Deletion:
    record_id: int
    service_id: str
    kind: str
    version: int
    sha256: str
    deleted_at: datetime
    deleted_by: str
    reason: str


@dataclass(frozen=True)
class ComplianceReview:
    review_id: int
    service_id: str
    reviewed_on: date
    reviewed_by: str
    findings: str
    next_review: date | None
    recorded_at: datetime


@dataclass(frozen=True)
class DutyDone:
    entry_id: int
    service_id: str
    duty_id: str
    done_on: date
    done_by: str
    note: str
    recorded_at: datetime


def delete_version(store: RecordStore, record_id: int, deleted_by: str, reason: str) -> Deletion:
    check_record_id(record_id)
    check_text("deleted_by", deleted_by)
    check_text("reason", reason)
    now = store.now()
    with store._writing(f"delete record {record_id} from") as connection:
        row = connection.execute(
            select(records.c.service_id, records.c.kind, records.c.version, records.c.sha256).where(
                records.c.record_id == record_id
            )
        ).one_or_none()
        if row is None:
            raise StoreError(
                f"The record store {store.location} has no record {record_id}; list the service's "
                "versions to find the one you mean."
            )
        same = (records.c.service_id == row.service_id) & (records.c.kind == row.kind)
        latest = connection.execute(select(func.max(records.c.version)).where(same)).scalar_one()
        superseded_at = connection.execute(
            select(func.min(records.c.created_at)).where(same, records.c.version > row.version)
        ).scalar_one()
        if isinstance(superseded_at, str):  # SQLite hands back text from an aggregate
            superseded_at = datetime.fromisoformat(superseded_at)
        if superseded_at is not None and superseded_at.tzinfo is None:
            superseded_at = superseded_at.replace(tzinfo=now.tzinfo)
        refusal = deletion_refusal(row.version, latest, superseded_at, now)
        if refusal is not None:
            what = KIND_NAMES.get(row.kind, "record")
            raise StoreError(f"Record {record_id}, the {what} of {row.service_id!r}: {refusal}")
        values = {
            "record_id": record_id,
            "service_id": row.service_id,
            "kind": row.kind,
            "version": row.version,
            "sha256": row.sha256,
            "deleted_at": now,
            "deleted_by": deleted_by,
            "reason": reason,
        }
        connection.execute(insert(deletions).values(**values))
        connection.execute(delete(approvals).where(approvals.c.record_id == record_id))
        connection.execute(delete(records).where(records.c.record_id == record_id))
    return Deletion(**values)


def list_deletions(store: RecordStore, service_id: str) -> list[Deletion]:
    check_service_id(service_id)
    query = (
        select(deletions)
        .where(deletions.c.service_id == service_id)
        .order_by(deletions.c.deletion_id)
    )
    with store._reading(f"list the deletions of {service_id!r} in") as connection:
        rows = connection.execute(query).all()
    return [
        Deletion(
            r.record_id, r.service_id, r.kind, r.version, r.sha256, r.deleted_at, r.deleted_by,
            r.reason,
        )
        for r in rows
    ]  # fmt: skip


def add_compliance_review(
    store: RecordStore,
    service_id: str,
    reviewed_on: date,
    reviewed_by: str,
    findings: str,
    next_review: date | None,
) -> ComplianceReview:
    check_service_id(service_id)
    check_date("reviewed_on", reviewed_on)
    check_text("reviewed_by", reviewed_by)
    check_text("findings", findings)
    check_date("next_review", next_review, optional=True)
    if next_review is not None and next_review <= reviewed_on:
        raise StoreError(
            f"The next compliance review ({next_review.isoformat()}) must come after this one "
            f"({reviewed_on.isoformat()}); nothing was saved."
        )
    values = {
        "service_id": service_id,
        "reviewed_on": reviewed_on,
        "reviewed_by": reviewed_by,
        "findings": findings,
        "next_review": next_review,
        "recorded_at": store.now(),
    }
    with store._writing(f"save a compliance review of {service_id!r} to") as connection:
        result = connection.execute(insert(compliance_reviews).values(**values))
        review_id = result.inserted_primary_key[0]
    return ComplianceReview(review_id=review_id, **values)


def list_compliance_reviews(store: RecordStore, service_id: str) -> list[ComplianceReview]:
    check_service_id(service_id)
    query = (
        select(compliance_reviews)
        .where(compliance_reviews.c.service_id == service_id)
        .order_by(compliance_reviews.c.reviewed_on, compliance_reviews.c.review_id)
    )
    with store._reading(f"list the compliance reviews of {service_id!r} in") as connection:
        rows = connection.execute(query).all()
    return [
        ComplianceReview(
            r.review_id, r.service_id, r.reviewed_on, r.reviewed_by, r.findings, r.next_review,
            r.recorded_at,
        )
        for r in rows
    ]  # fmt: skip


def mark_duty_done(
    store: RecordStore, service_id: str, duty_id: str, done_by: str, done_on: date, note: str
) -> DutyDone:
    check_service_id(service_id)
    check_text("duty_id", duty_id, max_length=MAX_ID_LENGTH)
    check_text("done_by", done_by)
    check_date("done_on", done_on)
    check_text("note", note, required=False)
    values = {
        "service_id": service_id,
        "duty_id": duty_id,
        "done_on": done_on,
        "done_by": done_by,
        "note": note,
        "recorded_at": store.now(),
    }
    with store._writing(f"record a duty task of {service_id!r} as done in") as connection:
        result = connection.execute(insert(duty_tasks).values(**values))
        entry_id = result.inserted_primary_key[0]
    return DutyDone(entry_id=entry_id, **values)


def list_duties_done(store: RecordStore, service_id: str) -> list[DutyDone]:
    check_service_id(service_id)
    query = (
        select(duty_tasks)
        .where(duty_tasks.c.service_id == service_id)
        .order_by(duty_tasks.c.entry_id)
    )
    with store._reading(f"list the duty tasks done of {service_id!r} in") as connection:
        rows = connection.execute(query).all()
    return [
        DutyDone(r.entry_id, r.service_id, r.duty_id, r.done_on, r.done_by, r.note, r.recorded_at)
        for r in rows
    ]
