"""Hand-made reveal.js pages, for exporter tests that must not depend on the renderer.

They use the markup the renderer emits (Quarto's): `<section>` per slide, `<h1>` on section
slides, `<h2>` on ordinary slides, `aside.notes`, `.fragment`, and the metadata `<meta>` tags.
reveal.js comes from the package's vendored assets, or from `DECKBUILD_REVEAL_DIR`.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def reveal_dir() -> Path | None:
    """Where reveal.js's UMD files are, or None when neither source has them."""
    for candidate in (os.environ.get("DECKBUILD_REVEAL_DIR"), ROOT / "deckbuild/_vendor/reveal.js"):
        if candidate and (Path(candidate) / "reveal.js").is_file():
            return Path(candidate)
    return None


def slide(title: str, body: str = "", *, level: int = 2, notes: str = "", attrs: str = "") -> str:
    heading = f"<h{level}>{html.escape(title)}</h{level}>" if title else ""
    aside = f'<aside class="notes"><p>{html.escape(notes)}</p></aside>' if notes else ""
    return f"<section {attrs}>{heading}{body}{aside}</section>"


def page(
    sections: list[str],
    *,
    title: str = "Handmade deck",
    author: str = "Ada Lovelace",
    keywords: str = "",
    subject: str = "",
    head: str = "",
    config: str = "",
) -> str:
    """A whole self-contained deck page around the given `<section>` strings."""
    reveal = reveal_dir()
    assert reveal is not None, "reveal.js assets missing"
    metas = "".join(
        f'<meta name="{name}" content="{html.escape(value)}">'
        for name, value in (("author", author), ("keywords", keywords), ("subject", subject))
        if value
    )
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>{metas}
<style>{(reveal / "reveal.css").read_text()}</style>
<style>.reveal{{font-family:sans-serif;font-size:40px}} .reveal .slides section{{background:#fff}}
.reveal h1,.reveal h2{{margin:0 0 20px}}</style>{head}
</head><body><div class="reveal"><div class="slides">{''.join(sections)}</div></div>
<script>{(reveal / "reveal.js").read_text()}</script>
<script>Reveal.initialize({{width:1280,height:720,margin:0,hash:false,center:false{config}}});</script>
</body></html>"""


def write(path: Path, sections: list[str], **options: str) -> Path:
    path.write_text(page(sections, **options), encoding="utf-8")
    return path
