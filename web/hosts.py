"""The host names the dashboard answers to, and the check in front of everything it serves.

A web page on another site can make the browser reach this computer under the site's own
name (DNS rebinding: `attacker.example` resolving to 127.0.0.1), and the browser then treats
the dashboard as part of that site. The defence is to answer only to the names the dashboard
is meant to be reached by:

- local mode (sign-in not configured): `localhost`, `127.0.0.1` and `[::1]`, on any port;
- sign-in configured: the host of `[auth] redirect_uri` and the names listed in
  `UEP_SERVED_HOSTS` (comma-separated) or, without it, `[sign_in] hosts` in the secrets.

`ServedHostsOnly` applies this to every request, the page, its websocket
(/_stcore/stream), media files, uploads and health checks alike; serve.py puts it in front
of Streamlit's own server. app.py checks the websocket's Host again on every run.

Local mode is for the person at this computer, and a proxy on this computer (HAProxy, as
deploy/cluster runs it) passes other people's requests on with `Host: localhost` if asked
to. So in local mode a request that a proxy passed on for another address (its
`X-Forwarded-For`, `Forwarded` or `X-Real-IP` names an address that is not this
computer's loopback) is refused too, here for every request and by app.py for the session.
"""

from __future__ import annotations

import ipaddress
import os
import threading
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

from uep_data import events

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
ENVIRONMENT_VARIABLE = "UEP_SERVED_HOSTS"
REFUSED = "This dashboard does not answer to this address."
NEEDS_HTTPS = "Signing in needs HTTPS: open the dashboard at its https:// address."


def host_name(header: str | None) -> str | None:
    """The host name in a Host header, without its port, in lower case ('[::1]:8501' gives
    '::1'); None for a missing or malformed header."""
    if not header:
        return None
    try:
        parts = urlsplit(f"//{header.strip()}")
        _ = parts.port  # a port that is not a number makes the header malformed
    except ValueError:
        return None
    if (
        not parts.hostname
        or parts.username is not None
        or parts.password is not None
        or parts.path
        or parts.query
        or parts.fragment
    ):
        return None
    return parts.hostname.lower()


def _names(value) -> list[str]:
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return [str(name).strip().lower().strip("[]") for name in value or () if str(name).strip()]


def served_hosts(auth: dict | None, listed=None, environment: str | None = None) -> frozenset:
    """The host names served: the loopback names in local mode (no `auth`); with sign-in,
    the redirect address's host and the names listed (the environment's list, if set,
    instead of the secrets')."""
    if not auth:
        return LOOPBACK_HOSTS
    names = set(_names(environment if environment is not None else listed))
    redirect = urlsplit(str(auth.get("redirect_uri") or "")).hostname
    if redirect:
        names.add(redirect.lower())
    return frozenset(names)


def _secret(name: str):
    from . import session

    return session.secret(name)


def current_served_hosts() -> frozenset:
    """The host names served now (the secrets are read each time: they can be changed
    while the dashboard runs)."""
    auth = _secret("auth")
    return served_hosts(
        dict(auth) if auth else None,
        (_secret("sign_in") or {}).get("hosts"),
        os.environ.get(ENVIRONMENT_VARIABLE),
    )


def served_address(auth: dict | None, port: int | None) -> str | None:
    """The address the dashboard is served at, for people sent to the wrong one: with
    sign-in, the redirect address's scheme and host; in local mode, this computer at the
    port it listens on."""
    if auth:
        redirect = urlsplit(str(auth.get("redirect_uri") or ""))
        return f"{redirect.scheme}://{redirect.netloc}" if redirect.netloc else None
    return f"http://localhost:{port}" if port else None


def refused(port: int | None) -> str:
    """What a request under a host name that is not served is told: where to go instead."""
    auth = _secret("auth")
    address = served_address(dict(auth) if auth else None, port)
    if address is None:
        return f"{REFUSED} Open it at the address you were given."
    return f"{REFUSED} Open it at {address}"


def is_served(host_header: str | None) -> bool:
    name = host_name(host_header)
    return name is not None and name in current_served_hosts()


def is_loopback(host_header: str | None) -> bool:
    return host_name(host_header) in LOOPBACK_HOSTS


# --- requests a proxy passed on for someone else ------------------------------------------

# The headers in which proxies name the address they passed a request on for: HAProxy's
# `option forwardfor` and nginx's usual configuration send X-Forwarded-For, RFC 7239's
# Forwarded is the standard form, and nginx's X-Real-IP is common too.
FORWARDED_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")
FORWARDED_ELSEWHERE = (
    "This dashboard runs without sign-in, for this computer only, and this request was "
    "passed on by a proxy for another computer: it shows nothing to anyone else until "
    "sign-in is set up (README, Sign-in)."
)


def _address_named(entry: str) -> str:
    """The address in one entry of a forwarding header, without quotes or port
    ('"[::1]:4711"' gives '::1', '127.0.0.1:80' gives '127.0.0.1')."""
    entry = entry.strip().strip('"').strip()
    if entry.startswith("["):
        return entry[1:].split("]", 1)[0]
    if entry.count(":") == 1:  # an IPv4 address or a name with a port
        return entry.split(":", 1)[0]
    return entry


def _is_this_computer(entry: str) -> bool:
    """Whether an address named by a proxy is this computer's loopback. Anything else, an
    address elsewhere, 'unknown', an obfuscated name (_hidden) or something unreadable,
    is not: only a request known to come from here is served in local mode."""
    address = _address_named(entry)
    if address.lower() == "localhost":
        return True
    try:
        found = ipaddress.ip_address(address)
    except ValueError:
        return False
    mapped = getattr(found, "ipv4_mapped", None)
    return (mapped or found).is_loopback


def forwarded_addresses(header: str, value: str) -> list[str]:
    """The addresses a forwarding header names (every entry of every hop)."""
    if header == "forwarded":  # for=192.0.2.60;proto=http, for="[2001:db8::17]:4711"
        found = []
        for element in value.split(","):
            for pair in element.split(";"):
                name, _, named = pair.partition("=")
                if name.strip().lower() == "for":
                    found.append(named)
        return [entry for entry in found if entry.strip()]
    return [entry for entry in value.split(",") if entry.strip()]


def forwarded_for_another_computer(headers: Iterable[tuple[str, str]]) -> bool:
    """Whether a request's headers (name, value pairs, every copy of a header included)
    say a proxy passed it on for an address other than this computer's loopback."""
    for name, value in headers:
        header = name.lower()
        if header in FORWARDED_HEADERS:
            if not all(_is_this_computer(e) for e in forwarded_addresses(header, value)):
                return True
    return False


class ServedHostsOnly:
    """ASGI middleware: a request whose Host is not served gets 400 (a websocket is closed
    before it opens, which the browser sees as 403) and reaches nothing behind it."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = None
        for name, value in scope.get("headers", ()):
            if name == b"host":
                host = value.decode("latin-1")
                break
        if not is_served(host):
            report_refusal("host not served", host)
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            else:
                # the port this request came in on: the one the dashboard listens on
                port = (scope.get("server") or (None, None))[1]
                await _plain_text(send, 400, refused(port))
        elif not _secret("auth") and forwarded_for_another_computer(_decoded(scope)):
            report_refusal("passed on by a proxy for another computer, without sign-in", host)
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            else:
                await _plain_text(send, 403, FORWARDED_ELSEWHERE)
        elif scope["type"] == "http" and _plain_http_sign_in(scope, host):
            report_refusal("sign-in over plain HTTP", host)
            await _plain_text(send, 403, NEEDS_HTTPS)
        else:
            await self.app(scope, receive, send)


REPORT_EVERY_SECONDS = 60  # one line a minute for each kind of refusal and host name
_REPORTED_MOST = 1000  # kinds and names remembered; beyond that, forgotten and reported anew
_last_reported: dict[tuple[str, str], float] = {}
_reporting = threading.Lock()


def report_refusal(why: str, host: str | None, now: float | None = None) -> bool:
    """Say in the system log that a request was refused (why, and the Host it named), at
    most once a minute for each kind and host name: a page refused asks again for its files
    and its websocket, and a visitor could ask thousands of times. Whether it was said."""
    now = time.monotonic() if now is None else now
    key = (why, host or "")
    with _reporting:
        last = _last_reported.get(key)
        if last is not None and now - last < REPORT_EVERY_SECONDS:
            return False
        if len(_last_reported) >= _REPORTED_MOST:
            _last_reported.clear()
        _last_reported[key] = now
    events.refused("connection_refused", why=why, host=host if host is not None else "(none)")
    return True


def _decoded(scope) -> list[tuple[str, str]]:
    return [(n.decode("latin-1"), v.decode("latin-1")) for n, v in scope.get("headers", ())]


def _plain_http_sign_in(scope, host: str | None) -> bool:
    """A request to start signing in that came over plain HTTP from beyond this computer."""
    if not scope.get("path", "").endswith("/auth/login") or is_loopback(host):
        return False
    if not _secret("auth"):
        return False
    forwarded = b""
    for name, value in scope.get("headers", ()):
        if name == b"x-forwarded-proto":
            forwarded = value.split(b",")[0].strip().lower()
    return scope.get("scheme") != "https" and forwarded != b"https"


async def _plain_text(send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# --- the same checks on the session's own connection (app.py, every run) ----------------


def _headers():
    import streamlit as st

    return st.context.headers


def served_here() -> bool:
    """Whether this session's websocket came in under a host name the dashboard serves
    (the check in front of the server does this for every request; this repeats it for a
    server started without it). A session has no headers only in Streamlit's AppTest."""
    headers = _headers()
    return not headers or is_served(headers.get("host"))


def session_forwarded_for_another_computer() -> bool:
    """Whether this session's websocket came through a proxy for another computer (the
    check in front of the server refuses such requests in local mode; this repeats it for
    a server started without it)."""
    headers = _headers()
    if not headers:
        return False
    every = getattr(headers, "get_all", None)
    pairs = [
        (name, value)
        for name in FORWARDED_HEADERS
        for value in (every(name) if every else [headers.get(name)] if name in headers else [])
    ]
    return forwarded_for_another_computer(pairs)


def over_https(headers) -> bool:
    """Whether the browser reached the dashboard over HTTPS: the page's origin, or the
    X-Forwarded-Proto of an HTTPS proxy in front."""
    origin = (headers.get("origin") or "").strip().lower()
    forwarded = (headers.get("x-forwarded-proto") or "").split(",")[0].strip().lower()
    return origin.startswith("https://") or forwarded == "https"


def sign_in_safe_here() -> bool:
    """Sign-in (and everything behind it) needs HTTPS, except on this computer itself."""
    headers = _headers()
    return not headers or is_loopback(headers.get("host")) or over_https(headers)
