"""Start the app exactly as ``osa-toolkit app`` does (``cli.app_command``), for the security tests."""

from __future__ import annotations

import base64
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from osa_toolkit.cli import app_command, app_env

START_TIMEOUT_S = 90.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(folder: Path, allowed_hosts: Sequence[str] = ()) -> Iterator[int]:
    """Serve the app on a free loopback port (its data in ``folder``); yield the port."""
    port = free_port()
    env = {
        **app_env(),  # the app's own Voilà template on JUPYTER_PATH, as `osa-toolkit app` runs it
        "OSA_TOOLKIT_HOME": str(folder / "home"),
        "JUPYTER_CONFIG_DIR": str(folder / "jupyter-config"),
        "JUPYTER_RUNTIME_DIR": str(folder / "jupyter-runtime"),
        "IPYTHONDIR": str(folder / "ipython"),
    }
    env.pop("MPLBACKEND", None)
    log_path = folder / "voila.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            app_command(port, allowed_hosts),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                assert server.poll() is None, log_path.read_text()
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.2)
            yield port
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=5)


def http(port: int, path: str, host: str, headers: dict[str, str] | None = None) -> bytes:
    """One raw HTTP/1.1 GET to 127.0.0.1:``port`` with the given ``Host`` header; the response
    (status line, headers and as much body as arrives before the server closes or pauses)."""
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}", "Connection: close"]
    lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
    with socket.create_connection(("127.0.0.1", port), timeout=120) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        chunks = []
        s.settimeout(120)
        while True:
            try:
                chunk = s.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks) and b" 101 " in chunks[0][:20]:
                break  # a websocket was opened: it never closes by itself
    return b"".join(chunks)


def status(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


def websocket_upgrade(port: int, path: str, host: str, origin: str) -> int:
    """The status the server answers a websocket handshake with (101 = opened)."""
    key = base64.b64encode(os.urandom(16)).decode()
    headers = {
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": key,
        "Sec-WebSocket-Version": "13",
        "Origin": origin,
    }
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = s.recv(4096)
            if not chunk:
                break
            head += chunk
    return int(head.split(b" ", 2)[1])


def kernel_id(page: bytes) -> str:
    """The id of the kernel Voilà started for a page it served."""
    match = re.search(rb'kernelId"\s*:\s*"([0-9a-f-]{36})"', page)
    assert match, page[:2000]
    return match.group(1).decode()
