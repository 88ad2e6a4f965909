"""Commands on articles and a story's sources: ingest, clean, extract, quotes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from factcheck.config import Settings


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
