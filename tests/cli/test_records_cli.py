"""The ``report`` and ``records`` commands, run through a parser built the way cli.py builds its own."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from osa_toolkit.cli.records import add_commands, history_rows
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content

from osa_toolkit.cli import _Parser
from osa_toolkit.core.errors import OsaToolkitError
from osa_toolkit.core.record import Governance, record_from_assessment, record_to_dict
from osa_toolkit.store import open_store
from tests.core.profiles import profile

TODAY = dt.date(2026, 11, 28)


def run(*argv: str) -> int:
    parser = _Parser(prog="osa-toolkit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.required = True
    add_commands(sub)
    args = parser.parse_args(argv)
    return args.func(args)


def _save(store, p, today, note):
    a = assess_illegal_content(p, today=today)
    rec = record_from_assessment(a, p, Governance(responsible_person="Sam Lee", completed_by="Al"))
    return store.save(
        rec.service_id,
        "illegal_content",
        record_to_dict(rec),
        service_name=rec.service_name,
        edition=rec.edition,
        toolkit_version=rec.toolkit_version,
        next_review=rec.governance.next_review,
        note=note,
    )


@pytest.fixture
def saved(tmp_path):
    """A store with two versions of the test forum's record; yields (url, v1, v2)."""
    url = str(tmp_path / "records.sqlite3")
    with open_store(url) as store:
        v1 = _save(store, profile(), TODAY, "created")
        v2 = _save(
            store,
            profile(**{"functionalities.direct_messaging": True}),
            dt.date(2027, 11, 20),
            "added direct messages",
        )
        store.approve(v1.record_id, "Jo Bloggs")
    return url, v1, v2


def test_report_from_a_profile(tmp_path, capsys):
    out = tmp_path / "k.md"
    code = run(
        "report",
        "kingsbury_cycling_forum",
        "-o",
        str(out),
        "--today",
        "2026-11-28",
        "--responsible-person",
        "Ann Example",
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Illegal content risk assessment: Kingsbury Cycling Forum\n")
    assert "- **Named person responsible:** Ann Example" in text
    assert "- **Date assessed:** 2026-11-28" in text
    assert f"Wrote {out} (md)" in capsys.readouterr().out


def test_report_format_from_the_suffix_or_refused(tmp_path):
    assert run("report", "kingsbury_cycling_forum", "-o", str(tmp_path / "k.json")) == 0
    assert (
        json.loads((tmp_path / "k.json").read_text())["service_name"] == "Kingsbury Cycling Forum"
    )
    with pytest.raises(OsaToolkitError, match="Cannot tell the format from .*--format"):
        run("report", "kingsbury_cycling_forum", "-o", str(tmp_path / "k.txt"))


def test_report_needs_exactly_one_source(tmp_path, saved):
    with pytest.raises(OsaToolkitError, match="either a PROFILE or --record ID"):
        run("report", "-o", str(tmp_path / "x.md"))
    with pytest.raises(OsaToolkitError, match="either a PROFILE or --record ID"):
        run("report", "kingsbury_cycling_forum", "--record", "1", "-o", str(tmp_path / "x.md"))


def test_report_from_a_saved_record_has_its_history(tmp_path, saved):
    url, v1, v2 = saved
    out = tmp_path / "v2.html"
    assert run("report", "--record", str(v2.record_id), "--store", url, "-o", str(out)) == 0
    page = out.read_text(encoding="utf-8")
    assert "<td>1</td>" in page and "<td>Jo Bloggs</td>" in page
    assert "<td>added direct messages</td>" in page
    assert '<span class="date">2027-11-20</span>' in page


def test_records_list_and_json(saved, capsys):
    url, v1, v2 = saved
    assert run("records", "list", "--store", url) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(
        line.split()[:4] == [str(v1.record_id), "test-forum", "illegal_content", "v1"]
        and "approved by Jo Bloggs" in line
        for line in lines
    )
    assert run("records", "list", "test-forum", "--store", url, "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["version"] for r in doc["records"]] == [1, 2]
    assert doc["records"][0]["approved_by"] == "Jo Bloggs"


def test_records_show_prints_the_markdown_record(saved, capsys):
    url, v1, v2 = saved
    assert run("records", "show", str(v2.record_id), "--store", url) == 0
    out = capsys.readouterr().out
    assert "| Child sexual exploitation and abuse: grooming | medium | medium |" in out
    assert "| 2 | " in out and "| added direct messages | Al |" in out
    assert run("records", "show", str(v1.record_id), "--store", url, "--json") == 0
    assert json.loads(capsys.readouterr().out)["document"]["assessed_on"] == "2026-11-28"


def test_records_diff_in_words_and_json(saved, capsys):
    url, v1, v2 = saved
    assert run("records", "diff", str(v1.record_id), str(v2.record_id), "--store", url) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"From record {v1.record_id} (test-forum v1")
    assert "Grooming: low → medium (indicative low → medium)" in lines
    assert "functionalities.direct_messaging: false → true" in lines
    assert "Assessed on: 2026-11-28 → 2027-11-20" in lines
    assert (
        run("records", "diff", str(v1.record_id), str(v2.record_id), "--store", url, "--json") == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["levels"][0]["harm_id"] == "csea_grooming" and doc["is_empty"] is False


def test_records_due(saved, capsys):
    url, v1, v2 = saved
    assert run("records", "due", "--on", "2028-01-01", "--store", url) == 0
    out = capsys.readouterr().out
    assert "Reviews due on or before" not in out
    # Issue 15 item 9: the children's access assessment, never saved, was due in April 2025.
    assert "Assessments never done and due on or before 2028-01-01:" in out
    assert "2025-04-16  Test forum (test-forum): Children's access assessment" in out
    assert run("records", "due", "--on", "2028-12-01", "--store", url, "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(d["record_id"], d["next_review"]) for d in doc["due"]] == [
        (v2.record_id, "2028-11-20")
    ]
    assert {"assessment": "Children's access assessment", "due": "2025-04-16"}.items() <= doc[
        "never_done"
    ][0].items()


def test_records_show_of_a_missing_record_is_one_sentence(saved):
    url, *_ = saved
    with pytest.raises(OsaToolkitError, match="has no record 99"):
        run("records", "show", "99", "--store", url)


def test_history_rows_stop_at_the_version_shown(saved):
    url, v1, v2 = saved
    with open_store(url) as store:
        versions = store.list_versions("test-forum", "illegal_content")
    rows = history_rows(versions, up_to=1)
    assert rows == [
        {
            "version": 1,
            "date": v1.created_at.date().isoformat(),
            "change": "created",
            "completed_by": "Al",
            "approved_by": "Jo Bloggs",
        }
    ]


def test_childrens_risk_records_can_be_shown_compared_and_exported(tmp_path, capsys):
    from osa_toolkit.core.assessments.childrens_risk import assess_childrens_risk

    from osa_toolkit.core.children_records import children_record_to_dict, childrens_risk_record

    url = str(tmp_path / "records.sqlite3")
    ids = []
    with open_store(url) as store:
        ppc = {"pornography": True, "suicide": True, "self_harm": True, "eating_disorders": True}
        for terms in (ppc, {**ppc, "pornography": False}):
            p = profile(
                **{
                    "functionalities.posting_images_or_videos": True,
                    "children.significant_number_of_child_users": True,
                    "children.terms_prohibit": terms,
                }
            )
            rec = childrens_risk_record(assess_childrens_risk(p, today=TODAY), p)
            ids.append(
                store.save(
                    rec.service_id,
                    "childrens_risk",
                    children_record_to_dict(rec),
                    service_name=rec.service_name,
                    edition=rec.edition,
                    toolkit_version=rec.toolkit_version,
                ).record_id
            )
    assert run("records", "show", str(ids[1]), "--store", url) == 0
    assert "Children's risk assessment: Test forum" in capsys.readouterr().out
    assert run("records", "diff", str(ids[0]), str(ids[1]), "--store", url) == 0
    out = capsys.readouterr().out
    assert "children.terms_prohibit.pornography: true → false" in out
    assert "PCU B4" in out  # allowing pornography brings in the age-assurance measure
    out_file = tmp_path / "risk.md"
    assert (
        run(
            "report", "--record", str(ids[1]), "--store", url, "--format", "md", "-o", str(out_file)
        )
        == 0
    )
    assert "PCU B4" in out_file.read_text(encoding="utf-8")


def test_childrens_access_record_shown_and_exported_in_every_format(tmp_path, capsys):
    """Issue 15 item 2: the children's access record is shown and written like every record."""
    from osa_toolkit.core.scope.childrens_access import assess_childrens_access

    from osa_toolkit.core.caa_record import caa_record, caa_record_to_dict
    from osa_toolkit.core.registers import load_registers

    url = str(tmp_path / "records.sqlite3")
    p = profile(**{"children.significant_number_of_child_users": True})
    rec = caa_record(
        assess_childrens_access(p, TODAY),
        p,
        load_registers().edition.id,
        Governance(completed_by="Al"),
        "Members told us their ages when they joined.",
    )
    with open_store(url) as store:
        rid = store.save_record("childrens_access", rec, caa_record_to_dict(rec)).record_id
    assert run("records", "show", str(rid), "--store", url) == 0
    out = capsys.readouterr().out
    assert "Children's access assessment: Test forum" in out
    assert "likely to be accessed by children" in out
    assert "Members told us their ages" in out
    assert "ChildrensAccessRecord" not in out
    for fmt in ("md", "html", "docx", "pdf", "json"):
        target = tmp_path / f"caa.{fmt}"
        args = ("report", "--record", str(rid), "--store", url, "--format", fmt, "-o", str(target))
        assert run(*args) == 0, fmt
        data = target.read_bytes()
        assert len(data) > 200, fmt
    assert "Children&#x27;s access assessment" in (tmp_path / "caa.html").read_text() or (
        "Children's access assessment" in (tmp_path / "caa.html").read_text()
    )
    assert (tmp_path / "caa.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads((tmp_path / "caa.json").read_text())["kind"] == "childrens_access"


def test_an_unknown_record_is_refused_in_words_not_a_class_name():
    from osa_toolkit.core.errors import InvalidInputError
    from osa_toolkit.report import render

    with pytest.raises(InvalidInputError) as err:
        render(object(), "md")
    assert "object" not in str(err.value)
    assert "not one of the toolkit's records" in str(err.value)
