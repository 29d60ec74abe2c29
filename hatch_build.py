"""Hatchling build hook: bundle reveal.js, KaTeX, MathJax, fonts, icons, plotting libraries and
axe-core into `deckbuild/_vendor/`.

Why: a deck must work offline from one HTML file, so the front-end files ship inside the
wheel. They come from npm, pinned by `package-lock.json`, and are fetched at build time
rather than committed; `_vendor/` is git-ignored and declared as a build artifact.

In order: if `_vendor/MANIFEST.json` matches the lockfile (and this hook) and lists only files
that exist, do nothing (fast editable reinstalls, and wheels built from an sdist need no npm).
Otherwise run `npm ci --ignore-scripts` in a temporary folder (npm checks every tarball
against the lockfile's sha512 integrity and runs no package code), copy only what a deck
needs into a staging folder, write each font family's `fonts.css`, the licences and the
manifest, and swap the staging folder into place so no half-written `_vendor` is ever left.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

VENDOR = Path("deckbuild") / "_vendor"

# npm package -> {file inside the package: destination inside _vendor}; globs end in "/*.ext".
PACKAGES: dict[str, dict[str, str]] = {
    "reveal.js": {
        "dist/reveal.js": "reveal.js/reveal.js",
        "dist/reveal.css": "reveal.js/reveal.css",
        "dist/plugin/notes.js": "reveal.js/notes.js",
        "dist/theme/*.css": "reveal.js/theme",
        "LICENSE": "reveal.js/LICENSE",
    },
    "katex": {
        "dist/katex.min.js": "katex/katex.min.js",
        "dist/katex.min.css": "katex/katex.min.css",
        "dist/fonts/*.woff2": "katex/fonts",
        "LICENSE": "katex/LICENSE",
    },
    # The libraries that draw notebooks' interactive outputs; a deck carries one only when an
    # output needs it (deckbuild/rendering/libraries.py). Bokeh's comes from the bokeh package.
    "plotly.js-dist-min": {
        "plotly.min.js": "plotly/plotly.min.js",
        "LICENSE": "plotly/LICENSE",
    },
    "vega": {
        "build/vega.min.js": "vega/vega.min.js",
        "LICENSE": "vega/LICENSE",
    },
    "vega-lite": {
        "build/vega-lite.min.js": "vega/vega-lite.min.js",
        "LICENSE": "vega/LICENSE-vega-lite",
    },
    "vega-embed": {
        "build/vega-embed.min.js": "vega/vega-embed.min.js",
        "LICENSE": "vega/LICENSE-vega-embed",
    },
    "@jupyter-widgets/html-manager": {
        "dist/embed.js": "jupyter-widgets/embed.js",
        "dist/embed.js.LICENSE.txt": "jupyter-widgets/LICENSES.txt",
    },
    # The code editor of `deckbuild present`'s live cells: a <textarea> under highlighted code
    # (any highlighter: ours asks the server for Pygments' markup), as plain scripts.
    "@webcoder49/code-input": {
        "code-input.min.js": "code-input/code-input.min.js",
        "code-input.min.css": "code-input/code-input.min.css",
        "plugins/indent.min.js": "code-input/indent.min.js",
        "LICENSE": "code-input/LICENSE",
    },
    # MathJax's prebuilt components, evaluated one after another in V8 (deckbuild/rendering/mathjax.py)
    # for what KaTeX cannot typeset; SVG output, so the page needs neither script nor font.
    # Diagram engines, run at build time in headless Chromium (deckbuild/diagrams/): the page
    # gets the SVG they draw, never the scripts.
    "mermaid": {
        "dist/mermaid.min.js": "mermaid/mermaid.min.js",
        "LICENSE": "mermaid/LICENSE",
    },
    "@viz-js/viz": {
        "dist/viz-global.js": "viz/viz-global.js",
    },
    "mathjax": {
        "es5/startup.js": "mathjax/startup.js",
        "es5/core.js": "mathjax/core.js",
        "es5/adaptors/liteDOM.js": "mathjax/liteDOM.js",
        "es5/input/tex-full.js": "mathjax/tex-full.js",
        "es5/output/svg.js": "mathjax/svg.js",
        "es5/output/svg/fonts/tex.js": "mathjax/svg-font-tex.js",
        "LICENSE": "mathjax/LICENSE",
    },
    # Accessibility rules that `deckbuild check` injects into the page it checks (never into a
    # rendered deck); MPL-2.0, its licence and third-party notices ship beside it.
    "axe-core": {
        "axe.min.js": "axe-core/axe.min.js",
        "LICENSE": "axe-core/LICENSE",
        "LICENSE-3RD-PARTY.txt": "axe-core/LICENSE-3RD-PARTY.txt",
    },
}
# deckbuild's own themes' families, then those reveal.js's and Quarto's themes name (their
# stylesheets would fetch them from a font CDN; decks get these bundled copies instead).
FONT_FAMILIES = [
    "inter", "jetbrains-mono", "source-serif-4", "atkinson-hyperlegible", "fira-sans",
    "source-sans-pro", "lato", "league-gothic", "news-cycle", "montserrat", "open-sans", "quicksand", "ubuntu",
]  # fmt: skip
FONT_FACES = [(400, "normal"), (600, "normal"), (700, "normal"), (400, "italic")]
SUBSET = "latin"
# Font Awesome's free icons for the `{{< fa >}}` shortcode: their SVG paths are gathered into one
# JSON file (about a third of the SVG files' size, and one file to open), and a deck embeds only
# the icons it uses, as inline SVG (deckbuild/sources/icons.py).
ICONS = "@fortawesome/fontawesome-free"
ICON_STYLES = ("solid", "regular", "brands")

NPM_MISSING = (
    "deckbuild bundles reveal.js, KaTeX and fonts from npm at build time, but `npm` is not on "
    "PATH and {vendor} is not there yet. Install Node.js 20 or newer (Debian/Ubuntu: "
    "`apt-get install nodejs npm`) and build again, or install deckbuild from a wheel or sdist."
)


class VendorBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        ensure_vendor(Path(self.root), log=self.app.display_info)


def ensure_vendor(root: Path, log: Any = print) -> Path:
    """Make `root/deckbuild/_vendor` complete and current; return its path."""
    vendor = root / VENDOR
    lock = root / "package-lock.json"
    stamp = _stamp(root) if lock.exists() else None
    if _is_complete(vendor, stamp):
        return vendor
    npm = shutil.which("npm")
    if npm is None:
        if _is_complete(vendor, None):
            log(f"deckbuild: {vendor} is older than package-lock.json and npm is missing; keeping it")
            return vendor
        raise RuntimeError(NPM_MISSING.format(vendor=vendor))
    if stamp is None:
        raise RuntimeError(f"deckbuild: {lock} is missing, so {vendor} cannot be built")
    log(f"deckbuild: bundling front-end assets into {vendor} (npm ci)")
    with tempfile.TemporaryDirectory(prefix="deckbuild-npm-") as tmp:
        modules = _npm_ci(npm, root, Path(tmp))
        staging = vendor.with_name("_vendor.tmp")
        shutil.rmtree(staging, ignore_errors=True)
        _write_vendor(modules, staging, stamp)
        shutil.rmtree(vendor, ignore_errors=True)
        staging.rename(vendor)
    return vendor


def _stamp(root: Path) -> str:
    """What `_vendor` was made from: the lockfile and the recipe in this file."""
    digest = hashlib.sha256((root / "package-lock.json").read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def _is_complete(vendor: Path, stamp: str | None) -> bool:
    try:
        manifest = json.loads((vendor / "MANIFEST.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    if stamp is not None and manifest.get("stamp") != stamp:
        return False
    return all((vendor / f).is_file() for pkg in manifest["packages"].values() for f in pkg["files"])


def _npm_ci(npm: str, root: Path, work: Path) -> Path:
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(root / name, work / name)
    command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--omit=dev"]
    done = subprocess.run(command, cwd=work, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"deckbuild: `{' '.join(command[1:])}` failed:\n{done.stderr}")
    return work / "node_modules"


def _write_vendor(modules: Path, out: Path, stamp: str) -> None:
    packages: dict[str, dict[str, Any]] = {}
    for name, files in PACKAGES.items():
        packages[name] = _describe(modules / name, _copy_files(modules / name, files, out))
    fonts: dict[str, str] = {}
    for family in FONT_FAMILIES:
        name = f"@fontsource/{family}"
        copied, fonts[family] = _copy_font(modules / name, out / "fonts" / family)
        packages[name] = _describe(modules / name, [p.relative_to(out).as_posix() for p in copied])
    packages[ICONS] = _describe(modules / ICONS, _write_icons(modules / ICONS, out))
    manifest = {"stamp": stamp, "subset": SUBSET, "fonts": fonts, "packages": packages}
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")


def _copy_files(package: Path, files: dict[str, str], out: Path) -> list[str]:
    copied = []
    for source, dest in files.items():
        if "*" in source:
            folder, pattern = source.rsplit("/", 1)
            pairs = [(p, out / dest / p.name) for p in sorted((package / folder).glob(pattern))]
        else:
            pairs = [(package / source, out / dest)]
        for src, dst in pairs:
            dst.parent.mkdir(parents=True, exist_ok=True)
            if dst.parent.name == "theme" and dst.suffix == ".css":
                dst.write_text(_without_fonts(src.read_text("utf-8")), "utf-8")
            else:
                shutil.copyfile(src, dst)
            copied.append(str(dst.relative_to(out).as_posix()))
    return copied


def _without_fonts(css: str) -> str:
    """A reveal.js theme without its `@import` of web fonts and its inlined `@font-face` rules
    (half a megabyte in some): decks get those families from the bundled @fontsource copies."""
    css = re.sub(r"@import\s+(?:url\()?\s*[\"'][^\"']*[\"']\s*\)?[^;]*;", "", css)
    return re.sub(r"@font-face\s*\{[^}]*\}", "", css)


def _copy_font(package: Path, out: Path) -> tuple[list[Path], str]:
    """Copy the latin woff2 faces that exist and write a `fonts.css` pointing at them."""
    meta = json.loads((package / "metadata.json").read_text("utf-8"))
    ranges = json.loads((package / "unicode.json").read_text("utf-8"))[SUBSET]
    out.mkdir(parents=True)
    copied, rules = [], []
    for weight, style in FONT_FACES:
        name = f"{meta['id']}-{SUBSET}-{weight}-{style}.woff2"
        if not (package / "files" / name).is_file():
            continue
        copied.append(out / name)
        shutil.copyfile(package / "files" / name, copied[-1])
        rules.append(_font_face(meta["family"], weight, style, name, ranges))
    shutil.copyfile(package / "LICENSE", out / "LICENSE")
    version = json.loads((package / "package.json").read_text("utf-8"))["version"]
    header = f"/* {meta['family']}: @fontsource/{meta['id']} {version}, {SUBSET} subset, OFL-1.1 */\n"
    (out / "fonts.css").write_text(header + "\n".join(rules), "utf-8")
    return [*copied, out / "LICENSE", out / "fonts.css"], meta["family"]


def _font_face(family: str, weight: int, style: str, file: str, ranges: str) -> str:
    # font-display: block, because the files are always local: a flash of fallback text (or
    # a PDF printed before the face loaded) is worse than the few milliseconds of waiting.
    return (
        f"@font-face {{\n  font-family: '{family}';\n  font-style: {style};\n"
        f"  font-weight: {weight};\n  font-display: block;\n"
        f"  src: url({file}) format('woff2');\n  unicode-range: {ranges};\n}}\n"
    )


def _write_icons(package: Path, out: Path) -> list[str]:
    """`fontawesome/icons.json`: each free icon as [width, height, path…] by style and name, and the
    older names Font Awesome still answers to (`home` for `house`), with the package's licence."""
    styles: dict[str, dict[str, list[Any]]] = {}
    for style in ICON_STYLES:
        styles[style] = {}
        for svg in sorted((package / "svgs" / style).glob("*.svg")):
            text = svg.read_text("utf-8")
            box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', text)
            paths = re.findall(r'<path[^>]*\sd="([^"]+)"', text)
            if box is None or not paths:
                raise RuntimeError(f"deckbuild: {svg} is not the icon SVG this hook knows (a viewBox and paths)")
            styles[style][svg.stem] = [_number(box[1]), _number(box[2]), *paths]
    families = json.loads((package / "metadata" / "icon-families.json").read_text("utf-8"))
    aliases = {alias: name for name, icon in families.items()
               for alias in (icon.get("aliases") or {}).get("names", []) if any(name in styles[s] for s in ICON_STYLES)}
    version = json.loads((package / "package.json").read_text("utf-8"))["version"]
    folder = out / "fontawesome"
    folder.mkdir(parents=True)
    data = {"version": version, "styles": styles, "aliases": dict(sorted(aliases.items()))}
    (folder / "icons.json").write_text(json.dumps(data, separators=(",", ":")), "utf-8")
    shutil.copyfile(package / "LICENSE.txt", folder / "LICENSE.txt")
    return ["fontawesome/icons.json", "fontawesome/LICENSE.txt"]


def _number(text: str) -> int | float:
    return int(text) if text.isdigit() else float(text)


def _describe(package: Path, files: list[str]) -> dict[str, Any]:
    meta = json.loads((package / "package.json").read_text("utf-8"))
    return {"version": meta["version"], "license": meta.get("license", ""), "files": sorted(files)}
