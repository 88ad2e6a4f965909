"""Dates in any form an article writes them, resolved to calendar days.

"Tuesday", "Jan. 6", "6 January 2026", "January 5", "2026-01-06" and a dateline
("PARIS, Jan 6 (Wire) -") become days. A weekday alone is the latest such day on
or before the story's date (news reports what happened, most often that day or
the days before); a weekday next to an explicit date is checked against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january february march april may june july august september october november december"
).split()

_MONTH = r"(?P<{g}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<{g}>(?:19|20)\d\d))?"
_WEEKDAY = r"(?P<wd>(?:mon|tues|wednes|thurs|fri|satur|sun)day)(?:,?\s+)?"
_DATE = re.compile(
    rf"\b(?:{_WEEKDAY})?(?:"
    rf"{_MONTH.format(g='m1')}\s+{_DAY.format(g='d1')}(?!\d){_YEAR.format(g='y1')}"
    rf"|{_DAY.format(g='d2')}\s+(?:of\s+)?{_MONTH.format(g='m2')}{_YEAR.format(g='y2')}"
    rf"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)"
    rf")?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    day: date | None  # None when the text does not make a valid day
    weekday_only: bool  # "Tuesday" alone, resolved by the story's date
    consistent: bool = True  # a weekday written next to a date matches it


def _month(name: str) -> int:
    return next(n for n, m in enumerate(MONTHS, 1) if m.startswith(name.lower()[:3]))


def _resolve_weekday(weekday: int, ref: date) -> date:
    return ref - timedelta(days=(ref.weekday() - weekday) % 7)


def dates(text: str, ref: date, *, offset: int = 0) -> list[DateMention]:
    """Date mentions in ``text`` (offsets shifted by ``offset``), resolved against ``ref``."""
    out = []
    for m in _DATE.finditer(text):
        if not m.group(0).strip():
            continue
        wd = m.group("wd")
        weekday = WEEKDAYS.index(wd.lower()) if wd else None
        day: date | None = None
        try:
            if m.group("iso"):
                day = date.fromisoformat(m.group("iso"))
            elif m.group("m1") or m.group("m2"):
                month = _month(m.group("m1") or m.group("m2"))
                d = int(m.group("d1") or m.group("d2"))
                year = int(m.group("y1") or m.group("y2") or ref.year)
                day = date(year, month, d)
                if not (m.group("y1") or m.group("y2")) and abs((day - ref).days) > 183:
                    day = date(year + (1 if day < ref else -1), month, d)
        except ValueError:
            continue  # "May 40", "the 31st of June": not a day
        if day is None and weekday is None:
            continue
        if day is None:
            assert weekday is not None
            out.append(
                DateMention(
                    offset + m.start(), offset + m.end(), m.group(0).strip(),
                    _resolve_weekday(weekday, ref), weekday_only=True,
                )
            )  # fmt: skip
            continue
        consistent = weekday is None or day.weekday() == weekday
        out.append(
            DateMention(
                offset + m.start(), offset + m.end(), m.group(0).strip(), day,
                weekday_only=False, consistent=consistent,
            )
        )  # fmt: skip
    return out


def parse_day(value: str | None) -> date | None:
    """A golden ``time`` value ("2026-01-06", "2026-01-06T14:00") as a day."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
