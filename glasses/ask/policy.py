"""Which hosts the glasses may send a question to. Unless ``ask.allow_public`` is on, only
loopback, private (RFC 1918, fc00::/7) and link-local addresses: a host name is resolved and
EVERY address it resolves to must be in those ranges (a name that resolves to a public address
is refused, ``.local`` names included). The client then connects to the checked address itself,
so a second lookup cannot swap in another one. https verifies certificates (the default context)."""

from __future__ import annotations

import ipaddress
import socket
import ssl
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from glasses.errors import GlassesError

WHERE = "ask.url"

ALLOWED_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "127.0.0.0/8", "::1/128",                               # loopback
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",        # RFC 1918
    "fc00::/7",                                             # unique local IPv6
    "169.254.0.0/16", "fe80::/10",                          # link-local
))

Resolver = Callable[[str, int], Sequence[str]]


@dataclass(frozen=True, slots=True)
class ParsedUrl:
    scheme: str      # http or https
    host: str        # as written: a name, an IPv4 address or an IPv6 address without brackets
    port: int
    base_path: str   # e.g. /v1 (no trailing slash)

    @property
    def display_host(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def hostport(self) -> str:
        return f"{self.display_host}:{self.port}"

    def path(self, tail: str) -> str:
        return f"{self.base_path}/{tail.lstrip('/')}"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A URL whose host was resolved and checked: connect only to ``addresses``."""
    url: ParsedUrl
    addresses: tuple[str, ...]

    @property
    def host(self) -> str:
        return self.url.host


def parse_url(url: str) -> ParsedUrl:
    """The base URL's parts, or a GlassesError naming ask.url (never a traceback)."""
    if not isinstance(url, str) or not url.strip():
        raise GlassesError("no engine URL is set", where=WHERE)
    if len(url) > 2000 or not url.isprintable() or any(c.isspace() for c in url.strip()):
        raise GlassesError("the URL contains spaces or control characters", where=WHERE)
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
        host = parts.hostname
    except ValueError as exc:
        raise GlassesError(f"not a valid URL ({exc})", where=WHERE) from None
    if parts.scheme not in ("http", "https"):
        raise GlassesError(f"must start with http:// or https://, got {url[:80]!r}", where=WHERE)
    if not host:
        raise GlassesError(f"no host in {url[:80]!r}", where=WHERE)
    if parts.username or parts.password:
        raise GlassesError("put the API key in ask.key_file, not in the URL", where=WHERE)
    if parts.query or parts.fragment:
        raise GlassesError("the base URL takes no ?query or #fragment (e.g. http://192.168.1.20:11434/v1)",
                           where=WHERE)
    return ParsedUrl(parts.scheme, host, port or (443 if parts.scheme == "https" else 80),
                     parts.path.rstrip("/"))


def address_allowed(address: str) -> bool:
    """True for loopback, private (RFC 1918, fc00::/7) and link-local addresses."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])   # fe80::1%eth0: drop the zone
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in net for net in ALLOWED_NETWORKS)


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def check(url: str | ParsedUrl, *, allow_public: bool = False,
          resolve: Resolver = system_resolver) -> Endpoint:
    """Resolve the URL's host and check every address. A refused host is a GlassesError naming
    ask.url; a name that does not resolve is an OSError (the engine is unreachable, not misconfigured)."""
    parsed = url if isinstance(url, ParsedUrl) else parse_url(url)
    try:
        literal = ipaddress.ip_address(parsed.host.split("%", 1)[0])
    except ValueError:
        literal = None
    addresses = (parsed.host,) if literal is not None else tuple(resolve(parsed.host, parsed.port))
    if not addresses:
        raise OSError(f"{parsed.host} resolves to no address")
    if not allow_public:
        public = [a for a in addresses if not address_allowed(a)]
        if public:
            named = "" if literal is not None else f"{parsed.host} resolves to "
            raise GlassesError(
                f"{named}{public[0]}, a public address; the engine must be on your own network "
                f"(loopback, private or link-local), or set ask.allow_public: true", where=WHERE)
    return Endpoint(parsed, addresses)


def tls_context() -> ssl.SSLContext:
    """Certificates and host names are verified; no option turns that off."""
    return ssl.create_default_context()
