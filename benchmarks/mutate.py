"""Edited copies of a story's cleaned sources with known edits, for measuring the engine.

Pure functions over text and a ``Golden``: no spaCy, no I/O. Every edit is made
from a golden assertion (its evidence text and entities), so the generator works
for any story with a golden file. Each generated ``Mutant`` records the findings
the edit must cause (``expect``) and the ones it may cause besides, because the
edited sentence also carries other assertions (``allowed``).

Edit kinds (``EDIT_KINDS``) and the finding each must give:

- ``speaker``: a golden quote's attribution names another person -> misattribution;
- ``number``: the value of a number assertion changed out of its range -> contradiction;
- ``actor``: a claim's subject replaced by another entity of its type -> contradiction;
- ``place``: a claim's place replaced by another place -> contradiction;
- ``day``: a claim's weekday or date changed -> contradiction;
- ``polarity``: a claim negated, or its negation removed -> contradiction;
- ``quote-words``: words inside a golden quotation replaced -> contradiction;
- ``removed``: the sentence carrying a required fact removed from a full-coverage
  source -> omission.

Besides the edits: ``untouched`` copies and ``paraphrase`` variants (paragraphs
moved, quote marks curled, lines re-wrapped, "said" -> "told reporters", names
written another way), which must give no finding the untouched copy lacks.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from factcheck.model import (
    Assertion,
    ClaimAssertion,
    Entity,
    FindingKind,
    Golden,
    NumberAssertion,
    QuoteAssertion,
)

__all__ = [
    "EDIT_KINDS",
    "Expect",
    "Mutant",
    "build_corpus",
    "edits",
    "locate",
    "paraphrase",
]

#: Quotations shorter than this (words) are not expected to be found once a word changes.
QUOTE_MIN_WORDS = 6
#: Edits that change what a claim's sentence says.
CLAIM_EDITS = frozenset({"actor", "place", "day", "polarity"})
EDIT_KINDS = ("speaker", "number", "actor", "place", "day", "polarity", "quote-words", "removed")
#: The finding kind each edit must produce.
FINDING_OF: dict[str, FindingKind] = {
    "speaker": "misattribution",
    "removed": "omission",
    **{k: "contradiction" for k in ("number", "actor", "place", "day", "polarity", "quote-words")},
}
#: Entity types whose members can stand in for one another as a claim's actor or place.
ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January February March April May June July August September October November December"
).split()
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen
        fourteen fifteen sixteen seventeen eighteen nineteen twenty""".split()
    )
}
_WORD_OF = {v: k for k, v in _NUMBER_WORDS.items()}
_SCALE_SWAP = {"hundred": "thousand", "thousand": "hundred", "million": "thousand"}
#: Words that turn a quotation's meaning (an antonym when one is listed).
_ANTONYMS = {
    "first": "last",
    "last": "first",
    "strong": "weak",
    "continue": "stop",
    "ready": "unwilling",
    "close": "distant",
    "closer": "further",
    "important": "minor",
    "huge": "small",
    "credible": "hollow",
    "binding": "optional",
    "fully": "partly",
    "nearly": "barely",
    "together": "apart",
    "peace": "war",
    "increase": "reduce",
    "great": "poor",
    "willing": "reluctant",
    "robust": "fragile",
    "clear": "vague",
    "security": "danger",
}
_REPLACEMENTS = ("abandon", "weaken", "postpone", "oppose", "reluctant", "hollow", "fragile")
_STOP = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being
    have has had do does did will would can could should shall may might must this that these
    those it its they them their we our us you your he she his her him i me my not no so than
    then there here which who whom what when where how all any each also very just into over
    about after before such only own same other some more most""".split()
)
_PRONOUNS = re.compile(r"\b(he|she|him|her|his|hers|they|them|their)\b", re.IGNORECASE)
_QUOTE_CLASS = '["\u201c\u201d\u201e\u201f]'
_APOS_CLASS = "['\u2018\u2019]"
_DASH_CLASS = "[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]"


@dataclass(frozen=True)
class Expect:
    """A finding a generated article must (or may) give."""

    kind: FindingKind
    assertion: str


@dataclass(frozen=True)
class Mutant:
    """One generated article: ``base`` with ``before`` at ``[start, end)`` replaced by ``after``."""

    name: str  # unique, usable as a file stem
    edit: str  # one of EDIT_KINDS, "untouched" or "paraphrase"
    base: str | None  # source id of the copied source (None: an outside paraphrase)
    coverage: str
    text: str
    expect: tuple[Expect, ...] = ()
    allowed: tuple[Expect, ...] = ()
    assertion: str | None = None  # the golden assertion the edit was made from
    start: int = 0  # offsets into the base text (edits only)
    end: int = 0
    before: str = ""
    after: str = ""
    note: str = ""
    context: str = ""  # the edited sentence as it reads in the new text

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "edit": self.edit,
            "base": self.base,
            "coverage": self.coverage,
            "assertion": self.assertion,
            "expect": [[e.kind, e.assertion] for e in self.expect],
            "allowed": [[e.kind, e.assertion] for e in self.allowed],
            "before": self.before,
            "after": self.after,
            "note": self.note,
            "context": self.context,
        }


@dataclass(frozen=True)
class _Edit:
    kind: str
    assertion: Assertion
    base: str
    start: int
    end: int
    after: str
    expect: tuple[Expect, ...] = ()
    note: str = ""
    entity: str | None = None  # the entity the edit took out (speaker, actor, place)


# ------------------------------------------------------------------ locating


def _pattern(needle: str) -> str:
    out = []
    for ch in needle.strip():
        if ch.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        elif ch in '"\u201c\u201d\u201e\u201f':
            out.append(_QUOTE_CLASS)
        elif ch in "'\u2018\u2019":
            out.append(_APOS_CLASS)
        elif ch in "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
            out.append(_DASH_CLASS)
        else:
            out.append(re.escape(ch))
    return "".join(out)


def locate(needle: str, text: str) -> tuple[int, int] | None:
    """``[start, end)`` of ``needle`` in ``text``, up to quote marks, dashes and whitespace."""
    if not needle.strip():
        return None
    m = re.search(_pattern(needle), text)
    return (m.start(), m.end()) if m else None


def _alias_spans(names: Iterable[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-overlapping whole-word occurrences of ``names`` in ``text[start:end]``, longest first."""
    taken: list[tuple[int, int]] = []
    for name in sorted(set(names), key=len, reverse=True):
        if not name.strip():
            continue
        for m in re.finditer(rf"(?<![\w.]){re.escape(name)}(?![\w])", text[start:end]):
            a, b = start + m.start(), start + m.end()
            if all(b <= x or a >= y for x, y in taken):
                taken.append((a, b))
    return sorted(taken)


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans between paired quote marks inside the paragraph(s) around ``[start, end)``."""
    a = text.rfind("\n\n", 0, start)
    a = 0 if a < 0 else a + 2
    b = text.find("\n\n", end)
    b = len(text) if b < 0 else b
    marks = [i for i in range(a, b) if text[i] in '"\u201c\u201d\u201e\u201f']
    return [(marks[i], marks[i + 1] + 1) for i in range(0, len(marks) - 1, 2)]


def _inside(spans: Sequence[tuple[int, int]], a: int, b: int) -> bool:
    return any(x <= a and b <= y for x, y in spans)


def _evidence_spans(a: Assertion, source: str, text: str) -> list[tuple[int, int]]:
    out = []
    for e in a.evidence:
        if e.source == source:
            span = locate(e.text, text)
            if span is not None:
                out.append(span)
    return out


def _quote_span(a: QuoteAssertion, text: str) -> tuple[int, int] | None:
    """Where the quotation's words stand in ``text`` (the longest piece between ellipses)."""
    span = locate(a.text, text)
    if span is not None:
        return span
    pieces = sorted(re.split(r"\s*(?:\.\s?\.\s?\.|\u2026)\s*", a.text), key=len, reverse=True)
    return locate(pieces[0], text) if pieces and len(pieces[0].split()) >= 4 else None


def _names(golden: Golden, entity_id: str | None) -> tuple[str, ...]:
    if not entity_id:
        return ()
    try:
        return golden.entity(entity_id).names
    except KeyError:
        return (entity_id,)


def _mentioned(golden: Golden, e: Entity, text: str) -> bool:
    return bool(_alias_spans(e.names, text, 0, len(text)))


def _rivals(golden: Golden, ent: Entity, text: str, exclude: Iterable[str | None]) -> list[Entity]:
    """Entities of ``ent``'s type that can replace it: not in the text, not named by others."""
    skip = {x for x in exclude if x}
    out = []
    for e in golden.entities:
        if e.type != ent.type or e.id == ent.id or e.id in skip or _mentioned(golden, e, text):
            continue
        # "German Marshall Fund of the United States" would also bring in the United States
        others = (o for o in golden.entities if o.id != e.id)
        if any(_alias_spans(o.names, e.name, 0, len(e.name)) for o in others):
            continue
        out.append(e)
    return out


def _known(a: Assertion, source: str, kind: str) -> bool:
    return any(k.source == source and k.kind == kind for k in a.known)


# --------------------------------------------------------------------- edits


def _speaker_edits(
    a: QuoteAssertion, golden: Golden, base: str, text: str, rng: random.Random
) -> Iterable[_Edit]:
    if _known(a, base, "misattribution"):
        return
    try:
        speaker = golden.entity(a.speaker)
    except KeyError:
        return
    if speaker.type != "PERSON":
        return  # a document "speaks" in no attribution a person could take over
    for es, ee in _evidence_spans(a, base, text):
        quotes = _quote_spans(text, es, ee)
        spans = [s for s in _alias_spans(speaker.names, text, es, ee) if not _inside(quotes, *s)]
        rivals = _rivals(golden, speaker, text[es:ee], ())
        if not spans or not rivals:
            continue
        qs = _quote_span(a, text)
        # the attribution nearest the quotation is the one that says who spoke
        anchor = qs[0] if qs else es
        s, e = min(spans, key=lambda sp: abs(sp[0] - anchor))
        rivals = _same_gender(rivals, text, e)
        if not rivals:
            continue
        rival = rng.choice(rivals)
        yield _Edit("speaker", a, base, s, e, rival.name, note=f"speaker -> {rival.name}",
                    entity=speaker.id)  # fmt: skip
        return


def _same_gender(rivals: list[Entity], text: str, end: int) -> list[Entity]:
    """Where a pronoun later in the paragraph stands for the replaced speaker ("...,
    Mr. Schoof said. '...,' he said."), only people the golden file titles alike (an
    alias "Mr. ..." for "he", "Mrs./Ms. ..." for "she") may take the place: another would
    leave the pronoun pointing elsewhere, and the edit would test nothing."""
    stop = text.find("\n\n", end)
    m = re.search(r"\b(he|she)\b", text[end : stop if stop >= 0 else len(text)], re.I)
    if m is None:
        return rivals
    titles = ("mr.", "mr ") if m.group(1).lower() == "he" else ("mrs.", "ms.", "mrs ", "ms ")
    return [r for r in rivals if any(n.lower().startswith(titles) for n in r.names)]


_NUM_RE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(st|nd|rd|th)?(?![\w])"
    r"|\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _number_edits(a: NumberAssertion, base: str, text: str, rng: random.Random) -> Iterable[_Edit]:
    if a.high == float("inf"):
        return  # an open range ("more than 30") is contradicted by no single changed value
    lo, hi = a.low, a.high
    for es, ee in _evidence_spans(a, base, text):
        for m in _NUM_RE.finditer(text, es, ee):
            if m.group(3):
                word = m.group(3)
                value = float(_NUMBER_WORDS[word.lower()])
            else:
                value = float(m.group(1).replace(",", ""))
            if not lo <= value <= hi or value != int(value):
                continue
            v = int(value)
            if 1800 <= v <= 2100:  # a year: another year, not a multiple
                new = v + rng.randint(3, 9)
            else:
                new = v * rng.choice((3, 4, 5)) if v else 7
            if lo / 1.5 <= new <= hi * 1.5:
                continue
            if m.group(3):
                word = m.group(3)
                rep = _WORD_OF.get(new, str(new))
                rep = rep.capitalize() if word[0].isupper() else rep
            elif "," in m.group(1):
                rep = f"{new:,}"
            else:
                rep = str(new)
            if m.group(2):
                rep += _ordinal(new)
            yield _Edit("number", a, base, m.start(), m.end(), rep, note=f"{m.group(0)} -> {rep}")
            return
        # a vague amount ("several thousand"): another scale
        for m in re.finditer(r"\b(hundred|thousand|million)\b", text[es:ee]):
            rep = _SCALE_SWAP[m.group(1)]
            s, e = es + m.start(), es + m.end()
            yield _Edit("number", a, base, s, e, rep, note=f"{m.group(1)} -> {rep}")
            return


def _actor_edits(
    a: ClaimAssertion, golden: Golden, base: str, text: str, rng: random.Random, role: str
) -> Iterable[_Edit]:
    ref = a.subject if role == "actor" else a.place
    if not ref:
        return
    try:
        ent = golden.entity(ref)
    except KeyError:
        return
    if ent.type not in ACTOR_TYPES:
        return
    for es, ee in _evidence_spans(a, base, text):
        quotes = _quote_spans(text, es, ee)
        spans = [s for s in _alias_spans(ent.names, text, es, ee) if not _inside(quotes, *s)]
        rivals = _rivals(golden, ent, text[es:ee], (a.subject, a.object, a.place))
        if not spans or not rivals:
            continue
        rival = rng.choice(rivals)
        # every mention in the sentence goes, so none is left to agree with the golden
        s, e = spans[0][0], spans[-1][1]
        after, last = [], s
        for x, y in spans:
            after.append(text[last:x])
            after.append(rival.name)
            last = y
        after.append(text[last:e])
        yield _Edit(role, a, base, s, e, "".join(after), note=f"{ent.name} -> {rival.name}",
                    entity=ent.id)  # fmt: skip
        return


def _day_edits(a: ClaimAssertion, base: str, text: str, rng: random.Random) -> Iterable[_Edit]:
    if not a.time:
        return
    for es, ee in _evidence_spans(a, base, text):
        for m in re.finditer(r"\b(" + "|".join(WEEKDAYS) + r")\b", text[es:ee]):
            rep = rng.choice([d for d in WEEKDAYS if d != m.group(1)])
            yield _Edit("day", a, base, es + m.start(), es + m.end(), rep,
                        note=f"{m.group(1)} -> {rep}")  # fmt: skip
            return
        months = "|".join(MONTHS)
        for m in re.finditer(rf"\b(\d{{1,2}})(\s+(?:{months}))\b|\b((?:{months})\s+)(\d{{1,2}})\b",
                             text[es:ee]):  # fmt: skip
            day = int(m.group(1) or m.group(4))
            new = rng.choice([d for d in range(1, 29) if abs(d - day) >= 2])
            rep = f"{new}{m.group(2)}" if m.group(1) else f"{m.group(3)}{new}"
            yield _Edit("day", a, base, es + m.start(), es + m.end(), rep,
                        note=f"{m.group(0)} -> {rep}")  # fmt: skip
            return


_NEGATIONS = (
    (re.compile(r"\bwon't\b"), "will"),
    (re.compile(r"\bcan't\b"), "can"),
    (re.compile(r"\b(\w+)n't\b"), r"\1"),
    (re.compile(r"\b(not|never) "), ""),
)
_AFFIRMATIVES = (
    (re.compile(r"\bagreed to\b"), "refused to"),
    (re.compile(r"\b(will|would|can|could|should|must|shall)\b(?! not\b)"), r"\1 not"),
    (re.compile(r"\b(is|are|was|were)\b(?! not\b)"), r"\1 not"),
    (re.compile(r"\b(has|have|had)\b(?= \w+ed\b)"), r"\1 not"),
)


def _stem4(word: str) -> str:
    return word.lower()[:5]


def _polarity_edits(a: ClaimAssertion, base: str, text: str) -> Iterable[_Edit]:
    terms = [w for w in re.findall(r"[a-z]+", a.predicate.lower()) if w not in _STOP and len(w) > 2]
    for es, ee in _evidence_spans(a, base, text):
        quotes = _quote_spans(text, es, ee)
        piece = text[es:ee]
        # the predicate's first word in the evidence: the negation must govern it
        at = next(
            (m.start() for m in re.finditer(r"[A-Za-z]+", piece)
             if any(_stem4(m.group(0)) == _stem4(t) for t in terms)),
            len(piece),
        )  # fmt: skip
        rules = _NEGATIONS if a.negated else _AFFIRMATIVES
        best: tuple[int, re.Match[str], str] | None = None
        for rx, rep in rules:
            for m in rx.finditer(piece):
                if _inside(quotes, es + m.start(), es + m.end()):
                    continue
                dist = at - m.start() if m.start() <= at else 1000 + m.start() - at
                if best is None or dist < best[0]:
                    best = (dist, m, m.expand(rep))
        if best is None:
            continue
        _, m, rep = best
        s, e = es + m.start(), es + m.end()
        yield _Edit("polarity", a, base, s, e, rep, note=f"{m.group(0)!r} -> {rep!r}")
        return


def _quote_word_edits(
    a: QuoteAssertion, base: str, text: str, rng: random.Random
) -> Iterable[_Edit]:
    span = _quote_span(a, text)
    if span is None or not _evidence_spans(a, base, text):
        return
    qs, qe = span
    words = [
        m for m in re.finditer(r"[A-Za-z]+", text[qs:qe])
        if len(m.group(0)) >= 4 and m.group(0).islower() and m.group(0) not in _STOP
    ]  # fmt: skip
    total = len(re.findall(r"\w+", text[qs:qe]))
    if total < QUOTE_MIN_WORDS or not words:
        return
    k = int(a.tolerance * total) + 1
    if k > len(words):
        return
    picked = sorted(rng.sample(words, k), key=lambda m: m.start())
    s, e = qs + picked[0].start(), qs + picked[-1].end()
    parts, last = [], s
    for m in picked:
        w = m.group(0)
        rep = _ANTONYMS.get(w) or rng.choice([r for r in _REPLACEMENTS if r != w])
        parts.append(text[last : qs + m.start()])
        parts.append(rep)
        last = qs + m.end()
    parts.append(text[last:e])
    after = "".join(parts)
    yield _Edit("quote-words", a, base, s, e, after, note=f"{text[s:e]!r} -> {after!r}")


_SENT_END = re.compile(r"(?<=[.!?])[\"\u201d']?\s+(?=[\"\u201c]?[A-Z])|\n\n")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = 0
    for m in _SENT_END.finditer(text, 0, start + 1):
        if m.end() <= start:
            a = m.end()
    m = _SENT_END.search(text, max(end - 1, a))
    b = m.end() if m else len(text)
    return a, b


def _removal_edits(a: Assertion, golden: Golden, base: str, text: str) -> Iterable[_Edit]:
    if not a.required or _known(a, base, "omission"):
        return
    spans = _evidence_spans(a, base, text)
    if len(spans) != 1:
        return
    s, e = _sentence_bounds(text, *spans[0])
    if text[e - 2 : e] == "\n\n" and (s == 0 or text[s - 2 : s] == "\n\n"):
        pass  # a whole paragraph goes, with its separator
    else:
        while e > s and text[e - 1].isspace() and text[e - 1] != " ":
            e -= 1  # keep the paragraph break after the last sentence of a paragraph
    rest = text[:s] + text[e:]
    # the fact must not stay elsewhere in the article under another source's wording
    if any(locate(ev.text, rest) for ev in a.evidence):
        return
    yield _Edit("removed", a, base, s, e, "", note=f"removed {text[s:e][:60]!r}...")


def edits(
    golden: Golden,
    texts: Mapping[str, str],
    coverage: Mapping[str, str],
    rng: random.Random,
) -> list[_Edit]:
    """Every single edit the golden file allows on every source, in a stable order."""
    out: list[_Edit] = []
    for base in sorted(texts):
        text = texts[base]
        for a in golden.assertions:
            if isinstance(a, QuoteAssertion):
                out += _speaker_edits(a, golden, base, text, rng)
                out += _quote_word_edits(a, base, text, rng)
            elif isinstance(a, NumberAssertion):
                out += _number_edits(a, base, text, rng)
            elif isinstance(a, ClaimAssertion):
                out += _actor_edits(a, golden, base, text, rng, "actor")
                out += _actor_edits(a, golden, base, text, rng, "place")
                out += _day_edits(a, base, text, rng)
                out += _polarity_edits(a, base, text)
            if coverage.get(base) == "full":
                out += _removal_edits(a, golden, base, text)
    return out


def _carries(golden: Golden, claim: ClaimAssertion, sentence: str) -> bool:
    """Whether ``sentence`` names the claim's subject or object and a word of its predicate."""
    names = [n for r in (claim.subject, claim.object) for n in _names(golden, r)]
    if not _alias_spans(names, sentence, 0, len(sentence)):
        return False
    words = {_stem4(w) for w in re.findall(r"[a-z]+", claim.predicate.lower()) if w not in _STOP}
    return any(_stem4(w) in words for w in re.findall(r"[a-z]+", sentence.lower()))


def _collateral(golden: Golden, ed: _Edit, text: str) -> tuple[set[Expect], set[Expect]]:
    """Findings an edit also causes (expected) or may cause (allowed) on other assertions."""
    expect: set[Expect] = set()
    allowed: set[Expect] = set()
    s, e = ed.start, max(ed.end, ed.start + 1)
    a0, b0 = _sentence_bounds(text, s, e)
    sentence = text[a0:b0]
    quoted = (
        _quote_span(ed.assertion, text)
        if ed.kind == "quote-words" and isinstance(ed.assertion, QuoteAssertion)
        else None
    )
    for other in golden.assertions:
        if other.id == ed.assertion.id:
            continue
        if isinstance(other, QuoteAssertion) and ed.kind not in {"speaker", "removed"}:
            qs = _quote_span(other, text)
            if qs and qs[0] < e and s < qs[1]:
                # words inside another golden quotation changed: that quote is contradicted
                # (a quotation of a few words may no longer be found at all: allowed only)
                long = len(re.findall(r"\w+", other.text)) >= QUOTE_MIN_WORDS
                (expect if long else allowed).add(Expect("contradiction", other.id))
                continue
        if (
            isinstance(other, QuoteAssertion)
            and ed.entity is not None
            and other.speaker == ed.entity
            and ed.kind in {"speaker", "actor"}
        ):
            # a later "he said" now points at the person put in the replaced one's place
            allowed.add(Expect("misattribution", other.id))
        claim = isinstance(other, ClaimAssertion) and (
            ed.kind in CLAIM_EDITS or (ed.kind == "speaker" and other.subject == ed.entity)
        )
        if claim and _carries(golden, other, sentence):  # type: ignore[arg-type]
            # another claim carried by the edited sentence changes with it (a claim about
            # what the replaced speaker said now has another actor)
            allowed.add(Expect("contradiction", other.id))
        inside = quoted is not None and isinstance(other, ClaimAssertion)
        spans = _evidence_spans(other, ed.base, text)
        if inside and any(quoted[0] <= a and b <= quoted[1] for a, b in spans):  # type: ignore[index]
            # changed words of a quotation ("we all [oppose] that ...") may change a claim
            # whose evidence lies inside it
            allowed.add(Expect("contradiction", other.id))
        for a, b in _evidence_spans(other, ed.base, text):
            if a < e and s < b:
                allowed.add(Expect("omission" if ed.kind == "removed" else "contradiction",
                                   other.id))  # fmt: skip
                if ed.kind == "speaker":
                    allowed.add(Expect("misattribution", other.id))
    return expect, allowed - expect


# ---------------------------------------------------------------- paraphrase


def _outside_quotes(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text):
        spans += _quote_spans(text, para.start(), para.end())
    return spans


def _sub_outside(rx: re.Pattern[str], rep: str, text: str) -> str:
    quotes = _outside_quotes(text)
    return rx.sub(lambda m: m.group(0) if _inside(quotes, m.start(), m.end()) else m.expand(rep),
                  text)  # fmt: skip


def _told_reporters(text: str, golden: Golden, rng: random.Random) -> str:
    return _sub_outside(re.compile(r"\bsaid(?=[.,])"), "told reporters", text)


def _alias_swap(text: str, golden: Golden, rng: random.Random) -> str:
    """ "Mr. Macron" -> "Emmanuel Macron" and a bare surname -> "Mr. Surname", outside quotes."""
    for e in golden.entities:
        if e.type != "PERSON":
            continue
        titled = [n for n in e.aliases if re.fullmatch(r"(?:Mr|Mrs|Ms|Dr)\. \w+", n)]
        if not titled:
            continue
        t = titled[0]
        surname = t.split(" ", 1)[1]
        if rng.random() < 0.5:
            text = _sub_outside(re.compile(rf"(?<![\w.]){re.escape(t)}\b"), e.name, text)
        else:
            bare = re.compile(rf"(?<![\w.] )(?<![\w.]){re.escape(surname)}\b(?![\w'\u2019-])")
            text = _sub_outside(bare, t, text)
    return text


def _curly(text: str, golden: Golden, rng: random.Random) -> str:
    out = []
    for para in text.split("\n\n"):
        n = 0

        def swap(m: re.Match[str]) -> str:
            nonlocal n
            n += 1
            return "\u201c" if n % 2 else "\u201d"

        para = re.sub('"', swap, para) if para.count('"') % 2 == 0 else para
        out.append(re.sub(r"(?<=\w)'(?=\w)", "\u2019", para))
    return "\n\n".join(out)


def _rewrap(text: str, golden: Golden, rng: random.Random) -> str:
    width = rng.randint(50, 90)
    out = []
    for para in text.split("\n\n"):
        lines, line = [], ""
        for word in para.split(" "):
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        out.append("\n".join(lines))
    return "\n\n".join(out)


def _reorder(text: str, golden: Golden, rng: random.Random) -> str:
    """Move one paragraph that no pronoun ties to its neighbours.

    The moved paragraph names no person and quotes no one, so it cannot come between a
    pronoun and the person it stands for, nor carry an attribution away from its speaker.
    """
    paras = text.split("\n\n")
    people = [n for e in golden.entities if e.type == "PERSON" for n in e.names]
    free = [not _PRONOUNS.search(p) for p in paras]
    inert = [
        free[i] and '"' not in p and "\u201c" not in p and not _alias_spans(people, p, 0, len(p))
        for i, p in enumerate(paras)
    ]
    movable = [i for i in range(1, len(paras)) if inert[i] and (i + 1 >= len(paras) or free[i + 1])]
    if not movable:
        return text
    i = rng.choice(movable)
    para = paras.pop(i)
    rest_free = free[:i] + free[i + 1 :]
    # the paragraph it lands before must not lean on a pronoun either
    targets = [j for j in range(1, len(paras) + 1) if j != i and (j == len(paras) or rest_free[j])]
    if not targets:
        return text
    paras.insert(rng.choice(targets), para)
    return "\n\n".join(paras)


#: Rewrites that change the cleaned text, then ones that only change its form.
MEANING_REWRITES = (_reorder, _told_reporters, _alias_swap)
FORM_REWRITES = (_curly, _rewrap)


def paraphrase(text: str, golden: Golden, rng: random.Random) -> tuple[str, list[str]]:
    """A faithful rewrite of ``text``: some meaning-preserving rewrites, then form ones."""
    chosen = [f for f in MEANING_REWRITES if rng.random() < 0.6] or [rng.choice(MEANING_REWRITES)]
    chosen += [f for f in FORM_REWRITES if rng.random() < 0.5]
    for f in chosen:
        text = f(text, golden, rng)
    return text, [f.__name__.strip("_") for f in chosen]


# ------------------------------------------------------------------- corpus


def _key(text: str) -> str:
    """Texts equal up to quote marks and whitespace are one article to the engine."""
    return " ".join(
        text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").split()
    )


def _mutant(golden: Golden, ed: _Edit, text: str, coverage: str, n: int) -> Mutant:
    expect, allowed = _collateral(golden, ed, text)
    expect.add(Expect(FINDING_OF[ed.kind], ed.assertion.id))
    allowed.discard(Expect(FINDING_OF[ed.kind], ed.assertion.id))
    new = text[: ed.start] + ed.after + text[ed.end :]
    a, b = _sentence_bounds(new, ed.start, ed.start + max(len(ed.after), 1))
    return Mutant(
        name=f"{n:04d}-{ed.base}-{ed.kind}-{ed.assertion.id}",
        edit=ed.kind,
        base=ed.base,
        coverage=coverage,
        text=new,
        expect=tuple(sorted(expect, key=lambda x: (x.kind, x.assertion))),
        allowed=tuple(sorted(allowed, key=lambda x: (x.kind, x.assertion))),
        assertion=ed.assertion.id,
        start=ed.start,
        end=ed.end,
        before=text[ed.start : ed.end],
        after=ed.after,
        note=ed.note,
        context=new[a:b].strip(),
    )


def _round_robin(items: list[_Edit]) -> list[_Edit]:
    by_kind: dict[str, list[_Edit]] = {}
    for ed in items:
        by_kind.setdefault(ed.kind, []).append(ed)
    out = []
    queues = [by_kind[k] for k in EDIT_KINDS if k in by_kind]
    while any(queues):
        for q in queues:
            if q:
                out.append(q.pop(0))
    return out


def build_corpus(
    golden: Golden,
    texts: Mapping[str, str],
    coverage: Mapping[str, str],
    *,
    seed: int = 0,
    n: int = 200,
    paraphrases: Mapping[str, str] | None = None,
    paraphrase_share: float = 0.25,
) -> list[Mutant]:
    """``n`` articles: one untouched copy per source, single edits, faithful paraphrases.

    Deterministic for ``seed``. Edits cycle through every kind first (round robin) so a
    small corpus still has each; later rounds draw other replacements. ``paraphrases``
    are outside faithful rewrites (name -> text), taken as they are and varied too.
    """
    out: list[Mutant] = []
    seen: set[str] = set()

    def add(m: Mutant) -> bool:
        k = _key(m.text)
        if k in seen or len(out) >= n:
            return False
        seen.add(k)
        out.append(m)
        return True

    for base in sorted(texts):
        add(Mutant(name=f"{len(out):04d}-{base}-untouched", edit="untouched", base=base,
                   coverage=coverage.get(base, "full"), text=texts[base]))  # fmt: skip
    outside = dict(sorted((paraphrases or {}).items()))
    for name, text in outside.items():
        add(Mutant(name=f"{len(out):04d}-{name}", edit="paraphrase", base=None,
                   coverage="partial", text=text, note="outside paraphrase"))  # fmt: skip
    n_para = max(int(n * paraphrase_share) - len(outside), 0)
    n_edits = n - len(out) - n_para
    rounds_without_new = 0
    r = 0
    while n_edits > 0 and rounds_without_new < 3:
        rng = random.Random(f"{seed}:edits:{r}")
        before = len(out)
        for ed in _round_robin(edits(golden, texts, coverage, rng)):
            if n_edits <= 0:
                break
            if add(_mutant(golden, ed, texts[ed.base], coverage.get(ed.base, "full"), len(out))):
                n_edits -= 1
        rounds_without_new = rounds_without_new + 1 if len(out) == before else 0
        r += 1
    bases = [(b, texts[b], coverage.get(b, "full")) for b in sorted(texts)]
    bases += [(None, t, "partial") for t in outside.values()]
    tries = 0
    while len(out) < n and tries < 50 * n:
        rng = random.Random(f"{seed}:paraphrase:{tries}")
        base, text, cov = bases[tries % len(bases)]
        tries += 1
        new, how = paraphrase(text, golden, rng)
        add(Mutant(name=f"{len(out):04d}-{base or 'outside'}-paraphrase", edit="paraphrase",
                   base=base, coverage=cov, text=new, note=", ".join(how)))  # fmt: skip
    return out
