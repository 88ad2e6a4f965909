"""The reports on disk: index.html, summary.md and findings.json of one story
(``write_report``); a folder per story and an index page over them (``write_reports``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Unpack

from factcheck._fs import atomic_write
from factcheck.report.findings import findings_json
from factcheck.report.html import render_html
from factcheck.report.index import StoryEntry, story_entry, write_index
from factcheck.report.markdown import render_markdown
from factcheck.report.model import ReportInputs, report_model


def write_report(
    out_dir: Path, *, timestamp: bool = False, **inputs: Unpack[ReportInputs]
) -> dict[str, Path]:
    """Write index.html, summary.md and findings.json into ``out_dir``; return their paths.

    Each file is written atomically (a temporary file renamed over the old one), so
    an interrupted run leaves the previous report intact.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if timestamp:
        inputs["generated"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    files = {
        "index.html": render_html(**inputs),
        "summary.md": render_markdown(**inputs),
        "findings.json": findings_json(inputs["story"], inputs["results"], inputs["golden"]),
    }
    written = {}
    for name, text in files.items():
        written[name] = atomic_write(out / name, text)
    return written


def write_reports(
    root: Path, stories: Sequence[ReportInputs], *, unreported: Mapping[str, str] | None = None
) -> list[Path]:
    """Each story's report into ``root/<story>/``, then ``root/index.html`` linking them with
    their counts; ``unreported`` lists other stories with the reason they have no report.
    Returns the story folders and the index, in that order."""
    root = Path(root)
    entries = [StoryEntry(story, note=why) for story, why in (unreported or {}).items()]
    folders = []
    for inputs in stories:
        story = inputs["story"]
        write_report(root / story, **inputs)
        entries.append(story_entry(report_model(**inputs), story))
        folders.append(root / story)
    return [*folders, write_index(root, entries)]
