"""The report on disk: index.html, summary.md and findings.json of one story."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from factcheck._fs import atomic_write
from factcheck.model import ArticleResult, CleanedText, Golden, Source
from factcheck.report.findings import findings_json
from factcheck.report.html import render_html
from factcheck.report.markdown import render_markdown


def write_report(
    out_dir: Path,
    *,
    story: str,
    golden: Golden,
    sources: Sequence[Source],
    results: Sequence[ArticleResult],
    cleaning: Mapping[str, CleanedText] | None = None,
    timestamp: bool = False,
    title: str | None = None,
) -> dict[str, Path]:
    """Write index.html, summary.md and findings.json into ``out_dir``; return their paths.

    Each file is written atomically (a temporary file renamed over the old one), so
    an interrupted run leaves the previous report intact.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC") if timestamp else None
    common: dict[str, Any] = {
        "story": story,
        "golden": golden,
        "sources": sources,
        "results": results,
        "cleaning": cleaning,
        "generated": generated,
        "title": title,
    }
    files = {
        "index.html": render_html(**common),
        "summary.md": render_markdown(**common),
        "findings.json": findings_json(story, results, golden),
    }
    written = {}
    for name, text in files.items():
        written[name] = atomic_write(out / name, text)
    return written
