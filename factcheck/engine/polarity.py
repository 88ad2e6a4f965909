"""Polarity: a claim negated where the golden affirms it, or affirmed where it denies it.

A negation added to or removed from the words of a golden evidence text is a
contradiction; otherwise a negation counts only in the sentence that clearly is the
claim's, on the claim's own predicate, and reaching its object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from factcheck.engine.article import Article, named_entities
from factcheck.engine.slots import (
    NEGATIVE_WORDS,
    negate,
    negation,
    negative_cue,
    polarity_change,
    predicate_words,
)
from factcheck.model import ClaimAssertion, Golden

if TYPE_CHECKING:
    from spacy.tokens import Span

    from factcheck.engine.terms import Term


def changed_polarity(
    a: ClaimAssertion,
    art: Article,
    golden: Golden,
    sent: Span,
    ref: str | None,
    terms: list[Term],
    own: list[Term],
    *,
    judged: bool,
) -> tuple[str, str, str] | None:
    """``(message, expected, found)`` when the sentence turns the claim's polarity.

    ``ref``: the golden evidence text the sentence is a version of (None: a new
    wording); ``terms``/``own``: the claim's words with and without synonyms;
    ``judged``: the sentence clearly is the claim's (only then does a negation that is
    not in an evidence's words count)."""
    expected = negate(a.predicate) if a.negated else a.predicate
    flipped = polarity_change(ref, sent.text) if ref is not None else None
    if flipped is not None:  # a negation added to or removed from the evidence's words
        word, added = flipped
        found = predicate_words(sent, terms, negation(sent, terms))
        how = f"{'negates' if added else 'affirms'} the claim ({word!r} "
        return f"the article {how}{'added' if added else 'removed'})", expected, found
    # Only a negation of the predicate's own words counts, not of a synonym in another
    # clause ("would lead an effort to monitor ..., and that a commission would not be
    # created").
    neg = negation(sent, own) if judged else None
    # A negated claim is affirmed only by a sentence with no negation at all: negations
    # take many shapes ("has no seat at", "ruled out", "isn't part of") that a parse
    # does not always tie to the claim's own words.
    if neg is not None and not _covers_object(neg, a, art, golden, sent):
        neg = None
    affirms = a.negated and neg is None and not negative_cue(sent)
    if judged and ((neg is not None and not (a.negated or _says_no(a))) or affirms):
        how = "negates" if not a.negated else "affirms"
        return f"the article {how} the claim", expected, predicate_words(sent, terms, neg)
    return None


def _says_no(a: ClaimAssertion) -> bool:
    """The claim's own words carry a negation ("heard no objection", "could not accept
    the change"): an article that repeats it agrees with it."""
    words = " ".join((a.predicate, a.object or "")).lower().split()
    return any(w in NEGATIVE_WORDS or w.endswith("n't") for w in words)


def _covers_object(neg: Any, a: ClaimAssertion, art: Article, golden: Golden, sent: Span) -> bool:
    """Whether a negation reaches the claim's object where the sentence names it: "did
    not sign a joint declaration, though Portugal ... signed a trilateral one" negates
    the first declaration, not the second, whose verb is another clause's."""
    if not a.object or not golden.has_entity(a.object):
        return True
    named = named_entities(art, art.sentence_at(sent), golden)
    if a.object not in named:
        return True
    verb = neg.head
    for x, y in named[a.object]:
        span = sent.doc.char_span(x, y, alignment_mode="expand")
        if span is None:
            continue
        tok = span.root
        while tok is not verb and tok.head is not tok:
            tok = tok.head
            if tok is not verb and tok.pos_ in {"VERB", "AUX"}:
                break  # another clause's verb comes first
        if tok is verb:
            return True
    return False
