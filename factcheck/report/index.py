"""reports/index.html: one row per story, linking its report folder, with its counts; a
story that could not be checked (no golden file yet) is listed with the reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from factcheck._fs import atomic_write
from factcheck.model import FINDING_KINDS
from factcheck.report.environment import environment
from factcheck.report.model import ReportModel

#: The index page, in the folder that holds one report folder per story.
INDEX = "index.html"


@dataclass(frozen=True)
class StoryEntry:
    """One story on the index page."""

    story: str
    title: str | None = None
    folder: str | None = None  # its report folder, relative to the index; None: not reported
    note: str | None = None  # why it has no report
    assertions: int = 0
    articles: int = 0  # checked
    unchecked: int = 0  # articles not checked (an error, or not selected)
    findings: dict[str, int] = field(default_factory=dict)  # unreviewed, by kind
    reviewed: int = 0
    stale: int = 0

    @property
    def total(self) -> int:
        return sum(self.findings.values())


def story_entry(model: ReportModel, folder: str) -> StoryEntry:
    """A story's row on the index, from the model its own report was rendered from."""
    checked = sum(1 for c in model.columns if c.result is not None)
    return StoryEntry(
        story=model.story,
        title=model.title,
        folder=folder,
        assertions=model.assertions,
        articles=checked,
        unchecked=len(model.columns) - checked,
        findings={k: model.finding_counts.get(k, 0) for k in FINDING_KINDS},
        reviewed=sum(model.known_counts.values()),
        stale=len(model.stale),
    )


def render_index(entries: Sequence[StoryEntry]) -> str:
    """The self-contained index page (no script, no network), stories in id order."""
    ordered = sorted(entries, key=lambda e: e.story)
    return (
        environment().get_template("stories.html.j2").render(entries=ordered, kinds=FINDING_KINDS)
    )


def write_index(root: Path, entries: Sequence[StoryEntry]) -> Path:
    """Write ``root/index.html`` atomically; returns its path."""
    root.mkdir(parents=True, exist_ok=True)
    return atomic_write(root / INDEX, render_index(entries))
