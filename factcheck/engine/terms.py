"""Words, stems, stop words and entity mentions as the checks compare them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from factcheck import match
from factcheck._text import WORD_RE, stop_words
from factcheck.model import (
    Golden,
)

if TYPE_CHECKING:
    pass


def entity_name(golden: Golden, entity_id: str) -> str:
    try:
        return golden.entity(entity_id).name
    except KeyError:
        return entity_id


@cache
def stem_of(word: str) -> str:
    w = word.lower().strip(".,'\"")
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)] + repl
    return w


class Term(frozenset[str]):
    """A content word of a golden text and the words that may stand for it in an
    article: its stem, synonyms and derivations (lexicon.relations). A broader word in
    the article does not stand for it: "peace" is not "ceasefire", "team" not "mechanism".
    ``core`` is the word and its synonyms, ``family`` adds its derivations: a sentence
    noun that is a kind of the core or of a derived event noun matches (summit ->
    meeting <- meet), and so does a sentence word derived from the family (leadership ->
    leader <- lead); a kind of a derived person noun does not (president -> leader <-
    leadership).
    """

    word: str
    core: frozenset[str]
    family: frozenset[str]
    events: frozenset[str]  # the core and the derivations that are no person nouns

    def __new__(
        cls,
        word: str,
        members: frozenset[str],
        core: frozenset[str],
        family: frozenset[str],
        events: frozenset[str],
    ) -> Term:
        obj = super().__new__(cls, members)
        obj.word, obj.core, obj.family, obj.events = word, core, family, events
        return obj


def terms(text: str, *, synonyms: bool = True, context: str = "") -> list[Term]:
    """Content words of ``text``, each with the words that may stand for it in the
    senses ``context`` (the fact's statement and evidence) points at."""
    return list(_term_sets(text, synonyms, context))


@cache
def _term_sets(text: str, synonyms: bool, context: str) -> tuple[Term, ...]:
    from factcheck.lexicon import relations

    ctx = frozenset(w for w in match.words(context) if w not in stop_words())
    out: list[Term] = []
    for w in match.words(text):
        if w in stop_words() or w.isdigit() or len(w) < 3:
            continue
        core = family = events = frozenset({w, stem_of(w)})
        if synonyms:
            core = core | relations.synonyms(w, ctx - {w})
            family = core | relations.derivations(w, ctx - {w})
            # a kind of a derived event noun matches (summit -> meeting <- meet); not a
            # kind of a synonym of one (forces -> organization = establishment <- establish)
            derived = relations.derived_words(w, ctx - {w})
            events = core | {d for d in derived if not relations.names_a_person(d)}
        if family not in out:
            out.append(Term(w, family, core, family, events))
    return tuple(out)


def covers(
    term: Term, stems: frozenset[str], derived: frozenset[str], kinds: frozenset[str]
) -> bool:
    """Whether a sentence with these word forms, derivations and kinds carries ``term``."""
    return bool(term & stems or term.events & kinds or term.family & derived)


def _content(lemma: str) -> bool:
    return lemma not in stop_words() and len(lemma) >= 3 and lemma.isalpha()


@cache
def derived_of(lemma: str) -> frozenset[str]:
    """Words derived from a sentence word (lexicon.relations.derived_from)."""
    from factcheck.lexicon import relations

    return relations.derived_from(lemma) if _content(lemma) else frozenset()


@cache
def kinds_of(lemma: str) -> frozenset[str]:
    """What a sentence noun is a kind of (lexicon.relations.kinds_of)."""
    from factcheck.lexicon import relations

    return relations.kinds_of(lemma) if _content(lemma) else frozenset()


def token_stems(tokens: Iterable[Any]) -> frozenset[str]:
    """Word forms of ``tokens``: each word, its lemma and stem, and lemma pairs ("set
    up"), the forms WordNet gives multi-word lemmas in."""
    out: set[str] = set()
    prev = None
    for t in tokens:
        lemma = t.lemma_.lower()
        out |= {t.lower_, lemma, stem_of(t.lower_)}
        if prev is not None:
            out.add(f"{prev} {lemma}")
        prev = lemma
    return frozenset(out)


def names_of(golden: Golden, ref: str | None) -> tuple[str, ...]:
    if not ref:
        return ()
    return golden.entity(ref).names if golden.has_entity(ref) else (ref,)


@cache
def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of ``text`` that are not stop words."""
    return frozenset(w for w in match.words(text) if w not in stop_words())


def in_terms(tok: Any, terms: Sequence[frozenset[str]]) -> bool:
    stems = {tok.lower_, tok.lemma_.lower(), stem_of(tok.lower_)}
    return any(t & stems for t in terms)


def mentioned(names: Sequence[str], text: str) -> bool:
    return bool(match.find_aliases(names, text))


def mention_span(names: Sequence[str], text: str) -> tuple[int, int] | None:
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


@lru_cache(maxsize=1024)
def word_spans(text: str) -> tuple[list[tuple[str, int, int]], list[str]]:
    """Lower-cased words of ``text`` with their offsets, and the words alone."""
    found = [(m.group().lower(), m.start(), m.end()) for m in WORD_RE.finditer(text)]
    return found, [w for w, _, _ in found]
