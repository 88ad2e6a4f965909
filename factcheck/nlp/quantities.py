"""Numbers: a value or a range ("more than 30" is ``30..inf``, "several thousand" a
range), and the noun it counts."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from factcheck._text import MONTH_ABBREVIATIONS
from factcheck.nlp.entities import sentence_span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


#: Entity labels that carry a quantity.
NUMBER_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE"})
#: Nouns that make a DATE entity a duration ("11 months") rather than a date.
DURATION_NOUNS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"})

_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen
        fourteen fifteen sixteen seventeen eighteen nineteen twenty""".split()
    )
}
_WORD_NUMBERS.update(
    {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
)
_WORD_NUMBERS.update({"ninety": 90, "a": 1, "an": 1, "single": 1, "dozen": 12})
_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
        thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth
        twentieth""".split()
    )
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
#: Vague amounts as ranges, not points.
_VAGUE = {
    "several": (3.0, 9.0),
    "a few": (2.0, 5.0),
    "few": (2.0, 5.0),
    "dozens": (24.0, 99.0),
    "scores": (40.0, 200.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2_000.0, 9_999.0),
    "tens of thousands": (20_000.0, 99_999.0),
    "millions": (2e6, 9.99e8),
    "a couple of": (2.0, 3.0),
}
#: Qualifiers before a value and how they widen it.
_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("more than", "min"),
    ("over", "min"),
    ("upwards of", "min"),
    ("at least", "min"),
    ("fewer than", "max"),
    ("less than", "max"),
    ("under", "max"),
    ("up to", "max"),
    ("at most", "max"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("close to", "nearly"),
    ("around", "about"),
    ("about", "about"),
    ("approximately", "about"),
    ("roughly", "about"),
    ("some", "about"),
    ("an estimated", "about"),
    ("estimated", "about"),
)


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    text: str
    low: float
    high: float
    qualifier: str | None
    noun: str | None  # lemma of the counted noun
    sentence: tuple[int, int]
    year: bool = False  # a calendar year ("in 2026"), not a count


def _value(words: list[str]) -> float | None:
    """A number from its words: digits ("800,000"), words ("two"), scales ("3 million")."""
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        w = w.lower().strip(",")
        digits = w.replace(",", "")
        if re.fullmatch(r"\d+(\.\d+)?", digits):
            current += float(digits)
        elif re.fullmatch(r"\d+(st|nd|rd|th)", w):
            current += float(w[:-2])
        elif w in _ORDINALS:
            current += _ORDINALS[w]
        elif w in _WORD_NUMBERS and w not in {"a", "an"}:
            current += _WORD_NUMBERS[w]
        elif w in {"a", "an"}:
            current += 1
            continue
        elif w in _SCALES:
            current = (current or 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total += current
                current = 0
        elif "-" in w and all(p in _WORD_NUMBERS for p in w.split("-")):
            current += sum(_WORD_NUMBERS[p] for p in w.split("-"))
        else:
            continue
        seen = True
    return total + current if seen else None


def parse_number(phrase: str) -> tuple[float, float, str | None] | None:
    """``(low, high, qualifier)`` for a phrase such as "more than 30" or "several thousand"."""
    s = " ".join(phrase.lower().replace("-", " - ").split()).replace(" - ", "-")
    qualifier = None
    for q, _how in _QUALIFIERS:
        if s.startswith(q + " "):
            qualifier, s = q, s[len(q) + 1 :]
            break
    for vague, (lo, hi) in sorted(_VAGUE.items(), key=lambda kv: -len(kv[0])):
        if s == vague or s.startswith(vague + " "):
            rest = s[len(vague) :].split()
            scale = _value(rest) if rest and rest[0] in _SCALES else None
            f = scale or 1.0
            return lo * f, hi * f, qualifier or vague
    words = re.findall(r"[\w,.]+|-", s)
    words = [w.rstrip(".") if not re.fullmatch(r"\d+\.\d+", w) else w for w in words]
    value = _value([w for w in words if w != "-"])
    if value is None:
        return None
    how = dict(_QUALIFIERS).get(qualifier or "", "")
    if how == "min":
        return value, math.inf, qualifier
    if how == "max":
        return 0.0, value, qualifier
    if how == "nearly":
        return value * 0.9, value, qualifier
    if how == "about":
        return value * 0.9, value * 1.1, qualifier
    return value, value, qualifier


def _counted(span: Span) -> str | None:
    """Lemma of the noun a number phrase counts ("35 countries" -> "country")."""
    last = span[-1]
    for tok in (last, span.root):
        lemma = tok.lemma_.lower()
        if tok.pos_ in {"NOUN", "PROPN"} and not tok.like_num and parse_number(lemma) is None:
            return lemma
        head = tok.head
        if tok.dep_ in {"nummod", "quantmod", "amod", "npadvmod"} and head.i >= span.end:
            return head.lemma_.lower()
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            obj = next((c for c in of.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj.lemma_.lower()
    return None


def _is_ordinal(word: str) -> bool:
    return word in _ORDINALS or re.fullmatch(r"\d+(st|nd|rd|th)", word) is not None


#: A DATE entity that is a year alone: "2026", "the year 2022".
_YEAR_ALONE = re.compile(r"(?:the\s+)?(?:year\s+)?((?:1[89]|20)\d\d)")


def numbers(doc: Doc) -> list[Number]:
    """Quantities with what they count, and years standing alone ("in 2026", marked
    ``year``), in order. Other dates are not quantities."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in NUMBER_LABELS:
            continue
        if ent.label_ == "ORDINAL" and all(t.pos_ == "ADV" for t in ent):
            continue  # "since he first proposed it": when, not a count
        if ent.label_ == "DATE":
            year = _YEAR_ALONE.fullmatch(ent.text)
            if year is not None:
                a, b = ent.start_char + year.start(1), ent.start_char + year.end(1)
                value = float(year.group(1))
                span = sentence_span(doc, a)
                out.append(Number(a, b, year.group(1), value, value, None, "year", span, True))
                continue
            # "11 months" is a duration and "the 15th" (alone) an ordinal; other dates are not
            # quantities.
            duration = any(t.lemma_.lower() in DURATION_NOUNS for t in ent)
            ordinal = all(t.pos_ == "DET" or _is_ordinal(t.lower_) for t in ent)
            if not (duration or ordinal):
                continue
            if any(re.fullmatch(r"(1[89]|20)\d\d", t.text) for t in ent):
                continue
            if any(t.lower_.rstrip(".")[:3] in MONTH_ABBREVIATIONS for t in ent if t.is_title):
                continue  # "Dec. 12 - Nearly two weeks": a calendar date runs into it
        parsed = parse_number(ent.text)
        if parsed is None:
            continue
        low, high, qualifier = parsed
        noun = _counted(ent)
        out.append(
            Number(
                ent.start_char,
                ent.end_char,
                ent.text,
                low,
                high,
                qualifier,
                noun,
                sentence_span(doc, ent.start_char),
            )
        )
    return _with_units(doc, out)


#: a period between repeats: "every five years", "every 2 months"
_EVERY = re.compile(
    r"\bevery\s+(\d+|[a-z]+(?:-[a-z]+)?)\s+(year|month|week|day)s?\b", re.IGNORECASE
)


def _with_units(doc: Doc, found: list[Number]) -> list[Number]:
    """``found`` with units read the way ``factcheck.units`` names them ("55%" counts
    ``percent``), and the money and temperatures spaCy misses ("$100bn", "2°C") added."""
    from factcheck import units

    text = doc.text
    out = []
    for n in found:
        after = text[n.end : n.end + 9].lower()
        if n.noun in (None, "cent") and (
            re.match(r"\s?(%|per ?cent\b)", after) or re.search(r"per ?cent$", n.text.lower())
        ):
            n = replace(n, noun="percent")
        elif n.noun and not n.year:
            n = replace(n, noun=units.canonical(n.noun) or n.noun)
        out.append(n)
    for m in _EVERY.finditer(text):  # "every five years": spaCy does not always see it
        parsed = parse_number(m.group(1))
        if parsed and not any(n.start < m.end() and m.start() < n.end for n in out):
            span = sentence_span(doc, m.start())
            noun = m.group(2).lower()
            out.append(
                Number(m.start(), m.end(), m.group(0), parsed[0], parsed[1], None, noun, span)
            )
    for q in units.scan(text):
        hit = [i for i, n in enumerate(out) if n.start < q.end and q.start < n.end]
        if hit:
            n = out[hit[0]]
            if n.year:
                continue
            inside = n.low <= q.value <= n.high or n.noun is None
            low, high = (n.low, n.high) if inside and n.noun else (q.value, q.value)
            a, b = min(n.start, q.start), max(n.end, q.end)
            out[hit[0]] = replace(n, start=a, end=b, text=text[a:b], low=low, high=high,
                                  noun=q.unit)  # fmt: skip
        else:
            span = sentence_span(doc, q.start)
            out.append(Number(q.start, q.end, q.text, q.value, q.value, None, q.unit, span))
    return sorted(out, key=lambda n: n.start)
