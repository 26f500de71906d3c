"""Reading a profile mapping into records, and back: the strict, one-sentence-error validator.

Private to :mod:`osa_toolkit.core.profile`; the public functions live there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from osa_toolkit.core.errors import ProfileError
from osa_toolkit.core.profile import sources as _profile_sources
from osa_toolkit.core.profile.fields import (
    CONTROL_KEYS,
    HARM_EVIDENCE_KEYS,
    MEASURE_ID,
    MISSING,
    NON_DESIGNATED_KEYS,
    PRESET_ABOUT_KEYS,
    PRESET_KEYS,
    PRESET_SCOPE_KEYS,
    PRINCIPAL_PURPOSES,
    SECTION_KEYS,
    SLUG,
    TOP_KEYS,
    UNKNOWABLE_KEYS,
    Reader,
    check_keys,
    describe,
    did_you_mean,
    fail,
)
from osa_toolkit.core.vocabulary import (
    FUNCTIONALITIES,
    MODERATION,
    PROVIDER_KINDS,
    SEARCH_TYPES,
    SERVICE_EXEMPTIONS,
    SERVICE_TYPES,
    UGC_LIMITS,
)

__all__ = [
    "PRESET_ABOUT_KEYS",
    "PRESET_KEYS",
    "PRESET_SCOPE_KEYS",
    "UNKNOWABLE_KEYS",
    "build",
    "check_keys",
    "cross_checks",
    "describe",
    "did_you_mean",
    "peek_software",
    "to_dict",
]


# ----------------------------------------------------------------------------- building


def peek_software(mapping: Mapping[str, Any], source: str) -> str | None:
    service = mapping.get("service")
    if not isinstance(service, Mapping):
        return None
    v = service.get("software")
    if v is None:
        return None
    if not isinstance(v, str) or not SLUG.match(v):
        raise fail(source, "service.software", "a preset id such as 'discourse'", v)
    return v


def build(mapping: Mapping[str, Any], source: str) -> Any:
    from osa_toolkit.core import profile as m

    check_keys(mapping, TOP_KEYS, "", source)
    top = Reader(mapping, "", source)
    version = top.raw("profile_version")
    if version is MISSING:
        raise ProfileError(f"{source}: 'profile_version' is required; expected 1.")
    if isinstance(version, bool) or version != 1:
        raise fail(source, "profile_version", "1 (the only version this toolkit reads)", version)

    sv = top.section("service", SECTION_KEYS["service"], required=True)
    service = m.Service(
        name=sv.text("name", required=True),
        url=sv.text("url"),
        description=sv.text("description"),
        software=peek_software(mapping, source),
        started_on=sv.date("started_on"),
    )
    pv = top.section("provider", SECTION_KEYS["provider"])
    provider = m.Provider(name=pv.text("name"), kind=pv.one_of("kind", PROVIDER_KINDS, None))
    sc = top.section("scope", SECTION_KEYS["scope"], required=True)
    scope = m.Scope(
        user_to_user=sc.boolean("user_to_user", default=None),
        search_engine=sc.boolean("search_engine"),
        provider_pornography=sc.boolean("provider_pornography"),
        ugc_limited_to=sc.slugs("ugc_limited_to", UGC_LIMITS),
        service_exemption=sc.one_of("service_exemption", SERVICE_EXEMPTIONS, "none"),
        uk_target_market=sc.tri("uk_target_market"),
        significant_uk_users=sc.tri("significant_uk_users"),
        uk_material_risk_of_significant_harm=sc.tri("uk_material_risk_of_significant_harm"),
    )
    us = top.section("users", SECTION_KEYS["users"])
    users = m.Users(
        uk_monthly_active_users=us.count("uk_monthly_active_users"),
        total_monthly_active_users=us.count("total_monthly_active_users"),
        uk_users_method=us.text("uk_users_method"),
    )
    ch = top.section("children", SECTION_KEYS["children"])
    children = m.Children(
        highly_effective_age_assurance=ch.boolean("highly_effective_age_assurance"),
        age_assurance_methods=ch.slugs("age_assurance_methods"),
        significant_number_of_child_users=ch.tri("significant_number_of_child_users"),
        likely_to_attract_children=ch.tri("likely_to_attract_children"),
        terms_prohibit=_terms_prohibit(ch, source),
        takedown_feasible=ch.boolean("takedown_feasible", default=True),
        determines_user_ages=ch.boolean("determines_user_ages", default=False),
        principal_purpose=ch.one_of("principal_purpose", PRINCIPAL_PURPOSES, "none"),
        age_groups_present=_age_groups(ch),
        non_designated=_non_designated(ch, source, m),
    )
    fn = top.section("functionalities", SECTION_KEYS["functionalities"])
    functionalities = m.Functionalities(**{k: fn.boolean(k) for k in FUNCTIONALITIES})

    search = None
    if top.raw("search") not in (MISSING, None):
        if not scope.search_engine:
            raise ProfileError(
                f"{source}: 'search' is filled in but 'scope.search_engine' is false; expected "
                "either 'scope.search_engine: true' or no 'search' section."
            )
    if scope.search_engine:
        se = top.section("search", SECTION_KEYS["search"])
        search_type = (
            None
            if se.raw("search_type") == "unknown"
            else se.one_of("search_type", SEARCH_TYPES, None)
        )
        search = m.SearchInfo(
            search_type=search_type,
            predictive_search=se.boolean("predictive_search"),
            image_search=se.boolean("image_search"),
        )

    profile = m.ServiceProfile(
        service=service,
        scope=scope,
        provider=provider,
        users=users,
        service_types=top.slugs("service_types", tuple(SERVICE_TYPES)),
        children=children,
        functionalities=functionalities,
        search=search,
        controls=_controls(top, source, m),
        evidence=_evidence(top, source, m),
    )
    cross_checks(profile, source)
    return profile


def _controls(top: Reader, source: str, m: Any) -> tuple[Any, ...]:
    v = top.raw("controls")
    if v is MISSING or v is None:
        return ()
    if not isinstance(v, list | tuple):
        raise fail(source, "controls", "a list of measures already in place", v)
    out = []
    for i, item in enumerate(v, start=1):
        prefix = f"controls[{i}]"
        if not isinstance(item, Mapping):
            raise fail(source, prefix, "a section with 'measure', 'since' and 'note'", item)
        check_keys(item, CONTROL_KEYS, prefix, source)
        r = Reader(item, prefix, source)
        measure = r.text("measure", required=True)
        if not MEASURE_ID.match(measure):
            raise r.fail(
                "measure",
                "an Ofcom measure id such as 'ICU C1' (ICU, ICS or PCU, a space, a letter and a "
                "number)",
                measure,
            )
        out.append(m.Control(measure=measure, since=r.date("since"), note=r.text("note")))
    return tuple(out)


def _terms_prohibit(ch: Reader, source: str) -> tuple[tuple[str, bool | None], ...]:
    raw = ch.raw("terms_prohibit")
    if raw in (MISSING, None):
        return ()
    what = "a section of children's content ids, each true, false or unknown"
    if not isinstance(raw, Mapping):
        raise ch.fail("terms_prohibit", what, raw)
    inner = Reader(raw, ch.key("terms_prohibit"), source)
    out = []
    for kind in raw:
        if not isinstance(kind, str) or not SLUG.match(kind):
            raise ch.fail(
                "terms_prohibit", "keyed by children's content ids such as 'pornography'", kind
            )
        out.append((kind, inner.tri(kind)))
    return tuple(out)


def _age_groups(ch: Reader) -> tuple[str, ...] | None:
    raw = ch.raw("age_groups_present")
    if raw in (MISSING, None):
        return None
    groups = ch.slugs("age_groups_present")
    if not groups:
        raise ch.fail(
            "age_groups_present",
            "a list of at least one age-group id such as 'age_13_15' (leave it out for all groups)",
            raw,
        )
    return groups


def _non_designated(ch: Reader, source: str, m: Any) -> tuple[Any, ...]:
    raw = ch.raw("non_designated")
    if raw in (MISSING, None):
        return ()
    key = ch.key("non_designated")
    if not isinstance(raw, list | tuple):
        raise ch.fail(
            "non_designated", "a list of kinds, each with 'id', 'name' and 'description'", raw
        )
    out, seen = [], set()
    for i, item in enumerate(raw, start=1):
        prefix = f"{key}[{i}]"
        if not isinstance(item, Mapping):
            raise fail(source, prefix, "a section with 'id', 'name' and 'description'", item)
        check_keys(item, NON_DESIGNATED_KEYS, prefix, source)
        r = Reader(item, prefix, source)
        kind = r.text("id", required=True)
        if not SLUG.match(kind):
            raise r.fail(
                "id", "an id of lower-case letters, digits and '_' such as 'gambling_ads'", kind
            )
        if kind in seen:
            raise ProfileError(
                f"{source}: {prefix + '.id'!r} repeats the id {kind!r}; name each kind once."
            )
        seen.add(kind)
        out.append(m.NonDesignated(id=kind, name=r.text("name"), description=r.text("description")))
    return tuple(out)


def _figures(ev: Reader, name: str, source: str, m: Any, example: str) -> tuple[Any, ...]:
    raw = ev.raw(name)
    out = []
    if raw in (MISSING, None):
        return ()
    if not isinstance(raw, Mapping):
        raise ev.fail(name, "a section of ids, each with reports and confirmed", raw)
    section = Reader(raw, ev.key(name), source)
    for kind in raw:
        if not isinstance(kind, str) or not SLUG.match(kind):
            raise fail(source, ev.key(name), f"keyed by ids such as {example!r}", kind)
        r = section.section(kind, HARM_EVIDENCE_KEYS)
        out.append(
            m.HarmEvidence(harm=kind, reports=r.count("reports"), confirmed=r.count("confirmed"))
        )
    return tuple(out)


def _evidence(top: Reader, source: str, m: Any) -> Any:
    if top.raw("evidence") in (MISSING, None):
        return None
    ev = top.section("evidence", SECTION_KEYS["evidence"])
    by_harm_raw = ev.raw("by_harm")
    if by_harm_raw not in (MISSING, None) and not isinstance(by_harm_raw, Mapping):
        raise ev.fail(
            "by_harm", "a section of harm ids, each with reports and confirmed", by_harm_raw
        )
    return m.Evidence(
        period_months=ev.count("period_months", minimum=1),
        reports_total=ev.count("reports_total"),
        moderation=ev.one_of("moderation", MODERATION, None),
        by_harm=_figures(ev, "by_harm", source, m, "fraud"),
        children_by_kind=_figures(ev, "children_by_kind", source, m, "bullying"),
        sources=_profile_sources.parse_sources(ev, source, m),
    )


def cross_checks(profile: Any, source: str) -> None:
    """The checks that involve more than one answer."""
    u = profile.users
    if (
        u.uk_monthly_active_users is not None
        and u.total_monthly_active_users is not None
        and u.uk_monthly_active_users > u.total_monthly_active_users
    ):
        raise ProfileError(
            f"{source}: 'users.uk_monthly_active_users' must not be more than "
            f"'users.total_monthly_active_users' ({u.total_monthly_active_users}); found "
            f"{u.uk_monthly_active_users}."
        )
    f = profile.functionalities
    if f.encrypted_messaging and not (
        f.direct_messaging or f.user_groups or "messaging" in profile.service_types
    ):
        raise ProfileError(
            f"{source}: 'functionalities.encrypted_messaging' is true but there is no messaging to "
            "encrypt; expected 'functionalities.direct_messaging' or 'functionalities.user_groups' "
            "to be true, or 'messaging' in 'service_types'."
        )
    if profile.scope.ugc_limited_to and not profile.scope.user_to_user:
        raise ProfileError(
            f"{source}: 'scope.ugc_limited_to' describes what users can share, so it only applies "
            "when 'scope.user_to_user' is true; found it filled in with 'scope.user_to_user' false."
        )
    if profile.search is not None and not profile.scope.search_engine:
        raise ProfileError(
            f"{source}: 'search' is filled in but 'scope.search_engine' is false; expected "
            "either 'scope.search_engine: true' or no 'search' section."
        )


# ----------------------------------------------------------------------------- writing


def _tri_out(v: bool | None) -> bool | str:
    return "unknown" if v is None else v


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def to_dict(p: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"profile_version": p.profile_version}
    out["service"] = _drop_none(
        {
            "name": p.service.name,
            "url": p.service.url,
            "description": p.service.description,
            "software": p.service.software,
            "started_on": p.service.started_on,
        }
    )
    provider = _drop_none({"name": p.provider.name, "kind": p.provider.kind})
    if provider:
        out["provider"] = provider
    s = p.scope
    out["scope"] = {
        "user_to_user": s.user_to_user,
        "search_engine": s.search_engine,
        "provider_pornography": s.provider_pornography,
        "ugc_limited_to": list(s.ugc_limited_to),
        "service_exemption": s.service_exemption,
        "uk_target_market": _tri_out(s.uk_target_market),
        "significant_uk_users": _tri_out(s.significant_uk_users),
        "uk_material_risk_of_significant_harm": _tri_out(s.uk_material_risk_of_significant_harm),
    }
    out["users"] = {
        "uk_monthly_active_users": p.users.uk_monthly_active_users,
        "total_monthly_active_users": p.users.total_monthly_active_users,
    }
    if p.users.uk_users_method is not None:
        out["users"]["uk_users_method"] = p.users.uk_users_method
    out["service_types"] = list(p.service_types)
    c = p.children
    out["children"] = {
        "highly_effective_age_assurance": c.highly_effective_age_assurance,
        "age_assurance_methods": list(c.age_assurance_methods),
        "significant_number_of_child_users": _tri_out(c.significant_number_of_child_users),
        "likely_to_attract_children": _tri_out(c.likely_to_attract_children),
    }
    out["children"].update(_children_extensions(c))
    out["functionalities"] = {k: getattr(p.functionalities, k) for k in FUNCTIONALITIES}
    if p.search is not None:
        out["search"] = {
            "search_type": p.search.search_type or "unknown",
            "predictive_search": p.search.predictive_search,
            "image_search": p.search.image_search,
        }
    if p.controls:
        out["controls"] = [
            _drop_none({"measure": x.measure, "since": x.since, "note": x.note}) for x in p.controls
        ]
    if p.evidence is not None:
        e = p.evidence
        ev = _drop_none(
            {
                "period_months": e.period_months,
                "reports_total": e.reports_total,
                "moderation": e.moderation,
            }
        )
        for name in ("by_harm", "children_by_kind"):
            if getattr(e, name):
                ev[name] = {
                    h.harm: _drop_none({"reports": h.reports, "confirmed": h.confirmed})
                    for h in getattr(e, name)
                }
        if e.sources:
            ev["sources"] = _profile_sources.sources_to_list(e.sources)
        out["evidence"] = ev
    return out


def _children_extensions(c: Any) -> dict[str, Any]:
    """The children's risk assessment keys, written only where they differ from the default."""
    out: dict[str, Any] = {}
    if c.terms_prohibit:
        out["terms_prohibit"] = {k: _tri_out(v) for k, v in c.terms_prohibit}
    if not c.takedown_feasible:
        out["takedown_feasible"] = False
    if c.determines_user_ages:
        out["determines_user_ages"] = True
    if c.principal_purpose != "none":
        out["principal_purpose"] = c.principal_purpose
    if c.age_groups_present is not None:
        out["age_groups_present"] = list(c.age_groups_present)
    if c.non_designated:
        out["non_designated"] = [
            _drop_none({"id": n.id, "name": n.name, "description": n.description})
            for n in c.non_designated
        ]
    return out
