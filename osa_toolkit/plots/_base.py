"""Shared pieces of the figure builders: a fresh Axes when none is given, level colours, PNG bytes.

Figures are made with :class:`matplotlib.figure.Figure` (never pyplot's global state), so they work
the same in tests, notebooks and Voilà, whatever the backend.
"""

from __future__ import annotations

from io import BytesIO

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from osa_toolkit.core.vocabulary import LEVELS
from osa_toolkit.style import LEVEL_COLOURS, UNKNOWN_LEVEL
from osa_toolkit.style import TEXT as TEXT  # re-exported: the charts write in it

LEVEL_FILL = {level: colour.fill for level, colour in LEVEL_COLOURS.items()}
"""The fills of :mod:`osa_toolkit.style` (dark text stays readable on each); the level is always
written as well."""

STATE_STYLE = {
    "done": ("#2e7d32", "o", "done"),
    "due": ("#ef6c00", "s", "due"),
    "overdue": ("#c62828", "X", "overdue"),
    "late": ("#ef6c00", "D", "done late"),
}
"""Timeline states: colour, marker shape and the word written beside each event."""


def new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """``ax``, or the Axes of a new figure of ``size`` inches."""
    if ax is not None:
        return ax
    fig = Figure(figsize=size, layout="constrained")
    return fig.add_subplot()


def level_fill(level: str) -> str:
    return LEVEL_FILL.get(level, UNKNOWN_LEVEL.fill)


def level_rank(level: str) -> int:
    """1 negligible … 4 high (bar lengths start at 1 so a negligible bar is still visible)."""
    return LEVELS.index(level) + 1


def to_png(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (for ``ipywidgets.Image(format="png")``)."""
    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def short_name(name: str) -> str:
    """A harm name as charts show it (the CSEA sub-kinds keep what tells them apart).

    >>> short_name("Child sexual exploitation and abuse: grooming")
    'CSEA: grooming'
    """
    return name.replace("Child sexual exploitation and abuse", "CSEA")


def shorten(text: str, width: int = 38) -> str:
    """One line of at most ``width`` characters, ending in an ellipsis when cut.

    >>> shorten("Child sexual exploitation and abuse: grooming", 20)
    'Child sexual exploi…'
    """
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
