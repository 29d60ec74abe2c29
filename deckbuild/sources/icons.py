"""Font Awesome's free icons for the `{{< fa >}}` shortcode of the quarto-ext/fontawesome extension,
drawn as inline SVG when the deck is built.

The extension puts Font Awesome's stylesheet and web fonts (about 400 KB) on the page and writes
`<i class="fa-solid fa-star">`; a deck here gets only the icons it uses, each an `<svg>` with the
icon's path, so it stands alone and prints crisply. The forms the extension reads:

    {{< fa star >}}                       a solid icon (the default group)
    {{< fa brands github >}}              group, then name (solid, regular, brands)
    {{< fa battery-half size=2xl >}}      Font Awesome's sizes (2xs … 2xl, 1x … 10x) or LaTeX's (tiny … Huge)
    {{< fa envelope title="Mail" >}}      a tooltip, and the icon's accessible name
    {{< fa envelope label="Mail" >}}      the accessible name alone

Without a title or a label an icon is decoration, hidden from screen readers (`aria-hidden`),
as the extension writes it. The icons come from `@fortawesome/fontawesome-free` (CC BY 4.0: each
icon carries a one-line credit, as Font Awesome's own SVG files do), gathered at build time
into `_vendor/fontawesome/icons.json` (hatch_build.py).
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass
from typing import Any

from deckbuild.options import nearest

GROUPS = {"solid": "solid", "fas": "solid", "fa-solid": "solid", "regular": "regular", "far": "regular",
          "fa-regular": "regular", "brands": "brands", "fab": "brands", "fa-brands": "brands"}  # fmt: skip
SIZES = {
    "2xs": 0.625, "xs": 0.75, "sm": 0.875, "lg": 1.25, "xl": 1.5, "2xl": 2.0,
    **{f"{n}x": float(n) for n in range(1, 11)},
    "tiny": 0.5, "scriptsize": 0.7, "footnotesize": 0.8, "small": 0.9, "normalsize": 1.0,
    "large": 1.25, "Large": 1.5, "LARGE": 1.75, "huge": 2.0, "Huge": 2.5,
}  # fmt: skip
"""Each size the extension knows, in em of the text around the icon (its README's tables)."""


class IconProblem(ValueError):
    """An icon that cannot be drawn as written; `icon` is the one drawn instead, if any."""

    def __init__(self, problem: str, fix: str, icon: Icon | None = None) -> None:
        super().__init__(problem)
        self.fix, self.icon = fix, icon


@dataclass(frozen=True, slots=True)
class Icon:
    group: str
    name: str
    width: float
    height: float
    paths: tuple[str, ...]


def find(group: str, name: str) -> Icon:
    """The icon `name` in `group` (an alias such as `fab` allowed). One found only under an older
    name or in another group is drawn all the same, with a problem that says how to write it."""
    styles, aliases = _styles(), _aliases()
    style = GROUPS.get(group)
    name = name.removeprefix("fa-")
    if style is not None and name in styles[style]:
        return _icon(style, name)
    if style is not None and aliases.get(name) in styles[style]:
        return _icon(style, aliases[name])
    other = next((s for s in styles if name in styles[s]), None) or next(
        (s for s in styles if aliases.get(name) in styles[s]), None)
    if other is not None:
        found = _icon(other, name if name in styles[other] else aliases[name])
        if style is None:
            raise IconProblem(f"`{group}` is not a group of Font Awesome's free icons", "write solid, regular or brands",
                              found)
        raise IconProblem(f"`{name}` is one of Font Awesome's {other} icons, not {style}",
                          f"write {{{{< fa {other} {name} >}}}}", found)
    pool = set(styles[style]) if style else {known for names in styles.values() for known in names}
    near = nearest(name, sorted(pool | set(aliases)))
    hint = f"did you mean `{near}`?" if near else "see the free icons on Font Awesome's site"
    raise IconProblem(f"Font Awesome has no free {style + ' ' if style else ''}icon `{name}`", hint)


def size_em(size: str) -> float:
    """`size=` in em; a size the extension does not know is a problem naming the nearest one."""
    if size in SIZES:
        return SIZES[size]
    near = nearest(size, list(SIZES))
    raise IconProblem(f"size `{size}` is not one of Font Awesome's sizes; the icon is drawn at the text's size",
                      f"did you mean `{near}`?" if near else "write size=2xl, size=3x or size=Large")


def svg(icon: Icon, *, size: float | None = None, title: str = "", label: str = "") -> str:
    """The icon as inline SVG, with the class names Font Awesome's own SVG icons carry."""
    style = f"width: {icon.width / icon.height:.4g}em" + (f"; font-size: {size:g}em" if size else "")
    name = label or title
    access = f' role="img" aria-label="{html.escape(name)}"' if name else ' aria-hidden="true" focusable="false"'
    tooltip = f"<title>{html.escape(title)}</title>" if title else ""
    paths = "".join(f'<path d="{d}"/>' for d in icon.paths)
    credit = f"<!-- Font Awesome Free {_data()['version']}, CC BY 4.0 -->"  # the attribution its licence asks for
    return (f'<svg class="svg-inline--fa fa-{icon.group} fa-{icon.name}" '
            f'viewBox="0 0 {icon.width:g} {icon.height:g}" style="{style}"{access}>{credit}{tooltip}{paths}</svg>')


def _icon(style: str, name: str) -> Icon:
    width, height, *paths = _styles()[style][name]
    return Icon(style, name, float(width), float(height), tuple(paths))


@functools.cache
def _data() -> dict[str, Any]:
    from deckbuild.rendering import assets

    return json.loads(assets.read_text("fontawesome/icons.json"))  # type: ignore[no-any-return]


def _styles() -> dict[str, dict[str, list[Any]]]:
    return _data()["styles"]  # type: ignore[no-any-return]


def _aliases() -> dict[str, str]:
    return _data()["aliases"]  # type: ignore[no-any-return]
