"""The record as PDF: the HTML page printed by headless Chromium (Debian's ``chromium`` package).

Chromium is found through ``$CHROMIUM``, then ``/usr/bin/chromium``, then ``chromium`` on the PATH. It
runs offline with a throw-away profile folder and is stopped (with its helper processes) after
:data:`TIMEOUT_SECONDS`.

Every network path is shut, two ways. The flags turn off Chromium's background services and map
every host name to "not found" (so it looks nothing up: without them it asked the system resolver
for Google hosts while printing), and send anything else to a proxy on a closed loopback port. And
where the system allows it (``unshare``: root, or unprivileged user namespaces), Chromium runs in a
new, empty network namespace, where not even loopback is up, so nothing can leave the machine even if
a future Chromium ignores a flag. (Chromium still probes whether IPv6 is reachable with a UDP
``connect()`` to a public address, which sends no packet; in the namespace it fails at once.)
``tests/security/test_pdf_offline.py`` traces the system calls to prove it.
"""

from __future__ import annotations

import functools
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
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-breakpad",
    "--no-pings",
    "--dns-prefetch-disable",
    "--metrics-recording-only",
    "--disable-features=AsyncDns,DnsOverHttps,OptimizationHints,MediaRouter,Translate,"
    "NetworkTimeServiceQuerying,CertificateTransparencyComponentUpdater,AutofillServerCommunication",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
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
            *network_isolation(),
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


@functools.lru_cache(maxsize=1)
def network_isolation() -> tuple[str, ...]:
    """The command prefix that runs a program in a new, empty network namespace (``unshare -n``,
    or ``unshare -r -n`` for a user who is not root), or ``()`` where the system does not allow it
    (then the flags alone keep Chromium offline)."""
    unshare = shutil.which("unshare")
    if unshare is None or os.environ.get("OSA_TOOLKIT_PDF_NAMESPACE") == "0":
        return ()
    options = ["-n"] if os.geteuid() == 0 else ["-r", "-n"]
    try:
        works = (
            subprocess.run(
                [unshare, *options, "true"], capture_output=True, timeout=10, check=False
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        works = False
    return (unshare, *options) if works else ()


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
