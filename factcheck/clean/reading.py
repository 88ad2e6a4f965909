"""Article files -> text: decoding and validation, and saved web pages (trafilatura)."""

from __future__ import annotations

import re
from pathlib import Path

from factcheck.errors import ArticleError


def read_article(path: Path | str, *, max_bytes: int | None = None) -> str:
    """Read an article file as text, or raise ``ArticleError`` saying what to do."""
    from factcheck.config import DEFAULT_MAX_ARTICLE_BYTES

    path = Path(path)
    limit = DEFAULT_MAX_ARTICLE_BYTES if max_bytes is None else max_bytes
    if not path.exists():
        raise ArticleError("no such file; check the path", path=str(path))
    if not path.is_file():
        raise ArticleError("not a regular file; give an article file, not a folder", path=str(path))
    size = path.stat().st_size
    if size > limit:
        raise ArticleError(
            f"file is {size:,} bytes, over the {limit:,}-byte limit for one article; "
            "split it, or raise max-article-bytes in [tool.factcheck]",
            path=str(path),
        )
    return decode_article(path.read_bytes(), path=str(path))


def decode_article(data: bytes, *, path: str = "<bytes>") -> str:
    """Bytes -> text: UTF-8 only (a BOM is dropped), no binary, not empty."""
    if b"\x00" in data[:65536]:
        raise ArticleError(
            "looks like a binary file (it contains NUL bytes); give a text or HTML article",
            path=path,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ArticleError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save the "
            "file as UTF-8, e.g. `iconv -f latin1 -t utf-8 IN > OUT`",
            path=path,
            line=line,
        ) from exc
    if not text.strip():
        raise ArticleError("the article is empty; nothing to check", path=path)
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise ArticleError(
            "looks like a binary file (many control characters); give a text or HTML article",
            path=path,
        )
    return text


def is_html(text: str) -> bool:
    """Whether ``text`` is a web page rather than plain article text."""
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<html" in head:
        return True
    tags = len(
        re.findall(
            r"</?(?:p|div|span|a|body|head|article|section|script)\b", text[:65536], re.IGNORECASE
        )
    )
    return tags >= 5


def html_to_text(html: str, *, path: str = "<html>") -> str:
    """The article of a saved web page as plain text: headline, date, paragraphs.

    trafilatura does the extraction (it is maintained against real news sites);
    the headline and date come from its metadata so the cleaner keeps them.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise ArticleError(
            "no article text found in this HTML page; save the article page "
            "itself, or give its text",
            path=path,
        )
    parts = [p for p in (getattr(doc, "title", None), getattr(doc, "date", None)) if p]
    return "\n\n".join([*parts, body.replace("\r\n", "\n")]) + "\n"
