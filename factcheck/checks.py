"""The check engine: one golden assertion against one parsed article -> a Verdict.

Pure functions of their inputs; nothing here knows about pytest. An article is
parsed once (``prepare``) and every assertion is checked against that parse.

Statuses and the findings they carry:

- quote: found with the golden speaker -> supported; another speaker ->
  misattribution; the same speaker with other words -> contradiction naming
  the changed words.
- number: a value of the same quantity (same counted thing) that does not
  overlap the golden value or range -> contradiction. Ranges compare as ranges.
- claim: the sentence carrying the claim's predicate, with another actor of the
  subject's type, another place, another day, or the opposite polarity ->
  contradiction. Synonyms, aliases and tense are not differences.
- a required assertion absent from a full-coverage article -> omission.
- a quote that another source of the story gives to a different speaker ->
  misattribution, with or without a golden assertion.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from factcheck import match, nlp
from factcheck.errors import GoldenError, StoryError
from factcheck.model import (
    ArticleResult,
    Assertion,
    ClaimAssertion,
    Entity,
    Evidence,
    Finding,
    FindingKind,
    Golden,
    NumberAssertion,
    QuoteAssertion,
    Source,
    Status,
    Verdict,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from factcheck.config import Settings

__all__ = [
    "Article",
    "check",
    "check_article",
    "check_articles",
    "check_story",
    "choose_story",
    "prepare",
]

#: Fuzzy score (0..100) at which a quotation counts as found.
QUOTE_FOUND = 90.0
#: Lower score at which a quoted passage is the same quotation with words changed.
QUOTE_CHANGED = 70.0
#: Share of a claim's key terms a sentence must carry to be the claim's sentence.
CLAIM_COVERAGE = 0.65
#: Share above which a sentence is clearly the claim's (polarity is judged there only).
CLAIM_STRONG = 0.8
#: Quotes shorter than this (words) are too generic for the cross-source rule.
CROSS_SOURCE_MIN_WORDS = 6

#: Words that mean the same thing in a claim frame ("truce" is "ceasefire").
SYNONYMS: tuple[frozenset[str], ...] = tuple(
    frozenset(g.split())
    for g in (
        "ceasefire truce cease-fire armistice",
        "monitor monitoring oversight oversee supervise supervision verification verify",
        "lead leadership command head",
        "agree agreement consensus accord reach",
        "establish create set build form launch",
        "hub base",
        "mechanism system",
        "sign",
        "troop soldier force personnel",
        "country nation state",
        "meeting summit talk gathering meet met",
        "support backing back assistance aid",
        "declaration statement",
        "guarantee assurance commitment",
        "deploy send station",
        "military army",
        "say announce state declare tell add",
        "strengthen reinforce bolster",
        "continue persist keep",
        "expand increase amplify step",
    )
)
#: Nouns that count the same thing ("35 countries" is "35 nations").
COUNT_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"country", "nation"}),
    frozenset({"meeting", "summit", "gathering"}),
    frozenset({"troop", "personnel"}),
)
#: Verbs that negate the clause they govern ("refused to agree").
NEGATIVE_VERBS = frozenset("refuse reject decline fail deny oppose rule veto".split())


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


#: Their forms in unparsed text (golden evidence): "refused", "denies", "vetoed".
NEGATIVE_FORMS = frozenset(f for v in NEGATIVE_VERBS for f in _inflections(v))
NEGATIVE_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january february march april may june july august september october november december"
).split()
_WORD_RE = re.compile(r"[\w]+(?:['\u2019][\w]+)*")
#: The proper-name words of an alias ("United", "Kingdom"; not "the signed commitment").
_CAPITALISED = re.compile(r"\b[A-Z][\w]*")
#: spaCy labels that stand for an entity type of the golden file.
TYPE_LABELS = {
    "PERSON": {"PERSON"},
    "GPE": {"GPE", "NORP", "LOC"},
    "ORG": {"ORG"},
    "NORP": {"NORP", "GPE"},
    "LOC": {"LOC", "GPE"},
    "EVENT": {"EVENT"},
}


# ------------------------------------------------------------------ article


@dataclass(frozen=True)
class Sentence:
    span: Span
    text: str
    stems: frozenset[str]
    norm: str  # match.normalize(text)
    n_words: int
    words: frozenset[str]  # lower-cased words, for cheap pre-checks


@dataclass
class Article:
    """An article's cleaned text and its one parse, with the extracted records."""

    text: str
    doc: Doc
    path: str = "<text>"
    source: str | None = None
    coverage: str = "full"
    new: bool = False
    quotes: list[nlp.Quote] = field(default_factory=list)
    numbers: list[nlp.Number] = field(default_factory=list)
    quoted: list[tuple[int, int]] = field(default_factory=list)
    _sentences: list[Sentence] | None = field(default=None, repr=False)

    def sentence(self, start: int, end: int | None = None) -> Evidence:
        """Evidence: the sentence(s) covering ``[start, end)``."""
        a, b = nlp.sentence_span(self.doc, start)
        if end is not None and end > b:
            b = max(b, nlp.sentence_span(self.doc, max(start, end - 1))[1])
        a, b = _strip(self.text, a, b)
        return Evidence(self.text[a:b], a, b)

    def sentences(self) -> list[Sentence]:
        """The article's sentences with what claim matching needs, computed once."""
        if self._sentences is None:
            self._sentences = [
                Sentence(
                    s,
                    s.text,
                    _token_stems(s),
                    match.normalize(s.text),
                    len(match.words(s.text)),
                    frozenset(w.lower() for w in _WORD_RE.findall(s.text)),
                )
                for s in self.doc.sents
            ]
        return self._sentences


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def prepare(
    text: str,
    doc: Doc,
    *,
    path: str = "<text>",
    source: str | None = None,
    coverage: str = "full",
    new: bool = False,
) -> Article:
    """An Article from a text and its parse (runs the extractors once)."""
    return Article(
        text=text,
        doc=doc,
        path=path,
        source=source,
        coverage=coverage,
        new=new,
        quotes=nlp.quotes(doc),
        numbers=nlp.numbers(doc),
        quoted=nlp.quoted_spans(doc),
    )


# ----------------------------------------------------------------- verdicts


def _verdict(
    a: Assertion,
    art: Article,
    status: Status,
    *,
    evidence: Evidence | None = None,
    kind: FindingKind | None = None,
    message: str = "",
    expected: str = "",
    found: str | None = None,
    reason: str = "",
) -> Verdict:
    finding = None
    if kind is not None:
        known = any(k.source == art.source and k.kind == kind for k in a.known)
        finding = Finding(
            kind=kind,
            assertion=a.id,
            statement=a.statement,
            message=message,
            expected=expected,
            found=found,
            evidence=evidence,
            article=art.path,
            source=art.source,
            known=known,
        )
    return Verdict(
        assertion=a.id,
        article=art.path,
        status=status,
        evidence=evidence,
        finding=finding,
        reason=reason or message,
    )


def check(
    assertion: Assertion,
    article: Article,
    golden: Golden,
) -> Verdict:
    """Check one assertion against one prepared article."""
    if isinstance(assertion, QuoteAssertion):
        v = _check_quote(assertion, article, golden)
    elif isinstance(assertion, NumberAssertion):
        v = _check_number(assertion, article)
    elif isinstance(assertion, ClaimAssertion):
        v = _check_claim(assertion, article, golden)
    else:
        return _verdict(assertion, article, Status.NOT_COVERED, reason="unknown assertion kind")
    if v.status is Status.NOT_COVERED and assertion.required and article.coverage == "full":
        return _verdict(
            assertion,
            article,
            Status.OMITTED,
            kind="omission",
            message="required fact not found in this full-coverage article",
            expected=assertion.statement,
        )
    return v


# ------------------------------------------------------------------- quotes


def _entity_name(golden: Golden, entity_id: str) -> str:
    try:
        return golden.entity(entity_id).name
    except KeyError:
        return entity_id


def _speaker_of(art: Article, start: int, end: int) -> nlp.Quote | None:
    best = None
    for q in art.quotes:
        overlap = min(end, q.end) - max(start, q.start)
        if overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, q)
    return best[1] if best else None


def _speaker_entity(q: nlp.Quote, golden: Golden) -> Entity | None:
    # The mention as written first ("the Head of State" may be an alias), else the person
    # it resolves to; a description is never matched by a word inside it ("the British leader").
    return match.entity_for(q.mention, golden.entities, exact=True) or match.entity_for(
        q.speaker, golden.entities
    )


#: Words that start a subject phrase but never a name.
_NOT_NAMES = frozenset(
    "the a an this that these those it its they we he she i you who which there".split()
)


def _looks_named(name: str | None) -> bool:
    """A proper name: capitalised, not a pronoun or description, not a bare title
    ("Prime Minister" cut from its name by a line break names nobody)."""
    if not name or not name[0].isupper():
        return False
    first = name.split()[0].lower()
    return first not in _NOT_NAMES and not match.only_titles(name)


def _inside_quotes(art: Article, start: int, end: int) -> bool:
    return any(a <= start + 1 and end - 1 <= b for a, b in art.quoted)


def _whole_quotation(art: Article, start: int, end: int, n_words: int) -> tuple[int, int]:
    """The quoted passage around a match when it is the quotation itself, give or take a
    word: an alignment of equal score may start past a changed first word ("[hollow] the
    way for ..."), and the changed word must be compared too."""
    for qa, qb in art.quoted:
        if qa <= start and end <= qb:
            qa, qb = _strip(art.text, qa, qb)
            if len(match.words(art.text[qa:qb])) <= n_words + 1:
                return qa, qb
            break
    return start, end


def _find_quote(a: QuoteAssertion, art: Article) -> tuple[int, int, str] | None:
    """Where the article carries the quotation: (start, end, the article's words)."""
    span = match.find_quote(a.text, art.text, score_cutoff=QUOTE_CHANGED)
    if span is not None:
        start, end = _whole_quotation(art, span.start, span.end, len(match.words(a.text)))
        found = art.text[start:end]
        if span.score >= QUOTE_FOUND or _inside_quotes(art, start, end):
            same = len(set(match.words(found)) & set(match.words(a.text)))
            if same >= 0.6 * max(1, len(match.words(a.text))):
                return start, end, found
    # Partial quotation: a quoted passage of the article that is a piece of the golden words.
    best: tuple[float, int, int] | None = None
    golden_norm = match.normalize(a.text)
    for qa, qb in art.quoted:
        piece = art.text[qa:qb]
        n = len(match.words(piece))
        if n < 3 or n > len(match.words(a.text)):
            continue
        res = fuzz.partial_ratio_alignment(match.normalize(piece).strip(), golden_norm)
        # A short piece must match exactly; a longer one may carry changed words.
        good = res.score >= QUOTE_FOUND or (res.score >= QUOTE_CHANGED and n >= 5)
        if good and (best is None or n > best[0]):
            best = (n, qa, qb)
    if best is not None:
        _, qa, qb = best
        qa, qb = _strip(art.text, qa, qb)
        return qa, qb, art.text[qa:qb]
    return None


def _changed_words(expected: str, found: str) -> tuple[list[str], list[str]]:
    gone, new = match.word_diff(expected, found)
    if not words_set(found) or len(match.words(found)) < len(match.words(expected)):
        # A partial quotation: only words replaced inside the quoted piece count.
        span = match.find(found, expected, score_cutoff=0)
        piece = expected[span.start : span.end] if span else expected
        gone, new = match.word_diff(piece, found)
    return gone, new


def words_set(text: str) -> set[str]:
    return set(match.words(text))


def _check_quote(a: QuoteAssertion, art: Article, golden: Golden) -> Verdict:
    hit = _find_quote(a, art)
    expected_speaker = _entity_name(golden, a.speaker)
    if hit is None:
        return _verdict(a, art, Status.NOT_COVERED, reason="quotation not in the article")
    start, end, found = hit
    evidence = art.sentence(start, end)
    q = _speaker_of(art, start, end)
    if q is not None and (q.speaker or q.mention):
        ent = _speaker_entity(q, golden)
        said_by = q.speaker or q.mention or ""
        if ent is not None and ent.id != a.speaker:
            return _verdict(
                a, art, Status.MISATTRIBUTED, evidence=evidence, kind="misattribution",
                message=f"quote attributed to {ent.name}; golden speaker is {expected_speaker}",
                expected=expected_speaker, found=ent.name,
            )  # fmt: skip
        if ent is None and _looks_named(said_by):
            speaker_names = golden.entity(a.speaker).names if _has(golden, a.speaker) else ()
            if not any(match.same_name(said_by, n) for n in speaker_names):
                return _verdict(
                    a, art, Status.MISATTRIBUTED, evidence=evidence, kind="misattribution",
                    message=f"quote attributed to {said_by}; golden speaker is {expected_speaker}",
                    expected=expected_speaker, found=said_by,
                )  # fmt: skip
    gone, new = _changed_words(a.text, found)
    allowed = a.tolerance * max(1, len(match.words(a.text)))
    if (gone or new) and max(len(gone), len(new)) > allowed:
        changed = f'"{" ".join(gone) or "-"}" -> "{" ".join(new) or "-"}"'
        return _verdict(
            a, art, Status.CONTRADICTED, evidence=evidence, kind="contradiction",
            message=f"quote words changed: {changed}",
            expected=a.text, found=found,
        )  # fmt: skip
    reason = "quotation found" + ("" if q and q.speaker else " (speaker not stated)")
    return _verdict(a, art, Status.SUPPORTED, evidence=evidence, reason=reason)


def _has(golden: Golden, entity_id: str) -> bool:
    return golden.has_entity(entity_id)


# ------------------------------------------------------------------ numbers


@cache
def _stem(word: str) -> str:
    w = word.lower().strip(".,'\"")
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)] + repl
    return w


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _terms(text: str, *, synonyms: bool = True) -> list[frozenset[str]]:
    """Content words of ``text``, each with its synonyms, as stem sets."""
    return list(_term_sets(text, synonyms))


@cache
def _term_sets(text: str, synonyms: bool) -> tuple[frozenset[str], ...]:
    out: list[frozenset[str]] = []
    for w in match.words(text):
        if w in _stop_words() or w.isdigit() or len(w) < 3:
            continue
        stem = _stem(w)
        group = {stem, w}
        for syn in SYNONYMS if synonyms else ():
            if stem in syn or w in syn or any(_stem(s) == stem for s in syn):
                group |= syn | {_stem(s) for s in syn}
        g = frozenset(group)
        if g not in out:
            out.append(g)
    return tuple(out)


def _token_stems(tokens: Iterable[Any]) -> frozenset[str]:
    out = set()
    for t in tokens:
        out |= {t.lower_, t.lemma_.lower(), _stem(t.lower_)}
    return frozenset(out)


def _golden_range(a: NumberAssertion) -> tuple[float, float]:
    low, high = a.low, a.high
    if low == high and a.qualifier:
        parsed = nlp.parse_number(f"{a.qualifier} {low:g}")
        if parsed:
            return parsed[0], parsed[1]
    return low, high


def _overlaps(lo: float, hi: float, glo: float, ghi: float) -> bool:
    eps = 1e-9 * max(1.0, abs(glo), abs(ghi))
    return lo <= ghi + eps and glo <= hi + eps


def _number_keywords(a: NumberAssertion) -> list[frozenset[str]]:
    """Stem sets that identify the quantity, the counted noun first.

    Annotators' keywords are taken literally ("troops" and "soldiers" may be two
    quantities), except that the head noun may be any of its counting synonyms. The head
    is the keyword that is the unit ("meetings" in ``[Mar-a-Lago, meetings]``), else the
    first one.
    """
    if a.keywords:
        keys = _terms(" ".join(a.keywords), synonyms=False)
        if keys:
            unit = {_stem(w) for w in match.words(a.unit or "")}
            keys.sort(key=lambda k: not (unit & k))  # stable: the unit's key, then the rest
            head = set(keys[0])
            for group in COUNT_SYNONYMS:
                if head & ({_stem(w) for w in group} | group):
                    head |= group | {_stem(w) for w in group}
            keys[0] = frozenset(head)
        return keys
    return _terms(a.counts)


def _about(a: NumberAssertion, n: nlp.Number, art: Article, keys: list[frozenset[str]]) -> bool:
    """Whether number ``n`` counts the assertion's quantity: its noun is the head keyword
    and the other keywords are close by, or every keyword is close by."""
    if not keys or n.year != _is_year(a):
        return False  # a calendar year is no count, and a count no year
    noun = {n.noun, _stem(n.noun)} if n.noun else set()
    head = keys[0]
    doc = art.doc
    span = doc.char_span(n.start, n.end, alignment_mode="expand")
    if span is None:
        return bool(noun & head) and len(keys) == 1
    sent = span.sent
    # what a year is about comes before it ("support for Ukraine's defense in 2026")
    before = 7 if n.year else 3
    window = doc[max(span.start - before, sent.start) : min(span.end + 8, sent.end)]
    stems = _token_stems(window)
    if noun & head:
        return all(k & stems for k in keys[1:])
    # Every keyword close by ("troops" + "volunteer" ...), or the head noun right after.
    return all(k & stems for k in keys) or (bool(head & stems) and len(keys) == 1)


def _is_year(a: NumberAssertion) -> bool:
    """The assertion states a calendar year ("steps up its support in 2026")."""
    unit = (a.unit or "").lower()
    return unit in {"year", "calendar year"} and a.low == a.high and 1000 <= a.low <= 2999


def _partitive(n: nlp.Number, art: Article) -> bool:
    """ "one of the envoys" names a member, it does not count them."""
    return n.low == n.high == 1 and art.text[n.end : n.end + 4].lower() == " of "


def _check_number(a: NumberAssertion, art: Article) -> Verdict:
    keys = _number_keywords(a)
    glo, ghi = _golden_range(a)
    candidates = [n for n in art.numbers if _about(a, n, art, keys) and not _partitive(n, art)]
    for n in candidates:
        if _overlaps(n.low, n.high, glo, ghi):
            return _verdict(
                a, art, Status.SUPPORTED, evidence=art.sentence(n.start, n.end),
                reason=f"{n.text} agrees with the golden value",
            )  # fmt: skip
    if candidates:
        n = candidates[0]
        expected = _range_text(a)
        return _verdict(
            a, art, Status.CONTRADICTED, evidence=art.sentence(n.start, n.end),
            kind="contradiction",
            message=f"{a.counts}: the article says {n.text}, the golden value is {expected}",
            expected=expected, found=n.text,
        )  # fmt: skip
    return _verdict(a, art, Status.NOT_COVERED, reason=f"no number for {a.counts}")


def _range_text(a: NumberAssertion) -> str:
    if a.low == a.high:
        value = f"{a.low:,g}" if a.low < 1e15 else f"{a.low:g}"
        return f"{a.qualifier} {value}" if a.qualifier else value
    if a.high == float("inf"):
        return f"more than {a.low:,g}"
    return f"{a.low:,g}-{a.high:,g}"


# ------------------------------------------------------------------- claims


def _names(golden: Golden, ref: str | None) -> tuple[str, ...]:
    if not ref:
        return ()
    return golden.entity(ref).names if _has(golden, ref) else (ref,)


def _claim_terms(
    a: ClaimAssertion, golden: Golden, *, synonyms: bool = True
) -> list[frozenset[str]]:
    text = a.predicate
    if a.object and not _has(golden, a.object):
        text += " " + a.object
    return _terms(text, synonyms=synonyms)


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
    slots = [_names(golden, r) for r in dict.fromkeys((a.object, a.place)) if r and _has(golden, r)]
    refs = [
        (match.normalize(e.text), len(match.words(e.text)), _content_words(e.text))
        for e in a.evidence
        if len(match.words(e.text)) >= 5
    ]
    # A slot's proper name in the predicate ("hubs across Ukraine", place Ukraine) counts
    # as the slot, not twice; of the other predicate words more than half must be there.
    named = {w.lower() for names in slots for n in names for w in _CAPITALISED.findall(n)}
    terms = [t for t in terms if not t & named]
    frames = _slot_frames(a, golden)
    found: list[tuple[float, int, Span]] = []
    total = len(terms) + len(slots)
    # A word with no synonym ("hubs") is the claim's own: without it, a sentence with the
    # claim's verb and a synonym of its other words ("army" for "military") is another fact.
    plain = [t for t in terms if len(t) <= 2]
    for sent in art.sentences():
        covered = _coverage(terms, sent.stems)
        own = all(t & sent.stems for t in plain)
        hits = covered * len(terms) + sum(1 for names in slots if _named_in(names, sent))
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
        if score < CLAIM_COVERAGE and frames and _swapped_frame(frames, sent):
            score = CLAIM_COVERAGE
        if score >= CLAIM_COVERAGE:
            found.append((-score, sent.span.start_char, sent.span))
    return [(-neg, sent) for neg, _, sent in sorted(found, key=lambda f: (f[0], f[1]))]


@cache
def _content_words(text: str) -> frozenset[str]:
    """Lower-cased words of ``text`` that are not stop words."""
    return frozenset(w for w in match.words(text) if w not in _stop_words())


def _in_terms(tok: Any, terms: list[frozenset[str]]) -> bool:
    stems = {tok.lower_, tok.lemma_.lower(), _stem(tok.lower_)}
    return any(t & stems for t in terms)


def _negation(sent: Span, terms: list[frozenset[str]]) -> Any:
    """The negating token of the claim's own predicate: "not" on one of its words, "no"
    before one ("no willingness"), or a negative verb governing one ("refused to
    establish"). A negation elsewhere in the sentence ("will not agree" next to the
    claim) does not count. None when the predicate is not negated.
    """
    for tok in sent:
        if tok.dep_ == "neg" or tok.lower_ == "never":
            negates = _in_terms(tok.head, terms) or _governs(tok.head, terms)
        elif tok.lower_ in {"no", "without"}:
            negates = _in_terms(tok.head, terms)
        else:
            negative_verb = tok.lemma_.lower() in NEGATIVE_VERBS and tok.pos_ == "VERB"
            negates = negative_verb and _governs(tok, terms)
        if negates:
            return tok
    return None


_AUXILIARIES = frozenset(
    "is are was were will would has have had can could must should do does did".split()
)


def _negate(predicate: str) -> str:
    """ "is involved" -> "is not involved"; "signed" -> "not signed"."""
    first, _, rest = predicate.partition(" ")
    if first.lower() in _AUXILIARIES and rest:
        return f"{first} not {rest}"
    return f"not {predicate}"


def _predicate_words(sent: Span, terms: list[frozenset[str]], neg: Any = None) -> str:
    """The words of the sentence that carry the predicate (and its negation), for 'found'."""
    hits = [t.i for t in sent if _in_terms(t, terms)] + ([neg.i] if neg is not None else [])
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
            _in_terms(t, terms) for t in child.subtree
        ):
            return True
    return False


def _mentioned(names: Sequence[str], text: str) -> bool:
    return bool(match.find_aliases(names, text))


def _mention(names: Sequence[str], text: str) -> tuple[int, int] | None:
    """The first mention of any of ``names`` in ``text``, as long as the aliases there
    reach ("the Coalition" inside "the Coalition of the Willing" is the whole)."""
    spans = match.find_aliases(names, text)
    if not spans:
        return None
    start, end = spans[0]
    for a, b in spans[1:]:
        if a >= end:
            break
        end = max(end, b)
    return start, end


def _named_in(names: tuple[str, ...], sent: Sentence) -> bool:
    """``_mentioned`` for a sentence, skipping the search where no name's first word is
    among the sentence's words."""
    return any(w in sent.words for w in _first_words(names)) and _mentioned(names, sent.text)


@cache
def _first_words(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(ws[0] for ws in (match.words(n) for n in names) if ws)


def _aligned_evidence(a: ClaimAssertion, sentence: str) -> str | None:
    """The golden evidence text this sentence is a version of (None: a new wording)."""
    norm = match.normalize(sentence)
    best: tuple[float, str] | None = None
    for e in a.evidence:
        score = fuzz.partial_ratio(match.normalize(e.text), norm)
        if score >= 80 and (best is None or score > best[0]):
            best = (score, e.text)
    return best[1] if best else None


#: Characters around the place of an evidence's mention where another name may stand.
_NAME_SLACK = 30


def _rivals(role: str, sent: Span, golden: Golden, a: ClaimAssertion, ref: str) -> list[str]:
    """Entities of ``role``'s type in the sentence where the aligned evidence names ``role``.

    Only a sentence that is a version of a golden evidence text is compared, and only
    around the place aligned with the evidence's mention, so an entity is a rival only
    where the evidence had the golden one: other mentions of the same type elsewhere in
    the sentence ("a joint declaration ... and a trilateral declaration") are not a
    different actor.
    """
    ent = golden.entity(role)
    mention = _mention(ent.names, ref)
    if mention is None or _mentioned(ent.names, sent.text):
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
        if _mentioned(e.names, stretch) and not _mentioned(e.names, ref):
            out.append(e.name)
    labels = TYPE_LABELS.get(ent.type, {ent.type})
    lo, hi = lo + sent.start_char, hi + sent.start_char
    for span in sent.ents:
        if span.label_ not in labels or match.entity_for(span.text, golden.entities):
            continue
        inside = lo <= span.start_char and span.end_char <= hi
        if inside and not _mentioned([span.text], ref) and span.text not in out:
            out.append(span.text)
    return out


def _date_of(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _other_day(a: ClaimAssertion, sent: Span) -> str | None:
    """A weekday or date in the sentence that is not the claim's day."""
    when = _date_of(a.time)
    if when is None:
        return None
    low = sent.text.lower()
    for i, day in enumerate(WEEKDAYS):
        if re.search(rf"\b{day}\b", low) and i != when.weekday():
            return day.capitalize()
    for m in re.finditer(r"\b(\d{1,2})\s+([a-z]+)|\b([a-z]+)\.?\s+(\d{1,2})\b", low):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        month_no = next((k + 1 for k, n in enumerate(MONTHS) if n.startswith(month[:3])), None)
        if month_no is None or len(month) < 3:
            continue
        if (month_no, int(day)) != (when.month, when.day):
            return m.group(0)
    return None


def _other_place(a: ClaimAssertion, sent: Span, golden: Golden, ref: str) -> str | None:
    """A place after "in"/"at" where the aligned evidence has the claim's place."""
    if not a.place:
        return None
    names = _names(golden, a.place)
    if _mentioned(names, sent.text) or not _mentioned(names, ref):
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
            if not _mentioned([name], ref):
                return name
    return None


def _check_claim(a: ClaimAssertion, art: Article, golden: Golden) -> Verdict:
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
        return _verdict(a, art, Status.NOT_COVERED, reason="claim not in the article")
    return next((v for v in verdicts if v.finding is not None), verdicts[0])


def _claim_in(
    a: ClaimAssertion, art: Article, golden: Golden, sent: Span, *, best: bool, strong: bool
) -> Verdict:
    a0, b0 = _strip(art.text, sent.start_char, sent.end_char)
    evidence = Evidence(art.text[a0:b0], a0, b0)
    ref = _aligned_evidence(a, sent.text)

    def contradiction(message: str, expected: str, found: str) -> Verdict:
        return _verdict(
            a, art, Status.CONTRADICTED, evidence=evidence, kind="contradiction",
            message=message, expected=expected, found=found,
        )  # fmt: skip

    terms = _claim_terms(a, golden)
    flipped = _polarity_change(ref, sent.text) if ref is not None else None
    if flipped is not None:  # a negation added to or removed from the evidence's words
        word, added = flipped
        return contradiction(
            f"the article {'negates' if added else 'affirms'} the claim ({word!r} "
            f"{'added' if added else 'removed'})",
            _negate(a.predicate) if a.negated else a.predicate,
            _predicate_words(sent, terms, _negation(sent, terms)),
        )
    # Otherwise a missing or extra negation is only evidence in the sentence that clearly
    # is the claim's. Where the sentence is a version of an evidence text, only a negation
    # of the predicate's own words counts, not of a synonym in another clause ("would
    # lead an effort to monitor ..., and that a commission would not be created").
    judged = best and (strong or ref is not None)
    own = _claim_terms(a, golden, synonyms=False) if ref is not None else terms
    neg = _negation(sent, own) if judged else None
    if judged and (neg is not None) != a.negated:
        return contradiction(
            f"the article {'negates' if not a.negated else 'affirms'} the claim",
            _negate(a.predicate) if a.negated else a.predicate,
            _predicate_words(sent, terms, neg),
        )
    for role, label in ((a.subject, "actor"), (a.object, "object"), (a.place, "place")):
        if not role or not _has(golden, role):
            continue
        filler = _slot_check(golden.entity(role), a, sent.text)
        if filler is not None:
            expected = _entity_name(golden, role)
            return contradiction(f"{label} is {filler}; golden says {expected}", expected, filler)
        if label == "place" or ref is None:
            continue
        rivals = _rivals(role, sent, golden, a, ref)
        if rivals:
            expected = _entity_name(golden, role)
            return contradiction(f"{label} is {rivals[0]}; golden says {expected}", expected,
                                 rivals[0])  # fmt: skip
    actor = _actor_rival(a, sent, golden) if judged else None
    if actor:
        expected = _entity_name(golden, a.subject)
        return contradiction(f"actor is {actor}; golden says {expected}", expected, actor)
    place = _other_place(a, sent, golden, ref) if ref is not None else None
    if place:
        expected = _entity_name(golden, a.place or "")
        return contradiction(f"place is {place}; golden says {expected}", expected, place)
    day = _other_day(a, sent) if best else None
    if day:
        return contradiction(f"day is {day}; golden says {a.time}", a.time or "", day)
    return _verdict(a, art, Status.SUPPORTED, evidence=evidence, reason="claim found")


def _polarity_change(ref: str, sentence: str) -> tuple[str, bool] | None:
    """A negation the sentence adds to (True) or drops from (False) the evidence text it
    is a version of, compared word by word over the aligned stretch."""
    res = fuzz.partial_ratio_alignment(match.normalize(ref), match.normalize(sentence))
    if res is None:
        return None
    a, b = match.widen(sentence, res.dest_start, res.dest_end)
    gone, new = match.word_diff(ref, sentence[a:b])

    def negative(w: str) -> bool:
        return w in NEGATIVE_WORDS or w.endswith("n't") or w in NEGATIVE_FORMS

    added = [w for w in new if negative(w) and w not in gone]
    dropped = [w for w in gone if negative(w) and w not in new]
    if added and not dropped:
        return added[0], True
    if dropped and not added:
        return dropped[0], False
    return None


def _slot_check(entity: Entity, a: ClaimAssertion, sentence: str) -> str | None:
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
        mention = _mention(entity.names, e.text)
        if mention is not None:
            start, end = mention
            left = tuple(w.lower() for w in _WORD_RE.findall(e.text[:start]))[-3:]
            right = tuple(w.lower() for w in _WORD_RE.findall(e.text[end:]))[:2]
            if left and right:
                out.append((left, right))
    return tuple(out)


def _slot_filler(
    entity: Entity, left: tuple[str, ...], right: tuple[str, ...], sentence: str
) -> str | None:
    """What the sentence has in the frame ``left ... right`` where the evidence names
    ``entity``, when that is something else ("hubs across [Poland] after" for "hubs across
    [Ukraine] after"), "" when it is the entity, None when the sentence does not have the
    frame: the words must recur with at most six words between them; otherwise the
    sentence is worded differently and nothing is said.
    """
    found, ws = _word_spans(sentence)
    for i in range(len(ws) - len(left) + 1):
        if tuple(ws[i : i + len(left)]) != left:
            continue
        k = i + len(left)
        for j in range(k + 1, min(k + 7, len(ws) - len(right) + 1)):
            if tuple(ws[j : j + len(right)]) == right:
                filler = sentence[found[k][1] : found[j - 1][2]]
                if _mentioned(entity.names, filler):
                    return ""  # the frame holds the entity itself
                return re.sub(r"^(?:the|a|an)\s+", "", " ".join(filler.split()), flags=re.I)
    return None


def _slot_frames(
    a: ClaimAssertion, golden: Golden
) -> list[tuple[Entity, tuple[str, ...], tuple[str, ...]]]:
    """The evidence frames around the actor and the object of four or more words: specific
    enough that a sentence with the frame and something else in it is a version of the
    evidence with the slot changed."""
    out = []
    for role in (a.subject, a.object):
        if role and _has(golden, role):
            entity = golden.entity(role)
            frames = _frames(a, entity)
            out += [(entity, lt, rt) for lt, rt in frames if len(lt) + len(rt) >= 4]
    return out


@lru_cache(maxsize=1024)
def _word_spans(text: str) -> tuple[list[tuple[str, int, int]], list[str]]:
    """Lower-cased words of ``text`` with their offsets, and the words alone."""
    found = [(m.group().lower(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    return found, [w for w, _, _ in found]


def _swapped_frame(
    frames: list[tuple[Entity, tuple[str, ...], tuple[str, ...]]], sent: Sentence
) -> bool:
    """The sentence has one of ``frames`` with something else in the slot ("from 35
    countries, [a unit], the EU" for "..., [NATO], the EU")."""
    return any(
        left[0] in sent.words and _slot_filler(entity, left, right, sent.text)
        for entity, left, right in frames
    )


def _actor_rival(a: ClaimAssertion, sent: Span, golden: Golden) -> str | None:
    """Another entity of the actor's type as the grammatical subject of the predicate's
    verb ("[Witkoff] presented the plan" for Zelensky presented it); None when the verb's
    subject names the golden actor, is a pronoun or names no such entity. A passive
    subject is the patient, not the actor, and is left alone."""
    if not a.subject or not _has(golden, a.subject):
        return None
    ent = golden.entity(a.subject)
    verbs = _terms(a.predicate)
    others = {a.object, a.place} - {None}
    rivals = [e for e in golden.entities if e.type == ent.type and e.id not in {ent.id, *others}]
    for tok in sent:
        if tok.pos_ not in {"VERB", "AUX"} or not _in_terms(tok, verbs):
            continue
        head, subj = tok, None
        for _ in range(3):  # "agreed to [establish]": the subject of the governing verb
            subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if subj is not None or head.dep_ not in {"xcomp", "conj"}:
                break
            head = head.head
        if subj is None or subj.pos_ == "PRON":
            continue
        phrase = sent.doc[subj.left_edge.i : subj.right_edge.i + 1].text
        if _mentioned(ent.names, phrase):
            return None
        return next((e.name for e in rivals if _mentioned(e.names, phrase)), None)
    return None


# -------------------------------------------------------------- cross-source


def _slug(text: str, n: int = 5) -> str:
    return "-".join(match.words(text)[:n]) or "quote"


def cross_source(art: Article, others: Sequence[Article], golden: Golden) -> list[Verdict]:
    """Quotes this article gives to another speaker than another source of the story does."""
    out: list[Verdict] = []
    golden_quotes = [a for a in golden.assertions if isinstance(a, QuoteAssertion)]
    for q in art.quotes:
        if len(match.words(q.text)) < CROSS_SOURCE_MIN_WORDS or not _looks_named(q.speaker):
            continue
        norm = match.normalize(q.text).strip()
        if any(fuzz.partial_ratio(norm, match.normalize(g.text)) >= QUOTE_FOUND for g in
               golden_quotes):  # fmt: skip
            continue  # the golden assertion's own check covers it
        for other in others:
            hit = next(
                (
                    oq
                    for oq in other.quotes
                    if _looks_named(oq.speaker)
                    and fuzz.partial_ratio(norm, match.normalize(oq.text).strip()) >= QUOTE_FOUND
                ),
                None,
            )
            if hit is None or hit.speaker is None or q.speaker is None:
                continue
            ea = match.entity_for(q.speaker, golden.entities)
            eb = match.entity_for(hit.speaker, golden.entities)
            same = (ea is not None and ea == eb) or match.same_name(q.speaker, hit.speaker)
            if same:
                break
            pseudo = QuoteAssertion(
                id=f"cross-source-{_slug(q.text)}",
                statement=f'{hit.speaker}: "{q.text.strip()}" (per {other.source or other.path})',
                text=q.text,
                speaker=hit.speaker,
            )
            out.append(
                _verdict(
                    pseudo,
                    art,
                    Status.MISATTRIBUTED,
                    evidence=art.sentence(q.start, q.end),
                    kind="misattribution",
                    message=f"quote attributed to {q.speaker}; "
                    f"{other.source or other.path} attributes it to {hit.speaker}",
                    expected=hit.speaker,
                    found=q.speaker,
                )
            )
            break
    return out


# ---------------------------------------------------------------- articles


def result_for(art: Article, golden: Golden, others: Sequence[Article] = ()) -> ArticleResult:
    """Every assertion of ``golden`` against one prepared article, plus the cross-source rule."""
    verdicts = [check(a, art, golden) for a in golden.assertions]
    verdicts.extend(cross_source(art, [o for o in others if o is not art], golden))
    return ArticleResult(path=art.path, source=art.source, verdicts=tuple(verdicts), new=art.new)


def check_article(
    golden: Golden,
    article_text: str,
    *,
    path: str = "<text>",
    source: str | None = None,
    coverage: str = "full",
    others: Sequence[Article] = (),
    model: str | None = None,
    cache_dir: Path | str | None = None,
) -> ArticleResult:
    """Check one cleaned article against every assertion; the article is parsed once."""
    (doc,) = nlp.parse([article_text], model=model, cache_dir=cache_dir)
    art = prepare(
        article_text, doc, path=path, source=source, coverage=coverage, new=source is None
    )
    return result_for(art, golden, others)


def prepare_sources(settings: Settings, sources: Sequence[Source]) -> list[Article]:
    """Clean and parse a story's sources (one ``nlp.pipe`` call, cached)."""
    return _prepare(settings, [_source_item(settings, s) for s in sources])


@dataclass(frozen=True)
class _Item:
    """An article to check: its cleaned text and where it comes from."""

    text: str
    path: str
    source: str | None
    coverage: str
    new: bool


def _source_item(settings: Settings, s: Source) -> _Item:
    from factcheck.ingest import cleaned_source, source_path

    path = _display(settings, source_path(settings, s))
    return _Item(cleaned_source(settings, s).text, path, s.id, s.coverage, False)


def _prepare(settings: Settings, items: Sequence[_Item]) -> list[Article]:
    docs = nlp.parse([i.text for i in items], model=settings.model, cache_dir=settings.cache_dir)
    return [
        prepare(i.text, d, path=i.path, source=i.source, coverage=i.coverage, new=i.new)
        for i, d in zip(items, docs, strict=True)
    ]


def _display(settings: Settings, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(settings.root.resolve()))
    except ValueError:
        return str(path)


def check_story(
    settings: Settings, golden: Golden, sources: Sequence[Source]
) -> list[ArticleResult]:
    """Every source of a story against its golden, with the cross-source rule among them."""
    checker = StoryChecker(settings, golden, sources)
    return checker.check_items(checker.story)


def check_articles(
    settings: Settings,
    golden: Golden,
    paths: Sequence[Path],
    sources: Sequence[Source],
) -> list[ArticleResult]:
    """Check article files: a story source keeps its id and coverage; others are new, full."""
    return StoryChecker(settings, golden, sources).check_paths(paths)


class StoryChecker:
    """Checks articles against one story's golden, its sources parsed once (they serve the
    cross-source rule). Results come from the result cache where the same article was
    checked against the same golden, sources, model and engine code; the rest are parsed
    and checked in batches, so memory does not grow with the number of articles."""

    #: Articles parsed (``nlp.pipe``) and checked together.
    BATCH = 32

    def __init__(self, settings: Settings, golden: Golden, sources: Sequence[Source]) -> None:
        from factcheck.cache import Cache, content_key
        from factcheck.ingest import source_path

        self.settings, self.golden = settings, golden
        self.story = [_source_item(settings, s) for s in sources]
        self._by_path = {
            source_path(settings, s).resolve(): item
            for s, item in zip(sources, self.story, strict=True)
        }
        self._cache = Cache(settings.cache_dir)
        self._context = content_key(
            _engine_key(settings.model),
            repr(golden.entities),
            repr(golden.assertions),
            *(f"{i.source}\0{i.coverage}\0{i.text}" for i in self.story),
        )
        self._story_arts: list[Article] | None = None

    def item(self, path: Path | str) -> _Item:
        """A story source (by its file) keeps its id and coverage; another file is new."""
        from factcheck.ingest import cleaned_file

        found = self._by_path.get(Path(path).resolve())
        if found is not None:
            return found
        return _Item(cleaned_file(self.settings, Path(path)).text, str(path), None, "full", True)

    def check_paths(self, paths: Sequence[Path | str]) -> list[ArticleResult]:
        return self.check_items([self.item(p) for p in paths])

    def check_items(self, items: Sequence[_Item]) -> list[ArticleResult]:
        from factcheck.cache import content_key
        from factcheck.progress import track

        keys = [
            content_key(self._context, i.text, i.path, i.source or "", i.coverage, str(i.new))
            for i in items
        ]
        results: list[ArticleResult | None] = [_cached_result(self._cache, k) for k in keys]
        missing = [n for n, r in enumerate(results) if r is None]
        story = self._story_articles() if missing else []
        by_source = {a.source: a for a in story}
        batch: dict[int, Article] = {}
        for pos, n in enumerate(track(missing, description="checking")):
            if n not in batch and items[n].source not in by_source:
                todo = [m for m in missing[pos:] if items[m].source not in by_source]
                todo = todo[: self.BATCH]
                batch = dict(
                    zip(todo, _prepare(self.settings, [items[m] for m in todo]), strict=True)
                )
            art = by_source.get(items[n].source) or batch[n]
            result = result_for(art, self.golden, story)
            self._cache.put("results", keys[n], json.dumps(_result_json(result)).encode("utf-8"))
            results[n] = result
        return [r for r in results if r is not None]

    def _story_articles(self) -> list[Article]:
        if self._story_arts is None:
            self._story_arts = _prepare(self.settings, self.story)
        return self._story_arts


@cache
def _engine_key(model: str | None) -> str:
    """What a cached result depends on besides its inputs: the engine's code and the model."""
    from importlib import metadata

    from factcheck.cache import content_key

    name = nlp.model_name(model)
    try:
        version = metadata.version(name.replace("_", "-"))
    except metadata.PackageNotFoundError:
        version = "?"
    here = Path(__file__).parent
    code = [(here / f"{m}.py").read_bytes() for m in ("checks", "nlp", "match", "model")]
    return content_key(name, version, *code)


def _cached_result(cache: Any, key: str) -> ArticleResult | None:
    data = cache.get("results", key)
    if data is None:
        return None
    try:
        return _result_from_json(json.loads(data))
    except (ValueError, KeyError, TypeError):
        return None  # a stale or corrupt entry: check again


def _result_json(r: ArticleResult) -> dict[str, Any]:
    return {
        "path": r.path,
        "source": r.source,
        "new": r.new,
        "verdicts": [
            {
                "assertion": v.assertion,
                "article": v.article,
                "status": str(v.status),
                "evidence": v.evidence.to_json() if v.evidence else None,
                "reason": v.reason,
                "finding": None
                if v.finding is None
                else {
                    **v.finding.to_json(),
                    "article": v.finding.article,
                    "source": v.finding.source,
                    "known": v.finding.known,
                },
            }
            for v in r.verdicts
        ],
    }


def _result_from_json(d: dict[str, Any]) -> ArticleResult:
    verdicts = [
        Verdict(
            assertion=v["assertion"],
            article=v["article"],
            status=Status(v["status"]),
            evidence=Evidence.from_json(v["evidence"]),
            finding=Finding.from_json(v["finding"]) if v["finding"] is not None else None,
            reason=v["reason"],
        )
        for v in d["verdicts"]
    ]
    return ArticleResult(path=d["path"], source=d["source"], verdicts=tuple(verdicts), new=d["new"])


# ------------------------------------------------------------ story choice


def story_score(text: str, golden: Golden) -> float:
    """How much of a story an article touches: entity names and golden quotes it carries."""
    score = 0.0
    for e in golden.entities:
        if _mentioned(e.names, text):
            score += 1
    norm = match.normalize(text)
    for a in golden.assertions:
        if (
            isinstance(a, QuoteAssertion)
            and len(a.text) >= 20
            and fuzz.partial_ratio(match.normalize(a.text), norm) >= QUOTE_FOUND
        ):
            score += 2
    return score


def choose_story(text: str, goldens: Mapping[str, Golden]) -> tuple[str, dict[str, float]]:
    """The story an article belongs to, by overlap; raises StoryError when none fits."""
    if not goldens:
        raise StoryError("no golden files found; pass --story or add annotations/<story>.yaml")
    scores = {story: story_score(text, g) for story, g in goldens.items()}
    best = max(sorted(scores), key=lambda s: scores[s])
    if scores[best] <= 0:
        raise StoryError(
            f"the article matches none of the stories ({', '.join(sorted(scores))}); "
            "pass --story ID"
        )
    return best, scores


def with_source(result: ArticleResult, source: str | None) -> ArticleResult:
    return replace(result, source=source)


# ---------------------------------------------------------------- command


def load_goldens(settings: Settings) -> dict[str, Golden]:
    """Every story's golden file under the annotations folder, by story id."""
    from factcheck.golden import load_golden

    folder = settings.annotations_dir
    out = {}
    broken: list[GoldenError] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        if path.stem == path.stem.lower() and not path.name.startswith("."):
            try:
                golden = load_golden(path)
            except GoldenError as exc:
                broken.append(exc)  # reported when its story is checked, or below
                continue
            out[golden.story] = golden
    if broken and not out:  # "no golden files found" would hide the real cause
        raise broken[0]
    return out


def story_sources(settings: Settings, story: str) -> list[Source]:
    """The story's sources, or none when the story has no seeds folder."""
    from factcheck.ingest import load_sources, story_dir

    if not story_dir(settings, story).is_dir():
        return []
    return load_sources(settings, story)


def check_command(
    settings: Settings,
    paths: Sequence[Path],
    *,
    story: str | None = None,
    fmt: str = "text",
    output: Path | None = None,
    out: Any = None,
    err: Any = None,
) -> int:
    """`factcheck check`: 0 nothing found, 1 findings (reviewed ones do not count)."""
    import sys

    from factcheck import report
    from factcheck.golden import load_story_golden
    from factcheck.ingest import cleaned_file

    out = out or sys.stdout
    err = err or sys.stderr
    for p in paths:  # every article is validated before any work: one clear error
        cleaned_file(settings, Path(p))
    if story is None:
        goldens = load_goldens(settings)
        text = "\n\n".join(cleaned_file(settings, Path(p)).text for p in paths)
        story, scores = choose_story(text, goldens)
        if len(goldens) > 1:
            ranked = ", ".join(
                f"{s} {v:g}" for s, v in sorted(scores.items(), key=lambda kv: -kv[1])
            )
            print(f"factcheck: story {story} chosen by overlap ({ranked})", file=err)
    sources = story_sources(settings, story)
    golden = load_story_golden(settings, story, sources=[s.id for s in sources] or None)
    results = check_articles(settings, golden, paths, sources)
    if fmt == "json":
        text = report.findings_json(story, results)
    elif fmt == "text":
        text = report.render_text(story, results)
    else:
        render = report.render_markdown if fmt == "md" else report.render_html
        text = render(story=story, golden=golden, sources=sources, results=results)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        print(f"factcheck: {fmt} written to {output}", file=err)
    else:
        out.write(text)
    found = any(not f.known for r in results for f in r.findings)
    return 1 if found else 0
