"""Record keeping beyond the assessments: three-year retention, compliance reviews, duty tasks done."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from osa_toolkit.core.errors import InvalidInputError, StoreError
from osa_toolkit.store import open_store
from tests.store.conftest import META

UTC = dt.UTC


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2023, 1, 10, 9, 0, tzinfo=UTC))


@pytest.fixture
def timed_store(store_url, clock):
    with open_store(store_url, clock=clock) as opened:
        yield opened


def _two_versions(store, clock):
    first = store.save("my-forum", "illegal_content", {"n": 1}, **META)
    clock.now = dt.datetime(2023, 6, 1, 12, 0, tzinfo=UTC)
    second = store.save("my-forum", "illegal_content", {"n": 2}, **META)
    return first, second


def test_saves_are_stamped_by_the_store_clock(timed_store, clock):
    first, second = _two_versions(timed_store, clock)
    assert first.created_at == dt.datetime(2023, 1, 10, 9, 0, tzinfo=UTC)
    assert timed_store.load(second.record_id).created_at == dt.datetime(2023, 6, 1, 12, tzinfo=UTC)


def test_a_superseded_version_younger_than_three_years_is_kept_with_a_sentence(timed_store, clock):
    first, _ = _two_versions(timed_store, clock)
    timed_store.approve(first.record_id, "Ann Lee")
    clock.now = dt.datetime(2026, 5, 31, 23, 0, tzinfo=UTC)  # one day short of three years
    with pytest.raises(StoreError) as refused:
        timed_store.delete_version(first.record_id, "Ann Lee", "tidying up")
    message = str(refused.value)
    assert "illegal content risk assessment" in message and "illegal_content" not in message
    assert "replaced on 1 June 2023" in message and "until 1 June 2026" in message
    assert [v.version for v in timed_store.list_versions("my-forum")] == [1, 2]
    assert timed_store.deletions("my-forum") == []


def test_after_three_years_the_version_goes_and_the_deletion_is_logged(timed_store, clock):
    first, second = _two_versions(timed_store, clock)
    timed_store.approve(first.record_id, "Ann Lee")
    clock.now = dt.datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    gone = timed_store.delete_version(first.record_id, "Ann Lee", "kept three years")
    assert (gone.version, gone.deleted_by, gone.reason) == (1, "Ann Lee", "kept three years")
    assert gone.sha256 == first.sha256
    assert [v.record_id for v in timed_store.list_versions("my-forum")] == [second.record_id]
    logged = timed_store.deletions("my-forum")
    assert [(d.record_id, d.deleted_at) for d in logged] == [(first.record_id, clock.now)]
    assert timed_store.approvals(first.record_id) == []


def test_the_current_version_is_never_deleted(timed_store, clock):
    _, second = _two_versions(timed_store, clock)
    clock.now = dt.datetime(2040, 1, 1, tzinfo=UTC)
    with pytest.raises(StoreError, match="current version of the record"):
        timed_store.delete_version(second.record_id, "Ann Lee", "x")


def test_deleting_directly_in_the_database_is_still_refused(timed_store, clock):
    first, _ = _two_versions(timed_store, clock)
    with pytest.raises(Exception, match="append-only"), timed_store.engine.begin() as connection:
        connection.execute(text("DELETE FROM records WHERE record_id = :r"), {"r": first.record_id})
    assert len(timed_store.list_versions("my-forum")) == 2


def test_compliance_reviews_are_dated_entries_apart_from_the_risk_assessment(timed_store, clock):
    _two_versions(timed_store, clock)
    review = timed_store.add_compliance_review(
        "my-forum",
        dt.date(2023, 7, 1),
        "Sam Moderator",
        "Reports handled within the week; terms updated.",
        next_review=dt.date(2024, 7, 1),
    )
    assert review.recorded_at == clock.now
    stored = timed_store.compliance_reviews("my-forum")
    assert [(r.reviewed_on, r.reviewed_by, r.next_review) for r in stored] == [
        (dt.date(2023, 7, 1), "Sam Moderator", dt.date(2024, 7, 1))
    ]
    assert [v.version for v in timed_store.list_versions("my-forum")] == [1, 2]
    with pytest.raises(StoreError, match="must come after this one"):
        timed_store.add_compliance_review(
            "my-forum", dt.date(2023, 7, 1), "Sam", "x", next_review=dt.date(2023, 6, 1)
        )


def test_a_duty_task_done_records_who_and_when(timed_store, clock):
    clock.now = dt.datetime(2026, 7, 2, 15, 30, tzinfo=UTC)
    done = timed_store.mark_duty_done(
        "my-forum", "intimate_image_takedown", "Ann Lee", dt.date(2026, 7, 1), "route live"
    )
    assert (done.done_by, done.done_on, done.recorded_at) == (
        "Ann Lee",
        dt.date(2026, 7, 1),
        clock.now,
    )
    again = open_store(timed_store.engine.url.render_as_string(hide_password=False))
    try:
        assert [(d.duty_id, d.done_by) for d in again.duties_done("my-forum")] == [
            ("intimate_image_takedown", "Ann Lee")
        ]
    finally:
        again.close()
    with pytest.raises(InvalidInputError, match="done_by"):
        timed_store.mark_duty_done("my-forum", "x", " ", dt.date(2026, 7, 1))


def test_the_cli_refuses_a_young_version_and_records_compliance_reviews(tmp_path, capsys):
    from osa_toolkit import cli

    path = tmp_path / "records.sqlite3"
    with open_store(path) as store:
        first = store.save("my-forum", "illegal_content", {"n": 1}, **META)
        store.save("my-forum", "illegal_content", {"n": 2}, **META)
    args = ["delete-version", str(first.record_id), "--by", "Ann", "--reason", "tidy"]
    assert cli.main([*args, "--store", str(path)]) == 2
    err = capsys.readouterr().err
    assert "must be kept at least three years" in err and "Traceback" not in err
    review = ["compliance-review", "my-forum", "--store", str(path), "--by", "Sam"]
    assert cli.main([*review, "--on", "2026-11-20", "--findings", "Queue checked."]) == 0
    assert "2026-11-20  Sam: Queue checked." in capsys.readouterr().out
    assert cli.main(["compliance-review", "my-forum", "--store", str(path), "--by", "Sam"]) == 2
