"""The fast ``features`` (conditions evaluated as columns over all services) gives the very frame
the service-by-service version gave, and its fact columns answer as ``ServiceFacts`` does.

``reference_features`` below is the previous implementation of :func:`features`: for each service
the one-service building blocks (``base_facts``, ``ServiceFacts.holds``, ``summarise_evidence``,
``controls_in_place``), row by row. No timing is asserted here (see ``bench/core_throughput.py``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osa_toolkit.core.analysis.batch import BASE_COLUMNS, RUNS, features, name_profiles
from osa_toolkit.core.analysis.fact_columns import FactColumns, evaluate_columns, truth_column
from osa_toolkit.core.analysis.synthetic import synthetic_profiles
from osa_toolkit.core.assessments.illegal_content import base_facts
from osa_toolkit.core.conditions import FACTS, Condition, evaluate, parse
from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.method.subject import controls_in_place, summarise_evidence
from osa_toolkit.core.profile import parse_profile
from osa_toolkit.core.registers import load_registers
from osa_toolkit.core.vocabulary import level_index
from osa_toolkit.files.profiles import list_examples, load_profile
from tests.conftest import EDITIONS

TODAY = dt.date(2026, 11, 28)

# ----------------------------------------------------------------------------- the reference


def reference_features(profiles, registers, today=TODAY) -> pd.DataFrame:
    subjects = [
        (h, registers.factors_for_harm(h.id), registers.rules_for_harm(h.id))
        for h in registers.harms
    ]
    rows: list[dict] = []
    for sid, profile in name_profiles(profiles).items():
        facts, _scope, _caa = base_facts(profile, registers, today)
        rows.extend(_service_rows(sid, profile, facts, registers, subjects))
    frame = pd.DataFrame(rows, columns=list(rows[0]) if rows else BASE_COLUMNS)
    factor_ids = [f.id for f in registers.risk_factors]
    for r in RUNS:
        counted = frame[f"counted_{r}"].tolist()
        width = max(map(len, counted), default=0)
        codes = np.full((len(counted), width), -1, dtype=np.int64)
        for i, ids in enumerate(counted):
            codes[i, : len(ids)] = [factor_ids.index(f) for f in ids]
        for j in range(width):
            frame[f"{r}f_{j + 1}"] = pd.Categorical.from_codes(codes[:, j], categories=factor_ids)
    frame.attrs["edition"] = registers.edition.id
    return frame


def _service_rows(sid, profile, facts, regs, subjects) -> list[dict]:
    runs = {"c": facts, "o": dataclasses.replace(facts, assume_unknown=False)}
    truth = {
        r: {f.id: fx.holds(f.present_when) for f in regs.risk_factors} for r, fx in runs.items()
    }
    children = {r: fx("children_can_access", ()) is not False for r, fx in runs.items()}
    likely = {r: fx("likely_accessed_by_children", ()) is not False for r, fx in runs.items()}
    in_place = controls_in_place(profile, regs)
    users = facts.uk_users
    rows = []
    for harm, factors, rules in subjects:
        ev = summarise_evidence(profile, harm.id, users)
        row = {
            "service": sid,
            "harm": harm.id,
            "service_name": profile.service.name,
            "evidence": ev.status,
            "confirmed": ev.confirmed,
            "rate": np.nan if ev.rate_per_10k_per_year is None else ev.rate_per_10k_per_year,
            "controls": len(in_place),
            "uk_users": np.nan if users is None else float(users),
            "uk_users_at_most": np.nan
            if profile.users.uk_users_at_most is None
            else float(profile.users.uk_users_at_most),
            "impact_extra": 0.0,
        }
        for r, fx in runs.items():
            present = [f.id for f in factors if truth[r][f.id] is not None and truth[r][f.id]]
            unknown = [f.id for f in factors if truth[r][f.id] is None]
            mechanism = fx.holds(harm.mechanism)
            rule_facts = dataclasses.replace(fx, linked_present=len(present) + len(unknown))
            fired = [level_index(x.level) for x in rules if rule_facts.holds(x.when)]
            row[f"mechanism_{r}"] = {True: "yes", False: "no", None: "unknown"}[mechanism]
            row[f"possible_{r}"] = mechanism is not False
            row[f"children_{r}"] = children[r]
            row[f"likely_children_{r}"] = likely[r]
            row[f"floor_{r}"] = max(fired, default=-1)
            row[f"counted_{r}"] = tuple(present + unknown)
            if r == "c":
                row["present"], row["unknown"] = tuple(present), tuple(unknown)
        rows.append(row)
    return rows


def assert_same_frame(profiles, registers) -> pd.DataFrame:
    got = features(profiles, registers, today=TODAY)
    want = reference_features(profiles, registers)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert got.attrs == want.attrs
    return got


# ----------------------------------------------------------------------------- profiles


def _profile(**sections) -> object:
    data = {"profile_version": 1, "service": {"name": sections.pop("name", "Edge case")}}
    data["scope"] = {"user_to_user": True, **sections.pop("scope", {})}
    data.update(sections)
    return parse_profile(data)


EDGE_CASES = {
    "all unknown": _profile(name="All unknown"),
    "search, type unknown": _profile(
        name="Search unknown",
        scope={"search_engine": True, "user_to_user": False},
        search={"search_type": "unknown", "image_search": True},
    ),
    "search and u2u, general": _profile(
        name="Search general",
        scope={"search_engine": True, "uk_target_market": True},
        users={"uk_monthly_active_users": 9_000_000},
        search={"search_type": "general", "predictive_search": True},
        functionalities={"direct_messaging": True, "user_connections": True},
    ),
    "age checked, no users": _profile(
        name="Age checked",
        users={"uk_monthly_active_users": 0},
        children={
            "highly_effective_age_assurance": True,
            "age_assurance_methods": ["photo_id_matching"],
            "significant_number_of_child_users": False,
            "likely_to_attract_children": False,
        },
        service_types=["adult", "file_sharing"],
        functionalities={"anonymous_profiles": True, "posting_images_or_videos": True},
    ),
    "age assurance claimed, no capable method": _profile(
        name="Self declared",
        children={"highly_effective_age_assurance": True},
        service_types=["social_media"],
    ),
    "evidence for every kind, unknown ones and others": _profile(
        name="Evidence",
        users={"uk_monthly_active_users": 1234},
        controls=[{"measure": "ICU A2"}, {"measure": "ICU C1"}, {"measure": "ICU Z99"}],
        evidence={
            "period_months": 6,
            "reports_total": 10,
            "moderation": "reactive",
            "by_harm": {
                "hate": {"reports": 4, "confirmed": 3},
                "fraud": {"reports": 1, "confirmed": None},
                "terrorism": {"reports": 0, "confirmed": 0},
            },
        },
    ),
    "evidence without totals": _profile(
        name="No totals", evidence={"by_harm": {"hate": {"confirmed": 2}}}
    ),
    "not in scope": _profile(
        name="Not in scope",
        scope={
            "user_to_user": True,
            "uk_target_market": False,
            "significant_uk_users": False,
            "uk_material_risk_of_significant_harm": False,
        },
    ),
    "exempt comments": _profile(
        name="Comments only",
        scope={"ugc_limited_to": ["comments_on_provider_content"]},
        functionalities={"commenting": True},
    ),
}


def _all_kinds_of_evidence(registers) -> object:
    """A profile whose ``by_harm`` names every harm of the edition (no harm is left to the totals)."""
    by_harm = {h.id: {"confirmed": i % 3} for i, h in enumerate(registers.harms)}
    return _profile(name="Every harm", evidence={"reports_total": 3, "by_harm": by_harm})


# ----------------------------------------------------------------------------- the frame


@pytest.mark.parametrize("edition", EDITIONS)
def test_synthetic_and_example_profiles_give_the_same_frame(edition):
    regs = load_registers(edition)
    frame = assert_same_frame(synthetic_profiles(300, seed=77), regs)
    assert (frame["evidence"] == "confirmed").any() and (frame["floor_c"] >= 0).any()
    assert_same_frame({e: load_profile(e) for e in list_examples()}, regs)


@pytest.mark.parametrize("edition", EDITIONS)
def test_edge_cases_give_the_same_frame(edition):
    regs = load_registers(edition)
    profiles = {**EDGE_CASES, "every harm": _all_kinds_of_evidence(regs)}
    frame = assert_same_frame(profiles, regs)
    assert frame["uk_users"].isna().any() and (frame["controls"] == 2).any()
    for name, profile in profiles.items():  # one at a time too: the columns do not mix services
        assert_same_frame({name: profile}, regs)


@pytest.mark.parametrize("profiles", [[], {}], ids=["list", "mapping"])
def test_empty_input_gives_the_same_empty_frame(profiles):
    frame = assert_same_frame(profiles, load_registers())
    assert frame.empty and list(frame.columns) == BASE_COLUMNS


def test_service_ids_that_are_not_text_and_repeated_names_are_kept():
    regs = load_registers()
    same = synthetic_profiles(2, seed=4)
    assert_same_frame({7: same[0], 3: same[1]}, regs)
    frame = assert_same_frame([same[0], same[0], same[1]], regs)
    assert frame["service"].nunique() == 3


def test_a_bad_date_is_refused_as_before_but_only_with_services():
    regs = load_registers()
    with pytest.raises(InvalidInputError, match="today"):
        features(synthetic_profiles(1, seed=1), regs, today="2026-11-28")  # type: ignore[arg-type]
    assert features([], regs, today="2026-11-28").empty  # type: ignore[arg-type]


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_registers_with_unknowable_and_unusual_facts_give_the_same_frame(broken_registers):
    """Every kind of fact a register may state: those read from the profile, those that can be
    unknown (in both runs, and under ``not``), ``linked_factors_at_least`` in harm rules, and facts
    that only the full ``base_facts`` answers (levels, children's kinds)."""
    root, folder = broken_registers
    _edit(
        folder / "risk_factors.csv",
        "service_type(social_media)",
        '"any(service_type(social_media), uk_users_over(50000), not(large_general_search))"',
    )
    _edit(
        folder / "risk_factors.csv",
        "functionality(direct_messaging)",
        '"all(functionality(direct_messaging), any(search_type(general), category_1, '
        'likely_accessed_by_children, uk_users_over(1000)))"',
    )
    _edit(
        folder / "harms.csv",
        "Terrorism,1,,true,true,always",
        'Terrorism,1,,true,true,"any(regime(part3_search), not(all(user_to_user, large_service)))"',
    )
    _edit(
        folder / "harms.csv",
        "Other illegal content,other,,false,false,always",
        'Other illegal content,other,,false,false,"any(search_feature(image_search), '
        'not(uses_age_assurance), multi_risk, risk_at_least(terrorism, high))"',
    )
    with (folder / "harm_rules.csv").open("a", encoding="utf-8") as fh:
        for level, when in [
            ("high", "not(large_service)"),
            ("medium", '"all(linked_factors_at_least(1), not(children_can_access))"'),
            ("low", '"any(search_service, principal_purpose(ppc), allows_content(any_ppc))"'),
            ("medium", '"all(never, always)"'),
        ]:
            fh.write(f"other_illegal,floor,{level},{when},Fixture.,https://example.org/f,ofcom\n")
    with (folder / "factor_harm_links.csv").open("a", encoding="utf-8") as fh:
        fh.write("1a,other_illegal,fixture,https://example.org/fixture,ofcom\n")
        fh.write("5b,other_illegal,fixture,https://example.org/fixture,ofcom\n")
    regs = load_registers("2000-01", path=root)
    profiles = {**name_profiles(synthetic_profiles(150, seed=8)), **EDGE_CASES}
    frame = assert_same_frame(profiles, regs)
    assert (frame["mechanism_c"] == "unknown").any() and (frame["unknown"].map(len) > 0).any()
    assert (frame["floor_o"] != frame["floor_c"]).any()


def test_registers_whose_factors_never_count_give_no_factor_columns(broken_registers):
    root, folder = broken_registers
    for fact in ("service_type(social_media)", "functionality(direct_messaging)"):
        _edit(folder / "risk_factors.csv", fact, "never")
    _edit(folder / "risk_factors.csv", "functionality(posting_images_or_videos)", "never")
    regs = load_registers("2000-01", path=root)
    frame = assert_same_frame(synthetic_profiles(20, seed=2), regs)
    assert not any(c.startswith(("cf_", "of_")) for c in frame.columns)


# ----------------------------------------------------------------------------- fact columns


def _fact_nodes() -> list[tuple[str, tuple]]:
    choices = {
        "harm": ("hate", "terrorism"),
        "level": ("low", "high"),
        "int": (0, 1, 3, 1000, 7_000_000),
        "children_kind": ("pornography", "any_ppc"),
        "category": ("ppc",),
    }
    nodes = []
    for name, kinds in FACTS.items():
        if not kinds:
            nodes.append((name, ()))
            continue
        first = kinds[0]
        options = first if isinstance(first, tuple) else choices[first]  # type: ignore[index]
        rest = [k if isinstance(k, tuple) else choices[k] for k in kinds[1:]]  # type: ignore[index]
        for a in options:
            nodes.extend((name, (a, *more)) for more in _product(rest))
    return nodes


def _product(lists) -> list[tuple]:
    out: list[tuple] = [()]
    for options in lists:
        out = [(*t, o) for t in out for o in options]
    return out


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_fact_column_answers_as_service_facts(edition):
    regs = load_registers(edition)
    profiles = [*synthetic_profiles(120, seed=31), *EDGE_CASES.values()]
    cols = FactColumns(profiles, regs, TODAY)
    facts = [base_facts(p, regs, TODAY)[0] for p in profiles]
    optimistic = [dataclasses.replace(f, assume_unknown=False) for f in facts]
    nodes = _fact_nodes()
    assert {n for n, _ in nodes} == set(FACTS)
    for name, args in nodes:
        if name in ("always", "never"):
            continue  # constants of evaluate, never asked of the facts
        want = truth_column([f(name, args) for f in facts])
        assert (cols.raw(name, args) == want).all(), (name, args)
        want = truth_column([f(name, args) for f in optimistic])
        assert (cols.answers(name, args, True) == want).all(), (name, args)
    assert {"functionality", "service_type", "search_type"} <= {n for n, _ in cols._raw}
    assert cols._base is not None  # the facts only base_facts answers (levels, children's kinds)


def test_the_shipped_registers_need_no_full_base_facts():
    profiles = synthetic_profiles(30, seed=5)
    for edition in EDITIONS:
        regs = load_registers(edition)
        cols = FactColumns(profiles, regs, TODAY)
        for f in regs.risk_factors:
            evaluate_columns(f.present_when, cols.leaf(False))
        for h in regs.harms:
            evaluate_columns(h.mechanism, cols.leaf(True))
        for rule in regs.harm_rules:
            evaluate_columns(rule.when, cols.leaf(False, np.zeros(len(profiles), dtype=int)))
        assert cols._base is None and cols._regimes is None


# ----------------------------------------------------------------------------- Kleene logic

LEAVES = ("a", "b", "c")


def _conditions():
    leaf = st.sampled_from([*LEAVES, "always", "never"]).map(Condition)
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            inner.map(lambda c: Condition("not", (c,))),
            st.lists(inner, min_size=0, max_size=3).map(lambda xs: Condition("all", tuple(xs))),
            st.lists(inner, min_size=0, max_size=3).map(lambda xs: Condition("any", tuple(xs))),
        ),
        max_leaves=8,
    )


@settings(max_examples=200, deadline=None)
@given(
    cond=_conditions(),
    values=st.lists(
        st.tuples(*(st.sampled_from([True, False, None]) for _ in LEAVES)), min_size=1, max_size=9
    ),
)
def test_columns_follow_the_three_valued_evaluate(cond, values):
    columns = {name: truth_column([row[i] for row in values]) for i, name in enumerate(LEAVES)}
    ones = np.ones(len(values), dtype=np.int8)
    got = evaluate_columns(cond, lambda c: ones if c.name == "always" else columns[c.name])
    for i, row in enumerate(values):
        answers = dict(zip(LEAVES, row, strict=True))
        assert got[i] == truth_column([evaluate(cond, lambda n, a, x=answers: x[n])])[0]


def test_parsed_register_conditions_evaluate_as_one_by_one():
    profiles = synthetic_profiles(60, seed=12)
    regs = load_registers()
    cols = FactColumns(profiles, regs, TODAY)
    facts = [base_facts(p, regs, TODAY)[0] for p in profiles]
    text = (
        "any(all(children_can_access, functionality(direct_messaging)), "
        "not(any(service_type(social_media), search_type(vertical))), never)"
    )
    cond = parse(text)
    got = evaluate_columns(cond, cols.leaf(False))
    assert (got == truth_column([f.holds(cond) for f in facts])).all()
