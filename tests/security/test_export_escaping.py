"""Exported reports escape every string a user wrote: no payload becomes an element or a handler.

Each record kind with an export (illegal content, children's risk, age assurance) is built with one
payload in every field a user writes (service and provider names and description, control notes,
non-designated content names, override reasons and evidence, measure notes, alternatives and their
reasoning, criteria notes, governance names and the review reason). The HTML export, and the Markdown
export rendered by a Markdown renderer that lets raw HTML through (mistune, as Jupyter uses), must
have exactly the elements and attributes of the same record with plain words.
"""

from __future__ import annotations

import functools
import json

import pytest

from osa_toolkit.report import render
from tests.security.payloads import PAYLOADS, assert_inert, parse
from tests.security.sample_records import build_records

EXPORTED = ("illegal_content", "childrens_risk", "age_assurance")


@functools.cache
def _records(text: str) -> dict:
    return build_records(text)


def _plain(kind: str, fmt: str) -> str:
    return render(_records("Plain words")[kind], fmt)


@pytest.mark.parametrize("kind", EXPORTED)
@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_html_export_escapes_every_user_string(kind: str, name: str) -> None:
    payload = PAYLOADS[name]
    html = render(_records(payload)[kind], "html")
    assert_inert(html, _plain(kind, "html"), payload, f"{kind} html, {name}")
    assert "window.__xss=1</script>" not in html
    assert "<svg" not in html and "<img" not in html


@pytest.mark.parametrize("kind", EXPORTED)
@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_markdown_export_stays_text_when_rendered(kind: str, name: str) -> None:
    mistune = pytest.importorskip("mistune")
    payload = PAYLOADS[name]
    hostile = mistune.html(render(_records(payload)[kind], "md"))
    plain = mistune.html(_plain(kind, "md"))
    page, baseline = parse(hostile), parse(plain)
    assert not page.tags - baseline.tags, f"{kind} markdown, {name}: {page.tags - baseline.tags}"
    assert not page.event_handlers() and not page.script_urls()


@pytest.mark.parametrize("kind", EXPORTED)
def test_json_export_keeps_the_text_exactly(kind: str) -> None:
    payload = PAYLOADS["script"]
    doc = json.loads(render(_records(payload)[kind], "json"))
    assert payload in json.dumps(doc, ensure_ascii=False)


def test_every_field_a_user_writes_reaches_the_report() -> None:
    """The payload really is in the fields the brief lists (so the tests above test them)."""
    payload = PAYLOADS["script"]
    records = _records(payload)
    ic, cr, aa = (records[k] for k in EXPORTED)
    assert payload in ic.service_name and ic.profile["provider"]["name"] == payload
    assert ic.profile["controls"][0]["note"] == payload
    assert any(h.override_reason == payload and h.override_evidence == payload for h in ic.harms)
    assert any(m.alternative == payload and m.alternative_reasoning == payload for m in ic.measures)
    assert any(m.note == payload for m in ic.measures)
    assert ic.governance.responsible_person == payload
    assert any(k.named_by_provider and k.name == payload for k in cr.kinds)
    assert any(g.override_reason == payload for k in cr.kinds for g in k.groups)
    assert any(m.alternative == payload for m in cr.measures)
    assert set(aa.notes.values()) == {payload}
    html = render(ic, "html")
    assert parse(html).text.count(payload) >= 10
