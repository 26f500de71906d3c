"""The report's fixed words: factor names, evidence and status wording, and value formatting.

>>> text(None), text(True), text([]), text("")
('not recorded', 'yes', 'none', 'not recorded')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from osa_toolkit.core.method.evidence_words import EVIDENCE_WORDS as _CORE_EVIDENCE_WORDS
from osa_toolkit.core.method.weights import METHODS

NOT_RECORDED = "not recorded"
FACTOR_NAMES = {
    "social_media": "Social media service",
    "messaging": "Messaging service",
    "gaming": "Gaming service",
    "adult": "Adult service",
    "discussion_forum": "Discussion forum or chat room",
    "marketplace": "Marketplace or listing service",
    "file_sharing": "File-storage and file-sharing service",
    "user_profiles": "User profiles (a user name or picture shown with posts)",
    "profile_pages": "Profile pages with more than a user name and picture",
    "anonymous_profiles": "Anonymous or pseudonymous user profiles",
    "posting_without_account": "Posting text or links without an account",
    "user_connections": "User connections (follow or subscribe)",
    "visible_connection_lists": "Connection lists others can see",
    "user_groups": "User groups or group messaging",
    "livestreaming": "Livestreaming",
    "direct_messaging": "Direct messaging",
    "encrypted_messaging": "Encrypted messaging",
    "commenting": "Commenting on content",
    "posting_images_or_videos": "Posting images or videos",
    "posting_location": "Posting location information",
    "reposting_or_forwarding": "Re-posting or forwarding content",
    "goods_or_services_for_sale": "Posting goods or services for sale",
    "ugc_search": "Searching user-generated content",
    "hyperlinks": "Hyperlinking",
    "content_recommender": "Content recommender system",
    "network_recommender": "Network recommender system",
}
EVIDENCE_WORDS = _CORE_EVIDENCE_WORDS  # one notion of evidence (core.evidence_words)
SCORING_METHOD_WORDS = {method: rules.title for method, rules in METHODS.items()}
CONFIDENCE_WORDS = {
    "ofcom": "Ofcom guidance",
    "ofcom_quoted": "Ofcom's text as quoted word for word by another source",
    "law": "the Act",
    "secondary": "secondary sources (check against Ofcom's current Risk Profiles)",
    "unconfirmed": "unconfirmed",
}
CODE_NAMES = {
    "ICU": "Ofcom's Illegal Content Code of Practice for user-to-user services",
    "ICS": "Ofcom's Illegal Content Code of Practice for search services",
    "PCU": "Ofcom's Protection of Children Code of Practice for user-to-user services",
    "PCS": "Ofcom's Protection of Children Code of Practice for search services",
}
HISTORY_KEYS = {
    "version": ("version",),
    "date": ("date", "created_at", "saved_on"),
    "change": ("change", "nature_of_change", "note"),
    "completed_by": ("completed_by", "who"),
    "approved_by": ("approved_by",),
}


def text(value: Any, missing: str = NOT_RECORDED) -> str:
    """A value as the report's words: dates ISO, booleans yes/no, blanks ``not recorded``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return missing
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(text(v) for v in value) if value else "none"
    return str(value)


def tri(value: Any) -> str:
    return text(value, "unknown")


def profile_value(record: Any, *keys: str) -> Any:
    """The answer at ``keys`` in the record's profile, or None where there is none."""
    node: Any = record.profile
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


def coverage_lines(coverage) -> list[str]:
    """What the measures list leaves out of each Code, and where to read the Code (D3, D4)."""
    lines: list[str] = []
    for c in coverage:
        lines += ["", f"Not modelled ({CODE_NAMES.get(c.code, c.code)}):", f"  {c.modelled}"]
        lines += [f"  {c.not_modelled}", f"  Read the Code: {c.read_at}"]
    return lines
