"""One level palette (osa_toolkit.style): the app's badges, the HTML and Word reports and the charts all
take their colours from it, every fill is readable with the text written on it, and the level's word is
always written beside its colour."""

from __future__ import annotations

import io
import re

import docx
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from osa_toolkit.core.method.weights import load_weights
from osa_toolkit.core.vocabulary import LEVELS
from osa_toolkit.plots import levels_by_harm, risk_matrix
from osa_toolkit.report import render
from osa_toolkit.style import LEVEL_COLOURS, TEXT, contrast_ratio
from osa_toolkit.widgets.html_bits import badge
from tests.report.conftest import build_record

AAA = 7.0  # WCAG 2 contrast for normal text, level AAA


def test_every_level_has_a_colour_and_its_text_is_readable_on_it():
    assert tuple(LEVEL_COLOURS) == LEVELS
    for level, colour in LEVEL_COLOURS.items():
        # the level's own text colour (badges, HTML), the charts' text and Word's default black
        for text in (colour.text, TEXT, "#000000"):
            assert contrast_ratio(colour.fill, text) >= AAA, (level, text)
    assert len({c.fill for c in LEVEL_COLOURS.values()}) == len(LEVELS)  # four distinct fills


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#123456", "#123456") == pytest.approx(1.0)


@pytest.mark.parametrize("level", LEVELS)
def test_app_badge_uses_the_palette_and_writes_the_word(level):
    html = badge(level)
    colour = LEVEL_COLOURS[level]
    assert f"background:{colour.fill};color:{colour.text}" in html
    assert re.search(rf">{level}</span>$", html)


@pytest.fixture(scope="module")
def record():
    return build_record()


def test_html_report_uses_the_palette_and_writes_the_word(record):
    page = render(record, "html")
    for level, colour in LEVEL_COLOURS.items():
        assert f".level-{level} {{ background: {colour.fill}; color: {colour.text}; }}" in page
    words = re.findall(r'<span class="level level-(\w+)">(\w+)</span>', page)
    assert words and all(slug == word for slug, word in words)


def test_word_report_shades_level_cells_with_the_palette(record):
    document = docx.Document(io.BytesIO(render(record, "docx")))
    shaded = {}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                shd = cell._tc.xpath("./w:tcPr/w:shd")
                if shd and cell.text in LEVEL_COLOURS:
                    fill = shd[0].get(
                        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill"
                    )
                    shaded[cell.text] = "#" + fill.lower()
    assert shaded  # the record has levels, each written in its shaded cell
    for level, fill in shaded.items():
        assert fill == LEVEL_COLOURS[level].fill


def test_charts_fill_bars_and_cells_with_the_palette():
    ax = levels_by_harm({"terrorism": "high", "fraud": "negligible", "hate": "medium"})
    fills = {to_hex(p.get_facecolor()) for p in ax.patches}
    assert fills == {LEVEL_COLOURS[x].fill for x in ("high", "negligible", "medium")}
    texts = [t.get_text() for t in ax.texts]
    assert sorted(texts) == ["high", "medium", "negligible"]  # the word beside each colour
    matrix = risk_matrix({"hate": (2, 2)}, load_weights())
    cells = [p for p in matrix.patches if isinstance(p, Rectangle)]
    assert {to_hex(p.get_facecolor()) for p in cells} == {c.fill for c in LEVEL_COLOURS.values()}
    words = [t.get_text() for t in matrix.texts]
    assert all(level.upper() in words for level in LEVELS)  # each cell says its level
