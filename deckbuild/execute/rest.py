"""The Jupyter kernel REST API, as jupyter-kernel-gateway, jupyter-server and Enterprise
Gateway serve it: list kernelspecs, start, interrupt and shut down a kernel.

The standard library's urllib is enough for five JSON calls a render, so this costs no
dependency. Failures become `GatewayError`s whose text is built here and scrubbed, and are
raised `from None`: a chained urllib exception could carry the request (and its header) into
a `--debug` traceback.
"""

from __future__ import annotations

import http.client
import json
import ssl
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from deckbuild.execute.base import GatewayError, GatewayRejected, GatewayUnavailable
from deckbuild.execute.endpoint import Endpoint

CONNECT_TIMEOUT = 10.0
"""Seconds to wait for the gateway to answer a quick request: an unreachable one fails fast."""
START_TIMEOUT = 300.0
"""Enterprise Gateway answers `POST /api/kernels` only once a pod or YARN container runs."""

LOOPBACK = ("localhost", "127.0.0.1", "::1")


class GatewayAPI:
    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        # A tunnelled gateway on loopback never goes through an HTTP proxy from the environment.
        proxies = urllib.request.ProxyHandler({} if _loopback(endpoint.url) else None)
        handlers: list[Any] = [proxies]
        context = endpoint.ssl_context()
        if context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self._opener = urllib.request.build_opener(*handlers)

    def kernelspecs(self) -> dict[str, str]:
        """Kernelspec name → language (lower case); also the check that the gateway is there."""
        answer = self._call("GET", "/api/kernelspecs", unreachable=GatewayUnavailable)
        specs = answer.get("kernelspecs", {}) if isinstance(answer, dict) else {}
        return {name: str((spec or {}).get("spec", {}).get("language", "")).lower()
                for name, spec in sorted(specs.items())}

    def start_kernel(self, name: str, env: dict[str, str] | None) -> str:
        body: dict[str, Any] = {"name": name} if env is None else {"name": name, "env": env}
        answer = self._call("POST", "/api/kernels", body, timeout=START_TIMEOUT)
        return str(answer["id"])

    def interrupt(self, kernel_id: str) -> None:
        self._call("POST", f"/api/kernels/{kernel_id}/interrupt")

    def shutdown(self, kernel_id: str, timeout: float = CONNECT_TIMEOUT) -> None:
        self._call("DELETE", f"/api/kernels/{kernel_id}", timeout=timeout)

    def kernel_alive(self, kernel_id: str) -> bool:
        """Whether the gateway still has the kernel (a 404 says it is gone)."""
        try:
            self._call("GET", f"/api/kernels/{kernel_id}")
        except GatewayError as exc:
            status: int | None = getattr(exc, "status", None)
            if status is None:
                raise  # no answer at all
            return status != 404  # another refusal says nothing about the kernel
        return True

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None, *,
              timeout: float = CONNECT_TIMEOUT, unreachable: type[GatewayError] = GatewayError) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        headers = {**self.endpoint.headers(), "Content-Type": "application/json"}
        request = urllib.request.Request(self.endpoint.http(path), data=data, method=method, headers=headers)
        try:
            with self._opener.open(request, timeout=timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise self._refused(exc, f"{method} {path}") from None
        except (OSError, http.client.HTTPException) as exc:
            if isinstance(getattr(exc, "reason", exc), ssl.SSLCertVerificationError):
                raise untrusted(self.endpoint, getattr(exc, "reason", exc)) from None
            raise self.endpoint.error(unreachable, f"cannot reach the gateway ({_reason(exc)})") from None
        try:
            return json.loads(raw) if raw else {}
        except ValueError:
            raise self.endpoint.error(GatewayError, f"{method} {path} did not answer JSON: is this a "
                                                    "Jupyter server or kernel gateway?") from None

    def _refused(self, exc: urllib.error.HTTPError, what: str) -> GatewayError:
        if exc.code in (401, 403):
            variable = self.endpoint.token_env
            why = (f"the gateway rejected the token from ${variable}" if variable and self.endpoint.token
                   else "the gateway requires a token: name its variable with `token-env:`")
            error = self.endpoint.error(GatewayRejected, f"{why} (HTTP {exc.code})")
        else:
            error = self.endpoint.error(GatewayError, f"{what}: HTTP {exc.code} {exc.reason}{_detail(exc)}")
        error.status = exc.code  # type: ignore[attr-defined]
        return error


def untrusted(endpoint: Endpoint, exc: BaseException) -> GatewayError:
    """A certificate that fails verification is an error, never a reason to fall back."""
    why = getattr(exc, "verify_message", "") or _reason(exc)
    return endpoint.error(GatewayError, f"the gateway's TLS certificate is not trusted ({why}) — give its CA "
                                        "certificate with `ca-bundle:`")


def _detail(exc: urllib.error.HTTPError) -> str:
    """The server's own explanation (Jupyter servers answer `{"message": ...}`), briefly."""
    try:
        message = json.loads(exc.read() or b"{}").get("message") or ""
    except (ValueError, OSError, AttributeError):
        return ""
    message = " ".join(str(message).split())
    return f": {message[:300]}" if message else ""


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason) or type(reason).__name__


def _loopback(url: str) -> bool:
    return urlsplit(url).hostname in LOOPBACK
