"""PDF export with every network path shut, proved by tracing Chromium's system calls.

The attack saw Chromium, printing a record, look up Google hosts and connect to a public resolver
despite ``--disable-background-networking``. Here the PDF export runs with ``$CHROMIUM`` pointing at
a wrapper that runs the real Chromium under ``strace -f``, recording every ``connect``, ``sendto`` and
``sendmsg`` of every process and thread. The test fails on any DNS lookup attempted, and on any
``connect``/``send`` to an address outside loopback that succeeds. (Chromium's IPv6 reachability
probe, a UDP ``connect`` that sends nothing, is still attempted: in the export's empty network
namespace it fails at once, which the trace shows.) A guard test checks that the parser does catch a
real outside ``connect``.
"""

from __future__ import annotations

import ipaddress
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from osa_toolkit.report import export_record
from osa_toolkit.report.pdf import find_chromium, network_isolation
from tests.report.conftest import build_record

STRACE = shutil.which("strace")
pytestmark = pytest.mark.skipif(
    STRACE is None or find_chromium() is None, reason="needs strace and Chromium"
)
_ADDRESS = re.compile(
    r"sa_family=AF_INET6?, sin6?_port=htons\((?P<port>\d+)\).*?"
    r'(?:inet_addr\("(?P<v4>[^"]+)"\)|inet_pton\(AF_INET6, "(?P<v6>[^"]+)")'
)
_RESULT = re.compile(r"\)\s+=\s+(?P<value>-?\d+)")


def outside_calls(log: str) -> tuple[list[str], list[str]]:
    """``(DNS lookups attempted, calls that reached an address outside loopback)`` in an
    ``strace -f`` log of connect/sendto/sendmsg."""
    lines = log.splitlines()
    dns, reached = [], []
    for i, line in enumerate(lines):
        found = _ADDRESS.search(line)
        if not found or not re.match(r"^\d+\s+(connect|sendto|sendmsg)\(", line):
            continue
        address = ipaddress.ip_address(found["v4"] or found["v6"])
        if address.is_loopback:
            continue
        if found["port"] == "53":
            dns.append(line)
        result = _RESULT.search(line)
        if result is None and "<unfinished" in line:  # the call's end is on a later line
            pid = line.split()[0]
            resumed = next(
                (
                    later
                    for later in lines[i + 1 :]
                    if later.startswith(pid) and "resumed>" in later
                ),
                "",
            )
            result = _RESULT.search(resumed)
        if result is not None and int(result["value"]) >= 0:
            reached.append(line)
    return dns, reached


def _wrapper(tmp_path: Path, program: str) -> tuple[Path, Path]:
    log = tmp_path / "trace.log"
    wrapper = tmp_path / "traced"
    wrapper.write_text(
        f'#!/bin/sh\nexec {STRACE} -f -qq -e trace=connect,sendto,sendmsg -o {log} {program} "$@"\n'
    )
    wrapper.chmod(0o755)
    return wrapper, log


def test_the_pdf_export_reaches_nothing_outside_loopback(tmp_path: Path, monkeypatch) -> None:
    chromium = find_chromium()
    wrapper, log = _wrapper(tmp_path, str(chromium))
    monkeypatch.setenv("CHROMIUM", str(wrapper))
    out = export_record(build_record(), "pdf", tmp_path / "record.pdf")
    assert out.read_bytes().startswith(b"%PDF")
    text = log.read_text()
    assert "connect(" in text  # the trace did see Chromium's calls
    dns, reached = outside_calls(text)
    assert dns == [], "DNS lookups: " + "\n".join(dns[:5])
    assert reached == [], "reached outside loopback: " + "\n".join(reached[:5])


def test_the_trace_parser_catches_an_outside_connect(tmp_path: Path) -> None:
    """A program that does connect outside loopback (UDP to a documentation address: the call
    succeeds when there is a route, and sends nothing) is caught by the same parser."""
    probe = (
        "import socket\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "try:\n    s.connect(('192.0.2.1', 9))\nexcept OSError:\n    raise SystemExit(3)\n"
    )
    wrapper, log = _wrapper(tmp_path, sys.executable)
    code = subprocess.run([str(wrapper), "-c", probe], check=False).returncode
    if code == 3:
        pytest.skip("no route out of this machine: nothing to catch")
    dns, reached = outside_calls(log.read_text())
    assert dns == [] and len(reached) == 1 and "192.0.2.1" in reached[0]


def test_chromium_runs_in_an_empty_network_namespace_where_possible() -> None:
    if shutil.which("unshare") is None:
        pytest.skip("no unshare here")
    prefix = network_isolation()
    if not prefix:
        pytest.skip("this system allows no network namespace for this user")
    ip = subprocess.run(
        [*prefix, sys.executable, "-c", "import socket; print(socket.if_nameindex())"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "'lo'" in ip and "eth" not in ip  # only a loopback interface (and it is down)
