"""Quarto's `date` and `date-format`: the date a title slide shows, as Quarto resolves it.

    date: today | now | last-modified     the render's day, its moment, the source file's mtime
    date: 2005-03-07, 03/07/2005, …       a date Quarto reads (its forms, ISO timestamps,
                                          "March 7, 2005", "7 March 2005") is written again
    date: Spring term                     anything else is shown as written
    date-format: full|long|medium|short|iso, or dayjs tokens (`MMMM D, YYYY`, `dddd`, `hh:mm A`, `[at] H`)

Without `date-format` a date is written `iso` (2005-03-07), as Quarto does. Names of months and
days, and the named styles, come in the deck's language (`DateNames`: English is built in, the
others come from `date_names`). Everything here is a pure function of its arguments: the caller
passes the clock (`Clock`) and the names, so a render's `today` is the day it ran and a test pins it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

MONTHS = ("January February March April May June July August September October November December").split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
SPECIAL = ("today", "now", "last-modified")
NAMED = {
    "full": "dddd, MMMM D, YYYY",
    "long": "MMMM D, YYYY",
    "medium": "MMM D, YYYY",
    "short": "M/D/YY",
    "iso": "YYYY-MM-DD",
}
"""Quarto's date styles, as `Intl.DateTimeFormat` writes them in English (en-US)."""


def _english_ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


@dataclass(frozen=True, slots=True)
class DateNames:
    """A language's names for dates; days run from Monday."""

    months: tuple[str, ...]
    months_short: tuple[str, ...]
    days: tuple[str, ...]
    days_short: tuple[str, ...]
    days_min: tuple[str, ...]
    ordinal: Callable[[int], str]
    """dayjs's `Do`: 1st, 2nd (English), 1er (French), 7. (German)."""
    styled: Callable[[datetime, str], str] | None = None
    """`full`, `long`, `medium`, `short` as `Intl` writes them; None: English's `NAMED` patterns."""


ENGLISH = DateNames(tuple(MONTHS), tuple(m[:3] for m in MONTHS), tuple(DAYS), tuple(d[:3] for d in DAYS),
                    tuple(d[:2] for d in DAYS), _english_ordinal)


@dataclass(frozen=True, slots=True)
class Clock:
    """What `today`, `now` and `last-modified` mean for one render."""

    now: datetime
    """The render's moment, with its time zone."""
    modified: datetime | None = None
    """The source file's modification time; None when the deck has no file."""


# --------------------------------------------------------------------------- reading a date

_NUMERIC = (  # Quarto's forms, tried in its order: (pattern, year, month, day groups)
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), 3, 1, 2),
    (re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})"), 3, 1, 2),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2})"), 3, 1, 2),
    (re.compile(r"(\d{1,2})-(\d{1,2})-(\d{2})"), 3, 1, 2),
    (re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})"), 1, 2, 3),
    (re.compile(r"(\d{1,2}) (\d{1,2}) (\d{4})"), 3, 2, 1),
    (re.compile(r"(\d{1,2}) (\d{1,2}), (\d{4})"), 3, 1, 2),
)
_ISO_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?")
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?"
_MONTH_FIRST = re.compile(rf"{_WEEKDAY}{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.IGNORECASE)
_DAY_FIRST = re.compile(rf"{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})", re.IGNORECASE)


def parse_date(text: str) -> datetime | None:
    """The moment `text` names, in the forms Quarto reads; None for anything else."""
    text = text.strip()
    timed = _ISO_TIME.fullmatch(text)
    if timed:
        return _timestamp(timed)
    for pattern, year, month, day in _NUMERIC:
        found = pattern.fullmatch(text)
        if found:
            return _day(_full_year(found.group(year)), int(found.group(month)), int(found.group(day)))
    if found := _MONTH_FIRST.fullmatch(text):
        return _day(int(found.group(3)), _month(found.group(1)), int(found.group(2)))
    if found := _DAY_FIRST.fullmatch(text):
        return _day(int(found.group(3)), _month(found.group(2)), int(found.group(1)))
    return None


def _full_year(digits: str) -> int:
    """Two-digit years as dayjs reads them: 00–68 are 2000s, 69–99 are 1900s."""
    year = int(digits)
    return year if len(digits) == 4 else 2000 + year if year < 69 else 1900 + year


def _month(name: str) -> int:
    return [month[:3].lower() for month in MONTHS].index(name[:3].lower()) + 1


def _day(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day)
    except ValueError:  # 02/30/2024: not a day, so shown as written
        return None


def _timestamp(found: re.Match[str]) -> datetime | None:
    year, month, day, hour, minute = (int(found.group(i)) for i in range(1, 6))
    zone = found.group(7)
    try:
        moment = datetime(year, month, day, hour, minute, int(found.group(6) or 0))
    except ValueError:
        return None
    if zone:
        offset = 0 if zone == "Z" else int(zone[1:3]) * 60 + int(zone[-2:])
        moment = moment.replace(tzinfo=timezone(timedelta(minutes=-offset if zone[0] == "-" else offset)))
    return moment


# --------------------------------------------------------------------------- writing a date

_TOKENS = re.compile(r"\[([^\]]*)]|Y{4}|YY|M{1,4}|Do|D{1,2}|d{1,4}|H{1,2}|h{1,2}|k{1,2}|a|A|m{1,2}|s{1,2}|"
                     r"SSS|Z{1,2}|Q|X|x|w{1,2}|W{1,2}|gggg|GGGG")


def format_date(moment: datetime, style: str, names: DateNames = ENGLISH) -> str:
    """`moment` written in Quarto's named `style` or with dayjs's format tokens, in `names`' language."""
    style = style.strip() if style.strip() in NAMED else style
    if names.styled is not None and style in NAMED and style != "iso":
        return names.styled(moment, style)
    pattern = NAMED.get(style, style)
    return _TOKENS.sub(lambda token: token.group(1) if token.group(1) is not None else _token(moment, token.group(), names),
                       pattern)


def _token(moment: datetime, token: str, names: DateNames) -> str:
    hour12 = moment.hour % 12 or 12
    iso_year, iso_week, _ = moment.isocalendar()
    weekday = moment.weekday()
    values = {
        "YYYY": f"{moment.year:04d}", "YY": f"{moment.year % 100:02d}",
        "M": str(moment.month), "MM": f"{moment.month:02d}",
        "MMM": names.months_short[moment.month - 1], "MMMM": names.months[moment.month - 1],
        "D": str(moment.day), "DD": f"{moment.day:02d}", "Do": names.ordinal(moment.day),
        "d": str((weekday + 1) % 7), "dd": names.days_min[weekday], "ddd": names.days_short[weekday],
        "dddd": names.days[weekday],
        "H": str(moment.hour), "HH": f"{moment.hour:02d}", "h": str(hour12), "hh": f"{hour12:02d}",
        "k": str(moment.hour or 24), "kk": f"{moment.hour or 24:02d}",
        "a": "am" if moment.hour < 12 else "pm", "A": "AM" if moment.hour < 12 else "PM",
        "m": str(moment.minute), "mm": f"{moment.minute:02d}", "s": str(moment.second), "ss": f"{moment.second:02d}",
        "SSS": f"{moment.microsecond // 1000:03d}", "Z": _offset(moment, ":"), "ZZ": _offset(moment, ""),
        "Q": str((moment.month - 1) // 3 + 1), "X": str(int(_aware(moment).timestamp())),
        "x": str(int(_aware(moment).timestamp() * 1000)), "w": str(_us_week(moment)), "ww": f"{_us_week(moment):02d}",
        "W": str(iso_week), "WW": f"{iso_week:02d}", "GGGG": f"{iso_year:04d}", "gggg": f"{moment.year:04d}",
    }  # fmt: skip
    return values.get(token, token)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.astimezone()


def _offset(moment: datetime, separator: str) -> str:
    delta = _aware(moment).utcoffset() or timedelta()
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{separator}{abs(minutes) % 60:02d}"


def _us_week(moment: datetime) -> int:
    """dayjs's `w` in its English locale: weeks start on Sunday, week 1 holds January 1st."""
    first = date(moment.year, 1, 1)
    start = first - timedelta(days=(first.weekday() + 1) % 7)
    return (moment.date() - start).days // 7 + 1


# --------------------------------------------------------------------------- the two together


def resolve_date(value: str, style: str | None, clock: Clock, names: DateNames = ENGLISH) -> str:
    """What the title slide shows for `date: value` with `date-format: style` (None: iso)."""
    text = value.strip()
    moment = special_date(text, clock)
    if moment is None:
        moment = parse_date(text)
    return format_date(moment, style or "iso", names) if moment is not None else value


def special_date(text: str, clock: Clock) -> datetime | None:
    """`today` (the render's day, at midnight), `now`, `last-modified`; None for other text."""
    if text == "today":
        return clock.now.replace(hour=0, minute=0, second=0, microsecond=0)
    if text == "now":
        return clock.now
    if text == "last-modified":
        return clock.modified or clock.now
    return None


def uses_names(style: str | None) -> bool:
    """Whether `style` writes names of months or days (which a language has its own of)."""
    if style is None:
        return False
    return style.strip() in ("full", "long", "medium") or re.search(r"MMM|dd|Do", re.sub(r"\[[^\]]*]", "", style)) is not None
