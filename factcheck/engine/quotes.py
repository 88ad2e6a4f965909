"""Quote assertions: the quotation found, its words compared, its speaker compared;
and the cross-source rule (a quote two sources give to different speakers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from factcheck import match, nlp, units
from factcheck._text import ARTICLES
from factcheck.engine.article import Article, strip_span
from factcheck.engine.terms import entity_name
from factcheck.engine.verdicts import verdict
from factcheck.model import (
    Entity,
    Golden,
    QuoteAssertion,
    Status,
    Verdict,
)

if TYPE_CHECKING:
    pass


#: Fuzzy score (0..100) at which a quotation counts as found.
QUOTE_FOUND = 90.0


#: Lower score at which a quoted passage is the same quotation with words changed.
QUOTE_CHANGED = 70.0


#: Quotes shorter than this (words) are too generic for the cross-source rule.
CROSS_SOURCE_MIN_WORDS = 6


def _speaker_of(art: Article, start: int, end: int) -> nlp.Quote | None:
    best = None
    for q in art.quotes:
        overlap = min(end, q.end) - max(start, q.start)
        if overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, q)
    return best[1] if best else None


def _speaker_entity(q: nlp.Quote, golden: Golden) -> Entity | None:
    # The mention as written first ("the Head of State" may be an alias), else the person
    # it resolves to; a description is never matched by a word inside it ("the Spanish leader").
    return match.entity_for(q.mention, golden.entities, exact=True) or match.entity_for(
        q.speaker, golden.entities
    )


#: Words that start a subject phrase but never a name.
_NOT_NAMES = frozenset(
    "the a an this that these those it its they we he she i you who which there".split()
)


#: Lower-case words inside names ("Ana de la Vega", "Ursula von der Leyen").
_PARTICLES = frozenset("de da di del della der den van von la le bin ibn al el st".split())


def _looks_named(name: str | None) -> bool:
    """A person's name: capitalised words (name particles aside), not a pronoun or a
    description ("the Fund's president"), not a bare title ("Prime Minister" cut from its
    name by a line break names nobody)."""
    if not name or not name[0].isupper() or "'" in name or "\u2019" in name:
        return False
    words = name.split()
    if words[0].lower() in _NOT_NAMES or match.only_titles(name):
        return False
    return all(w[:1].isupper() or w.lower() in _PARTICLES for w in words)


def _part_of(name: str, entity: Entity) -> bool:
    """A part of one of the entity's names ("Ann", "Dame Ann" for Ann Lee): the
    same person named in short, never someone else."""
    core = [w.lower() for w in match.name_core(name)]
    return bool(core) and any(
        set(core) <= {w.lower() for w in match.name_core(n)} for n in entity.names
    )


def _fitting(mention: str | None, golden: Golden) -> list[Entity]:
    """The people of the golden file whose aliases hold a description ("the Spanish
    prime minister" in "Spanish Prime Minister Ann Lee"); none for a name."""
    if not mention or _looks_named(mention):
        return []
    words = [w for w in match.words(mention) if w not in ARTICLES]
    if not words:
        return []
    phrase = f" {' '.join(words)} "
    return [
        e
        for e in golden.entities
        if e.type == "PERSON" and any(phrase in f" {' '.join(match.words(n))} " for n in e.names)
    ]


def _described(mention: str | None, golden: Golden) -> Entity | None:
    """The one person a description fits (None: no one, or several)."""
    people = _fitting(mention, golden)
    return people[0] if len(people) == 1 else None


def _other_speaker(a: QuoteAssertion, q: nlp.Quote, golden: Golden) -> str | None:
    """Who the article gives the quotation to, when that is another person than the
    golden speaker; None when it is the same person, nobody, or not a person (a
    country, an organisation: a source, not a misattribution)."""
    if not (q.speaker or q.mention):
        return None
    expected = golden.entity(a.speaker) if golden.has_entity(a.speaker) else None
    said_by = q.speaker or q.mention or ""
    if expected is not None and _part_of(said_by, expected):
        return None
    fits = _fitting(q.mention, golden)
    if len(fits) == 1:  # the golden file knows whom the description names
        return None if fits[0].id == a.speaker else fits[0].name
    if any(e.id == a.speaker for e in fits):
        return None  # "the president" fits the golden speaker too: no one else is named
    ent = _speaker_entity(q, golden)
    if ent is not None:
        if ent.id == a.speaker or ent.type != "PERSON":
            return None
        return ent.name
    if not _looks_named(said_by):
        return None
    names = expected.names if expected is not None else (a.speaker,)
    return None if any(match.same_name(said_by, n) for n in names) else said_by


def _inside_quotes(art: Article, start: int, end: int) -> bool:
    return any(a <= start + 1 and end - 1 <= b for a, b in art.quoted)


def _whole_quotation(art: Article, start: int, end: int, n_words: int) -> tuple[int, int]:
    """The quoted passage around a match when it is the quotation itself, give or take a
    word: an alignment of equal score may start past a changed first word ("[hollow] the
    way for ..."), and the changed word must be compared too."""
    for qa, qb in art.quoted:
        if qa <= start and end <= qb:
            qa, qb = strip_span(art.text, qa, qb)
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
        qa, qb = strip_span(art.text, qa, qb)
        return qa, qb, art.text[qa:qb]
    return None


def _changed_words(expected: str, found: str) -> tuple[list[str], list[str]]:
    expected, found = units.plain(expected), units.plain(found)
    gone, new = match.word_diff(expected, found)
    if not words_set(found) or len(match.words(found)) < len(match.words(expected)):
        # A partial quotation: only words replaced inside the quoted piece count.
        span = match.find(found, expected, score_cutoff=0)
        piece = expected[span.start : span.end] if span else expected
        gone, new = match.word_diff(piece, found)
    return gone, new


def words_set(text: str) -> set[str]:
    return set(match.words(text))


def check_quote(a: QuoteAssertion, art: Article, golden: Golden) -> Verdict:
    hit = _find_quote(a, art)
    expected_speaker = entity_name(golden, a.speaker)
    if hit is None:
        return verdict(a, art, Status.NOT_COVERED, reason="quotation not in the article")
    start, end, found = hit
    evidence = art.sentence(start, end)
    q = _speaker_of(art, start, end)
    # Changed words first: a quotation with other words is a contradiction whoever says
    # it, and a speaker is less certain than the words on the page.
    gone, new = _changed_words(a.text, found)
    allowed = a.tolerance * max(1, len(match.words(a.text)))
    if (gone or new) and max(len(gone), len(new)) > allowed:
        changed = f'"{" ".join(gone) or "-"}" -> "{" ".join(new) or "-"}"'
        return verdict(
            a, art, Status.CONTRADICTED, evidence=evidence, kind="contradiction",
            message=f"quote words changed: {changed}",
            expected=a.text, found=found,
        )  # fmt: skip
    other = _other_speaker(a, q, golden) if q is not None else None
    if other is not None:
        return verdict(
            a, art, Status.MISATTRIBUTED, evidence=evidence, kind="misattribution",
            message=f"quote attributed to {other}; golden speaker is {expected_speaker}",
            expected=expected_speaker, found=other,
        )  # fmt: skip
    reason = "quotation found" + ("" if q and q.speaker else " (speaker not stated)")
    return verdict(a, art, Status.SUPPORTED, evidence=evidence, reason=reason)


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
                verdict(
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
