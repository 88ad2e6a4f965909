"""Checking many articles: parsing in batches, the result cache, the story an article belongs to."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from factcheck import match, nlp
from factcheck.engine.article import Article, prepare
from factcheck.engine.check import result_for
from factcheck.engine.quotes import QUOTE_FOUND
from factcheck.engine.terms import mentioned
from factcheck.engine.verdicts import result_from_json, result_json
from factcheck.errors import GoldenError, StoryError
from factcheck.model import (
    ArticleResult,
    Golden,
    QuoteAssertion,
    Source,
)

if TYPE_CHECKING:
    from factcheck.config import Settings


def prepare_sources(settings: Settings, sources: Sequence[Source]) -> list[Article]:
    """Clean and parse a story's sources (one ``nlp.pipe`` call, cached)."""
    return _prepare(settings, [_source_item(settings, s) for s in sources])


@dataclass(frozen=True)
class _Item:
    """An article to check: its cleaned text and where it comes from."""

    text: str
    path: str
    source: str | None
    coverage: str
    new: bool


def _source_item(settings: Settings, s: Source) -> _Item:
    from factcheck.ingest import cleaned_source, source_path

    path = _display(settings, source_path(settings, s))
    return _Item(cleaned_source(settings, s).text, path, s.id, s.coverage, False)


def _prepare(settings: Settings, items: Sequence[_Item]) -> list[Article]:
    docs = nlp.parse([i.text for i in items], model=settings.model, cache_dir=settings.cache_dir)
    return [
        prepare(i.text, d, path=i.path, source=i.source, coverage=i.coverage, new=i.new)
        for i, d in zip(items, docs, strict=True)
    ]


def _display(settings: Settings, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(settings.root.resolve()))
    except ValueError:
        return str(path)


def check_story(
    settings: Settings, golden: Golden, sources: Sequence[Source]
) -> list[ArticleResult]:
    """Every source of a story against its golden, with the cross-source rule among them."""
    checker = StoryChecker(settings, golden, sources)
    return checker.check_items(checker.story)


def check_articles(
    settings: Settings,
    golden: Golden,
    paths: Sequence[Path],
    sources: Sequence[Source],
) -> list[ArticleResult]:
    """Check article files: a story source keeps its id and coverage; others are new, full."""
    return StoryChecker(settings, golden, sources).check_paths(paths)


class StoryChecker:
    """Checks articles against one story's golden, its sources parsed once (they serve the
    cross-source rule). Results come from the result cache where the same article was
    checked against the same golden, sources, model and engine code; the rest are parsed
    and checked in batches, so memory does not grow with the number of articles."""

    #: Articles parsed (``nlp.pipe``) and checked together.
    BATCH = 32

    def __init__(self, settings: Settings, golden: Golden, sources: Sequence[Source]) -> None:
        from factcheck.cache import Cache, content_key
        from factcheck.ingest import source_path

        self.settings, self.golden = settings, golden
        self.story = [_source_item(settings, s) for s in sources]
        self._by_path = {
            source_path(settings, s).resolve(): item
            for s, item in zip(sources, self.story, strict=True)
        }
        self._cache = Cache(settings.cache_dir)
        self._context = content_key(
            _engine_key(settings.model),
            repr(golden.entities),
            repr(golden.assertions),
            *(f"{i.source}\0{i.coverage}\0{i.text}" for i in self.story),
        )
        self._story_arts: list[Article] | None = None

    def item(self, path: Path | str) -> _Item:
        """A story source (by its file) keeps its id and coverage; another file is new."""
        from factcheck.ingest import cleaned_file

        found = self._by_path.get(Path(path).resolve())
        if found is not None:
            return found
        return _Item(cleaned_file(self.settings, Path(path)).text, str(path), None, "full", True)

    def check_paths(self, paths: Sequence[Path | str]) -> list[ArticleResult]:
        return self.check_items([self.item(p) for p in paths])

    def check_items(self, items: Sequence[_Item]) -> list[ArticleResult]:
        from factcheck.cache import content_key
        from factcheck.progress import track

        keys = [
            content_key(self._context, i.text, i.path, i.source or "", i.coverage, str(i.new))
            for i in items
        ]
        results: list[ArticleResult | None] = [_cached_result(self._cache, k) for k in keys]
        missing = [n for n, r in enumerate(results) if r is None]
        story = self._story_articles() if missing else []
        by_source = {a.source: a for a in story}
        batch: dict[int, Article] = {}
        for pos, n in enumerate(track(missing, description="checking")):
            if n not in batch and items[n].source not in by_source:
                todo = [m for m in missing[pos:] if items[m].source not in by_source]
                todo = todo[: self.BATCH]
                batch = dict(
                    zip(todo, _prepare(self.settings, [items[m] for m in todo]), strict=True)
                )
            art = by_source.get(items[n].source) or batch[n]
            result = result_for(art, self.golden, story)
            self._cache.put("results", keys[n], json.dumps(result_json(result)).encode("utf-8"))
            results[n] = result
        return [r for r in results if r is not None]

    def _story_articles(self) -> list[Article]:
        if self._story_arts is None:
            self._story_arts = _prepare(self.settings, self.story)
        return self._story_arts


@cache
def _engine_key(model: str | None) -> str:
    """What a cached result depends on besides its inputs: the engine's code and the model."""
    from importlib import metadata

    from factcheck.cache import content_key

    name = nlp.model_name(model)
    try:
        version = metadata.version(name.replace("_", "-"))
    except metadata.PackageNotFoundError:
        version = "?"
    package = Path(__file__).parent.parent
    names = ("nlp", "match", "model", "speakers", "clean")
    # each a module or a subpackage (nlp/, clean/): a moved file must not drop out of the key
    files = [package / f"{m}.py" for m in names]
    files += [f for m in names for f in sorted((package / m).glob("*.py"))]
    files += sorted((package / "engine").glob("*.py")) + sorted((package / "lexicon").glob("*"))
    code = [f.read_bytes() for f in files if f.is_file()]
    return content_key(name, version, *code)


def _cached_result(cache: Any, key: str) -> ArticleResult | None:
    data = cache.get("results", key)
    if data is None:
        return None
    try:
        return result_from_json(json.loads(data))
    except (ValueError, KeyError, TypeError):
        return None  # a stale or corrupt entry: check again


def story_score(text: str, golden: Golden) -> float:
    """How much of a story an article touches: entity names and golden quotes it carries."""
    score = 0.0
    for e in golden.entities:
        if mentioned(e.names, text):
            score += 1
    norm = match.normalize(text)
    for a in golden.assertions:
        if (
            isinstance(a, QuoteAssertion)
            and len(a.text) >= 20
            and fuzz.partial_ratio(match.normalize(a.text), norm) >= QUOTE_FOUND
        ):
            score += 2
    return score


#: Share of a story's entities an article must name to be about the story (an article on
#: another subject names a few of them by chance: a country, a leader), and the least.
STORY_SHARE = 0.2
STORY_MIN = 3.0


def story_threshold(golden: Golden) -> float:
    return max(STORY_MIN, STORY_SHARE * len(golden.entities))


def choose_story(text: str, goldens: Mapping[str, Golden]) -> tuple[str, dict[str, float]]:
    """The story an article belongs to, by overlap; raises StoryError when none fits."""
    if not goldens:
        raise StoryError("no golden files found; pass --story or add annotations/<story>.yaml")
    scores = {story: story_score(text, g) for story, g in goldens.items()}
    best = max(sorted(scores), key=lambda s: scores[s])
    if scores[best] < story_threshold(goldens[best]):
        ranked = ", ".join(
            f"{s}: {scores[s]:g} of at least {story_threshold(goldens[s]):g}"
            for s in sorted(scores)
        )
        raise StoryError(
            "the article matches none of the stories (entities and quotes it shares with "
            f"each: {ranked}); pass --story ID to check it against one anyway"
        )
    return best, scores


def load_goldens(settings: Settings) -> dict[str, Golden]:
    """Every story's golden file under the annotations folder, by story id."""
    from factcheck.golden import load_golden

    folder = settings.annotations_dir
    out = {}
    broken: list[GoldenError] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        if path.stem == path.stem.lower() and not path.name.startswith("."):
            try:
                golden = load_golden(path)
            except GoldenError as exc:
                broken.append(exc)  # reported when its story is checked, or below
                continue
            out[golden.story] = golden
    if broken and not out:  # "no golden files found" would hide the real cause
        raise broken[0]
    return out


def story_sources(settings: Settings, story: str) -> list[Source]:
    """The story's sources, or none when the story has no seeds folder."""
    from factcheck.ingest import load_sources, story_dir

    if not story_dir(settings, story).is_dir():
        return []
    return load_sources(settings, story)
