"""Where exports may be written.

``export_record(..., base_dir=FOLDER)`` keeps every report inside FOLDER: ``..``, absolute paths
elsewhere and symbolic links out are refused with one sentence, and so is a path the file system
cannot take (a NUL byte, a name too long). The command line has no base folder: ``-o`` is the
user's own choice, as with any command-line tool, so it may write anywhere the user can, but a
path it cannot use is still one sentence and exit 2. The app never writes a report to disk: its
downloads are ``data:`` links whose file names are made of the service id (a slug), the kind and a
date, so a service's name cannot steer them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from osa_toolkit import cli
from osa_toolkit.core.errors import ReportError
from osa_toolkit.report import export_record
from osa_toolkit.store import open_store
from osa_toolkit.widgets.walkthrough import IllegalContentWalkthrough
from tests.report.conftest import build_record
from tests.security.payloads import PAYLOADS


@pytest.fixture
def base(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "sub").mkdir()
    (folder / "out").symlink_to(tmp_path)
    return folder


@pytest.mark.parametrize(
    "path",
    [
        "../escape.md",
        "sub/../../escape.md",
        "out/escape.md",
        "/etc/escape.md",
        "{tmp}/escape.md",
        "..",
        "a\x00b.md",
        "x" * 300 + ".md",
        "",
    ],
)
def test_paths_outside_the_base_folder_are_refused(base: Path, path: str) -> None:
    path = path.replace("{tmp}", str(base.parent))
    before = sorted(p.name for p in base.parent.iterdir())
    with pytest.raises(ReportError) as raised:
        export_record(build_record(), "md", path, base_dir=base)
    message = str(raised.value)
    assert "\n" not in message and message.endswith(".")
    assert sorted(p.name for p in base.parent.iterdir()) == before
    assert not (base.parent / "escape.md").exists()


@pytest.mark.parametrize("path", ["report.md", "sub/report.md", "sub/../report.md", "{base}/r.md"])
def test_paths_inside_the_base_folder_are_written_there(base: Path, path: str) -> None:
    written = export_record(build_record(), "md", path.replace("{base}", str(base)), base_dir=base)
    assert written.resolve().is_relative_to(base.resolve()) and written.is_file()


@pytest.mark.parametrize("path", ["a\x00b.html", "x" * 300 + ".html", "no/such/folder/r.html"])
def test_the_report_command_refuses_unusable_paths_in_one_sentence(
    capsys, tmp_path: Path, path: str
) -> None:
    assert cli.main(["report", "kingsbury_cycling_forum", "-o", str(tmp_path / path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_download_names_in_the_app_come_from_the_service_id(tmp_path: Path) -> None:
    from osa_toolkit.files.profiles import load_profile

    from osa_toolkit.core.profile import replace_in

    name = "../../etc/" + PAYLOADS["img onerror"]
    profile = replace_in(load_profile("kingsbury_cycling_forum"), "service.name", name)
    with open_store(tmp_path / "records.sqlite3") as store:
        page = IllegalContentWalkthrough(profile, store)
        page.formats.value = ("md", "html", "json", "docx")
        page.prepare_downloads()
        names = re.findall(r'download="([^"]*)"', page.downloads.value)
    assert len(names) == 4
    for file_name in names:
        assert re.fullmatch(
            r"[a-z0-9-]+-illegal-content-\d{4}-\d{2}-\d{2}\.(md|html|json|docx)", file_name
        )
