"""The Voilà server of the app, answering only requests addressed to this machine (or a named host).

Voilà accepts any ``Host`` and ``Origin`` header (it sets ``allow_remote_access`` itself), so a web
page on another site could use DNS rebinding (``evil.example`` re-pointed at 127.0.0.1) to load the
app, open its kernel websocket and read or drive every widget. This launcher runs Voilà with every
one of its handlers (pages, kernel websockets, static files) refusing, with 403, a request whose
``Host`` is not ``127.0.0.1``, ``localhost``, ``[::1]`` or a host given with ``--allowed-host``,
and one whose ``Origin`` names any other host.

    python -m osa_toolkit.app_server notebooks/app.ipynb --no-browser --port=8866 \\
        --Voila.ip=127.0.0.1 [--allowed-host=osa.example.org]

Every other option is Voilà's own (``--token=``, ``--port=``, ...).
"""

from __future__ import annotations

import ipaddress
import re
import sys
from collections.abc import Iterable
from urllib.parse import urlsplit

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_HOST = re.compile(r"^(?P<host>\[[^\]]*\]|[^:]*)(?::\d+)?$")


def host_name(header: str) -> str:
    """The host of a ``Host`` header, without its port and IPv6 brackets, lower-cased.

    >>> host_name("Evil.Example:8899"), host_name("[::1]:8866"), host_name("127.0.0.1")
    ('evil.example', '::1', '127.0.0.1')
    """
    match = _HOST.match(header.strip())
    host = match.group("host") if match else header
    return host.strip("[]").rstrip(".").lower()


def host_allowed(header: str | None, allowed: Iterable[str]) -> bool:
    """Whether a request's ``Host`` header names this machine or one of the ``allowed`` hosts.

    >>> host_allowed("localhost:8866", []), host_allowed("evil.example:8866", [])
    (True, False)
    >>> host_allowed("127.0.0.2", []), host_allowed("osa.example.org", ["osa.example.org"])
    (True, True)
    """
    if not header:
        return False
    host = host_name(header)
    names = {*LOCAL_HOSTS, *(host_name(name) for name in allowed)}
    if host in names:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def origin_allowed(origin: str | None, allowed: Iterable[str]) -> bool:
    """Whether an ``Origin`` header (absent, ``null`` or a URL) is one of the allowed hosts."""
    if origin is None:
        return True  # not sent by a browser for a same-origin GET; the Host check still applies
    netloc = urlsplit(origin.strip()).netloc
    return bool(netloc) and host_allowed(netloc, allowed)


class HostCheck:
    """A mixin for a tornado handler: 403 unless the request's Host (and Origin) are allowed."""

    allowed_hosts: tuple[str, ...] = ()

    def prepare(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from tornado.web import HTTPError

        request = self.request  # type: ignore[attr-defined]
        if not host_allowed(request.headers.get("Host"), self.allowed_hosts) or not origin_allowed(
            request.headers.get("Origin"), self.allowed_hosts
        ):
            self.current_user = None  # type: ignore[attr-defined] # as jupyter_server does
            if hasattr(self, "_jupyter_current_user"):
                self._jupyter_current_user = None
            raise HTTPError(403, "requests must be addressed to this machine")
        return super().prepare(*args, **kwargs)  # type: ignore[misc]


def guarded(handlers: list, allowed: Iterable[str]) -> list:
    """``handlers`` (tornado ``(pattern, class, ...)`` rules) with every class checking the Host."""
    allowed = tuple(allowed)
    out = []
    for rule in handlers:
        pattern, cls, *rest = rule
        checked = type(cls.__name__, (HostCheck, cls), {"allowed_hosts": allowed})
        out.append((pattern, checked, *rest))
    return out


def _voila_class():  # type: ignore[no-untyped-def]
    from traitlets import List, Unicode
    from voila.app import Voila

    class LocalVoila(Voila):
        """Voilà with every handler refusing requests for hosts other than this machine's."""

        allowed_hosts = List(
            Unicode(),
            default_value=[],
            help="Host names (besides localhost and loopback addresses) the app answers to, "
            "such as the name a reverse proxy forwards.",
        ).tag(config=True)
        aliases = {**Voila.aliases, "allowed-host": "LocalVoila.allowed_hosts"}

        def init_handlers(self) -> list:
            return guarded(super().init_handlers(), self.allowed_hosts)

    return LocalVoila


def main(argv: list[str] | None = None) -> None:
    """Start the app's Voilà server with the Host check (the arguments are Voilà's)."""
    _voila_class().launch_instance(argv=argv)


if __name__ == "__main__":
    main(sys.argv[1:])
