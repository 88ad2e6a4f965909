"""The ``factcheck`` command line: ``main(argv) -> int``.

Exit status: 0 success / nothing found, 1 findings, 2 usage or input error.
Every ``FactcheckError`` (and ``OSError``) becomes one line on stderr; so does an
unexpected exception (a bug), with exit 2: exit 1 is only ever findings.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from factcheck import __version__
from factcheck.config import Settings, load_settings
from factcheck.errors import FactcheckError, InputError, StoryError

Handler = Callable[[argparse.Namespace, Settings], int]


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; keep its messages, one line."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="factcheck",
        description="Check news articles on one story against golden fact assertions.",
    )
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _article_commands(sub)
    _labelstudio_commands(sub)
    _check_commands(sub)
    return parser


# One function per group of commands keeps each a screenful.
def _article_commands(sub: Any) -> None:
    """ingest, clean, extract, quotes."""
    # -- ingest ---------------------------------------------------------------
    p = sub.add_parser(
        "ingest",
        help="add raw articles (text or HTML) to a story",
        description="Copy raw articles into seeds/<story>/, add them to the story's manifest "
        "and report what cleaning removed. Idempotent by content hash: the same bytes "
        "twice give one entry. Raw files are never modified.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="article files")
    p.add_argument("--story", required=True, help="story id, e.g. coalition-paris-2026-01-06")
    p.add_argument("--outlet", help="outlet name for the new sources (default: detected)")
    p.add_argument(
        "--coverage",
        choices=("full", "partial"),
        default="full",
        help="full: the article must carry every required fact (default: full)",
    )
    p.set_defaults(handler=_ingest)

    # -- clean ----------------------------------------------------------------
    p = sub.add_parser(
        "clean",
        help="print the cleaned text of one article",
        description="Print the cleaned text of an article (navigation, disclaimers, "
        "duplicated blocks and trailing unrelated items removed), or with --diff "
        "what cleaning removed and why.",
    )
    p.add_argument("path", type=Path, metavar="PATH", help="article file (text or HTML)")
    p.add_argument("--diff", action="store_true", help="show what was removed, not the text")
    p.set_defaults(handler=_clean)

    # -- extract --------------------------------------------------------------
    p = sub.add_parser(
        "extract",
        help="candidate facts from spaCy (the Label Studio pre-annotations)",
        description="List candidate atomic facts (quotes with speakers, numbers with what "
        "they count, entities) found by spaCy in a story's sources.",
    )
    p.add_argument("--story", required=True, help="story id")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=_extract)

    # -- quotes ---------------------------------------------------------------
    p = sub.add_parser(
        "quotes",
        help="quotations with their speakers",
        description="List every quotation of the articles (cleaned text) with its character "
        "offsets, the source as the article names it, the resolved speaker and the cue verb.",
    )
    p.add_argument("articles", nargs="+", type=Path, metavar="ARTICLE", help="article files")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=_quotes)


def _labelstudio_commands(sub: Any) -> None:
    """labelstudio push | pull | serve | install | token."""
    # -- labelstudio ----------------------------------------------------------
    p = sub.add_parser(
        "labelstudio",
        help="a local Label Studio; push sources to / pull annotations from it",
        description="Round trip with a Label Studio server. push and pull connect with "
        "LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY from the environment (the key is never "
        "printed or stored); serve starts a local server and pushes the story.",
    )
    lsub = p.add_subparsers(dest="ls_command", metavar="ACTION", required=True)
    lp = lsub.add_parser("push", help="create/update the story's project and tasks")
    lp.add_argument("--story", required=True, help="story id")
    lp.set_defaults(handler=_ls_push)
    lp = lsub.add_parser("pull", help="merge annotations into annotations/<story>.yaml")
    lp.add_argument("--story", required=True, help="story id")
    lp.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    lp.set_defaults(handler=_ls_pull)
    lp = lsub.add_parser(
        "serve",
        help="start a local Label Studio for annotators, with the story pushed",
        description="Install label-studio if needed (its own venv), start it on 127.0.0.1, "
        "push the story and print how to log in; Ctrl-C stops it (the data stays).",
    )
    lp.add_argument("--story", required=True, help="story id")
    lp.add_argument("--port", type=int, default=None, help="default: 8080 if free")
    lp.add_argument("--data-dir", type=Path, default=None, help="default: .labelstudio/data")
    lp.set_defaults(handler=_ls_serve)
    lp = lsub.add_parser(
        "install",
        help="install label-studio into its own venv and build its data template",
        description="Create .labelstudio/venv (or $FACTCHECK_LABELSTUDIO_HOME/venv) with "
        "label-studio and the initialised data template every server starts from.",
    )
    lp.set_defaults(handler=_ls_install)
    lp = lsub.add_parser(
        "token",
        help="print the local admin's API token (for LABEL_STUDIO_API_KEY=$(...))",
    )
    lp.add_argument("--data-dir", type=Path, default=None, help="default: .labelstudio/data")
    lp.set_defaults(handler=_ls_token)


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


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from factcheck.ingest import ingest_command

    return ingest_command(
        settings, args.story, args.paths, outlet=args.outlet, coverage=args.coverage, out=sys.stdout
    )


def _clean(args: argparse.Namespace, settings: Settings) -> int:
    from factcheck.ingest import clean_command

    return clean_command(settings, args.path, diff=args.diff, out=sys.stdout)


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    from factcheck.labelstudio.preannotate import extract, render_candidates

    found = extract(settings, args.story)
    sys.stdout.write(render_candidates(args.story, found, args.format))
    return 0


def _quotes(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from factcheck import nlp
    from factcheck.ingest import cleaned_file

    # Read every article first: a bad one is an error before anything is printed.
    texts = [cleaned_file(settings, path).text for path in args.articles]
    docs = nlp.parse(texts, model=settings.model, cache_dir=settings.cache_dir)
    found = [(str(path), nlp.quotes(doc)) for path, doc in zip(args.articles, docs, strict=True)]
    if args.format == "json":
        doc_out = {
            "articles": [
                {
                    "path": path,
                    "quotes": [
                        {
                            "start": q.start,
                            "end": q.end,
                            "text": q.text,
                            "source": q.mention,
                            "source_span": list(q.source) if q.source else None,
                            "speaker": q.speaker,
                            "verb": q.verb,
                        }
                        for q in quotes
                    ],
                }
                for path, quotes in found
            ]
        }
        json.dump(doc_out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for path, quotes in found:
        print(f"{path}: {len(quotes)} quotations")
        for q in quotes:
            words = " ".join(q.text.split())
            short = words if len(words) <= 70 else words[:67] + "..."
            print(f'  [{q.start}:{q.end}] "{short}"')
            who = f"source: {q.mention or '-'}  speaker: {q.speaker or '-'}"
            print(f"      {who}  verb: {q.verb or '-'}")
    return 0


def _ls_push(args: argparse.Namespace, settings: Settings) -> int:
    from factcheck.labelstudio import connect, push

    print(push(settings, args.story, connect()).summary())
    return 0


def _ls_pull(args: argparse.Namespace, settings: Settings) -> int:
    from factcheck.labelstudio import connect, pull

    result = pull(settings, args.story, connect(), dry_run=args.dry_run)
    if result.diff:
        sys.stdout.write(result.diff)
    print(result.summary())
    return 0


def _ls_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Start a local server for annotators, push the story, print how to log in."""
    import signal
    import time

    from factcheck.labelstudio import connect, push, server

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # nox, CI and `kill` send SIGTERM (a background job may ignore SIGINT): stop the
    # server through the same path as Ctrl-C, so it never outlives us.
    signal.signal(signal.SIGTERM, interrupt)
    with server.launch(settings, data_dir=args.data_dir, port=args.port) as ls:
        result = push(settings, args.story, connect(ls.url, ls.token))
        admin = ls.users[0]
        print(result.summary())
        print(
            f"\nLabel Studio is ready: {ls.url}/projects/{result.project}/data\n"
            f"  log in as {admin.email} with password {admin.password}\n"
            f"  (other accounts: {ls.data_dir / server.CREDENTIALS})\n"
            "For `factcheck labelstudio pull` in another shell:\n"
            f"  export LABEL_STUDIO_URL={ls.url}\n"
            "  export LABEL_STUDIO_API_KEY=$(factcheck labelstudio token "
            f"--data-dir {ls.data_dir})\n"
            "Press Ctrl-C to stop the server (the data stays in its folder).",
            flush=True,
        )
        try:
            while ls.alive():
                time.sleep(1)
        except KeyboardInterrupt:
            print("stopping Label Studio ...", flush=True)
        if not ls.alive() and ls.process.returncode not in (0, -signal.SIGTERM):
            print(f"label-studio exited; last lines of {ls.log}:\n{server.tail(ls.log)}")
            return 1
    return 0


def _ls_install(args: argparse.Namespace, settings: Settings) -> int:
    from factcheck.labelstudio import server

    home = server.ls_home(settings)
    binary = server.install(home)
    template = server.ensure_template(home, binary)
    print(f"label-studio {server.installed_version(binary)}: {binary}; template {template}")
    return 0


def _ls_token(args: argparse.Namespace, settings: Settings) -> int:
    from factcheck.labelstudio import server

    # Goes to the pipe of `$(...)`, never to a log.
    data_dir = args.data_dir or server.ls_home(settings) / "data"
    sys.stdout.write(server.load_users(data_dir)[0].token)
    return 0


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


# -------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        return int(args.handler(args, settings))
    except FactcheckError as exc:
        print(f"factcheck: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("factcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a full disk, a permission, a path that is not what it seems
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"factcheck: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        # Exit 1 means findings, so a bug must not exit 1 with a traceback.
        if os.environ.get("FACTCHECK_DEBUG"):
            import traceback

            traceback.print_exc()
        print(
            f"factcheck: internal error: {type(exc).__name__}: {str(exc)[:300]}; this is a "
            "bug, please report it (FACTCHECK_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 2


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
