"""Each export format holds the record's facts: levels in words, measures and their statuses, the
named person and the dates, in the sections of Ofcom's record-keeping template."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import docx
import pytest

from osa_toolkit.core.errors import InvalidInputError, ReportError
from osa_toolkit.core.record import record_from_dict
from osa_toolkit.core.record_schema import validate_record
from osa_toolkit.report import FORMATS, render
from osa_toolkit.report.pdf import find_chromium, html_to_pdf
from tests.report.conftest import SCRIPT

SECTIONS = [
    "Key information",
    "Document history",
    "Scope and children's access",
    "Step 1: risk factors",
    "Step 2: risk of each kind of illegal content",
    "Step 3: measures decided and recorded",
    "Step 4: report, review and update",
    "About this record",
]
needs_chromium = pytest.mark.skipif(
    find_chromium() is None, reason="Chromium is not installed (apt-get install chromium)"
)


class _Page(HTMLParser):
    """Start tags, attributes and the text of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self._h2 = False
        self.h2: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        self._h2 = tag == "h2"

    def handle_endtag(self, tag):
        self._h2 = False

    def handle_data(self, data):
        self.text.append(data)
        if self._h2:
            self.h2.append(data)


def parse_html(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def docx_text(data: bytes) -> tuple[docx.document.Document, str]:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return document, "\n".join(parts)


def pdf_text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def as_text(fmt: str, record, history) -> str:
    """What a reader of the export sees, as plain text."""
    data = render(record, fmt, history=history)
    if fmt == "html":
        return " ".join(" ".join(parse_html(data).text).split())
    if fmt == "docx":
        return docx_text(data)[1]
    if fmt == "pdf":
        return " ".join(pdf_text(data).split())
    return data


READABLE = [
    "md",
    "html",
    "docx",
    pytest.param("pdf", marks=needs_chromium),
]


@pytest.mark.parametrize("fmt", READABLE)
def test_every_format_holds_levels_measures_people_and_dates(fmt, record, history):
    if fmt == "pdf" and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    text = as_text(fmt, record, history)
    for expected in (
        "Sam Lee",
        "Alex Doe",
        "Jo Bloggs",
        "2026-11-28",
        "2026-11-30",
        "2026-12-02",
        "2027-11-28",
        "2022-04-25",
        "2027-01-15",
        "2026-06",
    ):
        assert expected in text, expected
    for m in record.measures:
        assert m.id in text, m.id
    for status in (
        "in place",
        "planned",
        "an alternative measure is used instead",
        "recommended, not yet decided",
    ):
        assert status in text
    for h in record.harms[:6]:
        assert h.name.split(":")[0] in text
    assert "two incidents last year" in text and "A two-person appeal panel" in text
    assert "not legal advice" in text and "osa-toolkit 0.1.0" in text
    for title in SECTIONS:
        assert title in text


def test_markdown_rows_carry_levels_in_words_and_are_stable(record, history):
    first = render(record, "md", history=history)
    assert first == render(record, "md", history=history)
    lines = first.splitlines()
    hate, c1 = record.harm("hate"), record.measure("ICU C1")
    factors = ", ".join(hate.factors)
    assert (
        f"| Hate | low | medium | {factors} | records checked, no confirmed incident; and the assessor's written evidence |"
        in lines
    )
    assert f"| ICU C1 | {c1.title} | ICU | in place | 2022-04-25 | {' '.join(c1.why)} |" in lines
    assert "| 2 | 2026-11-30 | annual review | Alex Doe | not recorded |" in lines
    assert "- **Named person responsible:** Sam Lee" in lines
    assert "- **Reason the assessor changed the level:** two incidents last year" in lines
    assert [line[3:] for line in lines if line.startswith("## ")] == SECTIONS
    assert first.startswith("# Illegal content risk assessment: Café Forum\n")


def test_markdown_keeps_hostile_text_inert(hostile_record):
    text = render(hostile_record, "md")
    assert "<script>" not in text
    assert r"\<script\>alert(1)\</script\> Forum" in text


def test_html_escapes_every_user_string_and_has_no_script(hostile_record):
    page = render(hostile_record, "html")
    parsed = parse_html(page)
    assert "script" not in parsed.tags and "b" not in parsed.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Forum" in page
    text = "".join(parsed.text)
    assert f"{SCRIPT} Forum" in text  # shown to the reader as text
    assert f"ICU C1: see {SCRIPT} & <b>bold</b>" in text
    assert parsed.tags.count("h2") == len(SECTIONS)


def test_html_is_self_contained_printable_and_shows_levels_as_words(record, history):
    page = render(record, "html", history=history)
    parsed = parse_html(page)
    assert not any(name in ("src", "href") for name, _ in parsed.attrs)
    assert not re.search(r"https?://|url\(|@import", page)
    assert "@media print" in page and '<meta charset="utf-8">' in page
    assert [" ".join(t.split()) for t in parsed.h2] == SECTIONS
    assert (
        '<td>Hate</td><td><span class="level level-low">low</span></td>'
        '<td><span class="level level-medium">medium</span></td>' in page
    )


def test_docx_has_the_template_headings_and_a_harm_row(record, history):
    document, _ = docx_text(render(record, "docx", history=history))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS
    rows = {tuple(c.text for c in row.cells) for table in document.tables for row in table.rows}
    factors = ", ".join(record.harm("hate").factors)
    assert (
        "Hate",
        "low",
        "medium",
        factors,
        "records checked, no confirmed incident; and the assessor's written evidence",
    ) in rows
    assert ("Named person responsible", "Sam Lee") in rows
    assert any(
        r[:5] == ("ICU D9", r[1], "ICU", "an alternative measure is used instead", "not recorded")
        for r in rows
    )
    assert document.core_properties.title == "Illegal content risk assessment: Café Forum"


def test_json_validates_and_round_trips(record):
    text = render(record, "json")
    data = json.loads(text)
    validate_record(data)
    assert record_from_dict(data) == record
    assert "Café Forum" in text  # ensure_ascii=False
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert data["measures"][1]["status"] == "in_place"


def test_json_refuses_a_record_that_breaks_the_schema(record):
    import dataclasses

    bad = dataclasses.replace(record, edition="June 2026")
    with pytest.raises(ReportError, match="cannot be exported as JSON: .*at edition"):
        render(bad, "json")


@needs_chromium
def test_pdf_is_a_real_pdf_with_the_record_text(record, history):
    data = render(record, "pdf", history=history)
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 3
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    text = pdf_text(data)
    assert "Café Forum" in text and "medium" in text and "Sam Lee" in text


def test_pdf_without_chromium_says_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(ReportError, match="install the 'chromium' package.*as HTML"):
        html_to_pdf("<p>x</p>")


def _fake_chromium(tmp_path, body: str) -> str:
    script = tmp_path / "chromium"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_pdf_gives_up_after_the_timeout(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM", _fake_chromium(tmp_path, "sleep 30"))
    with pytest.raises(ReportError, match="did not finish printing the PDF within 1 seconds"):
        html_to_pdf("<p>x</p>", timeout=1)


def test_pdf_reports_a_chromium_failure(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM", _fake_chromium(tmp_path, "echo 'no display' >&2; exit 3"))
    with pytest.raises(ReportError, match=r"exit code 3: no display"):
        html_to_pdf("<p>x</p>")


def test_render_refuses_unknown_formats_and_non_records(record):
    assert tuple(FORMATS) == ("md", "html", "json", "docx", "pdf")
    with pytest.raises(InvalidInputError, match="'fmt' must be one of md, html"):
        render(record, "odt")
    with pytest.raises(InvalidInputError, match="not one of the toolkit's records"):
        render({"service_name": "x"}, "md")
    with pytest.raises(InvalidInputError, match="'history' must be a list of mappings"):
        render(record, "md", history=["v1"])


def test_a_search_only_service_gets_the_search_questionnaire_instead():
    import datetime as dt

    from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
    from osa_toolkit.core.profile import parse_profile
    from osa_toolkit.core.record import record_from_assessment

    p = parse_profile(
        {
            "profile_version": 1,
            "service": {"name": "Finder"},
            "scope": {"user_to_user": False, "search_engine": True, "uk_target_market": True},
            "search": {"search_type": "vertical", "image_search": True},
            "users": {"uk_monthly_active_users": 100, "total_monthly_active_users": 100},
        }
    )
    rec = record_from_assessment(assess_illegal_content(p, today=dt.date(2026, 11, 28)), p)
    lines = render(rec, "md").splitlines()
    assert "Not a user-to-user service, so the user-to-user questionnaire does not apply." in lines
    assert "- **Search type:** vertical" in lines
    assert "- **Image or visual search:** yes" in lines
    assert "- **Service type:** search" in lines


def test_docx_is_a4(record):
    """Issue 15 item 15: Word records print on A4."""
    document = docx.Document(io.BytesIO(render(record, "docx")))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_printed_pages_carry_the_version_and_page_numbers(record, history, hostile_record):
    html = render(record, "html", history=history)
    assert "@bottom-right" in html and 'counter(page) " of " counter(pages)' in html
    footer = html.split("@bottom-left", 1)[1].split(";", 1)[0]
    assert f"version {history[-1]['version']}" in footer and "osa-toolkit" in footer
    hostile = render(hostile_record, "html", history=history)
    style = hostile.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "<" not in style  # a service name cannot end the style element


@needs_chromium
def test_pdf_footer_has_page_numbers_and_the_version(record, history):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    text = pdf_text(render(record, "pdf", history=history))
    assert re.search(r"Page 1 of \d+", text)
    assert f"version {history[-1]['version']}" in text
