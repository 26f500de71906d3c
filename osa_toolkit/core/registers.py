"""Load, validate and look up the regulatory registers of one guidance edition.

>>> regs = load_registers("2024-12")
>>> regs.edition.priority_kinds, regs.harm("csea_grooming").parent
(17, 'csea')
>>> load_registers().edition.id == list_editions()[-1]
True
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from osa_toolkit.core import records as r
from osa_toolkit.core.conditions import Condition, check, parse
from osa_toolkit.core.errors import InvalidInputError, RegisterError
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
    if not v.lstrip("-").isdigit():
        raise ValueError("must be a whole number")
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


_CITED = {"source": (_url, True), "confidence": (_one_of(*CONFIDENCE), True)}

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
                "duty": (_text, False),
            },
        ),
    )
}


# ----------------------------------------------------------------------------- the object


def _index(rows: tuple, key: str = "id") -> Mapping[str, Any]:
    return MappingProxyType({getattr(x, key): x for x in rows})


@dataclass(frozen=True)
class Registers:
    """Every register of one edition, immutable, with lookups by id."""

    edition: r.Edition
    harms: tuple[r.Harm, ...]
    risk_factors: tuple[r.RiskFactor, ...]
    factor_harm_links: tuple[r.FactorHarmLink, ...]
    harm_rules: tuple[r.HarmRule, ...]
    measures: tuple[r.Measure, ...]
    children_content: tuple[r.ChildrenContent, ...]
    age_groups: tuple[r.AgeGroup, ...]
    age_assurance_methods: tuple[r.AgeAssuranceMethod, ...]
    exemptions: tuple[r.Exemption, ...]
    key_dates: tuple[r.KeyDate, ...]
    path: Path = field(compare=False)
    child_factor_links: tuple[ChildFactorLink, ...] = ()

    def __post_init__(self) -> None:
        lookups = {
            "_harms": _index(self.harms),
            "_factors": _index(self.risk_factors),
            "_measures": _index(self.measures),
            "_children": _index(self.children_content),
            "_methods": _index(self.age_assurance_methods),
            "_exemptions": _index(self.exemptions),
            "_dates": _index(self.key_dates),
        }
        for name, value in lookups.items():
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return (
            f"<Registers {self.edition.id}: {len(self.harms)} harms, {len(self.risk_factors)} "
            f"risk factors, {len(self.factor_harm_links)} links, {len(self.measures)} measures>"
        )

    def _get(self, table: str, what: str, id_: str) -> Any:
        try:
            return getattr(self, table)[id_]
        except KeyError:
            known = ", ".join(sorted(getattr(self, table)))
            raise InvalidInputError(
                f"{what} {id_!r} is not in edition {self.edition.id}; known: {known}."
            ) from None

    @property
    def harm_ids(self) -> frozenset[str]:
        return frozenset(self._harms)

    @property
    def measure_ids(self) -> frozenset[str]:
        return frozenset(self._measures)

    def harm(self, harm_id: str) -> r.Harm:
        return self._get("_harms", "The harm", harm_id)

    def risk_factor(self, factor_id: str) -> r.RiskFactor:
        return self._get("_factors", "The risk factor", factor_id)

    def measure(self, measure_id: str) -> r.Measure:
        return self._get("_measures", "The measure", measure_id)

    def children_kind(self, kind_id: str) -> r.ChildrenContent:
        return self._get("_children", "The children's content kind", kind_id)

    def age_assurance_method(self, method_id: str) -> r.AgeAssuranceMethod:
        return self._get("_methods", "The age-assurance method", method_id)

    def exemption(self, exemption_id: str) -> r.Exemption:
        return self._get("_exemptions", "The exemption", exemption_id)

    def key_date(self, date_id: str) -> r.KeyDate:
        return self._get("_dates", "The key date", date_id)

    def factors_for_harm(self, harm_id: str) -> tuple[r.RiskFactor, ...]:
        """The risk factors the register links to one harm, in questionnaire order."""
        linked = {x.factor for x in self.factor_harm_links if x.harm == harm_id}
        return tuple(f for f in self.risk_factors if f.id in linked)

    def links_for_harm(self, harm_id: str) -> tuple[r.FactorHarmLink, ...]:
        return tuple(x for x in self.factor_harm_links if x.harm == harm_id)

    def child_links_for(self, kind_id: str) -> tuple[ChildFactorLink, ...]:
        """The factor links that apply to one children's content kind (its own and ``all_kinds``)."""
        return tuple(x for x in self.child_factor_links if x.kind in (kind_id, ALL_KINDS))

    def factors_for_child_kind(self, kind_id: str) -> tuple[r.RiskFactor, ...]:
        """The risk factors linked to a kind of content harmful to children, in questionnaire order.

        A kind the register does not list (a non-designated kind the provider names) gets the
        factors linked to ``all_kinds``.
        """
        linked = {x.factor for x in self.child_links_for(kind_id)}
        return tuple(f for f in self.risk_factors if f.id in linked)

    def rules_for_harm(self, harm_id: str) -> tuple[r.HarmRule, ...]:
        return tuple(x for x in self.harm_rules if x.harm == harm_id)

    def priority_kind_count(self) -> int:
        """Kinds of priority illegal content, counting the CSEA sub-kinds once."""
        return len({h.parent or h.id for h in self.harms if h.priority})


# ----------------------------------------------------------------------------- loading


def list_editions(path: str | Path | None = None) -> list[str]:
    """The editions present under ``path`` (default: the shipped registers), oldest first."""
    from osa_toolkit.paths import registers_dir

    root = Path(path) if path else registers_dir()
    if not root.is_dir():
        raise RegisterError(f"The registers folder {root} does not exist.")
    return sorted(p.name for p in root.iterdir() if (p / "edition.toml").is_file())


def load_registers(edition: str | None = None, path: str | Path | None = None) -> Registers:
    """Load and validate one edition (default: the newest) from ``path`` (default: shipped data).

    ``path`` is the folder holding one sub-folder per edition. Raises :class:`RegisterError` naming the
    file, row and column of the first problem.
    """
    from osa_toolkit.paths import registers_dir

    root = Path(path) if path else registers_dir()
    editions = list_editions(root)
    if edition is None:
        if not editions:
            raise RegisterError(f"The registers folder {root} holds no edition (no edition.toml).")
        edition = editions[-1]
    if edition not in editions:
        raise RegisterError(
            f"The edition {edition!r} is not in {root}; available: {', '.join(editions) or 'none'}."
        )
    folder = (root / edition).resolve()
    return _load(str(folder), _mtimes(folder))


def _mtimes(folder: Path) -> tuple[float, ...]:
    return tuple(p.stat().st_mtime for p in sorted(folder.iterdir()) if p.is_file())


@functools.lru_cache(maxsize=16)
def _load(folder_s: str, _stamp: tuple[float, ...]) -> Registers:
    folder = Path(folder_s)
    read = {name: _read_table(folder, spec) for name, spec in SPECS.items()}
    tables = {name: rows for name, (rows, _) in read.items()}
    row_numbers = {name: numbers for name, (_, numbers) in read.items()}
    edition = _read_edition(folder)
    regs = Registers(
        edition=edition,
        harms=tables["harms.csv"],
        risk_factors=tables["risk_factors.csv"],
        factor_harm_links=tables["factor_harm_links.csv"],
        harm_rules=tables["harm_rules.csv"],
        measures=tables["measures.csv"],
        children_content=tables["children_content.csv"],
        age_groups=tables["age_groups.csv"],
        age_assurance_methods=tables["age_assurance_methods.csv"],
        exemptions=tables["exemptions.csv"],
        key_dates=tables["key_dates.csv"],
        path=folder,
        child_factor_links=tables["child_factor_links.csv"],
    )
    _cross_check(regs, folder, row_numbers)
    return regs


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
    for name in wanted:
        if name not in header:
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
    except tomllib.TOMLDecodeError as err:
        raise RegisterError(f"{where} is not valid TOML: {err}.") from None
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
        edition = r.Edition(
            id=str(data["id"]),
            title=str(data["title"]),
            published=published,
            priority_kinds=int(data["priority_kinds"]),
            notes=str(data.get("notes", "")),
            thresholds=thresholds,
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

    for i, g in enumerate(regs.age_groups):
        if not 0 <= g.min_age <= g.max_age <= 17:
            raise fail(
                "age_groups.csv", i, "max_age", "ages must satisfy 0 <= min_age <= max_age <= 17"
            )

    count = regs.priority_kind_count()
    if count != regs.edition.priority_kinds:
        raise RegisterError(
            f"{_where(folder, 'edition.toml')}, key 'priority_kinds': says "
            f"{regs.edition.priority_kinds} but harms.csv has {count} priority kinds."
        )
