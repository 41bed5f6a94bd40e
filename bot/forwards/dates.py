"""ISO 8601 from dates as mail clients write them: Swedish, English, Nordic and German forms."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

_MONTH_NAMES = (
    "januari jan january januar tammikuuta tammik tammi",
    "februari feb february februar helmikuuta helmik helmi",
    "mars mar march marts märz maaliskuuta maalisk maalis",
    "april apr huhtikuuta huhtik huhti",
    "maj may mai toukokuuta toukok touko",
    "juni jun june kesäkuuta kesäk kesä",
    "juli jul july heinäkuuta heinäk heinä",
    "augusti aug august elokuuta elok elo",
    "september sep sept syyskuuta syysk syys",
    "oktober okt october oct lokakuuta lokak loka",
    "november nov marraskuuta marrask marras",
    "december dec desember des dezember dez joulukuuta jouluk joulu",
)
_MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
_WORD = r"[^\W\d_]+"
_DAY_FIRST = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\.?\s+(?P<month>{_WORD})\.?,?\s+(?P<year>\d{{4}})(?!\d)")
_MONTH_FIRST = re.compile(
    rf"(?P<month>{_WORD})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})(?!\d)")
_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"(?<![\d.:/-])(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<year>\d{4}|\d{2})"
                      r"(?!\d)")
_TIME = re.compile(r"(?<![\d+\-:.])(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?(?!\d)"
                   r"(?:\s*(?P<half>[ap])\.?\s?m\.?(?![^\W\d_]))?")
_HALF_DAY = re.compile(r"\d\s*[ap]\.?\s?m\b\.?")
_OFFSET = re.compile(r"(?<![\d:])(?P<sign>[+-])(?P<hh>\d{1,2})(?::?(?P<mm>\d{2}))?(?!\d)")
_ZONES = {"utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 60, "bst": 60, "cet": 60, "cest": 120,
          "eet": 120, "eest": 180, "est": -300, "edt": -240, "pst": -480, "pdt": -420}
_ZONE_NAME = re.compile(r"(?<![^\W\d_])(?P<name>" + "|".join(_ZONES) + r")(?![^\W\d_])")


def parse_date(text: str | None) -> str | None:
    """ISO 8601 from a date as mail clients write it, e.g. "den 4 november 2009 12:34",
    "4 nov. 2009 kl. 12:34", "2009-11-04 12:34", "Wed, Dec 4, 2024 at 6:36 PM"."""
    if not text:
        return None
    lowered = " ".join(text.lower().split())
    found = _find_day(lowered, month_first=bool(_HALF_DAY.search(lowered)))
    if found is None:
        return None
    day, rest = found
    clock = _find_time(rest)
    if clock is None:
        return day.isoformat()
    (hour, minute, second), after = clock
    try:
        return datetime(day.year, day.month, day.day, hour, minute, second,
                        tzinfo=_find_zone(after)).isoformat()
    except ValueError:
        return day.isoformat()


def _find_day(text: str, month_first: bool) -> tuple[date, str] | None:
    for pattern in (_ISO, _DAY_FIRST, _MONTH_FIRST, _NUMERIC):
        for match in pattern.finditer(text):
            day = _day_of(match, month_first)
            if day is not None:
                return day, text[: match.start()] + " " + text[match.end():]
    return None


def _day_of(match: re.Match[str], month_first: bool) -> date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    year += (2000 if year < 70 else 1900) if year < 100 else 0
    if "a" in groups:  # numeric: day first (Europe) unless AM/PM or the numbers say otherwise
        a, b = int(groups["a"]), int(groups["b"])
        day, month = (b, a) if (b > 12 >= a) or (month_first and a <= 12) else (a, b)
    else:
        raw = groups["month"]
        month = int(raw) if raw.isdigit() else _MONTHS.get(raw, 0)
        day = int(groups["day"])
    try:
        return date(year, month, day) if 1900 <= year <= 2100 else None
    except ValueError:
        return None


def _find_time(text: str) -> tuple[tuple[int, int, int], str] | None:
    match = _TIME.search(text)
    if match is None:
        return None
    hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    if match["half"] == "p" and hour < 12:
        hour += 12
    elif match["half"] == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return (hour, minute, second), text[match.end():]


def _find_zone(text: str) -> timezone | None:
    offset = _OFFSET.search(text)
    if offset is not None:
        minutes = int(offset["hh"]) * 60 + int(offset["mm"] or 0)
        if minutes <= 14 * 60:
            return timezone(timedelta(minutes=-minutes if offset["sign"] == "-" else minutes))
    name = _ZONE_NAME.search(text)
    return timezone(timedelta(minutes=_ZONES[name["name"]])) if name else None


def _sortable(iso: str) -> str:
    return iso[:19]  # local wall time: dates with and without a zone still compare
