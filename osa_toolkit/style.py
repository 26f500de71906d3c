"""The one level palette: the colours the app's badges, the reports and the charts give each level.

Colour is never the only carrier: every place that tints a level also writes the level's word. Each
level has a fill and a text colour; the level's text colour and the dark :data:`TEXT` the charts and
Word documents write on a fill both reach WCAG 2 level AAA contrast (7:1) on it
(``tests/report/test_style.py`` checks it with :func:`contrast_ratio`).

>>> LEVEL_COLOURS["high"].fill, LEVEL_COLOURS["high"].text
('#ef9a9a', '#4a0000')
>>> round(contrast_ratio("#000000", "#ffffff"), 1)
21.0
"""

from __future__ import annotations

from typing import NamedTuple


class LevelColour(NamedTuple):
    fill: str  # the background of a badge, a table cell, a bar or a matrix cell
    text: str  # the colour of the level's word written on that fill


LEVEL_COLOURS: dict[str, LevelColour] = {
    "negligible": LevelColour("#cfd8dc", "#263238"),
    "low": LevelColour("#a5d6a7", "#0b3d0f"),
    "medium": LevelColour("#ffcc80", "#5a3000"),
    "high": LevelColour("#ef9a9a", "#4a0000"),
}
"""Fill and text colour of each level, lightest risk first."""

UNKNOWN_LEVEL = LevelColour("#ffffff", "#000000")
"""For a word that is not a level (not assessed yet): plain black on white."""

TEXT = "#1a1a1a"
"""The dark text the charts write on fills and on white."""


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(one: str, other: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
