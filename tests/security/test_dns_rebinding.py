"""DNS rebinding: the app answers only requests addressed to this machine (or a configured host).

A page on ``evil.example`` whose name is re-pointed at 127.0.0.1 makes the browser send
``Host: evil.example:PORT`` (and ``Origin: http://evil.example:PORT``). Plain Voilà served it the
app and opened its kernel websocket. The server ``osa-toolkit app`` and ``make app`` start must
answer 403 to both, and still serve ``127.0.0.1`` / ``localhost`` (and a host named with
``--allowed-host``). The browser version of this test is ``browser/test_dns_rebinding_browser.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from osa_toolkit.app_server import host_allowed, origin_allowed
from tests.security.local_app import http, kernel_id, running_app, status, websocket_upgrade

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def app_port(tmp_path_factory: pytest.TempPathFactory):
    with running_app(tmp_path_factory.mktemp("app"), ["osa.example.org"]) as port:
        yield port


def test_the_page_and_its_websocket_refuse_a_foreign_host(app_port: int) -> None:
    port = app_port
    page = http(port, "/", f"127.0.0.1:{port}")
    assert status(page) == 200 and b"osa" in page.lower()
    kernel = kernel_id(page)
    channels = f"/api/kernels/{kernel}/channels?session_id=test"

    # the rebinding attacker: Host and Origin both name the attacker's site
    foreign = f"evil.example:{port}"
    assert status(http(port, "/", foreign)) == 403
    assert websocket_upgrade(port, channels, foreign, f"http://{foreign}") == 403
    # an attacker page on another origin connecting to the real address
    assert websocket_upgrade(port, channels, f"127.0.0.1:{port}", f"http://{foreign}") == 403
    # static files and the kernel API too
    assert status(http(port, "/voila/static/voila.js", foreign)) == 403
    assert status(http(port, f"/api/kernels/{kernel}", foreign)) == 403

    # this machine's names and the configured host still work
    assert websocket_upgrade(port, channels, f"127.0.0.1:{port}", f"http://127.0.0.1:{port}") == 101
    assert status(http(port, "/", f"localhost:{port}")) == 200
    assert status(http(port, "/", f"osa.example.org:{port}")) == 200


def test_host_and_origin_rules() -> None:
    assert host_allowed("127.0.0.1:8866", []) and host_allowed("[::1]:8866", [])
    assert host_allowed("LOCALHOST", []) and host_allowed("localhost.:8866", [])
    for foreign in ("evil.example:8866", "127.0.0.1.evil.example", "localhost.evil", "", None):
        assert not host_allowed(foreign, [])
    assert host_allowed("Osa.Example.org:443", ["osa.example.org"])
    assert origin_allowed(None, []) and origin_allowed("http://localhost:8866", [])
    assert not origin_allowed("null", []) and not origin_allowed("http://evil.example", [])


def test_make_app_the_app_command_and_the_readme_use_the_checked_server() -> None:
    from osa_toolkit.cli import app_command

    makefile = (REPO / "Makefile").read_text()
    recipe = re.search(r"^app:.*\n((?:\t.*\n?)+)", makefile, re.MULTILINE)
    assert recipe and "-m osa_toolkit.app_server" in recipe.group(1)
    assert "voila" not in recipe.group(1).split("app_server", 1)[0].lower()
    assert "--allowed-host=$(APP_HOST)" in recipe.group(1)
    command = app_command(8866, ["osa.example.org"], "tok")
    assert command[1:3] == ["-m", "osa_toolkit.app_server"]
    assert "--allowed-host=osa.example.org" in command and "--token=tok" in command
    readme = " ".join((REPO / "README.md").read_text().split())
    assert "osa-toolkit app --allowed-host=" in readme
    assert "`voila notebooks" not in readme  # the deployment line no longer uses plain voila
