"""Registers as pandas tables, for display and export (no widgets, no I/O).

>>> from osa_toolkit.core.registers import load_registers
>>> harms_table(load_registers("2024-12")).loc["csea_grooming", "kind"]
'2A'
"""

from __future__ import annotations

import pandas as pd

from osa_toolkit.core.registers import Registers

TABLES = (
    "harms",
    "risk_factors",
    "factor_harm_links",
    "child_factor_links",
    "harm_rules",
    "measures",
    "children_content",
    "age_groups",
    "age_assurance_methods",
    "exemptions",
    "key_dates",
)


def register_counts(editions: list[Registers]) -> pd.DataFrame:
    """Rows per register (and kinds of priority illegal content) for each edition, side by side."""
    data = {
        regs.edition.id: {
            "kinds of priority illegal content": regs.priority_kind_count(),
            **{name.replace("_", " "): len(getattr(regs, name)) for name in TABLES},
            "rows marked unconfirmed": sum(
                1
                for name in TABLES
                for row in getattr(regs, name)
                if row.confidence == "unconfirmed"
            ),
        }
        for regs in editions
    }
    return pd.DataFrame(data)


def harms_table(regs: Registers) -> pd.DataFrame:
    """The kinds of illegal content to assess, with how many risk factors are linked to each."""
    rows = [
        {
            "id": h.id,
            "kind": h.kind_number,
            "name": h.name,
            "CSEA sub-kind": h.parent == "csea",
            "counts for multi-risk": _counts(h, regs) if h.counts_for_multi_risk else "no",
            "linked risk factors": ", ".join(f.id for f in regs.factors_for_harm(h.id)) or "—",
            "confidence": h.confidence,
            "source": h.source,
        }
        for h in regs.harms
    ]
    return pd.DataFrame(rows).set_index("id")


def _counts(harm, regs: Registers) -> str:
    """How a harm counts towards multi-risk: as its own kind, or once with the rows it shares a
    kind with (the CSEA sub-kinds)."""
    shared = [h for h in regs.harms if h.multi_risk_kind == harm.multi_risk_kind]
    if len(shared) == 1:
        return "yes"
    return f"yes, as one kind with kinds {', '.join(h.kind_number for h in shared if h != harm)}"


def measures_table(regs: Registers) -> pd.DataFrame:
    """Every Codes measure with its applicability written out as the register states it."""
    rows = [
        {
            "id": m.id,
            "code": m.code,
            "area": m.area,
            "title": m.title,
            "applies when": str(m.applies_when),
            "optional": m.optional,
            "in force": m.in_force.isoformat() if m.in_force else "",
            "confidence": m.confidence,
        }
        for m in regs.measures
    ]
    return pd.DataFrame(rows).set_index("id")
