"""Any file in a register edition gives the registers or one RegisterError sentence.

Each example copies the 3-row fixture edition (``tests/fixtures/registers/2000-01``) to a fresh
folder and replaces one of its files: with raw bytes, with CSV made of real and fuzzed cells (ragged
rows, quoted commas, bad conditions, huge numbers), with the real file changed in a few cells, or
re-encoded (latin-1, UTF-16, NUL bytes, a byte-order mark, CR line ends). Registers that load must
also work: the scope check and both risk assessments take them, or refuse in one sentence.
"""

from __future__ import annotations

import csv
import io
import shutil
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from osa_toolkit.core.assessments.childrens_risk import assess_childrens_risk
from osa_toolkit.core.assessments.illegal_content import assess_illegal_content

from osa_toolkit.core.registers import load_registers
from osa_toolkit.core.scope import check_scope
from tests.conftest import FIXTURE_EDITION, FIXTURE_REGISTERS
from tests.core.profiles import profile
from tests.property.conftest import any_int_digits, time_limit
from tests.property.strategies import fuzz_settings, mutated, valid_or_one_error

SOURCE = FIXTURE_REGISTERS / FIXTURE_EDITION
CSV_FILES = sorted(p.name for p in SOURCE.glob("*.csv"))
ROWS = {
    name: list(csv.reader(io.StringIO((SOURCE / name).read_text("utf-8")))) for name in CSV_FILES
}
EDITION = tomllib.loads((SOURCE / "edition.toml").read_text("utf-8"))
PROFILES = [
    profile(),
    profile(
        **{
            "functionalities.posting_images_or_videos": True,
            "functionalities.direct_messaging": True,
            "service_types": ["social_media", "file_sharing"],
            "children.significant_number_of_child_users": True,
        }
    ),
]

CELLS = st.one_of(
    st.sampled_from(sorted({cell for rows in ROWS.values() for row in rows for cell in row})),
    st.sampled_from(
        [
            "",
            " ",
            "always",
            "never",
            "not(always)",
            "not(" * 600 + "always" + ")" * 600,
            "any(",
            "all()",
            "risk_at_least(terrorism, huge)",
            "uk_users_over(" + "9" * 5000 + ")",
            "uk_users_over(٣)",
            "functionality(no_such_thing)",
            "linked_factors_at_least(2)",
            "-1",
            "9" * 5000,
            "1e3",
            "TRUE",
            "yes",
            "2000-02-30",
            "0001-01-01",
            "javascript:alert(1)",
            "https://",
            "a,b",
            'say "hi"',
            "line\nbreak",
            "\x00",
            "\ufeff",
            "é",
        ]
    ),
    st.text(max_size=15),
)


@st.composite
def csv_texts(draw, name: str) -> str:
    """CSV built from the file's header (maybe changed) and rows of real and fuzzed cells."""
    header = list(ROWS[name][0])
    change = draw(st.sampled_from(["keep", "keep", "drop", "extra", "shuffle", "duplicate"]))
    if change == "drop" and header:
        header.pop(draw(st.integers(0, len(header) - 1)))
    elif change == "extra":
        header.append(draw(st.sampled_from(["notes", "", "id", "ID ", "source"])))
    elif change == "shuffle":
        header = draw(st.permutations(header))
    elif change == "duplicate":
        header.append(header[0])
    width = len(header)
    rows = draw(
        st.lists(
            st.lists(CELLS, min_size=max(0, width - 2), max_size=width + 2),
            max_size=5,
        )
    )
    out = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    csv.writer(out, quoting=quoting, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])))
    writer = csv.writer(out, quoting=quoting)
    for row in [header, *rows]:
        writer.writerow(row)
    return out.getvalue()


@st.composite
def changed_csv(draw, name: str) -> str:
    """The real file with one to three cells (or whole rows) changed."""
    rows = [list(r) for r in ROWS[name]]
    for _ in range(draw(st.integers(1, 3))):
        r = draw(st.integers(0, len(rows) - 1))
        what = draw(st.sampled_from(["cell", "cell", "cell", "drop_cell", "add_cell", "copy_row"]))
        if what == "cell" and rows[r]:
            rows[r][draw(st.integers(0, len(rows[r]) - 1))] = draw(CELLS)
        elif what == "drop_cell" and rows[r]:
            rows[r].pop()
        elif what == "add_cell":
            rows[r].append(draw(CELLS))
        else:
            rows.append(list(rows[r]))
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def _encode(draw, text: str) -> bytes:
    how = draw(st.sampled_from(["utf-8"] * 6 + ["latin-1", "utf-16", "bom", "nul", "cp1252"]))
    if how == "bom":
        return ("\ufeff" + text).encode("utf-8")
    if how == "nul":
        raw = text.encode("utf-8")
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + b"\x00" + raw[at:]
    return text.encode(how, errors="replace")


@st.composite
def register_files(draw) -> tuple[str, bytes]:
    """(file name, new content) for one file of the edition."""
    name = draw(st.sampled_from([*CSV_FILES, "edition.toml"]))
    if name == "edition.toml":
        how = draw(st.sampled_from(["mutate", "mutate", "mutate", "text", "bytes"]))
        if how == "bytes":
            return name, draw(st.binary(max_size=200))
        if how == "text":
            return name, _encode(draw, draw(st.text(max_size=200)))
        values = st.one_of(
            st.integers(min_value=-(2**63), max_value=2**63 - 1),
            st.text(max_size=10),
            st.dates(),
            st.booleans(),
            st.floats(allow_nan=True),
            st.lists(st.integers(), max_size=2),
            st.sampled_from(["2000-01", "https://example.org", "ofcom", "law"]),
        )
        doc = draw(mutated(EDITION, values))
        if not isinstance(doc, dict):
            doc = {"id": doc}
        with any_int_digits():
            return name, tomli_w.dumps(doc).encode("utf-8")
    how = draw(st.sampled_from(["built", "built", "changed", "changed", "changed", "bytes"]))
    if how == "bytes":
        return name, draw(st.binary(max_size=300))
    text = draw(csv_texts(name) if how == "built" else changed_csv(name))
    return name, _encode(draw, text)


def _edition_with(root: Path, name: str, content: bytes) -> Path:
    folder = root / FIXTURE_EDITION
    shutil.copytree(SOURCE, folder)
    (folder / name).write_bytes(content)
    return root


def _load_and_use(root: Path) -> None:
    with time_limit(20):
        regs, _ = valid_or_one_error(load_registers, FIXTURE_EDITION, root)
    if regs is None:
        return
    for p in PROFILES:
        valid_or_one_error(check_scope, p, regs)
        valid_or_one_error(assess_illegal_content, p, regs)
        valid_or_one_error(assess_childrens_risk, p, regs)


@fuzz_settings(300)
@given(change=register_files())
def test_any_register_file(tmp_path_factory: pytest.TempPathFactory, change) -> None:
    name, content = change
    _load_and_use(_edition_with(tmp_path_factory.mktemp("regs"), name, content))


HOSTILE = {
    "deep condition": ("harms.csv", 1, 6, "not(" * 2000 + "always" + ")" * 2000),
    "huge number in a condition": ("measures.csv", 1, 4, "uk_users_over(" + "9" * 5000 + ")"),
    "huge number": ("age_groups.csv", 1, 2, "9" * 5000),
    "javascript source": ("harms.csv", 1, 8, "javascript:alert(1)"),
    "line break in an id": ("harms.csv", 1, 0, "terror\nism"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_cells(tmp_path: Path, case: str) -> None:
    name, row, column, value = HOSTILE[case]
    rows = [list(r) for r in ROWS[name]]
    rows[row][column] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    root = _edition_with(tmp_path, name, out.getvalue().encode("utf-8"))
    with time_limit(20):
        regs, message = valid_or_one_error(load_registers, FIXTURE_EDITION, root)
    assert regs is None, f"{case} was accepted"
    assert message.startswith(f"{FIXTURE_EDITION}/{name} row {row + 1}"), message
    assert "set_int_max_str_digits" not in message, message
