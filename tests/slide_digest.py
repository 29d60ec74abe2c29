"""What each slide of a reveal.js page shows, for comparing deckbuild's deck of a notebook with
`jupyter nbconvert --to slides` of the same notebook, whose markup differs in every other way.

Per leaf `<section>` (deckbuild's title slide aside): its title (the first `h1`/`h2`), the code
it shows (each code cell's source, as text), how many outputs (and of them, stderr streams),
images and fragments, and whether it has speaker notes. Anything inside the notes counts only
as notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

CODE = {"deckbuild": ".cell-code pre", "nbconvert": ".jp-InputArea-editor"}
OUTPUT = {"deckbuild": ".cell-output", "nbconvert": ".jp-OutputArea-output"}
STDERR = {"deckbuild": ".cell-output-stderr", "nbconvert": '[data-mime-type="application/vnd.jupyter.stderr"]'}


@dataclass(frozen=True)
class SlideDigest:
    title: str
    code: tuple[str, ...]
    outputs: int
    stderr: int
    images: int
    fragments: int
    notes: bool


def digest(page: str, made_by: str) -> list[SlideDigest]:
    soup = BeautifulSoup(page, "html.parser")
    slides = soup.select_one(".reveal .slides")
    assert slides is not None
    leaves = [s for s in slides.find_all("section") if not s.find("section") and s.get("id") != "title-slide"]
    return [_slide(leaf, made_by) for leaf in leaves]


def _slide(section: Tag, made_by: str) -> SlideDigest:
    notes = [aside.extract() for aside in section.select("aside.notes")]
    heading = section.find(["h1", "h2"])
    title = heading.get_text(" ", strip=True).replace("¶", "").strip() if heading else ""
    code = tuple(_code(block.get_text()) for block in section.select(CODE[made_by]))
    return SlideDigest(
        title=title,
        code=tuple(text for text in code if text),
        outputs=len(section.select(OUTPUT[made_by])),
        stderr=len(section.select(STDERR[made_by])),
        images=len(section.find_all("img")),
        fragments=len(section.select(".fragment")),
        notes=any(aside.get_text(strip=True) for aside in notes),
    )


def _code(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n")).strip()
