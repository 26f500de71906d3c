"""child_factor_links.csv: shipped in both editions, cited, checked, and refused when broken."""

from __future__ import annotations

import pytest

from osa_toolkit.core.errors import RegisterError
from osa_toolkit.core.registers import ALL_KINDS, load_registers
from osa_toolkit.core.vocabulary import CONFIDENCE
from tests.conftest import EDITIONS, FIXTURE_EDITION, FIXTURE_REGISTERS

MOST_ASSOCIATED = {"8c", "4b", "5b", "5a", "5d", "5e"}  # the addendum, Priority 5 [2ND]
HEADER = "factor,kind,basis,source,confidence\n"
ROW = "{factor},{kind},Fixture.,https://example.org/fixture,secondary\n"


@pytest.mark.parametrize("edition", EDITIONS)
def test_links_ship_cited_and_refer_to_known_ids(edition):
    regs = load_registers(edition)
    assert regs.child_factor_links
    u2u = {f.id for f in regs.risk_factors if f.service == "u2u"}
    kinds = {k.id for k in regs.children_content} | {ALL_KINDS}
    for link in regs.child_factor_links:
        assert link.factor in u2u and link.kind in kinds
        assert link.source.startswith("https://") and link.confidence in CONFIDENCE
        assert link.basis.strip()


@pytest.mark.parametrize("edition", EDITIONS)
def test_confidence_follows_the_facts_files(edition):
    regs = load_registers(edition)
    general = {x.factor for x in regs.child_factor_links if x.confidence == "secondary"}
    assert general == MOST_ASSOCIATED  # only the six 'most associated' factors are secondary
    for link in regs.child_factor_links:
        if link.factor in MOST_ASSOCIATED:
            assert link.kind == ALL_KINDS
        else:
            assert link.confidence == "unconfirmed"
    assert "5e" in {f.id for f in regs.factors_for_child_kind("pornography")}


def test_every_edition_holds_the_same_children_links():
    links = [
        [(x.factor, x.kind, x.confidence) for x in load_registers(e).child_factor_links]
        for e in EDITIONS
    ]
    assert all(later == links[0] for later in links[1:])


def test_a_kind_the_register_does_not_name_gets_the_general_factors():
    regs = load_registers()
    general = {x.factor for x in regs.child_factor_links if x.kind == ALL_KINDS}
    assert {f.id for f in regs.factors_for_child_kind("gambling_ads")} == general


def test_fixture_links_load():
    regs = load_registers(FIXTURE_EDITION, FIXTURE_REGISTERS)
    assert [f.id for f in regs.factors_for_child_kind("pornography")] == ["5b", "5e"]
    assert [f.id for f in regs.factors_for_child_kind("bullying")] == ["1a", "5b"]


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        (ROW.format(factor="9z", kind="pornography"), ["row 2, column 'factor'", "unknown user-to-user risk factor '9z'"]),
        (ROW.format(factor="5e", kind="porn"), ["row 2, column 'kind'", "unknown children's content kind 'porn'"]),
        (ROW.format(factor="5b", kind="all_kinds") + ROW.format(factor="5b", kind="bullying"), ["row 3, column 'kind'", "already linked to all_kinds"]),
        (ROW.format(factor="5e", kind="bullying") * 2, ["row 3", "duplicate id '5e/bullying'"]),
        ("factor,kind,source,confidence\n", ["has no column 'basis'"]),
        (ROW.format(factor="5e", kind="bullying").replace("secondary", "maybe"), ["row 2, column 'confidence'"]),
    ],
)  # fmt: skip
def test_broken_links_are_refused_naming_file_row_and_column(broken_registers, rows, words):
    root, folder = broken_registers
    body = rows if rows.startswith("factor,") else HEADER + rows
    (folder / "child_factor_links.csv").write_text(body, encoding="utf-8")
    with pytest.raises(RegisterError) as err:
        load_registers(FIXTURE_EDITION, root)
    message = str(err.value)
    assert "child_factor_links.csv" in message
    for word in words:
        assert word in message


def test_missing_links_file_is_refused(broken_registers):
    root, folder = broken_registers
    (folder / "child_factor_links.csv").unlink()
    with pytest.raises(RegisterError, match="child_factor_links.csv is missing"):
        load_registers(FIXTURE_EDITION, root)
