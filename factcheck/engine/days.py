"""Claims with a day (``time:``): stated by any date that resolves to it, contradicted
by another date given for what the story is about.

A date in a sentence contradicts the day when the sentence is about the story's event
(it names the claim's subject or states another claim of the golden file) and the date
is not that of the telling ("Ortiz said on Wednesday"). A weekday written next to a
date that does not fall on it ("Monday, January 6") is a contradiction too.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from factcheck.engine.article import Article, named_entities
from factcheck.engine.dates import DateMention, parse_day
from factcheck.engine.terms import content_words
from factcheck.engine.verdicts import verdict
from factcheck.lexicon import relations
from factcheck.model import ClaimAssertion, Golden, Status, Verdict

if TYPE_CHECKING:
    from spacy.tokens import Token


def _day_text(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _told_on(art: Article, m: DateMention) -> bool:
    """The date is when something was said ("said on Tuesday"), not when it happened."""
    span = art.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    tok: Token = span.root
    for _ in range(4):
        if tok.pos_ in {"VERB", "AUX"}:
            return tok.lemma_.lower() in relations.speech_verbs()
        if tok.head is tok:
            break
        tok = tok.head
    return False


def _about_story(
    a: ClaimAssertion, art: Article, golden: Golden, start: int, others: set[date]
) -> bool:
    """Whether the sentence at ``start`` gives a day for this claim's event. When every
    dated claim of the golden file happens on one day, the story has one event and any
    sentence about the story dates it; so does a claim that is little more than its day.
    When the golden dates claims on several days (talks opened on one, a deal was
    adopted on another), a claim with more to it ("opened for signature") must be stated
    by the sentence, and a wrong date is charged to the dated claim the sentence states
    best: a date given for one event is no other's. ``others``: the days of the other
    claims (``_other_days``)."""
    from factcheck.engine.claims import CLAIM_COVERAGE, about_event, shape, support

    sent = next(s for s in art.sentences() if s.span.start_char <= start < s.span.end_char)
    named = named_entities(art, sent, golden)
    sh = shape(a, golden)
    if others:
        # one wrong date is charged to the dated claim the sentence states best
        mine = support(sh, sent, named)[0]
        dated = [c for c in golden.assertions if isinstance(c, ClaimAssertion) and c.id != a.id]
        if any(
            parse_day(c.time) is not None and support(shape(c, golden), sent, named)[0] > mine
            for c in dated
        ):
            return False
        if len(sh.terms) >= 2:
            return mine >= CLAIM_COVERAGE
    return about_event(a, art, golden, sent, named)


def _dated_thing(art: Article, m: DateMention, a: ClaimAssertion) -> bool:
    """The date names a thing that is not this claim's event: "the attacks of 13
    November", "the 13 November attacks", "Friday's vote" date the attacks or the vote,
    whatever the clause says ("talks in Lisbon on Monday" are dated like their clause). A
    noun of the claim's own words ("the meeting of 6 January") is its event."""
    span = art.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root: Token = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of":
        head = head.head
    elif root.dep_ not in {"compound", "poss", "nmod"}:
        return False
    if head.pos_ not in {"NOUN", "PROPN"} or span.start <= head.i < span.end:
        return False
    own = content_words(" ".join((a.statement, a.predicate, a.object or "")))
    return not ({head.lower_, head.lemma_.lower()} & own)


def _other_days(a: ClaimAssertion, golden: Golden) -> set[date]:
    """The days the golden file gives for its other claims: a date that is one of them
    tells when that happened, not that this claim's day is wrong."""
    days = {parse_day(c.time) for c in golden.assertions if isinstance(c, ClaimAssertion)}
    days.discard(parse_day(a.time))
    return {d for d in days if d is not None}


def check_day(a: ClaimAssertion, art: Article, golden: Golden) -> Verdict:
    want = parse_day(a.time)
    assert want is not None
    supported = None
    # a claim about when something was said ("Ortiz said on Tuesday"), or one whose
    # evidence dates it by a telling, is judged on the dates of the telling too
    texts = [a.predicate, *(e.text for e in a.evidence)]
    telling = any(
        relations.base_form(w) in relations.speech_verbs() for t in texts for w in t.lower().split()
    )
    others = _other_days(a, golden)
    for m in art.dates(want):
        if any(x <= m.start < y for x, y in art.quoted):
            continue  # a quotation's "today" is the speaker's
        if m.day == want and m.consistent:
            supported = supported or m
            continue
        if m.consistent and m.day in others:
            continue
        if (
            m.weekday_only
            and m.day is not None
            and m.day.weekday() in {d.weekday() for d in others}
        ):
            continue  # "on Saturday" in a story with a Saturday of its own
        if _dated_thing(art, m, a):
            continue
        if (_told_on(art, m) and not telling) or not _about_story(a, art, golden, m.start, others):
            continue
        found = m.text if m.weekday_only else _day_text(m.day) if m.consistent else m.text
        return verdict(
            a, art, Status.CONTRADICTED, evidence=art.sentence(m.start, m.end),
            kind="contradiction",
            message=f"day is {found}; golden says {_day_text(want)}",
            expected=_day_text(want), found=m.text,
        )  # fmt: skip
    if supported is not None:
        return verdict(
            a, art, Status.SUPPORTED, evidence=art.sentence(supported.start, supported.end),
            reason=f"{supported.text} is {_day_text(want)}",
        )  # fmt: skip
    return verdict(a, art, Status.NOT_COVERED, reason="no date for it in the article")
