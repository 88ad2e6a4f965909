"""Fuzzy look-ups that return evidence spans, and alias matching of entities.

Matching runs on a *length-preserving* normal form (``normalize``): every
character maps to exactly one character, so an offset found in the normal form
is the same offset in the article. (``rapidfuzz.utils.default_process`` strips
and would shift offsets.) Curly and straight quotes, dashes, line breaks and
ellipses all compare equal to their plain forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from factcheck._text import WORD_RE, words
from factcheck.model import Entity

__all__ = [
    "Span",
    "entity_for",
    "find",
    "find_aliases",
    "find_quote",
    "normalize",
    "only_titles",
    "same_name",
    "widen",
    "word_diff",
    "words",
]

#: Characters folded to a space: punctuation that never decides a fact.
_SPACE = set(
    ".,;:!?()[]{}\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2026\n\r\t\u00a0"
)
_DASHES = set("\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
#: An ellipsis in a quotation: the words around it are matched separately.
ELLIPSIS = re.compile(r"\s*(?:\.\s?\.\s?\.|\u2026)\s*")
#: Titles dropped before comparing two names ("Mr. Ortiz" is "Ortiz").
#: Honorifics and offices that stand before a name ("Sir", "Prime Minister"); a
#: nationality before a name ("Portuguese President ...") is found by the lexicon.
TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady the of federal deputy vice acting former "
    "president prime minister premier chancellor secretary general envoy ambassador "
    "senator governor mayor king queen prince princess foreign defence defense state "
    "spokesman spokeswoman spokesperson chairman chairwoman chair".split()
)


@dataclass(frozen=True)
class Span:
    """A match: ``text[start:end]`` of the searched text, with its score (0..100)."""

    start: int
    end: int
    score: float


_FOLD = str.maketrans({**{c: " " for c in _SPACE}, **{c: "-" for c in _DASHES}})


@lru_cache(maxsize=1024)
def normalize(text: str) -> str:
    """Lower-case, punctuation and whitespace to spaces, dashes to '-': same length."""
    out = re.sub(r"\s", " ", text.translate(_FOLD))
    low = out.lower()
    if len(low) == len(out):
        return low
    # A few characters lower-case to two ("İ"): keep those as they are.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in out)


def _trim(norm: str, start: int, end: int) -> tuple[int, int]:
    while start < end and norm[start] == " ":
        start += 1
    while end > start and norm[end - 1] == " ":
        end -= 1
    return start, end


def _word_char(text: str, i: int) -> bool:
    """Part of a word: a letter or digit, or an apostrophe between two ("I'm")."""
    if not 0 <= i < len(text):
        return False
    if text[i].isalnum():
        return True
    inner = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
    return text[i] in "'\u2019" and inner


def widen(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` grown to whole words (an alignment may cut a word in half)."""
    while start > 0 and _word_char(text, start - 1) and _word_char(text, start):
        start -= 1
    while end < len(text) and _word_char(text, end - 1) and _word_char(text, end):
        end += 1
    return start, end


def find(needle: str, haystack: str, *, score_cutoff: float = 90.0, start: int = 0) -> Span | None:
    """Best fuzzy occurrence of ``needle`` in ``haystack[start:]`` at or above the cutoff."""
    n = normalize(needle).strip()
    h = normalize(haystack)
    if not n or not h[start:].strip():
        return None
    if len(n) > len(h) - start:
        return None
    res = fuzz.partial_ratio_alignment(n, h[start:], score_cutoff=score_cutoff)
    if res is None or res.score < score_cutoff:
        return None
    a, b = _trim(h, start + res.dest_start, start + res.dest_end)
    a, b = _edges(n, h, a, b)
    a, b = widen(haystack, a, b)
    return Span(a, b, res.score)


def _edges(needle: str, norm: str, a: int, b: int) -> tuple[int, int]:
    """Pull the window ``norm[a:b]`` in to the needle's first and last words where they
    sit just inside it: an alignment as long as the needle runs past a changed, shorter
    word into the next one ("... across Moldova [and]")."""
    ws = needle.split()
    first, last = ws[0], ws[-1]
    slack = 12
    head = re.search(rf"(?<!\w){re.escape(first)}", norm[a : min(b, a + slack + len(first))])
    if head is not None and head.start():
        a += head.start()
    tail = None
    for m in re.finditer(rf"{re.escape(last)}(?!\w)", norm[max(a, b - slack - len(last)) : b]):
        tail = m
    if tail is not None:
        b = max(a, b - slack - len(last)) + tail.end()
    return a, b


def find_quote(quote: str, text: str, *, score_cutoff: float = 90.0) -> Span | None:
    """A quotation in ``text``, its pieces around an ellipsis found in order."""
    pieces = [p for p in ELLIPSIS.split(quote) if words(p)]
    if not pieces:
        return None
    spans = []
    at = 0
    for piece in pieces:
        span = find(piece, text, score_cutoff=score_cutoff, start=at)
        if span is None:
            return None
        spans.append(span)
        at = span.end
    return Span(spans[0].start, spans[-1].end, min(s.score for s in spans))


def word_diff(expected: str, found: str) -> tuple[list[str], list[str]]:
    """Words only in ``expected`` and words only in ``found`` (case and punctuation ignored)."""
    from difflib import SequenceMatcher

    a, b = words(expected), words(found)
    gone: list[str] = []
    new: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op != "equal":
            gone.extend(a[i1:i2])
            new.extend(b[j1:j2])
    return gone, new


# ------------------------------------------------------------------ entities


def name_core(name: str) -> list[str]:
    """A person's name without titles and nationalities ("Dame Ann" -> ["Ann"]), in its case."""
    ws = WORD_RE.findall(name.replace(".", ""))
    core = [w for w in ws if w.lower() not in TITLES and not _demonym(w)]
    return core or ws


def _demonym(word: str) -> bool:
    from factcheck.lexicon import relations

    return word[:1].isupper() and bool(relations.nationality(word))


def only_titles(name: str) -> bool:
    """Whether ``name`` is titles only ("Prime Minister", "the President")."""
    ws = re.findall(r"[\w]+", name.replace(".", ""))
    return bool(ws) and all(w.lower() in TITLES for w in ws)


def same_name(a: str, b: str) -> bool:
    """Whether two person names can be the same person ("Mr. Rossi" ~ "Marco Rossi").

    Titles are dropped and the last words (surnames) compared fuzzily, so
    transliteration variants match but two different surnames never do.
    """
    ca, cb = name_core(a), name_core(b)
    if not ca or not cb:
        return False
    if [w.lower() for w in ca] == [w.lower() for w in cb]:
        return True
    # Surnames are proper nouns: "the leaders" is nobody's surname.
    if not (ca[-1][:1].isupper() and cb[-1][:1].isupper()):
        return False
    return fuzz.ratio(ca[-1].lower(), cb[-1].lower()) >= 85 and len(ca[-1]) > 2


def _alias_key(text: str) -> str:
    return " ".join(words(text.replace(".", "")))


def entity_for(
    name: str | None, entities: Sequence[Entity], *, exact: bool = False
) -> Entity | None:
    """The entity ``name`` refers to, by alias: exact, else (unless ``exact``) an alias
    contained in the name, or the same surname for people."""
    if not name:
        return None
    key = _alias_key(name)
    if not key:
        return None
    for e in entities:  # exact alias first
        if any(_alias_key(n) == key for n in e.names):
            return e
    if exact:
        return None
    best: tuple[int, Entity] | None = None
    padded = f" {key} "
    for e in entities:  # an alias inside the name ("Portuguese President Luis Ortiz")
        for n in e.names:
            k = _alias_key(n)
            if k and f" {k} " in padded and (best is None or len(k) > best[0]):
                best = (len(k), e)
    if best:
        return best[1]
    people = [e for e in entities if e.type == "PERSON"]
    hits = [e for e in people if any(same_name(name, n) for n in e.names)]
    return hits[0] if len(hits) == 1 else None


def find_aliases(names: Iterable[str], text: str) -> list[tuple[int, int]]:
    """Spans of any of ``names`` in ``text`` as whole words (case-insensitive unless all caps)."""
    spans = []
    for n in names:
        pattern = _alias_pattern(n.strip())
        if pattern is not None:
            spans.extend((m.start(), m.end()) for m in pattern.finditer(text))
    return sorted(set(spans))


@lru_cache(maxsize=4096)
def _alias_pattern(name: str) -> re.Pattern[str] | None:
    if not name:
        return None
    # "US" in capitals is the country, "us" is a pronoun.
    flags = 0 if (name.isupper() and len(name) <= 4) else re.IGNORECASE
    return re.compile(r"(?<!\w)" + re.escape(name).replace(r"\ ", r"\s+") + r"(?!\w)", flags)
