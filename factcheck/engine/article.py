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
    from spacy.tokens import Doc, Span


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
        found = art._named[key] = entities.named(sent.span, golden)
    return found


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
