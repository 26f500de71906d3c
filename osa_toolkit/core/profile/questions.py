"""The questions of a service profile in plain words, for lists of answers still unknown.

No profile key (``children.significant_number_of_child_users``) reaches a page or a record: lists
of unknown answers go through :func:`question_words`.

>>> question_words("children.significant_number_of_child_users")
'Do a significant number of children use the service?'
>>> question_words("functionalities.direct_messaging")
'Can users do this: direct messaging?'
>>> question_words("children.terms_prohibit.pornography")
'Do your terms of service prohibit pornography for all users?'
"""

from __future__ import annotations

QUESTIONS = {
    "scope.user_to_user": "Can users share content that other users may see?",
    "scope.search_engine": "Is the service, or does it include, a search engine?",
    "scope.provider_pornography": "Do you publish pornographic content yourselves?",
    "scope.uk_target_market": "Is the UK a target market?",
    "scope.significant_uk_users": "Does the service have a significant number of UK users?",
    "scope.uk_material_risk_of_significant_harm": "Is there a material risk of significant harm "
    "to people in the UK?",
    "scope.service_exemption": "Is the service one of the exempt kinds?",
    "users.uk_monthly_active_users": "How many monthly active users are in the UK?",
    "users.total_monthly_active_users": "How many monthly active users are there in all?",
    "children.significant_number_of_child_users": "Do a significant number of children use the "
    "service?",
    "children.likely_to_attract_children": "Is the service of a kind likely to attract children?",
    "children.highly_effective_age_assurance": "Do highly effective age checks keep children out?",
    "search.search_type": "What kind of search engine is it?",
}
"""Profile key -> the question in plain words; other keys are worded by their parts."""


def question_words(key: str) -> str:
    """A profile key (or an unknown answer's key) as a plain question."""
    if key in QUESTIONS:
        return QUESTIONS[key]
    head, _, rest = key.partition(".")
    words = rest.replace("_", " ").replace(".", " ")
    if head == "functionalities":
        return f"Can users do this: {words}?"
    if key.startswith("children.terms_prohibit."):
        kind = key.rsplit(".", 1)[1].replace("_", " ")
        return f"Do your terms of service prohibit {kind} for all users?"
    return f"Not answered yet: {words or head.replace('_', ' ')}."
