"""Slot comparisons of a claim sentence: actor, object, place, day and polarity."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from factcheck import match
from factcheck._text import dateline
from factcheck.engine.article import Sentence
from factcheck.engine.entities import PLACE_TYPES, entity_spans
from factcheck.engine.entities import info as entity_info_of
from factcheck.engine.terms import (
    WORD_RE,
    covers,
    derived_of,
    in_terms,
    kinds_of,
    mention_span,
    mentioned,
    names_of,
    token_stems,
    word_spans,
)
from factcheck.lexicon import relations
from factcheck.model import (
    ClaimAssertion,
    Entity,
    Golden,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from spacy.tokens import Span, Token


def _inflections(verb: str) -> set[str]:
    base = verb[:-1] if verb.endswith("e") else verb
    past = f"{verb[:-1]}ied" if verb.endswith("y") and verb[-2] not in "aeiou" else f"{base}ed"
    third = (
        f"{verb[:-1]}ies"
        if past.endswith("ied")
        else f"{verb}es"
        if verb.endswith("o")
        else f"{verb}s"
    )
    return {verb, third, past, f"{base}ing"}


@cache
def negative_forms() -> frozenset[str]:
    """Refusal verbs (lexicon.relations) in unparsed text: "refused", "denies", "vetoed"."""
    return frozenset(f for v in relations.refusal_verbs() for f in _inflections(v))


NEGATIVE_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})


#: spaCy labels that stand for an entity type of the golden file.
TYPE_LABELS = {
    "PERSON": {"PERSON"},
    "GPE": {"GPE", "NORP", "LOC"},
    "ORG": {"ORG"},
    "NORP": {"NORP", "GPE"},
    "LOC": {"LOC", "GPE"},
    "EVENT": {"EVENT"},
}


def negation(sent: Span, terms: list[frozenset[str]]) -> Any:
    """The negating token of the claim's own predicate: "not" on one of its words, "no"
    before one ("no willingness"), or a negative verb governing one ("refused to
    establish"). A negation elsewhere in the sentence ("will not agree" next to the
    claim) does not count. None when the predicate is not negated.
    """
    for tok in sent:
        if tok.dep_ == "neg" or tok.lower_ == "never":
            negates = in_terms(tok.head, terms) or _governs(tok.head, terms)
        elif tok.lower_ in {"no", "without"}:
            negates = in_terms(tok.head, terms)
        else:
            negative_verb = tok.lemma_.lower() in relations.refusal_verbs() and tok.pos_ == "VERB"
            negates = negative_verb and _governs(tok, terms)
        if negates:
            return tok
    return None


def negative_cue(sent: Span) -> bool:
    """Whether anything in the sentence negates or refuses: "not", "no", "never",
    "without", "n't", or a refusal verb ("rejects", "ruled out")."""
    refusals = relations.refusal_verbs()
    prev = ""
    for tok in sent:
        low, lemma = tok.lower_, tok.lemma_.lower()
        if tok.dep_ == "neg" or low in NEGATIVE_WORDS or low.endswith("n't"):
            return True
        if lemma in refusals or f"{prev} {lemma}".replace(" ", "_") in _multiword_refusals():
            return True
        prev = lemma
    return False


@cache
def _multiword_refusals() -> frozenset[str]:
    from factcheck.lexicon.wordnet import wordnet

    names = relations.REFUSAL_SYNSETS
    return frozenset(lm.name().lower() for n in names for lm in wordnet().synset(n).lemmas())


_AUXILIARIES = frozenset(
    "is are was were will would has have had can could must should do does did".split()
)


def negate(predicate: str) -> str:
    """ "is involved" -> "is not involved"; "signed" -> "not signed"."""
    first, _, rest = predicate.partition(" ")
    if first.lower() in _AUXILIARIES and rest:
        return f"{first} not {rest}"
    return f"not {predicate}"


def predicate_words(sent: Span, terms: list[frozenset[str]], neg: Any = None) -> str:
    """The words of the sentence that carry the predicate (and its negation), for 'found'."""
    hits = [t.i for t in sent if in_terms(t, terms)] + ([neg.i] if neg is not None else [])
    if not hits:
        return sent.text
    first, last = min(hits), max(hits)
    if neg is not None:  # keep the phrase around the negation short
        first, last = min(neg.i, neg.head.i), max(neg.i, neg.head.i)
        kids = [c.i for c in neg.head.children if c.dep_ in {"xcomp", "acomp", "ccomp"}]
        last = max([last, *kids])
    doc = sent.doc
    return doc[first : min(last + 1, first + 10)].text


def _governs(verb: Any, terms: list[frozenset[str]]) -> bool:
    """Whether a complement clause of ``verb`` ("refused [to establish a mechanism]")
    carries one of the terms."""
    for child in verb.children:
        if child.dep_ in {"xcomp", "ccomp", "acomp"} and any(
            in_terms(t, terms) for t in child.subtree
        ):
            return True
    return False


#: Characters around the place of an evidence's mention where another name may stand.
_NAME_SLACK = 30


def rival_names(role: str, sent: Span, golden: Golden, a: ClaimAssertion, ref: str) -> list[str]:
    """Entities of ``role``'s type in the sentence where the aligned evidence names ``role``.

    Only a sentence that is a version of a golden evidence text is compared, and only
    around the place aligned with the evidence's mention, so an entity is a rival only
    where the evidence had the golden one: other mentions of the same type elsewhere in
    the sentence ("a joint declaration ... and a trilateral declaration") are not a
    different actor.
    """
    ent = golden.entity(role)
    mention = mention_span(ent.names, ref)
    if mention is None or mentioned(ent.names, sent.text):
        return []
    res = fuzz.partial_ratio_alignment(match.normalize(ref), match.normalize(sent.text))
    if res is None:
        return []
    # where the evidence's mention of the golden entity lands in the sentence, with room
    # for a longer or shorter name in its place
    ms, me = mention
    shift = res.dest_start - res.src_start
    lo = max(0, ms + shift - _NAME_SLACK)
    hi = min(len(sent.text), me + shift + _NAME_SLACK)
    lo, hi = match.widen(sent.text, lo, hi)
    stretch = sent.text[lo:hi]
    others = {a.subject, a.object, a.place} - {None}
    out = []
    for e in golden.entities:
        if e.id == ent.id or e.id in others or e.type != ent.type:
            continue
        if mentioned(e.names, stretch) and not mentioned(e.names, ref):
            out.append(e.name)
    labels = TYPE_LABELS.get(ent.type, {ent.type})
    lo, hi = lo + sent.start_char, hi + sent.start_char
    for span in sent.ents:
        if span.label_ not in labels or match.entity_for(span.text, golden.entities):
            continue
        inside = lo <= span.start_char and span.end_char <= hi
        if inside and not mentioned([span.text], ref) and span.text not in out:
            out.append(span.text)
    return out


def other_place(a: ClaimAssertion, sent: Span, golden: Golden, ref: str) -> str | None:
    """A place after "in"/"at" where the aligned evidence has the claim's place."""
    if not a.place:
        return None
    names = names_of(golden, a.place)
    if mentioned(names, sent.text) or not mentioned(names, ref):
        return None
    for tok in sent:
        if (
            tok.dep_ == "pobj"
            and tok.head.lower_ in {"in", "at"}
            and tok.ent_type_
            in {
                "GPE",
                "LOC",
                "FAC",
            }
        ):
            ent = next((e for e in sent.ents if e.start <= tok.i < e.end), None)
            name = ent.text if ent is not None else tok.text
            if not mentioned([name], ref):
                return name
    return None


#: Words on an event's verb or noun that move it to another occasion ("first met in
#: Oslo", "the next summit in Rome", "had met there before").
OTHER_OCCASION = frozenset(
    "first previous previously earlier last next again before once former formerly "
    "originally initially already upcoming future later had".split()
)


def head_place(a: ClaimAssertion, sh: Any, sent: Span, golden: Golden) -> str | None:
    """A place in another country after "in"/"at" on the claim's own head word, where the
    sentence does not name the claim's place: "the council met in Oslo" for a claim that
    it met in Lisbon. A place that holds the claim's ("met in Portugal") or that WordNet
    does not place in a country ("at the palace") says nothing, nor does another occasion
    ("first met in Oslo")."""
    if not a.place or not golden.has_entity(a.place) or sh.head is None:
        return None
    names = names_of(golden, a.place)
    if mentioned(names, sent.text):
        return None
    home = frozenset().union(*(relations.countries(n) for n in names))
    if not home:
        return None
    for tok in sent:
        if tok.pos_ not in {"VERB", "NOUN"}:
            continue
        lemma = tok.lemma_.lower()
        if not covers(sh.head, token_stems([tok]), derived_of(lemma), kinds_of(lemma)):
            continue
        if any(c.lower_ in OTHER_OCCASION for c in tok.children):
            continue  # another meeting than the claim's
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"in", "at"}:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj" or obj.ent_type_ not in {"GPE", "LOC"}:
                    continue
                ent = next((e for e in sent.ents if e.start <= obj.i < e.end), None)
                name = ent.text if ent is not None else obj.text
                there = relations.countries(name)
                if there and not there & home:
                    return name
    return None


def polarity_change(ref: str, sentence: str) -> tuple[str, bool] | None:
    """A negation the sentence adds to (True) or drops from (False) the evidence text it
    is a version of, compared word by word over the aligned stretch."""
    res = fuzz.partial_ratio_alignment(match.normalize(ref), match.normalize(sentence))
    if res is None:
        return None
    a, b = match.widen(sentence, res.dest_start, res.dest_end)
    gone, new = match.word_diff(ref, sentence[a:b])

    def negative(w: str) -> bool:
        return w in NEGATIVE_WORDS or w.endswith("n't") or w in negative_forms()

    added = [w for w in new if negative(w) and w not in gone]
    dropped = [w for w in gone if negative(w) and w not in new]
    if added and not dropped:
        return added[0], True
    if dropped and not added:
        return dropped[0], False
    return None


def slot_check(entity: Entity, a: ClaimAssertion, sentence: str) -> str | None:
    """Another filler for ``entity``'s slot in some evidence text's frame, unless another
    evidence frame in the sentence holds the entity itself."""
    fillers = [_slot_filler(entity, left, right, sentence) for left, right in _frames(a, entity)]
    if "" in fillers:
        return None
    return next((f for f in fillers if f), None)


@cache
def _frames(a: ClaimAssertion, entity: Entity) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """For each evidence text naming ``entity``: the words around the mention (up to three
    before, two after), the frame a version of that text has around the slot."""
    out = []
    for e in a.evidence:
        mention = mention_span(entity.names, e.text)
        if mention is not None:
            start, end = mention
            left = tuple(w.lower() for w in WORD_RE.findall(e.text[:start]))[-3:]
            right = tuple(w.lower() for w in WORD_RE.findall(e.text[end:]))[:2]
            if left and right:
                out.append((left, right))
    return tuple(out)


def _slot_filler(
    entity: Entity, left: tuple[str, ...], right: tuple[str, ...], sentence: str
) -> str | None:
    """What the sentence has in the frame ``left ... right`` where the evidence names
    ``entity``, when that is something else ("hubs across [Greece] after" for "hubs across
    [Moldova] after"), "" when it is the entity, None when the sentence does not have the
    frame: the words must recur with at most six words between them; otherwise the
    sentence is worded differently and nothing is said.
    """
    found, ws = word_spans(sentence)
    for i in range(len(ws) - len(left) + 1):
        if tuple(ws[i : i + len(left)]) != left:
            continue
        k = i + len(left)
        for j in range(k + 1, min(k + 7, len(ws) - len(right) + 1)):
            if tuple(ws[j : j + len(right)]) == right:
                filler = sentence[found[k][1] : found[j - 1][2]]
                if mentioned(entity.names, filler):
                    return ""  # the frame holds the entity itself
                if not re.search(r"\b[A-Z]", filler):
                    return ""  # "across the country": a description, not another name
                return re.sub(r"^(?:the|a|an)\s+", "", " ".join(filler.split()), flags=re.I)
    return None


def slot_frames(
    a: ClaimAssertion, golden: Golden
) -> list[tuple[Entity, tuple[str, ...], tuple[str, ...]]]:
    """The evidence frames around the actor and the object of four or more words: specific
    enough that a sentence with the frame and something else in it is a version of the
    evidence with the slot changed."""
    out = []
    for role in (a.subject, a.object):
        if role and golden.has_entity(role):
            entity = golden.entity(role)
            frames = _frames(a, entity)
            out += [(entity, lt, rt) for lt, rt in frames if len(lt) + len(rt) >= 4]
    return out


def swapped_frame(
    frames: list[tuple[Entity, tuple[str, ...], tuple[str, ...]]], sent: Sentence
) -> bool:
    """The sentence has one of ``frames`` with something else in the slot ("from 35
    countries, [a unit], the EU" for "..., [the OSCE], the EU")."""
    return any(
        left[0] in sent.words and _slot_filler(entity, left, right, sent.text)
        for entity, left, right in frames
    )


#: Dependents that name who does what a word says: a verb's subject, a passive verb's
#: agent ("headed by the United States"); a noun's modifiers ("Portuguese leadership",
#: "Ottawa's lead"); a participle's ("US-led").
_VERB_AGENTS = frozenset({"nsubj"})
_NOUN_AGENTS = frozenset({"amod", "compound", "poss"})
_PARTICIPLE_AGENTS = frozenset({"npadvmod", "compound"})


def doers_of(tok: Token) -> list[Token]:
    """Who does what ``tok`` says: its subject, passive agent or modifier."""
    out: list[Token] = []
    if tok.pos_ in {"NOUN", "PROPN"}:
        out = [c for c in tok.children if c.dep_ in _NOUN_AGENTS]
    elif tok.pos_ in {"VERB", "AUX"}:
        if tok.dep_ == "amod":
            out = [c for c in tok.children if c.dep_ in _PARTICIPLE_AGENTS]
        head = tok
        for _ in range(3):  # "agreed to [establish]": the subject of the governing verb
            for c in head.children:
                if c.dep_ == "agent":
                    out.extend(g for g in c.children if g.dep_ == "pobj")
                elif c.dep_ in _VERB_AGENTS:
                    out.append(c)
            if out or head.dep_ not in {"xcomp", "conj"}:
                break
            head = head.head
    return [t for a in out for t in (a, *a.conjuncts)]


def _rival_name(
    tok: Token, want: str, golden: Golden, claim_ids: set[str], sent: Span
) -> str | None:
    """What ``tok`` names when it is an entity of type ``want`` outside the claim."""
    for e in golden.entities:
        if e.id in claim_ids or e.type != want:
            continue
        for x, y in entity_spans(sent, golden, entity_info_of(e)):
            if x <= tok.idx < y:
                return e.name
    if tok.ent_type_ in TYPE_LABELS.get(want, {want}):
        ent = next((e for e in sent.ents if e.start <= tok.i < e.end), None)
        if ent is not None:
            return ent.text
    if want in PLACE_TYPES and tok.text[:1].isupper() and relations.countries(tok.text):
        return tok.text
    return None


def stand_in(
    sh: Any,
    sent: Span,
    golden: Golden,
    named: Mapping[str, list[tuple[int, int]]],
    *,
    agents: bool = True,
    plural_heads: bool = True,
) -> tuple[str, str] | None:
    """An actor of the claim with another entity in its place: (the actor's id, the
    other's name). Another is in a missing actor's place when it is coordinated with an
    actor the sentence does name ("Spain and [Greece]"); and in the subject's place
    when it names who does the claim's head word while the subject does not ("[Spain]
    will lead", "under [Portuguese] leadership", "[Lee] presented" with Rossi named
    elsewhere in the sentence; only with ``agents``). Without ``plural_heads`` a plural
    noun is no head word: "the Oslo accords" names documents, nobody's act."""
    claim_ids = set(sh.actors) | set(sh.others)
    inside = [(x, y) for e in claim_ids if e in named for x, y in named[e]]
    doc = sent.doc

    def rival(candidates: list[Token], want: str) -> str | None:
        for c in candidates:
            if any(x <= c.idx < y for x, y in inside) or c.pos_ == "PRON" or dateline(c):
                continue
            name = _rival_name(c, want, golden, claim_ids, sent)
            if name is not None:
                return name
        return None

    missing = [e for e in sh.actors if e not in named]
    if missing:
        coordinated = [
            c
            for e in sh.actors
            for x, y in named.get(e, ())
            for t in doc.char_span(x, y, alignment_mode="expand") or ()
            for c in t.conjuncts
        ]
        name = rival(coordinated, golden.entity(missing[0]).type)
        if name is not None:
            return missing[0], name
    if not (agents and sh.head is not None and sh.actors):
        return None
    subject = sh.actors[0]
    own = named.get(subject, [])
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "PROPN" or tok.ent_type_ or (not plural_heads and tok.tag_ == "NNS"):
            continue  # a word of a name ("Continental Press", "the Oslo Accords") is not
            # the claim's word
        if not covers(sh.head, token_stems([tok]), derived_of(lemma), kinds_of(lemma)):
            continue
        doers = doers_of(tok)
        if any(x <= d.idx < y for d in doers for x, y in own):
            return None  # the subject does it
        name = rival(doers, golden.entity(subject).type)
        if name is not None:
            return subject, name
    return None
