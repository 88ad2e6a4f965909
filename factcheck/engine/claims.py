"""Claim assertions: the sentences that carry a claim, and what differs in them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from factcheck import match
from factcheck.engine.article import Article, strip_span
from factcheck.engine.slots import (
    actor_rival,
    negate,
    negation,
    other_day,
    other_place,
    polarity_change,
    predicate_words,
    rival_names,
    slot_check,
    slot_frames,
    swapped_frame,
)
from factcheck.engine.terms import (
    CAPITALISED,
    content_words,
    entity_name,
    has_entity,
    named_in,
    names_of,
    terms,
)
from factcheck.engine.verdicts import verdict
from factcheck.model import (
    ClaimAssertion,
    Evidence,
    Golden,
    Status,
    Verdict,
)

if TYPE_CHECKING:
    from spacy.tokens import Span


#: Share of a claim's key terms a sentence must carry to be the claim's sentence.
CLAIM_COVERAGE = 0.65


#: Share above which a sentence is clearly the claim's (polarity is judged there only).
CLAIM_STRONG = 0.8


def _claim_terms(
    a: ClaimAssertion, golden: Golden, *, synonyms: bool = True
) -> list[frozenset[str]]:
    text = a.predicate
    if a.object and not has_entity(golden, a.object):
        text += " " + a.object
    return terms(text, synonyms=synonyms)


def _coverage(terms: list[frozenset[str]], stems: set[str]) -> float:
    if not terms:
        return 0.0
    return sum(1 for t in terms if t & stems) / len(terms)


def _claim_sentences(a: ClaimAssertion, art: Article, golden: Golden) -> list[tuple[float, Span]]:
    """Sentences that carry the claim with their scores, best first: most of its predicate
    words (or synonyms), every one of them that has no synonym, and its object and place
    by any alias; or a close version of a golden evidence text of at least five words; or
    an evidence text's frame around the actor or object with another name in it."""
    terms = _claim_terms(a, golden)
    # the object and the place may be one entity ("met in" Paris, in Paris): counted once
    slots = [
        names_of(golden, r)
        for r in dict.fromkeys((a.object, a.place))
        if r and has_entity(golden, r)
    ]
    refs = [
        (match.normalize(e.text), len(match.words(e.text)), content_words(e.text))
        for e in a.evidence
        if len(match.words(e.text)) >= 5
    ]
    # A slot's proper name in the predicate ("hubs across Ukraine", place Ukraine) counts
    # as the slot, not twice; of the other predicate words more than half must be there.
    named = {w.lower() for names in slots for n in names for w in CAPITALISED.findall(n)}
    terms = [t for t in terms if not t & named]
    frames = slot_frames(a, golden)
    found: list[tuple[float, int, Span]] = []
    total = len(terms) + len(slots)
    # A word with no synonym ("hubs") is the claim's own: without it, a sentence with the
    # claim's verb and a synonym of its other words ("army" for "military") is another fact.
    plain = [t for t in terms if len(t) <= 2]
    for sent in art.sentences():
        covered = _coverage(terms, sent.stems)
        own = all(t & sent.stems for t in plain)
        hits = covered * len(terms) + sum(1 for names in slots if named_in(names, sent))
        enough = len(terms) < 2 or (covered > 0.5 and own)
        score = hits / total if total and enough else 0.0
        # A sentence much shorter than an evidence text would match as a mere fragment of it;
        # one without half of its content words is no close version of it (cheap test first).
        refs_here = [
            r
            for r, k, content in refs
            if sent.n_words >= 0.6 * k and 2 * len(content & sent.words) >= len(content)
        ]
        if refs_here and score < 1.0:
            sim = max(fuzz.partial_ratio(sent.norm, r, score_cutoff=85) for r in refs_here) / 100
            if sim >= 0.85:
                score = max(score, sim)
        if score < CLAIM_COVERAGE and frames and swapped_frame(frames, sent):
            score = CLAIM_COVERAGE
        if score >= CLAIM_COVERAGE:
            found.append((-score, sent.span.start_char, sent.span))
    return [(-neg, sent) for neg, _, sent in sorted(found, key=lambda f: (f[0], f[1]))]


def _aligned_evidence(a: ClaimAssertion, sentence: str) -> str | None:
    """The golden evidence text this sentence is a version of (None: a new wording)."""
    norm = match.normalize(sentence)
    best: tuple[float, str] | None = None
    for e in a.evidence:
        score = fuzz.partial_ratio(match.normalize(e.text), norm)
        if score >= 80 and (best is None or score > best[0]):
            best = (score, e.text)
    return best[1] if best else None


def check_claim(a: ClaimAssertion, art: Article, golden: Golden) -> Verdict:
    # One sentence that contradicts the claim is a finding, even when another supports it.
    found = _claim_sentences(a, art, golden)
    # Polarity and day are judged on the best sentence(s) only; a weaker match is not
    # evidence that the claim is denied.
    top = found[0][0] if found else 0.0
    verdicts = [
        _claim_in(a, art, golden, sent, best=score == top, strong=score >= CLAIM_STRONG)
        for score, sent in found
    ]
    if not verdicts:
        return verdict(a, art, Status.NOT_COVERED, reason="claim not in the article")
    return next((v for v in verdicts if v.finding is not None), verdicts[0])


def _claim_in(
    a: ClaimAssertion, art: Article, golden: Golden, sent: Span, *, best: bool, strong: bool
) -> Verdict:
    a0, b0 = strip_span(art.text, sent.start_char, sent.end_char)
    evidence = Evidence(art.text[a0:b0], a0, b0)
    ref = _aligned_evidence(a, sent.text)

    def contradiction(message: str, expected: str, found: str) -> Verdict:
        return verdict(
            a, art, Status.CONTRADICTED, evidence=evidence, kind="contradiction",
            message=message, expected=expected, found=found,
        )  # fmt: skip

    terms = _claim_terms(a, golden)
    flipped = polarity_change(ref, sent.text) if ref is not None else None
    if flipped is not None:  # a negation added to or removed from the evidence's words
        word, added = flipped
        return contradiction(
            f"the article {'negates' if added else 'affirms'} the claim ({word!r} "
            f"{'added' if added else 'removed'})",
            negate(a.predicate) if a.negated else a.predicate,
            predicate_words(sent, terms, negation(sent, terms)),
        )
    # Otherwise a missing or extra negation is only evidence in the sentence that clearly
    # is the claim's. Where the sentence is a version of an evidence text, only a negation
    # of the predicate's own words counts, not of a synonym in another clause ("would
    # lead an effort to monitor ..., and that a commission would not be created").
    judged = best and (strong or ref is not None)
    own = _claim_terms(a, golden, synonyms=False) if ref is not None else terms
    neg = negation(sent, own) if judged else None
    if judged and (neg is not None) != a.negated:
        return contradiction(
            f"the article {'negates' if not a.negated else 'affirms'} the claim",
            negate(a.predicate) if a.negated else a.predicate,
            predicate_words(sent, terms, neg),
        )
    for role, label in ((a.subject, "actor"), (a.object, "object"), (a.place, "place")):
        if not role or not has_entity(golden, role):
            continue
        filler = slot_check(golden.entity(role), a, sent.text)
        if filler is not None:
            expected = entity_name(golden, role)
            return contradiction(f"{label} is {filler}; golden says {expected}", expected, filler)
        if label == "place" or ref is None:
            continue
        rivals = rival_names(role, sent, golden, a, ref)
        if rivals:
            expected = entity_name(golden, role)
            return contradiction(f"{label} is {rivals[0]}; golden says {expected}", expected,
                                 rivals[0])  # fmt: skip
    actor = actor_rival(a, sent, golden) if judged else None
    if actor:
        expected = entity_name(golden, a.subject)
        return contradiction(f"actor is {actor}; golden says {expected}", expected, actor)
    place = other_place(a, sent, golden, ref) if ref is not None else None
    if place:
        expected = entity_name(golden, a.place or "")
        return contradiction(f"place is {place}; golden says {expected}", expected, place)
    day = other_day(a, sent) if best else None
    if day:
        return contradiction(f"day is {day}; golden says {a.time}", a.time or "", day)
    return verdict(a, art, Status.SUPPORTED, evidence=evidence, reason="claim found")
