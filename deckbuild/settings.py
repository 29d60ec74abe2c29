"""Front matter and project settings → one validated, typed `DeckConfig`.

Precedence, lowest first: built-in defaults < project file (`[tool.deckbuild]` in a
pyproject.toml, or deckbuild.yaml) < the deck's front matter < command-line options. Quarto's
nesting under `format: revealjs:` is flattened first, so both spellings mean the same. Every
key is converted by one entry of `SCHEMA`; all mistakes of a layer are reported together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from deckbuild import cssvalues, options, reveal_settings, scroll_view
from deckbuild.config import CheckIgnore, DeckConfig, ExecutorConfig, Include, Source
from deckbuild.errors import ConfigError, DeckError
from deckbuild.options import boolean, one_of, shown, text, whole_number
from deckbuild.quarto import code_keys, formats, typography
from deckbuild.quarto import frontmatter as quarto_keys
from deckbuild.quarto.authors import institutes
from deckbuild.quarto.authors import normalize as normalize_authors
from deckbuild.quarto.date_names import names_for
from deckbuild.quarto.dates import uses_names
from deckbuild.quarto.keys import WARNED, ignored, is_silent
from deckbuild.references.settings import SCHEMA as references_schema

REVEAL_SETTINGS = reveal_settings.NAMES

# Keys Quarto knows that deckbuild does not do yet: a warning, so a Quarto talk still renders.
QUARTO_ONLY = frozenset(
    """chalkboard multiplex menu number-sections
    code-tools filters jupyter engine
    revealjs-plugins standalone editor citation description
    fig-responsive
    preview-links reference-location cap-location tbl-cap-location pdf-separate-fragments
    knitr format-links output-file execute-dir categories abstract
    theme-dark resources""".split()
)

PROJECT_ONLY = {"decks", "output-dir"}
INCLUDES = ("include-in-header", "include-before-body", "include-after-body")


def kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "-" + m.group(1).lower(), name)


def camel(name: str) -> str:
    head, *rest = name.split("-")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


_REVEAL_KEBAB = {kebab(name): name for name in REVEAL_SETTINGS}


def _as_str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError(f"expected text or a list of text, got {shown(value)}")


AUTHOR_KEYS = ("author", "authors", "affiliations", "institute")
"""Read together (`deckbuild.quarto.authors`) once a layer's keys are all in `config.meta`."""


def _keep_for_authors(config: DeckConfig, value: Any) -> None:
    """`author`, `authors`, `affiliations`: any shape is read, in `_normalize_authors`."""


def _set_institute(config: DeckConfig, value: Any) -> None:
    config.institute = institutes(value)


def _normalize_authors(config: DeckConfig, source: Source) -> list[DeckError]:
    """The deck's authors from all its layers' author keys; what does not fit Quarto's schema
    is a warning at its line."""
    found = normalize_authors(config.meta, config.lines)
    config.authors = found.authors
    return [DeckError(note.what, path=source.path, line=note.line or source.first_line) for note in found.notes]


def _set_typography(key: str) -> Callable[[DeckConfig, Any], None]:
    """`fontsize: 20px` and the other keys Quarto gives its reveal.js Sass variables."""

    def apply(config: DeckConfig, value: Any) -> None:
        name, converted, _ = typography.sass_default(key, value, 0)
        config.theme_sass[name] = (converted, config.lines.get(key, 0))

    return apply


def _set_date(config: DeckConfig, value: Any) -> None:
    """Text, a YAML date, or Quarto's `{value, format}`."""
    if isinstance(value, dict) and "value" in value and set(value) <= {"value", "format"}:
        config.date = text(value["value"])
        if "format" in value:
            config.date_format = _date_format(value["format"])
        return
    config.date = text(value)


def _date_format(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value
    raise ValueError(f"expected full, long, medium, short, iso or a format such as `MMMM D, YYYY`, got {shown(value)}")


def _slide_number(value: Any) -> bool | str:
    if isinstance(value, bool):
        return value
    if value in ("h.v", "h/v", "c", "c/t"):
        return str(value)
    raise ValueError(f"expected true, false, h.v, h/v, c or c/t, got {shown(value)}")


def _code_annotations(value: Any) -> str | bool:
    from deckbuild.rendering.code_blocks import DecorationError, annotations_mode

    try:
        return annotations_mode(value)
    except DecorationError as exc:
        raise ValueError(str(exc).partition(": ")[2]) from None


FIG_ALIGNS = ("default", "left", "center", "right")


def _tbl_colwidths(value: Any) -> bool | str | list[float]:
    from deckbuild.rendering.tables import colwidths

    return colwidths(value)


def _includes(key: str) -> Callable[[DeckConfig, Any], None]:
    """Quarto's forms: a file name, `{file: name}`, `{text: html}`, or a list of them."""

    def item(value: Any) -> Include:
        if isinstance(value, str):
            return Include(file=value)
        if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("file"), str):
            return Include(file=value["file"])
        if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("text"), str):
            return Include(text=value["text"])
        raise ValueError(f"expected a file name, {{file: name}}, {{text: html}} or a list of them, got {shown(value)}")

    def apply(config: DeckConfig, value: Any) -> None:
        items = [] if value is None else value if isinstance(value, list) else [value]
        config.includes[key] = [item(entry) for entry in items]

    return apply


def _header_includes(config: DeckConfig, value: Any) -> None:
    """pandoc's `header-includes`: text or a list of it for the page's `<head>`. The HTML in it
    goes in as `include-in-header` text does (before it, as in pandoc's template); LaTeX, which
    R Markdown and Quarto talks keep there for their PDF formats, has no place in a web page and
    is left out, as pandoc's HTML writers leave it."""
    items = _as_str_list([] if value is None else value)
    config.includes["header-includes"] = [Include(text=item) for item in items if item.lstrip().startswith("<")]


def _bool_or_show(value: Any) -> bool | str:
    return value if value == "show" else boolean(value)


def _set(attr: str, convert: Callable[[Any], Any]) -> Callable[[DeckConfig, Any], None]:
    def apply(config: DeckConfig, value: Any) -> None:
        setattr(config, attr, convert(value))

    return apply


def _set_reveal(setting: str, convert: Callable[[Any], Any] | None = None):  # type: ignore[no-untyped-def]
    def apply(config: DeckConfig, value: Any) -> None:
        config.reveal[setting] = convert(value) if convert else value

    return apply


def _set_theme(config: DeckConfig, value: Any) -> None:
    """A name or folder, Quarto's `custom.scss` or `[NAME, a.scss, b.scss]`, or {name, vars}."""
    if isinstance(value, str) or (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
        items = [value] if isinstance(value, str) else list(value)
        names = [item for item in items if not item.lower().endswith(".scss")]
        if len(names) > 1:
            raise ValueError(f"a theme list holds one theme name and .scss files, got {', '.join(names)}")
        config.theme = names[0] if names else "default"
        config.theme_scss = [item for item in items if item.lower().endswith(".scss")]
    elif isinstance(value, dict) and set(value) <= {"name", "vars"}:
        config.theme = text(value.get("name", config.theme))
        variables = value.get("vars") or {}
        if not isinstance(variables, dict):
            raise ValueError("theme vars must be a mapping of variable: value")
        config.theme_vars.update({_css_variable(k): cssvalues.declaration_value(text(v)) for k, v in variables.items()})
    else:
        raise ValueError("expected a theme name, a path, an .scss file, a list [NAME, a.scss], or {name: NAME, vars: {...}}")


QUARTO_SIZE = (1050, 700)
"""Quarto's reveal.js canvas, for decks that come from Quarto (their content is laid out for it)."""
_DECKBUILD_SIZE = (DeckConfig().width, DeckConfig().height)


def _comes_from_quarto(data: dict[str, Any], source: Source) -> bool:
    """`format: revealjs` in any of Quarto's spellings (`*-revealjs` too), or a .qmd file."""
    fmt = data.get("format")
    names = [fmt] if isinstance(fmt, str) else list(fmt) if isinstance(fmt, (dict, list)) else []
    return any(isinstance(n, str) and "revealjs" in n for n in names) or str(source.path).lower().endswith(".qmd")


def _quarto_defaults(config: DeckConfig, data: dict[str, Any]) -> None:
    """Quarto's canvas (and the margin reveal.js scales it with) unless the deck or its project sets one."""
    if "width" not in data and "height" not in data and (config.width, config.height) == _DECKBUILD_SIZE:
        config.width, config.height = QUARTO_SIZE
    config.reveal.setdefault("margin", 0.1)


CSS_NAME = re.compile(r"[A-Za-z_][\w-]*")


def _css_variable(name: Any) -> str:
    if isinstance(name, str) and CSS_NAME.fullmatch(name):
        return name
    raise ValueError(f"theme variable {shown(name)} is not a CSS name (letters, digits, `-` and `_`)")


def _set_margin(config: DeckConfig, value: Any) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        config.reveal["margin"] = value
    else:
        raise ValueError(f"expected a fraction of the slide such as 0.05, got {shown(value)}")


def _set_reveal_mapping(config: DeckConfig, value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError("expected a mapping of reveal.js settings")
    for key, setting_value in value.items():
        setting = key if key in REVEAL_SETTINGS else _REVEAL_KEBAB.get(str(key))
        if setting is None:
            near = options.nearest(camel(str(key)), tuple(REVEAL_SETTINGS))
            raise ValueError(f"reveal.js has no setting {key!r}" + (f"; did you mean {near!r}?" if near else ""))
        config.reveal[setting] = reveal_settings.checked(setting, setting_value)


# Pandoc's Markdown readers; deckbuild reads them all as Quarto's pandoc Markdown.
MARKDOWN_READERS = frozenset(
    "markdown commonmark commonmark_x gfm markdown_github markdown_mmd markdown_phpextra markdown_strict".split()
)


def _set_from(config: DeckConfig, value: Any) -> None:
    """`from: markdown+emoji-tex_math_dollars`: the extensions turned on and off, in order."""
    found = re.fullmatch(r"([a-z_]+)((?:[+-][a-z_]+)*)", value) if isinstance(value, str) else None
    if found is None or found.group(1) not in MARKDOWN_READERS:
        raise ValueError(f"expected a Markdown reader such as markdown+emoji, got {value!r}")
    for sign, name in re.findall(r"([+-])([a-z_]+)", found.group(2)):
        config.markdown_extensions[name] = sign == "+"


def _set_execute(config: DeckConfig, value: Any) -> None:
    config.execute = options.deck_layer(config.execute, value)
    config.execute_chosen.update(map(str, value))


def _set_executors(config: DeckConfig, value: Any) -> None:
    """Every field's type is checked here, so a wrong one is reported at the deck's line, not
    as a traceback at the first gateway cell. A bad `token-env` is never echoed: it may be the
    token itself, pasted in by mistake."""
    example = "{gpu: {gateway: http://gpu-box:8888, token-env: GPU_TOKEN}}"
    kinds = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number",
             type(None): "nothing"}

    def required(name: str, key: str, value: Any, expected: str) -> str:
        if isinstance(value, str) and value.strip():
            return value
        raise ValueError(f"executor {name!r}: {key} must be {expected}, got {kinds.get(type(value), 'something else')}")

    if not isinstance(value, dict):
        raise ValueError(f"expected a mapping of executor names to their gateways — write it as {example}")
    for key, spec in value.items():
        name = str(key)
        if not isinstance(key, (str, int)) or isinstance(key, bool) or not name.strip() or name == "local":
            raise ValueError(f"executor name {key!r} cannot be used — name it with a word other than `local`, "
                             f"as in {example}")
        if not isinstance(spec, dict) or "gateway" not in spec:
            raise ValueError(f"executor {name!r} needs a gateway: URL — write it as {example}")
        unknown = set(spec) - {"gateway", "token-env", "kernel", "fallback", "ca-bundle"}
        if unknown:
            raise ValueError(f"executor {name!r} has an unknown key {sorted(map(str, unknown))[0]!r} — the keys are "
                             "gateway, token-env, kernel, fallback and ca-bundle")
        token_env = spec.get("token-env")
        if token_env is not None and not (isinstance(token_env, str)
                                          and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token_env)):
            held = "its value" if isinstance(token_env, str) else kinds.get(type(token_env), "something else")
            raise ValueError(f"executor {name!r}: token-env must name an environment variable, not hold {held} — "
                             "write `token-env: GPU_TOKEN` and export the token as GPU_TOKEN")
        ca_bundle = spec.get("ca-bundle")
        config.executors[name] = ExecutorConfig(
            name=name,
            gateway=required(name, "gateway", spec["gateway"], "a URL such as http://gpu-box:8888"),
            token_env=token_env,
            kernel=required(name, "kernel", spec.get("kernel", "python3"), "a kernelspec name such as python3"),
            fallback=one_of("cache", "local", "error")(spec.get("fallback", "cache")),
            ca_bundle=None if ca_bundle is None else required(name, "ca-bundle", ca_bundle, "the path of a PEM file"),
        )


def _set_pdf(config: DeckConfig, value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError("expected a mapping such as {fragments: true, notes: page}")
    unknown = set(value) - {"fragments", "notes", "page-size", "slides"}
    if unknown:
        raise ValueError(f"pdf has no option {sorted(unknown)[0]!r} (fragments, notes, page-size, slides)")
    pdf = config.pdf
    if "fragments" in value:
        pdf.fragments = boolean(value["fragments"])
    if "notes" in value:
        pdf.notes = one_of("page", "below")(value["notes"]) if value["notes"] not in (False, None) else None
    if "page-size" in value:
        pdf.page_size = text(value["page-size"])
    if "slides" in value:
        pdf.slides = text(value["slides"])


CHECK_EXAMPLE = "{notes: required, ignore: [{rule: contrast, slides: [7], reason: why it does not apply}]}"


def _set_check(config: DeckConfig, value: Any) -> None:
    """`check:` for `deckbuild check`: `notes: required`, and rules to ignore, each with a reason."""
    if not isinstance(value, dict):
        raise ValueError(f"expected a mapping such as {CHECK_EXAMPLE}")
    unknown = set(map(str, value)) - {"notes", "ignore"}
    if unknown:
        raise ValueError(f"check has no option {min(unknown)!r} (notes, ignore)")
    if "notes" in value:
        config.check.notes = one_of("required", "optional")(value["notes"]) == "required"
    entries = value.get("ignore", [])
    if not isinstance(entries, list):
        raise ValueError(f"ignore: expected a list of {{rule, reason, slides}} entries, as in {CHECK_EXAMPLE}")
    for index, entry in enumerate(entries):
        line = config.lines.get(f"check.ignore.{index}")
        try:
            config.check.ignore.append(_check_ignore(entry, line or 0))
        except ValueError as exc:
            raise ConfigError(f"check: ignore: {exc}", line=line) from None  # at the entry's own line


def _check_ignore(entry: Any, line: int) -> CheckIgnore:
    from deckbuild.check.rules import RULES, is_rule

    if not isinstance(entry, dict):
        raise ValueError("each entry is a mapping {rule: NAME, reason: WHY, slides: [N, …]}")
    unknown = set(map(str, entry)) - {"rule", "reason", "slides"}
    if unknown:
        raise ValueError(f"an entry has no key {min(unknown)!r} (rule, reason, slides)")
    rule = entry.get("rule")
    if not isinstance(rule, str) or not is_rule(rule):
        near = options.nearest(str(rule), list(RULES))
        hint = f"did you mean {near!r}? " if near else ""
        raise ValueError(f"unknown rule {shown(rule)} — {hint}rules: {', '.join(RULES)}, or axe:RULE")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError(f"ignoring `{rule}` needs a reason — say why it does not apply: `reason: …`")
    slides = entry.get("slides", [])
    slides = slides if isinstance(slides, list) else [slides]
    for slide in slides:
        if not ((isinstance(slide, int) and not isinstance(slide, bool) and slide > 0)
                or (isinstance(slide, str) and slide.strip())):
            raise ValueError(f"slides: expected slide numbers, titles or #ids, got {shown(slide)}")
    return CheckIgnore(rule, reason.strip(), list(slides), line)

def _set_logo(config: DeckConfig, value: Any) -> None:
    """Quarto's forms: a path; `{path, alt}`; `{light, dark, alt}`, each side a path or `{path, alt}`."""
    def side(item: Any) -> tuple[str, str]:
        if isinstance(item, dict):
            unknown = set(item) - {"path", "alt"}
            if unknown or "path" not in item:
                raise ValueError("expected a path, or {path: FILE, alt: TEXT}")
            return text(item["path"]), text(item.get("alt", ""))
        return text(item), ""

    if not isinstance(value, dict) or "path" in value:
        config.logo, config.logo_alt = side(value)
        return
    unknown = set(value) - {"light", "dark", "alt"}
    if unknown:
        raise ValueError(f"logo has no key {sorted(unknown)[0]!r} (path, light, dark, alt)")
    light, light_alt = side(value["light"]) if "light" in value else ("", "")
    dark, dark_alt = side(value["dark"]) if "dark" in value else ("", "")
    shared = text(value["alt"]) if "alt" in value else ""
    config.logo, config.logo_alt = light, light_alt or shared
    config.logo_dark, config.logo_dark_alt = dark, dark_alt or shared


def _as_brand(value: Any) -> Any:
    """A brand file's path, the brand as a mapping, or false."""
    if value is False or isinstance(value, (str, dict)):
        return value
    raise ValueError("expected a brand file's path, a mapping (color:, logo:) or false")


def _add_resource_path(config: DeckConfig, value: Any) -> None:
    """Quarto merges lists across layers: a deck's folders add to its project's."""
    config.resource_path = [*config.resource_path, *map(Path, _as_str_list(value))]


def _set_mermaid(config: DeckConfig, value: Any) -> None:
    """Quarto's `mermaid: {theme: forest}`: one of mermaid's own themes instead of the deck's colours."""
    if not isinstance(value, dict) or set(value) - {"theme"}:
        raise ValueError("expected {theme: default|dark|forest|neutral}")
    config.mermaid_theme = one_of("default", "dark", "forest", "neutral")(value.get("theme", "default"))


SCHEMA: dict[str, Callable[[DeckConfig, Any], None]] = {
    "title": _set("title", text),
    "subtitle": _set("subtitle", text),
    **{key: _keep_for_authors for key in ("author", "authors", "affiliations")},
    "date": _set_date,
    "date-format": _set("date_format", _date_format),
    "institute": _set_institute,
    "subject": _set("subject", text),
    "lang": _set("lang", text),
    "keywords": _set("keywords", _as_str_list),
    "theme": _set_theme,
    **{key: _set_typography(key) for key in typography.KEYS},
    "auto-stretch": _set("auto_stretch", boolean),
    "css": _set("css", _as_str_list),
    **{key: _includes(key) for key in INCLUDES},
    "header-includes": _header_includes,
    "logo": _set_logo,
    "brand": _set("brand", _as_brand),
    "brand-mode": _set("brand_mode", one_of("light", "dark")),
    "callout-appearance": _set("callout_appearance", one_of("default", "simple", "minimal")),
    "callout-icon": _set("callout_icon", boolean),
    "resource-path": _add_resource_path,
    "footer": _set("footer", text),
    "slide-number": _set("slide_number", _slide_number),
    "incremental": _set("incremental", boolean),
    "navigation-mode": _set("navigation_mode", one_of("linear", "vertical", "grid")),
    "title-slide": _set("title_slide", boolean),
    "width": quarto_keys.size("width"),
    "height": quarto_keys.size("height"),
    "margin": _set_margin,
    "transition": _set_reveal("transition", one_of("none", "fade", "slide", "convex", "concave", "zoom")),
    "background-transition": _set_reveal(
        "backgroundTransition", one_of("none", "fade", "slide", "convex", "concave", "zoom")
    ),
    "center": _set_reveal("center", boolean),
    "controls": _set_reveal("controls", boolean),
    "progress": _set_reveal("progress", boolean),
    "hash": _set_reveal("hash", boolean),
    "reveal": _set_reveal_mapping,
    "execute": _set_execute,
    "executors": _set_executors,
    "pdf": _set_pdf,
    "check": _set_check,
    "embed-resources": _set("embed_resources", boolean),
    "from": _set_from,
    "mermaid": _set_mermaid,
    "scroll-view": scroll_view.set_scroll_view,
    "toc": _set("toc", boolean),
    "toc-depth": _set("toc_depth", whole_number),
    "toc-title": _set("toc_title", text),
    "view": scroll_view.set_view,
    "output-dir": _set("output_dir", text),
    "decks": _set("decks", _as_str_list),
    # Quarto's code blocks (rendering/code_blocks.py).
    "code-annotations": _set("code_annotations", _code_annotations),
    "code-block-background": _set("code_block_background", boolean),
    "code-fold": _set("code_fold", _bool_or_show),
    "code-summary": _set("code_summary", text),
    "tbl-colwidths": _set("tbl_colwidths", _tbl_colwidths),
    "fig-align": _set("fig_align", one_of(*FIG_ALIGNS)),
    # Quarto's keys whose meaning deckbuild gives them (deckbuild/quarto/frontmatter.py).
    **quarto_keys.SCHEMA,
    **code_keys.SCHEMA,  # how code looks: highlight-style, code-copy, code-overflow, … (deckbuild/quarto/code_keys.py)
}
SCHEMA.update(references_schema)  # crossref:, bibliography:, csl:, nocite: … (deckbuild.references.settings)


def flatten_format(data: dict[str, Any], source: Source, warnings: list[DeckError] | None = None) -> dict[str, Any]:
    """Accept Quarto's `format: revealjs: {...}` (and its other spellings) as the flat form."""
    return formats.flatten(data, source, warnings if warnings is not None else [])


def apply(config: DeckConfig, data: dict[str, Any], source: Source, *, project: bool = False) -> DeckConfig:
    """Apply one layer of settings; every problem in the layer is reported together, and for a
    deck its theme is found in the same pass (before any cell runs)."""
    quarto = not project and _comes_from_quarto(data, source)
    notices: list[DeckError] = []
    problems: list[DeckError] = []
    failed: set[str] = set()
    try:
        data = flatten_format(data, source, notices)
    except ConfigError as exc:
        if not project:  # a project's formats are for all its documents, not only its decks
            problems.append(exc)
        data = {k: v for k, v in data.items() if k != "format"}
    config.meta.update(data)
    config.lines.update(source.lines)
    for key, value in data.items():
        line = source.lines.get(str(key), source.first_line)
        try:
            _apply_key(config, str(key), value, project)
        except ValueError as exc:
            failed.add(str(key))
            problems.append(ConfigError(f"{key}: {exc}", path=source.path, line=line))
        except DeckError as exc:  # placed within the value already
            problems.append(exc.place(source.path, line))
        except _UnknownKey as exc:
            notices.append(DeckError(exc.what, path=source.path, line=line, fix=exc.fix))
        except _Unsupported:
            notices.append(DeckError(ignored(str(key)), path=source.path, line=line))
    if any(key in data for key in AUTHOR_KEYS) and not failed & set(AUTHOR_KEYS):
        notices.extend(_normalize_authors(config, source))
    if ("date-format" in data or "lang" in data) and config.date and uses_names(config.date_format) \
            and names_for(config.lang) is None:
        notices.append(DeckError(f"date-format: no names of months and days are known for `lang: {config.lang}`; "
                                 "they are written in English", path=source.path,
                                 line=config.lines.get("date-format", source.first_line),
                                 fix="write the date as text in its language, or use a numeric format"))
    _warn_once(config, notices)
    if quarto:
        config.quarto = True
        _quarto_defaults(config, data)
    if not project and "theme" not in failed:
        problems.extend(quarto_keys.theme_problems(config, source))
    if not project and not failed & {"css", "logo", "title-slide-attributes", "resource-path"}:
        problems.extend(quarto_keys.file_problems(config, source))
    if problems:
        raise ConfigError("", problems=problems)
    return config


def _warn_once(config: DeckConfig, notices: list[DeckError]) -> None:
    """A layer's warnings, each said once however many layers repeat the key."""
    said = {warning.what for warning in config.warnings}
    for notice in notices:
        if notice.what not in said:
            said.add(notice.what)
            config.warnings.append(notice)


class _UnknownKey(Exception):
    def __init__(self, what: str, fix: str) -> None:
        super().__init__(what)
        self.what, self.fix = what, fix


class _Unsupported(Exception):
    pass


def _apply_key(config: DeckConfig, key: str, value: Any, project: bool) -> None:
    if key in SCHEMA and (project or key not in PROJECT_ONLY):
        SCHEMA[key](config, value)
    elif key in _REVEAL_KEBAB or key in REVEAL_SETTINGS:
        setting = _REVEAL_KEBAB.get(key, key)
        config.reveal[setting] = reveal_settings.checked(setting, value)
    elif is_silent(key) or (project and key in quarto_keys.PROJECT_KEYS):
        return
    elif key in QUARTO_ONLY or key in WARNED:
        raise _Unsupported(key)
    else:
        known = [k for k in SCHEMA if project or k not in PROJECT_ONLY] + list(_REVEAL_KEBAB) + sorted(WARNED)
        near = options.nearest(key, known)
        hint = f"did you mean `{near}`?" if near else "see the front matter keys in the README"
        raise _UnknownKey(f"unknown front matter key `{key}` (ignored)", hint)
