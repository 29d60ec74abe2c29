"""Local files a deck references (images, logo, extra CSS): inlined or copied beside the page.

A deck never points at the network: a remote URL is a mistake with a place and a fix, and so
is a missing file.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from deckbuild.errors import DeckError

MIME = {".svg": "image/svg+xml", ".webp": "image/webp", ".woff2": "font/woff2", ".avif": "image/avif"}


def mime_type(path: Path) -> str:
    return MIME.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def to_data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@dataclass
class Resources:
    """Resolves references from the deck's folder; embeds them, or copies them to `files_dir`."""

    deck_path: Path
    embed: bool
    files_dir: Path | None = None
    """Where copies go when not embedding (`talk_files/`), relative to the page as `files_url`."""
    files_url: str = ""
    copies: dict[Path, str] = field(default_factory=dict)
    """Every local file used, with the URL the page uses for it (also what `serve` watches)."""

    def url(self, reference: str, line: int, what: str = "image") -> str:
        """The URL the page uses for `reference`, written in the deck at `line`."""
        parsed = urlparse(reference)
        if parsed.scheme == "data":
            return reference
        if parsed.scheme in ("http", "https") or reference.startswith("//"):
            raise DeckError(
                f"{what} `{reference}` is on the network; decks must work offline",
                path=self.deck_path,
                line=line,
                fix="download it next to the deck and reference the local file",
            )
        path = (self.deck_path.parent / unquote(parsed.path)).resolve()
        if not path.is_file():
            raise DeckError(
                f"{what} `{reference}` not found",
                path=self.deck_path,
                line=line,
                fix=f"check the path; it is read relative to {self.deck_path.parent.resolve()}",
            )
        if path not in self.copies:
            self.copies[path] = self._publish(path)
        return self.copies[path] + (f"#{parsed.fragment}" if parsed.fragment else "")

    def read_text(self, reference: str, line: int, what: str) -> tuple[str, Path]:
        """A local text file (a stylesheet), recorded as a dependency."""
        self.url(reference, line, what)
        path = (self.deck_path.parent / reference).resolve()
        return path.read_text(encoding="utf-8"), path

    def _publish(self, path: Path) -> str:
        if self.embed or self.files_dir is None:
            return to_data_uri(path.read_bytes(), mime_type(path))
        digest = hashlib.sha1(str(path).encode()).hexdigest()[:8]
        name = f"{path.stem}-{digest}{path.suffix}"
        self.files_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, self.files_dir / name)
        return f"{self.files_url}/{name}"
