"""A Markdown cell's `attachment:NAME` images as data URIs, from nbformat's cell `attachments`.

Jupyter stores an image pasted or dragged into a Markdown cell inside the notebook, as a MIME
bundle of base64 data under the cell's `attachments`, and the cell refers to it as
`![alt](attachment:image.png)` or `<img src="attachment:image.png">`. Names are per cell
(JupyterLab calls every pasted image `image.png`), so each cell's references are replaced by
data URIs here, before the cells are joined into slides. Data URIs hold no newline, so every
line keeps its number. A reference to an image the cell does not carry is a mistake at its line.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from deckbuild.errors import DeckError

REFERENCE = re.compile(
    r"""(?P<lead>\]\(\s*<?|(?P<quoted>\bsrc\s*=\s*["'])|\bsrc\s*=\s*)attachment:"""
    r"""(?P<name>(?(quoted)[^\n"'>]+|[^\s"'>)]+))""",
    re.IGNORECASE,
)
"""`attachment:NAME` where an image's address stands: in `](…)` or as an `src` value."""
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml", "image/avif", "image/bmp")


def embedded(source: str, attached: dict[str, Any], start: int, path: Path) -> str:
    """`source` (a cell starting at line `start`) with its attachments as data URIs."""
    if "attachment:" not in source.lower():
        return source

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        bundle = attached.get(name, attached.get(unquote(name)))
        line = start + source.count("\n", 0, match.start())
        if not isinstance(bundle, dict):
            carried = ", ".join(f"`{key}`" for key in list(attached)[:5]) or "none"
            raise DeckError(f"image `attachment:{name}` is not attached to this cell (it carries {carried})",
                            path=path, line=line,
                            fix="paste or drag the image into this cell again in Jupyter, or refer to a file")
        return match["lead"] + _data_uri(name, bundle, path, line)

    return REFERENCE.sub(replace, source)


def _data_uri(name: str, bundle: dict[str, Any], path: Path, line: int) -> str:
    mime = next((kind for kind in IMAGE_TYPES if kind in bundle), None)
    mime = mime or next((kind for kind in bundle if str(kind).startswith("image/")), None)
    if mime is None:
        kinds = ", ".join(map(str, bundle))[:80] or "no data"
        raise DeckError(f"attachment `{name}` is not an image (it holds {kinds})", path=path, line=line,
                        fix="attach an image (PNG, JPEG, GIF, WebP or SVG)")
    value = bundle[mime]
    data = "".join(value) if isinstance(value, list) else str(value)
    if mime == "image/svg+xml" and data.lstrip().startswith("<"):
        data = base64.b64encode(data.encode("utf-8")).decode("ascii")  # SVG may be stored as text
    return f"data:{mime};base64," + re.sub(r"\s+", "", data)
