"""The SELECTs the store runs, and the turning of a row back into a checked :class:`StoredVersion`."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.engine import Row
from sqlalchemy.sql import Subquery

from osa_toolkit.core.errors import StoreError
from osa_toolkit.store.records import StoredVersion, VersionInfo, sha256_hex
from osa_toolkit.store.schema import approvals, records
from osa_toolkit.store.summary import read_level_summary


def latest_versions() -> Subquery:
    """(service_id, kind, version) of the newest version of each record."""
    return (
        select(records.c.service_id, records.c.kind, func.max(records.c.version).label("version"))
        .group_by(records.c.service_id, records.c.kind)
        .subquery("latest")
    )


def versions() -> Select[Any]:
    """Every column of ``records`` plus who approved each version last, and when."""
    last = (
        select(approvals.c.record_id, func.max(approvals.c.approval_id).label("approval_id"))
        .group_by(approvals.c.record_id)
        .subquery("last_approval")
    )
    approval = approvals.alias("approval")
    joined = records.outerjoin(last, last.c.record_id == records.c.record_id).outerjoin(
        approval, approval.c.approval_id == last.c.approval_id
    )
    return select(records, approval.c.approved_by, approval.c.approved_at).select_from(joined)


def latest_only(query: Select[Any]) -> Select[Any]:
    """Narrow a :func:`versions` query to the newest version of each record."""
    latest = latest_versions()
    return query.join(
        latest,
        and_(
            latest.c.service_id == records.c.service_id,
            latest.c.kind == records.c.kind,
            latest.c.version == records.c.version,
        ),
    )


def to_version(row: Row[Any], location: str) -> StoredVersion:
    """Build a :class:`StoredVersion`, refusing a document that no longer matches its checksum."""
    document = _checked_document(row, location)
    info = to_info(row)
    return StoredVersion(
        **{f.name: getattr(info, f.name) for f in fields(info)},
        document=document,
        sha256=row.sha256,
    )


def infos() -> Select[Any]:
    """Like :func:`versions`, without the document (for lists that do not need it)."""
    full = versions()
    wanted = [c for c in full.selected_columns if c.name not in ("document", "sha256")]
    return full.with_only_columns(*wanted)


def to_info(row: Row[Any]) -> VersionInfo:
    """A :class:`VersionInfo` from a row of :func:`infos`."""
    return VersionInfo(
        service_id=row.service_id,
        kind=row.kind,
        version=row.version,
        record_id=row.record_id,
        created_at=row.created_at,
        edition=row.edition,
        service_name=row.service_name,
        toolkit_version=row.toolkit_version,
        approved_by=row.approved_by,
        approved_at=row.approved_at,
        next_review=row.next_review,
        note=row.note,
        author=row.author,
        status=row.status,
        level_summary=read_level_summary(row.level_summary),
        based_on=row.based_on,
    )


def _checked_document(row: Row[Any], location: str) -> dict[str, Any]:
    damaged = (
        f"Record {row.record_id} (version {row.version} of the {row.kind} record of "
        f"{row.service_id!r}) in the record store {location} is damaged"
    )
    if sha256_hex(row.document) != row.sha256:
        raise StoreError(
            f"{damaged}: its document no longer matches the SHA-256 checksum taken when it was "
            "saved; restore the store from a backup or save that assessment again."
        )
    try:
        document = json.loads(row.document)
    except ValueError as exc:
        raise StoreError(
            f"{damaged}: its document is not valid JSON; restore the store from a backup."
        ) from exc
    if not isinstance(document, dict):
        raise StoreError(
            f"{damaged}: its document is not a JSON object; restore the store from a backup."
        )
    return document
