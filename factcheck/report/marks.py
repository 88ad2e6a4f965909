"""Which words of an evidence sentence match the golden text and which differ, and a
sentence cut to a length that keeps its differing words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from factcheck._text import COMMON_WORDS, DIFF_WORD_RE
from factcheck.model import Assertion, Finding, QuoteAssertion

_WORD, _STOPWORDS = DIFF_WORD_RE, COMMON_WORDS  # factcheck._text: one home for words


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def mark_words(
    sentence: str, reference: str, found: str | None = None, *, ordered: bool = False
) -> list[tuple[int, int, str]]:
    """Spans of ``sentence`` to highlight: ``"m"`` matches the golden text, ``"d"`` differs.

    ``reference`` is the golden text the sentence was compared with. With ``ordered``
    (quotes: the words and their order matter) words are aligned, and sentence words
    left unmatched between the first and last match are marked as differing. The
    ``found`` value of a finding (a wrong number, speaker, place...) is marked as
    differing wherever it occurs. Spans are sorted, disjoint, character offsets.
    """
    cls: dict[int, str] = {}  # word index in sentence -> class
    words = _words(sentence)
    ref = _words(reference)
    ref_set = {w for _, _, w in ref}
    if ordered and ref and words:
        sm = SequenceMatcher(None, [w for *_, w in ref], [w for *_, w in words], autojunk=False)
        blocks = [
            b
            for b in sm.get_matching_blocks()
            if b.size >= 2 or (b.size == 1 and words[b.b][2] not in _STOPWORDS)
        ]
        if blocks:
            for b in blocks:
                for j in range(b.b, b.b + b.size):
                    cls[j] = "m"
            first, last = blocks[0].b, blocks[-1].b + blocks[-1].size
            for j in range(first, last):
                cls.setdefault(j, "d")
    else:
        for j, (_, _, w) in enumerate(words):
            if w in ref_set and w not in _STOPWORDS:
                cls[j] = "m"
    if found:
        needle = found.strip().lower()
        hay = sentence.lower()
        hits = [m.start() for m in re.finditer(re.escape(needle), hay)] if needle else []
        if hits:
            # Inside the found text, only the words the golden text lacks differ: an
            # altered quote marks 'up' in "step up our support", not the whole quote.
            for j, (s, e, w) in enumerate(words):
                if w not in ref_set and any(h < e and s < h + len(needle) for h in hits):
                    cls[j] = "d"
        else:
            found_set = {w for _, _, w in _words(found)} - ref_set - _STOPWORDS
            for j, (_, _, w) in enumerate(words):
                if w in found_set:
                    cls[j] = "d"
    spans: list[tuple[int, int, str]] = []
    for j in sorted(cls):
        s, e, _ = words[j]
        c = cls[j]
        # Merge neighbours of one class across the spaces/punctuation between them.
        if spans and spans[-1][2] == c and not sentence[spans[-1][1] : s].strip(" ,;:"):
            spans[-1] = (spans[-1][0], e, c)
        else:
            spans.append((s, e, c))
    return spans


def reference_text(assertion: Assertion, source: str | None = None) -> str:
    """The golden text an article sentence is compared with, for marking words."""
    if isinstance(assertion, QuoteAssertion):
        return assertion.text
    texts = [e.text for e in assertion.evidence if e.source == source] or [
        e.text for e in assertion.evidence
    ]
    return " ".join([assertion.statement, *texts])


def evidence_marks(
    assertion: Assertion, source: str | None, text: str, found: str | None
) -> list[tuple[int, int, str]]:
    """``mark_words`` for a sentence found for ``assertion`` in ``source``: quotes are
    compared word by word in order, other kinds by the words they share."""
    return mark_words(
        text,
        reference_text(assertion, source),
        found,
        ordered=isinstance(assertion, QuoteAssertion),
    )


def finding_marks(
    assertion: Assertion | None, source: str | None, finding: Finding
) -> list[tuple[int, int, str]]:
    """The marked words of a finding's sentence (none when its assertion is unknown)."""
    assert finding.evidence is not None
    if assertion is None:
        return []
    return evidence_marks(assertion, source, finding.evidence.text, finding.found)


def truncate(value: object, limit: int = 160) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def excerpt(text: str, spans: Sequence[tuple[int, int, str]], limit: int = 240) -> str:
    """At most ``limit`` characters of a sentence, one line, keeping its differing words.

    A long quotation misattributed at its end would otherwise lose the very words
    ("... Ortiz said") that make the finding; the cut moves to keep them in view.
    """
    collapsed = " ".join(text.split())
    if len(collapsed) <= limit:
        return collapsed
    differing = [(a, b) for a, b, c in spans if c == "d"]
    if not differing:
        return truncate(text, limit)
    first, last = differing[0][0], differing[-1][1]
    # The window ends a little after the last differing word and, if it can, starts
    # before the first; one-character ellipses mark the cuts.
    if last + 40 <= limit - 1:
        start, end = 0, limit - 1
    elif last + 40 >= len(text):
        start, end = len(text) - (limit - 1), len(text)
    else:
        end = last + 40
        start = end - (limit - 2)
    if start > first:
        start, end = first, min(len(text), first + limit - 2)
    while start > 0 and not text[start - 1].isspace() and start < first:
        start += 1  # begin on a word
    while end < len(text) and not text[end].isspace() and end > last:
        end -= 1  # end on a word
    piece = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")
