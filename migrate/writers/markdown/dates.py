"""Dates for front matter: the site's local time with the site's own UTC offset.

WordPress stores each date twice, local (``post_date``) and UTC (``post_date_gmt``);
their difference is the site's offset at that moment (DST included), rounded to 15
minutes. When the UTC twin is missing (drafts store ``0000-00-00``), the offset most
common in the export is used; the machine's time zone is never consulted.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta, timezone

_QUARTER = 15 * 60
_MAX_OFFSET = 14 * 3600  # UTC+14 is the farthest any zone goes
_USUAL = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", re.ASCII)


def parse(text: str | None) -> datetime | None:
    """``YYYY-MM-DD HH:MM:SS`` (WordPress's format), or None if absent or invalid."""
    if not text:
        return None
    text = text.strip()
    try:
        if _USUAL.fullmatch(text):  # strptime is slow; same result for the usual form
            return datetime.fromisoformat(text)
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def offset_seconds(local: str | None, gmt: str | None) -> int | None:
    """``local - gmt`` rounded to 15 minutes, or None when it cannot be known."""
    return _offset(parse(local), gmt)


def _offset(a: datetime | None, gmt: str | None) -> int | None:
    b = parse(gmt)
    if a is None or b is None:
        return None
    seconds = round((a - b).total_seconds() / _QUARTER) * _QUARTER
    return seconds if abs(seconds) <= _MAX_OFFSET else None


class Offsets:
    """Tallies the offsets seen in the first pass; the most common is the fallback."""

    def __init__(self) -> None:
        self._seen: Counter[int] = Counter()

    def add(self, local: str | None, gmt: str | None) -> None:
        seconds = offset_seconds(local, gmt)
        if seconds is not None:
            self._seen[seconds] += 1

    @property
    def usual(self) -> int | None:
        if not self._seen:
            return None
        # Ties go to the smaller offset so the result never depends on order.
        return min(self._seen, key=lambda s: (-self._seen[s], s))


def stamp(local: str | None, gmt: str | None, fallback: int | None) -> datetime | None:
    """The local time with its offset; naive when no offset is known at all."""
    when = parse(local)
    if when is None:
        return None
    seconds = _offset(when, gmt)
    if seconds is None:
        seconds = fallback
    if seconds is None:
        return when
    return when.replace(tzinfo=timezone(timedelta(seconds=seconds)))
