"""Who said it: quotations with their speakers, part of the mention layer.

``quotes(doc)`` returns every direct, partial or mixed quotation of a parsed article
with the speech verb that introduces it, the source as the article names it there
(``mention``) and the person or body it is (``speaker``). How (docs/checking.md, "How
a speaker is found"):

1. The cue is the reporting verb (WordNet, ``lexicon.speech``) the quotation hangs from
   in the parse: the nearest one up from the quoted words ("X said that the network
   takes this "very seriously""), else the nearest one in the quotation's sentences,
   outside quote marks, before or after it ("..., said the editor, Y"), or in a short
   sentence right after it; "according to X" is a cue too (``cue.py``). No cue
   (``context.py``): a transcript line ("ORTIZ: ..."), a dash line after it ("-- Y"),
   a clause ending in a colon before it, the person whose clause or claim a partial
   quotation sits in; else it continues the previous quotation of its paragraph, or
   of the paragraph before when it opens its own; else the person the sentence before
   it is about.
2. The source is the verb's subject (its agent in the passive; inherited through
   "..., calling it" and "began by saying"; the antecedent of a relative "who"), a
   name in apposition preferred ("the editor, Y") (``source.py``).
3. The speaker: a name is given in full when the article names the person in full
   (a lone "Ann" or "Lee" becomes "Ann Lee"); "he"/"she" goes back to the
   last person named as a subject before it, the subject of a main or reporting verb
   first (``article.py``); a title or role ("the candidate's son")
   goes to the person the article gave that title, else (a definite title with no
   possessor) to the last person named as a subject; an organisation or a document
   ("the Kremlin", "FBI notes") stays itself. Relative and other pronouns that name no
   one ("that", "it", "we"), quoted words and places that are not the subject are never
   speakers: a wrong speaker is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.speakers.article import (
    BYLINE_DASHES,
    PERSON_LABELS,
    SUBJECT_DEPS,
    Article,
    inside,
    squash,
)
from factcheck.speakers.context import governing, introduced, previous_sentence, transcript
from factcheck.speakers.cue import adjacent_source, find_cue, subject_of, token_at, wished
from factcheck.speakers.source import resolve

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Quote", "quotes"]


@dataclass(frozen=True)
class Quote:
    start: int  # first character inside the quote marks
    end: int
    text: str
    speaker: str | None  # the person or body, resolved (None: the article does not say)
    mention: str | None  # how the article names the source at the cue
    verb: str | None  # lemma of the cue
    sentence: tuple[int, int]  # span of the sentence holding the quote's start
    source: tuple[int, int] | None = None  # character span of the mention


def byline(doc: Doc, text: str, after: int, limit: int) -> tuple[Span, str] | None:
    """A speaker named on a dash line right after a quotation ("-- Jane Roe, 34")."""
    rest = text[after:limit]
    m = re.match(r"[\s\"\u201d\u2019.,]*[" + BYLINE_DASHES + r"]+\s*", rest)
    if m is None:
        return None
    start = after + m.end()
    for ent in doc.ents:
        if ent.start_char == start and ent.label_ in PERSON_LABELS:
            return ent, ent.text
    # a name the NER left out: two or three capitalised proper nouns ending the line
    first = doc[token_at(doc, start)]
    if first.idx != start:
        return None
    words = []
    for tok in doc[first.i : first.i + 4]:
        if tok.pos_ != "PROPN" or not tok.is_title:
            break
        words.append(tok)
    rest = text[words[-1].idx + len(words[-1]) : limit] if words else ""
    line = rest.split("\n", 1)[0].strip()
    ends = not line or line[0] == ","
    if 2 <= len(words) <= 3 and ends:
        span = doc[words[0].i : words[-1].i + 1]
        return span, span.text
    return None


#: What a quotation is given: (speaker, mention, cue lemma, the mention's span).
Found = tuple[str | None, str | None, str | None, tuple[int, int] | None]
NOTHING: Found = (None, None, None, None)


def quotes(
    doc: Doc,
    spans: Sequence[tuple[int, int, int, int]],
    blocks: list[int],
) -> list[Quote]:
    """Quotations with their speakers, in order of position.

    ``spans``: (quote start, quote end, paragraph start, paragraph end) of every paired
    quotation; ``blocks``: the paragraphs' first characters.
    """
    from factcheck.nlp import sentence_span

    text = doc.text
    article = Article(doc, [(a, b) for a, b, _, _ in spans], blocks)
    out: list[Quote] = []
    previous: Found | None = None  # what a quotation with no cue may carry on
    last_para = -1
    for qa, qb, pa, pb in spans:
        para = article.paragraph(qa)
        if para != last_para:
            # a quotation opening its paragraph carries on the speaker of the paragraph before
            opens = text[pa:qa].strip(' \n"\u201c\u201d') == ""
            if not (opens and para == last_para + 1):
                previous = None
            last_para = para
        here = [(a, b) for a, b, x, _ in spans if x == pa]
        found, previous = _attribute(article, (qa, qb, pa, pb), here, previous)
        speaker, mention, lemma, source = found
        out.append(
            Quote(
                qa,
                qb,
                text[qa:qb],
                squash(speaker),
                squash(mention),
                lemma,
                sentence_span(doc, qa),
                source,
            )
        )
    return sorted(out, key=lambda q: q.start)


def _attribute(
    article: Article,
    where: tuple[int, int, int, int],
    here: list[tuple[int, int]],
    previous: Found | None,
) -> tuple[Found, Found | None]:
    """What the quotation at ``where`` (quote and paragraph spans) is given, and what a
    next quotation with no cue may carry on."""
    qa, qb, pa, pb = where
    named = transcript(article, qa, qb)
    if named is not None:
        source, speaker = named
        found: Found = (speaker, article.doc.text[source[0] : source[1]], None, source)
        return found, found
    verb = find_cue(article, qa, qb, here, pa, pb)
    if verb is None:
        return _without_cue(article, where, previous)
    lemma = verb.lemma_.lower()
    if wished(verb, article.quoted):
        return (None, None, lemma, None), previous  # "I hope X says ...": nobody said it
    subj = subject_of(verb)
    if subj is None or inside(article.quoted, subj.idx):
        subj = adjacent_source(verb, article.quoted) or introduced(article, qa, pa)
    found = _found(article, subj, lemma) if subj is not None else (None, None, lemma, None)
    return found, found


def _without_cue(
    article: Article, where: tuple[int, int, int, int], previous: Found | None
) -> tuple[Found, Found | None]:
    """A quotation with no reporting verb (context.py): a dash line, a colon, the clause
    around it, the quotation before, the sentence before."""
    qa, qb, pa, pb = where
    doc = article.doc
    line = byline(doc, doc.text, qb, min(len(doc.text), pb + 200))
    if line is not None:
        span, speaker = line
        return (speaker, span.text, None, (span.start_char, span.end_char)), None
    intro = introduced(article, qa, pa) or governing(article, qa, qb)
    if intro is None and previous is not None:
        return previous, previous
    subj = intro or previous_sentence(article, qa, pa)
    if subj is None:
        return NOTHING, previous
    found = _found(article, subj, subj.head.lemma_.lower() if subj.dep_ in SUBJECT_DEPS else None)
    return found, found


def _found(article: Article, subj: Token, lemma: str | None) -> Found:
    phrase, speaker = resolve(article, subj)
    return speaker, phrase.text, lemma, (phrase.start_char, phrase.end_char)
