"""WCAG 2 contrast: relative luminance, contrast ratio, and nudging a colour until it passes.

Used at build time to keep a Pygments palette readable on whatever code background a theme
(or a deck's `theme: {vars: …}`) ends up with, and by the tests that measure pages in Chromium.
"""

from __future__ import annotations

import re

RGB = tuple[float, float, float]
_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def parse(colour: str) -> RGB | None:
    """`#abc`, `#aabbcc` or `rgb(r, g, b)` → 0–255 floats; anything else (a name, a gradient) → None."""
    colour = colour.strip()
    if match := _HEX.match(colour):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    if match := re.match(r"^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)", colour):
        return (float(match.group(1)), float(match.group(2)), float(match.group(3)))
    return None


def luminance(rgb: RGB) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: RGB, b: RGB) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def to_hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(min(255, max(0, v))):02x}" for v in rgb)


def ensure(colour: RGB, background: RGB, target: float) -> RGB:
    """The colour itself if it meets `target` on `background`; otherwise the least change
    towards black (on a light background) or white (on a dark one) that does, so hues survive."""
    if ratio(colour, background) >= target:
        return colour
    pole = (0.0, 0.0, 0.0) if luminance(background) > 0.18 else (255.0, 255.0, 255.0)
    low, high = 0.0, 1.0
    for _ in range(20):
        mid = (low + high) / 2
        mixed = tuple(c + (p - c) * mid for c, p in zip(colour, pole, strict=True))
        if ratio(mixed, background) >= target:  # type: ignore[arg-type]
            high = mid
        else:
            low = mid
    return tuple(c + (p - c) * high for c, p in zip(colour, pole, strict=True))  # type: ignore[return-value]
