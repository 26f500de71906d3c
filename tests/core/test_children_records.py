"""Children's risk and age-assurance records: JSON round trips, refusals, diffs and Markdown/HTML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from osa_toolkit.core.assessments.age_assurance import evaluate_age_assurance
from osa_toolkit.core.assessments.childrens_risk import assess_childrens_risk
from osa_toolkit.core.method.subject import Override
from osa_toolkit.files.profiles import load_profile

from osa_toolkit.core.children_diff import diff_age_assurance_records, diff_childrens_risk_records
from osa_toolkit.core.children_records import (
    age_assurance_record,
    age_assurance_record_from_dict,
    children_record_to_dict,
    childrens_risk_record,
    childrens_risk_record_from_dict,
    decisions_from_childrens_record,
    overrides_from_childrens_record,
)
from osa_toolkit.core.diff import diff_to_dict, diff_to_text
from osa_toolkit.core.errors import InvalidInputError, RecordError
from osa_toolkit.core.record import Governance
from osa_toolkit.core.registers import load_registers
from osa_toolkit.report.children_markdown import render_children_html, render_children_markdown
from osa_toolkit.store import open_store

TODAY = dt.date(2026, 11, 28)
KEY = ("bullying", "age_6_9")


@pytest.fixture(scope="module")
def forum():
    return load_profile("kingsbury_cycling_forum")


@pytest.fixture(scope="module")
def risk_record(forum):
    a = assess_childrens_risk(
        forum,
        load_registers(),
        overrides={KEY: Override("bullying", "high", "junior board")},
        today=TODAY,
    )
    return childrens_risk_record(a, forum, Governance(responsible_person="Sam"))


@pytest.fixture(scope="module")
def aa_record():
    p = load_profile("velvet_lens_studio")
    return age_assurance_record(evaluate_age_assurance(p, today=TODAY), p)


def through_json(record):
    return json.loads(json.dumps(children_record_to_dict(record)))


def test_childrens_risk_record_round_trips(risk_record):
    data = through_json(risk_record)
    assert data["kind"] == "childrens_risk" and data["record_format"] == 1
    assert childrens_risk_record_from_dict(data) == risk_record
    assert risk_record.governance.next_review == dt.date(2027, 11, 28)
    g = risk_record.kind_record("bullying").group("age_6_9")
    assert (
        g.level == "high"
        and g.override_reason == "junior board"
        and g.band_confidence == "unconfirmed"  # D11: no source gives the bands
    )


def test_overrides_and_decisions_come_back_out(risk_record):
    assert overrides_from_childrens_record(risk_record)[KEY].reason == "junior board"
    d = dataclasses.replace(risk_record.measures[0], status="in_place", note="done")
    changed = dataclasses.replace(risk_record, measures=(d, *risk_record.measures[1:]))
    assert list(decisions_from_childrens_record(changed)) == [d.id]


def test_age_assurance_record_round_trips(aa_record):
    data = through_json(aa_record)
    assert data["kind"] == "age_assurance"
    assert age_assurance_record_from_dict(data) == aa_record
    assert aa_record.part5 and len(aa_record.missing) == 3


@pytest.mark.parametrize(
    ("loader", "data", "words"),
    [
        (childrens_risk_record_from_dict, {"kind": "age_assurance"}, "not a children's risk assessment record"),
        (age_assurance_record_from_dict, {"kind": "age_assurance"}, "not an age-assurance record"),
        (childrens_risk_record_from_dict, [], "not a children's risk assessment record"),
    ],
)  # fmt: skip
def test_bad_documents_are_refused_in_one_sentence(loader, data, words):
    with pytest.raises(RecordError) as err:
        loader(data, "saved.json")
    assert str(err.value).startswith("saved.json: ") and words in str(err.value)


def test_records_save_in_the_store(tmp_path, risk_record, aa_record):
    with open_store(tmp_path / "r.sqlite") as store:
        for record in (risk_record, aa_record):
            saved = store.save(
                record.service_id,
                record.kind,
                children_record_to_dict(record),
                service_name=record.service_name,
                edition=record.edition,
                toolkit_version=record.toolkit_version,
            )
            assert saved.kind == record.kind
        back = store.latest(risk_record.service_id, "childrens_risk")
        assert childrens_risk_record_from_dict(back.document) == risk_record


def test_childrens_risk_diff_names_levels_measures_and_profile(forum, risk_record):
    p = dataclasses.replace(
        forum, children=dataclasses.replace(forum.children, terms_prohibit=(("bullying", False),))
    )
    newer = childrens_risk_record(assess_childrens_risk(p, load_registers(), today=TODAY), p)
    diff = diff_childrens_risk_records(risk_record, newer)
    text = diff_to_text(diff)
    assert "Bullying content (ages 6–9): high → " in text
    assert "Bullying content (overall): high → " in text
    assert "children.terms_prohibit.bullying: added (false)" in text
    assert "Named person responsible: Sam → (blank)" in text
    assert diff_to_dict(diff)["is_empty"] is False
    assert diff_childrens_risk_records(risk_record, risk_record).is_empty
    with pytest.raises(InvalidInputError):
        diff_childrens_risk_records(risk_record, newer.measures)


def test_age_assurance_diff(aa_record):
    p = load_profile("velvet_lens_studio")
    newer = age_assurance_record(
        evaluate_age_assurance(p, criteria_notes={"privacy": "no images kept"}, today=TODAY), p
    )
    text = diff_to_text(diff_age_assurance_records(aa_record, newer))
    assert "Note on privacy: (blank) → no images kept" in text
    assert "Evidence-check finding resolved: Missing from the record: How you had regard" in text


def test_markdown_and_html_hold_levels_measures_and_escape_user_text(forum, risk_record):
    md = render_children_markdown(risk_record)
    assert md.startswith("# Children's risk assessment: Kingsbury Cycling Forum")
    assert "| Bullying content | priority |" in md and "PCU B4" in md and "junior board" in md
    evil = dataclasses.replace(
        forum, service=dataclasses.replace(forum.service, name="<script>x</script>")
    )
    record = childrens_risk_record(assess_childrens_risk(evil, load_registers(), today=TODAY), evil)
    assert "<script>" not in render_children_markdown(record)
    page = render_children_html(record)
    assert "<script>x" not in page and "&lt;script&gt;" in page
    assert 'class="level level-' in page


def test_age_assurance_markdown_flags_missing_items(aa_record):
    md = render_children_markdown(aa_record)
    assert "## Part 5 record (s.81)" in md and md.count("| MISSING |") == 3
    assert "Capable; criteria not yet shown" in md
    with pytest.raises(InvalidInputError):
        render_children_markdown("not a record")
