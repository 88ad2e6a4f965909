"""pytest plugin: golden assertions x sources as test items (registered via ``pytest11``).

``annotations/<story>.yaml`` is collected into one item per assertion and source,
``annotations/<story>.yaml::<assertion-id>[<source-id>]``. Supported passes;
a contradiction or misattribution fails; an omission fails, warns or skips
(``--factcheck-omissions``); a fact the source does not mention is skipped.

Hooks stay thin; the checking lives in ``factcheck.engine``, imported lazily so
loading the plugin never imports spaCy. With ``--factcheck-report``, per-item results
travel as plain dicts in ``item.user_properties`` (they survive pytest-xdist); the
controller writes the report from them.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from factcheck.errors import FactcheckError
from factcheck.plugin.outcomes import (
    PROPERTY,
    FactcheckFailure,
    FactcheckWarning,
    StaleKnownWarning,
    _as_dict,
    outcome,
    render_failure,
    results_from_properties,
    write_report,
)

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.engine import StoryChecker
    from factcheck.model import ArticleResult, Assertion, Golden, Source

INI_GOLDENS = "factcheck_goldens"
DEFAULT_GOLDENS = "annotations/*.yaml"
#: Pseudo assertion id of the items that run the cross-source quote rule.
CROSS_SOURCE = "cross-source-quotes"


@dataclass
class _State:
    settings: Settings
    omissions: str
    articles: list[Path]
    shown: list[str]  # the articles' paths as outputs show them
    report: Path | None
    # golden path -> {article key -> ArticleResult}, each computed once per process when
    # an item of that article runs (an xdist worker checks only the articles it gets)
    results: dict[str, dict[str, ArticleResult | FactcheckError]] = field(default_factory=dict)
    checkers: dict[str, StoryChecker] = field(default_factory=dict)
    properties: list[dict[str, Any]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def result(self, golden: Golden, sources: list[Source], key: str) -> ArticleResult:
        """The article's result; a ``FactcheckError`` (raised again for each of its items,
        computed once) when it cannot be checked."""
        done = self.results.setdefault(golden.path, {})
        if key not in done:
            try:
                done[key] = self._check(golden, sources, key)
            except FactcheckError as exc:
                done[key] = exc
        found = done[key]
        if isinstance(found, FactcheckError):
            raise found
        return found

    def _check(self, golden: Golden, sources: list[Source], key: str) -> ArticleResult:
        from factcheck.engine import StoryChecker
        from factcheck.ingest import source_path

        checker = self.checkers.get(golden.path)
        if checker is None:
            checker = self.checkers[golden.path] = StoryChecker(self.settings, golden, sources)
        paths = {s.id: source_path(self.settings, s) for s in sources}
        paths.update(zip(self.shown, self.articles, strict=True))
        (found,) = checker.check_paths([paths[key]])
        return _shown_as(found, key) if found.new else found

    def path_of(self, source: Source | None, key: str) -> str:
        """How an article's path shows in results (the report keys columns by it)."""
        if source is None:
            return key
        from factcheck.ingest import source_path

        return os.path.relpath(source_path(self.settings, source), self.settings.root)


STATE = pytest.StashKey[_State]()


# -------------------------------------------------------------------- hooks


def pytest_addoption(parser: pytest.Parser) -> None:
    """Options of the factcheck plugin, in one group."""
    group = parser.getgroup("factcheck", "fact-consistency checks of news articles")
    group.addoption(
        "--factcheck-article",
        action="append",
        default=[],
        metavar="PATH",
        help="also check this article file against every golden (repeatable)",
    )
    group.addoption(
        "--factcheck-omissions",
        choices=("error", "warn", "off"),
        default="error",
        help="a required fact missing from a full-coverage source: fail (error, default), "
        "pass with a warning (warn) or skip (off)",
    )
    group.addoption(
        "--factcheck-report",
        metavar="DIR",
        default=None,
        help="write the consistency report (findings.json, index.html, summary.md) into DIR",
    )
    parser.addini(INI_GOLDENS, "glob of golden files, relative to rootdir", default=DEFAULT_GOLDENS)


def pytest_configure(config: pytest.Config) -> None:
    """Keep the plugin's state in the config stash."""
    from factcheck.config import load_settings

    try:
        settings = load_settings(config.rootpath)
    except FactcheckError as exc:
        raise pytest.UsageError(f"factcheck: {exc}") from exc
    report = config.getoption("factcheck_report")
    typed = config.getoption("factcheck_article")
    here = config.invocation_params.dir
    _validate_articles([here / p for p in typed], settings)
    state = _State(
        settings=settings,
        omissions=config.getoption("factcheck_omissions"),
        articles=[(here / p).resolve() for p in typed],
        shown=[_shown_path(p, here) for p in typed],
        report=Path(report).resolve() if report else None,
    )
    config.stash[STATE] = state
    config.pluginmanager.register(_Recorder(state), "factcheck-recorder")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> GoldenFile | None:
    """Collect golden files matching the ``factcheck_goldens`` ini glob."""
    return GoldenFile.from_parent(parent, path=file_path) if _is_golden(parent, file_path) else None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A skip points at the assertion's YAML line; an input error is its one-line message."""
    report = yield
    if isinstance(item, AssertionItem):
        item.locate_skip(report)
        if call.excinfo is not None and isinstance(call.excinfo.value, FactcheckError):
            report.longrepr = f"factcheck: {call.excinfo.value}"  # one line, no traceback
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write the report (controller only) when ``--factcheck-report`` is given."""
    state = session.config.stash.get(STATE, None)
    if state is None or state.report is None or hasattr(session.config, "workerinput"):
        return
    state.written = write_report(state)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Say where the report was written."""
    state = config.stash.get(STATE, None)
    for path in state.written if state else ():
        terminalreporter.write_line(f"factcheck report written to {path}")


# ----------------------------------------------------------------- helpers


class _Recorder:
    """Gathers per-item results from reports (on the xdist controller too: they ride on them)."""

    def __init__(self, state: _State) -> None:
        self.state = state

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Teardown carries the same properties again; a setup that failed is an article
        # that could not be checked, and the report must say so.
        if report.when != "call" and not (report.when == "setup" and report.failed):
            return
        self.state.properties.extend(v for k, v in report.user_properties if k == PROPERTY)


def _is_golden(parent: pytest.Collector, path: Path) -> bool:
    if path.suffix not in {".yaml", ".yml"}:
        return False
    pattern = parent.config.getini(INI_GOLDENS)
    try:
        rel = path.relative_to(parent.config.rootpath).as_posix()
    except ValueError:
        return False
    return any(fnmatch.fnmatch(rel, p) for p in str(pattern).split()) and _has_marker(path)


#: A golden file's own marker: a top-level ``story:`` key (the schema requires it).
_MARKER = re.compile(rb"^story[ \t]*:", re.MULTILINE)


def _has_marker(path: Path) -> bool:
    """Whether ``path`` looks like a golden file, so other YAML in the folder (another
    tool's ``annotations/classes.yaml``) is left alone. A broken golden keeps its
    ``story:`` line, so it is still collected and reported."""
    try:
        with path.open("rb") as fh:
            return _MARKER.search(fh.read(1 << 20)) is not None
    except OSError:
        return False


def _validate_articles(paths: list[Path], settings: Settings) -> None:
    """An unusable ``--factcheck-article`` is a usage error, before any item runs."""
    from factcheck.clean import read_article

    for path in paths:
        try:
            read_article(path, max_bytes=settings.max_article_bytes)
        except FactcheckError as exc:
            raise pytest.UsageError(f"factcheck: --factcheck-article: {exc}") from None


def _shown_path(typed: str, here: Path) -> str:
    """An added article's path relative to the invocation folder when inside it, else as typed."""
    full = Path(os.path.normpath(here / typed))
    return str(full.relative_to(here)) if full.is_relative_to(here) else typed


def _shown_as(result: ArticleResult, path: str) -> ArticleResult:
    """``result`` with its article (and its findings' article) shown as ``path``."""
    verdicts = tuple(
        replace(v, article=path, finding=v.finding and replace(v.finding, article=path))
        for v in result.verdicts
    )
    return replace(result, path=path, verdicts=verdicts)


def _article_label(path: Path) -> str:
    return re.sub(r"[^\w.\-]+", "_", path.name)


# -------------------------------------------------------------- collectors


def _node_id(parent: pytest.Collector, name: str, params: str) -> dict[str, Any]:
    """The structured node id of ``name[params]`` where pytest has one (pytest >= 9.2).

    pytest parses ``--lf``'s stored ids into name + params; an item built from the
    plain name "a[b]" would not compare equal, so it is built the same way.
    """
    parent_id = getattr(parent, "id", None)
    if parent_id is None or not hasattr(parent_id, "child"):
        return {}
    return {"nodeid": parent_id.child(name).with_params(params)}


class GoldenFile(pytest.File):
    """A golden YAML file: one item per assertion x source (and per added article)."""

    def collect(self) -> Iterator[pytest.Item]:
        from factcheck.engine import story_sources
        from factcheck.golden import load_golden

        state = self.config.stash[STATE]
        try:
            golden = load_golden(self.path)
            sources = story_sources(state.settings, golden.story)
            golden = load_golden(self.path, sources=[s.id for s in sources] or None)
        except FactcheckError as exc:
            raise self.CollectError(f"factcheck: {exc}") from exc
        targets: list[tuple[str, str, Source | None]] = [(s.id, s.id, s) for s in sources]
        labels = [_article_label(p) for p in state.articles]
        for i, (shown, label) in enumerate(zip(state.shown, labels, strict=True)):
            if labels.count(label) > 1:  # two new.txt from different folders
                label = f"{label}-{i + 1}"
            targets.append((label, shown, None))
        # Article by article: pytest-xdist hands out runs of neighbouring items, so a
        # worker mostly gets whole articles and checks each article once.
        for label, key, source in targets:
            for assertion in [*golden.assertions, None]:
                name = assertion.id if assertion is not None else CROSS_SOURCE
                yield AssertionItem.from_parent(
                    self,
                    name=f"{name}[{label}]",
                    **_node_id(self, name, label),
                    golden=golden,
                    sources=sources,
                    assertion=assertion,
                    key=key,
                    source=source,
                )


class AssertionItem(pytest.Item):
    """One golden assertion checked against one article."""

    def __init__(
        self,
        *,
        golden: Golden,
        sources: list[Source],
        assertion: Assertion | None,
        key: str,
        source: Source | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.golden = golden
        self.sources = sources
        self.assertion = assertion
        self.key = key
        self.source = source

    def setup(self) -> None:
        """Check the article (once for all its items). An article that cannot be checked
        is an error of each of its items, not a failure, and the report says why."""
        state = self.config.stash[STATE]
        try:
            state.result(self.golden, self.sources, self.key)
        except FactcheckError as exc:
            if state.report is not None:
                error = {
                    "golden": self.golden.path,
                    "story": self.golden.story,
                    "path": state.path_of(self.source, self.key),
                    "source": self.source.id if self.source else None,
                    "new": self.source is None,
                    "error": str(exc),
                }
                self.user_properties.append((PROPERTY, error))
            raise

    def runtest(self) -> None:
        state = self.config.stash[STATE]
        result = state.result(self.golden, self.sources, self.key)
        if self.assertion is None:
            # the article-level rules: verdicts of no golden assertion (cross-source
            # quotes, people described with another country)
            ids = {a.id for a in self.golden.assertions}
            verdicts = [v for v in result.verdicts if v.assertion not in ids]
        else:
            verdicts = [v for v in result.verdicts if v.assertion == self.assertion.id]
        if state.report is not None:  # only the report reads them: no freight otherwise
            for v in verdicts:
                self.user_properties.append((PROPERTY, _as_dict(self.golden, result, v)))
        if self.assertion is not None:
            from factcheck.report import stale_entries

            # Like an unused snapshot: a reviewed excuse for a difference that is gone
            # would silently excuse the next one, so it is said where the item runs.
            for st in stale_entries(self.assertion, result):
                self.warn(StaleKnownWarning(st.describe()))
        outcome(self, verdicts, state.omissions)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, FactcheckFailure):
            return render_failure(excinfo.value.verdicts)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.assertion.line if self.assertion is not None else None
        return self.path, (line - 1 if line else None), self.name

    def locate_skip(self, report: pytest.TestReport) -> None:
        """Point a skip report at the YAML line of the assertion (1-based, as pytest prints it)."""
        path, line, _ = self.reportinfo()
        if report.skipped and line is not None and isinstance(report.longrepr, tuple):
            report.longrepr = (str(path), line + 1, report.longrepr[2])


__all__ = [
    "FactcheckFailure",
    "FactcheckWarning",
    "StaleKnownWarning",
    "render_failure",
    "results_from_properties",
]
