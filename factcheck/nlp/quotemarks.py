"""Quotations: quote marks paired within each paragraph (a paragraph whose marks do not
pair up is refused, never guessed), then their speakers (``factcheck.speakers``)."""

from __future__ import annotations

import re
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
    if not text[start:i].strip():
        return "open"  # a paragraph's first mark opens, whatever follows it ("” ... what")
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
    or None when the marks do not pair up. A quotation inside a quotation drawn with the
    other kind of marks (curly inside straight, or straight inside curly) is part of it."""
    spans = []
    opened: int | None = None
    nested: int | None = None
    for i in range(start, end):
        if text[i] not in QUOTE_CHARS:
            continue
        way = _direction(text, i, start, end)
        if way == "either":
            way = "open" if opened is None else "close"
        straight = text[i] == '"'
        if nested is not None:
            if way == "close" and straight == (text[nested] == '"'):
                nested = None  # the inner quotation closes
                continue
            if straight == (text[nested] == '"'):
                return None
        if way == "open":
            if opened is not None:
                if straight == (text[opened] == '"') or nested is not None:
                    return None
                nested = i
                continue
            opened = i
        else:
            if opened is None:
                return None
            spans.append((opened + 1, i))
            opened = None
    return (spans, opened) if nested is None else None


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
    """Every paragraph with its quoted spans (None: refused). A block whose marks do not
    pair up is read line by line (copy that breaks paragraphs with a single line break):
    only the lines whose marks do not pair up are refused then."""
    blocks = _blocks(text)
    out: list[tuple[int, int, list[tuple[int, int]] | None]] = []
    for n, (a, b) in enumerate(blocks):
        nxt = blocks[n + 1][0] if n + 1 < len(blocks) else len(text)
        carried = bool(out) and _carries(text, out[-1])
        whole = _paired_blocks(text, [(a, b)], nxt, carried=carried)
        if whole[0][2] is None and "\n" in text[a:b].strip():
            lines = [(m.start() + a, m.end() + a) for m in re.finditer(r"[^\n]+", text[a:b])]
            lines = [(x, y) for x, y in lines if text[x:y].strip()]
            by_line = _paired_blocks(text, lines, nxt, carried=carried)
            if any(spans is not None for _, _, spans in by_line):  # refuse only the bad lines
                out.extend(by_line)
                continue
        out.extend(whole)
    return out


def _paired_blocks(
    text: str, blocks: list[tuple[int, int]], following: int, *, carried: bool
) -> list[tuple[int, int, list[tuple[int, int]] | None]]:
    """``_quote_spans`` of consecutive paragraphs, the paragraph after them starting at
    ``following``; ``carried``: the one before them ran a quotation on into the first."""
    out: list[tuple[int, int, list[tuple[int, int]] | None]] = []
    for n, (a, b) in enumerate(blocks):
        nxt = blocks[n + 1][0] if n + 1 < len(blocks) else following
        # the last paragraph of a quotation run on from the one before may lack its mark
        run_on = carried if n == 0 else _carries(text, out[-1])
        last = run_on and text[a:b].lstrip()[:1] in QUOTE_CHARS
        continued = text[nxt:].lstrip()[:1] in QUOTE_CHARS or last
        out.append((a, b, _quote_spans(text, a, b, continued=continued)))
    return out


def _carries(text: str, para: tuple[int, int, list[tuple[int, int]] | None]) -> bool:
    """Whether a paragraph's last quotation runs on to its end (unclosed, continued)."""
    a, b, spans = para
    return bool(spans) and spans[-1][1] == a + len(text[a:b].rstrip())  # type: ignore[index]


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
