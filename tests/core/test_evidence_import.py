"""Evidence import: each software's export shape, refusals of malformed files, mapping, figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from osa_toolkit.files.evidence import read_export, registers_ids
from osa_toolkit.files.profiles import load_profile

from osa_toolkit.core.evidence_import import (
    EvidenceImportError,
    MappingRow,
    apply_source,
    check_mapping,
    default_mapping,
    import_export,
    monthly_counts,
    parse_export,
    remove_source,
    summarise,
)
from osa_toolkit.core.profile import parse_profile, profile_to_dict

FIXTURES = Path(__file__).parent.parent / "fixtures" / "evidence"
FILES = {
    "discourse": "discourse_reviewable_scores.csv",
    "mastodon": "mastodon_admin_reports.json",
    "phpbb": "phpbb_reports.csv",
    "lemmy": "lemmy_modlog.json",
    "generic": "generic_reports.csv",
}


def data(software: str) -> bytes:
    return (FIXTURES / FILES[software]).read_bytes()


@pytest.fixture(scope="module")
def ids():
    return registers_ids()


@pytest.fixture(scope="module")
def forum():
    return load_profile("kingsbury_cycling_forum")


def run(software, profile, ids, raw=None, **kw):
    harms, children = ids
    return import_export(
        data(software) if raw is None else raw,
        FILES[software],
        software,
        profile,
        harm_ids=harms,
        child_ids=children,
        **kw,
    )


# ----------------------------------------------------------------------------- real shapes


def test_discourse_flags_counted_by_type_and_status():
    parsed = parse_export(data("discourse"), "discourse", "d.csv")
    assert len(parsed.events) == 10
    kinds = [e.category for e in parsed.events]
    assert kinds.count("inappropriate") == 5 and kinds.count("spam") == 2
    assert "illegal" in kinds and "notify_moderators" in kinds and "off_topic" in kinds
    first = parsed.events[0]
    assert (first.outcome, first.when) == (
        "agreed",
        dt.datetime(2026, 1, 5, 8, 12, tzinfo=dt.UTC),
    )
    assert first.actioned == dt.datetime(2026, 1, 5, 9, 40, tzinfo=dt.UTC)
    assert parsed.events[-1].outcome == "pending" and parsed.events[-1].actioned is None


def test_discourse_default_mapping_lists_unmapped_and_figures(forum, ids):
    result = run("discourse", forum, ids)
    s = result.source
    assert (s.period_start, s.period_end) == (dt.date(2026, 1, 5), dt.date(2026, 6, 27))
    assert dict(s.unmapped) == {"inappropriate": 5, "notify_moderators": 1}
    assert [(f.kind, f.reports, f.confirmed) for f in s.by_harm] == [("other_illegal", 1, 1)]
    assert s.reports_total == 10
    ev = result.profile.evidence
    assert ev.period_months == 6 and ev.reports_total == 10
    assert [(h.harm, h.reports, h.confirmed) for h in ev.by_harm] == [("other_illegal", 1, 1)]


def test_editing_one_row_moves_reports_to_that_kind(forum, ids):
    result = run("discourse", forum, ids, edits=[MappingRow("inappropriate", "harassment")])
    harassment = next(f for f in result.source.by_harm if f.kind == "harassment")
    # agreed x2, disagreed x2, pending x1
    assert (harassment.reports, harassment.confirmed, harassment.dismissed, harassment.open) == (
        5,
        2,
        2,
        1,
    )
    # 5 reports in 6 months for 1,200 UK users: 5 * 2 / 1200 * 10,000
    assert harassment.per_10k_users_per_year == pytest.approx(83.33)
    # acted on after 20.5 h, 20.9 h, 7 h and 13 h (the pending one excluded): median 16.75 h
    assert harassment.median_days_to_action == pytest.approx(0.7, abs=0.001)
    assert dict(result.source.unmapped) == {"notify_moderators": 1}
    assert ("inappropriate", "harassment", "") in [
        (r.category, r.harm, r.child_kind) for r in result.source.mapping
    ]


def test_mastodon_reports_by_category_and_rule(forum, ids):
    parsed = parse_export(data("mastodon"), "mastodon", "m.json")
    cats = [e.category for e in parsed.events]
    assert cats[0] == "spam" and cats[2] == "legal" and cats[4] == "other"
    assert cats[1].startswith("violation: rule 2 (No racism")
    assert cats[3] == "violation: rule 4 (No harassment or dogpiling)"
    assert [e.outcome for e in parsed.events] == ["resolved"] * 4 + ["unresolved"]
    rule4 = cats[3]
    result = run("mastodon", forum, ids, edits=[MappingRow(rule4, "harassment", "bullying")])
    harassment = next(f for f in result.source.by_harm if f.kind == "harassment")
    assert (harassment.reports, harassment.confirmed) == (1, 1)
    assert harassment.median_days_to_action == pytest.approx(0.12, abs=0.01)  # 3 hours
    assert [(f.kind, f.reports) for f in result.source.children_by_kind] == [("bullying", 1)]
    assert [(h.harm, h.reports) for h in result.profile.evidence.children_by_kind] == [
        ("bullying", 1)
    ]
    legal = next(f for f in result.source.by_harm if f.kind == "other_illegal")
    assert legal.confirmed == 1


def test_phpbb_reasons_and_closed_reports(forum, ids):
    parsed = parse_export(data("phpbb"), "phpbb", "p.csv")
    assert [e.category for e in parsed.events] == [
        "spam",
        "other",
        "off_topic",
        "warez",
        "other",
        "spam",
    ]
    assert [e.outcome for e in parsed.events].count("closed") == 4
    assert parsed.events[0].when == dt.datetime(2026, 1, 5, 13, 30, tzinfo=dt.UTC)
    result = run("phpbb", forum, ids, edits=[MappingRow("other", "hate")])
    hate = result.source.by_harm[0]
    # closed counts as confirmed (the cautious default), the open one stays open
    assert (hate.kind, hate.reports, hate.confirmed, hate.open) == ("hate", 2, 1, 1)
    dismissed = run(
        "phpbb",
        forum,
        ids,
        edits=[MappingRow("other", "hate")],
        outcome_edits=[("closed", "dismissed")],
    )
    assert dismissed.source.by_harm[0].confirmed == 0


def test_lemmy_modlog_actions_and_undone_removals(forum, ids):
    parsed = parse_export(data("lemmy"), "lemmy", "l.json")
    assert sorted(e.category for e in parsed.events) == [
        "banned_from_community",
        "removed_comments",
        "removed_comments",
        "removed_posts",
        "removed_posts",
    ]
    assert parsed.counts_actions
    result = run("lemmy", forum, ids)
    assert result.source.reports_total == 4  # the restore is not counted
    assert dict(result.source.unmapped) == {
        "removed_comments": 2,
        "banned_from_community": 1,
        "removed_posts": 1,
    }
    assert any("not moderation of content" in d for d in result.source.dropped)
    assert any("undone removal" in d for d in result.source.dropped)


def test_generic_csv(forum, ids):
    edits = [MappingRow("Scam or fraud", "fraud"), MappingRow("Spam", "none")]
    result = run("generic", forum, ids, edits=edits)
    fraud = result.source.by_harm[0]
    assert (fraud.kind, fraud.reports, fraud.confirmed, fraud.dismissed) == ("fraud", 2, 1, 1)
    assert fraud.median_days_to_action == 1.0  # 0 days and 2 days
    assert dict(result.source.unmapped) == {"Harassment": 2, "Hate speech": 1}


def test_monthly_counts_for_the_chart():
    parsed = parse_export(data("discourse"), "discourse", "d.csv")
    mapping = default_mapping("discourse", {e.category for e in parsed.events})
    months = monthly_counts(parsed, mapping)
    assert months["not illegal content"] == {"2026-01": 1, "2026-03": 1, "2026-04": 1}
    assert months["unmapped"]["2026-01"] == 1 and months["other_illegal"] == {"2026-02": 1}


# ----------------------------------------------------------------------------- refusals

BAD = [
    *((software, b"", "is empty") for software in FILES),
    ("discourse", b"  \n", "is empty"),
    (
        "discourse",
        b"id,reviewable_score_type,created_at\n1,8,2026-01-01\n",
        "line 1: expected the column 'status'",
    ),
    (
        "discourse",
        b"id,flag,status,reviewable_score_type,created_at\n",
        "line 1, column 2: expected a column of Discourse's reviewable_scores table",
    ),
    (
        "discourse",
        b"reviewable_score_type,status,created_at\n8,1,2026-01-01\n8,1,yesterday\n",
        "line 3, column 'created_at': expected a date",
    ),
    (
        "discourse",
        b"reviewable_score_type,status,created_at\n8,7,2026-01-01\n",
        "line 2, column 'status'",
    ),
    ("discourse", b"reviewable_score_type,status,created_at\n8,1\n", "line 2: expected 3 fields"),
    (
        "phpbb",
        b"reason_id,report_closed,report_time,reason_id\n",
        "line 1, column 4: expected each column once; found 'reason_id' again",
    ),
    ("mastodon", b'[{"id": "1",\n "category": spam}]', "line 2, column 14: expected valid JSON"),
    ("mastodon", b'{"id": "1"}', "at the top level: expected a list of reports"),
    (
        "mastodon",
        b'[{"id": "1", "action_taken": false, "category": "spam"}]',
        "at [0]: expected a report with the key 'created_at'",
    ),
    (
        "mastodon",
        b'[{"id":"1","action_taken":false,"category":"spam","created_at":"2026-13-01"}]',
        "at [0].created_at: expected a date-time",
    ),
    (
        "mastodon",
        b'[{"id":"1","action_taken":false,"category":"rude","created_at":"2026-01-01"}]',
        "at [0].category: expected spam, legal, violation or other",
    ),
    ("phpbb", b"report_id,reason_id\n1,2\n", "line 1: expected the column 'report_closed'"),
    (
        "phpbb",
        b"reason_id,report_closed,report_time\n2,1,2026-01-01\n",
        "line 2, column 'report_time': expected a Unix time",
    ),
    ("lemmy", b"[]", "at the top level: expected the modlog object"),
    ("lemmy", b'{"reports": []}', "at 'reports'"),
    (
        "lemmy",
        b'{"removed_posts": [{"mod_remove_post": {"removed": true, "when_": "soon"}}]}',
        "at removed_posts[0].mod_remove_post.when_: expected a date-time",
    ),
    ("generic", b"date,category\n", "line 1: expected the column 'outcome'"),
    (
        "generic",
        b"date,category,outcome\n2026-01-01,Spam,maybe\n",
        "line 2, column 'outcome': expected confirmed, dismissed or open",
    ),
    ("generic", b"date,category,outcome\n2026-01-01,Spam,open\n\xff\xfe\n", "line 3"),
]


@pytest.mark.parametrize(("software", "raw", "words"), BAD)
def test_wrong_shapes_get_one_sentence_naming_file_and_place(software, raw, words):
    with pytest.raises(EvidenceImportError) as err:
        parse_export(raw, software, "export.file")
    message = str(err.value)
    assert message.startswith("export.file")
    assert words in message
    assert "\n" not in message and message.endswith(".")


def test_a_header_without_reports_has_no_period(forum, ids):
    raw = b"reviewable_score_type,status,created_at\n"
    with pytest.raises(EvidenceImportError, match="no reports in it"):
        run("discourse", forum, ids, raw=raw)


def test_a_wrong_shape_leaves_the_profile_as_it_was(forum, ids):
    with pytest.raises(EvidenceImportError):
        run("mastodon", forum, ids, raw=b"not json")
    assert forum.evidence.by_harm[0].harm == "hate"  # frozen, and nothing returned


def test_a_100_mb_file_is_refused_by_its_size_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "huge.csv"
    with big.open("wb") as fh:  # a sparse file: 100 MB long, nothing written to disk
        fh.truncate(100 * 1024 * 1024)

    def never(*_a, **_k):
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    monkeypatch.setattr(Path, "open", never)
    with pytest.raises(
        EvidenceImportError, match=r"huge\.csv is 100 MB; expected .* at most 20 MB"
    ):
        read_export(big)


def test_mapping_to_a_kind_the_edition_lacks_is_refused(ids):
    mapping = default_mapping("discourse").with_row("inappropriate", "suicide")
    with pytest.raises(EvidenceImportError, match="'suicide', which is not a kind"):
        check_mapping(mapping, *ids)
    mapping = default_mapping("discourse").with_row("inappropriate", "hate", "gossip")
    with pytest.raises(EvidenceImportError, match="children's content kind 'gossip'"):
        check_mapping(mapping, *ids)
    with pytest.raises(EvidenceImportError, match="must count as one of"):
        default_mapping("phpbb").with_outcome("closed", "perhaps")


def test_unknown_software_is_refused():
    with pytest.raises(EvidenceImportError, match="has no importer; expected one of discourse"):
        parse_export(b"x", "vbulletin", "x.csv")


# ----------------------------------------------------------------------------- the profile


def test_sources_round_trip_through_the_profile_format(forum, ids):
    result = run("discourse", forum, ids, edits=[MappingRow("inappropriate", "harassment")])
    data_out = profile_to_dict(result.profile)
    again = parse_profile(data_out)
    assert again == result.profile
    source = data_out["evidence"]["sources"][0]
    assert source["sha256"] == result.source.sha256 and len(source["sha256"]) == 64
    assert source["unmapped"] == [{"category": "notify_moderators", "reports": 1}]
    assert source["by_harm"]["harassment"]["dismissed"] == 2


def test_bad_sources_in_a_profile_are_refused_with_the_dotted_key(forum, ids):
    data_out = profile_to_dict(run("discourse", forum, ids).profile)
    data_out["evidence"]["sources"][0]["sha256"] = "abc"
    with pytest.raises(Exception, match=r"'evidence\.sources\[1\]\.sha256' must be 64"):
        parse_profile(data_out, source="p.yaml")
    data_out["evidence"]["sources"][0]["sha256"] = "a" * 64
    data_out["evidence"]["sources"][0]["colour"] = "red"
    with pytest.raises(Exception, match=r"'evidence\.sources\[1\]\.colour' is not a known key"):
        parse_profile(data_out, source="p.yaml")


def test_importing_two_sources_sums_and_reimport_replaces(forum, ids):
    first = run("discourse", forum, ids, edits=[MappingRow("inappropriate", "harassment")])
    second = run("generic", first.profile, ids, edits=[MappingRow("Harassment", "harassment")])
    ev = second.profile.evidence
    assert len(ev.sources) == 2
    harassment = next(h for h in ev.by_harm if h.harm == "harassment")
    assert (harassment.reports, harassment.confirmed) == (7, 3)
    assert ev.reports_total == 16
    again = run("generic", second.profile, ids, edits=[MappingRow("Harassment", "none")])
    assert len(again.profile.evidence.sources) == 2
    assert "replaced" in again.notes[0]
    harassment = next(h for h in again.profile.evidence.by_harm if h.harm == "harassment")
    assert harassment.reports == 5
    # the mapping chosen earlier is reused for the next import of the same software
    reused = run("discourse", again.profile, ids)
    assert ("inappropriate", "harassment") in [(r.category, r.harm) for r in reused.source.mapping]
    gone = remove_source(again.profile, again.source.sha256)
    assert [s.software for s in gone.evidence.sources] == ["discourse"]


def test_summarise_without_users_gives_no_rate():
    parsed = parse_export(data("generic"), "generic", "g.csv")
    mapping = default_mapping("generic").with_row("Harassment", "harassment")
    source = summarise(parsed, mapping, "g.csv", "0" * 64, users=None)
    assert source.by_harm[0].per_10k_users_per_year is None
    profile, notes = apply_source(
        dataclasses.replace(load_profile("kingsbury_cycling_forum"), evidence=None), source
    )
    assert notes == () and profile.evidence.by_harm[0].harm == "harassment"


def test_unmapped_reports_are_something_a_regulator_would_question(forum, ids):
    from osa_toolkit.core.assessments.illegal_content import assess_illegal_content

    from osa_toolkit.core.registers import load_registers

    profile = run("discourse", forum, ids).profile
    findings = assess_illegal_content(profile, load_registers()).evidence_check
    unmapped = [f for f in findings if f.kind == "unmapped_evidence"]
    assert [f.message for f in unmapped] == [
        "6 report(s) in discourse_reviewable_scores.csv are not mapped to any kind of illegal "
        "content: 'inappropriate' (5), 'notify_moderators' (1); a regulator would ask what they "
        "were, so map them or record why they are not illegal content."
    ]
    mapped = run(
        "discourse",
        forum,
        ids,
        edits=[MappingRow("inappropriate", "harassment"), MappingRow("notify_moderators", "none")],
    ).profile
    findings = assess_illegal_content(mapped, load_registers()).evidence_check
    assert not [f for f in findings if f.kind == "unmapped_evidence"]
