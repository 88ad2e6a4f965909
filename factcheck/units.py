"""Units of measure written the many ways news writes them: one name per unit.

"55%", "55 percent" and "55 per cent" are all ``percent``; "$100bn", "USD 100 billion"
and "100 billion dollars" are all ``dollar``; "2°C", "2C" and "2 degrees Celsius" are all
``degree``. spaCy's entity recogniser reads some of these spellings and not others
("2°C" is three tokens and no entity; "100bn" is an entity whose value it cannot read),
so :func:`scan` finds them in the text itself. Both the article's numbers and the golden
file's units go through :func:`canonical`, so the two meet whatever the spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: unit word (lower case) -> the unit's one name
_NAMES = {
    "%": "percent",
    "percent": "percent",
    "percentage": "percent",
    "pct": "percent",
    "per cent": "percent",
    "°": "degree",
    "°c": "degree",
    "°f": "degree",
    "degree": "degree",
    "degrees": "degree",
    "celsius": "degree",
    "centigrade": "degree",
    "fahrenheit": "degree",
    "$": "dollar",
    "us$": "dollar",
    "usd": "dollar",
    "dollar": "dollar",
    "dollars": "dollar",
    "€": "euro",
    "eur": "euro",
    "euro": "euro",
    "euros": "euro",
    "£": "pound",
    "gbp": "pound",
    "pound": "pound",
    "pounds": "pound",
    "sterling": "pound",
}

#: a scale word after a number ("100bn") -> its factor
SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
    "tn": 1e12,
    "trillion": 1e12,
}

_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s?(k|thousand|mn|mln|m|million|bn|billion|tn|trillion)\b)?"
_CURRENCY_BEFORE = r"(US\$|\$|€|£|USD|EUR|GBP)\s?"
#: money: "$100bn", "USD 100 billion", "€2.5 million"
_MONEY = re.compile(r"(?<![\w$€£])" + _CURRENCY_BEFORE + _NUM + _SCALE, re.IGNORECASE)
#: temperature: "2°C", "1.5 °C", "2C" (not "Article 2C": no letter or digit before)
_TEMPERATURE = re.compile(r"(?<![\w.])" + _NUM + r"\s?(?:°\s?[CF]?|[CF](?![\w°]))")


_TITLE_BEFORE = re.compile(r"\b[A-Z][a-z]*\s$")


@dataclass(frozen=True)
class Quantity:
    """A number with a unit found in the text: offsets, words, value, unit's name."""

    start: int
    end: int
    text: str
    value: float
    unit: str


def canonical(words: str | None) -> str | None:
    """The unit's one name for a unit as written ("per cent", "US dollars", "°C"), or
    None when the words name no unit of measure this module knows."""
    if not words:
        return None
    w = " ".join(words.lower().split())
    if w in _NAMES:
        return _NAMES[w]
    for part in re.findall(r"per cent|us\$|[$€£%°]|[a-z]+", w):
        if part in _NAMES:
            return _NAMES[part]
    return None


def scan(text: str) -> list[Quantity]:
    """Money and temperatures written with symbols or short scales, in text order."""
    out = []
    for m in _MONEY.finditer(text):
        currency, digits, scale = m.group(1), m.group(2), m.group(3)
        value = float(digits.replace(",", "")) * (SCALES[scale.lower()] if scale else 1)
        out.append(Quantity(m.start(), m.end(), m.group(0), value, _NAMES[currency.lower()]))
    for m in _TEMPERATURE.finditer(text):
        if "°" not in m.group(0) and _TITLE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue  # "Article 4C", "Gate 2F": a code after a name, not a temperature
        value = float(m.group(1).replace(",", ""))
        out.append(Quantity(m.start(), m.end(), m.group(0), value, "degree"))
    return sorted(out, key=lambda q: q.start)


_DEGREE_SIGN = re.compile(r"(\d)\s?°(?:\s?([CF])\b)?")


def plain(text: str) -> str:
    """``text`` with temperatures written one way: "2°C", "2 °C" and "2C" are all "2C"
    (words compared word by word must not differ by a degree sign)."""
    return _DEGREE_SIGN.sub(lambda m: m.group(1) + (m.group(2) or ""), text)
