"""Small profile builders for engine tests (not fixtures: plain functions, so hypothesis can use them)."""

from __future__ import annotations

import copy

from osa_toolkit.core.profile import parse_profile

BASE = {
    "profile_version": 1,
    "service": {"name": "Test forum"},
    "provider": {"name": "Test club", "kind": "individual"},
    "scope": {
        "user_to_user": True,
        "uk_target_market": True,
        "significant_uk_users": True,
        "uk_material_risk_of_significant_harm": False,
    },
    "users": {"uk_monthly_active_users": 1200, "total_monthly_active_users": 1500},
    "service_types": ["discussion_forum"],
    "children": {
        "highly_effective_age_assurance": False,
        "significant_number_of_child_users": False,
        "likely_to_attract_children": False,
    },
    "functionalities": {"user_profiles": True, "commenting": True, "hyperlinks": True},
    "evidence": {"period_months": 12, "reports_total": 10, "moderation": "post", "by_harm": {}},
}


def profile(**changes):
    """BASE with dotted-key changes, e.g. ``profile(**{"users.uk_monthly_active_users": 8_000_000})``."""
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = data
        for p in parents:
            node = node.setdefault(p, {})
        if value is DELETE:
            node.pop(last, None)
        else:
            node[last] = value
    return parse_profile(data, source="test.yaml")


DELETE = object()
