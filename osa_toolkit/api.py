"""The analyst's API: load services, assess them, and get tidy pandas DataFrames back.

Use it as ``import osa_toolkit as osa``: every public name here is also an attribute of the package,
loaded on first use, so ``import osa_toolkit`` itself stays light (no pandas, matplotlib or
widgets). pandas is imported only when a function that returns a frame is called.

Everything here is a thin layer over the functional core: the levels come from
:func:`~osa_toolkit.core.assessments.illegal_content.assess_illegal_content` (one service at a time, with its
reasons) or from the batch engine :mod:`osa_toolkit.core.analysis.batch` (many services at once, the same
levels), the measures from the same assessment, the children's results from
:mod:`osa_toolkit.core.assessments.childrens_risk` and :mod:`osa_toolkit.core.scope.childrens_access`, the scope from
:mod:`osa_toolkit.core.scope`. Nothing is scored here. Results are indicative, with reasons; not
legal advice.

The frames are *tidy*: one row per service x kind of content (levels), per service x measure,
per service x kind x age group (children), per service (scope, children's access). Their
columns are listed in ``docs/api.md``. Every frame carries the edition and the weight set it was
made with in ``frame.attrs``.

>>> import osa_toolkit as osa
>>> profiles = osa.load_profiles(osa.examples_folder())
>>> levels = osa.assess_many(profiles, today="2026-11-28")
>>> levels.shape[0] == len(profiles) * levels["kind"].nunique()
True
>>> levels.columns[:6].tolist()
['service', 'name', 'edition', 'kind', 'kind_id', 'level']
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osa_toolkit.core.errors import InvalidInputError, invalid
from osa_toolkit.core.method.weights import Weights
from osa_toolkit.core.profile import ServiceProfile
from osa_toolkit.core.words import CATEGORY_SHORT

if TYPE_CHECKING:  # pandas and matplotlib are imported when a frame or a figure is asked for
    import pandas as pd
    from matplotlib.axes import Axes

    from osa_toolkit.core.registers import Registers

__all__ = [
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
]

Profiles = ServiceProfile | Mapping[str, ServiceProfile] | Iterable[ServiceProfile] | str | Path

IMPACT_WORDS = {1: "limited", 2: "serious", 3: "severe"}
EVIDENCE_WORDS = {
    "missing": "not given",
    "moderated": "moderated, no figures",
    "none_found": "none found",
    "confirmed": "confirmed incidents",
}
"""The service's own records about a kind of content, in words (``evidence`` column)."""

SIZE_BANDS = ((1_000, "under 1,000"), (10_000, "1,000 to 9,999"), (100_000, "10,000 to 99,999"),
              (1_000_000, "100,000 to 999,999"), (None, "1 million or more"))  # fmt: skip
"""Bands of monthly UK users for ``describe_profiles`` (``size`` column), smallest first."""
SIZE_UNKNOWN = "not known"

SOFTWARE_BY_ARCHETYPE = {
    "forum": ("discourse", "phpbb", "xenforo"),
    "social": ("mastodon", "lemmy"),
    "blog": ("wordpress_comments",),
    "chat": ("matrix_synapse",),
}
"""Which software presets a made-up service of each kind may run (``synthetic_profiles``)."""


# ----------------------------------------------------------------------------- inputs


def _likelihood(weights: Weights, band: Any) -> str | None:
    """A likelihood band in the method's words (None where the harm cannot happen)."""
    return None if band is None or _missing(band) else weights.likelihood_word(int(band))


def _today(today: dt.date | str | None) -> dt.date:
    if today is None:
        return dt.date.today()
    if isinstance(today, dt.date):
        return today
    if isinstance(today, str):
        try:
            return dt.date.fromisoformat(today)
        except ValueError:
            pass
    raise invalid("today", "a date (datetime.date or text written YYYY-MM-DD)", today)


def _registers(edition: str | Registers | None) -> Registers:
    # loaded when called: importing the API stays light
    from osa_toolkit.core.registers import Registers, load_registers

    if isinstance(edition, Registers):
        return edition
    if edition is not None and not isinstance(edition, str):
        raise invalid("edition", "an edition such as '2026-06' (see list_editions())", edition)
    return load_registers(edition)


def _weights(weights: WeightSet | Weights | str | Path | None) -> WeightSet:
    if isinstance(weights, WeightSet):
        return weights
    if isinstance(weights, Weights):
        return WeightSet(weights)
    if weights is None or isinstance(weights, str | os.PathLike):
        return load_weights(weights)
    raise invalid(
        "weights", "a WeightSet (from load_weights), a file or a saved set's name", weights
    )


def _profiles(profiles: Profiles) -> dict[str, ServiceProfile]:
    """``{service id: profile}`` from one profile, a mapping, a list, a folder or a file."""
    # loaded when called: importing the API stays light
    from osa_toolkit.core.analysis.batch import name_profiles
    from osa_toolkit.core.record import service_id_for

    if isinstance(profiles, ServiceProfile):
        return {service_id_for(profiles.service.name): profiles}
    if isinstance(profiles, str | os.PathLike):
        path = Path(profiles)
        if path.is_dir():
            return load_profiles(path)
        # loaded when called: importing the API stays light
        from osa_toolkit.files.profiles import find_profile

        return {find_profile(path).stem: load_profile(path)}  # the id load_profiles gives it
    if not isinstance(profiles, Iterable):
        raise invalid(
            "profiles", "profiles (from load_profiles), a profile file or a folder", profiles
        )
    if not isinstance(profiles, Mapping):
        profiles = list(profiles)
    named = name_profiles(profiles)  # refuses anything that is not a ServiceProfile
    if not named:
        raise InvalidInputError("There are no services to assess: the profiles given are empty.")
    return named


def _frame(rows: list[dict[str, Any]], columns: list[str], **attrs: Any) -> pd.DataFrame:
    # loaded when called: importing the API stays light
    import pandas as pd

    frame = pd.DataFrame(rows, columns=columns)
    if "level" in frame:
        frame["level"] = _ordered_levels(frame["level"])
    if "indicative_level" in frame:
        frame["indicative_level"] = _ordered_levels(frame["indicative_level"])
    frame.attrs.update(attrs)
    return frame


def _ordered_levels(values: Any) -> pd.Series:
    # loaded when called: importing the API stays light
    import pandas as pd

    from osa_toolkit.core.vocabulary import LEVELS

    return pd.Series(pd.Categorical(list(values), categories=list(LEVELS), ordered=True))


# ----------------------------------------------------------------------------- loading


def examples_folder() -> Path:
    """The folder of the example services shipped with the toolkit.

    Returns
    -------
    pathlib.Path
        ``osa_toolkit/data/examples`` of the installed toolkit.

    Examples
    --------
    >>> sorted(p.stem for p in examples_folder().glob("*.yaml"))[:2]
    ['hedgerow_notes_blog', 'kingsbury_cycling_forum']
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.files.profiles import examples_dir

    return examples_dir()


def load_profile(path: str | Path) -> ServiceProfile:
    """Read and check one service profile (YAML or JSON), with its software preset merged in.

    Parameters
    ----------
    path : str or pathlib.Path
        A profile file, or the name of a shipped example such as ``"kingsbury_cycling_forum"``.

    Returns
    -------
    ServiceProfile
        The validated profile. A bad file raises :class:`~osa_toolkit.core.errors.ProfileError`
        with one sentence naming the file, the key and what was expected.

    Examples
    --------
    >>> load_profile("kingsbury_cycling_forum").service.software
    'discourse'
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.files.profiles import load_profile as _load

    return _load(path)


def load_profiles(folder: str | Path, strict: bool = True) -> dict[str, ServiceProfile]:
    """Read every profile file (``.yaml``, ``.yml``, ``.json``) directly inside a folder.

    Parameters
    ----------
    folder : str or pathlib.Path
        The folder, such as ``"osa_toolkit/data/examples"``.
    strict : bool, default True
        Stop at the first file that cannot be read (its one-sentence error is raised). With
        ``False``, such files are skipped and listed in a warning.

    Returns
    -------
    dict of str to ServiceProfile
        ``{service id: profile}`` in file-name order; the id is the file name without suffix.

    Examples
    --------
    >>> profiles = load_profiles(examples_folder())
    >>> len(profiles), next(iter(profiles))
    (5, 'hedgerow_notes_blog')
    """
    # loaded when called: importing the API stays light
    import warnings

    from osa_toolkit.files.profile_folders import load_profile_folder

    profiles, problems = load_profile_folder(folder, strict=strict)
    for problem in problems:
        warnings.warn(f"Skipped: {problem}", stacklevel=2)
    return profiles


def load_store_profiles(url: str | Path | None = None) -> dict[str, ServiceProfile]:
    """The profile inside the latest saved illegal content record of every service in the store.

    Parameters
    ----------
    url : str or pathlib.Path, optional
        A SQLite file or a ``postgresql://`` URL; ``None`` is your local record store.

    Returns
    -------
    dict of str to ServiceProfile
        ``{service id: profile}``, in the store's order (empty when nothing is saved).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> load_store_profiles(pathlib.Path(tempfile.mkdtemp()) / "empty.sqlite3")
    {}
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.core.profile import parse_profile
    from osa_toolkit.store import open_store

    out: dict[str, ServiceProfile] = {}
    with open_store(url) as store:
        for summary in store.list_services():
            latest = store.latest(summary.service_id, "illegal_content")
            if latest is not None:
                where = f"record store: {summary.service_id} version {latest.version}"
                out[summary.service_id] = parse_profile(latest.document["profile"], source=where)
    return out


def synthetic_profiles(n: int, seed: int = 0, software: bool = True) -> dict[str, ServiceProfile]:
    """``n`` made-up but realistic services (forums, social servers, marketplaces, blogs, ...).

    Parameters
    ----------
    n : int
        How many services.
    seed : int, default 0
        The same seed gives the same services.
    software : bool, default True
        Give forums, social servers, blogs and chat servers one of the shipped software presets
        (Discourse, phpBB, XenForo, Mastodon, Lemmy, WordPress comments, Matrix Synapse), chosen
        with the same seed; the preset fills in the functionalities the profile leaves out.

    Returns
    -------
    dict of str to ServiceProfile
        ``{service id: profile}``; every name starts with "Synthetic".

    Examples
    --------
    >>> ps = synthetic_profiles(3, seed=1)
    >>> list(ps) == list(synthetic_profiles(3, seed=1)), all(k.startswith("synthetic") for k in ps)
    (True, True)
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.core.analysis.synthetic import synthetic_profile_dicts
    from osa_toolkit.core.profile import parse_profile
    from osa_toolkit.files.profiles import load_presets

    dicts = synthetic_profile_dicts(n, seed)
    presets = load_presets() if software else {}
    rng = random.Random(f"software-{seed}")
    profiles = []
    for i, d in enumerate(dicts):
        kind = d["service"]["name"].split()[1]
        choices = [s for s in SOFTWARE_BY_ARCHETYPE.get(kind, ()) if s in presets]
        if software and choices:
            d["service"]["software"] = rng.choice(choices)
        profiles.append(parse_profile(d, source=f"synthetic profile {i + 1}", presets=presets))
    return _profiles(profiles) if profiles else {}


def list_editions() -> list[str]:
    """The guidance editions shipped with the toolkit, oldest first.

    Examples
    --------
    >>> list_editions()[:2]
    ['2024-12', '2026-06']
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.core.registers import list_editions as _list

    return _list()


# ----------------------------------------------------------------------------- weights


class WeightSet:
    """A validated set of the scoring method's weights, with a name; changed copies on request.

    The numbers are those of ``osa_toolkit/data/scoring.toml`` (the toolkit's own aid to judgement, not
    Ofcom's numbers). Each number has a flat key: the dotted TOML path with ``[i]`` for a list
    element, such as ``likelihood.factor_weight_default``, ``likelihood.bands[0]``,
    ``severity.hate`` or ``impact.reach_users[1]``.

    Parameters
    ----------
    weights : Weights
        The core's validated weights (from :func:`osa_toolkit.core.method.weights.load_weights`).
    name : str, default "default"
        A name for tables and titles.

    Examples
    --------
    >>> w = load_weights()
    >>> cautious = w.with_changes({"likelihood.missing_evidence_points": 2.5}, name="cautious")
    >>> cautious.name, cautious["likelihood.missing_evidence_points"], w.name
    ('cautious', 2.5, 'default')
    >>> cautious.changes_from(w) == {"likelihood.missing_evidence_points": (w["likelihood.missing_evidence_points"], 2.5)}
    True
    """

    def __init__(self, weights: Weights, name: str = "default") -> None:
        if not isinstance(weights, Weights):
            raise invalid("weights", "a Weights (from load_weights)", type(weights).__name__)
        self.weights = weights
        self.name = str(name)

    def __repr__(self) -> str:
        return f"WeightSet({self.name!r}, {len(self.numbers())} numbers)"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WeightSet):
            return NotImplemented
        return self.name == other.name and not self.changes_from(other)

    __hash__ = None  # type: ignore[assignment]

    def numbers(self) -> dict[str, int | float]:
        """Every number of the set by flat key, in file order.

        Examples
        --------
        >>> w = load_weights().numbers()
        >>> w["likelihood.bands[0]"] < w["likelihood.bands[1]"]
        True
        """
        # loaded when called: importing the API stays light
        from osa_toolkit.core.analysis.weight_keys import numeric_weights

        return numeric_weights(self.weights.raw)

    def whole_number(self, key: str) -> bool:
        """Whether the number at ``key`` must stay a whole number (a severity, a reach threshold).

        Examples
        --------
        >>> w = load_weights()
        >>> w.whole_number("severity.hate"), w.whole_number("impact.children_points")
        (True, False)
        """
        # loaded when called: importing the API stays light
        from osa_toolkit.core.analysis.weight_keys import is_integer_key

        self[key]  # an unknown key is refused
        return is_integer_key(key)

    def __getitem__(self, key: str) -> int | float:
        numbers = self.numbers()
        if key not in numbers:
            raise InvalidInputError(f"The weighting key {key!r} is not in the weightings.")
        return numbers[key]

    def with_changes(
        self, changes: Mapping[str, Any] | None = None, name: str | None = None, **more: Any
    ) -> WeightSet:
        """A copy with some numbers changed, checked like the file is.

        Parameters
        ----------
        changes : mapping of str to number, optional
            ``{flat key: new value}``. A key that is not in the set is refused.
        name : str, optional
            The new set's name; by default the changes are written into it.
        **more
            Changes whose key is a valid Python name joined by ``__`` for each dot, e.g.
            ``impact__children_points=1.5``.

        Returns
        -------
        WeightSet
            A new set; this one is unchanged. Out-of-range or inconsistent values (bands that
            overlap, ...) raise :class:`~osa_toolkit.core.errors.WeightsError` with one sentence.

        Examples
        --------
        >>> w = load_weights().with_changes(impact__children_points=1.5)
        >>> w.name, w["impact.children_points"]
        ('impact.children_points=1.5', 1.5)
        """
        # loaded when called: importing the API stays light
        from osa_toolkit.core.analysis.weight_keys import with_weights
        from osa_toolkit.core.method.weights import weights_from_mapping

        merged = dict(changes or {})
        merged.update({k.replace("__", "."): v for k, v in more.items()})
        if not merged:
            raise InvalidInputError("with_changes needs at least one change, such as {key: value}.")
        label = name or ", ".join(f"{k}={v:g}" if isinstance(v, int | float) else f"{k}={v}"
                                  for k, v in merged.items())  # fmt: skip
        data = with_weights(self.weights.raw, merged)
        return WeightSet(weights_from_mapping(data, label), label)

    def changes_from(self, other: WeightSet) -> dict[str, tuple[Any, Any]]:
        """``{key: (other's value, this set's value)}`` for every number that differs.

        Examples
        --------
        >>> w = load_weights()
        >>> list(w.with_changes({"severity.hate": 3}).changes_from(w)), w.changes_from(w)
        (['severity.hate'], {})
        """
        mine, theirs = self.numbers(), _weights(other).numbers()
        keys = list(dict.fromkeys([*theirs, *mine]))
        return {k: (theirs.get(k), mine.get(k)) for k in keys if theirs.get(k) != mine.get(k)}

    def to_frame(self) -> pd.DataFrame:
        """The numbers as a frame: ``key, group, value``.

        Examples
        --------
        >>> t = load_weights().to_frame()
        >>> t.columns.tolist(), bool((t["key"] == "impact.children_points").any())
        (['key', 'group', 'value'], True)
        """
        # loaded when called: importing the API stays light
        import pandas as pd

        from osa_toolkit.core.analysis.weight_keys import group_of

        numbers = self.numbers()
        return pd.DataFrame(
            {
                "key": list(numbers),
                "group": [group_of(k) for k in numbers],
                "value": list(numbers.values()),
            }
        )


def load_weights(source: str | Path | None = None) -> WeightSet:
    """The scoring method's weights: the defaults, a TOML file, or a set saved in the weightings lab.

    Parameters
    ----------
    source : str or pathlib.Path, optional
        ``None`` for the defaults (``osa_toolkit/data/scoring.toml``); a path to a TOML file of changes laid
        over the defaults (as ``--weights`` takes); or the name of a set saved in the lab.

    Returns
    -------
    WeightSet

    Examples
    --------
    >>> load_weights().name
    'default'
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.core.method.weights import load_weights as _load

    if source is None:
        return WeightSet(_load(), "default")
    path = Path(source)
    if path.suffix == ".toml" or path.exists():
        return WeightSet(_load(overrides=path), path.stem)
    # loaded when called: importing the API stays light
    from osa_toolkit.files.weight_sets import load_weight_set

    saved = load_weight_set(str(source))
    return WeightSet(saved.weights, saved.name)


# ----------------------------------------------------------------------------- levels

LEVEL_COLUMNS = [
    "service", "name", "edition", "kind", "kind_id", "level", "indicative_level", "likelihood",
    "impact", "points", "factors", "unknown_factors", "evidence", "unknowns_decided", "weights",
]  # fmt: skip


def assess(
    profiles: Profiles,
    edition: str | Registers | None = None,
    weights: WeightSet | Weights | str | None = None,
    today: dt.date | str | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> pd.DataFrame:
    """The illegal content risk assessment, one service at a time, as a tidy frame with reasons.

    Runs :func:`~osa_toolkit.core.assessments.illegal_content.assess_illegal_content` for each service, so
    each row carries the reasons (``why``) and the assessor's overrides are applied.

    Parameters
    ----------
    profiles : ServiceProfile, dict, list, str or pathlib.Path
        One profile, ``{service id: profile}``, a list of profiles, a profile file or a folder.
    edition : str, optional
        The guidance edition (``list_editions()``); the newest by default.
    weights : WeightSet, optional
        The weights (``load_weights()``); the defaults by default.
    today : datetime.date or str, optional
        The date of the assessment (``"2026-11-28"``); today by default.
    overrides : dict, optional
        ``{service id: {kind id: Override}}``, the assessor's own final levels.

    Returns
    -------
    pandas.DataFrame
        One row per service x kind of illegal content, columns ``service, name, edition, kind,
        kind_id, level, indicative_level, likelihood, impact, points, factors,
        unknown_factors, evidence, unknowns_decided, weights, why``. ``level`` and
        ``indicative_level`` are ordered categoricals (negligible < low < medium < high).

    Examples
    --------
    >>> a = assess(load_profile("kingsbury_cycling_forum"), today="2026-11-28")
    >>> row = a.set_index("kind_id").loc["fraud"]
    >>> row["level"], row["likelihood"], row["evidence"]
    ('medium', 'unlikely', 'confirmed incidents')
    >>> "confirmed incident" in row["why"]
    True
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.core.assessments.illegal_content import assess_illegal_content

    named = _profiles(profiles)
    regs = _registers(edition)
    ws = _weights(weights)
    day = _today(today)
    overrides = dict(overrides or {})
    factor_names = {f.id: f.name for f in regs.risk_factors}
    rows = []
    for sid, profile in named.items():
        a = assess_illegal_content(profile, regs, ws.weights, overrides.get(sid), day)
        for h in a.harms:
            rows.append(
                {
                    "service": sid,
                    "name": profile.service.name,
                    "edition": regs.edition.id,
                    "kind": h.name,
                    "kind_id": h.id,
                    "level": h.level,
                    "indicative_level": h.indicative_level,
                    "likelihood": _likelihood(ws.weights, h.likelihood),
                    "impact": IMPACT_WORDS.get(h.impact),
                    "points": h.points,
                    "factors": _names(h.factors, factor_names),
                    "unknown_factors": _names(h.unknown_factors, factor_names),
                    "evidence": EVIDENCE_WORDS.get(h.evidence.status, h.evidence.status),
                    "unknowns_decided": h.unknowns_decided,
                    "weights": ws.name,
                    "why": " ".join(h.trace),
                }
            )
    return _frame(rows, [*LEVEL_COLUMNS, "why"], edition=regs.edition.id, weights=ws.name)


def _names(ids: Iterable[str], names: Mapping[str, str]) -> str:
    return "; ".join(names.get(i, i) for i in ids)


def assess_many(
    profiles: Profiles,
    edition: str | Registers | None = None,
    weights: WeightSet | Weights | str | None = None,
    today: dt.date | str | None = None,
) -> pd.DataFrame:
    """The levels of many services at once, fast, through the batch engine.

    The same levels as :func:`assess` without overrides (``tests/core/test_batch_speed.py``
    proves the engine equal to the one-by-one method), without the ``why`` column; for hundreds
    of services in a second or two.

    Parameters
    ----------
    profiles : dict, list, str or pathlib.Path
        ``{service id: profile}``, a list of profiles, or a folder of profile files.
    edition : str, optional
        The guidance edition; the newest by default.
    weights : WeightSet, optional
        The weights; the defaults by default.
    today : datetime.date or str, optional
        The date of the assessment; today by default.

    Returns
    -------
    pandas.DataFrame
        One row per service x kind of illegal content, columns ``service, name, edition, kind,
        kind_id, level, indicative_level, likelihood, impact, points, factors,
        unknown_factors, evidence, unknowns_decided, weights``.

    Examples
    --------
    >>> levels = assess_many(examples_folder(), today="2026-11-28")
    >>> levels.groupby("service", observed=True)["level"].max()["kingsbury_cycling_forum"]
    'medium'
    >>> one = assess("kingsbury_cycling_forum", today="2026-11-28")
    >>> bool((levels[levels.service == "kingsbury_cycling_forum"]["level"].to_numpy()
    ...       == one["level"].to_numpy()).all())
    True
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.core.analysis.batch import features, score

    named = _profiles(profiles)
    regs = _registers(edition)
    ws = _weights(weights)
    table = features(named, regs, today=_today(today))
    scored = score(table, ws.weights, detail=True)
    factor_names = {f.id: f.name for f in regs.risk_factors}
    harm_names = {h.id: h.name for h in regs.harms}
    rows = {
        "service": table["service"].tolist(),
        "name": table["service_name"].tolist(),
        "edition": regs.edition.id,
        "kind": [harm_names[h] for h in table["harm"]],
        "kind_id": table["harm"].tolist(),
        "level": scored["level"].tolist(),
        "indicative_level": scored["level"].tolist(),
        "likelihood": [_likelihood(ws.weights, x) for x in scored["likelihood"]],
        "impact": [None if _missing(x) else IMPACT_WORDS[int(x)] for x in scored["impact"]],
        "points": scored["points"].tolist(),
        "factors": [_names(c, factor_names) for c in table["counted_c"]],
        "unknown_factors": [_names(c, factor_names) for c in table["unknown"]],
        "evidence": [EVIDENCE_WORDS.get(e, e) for e in table["evidence"]],
        "unknowns_decided": scored["unknowns_decided"].astype(bool).tolist(),
        "weights": ws.name,
    }  # fmt: skip
    # loaded when called: importing the API stays light
    import pandas as pd

    frame = pd.DataFrame(rows, columns=LEVEL_COLUMNS)
    frame["level"] = _ordered_levels(frame["level"])
    frame["indicative_level"] = _ordered_levels(frame["indicative_level"])
    frame.attrs.update(edition=regs.edition.id, weights=ws.name)
    return frame


def _missing(x: Any) -> bool:
    # loaded when called: importing the API stays light
    import pandas as pd

    return x is None or bool(pd.isna(x))


def portfolio_table(levels: pd.DataFrame, by: str = "kind") -> pd.DataFrame:
    """A level frame made wide: one row per service, one column per kind, the level in each cell.

    Parameters
    ----------
    levels : pandas.DataFrame
        From :func:`assess` or :func:`assess_many`.
    by : str, default "kind"
        The column whose values become the columns (``"kind"`` names or ``"kind_id"``).

    Returns
    -------
    pandas.DataFrame
        Indexed by service name, kinds in register order, plus ``high`` and ``medium`` counts.

    Examples
    --------
    >>> wide = portfolio_table(assess_many(examples_folder(), today="2026-11-28"))
    >>> wide.loc["Kingsbury Cycling Forum", "Hate"], int(wide.loc["Kingsbury Cycling Forum", "medium"])
    ('low', 4)
    """
    _need(levels, {"name", by, "level"}, "levels", "a frame from assess() or assess_many()")
    kinds = list(dict.fromkeys(levels[by]))
    names = list(dict.fromkeys(levels["name"]))
    wide = levels.pivot_table(index="name", columns=by, values="level", aggfunc="first",
                              observed=True, sort=False)  # fmt: skip
    wide = wide.reindex(index=names, columns=kinds).astype(object)
    wide.columns.name = None
    wide["high"] = (wide[kinds] == "high").sum(axis=1)
    wide["medium"] = (wide[kinds] == "medium").sum(axis=1)
    return wide


def level_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The (service, kind) rows whose level differs between two level frames.

    Parameters
    ----------
    before, after : pandas.DataFrame
        Frames from :func:`assess` or :func:`assess_many` (other weights, another edition, ...).

    Returns
    -------
    pandas.DataFrame
        ``service, name, kind, kind_id, before, after, direction`` (``raised`` or
        ``lowered``); kinds found in only one frame are left out (see :func:`compare_editions`).

    Examples
    --------
    >>> ps = examples_folder()
    >>> base = assess_many(ps, today="2026-11-28")
    >>> higher = assess_many(ps, weights=load_weights().with_changes(
    ...     {"likelihood.missing_evidence_points": 4.0}), today="2026-11-28")
    >>> changed = level_changes(base, higher)
    >>> sorted(set(changed["direction"]))
    ['raised']
    """
    need = {"service", "name", "kind", "kind_id", "level"}
    _need(before, need, "before", "a frame from assess() or assess_many()")
    _need(after, need, "after", "a frame from assess() or assess_many()")
    keys = ["service", "kind_id"]
    merged = before[["service", "name", "kind", "kind_id", "level"]].merge(
        after[[*keys, "level"]], on=keys, suffixes=("_before", "_after")
    )
    # loaded when called: importing the API stays light
    import numpy as np

    from osa_toolkit.core.vocabulary import level_index

    b = merged["level_before"].astype(str)
    a = merged["level_after"].astype(str)
    changed = merged[b != a].copy()
    up = [level_index(y) > level_index(x) for x, y in zip(b[b != a], a[b != a], strict=True)]
    changed["direction"] = np.where(up, "raised", "lowered") if up else []
    changed = changed.rename(columns={"level_before": "before", "level_after": "after"})
    return changed.reset_index(drop=True)


def _need(frame: Any, columns: set[str], what: str, expected: str) -> None:
    # loaded when called: importing the API stays light
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise invalid(what, expected, type(frame).__name__)
    missing = columns - set(frame.columns)
    if missing:
        raise invalid(what, expected, f"a frame without {', '.join(sorted(missing))}")


# ----------------------------------------------------------------------------- measures


MEASURE_COLUMNS = [
    "service", "name", "edition", "measure", "code", "area", "title", "applies", "status",
    "optional", "in_force", "why",
]  # fmt: skip


def measures(
    profiles: Profiles,
    edition: str | Registers | None = None,
    weights: WeightSet | Weights | str | None = None,
    today: dt.date | str | None = None,
) -> pd.DataFrame:
    """The Codes measures of each service: whether each applies, why, and its status.

    Parameters
    ----------
    profiles : ServiceProfile, dict, list, str or pathlib.Path
        As for :func:`assess`.
    edition, weights, today
        As for :func:`assess`.

    Returns
    -------
    pandas.DataFrame
        One row per service x measure of the Codes that concern the service (user-to-user,
        search), columns ``service, name, edition, measure, code, area, title, applies (yes |
        not sure | no), status (in place | recommended | not applicable), optional, in_force,
        why``. "not sure" means it applies only because an unknown answer was treated
        cautiously.

    Examples
    --------
    >>> m = measures("kingsbury_cycling_forum", today="2026-11-28").set_index("measure")
    >>> m.loc["ICU D8", ["applies", "status"]].tolist()
    ['yes', 'recommended']
    >>> m.loc["ICU C1", "status"], m.loc["ICU D9", "applies"]
    ('in place', 'no')
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.core.assessments.illegal_content import assess_illegal_content, base_facts
    from osa_toolkit.core.conditions import evaluate
    from osa_toolkit.core.facts import justify
    from osa_toolkit.core.method.measures import codes_for, multi_risk_harms

    named = _profiles(profiles)
    regs = _registers(edition)
    ws = _weights(weights)
    day = _today(today)
    rows = []
    for sid, profile in named.items():
        a = assess_illegal_content(profile, regs, ws.weights, today=day)
        recommended = {m.id: m for m in a.measures}
        facts = base_facts(profile, regs, day)[0].with_levels(a.levels, multi_risk_harms(regs))
        codes = codes_for(facts)
        for m in regs.measures:
            if m.code not in codes:
                continue
            rec = recommended.get(m.id)
            if rec is not None:
                applies = "not sure" if rec.uncertain else "yes"
                status = "in place" if rec.status == "in_place" else "recommended"
                why = " ".join(rec.why)
            else:
                applies, status = "no", "not applicable"
                reasons = (
                    justify(m.applies_when, facts)
                    if evaluate(m.applies_when, facts) is False
                    else []
                )
                why = " ".join(_sentence(r) for r in reasons)  # fmt: skip
            rows.append(
                {
                    "service": sid,
                    "name": profile.service.name,
                    "edition": regs.edition.id,
                    "measure": m.id,
                    "code": m.code,
                    "area": m.area,
                    "title": m.title,
                    "applies": applies,
                    "status": status,
                    "optional": m.optional,
                    "in_force": m.in_force,
                    "why": why,
                }
            )
    return _frame(rows, MEASURE_COLUMNS, edition=regs.edition.id, weights=ws.name)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


# ----------------------------------------------------------------------------- children, scope

CHILDREN_COLUMNS = [
    "service", "name", "edition", "kind", "kind_id", "category", "age_group", "level",
    "indicative_level", "likelihood", "impact", "factors", "evidence", "why",
]  # fmt: skip


def childrens_risk(
    profiles: Profiles,
    edition: str | Registers | None = None,
    weights: WeightSet | Weights | str | None = None,
    today: dt.date | str | None = None,
) -> pd.DataFrame:
    """The children's risk assessment: a level per kind of content harmful to children and age group.

    Parameters
    ----------
    profiles, edition, weights, today
        As for :func:`assess`.

    Returns
    -------
    pandas.DataFrame
        One row per service x kind x age group that uses the service, columns ``service, name,
        edition, kind, kind_id, category (primary priority | priority | non-designated),
        age_group, level, indicative_level, likelihood, impact, factors, evidence, why``. A
        service for which the assessment is not required has no rows (see
        :func:`childrens_access`).

    Examples
    --------
    >>> c = childrens_risk("kingsbury_cycling_forum", today="2026-11-28")
    >>> sorted(set(c["category"]))
    ['primary priority', 'priority']
    >>> c.loc[c["kind_id"] == "pornography", ["age_group", "level"]].iloc[0].tolist()
    ['0–5', 'medium']
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.core.assessments.childrens_risk import assess_childrens_risk

    named = _profiles(profiles)
    regs = _registers(edition)
    ws = _weights(weights)
    day = _today(today)
    factor_names = {f.id: f.name for f in regs.risk_factors}
    rows = []
    for sid, profile in named.items():
        a = assess_childrens_risk(profile, regs, ws.weights, today=day)
        for k in a.kinds:
            for g in k.groups:
                h = g.assessment
                rows.append(
                    {
                        "service": sid,
                        "name": profile.service.name,
                        "edition": regs.edition.id,
                        "kind": k.name,
                        "kind_id": k.id,
                        "category": CATEGORY_SHORT.get(k.category, k.category),
                        "age_group": g.label,
                        "level": g.level,
                        "indicative_level": g.indicative_level,
                        "likelihood": _likelihood(ws.weights, h.likelihood),
                        "impact": IMPACT_WORDS.get(h.impact),
                        "factors": _names(h.factors, factor_names),
                        "evidence": EVIDENCE_WORDS.get(h.evidence.status, h.evidence.status),
                        "why": " ".join(h.trace),
                    }
                )
    return _frame(rows, CHILDREN_COLUMNS, edition=regs.edition.id, weights=ws.name)


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "not known"}[value]


def childrens_access(
    profiles: Profiles,
    edition: str | Registers | None = None,
    today: dt.date | str | None = None,
) -> pd.DataFrame:
    """The children's access assessment (ss.35-37) of each service.

    Parameters
    ----------
    profiles, edition, today
        As for :func:`assess`.

    Returns
    -------
    pandas.DataFrame
        One row per service, columns ``service, name, edition, applies, possible,
        child_user_condition, likely_accessed`` (``yes`` / ``no`` / ``not known``),
        ``next_due`` (a date) and ``reasons``.

    Examples
    --------
    >>> t = childrens_access(examples_folder(), today="2026-11-28").set_index("service")
    >>> t.loc["kingsbury_cycling_forum", ["possible", "likely_accessed"]].tolist()
    ['yes', 'yes']
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.core.scope.childrens_access import assess_childrens_access

    named = _profiles(profiles)
    regs = _registers(edition)
    day = _today(today)
    rows = []
    for sid, profile in named.items():
        r = assess_childrens_access(profile, today=day, registers=regs)
        rows.append(
            {
                "service": sid,
                "name": profile.service.name,
                "edition": regs.edition.id,
                "applies": _yes_no(r.applies),
                "possible": _yes_no(r.possible),
                "child_user_condition": _yes_no(r.child_user_condition),
                "likely_accessed": _yes_no(r.likely_accessed),
                "next_due": r.next_due,
                "reasons": " ".join(r.reasons),
            }
        )
    columns = ["service", "name", "edition", "applies", "possible", "child_user_condition",
               "likely_accessed", "next_due", "reasons"]  # fmt: skip
    return _frame(rows, columns, edition=regs.edition.id)


REGIME_WORDS = {
    "part3_user_to_user": "user-to-user duties (Part 3)",
    "part3_search": "search duties (Part 3)",
    "part5": "pornography duties (Part 5)",
}


def scope(
    profiles: Profiles,
    edition: str | Registers | None = None,
    today: dt.date | str | None = None,
) -> pd.DataFrame:
    """Whether the Online Safety Act applies to each service, and which duties, with reasons.

    Parameters
    ----------
    profiles, edition, today
        As for :func:`assess`.

    Returns
    -------
    pandas.DataFrame
        One row per service, columns ``service, name, edition, in_scope`` (``yes`` / ``no``),
        ``regimes`` (the parts of the Act, in words), ``duties`` (how many dated duties),
        ``unknowns`` (how many answers that matter are unknown) and ``reasons``.

    Examples
    --------
    >>> s = scope(examples_folder(), today="2026-11-28").set_index("service")
    >>> s.loc["kingsbury_cycling_forum", "in_scope"], s.loc["kingsbury_cycling_forum", "regimes"]
    ('yes', 'user-to-user duties (Part 3)')
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.core.scope import check_scope

    named = _profiles(profiles)
    regs = _registers(edition)
    day = _today(today)
    rows = []
    for sid, profile in named.items():
        r = check_scope(profile, regs, today=day)
        rows.append(
            {
                "service": sid,
                "name": profile.service.name,
                "edition": regs.edition.id,
                "in_scope": _yes_no(r.in_scope),
                "regimes": "; ".join(REGIME_WORDS.get(x, x) for x in r.regimes),
                "duties": len(r.duties),
                "unknowns": len(r.unknowns),
                "reasons": " ".join(r.reasons),
            }
        )
    columns = ["service", "name", "edition", "in_scope", "regimes", "duties", "unknowns", "reasons"]
    return _frame(rows, columns, edition=regs.edition.id)


def duties(
    profiles: Profiles,
    edition: str | Registers | None = None,
    today: dt.date | str | None = None,
) -> pd.DataFrame:
    """The dated duties of each service (deadlines and duties coming into force).

    Returns
    -------
    pandas.DataFrame
        One row per service x duty, columns ``service, name, edition, duty, due, kind
        (deadline | in force), applies (yes | may apply), section, why``.

    Examples
    --------
    >>> d = duties("kingsbury_cycling_forum", today="2026-11-28")
    >>> bool((d["applies"].isin(["yes", "may apply"])).all()), d["due"].is_monotonic_increasing
    (True, True)
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.core.scope import check_scope

    named = _profiles(profiles)
    regs = _registers(edition)
    day = _today(today)
    rows = []
    for sid, profile in named.items():
        for d in check_scope(profile, regs, today=day).duties:
            rows.append(
                {
                    "service": sid,
                    "name": profile.service.name,
                    "edition": regs.edition.id,
                    "duty": d.title,
                    "due": d.due,
                    "kind": d.kind.replace("_", " "),
                    "applies": "yes" if d.status == "applies" else "may apply",
                    "section": d.section,
                    "why": " ".join(d.reasons),
                }
            )
    columns = ["service", "name", "edition", "duty", "due", "kind", "applies", "section", "why"]
    frame = _frame(rows, columns, edition=regs.edition.id)
    return frame.sort_values(["service", "due"], kind="stable").reset_index(drop=True)


def describe_profiles(profiles: Profiles) -> pd.DataFrame:
    """What each service is, for grouping: software preset, kinds of service, size, children.

    Returns
    -------
    pandas.DataFrame
        One row per service, columns ``service, name, software`` (the preset's name, or
        ``no preset``), ``service_types``, ``uk_users``, ``size`` (a band of monthly UK users, see
        ``SIZE_BANDS``), ``user_to_user``, ``search`` and ``unknown_answers``.

    Examples
    --------
    >>> d = describe_profiles(examples_folder()).set_index("service")
    >>> d.loc["tyneside_social_mastodon", ["software", "size"]].tolist()
    ['Mastodon', 'under 1,000']
    """
    # loaded when called: importing the API stays light
    import pandas as pd

    from osa_toolkit.core.vocabulary import SERVICE_TYPE_WORDS
    from osa_toolkit.files.profiles import preset_names

    named = _profiles(profiles)
    presets = preset_names()
    rows = []
    for sid, p in named.items():
        software = p.service.software
        uk = p.users.uk_monthly_active_users
        rows.append(
            {
                "service": sid,
                "name": p.service.name,
                "software": presets.get(software, software) if software else "no preset",
                "service_types": "; ".join(SERVICE_TYPE_WORDS.get(t, t) for t in p.service_types),
                "uk_users": uk,
                "size": size_band(uk),
                "user_to_user": p.scope.user_to_user,
                "search": p.scope.search_engine,
                "unknown_answers": len(p.unknowns()),
            }
        )
    frame = pd.DataFrame(rows)
    frame["uk_users"] = frame["uk_users"].astype("Int64")
    order = [label for _limit, label in SIZE_BANDS] + [SIZE_UNKNOWN]
    frame["size"] = pd.Categorical(frame["size"], categories=order, ordered=True)
    return frame


def size_band(uk_users: int | None) -> str:
    """The ``SIZE_BANDS`` label for a number of monthly UK users.

    Examples
    --------
    >>> size_band(999), size_band(1000), size_band(None)
    ('under 1,000', '1,000 to 9,999', 'not known')
    """
    if uk_users is None:
        return SIZE_UNKNOWN
    for limit, label in SIZE_BANDS:
        if limit is None or uk_users < limit:
            return label
    return SIZE_BANDS[-1][1]


# ----------------------------------------------------------------------------- editions, weights


def compare_editions(
    profiles: Profiles,
    before: str = "2024-12",
    after: str = "2026-06",
    weights: WeightSet | Weights | str | None = None,
    today: dt.date | str | None = None,
) -> pd.DataFrame:
    """What changes for each service between two guidance editions, kind by kind.

    Parameters
    ----------
    profiles : dict, list, str or pathlib.Path
        The services.
    before, after : str
        The two editions (``list_editions()``).
    weights, today
        As for :func:`assess`.

    Returns
    -------
    pandas.DataFrame
        One row per service x kind found in either edition, columns ``service, name, kind,
        kind_id, before, after, change`` where ``change`` is ``raised``, ``lowered``, ``same``,
        ``new kind`` (only in ``after``) or ``dropped kind`` (only in ``before``).

    Examples
    --------
    >>> c = compare_editions("kingsbury_cycling_forum", today="2026-11-28")
    >>> c.loc[c["kind_id"] == "cyberflashing", ["after", "change"]].iloc[0].tolist()
    ['low', 'new kind']
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.core.vocabulary import level_index

    named = _profiles(profiles)
    ws = _weights(weights)
    day = _today(today)
    old = assess_many(named, before, ws, day)
    new = assess_many(named, after, ws, day)
    keys = ["service", "name", "kind_id"]
    merged = old[[*keys, "kind", "level"]].merge(
        new[[*keys, "kind", "level"]], on=keys, how="outer", suffixes=("_before", "_after"),
        sort=False,
    )  # fmt: skip
    merged["kind"] = merged["kind_after"].fillna(merged["kind_before"])
    order = {k: i for i, k in enumerate(dict.fromkeys([*new["kind_id"], *old["kind_id"]]))}
    services = {s: i for i, s in enumerate(named)}
    merged = merged.assign(
        _s=merged["service"].map(services), _k=merged["kind_id"].map(order)
    ).sort_values(["_s", "_k"], kind="stable")

    def change(b: Any, a: Any) -> str:
        if _missing(b):
            return "new kind"
        if _missing(a):
            return "dropped kind"
        if b == a:
            return "same"
        return "raised" if level_index(a) > level_index(b) else "lowered"

    merged["change"] = [
        change(b, a) for b, a in zip(merged["level_before"], merged["level_after"], strict=True)
    ]
    out = merged.rename(columns={"level_before": "before", "level_after": "after"})
    out = out[["service", "name", "kind", "kind_id", "before", "after", "change"]]
    out.attrs.update(before=before, after=after, weights=ws.name)
    return out.reset_index(drop=True)


def sensitivity(
    profiles: Profiles,
    weights: WeightSet | Weights | str | None = None,
    edition: str | Registers | None = None,
    step: float = 0.2,
    today: dt.date | str | None = None,
) -> pd.DataFrame:
    """How many levels across the services flip when each weight moves down and up by ``step``.

    Parameters
    ----------
    profiles : dict, list, str or pathlib.Path
        The services.
    weights : WeightSet, optional
        The weights to start from; the defaults by default.
    edition : str, optional
        The guidance edition; the newest by default.
    step : float, default 0.2
        The move, as a fraction (0.2 is -20% and +20%).
    today : datetime.date or str, optional
        The date of the assessment.

    Returns
    -------
    pandas.DataFrame
        One row per weight x move, columns ``key, group, value, change, new_value, status (ok |
        invalid | skipped), flips, raised, lowered, message``
        (:func:`osa_toolkit.core.analysis.sensitivity.sensitivity`).

    Examples
    --------
    >>> s = sensitivity(examples_folder(), today="2026-11-28")
    >>> s.columns[:5].tolist(), set(s["change"]) == {"-20%", "+20%"}
    (['key', 'group', 'value', 'change', 'new_value'], True)
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.core.analysis.batch import features
    from osa_toolkit.core.analysis.sensitivity import sensitivity as _sensitivity

    named = _profiles(profiles)
    regs = _registers(edition)
    ws = _weights(weights)
    table = _sensitivity(features(named, regs, today=_today(today)), ws.weights, step)
    table.attrs.update(edition=regs.edition.id, weights=ws.name)
    return table


def calibration_agreement(
    weights: WeightSet | Weights | str | Path | None = None,
    cases: str | Path | None = None,
    today: dt.date | str | None = None,
) -> pd.DataFrame:
    """How far the levels agree with published risk assessments, one row per case and kind.

    Parameters
    ----------
    weights : WeightSet, optional
        The weights to score with; the defaults by default.
    cases : str or pathlib.Path, optional
        A folder of calibration cases (``profiles/<slug>.yaml`` + ``expected/<slug>.json``); the
        published assessments shipped in ``osa_toolkit/data/calibration`` by default.
    today : datetime.date or str, optional
        The date of the assessment.

    Returns
    -------
    pandas.DataFrame
        One row per case x kind: ``case, edition, kind_id, theirs, ours, distance`` (steps; positive
        when the toolkit's level is higher) and ``agrees`` (the same level, or inside their range).
        ``frame.attrs["summary"]`` holds the totals (``exact_share``, ``within_one_share``, ``over2``,
        ``under2``, multi-risk agreement) and ``attrs["line"]`` says them in a sentence.

    Examples
    --------
    >>> a = calibration_agreement(today="2026-12-02")
    >>> len(a), a["case"].nunique(), a.attrs["summary"]["within_one_share"] >= 0.9
    (149, 8, True)
    >>> looser = load_weights().with_changes({"likelihood.factor_weight_default": 3.0})
    >>> bool(calibration_agreement(looser, today="2026-12-02")["agrees"].sum() < a["agrees"].sum())
    True
    """
    # loaded when called: importing the API stays light
    import pandas as pd

    from osa_toolkit.core.analysis.calibration import LevelScorer
    from osa_toolkit.core.registers import load_registers
    from osa_toolkit.files.calibration_cases import load_cases

    ws = _weights(weights)
    result = LevelScorer(load_cases(cases), load_registers, _today(today)).agreement(ws.weights)
    rows = [
        {
            "case": c.slug,
            "edition": c.edition,
            "kind_id": r.harm,
            "theirs": r.expected,
            "ours": r.got,
            "distance": r.distance,
            "agrees": r.distance == 0,
        }
        for c in result.cases
        for r in c.rows
    ]
    columns = ["case", "edition", "kind_id", "theirs", "ours", "distance", "agrees"]
    frame = pd.DataFrame(rows, columns=columns)
    frame.attrs.update(summary=result.summary, line=result.line(), weights=ws.name)
    return frame


# ----------------------------------------------------------------------------- plots


def plot_levels(levels: pd.DataFrame, service: str | None = None, ax: Axes | None = None) -> Axes:
    """One bar per kind of content for one service, its length and colour by level.

    Parameters
    ----------
    levels : pandas.DataFrame
        From :func:`assess`, :func:`assess_many` or :func:`childrens_risk`.
    service : str, optional
        The service id (or name); needed when the frame holds more than one service.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_levels(assess("kingsbury_cycling_forum", today="2026-11-28"))
    >>> ax.get_title()
    'Kingsbury Cycling Forum: risk level by kind of illegal content'
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.plots import levels_by_harm

    rows = _one_service(levels, service)
    if "age_group" in rows:  # children's frame: the highest level across age groups
        rows = rows.sort_values("level", ascending=False, kind="stable").drop_duplicates("kind_id")
        rows = rows.set_index("kind_id").loc[list(dict.fromkeys(levels["kind_id"]))].reset_index()
        what = "kind of content harmful to children"
    else:
        what = "kind of illegal content"
    title = f"{rows['name'].iloc[0]}: risk level by {what}"
    return levels_by_harm(rows, ax=ax, title=title)


def _one_service(levels: pd.DataFrame, service: str | None) -> pd.DataFrame:
    _need(levels, {"service", "name", "kind", "kind_id", "level"}, "levels",
          "a frame from assess(), assess_many() or childrens_risk()")  # fmt: skip
    services = list(dict.fromkeys(levels["service"]))
    if service is None:
        if len(services) != 1:
            raise InvalidInputError(
                f"The frame holds {len(services)} services; say which with service=, e.g. "
                f"service={services[0]!r}."
            )
        return levels
    rows = levels[(levels["service"] == service) | (levels["name"] == service)]
    if rows.empty:
        raise invalid("service", "a service in the frame, e.g. " + repr(services[0]), service)
    return rows


def plot_matrix(
    levels: pd.DataFrame,
    weights: WeightSet | Weights | None = None,
    service: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The likelihood x impact matrix with one service's kinds of content in their cells.

    Parameters
    ----------
    levels : pandas.DataFrame
        From :func:`assess` or :func:`assess_many`.
    weights : WeightSet, optional
        The weights whose matrix to draw (those the frame was made with); the defaults by
        default.
    service : str, optional
        Needed when the frame holds more than one service.
    ax : matplotlib.axes.Axes, optional

    Examples
    --------
    >>> ax = plot_matrix(assess("kingsbury_cycling_forum", today="2026-11-28"))
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('impact', 'likelihood')
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.plots import risk_matrix

    rows = _one_service(levels, service)
    ws = _weights(weights)
    return risk_matrix(
        rows,
        ws.weights,
        ax=ax,
        names=dict(zip(rows["kind_id"], rows["kind"], strict=True)),
        title=f"{rows['name'].iloc[0]}: likelihood × impact",
        levels=dict(zip(rows["kind_id"], rows["level"].astype(str), strict=True)),
    )


def plot_level_counts(
    levels: pd.DataFrame, by: str = "kind", ax: Axes | None = None, title: str | None = None
) -> Axes:
    """How many rows sit at each level, for each value of ``by``, as stacked bars.

    Parameters
    ----------
    levels : pandas.DataFrame
        A frame with a ``level`` column (:func:`assess_many`, :func:`childrens_risk`, ...).
    by : str, default "kind"
        The column to group by, e.g. ``"kind"``, ``"software"`` or ``"size"`` (after a merge with
        :func:`describe_profiles`).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Examples
    --------
    >>> ax = plot_level_counts(assess_many(examples_folder(), today="2026-11-28"))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['negligible', 'low', 'medium', 'high']
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.plots.frames import level_counts_bars

    _need(levels, {by, "level"}, "levels", f"a frame with {by!r} and 'level' columns")
    return level_counts_bars(levels, by, ax=ax, title=title)


def plot_sensitivity(table: pd.DataFrame, ax: Axes | None = None, n: int = 12) -> Axes:
    """The tornado chart of a :func:`sensitivity` frame: the weights that flip the most levels.

    Examples
    --------
    >>> ax = plot_sensitivity(sensitivity(examples_folder(), today="2026-11-28"))
    >>> ax.get_title()
    'Which weights move the most levels'
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.plots import tornado

    return tornado(table, ax=ax, n=n)


def plot_level_changes(
    changes: pd.DataFrame, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """How many levels are raised and lowered per kind, from :func:`compare_editions` or
    :func:`level_changes`.

    Examples
    --------
    >>> c = compare_editions(examples_folder(), today="2026-11-28")
    >>> plot_level_changes(c).get_xlabel()
    'services'
    """
    # loaded when called: importing the API stays light
    from osa_toolkit.plots.frames import change_bars

    _need(changes, {"kind"}, "changes", "a frame from compare_editions() or level_changes()")
    return change_bars(changes, ax=ax, title=title)
