"""Figure builders: data in, optional ``ax`` in, Axes out (``to_png(ax.figure)`` for a widget).

>>> ax = levels_by_harm({"hate": "medium", "fraud": "low"})
>>> [t.get_text() for t in ax.texts], to_png(ax.figure)[:4]
(['medium', 'low'], b'\\x89PNG')
"""

from osa_toolkit.plots._base import to_png
from osa_toolkit.plots.calibration import agreement_by_case
from osa_toolkit.plots.changes import tornado, version_changes
from osa_toolkit.plots.levels import levels_by_harm, risk_matrix
from osa_toolkit.plots.status import measures_by_status, timeline

__all__ = [
    "agreement_by_case",
    "levels_by_harm",
    "measures_by_status",
    "risk_matrix",
    "timeline",
    "to_png",
    "tornado",
    "version_changes",
]
