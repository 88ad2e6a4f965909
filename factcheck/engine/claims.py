"""Claim assertions: the sentences that carry a claim, and what differs in them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from factcheck import match
from factcheck.engine.article import Article, Sentence, named_entities, strip_span
from factcheck.engine.dates import parse_day
from factcheck.engine.days import check_day
from factcheck.engine.polarity import changed_polarity
from factcheck.engine.slots import (
    OTHER_OCCASION,
    doers_of,
    head_place,
    other_place,
    rival_names,
    slot_check,
    slot_frames,
    stand_in,
    swapped_frame,
)
from factcheck.engine.terms import (
    Term,
    content_words,
    covers,
    entity_name,
    terms,
)
from factcheck.engine.verdicts import verdict
from factcheck.lexicon import relations
from factcheck.model import (
    ClaimAssertion,
    Entity,
    Evidence,
    Golden,
    Status,
    Verdict,
)

if TYPE_CHECKING:
    from spacy.tokens import Span


#: Share of a claim's parts (words and entities) a sentence must carry to state it.
CLAIM_COVERAGE = 0.6
#: Share above which a sentence is clearly the claim's (polarity is judged there only).
CLAIM_STRONG = 0.8
#: Share of the claim's words a sentence needs before a missing actor with another in
#: its place is a contradiction ("Spain and Greece will set up military hubs ...").
CLAIM_ALIGNED = 0.75
#: Sentences naming an entity that make an article about it (see ``topic``).
TOPIC_SENTENCES = 2
#: Predicate endings that make the object a partner of the subject ("..., together with").
PARTNER_ENDINGS = ("together with", "with", "and", "jointly with", "alongside")


def _claim_terms(a: ClaimAssertion, golden: Golden, *, synonyms: bool = True) -> list[Term]:
    text = a.predicate
    if a.object and not golden.has_entity(a.object):
        text += " " + a.object
    return terms(text, synonyms=synonyms, context=context_of(a))


def context_of(a: ClaimAssertion) -> str:
    """The words around a claim that say which senses its words have."""
    return " ".join([a.statement, a.predicate, a.object or "", *(e.text for e in a.evidence)])


@dataclass(frozen=True)
class Shape:
    """What a claim asks of a sentence: its words and the entities that fill its slots."""

    terms: tuple[Term, ...]  # predicate and object-text content words, names left out
    head: Term | None  # the predicate's first content word, usually its verb
    actors: tuple[str, ...]  # the subject and a partner ("UK ... together with Portugal")
    others: tuple[str, ...]  # object entity, place, entities named inside the predicate
    implied: tuple[str, ...] = ()  # entities named inside the predicate, not slots
    head_classes: frozenset[str] = frozenset()  # what kind of verb the head is (lexicon)


@cache
def shape(a: ClaimAssertion, golden: Golden) -> Shape:
    pred = a.predicate.strip()
    actors = [a.subject] if golden.has_entity(a.subject) else []
    others: list[str] = []
    partner = (
        a.object
        and golden.has_entity(a.object)
        and pred.lower().endswith(PARTNER_ENDINGS)
        and golden.entity(a.object).type == golden.entity(a.subject).type
        if actors
        else False
    )
    if partner and a.object:
        actors.append(a.object)
    elif a.object and golden.has_entity(a.object):
        others.append(a.object)
    if a.place and golden.has_entity(a.place) and a.place not in others + actors:
        others.append(a.place)
    text = pred if (a.object and golden.has_entity(a.object)) else f"{pred} {a.object or ''}"
    # Names inside the predicate ("hubs across Moldova") are slots, not words.
    named_words: set[str] = set()
    for e in golden.entities:
        spans = match.find_aliases(e.names, text)
        if spans and any(text[x:y][:1].isupper() for x, y in spans):
            if e.id not in actors + others:
                others.append(e.id)
            named_words |= {w.lower() for x, y in spans for w in match.words(text[x:y])}
    words = [t for t in terms(text, context=context_of(a)) if t.word not in named_words]
    first = terms(pred)
    head = next((t for t in words if first and t.word == first[0].word), None)
    slots = {a.subject, a.object, a.place}
    implied = tuple(o for o in others if o not in slots)
    classes: frozenset[str] = frozenset()
    if head is not None:
        ctx = content_words(context_of(a)) - {head.word}
        classes = relations.verb_classes(head.word, frozenset(ctx))
    return Shape(tuple(words), head, tuple(actors), tuple(others), implied, classes)


def topic(art: Article, golden: Golden) -> frozenset[str]:
    """Entities the article is about: named in its first sentence (the headline) or in
    ``TOPIC_SENTENCES`` sentences or more. A claim's words "for Peru" need not be repeated
    in every sentence of an article about Peru."""
    key = (id(golden), -1)
    found = art._named.get(key)
    if found is None:
        sents = art.sentences()
        counts: dict[str, int] = {}
        for sent in sents:
            for e in named_entities(art, sent, golden):
                counts[e] = counts.get(e, 0) + 1
        first = named_entities(art, sents[0], golden) if sents else {}
        keep = {e for e, n in counts.items() if e in first or n >= TOPIC_SENTENCES}
        found = art._named[key] = {e: [] for e in keep}
    return frozenset(found)


def _agent_head(sh: Shape, sent: Sentence, named: Mapping[str, Any]) -> bool:
    """The claim's subject does a verb of the head word's kind ("to be run by Chile",
    "Chile will steer" for "Chile will lead"): a sister of the head word counts only
    with the claim's own actor as its doer."""
    if not sh.head_classes or not sh.actors or sh.actors[0] not in named:
        return False
    own = named[sh.actors[0]]
    for tok in sent.span:
        if tok.pos_ != "VERB" or not relations.in_verb_class(tok.lemma_.lower(), sh.head_classes):
            continue
        if any(x <= d.idx < y for d in doers_of(tok) for x, y in own):
            return True
    return False


def support(
    sh: Shape,
    sent: Sentence,
    named: Mapping[str, Any],
    place: str | None = None,
    about: frozenset[str] = frozenset(),
) -> tuple[float, float]:
    """(share of the claim's parts the sentence carries, share of its words); 0 when the
    sentence lacks the claim's head word and half its words, or every entity of it.
    Entities the article is ``about`` need not be named again where the claim names them
    only inside its words."""
    hit = [covers(t, sent.stems, sent.derived, sent.kinds) for t in sh.terms]
    head_hit = sh.head is not None and covers(sh.head, sent.stems, sent.derived, sent.kinds)
    if sh.head is not None and not head_hit and _agent_head(sh, sent, named):
        hit = [h or t is sh.head for h, t in zip(hit, sh.terms, strict=True)]
    words = sum(hit) / len(hit) if hit else 1.0
    ents = [
        e in named
        for e in (*sh.actors, *sh.others)
        if e in named or not (e in sh.implied and e in about)
    ]
    # A claim of one or two words ("met in" Lisbon) may be told in others ("talks in
    # Lisbon") when every entity of it is there; a longer one needs some of its words.
    if (len(hit) > 2 or not all(ents)) and not any(hit):
        return 0.0, 0.0
    head_ok = sh.head is None or any(h for h, t in zip(hit, sh.terms, strict=True) if t is sh.head)
    # half the claim's words, with its head word, most of the rest, or every one of two
    # or more entities: entities alone ("officials from Portugal, Spain and Moldova
    # worked ...") do not make the claim
    every_entity = len(ents) >= 2 and all(ents)
    if len(hit) > 2 and (words < 0.5 or not (head_ok or words >= CLAIM_ALIGNED or every_entity)):
        return 0.0, words
    if ents and not any(ents):
        return 0.0, words
    if place and len(hit) <= 1 and place not in named:
        return 0.0, words  # a claim that says little more than where needs the where
    total = len(hit) + len(ents)
    return (sum(hit) + sum(ents)) / total if total else 0.0, words


def _claim_sentences(
    a: ClaimAssertion, art: Article, golden: Golden
) -> list[tuple[float, Span, float]]:
    """Sentences that carry the claim, best first, with their scores and word shares:
    most of its words (or words related in meaning) and of its entities (by any alias,
    demonym or metonym); or a close version of a golden evidence text of at least five
    words; or an evidence text's frame around the actor or object with another name in it."""
    sh = shape(a, golden)
    refs = [
        (match.normalize(e.text), len(match.words(e.text)), content_words(e.text))
        for e in a.evidence
        if len(match.words(e.text)) >= 5
    ]
    frames = slot_frames(a, golden)
    about = topic(art, golden) if sh.implied else frozenset()
    found: list[tuple[float, int, Span, float]] = []
    for sent in art.sentences():
        score, words = support(sh, sent, named_entities(art, sent, golden), a.place, about)
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
        if score < CLAIM_COVERAGE and _other_agent(a, sh, sent, words, art, golden):
            score = CLAIM_COVERAGE
        if score < CLAIM_COVERAGE and _other_place(a, sh, sent, words, art, golden):
            score = CLAIM_COVERAGE
        if score >= CLAIM_COVERAGE:
            # among equals, the sentence with more of the claim's own word forms first
            exact = sum(1 for t in sh.terms if t.core & sent.stems)
            found.append((-score, -exact, sent.span.start_char, sent.span, words))
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    return [(-neg, span, words) for neg, _, _, span, words in found]


def _other_agent(
    a: ClaimAssertion, sh: Shape, sent: Sentence, words: float, art: Article, golden: Golden
) -> bool:
    """Most of the claim's words, its head word among them, done by another entity of the
    subject's type while the subject is not named: "the survey will be led by Portugal",
    "placed under Spanish leadership" for a claim that Chile leads the survey; not on
    another occasion ("Spain previously led the survey")."""
    if words < CLAIM_ALIGNED or sh.head is None or not sh.actors or len(sh.terms) < 3:
        return False  # a claim of a word or two is no specific frame
    if not covers(sh.head, sent.stems, sent.derived, sent.kinds):
        return False
    named = named_entities(art, sent, golden)
    if sh.actors[0] in named:
        return False
    if any(t.lower_ in OTHER_OCCASION and t.dep_ in _OCCASION_DEPS for t in sent.span):
        return False  # "Spain previously led ...", "the last mission was headed by ..."
    swap = stand_in(sh, sent.span, golden, named, agents=True, plural_heads=False)
    return swap is not None and swap[0] == sh.actors[0] and _story_days_only(art, sent, golden)


#: How a word of another occasion attaches ("previously led", "the last mission").
_OCCASION_DEPS = frozenset({"advmod", "amod", "aux", "npadvmod"})


def _other_place(
    a: ClaimAssertion, sh: Shape, sent: Sentence, words: float, art: Article, golden: Golden
) -> bool:
    """The claim's words and subject with another country's place on its head word ("the
    council met in Oslo" for "met in Lisbon"), on the story's occasion: a sentence with a
    date that is no day of the golden file may tell of another meeting."""
    if words < CLAIM_ALIGNED or not sh.actors or not a.place:
        return False
    if sh.actors[0] not in named_entities(art, sent, golden):
        return False
    return head_place(a, sh, sent.span, golden) is not None and _story_days_only(art, sent, golden)


def _story_days_only(art: Article, sent: Sentence, golden: Golden) -> bool:
    """Whether every date the sentence gives ("on Tuesday", "last March") is a day of a
    claim of the golden file."""
    days = {parse_day(c.time) for c in golden.assertions if isinstance(c, ClaimAssertion)}
    days.discard(None)
    s0, s1 = sent.span.start_char, sent.span.end_char
    ours = [
        (m.start, m.end)
        for day in days
        for m in art.dates(day)  # type: ignore[arg-type]
        if s0 <= m.start < s1 and m.day == day
    ]
    return all(
        any(x < e.end_char and e.start_char < y for x, y in ours)
        for e in sent.span.ents
        if e.label_ in {"DATE", "TIME"}
    )


def _aligned_evidence(a: ClaimAssertion, sentence: str) -> str | None:
    """The golden evidence text this sentence is a version of (None: a new wording). A
    sentence much shorter than the evidence would align as a fragment of it (a headline
    inside a long evidence text), so it must be at least 60% of its length."""
    norm = match.normalize(sentence)
    words = set(match.words(sentence))
    best: tuple[float, str] | None = None
    for e in a.evidence:
        ref = match.normalize(e.text)
        content = content_words(e.text)
        if len(norm) < 0.6 * len(ref) or len(content & words) < 0.6 * len(content):
            continue  # a fragment, or letters that align without the evidence's words
        score = fuzz.partial_ratio(ref, norm)
        if score >= 80 and (best is None or score > best[0]):
            best = (score, e.text)
    return best[1] if best else None


def check_claim(a: ClaimAssertion, art: Article, golden: Golden) -> Verdict:
    # One sentence that contradicts the claim is a finding, even when another supports it.
    day = check_day(a, art, golden) if parse_day(a.time) is not None else None
    if day is not None and (day.finding is not None or len(shape(a, golden).terms) < 2):
        return day
    # a day with more to it ("agreed to establish ... on Tuesday"): the rest is compared too
    found = _claim_sentences(a, art, golden)
    # Polarity is judged on the best sentence(s) only; a weaker match is not evidence
    # that the claim is denied.
    verdicts = [
        _claim_in(
            a, art, golden, sent, best=n == 0, strong=score >= CLAIM_STRONG,
            aligned=words >= CLAIM_ALIGNED,
        )
        for n, (score, sent, words) in enumerate(found)
    ]  # fmt: skip
    if day is not None and not any(v.finding is not None for v in verdicts):
        return day if day.status is Status.SUPPORTED or not verdicts else verdicts[0]
    if not verdicts:
        loose = _loosely_stated(a, art, golden) if a.required else None
        if loose is not None:
            return loose
        return verdict(a, art, Status.NOT_COVERED, reason="claim not in the article")
    return next((v for v in verdicts if v.finding is not None), verdicts[0])


def _loosely_stated(a: ClaimAssertion, art: Article, golden: Golden) -> Verdict | None:
    """A required fact told too freely to check its details, which is not an omission:
    for a claim that says little more than where ("met in" Lisbon), the place as a
    location in a sentence about the story's event (its subject, the story's day, or
    another claim of the golden file: "on Tuesday, in the Portuguese capital"). Nothing is
    compared in such a sentence: it only keeps a fact from being reported missing.
    (Sentences naming the actors with a word or two of a longer claim were tried too:
    they took vaguer statements a reviewer had judged omissions for the fact.)"""
    sh = shape(a, golden)
    if not a.place or len(sh.terms) > 1:
        return None
    for sent in art.sentences():
        named = named_entities(art, sent, golden)
        if (
            a.place in named
            and _located(sent, named[a.place])
            and about_event(a, art, golden, sent, named)
        ):
            a0, b0 = strip_span(art.text, sent.span.start_char, sent.span.end_char)
            return verdict(
                a, art, Status.SUPPORTED, evidence=Evidence(art.text[a0:b0], a0, b0),
                reason="stated in other words (not compared)",
            )  # fmt: skip
    return None


def _located(sent: Sentence, spans: list[tuple[int, int]]) -> bool:
    """A place named as where something happens: after "in"/"at", or as the modifier of
    a noun ("the Lisbon summit")."""
    doc = sent.span.doc
    for x, y in spans:
        span = doc.char_span(x, y, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if (root.dep_ == "pobj" and root.head.lower_ in {"in", "at"}) or root.dep_ in {
            "compound",
            "nmod",
        }:
            return True
        if root.head.lower_ in {"in", "at"}:
            return True
    return False


def about_event(
    a: ClaimAssertion, art: Article, golden: Golden, sent: Sentence, named: Mapping[str, Any]
) -> bool:
    """Whether a sentence is about the story's event: it names the claim's subject, gives
    the day of a claim of the golden file, or states another of its claims."""
    if a.subject in named:
        return True
    days = {parse_day(c.time) for c in golden.assertions if isinstance(c, ClaimAssertion)}
    days.discard(None)
    s0, s1 = sent.span.start_char, sent.span.end_char
    for day in days:
        if any(s0 <= m.start < s1 and m.day == day for m in art.dates(day)):  # type: ignore[arg-type]
            return True
    others = [c for c in golden.assertions if isinstance(c, ClaimAssertion) and c.id != a.id]
    return any(
        support(shape(c, golden), sent, named)[0] >= CLAIM_COVERAGE
        for c in others
        if parse_day(c.time) is None
    )


def _same_one(words: str, entity: Entity) -> bool:
    """Words that name the entity in short ("Mr Lee", "Lee" for "Ann Lee")."""
    own = {w.lower() for n in entity.names for w in match.words(n)}
    said = [w.lower() for w in match.words(words) if w.lower() not in _HONORIFICS]
    return bool(said) and all(w in own for w in said)


_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir"})


def _other_filler(
    a: ClaimAssertion, golden: Golden, sent: Span, ref: str | None
) -> tuple[str, str, str] | None:
    """``(message, expected, found)`` when another entity fills the actor, object or place
    slot where an evidence text has the golden one."""
    for role, label in ((a.subject, "actor"), (a.object, "object"), (a.place, "place")):
        if not role or not golden.has_entity(role):
            continue
        expected = entity_name(golden, role)
        filler = slot_check(golden.entity(role), a, sent.text)
        if filler is not None and not _same_one(filler, golden.entity(role)):
            return f"{label} is {filler}; golden says {expected}", expected, filler
        if label == "place" or ref is None:
            continue
        rivals = [
            r
            for r in rival_names(role, sent, golden, a, ref)
            if not _same_one(r, golden.entity(role))
        ]
        if rivals:
            return f"{label} is {rivals[0]}; golden says {expected}", expected, rivals[0]
    return None


def _claim_in(
    a: ClaimAssertion,
    art: Article,
    golden: Golden,
    sent: Span,
    *,
    best: bool,
    strong: bool,
    aligned: bool,
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
    # where the sentence is a version of an evidence text, only a negation of the
    # predicate's own words counts (see polarity.changed_polarity)
    own = _claim_terms(a, golden, synonyms=False) if ref is not None else terms
    judged = best and ((strong and aligned) or ref is not None)
    flipped = changed_polarity(a, art, golden, sent, ref, terms, own, judged=judged)
    if flipped is not None:
        return contradiction(*flipped)
    other_filler = _other_filler(a, golden, sent, ref)
    if other_filler is not None:
        return contradiction(*other_filler)
    if aligned:
        # a partner coordinated with a named actor ("Spain and [Greece]") is enough;
        # who does the head word only in a sentence that is clearly the claim's, or
        # names everything else of it
        sh = shape(a, golden)
        named = named_entities(art, art.sentence_at(sent), golden)
        clear = (
            strong
            or (len(sh.terms) >= 2 and bool(sh.others) and all(o in named for o in sh.others))
            or _other_agent(a, sh, art.sentence_at(sent), 1.0, art, golden)
        )
        swap = stand_in(sh, sent, golden, named, agents=clear)
        if swap is not None and not _same_one(swap[1], golden.entity(swap[0])):
            missing, other = swap
            role = "actor" if missing == a.subject else "partner"
            expected = entity_name(golden, missing)
            return contradiction(f"{role} is {other}; golden says {expected}", expected, other)
    place = other_place(a, sent, golden, ref) if ref is not None else None
    if place is None and (strong or aligned):
        place = head_place(a, shape(a, golden), sent, golden)
    if place:
        expected = entity_name(golden, a.place or "")
        return contradiction(f"place is {place}; golden says {expected}", expected, place)
    return verdict(a, art, Status.SUPPORTED, evidence=evidence, reason="claim found")
