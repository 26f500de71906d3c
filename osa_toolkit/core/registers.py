"""Load, validate and look up the regulatory registers of one guidance edition.

>>> regs = load_registers("2024-12")
>>> regs.edition.priority_kinds, regs.harm("csea_grooming").parent
(17, 'csea')
>>> load_registers().edition.id == list_editions()[-1]
True
>>> import datetime as dt
>>> regs = load_registers(on=dt.date(2025, 5, 1))
>>> regs.edition.id, regs.edition_reason
('2024-12', 'Edition 2024-12 is the one in force on 2025-05-01 (in force from 2024-12-16).')
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from osa_toolkit.core.errors import InvalidInputError, RegisterError, shown
from osa_toolkit.core.registers import rows as r
from osa_toolkit.core.registers.loading import _cross_check, _read_edition, _read_table
from osa_toolkit.core.registers.specs import ALL_KINDS, SPECS, ChildFactorLink

__all__ = [
    "ALL_KINDS",
    "ChildFactorLink",
    "Registers",
    "choose_edition",
    "list_editions",
    "load_registers",
]

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
    edition_reason: str = field(default="", compare=False)
    """Why this edition was used (chosen explicitly, in force on the assessment date, or newest)."""

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


def choose_edition(
    edition: str | None = None, on: dt.date | None = None, path: str | Path | None = None
) -> tuple[str, str]:
    """The edition to use and a sentence saying why.

    An explicit ``edition`` wins. Otherwise the edition in force on ``on`` (the latest whose
    ``in_force_from`` is on or before it; the oldest if ``on`` is earlier than every edition);
    with no date either, the newest.
    """
    from osa_toolkit.paths import registers_dir

    root = Path(path) if path else registers_dir()
    editions = list_editions(root)
    if edition is not None:
        return edition, f"Edition {edition} was chosen explicitly for this assessment."
    if not editions:
        raise RegisterError(f"The registers folder {root} holds no edition (no edition.toml).")
    if on is None:
        newest = editions[-1]
        return newest, f"Edition {newest} is the newest (no assessment date was given)."
    starts = [(_in_force(root / e), e) for e in editions]
    live = [(start, e) for start, e in starts if start <= on]
    if not live:
        start, first = min(starts)
        return first, (
            f"Edition {first} is the earliest the toolkit has; it came into force on "
            f"{start.isoformat()}, after the assessment date {on.isoformat()}."
        )
    start, chosen = max(live)
    return chosen, (
        f"Edition {chosen} is the one in force on {on.isoformat()} (in force from "
        f"{start.isoformat()})."
    )


def _in_force(folder: Path) -> dt.date:
    return _load(str(folder.resolve()), _mtimes(folder.resolve())).edition.in_force


def load_registers(
    edition: str | None = None, path: str | Path | None = None, on: dt.date | None = None
) -> Registers:
    """Load and validate one edition from ``path`` (default: the shipped data).

    Which edition: ``edition`` if given; else the one in force on the date ``on``; else the
    newest (see :func:`choose_edition`; the result's ``edition_reason`` says which applied).
    ``path`` is the folder holding one sub-folder per edition. Raises :class:`RegisterError`
    naming the file, row and column of the first problem.
    """
    from osa_toolkit.paths import registers_dir

    root = Path(path) if path else registers_dir()
    editions = list_editions(root)
    if edition is None and not editions:
        raise RegisterError(f"The registers folder {root} holds no edition (no edition.toml).")
    edition, reason = choose_edition(edition, on, root)
    if edition not in editions:
        raise RegisterError(
            f"The edition {shown(edition)} is not in {root}; available: {', '.join(editions) or 'none'}."
        )
    folder = (root / edition).resolve()
    regs = _load(str(folder), _mtimes(folder))
    return dataclasses.replace(regs, edition_reason=reason)


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
