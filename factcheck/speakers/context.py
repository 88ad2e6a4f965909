"""Quotations with no reporting verb: what else in the text says whose words they are.

A transcript line names its speaker in capitals ("ORTIZ: We will..."); a clause ending
in a colon introduces the quotation ("X continued:", "Said X:"); the clause a partial
quotation sits in gives its subject, when that is a person ("X likened the rules to
"..."", "X's claim that "...""); the sentence right before a quotation that stands
alone gives its subject, when that is a person ("X called him a master. "He showed
...""). The package's ``quotes`` tries them in that order, the quotation before coming
ahead of the sentence before. Only the colon admits a body or a document as the
source: the other two are guesses that hold for people, and a wrong speaker is worse
than none.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from factcheck.lexicon.speech import person_noun, speech_verbs
from factcheck.lexicon.wordnet import wordnet
from factcheck.speakers.article import (
    BODY_LABELS,
    PERSON_LABELS,
    PERSON_PRONOUNS,
    QUOTE_CHARS,
    Article,
    inside,
)
from factcheck.speakers.cue import subject_of, token_at

if TYPE_CHECKING:
    from spacy.tokens import Token

#: A transcript's speaker at the start of a quotation: one to three words in capitals.
TRANSCRIPT = re.compile(r"\s*([A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+){0,2}):\s")
#: How many words a clause before a colon may have to be the quotation's introduction.
INTRO_WORDS = 40


def transcript(article: Article, qa: int, qb: int) -> tuple[tuple[int, int], str] | None:
    """The speaker a transcript line names ("WALLACE: But, Governor ...")."""
    m = TRANSCRIPT.match(article.doc.text, qa, qb)
    if m is None or len(m.group(1)) < 3:
        return None
    name = " ".join(w.capitalize() for w in m.group(1).split())
    return (m.start(1), m.end(1)), article.full_name(name)


def introduced(article: Article, qa: int, pa: int) -> Token | None:
    """The source of a quotation introduced by a clause ending in a colon, in its
    paragraph or at the end of the one before: "X continued:", "Said X:"."""
    doc, text = article.doc, article.doc.text
    k = qa - 1
    while k > 0 and (text[k].isspace() or text[k] in QUOTE_CHARS):
        k -= 1
    if text[k] != ":" or (k < pa and article.paragraph(k) != article.paragraph(pa) - 1):
        return None
    colon = doc[token_at(doc, k)]
    sent = colon.sent
    words = [t for t in doc[sent.start : colon.i] if not t.is_punct]
    if not words or len(words) > INTRO_WORDS or inside(article.quoted, words[0].idx):
        return None
    first = words[0]
    if first.lemma_.lower() in speech_verbs() and len(words) > 1:
        return words[1]  # "Said X:" (the parser takes "Said" for part of the name)
    root = sent.root
    verbs = [t for t in words if t.pos_ == "VERB"]
    if root.pos_ in {"VERB", "AUX"} and root.i < colon.i:
        verbs = [root]
    verb = verbs[0] if verbs else None
    subj = subject_of(verb) if verb is not None else None
    if subj is None or subj.i >= colon.i:
        return None
    return subj if personal(article, subj) or _body_or_document(subj) else None


def governing(article: Article, qa: int, qb: int) -> Token | None:
    """The subject of the clause a partial quotation sits in, when it is a person; or
    the person whose claim, remark or statement (a noun of communication) it is."""
    doc = article.doc
    inner = [t for t in doc[token_at(doc, qa) : token_at(doc, qb) + 1] if qa <= t.idx < qb]
    tops = [t for t in inner if not qa <= t.head.idx < qb and t.head.i != t.i and not t.is_punct]
    if not tops or len({t.head.i for t in tops}) != 1:
        return None  # the quoted words hang from one word outside them, or from none
    node = tops[0]
    for _ in range(8):
        poss = next((c for c in node.children if c.dep_ == "poss"), None)
        if poss is not None and not inside(article.quoted, poss.idx):
            # "Y's claim that "..."" is Y's; "Y's "plan"" in X's sentence is neither's
            return poss if _communication(node) and personal(article, poss) else None
        if node.head.i == node.i:
            return None
        node = node.head
        # a relative clause is about its noun ("a coach who is "working the referees""),
        # a clause on a noun of communication is its content ("Y's claim that ...")
        content = node.dep_ == "acl" and _communication(node.head)
        if node.pos_ in {"VERB", "AUX"} and node.dep_ not in {"relcl", "aux", "auxpass"}:
            if content:
                continue
            subj = subject_of(node)
            if subj is not None and inside(article.quoted, subj.idx):
                continue  # the quoted words are the clause's subject: the one above it
            return subj if subj is not None and personal(article, subj) else None
    return None


def previous_sentence(article: Article, qa: int, pa: int) -> Token | None:
    """The person the sentence before a stand-alone quotation (in its paragraph) is
    about: its subject, when that is a person."""
    doc, text = article.doc, article.doc.text
    start = token_at(doc, qa)
    sent = doc[start].sent
    if text[sent.start_char : qa].strip(" \n" + "".join(QUOTE_CHARS)):
        return None  # the quotation does not open its sentence
    if sent.start == 0 or doc[sent.start - 1].idx < pa:
        return None
    root = doc[sent.start - 1].sent.root
    subj = subject_of(root) if root.pos_ in {"VERB", "AUX"} else None
    if subj is None or inside(article.quoted, subj.idx):
        return None
    return subj if personal(article, subj) else None


def personal(article: Article, tok: Token) -> bool:
    """Whether a source token names a person: a name, "he"/"she", a person noun."""
    if tok.ent_type_ in PERSON_LABELS or tok.lower_ in PERSON_PRONOUNS:
        return True
    if any(c.dep_ == "appos" and c.ent_type_ in PERSON_LABELS for c in tok.children):
        return True
    if tok.pos_ == "NOUN" and tok.tag_ not in {"NNS"} and person_noun(tok.lemma_.lower()):
        return True
    return tok.pos_ == "PROPN" and not tok.ent_type_ and article.full_name(tok.text) != tok.text


def _body_or_document(tok: Token) -> bool:
    """A named body ("the ministry" as an ORG), or a noun whose most frequent sense is a
    group, a message or an artifact ("the campaign", "the statement", "the piece"): a
    source that is no person ("The bias begins:" introduces someone else's words)."""
    if tok.ent_type_ in BODY_LABELS or tok.lower_ in PERSON_PRONOUNS:
        return True
    senses = wordnet().synsets(tok.lemma_.lower(), "n")
    kind = senses[0].lexname() if senses else ""
    return tok.pos_ in {"NOUN", "PROPN"} and kind in {
        "noun.group",
        "noun.communication",
        "noun.artifact",
    }


def _communication(noun: Token) -> bool:
    senses = wordnet().synsets(noun.lemma_.lower(), "n")
    return noun.pos_ == "NOUN" and bool(senses) and senses[0].lexname() == "noun.communication"
