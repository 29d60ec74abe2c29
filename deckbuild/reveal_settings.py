"""reveal.js 6's settings and the values each takes, as its `config.ts` types them.

A value of the wrong type (`width: [1, 2]`) does not fail in reveal.js: it breaks the layout
of every slide in silence. So each setting given in front matter is checked here, and a wrong
one is a message at its line that says what the setting takes. Settings whose type is a
JavaScript function (`keyboardCondition`, `autoSlideMethod`) can only be switched off (null)
from YAML; `plugins` and `dependencies` are deckbuild's to set, not the deck's.
"""

from __future__ import annotations

import re
import reprlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Kind:
    """The values one setting accepts: any of these shapes."""

    boolean: bool = False
    number: bool = False
    text: bool = False
    words: tuple[str, ...] = ()
    null: bool = False
    percent: bool = False
    """A string such as "100%" (width and height)."""
    texts: bool = False
    """A list of strings."""
    mapping: bool = False

    def accepts(self, value: Any) -> bool:
        if isinstance(value, bool):
            return self.boolean or (value is False and "false" in self.words)
        if value is None:
            return self.null
        if isinstance(value, (int, float)):
            return self.number
        if isinstance(value, str):
            return self.text or value in self.words or (self.percent and bool(PERCENT.fullmatch(value)))
        if isinstance(value, list):
            return self.texts and all(isinstance(item, str) for item in value)
        if isinstance(value, dict):
            return self.mapping and all(isinstance(item, (str, int, float)) for item in value.values())
        return False

    def describe(self) -> str:
        shapes = [name for name, wanted in (("true or false", self.boolean), ("a number", self.number),
                                            ("text", self.text), ("a percentage such as 100%", self.percent),
                                            ("a list of text", self.texts), ("a mapping", self.mapping),
                                            ("null", self.null)) if wanted]  # fmt: skip
        words = [word for word in self.words if word != "false"]
        if words:
            shapes.append("one of " + ", ".join(words))
        if "false" in self.words:
            shapes.append("false")
        return " or ".join(shapes)


PERCENT = re.compile(r"\d+(\.\d+)?%")
BOOLEAN = Kind(boolean=True)
NUMBER = Kind(number=True)
TEXT = Kind(text=True, null=True)
TRANSITIONS = ("none", "fade", "slide", "convex", "concave", "zoom")

SETTINGS: dict[str, Kind] = {
    "width": Kind(number=True, percent=True),
    "height": Kind(number=True, percent=True),
    "margin": NUMBER,
    "minScale": NUMBER,
    "maxScale": NUMBER,
    "controls": Kind(boolean=True, words=("speaker-only",)),
    "controlsTutorial": BOOLEAN,
    "controlsLayout": Kind(words=("edges", "bottom-right")),
    "controlsBackArrows": Kind(words=("faded", "hidden", "visible")),
    "progress": BOOLEAN,
    "slideNumber": Kind(boolean=True, words=("h.v", "h/v", "c", "c/t")),
    "showSlideNumber": Kind(words=("all", "print", "speaker")),
    "hashOneBasedIndex": BOOLEAN,
    "hash": BOOLEAN,
    "respondToHashChanges": BOOLEAN,
    "jumpToSlide": BOOLEAN,
    "history": BOOLEAN,
    "keyboard": Kind(boolean=True, mapping=True),
    "keyboardCondition": Kind(null=True, words=("focused",)),
    "disableLayout": BOOLEAN,
    "overview": BOOLEAN,
    "center": BOOLEAN,
    "touch": BOOLEAN,
    "loop": BOOLEAN,
    "rtl": BOOLEAN,
    "navigationMode": Kind(words=("default", "linear", "grid")),
    "shuffle": BOOLEAN,
    "fragments": BOOLEAN,
    "fragmentInURL": BOOLEAN,
    "embedded": BOOLEAN,
    "help": BOOLEAN,
    "pause": BOOLEAN,
    "showNotes": Kind(boolean=True, words=("separate-page",)),
    "showHiddenSlides": BOOLEAN,
    "autoPlayMedia": Kind(boolean=True, null=True),
    "preloadIframes": Kind(boolean=True, null=True),
    "autoAnimate": BOOLEAN,
    "autoAnimateMatcher": Kind(null=True),
    "autoAnimateEasing": TEXT,
    "autoAnimateDuration": NUMBER,
    "autoAnimateUnmatched": BOOLEAN,
    "autoAnimateStyles": Kind(texts=True),
    "autoSlide": Kind(number=True, words=("false",)),
    "autoSlideStoppable": BOOLEAN,
    "autoSlideMethod": Kind(null=True),
    "defaultTiming": Kind(number=True, null=True),
    "mouseWheel": BOOLEAN,
    "previewLinks": BOOLEAN,
    "postMessage": BOOLEAN,
    "postMessageEvents": BOOLEAN,
    "focusBodyOnPageVisibilityChange": BOOLEAN,
    "transition": Kind(words=TRANSITIONS),
    "transitionSpeed": Kind(words=("default", "fast", "slow")),
    "backgroundTransition": Kind(words=TRANSITIONS),
    "parallaxBackgroundImage": TEXT,
    "parallaxBackgroundSize": TEXT,
    "parallaxBackgroundRepeat": TEXT,
    "parallaxBackgroundPosition": TEXT,
    "parallaxBackgroundHorizontal": Kind(number=True, null=True),
    "parallaxBackgroundVertical": Kind(number=True, null=True),
    "view": Kind(null=True, words=("print", "scroll")),
    "scrollLayout": Kind(words=("full", "compact")),
    "scrollSnap": Kind(words=("false", "proximity", "mandatory")),
    "scrollProgress": Kind(boolean=True, words=("auto",)),
    "scrollActivationWidth": Kind(number=True, null=True),
    "pdfMaxPagesPerSlide": NUMBER,
    "pdfSeparateFragments": BOOLEAN,
    "pdfPageHeightOffset": NUMBER,
    "viewDistance": NUMBER,
    "mobileViewDistance": NUMBER,
    "display": TEXT,
    "hideInactiveCursor": BOOLEAN,
    "hideCursorTime": NUMBER,
    "sortFragmentsOnSync": BOOLEAN,
    "hideAddressBar": BOOLEAN,  # reveal.js 4's; reveal.js 6 ignores it, and a Quarto talk may still say it
}

NAMES = frozenset(SETTINGS)


def checked(setting: str, value: Any) -> Any:
    """`value` if `setting` accepts it; otherwise ValueError saying what it takes."""
    kind = SETTINGS[setting]
    if not kind.accepts(value):
        raise ValueError(f"{setting} takes {kind.describe()}, got {reprlib.repr(value)}")
    return value
