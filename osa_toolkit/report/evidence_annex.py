"""The evidence annex: which moderation exports the evidence came from, and how they were read.

Built from the record's profile (``evidence.sources``, see ``docs/evidence-import.md``), so every
format (Markdown, HTML, DOCX, PDF; JSON carries the same data in ``profile.evidence.sources``) shows
the file's name and sha256, the period, the figures per kind, the mapping and outcome table used,
the categories left unmapped and what was dropped at import. Kinds appear by their names, never ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from osa_toolkit.report.model import Block, Bullets, Fields, Para, Sub, Table
from osa_toolkit.report.words import text

SOFTWARE = {
    "discourse": "Discourse (flags, reviewable_scores table)",
    "mastodon": "Mastodon (admin reports API)",
    "phpbb": "phpBB (reports table)",
    "lemmy": "Lemmy (modlog)",
    "generic": "generic CSV",
}
OUTCOME_WORDS = {
    "confirmed": "counts as confirmed",
    "dismissed": "counts as dismissed",
    "open": "counts as still open",
    "ignore": "is not counted",
}


def sources_of(profile: Any) -> list[Mapping[str, Any]]:
    evidence = profile.get("evidence") if isinstance(profile, Mapping) else None
    sources = evidence.get("sources") if isinstance(evidence, Mapping) else None
    return [s for s in sources or () if isinstance(s, Mapping)]


def _names(edition: str) -> dict[str, str]:
    try:
        from osa_toolkit.core.registers import load_registers

        regs = load_registers(edition)
    except Exception:  # noqa: BLE001 - an unknown edition still gets readable words
        return {}
    names = {h.id: h.name for h in regs.harms}
    names.update({c.id: f"{c.name} (content harmful to children)" for c in regs.children_content})
    return names


def _name(kind: Any, names: Mapping[str, str]) -> str:
    if kind in ("", None):
        return "not mapped to any kind"
    if kind == "none":
        return "not illegal content (counted in the total only)"
    return names.get(str(kind), str(kind).replace("_", " "))


def _number(value: Any) -> str:
    if value is None:
        return "not known"
    if isinstance(value, float):
        return f"{value:g}"
    return text(value)


def _figures(rows: Any, names: Mapping[str, str]) -> Table:
    header = (
        "Kind",
        "Reports",
        "Confirmed",
        "Dismissed",
        "Still open",
        "Reports a year per 10,000 UK users",
        "Median days to action",
    )
    body = []
    for kind, f in (rows or {}).items():
        if not isinstance(f, Mapping):
            continue
        body.append(
            (
                _name(kind, names),
                _number(f.get("reports", 0)),
                _number(f.get("confirmed", 0)),
                _number(f.get("dismissed", 0)),
                _number(f.get("open", 0)),
                _number(f.get("per_10k_users_per_year")),
                _number(f.get("median_days_to_action")),
            )
        )
    return Table(header, tuple(body), name="evidence-figures")


def _source(s: Mapping[str, Any], names: Mapping[str, str]) -> Sub:
    software = str(s.get("software", ""))
    blocks: list[Block] = [
        Fields(
            (
                ("File", text(s.get("file"))),
                ("SHA-256 of the file", text(s.get("sha256"))),
                ("Software", SOFTWARE.get(software, software)),
                ("Period", f"{text(s.get('period_start'))} to {text(s.get('period_end'))}"),
                ("Entries read", _number(s.get("records"))),
                ("Reports counted", _number(s.get("reports_total"))),
                ("Monthly active UK users used for the rates", _number(s.get("users"))),
            )
        )
    ]
    if s.get("by_harm"):
        blocks.append(Para("Reports per kind of illegal content:"))
        blocks.append(_figures(s.get("by_harm"), names))
    if s.get("children_by_kind"):
        blocks.append(Para("Reports per kind of content harmful to children:"))
        blocks.append(_figures(s.get("children_by_kind"), names))
    mapping = [m for m in s.get("mapping") or () if isinstance(m, Mapping)]
    if mapping:
        rows = tuple(
            (
                text(m.get("category")),
                _name(m.get("harm"), names),
                _name(m.get("child_kind"), names) if m.get("child_kind") else "none",
            )
            for m in mapping
        )
        header = (
            "Category in the export",
            "Kind of illegal content",
            "Content harmful to children",
        )
        blocks.append(Para("Mapping used:"))
        blocks.append(Table(header, rows, name="evidence-mapping"))
    outcomes = s.get("outcomes")
    if isinstance(outcomes, Mapping) and outcomes:
        blocks.append(
            Bullets(
                tuple(
                    f"The outcome '{word}' {OUTCOME_WORDS.get(str(t), str(t))}."
                    for word, t in outcomes.items()
                )
            )
        )
    unmapped = [u for u in s.get("unmapped") or () if isinstance(u, Mapping)]
    if unmapped:
        blocks.append(Para("Categories not mapped to any kind (counted in the total only):"))
        blocks.append(
            Bullets(
                tuple(
                    f"'{text(u.get('category'))}': {_number(u.get('reports'))} report(s)"
                    for u in unmapped
                )
            )
        )
    dropped = [str(d) for d in s.get("dropped") or ()]
    if dropped:
        blocks.append(Para("Dropped at import (no personal data or free text is kept):"))
        blocks.append(Bullets(tuple(dropped)))
    if s.get("note"):
        blocks.append(Fields((("Assessor's note", text(s.get("note"))),)))
    return Sub(f"Source: {text(s.get('file'))}", tuple(blocks))


def evidence_annex(profile: Any, edition: str) -> tuple[Block, ...]:
    """The annex's blocks, or ``()`` when no moderation export was imported."""
    sources = sources_of(profile)
    if not sources:
        return ()
    names = _names(edition)
    intro = Para(
        "The evidence figures in this record were imported from the service's own moderation "
        "records listed below. Reporter and reported account names were dropped at import and "
        "free text was not kept."
    )
    return (intro, *(_source(s, names) for s in sources))
