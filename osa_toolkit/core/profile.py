"""The service profile: what a provider says about one service, as frozen records.

A profile is the *user's* side (the registers are the authored side). It is read from a mapping (the
YAML or JSON file, already parsed by :mod:`osa_toolkit.files.profiles`), validated strictly, and turned
into :class:`ServiceProfile`. Unknown keys, wrong types and impossible combinations raise one
:class:`~osa_toolkit.core.errors.ProfileError` sentence naming the file, the dotted key, what was
expected and what was found.

Tri-state answers (``true`` / ``false`` / ``unknown``) are held as ``True`` / ``False`` / ``None``;
:meth:`ServiceProfile.unknowns` lists the dotted keys answered ``unknown`` (or left out, where a
missing answer means unknown).

Defaults for keys left out (after the preset named by ``service.software`` is merged in):
``scope.user_to_user`` is required; ``search_engine`` and ``provider_pornography`` are false,
``ugc_limited_to`` is empty and ``service_exemption`` is ``none``; the three UK-links answers, the two
children's stage-2 answers and the two user counts are unknown; ``service_types``,
``age_assurance_methods`` and ``controls`` are empty; ``highly_effective_age_assurance`` is false;
every functionality is false unless the preset sets it; ``search`` exists exactly when
``scope.search_engine`` is true (its ``search_type`` unknown, its features false unless given).
A ``search`` section while ``scope.search_engine`` is false is refused, not ignored: a
contradiction usually means one of the two answers is wrong. Errors in ``controls`` name the entry
counting from 1 (``controls[2].measure`` is the second).

Extensions to ``interfaces.md`` §1: ``service.started_on`` (date first available to UK users; the
3-month rule for new services), ``null`` accepted as well as ``unknown`` for tri-state answers, and
a preset's own ``about`` section (name, summary, sources) which is not part of a profile.

Children's risk assessment extensions (all optional, under ``children:``): ``terms_prohibit`` (a
mapping of children's content id to true / false / unknown: whether the terms of service prohibit
that kind for all users; a kind left out is unknown), ``takedown_feasible`` (default true),
``principal_purpose`` (``none`` | ``ppc`` | ``pc``, default ``none``), ``age_groups_present`` (age-group
ids; left out means every age group of the register) and ``non_designated`` (a list of ``{id, name,
description}``). Under ``evidence:``, ``children_by_kind`` holds ``{reports, confirmed}`` per
children's content id, as ``by_harm`` does per harm, and ``sources`` lists the moderation exports
the figures were imported from (:class:`EvidenceSource`; see ``docs/evidence-import.md``). The ids are checked against a register edition
when the children's risk assessment runs (:func:`osa_toolkit.core.assessments.childrens_risk.check_children_answers`),
since a profile is read without one. They are written back only when they differ from the default.

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
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from osa_toolkit.core.errors import ProfileError, shown
from osa_toolkit.core.profile import parse as _pp

Tri = bool | None
"""A tri-state answer: ``None`` means the provider answered ``unknown``."""


@dataclass(frozen=True)
class Service:
    name: str
    url: str | None = None
    description: str | None = None
    software: str | None = None
    started_on: dt.date | None = None
    """Extension: when the service first became available to UK users (for the 3-month rule)."""


@dataclass(frozen=True)
class Provider:
    name: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Scope:
    user_to_user: bool
    search_engine: bool = False
    provider_pornography: bool = False
    ugc_limited_to: tuple[str, ...] = ()
    service_exemption: str = "none"
    uk_target_market: Tri = None
    significant_uk_users: Tri = None
    uk_material_risk_of_significant_harm: Tri = None


@dataclass(frozen=True)
class Users:
    uk_monthly_active_users: int | None = None
    total_monthly_active_users: int | None = None
    uk_users_method: str | None = None

    @property
    def uk_users_at_most(self) -> int | None:
        """The most monthly UK users the service can have, or ``None`` when nothing bounds it.

        The UK figure where it is known; else the total (UK users are some of all users); else
        ``None``. The one place this bound is worked out: facts such as "large" and the reach of a
        service use it.

        >>> Users(uk_monthly_active_users=None, total_monthly_active_users=19).uk_users_at_most
        19
        >>> Users(uk_monthly_active_users=12, total_monthly_active_users=19).uk_users_at_most
        12
        >>> Users().uk_users_at_most is None
        True
        """
        if self.uk_monthly_active_users is not None:
            return self.uk_monthly_active_users
        return self.total_monthly_active_users

    def uk_users_over(self, n: int) -> bool | None:
        """Whether the service has more than ``n`` monthly UK users (``None``: not known).

        Where the UK figure is unknown, a total of ``n`` or fewer settles it: ``False``.

        >>> Users(total_monthly_active_users=19).uk_users_over(7_000_000)
        False
        >>> Users(total_monthly_active_users=9_000_000).uk_users_over(7_000_000) is None
        True
        """
        if self.uk_monthly_active_users is not None:
            return self.uk_monthly_active_users > n
        bound = self.total_monthly_active_users
        return False if bound is not None and bound <= n else None


@dataclass(frozen=True)
class NonDesignated:
    """A kind of non-designated content harmful to children that the provider names (s.60(2)(c)).

    ``name`` may be left out only for a kind the register already names (e.g. ``depression``).
    """

    id: str
    name: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Children:
    highly_effective_age_assurance: bool = False
    age_assurance_methods: tuple[str, ...] = ()
    significant_number_of_child_users: Tri = None
    likely_to_attract_children: Tri = None
    terms_prohibit: tuple[tuple[str, Tri], ...] = ()
    """Extension: (children's content id, whether the terms prohibit it for all users), file order."""
    takedown_feasible: bool = True
    """Extension: whether taking such content down is technically feasible (PCU C1.3(a))."""
    principal_purpose: str = "none"
    """Extension: ``none``, ``ppc`` or ``pc`` — what the service mainly exists to host or share."""
    age_groups_present: tuple[str, ...] | None = None
    """Extension: age-group ids of the register that use the service; ``None`` means all of them."""
    non_designated: tuple[NonDesignated, ...] = ()
    """Extension: non-designated content kinds the provider has identified."""
    determines_user_ages: bool = False
    """Extension: the service already has a means of determining users' ages (age checks, or age
    data it already holds), so it knows which users are children (ICU F1/F2)."""

    def prohibits(self, kind: str) -> Tri:
        """Whether the terms prohibit ``kind`` for all users (``None``: not said).

        >>> Children(terms_prohibit=(("pornography", True),)).prohibits("pornography")
        True
        >>> Children().prohibits("bullying") is None
        True
        """
        return dict(self.terms_prohibit).get(kind)


@dataclass(frozen=True)
class Functionalities:
    """Ofcom's U2U Risk Profile questions 3-8 (codes in ``vocabulary.FUNCTIONALITIES``)."""

    user_profiles: bool = False
    profile_pages: bool = False
    anonymous_profiles: bool = False
    posting_without_account: bool = False
    user_connections: bool = False
    visible_connection_lists: bool = False
    user_groups: bool = False
    livestreaming: bool = False
    direct_messaging: bool = False
    encrypted_messaging: bool = False
    commenting: bool = False
    posting_images_or_videos: bool = False
    posting_location: bool = False
    reposting_or_forwarding: bool = False
    goods_or_services_for_sale: bool = False
    ugc_search: bool = False
    hyperlinks: bool = False
    content_recommender: bool = False
    network_recommender: bool = False

    def present(self) -> tuple[str, ...]:
        """The functionality keys answered true, in questionnaire order."""
        return tuple(f.name for f in dataclasses.fields(self) if getattr(self, f.name))


@dataclass(frozen=True)
class SearchInfo:
    search_type: str | None = None
    predictive_search: bool = False
    image_search: bool = False


@dataclass(frozen=True)
class Control:
    measure: str
    since: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class HarmEvidence:
    harm: str
    reports: int | None = None
    confirmed: int | None = None


@dataclass(frozen=True)
class SourceFigures:
    """One kind's figures from one imported export (``evidence.sources[].by_harm``)."""

    kind: str
    reports: int = 0
    confirmed: int = 0
    dismissed: int = 0
    open: int = 0
    per_10k_users_per_year: float | None = None
    median_days_to_action: float | None = None


@dataclass(frozen=True)
class SourceMappingRow:
    category: str
    harm: str = ""  # a harm id, "none" (not illegal content) or "" (unmapped)
    child_kind: str = ""


@dataclass(frozen=True)
class EvidenceSource:
    """Extension: one moderation export the evidence was imported from, and how it was read.

    The file's name and sha256, the software, the period its reports cover, the mapping and outcome
    table used, the categories left unmapped (with their report counts), the figures per kind, and
    what was dropped at import (account names, free text) in plain words. No personal data.
    """

    file: str
    sha256: str
    software: str
    period_start: dt.date
    period_end: dt.date
    records: int = 0
    reports_total: int = 0
    users: int | None = None
    mapping: tuple[SourceMappingRow, ...] = ()
    outcomes: tuple[tuple[str, str], ...] = ()
    unmapped: tuple[tuple[str, int], ...] = ()
    by_harm: tuple[SourceFigures, ...] = ()
    children_by_kind: tuple[SourceFigures, ...] = ()
    dropped: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Evidence:
    period_months: int | None = None
    reports_total: int | None = None
    moderation: str | None = None
    by_harm: tuple[HarmEvidence, ...] = ()
    children_by_kind: tuple[HarmEvidence, ...] = ()
    """Extension: the same figures per kind of content harmful to children (``harm`` holds its id)."""
    sources: tuple[EvidenceSource, ...] = ()
    """Extension: the moderation exports the figures were imported from (the evidence annex)."""


@dataclass(frozen=True)
class ServiceProfile:
    """One service, as its provider describes it (``profile_version: 1``)."""

    service: Service
    scope: Scope
    provider: Provider = field(default_factory=Provider)
    users: Users = field(default_factory=Users)
    service_types: tuple[str, ...] = ()
    children: Children = field(default_factory=Children)
    functionalities: Functionalities = field(default_factory=Functionalities)
    search: SearchInfo | None = None
    controls: tuple[Control, ...] = ()
    evidence: Evidence | None = None
    profile_version: int = 1

    def unknowns(self) -> tuple[str, ...]:
        """Dotted keys of the answers that are unknown (``None``), in file order.

        >>> p = parse_profile({"profile_version": 1, "service": {"name": "X"},
        ...     "scope": {"user_to_user": True, "uk_target_market": True,
        ...               "significant_uk_users": False,
        ...               "uk_material_risk_of_significant_harm": False},
        ...     "users": {"uk_monthly_active_users": 10, "total_monthly_active_users": 10},
        ...     "children": {"significant_number_of_child_users": False}})
        >>> p.unknowns()
        ('children.likely_to_attract_children',)
        """
        out = [key for key in _pp.UNKNOWABLE_KEYS if self.get(key) is None]
        if self.search is not None and self.search.search_type is None:
            out.append("search.search_type")
        return tuple(out)

    def get(self, dotted: str) -> Any:
        """The value at a dotted key such as ``"scope.uk_target_market"``."""
        value: Any = self
        for part in dotted.split("."):
            value = getattr(value, part)
        return value


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
