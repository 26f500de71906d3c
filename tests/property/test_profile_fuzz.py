"""Any document given as a service profile gives a profile or one ProfileError sentence.

Arbitrary JSON and YAML data (wrong types, NaN, huge ints, unicode, non-string keys), valid profiles
with random changes deep inside, YAML-ish text with tags, anchors, aliases and broken syntax, raw
bytes, and a list of known-hostile documents (deep nesting, python tags, billion laughs, ...).
A profile that loads must also round-trip and be assessable without an unexpected exception.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from osa_toolkit.core.assessments.childrens_risk import assess_childrens_risk
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.files.profiles import example_path, load_profile, read_mapping

from osa_toolkit.core.profile import parse_profile, profile_to_dict
from osa_toolkit.core.registers import load_registers
from osa_toolkit.core.scope import check_scope
from tests.core.profiles import BASE
from tests.property.conftest import time_limit, write_json, write_yaml
from tests.property.strategies import (
    finite,
    fuzz_settings,
    json_values,
    laughs,
    mutated,
    valid_or_one_error,
    yaml_texts,
    yaml_values,
)

KINGSBURY = read_mapping(example_path("kingsbury_cycling_forum"))
BASES = [KINGSBURY, BASE]


def _load(path: Path):
    with time_limit(20):
        profile, message = valid_or_one_error(load_profile, path)
    if profile is not None:
        _assert_usable(profile)
    return profile, message


def _assert_usable(profile) -> None:
    """A profile that loads round-trips, and the assessments take it (or refuse in one sentence)."""
    assert parse_profile(profile_to_dict(profile)) == profile
    registers = load_registers()
    valid_or_one_error(check_scope, profile, registers)
    valid_or_one_error(assess_illegal_content, profile, registers)
    valid_or_one_error(assess_childrens_risk, profile, registers)


@fuzz_settings(150)
@given(data=json_values())
def test_any_json_data_as_a_profile(workdir: Path, data) -> None:
    _load(write_json(workdir / "p.json", data))


@fuzz_settings(150)
@given(data=yaml_values())
def test_any_yaml_data_as_a_profile(workdir: Path, data) -> None:
    _load(write_yaml(workdir / "p.yaml", data))


@fuzz_settings(250)
@given(
    doc=st.sampled_from(BASES).flatmap(lambda base: mutated(base, yaml_values(leaves=6))),
    as_json=st.booleans(),
)
def test_valid_profiles_with_random_changes(workdir: Path, doc, as_json: bool) -> None:
    if as_json and finite(doc):
        try:
            path = write_json(workdir / "p.json", doc)
        except TypeError:  # dates, bytes or non-string keys: JSON cannot hold them
            path = write_yaml(workdir / "p.yaml", doc)
    else:
        path = write_yaml(workdir / "p.yaml", doc)
    _load(path)


@fuzz_settings(200)
@given(
    text=st.one_of(yaml_texts(), st.text(max_size=200)), suffix=st.sampled_from([".yaml", ".json"])
)
def test_yaml_and_json_like_text(workdir: Path, text: str, suffix: str) -> None:
    path = workdir / f"p{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _load(path)


@fuzz_settings(60)
@given(raw=st.binary(max_size=300), suffix=st.sampled_from([".yaml", ".json"]))
def test_raw_bytes(workdir: Path, raw: bytes, suffix: str) -> None:
    path = workdir / f"p{suffix}"
    path.write_bytes(raw)
    _load(path)


GOOD = "profile_version: 1\nservice: {name: X}\nscope: {user_to_user: true}\n"
HOSTILE: dict[str, str | bytes] = {
    "deep.json": "[" * 100_000 + "]" * 100_000,
    "deep-objects.json": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "deep.yaml": "[" * 20_000 + "]" * 20_000,
    "deep-block.yaml": "".join(f"{'  ' * i}k{i}:\n" for i in range(3_000)) + "  " * 3_000 + "x\n",
    "huge-int.json": '{"profile_version": ' + "1" * 5_000 + "}",
    "huge-int.yaml": "profile_version: " + "1" * 5_000 + "\n",
    "huge-float.json": '{"profile_version": 1e400}',
    "nan.json": '{"profile_version": NaN, "service": {"name": NaN}}',
    "list-key.yaml": "? [a, b]\n: 1\n",
    "map-key.yaml": "? {a: 1}\n: 1\n",
    "list-key-nested.yaml": GOOD + "children:\n  terms_prohibit:\n    ? [a]\n    : true\n",
    "duplicate.yaml": GOOD + "scope: {user_to_user: false}\n",
    "duplicate.json": '{"profile_version": 1, "profile_version": 1, "service": {"name": "X"},'
    ' "scope": {"user_to_user": true}}',
    "python-object.yaml": "!!python/object/apply:os.system ['echo owned']\n",
    "python-name.yaml": GOOD + "provider: {name: !!python/name:os.system }\n",
    "recursive-alias.yaml": GOOD.replace("{name: X}", "&s {name: X, url: *s}"),
    "recursive-list.yaml": GOOD + "service_types: &t [*t]\n",
    "laughs-kind.yaml": GOOD + f"provider: {{kind: {laughs(9, 9)}}}\n",
    "laughs-types.yaml": GOOD + f"service_types: {laughs(9, 9)}\n",
    "laughs-purpose.yaml": GOOD + f"children: {{principal_purpose: {laughs(9, 9)}}}\n",
    "laughs-search.yaml": GOOD.replace("true}", "true, search_engine: true}")
    + f"search: {{search_type: {laughs(9, 9)}}}\n",
    "nul.yaml": GOOD + "provider: {name: \x00}\n",
    "bom.yaml": "\ufeff" + GOOD,
    "latin-1.yaml": GOOD.replace("X", "Caf\xe9").encode("latin-1"),
    "utf-16.json": '{"profile_version": 1}'.encode("utf-16"),
    "empty.yaml": "",
    "empty.json": "",
    "only-comment.yaml": "# nothing\n",
    "scalar.yaml": "42\n",
    "multi-doc.yaml": GOOD + "---\n" + GOOD,
    "binary-name.yaml": GOOD.replace("{name: X}", "{name: !!binary aGk=}"),
    "set.yaml": "!!set {profile_version, service}\n",
    "date-key.yaml": GOOD + "children:\n  terms_prohibit: {2020-01-01: true}\n",
    "int-key.yaml": GOOD + "evidence:\n  by_harm: {1: {reports: 1}}\n",
    "null-key.yaml": GOOD + "functionalities: {~: true}\n",
    "big-count.yaml": GOOD + "users: {uk_monthly_active_users: 1e400}\n",
    "negative.yaml": GOOD + "users: {uk_monthly_active_users: -1}\n",
    "timestamp.yaml": GOOD.replace("{name: X}", "{name: X, started_on: 2019-05-04 10:00:00}"),
    "bad-date.yaml": GOOD.replace("{name: X}", "{name: X, started_on: '2019-02-30'}"),
    "long-line.yaml": GOOD.replace("X", "x" * 200_000),
    "xss.yaml": GOOD.replace("X", "'<script>alert(1)</script>'"),
    "tag-timestamp.yaml": GOOD + "provider: {name: !!timestamp junk}\n",
    "tag-timestamp-2.yaml": "!!timestamp 2024-01-01\n!!python/object:os.system {}\n",
    "tag-bool.yaml": GOOD + "functionalities: {hyperlinks: !!bool maybe}\n",
    "tag-int.yaml": GOOD + "users: {uk_monthly_active_users: !!int abc}\n",
    "tag-empty-int.yaml": GOOD + "users: {uk_monthly_active_users: !!int }\n",
    "tag-map.yaml": GOOD + "provider: !!map [1]\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_documents(tmp_path: Path, name: str) -> None:
    content = HOSTILE[name]
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    profile, message = _load(path)
    if name.startswith(("python-", "laughs-", "deep", "huge-", "list-key", "map-key", "tag-")):
        assert profile is None, f"{name} was accepted"
        assert message and message.startswith(name), message
        assert len(message) < 1_000, "an error sentence should not echo a whole document"
    if name.startswith("duplicate"):
        assert message and "twice" in message, message


def test_a_preset_merged_into_a_deeply_nested_section_is_refused(tmp_path: Path) -> None:
    """Nesting just under the parser's limit still reaches the preset merge (a deep copy)."""
    deep: object = True
    for _ in range(900):
        deep = [deep]
    doc = copy.deepcopy(KINGSBURY)
    doc["functionalities"] = {"hyperlinks": deep}
    profile, message = _load(write_json(tmp_path / "deep-preset.json", doc))
    assert profile is None and message


def test_the_app_home_page_skips_hostile_drafts(tmp_path: Path, monkeypatch) -> None:
    """A draft the app cannot read is left out of the service list, not a crash of the page."""
    from osa_toolkit.store import open_store
    from osa_toolkit.widgets.app import OsaApp

    monkeypatch.setenv("OSA_TOOLKIT_HOME", str(tmp_path))
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for i, content in enumerate(HOSTILE.values()):
        path = drafts / f"draft-{i}.yaml"
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with time_limit(60), open_store(tmp_path / "records.sqlite3") as store:
        app = OsaApp(store=store)
    assert app.status.kind != "error", app.status.message
    assert "Kingsbury Cycling Forum" in [label for label, _ in app.picker.options]
