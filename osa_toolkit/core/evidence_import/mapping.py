"""From a software's categories to the kinds of illegal content: the default tables and edits.

A mapping row sends one category (or rule) of the software to a harm id of the register (or
``none``: reports that are not about illegal content, such as spam or off-topic, counted in the
total only), and optionally to a kind of content harmful to children. A category with no harm is
**unmapped**: its reports are counted in the total and listed by name, never dropped silently.

The outcome table says which of the software's outcome words count as confirmed, dismissed, still
open, or not a report at all (``ignore``: e.g. a Lemmy removal that was undone).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from osa_toolkit.core.evidence_import.events import EvidenceImportError

NONE = "none"
"""The harm target of reports that are not about illegal content (spam, off-topic)."""
OUTCOME_TARGETS = ("confirmed", "dismissed", "open", "ignore")


@dataclass(frozen=True)
class MappingRow:
    category: str
    harm: str = ""  # a harm id, "none", or "" (unmapped)
    child_kind: str = ""  # a children's content id, or ""
    why: str = ""  # why the default is what it is (plain English)


@dataclass(frozen=True)
class EvidenceMapping:
    software: str
    rows: tuple[MappingRow, ...]
    outcomes: tuple[tuple[str, str], ...]

    def row(self, category: str) -> MappingRow:
        return next((r for r in self.rows if r.category == category), MappingRow(category))

    def outcome(self, word: str) -> str:
        return dict(self.outcomes).get(word, "open")

    def with_row(self, category: str, harm: str = "", child_kind: str = "") -> EvidenceMapping:
        """The mapping with one category sent elsewhere (a new category is added)."""
        new = MappingRow(category, harm.strip(), child_kind.strip(), "changed by the assessor")
        rows = [new if r.category == category else r for r in self.rows]
        if all(r.category != category for r in self.rows):
            rows.append(new)
        return dataclasses.replace(self, rows=tuple(rows))

    def with_outcome(self, word: str, target: str) -> EvidenceMapping:
        if target not in OUTCOME_TARGETS:
            raise EvidenceImportError(
                f"The outcome {word!r} must count as one of {', '.join(OUTCOME_TARGETS)}; "
                f"found {target!r}."
            )
        outcomes = dict(self.outcomes)
        outcomes[word] = target
        return dataclasses.replace(self, outcomes=tuple(outcomes.items()))


_CAUTIOUS = (
    "the export does not say whether the report was upheld, so it counts as confirmed (the "
    "cautious reading Ofcom asks for); change it if your moderators close reports they reject"
)

DEFAULT_ROWS: dict[str, tuple[MappingRow, ...]] = {
    "discourse": (
        MappingRow("illegal", "other_illegal", "", "flagged as illegal; the kind is not recorded"),
        MappingRow("spam", NONE, "", "unwanted advertising, not a kind of illegal content"),
        MappingRow("off_topic", NONE, "", "off-topic posts are not illegal content"),
        MappingRow("notify_user", NONE, "", "a private word with the poster, not a report"),
        MappingRow("needs_approval", NONE, "", "posts held for approval, not reports"),
        MappingRow("inappropriate", "", "", "could be any kind: choose one"),
        MappingRow("notify_moderators", "", "", "free-form reports: choose a kind"),
    ),
    "mastodon": (
        MappingRow("legal", "other_illegal", "", "reported as illegal; the kind is not recorded"),
        MappingRow("spam", NONE, "", "unwanted advertising, not a kind of illegal content"),
        MappingRow("other", "", "", "could be any kind: choose one"),
    ),
    "phpbb": (
        MappingRow(
            "warez",
            NONE,
            "",
            "pirated software: infringing intellectual property is outside the Act's "
            "illegal content duties",
        ),
        MappingRow("spam", NONE, "", "unwanted advertising, not a kind of illegal content"),
        MappingRow("off_topic", NONE, "", "off-topic posts are not illegal content"),
        MappingRow("other", "", "", "could be any kind: choose one"),
    ),
    "lemmy": (),
    "generic": (),
}
"""Sensible defaults per software; every other category starts unmapped (and is listed)."""

DEFAULT_OUTCOMES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "discourse": (
        ("agreed", "confirmed", "a moderator agreed with the flag"),
        ("disagreed", "dismissed", "a moderator disagreed with the flag"),
        ("ignored", "dismissed", "a moderator ignored the flag"),
        ("pending", "open", "not reviewed yet"),
    ),
    "mastodon": (
        ("resolved", "confirmed", _CAUTIOUS),
        ("unresolved", "open", "not resolved yet"),
    ),
    "phpbb": (
        ("closed", "confirmed", _CAUTIOUS),
        ("open", "open", "not closed yet"),
    ),
    "lemmy": (
        ("removed", "confirmed", "a moderator removed the content"),
        ("banned", "confirmed", "a moderator banned the account"),
        ("purged", "confirmed", "an administrator purged it"),
        ("restored", "ignore", "an earlier removal was undone"),
        ("unbanned", "ignore", "an earlier ban was lifted"),
    ),
    "generic": (
        ("confirmed", "confirmed", "as written in the file"),
        ("dismissed", "dismissed", "as written in the file"),
        ("open", "open", "as written in the file"),
    ),
}


def outcome_reasons(software: str) -> dict[str, str]:
    """Why each default outcome counts as it does (for the preview and the record)."""
    return {word: why for word, _, why in DEFAULT_OUTCOMES.get(software, ())}


def default_mapping(software: str, categories: Iterable[str] = ()) -> EvidenceMapping:
    """The default mapping of ``software``, with a row (unmapped) for every other category seen."""
    if software not in DEFAULT_ROWS:
        raise EvidenceImportError(
            f"There is no default mapping for the software {software!r}; expected one of "
            + ", ".join(DEFAULT_ROWS)
            + "."
        )
    rows = list(DEFAULT_ROWS[software])
    known = {r.category for r in rows}
    for category in sorted(set(categories) - known):
        rows.append(MappingRow(category, "", "", "not known to the toolkit: choose a kind"))
    outcomes = tuple((word, target) for word, target, _ in DEFAULT_OUTCOMES[software])
    return EvidenceMapping(software, tuple(rows), outcomes)


def check_mapping(
    mapping: EvidenceMapping, harm_ids: Iterable[str], child_ids: Iterable[str]
) -> EvidenceMapping:
    """Refuse a row that names a harm or children's kind the edition does not have; return it."""
    harms, children = set(harm_ids), set(child_ids)
    for row in mapping.rows:
        if row.harm and row.harm != NONE and row.harm not in harms:
            raise EvidenceImportError(
                f"The mapping row {row.category!r} sends reports to {row.harm!r}, which is not a "
                f"kind of illegal content of this edition; expected one of none, "
                + ", ".join(sorted(harms))
                + "."
            )
        if row.child_kind and row.child_kind not in children:
            raise EvidenceImportError(
                f"The mapping row {row.category!r} names the children's content kind "
                f"{row.child_kind!r}, which this edition does not have; expected one of "
                + ", ".join(sorted(children))
                + "."
            )
    for word, target in mapping.outcomes:
        if target not in OUTCOME_TARGETS:
            raise EvidenceImportError(
                f"The outcome {word!r} must count as one of {', '.join(OUTCOME_TARGETS)}; "
                f"found {target!r}."
            )
    return mapping
