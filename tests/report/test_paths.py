"""export_record: stays inside its base folder, and replaces a file in one step or not at all."""

from __future__ import annotations

import io

import docx
import pytest

from osa_toolkit.core.errors import ReportError
from osa_toolkit.report import export, export_record, markdown, render


def test_writes_the_rendered_text_and_returns_the_path(record, history, tmp_path):
    path = export_record(record, "md", tmp_path / "record.md", history=history)
    assert path == tmp_path / "record.md"
    assert path.read_text(encoding="utf-8") == render(record, "md", history=history)
    assert "| Hate | low | medium |" in path.read_text(encoding="utf-8")


def test_writes_bytes_for_docx(record, tmp_path):
    path = export_record(record, "docx", tmp_path / "record.docx")
    document = docx.Document(io.BytesIO(path.read_bytes()))
    assert document.paragraphs[0].text == "Illegal content risk assessment: Café Forum"


@pytest.mark.parametrize("name", ["../x.md", "a/../../x.md", "/etc/x.md"])
def test_refuses_a_path_outside_the_base_folder(record, tmp_path, name):
    base = tmp_path / "reports"
    base.mkdir()
    with pytest.raises(ReportError, match="points outside the folder"):
        export_record(record, "md", name, base_dir=base)
    assert not (tmp_path / "x.md").exists()
    assert list(base.iterdir()) == []


def test_refuses_a_symbolic_link_out_of_the_base_folder(record, tmp_path):
    base, outside = tmp_path / "reports", tmp_path / "elsewhere"
    base.mkdir()
    outside.mkdir()
    (base / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ReportError, match="points outside the folder"):
        export_record(record, "md", "link/x.md", base_dir=base)
    assert list(outside.iterdir()) == []


def test_a_relative_path_is_taken_inside_the_base_folder(record, tmp_path):
    base = tmp_path / "reports"
    (base / "2026").mkdir(parents=True)
    path = export_record(record, "md", "2026/record.md", base_dir=base)
    assert path == (base / "2026" / "record.md").resolve()
    assert path.read_text(encoding="utf-8").startswith("# Illegal content risk assessment")
    inside = export_record(record, "json", base / "record.json", base_dir=base)
    assert inside.read_text(encoding="utf-8").startswith("{\n")


def test_a_missing_folder_is_named(record, tmp_path):
    with pytest.raises(ReportError, match="does not exist; create it first"):
        export_record(record, "md", tmp_path / "no" / "record.md")


def _old_file(tmp_path):
    path = tmp_path / "record.md"
    path.write_text("the earlier version\n", encoding="utf-8")
    return path


def test_a_failure_mid_render_leaves_the_earlier_file_untouched(record, tmp_path, monkeypatch):
    path = _old_file(tmp_path)
    calls = []
    real_block = markdown._block

    def failing_block(block):
        calls.append(block)
        if len(calls) == 5:
            raise RuntimeError("renderer crashed half way")
        return real_block(block)

    monkeypatch.setattr(markdown, "_block", failing_block)
    with pytest.raises(RuntimeError, match="half way"):
        export_record(record, "md", path)
    assert len(calls) == 5
    assert path.read_text(encoding="utf-8") == "the earlier version\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.md"]


def test_a_failure_mid_write_leaves_the_earlier_file_untouched(record, tmp_path, monkeypatch):
    path = _old_file(tmp_path)

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "fsync", full_disk)
    with pytest.raises(ReportError, match="could not be written .*No space left"):
        export_record(record, "md", path)
    assert path.read_text(encoding="utf-8") == "the earlier version\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.md"]


def test_a_successful_export_replaces_the_earlier_file(record, tmp_path):
    path = _old_file(tmp_path)
    export_record(record, "md", path)
    assert path.read_text(encoding="utf-8").startswith("# Illegal content risk assessment")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.md"]
