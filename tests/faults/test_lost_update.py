"""Shared use: two sessions on one service, and lists that read no documents.

Lost update (item 6): session A saves version 2; session B, opened on version 1, used to save
version 3 over it with "Saved version 3" and no word of version 2. Now a save made on a stale
version is refused, in the same transaction as the insert, with a sentence naming the newer
version, who saved it and when; "save anyway" saves it as a new version and keeps the conflict on
record (``based_on``). On SQLite, and on PostgreSQL when ``OSA_TEST_POSTGRES_URL`` is set.

Overview columns (item 12): author, status and level summary are saved beside each document (and
filled in for old stores by migration 3), and ``records list`` / ``records show`` read no document
but the one shown.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from osa_toolkit.files.profiles import load_profile
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from osa_toolkit import cli
from osa_toolkit.core.errors import StoreError
from osa_toolkit.store import StaleVersionError, open_store
from osa_toolkit.store import queries as queries_module
from tests.store.conftest import META


def _doc(level: str, who: str) -> dict:
    return {
        "harms": [{"id": "terrorism", "level": level}, {"id": "hate", "level": "low"}],
        "governance": {"completed_by": who, "status": "draft"},
    }


def test_a_save_on_a_stale_version_is_refused_then_can_be_saved_anyway(store_url: str) -> None:
    with open_store(store_url) as store:
        v1 = store.save("forum", "illegal_content", _doc("low", "Ann"), **META)
        # A and B both open version 1; A saves first
        a = store.save(
            "forum", "illegal_content", _doc("medium", "Ann"), **META, expected_version=1
        )
        assert a.version == 2 and a.based_on == 1 and not a.saved_over_newer
        with pytest.raises(StaleVersionError) as raised:
            store.save("forum", "illegal_content", _doc("high", "Bob"), **META, expected_version=1)
        message = str(raised.value)
        assert "Not saved: version 2 of this record was saved by Ann on" in message
        assert f"{a.created_at:%d %B %Y at %H:%M} UTC" in message
        assert "after you opened version 1" in message and "save anyway as version 3" in message
        assert raised.value.latest.version == 2 and raised.value.latest.author == "Ann"
        assert [v.version for v in store.list_versions("forum")] == [1, 2]
        b = store.save(
            "forum", "illegal_content", _doc("high", "Bob"), **META,
            expected_version=1, save_anyway=True,
        )  # fmt: skip
        assert b.version == 3 and b.based_on == 1 and b.saved_over_newer
        versions = store.list_versions("forum")
        assert [(v.version, v.author, v.based_on) for v in versions] == [
            (1, "Ann", None), (2, "Ann", 1), (3, "Bob", 1),
        ]  # fmt: skip
        assert versions[1].document == _doc("medium", "Ann") and versions[0].sha256 == v1.sha256
        # a first save on a service that someone else saved meanwhile is stale too
        with pytest.raises(StaleVersionError, match="before any version was saved"):
            store.save("forum", "illegal_content", _doc("low", "Cy"), **META, expected_version=0)


def test_only_one_of_several_sessions_saving_on_the_same_version_wins(store_url: str) -> None:
    results: list[object] = []
    barrier = threading.Barrier(4)

    def session(who: str) -> None:
        with open_store(store_url) as store:
            barrier.wait()
            try:
                results.append(
                    store.save(
                        "race", "illegal_content", _doc("low", who), **META, expected_version=0
                    )
                )
            except StaleVersionError as err:
                results.append(err)

    threads = [threading.Thread(target=session, args=(f"S{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    saved = [r for r in results if not isinstance(r, StoreError)]
    assert len(results) == 4 and len(saved) == 1
    with open_store(store_url) as store:
        assert [v.version for v in store.list_versions("race")] == [1]


def test_the_app_refuses_a_stale_save_and_offers_compare_and_save_anyway(tmp_path: Path) -> None:
    from osa_toolkit.widgets.walkthrough import IllegalContentWalkthrough

    with open_store(tmp_path / "records.sqlite3") as store:
        profile = load_profile("kingsbury_cycling_forum")
        first = IllegalContentWalkthrough(profile, store, "kingsbury")
        first.save()
        a = IllegalContentWalkthrough(profile, store, "kingsbury")  # two browser sessions
        b = IllegalContentWalkthrough(profile, store, "kingsbury")  # on version 1
        a.governance.controls["completed_by"].value = "Ann Lee"
        a.save()
        assert "Saved version 2" in a.actions.status.message
        b.actions.save_button.click()
        assert b.actions.status.kind == "error"
        assert "version 2 of this record was saved by Ann Lee on" in b.actions.status.message
        assert "after you opened version 1" in b.actions.status.message
        assert b.actions.conflict.layout.display != "none"
        assert [v.version for v in store.list_versions("kingsbury")] == [1, 2]
        b.actions.compare_button.click()
        assert "From version 2 (saved by Ann Lee)" in b.actions.conflict.children[1].value
        b.actions.save_anyway_button.click()
        assert "Saved version 3 over version 2" in b.actions.status.message
        latest = store.latest("kingsbury", "illegal_content")
        assert latest.version == 3 and latest.based_on == 1 and latest.saved_over_newer
        b.actions.save_button.click()  # B is now on version 3: a plain save works
        assert "Saved version 4." in b.actions.status.message


def test_overview_columns_are_saved_and_lists_read_no_documents(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    path = tmp_path / "records.sqlite3"
    with open_store(path) as store:
        for i in range(3):
            store.save("forum", "illegal_content", _doc("high", f"W{i}"), **META)
        store.save("forum", "childrens_access", {"result": {"likely_accessed": True}}, **META)
        infos = store.version_infos("forum")
    assert [(i.kind, i.version, i.author) for i in infos] == [
        ("childrens_access", 1, ""), ("illegal_content", 1, "W0"),
        ("illegal_content", 2, "W1"), ("illegal_content", 3, "W2"),
    ]  # fmt: skip
    assert infos[1].level_summary == {"levels": {"high": 1, "low": 1}, "highest": "high"}
    assert infos[1].status == "draft" and infos[0].level_summary == {"likely_accessed": True}

    loaded: list[int] = []
    real = queries_module._checked_document

    def counting(row, location):
        loaded.append(row.record_id)
        return real(row, location)

    monkeypatch.setattr(queries_module, "_checked_document", counting)
    assert cli.main(["records", "list", "--store", str(path)]) == 0
    out = capsys.readouterr().out
    assert loaded == [] and out.count("forum") == 4 and "by W2" in out
    assert cli.main(["records", "show", "3", "--json", "--store", str(path)]) == 0
    assert loaded == [3]  # only the version shown
    shown = json.loads(capsys.readouterr().out)
    assert shown["completed_by"] == "W2" and shown["level_summary"]["highest"] == "high"


@pytest.fixture
def v2_store(store_url: str, backend: str):
    """A store made by migrations 1 and 2 only (the previous release), holding two versions."""
    from sqlalchemy import create_engine

    from osa_toolkit.store import backend as backend_module
    from osa_toolkit.store import migrations as migrations_module
    from osa_toolkit.store.records import sha256_hex

    url, _location = backend_module.resolve(store_url)
    engine = backend_module.create(url) if backend == "sqlite" else create_engine(url)
    with backend_module.transaction(engine, write=True) as connection:
        migrations_module.schema_version.create(connection)
        for migration in migrations_module.MIGRATIONS[:2]:
            migration.apply(connection)
            connection.execute(
                migrations_module.insert(migrations_module.schema_version).values(
                    version=migration.number, applied_at=dt.datetime.now(dt.UTC),
                    description=migration.description,
                )
            )  # fmt: skip
        connection.execute(
            text("INSERT INTO services VALUES ('old', 'Old', :t)"), {"t": dt.datetime(2025, 1, 1)}
        )
        for version, level in ((1, "low"), (2, "high")):
            doc = (
                '{"governance":{"completed_by":"Old Hand","status":"final"},'
                f'"harms":[{{"id":"x","level":"{level}"}}]}}'
            )
            connection.execute(
                text(
                    "INSERT INTO records (service_id, kind, version, created_at, edition, "
                    "toolkit_version, next_review, note, document, sha256, service_name) VALUES "
                    "('old', 'illegal_content', :v, :t, '2024-12', '0.0.9', NULL, '', :d, :s, 'Old')"
                ),
                {"v": version, "t": dt.datetime(2025, 1, version), "d": doc, "s": sha256_hex(doc)},
            )
    engine.dispose()
    return store_url


def test_a_v2_store_gets_the_overview_columns(v2_store: str) -> None:
    with open_store(v2_store) as store:
        infos = store.version_infos("old")
        assert [(i.version, i.author, i.status, i.level_summary.get("highest")) for i in infos] == [
            (1, "Old Hand", "final", "low"), (2, "Old Hand", "final", "high"),
        ]  # fmt: skip
        assert store.load(infos[1].record_id).document["harms"][0]["level"] == "high"
        with pytest.raises(DBAPIError), store.engine.begin() as connection:  # still append-only
            connection.execute(text("UPDATE records SET note = 'x'"))
        saved = store.save("old", "illegal_content", _doc("low", "New"), **META, expected_version=2)
        assert saved.version == 3


def test_assess_all_reads_the_presets_once(tmp_path: Path, monkeypatch) -> None:
    """10 profiles naming their software: the 7 preset files are read once, not once a profile."""
    import yaml
    from osa_toolkit.cli.batch import run as assess_all
    from osa_toolkit.files import profiles as profile_files

    folder = tmp_path / "profiles"
    folder.mkdir()
    for i in range(10):
        data = {
            "profile_version": 1,
            "service": {"name": f"Forum {i}", "software": "discourse"},
            "scope": {"user_to_user": True},
        }
        (folder / f"p{i}.yaml").write_text(yaml.safe_dump(data))
    reads: list[str] = []
    real = profile_files.read_mapping

    def counting(path):
        reads.append(Path(path).parent.name)
        return real(path)

    monkeypatch.setattr(profile_files, "read_mapping", counting)
    assert assess_all([str(folder), "--csv", str(tmp_path / "o.csv")]) == 0
    presets = len(profile_files.list_presets())
    assert reads.count("presets") == presets and reads.count("profiles") == 10
