"""One notion of evidence for a harm: the service's own records, plus what the assessor wrote.

The levels table, the regulator's questions and the written record all say the same thing, from
here (issue 15, item 6).

>>> evidence_words("missing")
'none given'
>>> evidence_words("missing", "Two reports in a year, both spam.")
"the assessor's written evidence (no figures from the service's records)"
>>> has_evidence("missing", "  ")
False
"""

from __future__ import annotations

EVIDENCE_WORDS = {
    "missing": "none given",
    "moderated": "moderation in place, no figures from its records",
    "none_found": "records checked, no confirmed incident",
    "confirmed": "confirmed incidents in the records",
}


def has_evidence(status: str, assessor_evidence: str = "") -> bool:
    """Whether anything supports the level: figures from the records, or the assessor's evidence."""
    return status != "missing" or bool((assessor_evidence or "").strip())


def evidence_words(status: str, assessor_evidence: str = "") -> str:
    """The evidence for one harm in a few plain words."""
    base = EVIDENCE_WORDS.get(status, "not recorded")
    if not (assessor_evidence or "").strip():
        return base
    if status == "missing":
        return "the assessor's written evidence (no figures from the service's records)"
    return f"{base}; and the assessor's written evidence"
