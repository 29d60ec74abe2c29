"""Where a remote executor's gateway is, and how to speak of it without leaking its token.

The deck names a URL (literally, or as `$VAR` / `${VAR}`) and the environment variable that
holds the token; the token itself never comes from the deck, nor from the URL: a URL with a
password or a query is refused, since a URL travels into messages, logs and shell history.
Everything shown to a person goes through `Endpoint.error`: the URL without credentials, the
token masked and control characters escaped, whatever library or gateway produced the text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

from deckbuild.config import ExecutorConfig
from deckbuild.execute.base import GatewayError, GatewayUnavailable

if TYPE_CHECKING:
    import ssl

_VARIABLE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")
_USERINFO = re.compile(r"(//)[^/?#]*@")
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
TOKEN_FIX = "put the token in an environment variable and name that variable with `token-env:`"


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str
    """The executor's name in the deck, for messages."""
    url: str
    """Base URL (http or https), no trailing slash; may carry a path (a JupyterHub user server)."""
    token: str | None = field(default=None, repr=False)
    token_env: str | None = None
    context: ssl.SSLContext | None = field(default=None, repr=False)
    """Verified TLS for https: the system's CAs, or the deck's `ca-bundle`."""

    @property
    def shown(self) -> str:
        """The URL as messages show it: no user, password, query or fragment."""
        return _shown(urlsplit(self.url))

    @property
    def where(self) -> str:
        """`executor `gpu` (https://gpu-box:8888)`: how every message about it begins."""
        return f"executor `{self.name}` ({self.shown})"

    @property
    def origin(self) -> str:
        """Where the token may go: `scheme://host:port`, and nowhere else."""
        return origin(self.url)

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"} if self.token else {}

    def http(self, path: str) -> str:
        return self.url + path

    def websocket(self, path: str) -> str:
        scheme, rest = self.url.split(":", 1)
        return ("wss" if scheme == "https" else "ws") + ":" + rest + path

    def scrub(self, text: str) -> str:
        """`text` with the token (and any credentials in the deck's URL) masked."""
        secrets = [self.token] if self.token else []
        parts = urlsplit(self.url)
        secrets += [s for s in (parts.password, parts.query) if s]
        for secret in secrets:
            text = text.replace(secret, "***").replace(quote(secret, safe=""), "***")
        return text

    def quote(self, sent: bytes | str, limit: int = 60) -> str:
        """What the gateway sent, fit to print: token masked, quoted, control characters
        escaped, and cut at `limit` characters (saying how long it was)."""
        text = self.scrub(sent.decode("utf-8", "replace") if isinstance(sent, bytes) else sent)
        if len(text) <= limit:
            return repr(text)
        return f"{text[:limit]!r}… ({len(sent)} {'bytes' if isinstance(sent, bytes) else 'characters'})"

    def error(self, kind: type[GatewayError], message: str, status: int | None = None) -> GatewayError:
        error = kind(printable(self.scrub(f"{self.where}: {message}")))
        error.status = status
        return error


def endpoint(config: ExecutorConfig, cwd: Path, environ: Mapping[str, str] | None = None) -> Endpoint:
    """The endpoint a deck's `executors:` entry names; unset variables make it unavailable."""
    environ = os.environ if environ is None else environ
    url = _checked_url(config.name, _expand(config, config.gateway, environ).rstrip("/"))
    token = None
    if config.token_env and not re.fullmatch(r"[A-Za-z_]\w*", config.token_env):  # never echoed: it may be the token
        raise GatewayError(f"executor `{config.name}`: the token variable's name is not a variable name — {TOKEN_FIX}")
    if config.token_env:
        token = environ.get(config.token_env)
        if not token:
            raise Endpoint(config.name, url).error(
                GatewayUnavailable, f"the token variable {config.token_env} (`token-env`) is not set")
    context = _tls(config, cwd) if url.startswith("https:") or config.ca_bundle else None
    return Endpoint(config.name, url, token, config.token_env, context)


def origin(url: str) -> str:
    """`scheme://host:port` of `url`, the default port written out, so equal origins compare
    equal; a websocket URL has the origin of the http(s) URL it upgrades."""
    try:
        parts = urlsplit(url)
        scheme = {"ws": "http", "wss": "https"}.get(parts.scheme.lower(), parts.scheme.lower())
        return f"{scheme}://{_netloc(parts.hostname or '', parts.port or DEFAULT_PORTS.get(scheme))}"
    except ValueError:  # a port out of range, a broken IPv6 address
        return printable(_USERINFO.sub(r"\1", url))[:100]


def printable(text: str, keep: str = "") -> str:
    """`text` with control characters (ESC, CR, BEL, bidi overrides, …) but those in `keep`
    escaped: a terminal shows an error as it is, never moves its cursor, retitles its window
    or reorders its text."""
    return "".join(c if c.isprintable() or c in keep else repr(c)[1:-1] for c in text)


def _checked_url(name: str, url: str) -> str:
    fix = "write it as http://HOST:PORT or https://HOST:PORT, with a path for a JupyterHub server"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing the port is what raises for 99999
    except ValueError as exc:
        shown = repr(_USERINFO.sub(r"\1", url))
        raise GatewayError(printable(f"executor `{name}`: gateway {shown} is not a valid URL ({exc}) — {fix}")) \
            from None
    shown = repr(_shown(parts))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise GatewayError(printable(f"executor `{name}`: gateway {shown} is not an http:// or https:// URL — {fix}"))
    if parts.username is not None or parts.query or parts.fragment:
        what = "a password" if parts.password else "a user name" if parts.username else "a query"
        raise GatewayError(printable(f"executor `{name}`: gateway {shown} has {what} in it, and a token never goes "
                                     f"in the URL — {TOKEN_FIX}"))
    return url


def _tls(config: ExecutorConfig, cwd: Path) -> ssl.SSLContext:
    """The context, made once: a `ca-bundle` that holds no certificate is a mistake in the deck."""
    import ssl

    if not config.ca_bundle:
        return ssl.create_default_context()
    bundle = (cwd / os.path.expanduser(config.ca_bundle)).resolve()
    fix = "give the gateway's CA certificate in PEM form (-----BEGIN CERTIFICATE-----)"
    if not bundle.is_file():
        raise GatewayError(f"executor `{config.name}`: ca-bundle {str(bundle)!r} is not a file — {fix}")
    try:
        return ssl.create_default_context(cafile=str(bundle))
    except (ssl.SSLError, ValueError, OSError) as exc:
        why = getattr(exc, "reason", None) or str(exc)
        raise GatewayError(printable(f"executor `{config.name}`: ca-bundle {str(bundle)!r} holds no certificate "
                                     f"({why}) — {fix}")) from None


def _shown(parts: SplitResult) -> str:
    return urlunsplit((parts.scheme, _netloc(parts.hostname or "", parts.port), parts.path, "", ""))


def _netloc(host: str, port: int | None) -> str:
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{port}" if port else host


def _expand(config: ExecutorConfig, value: str, environ: Mapping[str, str]) -> str:
    """`$VAR` and `${VAR}` in the gateway URL, so a deck need not hard-code its host."""

    def variable(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        if not environ.get(name):
            raise GatewayUnavailable(f"executor `{config.name}`: the gateway variable {name} is not set")
        return environ[name]

    return _VARIABLE.sub(variable, value)
