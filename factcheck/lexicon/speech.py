"""Reporting verbs ("say", "insist", "call ... a", "describe ... as") from WordNet 3.0."""

from __future__ import annotations

from functools import cache

from factcheck.lexicon.wordnet import wordnet

#: Synsets whose hyponyms report speech: "express in words" (say, state, add, claim,
#: argue...), naming and describing ("called it a ..."), asking, and the attitude verbs
#: news uses to report words (insist, warn, complain, joke, accuse, praise).
REPORTING_ROOTS = (
    "state.v.01",
    "call.v.01",
    "describe.v.02",
    "label.v.01",
    "characterize.v.01",
    "ask.v.01",
    "ask.v.02",
    "insist.v.01",
    "warn.v.01",
    "complain.v.01",
    "joke.v.01",
    "scoff.v.01",
    "accuse.v.01",
    "praise.v.01",
    "criticize.v.01",
)
#: Reporting verbs newer than WordNet 3.0 (2006).
NEWER_VERBS = frozenset({"tweet", "retweet", "blog", "text", "email", "post"})
#: WordNet's verb frame "Somebody ----s that CLAUSE".
THAT_CLAUSE_FRAME = 26
#: How many of a verb's most frequent senses one must be a communication sense: "take"
#: or "pay" have a far-down sense of speaking, and are not reporting verbs.
FREQUENT_SENSES = 2
#: How far down a noun's senses a person may come ("head": body part first, chief fourth).
PERSON_SENSES = 4


@cache
def speech_verbs() -> frozenset[str]:
    """Lemmas of reporting verbs: a communication verb (one of its two most frequent
    senses in ``verb.communication``) with a communication sense that reports words,
    being a hyponym of a reporting root or taking a that-clause."""
    wn = wordnet()
    reporting = set()
    for name in REPORTING_ROOTS:
        root = wn.synset(name)
        reporting |= {root, *root.closure(lambda s: s.hyponyms())}
    out = set()
    lemmas = {lem.name() for s in wn.all_synsets("v") for lem in s.lemmas()}
    for lemma in lemmas:
        if "_" in lemma:
            continue
        senses = wn.synsets(lemma, "v")
        if not any(s.lexname() == "verb.communication" for s in senses[:FREQUENT_SENSES]):
            continue
        for s in senses:
            if s.lexname() != "verb.communication":
                continue
            clause = any(
                lem.name() == lemma and THAT_CLAUSE_FRAME in lem.frame_ids() for lem in s.lemmas()
            )
            if s in reporting or clause:
                out.add(lemma.lower())
                break
    return frozenset(out | NEWER_VERBS)


@cache
def person_noun(lemma: str) -> bool:
    """Whether one of a noun's frequent senses names a person ("nominee", "son", "the
    Head of State")."""
    return any(s.lexname() == "noun.person" for s in wordnet().synsets(lemma, "n")[:PERSON_SENSES])


@cache
def mainly_document(lemma: str) -> bool:
    """Whether a noun's most frequent sense is a message or a made thing ("letter", whose
    fourth sense is one who lets a property; not "head", a body part first and a chief
    fourth)."""
    senses = wordnet().synsets(lemma, "n")
    return bool(senses) and senses[0].lexname() in {"noun.communication", "noun.artifact"}
