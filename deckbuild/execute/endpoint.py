"""Where a remote executor's gateway is, and how to speak to it without leaking its token.

The deck names a URL (literally, or as `$VAR` / `${VAR}`) and the environment variable that
holds the token; the token itself never comes from the deck. Everything shown to a person
(errors, warnings) goes through `Endpoint.shown` and `Endpoint.scrub`: the URL without
credentials or query, and any text with the token masked, whatever library produced it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

from deckbuild.config import ExecutorConfig
from deckbuild.execute.base import GatewayError, GatewayUnavailable

if TYPE_CHECKING:
    import ssl

_VARIABLE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str
    """The executor's name in the deck, for messages."""
    url: str
    """Base URL (http or https), no trailing slash; may carry a path (a JupyterHub user server)."""
    token: str | None = field(default=None, repr=False)
    token_env: str | None = None
    ca_bundle: Path | None = None

    @property
    def shown(self) -> str:
        """The URL as messages show it: no user, password, query or fragment."""
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        host = f"[{host}]" if ":" in host else host
        netloc = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))

    @property
    def where(self) -> str:
        """`executor `gpu` (https://gpu-box:8888)`: how every message about it begins."""
        return f"executor `{self.name}` ({self.shown})"

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"} if self.token else {}

    def http(self, path: str) -> str:
        return self.url + path

    def websocket(self, path: str) -> str:
        scheme, rest = self.url.split(":", 1)
        return ("wss" if scheme == "https" else "ws") + ":" + rest + path

    def ssl_context(self) -> ssl.SSLContext | None:
        """Verified TLS for https (the system's CAs, or the deck's `ca-bundle`)."""
        if not self.url.startswith("https:"):
            return None
        import ssl

        return ssl.create_default_context(cafile=str(self.ca_bundle) if self.ca_bundle else None)

    def scrub(self, text: str) -> str:
        """`text` with the token (and any credentials in the deck's URL) masked."""
        secrets = [self.token] if self.token else []
        parts = urlsplit(self.url)
        secrets += [s for s in (parts.password, parts.query) if s]
        for secret in secrets:
            text = text.replace(secret, "***").replace(quote(secret, safe=""), "***")
        return text

    def error(self, kind: type[GatewayError], message: str) -> GatewayError:
        return kind(self.scrub(f"{self.where}: {message}"))


def endpoint(config: ExecutorConfig, cwd: Path, environ: Mapping[str, str] | None = None) -> Endpoint:
    """The endpoint a deck's `executors:` entry names; unset variables make it unavailable."""
    environ = os.environ if environ is None else environ
    url = _expand(config, config.gateway, environ).rstrip("/")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        shown = Endpoint(config.name, url).shown
        raise GatewayError(f"executor `{config.name}`: gateway {shown!r} is not an http:// or https:// URL")
    token = None
    if config.token_env:
        token = environ.get(config.token_env)
        if not token:
            raise Endpoint(config.name, url).error(
                GatewayUnavailable, f"the token variable {config.token_env} (`token-env`) is not set")
    ca_bundle = None
    if config.ca_bundle:
        ca_bundle = (cwd / os.path.expanduser(config.ca_bundle)).resolve()
        if not ca_bundle.is_file():
            raise GatewayError(f"executor `{config.name}`: ca-bundle {str(ca_bundle)!r} is not a file")
    return Endpoint(config.name, url, token, config.token_env, ca_bundle)


def _expand(config: ExecutorConfig, value: str, environ: Mapping[str, str]) -> str:
    """`$VAR` and `${VAR}` in the gateway URL, so a deck need not hard-code its host."""

    def variable(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        if not environ.get(name):
            raise GatewayUnavailable(f"executor `{config.name}`: the gateway variable {name} is not set")
        return environ[name]

    return _VARIABLE.sub(variable, value)
