"""The shipped registers load for every edition, and every kind of broken row is refused with a sentence."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from osa_toolkit.core.conditions import check
from osa_toolkit.core.errors import InvalidInputError, RegisterError
from osa_toolkit.core.registers import list_editions, load_registers
from osa_toolkit.core.registers.tables import TABLES
from osa_toolkit.core.vocabulary import CONFIDENCE, FUNCTIONALITIES, SERVICE_TYPES
from tests.conftest import EDITION_EXPECTATIONS, EDITIONS, FIXTURE_EDITION, FIXTURE_REGISTERS


def test_every_shipped_edition_has_its_expectations():
    assert EDITIONS == tuple(list_editions()) and len(EDITIONS) >= 2
    assert set(EDITION_EXPECTATIONS) == set(
        EDITIONS
    )  # a new edition: add its row in tests/conftest.py
    assert load_registers().edition.id == "2026-06"  # the edition in force today


@pytest.mark.parametrize("edition", EDITIONS)
def test_priority_kinds_per_edition(edition):
    kinds = EDITION_EXPECTATIONS[edition]["priority_kinds"]
    regs = load_registers(edition)
    assert regs.edition.priority_kinds == kinds
    assert regs.priority_kind_count() == kinds
    csea = [h.id for h in regs.harms if h.parent == "csea"]
    assert sorted(csea) == ["csea_csam_urls", "csea_grooming", "csea_image_csam"]
    # D1: the CSEA sub-rows count towards multi-risk as one kind, not three and not none.
    assert all(regs.harm(h).counts_for_multi_risk for h in csea)
    assert {regs.harm(h).multi_risk_kind for h in csea} == {"csea"}
    assert regs.harm("other_illegal").priority is False


def test_2026_edition_changes():
    old, new = load_registers("2024-12"), load_registers("2026-06")
    old_ids, new_ids = {h.id for h in old.harms}, {h.id for h in new.harms}
    assert new_ids - old_ids == {"cyberflashing", "suicide_self_harm"}
    assert old_ids - new_ids == {"suicide"}
    assert "ICU C14" in {m.id for m in new.measures}
    assert "ICU C14" not in {m.id for m in old.measures}
    assert new.measure("ICU C14").in_force == dt.date(2026, 9, 30)


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_row_is_cited(edition):
    regs = load_registers(edition)
    tables = [getattr(regs, name) for name in TABLES]
    for rows in tables:
        assert rows, "every register has rows"
        for row in rows:
            assert row.source.startswith(("https://", "http://"))
            assert row.confidence in CONFIDENCE


@pytest.mark.parametrize("edition", EDITIONS)
def test_links_and_conditions_refer_to_known_ids(edition):
    regs = load_registers(edition)
    harm_ids = {h.id for h in regs.harms}
    factor_ids = {f.id for f in regs.risk_factors}
    for link in regs.factor_harm_links:
        assert link.factor in factor_ids and link.harm in harm_ids
    kinds = {c.id for c in regs.children_content}
    for m in regs.measures:
        check(m.applies_when, harms=harm_ids, children_kinds=kinds)
    every_priority_harm_linked = {h.id for h in regs.harms if h.priority}
    assert every_priority_harm_linked <= {x.harm for x in regs.factor_harm_links}


@pytest.mark.parametrize("edition", EDITIONS)
def test_questionnaire_codes_match_the_profile_vocabulary(edition):
    regs = load_registers(edition)
    codes = {f.id for f in regs.risk_factors if f.service == "u2u"}
    assert set(SERVICE_TYPES.values()) | set(FUNCTIONALITIES.values()) | {"2"} == codes


@pytest.mark.parametrize("edition", EDITIONS)
def test_known_measure_applicability(edition):
    regs = load_registers(edition)
    assert str(regs.measure("ICU A2").applies_when) == "always"
    assert "large_service" in str(regs.measure("ICU D8").applies_when)
    assert str(regs.measure("ICU D9").applies_when).startswith("not(")
    assert regs.measure("ICU D13").optional is True
    assert "700000" in str(regs.measure("ICU C9").applies_when)
    assert re.fullmatch(r"(ICU|ICS|PCU) [A-J]\d{1,2}", regs.measure("PCU B4").id)


@pytest.mark.parametrize("edition", EDITIONS)
def test_age_assurance_register(edition):
    regs = load_registers(edition)
    assert regs.age_assurance_method("self_declaration").capable_of_heaa is False
    assert regs.age_assurance_method("facial_age_estimation").capable_of_heaa is True


def test_fixture_registers_load_in_the_same_format():
    regs = load_registers(FIXTURE_EDITION, path=FIXTURE_REGISTERS)
    assert regs.priority_kind_count() == 2
    assert [f.id for f in regs.factors_for_harm("csea_image_csam")] == ["5b", "5e"]
    assert regs.measure("ICU D13").in_force == dt.date(2000, 2, 1)


def test_lookup_of_unknown_id_names_it():
    regs = load_registers(FIXTURE_EDITION, path=FIXTURE_REGISTERS)
    with pytest.raises(InvalidInputError, match="'nonsense' is not in edition 2000-01"):
        regs.harm("nonsense")


def test_unknown_edition_lists_the_available_ones():
    with pytest.raises(RegisterError, match="'1999-01' is not in .*available: 2000-01"):
        load_registers("1999-01", path=FIXTURE_REGISTERS)


def _edit(folder, filename, old, new):
    path = folder / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {filename}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BREAKAGES = [
    # (file, old text, new text, the sentence must match)
    (
        "factor_harm_links.csv",
        "5e,csea_image_csam",
        "5e,csea_imag_csam",
        r"factor_harm_links.csv row 4, column 'harm': unknown harm 'csea_imag_csam'",
    ),
    (
        "factor_harm_links.csv",
        "1a,terrorism",
        "9z,terrorism",
        r"factor_harm_links.csv row 2, column 'factor': unknown risk factor '9z'",
    ),
    (
        "measures.csv",
        "ICU D13,ICU",
        "ICU A2,ICU",
        r"measures.csv row 4, column 'id': duplicate id 'ICU A2' \(first on row 2\)",
    ),
    (
        "harms.csv",
        "Fixture harm.,https://example.org/fixture",
        "Fixture harm.,",
        r"harms.csv row 2, column 'source' is empty; it is required",
    ),
    (
        "harms.csv",
        "Fixture harm.,https://example.org/fixture",
        "Fixture harm.,see Ofcom",
        r"harms.csv row 2, column 'source': 'see Ofcom' must be a URL",
    ),
    (
        "measures.csv",
        "Accountable person,always",
        "Accountable person,larg",
        r"measures.csv row 2, column 'applies_when': unknown condition 'larg'",
    ),
    (
        "measures.csv",
        ",true,s.21,2000-02-01,",
        ",true,s.21,2000-02-31,",
        r"measures.csv row 4, column 'in_force': '2000-02-31' must be a date written YYYY-MM-DD",
    ),
    (
        "key_dates.csv",
        "2000-03-16,deadline",
        "16/03/2000,deadline",
        r"key_dates.csv row 2, column 'date': '16/03/2000' must be a date",
    ),
    (
        "harms.csv",
        ",true,true,always,Fixture harm.",
        ",yes,true,always,Fixture harm.",
        r"harms.csv row 2, column 'counts_for_multi_risk': 'yes' must be true or false",
    ),
    (
        "age_assurance_methods.csv",
        "Fixture.,https://example.org/fixture,ofcom\nself",
        "Fixture.,https://example.org/fixture,sure\nself",
        r"age_assurance_methods.csv row 2, column 'confidence': 'sure' must be one of ofcom, ofcom_quoted, law",
    ),
    (
        "measures.csv",
        "risk_at_least(csea_image_csam, high)",
        "risk_at_least(csea_image_csam, severe)",
        r"measures.csv row 3, column 'applies_when': 'risk_at_least' argument must be one of negligible",
    ),
    (
        "exemptions.csv",
        "Sch.1 para 4,Comments",
        "Sch.1 para 4,Comments,extra",
        r"exemptions.csv row 3 has 7 cells; the header has 6",
    ),
    (
        "edition.toml",
        "priority_kinds = 2",
        "priority_kinds = 3",
        r"edition.toml, key 'priority_kinds': says 3 but harms.csv has 2 priority kinds",
    ),
    (
        "edition.toml",
        'id = "2000-01"',
        'id = "2000-02"',
        r"edition.toml, key 'id': '2000-02' does not match the folder name",
    ),
    ("harms.csv", "id,name", "id,nam", r"harms.csv has no column 'name'"),
]


@pytest.mark.parametrize("filename, old, new, message", BREAKAGES)
def test_broken_row_gives_one_sentence_naming_file_row_column(
    broken_registers, filename, old, new, message
):
    root, folder = broken_registers
    _edit(folder, filename, old, new)
    with pytest.raises(RegisterError) as info:
        load_registers(FIXTURE_EDITION, path=root)
    text = str(info.value)
    assert re.search(message, text), text
    assert text.startswith("2000-01/") and "\n" not in text


def test_missing_file_is_named(broken_registers):
    root, folder = broken_registers
    (folder / "key_dates.csv").unlink()
    with pytest.raises(RegisterError, match=r"2000-01/key_dates.csv is missing"):
        load_registers(FIXTURE_EDITION, path=root)


def test_linked_factor_rule_only_in_harm_rules(broken_registers):
    root, folder = broken_registers
    _edit(
        folder,
        "measures.csv",
        "Accountable person,always",
        "Accountable person,linked_factors_at_least(2)",
    )
    with pytest.raises(RegisterError, match="for harm rules only"):
        load_registers(FIXTURE_EDITION, path=root)


def test_edited_register_is_reloaded(broken_registers):
    root, folder = broken_registers
    assert load_registers(FIXTURE_EDITION, path=root).harm("terrorism").name == "Terrorism"
    _edit(folder, "harms.csv", "Terrorism,1", "Terrorism offences,1")
    import os
    import time

    later = time.time() + 5
    os.utime(folder / "harms.csv", (later, later))
    assert load_registers(FIXTURE_EDITION, path=root).harm("terrorism").name == "Terrorism offences"
