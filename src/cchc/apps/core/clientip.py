"""The client's address, the same for login throttling (django-axes), the audit trail and logs.

Behind the documented reverse proxy every request arrives from the proxy, so REMOTE_ADDR is the proxy's
address: throttling by username and address would then lock a user out for everyone. X-Forwarded-For names
the client, but anyone can send that header; it is read only when the request comes from a proxy listed in
``CCHC_TRUSTED_PROXIES`` (settings.TRUSTED_PROXIES), and then from the right: the first address that is not
itself a trusted proxy is the client (a proxy appends the address it saw; what the client wrote is on the
left and is never believed).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def parse_networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    networks = []
    for value in (v.strip() for v in values if v.strip()):
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError as exc:  # name the value, not the library's English sentence
            raise ImproperlyConfigured(
                f"CCHC_TRUSTED_PROXIES phải là các địa chỉ IP hoặc dải mạng (ví dụ 127.0.0.1,10.0.0.0/8): "
                f"“{value}” không hợp lệ."
            ) from exc
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address | None, networks: tuple[Network, ...]
) -> bool:
    return address is not None and any(address in n for n in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (AXES_CLIENT_IP_CALLABLE names this function)."""
    remote = request.META.get("REMOTE_ADDR")
    networks = parse_networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(_address(remote or ""), networks):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return remote  # a malformed hop: believe nothing further left
        if not _trusted(address, networks):
            return str(address)
    return remote


class ClientIPMiddleware:
    """Puts the client's address in REMOTE_ADDR and drops X-Forwarded-For, so that everything after it
    (axes, auditlog, Django's logs) sees the one resolved address and nobody reads the raw header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        parse_networks(tuple(settings.TRUSTED_PROXIES))  # refuse a bad setting at start-up

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_ip(request)
        if address:
            request.META["REMOTE_ADDR"] = address
        request.META.pop("HTTP_X_FORWARDED_FOR", None)
        return self.get_response(request)
