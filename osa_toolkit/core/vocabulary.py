"""The fixed vocabularies shared by registers, profiles and the engine.

These are the words of the public contracts in ``docs/data-format.md`` and the service-profile format;
changing one is a breaking change.
"""

from __future__ import annotations

LEVELS: tuple[str, ...] = ("negligible", "low", "medium", "high")
"""Ofcom's risk levels, lowest first."""

CONFIDENCE: tuple[str, ...] = ("ofcom", "ofcom_quoted", "law", "secondary", "unconfirmed")
"""How sure a register row is: ``ofcom`` (the source is Ofcom's own page or document),
``ofcom_quoted`` (Ofcom's text known through another source that quotes or copies it word for word;
the row's ``quoted_from`` names the Ofcom document), ``law`` (legislation), ``secondary`` (another
source's account), ``unconfirmed`` (not seen in any source)."""

CONFIDENCE_HOSTS: dict[str, tuple[str, ...]] = {
    "ofcom": ("ofcom.org.uk", "www.ofcom.org.uk", "ofco01mstr8c35fprod.dxcloud.episerver.net"),
    "law": ("legislation.gov.uk", "www.legislation.gov.uk", "crimeline.co.uk"),
}
"""The hosts a ``source`` must be on for each confidence that claims a primary source (Ofcom's own
site and its content host; legislation.gov.uk and crimeline's word-for-word mirror of the Acts)."""

SERVICE_TYPES: dict[str, str] = {
    "social_media": "1a",
    "messaging": "1b",
    "gaming": "1c",
    "adult": "1d",
    "discussion_forum": "1e",
    "marketplace": "1f",
    "file_sharing": "1g",
}
"""Profile ``service_types`` values and their Ofcom questionnaire codes."""

FUNCTIONALITIES: dict[str, str] = {
    "user_profiles": "3a",
    "profile_pages": "3a",
    "anonymous_profiles": "3b",
    "posting_without_account": "3b",
    "user_connections": "4a",
    "visible_connection_lists": "4a",
    "user_groups": "4b",
    "livestreaming": "5a",
    "direct_messaging": "5b",
    "encrypted_messaging": "5c",
    "commenting": "5d",
    "posting_images_or_videos": "5e",
    "posting_location": "5f",
    "reposting_or_forwarding": "5g",
    "goods_or_services_for_sale": "6",
    "ugc_search": "7a",
    "hyperlinks": "7b",
    "content_recommender": "8c",
    "network_recommender": "8n",
}
"""Profile ``functionalities`` keys and the Ofcom questionnaire question each belongs to.

Ofcom's questions are 3a-8. Some keys split one question where the law or Ofcom's tables turn on the
difference (the split is the toolkit's own): ``profile_pages`` (3a: profile pages with more than a
user name and picture, which matters for the Schedule 1 para 4 exemption), ``posting_without_account``
(3b: Ofcom's CSAM-links table turns on posting without an account), ``visible_connection_lists``
(4a: Ofcom's grooming table turns on connection lists others can see), and ``8c`` / ``8n`` (Ofcom's
question 8, recommender systems, split into content and network recommenders)."""

SERVICE_TYPE_WORDS: dict[str, str] = {
    "social_media": "a social media service",
    "messaging": "a messaging service",
    "gaming": "a gaming service",
    "adult": "an adult service",
    "discussion_forum": "a discussion forum or chat room",
    "marketplace": "a marketplace or listing service",
    "file_sharing": "a file-storage or file-sharing service",
}
"""Plain words for each service type ("the service is ...")."""

FUNCTIONALITY_WORDS: dict[str, str] = {
    "user_profiles": "user profiles (at least a user name or picture shown with what users post)",
    "profile_pages": "profile pages showing more than a user name and picture (a bio, posts, links)",
    "anonymous_profiles": "anonymous or pseudonymous profiles",
    "posting_without_account": "posting text or links without an account",
    "user_connections": "users connecting with (following or friending) each other",
    "visible_connection_lists": "lists of a user's connections that others can see",
    "user_groups": "closed groups or group messaging",
    "livestreaming": "livestreaming",
    "direct_messaging": "direct messaging",
    "encrypted_messaging": "encrypted messaging",
    "commenting": "commenting on content",
    "posting_images_or_videos": "posting images or videos",
    "posting_location": "posting location information",
    "reposting_or_forwarding": "re-posting or forwarding content",
    "goods_or_services_for_sale": "posting goods or services for sale",
    "ugc_search": "searching user content",
    "hyperlinks": "posting links",
    "content_recommender": "a content recommender (feeds that pick content for users)",
    "network_recommender": "a network recommender (suggested people to connect with)",
}
"""Plain words for each functionality ("the service offers ...")."""

SEARCH_TYPES: tuple[str, ...] = ("general", "vertical")
SEARCH_FEATURES: tuple[str, ...] = ("predictive_search", "image_search")
REGIMES: tuple[str, ...] = ("part3_user_to_user", "part3_search", "part5_pornography")
PROVIDER_KINDS: tuple[str, ...] = (
    "individual",
    "company",
    "charity",
    "public_body",
    "education_childcare",
)
UGC_LIMITS: tuple[str, ...] = (
    "email",
    "sms",
    "mms",
    "one_to_one_live_aural",
    "comments_on_provider_content",
    "reviews_on_provider_content",
)
SERVICE_EXEMPTIONS: tuple[str, ...] = (
    "none",
    "internal_business",
    "public_body",
    "education_childcare",
)
MODERATION: tuple[str, ...] = ("pre", "post", "reactive", "none")
CHILDREN_CATEGORIES: tuple[str, ...] = ("ppc", "pc", "ndc")
MEASURE_CODES: tuple[str, ...] = ("ICU", "ICS", "PCU")
KEY_DATE_KINDS: tuple[str, ...] = ("deadline", "in_force", "event")


def level_index(level: str) -> int:
    """Position of a risk level, lowest first.

    >>> level_index("medium")
    2
    """
    return LEVELS.index(level)
