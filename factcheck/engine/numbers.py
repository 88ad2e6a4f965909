"""Number assertions: a value of the same quantity that does not overlap the golden range."""

from __future__ import annotations

from typing import TYPE_CHECKING

from factcheck import match, nlp, units
from factcheck.engine.article import Article, Sentence, group_size
from factcheck.engine.terms import covers, stem_of, terms, token_stems
from factcheck.engine.verdicts import verdict
from factcheck.lexicon import relations
from factcheck.model import (
    Golden,
    NumberAssertion,
    Status,
    Verdict,
)

if TYPE_CHECKING:
    pass


def _golden_range(a: NumberAssertion) -> tuple[float, float]:
    low, high = a.low, a.high
    if low == high and a.qualifier:
        parsed = nlp.parse_number(f"{a.qualifier} {low:g}")
        if parsed:
            return parsed[0], parsed[1]
    return low, high


def _overlaps(lo: float, hi: float, glo: float, ghi: float) -> bool:
    eps = 1e-9 * max(1.0, abs(glo), abs(ghi))
    return lo <= ghi + eps and glo <= hi + eps


def _number_keywords(a: NumberAssertion) -> list[frozenset[str]]:
    """Stem sets that identify the quantity, the counted noun first.

    Annotators' keywords are taken literally ("troops" and "soldiers" may be two
    quantities), except that the head noun may be any of its counting synonyms. The head
    is the keyword that is the unit ("meetings" in ``[Ridgeview, meetings]``), else the
    first one.
    """
    unit = units.canonical(a.unit)
    scale = (a.unit or "").lower() in units.SCALES
    if scale:  # "billion" is how big, not what: the unit is in what it counts ("dollars")
        unit = units.canonical(a.counts) or units.canonical(a.statement)
    if unit:  # a unit of measure, however spelt ("degrees Celsius" is "°C")
        written = {w for x in match.words(a.unit or "") for w in (x, stem_of(x))}
        others = [k for k in terms(" ".join(a.keywords), synonyms=False) if not k & written]
        return [frozenset({unit}), *others]
    if a.keywords:
        keys = terms(" ".join(a.keywords), synonyms=False)
        if keys:
            unit = {stem_of(w) for w in match.words(a.unit or "")}
            keys.sort(key=lambda k: not (unit & k))  # stable: the unit's key, then the rest
            # the counted noun may be any of its synonyms ("35 countries" is "35 nations")
            head = keys[0]
            keys[0] = frozenset(
                head | {s for w in head if w.isalpha() for s in relations.synonyms(w)}
            )
        return keys
    return terms(a.counts)


def _about(a: NumberAssertion, n: nlp.Number, art: Article, keys: list[frozenset[str]]) -> bool:
    """Whether number ``n`` counts the assertion's quantity: its noun is the head keyword
    and the other keywords are close by, or every keyword is close by."""
    if not keys or n.year != _is_year(a):
        return False  # a calendar year is no count, and a count no year
    noun = {n.noun, stem_of(n.noun)} if n.noun else set()
    head = keys[0]
    doc = art.doc
    span = doc.char_span(n.start, n.end, alignment_mode="expand")
    if span is None:
        return bool(noun & head) and len(keys) == 1
    sent = span.sent
    if n.noun and not n.year and not noun & head:
        return False  # it counts something else ("$100 billion a year" is no count of years)
    if not _in_context(a, art.sentence_at(sent), keys):
        return False
    # what a year is about comes before it ("support for Moldova's defense in 2026")
    before = 7 if n.year else 3
    window = doc[max(span.start - before, sent.start) : min(span.end + 8, sent.end)]
    stems = token_stems(window)
    if noun & head:
        return all(k & stems for k in keys[1:])
    # Every keyword close by ("troops" + "volunteer" ...), or the head noun right after.
    return all(k & stems for k in keys) or (bool(head & stems) and len(keys) == 1)


def _in_context(a: NumberAssertion, sent: Sentence, keys: list[frozenset[str]]) -> bool:
    """Whether the sentence speaks of what the number counts, beyond its unit: a word of
    ``counts`` (or one standing for it) other than the unit's, unless the golden names
    the quantity by keywords of its own. Many quantities share a unit (countries that
    adopted a deal, countries needed to ratify it; the year of one review and of
    another): the unit alone does not say which one a number is."""
    unit = set().union(*keys) if keys else set()
    context = [t for t in terms(a.counts or "", context=a.statement) if not t & unit]
    if set(a.keywords) - {a.unit} or not context:
        return True  # the annotator's keywords say which quantity it is
    hits = sum(covers(t, sent.stems, sent.derived, sent.kinds) for t in context)
    # a year sits in many sentences of a story ("the 1997 treaty and the 2009 summit"):
    # two words of what it dates, not one
    return hits >= (min(2, len(context)) if _is_year(a) else 1)


def _other_quantity(a: NumberAssertion, n: nlp.Number, others: list[NumberAssertion]) -> bool:
    """The number is the value the golden gives for another quantity of the same unit
    ("well below 2°C" next to a projected 2.7°C): it states that one, not a wrong value
    of this one."""
    noun = {n.noun, stem_of(n.noun)} if n.noun else set()
    for b in others:
        keys = _number_keywords(b) if b.id != a.id else []
        if keys and noun & keys[0] and _overlaps(n.low, n.high, *_golden_range(b)):
            return True
    return False


def _is_year(a: NumberAssertion) -> bool:
    """The assertion states a calendar year ("steps up its support in 2026")."""
    unit = (a.unit or "").lower()
    return unit in {"year", "calendar year"} and a.low == a.high and 1000 <= a.low <= 2999


def _partitive(n: nlp.Number, art: Article) -> bool:
    """ "one of the envoys" names a member, it does not count them."""
    return n.low == n.high == 1 and art.text[n.end : n.end + 4].lower() == " of "


def _anaphoric(n: nlp.Number, art: Article) -> bool:
    """ "the two towns" points back at towns already named: it counts nothing of its own."""
    span = art.doc.char_span(n.start, n.end, alignment_mode="expand")
    if span is None or n.year or span.root.dep_ != "nummod":
        return False
    return group_size(span.root.head) is not None


def check_number(a: NumberAssertion, art: Article, golden: Golden | None = None) -> Verdict:
    keys = _number_keywords(a)
    glo, ghi = _golden_range(a)
    candidates = [
        n
        for n in art.numbers
        if _about(a, n, art, keys) and not _partitive(n, art) and not _anaphoric(n, art)
    ]
    for n in candidates:
        if _overlaps(n.low, n.high, glo, ghi):
            return verdict(
                a, art, Status.SUPPORTED, evidence=art.sentence(n.start, n.end),
                reason=f"{n.text} agrees with the golden value",
            )  # fmt: skip
    others = [b for b in golden.assertions if isinstance(b, NumberAssertion)] if golden else []
    candidates = [n for n in candidates if not _other_quantity(a, n, others)]
    if candidates:
        n = candidates[0]
        expected = _range_text(a)
        return verdict(
            a, art, Status.CONTRADICTED, evidence=art.sentence(n.start, n.end),
            kind="contradiction",
            message=f"{a.counts}: the article says {n.text}, the golden value is {expected}",
            expected=expected, found=n.text,
        )  # fmt: skip
    return verdict(a, art, Status.NOT_COVERED, reason=f"no number for {a.counts}")


def _range_text(a: NumberAssertion) -> str:
    if a.low == a.high:
        value = f"{a.low:,g}" if a.low < 1e15 else f"{a.low:g}"
        return f"{a.qualifier} {value}" if a.qualifier else value
    if a.high == float("inf"):
        return f"more than {a.low:,g}"
    return f"{a.low:,g}-{a.high:,g}"
