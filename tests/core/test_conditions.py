import pytest

from osa_toolkit.core.conditions import Condition, check, evaluate, parse
from osa_toolkit.core.errors import InvalidInputError


def facts_from(table):
    return lambda name, args: table[(name, *args)] if args else table[name]


def test_parse_round_trips_to_text():
    text = "any(all(large_service, risk_at_least(csea_image_csam, medium)), uk_users_over(700000))"
    cond = parse(text)
    assert str(cond) == text
    assert cond.facts()[1] == Condition("risk_at_least", ("csea_image_csam", "medium"))
    assert cond.facts()[2].args == (700000,)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("all(", "ends too early"),
        ("all(a b)", "expected ',' or ')'"),
        ("always)", "unexpected ')'"),
        ("large_service; import os", "unexpected character ';'"),
        ("__import__('os')", "unexpected character"),
    ],
)
def test_parse_refuses_what_is_not_a_condition(text, message):
    with pytest.raises(InvalidInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check(parse(text))


@pytest.mark.parametrize(
    "text, message",
    [
        ("larg", "unknown condition 'larg'"),
        ("not(always, never)", "exactly one"),
        ("risk_at_least(hate)", "takes 2 argument"),
        ("risk_at_least(hate, huge)", "must be one of negligible"),
        ("risk_at_least(nonsense, high)", "harm id"),
        ("uk_users_over(many)", "whole number"),
        ("service_type(dating)", "must be one of social_media"),
        ("functionality(telepathy)", "must be one of user_profiles"),
        ("all(7)", "takes conditions"),
    ],
)
def test_check_names_the_problem(text, message):
    with pytest.raises(InvalidInputError, match=message):
        check(parse(text), harms={"hate"})


@pytest.mark.parametrize(
    "values, expected",
    [
        ({"a": True, "b": True}, True),
        ({"a": True, "b": False}, False),
        ({"a": None, "b": False}, False),
        ({"a": None, "b": True}, None),
    ],
)
def test_all_is_kleene(values, expected):
    assert evaluate(parse("all(a, b)"), facts_from(values)) is expected


@pytest.mark.parametrize(
    "values, expected",
    [
        ({"a": False, "b": False}, False),
        ({"a": None, "b": True}, True),
        ({"a": None, "b": False}, None),
    ],
)
def test_any_is_kleene(values, expected):
    assert evaluate(parse("any(a, b)"), facts_from(values)) is expected


def test_not_keeps_unknown_unknown():
    assert evaluate(parse("not(a)"), facts_from({"a": None})) is None
    assert evaluate(parse("not(a)"), facts_from({"a": True})) is False


def test_facts_receive_their_arguments():
    seen = []
    evaluate(parse("risk_at_least(hate, high)"), lambda n, a: seen.append((n, a)) or True)
    assert seen == [("risk_at_least", ("hate", "high"))]
