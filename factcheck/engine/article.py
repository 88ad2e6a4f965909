"""An article's cleaned text, its one parse and the records extracted from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from factcheck import match, nlp
from factcheck.engine import entities
from factcheck.engine.dates import DateMention
from factcheck.engine.dates import dates as date_mentions
from factcheck.engine.terms import WORD_RE, derived_of, kinds_of, token_stems
from factcheck.model import Evidence, Golden

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True)
class Sentence:
    span: Span
    text: str
    stems: frozenset[str]
    norm: str  # match.normalize(text)
    n_words: int
    words: frozenset[str]  # lower-cased words, for cheap pre-checks
    derived: frozenset[str]  # words derived from its words (terms.derived_of)
    kinds: frozenset[str]  # what its nouns are kinds of (terms.kinds_of)


@dataclass
class Article:
    """An article's cleaned text and its one parse, with the extracted records."""

    text: str
    doc: Doc
    path: str = "<text>"
    source: str | None = None
    coverage: str = "full"
    new: bool = False
    quotes: list[nlp.Quote] = field(default_factory=list)
    numbers: list[nlp.Number] = field(default_factory=list)
    quoted: list[tuple[int, int]] = field(default_factory=list)
    _sentences: list[Sentence] | None = field(default=None, repr=False)
    _dates: dict[date, list[DateMention]] = field(default_factory=dict, repr=False)
    _named: dict[tuple[int, int], dict[str, list[tuple[int, int]]]] = field(
        default_factory=dict, repr=False
    )

    def sentence(self, start: int, end: int | None = None) -> Evidence:
        """Evidence: the sentence(s) covering ``[start, end)``."""
        a, b = nlp.sentence_span(self.doc, start)
        if end is not None and end > b:
            b = max(b, nlp.sentence_span(self.doc, max(start, end - 1))[1])
        a, b = strip_span(self.text, a, b)
        return Evidence(self.text[a:b], a, b)

    def sentences(self) -> list[Sentence]:
        """The article's sentences with what claim matching needs, computed once."""
        if self._sentences is None:
            self._sentences = [
                Sentence(
                    s,
                    s.text,
                    token_stems(s),
                    match.normalize(s.text),
                    len(match.words(s.text)),
                    frozenset(w.lower() for w in WORD_RE.findall(s.text)),
                    frozenset().union(*(derived_of(t.lemma_.lower()) for t in s if t.is_alpha)),
                    frozenset().union(*(kinds_of(t.lemma_.lower()) for t in s if t.is_alpha)),
                )
                for s in self.doc.sents
            ]
        return self._sentences

    def dates(self, ref: date) -> list[DateMention]:
        """Date mentions of the whole text, weekdays resolved against ``ref``."""
        found = self._dates.get(ref)
        if found is None:
            found = self._dates[ref] = date_mentions(self.text, ref)
        return found

    def sentence_at(self, span: Span) -> Sentence:
        """The sentence record of one of the article's sentence spans."""
        return next(s for s in self.sentences() if s.span.start_char == span.start_char)


def named_entities(
    art: Article, sent: Sentence, golden: Golden
) -> dict[str, list[tuple[int, int]]]:
    """The golden entities named in one of the article's sentences (computed once)."""
    key = (id(golden), sent.span.start_char)
    found = art._named.get(key)
    if found is None:
        found = art._named[key] = _with_antecedents(art, sent, golden)
    return found


#: Number words of a definite group that points back ("the two towns", "both towns").
_GROUP_SIZES = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
#: Dependents of a noun that say which things it means ("the two towns in the valley",
#: "that voted", "present"): then it is no pointer back.
_RESTRICTIVE = frozenset({"prep", "relcl", "acl", "amod"})


def group_size(noun: Token) -> int | None:
    """How many things "the two towns" / "both towns" points back at (None: not such a
    group). Only small groups are named before; "the 40 towns" counts."""
    if noun.tag_ != "NNS":
        return None
    kids = list(noun.children)
    if any(c.dep_ in _RESTRICTIVE and c.i > noun.i for c in kids):
        return None
    if any(c.dep_ in {"det", "predet"} and c.lower_ == "both" for c in kids):
        return 2
    num = next((c for c in kids if c.dep_ == "nummod" and c.lower_ in _GROUP_SIZES), None)
    the = any(c.dep_ == "det" and c.lower_ in {"the", "these", "those"} for c in kids)
    return _GROUP_SIZES[num.lower_] if num is not None and the else None


def _with_antecedents(
    art: Article, sent: Sentence, golden: Golden
) -> dict[str, list[tuple[int, int]]]:
    """The entities a sentence names, and those a definite group points back at: "the two
    towns" after "Lyon and Turin" in the same or the sentence before names both."""
    found = entities.named(sent.span, golden)
    for noun, size in _groups(sent.span):
        sents = art.sentences()
        i = next(k for k, s in enumerate(sents) if s.span.start_char == sent.span.start_char)
        before = [(sent, noun.i)] + ([(sents[i - 1], None)] if i > 0 else [])
        for where, limit in before:
            named = found if where is sent else entities.named(where.span, golden)
            ids = _coordinated(where.span, named, size, limit)
            if ids:
                x, y = noun.left_edge.idx, noun.idx + len(noun)
                for e in ids:
                    found[e] = [*found.get(e, []), (x, y)]
                break
    return found


def _groups(span: Span) -> list[tuple[Token, int]]:
    out = []
    for noun in span:
        size = group_size(noun) if noun.pos_ == "NOUN" else None
        if size is not None:
            out.append((noun, size))
    return out


def _coordinated(
    span: Span, named: dict[str, list[tuple[int, int]]], size: int, limit: int | None
) -> list[str]:
    """The entities of the first coordination of exactly ``size`` named mentions ("Lyon
    and Turin") in ``span`` before token ``limit``."""
    at: dict[int, set[str]] = {}
    for e, spans in named.items():
        for x, y in spans:
            sub = span.doc.char_span(x, y, alignment_mode="expand")
            if sub is not None and (limit is None or sub.root.i < limit):
                at.setdefault(sub.root.i, set()).add(e)
    for i in sorted(at):
        tok = span.doc[i]
        members = [i, *(c.i for c in tok.conjuncts)]
        if tok.dep_ == "conj" or len(members) != size or not all(m in at for m in members):
            continue
        return sorted({e for m in members for e in at[m]})
    return []


def strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def prepare(
    text: str,
    doc: Doc,
    *,
    path: str = "<text>",
    source: str | None = None,
    coverage: str = "full",
    new: bool = False,
) -> Article:
    """An Article from a text and its parse (runs the extractors once)."""
    return Article(
        text=text,
        doc=doc,
        path=path,
        source=source,
        coverage=coverage,
        new=new,
        quotes=nlp.quotes(doc),
        numbers=nlp.numbers(doc),
        quoted=nlp.quoted_spans(doc),
    )
