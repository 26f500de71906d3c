"""The profile's keys, the typed readers and the one-sentence error messages.

Private to :mod:`osa_toolkit.core.profile` (via :mod:`osa_toolkit.core.profile.parse`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from osa_toolkit.core.errors import ProfileError, shown
from osa_toolkit.core.vocabulary import FUNCTIONALITIES

MISSING = object()

TOP_KEYS = (
    "profile_version",
    "service",
    "provider",
    "scope",
    "users",
    "service_types",
    "children",
    "functionalities",
    "search",
    "controls",
    "evidence",
)
SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "service": ("name", "url", "description", "software", "started_on"),
    "provider": ("name", "kind"),
    "scope": (
        "user_to_user",
        "search_engine",
        "provider_pornography",
        "ugc_limited_to",
        "service_exemption",
        "uk_target_market",
        "significant_uk_users",
        "uk_material_risk_of_significant_harm",
    ),
    "users": ("uk_monthly_active_users", "total_monthly_active_users", "uk_users_method"),
    "children": (
        "highly_effective_age_assurance",
        "age_assurance_methods",
        "significant_number_of_child_users",
        "likely_to_attract_children",
        "terms_prohibit",
        "takedown_feasible",
        "determines_user_ages",
        "principal_purpose",
        "age_groups_present",
        "non_designated",
    ),
    "functionalities": tuple(FUNCTIONALITIES),
    "search": ("search_type", "predictive_search", "image_search"),
    "evidence": (
        "period_months",
        "reports_total",
        "moderation",
        "by_harm",
        "children_by_kind",
        "sources",
    ),
}
CONTROL_KEYS = ("measure", "since", "note")
HARM_EVIDENCE_KEYS = ("reports", "confirmed")
SOURCE_KEYS = (
    "file",
    "sha256",
    "software",
    "period_start",
    "period_end",
    "records",
    "reports_total",
    "users",
    "mapping",
    "outcomes",
    "unmapped",
    "by_harm",
    "children_by_kind",
    "dropped",
    "note",
)
"""``evidence.sources[]``: one imported moderation export (see docs/evidence-import.md)."""
SOURCE_FIGURE_KEYS = (
    "reports",
    "confirmed",
    "dismissed",
    "open",
    "per_10k_users_per_year",
    "median_days_to_action",
)
SOURCE_MAPPING_KEYS = ("category", "harm", "child_kind")
SOURCE_UNMAPPED_KEYS = ("category", "reports")
SOURCE_OUTCOMES = ("confirmed", "dismissed", "open", "ignore")
NON_DESIGNATED_KEYS = ("id", "name", "description")
PRINCIPAL_PURPOSES = ("none", "ppc", "pc")
"""``children.principal_purpose``: none, or hosting/disseminating primary priority / priority content."""
PRESET_KEYS = ("about", "scope", "service_types", "functionalities")
PRESET_SCOPE_KEYS = ("user_to_user", "search_engine", "ugc_limited_to")
PRESET_ABOUT_KEYS = ("name", "summary", "sources")

UNKNOWABLE_KEYS = (
    "scope.uk_target_market",
    "scope.significant_uk_users",
    "scope.uk_material_risk_of_significant_harm",
    "users.uk_monthly_active_users",
    "users.total_monthly_active_users",
    "children.significant_number_of_child_users",
    "children.likely_to_attract_children",
)
"""Answers that may be unknown (``None``), in file order."""

MEASURE_ID = re.compile(r"^(ICU|ICS|PCU) [A-Z][0-9]{1,2}$")
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")

# ----------------------------------------------------------------------------- messages

MAX_COUNT = 10**15
"""The largest count a profile takes (users, reports, months): far above any service, and small
enough to compute with exactly (a larger number such as 10**309 cannot even become a float)."""
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
"""The dates a profile takes: a review date a year after 9999-12-31 cannot be written."""


def describe(value: Any) -> str:
    """How a found value is named in an error sentence."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return shown(value)
    if isinstance(value, str):
        return f"the text {shown(value)}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, Mapping):
        return "a section of keys"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a value of type {type(value).__name__}"


def did_you_mean(word: Any, options: Iterable[str], inline: bool = False) -> str:
    if not isinstance(word, str):  # only a word can be a misspelling (and str() of a list built
        return ""  # from YAML aliases can be gigabytes: a "billion laughs" document)
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    if not close:
        return ""
    return f" (did you mean {close[0]!r}?)" if inline else f"; did you mean {close[0]!r}?"


def fail(source: str, key: str, expected: str, found: Any) -> ProfileError:
    return ProfileError(f"{source}: {key!r} must be {expected}; found {describe(found)}.")


def dotted(prefix: str, key: Any) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


def check_keys(
    mapping: Mapping[Any, Any], allowed: tuple[str, ...], prefix: str, source: str
) -> None:
    """Refuse the first key not in ``allowed``, suggesting the closest allowed one."""
    for key in mapping:
        if key in allowed:
            continue
        hint = did_you_mean(key, allowed)
        if not hint:
            where = f"in {prefix!r}" if prefix else "at the top level"
            hint = f"; the keys allowed {where} are: {', '.join(allowed)}."
        # a short excerpt only: the key may be the first line of a file that is not a profile
        short = key[:40] + "…" if isinstance(key, str) and len(key) > 40 else key
        key_text = shown(dotted(prefix, short), 120)
        raise ProfileError(f"{source}: {key_text} is not a known key{hint}")


def unicode_text(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (JSON's ``"\\ud800"`` escape gives text that cannot).

    >>> unicode_text("café"), unicode_text("\\ud800")
    (True, False)
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# ----------------------------------------------------------------------------- readers


class Reader:
    """Reads typed values out of one section, naming dotted keys in errors."""

    def __init__(self, mapping: Mapping[str, Any], prefix: str, source: str) -> None:
        self.m, self.prefix, self.source = mapping, prefix, source

    def key(self, name: str) -> str:
        return dotted(self.prefix, name)

    def raw(self, name: str) -> Any:
        return self.m.get(name, MISSING)

    def fail(self, name: str, expected: str, found: Any) -> ProfileError:
        return fail(self.source, self.key(name), expected, found)

    def text(self, name: str, required: bool = False) -> str | None:
        v = self.raw(name)
        if v is MISSING or (v is None and not required):
            if required:
                raise ProfileError(f"{self.source}: {self.key(name)!r} is required; expected text.")
            return None
        if not isinstance(v, str) or (required and not v.strip()):
            raise self.fail(name, "text" if not required else "non-empty text", v)
        if not unicode_text(v):
            raise self.fail(
                name, "text of whole characters (not a lone surrogate such as \\ud800)", v
            )
        return v

    def boolean(self, name: str, default: bool | None = False) -> bool:
        v = self.raw(name)
        if v is MISSING:
            if default is None:
                raise ProfileError(
                    f"{self.source}: {self.key(name)!r} is required; expected true or false."
                )
            return default
        if not isinstance(v, bool):
            raise self.fail(name, "true or false", v)
        return v

    def tri(self, name: str) -> bool | None:
        v = self.raw(name)
        if v is MISSING or v is None or v == "unknown":
            return None
        if not isinstance(v, bool):
            raise self.fail(name, "true, false or unknown", v)
        return v

    def count(self, name: str, minimum: int = 0) -> int | None:
        v = self.raw(name)
        if v is MISSING or v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int) or not minimum <= v <= MAX_COUNT:
            raise self.fail(
                name,
                f"a whole number of {minimum} or more, at most {MAX_COUNT:,} (or null when not "
                "known)",
                v,
            )
        return v

    def date(self, name: str) -> dt.date | None:
        v = self.raw(name)
        if v is MISSING or v is None:
            return None
        if isinstance(v, dt.datetime):
            v = v.date()
        if isinstance(v, str):
            try:
                return dt.date.fromisoformat(v)
            except ValueError:
                pass
        if not isinstance(v, dt.date) or not FIRST_DATE <= v <= LAST_DATE:
            raise self.fail(
                name,
                f"a date written YYYY-MM-DD between {FIRST_DATE.isoformat()} and "
                f"{LAST_DATE.isoformat()}",
                v,
            )
        return v

    def one_of(self, name: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        v = self.raw(name)
        if v is MISSING or v is None:
            return default
        if v not in allowed:
            raise self.fail(
                name, "one of " + ", ".join(allowed) + did_you_mean(v, allowed, inline=True), v
            )
        return v

    def slugs(self, name: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
        v = self.raw(name)
        if v is MISSING or v is None:
            return ()
        what = "a list of " + ("any of " + ", ".join(allowed) if allowed else "ids")
        if not isinstance(v, list | tuple):
            raise self.fail(name, what, v)
        out: list[str] = []
        for item in v:
            ok = isinstance(item, str) and (item in allowed if allowed else bool(SLUG.match(item)))
            if not ok:
                hint = did_you_mean(item, allowed or (), inline=True)
                raise ProfileError(
                    f"{self.source}: {self.key(name)!r} must be {what}; it contains "
                    f"{describe(item)}{hint}."
                )
            if item not in out:
                out.append(item)
        return tuple(out)

    def section(self, name: str, allowed: tuple[str, ...], required: bool = False) -> Reader:
        v = self.raw(name)
        if v is MISSING or v is None:
            if required:
                raise ProfileError(
                    f"{self.source}: the section {self.key(name)!r} is required; "
                    f"expected keys such as {', '.join(allowed[:3])}."
                )
            v = {}
        if not isinstance(v, Mapping):
            raise self.fail(name, "a section of keys (a mapping)", v)
        check_keys(v, allowed, self.key(name), self.source)
        return Reader(v, self.key(name), self.source)
