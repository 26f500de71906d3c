"""The export formats table (osa_toolkit.report.formats): every registered format renders a real record
that a reader can read back, the CLI and the app's download panel offer exactly the registered ones,
and the renderers are imported only when used."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys

import pytest

from osa_toolkit.cli import build_parser
from osa_toolkit.report import FORMATS, render
from osa_toolkit.report.formats import format_for_suffix
from osa_toolkit.report.pdf import find_chromium
from osa_toolkit.widgets.base import StatusLine
from osa_toolkit.widgets.record_actions import RecordActions
from tests.report.test_exports import docx_text, parse_html, pdf_text


def _html(data: str) -> str:
    return " ".join(" ".join(parse_html(data).text).split())


def _pdf(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


READERS = {
    "text/markdown": lambda data: data,
    "text/html": _html,
    "application/json": lambda data: json.dumps(json.loads(data), ensure_ascii=False),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": lambda data: (
        docx_text(data)[1]
    ),
    "application/pdf": _pdf,
}
"""How a reader gets the text back out of each media type (a new media type needs a line here)."""


def _can_read(fmt: str) -> bool:
    """PDF is printed by Chromium and read back with pdftotext; the other formats need nothing."""
    if FORMATS[fmt].mime != "application/pdf":
        return True
    return find_chromium() is not None and shutil.which("pdftotext") is not None


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_registered_format_renders_a_real_record(fmt, record, history):
    spec = FORMATS[fmt]
    assert spec.mime in READERS, f"add a reader for {spec.mime} to READERS"
    if not _can_read(fmt):
        pytest.skip("PDF needs Chromium and pdftotext (apt-get install chromium poppler-utils)")
    data = render(record, fmt, history=history)
    assert isinstance(data, str) == spec.mime.startswith(("text/", "application/json"))
    text = READERS[spec.mime](data)
    assert record.service_name in text
    hate = next(h for h in record.harms if h.id == "hate")
    assert hate.name in text and hate.level == "medium" and "medium" in text
    for m in record.measures[:3]:
        assert m.id in text


def test_the_table_is_complete_and_suffixes_are_unambiguous():
    suffixes = [s for f in FORMATS.values() for s in (f.suffix, *f.other_suffixes)]
    assert len(suffixes) == len(set(suffixes))
    for key, spec in FORMATS.items():
        assert spec.label and spec.suffix.startswith(".") and "/" in spec.mime
        assert format_for_suffix(spec.suffix) == key
        assert callable(spec.render_function())


def _options(parser, *path):
    for name in path:
        sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
        parser = sub.choices[name]
    return next(a for a in parser._actions if "--format" in a.option_strings).choices


def test_the_cli_offers_exactly_the_registered_formats():
    assert tuple(_options(build_parser(), "report")) == tuple(FORMATS)


def test_the_download_panel_offers_exactly_the_registered_formats(record):
    panel = RecordActions("illegal_content", lambda: record, dict, None, "cafe-forum", StatusLine())
    assert [value for _, value in panel.formats.options] == list(FORMATS)
    assert [label for label, _ in panel.formats.options] == [f.label for f in FORMATS.values()]
    assert panel.formats.value == tuple(k for k, f in FORMATS.items() if f.preselected)
    offered = tuple(k for k in FORMATS if _can_read(k))
    panel.formats.value = offered
    panel.prepare_downloads()
    links = re.findall(
        r'download="([^"]+)" href="data:([^;]+);base64,([^"]+)"', panel.downloads.value
    )
    assert len(links) == len(offered)
    for fmt, (name, mime, b64) in zip(offered, links, strict=True):
        spec = FORMATS[fmt]
        assert name.endswith(spec.suffix) and mime == spec.mime
        raw = base64.b64decode(b64)
        data = raw.decode("utf-8") if isinstance(render(record, fmt), str) else raw
        assert record.service_name in READERS[mime](data)


def test_importing_the_table_loads_no_renderer():
    code = (
        "import sys, osa_toolkit.report.formats, osa_toolkit.report;"
        "print(sorted(m for m in sys.modules if m.startswith(('docx', 'osa_toolkit.report.'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = done.stdout
    assert "'docx'" not in loaded
    for spec in FORMATS.values():
        assert repr(spec.renderer.partition(":")[0]) not in loaded, spec.renderer
