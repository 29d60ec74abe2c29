"""`{{< fa >}}`, the quarto-ext/fontawesome extension's shortcode: Font Awesome's free icons as
inline SVG, in each argument form the extension reads, and a warning for a name it does not know."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from deckbuild import pipeline
from deckbuild.rendering.sinks import InlineSink


def build(tmp_path: Path, body: str) -> tuple[BeautifulSoup, list[str], Path]:
    (tmp_path / "_quarto.yml").write_text("project:\n  type: default\n", encoding="utf-8")
    path = tmp_path / "talk.qmd"
    path.write_text(f"---\ntitle: T\n---\n\n## A\n\n{body}\n", encoding="utf-8")
    rendered = pipeline.render(pipeline.load(path), InlineSink())
    return BeautifulSoup(rendered.html, "html.parser"), [w.format_message() for w in rendered.warnings], path


def icons(page: BeautifulSoup) -> list[Tag]:
    return [svg for svg in page.select("section#a svg.svg-inline--fa") if isinstance(svg, Tag)]


FORMS = {
    # shortcode: (group, name, font-size in the style or None, accessible name or None (aria-hidden), title or None)
    "name alone": ("{{< fa star >}}", "solid", "star", None, None, None),
    "brands": ("{{< fa brands github >}}", "brands", "github", None, None, None),
    "regular": ("{{< fa regular envelope >}}", "regular", "envelope", None, None, None),
    "group as fab": ("{{< fa fab github >}}", "brands", "github", None, None, None),
    "an older name": ("{{< fa home >}}", "solid", "house", None, None, None),
    "relative size and title": ('{{< fa solid star size=2xl title="A star" >}}', "solid", "star", "2em", "A star", "A star"),
    "literal size": ("{{< fa brands twitter size=5x >}}", "brands", "twitter", "5em", None, None),
    "LaTeX size": ("{{< fa battery-half size=Huge >}}", "solid", "battery-half", "2.5em", None, None),
    "label": ('{{< fa envelope label="Mail" >}}', "solid", "envelope", None, "Mail", None),
    "label and title": ('{{< fa envelope label="Mail" title="Write to me" >}}', "solid", "envelope", None, "Mail", "Write to me"),
    "a title with markup": ('{{< fa star title="<b>5</b> & up" >}}', "solid", "star", None, "<b>5</b> & up", "<b>5</b> & up"),
}


@pytest.mark.parametrize(("code", "group", "name", "size", "label", "title"), FORMS.values(), ids=FORMS.keys())
def test_fa_draws_the_icon_as_inline_svg(tmp_path: Path, code: str, group: str, name: str, size: str | None,
                                         label: str | None, title: str | None) -> None:
    page, warnings, _ = build(tmp_path, f"Before {code} after.")
    assert warnings == []
    [svg] = icons(page)
    assert svg["class"] == ["svg-inline--fa", f"fa-{group}", f"fa-{name}"]
    assert svg.select("path") and all(path.get("d") for path in svg.select("path"))
    assert str(svg["viewbox"]).startswith("0 0 ")  # html.parser lowers attribute names
    style = str(svg["style"])
    assert (f"font-size: {size}" in style) if size else "font-size" not in style
    if label is None:
        assert svg["aria-hidden"] == "true" and svg.get("role") is None
    else:
        assert svg["role"] == "img" and svg["aria-label"] == label and svg.get("aria-hidden") is None
    shown_title = svg.find("title")
    assert (shown_title.get_text() if shown_title else None) == title


WARNINGS = {
    # shortcode: (what the warning says, the icon drawn instead or None)
    "unknown name": ("{{< fa strar >}}", "Font Awesome has no free solid icon `strar` — did you mean `star`?", None),
    "unknown brand": ("{{< fa brands githb >}}", "no free brands icon `githb` — did you mean `github`?", None),
    "a brand without its group": ("{{< fa github >}}", "`github` is one of Font Awesome's brands icons, not solid — "
                                  "write {{< fa brands github >}}", "fa-github"),
    "a pro group": ("{{< fa light star >}}", "`light` is not a group of Font Awesome's free icons", "fa-star"),
    "unknown size": ("{{< fa star size=huge2 >}}", "size `huge2` is not one of Font Awesome's sizes; the icon is drawn "
                     "at the text's size — did you mean `huge`?", "fa-star"),
    "no name": ("{{< fa >}}", "shortcode `fa`: give the icon's name", None),
}


@pytest.mark.parametrize(("code", "warning", "drawn"), WARNINGS.values(), ids=WARNINGS.keys())
def test_an_fa_mistake_is_a_warning_at_its_line(tmp_path: Path, code: str, warning: str, drawn: str | None) -> None:
    page, warnings, path = build(tmp_path, f"Icon {code} here.")
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}:7: shortcode `fa`: ")
    assert warning in warnings[0]
    assert [svg["class"][-1] for svg in icons(page)] == ([drawn] if drawn else [])


def test_only_the_icons_used_are_in_the_deck(tmp_path: Path) -> None:
    page, _, _ = build(tmp_path, "{{< fa star >}} {{< fa star >}} {{< fa brands github >}}")
    every_path = {path["d"] for path in page.select("svg.svg-inline--fa path")}
    assert len(icons(page)) == 3 and len(every_path) == 2
    assert "fa-house" not in str(page) and page.select("svg.fa-house") == []


def test_fa_in_inline_code_is_shown_as_written(tmp_path: Path) -> None:
    page, warnings, _ = build(tmp_path, "Write `{{< fa star >}}`.")
    assert warnings == [] and icons(page) == []
    assert "{{< fa star >}}" in page.select_one("section#a code").get_text()  # type: ignore[union-attr]


@pytest.mark.browser
def test_the_icon_draws_at_its_size_in_the_texts_colour(tmp_path: Path, open_deck) -> None:  # type: ignore[no-untyped-def]
    body = ('<p style="color: rgb(0, 128, 0)">{{< fa star >}} and {{< fa solid star size=2xl >}}'
            " and {{< fa brands github size=3x >}}</p>")
    _, warnings, path = build(tmp_path, body)
    assert warnings == []
    html = pipeline.write(pipeline.render(pipeline.load(path), InlineSink()), tmp_path / "talk.html")
    shown = open_deck(html, "#/a")
    boxes = shown.evaluate("""() => [...document.querySelectorAll('section#a svg.svg-inline--fa')].map(svg => {
        const box = svg.getBoundingClientRect(), path = svg.querySelector('path').getBBox();
        return {w: box.width, h: box.height, pathW: path.width, fill: getComputedStyle(svg).fill,
                font: parseFloat(getComputedStyle(svg.parentElement).fontSize)};
    })""")
    assert len(boxes) == 3
    plain, big, huge = boxes
    scale = shown.evaluate("Reveal.getScale()")
    assert plain["h"] == pytest.approx(plain["font"] * scale, rel=0.02)
    assert big["h"] == pytest.approx(2 * plain["h"], rel=0.02) and huge["h"] == pytest.approx(3 * plain["h"], rel=0.02)
    assert plain["w"] == pytest.approx(plain["h"] * 576 / 512, rel=0.02)  # the star's viewBox is 576 × 512
    assert all(box["pathW"] > 0 for box in boxes)
    assert all(box["fill"] == "rgb(0, 128, 0)" for box in boxes)
    assert shown.console_errors == [] and shown.requests == []


def test_fa_in_front_matter_text_is_a_warning_not_escaped_markup(tmp_path: Path) -> None:
    path = tmp_path / "talk.qmd"
    path.write_text('---\ntitle: T\nfooter: "{{< fa brands github >}} me"\n---\n\n## A\n\n'
                    "::: footer\n{{< fa brands github >}} here\n:::\n", encoding="utf-8")
    rendered = pipeline.render(pipeline.load(path), InlineSink())
    page = BeautifulSoup(rendered.html, "html.parser")
    warnings = [w.format_message() for w in rendered.warnings]
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}:3: shortcode `fa` is not drawn in front matter text")
    assert "&lt;svg" not in rendered.html and "<svg" not in str(page.select_one("#title-slide"))
    footer = page.select_one("section#a .footer")
    assert footer is not None and footer.select_one("svg.fa-github") is not None
