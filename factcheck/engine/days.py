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


def _about_story(a: ClaimAssertion, art: Article, golden: Golden, start: int) -> bool:
    from factcheck.engine.claims import about_event

    sent = next(s for s in art.sentences() if s.span.start_char <= start < s.span.end_char)
    return about_event(a, art, golden, sent, named_entities(art, sent, golden))


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
    for m in art.dates(want):
        if any(x <= m.start < y for x, y in art.quoted):
            continue  # a quotation's "today" is the speaker's
        if m.day == want and m.consistent:
            supported = supported or m
            continue
        if (_told_on(art, m) and not telling) or not _about_story(a, art, golden, m.start):
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
