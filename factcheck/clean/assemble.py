"""Kept paragraphs -> the cleaned text and its map back to raw offsets; the whole cleaning
of one article (``clean_text``, ``clean_file``)."""

from __future__ import annotations

from pathlib import Path

from factcheck.clean.classify import _is_prose, classify
from factcheck.clean.dates import _LEADING_DATE, _is_dateline, find_date
from factcheck.clean.paragraphs import _CHAR_MAP, _INVISIBLE, Paragraph, _hyphen_break, paragraphs
from factcheck.clean.reading import html_to_text, is_html, read_article
from factcheck.model import CleanedText, Removal, Segment


def assemble(raw: str, kept: list[Paragraph]) -> tuple[str, tuple[Segment, ...]]:
    """Normalised text of the kept paragraphs and the map of each character to ``raw``."""
    chars: list[str] = []
    origin: list[int] = []
    for n, p in enumerate(kept):
        if n:
            sep = p.start - 1 if raw[p.start - 1].isspace() else kept[n - 1].end
            chars += ["\n", "\n"]
            origin += [sep, sep]
        for k, (a, b) in enumerate(p.spans):
            if k and not _hyphen_break(raw, *p.spans[k - 1], list(p.spans[k:])):
                chars.append(" ")
                origin.append(p.spans[k - 1][1] if raw[p.spans[k - 1][1]].isspace() else a - 1)
            space = False
            for j in range(a, b):
                c = raw[j]
                if c in _INVISIBLE:
                    continue
                if c.isspace():
                    if not space:
                        chars.append(" ")
                        origin.append(j)
                    space = True
                    continue
                space = False
                chars.append(c.translate(_CHAR_MAP))
                origin.append(j)
    segments: list[Segment] = []
    start = 0
    for i in range(1, len(origin) + 1):
        if i == len(origin) or origin[i] != origin[i - 1] + 1:
            segments.append(Segment(start, i - start, origin[start], i - start))
            start = i
    return "".join(chars), tuple(segments)


def clean_text(raw: str) -> CleanedText:
    """Clean plain article text (see the module docstring)."""
    paras = paragraphs(raw)
    reasons = classify(paras)
    kept = [p for p, r in zip(paras, reasons, strict=True) if r is None]
    removed = tuple(
        Removal(r, p.start, p.end, raw[p.start : p.end])
        for p, r in zip(paras, reasons, strict=True)
        if r is not None
    )
    text, segments = assemble(raw, kept)
    body = next((i for i, p in enumerate(kept) if _is_prose(p)), len(kept))
    lead = kept[:body]
    title = next((p.text for p in lead if p.words >= 3 and not _is_dateline(p)), None)
    if title:
        title = _LEADING_DATE.sub("", title) or title
    published = next((find_date(p.text) for p in lead if find_date(p.text)), None)
    if title is None and kept:
        # no headline above the body (a headline ending on a quote mark reads as a sentence):
        # the first paragraph that is not a date
        title = next((p.text for p in kept if not _is_dateline(p)), kept[0].text)[:200]
    return CleanedText(
        text=text, raw=raw, segments=segments, removed=removed, title=title, published=published
    )


def clean_file(path: Path | str, *, max_bytes: int | None = None) -> CleanedText:
    """Read, validate and clean an article file (plain text or a saved HTML page)."""
    text = read_article(path, max_bytes=max_bytes)
    if is_html(text):
        text = html_to_text(text, path=str(path))
    return clean_text(text)
