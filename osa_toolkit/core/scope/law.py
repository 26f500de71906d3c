"""The statutory decisions behind the regulation checker (ss.3-4, s.80, Schedules 1-2), kept apart
from the dates and the result type in :mod:`osa_toolkit.core.scope`.

Every decision adds the sentence that explains it, written for a volunteer who runs a forum.
"""

from __future__ import annotations

from dataclasses import dataclass

from osa_toolkit.core.profile import ServiceProfile
from osa_toolkit.core.vocabulary import FUNCTIONALITIES, SERVICE_TYPES
from osa_toolkit.core.words import join_and

# What each kind of "limited" user content lets users do without losing the exemption, and its
# Schedule 1 paragraph. Anything else the service offers ends the exemption.
_MESSAGE_LIKE = {"direct_messaging", "user_groups", "encrypted_messaging", "hyperlinks"}
# Comments and reviews may be shown with "identifying content" (a user name or profile picture,
# s.236) without losing the exemption (Sch.1 para 4(1)(d)): ``user_profiles`` covers that, while
# ``profile_pages`` (pages with more than that) ends it.
_COMMENTS = frozenset(
    {
        "commenting",
        "hyperlinks",
        "anonymous_profiles",
        "posting_without_account",
        "user_profiles",
        "ugc_search",
        "content_recommender",
    }
)
ALLOWED_FUNCTIONALITIES: dict[str, frozenset[str]] = {
    "email": frozenset(
        _MESSAGE_LIKE | {"posting_images_or_videos", "reposting_or_forwarding", "ugc_search"}
    ),
    "sms": frozenset(_MESSAGE_LIKE | {"reposting_or_forwarding"}),
    "mms": frozenset(_MESSAGE_LIKE | {"reposting_or_forwarding", "posting_images_or_videos"}),
    "one_to_one_live_aural": frozenset({"direct_messaging", "encrypted_messaging"}),
    "comments_on_provider_content": _COMMENTS,
    "reviews_on_provider_content": _COMMENTS,
}
ALLOWED_SERVICE_TYPES: dict[str, frozenset[str]] = {
    "email": frozenset({"messaging"}),
    "sms": frozenset({"messaging"}),
    "mms": frozenset({"messaging"}),
    "one_to_one_live_aural": frozenset({"messaging"}),
    "comments_on_provider_content": frozenset(),
    "reviews_on_provider_content": frozenset(),
}
CONTENT_EXEMPTION: dict[str, tuple[str, int]] = {
    "email": ("email_only", 1),
    "sms": ("sms_mms_only", 2),
    "mms": ("sms_mms_only", 2),
    "one_to_one_live_aural": ("one_to_one_aural_only", 3),
    "comments_on_provider_content": ("limited_functionality", 4),
    "reviews_on_provider_content": ("limited_functionality", 4),
}
COMBINATION = "combination_of_exempt"
CARVEBACK = "provider_porn_carveback"
SERVICE_EXEMPTION_PARA = {"internal_business": 7, "public_body": 9, "education_childcare": 10}
EXEMPTION_IDS = (
    *sorted({v[0] for v in CONTENT_EXEMPTION.values()}),
    COMBINATION,
    CARVEBACK,
    *SERVICE_EXEMPTION_PARA,
)
"""Every exemption id the checker can return (all are rows of ``exemptions.csv``)."""

KIND_TEXT = {
    "email": "emails",
    "sms": "text messages (SMS)",
    "mms": "picture messages (MMS)",
    "one_to_one_live_aural": "live one-to-one voice calls",
    "comments_on_provider_content": "comments on your own content",
    "reviews_on_provider_content": "reviews of your own content",
}
FUNCTIONALITY_TEXT = {
    "user_profiles": "user names or pictures shown with what users post",
    "profile_pages": "profile pages others can see with more than a user name and picture",
    "anonymous_profiles": "anonymous posting",
    "posting_without_account": "posting without an account",
    "user_connections": "following or friending",
    "visible_connection_lists": "connection lists others can see",
    "user_groups": "groups or group messaging",
    "livestreaming": "livestreaming",
    "direct_messaging": "direct messages",
    "encrypted_messaging": "encrypted messaging",
    "commenting": "commenting",
    "posting_images_or_videos": "posting images or videos",
    "posting_location": "sharing locations",
    "reposting_or_forwarding": "re-posting or forwarding",
    "goods_or_services_for_sale": "posting goods or services for sale",
    "ugc_search": "searching user content",
    "hyperlinks": "links",
    "content_recommender": "a content recommender",
    "network_recommender": "a network recommender",
}
REGIME_TEXT = {
    "part3_user_to_user": "the Part 3 duties for user-to-user services",
    "part3_search": "the Part 3 duties for search services",
    "part5_pornography": "the Part 5 duties for pornography the provider publishes",
}
LINKS = {
    "scope.significant_uk_users": ("it has a significant number of UK users", "s.4(5)(a)"),
    "scope.uk_target_market": ("the UK is one of its target markets", "s.4(5)(b)"),
    "scope.uk_material_risk_of_significant_harm": (
        "it can be used in the UK and there are reasonable grounds to believe its content poses a "
        "material risk of significant harm to people in the UK",
        "s.4(6)",
    ),
}
PART5_LINK_KEYS = ("scope.significant_uk_users", "scope.uk_target_market")
PART5_SECTIONS = {
    "scope.significant_uk_users": "s.80(4)(a)",
    "scope.uk_target_market": "s.80(4)(b)",
}


@dataclass(frozen=True)
class Outcome:
    regimes: tuple[str, ...]
    exemptions: tuple[str, ...]
    reasons: tuple[str, ...]
    unknowns: tuple[str, ...]
    uk_links: bool | None
    part5_uk_links: bool | None


def any3(values: list[bool | None]) -> bool | None:
    """Three-valued "any": true if one is true, else unknown if one is unknown, else false."""
    if True in values:
        return True
    return None if None in values else False


def decide(profile: ServiceProfile) -> Outcome:
    """Which regimes apply and why (links, kinds of service, Schedule 1 and 2)."""
    s = profile.scope
    reasons: list[str] = []
    unknowns: list[str] = []
    exemptions: list[str] = []
    _kind_reasons(profile, reasons)
    service_ex = None if s.service_exemption == "none" else s.service_exemption
    if service_ex and (s.user_to_user or s.search_engine or s.provider_pornography):
        exemptions.append(service_ex)
        _service_exemption_reasons(profile, service_ex, reasons)
    content_ex = None
    if s.user_to_user and not service_ex:
        content_ex = _content_exemption(profile, reasons)
        if content_ex:
            exemptions.append(content_ex)
    if s.user_to_user and s.search_engine and not service_ex:
        reasons.append(
            "Being both, it is a combined service: the search duties cover the search engine"
            + (
                "; its user-to-user part is exempt, as explained above."
                if content_ex
                else " and the user-to-user duties cover the rest."
            )
        )
    wants_p3 = (s.user_to_user and not service_ex and not content_ex) or (
        s.search_engine and not service_ex
    )
    wants_p5 = s.provider_pornography and not service_ex

    links = any3([profile.get(k) for k in LINKS])
    p5_links = any3([profile.get(k) for k in PART5_LINK_KEYS])
    if wants_p3:
        _link_reasons(profile, links, list(LINKS), "", reasons, unknowns)
    if wants_p5:
        _part5_link_reasons(profile, p5_links, links, reasons, unknowns)
    note = _user_count_note(profile) if (wants_p3 or wants_p5) else None
    if note:
        reasons.append(note)

    regimes: list[str] = []
    if links is not False:
        if s.user_to_user and not service_ex and not content_ex:
            regimes.append("part3_user_to_user")
        if s.search_engine and not service_ex:
            regimes.append("part3_search")
    if wants_p5 and p5_links is not False:
        regimes.append("part5_pornography")
        if content_ex:
            exemptions.append(CARVEBACK)
            reasons.append(
                "Because you publish pornography yourself, the Schedule 1 exemption does not take "
                "the service out of the Act altogether (Schedule 2 para 1): it has the "
                "Part 5 pornography duties, though not the Part 3 user-to-user duties."
            )
    if service_ex and s.provider_pornography:
        section = "s.80(5)" if service_ex == "internal_business" else "s.80(3)"
        reasons.append(
            "Because the service is exempt under Schedule 1, the Part 5 pornography duties do not "
            f"apply to it either ({section})."
        )
    if any(r.startswith("part3") for r in regimes):
        reasons.append(_no_size_exemption(profile))
    reasons.insert(0, _summary(regimes))
    return Outcome(
        regimes=tuple(regimes),
        exemptions=tuple(exemptions),
        reasons=tuple(reasons),
        unknowns=tuple(dict.fromkeys(unknowns)),
        uk_links=links,
        part5_uk_links=p5_links,
    )


def _summary(regimes: list[str]) -> str:
    if not regimes:
        return "Not in scope: as described, the service has none of the Act's duties."
    return "In scope: " + join_and([REGIME_TEXT[r] for r in regimes]) + " apply."


def _kind_reasons(profile: ServiceProfile, reasons: list[str]) -> None:
    s = profile.scope
    if s.user_to_user:
        reasons.append(
            "Users can share content that other users may encounter, so it is a user-to-user "
            "service (s.3(1)); it does not matter how much of the content comes from users."
        )
    if s.search_engine:
        reasons.append(
            "It is, or includes, a search engine (one that searches many websites or databases, "
            "not just a search box over the service's own content), so it is a search service "
            "(s.3(4))."
        )
    if s.provider_pornography:
        reasons.append(
            "You publish or display pornographic content yourself, so the Part 5 duties (highly "
            "effective age checks, s.81) can apply; pornography uploaded by users is a Part 3 "
            "matter instead."
        )
    if not (s.user_to_user or s.search_engine or s.provider_pornography):
        reasons.append(
            "Users cannot share content with each other, it is not a search engine, and you do not "
            "publish pornography yourself, so it is not a kind of service the Act regulates."
        )


def _service_exemption_reasons(profile: ServiceProfile, exemption: str, reasons: list[str]):
    para = SERVICE_EXEMPTION_PARA[exemption]
    text = {
        "internal_business": "It is an internal business service (an internal tool available only "
        "to the organisation, its staff or volunteers and people it authorises)",
        "public_body": "It is provided by a public body (Parliament, a UK public authority or a "
        "foreign government)",
        "education_childcare": "It is provided by an education or childcare provider for the "
        "purposes of that education or childcare",
    }[exemption]
    reasons.append(f"{text}, so it is exempt (Sch.1 para {para}).")
    if exemption == "education_childcare":
        reasons.append(
            "This exemption covers only use for that education or childcare: any other use of "
            "the service is not exempt."
        )
    kind = profile.provider.kind
    if exemption == "public_body" and kind not in (None, "public_body"):
        reasons.append(
            f"Check this: the provider is recorded as {kind.replace('_', ' ')}, but this "
            "exemption needs the provider itself to be a public body."
        )


def _content_exemption(profile: ServiceProfile, reasons: list[str]) -> str | None:
    kinds = profile.scope.ugc_limited_to
    if not kinds:
        return None
    allowed_f = frozenset().union(*(ALLOWED_FUNCTIONALITIES[k] for k in kinds))
    allowed_t = frozenset().union(*(ALLOWED_SERVICE_TYPES[k] for k in kinds))
    extra = [
        FUNCTIONALITY_TEXT[f] + f" ({FUNCTIONALITIES[f]})"
        for f in profile.functionalities.present()
        if f not in allowed_f
    ]
    extra += [
        f"a {t.replace('_', ' ')} service type ({SERVICE_TYPES[t]})"
        for t in profile.service_types
        if t not in allowed_t
    ]
    ids = sorted({CONTENT_EXEMPTION[k][0] for k in kinds})
    paras = sorted({CONTENT_EXEMPTION[k][1] for k in kinds})
    para_text = join_and([str(p) for p in paras])
    what = join_and([KIND_TEXT[k] for k in kinds], "or")
    comments = bool({"comments_on_provider_content", "reviews_on_provider_content"} & set(kinds))
    if extra:
        reasons.append(
            f"You said users can only share {what}, but the service also has {join_and(extra)}, so the "
            f"Schedule 1 exemption (para {para_text}) does not apply."
        )
        if comments:
            reasons.append(
                "Comments or reviews on your own content are exempt only when that is all users "
                "can do: content from users is never 'provider content', so replies to other "
                "users, forums, profile pages with more than a user name and picture, messages "
                "and images end the exemption (Sch.1 para 4)."
            )
        return None
    exemption = ids[0] if len(ids) == 1 else COMBINATION
    if exemption == COMBINATION:
        reasons.append(
            f"The only user content is {what}, a combination of exempt kinds, so the "
            f"user-to-user part is exempt (Sch.1 para 5, with paras {para_text})."
        )
    else:
        reasons.append(
            f"The only user content is {what}, so the user-to-user part is exempt (Sch.1 para "
            f"{para_text})."
        )
    if comments:
        reasons.append(
            "This holds only while users can do nothing more than comment on or review your own "
            "content, react to it (likes, emojis, votes, ratings) and share their comments "
            "elsewhere. Showing a commenter's user name or profile picture beside a comment is "
            "allowed (identifying content, Sch.1 para 4(1)(d)). Replies to other users' comments, "
            "forums, profile pages with more than a user name and picture, direct messages or "
            "image uploads would bring the service into scope."
        )
    return exemption


def _link_reasons(
    profile: ServiceProfile,
    links: bool | None,
    keys: list[str],
    prefix: str,
    reasons: list[str],
    unknowns: list[str],
) -> None:
    yes = [k for k in keys if profile.get(k) is True]
    unknown = [k for k in keys if profile.get(k) is None]
    if links is True:
        sections = {k: PART5_SECTIONS.get(k, LINKS[k][1]) if prefix else LINKS[k][1] for k in yes}
        tests = join_and([f"{LINKS[k][0]} ({sections[k]})" for k in yes])
        reasons.append(f"{prefix}It has links with the UK: {tests}.")
    elif links is None:
        unknowns.extend(unknown)
        said = join_and([LINKS[k][0] for k in unknown], "or")
        reasons.append(
            f"{prefix}It is not known whether {said}. No UK-links test is answered yes, so the "
            "service is treated as having links with the UK until you know (unknown answers are "
            "taken cautiously)."
        )
    else:
        reasons.append(
            f"{prefix}It has no links with the UK: it does not have a significant number of UK "
            "users, the UK is not a target market"
            + (
                ", and there is no material risk of significant harm to people in the UK"
                if len(keys) == 3
                else ""
            )
            + ", so these duties do not apply."
        )


def _user_count_note(profile: ServiceProfile) -> str | None:
    users = profile.users.uk_monthly_active_users
    if profile.scope.significant_uk_users is True or not users:
        return None
    return (
        "The Act sets no number for a 'significant' number of UK users; you estimate "
        f"{users:,} a month, and even a small number can be significant."
    )


def _part5_link_reasons(
    profile: ServiceProfile,
    p5_links: bool | None,
    links: bool | None,
    reasons: list[str],
    unknowns: list[str],
) -> None:
    prefix = "For the pornography duties (Part 5), only two UK-links tests count (s.80(4)). "
    if p5_links is False and links is True:
        reasons.append(
            prefix + "Neither a significant number of UK users nor the UK as a target market "
            "applies, so Part 5 does not apply."
        )
        return
    _link_reasons(profile, p5_links, list(PART5_LINK_KEYS), prefix, reasons, unknowns)


def _no_size_exemption(profile: ServiceProfile) -> str:
    users = profile.users.uk_monthly_active_users
    size = f" (you estimate {users:,} monthly UK users)" if users is not None else ""
    return (
        "There is no exemption for small, volunteer-run or non-commercial services"
        f"{size}: size changes which Codes measures Ofcom expects, not whether the Act applies."
    )
