"""`osa-toolkit evidence import`: the profile gains the evidence (atomically), bad files change
nothing, and no personal data from an export reaches the saved profile, the store or an export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from osa_toolkit import cli
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.core.record import record_from_assessment, record_to_dict
from osa_toolkit.core.registers import load_registers
from osa_toolkit.files.profiles import load_profile
from osa_toolkit.report import render
from osa_toolkit.store import open_store

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "evidence"
EXAMPLE = ROOT / "osa_toolkit" / "data" / "examples" / "kingsbury_cycling_forum.yaml"

# Every account name, e-mail, IP address and free text of the fixtures.
PERSONAL = (
    "mora_quill",
    "tavi_lumen",
    "brisk_otter",
    "glint_moth",
    "admin_wren",
    "@example.org",
    "192.0.2.",
    "fern_keeper",
    "pale_heron",
    "rust_finch",
    "[anonymised",
)


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    target = tmp_path / "forum.yaml"
    shutil.copy(EXAMPLE, target)
    return target


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_writes_the_evidence_and_the_level_reads_it(capsys, profile):
    code, out, err = run(
        capsys,
        "evidence",
        "import",
        str(FIXTURES / "discourse_reviewable_scores.csv"),
        "--software",
        "discourse",
        "--profile",
        str(profile),
        "--map",
        "inappropriate=harassment",
        "--json",
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["source"]["period_start"] == "2026-01-05"
    assert doc["source"]["by_harm"]["harassment"]["confirmed"] == 2
    assert doc["evidence"]["by_harm"]["harassment"] == {"reports": 5, "confirmed": 2}
    assert doc["evidence"]["period_months"] == 6
    saved = load_profile(profile)
    assert saved.evidence.sources[0].sha256 == doc["source"]["sha256"]
    harm = next(
        h for h in assess_illegal_content(saved, load_registers()).harms if h.id == "harassment"
    )
    assert harm.evidence.status == "confirmed" and harm.evidence.confirmed == 2
    assert any("records show 2 confirmed incident" in line for line in harm.trace)


def test_output_option_leaves_the_profile_alone(capsys, profile, tmp_path):
    before = profile.read_bytes()
    out_path = tmp_path / "with-evidence.yaml"
    code, out, _ = run(
        capsys,
        "evidence",
        "import",
        str(FIXTURES / "generic_reports.csv"),
        "--software",
        "generic",
        "--profile",
        str(profile),
        "-o",
        str(out_path),
        "--map",
        "Scam or fraud=fraud",
    )
    assert code == 0
    assert "fraud: 2 reports, 1 confirmed, 1 dismissed" in out
    assert "not mapped to a kind: 'Harassment' (2 reports)" in out
    assert profile.read_bytes() == before
    assert load_profile(out_path).evidence.by_harm[0].harm == "fraud"


@pytest.mark.parametrize(
    ("name", "content", "software", "words"),
    [
        ("empty.csv", b"", "discourse", "empty.csv is empty"),
        ("cols.csv", b"date,kind,outcome\n", "generic", "cols.csv, line 1, column 2"),
        (
            "dates.csv",
            b"date,category,outcome\n2026-01-01,Spam,open\n01/02/2026,Spam,open\n",
            "generic",
            "dates.csv, line 3, column 'date'",
        ),
        ("bad.json", b"[{", "mastodon", "bad.json, line 1, column 3: expected valid JSON"),
    ],
)
def test_a_malformed_file_gets_one_sentence_and_changes_nothing(
    capsys, profile, tmp_path, name, content, software, words
):
    bad = tmp_path / name
    bad.write_bytes(content)
    before = profile.read_bytes()
    code, out, err = run(
        capsys, "evidence", "import", str(bad), "--software", software, "--profile", str(profile)
    )
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert words in err
    assert profile.read_bytes() == before
    assert sorted(p.name for p in profile.parent.iterdir()) == sorted([profile.name, name])


@pytest.mark.parametrize("software", ["discourse", "mastodon", "phpbb", "lemmy", "generic"])
def test_a_100_mb_file_is_refused_and_changes_nothing(capsys, profile, tmp_path, software):
    big = tmp_path / "flags.csv"
    with big.open("wb") as fh:  # sparse: 100 MB long, nothing written to disk
        fh.truncate(100 * 1024 * 1024)
    before = profile.read_bytes()
    code, _, err = run(
        capsys, "evidence", "import", str(big), "--software", software, "--profile", str(profile)
    )
    assert code == 2 and "flags.csv is 100 MB" in err
    assert profile.read_bytes() == before


def test_a_mapping_to_an_unknown_kind_is_refused(capsys, profile):
    before = profile.read_bytes()
    code, _, err = run(
        capsys,
        "evidence",
        "import",
        str(FIXTURES / "phpbb_reports.csv"),
        "--software",
        "phpbb",
        "--profile",
        str(profile),
        "--map",
        "other=gossip",
    )
    assert code == 2 and "'gossip', which is not a kind of illegal content" in err
    assert profile.read_bytes() == before


def test_no_personal_data_reaches_the_profile_the_store_or_an_export(capsys, profile, tmp_path):
    for software, name in (
        ("mastodon", "mastodon_admin_reports.json"),
        ("lemmy", "lemmy_modlog.json"),
        ("phpbb", "phpbb_reports.csv"),
        ("generic", "generic_reports.csv"),
    ):
        raw = (FIXTURES / name).read_bytes().decode()
        assert any(word in raw for word in PERSONAL), name  # the fixture does hold some
        code, _, err = run(
            capsys,
            "evidence",
            "import",
            str(FIXTURES / name),
            "--software",
            software,
            "--profile",
            str(profile),
        )
        assert code == 0, err
    saved = load_profile(profile)
    assert len(saved.evidence.sources) == 4
    assert any("dropped at import" in d for d in saved.evidence.sources[0].dropped)
    record = record_from_assessment(assess_illegal_content(saved, load_registers()), saved)
    store = open_store(tmp_path / "records.sqlite3")
    store.save_record("illegal_content", record, record_to_dict(record))
    store.close()
    texts = {
        "profile": profile.read_text(encoding="utf-8"),
        "store": (tmp_path / "records.sqlite3").read_bytes().decode("utf-8", "replace"),
        "md": render(record, "md"),
        "html": render(record, "html"),
        "json": render(record, "json"),
    }
    assert "Evidence annex" in texts["md"] and "mastodon_admin_reports.json" in texts["html"]
    for where, content in texts.items():
        for word in PERSONAL:
            assert word not in content, f"{word!r} found in the {where}"


def test_list_and_remove_sources(capsys, profile):
    for software, name in (("phpbb", "phpbb_reports.csv"), ("generic", "generic_reports.csv")):
        assert (
            run(
                capsys,
                "evidence",
                "import",
                str(FIXTURES / name),
                "--software",
                software,
                "--profile",
                str(profile),
            )[0]
            == 0
        )
    code, out, _ = run(capsys, "evidence", "list", "--profile", str(profile))
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 2 and "phpbb_reports.csv (phpbb): 6 reports from 2026-01-05" in lines[0]
    assert "6 not mapped to a kind" in lines[1]
    sha = load_profile(profile).evidence.sources[0].sha256
    code, _, err = run(capsys, "evidence", "remove", "abc", "--profile", str(profile))
    assert code == 2 and "found 0 matching 'abc'" in err
    code, out, _ = run(capsys, "evidence", "remove", sha[:10], "--profile", str(profile))
    assert code == 0 and "Removed phpbb_reports.csv" in out
    left = load_profile(profile).evidence
    assert [s.file for s in left.sources] == ["generic_reports.csv"]
    assert left.reports_total == 6 and left.period_months == 6
