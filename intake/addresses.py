"""The client's address: the one idea of it that the link rate limit, the sign-in lockout and the access
log all use.

Behind a TLS-terminating proxy every request connects from the proxy, so REMOTE_ADDR alone would make
every partner and therapist one client. `X-Forwarded-For` is believed only through the proxies that
ATTUNE_TRUSTED_PROXIES names (addresses or networks) or counts; a header from anyone else changes
nothing.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_address(text: str) -> Address | None:
    """An address as a proxy writes it (`1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:443`), or None."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]  # IPv4 with a port
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def _forwarded_chain(request: HttpRequest, peer: Address) -> list[Address | None]:
    """Every hop, the most distant first and the connecting peer last; None where a hop is not an address."""
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [parse_address(part) for part in header.split(",")] if header.strip() else []
    return [*hops, peer]


def _through_counted_proxies(chain: list[Address | None], count: int) -> Address:
    # The last `count` hops are our proxies; the hop each of them received the request from is the one before.
    position = max(len(chain) - 1 - count, 0)
    for candidate in chain[position:]:
        if candidate is not None:
            return candidate
    peer = chain[-1]  # the peer, always an address
    if peer is None:
        raise ValueError("the connecting peer has no address")
    return peer


def _through_listed_proxies(chain: list[Address | None], networks: tuple[Network, ...]) -> Address:
    position = len(chain) - 1
    hop = chain[position]
    if hop is None:
        raise ValueError("the connecting peer has no address")
    while position > 0 and _is_trusted(hop, networks):
        before = chain[position - 1]
        if before is None:
            # A trusted proxy wrote something that is not an address: believe the proxy, not the text.
            return hop
        position, hop = position - 1, before
    return hop


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that made `request`, as a string; None if even the peer is unknown."""
    peer = parse_address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    trusted = settings.ATTUNE_TRUSTED_PROXIES
    if not trusted:
        return str(peer)
    chain = _forwarded_chain(request, peer)
    if isinstance(trusted, int):
        return str(_through_counted_proxies(chain, trusted))
    return str(_through_listed_proxies(chain, _networks(tuple(trusted))))
