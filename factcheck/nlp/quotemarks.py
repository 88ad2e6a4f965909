"""Quotations: quote marks paired within each paragraph (a paragraph whose marks do not
pair up is refused, never guessed), then their speakers (``factcheck.speakers``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from factcheck.nlp.blocks import QUOTE_CHARS, _blocks
from factcheck.speakers import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc


#: Characters after which a quote mark opens a quotation, and before which one closes it.
_OPENS_AFTER = frozenset(" \t\n([{\u2014\u2013-/")
_CLOSES_BEFORE = frozenset(" \t\n)]}.,;:!?\u2014\u2013-/\u2026")


def _direction(text: str, i: int, start: int, end: int) -> str:
    """``open`` or ``close`` for the quote mark at ``i``: from the characters around it
    (a mark after a space and before a word opens, whichever way it is drawn: news copy
    often has a closing glyph at the start of a quotation), else from its glyph."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    opens = before in _OPENS_AFTER and after not in " \t\n"
    closes = before not in " \t\n" and (after in _CLOSES_BEFORE or after in QUOTE_CHARS)
    if opens != closes:
        return "open" if opens else "close"
    return {"\u201c": "open", "\u201e": "open", "\u201f": "open", "\u201d": "close"}.get(
        text[i], "either"
    )


def _pair(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None] | None:
    """Quoted spans of one paragraph and the position of a quote left open at its end,
    or None when the marks do not pair up."""
    spans = []
    opened: int | None = None
    for i in range(start, end):
        if text[i] not in QUOTE_CHARS:
            continue
        way = _direction(text, i, start, end)
        if way == "either":
            way = "open" if opened is None else "close"
        if way == "open":
            if opened is not None:
                return None
            opened = i
        else:
            if opened is None:
                return None
            spans.append((opened + 1, i))
            opened = None
    return spans, opened


def _quote_spans(
    text: str, start: int, end: int, *, continued: bool = False
) -> list[tuple[int, int]] | None:
    """Quoted spans of one paragraph, or None when the marks do not pair up.

    ``continued``: the next paragraph opens with a quote mark, so a quotation left open
    at the end of this one runs on (the convention for a quotation of several
    paragraphs) and ends with the paragraph."""
    paired = _pair(text, start, end)
    if paired is None:
        return None
    spans, opened = paired
    if opened is None:
        return spans
    if not continued:
        return None
    tail = len(text[opened + 1 : end].rstrip())
    return [*spans, (opened + 1, opened + 1 + tail)] if tail else None


def _paragraph_quotes(text: str) -> list[tuple[int, int, list[tuple[int, int]] | None]]:
    """Every paragraph with its quoted spans (None: refused)."""
    blocks = _blocks(text)
    out = []
    for n, (a, b) in enumerate(blocks):
        nxt = text[blocks[n + 1][0] : blocks[n + 1][1]].lstrip() if n + 1 < len(blocks) else ""
        continued = nxt[:1] in QUOTE_CHARS
        out.append((a, b, _quote_spans(text, a, b, continued=continued)))
    return out


def quoted_spans(doc: Doc) -> list[tuple[int, int]]:
    """Every span between paired quote marks (ambiguous paragraphs left out)."""
    text = doc.text  # built from the tokens on every access: once
    return [s for _, _, spans in _paragraph_quotes(text) for s in spans or []]


def unclosed_quotes(doc: Doc) -> list[tuple[int, int]]:
    """Paragraph spans whose quote marks do not pair up (quotes refuses them)."""
    return [(a, b) for a, b, spans in _paragraph_quotes(doc.text) if spans is None]


def quotes(doc: Doc) -> list[Quote]:
    """Direct, partial and mixed quotations with their speakers, in order of position
    (``factcheck.speakers`` finds the speaker; paragraphs whose quote marks do not pair
    up are refused)."""
    from factcheck import speakers

    paragraphs = _paragraph_quotes(doc.text)
    spans = [(qa, qb, a, b) for a, b, qs in paragraphs for qa, qb in qs or []]
    return speakers.quotes(doc, spans, [a for a, _, _ in paragraphs])
