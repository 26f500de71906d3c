"""The service profile: read, validated, merged with a preset and written back.

The profile's frozen records and what each answer means are in :mod:`osa_toolkit.core.profile.model`
(re-exported here); parsing and the key checks are in :mod:`~osa_toolkit.core.profile.parse` and
:mod:`~osa_toolkit.core.profile.fields`.

>>> p = parse_profile({"profile_version": 1, "service": {"name": "Demo"},
...                    "scope": {"user_to_user": True}})
>>> p.scope.significant_uk_users is None, p.functionalities.direct_messaging
(True, False)
>>> parse_profile(profile_to_dict(p)) == p
True
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from typing import Any

from osa_toolkit.core.errors import ProfileError, shown
from osa_toolkit.core.profile import parse as _pp
from osa_toolkit.core.profile.model import (
    Children,
    Control,
    Evidence,
    EvidenceSource,
    Functionalities,
    HarmEvidence,
    NonDesignated,
    Provider,
    Scope,
    SearchInfo,
    Service,
    ServiceProfile,
    SourceFigures,
    SourceMappingRow,
    Tri,
    Users,
)

__all__ = [
    "Children",
    "Control",
    "Evidence",
    "EvidenceSource",
    "Functionalities",
    "HarmEvidence",
    "NonDesignated",
    "Provider",
    "Scope",
    "SearchInfo",
    "Service",
    "ServiceProfile",
    "SourceFigures",
    "SourceMappingRow",
    "Tri",
    "Users",
    "apply_preset",
    "check_profile",
    "merge_preset",
    "parse_profile",
    "profile_to_dict",
    "replace_in",
    "validate_preset",
]


def parse_profile(
    mapping: Mapping[str, Any],
    source: str = "profile",
    presets: Mapping[str, Mapping[str, Any]] | None = None,
) -> ServiceProfile:
    """Validate a profile mapping and build a :class:`ServiceProfile`.

    ``source`` names the file in error messages. ``presets`` maps preset ids to their (partial
    profile) contents; when given, ``service.software`` must be one of them and the preset is merged
    under the profile (the profile's own values win). Raises :class:`ProfileError`.

    >>> parse_profile({"profile_version": 1, "service": {"name": "X"},
    ...                "scope": {"user_to_user": "yes"}}, source="x.yaml")
    Traceback (most recent call last):
    ...
    osa_toolkit.core.errors.ProfileError: x.yaml: 'scope.user_to_user' must be true or false; found the text 'yes'.
    """
    if not isinstance(mapping, Mapping):
        raise ProfileError(
            f"{source}: the profile must be a set of keys (a mapping) such as 'service:' and "
            f"'scope:'; found {_pp.describe(mapping)}."
        )
    software = _pp.peek_software(mapping, source)
    if software is not None and presets is not None:
        try:
            mapping = merge_preset(mapping, _preset_for(software, presets, source))
        except RecursionError:  # merge_preset copies the user's values, however deep
            raise ProfileError(
                f"{source}: the data is nested too deeply to be a profile (sections inside "
                "sections hundreds of levels deep)."
            ) from None
    return _pp.build(mapping, source)


def check_profile(profile: ServiceProfile, source: str = "profile") -> ServiceProfile:
    """Re-run the cross-field checks on a profile built in code (e.g. by a form); return it."""
    _pp.cross_checks(profile, source)
    return profile


def merge_preset(mapping: Mapping[str, Any], preset: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge ``mapping`` over ``preset`` (sections merge, lists and values are replaced).

    >>> merge_preset({"functionalities": {"hyperlinks": False}},
    ...              {"functionalities": {"hyperlinks": True, "commenting": True}})
    {'functionalities': {'hyperlinks': False, 'commenting': True}}
    """
    merged: dict[str, Any] = copy.deepcopy({k: v for k, v in preset.items() if k != "about"})
    for key, value in mapping.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge_preset(value, merged[key])
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def validate_preset(preset_id: str, preset: Mapping[str, Any], source: str) -> None:
    """Check a preset's own content (only the keys a preset may set, with the right types)."""
    if not isinstance(preset, Mapping):
        raise ProfileError(f"{source}: a preset must be a mapping; found {_pp.describe(preset)}.")
    _pp.check_keys(preset, _pp.PRESET_KEYS, "", source)
    for section, allowed in (("scope", _pp.PRESET_SCOPE_KEYS), ("about", _pp.PRESET_ABOUT_KEYS)):
        if isinstance(preset.get(section), Mapping):
            _pp.check_keys(preset[section], allowed, section, source)
    probe = {"profile_version": 1, "service": {"name": preset_id}, "scope": {"user_to_user": True}}
    body = {k: v for k, v in preset.items() if k != "about"}
    _pp.build(merge_preset(body, probe), source)


def apply_preset(
    profile: ServiceProfile, preset_id: str, presets: Mapping[str, Mapping[str, Any]]
) -> ServiceProfile:
    """The profile with a preset's answers put in place of its own (as a form's preset picker does).

    The preset's ``service_types`` and ``functionalities`` replace the profile's whole sections; its
    ``scope`` keys replace those keys only. Everything else is kept.
    """
    preset = _preset_for(preset_id, presets, "the preset picker")
    data = profile_to_dict(profile)
    for key, value in preset.items():
        if key in ("service_types", "functionalities"):
            data[key] = copy.deepcopy(value)
        elif key == "scope":
            data["scope"].update(copy.deepcopy(value))
    data["service"]["software"] = preset_id
    return parse_profile(data, source="profile", presets=presets)


def replace_in(profile: ServiceProfile, dotted: str, value: Any) -> ServiceProfile:
    """A copy of ``profile`` with one answer changed, checked (``dataclasses.replace`` at each level).

    >>> p = parse_profile({"profile_version": 1, "service": {"name": "X"},
    ...                    "scope": {"user_to_user": True}})
    >>> replace_in(p, "functionalities.hyperlinks", True).functionalities.hyperlinks
    True
    """
    head, _, rest = dotted.partition(".")
    if not rest:
        new = dataclasses.replace(profile, **{head: value})
    else:
        inner = getattr(profile, head)
        if inner is None and head in ("search", "evidence"):
            inner = SearchInfo() if head == "search" else Evidence()
        new = dataclasses.replace(profile, **{head: _replace_nested(inner, rest, value)})
    if (
        dotted == "scope.search_engine"
    ):  # the search section exists exactly when it is a search engine
        new = dataclasses.replace(new, search=(new.search or SearchInfo()) if value else None)
    return check_profile(new)


def _replace_nested(obj: Any, dotted: str, value: Any) -> Any:
    head, _, rest = dotted.partition(".")
    if not rest:
        return dataclasses.replace(obj, **{head: value})
    return dataclasses.replace(obj, **{head: _replace_nested(getattr(obj, head), rest, value)})


def profile_to_dict(profile: ServiceProfile) -> dict[str, Any]:
    """The profile as a plain mapping in file order (``unknown`` for unknown answers; dates kept
    as :class:`datetime.date`). ``parse_profile(profile_to_dict(p)) == p``."""
    return _pp.to_dict(profile)


def _preset_for(
    preset_id: str, presets: Mapping[str, Mapping[str, Any]], source: str
) -> Mapping[str, Any]:
    if preset_id not in presets:
        raise ProfileError(
            f"{source}: 'service.software' is {shown(preset_id)}, which is not a known preset"
            f"{_pp.did_you_mean(preset_id, presets, inline=True)}; known presets: "
            f"{', '.join(sorted(presets))}."
        )
    return presets[preset_id]
