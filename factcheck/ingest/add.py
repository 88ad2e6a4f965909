"""Adding raw articles to a story: validated first, then new files (never overwriting)
and the manifest rewritten atomically, under the story's lock."""

from __future__ import annotations

import hashlib
import io
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from factcheck._fs import atomic_write
from factcheck._text import SLUG_STOP_WORDS, slug
from factcheck.clean import (
    decode_article,
    is_html,
    read_article,
)
from factcheck.config import Settings
from factcheck.errors import StoryError
from factcheck.ingest.cleaned import cleaned_bytes, summarize_removed
from factcheck.ingest.stories import MANIFEST, load_manifest, story_dir
from factcheck.model import CleanedText, Source
from factcheck.progress import track


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
