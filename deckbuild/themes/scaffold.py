"""`deckbuild theme new NAME`: a theme folder that extends the default, ready to edit."""

from __future__ import annotations

from pathlib import Path

from deckbuild.errors import ConfigError
from deckbuild.themes import load_theme

_YAML = """\
name: {name}
description: My theme. (Shown by `deckbuild themes`.)
extends: default
# pygments: friendly        # any Pygments style; token colours are kept readable on code-background
# fonts: [inter, jetbrains-mono]   # bundled families: inter, source-serif-4, atkinson-hyperlegible, fira-sans, jetbrains-mono
variables:
  accent: "{accent}"
"""

_CSS_HEAD = """\
/* {name}: loaded after the default theme's CSS, so restyle only what you change.
   The variables the default defines, for reference. Set them under `variables:` in
   theme.yaml (without the dashes), so a deck can still tune them with `theme: {{vars: …}}`.

:root {{
{variables}}}
*/

.reveal h2 {{ /* e.g. letter-spacing: 0; */ }}
"""

_TEMPLATE = """\
{#- Optional. Override one block of the default page and inherit the rest, e.g. the footer:

{% extends "default/page.html.j2" %}
{% block footer %}<div class="slide-footer">{{ s.footer or footer }} · {{ date }}</div>
{% endblock footer %}

Blocks: page, meta, head, body, slides, title_slide, slide, section_slide, slide_content,
footnotes, footer, logo, notes, scripts. Rename this file page.html.j2 to use it. -#}
"""


def new_theme(name: str, parent_dir: Path) -> Path:
    """Write `parent_dir/NAME/` (theme.yaml, theme.css, templates/); never overwrites."""
    folder = parent_dir / name
    if folder.exists():
        raise ConfigError(f"{folder} already exists", fix="pick another name, or edit that folder")
    default = load_theme("default")
    variables = "".join(f"  --{key}: {value};\n" for key, value in default.variables.items())
    (folder / "templates").mkdir(parents=True)
    (folder / "theme.yaml").write_text(_YAML.format(name=name, accent=default.variables.get("accent", "#2563eb")), "utf-8")
    (folder / "theme.css").write_text(_CSS_HEAD.format(name=name, variables=variables), "utf-8")
    (folder / "templates" / "page.html.j2.example").write_text(_TEMPLATE, "utf-8")
    return folder
