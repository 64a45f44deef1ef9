"""Which requests ``nnwb serve`` answers: the Host must name this server, and a browser's Origin must be the page's own.

A page on another site (http://evil.example.com) can open a websocket to any address, and the
browser lets it: only the server can refuse, by the Origin header every browser sends with a
websocket. A page that rebinds its own name to 127.0.0.1 (DNS rebinding) is same-origin with
itself, so its Origin matches: its Host header still says ``evil.example.com``, so the Host is
checked too, on every request. The rule:

* Host: an address of the loopback (127.x, ::1), ``localhost`` or a name under ``.localhost``;
  the ``--host`` given; on 0.0.0.0 or :: (every address of this machine), any address written as
  digits (a browser sends the name it was given, so an address cannot be a rebound name) and this
  machine's host name and full name; and each ``--allow-host NAME`` (a name a class uses for it).
* Origin: absent (not a browser: curl, scripts), or ``http(s)://`` plus exactly the Host.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

WILDCARDS = ("0.0.0.0", "::", "")


def host_name(host_header: str) -> str:
    """The name in a Host header, without its port or an IPv6 address's brackets, lower case."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:  # name:port (a bare IPv6 address has several)
        return host.split(":", 1)[0]
    return host


def is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.split("%")[0])
    except ValueError:
        return False
    return True


def is_loopback_address(address: str) -> bool:
    """Whether ``address`` (digits, maybe an IPv6 zone) is this machine's loopback; False for a name."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    # On "::" a connection from 127.0.0.1 comes as ::ffff:127.0.0.1, which Python does not call loopback.
    mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
    return (mapped or ip).is_loopback


@dataclass(frozen=True)
class HostRule:
    listen_host: str
    allowed: frozenset[str] = field(default_factory=frozenset)  # --allow-host names

    @classmethod
    def for_server(cls, listen_host: str, allowed: list[str] | tuple[str, ...] = ()) -> HostRule:
        names = {host_name(name) for name in allowed}
        if listen_host in WILDCARDS:
            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        return cls(listen_host, frozenset(names))

    def names_this_server(self, name: str) -> bool:
        if name == "localhost" or name.endswith(".localhost") or name in self.allowed:
            return True
        if name == host_name(self.listen_host):
            return True
        if is_address(name):
            return is_loopback_address(name) or self.listen_host in WILDCARDS
        return False

    def refusal(self, host_header: str | None, origin: str | None) -> str | None:
        """Why a request with these headers is refused (one line), or None to answer it."""
        if not host_header:
            return "a request without a Host header"
        name = host_name(host_header)
        if not self.names_this_server(name):
            return (f"the Host {host_header!r} does not name this server "
                    "(nnwb serve --allow-host NAME accepts another name)")
        if origin is None:
            return None
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != host_header.strip().lower():
            return f"a page from {origin!r} may not use the workbench at {host_header!r}"
        return None
