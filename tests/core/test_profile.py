"""Service profiles: parsing, strict validation with one-sentence errors, presets, files, round trips."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
import yaml
from osa_toolkit.files.profiles import (
    example_path,
    list_examples,
    list_presets,
    load_presets,
    load_profile,
    preset_names,
    save_profile,
)

from osa_toolkit.core.errors import OsaToolkitError, ProfileError
from osa_toolkit.core.profile import (
    Control,
    ServiceProfile,
    apply_preset,
    merge_preset,
    parse_profile,
    profile_to_dict,
    replace_in,
    validate_preset,
)
from osa_toolkit.core.vocabulary import FUNCTIONALITIES

MINIMAL = {"profile_version": 1, "service": {"name": "Demo"}, "scope": {"user_to_user": True}}
PRESETS = [
    "discourse",
    "lemmy",
    "mastodon",
    "matrix_synapse",
    "phpbb",
    "wordpress_comments",
    "xenforo",
]


def with_(**changes):
    """MINIMAL with dotted-key changes."""
    data = copy.deepcopy(MINIMAL)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = data
        for p in parents:
            node = node.setdefault(p, {})
        node[last] = value
    return data


def error_of(data, source="kingsbury.yaml", **kwargs) -> str:
    with pytest.raises(ProfileError) as info:
        parse_profile(data, source=source, **kwargs)
    message = str(info.value)
    assert message.startswith(f"{source}: ")
    assert message.endswith((".", "?")) and "\n" not in message
    return message


# ----------------------------------------------------------------------------- reading


def test_minimal_profile_defaults_are_documented_ones():
    p = parse_profile(MINIMAL)
    assert p.profile_version == 1
    assert p.scope.search_engine is False and p.scope.provider_pornography is False
    assert p.scope.service_exemption == "none" and p.scope.ugc_limited_to == ()
    assert p.functionalities.present() == ()  # every functionality defaults to false
    assert p.search is None and p.evidence is None and p.controls == ()
    # missing tri-state answers are unknown, and listed
    assert p.unknowns() == (
        "scope.uk_target_market",
        "scope.significant_uk_users",
        "scope.uk_material_risk_of_significant_harm",
        "users.uk_monthly_active_users",
        "users.total_monthly_active_users",
        "children.significant_number_of_child_users",
        "children.likely_to_attract_children",
    )


def test_tri_state_answers_and_dates():
    p = parse_profile(
        with_(
            **{
                "scope.uk_target_market": True,
                "scope.significant_uk_users": "unknown",
                "scope.uk_material_risk_of_significant_harm": False,
                "service.started_on": "2025-09-01",
                "controls": [{"measure": "ICU C1", "since": dt.date(2022, 4, 25)}],
            }
        )
    )
    assert p.scope.uk_target_market is True
    assert p.scope.significant_uk_users is None
    assert p.scope.uk_material_risk_of_significant_harm is False
    assert p.service.started_on == dt.date(2025, 9, 1)
    assert p.controls == (Control("ICU C1", dt.date(2022, 4, 25), None),)
    assert "scope.significant_uk_users" in p.unknowns()
    assert "scope.uk_target_market" not in p.unknowns()


def test_search_engine_gets_a_search_section_with_unknown_type():
    p = parse_profile(with_(**{"scope.search_engine": True}))
    assert p.search is not None and p.search.search_type is None
    assert p.unknowns()[-1] == "search.search_type"
    q = parse_profile(with_(**{"scope.search_engine": True, "search": {"search_type": "vertical"}}))
    assert q.search.search_type == "vertical"


def test_round_trip_of_every_example():
    for example in list_examples():
        p = load_profile(example)
        again = parse_profile(profile_to_dict(p), presets=load_presets())
        assert again == p, example


def test_round_trip_through_json_text():
    p = load_profile("kingsbury_cycling_forum")
    text = json.dumps(profile_to_dict(p), default=str)
    assert parse_profile(json.loads(text), presets=load_presets()) == p


def test_profile_to_dict_writes_unknown_and_file_order():
    d = profile_to_dict(parse_profile(MINIMAL))
    assert list(d)[:4] == ["profile_version", "service", "scope", "users"]
    assert d["scope"]["significant_uk_users"] == "unknown"
    assert d["users"]["uk_monthly_active_users"] is None
    assert set(d["functionalities"]) == set(FUNCTIONALITIES)


# ----------------------------------------------------------------------------- errors


def test_typo_key_is_named_with_a_suggestion():
    message = error_of(with_(**{"functionalities.direct_mesaging": True}))
    assert message == (
        "kingsbury.yaml: 'functionalities.direct_mesaging' is not a known key; "
        "did you mean 'direct_messaging'?"
    )


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"scope.uk_targt_market": True}, ["'scope.uk_targt_market'", "'uk_target_market'"]),
        ({"servce": {}}, ["'servce'", "did you mean 'service'"]),
        ({"children.colour": "blue"}, ["'children.colour'", "keys allowed in 'children'"]),
        ({"evidence": {"by_harm": {"hate": {"reprts": 2}}}}, ["'evidence.by_harm.hate.reprts'"]),
    ],
)
def test_unknown_keys_at_any_level(changes, words):
    message = error_of(with_(**changes))
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    ("changes", "key", "expected", "found"),
    [
        (
            {"scope.user_to_user": "yes please"},
            "scope.user_to_user",
            "true or false",
            "'yes please'",
        ),
        (
            {"functionalities.hyperlinks": "true"},
            "functionalities.hyperlinks",
            "true or false",
            "'true'",
        ),
        (
            {"scope.uk_target_market": "maybe"},
            "scope.uk_target_market",
            "true, false or unknown",
            "'maybe'",
        ),
        (
            {"users.uk_monthly_active_users": "1200"},
            "users.uk_monthly_active_users",
            "whole number",
            "'1200'",
        ),
        (
            {"users.uk_monthly_active_users": True},
            "users.uk_monthly_active_users",
            "whole number",
            "true",
        ),
        ({"service.name": 42}, "service.name", "text", "42"),
        (
            {"service.started_on": "last spring"},
            "service.started_on",
            "YYYY-MM-DD",
            "'last spring'",
        ),
        ({"service_types": "discussion_forum"}, "service_types", "a list", "the text"),
        ({"scope": ["user_to_user"]}, "scope", "a section of keys", "a list"),
    ],
)
def test_wrong_types_name_key_expected_and_found(changes, key, expected, found):
    message = error_of(with_(**changes))
    assert f"'{key}'" in message and expected in message and found in message


def test_negative_user_count_is_refused():
    message = error_of(with_(**{"users.total_monthly_active_users": -5}))
    assert "'users.total_monthly_active_users'" in message and "0 or more" in message
    assert "found -5" in message


def test_uk_users_more_than_total_is_refused():
    data = with_(users={"uk_monthly_active_users": 500, "total_monthly_active_users": 100})
    message = error_of(data)
    assert "'users.uk_monthly_active_users'" in message and "found 500" in message


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"functionalities.direct_messaging": True},
        {"functionalities.user_groups": True},
        {"service_types": ["messaging"]},
    ],
)
def test_encrypted_messaging_needs_something_to_encrypt(extra):
    data = with_(**{"functionalities.encrypted_messaging": True}, **extra)
    if not extra:
        assert "no messaging to encrypt" in error_of(data)
    else:
        assert parse_profile(data).functionalities.encrypted_messaging


def test_search_section_without_search_engine_is_refused():
    message = error_of(with_(search={"search_type": "general"}))
    assert "'search' is filled in but 'scope.search_engine' is false" in message


def test_ugc_limits_need_a_user_to_user_service():
    message = error_of(with_(**{"scope.user_to_user": False, "scope.ugc_limited_to": ["email"]}))
    assert "'scope.ugc_limited_to'" in message


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        (
            {"service_types": ["discusion_forum"]},
            ["'service_types'", "did you mean 'discussion_forum'"],
        ),
        ({"scope.service_exemption": "charity"}, ["'scope.service_exemption'", "'charity'"]),
        ({"scope.ugc_limited_to": ["comments"]}, ["'scope.ugc_limited_to'", "'comments'"]),
        ({"provider.kind": "club"}, ["'provider.kind'", "individual"]),
        ({"controls": [{"measure": "ICUC1"}]}, ["'controls[1].measure'", "'ICU C1'"]),
        ({"controls": [{"measure": "ICU C1"}, {"measure": "XYZ A1"}]}, ["'controls[2].measure'"]),
        ({"profile_version": 2}, ["'profile_version'", "1", "found 2"]),
        ({"evidence": {"moderation": "sometimes"}}, ["'evidence.moderation'", "reactive"]),
    ],
)
def test_bad_values_are_refused(changes, words):
    message = error_of(with_(**changes))
    for word in words:
        assert word in message


def test_required_parts():
    assert "'profile_version' is required" in error_of(
        {"service": {"name": "x"}, "scope": {"user_to_user": True}}
    )
    assert "'service' is required" in error_of(
        {"profile_version": 1, "scope": {"user_to_user": True}}
    )
    assert "'scope.user_to_user' is required" in error_of(with_(scope={}))
    assert "'service.name'" in error_of(with_(service={"name": "  "}))
    assert "must be a set of keys" in error_of(["not", "a", "mapping"])


def test_errors_are_in_the_one_exception_tree():
    with pytest.raises(OsaToolkitError):
        parse_profile(with_(**{"scope.user_to_user": 1}))


# ----------------------------------------------------------------------------- presets


def test_every_preset_is_valid_and_listed():
    assert list_presets() == PRESETS
    presets = load_presets()
    for preset_id, content in presets.items():
        validate_preset(preset_id, content, f"{preset_id}.yaml")
        assert set(content["functionalities"]) == set(FUNCTIONALITIES), preset_id
        assert content["about"]["sources"][0].startswith("https://")
    assert preset_names()["discourse"] == "Discourse"


def test_preset_files_have_a_comment_header():
    from osa_toolkit.files.profiles import presets_dir

    for preset_id in PRESETS:
        text = (presets_dir() / f"{preset_id}.yaml").read_text()
        assert text.startswith("# Preset:") and "Source:" in text, preset_id


def test_preset_supplies_and_profile_overrides():
    presets = load_presets()
    data = with_(**{"service.software": "discourse", "functionalities.user_groups": False})
    p = parse_profile(data, presets=presets)
    assert p.functionalities.direct_messaging is True  # from the preset
    assert p.functionalities.user_groups is False  # the profile wins
    assert p.service_types == ("discussion_forum",)
    q = parse_profile(
        with_(**{"service.software": "discourse", "service_types": ["marketplace"]}),
        presets=presets,
    )
    assert q.service_types == ("marketplace",)


def test_preset_can_supply_scope_answers():
    data = {"profile_version": 1, "service": {"name": "Blog", "software": "wordpress_comments"}}
    p = parse_profile(data, presets=load_presets())
    assert p.scope.user_to_user is True
    assert p.scope.ugc_limited_to == ("comments_on_provider_content",)


def test_unknown_preset_is_refused_with_suggestion():
    message = error_of(with_(**{"service.software": "discource"}), presets=load_presets())
    assert "'service.software' is 'discource'" in message
    assert "did you mean 'discourse'" in message and "known presets:" in message


def test_preset_may_not_set_profile_only_keys():
    with pytest.raises(ProfileError, match="bad.yaml: 'users' is not a known key"):
        validate_preset("bad", {"users": {"uk_monthly_active_users": 3}}, "bad.yaml")
    with pytest.raises(ProfileError, match="'scope.uk_target_market'"):
        validate_preset("bad", {"scope": {"uk_target_market": True}}, "bad.yaml")
    with pytest.raises(
        ProfileError, match="bad.yaml: 'functionalities.hyperlinks' must be true or false"
    ):
        validate_preset("bad", {"functionalities": {"hyperlinks": "yes"}}, "bad.yaml")


def test_merge_preset_is_deep_and_lists_replace():
    merged = merge_preset(
        {"scope": {"ugc_limited_to": []}},
        {"scope": {"user_to_user": True, "ugc_limited_to": ["email"]}, "about": {}},
    )
    assert merged == {"scope": {"user_to_user": True, "ugc_limited_to": []}}


def test_apply_preset_replaces_functionalities_and_keeps_the_rest():
    presets = load_presets()
    p = load_profile("kingsbury_cycling_forum")
    q = apply_preset(p, "mastodon", presets)
    assert q.service.software == "mastodon"
    assert q.service_types == ("social_media",)
    assert q.functionalities.user_connections is True and q.functionalities.user_groups is False
    assert q.users == p.users and q.scope.uk_target_market == p.scope.uk_target_market


def test_replace_in_changes_one_answer_and_checks():
    p = parse_profile(MINIMAL)
    q = replace_in(p, "scope.uk_target_market", True)
    assert q.scope.uk_target_market is True and p.scope.uk_target_market is None
    assert replace_in(p, "scope.search_engine", True).search is not None
    with pytest.raises(ProfileError, match="no messaging to encrypt"):
        replace_in(p, "functionalities.encrypted_messaging", True)


# ----------------------------------------------------------------------------- files


def test_malformed_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "kingsbury.yaml"
    path.write_text("profile_version: 1\nservice:\n  name: [unclosed\nscope: {}\n")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    message = str(info.value)
    assert message.startswith("kingsbury.yaml: line ") and "is not valid YAML" in message


def test_malformed_json_names_the_file_and_line(tmp_path):
    path = tmp_path / "forum.json"
    path.write_text('{\n  "profile_version": 1,\n  "service": {"name": "x",}\n}\n')
    with pytest.raises(ProfileError, match=r"forum\.json: line 3, column \d+ is not valid JSON"):
        load_profile(path)


def test_duplicate_yaml_key_is_refused(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text(
        "profile_version: 1\nservice: {name: a}\nscope:\n  user_to_user: true\n  user_to_user: false\n"
    )
    with pytest.raises(ProfileError, match=r"dup\.yaml: line 5.*'user_to_user' is written twice"):
        load_profile(path)


def test_missing_file_and_bad_suffix(tmp_path):
    with pytest.raises(ProfileError, match="does not exist"):
        load_profile(tmp_path / "nope.yaml")
    with pytest.raises(ProfileError, match=r"must end in \.yaml, \.yml or \.json"):
        load_profile(tmp_path / "profile.txt")
    with pytest.raises(ProfileError, match="no example profile"):
        example_path("no_such_example")


def test_value_errors_in_a_file_name_the_file(tmp_path):
    path = tmp_path / "kingsbury.yaml"
    path.write_text(yaml.safe_dump(with_(**{"functionalities.direct_mesaging": True})))
    with pytest.raises(ProfileError, match="^kingsbury.yaml: 'functionalities.direct_mesaging'"):
        load_profile(path)


def test_json_profiles_load(tmp_path):
    path = tmp_path / "demo.json"
    path.write_text(
        json.dumps(
            with_(**{"service.started_on": "2025-01-02", "scope.uk_target_market": "unknown"})
        )
    )
    p = load_profile(path)
    assert p.service.started_on == dt.date(2025, 1, 2) and p.scope.uk_target_market is None


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_save_then_load_round_trips_atomically(tmp_path, suffix):
    p = load_profile("tyneside_social_mastodon")
    path = save_profile(p, tmp_path / f"saved{suffix}")
    assert load_profile(path) == p
    assert sorted(x.name for x in tmp_path.iterdir()) == [f"saved{suffix}"]  # no temp file left
    if suffix == ".yaml":
        assert path.read_text().startswith("# osa-toolkit service profile")


def test_save_refuses_bad_suffix_and_missing_folder(tmp_path):
    p = parse_profile(MINIMAL)
    with pytest.raises(ProfileError, match="must end in"):
        save_profile(p, tmp_path / "x.txt")
    with pytest.raises(ProfileError, match="does not exist"):
        save_profile(p, tmp_path / "no" / "x.yaml")


def test_every_example_loads_and_covers_unknowns():
    examples = list_examples()
    assert len(examples) >= 5 and "kingsbury_cycling_forum" in examples
    profiles = [load_profile(e) for e in examples]
    assert all(isinstance(p, ServiceProfile) for p in profiles)
    assert all(p.unknowns() for p in profiles if p.service.name != "Shropshire Plant Swap")
