"""Local files a deck references (images, logo, backgrounds, stylesheets): found, checked, then
handed to the page's sink (inlined, copied beside the page, or served).

Every reference goes through `Resources.locate`, the one place that decides what a deck may
read: files under its own folder, its project root (`project_root`) and its `resource-path:`
folders, after `..` and symlinks are resolved; never a hidden file or folder below those,
never /proc, /sys or /dev. A reference outside is a mistake with a place and a fix, and so is a
missing file or a remote URL other than an image's: a deck works offline, so a network image
is fetched at build time and embedded (`remote_images.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from deckbuild.errors import DeckError
from deckbuild.writing import shown

if TYPE_CHECKING:
    from deckbuild.rendering.sinks import Sink

SYSTEM_FOLDERS = (Path("/proc"), Path("/sys"), Path("/dev"))
FETCHED = ("image", "logo", "background-image")
"""What a deck may name by URL: images, fetched at build time and embedded (`remote_images`)."""
ALLOW_MORE = "copy it into the deck's folder, or add its folder to `resource-path:` in the front matter"


def is_remote(url: str) -> bool:
    return re.match(r"(?:https?:)?//", url, re.IGNORECASE) is not None


@dataclass(frozen=True, slots=True)
class ReadRule:
    """Where one deck may read files from, and where it looks a relative reference up."""

    search: tuple[Path, ...]
    """The deck's folder, then its `resource-path:` folders (pandoc's and Quarto's order)."""
    roots: tuple[Path, ...]
    """The same folders and the project root, resolved: nothing outside them is read."""
    project: Path | None = None
    """The project's root: where `/img/x.png` is read from, as in Quarto."""

    @classmethod
    def for_deck(cls, deck_path: Path, resource_path: Iterable[Path] = ()) -> ReadRule:
        from deckbuild.project import project_root

        folder = deck_path.parent
        extra = [path if path.is_absolute() else folder / path for path in resource_path]
        project = project_root(folder)
        roots = [folder, *extra, *([project] if project else [])]
        return cls((folder, *extra), tuple(dict.fromkeys(root.resolve() for root in roots)), project)

    def refusal(self, path: Path) -> tuple[str, str] | None:
        """Why the file at `path` (resolved) may not be read, and the fix; None when it may."""
        if any(path.is_relative_to(system) for system in SYSTEM_FOLDERS):
            return "is a system file; a deck never reads /proc, /sys or /dev", "save what the deck needs in a file beside it"
        inside = [path.relative_to(root).parts for root in self.roots if path.is_relative_to(root)]
        if not inside:
            return f"is outside the folders a deck may read ({', '.join(map(str, self.roots))})", ALLOW_MORE
        if all(any(part.startswith(".") for part in parts) for parts in inside):
            return "is hidden (a name starting with `.`); a deck never embeds hidden files", ALLOW_MORE
        return None


class Resources:
    """A deck's references to local files: found and checked (`locate`), then handed to the page's sink."""

    def __init__(self, deck_path: Path, sink: Sink, resource_path: Iterable[Path] = ()) -> None:
        self.deck_path = deck_path
        self.sink = sink
        self.rule = ReadRule.for_deck(deck_path, resource_path)
        self.copies: dict[Path, str] = {}
        """Every local file put on the page, with the URL the page uses for it."""
        self.read: set[Path] = set()
        """Every local file the page was made from (resolved): what `serve` watches, and what no
        output may overwrite."""
        self.warnings: list[DeckError] = []
        """Placed messages that do not stop the render (an output that loads a remote script)."""
        self.slide: str | None = None
        """The slide being rendered (`slide 3 "Title"`), which warnings name."""

    def url(self, reference: str, line: int, what: str = "image") -> str:
        """The URL the page uses for `reference`, written in the deck at `line`."""
        path = self.locate(reference, line, what)
        if path is None:
            return reference
        if path not in self.copies:
            try:
                self.copies[path] = self.sink.file(path)
            except OSError as exc:
                raise DeckError(f"{what} `{reference}` cannot be read: {exc.strerror or exc}", path=self.deck_path,
                                line=line, fix="check the file's permissions") from None
        fragment = urlparse(reference).fragment
        return self.copies[path] + (f"#{fragment}" if fragment else "")

    def locate(self, reference: str, line: int, what: str, *, base: Path | None = None,
               where: Path | None = None) -> Path | None:
        """The checked, resolved file that `reference` names (None for a data URI, and for a
        network image no server answered for: the page keeps its link).

        `where` is the file the reference is written in (the deck by default) and `base` the
        folder it is read relative to (else the deck's folder, then `resource-path:`)."""
        parsed = urlparse(reference)
        if parsed.scheme == "data":
            return None

        def mistake(problem: str, fix: str) -> DeckError:
            return DeckError(f"{what} `{reference}` {problem}", path=where or self.deck_path, line=line, fix=fix)

        if is_remote(reference):
            if what not in FETCHED:
                raise mistake("is on the network; decks must work offline",
                              "download it next to the deck and reference the local file")
            return self._fetched(reference, mistake)
        if parsed.scheme not in ("", "file") or parsed.netloc not in ("", "localhost"):
            raise mistake("is not a local file", "give a path relative to the deck")
        folders = (base,) if base is not None else self.rule.search
        name, project = unquote(parsed.path), self.rule.project
        if name.startswith("/") and project is not None:  # Quarto's project-relative path, else an absolute one
            folders = (project,)
            candidates = [project / name.lstrip("/"), Path(name)]
        else:
            candidates = [folder / name for folder in folders]
        existing = [path for path in candidates if path.exists()]
        if not existing and project is not None and base is None and (project / name).is_file():
            existing = [project / name]  # Quarto's older rule, which it still follows with a warning
            self.warnings.append(DeckError(f"{what} `{reference}` is read from the project's folder, not the deck's",
                                           path=where or self.deck_path, line=line,
                                           fix=f"write `/{name}`: a path from the project's folder starts with /"))
        found = next((path for path in existing if path.is_file()), (*existing, *candidates)[0]).resolve()
        refusal = self.rule.refusal(found)
        if refusal is not None:
            raise mistake(*refusal)
        if not found.is_file():
            problem = "is not a regular file" if found.exists() else "not found"
            raise mistake(problem, f"check the path; it is read relative to {' or '.join(str(f.resolve()) for f in folders)}")
        self.read.add(found)
        return found

    def _fetched(self, reference: str, mistake: Callable[[str, str], DeckError]) -> Path | None:
        """A network image, from the user cache or fetched now (`remote_images`). When no server
        answers (offline), the page keeps the link and the build goes on with a warning (`--strict`
        makes it an error); a server that answers wrongly (404, not an image) is an error."""
        from deckbuild.rendering import remote_images

        try:
            return remote_images.fetch(reference)
        except remote_images.FetchProblem as exc:
            problem = mistake(str(exc), "check the URL, or download the image beside the deck and give its "
                              "file name (a fetched image is kept, so later builds need no network)")
            if not exc.unreachable:
                raise problem from None
            self.warnings.append(DeckError(f"{problem.what}; the slide links to it and needs the network",
                                           path=problem.path, line=problem.line, slide=self.slide, fix=problem.fix))
            return None

    def text(self, reference: str, line: int, what: str) -> str:
        """A local text file the deck names (an included header, say), checked like an image."""
        path = self.locate(reference, line, what)
        if path is None:
            raise DeckError(f"{what} `{reference[:40]}…` is a data URI", path=self.deck_path, line=line,
                            fix="save it as a file beside the deck")
        return read_utf8(path, what)

    def stylesheet(self, reference: str, line: int) -> tuple[str, Path]:
        """A user stylesheet (`css:`), its imports folded in and every `url()` checked."""
        from deckbuild.rendering.stylesheets import flatten

        path = self.locate(reference, line, "stylesheet")
        if path is None:
            raise DeckError(f"stylesheet `{reference[:40]}…` is a data URI", path=self.deck_path, line=line,
                            fix="save the stylesheet as a .css file beside the deck")
        return flatten(path, self), path

def read_utf8(path: Path, what: str) -> str:
    """A text file deckbuild reads for a deck; unreadable or not UTF-8 is one line at its place."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeckError(f"cannot read the {what}: {exc.strerror}", path=shown(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DeckError(f"{what} is not valid UTF-8 (byte 0x{data[exc.start]:02x})", path=shown(path),
                        line=line, fix="save it as UTF-8") from None
