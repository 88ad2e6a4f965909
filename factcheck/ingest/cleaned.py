"""Cleaned texts, derived on demand from raw files and cached by content hash; what
cleaning removed, as `factcheck clean` and `factcheck ingest` print it."""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from factcheck.cache import Cache, content_key
from factcheck.clean import (
    CLEANER_VERSION,
    clean_text,
    decode_article,
    html_to_text,
    is_html,
    read_article,
)
from factcheck.config import Settings
from factcheck.errors import ArticleError, FactcheckError
from factcheck.ingest.stories import source_path
from factcheck.model import CleanedText, Removal, Segment, Source


def cleaned_source(settings: Settings, source: Source) -> CleanedText:
    """The cleaned text of a story source, verified against its manifest hash, cached."""
    path = source_path(settings, source)
    if not path.is_file():
        raise ArticleError(
            f"source {source.id!r} is listed in the manifest but its file is "
            "missing; restore it from git",
            path=str(path),
        )
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != source.sha256:
        raise ArticleError(
            f"raw file of source {source.id!r} changed (sha256 {digest[:12]}... differs from the "
            "manifest); raw files are never edited: restore it, or ingest the new version",
            path=str(path),
        )
    return cleaned_bytes(settings, data, path=str(path))


def cleaning_notes(settings: Settings, sources: Iterable[Source]) -> dict[str, CleanedText]:
    """What cleaning removed from each source, for a report's notes (cached, so cheap); a
    source that cannot be read is left out: its column already says why it was not checked."""
    out = {}
    for s in sources:
        try:
            out[s.id] = cleaned_source(settings, s)
        except FactcheckError:
            continue
    return out


def cleaned_bytes(settings: Settings, data: bytes, *, path: str) -> CleanedText:
    """Decode and clean raw article bytes (text or HTML), through the cache."""
    if len(data) > settings.max_article_bytes:
        raise ArticleError(
            f"file is {len(data):,} bytes, over the {settings.max_article_bytes:,}-byte limit for "
            "one article; split it, or raise max-article-bytes in [tool.factcheck]",
            path=path,
        )
    raw = decode_article(data, path=path)
    html = is_html(raw)
    if html:
        raw = html_to_text(raw, path=path)
    cache = Cache(settings.cache_dir)
    key = content_key("clean", CLEANER_VERSION, raw)
    hit = cache.get("clean", key)
    if hit is not None:
        try:
            return _from_json(raw, json.loads(hit))
        except (ValueError, KeyError, TypeError):
            pass  # a stale or corrupt entry: rebuild it
    cleaned = clean_text(raw)
    cache.put("clean", key, json.dumps(_to_json(cleaned)).encode("utf-8"))
    return cleaned


def cleaned_file(settings: Settings, path: Path) -> CleanedText:
    """Clean any article file (in a story or not), with the settings' size limit."""
    read_article(path, max_bytes=settings.max_article_bytes)  # validation, clear errors
    return cleaned_bytes(settings, path.read_bytes(), path=str(path))


def _to_json(c: CleanedText) -> dict[str, Any]:
    return {
        "text": c.text,
        "segments": [[s.clean_start, s.length, s.raw_start, s.raw_length] for s in c.segments],
        "removed": [[r.reason, r.start, r.end] for r in c.removed],
        "title": c.title,
        "published": c.published,
    }


def _from_json(raw: str, d: dict[str, Any]) -> CleanedText:
    return CleanedText(
        text=d["text"],
        raw=raw,
        segments=tuple(Segment(*s) for s in d["segments"]),
        removed=tuple(Removal(r, s, e, raw[s:e]) for r, s, e in d["removed"]),
        title=d["title"],
        published=d["published"],
    )


def summarize_removed(cleaned: CleanedText) -> str:
    """One line: what cleaning removed, by reason."""
    if not cleaned.removed:
        return "nothing removed"
    counts = Counter(r.reason for r in cleaned.removed)
    chars = sum(len(r.text) for r in cleaned.removed)
    parts = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
    return f"removed {len(cleaned.removed)} block(s), {chars:,} chars: {parts}"


def clean_command(settings: Settings, path: Path, *, diff: bool, out: TextIO = sys.stdout) -> int:
    cleaned = cleaned_file(settings, path)
    if not diff:
        out.write(cleaned.text + "\n")
        return 0
    for reason, start, end in _hunks(cleaned):
        first = cleaned.raw.count("\n", 0, start) + 1
        last = first + cleaned.raw.count("\n", start, end)
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        out.write(f"@@ {where}: removed ({reason})\n")
        for line in cleaned.raw[start:end].splitlines():
            if line.strip():
                out.write(f"- {line}\n")
    out.write(f"{path}: {summarize_removed(cleaned)}\n")
    return 0


def _hunks(cleaned: CleanedText) -> list[tuple[str, int, int]]:
    """Removals merged into runs of one reason, where only whitespace lies between them."""
    hunks: list[tuple[str, int, int]] = []
    for r in cleaned.removed:
        if hunks and hunks[-1][0] == r.reason and not cleaned.raw[hunks[-1][2] : r.start].strip():
            hunks[-1] = (r.reason, hunks[-1][1], r.end)
        else:
            hunks.append((r.reason, r.start, r.end))
    return hunks
