"""Dates in page text: a dateline, the published date of an article."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from factcheck._text import MONTH_ABBREVIATIONS

if TYPE_CHECKING:
    from factcheck.clean.paragraphs import Paragraph


_DATE_RE = re.compile(
    r"\b(?:(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2})"
    r"|(?P<mdy>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+(?:19|20)\d{2})"
    r"|(?P<dmy>\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?:19|20)\d{2})"
    r"|(?P<num>\d{1,2}/\d{1,2}/(?:19|20)\d{2}))\b",
    re.IGNORECASE,
)
_LEADING_DATE = re.compile(r"^(?:date\s*:?\s*)?(?:19|20)\d{2}-\d{2}-\d{2}\s*[-–—|:]?\s*", re.I)
_MONTHS = {m: i for i, m in enumerate(MONTH_ABBREVIATIONS, 1)}


def find_date(text: str) -> str | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD``, if any."""
    for m in _DATE_RE.finditer(text):
        if m.group("iso"):
            return m.group("iso")
        if m.group("num"):
            iso = _numeric_date(m.group("num"))
            if iso:
                return iso
            continue
        return _named_month_date(m)
    return None


def _numeric_date(text: str) -> str | None:
    """A numeric date ("12/12/2015", "25/12/2015", "12/25/2015") as ISO; None when the
    numbers do not decide which is the day and which the month (03/04/2015)."""
    a, b, year = (int(n) for n in text.split("/"))
    if a == b or (b <= 12 < a):
        day, month = a, b
    elif a <= 12 < b:
        day, month = b, a
    else:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _named_month_date(m: re.Match[str]) -> str:
    parts = re.findall(r"[A-Za-z]+|\d+", m.group("mdy") or m.group("dmy"))
    month = next(_MONTHS[p[:3].lower()] for p in parts if p[:3].lower() in _MONTHS)
    nums = [int(p) for p in parts if p.isdigit()]
    day, year = (nums[0], nums[1]) if nums[0] <= 31 else (nums[1], nums[0])
    return f"{year:04d}-{month:02d}-{day:02d}"


def _is_dateline(p: Paragraph) -> bool:
    return p.words <= 8 and _DATE_RE.search(p.text) is not None
