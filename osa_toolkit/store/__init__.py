"""Persistence of assessment records: append-only versions, approvals and review dates.

SQLite by default (``records.sqlite3`` in the user's data folder, or a path the user gives), or a
PostgreSQL database for teams (``postgresql://user@host/db``), through SQLAlchemy Core. The store keeps
each record as a JSON document and does not import the record model.

>>> from osa_toolkit.store import RECORD_KINDS
>>> RECORD_KINDS
('illegal_content', 'childrens_access', 'childrens_risk', 'age_assurance')
"""

from osa_toolkit.store.migrations import SCHEMA_VERSION
from osa_toolkit.store.records import (
    RECORD_KINDS,
    Approval,
    ServiceSummary,
    StoredVersion,
    VersionInfo,
)
from osa_toolkit.store.store import RecordStore, StaleVersionError, open_store

__all__ = [
    "RECORD_KINDS",
    "SCHEMA_VERSION",
    "Approval",
    "RecordStore",
    "ServiceSummary",
    "StaleVersionError",
    "StoredVersion",
    "VersionInfo",
    "open_store",
]
