"""The evidence annex: every export format of a record built from imported moderation records."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from osa_toolkit.core.assessments.childrens_risk import assess_childrens_risk
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.files.evidence import registers_ids
from osa_toolkit.files.profiles import load_profile

from osa_toolkit.core.children_records import childrens_risk_record
from osa_toolkit.core.evidence_import import MappingRow, import_export
from osa_toolkit.core.record import record_from_assessment
from osa_toolkit.core.registers import load_registers
from osa_toolkit.report import render

FIXTURE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "evidence" / "mastodon_admin_reports.json"
)
RULE4 = "violation: rule 4 (No harassment or dogpiling)"


@pytest.fixture(scope="module")
def imported():
    harms, children = registers_ids()
    return import_export(
        FIXTURE.read_bytes(),
        FIXTURE.name,
        "mastodon",
        load_profile("kingsbury_cycling_forum"),
        harm_ids=harms,
        child_ids=children,
        edits=[MappingRow(RULE4, "harassment", "bullying")],
        note="exported on 1 July 2026",
    )


@pytest.fixture(scope="module")
def record(imported):
    profile = imported.profile
    return record_from_assessment(assess_illegal_content(profile, load_registers()), profile)


def test_markdown_and_html_show_the_source_the_figures_and_the_mapping(record, imported):
    md = render(record, "md")
    annex = md.split("## Evidence annex: the service's own records", 1)[1].split("## About", 1)[0]
    assert f"**SHA-256 of the file:** {imported.source.sha256}" in annex
    assert "**Period:** 2026-01-08 to 2026-05-30" in annex
    assert "| Harassment, stalking, threats and abuse | 1 | 1 | 0 | 0 | 20 | 0.12 |" in annex
    assert f"| {RULE4} | Harassment, stalking, threats and abuse | Bullying content" in annex
    assert "- 'other': 1 report(s)" in annex
    assert "The outcome 'resolved' counts as confirmed." in annex
    assert "**Assessor's note:** exported on 1 July 2026" in annex
    assert "harassment |" not in annex  # kinds by their names, never ids
    html = render(record, "html")
    assert 'id="evidence-annex"' in html and imported.source.sha256 in html


def test_docx_and_json_carry_it_too(record, imported):
    docx = render(record, "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        body = z.read("word/document.xml").decode()
    assert "Evidence annex" in body and imported.source.sha256 in body
    doc = json.loads(render(record, "json"))
    source = doc["profile"]["evidence"]["sources"][0]
    assert source["sha256"] == imported.source.sha256 and source["software"] == "mastodon"


def test_a_record_without_imports_has_no_annex():
    profile = load_profile("kingsbury_cycling_forum")
    record = record_from_assessment(assess_illegal_content(profile, load_registers()), profile)
    assert "Evidence annex" not in render(record, "md")


def test_the_childrens_risk_record_has_the_annex(imported):
    profile = imported.profile
    result = assess_childrens_risk(profile, load_registers())
    md = render(childrens_risk_record(result, profile), "md")
    assert "## Evidence annex: the service's own records" in md
    assert "| Bullying content (content harmful to children) | 1 | 1 |" in md


def test_hostile_category_names_are_escaped_in_html_and_the_widget():
    from osa_toolkit.widgets.evidence_upload import EvidenceUpload

    script = "<script>alert(1)</script>"
    raw = f'date,category,outcome\n2026-01-02,"{script}|x",open\n2026-02-03,Spam,confirmed\n'
    harms, children = registers_ids()
    profile = load_profile("kingsbury_cycling_forum")
    result = import_export(
        raw.encode(), "x.csv", "generic", profile, harm_ids=harms, child_ids=children
    )
    record = record_from_assessment(
        assess_illegal_content(result.profile, load_registers()), result.profile
    )
    html = render(record, "html")
    assert script not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    widget = EvidenceUpload(profile)
    widget.load("x.csv", raw.encode(), "generic")
    for part in (widget.preview.value, widget.chart_text.value, widget.levels.value):
        assert script not in part
    assert f"'{script}|x': 1 report(s) not mapped" not in widget.preview.value
