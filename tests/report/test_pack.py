"""The compliance pack: built from a store holding every record kind, read back and checked."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import zipfile

import pytest
from osa_toolkit.core.compliance.pack import UNLISTED, PackSource, plan_pack

from osa_toolkit import cli
from osa_toolkit.core.caa_record import caa_record_to_dict
from osa_toolkit.core.children_records import children_record_to_dict
from osa_toolkit.core.errors import RecordError
from osa_toolkit.core.record import record_to_dict
from osa_toolkit.core.registers import load_registers
from osa_toolkit.report.pack_zip import build_pack, fix_pdf_dates, pack_source, write_pack
from osa_toolkit.report.pdf import find_chromium
from osa_toolkit.store import open_store
from tests.security.sample_records import build_records

TO_DICT = {
    "illegal_content": record_to_dict,
    "childrens_access": caa_record_to_dict,
    "childrens_risk": children_record_to_dict,
    "age_assurance": children_record_to_dict,
}
REGS = load_registers("2026-06")
needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")


def fake_pdf(page: str) -> bytes:
    """A stand-in printer: different pages give different bytes, the same page the same bytes."""
    return b"%PDF-1.4 fake " + hashlib.sha256(page.encode("utf-8")).hexdigest().encode()


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=5)
        return self.now


@pytest.fixture(scope="module")
def records():
    return build_records("Plain")


@pytest.fixture
def store(tmp_path, records):
    with open_store(tmp_path / "records.sqlite3", clock=Clock()) as opened:
        for kind, record in records.items():
            opened.save_record(kind, record, TO_DICT[kind](record))
        ic = records["illegal_content"]
        second = opened.save_record("illegal_content", ic, TO_DICT["illegal_content"](ic))
        opened.approve(second.record_id, "Jo Bloggs", "signed off at the committee")
        opened.add_compliance_review(
            ic.service_id, dt.date(2026, 12, 1), "Sam Lee", "Checked reports and complaints."
        )
        opened.mark_duty_done(
            ic.service_id, "intimate_image_takedown", "Sam Lee", dt.date(2026, 12, 1)
        )
        yield opened


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def test_every_file_matches_its_sha256_in_the_contents_list(store, records):
    sid = records["illegal_content"].service_id
    data = build_pack(pack_source(store, sid), REGS, pdf=fake_pdf)
    files = _members(data)
    contents = json.loads(files["contents.json"])
    listed = {f["path"]: f for f in contents["files"]}
    assert set(files) == set(listed) | set(UNLISTED)
    for path, entry in listed.items():
        assert hashlib.sha256(files[path]).hexdigest() == entry["sha256"], path
        assert len(files[path]) == entry["bytes"]
    sums = dict(line.split("  ", 1)[::-1] for line in files["SHA256SUMS"].decode().splitlines())
    assert sums == {p: e["sha256"] for p, e in listed.items()}
    cover = files["00-cover.html"].decode()
    for entry in listed.values():
        assert entry["sha256"] in cover
    assert "Plain Forum" in cover and "https://forum.example.org" in cover
    assert "illegal_content" not in cover


def test_the_pack_holds_each_record_kind_as_pdf_and_json_with_its_history(store, records):
    sid = records["illegal_content"].service_id
    files = _members(build_pack(pack_source(store, sid), REGS, pdf=fake_pdf))
    for folder in (
        "illegal-content-risk-assessment",
        "childrens-access-assessment",
        "childrens-risk-assessment",
        "age-assurance",
    ):
        assert files[f"records/{folder}/current.pdf"].startswith(b"%PDF")
        assert json.loads(files[f"records/{folder}/current.json"])["service_id"] == sid
    history = json.loads(files["records/illegal-content-risk-assessment/history.json"])
    assert [(v["version"], v["current"]) for v in history["versions"]] == [(1, False), (2, True)]
    assert history["versions"][1]["approvals"][0]["approved_by"] == "Jo Bloggs"
    assert "records/illegal-content-risk-assessment/versions/v1.json" in files
    governance = json.loads(files["governance.json"])
    assert governance["compliance_reviews"][0]["reviewed_by"] == "Sam Lee"
    ic_gov = governance["records"][0]
    assert ic_gov["completed_on"] == "2026-11-30" and ic_gov["named_person_responsible"] == "Plain"
    tasks = {t["id"]: t for t in json.loads(files["duties/duty-tasks.json"])["tasks"]}
    assert tasks["intimate_image_takedown"]["done_by"] == "Sam Lee"
    assert json.loads(files["scope/scope-result.json"])["in_scope"] is True
    assert "Evidence" in files["evidence/evidence-annex.md"].decode()


def test_the_measures_register_gives_status_date_and_how_an_alternative_meets_the_duty(
    store, records
):
    sid = records["illegal_content"].service_id
    files = _members(build_pack(pack_source(store, sid), REGS, pdf=fake_pdf))
    rows = list(csv.DictReader(io.StringIO(files["measures-register.csv"].decode())))
    ic = {m.id: m for m in records["illegal_content"].measures}
    by_id = {r["Measure"]: r for r in rows if r["Recorded in"] == "illegal content risk assessment"}
    assert set(by_id) == set(ic)
    for mid, m in ic.items():
        row = by_id[mid]
        if m.status == "alternative":
            assert row["Status"] == "an alternative measure is used instead"
            assert row["How the alternative meets the duty"] == m.alternative_reasoning
        if m.status in ("in_place", "planned"):
            assert row["Took or takes effect on"] == m.effective_on.isoformat()
    assert any(r["Recorded in"] == "children's risk assessment" for r in rows)


def test_two_builds_from_the_same_store_are_byte_identical_and_fixed_in_time(
    store, records, tmp_path
):
    sid = records["illegal_content"].service_id
    first = write_pack(store, sid, tmp_path / "a.zip", REGS, pdf=fake_pdf).read_bytes()
    second = write_pack(store, sid, tmp_path / "b.zip", REGS, pdf=fake_pdf).read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    as_of = store.duties_done(sid)[-1].recorded_at  # the last thing saved
    assert {i.date_time for i in infos} == {as_of.timetuple()[:6]}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert [i.filename for i in infos][:2] == ["00-cover.html", "00-cover.pdf"]
    store.add_compliance_review(sid, dt.date(2026, 12, 2), "Sam Lee", "Second look.")
    third = write_pack(store, sid, tmp_path / "c.zip", REGS, pdf=fake_pdf).read_bytes()
    assert third != first


def test_a_service_with_no_saved_record_gets_a_sentence_not_a_pack():
    with pytest.raises(RecordError, match="has no saved record"):
        plan_pack(PackSource("nobody", ()), REGS)


def test_the_pdf_print_time_and_tag_ids_are_fixed_keeping_the_length(store, records):
    plan = plan_pack(pack_source(store, records["illegal_content"].service_id), REGS)
    pdf = b"<< /CreationDate (D:20261202151957+00'00')\n/ModDate (D:20261202151957+00'00') >>"
    tags = b"/ID (node00000019) /Headers [(node00000019)] /ID (node00000022)"
    other = b"/ID (node00000018) /Headers [(node00000018)] /ID (node00000021)"
    stamp = plan.as_of.strftime("%Y%m%d%H%M%S").encode()
    fixed = fix_pdf_dates(pdf + tags, plan)
    assert len(fixed) == len(pdf + tags) and fixed.count(stamp) == 2
    assert fixed.endswith(b"/ID (node00000001) /Headers [(node00000001)] /ID (node00000002)")
    assert fix_pdf_dates(pdf + other, plan) == fixed  # two prints that numbered nodes differently


@needs_chromium
def test_a_real_pack_with_chromium_pdfs_is_byte_identical_twice(store, records, tmp_path):
    sid = records["illegal_content"].service_id
    a = write_pack(store, sid, tmp_path / "a.zip", REGS).read_bytes()
    b = write_pack(store, sid, tmp_path / "b.zip", REGS).read_bytes()
    assert a == b
    files = _members(a)
    listed = {f["path"]: f["sha256"] for f in json.loads(files["contents.json"])["files"]}
    for path, digest in listed.items():
        assert hashlib.sha256(files[path]).hexdigest() == digest
    assert files["00-cover.pdf"].startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=files["00-cover.pdf"], capture_output=True, check=True
        ).stdout.decode()
        assert "Compliance pack: Plain Forum" in text and "Contents" in text
        caa = subprocess.run(
            ["pdftotext", "-", "-"],
            input=files["records/childrens-access-assessment/current.pdf"],
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert "Children's access assessment: Plain Forum" in caa


def test_the_cli_writes_the_pack_and_refuses_bad_input_with_a_sentence(
    store, records, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr("osa_toolkit.report.pdf.html_to_pdf", fake_pdf)
    sid = records["illegal_content"].service_id
    target = tmp_path / "pack.zip"
    url = str(tmp_path / "records.sqlite3")
    assert cli.main(["pack", sid, "-o", str(target), "--store", url]) == 0
    assert "contents.json" in _members(target.read_bytes())
    assert cli.main(["pack", "nobody-here", "-o", str(tmp_path / "x.zip"), "--store", url]) == 2
    err = capsys.readouterr().err
    assert "has no saved record of 'nobody-here'" in err and "Traceback" not in err
    assert cli.main(["pack", sid, "-o", str(tmp_path / "pack.txt"), "--store", url]) == 2
    assert "ending in .zip" in capsys.readouterr().err


def test_hostile_text_in_the_records_stays_text_in_the_cover_and_the_evidence_annex(tmp_path):
    script = "<script>alert(1)</script>"
    hostile = build_records(script)
    with open_store(tmp_path / "records.sqlite3") as opened:
        for kind, record in hostile.items():
            opened.save_record(kind, record, TO_DICT[kind](record))
        sid = hostile["illegal_content"].service_id
        files = _members(build_pack(pack_source(opened, sid), REGS, pdf=fake_pdf))
    for name in ("00-cover.html", "evidence/evidence-annex.md"):
        text = files[name].decode()
        assert "<script>" not in text and "&lt;script&gt;" in text, name


def test_the_duties_command_lists_tasks_and_records_one_done(store, records, tmp_path, capsys):
    sid = records["illegal_content"].service_id
    url = str(tmp_path / "records.sqlite3")
    assert cli.main(["duties", sid, "--store", url, "--today", "2026-12-02"]) == 0
    out = capsys.readouterr().out
    assert "Register with the National Crime Agency" in out and "2026-04-07" in out
    assert "nca_csea_reporting" not in out
    args = ["duties", sid, "--store", url, "--done", "nca_csea_reporting", "--by", "Ann Lee"]
    assert cli.main([*args, "--on", "2026-04-20", "--json"]) == 0
    tasks = {t["id"]: t for t in json.loads(capsys.readouterr().out)["tasks"]}
    assert (tasks["nca_csea_reporting"]["done_by"], tasks["nca_csea_reporting"]["done_on"]) == (
        "Ann Lee",
        "2026-04-20",
    )
    assert cli.main([*args]) == 2  # already done: no longer an open task
    assert "is not an open task" in capsys.readouterr().err
