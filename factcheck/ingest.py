"""Stories on disk: ``seeds/<story>/`` raw files + ``sources.yaml`` manifest -> Sources.

Raw files are never modified: ingestion only adds new files (opened with
``"xb"``, which refuses to overwrite) and rewrites the manifest atomically, under
a lock (``filelock``) and keeping its permissions.
Cleaned texts are derived on demand and cached by content hash.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml

from factcheck._fs import atomic_write
from factcheck._text import SLUG_STOP_WORDS, slug, valid_story_id
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
from factcheck.errors import ArticleError, FactcheckError, StoryError
from factcheck.golden.reader import read_plain
from factcheck.model import CleanedText, Removal, Segment, Source
from factcheck.progress import track

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


# ------------------------------------------------------------------ stories


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


# ------------------------------------------------------------ cleaned texts


def source_path(settings: Settings, source: Source) -> Path:
    return story_dir(settings, source.story) / source.file


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


# ---------------------------------------------------------------- ingestion


@dataclass(frozen=True)
class Ingested:
    """What ``ingest`` did with one input file."""

    path: Path
    source: Source
    cleaned: CleanedText
    added: bool  # False: the same bytes were already in the story


def ingest(
    settings: Settings,
    story: str,
    paths: Sequence[Path],
    *,
    outlet: str | None = None,
    coverage: str = "full",
) -> list[Ingested]:
    """Add raw articles to a story. Every input is validated before anything is written.

    Reading the manifest, choosing ids and file names and writing happen under the
    story's lock, so concurrent ingests into one story each see the others' entries.
    """
    folder = story_dir(settings, story)
    inputs = [
        _read_input(settings, path) for path in track(paths, description=f"ingesting into {story}")
    ]
    folder.mkdir(parents=True, exist_ok=True)
    with _story_lock(folder):
        manifest = load_manifest(settings, story) if (folder / MANIFEST).is_file() else None
        planned = _plan(
            folder, story, list(manifest.sources) if manifest else [], inputs, outlet, coverage
        )
        _write_new(folder, story, [(i, data) for i, data in planned if i.added])
    return [i for i, _ in planned]


#: One validated input: its path, raw bytes, cleaned text, and whether it is a web page.
_Input = tuple[Path, bytes, CleanedText, bool]


def _read_input(settings: Settings, path: Path) -> _Input:
    read_article(path, max_bytes=settings.max_article_bytes)
    data = path.read_bytes()
    cleaned = cleaned_bytes(settings, data, path=str(path))
    return path, data, cleaned, is_html(decode_article(data, path=str(path)))


def _plan(
    folder: Path,
    story: str,
    existing: list[Source],
    inputs: list[_Input],
    outlet: str | None,
    coverage: str,
) -> list[tuple[Ingested, bytes]]:
    """Each input as it will be in the story: the source it already is (same sha256), or
    a new source with a fresh id and file name."""
    by_hash = {s.sha256: s for s in existing}
    taken_ids = {s.id for s in existing}
    taken_files = {s.file for s in existing} | {p.name for p in folder.iterdir()}
    planned: list[tuple[Ingested, bytes]] = []
    for path, data, cleaned, is_page in inputs:
        digest = hashlib.sha256(data).hexdigest()
        if digest in by_hash:
            planned.append((Ingested(path, by_hash[digest], cleaned, added=False), data))
            continue
        index = len(existing) + sum(1 for i, _ in planned if i.added)
        file = f"{index:03d}_{digest[:16]}{'.html' if is_page else '.txt'}"
        while file in taken_files:
            index += 1
            file = f"{index:03d}_{digest[:16]}{'.html' if is_page else '.txt'}"
        title = _title(cleaned.title, path.stem)
        sid = _new_id(title, taken_ids)
        source = Source(
            id=sid,
            story=story,
            file=file,
            outlet=outlet or _guess_outlet(cleaned) or "unknown",
            title=title,
            sha256=digest,
            coverage=coverage,  # type: ignore[arg-type]
            published=cleaned.published,
            url=None,
            format="html" if is_page else "text",
            notes=f"ingested from {_title(path.name, 'article')}",
        )
        taken_ids.add(sid)
        taken_files.add(file)
        by_hash[digest] = source
        planned.append((Ingested(path, source, cleaned, added=True), data))
    return planned


def _write_new(folder: Path, story: str, new: list[tuple[Ingested, bytes]]) -> None:
    """The new raw files and their manifest entries, all or nothing."""
    written: list[Path] = []
    try:
        for item, data in new:
            target = folder / item.source.file
            with open(target, "xb") as fh:  # never overwrite a raw file
                fh.write(data)
            written.append(target)
        if new:
            _write_manifest(folder / MANIFEST, story, [i.source for i, _ in new])
    except BaseException:
        for target in written:  # leave the story as it was
            target.unlink(missing_ok=True)
        raise


#: The lock file that serialises manifest updates (next to the manifest, git-ignored).
LOCK = ".sources.yaml.lock"
#: How long an ingest waits for another one to finish with the same story (seconds).
LOCK_TIMEOUT = 120.0
#: Longest title stored in a manifest (characters).
MAX_TITLE = 200


@contextmanager
def _story_lock(folder: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    try:
        with FileLock(folder / LOCK, timeout=LOCK_TIMEOUT):
            yield
    except Timeout:
        raise StoryError(
            f"another `factcheck ingest` has held this story's lock for over "
            f"{LOCK_TIMEOUT:.0f} s; wait for it, or delete {LOCK} if no ingest is running",
            path=str(folder / LOCK),
        ) from None


def _title(found: str | None, fallback: str) -> str:
    """A title as a manifest stores it: one line, at most ``MAX_TITLE`` characters (a
    paragraph with no line breaks would otherwise become a 2 MB "title")."""
    text = " ".join((found or "").split()) or " ".join(fallback.split()) or "untitled"
    if len(text) > MAX_TITLE:
        text = text[: MAX_TITLE - 1].rsplit(" ", 1)[0][: MAX_TITLE - 1] + "\u2026"
    return text


def _new_id(title: str, taken: set[str]) -> str:
    base = slug(title, 4, stop=SLUG_STOP_WORDS)[:40].strip("-") or "article"
    sid, n = base, 2
    while sid in taken:
        sid, n = f"{base}-{n}", n + 1
    return sid


def _guess_outlet(cleaned: CleanedText) -> str | None:
    m = re.search(r"^\(([A-Z][A-Za-z&. ]{1,30})\)", cleaned.text, re.MULTILINE)
    return m.group(1) if m else None


def _write_manifest(path: Path, story: str, new: list[Source]) -> None:
    """Append sources to the manifest, keeping its comments and order; atomic replace."""
    from ruamel.yaml import YAML

    ry = YAML()
    ry.indent(mapping=2, sequence=4, offset=2)
    ry.width = 4096
    ry.preserve_quotes = True
    ry.representer.add_representer(
        type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    if path.is_file():
        data = ry.load(path.read_text(encoding="utf-8"))
    else:
        data = ry.load(f"story: {story}\ntitle: null\nsources: []\n")
    if data.get("sources") is None:
        data["sources"] = []
    for s in new:
        data["sources"].append(
            {
                "id": s.id,
                "file": s.file,
                "outlet": s.outlet,
                "title": s.title,
                "published": s.published,
                "url": s.url,
                "sha256": s.sha256,
                "coverage": s.coverage,
                "format": s.format,
                "notes": s.notes,
            }
        )
    buf = io.StringIO()
    ry.dump(data, buf)
    atomic_write(path, buf.getvalue())


# ----------------------------------------------------------------- commands


def summarize_removed(cleaned: CleanedText) -> str:
    """One line: what cleaning removed, by reason."""
    if not cleaned.removed:
        return "nothing removed"
    counts = Counter(r.reason for r in cleaned.removed)
    chars = sum(len(r.text) for r in cleaned.removed)
    parts = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
    return f"removed {len(cleaned.removed)} block(s), {chars:,} chars: {parts}"


def ingest_command(
    settings: Settings,
    story: str,
    paths: Sequence[Path],
    *,
    outlet: str | None,
    coverage: str,
    out: TextIO = sys.stdout,
) -> int:
    results = ingest(settings, story, paths, outlet=outlet, coverage=coverage)
    for r in results:
        verb = "added" if r.added else "already in story as"
        print(
            f"{r.path}: {verb} {r.source.id} ({r.source.file}); {summarize_removed(r.cleaned)}",
            file=out,
        )
    added = sum(r.added for r in results)
    print(f"{story}: {added} added, {len(results) - added} unchanged", file=out)
    return 0


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
