"""The Jupyter kernel REST API, as jupyter-kernel-gateway, jupyter-server and Enterprise
Gateway serve it: list kernelspecs, start, interrupt and shut down a kernel.

Every request goes through `GatewayAPI._call`, which holds the rules in one place: the whole
answer within a deadline; redirects followed only within the gateway's own origin, since the
token travels with each request; the reply checked against the shape the caller reads; and
every failure a `GatewayError` whose text is built here and scrubbed, raised `from None` so
that no chained exception carries the request (and its header) into a `--debug` traceback.
http.client is enough for five JSON calls a render, so this costs no dependency.
"""

from __future__ import annotations

import http.client
import json
import ssl
import time
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from deckbuild.execute import shapes
from deckbuild.execute.base import GatewayError, GatewayRejected, GatewayUnavailable
from deckbuild.execute.endpoint import Endpoint, origin
from deckbuild.execute.transport import connect

REPLY_TIMEOUT = 10.0
"""Seconds the gateway has to answer a quick request in full: an unreachable one fails fast."""
START_TIMEOUT = 300.0
"""Enterprise Gateway answers `POST /api/kernels` only once a pod or YARN container runs."""
SHUTDOWN_TIMEOUT = 30.0
"""Seconds to keep asking for a kernel's shutdown (a gateway restarting a dead kernel says 500)."""
REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
MAX_REPLY = 16 * 2**20
"""Bytes: a kernelspec listing is a few kilobytes; more is not a Jupyter server talking."""


class GatewayAPI:
    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    def kernelspecs(self) -> dict[str, str]:
        """Kernelspec name → language (lower case); also the check that the gateway is there."""
        answer = self._call("GET", "/api/kernelspecs", shape=shapes.KERNELSPECS, unreachable=GatewayUnavailable)
        return {name: spec["spec"]["language"].lower() for name, spec in sorted(answer["kernelspecs"].items())}

    def start_kernel(self, name: str, env: dict[str, str] | None) -> str:
        body: dict[str, Any] = {"name": name} if env is None else {"name": name, "env": env}
        answer = self._call("POST", "/api/kernels", body, timeout=START_TIMEOUT, shape=shapes.STARTED)
        kernel_id: str = answer["id"]
        return kernel_id

    def interrupt(self, kernel_id: str) -> None:
        self._call("POST", f"/api/kernels/{kernel_id}/interrupt")

    def shutdown(self, kernel_id: str) -> None:
        """DELETE the kernel until the gateway no longer has it (a 404 says so). A kernel that
        died is being restarted by the gateway, which answers 500 until that is done."""
        deadline = time.monotonic() + SHUTDOWN_TIMEOUT
        pause = 0.1
        while True:
            try:
                self._call("DELETE", f"/api/kernels/{kernel_id}", timeout=deadline - time.monotonic())
                return
            except GatewayError as exc:
                if exc.status == 404:
                    return
                if exc.status is None or exc.status < 500 or time.monotonic() + pause >= deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 2.0)

    def kernel_alive(self, kernel_id: str) -> bool:
        """Whether the gateway still has the kernel (a 404 says it is gone)."""
        try:
            self._call("GET", f"/api/kernels/{kernel_id}")
        except GatewayError as exc:
            if exc.status is None:
                raise  # no answer at all
            return exc.status != 404  # another refusal says nothing about the kernel
        return True

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None, *, timeout: float | None = None,
              shape: Any = None, unreachable: type[GatewayError] = GatewayError) -> Any:
        """The reply's JSON, of `shape` if one is given; `unreachable` is the error raised
        when the gateway does not answer at all (GatewayUnavailable lets `fallback` apply)."""
        seconds = REPLY_TIMEOUT if timeout is None else max(timeout, 0.0)
        deadline = time.monotonic() + seconds
        what = f"{method} {path}"
        url, data = self.endpoint.http(path), json.dumps(body).encode() if body is not None else None
        for _ in range(MAX_REDIRECTS + 1):
            try:
                status, reason, location, raw = self._exchange(method, url, data, deadline)
            except TimeoutError:
                fix = "" if unreachable is GatewayUnavailable else " — is it overloaded?"  # else `fallback` says
                raise self.endpoint.error(unreachable, f"the gateway did not answer within {seconds:g} s ({what}){fix}") \
                    from None
            except ssl.SSLCertVerificationError as exc:
                raise untrusted(self.endpoint, exc) from None
            except http.client.RemoteDisconnected:
                raise self.endpoint.error(unreachable, f"the gateway closed the connection without answering {what}") \
                    from None
            except (http.client.HTTPException, ValueError) as exc:
                raise self._garbled(what, exc) from None
            except OSError as exc:
                raise self.endpoint.error(unreachable, f"cannot reach the gateway ({reason_of(exc)})") from None
            if status not in REDIRECTS:
                break
            url = redirected(self.endpoint, url, location)
            if status == 303 or (status in (301, 302) and method == "POST"):
                method, data = "GET", None
        else:
            raise self.endpoint.error(GatewayError, f"{what} was redirected more than {MAX_REDIRECTS} times")
        if not 200 <= status < 300:
            raise self._refused(status, reason, raw, what)
        return self._parsed(raw, what, shape)

    def _exchange(self, method: str, url: str, data: bytes | None, deadline: float) -> tuple[int, str, str, bytes]:
        """One request on a fresh connection: status, reason, Location, body (at most MAX_REPLY + 1 bytes)."""
        parts = urlsplit(url)
        stream = connect(self.endpoint, url, deadline)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port)  # for the Host header
        connection.sock = stream
        headers = {**self.endpoint.headers(), "Content-Type": "application/json", "Connection": "close"}
        try:
            connection.request(method, urlunsplit(("", "", parts.path, parts.query, "")), data, headers)
            response = connection.getresponse()
            raw = response.read(MAX_REPLY + 1)
            return response.status, response.reason, response.getheader("Location") or "", raw
        finally:
            connection.close()

    def _parsed(self, raw: bytes, what: str, shape: Any) -> Any:
        if len(raw) > MAX_REPLY:
            raise self._not_jupyter(f"{what} answered more than {MAX_REPLY // 2**20} MiB")
        try:
            answer = json.loads(raw) if raw else {}
        except (ValueError, RecursionError):
            raise self._not_jupyter(f"{what} did not answer JSON (it sent {self.endpoint.quote(raw)})") from None
        problem = shapes.mismatch(answer, shape) if shape is not None else None
        if problem:
            raise self._not_jupyter(f"{what} answered a reply of the wrong shape ({problem})")
        return answer

    def _not_jupyter(self, message: str) -> GatewayError:
        return self.endpoint.error(GatewayError, f"{message} — is {self.endpoint.shown} a Jupyter server or "
                                                 "kernel gateway?")

    def _garbled(self, what: str, exc: Exception) -> GatewayError:
        if isinstance(exc, http.client.BadStatusLine):
            why = f"it sent {self.endpoint.quote(str(exc.args[0]))}"
        else:
            why = f"{type(exc).__name__}: {str(exc)[:100]}"
        return self._not_jupyter(f"{what} did not answer HTTP ({why})")

    def _refused(self, status: int, reason: str, raw: bytes, what: str) -> GatewayError:
        if status in (401, 403):
            return rejected(self.endpoint, status)
        reason = reason if reason.isprintable() and len(reason) <= 60 else self.endpoint.quote(reason)
        return self.endpoint.error(GatewayError, f"{what}: HTTP {status} {reason}{self._detail(raw)} — the gateway's "
                                                 "own log says more", status)

    def _detail(self, raw: bytes) -> str:
        """The server's own explanation (Jupyter servers answer `{"message": ...}`), briefly."""
        try:
            message = json.loads(raw or b"{}").get("message") or ""
        except (ValueError, RecursionError, AttributeError):
            return ""
        message = " ".join(str(message).split())
        return f": {message if message.isprintable() and len(message) <= 300 else self.endpoint.quote(message, 300)}" \
            if message else ""


def redirected(endpoint: Endpoint, url: str, location: str) -> str:
    """Where a redirect from `url` leads, if the token may follow: only to the gateway's own origin."""
    try:
        target = urljoin(url, location)
    except ValueError:  # a broken IPv6 address, say: no origin of ours
        target = location
    if origin(target) != endpoint.origin:
        raise endpoint.error(GatewayError, f"the gateway redirected to another origin ({endpoint.origin} → "
                                           f"{origin(target)}) — the token is sent to the gateway's own origin "
                                           "only: if the gateway moved, give its new URL as `gateway:`")
    return target


def rejected(endpoint: Endpoint, status: int, where: str = "") -> GatewayError:
    """HTTP 401 or 403: a wrong token, or none where one is needed."""
    variable = endpoint.token_env
    why = (f"the gateway rejected the token from ${variable}{where}" if variable and endpoint.token
           else f"the gateway requires a token{where}: name its variable with `token-env:`")
    return endpoint.error(GatewayRejected, f"{why} (HTTP {status})", status)


def untrusted(endpoint: Endpoint, exc: BaseException) -> GatewayError:
    """A certificate that fails verification is an error, never a reason to fall back."""
    why = getattr(exc, "verify_message", "") or reason_of(exc)
    return endpoint.error(GatewayError, f"the gateway's TLS certificate is not trusted ({why}) — give its CA "
                                        "certificate with `ca-bundle:`")


def reason_of(exc: BaseException) -> str:
    """Why a connection failed, in a few words (`connection refused`)."""
    reason = getattr(exc, "reason", None) or exc
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason) or type(reason).__name__
