"""Front matter and project settings → one validated, typed `DeckConfig`.

Precedence, lowest first: built-in defaults < project file (`[tool.deckbuild]` in a
pyproject.toml, or deckbuild.yaml) < the deck's front matter < command-line options. Quarto's
nesting under `format: revealjs:` is flattened first, so both spellings mean the same. Every
key is converted by one entry of `SCHEMA`; all mistakes of a layer are reported together.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from typing import Any, Callable

from deckbuild.config import Author, DeckConfig, ExecuteOptions, ExecutorConfig, Source
from deckbuild.errors import ConfigError


REVEAL_SETTINGS = frozenset(
    """controls controlsTutorial controlsLayout controlsBackArrows progress slideNumber
    showSlideNumber hashOneBasedIndex hash respondToHashChanges jumpToSlide history keyboard
    keyboardCondition disableLayout overview center touch loop rtl navigationMode shuffle
    fragments fragmentInURL embedded help pause showNotes showHiddenSlides autoPlayMedia
    preloadIframes autoAnimate autoAnimateMatcher autoAnimateEasing autoAnimateDuration
    autoAnimateUnmatched autoAnimateStyles autoSlide autoSlideStoppable autoSlideMethod
    defaultTiming mouseWheel previewLinks postMessage postMessageEvents
    focusBodyOnPageVisibilityChange transition transitionSpeed backgroundTransition
    parallaxBackgroundImage parallaxBackgroundSize parallaxBackgroundRepeat
    parallaxBackgroundPosition parallaxBackgroundHorizontal parallaxBackgroundVertical
    pdfMaxPagesPerSlide pdfSeparateFragments pdfPageHeightOffset viewDistance
    mobileViewDistance display hideInactiveCursor hideCursorTime sortFragmentsOnSync width
    height margin minScale maxScale view scrollProgress scrollSnap scrollLayout
    scrollActivationWidth hideAddressBar""".split()
)

# Keys Quarto knows that deckbuild does not do yet: a warning, so a Quarto talk still renders.
QUARTO_ONLY = frozenset(
    """chalkboard bibliography csl multiplex menu toc toc-depth toc-title number-sections
    highlight-style code-copy code-overflow code-fold code-tools filters jupyter engine
    revealjs-plugins self-contained standalone editor mermaid crossref citation description
    smaller scrollable auto-stretch fig-responsive fig-align fig-width fig-height fig-dpi
    preview-links reference-location cap-location tbl-cap-location pdf-separate-fragments
    link-external-newwindow include-in-header include-before-body include-after-body
    knitr format-links html-math-method output-file execute-dir categories abstract
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


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {value!r}")


def _as_str(value: Any) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    if hasattr(value, "isoformat"):  # YAML turns 2026-01-31 into a date
        return value.isoformat()
    raise ValueError(f"expected text, got {value!r}")


def _as_str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError(f"expected text or a list of text, got {value!r}")


def _as_int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise ValueError(f"expected a positive whole number, got {value!r}")


def _as_authors(value: Any) -> list[Author]:
    items = value if isinstance(value, list) else [value]
    authors = []
    for item in items:
        if isinstance(item, str):
            authors.append(Author(item))
        elif isinstance(item, dict) and "name" in item:
            unknown = set(item) - {"name", "affiliation", "affiliations", "email", "orcid", "url"}
            if unknown:
                raise ValueError(f"unknown author field {sorted(unknown)[0]!r}")
            affiliation = item.get("affiliation", item.get("affiliations", ""))
            if isinstance(affiliation, list):
                affiliation = ", ".join(map(str, affiliation))
            authors.append(Author(str(item["name"]), str(affiliation), str(item.get("email", ""))))
        else:
            raise ValueError("expected a name, or a list of names or {name, affiliation, email}")
    return authors


def _one_of(*choices: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value in choices:
            return str(value)
        raise ValueError(f"expected one of {', '.join(choices)}, got {value!r}")

    return convert


def _slide_number(value: Any) -> bool | str:
    if isinstance(value, bool):
        return value
    if value in ("h.v", "h/v", "c", "c/t"):
        return str(value)
    raise ValueError(f"expected true, false, h.v, h/v, c or c/t, got {value!r}")


def _set(attr: str, convert: Callable[[Any], Any]) -> Callable[[DeckConfig, Any], None]:
    def apply(config: DeckConfig, value: Any) -> None:
        setattr(config, attr, convert(value))

    return apply


def _set_reveal(setting: str, convert: Callable[[Any], Any] | None = None):  # type: ignore[no-untyped-def]
    def apply(config: DeckConfig, value: Any) -> None:
        config.reveal[setting] = convert(value) if convert else value

    return apply


def _set_theme(config: DeckConfig, value: Any) -> None:
    if isinstance(value, str):
        config.theme = value
    elif isinstance(value, dict) and set(value) <= {"name", "vars"}:
        config.theme = _as_str(value.get("name", config.theme))
        variables = value.get("vars") or {}
        if not isinstance(variables, dict):
            raise ValueError("theme vars must be a mapping of variable: value")
        config.theme_vars.update({str(k): _as_str(v) for k, v in variables.items()})
    else:
        raise ValueError("expected a theme name or path, or {name: NAME, vars: {...}}")


def _set_margin(config: DeckConfig, value: Any) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        config.reveal["margin"] = value
    else:
        raise ValueError(f"expected a fraction of the slide such as 0.05, got {value!r}")


def _set_reveal_mapping(config: DeckConfig, value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError("expected a mapping of reveal.js settings")
    for key, setting_value in value.items():
        setting = key if key in REVEAL_SETTINGS else _REVEAL_KEBAB.get(str(key))
        if setting is None:
            near = _nearest(camel(str(key)), REVEAL_SETTINGS)
            raise ValueError(f"reveal.js has no setting {key!r}" + (f"; did you mean {near!r}?" if near else ""))
        config.reveal[setting] = setting_value


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
    config.execute = parse_execute(value, config.execute)


def _set_executors(config: DeckConfig, value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError("expected a mapping of executor names to {gateway: URL, token-env: VAR}")
    for name, spec in value.items():
        if not isinstance(spec, dict) or "gateway" not in spec:
            raise ValueError(f"executor {name!r} needs a gateway: URL")
        unknown = set(spec) - {"gateway", "token-env", "kernel", "fallback", "ca-bundle"}
        if unknown:
            raise ValueError(f"executor {name!r} has an unknown key {sorted(unknown)[0]!r}")
        config.executors[str(name)] = ExecutorConfig(
            name=str(name),
            gateway=_as_str(spec["gateway"]),
            token_env=spec.get("token-env"),
            kernel=_as_str(spec.get("kernel", "python3")),
            fallback=_one_of("cache", "local", "error")(spec.get("fallback", "cache")),
            ca_bundle=spec.get("ca-bundle"),
        )


def _set_pdf(config: DeckConfig, value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError("expected a mapping such as {fragments: true, notes: page}")
    unknown = set(value) - {"fragments", "notes", "page-size", "slides"}
    if unknown:
        raise ValueError(f"pdf has no option {sorted(unknown)[0]!r} (fragments, notes, page-size, slides)")
    pdf = config.pdf
    if "fragments" in value:
        pdf.fragments = _as_bool(value["fragments"])
    if "notes" in value:
        pdf.notes = _one_of("page", "below")(value["notes"]) if value["notes"] not in (False, None) else None
    if "page-size" in value:
        pdf.page_size = _as_str(value["page-size"])
    if "slides" in value:
        pdf.slides = _as_str(value["slides"])


EXECUTE_KEYS: dict[str, Callable[[Any], Any]] = {
    "eval": _as_bool,
    "echo": lambda v: v if v == "fenced" else _as_bool(v),
    "output": lambda v: v if v == "asis" else _as_bool(v),
    "error": _as_bool,
    "warning": _as_bool,
    "cache": _as_bool,
    "timeout": lambda v: float(v) if isinstance(v, (int, float)) and v > 0 else _bad_timeout(v),
    "kernel": _as_str,
}


def _bad_timeout(value: Any) -> float:
    raise ValueError(f"timeout must be a number of seconds, got {value!r}")


def parse_execute(value: Any, base: ExecuteOptions | None = None) -> ExecuteOptions:
    if not isinstance(value, dict):
        raise ValueError("expected a mapping such as {echo: false, cache: true}")
    options = replace(base) if base else ExecuteOptions()
    for key, item in value.items():
        if key not in EXECUTE_KEYS:
            near = _nearest(str(key), EXECUTE_KEYS)
            raise ValueError(f"execute has no option {key!r}" + (f"; did you mean {near!r}?" if near else ""))
        setattr(options, key, EXECUTE_KEYS[key](item))
    return options


SCHEMA: dict[str, Callable[[DeckConfig, Any], None]] = {
    "title": _set("title", _as_str),
    "subtitle": _set("subtitle", _as_str),
    "author": _set("authors", _as_authors),
    "date": _set("date", _as_str),
    "institute": _set("institute", _as_str),
    "subject": _set("subject", _as_str),
    "lang": _set("lang", _as_str),
    "keywords": _set("keywords", _as_str_list),
    "theme": _set_theme,
    "css": _set("css", _as_str_list),
    "logo": _set("logo", _as_str),
    "footer": _set("footer", _as_str),
    "slide-number": _set("slide_number", _slide_number),
    "incremental": _set("incremental", _as_bool),
    "navigation-mode": _set("navigation_mode", _one_of("linear", "vertical", "grid")),
    "title-slide": _set("title_slide", _as_bool),
    "width": _set("width", _as_int),
    "height": _set("height", _as_int),
    "margin": _set_margin,
    "transition": _set_reveal("transition", _one_of("none", "fade", "slide", "convex", "concave", "zoom")),
    "background-transition": _set_reveal(
        "backgroundTransition", _one_of("none", "fade", "slide", "convex", "concave", "zoom")
    ),
    "center": _set_reveal("center", _as_bool),
    "controls": _set_reveal("controls", _as_bool),
    "progress": _set_reveal("progress", _as_bool),
    "hash": _set_reveal("hash", _as_bool),
    "reveal": _set_reveal_mapping,
    "execute": _set_execute,
    "executors": _set_executors,
    "pdf": _set_pdf,
    "embed-resources": _set("embed_resources", _as_bool),
    "from": _set_from,
    "output-dir": _set("output_dir", _as_str),
    "decks": _set("decks", _as_str_list),
}


def _nearest(key: str, known) -> str | None:  # type: ignore[no-untyped-def]
    matches = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def flatten_format(data: dict[str, Any], source: Source) -> dict[str, Any]:
    """Accept Quarto's `format: revealjs: {...}` (and `format: revealjs`) as the flat form."""
    if "format" not in data:
        return data
    fmt = data["format"]
    flat = {k: v for k, v in data.items() if k != "format"}
    if fmt == "revealjs" or fmt == "deckbuild":
        return flat
    if isinstance(fmt, dict) and ("revealjs" in fmt or "deckbuild" in fmt):
        nested = fmt.get("revealjs") or fmt.get("deckbuild") or {}
        if not isinstance(nested, dict):
            raise ConfigError("format: revealjs: must hold a mapping of options", path=source.path,
                              line=source.lines.get("format"))
        for key, value in nested.items():
            source.lines.setdefault(key, source.lines.get(f"format.revealjs.{key}", source.lines.get("format", 1)))
        flat.update(nested)
        return flat
    raise ConfigError(
        f"format {fmt!r} is not a reveal.js format",
        path=source.path,
        line=source.lines.get("format"),
        fix="use `format: revealjs` or leave `format` out",
    )


def apply(config: DeckConfig, data: dict[str, Any], source: Source, *, project: bool = False) -> DeckConfig:
    """Apply one layer of settings; every problem in the layer is reported together."""
    data = flatten_format(data, source)
    config.lines.update(source.lines)
    problems: list[str] = []
    for key, value in data.items():
        line = source.lines.get(str(key), source.first_line)
        where = f"{source.path}:{line}: "
        try:
            _apply_key(config, str(key), value, project)
        except ValueError as exc:
            problems.append(f"{where}{key}: {exc}")
        except _UnknownKey as exc:
            problems.append(where + str(exc))
        except _Unsupported:
            if key in INCLUDES:
                config.warnings.append(f"{where}`{key}`: deckbuild reads only the MathJax macros in it; the rest is ignored")
            else:
                config.warnings.append(f"{where}`{key}` is a Quarto option deckbuild does not support yet; ignored")
    if problems:
        raise ConfigError("\n".join(problems))
    return config


class _UnknownKey(Exception):
    pass


class _Unsupported(Exception):
    pass


def _apply_key(config: DeckConfig, key: str, value: Any, project: bool) -> None:
    if key in SCHEMA and (project or key not in PROJECT_ONLY):
        SCHEMA[key](config, value)
    elif key in _REVEAL_KEBAB or key in REVEAL_SETTINGS:
        config.reveal[_REVEAL_KEBAB.get(key, key)] = value
    elif key in QUARTO_ONLY:
        if key in INCLUDES:  # kept for the MathJax macros a deck defines there
            config.includes[key] = value
        raise _Unsupported(key)
    else:
        known = [k for k in SCHEMA if project or k not in PROJECT_ONLY] + list(_REVEAL_KEBAB)
        near = _nearest(key, known)
        hint = f" — did you mean `{near}`?" if near else " — see the front matter keys in the README"
        raise _UnknownKey(f"unknown front matter key `{key}`{hint}")
