"""Stand-in content for a deck being drafted: `{{< lipsum >}}` text and `{{< placeholder >}}` images.

The text is our own, made from a fixed word list by a fixed recipe, so the same deck gives
the same page on every build (a `random` lipsum too: it is seeded by its arguments). The
image is a grey SVG rectangle labelled with its size, as a data URI: nothing to fetch.
"""

from __future__ import annotations

import base64
import random as random_module

WORDS = (
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore "
    "magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo "
    "consequat duis aute irure in reprehenderit voluptate velit esse cillum eu fugiat nulla pariatur excepteur "
    "sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum"
).split()
MAX_PARAGRAPHS = 50


def paragraph_count(text: str) -> int | None:
    """`3` or a range `1-3` (Quarto's, read as its upper end); None when it is neither."""
    upper = text.rpartition("-")[2]
    if not upper.isdigit():
        return None
    return max(1, min(int(upper), MAX_PARAGRAPHS))


def lipsum(count: int, *, random: bool = False) -> list[str]:
    """`count` paragraphs of four to six sentences; the same ones every time."""
    chooser = random_module.Random(f"lipsum {count} {random}")
    return [_paragraph(chooser) for _ in range(count)]


def _paragraph(chooser: random_module.Random) -> str:
    return " ".join(_sentence(chooser) for _ in range(chooser.randint(4, 6)))


def _sentence(chooser: random_module.Random) -> str:
    words = [chooser.choice(WORDS) for _ in range(chooser.randint(7, 14))]
    return " ".join(words).capitalize() + "."


def svg_uri(width: int, height: int) -> str:
    """A `width`×`height` grey rectangle saying its size, as an `image/svg+xml` data URI."""
    font = max(1, min(width, height) // 10)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<rect width="{width}" height="{height}" fill="#ddd"/>'
        f'<text x="50%" y="50%" font-family="sans-serif" font-size="{font}" fill="#000" text-anchor="middle"'
        f' dominant-baseline="middle">{width} x {height}</text></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
