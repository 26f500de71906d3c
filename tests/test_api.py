"""The analyst's API (``import osa_toolkit as osa``): light to import, frames that agree with the
core's own results, weight sets that change copies, and one sentence for bad input."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.axes import Axes
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.core.method.weights import load_weights as core_weights

import osa_toolkit as osa
from osa_toolkit import api
from osa_toolkit.core.errors import InvalidInputError, ProfileError, WeightsError
from osa_toolkit.core.registers import load_registers

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 28)
HEAVY = ("pandas", "matplotlib", "ipywidgets")


def _loaded_after(code: str) -> list[str]:
    """Which of pandas, matplotlib and ipywidgets are in ``sys.modules`` after ``code`` runs in a
    fresh interpreter."""
    probe = f"{code}\nimport sys\nprint([m for m in {HEAVY!r} if m in sys.modules])"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return eval(done.stdout.strip().splitlines()[-1])  # a list literal printed just above


def test_import_osa_toolkit_leaves_pandas_matplotlib_and_widgets_out():
    assert _loaded_after("import osa_toolkit") == []


def test_loading_profiles_and_weights_needs_no_pandas():
    code = (
        "import osa_toolkit as osa\n"
        "ps = osa.load_profiles(osa.examples_folder())\n"
        "w = osa.load_weights().with_changes({'impact.children_points': 1.5})\n"
        "assert len(ps) == 5 and w['impact.children_points'] == 1.5"
    )
    assert _loaded_after(code) == []


def test_asking_for_a_frame_loads_pandas():
    code = "import osa_toolkit as osa\nosa.assess_many(osa.examples_folder())"
    assert "pandas" in _loaded_after(code)


def test_every_public_name_is_documented_with_an_example_and_listed_in_docs():
    page = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    assert sorted(api.__all__) == sorted(osa._API)
    for name in api.__all__:
        obj = getattr(osa, name)
        assert obj is getattr(api, name)
        assert obj.__doc__ and ">>>" in obj.__doc__, f"{name} has no example in its docstring"
        assert f"`{name}" in page, f"docs/api.md does not list {name}"
    assert "no_such_name" not in dir(osa) and "assess_many" in dir(osa)
    with pytest.raises(AttributeError):
        osa.no_such_name  # noqa: B018


@pytest.fixture(scope="module")
def examples():
    return osa.load_profiles(osa.examples_folder())


@pytest.fixture(scope="module")
def portfolio(examples):
    return {**examples, **osa.synthetic_profiles(25, seed=4)}


def test_assess_many_gives_the_levels_of_the_one_service_assessment(portfolio):
    regs = load_registers()
    frame = osa.assess_many(portfolio, today=TODAY)
    assert len(frame) == len(portfolio) * len(regs.harms)
    assert frame["level"].cat.ordered and list(frame["level"].cat.categories) == [
        "negligible", "low", "medium", "high",
    ]  # fmt: skip
    for sid, profile in portfolio.items():
        core = assess_illegal_content(profile, regs, core_weights(), today=TODAY)
        rows = frame[frame["service"] == sid].set_index("kind_id")
        assert {h: str(rows.loc[h, "level"]) for h in rows.index} == core.levels, sid
        for h in core.harms:
            assert rows.loc[h.id, "unknowns_decided"] == h.unknowns_decided
            assert rows.loc[h.id, "kind"] == h.name


def test_assess_and_assess_many_agree_row_for_row(examples):
    one = osa.assess(examples, today=TODAY)
    many = osa.assess_many(examples, today=TODAY)
    same = [c for c in api.LEVEL_COLUMNS if c != "points"]
    pd.testing.assert_frame_equal(one[same], many[same], check_dtype=False)
    assert (one["points"].fillna(-99) - many["points"].fillna(-99)).abs().max() < 1e-9
    assert one["why"].str.len().min() > 20


def test_level_rows_speak_plain_english(examples):
    frame = osa.assess(examples, today=TODAY)
    regs = load_registers()
    factor_ids = {f.id for f in regs.risk_factors}
    words = {w for cell in frame["factors"] for w in cell.split("; ") if cell}
    assert words and not words & factor_ids
    assert set(frame["evidence"]) <= set(api.EVIDENCE_WORDS.values())
    assert set(frame["likelihood"].dropna()) <= {"remote", "unlikely", "possible", "likely"}


def test_overrides_change_the_level_but_not_the_indicative_level():
    from osa_toolkit.core.method.subject import Override

    over = {"kingsbury_cycling_forum": {"hate": Override("hate", "high", "Raids last spring")}}
    frame = osa.assess("kingsbury_cycling_forum", today=TODAY, overrides=over)
    row = frame.set_index("kind_id").loc["hate"]
    assert (row["level"], row["indicative_level"]) == ("high", "low")
    assert "Raids last spring" in row["why"]


def test_weight_sets_change_copies_and_refuse_bad_values():
    base = osa.load_weights()
    raised = base.with_changes({"likelihood.missing_evidence_points": 3.0}, name="cautious")
    assert raised["likelihood.missing_evidence_points"] == 3.0
    assert base["likelihood.missing_evidence_points"] == core_weights().missing_evidence_points
    assert raised.changes_from(base) == {
        "likelihood.missing_evidence_points": (base["likelihood.missing_evidence_points"], 3.0)
    }
    assert raised.weights.missing_evidence_points == 3.0
    with pytest.raises(InvalidInputError, match="'likelihood.nothing' is not in the weightings"):
        base.with_changes({"likelihood.nothing": 1})
    high = base["likelihood.bands[1]"]
    with pytest.raises(WeightsError, match="bands may not overlap"):
        base.with_changes({"likelihood.bands[0]": high + 1})
    assert set(base.to_frame()["key"]) == set(base.numbers())


def test_a_higher_weight_raises_levels_and_never_lowers_them(portfolio):
    base = osa.assess_many(portfolio, today=TODAY)
    cautious = osa.load_weights().with_changes({"likelihood.missing_evidence_points": 4.0})
    after = osa.assess_many(portfolio, weights=cautious, today=TODAY)
    changes = osa.level_changes(base, after)
    assert len(changes) > 0 and set(changes["direction"]) == {"raised"}
    assert after.attrs["weights"] == cautious.name
    assert (after["weights"] == cautious.name).all()
    # every changed row is one whose evidence was not given, the only thing the weight touches
    merged = changes.merge(base[["service", "kind_id", "evidence"]], on=["service", "kind_id"])
    assert set(merged["evidence"]) == {"not given"}


def test_measures_follow_the_assessment(examples):
    regs = load_registers()
    frame = osa.measures(examples, today=TODAY)
    for sid, profile in examples.items():
        core = assess_illegal_content(profile, regs, core_weights(), today=TODAY)
        rows = frame[frame["service"] == sid]
        applying = set(rows.loc[rows["applies"] != "no", "measure"])
        assert applying == set(core.measure_ids), sid
        in_place = {m.id for m in core.measures if m.status == "in_place"}
        assert set(rows.loc[rows["status"] == "in place", "measure"]) == in_place
    assert (frame.loc[frame["applies"] == "no", "status"] == "not applicable").all()
    assert frame["why"].str.len().min() > 0


def test_children_scope_and_duties_frames(examples):
    from osa_toolkit.core.assessments.childrens_risk import assess_childrens_risk
    from osa_toolkit.core.scope.childrens_access import assess_childrens_access

    regs = load_registers()
    access = osa.childrens_access(examples, today=TODAY).set_index("service")
    risk = osa.childrens_risk(examples, today=TODAY)
    for sid, profile in examples.items():
        caa = assess_childrens_access(profile, today=TODAY, registers=regs)
        assert access.loc[sid, "likely_accessed"] == ("yes" if caa.likely_accessed else "no")
        cra = assess_childrens_risk(profile, regs, core_weights(), today=TODAY)
        rows = risk[risk["service"] == sid]
        assert len(rows) == sum(len(k.groups) for k in cra.kinds)
        for k in cra.kinds:
            got = rows[rows["kind_id"] == k.id]["level"].astype(str).tolist()
            assert got == [g.level for g in k.groups]
    in_scope = osa.scope(examples, today=TODAY).set_index("service")["in_scope"]
    assert in_scope.loc["kingsbury_cycling_forum"] == "yes"
    duties = osa.duties(examples, today=TODAY)
    assert set(duties["service"]) <= set(examples) and duties["why"].str.len().min() > 0


def test_compare_editions_holds_each_editions_own_level(examples):
    c = osa.compare_editions(examples, "2024-12", "2026-06", today=TODAY)
    for edition, column in (("2024-12", "before"), ("2026-06", "after")):
        levels = osa.assess_many(examples, edition, today=TODAY)
        expect = {
            (s, k): str(v)
            for s, k, v in zip(levels.service, levels.kind_id, levels.level, strict=True)
        }
        got = {
            (s, k): v
            for s, k, v in zip(c.service, c.kind_id, c[column], strict=True)
            if pd.notna(v)
        }
        assert got == expect
    only_new = c[c["change"] == "new kind"]
    assert only_new["before"].isna().all() and only_new["after"].notna().all()
    moved = c[c["change"].isin(["raised", "lowered"])]
    assert (moved["before"] != moved["after"]).all()


def test_sensitivity_frame_counts_flips(examples):
    table = osa.sensitivity(examples, today=TODAY)
    ok = table[table["status"] == "ok"]
    assert (ok["flips"] == ok["raised"] + ok["lowered"]).all()
    row = ok[(ok["key"] == "likelihood.missing_evidence_points") & (ok["change"] == "+20%")]
    moved = osa.load_weights().with_changes(
        {"likelihood.missing_evidence_points": float(row["new_value"].iloc[0])}
    )
    flips = osa.level_changes(
        osa.assess_many(examples, today=TODAY),
        osa.assess_many(examples, weights=moved, today=TODAY),
    )
    assert int(row["flips"].iloc[0]) == len(flips)


def test_describe_profiles_and_synthetic_software():
    ps = osa.synthetic_profiles(30, seed=2)
    about = osa.describe_profiles(ps)
    assert set(about["software"]) - {"no preset"}, "some made-up services should run a preset"
    forums = about[about["name"].str.startswith("Synthetic forum")]
    assert set(forums["software"]) <= {"Discourse", "phpBB", "XenForo"}
    for sid, p in ps.items():
        assert about.set_index("service").loc[sid, "size"] == api.size_band(
            p.users.uk_monthly_active_users
        )


def test_plots_take_the_frames(examples):
    levels = osa.assess_many(examples, today=TODAY)
    ax = osa.plot_levels(levels, service="kingsbury_cycling_forum")
    assert isinstance(ax, Axes) and "Kingsbury Cycling Forum" in ax.get_title()
    assert len(ax.patches) == levels["kind"].nunique()
    counts = osa.plot_level_counts(levels)
    assert len(counts.get_yticklabels()) == levels["kind"].nunique()
    assert isinstance(osa.plot_matrix(levels, service="Kingsbury Cycling Forum"), Axes)
    assert isinstance(osa.plot_sensitivity(osa.sensitivity(examples, today=TODAY)), Axes)
    change_ax = osa.plot_level_changes(osa.compare_editions(examples, today=TODAY))
    assert change_ax.get_xlabel() == "services"
    children = osa.childrens_risk("kingsbury_cycling_forum", today=TODAY)
    assert "children" in osa.plot_levels(children).get_title()


def test_bad_input_gets_one_sentence(examples, tmp_path):
    with pytest.raises(ProfileError, match="does not exist"):
        osa.load_profiles(tmp_path / "nowhere")
    with pytest.raises(InvalidInputError, match="today"):
        osa.assess_many(examples, today="28/11/2026")
    with pytest.raises(InvalidInputError, match="profiles"):
        osa.assess_many(["not a profile"])
    with pytest.raises(InvalidInputError, match="profiles"):
        osa.measures(42)
    with pytest.raises(InvalidInputError, match="no services"):
        osa.assess_many({})
    with pytest.raises(InvalidInputError, match=re.escape("service=")):
        osa.plot_levels(osa.assess_many(examples, today=TODAY))
    with pytest.raises(InvalidInputError, match="levels"):
        osa.portfolio_table(pd.DataFrame({"x": [1]}))


def test_load_store_profiles_reads_the_saved_records(tmp_path):
    from osa_toolkit.core.record import record_from_assessment, record_to_dict
    from osa_toolkit.store import open_store

    url = tmp_path / "records.sqlite3"
    profile = osa.load_profile("tyneside_social_mastodon")
    record = record_from_assessment(
        assess_illegal_content(profile, load_registers(), core_weights(), today=TODAY), profile
    )
    with open_store(url) as store:
        store.save_record("illegal_content", record, record_to_dict(record))
    loaded = osa.load_store_profiles(url)
    assert list(loaded) == [record.service_id]
    assert loaded[record.service_id] == profile
    levels = osa.assess_many(loaded, today=TODAY)
    assert dict(zip(levels["kind_id"], levels["level"].astype(str), strict=True)) == {
        h.id: h.level for h in record.harms
    }


def test_load_weights_by_saved_name_and_by_file(tmp_path):
    from osa_toolkit.files.weight_sets import save_weight_set

    changed = osa.load_weights().with_changes({"impact.children_points": 2.0})
    save_weight_set("cautious-2026", changed.weights, "A. Analyst", "a test")
    saved = osa.load_weights("cautious-2026")
    assert saved.name == "cautious-2026" and saved["impact.children_points"] == 2.0
    over = tmp_path / "mine.toml"
    over.write_text("[impact]\nchildren_points = 0.5\n", encoding="utf-8")
    from_file = osa.load_weights(over)
    assert from_file.name == "mine" and from_file.changes_from(osa.load_weights()) == {
        "impact.children_points": (osa.load_weights()["impact.children_points"], 0.5)
    }
    with pytest.raises(WeightsError):
        osa.load_weights("no-such-set")


def test_the_plot_builders_take_a_one_service_frame():
    from osa_toolkit.plots import levels_by_harm, risk_matrix

    frame = osa.assess("kingsbury_cycling_forum", today=TODAY)
    ax = levels_by_harm(frame)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "Hate" in labels and "hate" not in labels  # the kinds' names, not their ids
    assert [t.get_text() for t in ax.texts] == frame["level"].astype(str).tolist()
    matrix = risk_matrix(frame, core_weights())
    hate = frame.set_index("kind_id").loc["hate"]  # unlikely x serious: row 2, column 2
    assert (hate["likelihood"], hate["impact"]) == ("unlikely", "serious")
    cell = [t.get_text() for t in matrix.texts if "Hate" in t.get_text()]
    assert len(cell) == 1
    with pytest.raises(InvalidInputError, match="one service"):
        levels_by_harm(osa.assess_many(osa.examples_folder(), today=TODAY))
