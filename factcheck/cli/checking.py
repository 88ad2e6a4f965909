"""Commands that check and report: check, report, review."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from factcheck.config import Settings
from factcheck.errors import InputError, StoryError


def _check_commands(sub: Any) -> None:
    """check, report, review."""
    # -- check ----------------------------------------------------------------
    p = sub.add_parser(
        "check",
        help="check articles against the story's golden assertions",
        description="Check articles (story sources or new ones) against the golden "
        "assertions. Exit 0 when nothing is found, 1 when there are findings, 2 on a "
        "usage or input error.",
    )
    p.add_argument("articles", nargs="+", type=Path, metavar="ARTICLE")
    p.add_argument("--story", help="story id (default: chosen by overlap, and printed)")
    p.add_argument("--format", choices=("text", "json", "md", "html"), default="text")
    p.add_argument("--output", type=Path, metavar="PATH", help="write here instead of stdout")
    p.set_defaults(handler=_check)

    # -- report ---------------------------------------------------------------
    p = sub.add_parser(
        "report",
        help="write the consistency report (HTML, Markdown, JSON)",
        description="Check every source of a story and write index.html, summary.md and "
        "findings.json into DIR; without --story, every story into DIR/<story>/ and an "
        "index page DIR/index.html.",
    )
    p.add_argument("--story", help="story id (default: every story with a golden file)")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder (default: reports/<story>/ for --story, else reports/ with one "
        "folder per story and index.html)",
    )
    p.set_defaults(handler=_report)

    # -- review ---------------------------------------------------------------
    p = sub.add_parser(
        "review",
        help="record a finding as a reviewed, known discrepancy in the golden file",
        description="Add the assertion's `known` entry for a source (an id or its raw file) to "
        "the story's golden file, keeping the file's comments and layout. The report shows "
        "the command for each finding.",
    )
    p.add_argument("target", metavar="ARTICLE|SOURCE", help="source id or the source's raw file")
    p.add_argument("--assertion", required=True, metavar="ID", help="the assertion's id")
    p.add_argument("--kind", required=True, choices=("contradiction", "misattribution", "omission"))
    p.add_argument("--note", required=True, help="what the source says and why it is accepted")
    p.add_argument("--story", help="story id (default: the story holding the source)")
    p.set_defaults(handler=_review)


# ---------------------------------------------------------------- handlers
# Each handler imports its module lazily so `factcheck --help` stays fast.


def _output_file(path: Path | None, option: str) -> Path | None:
    """Refuse an output path that cannot be written as a file, before any work is done."""
    if path is not None and path.is_dir():
        raise InputError(
            f"{option} names a folder; give a file name, e.g. {path / 'findings.json'}",
            path=str(path),
        )
    if path is not None and path.parent.exists() and not path.parent.is_dir():
        raise InputError(f"{option}: {path.parent} is a file, not a folder", path=str(path))
    return path


def _output_dir(path: Path, option: str) -> Path:
    """Refuse an output folder that is an existing file, before any work is done."""
    for folder in (path, *path.parents):
        if folder.exists() and not folder.is_dir():
            raise InputError(
                f"{option} must be a folder, but {folder} is a file; choose another folder",
                path=str(path),
            )
    return path


def _check(args: argparse.Namespace, settings: Settings) -> int:
    """`factcheck check`: 0 nothing found, 1 findings (reviewed ones do not count)."""
    from factcheck import report
    from factcheck.engine import check_articles, choose_story, load_goldens, story_sources
    from factcheck.golden import load_story_golden
    from factcheck.ingest import cleaned_file, story_title

    _output_file(args.output, "--output")
    paths = [Path(p) for p in args.articles]
    texts = [cleaned_file(settings, p).text for p in paths]  # every article validated first
    story = args.story
    if story is None:
        goldens = load_goldens(settings)
        story, scores = choose_story("\n\n".join(texts), goldens)
        # Always said (docs/cli.md), even with one story: the reader learns which golden
        # file judged the article and that --story exists.
        ranked = ", ".join(f"{s} {v:g}" for s, v in sorted(scores.items(), key=lambda kv: -kv[1]))
        how = "chosen by overlap" if len(goldens) > 1 else "the only story"
        print(f"factcheck: story {story} {how} ({ranked}); --story ID to choose", file=sys.stderr)
    sources = story_sources(settings, story)
    golden = load_story_golden(settings, story, sources=[s.id for s in sources] or None)
    results = check_articles(settings, golden, paths, sources)
    fmt = args.format
    if fmt == "json":
        text = report.findings_json(story, results, golden)
    elif fmt == "text":
        stale = report.stale_known(golden, results)
        width = _text_width() if args.output is None else None
        text = report.render_text(story, results, width=width, stale=stale)
    else:
        render = report.render_markdown if fmt == "md" else report.render_html
        title = story_title(settings, story)
        text = render(story=story, golden=golden, sources=sources, results=results, title=title)
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"factcheck: {fmt} written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 1 if any(not f.known for r in results for f in r.findings) else 0


def _text_width() -> int | None:
    """The terminal's width when stdout is one; None (never wrap, never cut) otherwise."""
    import shutil

    if not sys.stdout.isatty():
        return None
    return max(40, shutil.get_terminal_size().columns)


def _report(args: argparse.Namespace, settings: Settings) -> int:
    """`factcheck report`: one story into DIR (default reports/<story>/), or every story
    with a golden file into reports/<story>/ with reports/index.html over them."""
    from factcheck import report
    from factcheck.engine import check_story, load_goldens
    from factcheck.golden import load_story_golden
    from factcheck.ingest import cleaning_notes, load_manifest, unreported_stories

    root = _output_dir(args.out or settings.reports_dir, "--out")
    stories = [args.story] if args.story else sorted(load_goldens(settings))
    if not stories:
        raise StoryError(f"no golden files in {settings.annotations_dir}; nothing to report")
    inputs = []
    for story in stories:
        manifest = load_manifest(settings, story)
        sources = list(manifest.sources)
        golden = load_story_golden(settings, story, sources=[s.id for s in sources])
        results = check_story(settings, golden, sources)
        cleaning = cleaning_notes(settings, sources)
        inputs.append(
            report.ReportInputs(
                story=story,
                golden=golden,
                sources=sources,
                results=results,
                cleaning=cleaning,
                title=manifest.title,
            )
        )
        stale = report.stale_known(golden, results)
        sys.stdout.write(report.render_text(story, results, width=_text_width(), stale=stale))
    if args.story and args.out is not None:  # the folder asked for, as it is
        written = [report.write_report(root, **inputs[0])["index.html"]]
    elif args.story:  # its folder beside the other stories'; the index is left as it is
        written = [report.write_report(root / args.story, **inputs[0])["index.html"]]
    else:
        written = report.write_reports(
            root, inputs, unreported=unreported_stories(settings, stories)
        )
    for path in written:
        print(f"report written to {path}", file=sys.stdout)
    return 0


def _review(args: argparse.Namespace, settings: Settings) -> int:
    """`factcheck review`: write the finding's `known` entry into the story's golden file."""
    from factcheck.golden import find_golden
    from factcheck.ingest import load_sources
    from factcheck.review import record_known

    story, source = _review_source(settings, args.target, args.story)
    path = find_golden(settings, story)
    ids = [s.id for s in load_sources(settings, story)]
    line = record_known(
        path, assertion=args.assertion, source=source, kind=args.kind, note=args.note, sources=ids
    )
    if line is None:
        print(
            f"{path}: {args.assertion} already records a reviewed {args.kind} for {source}; "
            "edit its note in the file to change it",
            file=sys.stderr,
        )
        return 0
    print(f"{path}:{line}: {args.assertion}: reviewed {args.kind} for {source} recorded")
    return 0


def _review_source(settings: Settings, target: str, story: str | None) -> tuple[str, str]:
    """(story, source id) for ARTICLE|SOURCE: a source's raw file, or a source id; without
    ``story``, the story whose manifest holds it."""
    from factcheck.ingest import list_stories, load_sources, source_path

    stories = [story] if story else list_stories(settings)
    path = Path(target)
    matches = []
    for sid in stories:
        for s in load_sources(settings, sid):
            raw = source_path(settings, s)
            if s.id == target or (path.is_file() and raw.is_file() and raw.samefile(path)):
                matches.append((sid, s.id))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        where = f"story {story!r}" if story else f"the stories ({', '.join(stories) or 'none'})"
        raise InputError(
            f"{target!r} is neither a source id nor a source's file in {where}; a new "
            "article must be added with `factcheck ingest` before its findings can be reviewed"
        )
    raise InputError(
        f"{target!r} is a source of several stories ({', '.join(s for s, _ in matches)}); "
        "choose one with --story"
    )
