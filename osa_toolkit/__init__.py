"""osa-toolkit: indicative Online Safety Act 2023 assessments for small online services (not legal advice).

``import osa_toolkit as osa`` gives the analyst's API (:mod:`osa_toolkit.api`, listed in
``docs/api.md``): ``osa.load_profiles``, ``osa.assess_many``, ``osa.load_weights`` and the rest.
They are loaded on first use, so importing the package loads neither pandas nor matplotlib nor the
widgets.

>>> import osa_toolkit as osa
>>> "assess_many" in dir(osa), osa.assess_many.__module__
(True, 'osa_toolkit.api')
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = (
    "WeightSet",
    "assess",
    "assess_many",
    "calibration_agreement",
    "childrens_access",
    "childrens_risk",
    "compare_editions",
    "describe_profiles",
    "duties",
    "examples_folder",
    "level_changes",
    "list_editions",
    "load_profile",
    "load_profiles",
    "load_store_profiles",
    "load_weights",
    "measures",
    "plot_level_changes",
    "plot_level_counts",
    "plot_levels",
    "plot_matrix",
    "plot_sensitivity",
    "portfolio_table",
    "scope",
    "sensitivity",
    "synthetic_profiles",
)
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    """Load an API name from :mod:`osa_toolkit.api` the first time it is asked for."""
    if name in _API:
        # loaded on first use, so `import osa_toolkit` loads no pandas (docs/api.md)
        from osa_toolkit import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'osa_toolkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
