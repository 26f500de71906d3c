"""The record as PDF: the HTML page printed by headless Chromium (Debian's ``chromium`` package).

Chromium is found through ``$CHROMIUM``, then ``/usr/bin/chromium``, then ``chromium`` on the PATH. It
runs offline with a throw-away profile folder and is stopped (with its helper processes) after
:data:`TIMEOUT_SECONDS`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from osa_toolkit.core.errors import ReportError
from osa_toolkit.core.record import AssessmentRecord
from osa_toolkit.report.html import render_html

TIMEOUT_SECONDS = 60
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-pdf-header-footer",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
_INSTALL_HINT = (
    "install the 'chromium' package (for example: apt-get install chromium) or set CHROMIUM to "
    "its path, or export the record as HTML and print that from a browser"
)


def find_chromium() -> str | None:
    """The Chromium executable to use, or None if there is none."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def html_to_pdf(page: str, *, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Print an HTML document to PDF with headless Chromium; raise :class:`ReportError` on failure."""
    chromium = find_chromium()
    if chromium is None:
        where = (
            f" (CHROMIUM is set to {os.environ['CHROMIUM']!r})"
            if os.environ.get("CHROMIUM")
            else ""
        )
        raise ReportError(
            f"PDF export needs Chromium, which was not found{where}; {_INSTALL_HINT}."
        )
    with tempfile.TemporaryDirectory(prefix="osa-toolkit-pdf-") as tmp:
        folder = Path(tmp)
        source, target = folder / "record.html", folder / "record.pdf"
        source.write_text(page, encoding="utf-8")
        command = [
            chromium,
            *FLAGS,
            f"--user-data-dir={folder / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        _run(command, timeout)
        if not target.is_file() or target.stat().st_size == 0:
            raise ReportError(
                "Chromium finished but wrote no PDF; export the record as HTML and print that "
                "from a browser instead."
            )
        return target.read_bytes()


def _run(command: list[str], timeout: float) -> None:
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # so a timeout can stop Chromium's helper processes too
        )
    except OSError as err:
        raise ReportError(f"Chromium could not be started ({err}); {_INSTALL_HINT}.") from None
    try:
        _, err_bytes = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(proc)
        raise ReportError(
            f"Chromium did not finish printing the PDF within {timeout:g} seconds; try again, or "
            "export the record as HTML and print that from a browser."
        ) from None
    if proc.returncode != 0:
        last = (err_bytes or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [
            "no message"
        ]
        raise ReportError(
            f"Chromium failed to print the PDF (exit code {proc.returncode}: {last[0][:200]}); "
            "export the record as HTML instead."
        )


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()


def render_pdf(
    record: AssessmentRecord, *, history: Sequence[Mapping[str, Any]] | None = None
) -> bytes:
    """The record as the bytes of a PDF file (A4), printed from :func:`render_html`."""
    return html_to_pdf(render_html(record, history=history))
