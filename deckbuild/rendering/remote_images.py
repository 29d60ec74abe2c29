"""Images a deck names by URL (`![](https://…)`, a remote `logo:`, a background image): fetched
once at build time, kept in the user cache, embedded like a local file.

A deck must work offline, so the page never points at the network: the image is downloaded
while the deck is built and saved under the cache folder by a hash of its URL. An image at a
URL is taken to stay what it was: once cached it is used without asking the network again, so
the next build (on a train, at the venue) needs none. When an image is not cached and cannot
be fetched, the build stops with an error naming the URL; there is no silent fallback to a
page that would show a broken image.

The fetch is bounded: a timeout on every read, at most `MAX_BYTES`, at most `MAX_REDIRECTS`
redirects, only http(s), no credentials in the URL, and the answer must say it is an image.
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from deckbuild import user_cache

TIMEOUT = 15.0
"""Seconds to connect and for each read."""
MAX_BYTES = 25 * 1024 * 1024
MAX_REDIRECTS = 5
SUFFIXES = {
    "image/png": ".png", "image/jpeg": ".jpg", "image/jpg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg",
    "image/webp": ".webp", "image/avif": ".avif", "image/x-icon": ".ico", "image/vnd.microsoft.icon": ".ico",
}  # fmt: skip
"""The image types a browser shows, and the suffix the cached copy gets (its MIME type on the page)."""


class FetchProblem(ValueError):
    """Why an image could not be fetched, in words; the caller names the line and URL."""

    def __init__(self, what: str, *, unreachable: bool = False) -> None:
        super().__init__(what)
        self.unreachable = unreachable
        """No server answered (offline, a name that does not resolve, a timeout): the deck keeps
        the link, with a warning, as pandoc does; a server that answers wrongly is an error."""


def cached(url: str) -> Path | None:
    """The cached copy of the image at `url`, if an earlier build fetched it."""
    folder = _folder()
    key = _key(url)
    return next((path for path in sorted(folder.glob(f"{key}.*")) if path.suffix in SUFFIXES.values()), None)


def fetch(url: str) -> Path:
    """The image at `url` as a file in the user cache: the cached copy, else downloaded now."""
    found = cached(url)
    if found is not None:
        return found
    full = "https:" + url if url.startswith("//") else url
    parts = urlsplit(full)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchProblem("is not an http(s) URL")
    if parts.username or parts.password:
        raise FetchProblem("carries credentials; a deck never sends them")
    suffix, data = _download(full)
    return _store(url, suffix, data)


def _download(url: str) -> tuple[str, bytes]:
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(url, headers={"User-Agent": "deckbuild", "Accept": "image/*"})
    try:
        with opener.open(request, timeout=TIMEOUT) as answer:
            mime = answer.headers.get_content_type()
            suffix = SUFFIXES.get(mime)
            if suffix is None:
                raise FetchProblem(f"is not an image (the server says `{mime}`)")
            return suffix, _read_bounded(answer)
    except urllib.error.HTTPError as exc:
        raise FetchProblem(f"cannot be fetched: the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        raise FetchProblem(f"cannot be fetched: {getattr(reason, 'strerror', None) or reason}", unreachable=True) from None
    except TimeoutError:
        raise FetchProblem(f"cannot be fetched: no answer within {TIMEOUT:g} s", unreachable=True) from None
    except OSError as exc:
        raise FetchProblem(f"cannot be fetched: {exc.strerror or exc}", unreachable=True) from None


def _read_bounded(answer: IO[bytes]) -> bytes:
    length = getattr(answer, "headers", {}).get("Content-Length")
    if length and length.isdigit() and int(length) > MAX_BYTES:
        raise FetchProblem(f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    data = answer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FetchProblem(f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


class _Redirects(urllib.request.HTTPRedirectHandler):
    """At most `MAX_REDIRECTS` redirects, and only to http(s)."""

    max_redirections = MAX_REDIRECTS
    max_repeats = MAX_REDIRECTS

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchProblem(f"redirects to `{newurl[:80]}`, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any) -> Any:
        try:
            return super().http_error_302(req, fp, code, msg, headers)
        except urllib.error.HTTPError as exc:
            reason = str(exc.reason).lower()
            if "not allowed" in reason:  # urllib's own refusal of a redirect to another scheme
                raise FetchProblem(f"redirects to `{str(headers.get('Location', ''))[:80]}`, which is not http(s)") from None
            if "redirect" in reason:
                raise FetchProblem(f"redirects more than {MAX_REDIRECTS} times (or in a loop)") from None
            raise

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _store(url: str, suffix: str, data: bytes) -> Path:
    from deckbuild.writing import atomic_write

    path = _folder() / f"{_key(url)}{suffix}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError as exc:
        raise FetchProblem(f"was fetched but cannot be kept in the cache ({exc.strerror or exc})") from None
    return path


def _folder() -> Path:
    return user_cache.cache_root() / "images"


def _key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]
