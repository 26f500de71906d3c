"""The pieces of the age-assurance evaluation: the criteria, the verdict wording and the Part 5 record.

>>> check_notes({"robust": "  tested against masks and photos of photos "})["robust"]
'tested against masks and photos of photos'
>>> [c.status for c in criteria_checks({"fair": "same error rate across skin tones"})]
['not_shown', 'not_shown', 'not_shown', 'met']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.words import join_and

CRITERIA: dict[str, tuple[str, str]] = {
    "technically_accurate": (
        "Technically accurate",
        "It tells correctly whether a user is a child, under test conditions.",
    ),
    "robust": (
        "Robust",
        "It works in the conditions it meets in real use and cannot easily be got round.",
    ),
    "reliable": (
        "Reliable",
        "It gives the same, dependable result every time, and is monitored for drift.",
    ),
    "fair": (
        "Fair",
        "It works equally well for users of different ages, sexes, ethnicities and abilities.",
    ),
}
"""Ofcom's four criteria for highly effective age assurance (as reported, [2ND]): label and help."""
RECORD_NOTES: dict[str, str] = {
    "privacy": "How you had regard to users' privacy in choosing and running the age checks",
    "user_summary": "A plain-language summary for users of the age-assurance methods used",
}
NOTE_KEYS: tuple[str, ...] = (*CRITERIA, *RECORD_NOTES)
"""The keys of ``criteria_notes``: the four criteria, then the two Part 5 record notes."""
PART5_REMINDERS: tuple[str, ...] = (
    "Pornographic content must not be visible before or during the age check.",
    "Nothing on the service may point users to ways of getting round the age check.",
    "Consider all users' interests, including their privacy and adults' access to legal content.",
    "Ofcom also expects a choice of methods where possible, so that every adult can pass a check.",
)
"""What Ofcom's Part 5 guidance also asks, as reported by secondary sources."""


@dataclass(frozen=True)
class MethodVerdict:
    id: str
    name: str
    status: str  # capable | never | unknown
    reason: str
    confidence: str


@dataclass(frozen=True)
class CriterionCheck:
    id: str
    label: str
    help: str
    note: str
    status: str  # met | not_shown


@dataclass(frozen=True)
class RecordItem:
    """One thing the Part 5 record needs, with what the provider gave and whether it is missing."""

    id: str
    label: str
    value: str
    missing: bool


def check_notes(notes: Mapping[str, str] | None) -> dict[str, str]:
    """The notes, stripped, with every key of :data:`NOTE_KEYS` (blank where not given)."""
    if notes is None:
        notes = {}
    if not isinstance(notes, Mapping):
        raise InvalidInputError(
            f"The parameter 'criteria_notes' must be a mapping of note keys to text; got "
            f"{type(notes).__name__}."
        )
    unknown = [k for k in notes if k not in NOTE_KEYS]
    if unknown:
        raise InvalidInputError(
            f"The parameter 'criteria_notes' has unknown key(s) {', '.join(map(repr, unknown))}; "
            f"the keys allowed are {', '.join(NOTE_KEYS)}."
        )
    for k, v in notes.items():
        if not isinstance(v, str):
            raise InvalidInputError(
                f"The parameter 'criteria_notes' must hold text; {k!r} is {type(v).__name__}."
            )
    return {k: (notes.get(k) or "").strip() for k in NOTE_KEYS}


def criteria_checks(notes: Mapping[str, str]) -> tuple[CriterionCheck, ...]:
    """The four criteria, each *met* where the provider describes how, else *not shown*."""
    return tuple(
        CriterionCheck(
            key,
            label,
            help_text,
            (notes.get(key) or "").strip(),
            "met" if (notes.get(key) or "").strip() else "not_shown",
        )
        for key, (label, help_text) in CRITERIA.items()
    )


def verdict_for(methods, notes, needs) -> tuple[str, str, bool | None]:
    """The overall verdict id, its sentence, and whether the age assurance is highly effective."""
    capable = [m.name for m in methods if m.status == "capable"]
    never = [m.name.lower() for m in methods if m.status == "never"]
    duty = {
        True: " The service needs it, so it does not yet meet that duty.",
        None: " If the service needs it (see the reasons), it does not yet meet that duty.",
        False: "",
    }[needs]
    if not methods:
        return "no_method", "No age-assurance method is chosen." + duty, False
    if not capable:
        why = f" ({join_and(never)} never can be)" if never else ""
        return (
            "cannot_be_highly_effective",
            f"None of the chosen methods can be highly effective{why}, so the age assurance "
            "cannot be highly effective; choose a method Ofcom lists as capable, such as facial "
            "age estimation or photo-ID matching." + duty,
            False,
        )
    names = join_and([capable[0]] + [c.lower() for c in capable[1:]])
    subject = (
        f"{names} can be highly effective, but only if it is"
        if len(capable) == 1
        else f"{names} can be highly effective, but only if they are"
    )
    gaps = [label.lower() for key, (label, _) in CRITERIA.items() if not notes.get(key)]
    if gaps:
        return (
            "capable_criteria_not_shown",
            f"{subject} technically accurate, robust, reliable and fair in use; not yet shown: "
            f"{join_and(gaps)}.",
            None,
        )
    return (
        "capable_criteria_shown",
        f"{names} can be highly effective, and you describe how the age checks meet all four "
        "criteria; keep the evidence (Ofcom sets no numeric accuracy threshold).",
        True,
    )


def part5_record(methods, notes) -> tuple[RecordItem, ...]:
    """What the s.81 record-keeping duty needs, each item flagged where it is missing."""
    capable = [m.name for m in methods if m.status == "capable"]
    shown = [(CRITERIA[k][0], notes[k]) for k in CRITERIA if notes.get(k)]
    how = "; ".join(f"{label}: {text}" for label, text in shown)
    return (
        RecordItem(
            "methods",
            "The age verification or estimation methods used",
            join_and(capable) if capable else "",
            not capable,
        ),
        RecordItem(
            "criteria",
            "How the methods meet the four criteria (technically accurate, robust, reliable, fair)",
            how,
            len(shown) < len(CRITERIA),
        ),
        RecordItem(
            "privacy", RECORD_NOTES["privacy"], notes.get("privacy", ""), not notes.get("privacy")
        ),
        RecordItem(
            "user_summary",
            RECORD_NOTES["user_summary"],
            notes.get("user_summary", ""),
            not notes.get("user_summary"),
        ),
    )
