"""The app listens on this machine only, nothing connects to the network, and the README says how to
share the app safely.

* ``make app`` and ``osa-toolkit app`` start Voilà with ``--Voila.ip=127.0.0.1``; the server that
  ``osa-toolkit app`` starts is checked in ``/proc/net/tcp*`` to listen on 127.0.0.1 only, and the
  token the README recommends is checked to shut out a request without it.
* A whole session (registers, profile, the four assessments, records saved and read back, every
  export but PDF, the command line, the app's pages) runs with every socket connection to anywhere
  but this machine refused, and nothing tries one.
* No module of the package fetches from a URL: none imports a network library, and the only URLs in
  its code are loopback addresses and JSON Schema identifiers (citations live in data and docs).
"""

from __future__ import annotations

import ast
import ipaddress
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from osa_toolkit import cli
from osa_toolkit.cli import app_command, app_env

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "osa_toolkit"
NETWORK_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib.request",
    "urllib3",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "xmlrpc",
    "websocket",
    "websockets",
    "paramiko",
}
URL = re.compile(r"https?://[^\s\"'<>`)]*")
ALLOWED_URLS = {
    "https://json-schema.org/draft/2020-12/schema",  # JSON Schema: identifiers, never fetched
    "https://github.com/osa-toolkit/osa-toolkit/docs/record.schema.json",
}


# ----------------------------------------------------------------------------- binding


def test_make_app_and_the_app_command_bind_to_loopback() -> None:
    makefile = (REPO / "Makefile").read_text()
    recipe = re.search(r"^app:.*\n((?:\t.*\n?)+)", makefile, re.MULTILINE)
    assert recipe and "--Voila.ip=127.0.0.1" in recipe.group(1)
    command = app_command(8866)
    assert "--Voila.ip=127.0.0.1" in command
    for text in (makefile, " ".join(command), (REPO / ".ci" / "run").read_text()):
        assert "0.0.0.0" not in text and "--ip=*" not in text and "Voila.ip=::" not in text


def test_the_readme_says_how_to_share_the_app_safely() -> None:
    readme = " ".join((REPO / "README.md").read_text().split())
    assert "127.0.0.1" in readme
    assert "JupyterHub" in readme
    assert "--token=" in readme
    assert "HTTPS" in readme


def _listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            if width == 8:
                found.add(str(ipaddress.IPv4Address(raw[::-1])))
            else:  # four little-endian 32-bit words
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                found.add(str(ipaddress.IPv6Address(words)))
    return found


def _status(url: str) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net/tcp")
def test_the_app_server_listens_on_loopback_only_and_honours_a_token(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [*app_command(port), "--token=s3cret-for-this-test"]
    env = app_env(  # as `osa-toolkit app` runs it (the app's Voilà template on JUPYTER_PATH)
        {
            **os.environ,
            "OSA_TOOLKIT_HOME": str(tmp_path / "home"),
            "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime"),
            "IPYTHONDIR": str(tmp_path / "ipython"),
        }
    )
    env.pop("MPLBACKEND", None)
    log = (tmp_path / "voila.log").open("wb")
    server = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while not _listening_addresses(port) and time.monotonic() < deadline:
            assert server.poll() is None, (tmp_path / "voila.log").read_text()
            time.sleep(0.1)
        assert _listening_addresses(port) == {"127.0.0.1"}
        base = f"http://127.0.0.1:{port}/"
        assert _status(base) in (302, 401, 403)  # to the login page, not the app
        assert _status(base + "?token=wrong") in (302, 401, 403)
        assert _status(base + "?token=s3cret-for-this-test") == 200
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)
        log.close()


# ----------------------------------------------------------------------------- no network


def _local(address: object) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths (and abstract names)
        return True
    host = str(address[0])
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refuse (and record) every connection and name lookup that would leave this machine."""
    attempts: list[str] = []
    connect, connect_ex, getaddrinfo = (
        socket.socket.connect,
        socket.socket.connect_ex,
        socket.getaddrinfo,
    )

    def guarded(original):
        def call(sock, address, *args):
            if not _local(address):
                attempts.append(f"connect to {address!r}")
                raise ConnectionRefusedError(f"the tests refuse a connection to {address!r}")
            return original(sock, address, *args)

        return call

    def lookup(host, *args, **kwargs):
        if host is not None and not _local((host, 0)):
            attempts.append(f"look up {host!r}")
            raise socket.gaierror(f"the tests refuse to look up {host!r}")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded(connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(connect_ex))
    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    return attempts


def test_the_guard_really_refuses_the_network(no_network: list[str]) -> None:
    with pytest.raises(OSError), socket.create_connection(("example.org", 80), timeout=1):
        pass
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("192.0.2.1", 80))
    assert no_network == ["look up 'example.org'", "connect to ('192.0.2.1', 80)"]


def test_a_whole_session_needs_no_network(
    no_network: list[str], tmp_path: Path, capsys, monkeypatch
) -> None:
    from osa_toolkit.core.registers import list_editions, load_registers
    from osa_toolkit.report import FORMATS, export_record
    from tests.security.test_widget_escaping import every_page

    for edition in list_editions():
        load_registers(edition)
    pages = every_page(tmp_path / "app", "Offline Forum", monkeypatch)  # saves all four records
    assert pages
    from tests.security.sample_records import build_records

    records = build_records("Offline")
    for kind in ("illegal_content", "childrens_risk", "age_assurance"):
        for fmt in (f for f in FORMATS if f != "pdf"):
            export_record(records[kind], fmt, tmp_path / f"{kind}.{fmt}")
    store = str(tmp_path / "app" / "records.sqlite3")
    for argv in (
        ["check", "kingsbury_cycling_forum", "--json"],
        ["assess", "kingsbury_cycling_forum"],
        ["children", "kingsbury_cycling_forum"],
        ["age-assurance", "kingsbury_cycling_forum"],
        ["report", "kingsbury_cycling_forum", "-o", str(tmp_path / "cli.docx")],
        ["records", "list", "--store", store],
        ["records", "show", "1", "--store", store],
        ["report", "--record", "1", "-o", str(tmp_path / "r.html"), "--store", store],
        [
            "assess-all",
            str(REPO / "osa_toolkit" / "data" / "examples"),
            "--csv",
            str(tmp_path / "all.csv"),
        ],
    ):
        assert cli.main(argv) == 0, capsys.readouterr().err
    assert no_network == []


# ----------------------------------------------------------------------------- static


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def test_no_module_imports_a_network_library() -> None:
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            for name in names:
                if name in NETWORK_MODULES or name.split(".")[0] in NETWORK_MODULES - {"http"}:
                    found.append(f"{path.relative_to(REPO)}: {name}")
                elif name == "http" or name.startswith("http."):
                    found.append(f"{path.relative_to(REPO)}: {name}")
    assert found == []


def test_no_module_holds_a_url_to_fetch() -> None:
    """URLs in code (not docstrings) are loopback addresses, bare schemes or schema identifiers."""
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text(), str(path))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if id(node) in skip or not isinstance(node, ast.Constant):
                continue
            if not isinstance(node.value, str):
                continue
            for url in URL.findall(node.value):
                host = url.split("://", 1)[1].split("/", 1)[0].split(":")[0]
                if url in ALLOWED_URLS or host in ("", "127.0.0.1", "localhost"):
                    continue
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: {url}")
    assert found == []


def test_the_notebooks_fetch_nothing() -> None:
    import json

    for notebook in sorted((REPO / "notebooks").rglob("*.ipynb")):
        cells = json.loads(notebook.read_text())["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        assert not URL.search(code), notebook.name
        assert not re.search(r"\b(urllib|requests|httpx|socket)\b", code), notebook.name


def test_pdf_printing_runs_chromium_with_networking_off() -> None:
    from osa_toolkit.report.pdf import FLAGS

    assert "--disable-background-networking" in FLAGS
