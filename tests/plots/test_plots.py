"""Figure builders: assert on the artists (tick labels, texts, bars, titles), never on pixels."""

from __future__ import annotations

import datetime as dt

import matplotlib

matplotlib.use("Agg")  # this test module only; never set MPLBACKEND for the suite

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from osa_toolkit.core.analysis.batch import features  # noqa: E402
from osa_toolkit.core.analysis.sensitivity import sensitivity  # noqa: E402
from osa_toolkit.core.analysis.synthetic import synthetic_profiles  # noqa: E402
from osa_toolkit.core.method.weights import load_weights  # noqa: E402

from osa_toolkit.core.diff import FieldChange, LevelChange, RecordDiff  # noqa: E402
from osa_toolkit.core.errors import InvalidInputError  # noqa: E402
from osa_toolkit.core.registers import load_registers  # noqa: E402
from osa_toolkit.plots import (  # noqa: E402
    levels_by_harm,
    measures_by_status,
    risk_matrix,
    timeline,
    to_png,
    tornado,
    version_changes,
)

W = load_weights()
TODAY = dt.date(2026, 11, 28)


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def ticks(labels) -> list[str]:
    return [t.get_text() for t in labels]


def test_levels_by_harm_writes_each_level_and_colours_each_bar():
    ax = levels_by_harm(
        {"terrorism": "high", "csea_grooming": "low", "fraud": "negligible"},
        names={"csea_grooming": "Child sexual exploitation and abuse: grooming"},
    )
    assert len(ax.patches) == 3 and texts(ax) == ["high", "low", "negligible"]
    by_position = dict(zip(ax.get_yticks(), ticks(ax.get_yticklabels()), strict=True))
    assert [by_position[y] for y in sorted(by_position, reverse=True)] == [
        "terrorism",
        "CSEA: grooming",
        "fraud",
    ]  # the first harm on top
    assert ticks(ax.get_xticklabels()) == ["negligible", "low", "medium", "high"]
    colours = {tuple(p.get_facecolor()) for p in ax.patches}
    assert len(colours) == 3
    assert ax.get_title() == "Risk level by kind of illegal content"


def test_levels_by_harm_draws_into_a_given_axes_and_refuses_bad_levels():
    fig = Figure()
    given = fig.add_subplot()
    assert levels_by_harm({"hate": "medium"}, ax=given) is given
    with pytest.raises(InvalidInputError, match="levels"):
        levels_by_harm({"hate": "huge"})


def test_risk_matrix_labels_cells_and_places_harms():
    cells = {"terrorism": (2, 2), "hate": (2, 2), "fraud": (1, 3), "cyberflashing": (None, None)}
    ax = risk_matrix(cells, W, names={"hate": "Hate"}, levels={"terrorism": "high"})
    rectangles = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(rectangles) == 3 * len(W.likelihood_words) == 12
    words = texts(ax)
    # the default matrix: rows remote [negligible negligible low], unlikely [low low medium],
    # possible [low medium high], likely [medium high high]
    counts = [words.count(w) for w in ("NEGLIGIBLE", "LOW", "MEDIUM", "HIGH")]
    assert counts == [2, 4, 3, 3]
    assert ticks(ax.get_yticklabels()) == ["remote", "unlikely", "possible", "likely"]
    assert "terrorism → high\nHate" in words and "fraud" in words
    assert any(
        t.startswith("Negligible (cannot happen on this service): cyberflashing") for t in words
    )
    assert ticks(ax.get_xticklabels()) == ["limited", "serious", "severe"]


def test_risk_matrix_takes_a_scored_frame():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "harm": ["a", "b"],
            "likelihood": pd.array([1, pd.NA], "Int64"),
            "impact": pd.array([1, pd.NA], "Int64"),
        }
    )
    words = texts(risk_matrix(frame, W))
    assert "a" in words and any("cannot happen on this service): b" in t for t in words)


def test_measures_by_status_shows_every_status_with_its_count():
    ax = measures_by_status({"recommended": 4, "in_place": 2})
    assert len(ax.patches) == 5 and texts(ax) == ["4", "2", "0", "0", "0"]
    assert "in place" in ticks(ax.get_yticklabels())
    with pytest.raises(InvalidInputError):
        measures_by_status({"maybe": 1})


def test_timeline_labels_states_and_today():
    events = [
        {"date": dt.date(2025, 3, 16), "label": "Illegal content risk assessment", "state": "done"},
        {"date": dt.date(2025, 4, 16), "label": "Children's access assessment"},
        {"date": dt.date(2027, 1, 5), "label": "Review"},
    ]
    ax = timeline(events, TODAY)
    words = texts(ax)
    assert " today" in words
    assert "Illegal content risk assessment — done (16 Mar 2025)" in words
    assert "Children's access assessment — overdue (16 Apr 2025)" in words
    assert "Review — due (5 Jan 2027)" in words
    assert len(ax.lines) == 4  # today's line and three markers
    assert texts(timeline([], TODAY))[-1] == "No deadlines or reviews to show"


def test_version_changes_draws_an_arrow_per_level_change():
    diff = RecordDiff(
        levels=(
            LevelChange("hate", "Hate", "medium", "low", "medium", "low"),
            LevelChange(
                "csea_grooming",
                "Child sexual exploitation and abuse: grooming",
                "medium",
                "high",
                "medium",
                "high",
            ),
        ),
        profile_changed=(FieldChange("functionalities.direct_messaging", True, False),),
    )
    ax = version_changes(diff)
    assert "medium → low" in texts(ax) and "medium → high" in texts(ax)
    assert ax.get_title() == "Since the previous version: 2 level change(s), 1 profile answer(s)"
    assert set(ticks(ax.get_yticklabels())) == {"Hate", "CSEA: grooming"}
    empty = version_changes(RecordDiff())
    assert texts(empty) == ["No risk level changed"] and empty.get_title().endswith(
        "nothing changed"
    )


def test_tornado_shows_the_top_weights_both_ways():
    f = features(synthetic_profiles(30, seed=4), load_registers(), today=TODAY)
    table = sensitivity(f, W)
    ax = tornado(table, n=6)
    labels = ticks(ax.get_yticklabels())
    assert len(labels) == 6 and len(ax.patches) == 12
    assert ax.get_title() == "Which weights move the most levels"
    assert any(t.startswith("invalid at") for t in texts(tornado(table, n=60)))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["−20%", "+20%"]


def test_to_png_gives_png_bytes():
    png = to_png(levels_by_harm({"hate": "low"}).figure)
    assert png.startswith(b"\x89PNG") and len(png) > 1000
