"""The register files' columns: their types, which are required, and the record each row becomes.

Read with :mod:`osa_toolkit.core.registers.loading`; documented in ``docs/data-format.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from osa_toolkit.core.conditions import Condition, parse
from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.registers import rows as r
from osa_toolkit.core.vocabulary import (
    CHILDREN_CATEGORIES,
    CONFIDENCE,
    KEY_DATE_KINDS,
    LEVELS,
    MEASURE_CODES,
)

ALL_KINDS = "all_kinds"
"""A ``child_factor_links.csv`` kind meaning every kind of content harmful to children (PPC, PC and
the non-designated kinds a provider names)."""


@dataclass(frozen=True)
class ChildFactorLink(r.Cited):
    """A U2U risk factor linked to a kind of content harmful to children (or to ``all_kinds``)."""

    factor: str
    kind: str
    basis: str


# ----------------------------------------------------------------------------- column types


def _text(v: str) -> str:
    return v


def _bool(v: str) -> bool:
    if v.lower() not in ("true", "false"):
        raise ValueError("must be true or false")
    return v.lower() == "true"


def _int(v: str) -> int:
    if not v.lstrip("-").isdigit() or len(v) > 18:
        raise ValueError("must be a whole number (of at most 18 digits)")
    return int(v)


def _date(v: str) -> dt.date:
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        raise ValueError("must be a date written YYYY-MM-DD") from None


def _url(v: str) -> str:
    if not v.startswith(("https://", "http://")) or " " in v:
        raise ValueError("must be a URL starting with https:// or http://")
    return v


def _one_of(*allowed: str) -> Callable[[str], str]:
    def conv(v: str) -> str:
        if v not in allowed:
            raise ValueError("must be one of " + ", ".join(allowed))
        return v

    return conv


def _slug(v: str) -> str:
    if not v.replace("_", "").replace("-", "").replace(" ", "").isalnum():
        raise ValueError("must be an id made of letters, digits and underscores")
    return v


def _condition(v: str) -> Condition:
    try:
        return parse(v)
    except InvalidInputError as err:
        raise ValueError(f"is not a valid condition ({err})") from None


@dataclass(frozen=True)
class _FileSpec:
    filename: str
    record: type
    columns: Mapping[str, tuple[Callable[[str], Any], bool]]
    key: tuple[str, ...] = ("id",)


_CITED = {
    "source": (_url, True),
    "confidence": (_one_of(*CONFIDENCE), True),
    "quoted_from": (_text, False),
}
"""Columns every register file has; an optional one (``quoted_from``) may be left out of a file."""

SPECS: dict[str, _FileSpec] = {
    spec.filename: spec
    for spec in (
        _FileSpec(
            "harms.csv",
            r.Harm,
            {
                "id": (_slug, True),
                "name": (_text, True),
                "kind_number": (_text, True),
                "parent": (_slug, False),
                "counts_for_multi_risk": (_bool, True),
                "counts_as": (_slug, False),
                "priority": (_bool, True),
                "mechanism": (_condition, True),
                "description": (_text, True),
            },
        ),
        _FileSpec(
            "risk_factors.csv",
            r.RiskFactor,
            {
                "id": (_slug, True),
                "service": (_one_of("u2u", "search", "general"), True),
                "question": (_text, True),
                "name": (_text, True),
                "help": (_text, True),
                "present_when": (_condition, True),
            },
        ),
        _FileSpec(
            "factor_harm_links.csv",
            r.FactorHarmLink,
            {"factor": (_slug, True), "harm": (_slug, True), "basis": (_text, True)},
            key=("factor", "harm"),
        ),
        _FileSpec(
            "harm_rules.csv",
            r.HarmRule,
            {
                "harm": (_slug, True),
                "rule": (_one_of("floor"), True),
                "level": (_one_of(*LEVELS), True),
                "when": (_condition, True),
                "explanation": (_text, True),
            },
            key=(),
        ),
        _FileSpec(
            "measures.csv",
            r.Measure,
            {
                "id": (_text, True),
                "code": (_one_of(*MEASURE_CODES), True),
                "area": (_text, True),
                "title": (_text, True),
                "applies_when": (_condition, True),
                "optional": (_bool, True),
                "duties": (_text, False),
                "in_force": (_date, False),
                "description": (_text, True),
            },
        ),
        _FileSpec(
            "children_content.csv",
            r.ChildrenContent,
            {
                "id": (_slug, True),
                "category": (_one_of(*CHILDREN_CATEGORIES), True),
                "name": (_text, True),
                "description": (_text, True),
            },
        ),
        _FileSpec(
            "child_factor_links.csv",
            ChildFactorLink,
            {"factor": (_slug, True), "kind": (_slug, True), "basis": (_text, True)},
            key=("factor", "kind"),
        ),
        _FileSpec(
            "age_groups.csv",
            r.AgeGroup,
            {
                "id": (_slug, True),
                "label": (_text, True),
                "min_age": (_int, True),
                "max_age": (_int, True),
            },
        ),
        _FileSpec(
            "age_assurance_methods.csv",
            r.AgeAssuranceMethod,
            {
                "id": (_slug, True),
                "name": (_text, True),
                "capable_of_heaa": (_bool, True),
                "explanation": (_text, True),
            },
        ),
        _FileSpec(
            "exemptions.csv",
            r.Exemption,
            {
                "id": (_slug, True),
                "provision": (_text, True),
                "name": (_text, True),
                "description": (_text, True),
            },
        ),
        _FileSpec(
            "key_dates.csv",
            r.KeyDate,
            {
                "id": (_slug, True),
                "date": (_date, True),
                "kind": (_one_of(*KEY_DATE_KINDS), True),
                "title": (_text, True),
                "applies_when": (_condition, True),
                "new_service_months": (_int, False),
                "new_service_from": (_date, False),
                "duty": (_text, False),
            },
        ),
    )
}
