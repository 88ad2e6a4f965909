"""Stories on disk: ``seeds/<story>/`` and its ``sources.yaml`` manifest -> Sources."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from factcheck._text import valid_story_id
from factcheck.config import Settings
from factcheck.errors import StoryError
from factcheck.golden.reader import read_plain
from factcheck.model import Source

MANIFEST = "sources.yaml"
SOURCE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
_SOURCE_KEYS = {
    "id",
    "file",
    "outlet",
    "title",
    "published",
    "url",
    "sha256",
    "coverage",
    "format",
    "notes",
}
_REQUIRED_KEYS = {"id", "file", "outlet", "title", "sha256"}


def check_story_id(story: str) -> str:
    """Return ``story`` if it is a safe folder name, else raise ``StoryError``."""
    if not valid_story_id(story):
        raise StoryError(
            f"invalid story id {story!r}: use lower-case letters, digits, '.', '_' and '-' "
            "(no '/', no '..'), e.g. coalition-paris-2026-01-06"
        )
    return story


def story_dir(settings: Settings, story: str) -> Path:
    return settings.seeds_dir / check_story_id(story)


def list_stories(settings: Settings) -> list[str]:
    """Ids of the stories that have a manifest."""
    if not settings.seeds_dir.is_dir():
        return []
    return sorted(p.parent.name for p in settings.seeds_dir.glob(f"*/{MANIFEST}"))


def story_title(settings: Settings, story: str) -> str | None:
    """The manifest's title; None for a story checked without seeds (its id is its name)."""
    if not story_dir(settings, story).is_dir():
        return None
    return load_manifest(settings, story).title


def unreported_stories(settings: Settings, reported: Iterable[str]) -> dict[str, str]:
    """The stories in seeds/ other than ``reported``, each with why it has no report."""
    done = set(reported)
    out = {}
    for story in list_stories(settings):
        if story in done:
            continue
        golden = settings.annotations_dir / f"{story}.yaml"
        out[story] = (
            f"not checked in this run (deselected, or {golden.name} not collected)"
            if golden.is_file()
            else f"no golden file yet: create {golden.name} in {settings.annotations_dir.name}/ "
            f"(docs/golden-format.md) or `factcheck labelstudio pull --story {story}`"
        )
    return out


@dataclass(frozen=True)
class Manifest:
    story: str
    title: str | None
    sources: tuple[Source, ...]
    path: Path


def load_manifest(settings: Settings, story: str) -> Manifest:
    """Read ``seeds/<story>/sources.yaml`` strictly; errors name the file and line."""
    folder = story_dir(settings, story)
    path = folder / MANIFEST
    if not path.is_file():
        known = ", ".join(list_stories(settings)) or "none"
        raise StoryError(
            f"story {story!r} has no manifest; known stories: {known}. "
            f"Add articles with `factcheck ingest PATH... --story {story}`",
            path=str(path),
        )
    text = path.read_text(encoding="utf-8")
    # The golden files' strict reader: file:line errors, no tags, no duplicate keys.
    node, data = read_plain(text, path=str(path), error_type=StoryError, kind="manifest")
    if not isinstance(data, dict) or not isinstance(data.get("sources", []), list):
        raise StoryError("expected a mapping with a 'sources' list", path=str(path), line=1)
    lines = _entry_lines(node)
    sources: list[Source] = []
    seen: set[str] = set()
    for n, entry in enumerate(data.get("sources") or []):
        line = lines[n] if n < len(lines) else None
        sources.append(_source(entry, story, str(path), line, seen))
    if data.get("story") not in (None, story):
        raise StoryError(
            f"manifest says story {data.get('story')!r} but lives in {folder.name!r}",
            path=str(path),
            line=1,
        )
    return Manifest(story, data.get("title"), tuple(sources), path)


def _entry_lines(node: Any) -> list[int]:
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if key.value == "sources" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _source(entry: Any, story: str, path: str, line: int | None, seen: set[str]) -> Source:
    if not isinstance(entry, dict):
        raise StoryError("each source must be a mapping", path=path, line=line)
    unknown = sorted(set(entry) - _SOURCE_KEYS)
    if unknown:
        raise StoryError(
            f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_SOURCE_KEYS))}",
            path=path,
            line=line,
        )
    missing = sorted(_REQUIRED_KEYS - set(entry))
    if missing:
        raise StoryError(f"source is missing {', '.join(missing)}", path=path, line=line)
    sid = str(entry["id"])
    if not SOURCE_ID_RE.match(sid):
        raise StoryError(
            f"invalid source id {sid!r}: lower-case letters, digits and '-'", path=path, line=line
        )
    if sid in seen:
        raise StoryError(f"duplicate source id {sid!r}; ids must be unique", path=path, line=line)
    seen.add(sid)
    coverage = entry.get("coverage", "full")
    if coverage not in ("full", "partial"):
        raise StoryError(
            f"coverage must be 'full' or 'partial', not {coverage!r}", path=path, line=line
        )
    fmt = entry.get("format", "text")
    if fmt not in ("text", "html"):
        raise StoryError(f"format must be 'text' or 'html', not {fmt!r}", path=path, line=line)
    file = str(entry["file"])
    if "/" in file or "\\" in file or file.startswith("."):
        raise StoryError(
            f"file {file!r} must be a plain name inside the story folder", path=path, line=line
        )
    published = entry.get("published")
    if isinstance(published, _dt.date):
        published = published.isoformat()
    return Source(
        id=sid,
        story=story,
        file=file,
        outlet=str(entry["outlet"]),
        title=str(entry["title"]),
        sha256=str(entry["sha256"]),
        coverage=coverage,
        published=published,
        url=entry.get("url"),
        format=fmt,
        notes=entry.get("notes"),
    )


def load_sources(settings: Settings, story: str) -> list[Source]:
    """The story's sources in manifest order."""
    return list(load_manifest(settings, story).sources)


def source_path(settings: Settings, source: Source) -> Path:
    return story_dir(settings, source.story) / source.file
