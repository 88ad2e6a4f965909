"""Paragraph blocks of a text: the text between blank lines, where a blank line inside a
sentence is not a break. The pipeline starts sentences at them; quotations are paired
within them."""

from __future__ import annotations

import re

#: Quote marks: straight ones pair up by position, curly ones by direction.
QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u201f')


#: What ends a paragraph; a block of text ending otherwise may continue after a blank line.
TERMINAL = frozenset(".!?:;\"')]\u201d\u2019\u2026")


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: text between blank lines, where a blank line inside a sentence
    (text rewrapped by a bad extraction) is not a break. A blank line is inside a
    sentence when the block before it leaves a quote open, or the next block starts in
    lower case, or the block before it is six words or more without a closing
    punctuation mark; the first block (the title) only joins for the first two reasons."""
    raw = []
    start = 0
    for m in re.finditer(r"\n\s*\n", text):
        raw.append((start, m.start()))
        start = m.end()
    raw.append((start, len(text)))
    out: list[tuple[int, int]] = []
    open_quote = False  # a quote left open by the merged block so far
    for n, (a, b) in enumerate(raw):
        if n and _soft(text, raw[n - 1], a, first=n == 1, open_quote=open_quote):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
            open_quote = False
        marks = sum(text[a:b].count(c) for c in QUOTE_CHARS)
        open_quote = open_quote != (marks % 2 == 1)
    return out


def _soft(
    text: str, prev_block: tuple[int, int], nxt: int, *, first: bool, open_quote: bool
) -> bool:
    prev = text[prev_block[0] : prev_block[1]].rstrip()
    if not prev or prev[-1] in TERMINAL:
        return False
    if text[nxt : nxt + 1].islower() or open_quote:
        return True
    return not first and len(prev.split()) >= 6
