"""The reports on disk: index.html, summary.md and findings.json of one story
(``write_report``); a folder per story and an index page over them (``write_reports``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from factcheck._fs import atomic_write
from factcheck.model import ArticleResult, CleanedText, Golden, Source
from factcheck.report.findings import findings_json
from factcheck.report.html import render_html
from factcheck.report.index import StoryEntry, story_entry, write_index
from factcheck.report.markdown import render_markdown
from factcheck.report.model import report_model


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


@dataclass(frozen=True)
class StoryReport:
    """What one story's report is made from."""

    story: str
    golden: Golden
    sources: Sequence[Source]
    results: Sequence[ArticleResult]
    cleaning: Mapping[str, CleanedText] | None = None
    title: str | None = None


def write_reports(
    root: Path, stories: Sequence[StoryReport], *, unreported: Mapping[str, str] | None = None
) -> list[Path]:
    """Each story's report into ``root/<story>/``, then ``root/index.html`` linking them with
    their counts; ``unreported`` lists other stories with the reason they have no report.
    Returns the story folders and the index, in that order."""
    root = Path(root)
    entries = [StoryEntry(story, note=why) for story, why in (unreported or {}).items()]
    folders = []
    for s in stories:
        inputs = {f.name: getattr(s, f.name) for f in fields(s)}
        write_report(root / s.story, **inputs)
        entries.append(story_entry(report_model(**inputs), s.story))
        folders.append(root / s.story)
    return [*folders, write_index(root, entries)]
