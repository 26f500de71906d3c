"""Made-up but realistic service profiles, for tests, the weightings lab and benchmarks.

Each profile starts from an archetype (a hobby forum, a Mastodon server, a marketplace, a blog with
comments, a file host, a game, an adult site, a chat app, a small search engine) with the
functionalities such services usually have, then varies them: user numbers spread over five orders of
magnitude, some answers left ``unknown``, evidence missing, checked or with confirmed incidents, and a
few Codes measures in place (some of them only known to the newer edition). The same ``seed`` gives
the same profiles. Every name is invented.

>>> ps = synthetic_profiles(2, seed=7)
>>> [p.service.name for p in ps] == [p.service.name for p in synthetic_profiles(2, seed=7)]
True
"""

from __future__ import annotations

import random
from typing import Any

from osa_toolkit.core.errors import invalid
from osa_toolkit.core.profile import ServiceProfile, parse_profile
from osa_toolkit.core.vocabulary import MODERATION

# archetype -> (service types, functionalities usually on, functionalities sometimes on)
ARCHETYPES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "forum": (
        ("discussion_forum",),
        ("user_profiles", "commenting", "hyperlinks", "ugc_search"),
        (
            "posting_images_or_videos",
            "direct_messaging",
            "anonymous_profiles",
            "user_groups",
            "profile_pages",
            "posting_without_account",
        ),
    ),
    "social": (
        ("social_media",),
        ("user_profiles", "user_connections", "commenting", "reposting_or_forwarding"),
        (
            "posting_images_or_videos",
            "direct_messaging",
            "content_recommender",
            "network_recommender",
            "hyperlinks",
            "posting_location",
            "profile_pages",
            "visible_connection_lists",
        ),
    ),
    "marketplace": (
        ("marketplace",),
        ("user_profiles", "goods_or_services_for_sale", "posting_images_or_videos"),
        ("direct_messaging", "ugc_search", "posting_location", "commenting"),
    ),
    "blog": ((), ("commenting",), ("hyperlinks", "user_profiles", "anonymous_profiles")),
    "file_host": (
        ("file_sharing",),
        ("posting_images_or_videos", "hyperlinks"),
        ("anonymous_profiles", "user_profiles", "ugc_search", "posting_without_account"),
    ),
    "game": (
        ("gaming",),
        ("user_profiles", "direct_messaging", "user_groups"),
        ("livestreaming", "user_connections", "network_recommender", "posting_images_or_videos"),
    ),
    "adult": (
        ("adult",),
        ("user_profiles", "posting_images_or_videos"),
        ("direct_messaging", "livestreaming", "commenting", "content_recommender"),
    ),
    "chat": (
        ("messaging",),
        ("direct_messaging", "user_groups"),
        (
            "encrypted_messaging",
            "posting_images_or_videos",
            "anonymous_profiles",
            "reposting_or_forwarding",
        ),
    ),
    "search": ((), (), ()),
}
ARCHETYPE_WEIGHTS = (30, 15, 10, 12, 6, 8, 4, 8, 7)
CONTROLS = ("ICU A2", "ICU C1", "ICU C2", "ICU D1", "ICU D7", "ICU G1", "ICU C9", "ICU C14")
EVIDENCE_HARMS = (
    "hate",
    "harassment",
    "fraud",
    "drugs",
    "terrorism",
    "csea_grooming",
    "suicide",
    "suicide_self_harm",
    "cyberflashing",
)
TRI = (True, False, "unknown")


def synthetic_profile_dicts(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` profile mappings (the YAML/JSON shape), the same for the same ``seed``."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise invalid("n", "a whole number of 0 or more", n)
    rng = random.Random(seed)
    kinds = list(ARCHETYPES)
    return [_one(rng, i, rng.choices(kinds, ARCHETYPE_WEIGHTS)[0]) for i in range(n)]


def synthetic_profiles(n: int, seed: int = 0) -> list[ServiceProfile]:
    """``n`` validated :class:`ServiceProfile` objects, the same for the same ``seed``."""
    return [
        parse_profile(d, source=f"synthetic profile {i + 1}")
        for i, d in enumerate(synthetic_profile_dicts(n, seed))
    ]


def _one(rng: random.Random, i: int, kind: str) -> dict[str, Any]:
    types, usual, sometimes = ARCHETYPES[kind]
    search = kind == "search"
    functionalities = {f: rng.random() < 0.9 for f in usual}
    functionalities |= {f: rng.random() < 0.35 for f in sometimes}
    if functionalities.get("encrypted_messaging") and not functionalities.get("direct_messaging"):
        functionalities["direct_messaging"] = True
    uk = None if rng.random() < 0.1 else int(10 ** rng.uniform(1.5, 7.3))
    total = None if uk is None or rng.random() < 0.1 else int(uk * rng.uniform(1.0, 4.0))
    profile: dict[str, Any] = {
        "profile_version": 1,
        "service": {"name": f"Synthetic {kind} {i + 1:04d}"},
        "provider": {"kind": rng.choice(("individual", "company", "charity"))},
        "scope": {
            "user_to_user": not search or rng.random() < 0.3,
            "search_engine": search,
            "uk_target_market": rng.choices(TRI, (70, 10, 20))[0],
            "significant_uk_users": rng.choices(TRI, (50, 20, 30))[0],
            "uk_material_risk_of_significant_harm": rng.choices(TRI, (20, 50, 30))[0],
        },
        "users": {"uk_monthly_active_users": uk, "total_monthly_active_users": total},
        "service_types": list(types),
        "children": _children(rng, kind),
        "functionalities": functionalities,
    }
    if kind == "blog" and rng.random() < 0.3:
        profile["scope"]["ugc_limited_to"] = ["comments_on_provider_content"]
    if search:
        profile["search"] = {
            "search_type": rng.choices(("general", "vertical", "unknown"), (20, 60, 20))[0],
            "predictive_search": rng.random() < 0.5,
            "image_search": rng.random() < 0.3,
        }
    if kind == "adult" and rng.random() < 0.5:
        profile["scope"]["provider_pornography"] = True
    controls = rng.sample(CONTROLS, rng.choice((0, 0, 1, 2, 3, 4)))
    if controls:
        profile["controls"] = [{"measure": m} for m in controls]
    evidence = _evidence(rng)
    if evidence is not None:
        profile["evidence"] = evidence
    return profile


def _children(rng: random.Random, kind: str) -> dict[str, Any]:
    checked = kind == "adult" and rng.random() < 0.7 or rng.random() < 0.05
    return {
        "highly_effective_age_assurance": checked,
        "age_assurance_methods": ["photo_id_matching"] if checked else [],
        "significant_number_of_child_users": rng.choices(TRI, (20, 50, 30))[0],
        "likely_to_attract_children": rng.choices(TRI, (25, 55, 20))[0],
    }


def _evidence(rng: random.Random) -> dict[str, Any] | None:
    if rng.random() < 0.25:
        return None
    moderation = rng.choice(MODERATION + (None,))
    evidence: dict[str, Any] = {
        "period_months": rng.choice((6, 12, 12, 24)),
        "reports_total": None if rng.random() < 0.15 else rng.randint(0, 500),
    }
    if moderation is not None:
        evidence["moderation"] = moderation
    harms = rng.sample(EVIDENCE_HARMS, rng.randint(0, 4))
    evidence["by_harm"] = {
        h: {"reports": rng.randint(0, 40), "confirmed": rng.choice((0, 0, 1, 2, 5, 30, None))}
        for h in harms
    }
    return evidence
