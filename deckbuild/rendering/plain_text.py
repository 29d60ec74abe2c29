"""The text of rendered inline HTML, as a title's reader sees it: for the browser tab and the
PDF's metadata, and for the slide ids pandoc makes from a heading."""

from __future__ import annotations

from html.parser import HTMLParser


def plain_text(html: str) -> str:
    """The text of `html`, smart quotes and all (a line break is a space, a formula its TeX
    between `$`; a footnote reference is left out)."""
    if "<" not in html and "&" not in html:  # most titles: the text itself, no parser to make
        return " ".join(html.split())
    reader = _Text()
    reader.feed(html)
    reader.close()
    return " ".join("".join(reader.parts).split())


class _Text(HTMLParser):
    """Text of inline HTML; of a typeset formula only its TeX (KaTeX writes it three times)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[str] = []
        self.formula = 0
        """How deep inside a formula's element (`.katex`, MathJax's container) the reader is."""
        self.skipped = 0
        """How deep inside a footnote reference."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append(" ")
            return
        classes = (dict(attrs).get("class") or "").split()
        if self.formula or "katex" in classes or tag == "mjx-container":
            self.formula += 1
        if self.skipped or "footnote-ref" in classes:
            self.skipped += 1
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                self._closed()
            self._closed()

    def _closed(self) -> None:
        self.formula = max(0, self.formula - 1)
        self.skipped = max(0, self.skipped - 1)

    def handle_data(self, data: str) -> None:
        if self.skipped:
            return
        if not self.formula:
            self.parts.append(data)
        elif self.open and self.open[-1] == "annotation":
            self.parts.append(f"${data.strip()}$")
