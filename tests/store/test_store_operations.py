"""Save, load, versions, approvals, reviews and export, on every backend."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from osa_toolkit.core.errors import InvalidInputError, StoreError
from osa_toolkit.store import RECORD_KINDS, open_store
from osa_toolkit.store import store as store_module

META = {"service_name": "F", "edition": "2026-06", "toolkit_version": "0.1.0"}
DOCUMENT = {
    "service": {"name": "My Forum", "users": 1200, "ratio": 0.25, "uk": True, "closed": None},
    "risks": [{"harm": "terrorism", "level": "low"}, {"harm": "csea_grooming", "level": "medium"}],
    "text": "Ünïcödé — “quotes” and emoji 🙂",
}


def test_round_trip_keeps_document_and_metadata(store, save):
    saved = save(store, DOCUMENT, next_review=date(2027, 1, 31), note="first pass")
    loaded = store.load(saved.record_id)
    assert loaded == saved
    assert loaded.document == DOCUMENT
    assert (loaded.service_id, loaded.kind, loaded.version) == ("my-forum", "illegal_content", 1)
    assert (loaded.edition, loaded.toolkit_version, loaded.service_name) == (
        "2026-06",
        "0.1.0",
        "My Forum",
    )
    assert loaded.next_review == date(2027, 1, 31) and loaded.note == "first pass"
    assert loaded.approved_by is None and loaded.approved_at is None
    assert loaded.created_at.tzinfo == UTC
    assert abs(datetime.now(UTC) - loaded.created_at) < timedelta(minutes=1)


def test_round_trip_survives_reopening(store_url, save):
    with open_store(store_url) as store:
        saved = save(store, DOCUMENT)
    with open_store(store_url) as store:
        assert store.load(saved.record_id) == saved


def test_tuples_are_stored_as_lists_and_returned_as_stored(store, save):
    saved = save(store, {"pair": (1, 2), "nested": {"t": ("a",)}})
    assert saved.document == {"pair": [1, 2], "nested": {"t": ["a"]}}
    assert store.load(saved.record_id).document == saved.document


def test_every_save_is_a_new_version_and_old_ones_are_kept(store, save):
    for n in range(1, 4):
        save(store, {"n": n})
    save(store, {"other": True}, kind="childrens_access")
    versions = store.list_versions("my-forum", "illegal_content")
    assert [v.version for v in versions] == [1, 2, 3]
    assert [v.document for v in versions] == [{"n": 1}, {"n": 2}, {"n": 3}]
    assert len({v.record_id for v in versions}) == 3
    every = store.list_versions("my-forum")
    assert [(v.kind, v.version) for v in every] == [
        ("childrens_access", 1),
        ("illegal_content", 1),
        ("illegal_content", 2),
        ("illegal_content", 3),
    ]
    assert store.latest("my-forum", "illegal_content").document == {"n": 3}
    assert store.latest("my-forum", "age_assurance") is None
    assert store.list_versions("unknown-service") == []


def test_versions_are_counted_per_service_and_kind(store, save):
    for kind in RECORD_KINDS:
        assert save(store, {"k": kind}, kind=kind).version == 1
    assert save(store, {}, service_id="other").version == 1
    assert save(store, {}, service_id="other").version == 2
    assert save(store, {}).version == 2


def test_latest_of_kind_gives_each_service_its_newest_version(store, save):
    save(store, {"n": 1})
    save(store, {"n": 2})
    save(store, {"n": 9}, service_id="other")
    save(store, {"c": 1}, kind="childrens_access")
    latest = store.latest_of_kind("illegal_content")
    assert sorted(latest) == ["my-forum", "other"]
    assert latest["my-forum"].version == 2 and latest["my-forum"].document == {"n": 2}
    assert latest["other"].document == {"n": 9}
    assert store.latest_of_kind("age_assurance") == {}


def test_approve_adds_an_approval_and_leaves_the_record_as_saved(store, save):
    first = save(store, {"n": 1})
    approved = store.approve(first.record_id, "Jo Bloggs (DPO)", note="checked")
    assert approved.approved_by == "Jo Bloggs (DPO)"
    assert approved.approved_at is not None and approved.approved_at >= first.created_at
    for field, value in vars(first).items():
        if field not in ("approved_by", "approved_at"):
            assert getattr(approved, field) == value, field
    again = store.approve(first.record_id, "Sam Smith")
    assert again.approved_by == "Sam Smith"
    history = store.approvals(first.record_id)
    assert [(a.approved_by, a.note) for a in history] == [
        ("Jo Bloggs (DPO)", "checked"),
        ("Sam Smith", ""),
    ]
    assert store.list_versions("my-forum")[0].approved_by == "Sam Smith"


def test_approving_a_missing_record_says_so(store):
    with pytest.raises(StoreError, match="no such record"):
        store.approve(999, "Jo")


def test_reviews_due_lists_only_the_latest_version_due(store, save):
    save(store, {"n": 1}, next_review=date(2026, 1, 1))
    save(store, {"n": 2}, next_review=date(2026, 9, 1))  # supersedes the one due in January
    save(store, {}, kind="childrens_access", next_review=date(2026, 3, 1))
    save(store, {}, kind="childrens_risk")  # no review date
    save(store, {}, service_id="later", next_review=date(2027, 1, 1))
    due = store.reviews_due(date(2026, 6, 30))
    assert [(v.service_id, v.kind, v.version) for v in due] == [("my-forum", "childrens_access", 1)]
    due = store.reviews_due(date(2026, 9, 1))
    assert [(v.kind, v.next_review) for v in due] == [
        ("childrens_access", date(2026, 3, 1)),
        ("illegal_content", date(2026, 9, 1)),
    ]
    assert len(store.reviews_due(date(2030, 1, 1))) == 3
    assert store.reviews_due(date(2025, 1, 1)) == []


def test_list_services_summarises_latest_versions(store, save):
    assert store.list_services() == []
    save(store, {"n": 1}, next_review=date(2026, 5, 1))
    save(store, {"n": 2}, next_review=date(2026, 8, 1))
    last = save(
        store, {}, kind="age_assurance", next_review=date(2026, 7, 1), service_name="Renamed"
    )
    save(store, {}, service_id="another", service_name="Another")
    services = store.list_services()
    assert [s.service_id for s in services] == ["another", "my-forum"]
    forum = services[1]
    assert forum.name == "Renamed"
    assert forum.latest_versions == {"age_assurance": 1, "illegal_content": 2}
    assert forum.last_saved == last.created_at
    assert forum.next_review == date(2026, 7, 1)
    assert services[0].next_review is None
    assert store.list_versions("my-forum", "illegal_content")[0].service_name == "My Forum"


def test_export_json_is_self_describing(store, save):
    saved = save(store, DOCUMENT, next_review=date(2027, 1, 31))
    store.approve(saved.record_id, "Jo")
    exported = json.loads(store.export_json(saved.record_id))
    assert exported["format"] == "osa-toolkit-record"
    assert exported["document"] == DOCUMENT
    assert exported["sha256"] == saved.sha256
    assert exported["next_review"] == "2027-01-31"
    assert exported["approved_by"] == "Jo"
    assert datetime.fromisoformat(exported["created_at"]) == saved.created_at
    assert "Ünïcödé" in store.export_json(saved.record_id)


def test_loading_a_missing_record_says_so(store):
    with pytest.raises(StoreError, match="has no record 42"):
        store.load(42)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"service_id": "My Forum"}, "'service_id' must be a slug"),
        ({"service_id": "x" * 65}, "'service_id' must be a slug"),
        ({"kind": "risk"}, "'kind' must be one of illegal_content"),
        ({"document": ["not", "a", "dict"]}, "'document' must be a dict"),
        ({"document": {"when": date(2026, 1, 1)}}, r"got a date at document\['when'\]"),
        (
            {"document": {"x": [1, float("nan")]}},
            r"non-finite number \(nan\) at document\['x'\]\[1\]",
        ),
        ({"document": {1: "int key"}}, "got a int key 1 in document"),
        ({"service_name": " "}, "'service_name' must be a non-empty string"),
        ({"edition": None}, "'edition' must be a non-empty string of at most 32"),
        ({"toolkit_version": "1" * 33}, "'toolkit_version' must be a non-empty string of at most"),
        ({"next_review": datetime(2026, 1, 1)}, "'next_review' must be a datetime.date or None"),
        ({"note": 3}, "'note' must be a string"),
    ],
)
def test_bad_input_is_refused_before_anything_is_written(sqlite_store, change, match):
    store = sqlite_store
    arguments = {"service_id": "my-forum", "kind": "illegal_content", "document": {}, **META}
    arguments.update(change)
    positional = [arguments.pop(name) for name in ("service_id", "kind", "document")]
    with pytest.raises(InvalidInputError, match=match):
        store.save(*positional, **arguments)
    assert store.list_services() == []


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda s: s.load("1"), "'record_id' must be a positive int"),
        (lambda s: s.load(True), "'record_id' must be a positive int"),
        (lambda s: s.list_versions("my-forum", "everything"), "'kind' must be one of"),
        (lambda s: s.reviews_due("2026-01-01"), "'on_or_before' must be a datetime.date"),
        (lambda s: s.approve(1, ""), "'approved_by' must be a non-empty string"),
    ],
)
def test_other_operations_check_their_inputs(sqlite_store, call, match):
    with pytest.raises(InvalidInputError, match=match):
        call(sqlite_store)


def _lost_race(*_args):
    clash = sqlite3.IntegrityError("UNIQUE constraint failed: records.service_id, records.kind")
    raise IntegrityError("INSERT INTO records ...", {}, clash)


def test_a_save_that_loses_a_race_is_retried_whole(sqlite_store, save, monkeypatch):
    real_append, calls = store_module._append, []

    def lose_once(connection, row, *clock):
        calls.append(row["service_id"])
        if len(calls) == 1:
            real_append(connection, row, *clock)  # written, then rolled back with the clash
            _lost_race()
        return real_append(connection, row, *clock)

    monkeypatch.setattr(store_module, "_append", lose_once)
    saved = save(sqlite_store, {"n": 1})
    assert len(calls) == 2 and saved.version == 1
    assert [v.version for v in sqlite_store.list_versions("my-forum")] == [1]


def test_a_save_that_keeps_losing_races_gives_up_with_a_clear_sentence(
    sqlite_store, save, monkeypatch
):
    monkeypatch.setattr(store_module, "_append", _lost_race)
    monkeypatch.setattr(store_module.time, "sleep", lambda _seconds: None)
    with pytest.raises(StoreError) as raised:
        save(sqlite_store, {"n": 1})
    message = str(raised.value)
    assert "other programs kept saving the same record at the same moment" in message
    assert "nothing already saved was lost, so save again." in message
    assert sqlite_store.list_services() == []
