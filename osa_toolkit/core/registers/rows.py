"""Register records: read-only facts from ``osa_toolkit/data/registers/<edition>/`` as frozen dataclasses.

These are the *authored* side (what Ofcom and the Act say); the user's answers live in
:mod:`osa_toolkit.core.profile`. The two are never mixed: user records refer to register ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from osa_toolkit.core.conditions import Condition


@dataclass(frozen=True)
class Cited:
    """Every register row says where its fact comes from and how sure we are."""

    source: str
    confidence: str
    quoted_from: str | None = field(default=None, kw_only=True)
    """For ``ofcom_quoted`` rows: the Ofcom document whose words ``source`` quotes."""


@dataclass(frozen=True)
class Harm(Cited):
    id: str
    name: str
    kind_number: str
    parent: str | None
    counts_for_multi_risk: bool
    priority: bool
    mechanism: Condition
    description: str
    counts_as: str | None = None

    @property
    def multi_risk_kind(self) -> str:
        """The kind this harm counts as towards multi-risk (the CSEA sub-kinds count as one)."""
        return self.counts_as or self.id


@dataclass(frozen=True)
class RiskFactor(Cited):
    id: str
    service: str
    question: str
    name: str
    help: str
    present_when: Condition


@dataclass(frozen=True)
class FactorHarmLink(Cited):
    factor: str
    harm: str
    basis: str


@dataclass(frozen=True)
class HarmRule(Cited):
    harm: str
    rule: str
    level: str
    when: Condition
    explanation: str


@dataclass(frozen=True)
class Measure(Cited):
    id: str
    code: str
    area: str
    title: str
    applies_when: Condition
    optional: bool
    duties: str | None
    in_force: dt.date | None
    description: str


@dataclass(frozen=True)
class ChildrenContent(Cited):
    id: str
    category: str
    name: str
    description: str


@dataclass(frozen=True)
class AgeGroup(Cited):
    id: str
    label: str
    min_age: int
    max_age: int


@dataclass(frozen=True)
class AgeAssuranceMethod(Cited):
    id: str
    name: str
    capable_of_heaa: bool
    explanation: str


@dataclass(frozen=True)
class Exemption(Cited):
    id: str
    provision: str
    name: str
    description: str


@dataclass(frozen=True)
class KeyDate(Cited):
    id: str
    date: dt.date
    kind: str
    title: str
    applies_when: Condition
    new_service_months: int | None
    duty: str | None
    new_service_from: dt.date | None = None
    """A service that started after this date (the guidance date) has ``new_service_months`` from
    its start; one that started on or before it has until ``date``."""


@dataclass(frozen=True)
class Thresholds(Cited):
    large_service_users: int
    hash_matching_users: int
    category_1_users: int
    category_1_users_with_forwarding: int


@dataclass(frozen=True)
class CoverageNote:
    """What of one Code the toolkit models and what it does not, and where to read the Code."""

    code: str
    modelled: str
    not_modelled: str
    read_at: str
    confidence: str

    @property
    def source(self) -> str:
        return self.read_at

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "modelled": self.modelled,
            "not_modelled": self.not_modelled,
            "read_at": self.read_at,
        }


@dataclass(frozen=True)
class Edition:
    id: str
    title: str
    published: dt.date
    priority_kinds: int
    notes: str
    thresholds: Thresholds
    in_force_from: dt.date | None = None
    """The day from which this edition is the one in force (default: ``published``)."""
    coverage: tuple[CoverageNote, ...] = ()
    """Per Code, what the registers leave out (``[[coverage]]`` in ``edition.toml``)."""

    @property
    def in_force(self) -> dt.date:
        return self.in_force_from or self.published
