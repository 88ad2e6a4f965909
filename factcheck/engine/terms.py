"""Words, stems, stop words and entity mentions as the checks compare them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from factcheck import match
from factcheck.model import (
    Golden,
)

if TYPE_CHECKING:
    from factcheck.engine.article import Sentence

    pass


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


WORD_RE = re.compile(r"[\w]+(?:['\u2019][\w]+)*")


#: The proper-name words of an alias ("United", "Kingdom"; not "the signed commitment").
CAPITALISED = re.compile(r"\b[A-Z][\w]*")


def entity_name(golden: Golden, entity_id: str) -> str:
    try:
        return golden.entity(entity_id).name
    except KeyError:
        return entity_id


def has_entity(golden: Golden, entity_id: str) -> bool:
    return golden.has_entity(entity_id)


@cache
def stem_of(word: str) -> str:
    w = word.lower().strip(".,'\"")
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)] + repl
    return w


@cache
def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def terms(text: str, *, synonyms: bool = True) -> list[frozenset[str]]:
    """Content words of ``text``, each with its synonyms, as stem sets."""
    return list(_term_sets(text, synonyms))


@cache
def _term_sets(text: str, synonyms: bool) -> tuple[frozenset[str], ...]:
    out: list[frozenset[str]] = []
    for w in match.words(text):
        if w in stop_words() or w.isdigit() or len(w) < 3:
            continue
        stem = stem_of(w)
        group = {stem, w}
        for syn in SYNONYMS if synonyms else ():
            if stem in syn or w in syn or any(stem_of(s) == stem for s in syn):
                group |= syn | {stem_of(s) for s in syn}
        g = frozenset(group)
        if g not in out:
            out.append(g)
    return tuple(out)


def token_stems(tokens: Iterable[Any]) -> frozenset[str]:
    out = set()
    for t in tokens:
        out |= {t.lower_, t.lemma_.lower(), stem_of(t.lower_)}
    return frozenset(out)


def names_of(golden: Golden, ref: str | None) -> tuple[str, ...]:
    if not ref:
        return ()
    return golden.entity(ref).names if has_entity(golden, ref) else (ref,)


@cache
def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of ``text`` that are not stop words."""
    return frozenset(w for w in match.words(text) if w not in stop_words())


def in_terms(tok: Any, terms: list[frozenset[str]]) -> bool:
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


def named_in(names: tuple[str, ...], sent: Sentence) -> bool:
    """``mentioned`` for a sentence, skipping the search where no name's first word is
    among the sentence's words."""
    return any(w in sent.words for w in _first_words(names)) and mentioned(names, sent.text)


@cache
def _first_words(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(ws[0] for ws in (match.words(n) for n in names) if ws)


@lru_cache(maxsize=1024)
def word_spans(text: str) -> tuple[list[tuple[str, int, int]], list[str]]:
    """Lower-cased words of ``text`` with their offsets, and the words alone."""
    found = [(m.group().lower(), m.start(), m.end()) for m in WORD_RE.finditer(text)]
    return found, [w for w, _, _ in found]
