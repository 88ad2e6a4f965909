"""The source of a quotation as the article names it, and the speaker it resolves to."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from factcheck.lexicon.speech import mainly_document, person_noun, speech_verbs
from factcheck.speakers.article import (
    BODY_LABELS,
    DESCRIPTION_DEPS,
    NON_SPEAKERS,
    PERSON_LABELS,
    PERSON_PRONOUNS,
    PLACE_LABELS,
    SUBJECT_DEPS,
    Article,
    entity_of,
    inside,
    squash,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def phrase_of(tok: Token) -> Span:
    """The name or short description a source token stands for."""
    doc = tok.doc
    ent = entity_of(tok)
    if ent is not None:
        first = ent.start
        # Keep a title that spaCy leaves outside the entity ("Mr. Ortiz").
        while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].is_title:
            first -= 1
        # ... and drop a cue the NER took in ("Said Ann Lee:")
        while first < ent.end - 1 and doc[first].lemma_.lower() in speech_verbs():
            first += 1
        return doc[first : ent.end]
    left = [t for t in tok.lefts if t.dep_ in DESCRIPTION_DEPS]
    first = min([tok.i, *(min(t.i for t in x.subtree) for x in left)])
    return doc[first : tok.i + 1]


def resolve(article: Article, subj: Token) -> tuple[Span, str | None]:
    """The mention at the cue and the speaker it resolves to (None: not one)."""
    appos = _apposed_name(subj)
    if appos is not None:
        span = phrase_of(appos)
        return span, article.full_name(span.text)
    root = _named_in(subj)
    phrase = phrase_of(root)
    low = root.lower_
    if inside(article.quoted, phrase.start_char):
        return phrase, None
    if low in PERSON_PRONOUNS:
        who = article.antecedent(phrase.start_char, low)
        if who is not None:
            article.add(phrase.start_char, who)
        return phrase, who
    if low in NON_SPEAKERS or root.pos_ == "PRON":
        return phrase, None  # "that", "it", "we", "they": no one the article names
    ent = entity_of(root)
    if ent is not None and ent.label_ in PERSON_LABELS:
        # a possessor's name without its mark ("Ann Lee's claim", "Ortiz' claim")
        bare = re.sub(r"\s*['\u2019]s?$", "", squash(phrase.text) or phrase.text)
        who = article.full_name(bare)
        article.add(phrase.start_char, who)
        return phrase, who
    lemma = root.lemma_.lower()
    det = next((c for c in root.children if c.dep_ in {"det", "poss"}), None)
    if root.pos_ in {"NOUN", "PROPN"} and root.tag_ not in {"NNS", "NNPS"} and person_noun(lemma):
        return phrase, _role(article, phrase, root)
    if root.pos_ == "PROPN" and article.full_name(phrase.text) != phrase.text:
        # a fragment of a person's name the NER did not call a person ("Ann said")
        who = article.full_name(phrase.text)
        article.add(phrase.start_char, who)
        return phrase, who
    if ent is not None and (ent.label_ in BODY_LABELS or ent.label_ in PLACE_LABELS):
        # A country or body as the subject of a reporting verb is a source ("Moldova said").
        # NER sometimes calls a person's name an ORG: two or more capitalised proper
        # nouns ("Ana de la Vega said") may be the antecedent of a "she".
        words = [t for t in ent if t.is_title]
        name_like = len(words) >= 2 and all(t.pos_ == "PROPN" for t in words)
        if ent.label_ in BODY_LABELS - {"NORP"} and name_like and det is None:
            article.add(phrase.start_char, phrase.text)
        return phrase, phrase.text
    if root.pos_ == "PROPN" and det is None:
        # A name the NER missed or called otherwise: a person when the article names one so.
        who = article.full_name(squash(phrase.text) or phrase.text)
        article.add(phrase.start_char, who)
        return phrase, who
    # an organisation or a document ("the campaign", "FBI notes"), or a thing
    return phrase, phrase.text


def _apposed_name(subj: Token) -> Token | None:
    """A name in apposition says who a description is: "the editor, Jane Roe", "The
    Executive Secretary of the Fund, Ann Lee" (a title the tagger calls a proper noun)."""
    if subj.pos_ not in {"NOUN", "PROPN"} or subj.ent_type_ in PERSON_LABELS:
        return None
    for c in subj.children:
        if c.dep_ != "appos":
            continue
        if c.ent_type_ in PERSON_LABELS or (c.pos_ == "PROPN" and not c.ent_type_):
            return c
        if c.pos_ == "PROPN" and c.ent_type_ in BODY_LABELS:
            return c
    return None


def _named_in(subj: Token) -> Token:
    """The person a description ends in ("Tulsa police Chief Chuck Jordan"); a name in
    apposition further down a person noun's phrase names it too ("her partner at the
    firm, Y", where the parser hangs Y on "firm"). Else the subject itself."""
    ent = entity_of(subj)
    if ent is not None and ent.label_ in PERSON_LABELS:
        return subj
    role = subj.pos_ == "NOUN" and person_noun(subj.lemma_.lower())
    named = [
        t
        for t in subj.subtree
        if t.ent_type_ in PERSON_LABELS
        and (t.head is subj or t is subj or (role and t.dep_ == "appos"))
        and t.dep_ in {"compound", "appos", "flat", *SUBJECT_DEPS, "pobj"}
    ]
    return named[-1] if named else subj


def _role(article: Article, phrase: Span, root: Token) -> str | None:
    """The person a title or role stands for ("the mayor", "the candidate's son"): the
    one the article gave that title, else (no possessor) the last one named as a
    subject; "a campaign spokesman" is its own, unnamed source; a noun that is mostly
    a document or a thing ("the letter") is itself."""
    det = next((c for c in root.children if c.dep_ == "det"), None)
    poss = next((c for c in root.children if c.dep_ == "poss"), None)
    definite = poss is not None or (det is not None and det.lower_ in {"the", "this"})
    if not definite:
        return phrase.text
    lemma = root.lemma_.lower()
    who = article.titled(lemma, phrase.start_char)
    if who is None and mainly_document(lemma):
        return phrase.text  # "the letter read": a document, whatever its rarer senses
    if who is None and poss is None:
        who = article.antecedent(phrase.start_char)
    if who is not None:
        article.add(phrase.start_char, who)
    return who
