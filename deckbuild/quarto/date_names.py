"""Names of months and days, and Quarto's named date styles, in a deck's language.

Quarto writes `full`, `long`, `medium` and `short` with the JavaScript `Intl` formats of the
deck's `lang`, and month and day tokens (`MMMM`, `dddd`) with dayjs's locale of that language.
Both come from the Unicode CLDR; deckbuild reads the same data through Babel, imported only for
a deck whose language is not American English (`en`, `en-US`: the built-in `dates.ENGLISH`).
A language Babel does not know is written in English, and `names_for` says so with None.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from deckbuild.quarto.dates import ENGLISH, DateNames

ORDINALS = {"fr": lambda day: "1er" if day == 1 else str(day), "de": lambda day: f"{day}.",
            "es": lambda day: f"{day}º", "it": lambda day: f"{day}º", "pt": lambda day: f"{day}º"}
"""dayjs's `Do` in the languages whose locale writes it otherwise than as the bare number."""


@cache
def names_for(lang: str) -> DateNames | None:
    """The names for `lang` (`fr`, `de-CH`, `pt_BR`); None when there is no locale for it."""
    tag = lang.strip().replace("-", "_")
    if tag.lower() in ("", "en", "en_us"):
        return ENGLISH
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date, get_day_names, get_month_names

    try:
        locale = Locale.parse(tag)
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    months, short_months = get_month_names("wide", locale=locale), get_month_names("abbreviated", locale=locale)
    days = get_day_names("wide", locale=locale)

    def styled(moment: datetime, style: str) -> str:
        return str(format_date(moment.date(), style, locale=locale))

    return DateNames(
        months=tuple(months[i] for i in range(1, 13)), months_short=tuple(short_months[i] for i in range(1, 13)),
        days=tuple(days[i] for i in range(7)),
        days_short=tuple(get_day_names("abbreviated", locale=locale)[i] for i in range(7)),
        days_min=tuple(get_day_names("short", locale=locale)[i] for i in range(7)),
        ordinal=ORDINALS.get(locale.language, str), styled=styled,
    )
