"""Reading one edition's files: CSV rows into records, edition.toml, and the cross-checks between files.

Every problem is one :class:`~osa_toolkit.core.errors.RegisterError` sentence naming the file, the row
(the header is row 1, as a spreadsheet shows it) and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osa_toolkit.core.conditions import check
from osa_toolkit.core.errors import InvalidInputError, RegisterError, parse_problem
from osa_toolkit.core.registers import rows as r
from osa_toolkit.core.registers.specs import (
    _CITED,
    ALL_KINDS,
    SPECS,
    _date,
    _FileSpec,
    _one_of,
    _url,
)
from osa_toolkit.core.vocabulary import CONFIDENCE

if TYPE_CHECKING:
    from osa_toolkit.core.registers import Registers


def _where(folder: Path, filename: str, row: int | None = None, column: str | None = None) -> str:
    text = f"{folder.name}/{filename}"
    if row is not None:
        text += f" row {row}"
    if column is not None:
        text += f", column {column!r}"
    return text


def _read_table(folder: Path, spec: _FileSpec) -> tuple[tuple, tuple[int, ...]]:
    """The rows of one file as records, and the file row number of each (the header is row 1)."""
    path = folder / spec.filename
    if not path.is_file():
        raise RegisterError(f"{_where(folder, spec.filename)} is missing.")
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
    except (UnicodeDecodeError, csv.Error) as err:
        raise RegisterError(
            f"{_where(folder, spec.filename)} cannot be read as CSV: {err}."
        ) from None
    if not rows:
        raise RegisterError(f"{_where(folder, spec.filename)} is empty; it needs a header row.")
    header = [h.strip() for h in rows[0]]
    wanted = {**spec.columns, **_CITED}
    for name, (_, required) in wanted.items():
        if name not in header and required:  # an optional column may be left out
            raise RegisterError(f"{_where(folder, spec.filename)} has no column {name!r}.")
    for name in header:
        if name not in wanted:
            raise RegisterError(
                f"{_where(folder, spec.filename, 1, name)} is not a known column; "
                f"expected {', '.join(wanted)}."
            )
    out, seen = [], {}
    for line_no, raw in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(header):
            raise RegisterError(
                f"{_where(folder, spec.filename, line_no)} has {len(raw)} cells; the header has "
                f"{len(header)} (a comma inside a field must be quoted)."
            )
        values: dict[str, Any] = {}
        for name, cell in zip(header, raw, strict=True):
            conv, required = wanted[name]
            cell = cell.strip()
            if not cell:
                if required:
                    raise RegisterError(
                        f"{_where(folder, spec.filename, line_no, name)} is empty; it is required."
                    )
                values[name] = None
                continue
            try:
                values[name] = conv(cell)
            except ValueError as err:
                raise RegisterError(
                    f"{_where(folder, spec.filename, line_no, name)}: {cell!r} {err}."
                ) from None
        key = tuple(values[k] for k in spec.key)
        if spec.key and key in seen:
            raise RegisterError(
                f"{_where(folder, spec.filename, line_no, spec.key[0])}: duplicate id "
                f"{'/'.join(map(str, key))!r} (first on row {seen[key]})."
            )
        seen[key] = line_no
        names = {f.name for f in fields(spec.record)}
        out.append((line_no, spec.record(**{k: v for k, v in values.items() if k in names})))
    return tuple(rec for _, rec in out), tuple(n for n, _ in out)


def _read_edition(folder: Path) -> r.Edition:
    where = _where(folder, "edition.toml")
    try:
        data = tomllib.loads((folder / "edition.toml").read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as err:  # bad TOML or UTF-8, a 5000-digit number, ...
        raise RegisterError(f"{where} is not valid TOML: {parse_problem(err)}.") from None
    try:
        th = data["thresholds"]
        thresholds = r.Thresholds(
            large_service_users=int(th["large_service_users"]),
            hash_matching_users=int(th["hash_matching_users"]),
            category_1_users=int(th["category_1_users"]),
            category_1_users_with_forwarding=int(th["category_1_users_with_forwarding"]),
            source=_url(str(th["source"])),
            confidence=_one_of(*CONFIDENCE)(str(th["confidence"])),
        )
        published = data["published"]
        if not isinstance(published, dt.date):
            published = _date(str(published))
        in_force_from = data.get("in_force_from", published)
        if not isinstance(in_force_from, dt.date):
            in_force_from = _date(str(in_force_from))
        edition = r.Edition(
            id=str(data["id"]),
            title=str(data["title"]),
            published=published,
            priority_kinds=int(data["priority_kinds"]),
            notes=str(data.get("notes", "")),
            thresholds=thresholds,
            in_force_from=in_force_from,
            coverage=tuple(
                r.CoverageNote(
                    code=str(c["code"]),
                    modelled=str(c["modelled"]),
                    not_modelled=str(c["not_modelled"]),
                    read_at=_url(str(c["read_at"])),
                    confidence=_one_of(*CONFIDENCE)(str(c["confidence"])),
                )
                for c in data.get("coverage", ())
            ),
        )
    except KeyError as err:
        raise RegisterError(
            f"{where} has no key {err.args[0]!r}; see docs/data-format.md."
        ) from None
    except (TypeError, ValueError) as err:
        raise RegisterError(f"{where}: {err}.") from None
    if edition.id != folder.name:
        raise RegisterError(f"{where}, key 'id': {edition.id!r} does not match the folder name.")
    return edition


def _cross_check(regs: Registers, folder: Path, row_numbers: Mapping[str, tuple[int, ...]]) -> None:
    harm_ids = {h.id for h in regs.harms}
    factor_ids = {f.id for f in regs.risk_factors}
    kinds = {c.id for c in regs.children_content}

    def fail(filename: str, i: int, column: str, message: str) -> RegisterError:
        return RegisterError(
            f"{_where(folder, filename, row_numbers[filename][i], column)}: {message}."
        )

    def refs(filename: str, rows: tuple, column: str, known: set[str], what: str) -> None:
        for i, row in enumerate(rows):
            value = getattr(row, column)
            if value not in known:
                raise fail(filename, i, column, f"unknown {what} {value!r}")

    refs("factor_harm_links.csv", regs.factor_harm_links, "factor", factor_ids, "risk factor")
    refs("factor_harm_links.csv", regs.factor_harm_links, "harm", harm_ids, "harm")
    refs("harm_rules.csv", regs.harm_rules, "harm", harm_ids, "harm")
    u2u_factors = {f.id for f in regs.risk_factors if f.service == "u2u"}
    links = regs.child_factor_links
    refs("child_factor_links.csv", links, "factor", u2u_factors, "user-to-user risk factor")
    refs("child_factor_links.csv", links, "kind", kinds | {ALL_KINDS}, "children's content kind")
    everywhere = {x.factor for x in links if x.kind == ALL_KINDS}
    for i, link in enumerate(links):
        if link.kind != ALL_KINDS and link.factor in everywhere:
            raise fail(
                "child_factor_links.csv",
                i,
                "kind",
                f"factor {link.factor!r} is already linked to {ALL_KINDS}, so this row adds nothing",
            )

    for filename, rows, column in (
        ("harms.csv", regs.harms, "mechanism"),
        ("risk_factors.csv", regs.risk_factors, "present_when"),
        ("harm_rules.csv", regs.harm_rules, "when"),
        ("measures.csv", regs.measures, "applies_when"),
        ("key_dates.csv", regs.key_dates, "applies_when"),
    ):
        for i, row in enumerate(rows):
            try:
                check(getattr(row, column), harms=harm_ids, children_kinds=kinds)
            except InvalidInputError as err:
                raise fail(filename, i, column, str(err)) from None
            if column != "when" and any(
                f.name == "linked_factors_at_least" for f in getattr(row, column).facts()
            ):
                raise fail(filename, i, column, "linked_factors_at_least is for harm rules only")

    for filename in SPECS:
        rows = getattr(regs, filename.removesuffix(".csv"))
        for i, row in enumerate(rows):
            if row.confidence == "ofcom_quoted" and not row.quoted_from:
                raise fail(
                    filename,
                    i,
                    "quoted_from",
                    "confidence ofcom_quoted needs the Ofcom document named",
                )

    if not regs.age_groups:
        raise RegisterError(
            f"{_where(folder, 'age_groups.csv')} has no rows; the children's risk assessment "
            "needs at least one age group."
        )
    for i, g in enumerate(regs.age_groups):
        if not 0 <= g.min_age <= g.max_age <= 17:
            raise fail(
                "age_groups.csv", i, "max_age", "ages must satisfy 0 <= min_age <= max_age <= 17"
            )

    count = regs.priority_kind_count()
    if count == 0:
        raise RegisterError(
            f"{_where(folder, 'harms.csv')} has no priority illegal content (no row with priority "
            "true); the illegal content risk assessment needs it."
        )
    if count != regs.edition.priority_kinds:
        raise RegisterError(
            f"{_where(folder, 'edition.toml')}, key 'priority_kinds': says "
            f"{regs.edition.priority_kinds} but harms.csv has {count} priority kinds."
        )
