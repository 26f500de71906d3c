"""Service ids are unique and stable: Unicode-aware slugs, a suffix on collision, and creating a
service never touches another service's draft or records.

Before: ids kept only ``[a-z0-9]``, so "Форум велосипедистов", "自転車フォーラム" and "🚲🚲" all became
``service`` (the second draft overwrote the first, and two services were saved as versions of one),
and "My Forum" / "my-forum!!" merged.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.files import app_state

from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.record import (
    Governance,
    record_from_assessment,
    record_to_dict,
    service_id_for,
    unique_service_id,
)
from osa_toolkit.core.record_schema import validate_record
from osa_toolkit.store import open_store
from osa_toolkit.store.records import check_service_id

NAMES = ["Форум велосипедистов", "自転車フォーラム", "🚲🚲", "My Forum", "my-forum!!", "🚲"]


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "records.sqlite3") as s:
        yield s


def _save(store, service_id: str) -> None:
    profile = app_state.profile_for(store, service_id)
    assessment = assess_illegal_content(profile, today=dt.date(2026, 11, 28))
    record = record_from_assessment(assessment, profile, Governance(), service_id=service_id)
    document = record_to_dict(record)
    validate_record(document)  # the published schema takes the Unicode id
    store.save_record("illegal_content", record, document)


def test_each_new_service_gets_its_own_id_and_draft(store) -> None:
    created = {}
    for name in NAMES:
        drafts_before = (
            {p.name: p.read_bytes() for p in app_state.drafts_dir().glob("*.yaml")}
            if app_state.drafts_dir().is_dir()
            else {}
        )
        sid, profile = app_state.new_service(name, "kingsbury_cycling_forum", store=store)
        assert profile.service.name == name
        assert sid not in created.values()
        check_service_id(sid)  # the store takes it
        created[name] = sid
        for file, content in drafts_before.items():  # no earlier draft was touched
            assert (app_state.drafts_dir() / file).read_bytes() == content
    assert created["Форум велосипедистов"] == "форум-велосипедистов"
    assert created["自転車フォーラム"] == "自転車フォーラム"
    assert created["🚲🚲"] == "service" and created["🚲"] == "service-2"
    assert created["My Forum"] == "my-forum" and created["my-forum!!"] == "my-forum-2"
    listed = {e.service_id: e.name for e in app_state.list_services(store)}
    assert listed == {sid: name for name, sid in created.items()}

    for sid in created.values():  # each saved as its own service, version 1
        _save(store, sid)
    services = {s.service_id: s for s in store.list_services()}
    assert set(services) == set(created.values())
    assert all(s.latest_versions == {"illegal_content": 1} for s in services.values())
    assert {s.name for s in services.values()} == set(NAMES)


def test_a_new_service_never_becomes_a_version_of_a_saved_one(store) -> None:
    sid, _ = app_state.new_service("My Forum", "kingsbury_cycling_forum", store=store)
    _save(store, sid)
    app_state.draft_path(sid).unlink()  # saved, draft gone: only the store knows the id
    before = [(v.record_id, v.sha256) for v in store.list_versions(sid)]
    other, _ = app_state.new_service("my forum", "kingsbury_cycling_forum", store=store)
    assert other == "my-forum-2"
    _save(store, other)
    assert [(v.record_id, v.sha256) for v in store.list_versions(sid)] == before
    assert [v.version for v in store.list_versions(other)] == [1]


def test_slugs_are_stable_and_fit_the_store_and_file_names() -> None:
    assert service_id_for("Kingsbury Cycling Forum!") == "kingsbury-cycling-forum"
    assert service_id_for("Ｃａｆé  Forum") == service_id_for("café forum") == "café-forum"
    long = service_id_for("自転車" * 200)
    assert len(long) <= 64 and len(long.encode()) <= 180
    check_service_id(long)
    suffixed = unique_service_id("自転車" * 200, {long})
    assert suffixed.endswith("-2") and len(suffixed.encode()) <= 180
    check_service_id(suffixed)
    for bad in ("My-Forum", "ｆｏｒｕｍ", "-x", "a--b", "a b", ""):
        with pytest.raises(InvalidInputError):
            check_service_id(bad)
