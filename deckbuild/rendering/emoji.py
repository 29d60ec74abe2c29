"""Emoji shortcodes, `:tada:` → 🎉, for decks whose front matter says `from: markdown+emoji`.

As pandoc's `emoji` extension: a shortcode is `:name:` with a name of lowercase letters,
digits, `_`, `+` and `-`; a name that is no emoji stays text; the emoji is written as
`<span class="emoji" data-emoji="name">`. The names come from the `emoji` package on PyPI
(maintained, pure Python, no build step): its aliases are GitHub's gemoji names, which are
the names pandoc knows, and its CLDR names (`:party_popper:`) are accepted as well.
"""

from __future__ import annotations

import functools
from re import Match
from typing import Any

import mistune

SHORTCODE = r":(?P<emoji_name>[a-z0-9_+\-]+):"


@functools.cache
def emoji_names() -> dict[str, str]:
    """Shortcode name → emoji; read once, and only by decks that use the extension."""
    import emoji

    names: dict[str, str] = {}
    for character, data in emoji.EMOJI_DATA.items():
        for alias in data.get("alias", []):
            names.setdefault(alias.strip(":"), character)
    for character, data in emoji.EMOJI_DATA.items():
        names.setdefault(str(data["en"]).strip(":"), character)
    return names


def _parse_emoji(inline: Any, m: Match[str], state: Any) -> int | None:
    name = m.group("emoji_name")
    character = emoji_names().get(name)
    if character is None:
        return None
    state.append_token({"type": "emoji", "raw": character, "attrs": {"name": name}})
    return m.end()


def emoji_plugin(md: mistune.Markdown) -> None:
    md.inline.register("emoji", SHORTCODE, _parse_emoji, before="link", start_chars=":")
