"""Quality and speed on independently written articles (the measure that counts).

``python -m benchmarks.evalsets [--out reports/evalsets.json]``

Every evaluation set found is checked: ``../shared/eval/<story>/dev/`` (the shared
development sets, when present beside the work tree) and
``tests/corpus/independent/<story>/`` (articles written for this project by someone
who never saw the engine). Each set is a folder of articles and an ``expected.yaml``
(format: ``../shared/eval/README.md``). Scoring follows that README: an expected
contradiction or misattribution is caught by a finding of its kind whose evidence
sentence is the expected one (fuzzy ratio >= 80); an expected omission by an omission
whose statement or message has one of its keywords. Any other contradiction or
misattribution is a false alarm, and so is an omission of a fact listed as ``present``.

Speed: the check over the set with a cold cache against a bare ``nlp.pipe`` over the
same texts, in the same process after the model is loaded (both stream the texts once;
the check also loads WordNet and reads the story's sources).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

STRICT = ("contradiction", "misattribution")
KINDS = ("contradiction", "misattribution", "omission")


def find_sets(root: Path) -> list[tuple[str, str, Path]]:
    """(name, story, folder) of every evaluation set beside or inside the work tree."""
    out = []
    shared = root.parent / "shared" / "eval"
    for expected in sorted(shared.glob("*/dev/expected.yaml")):
        story = expected.parent.parent.name
        out.append((f"{story} dev (shared)", story, expected.parent))
    for expected in sorted((root / "tests/corpus/independent").glob("*/expected.yaml")):
        name = story = expected.parent.name
        # a further set of a story lives in "<story>-b", "<story>-c"...
        base = story.rsplit("-", 1)[0]
        if (
            not (root / "annotations" / f"{story}.yaml").exists()
            and (root / "annotations" / f"{base}.yaml").exists()
        ):
            story = base
        out.append((f"{name} independent (tests/corpus)", story, expected.parent))
    return out


def _norm(s: str | None) -> str:
    s = (s or "").replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    return re.sub(r"\s+", " ", s).strip().lower()


def score(expected: dict[str, Any], results: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Caught, wanted and false alarms per kind, with the misses and false alarms listed."""
    caught: Counter[str] = Counter()
    wanted: Counter[str] = Counter()
    missed, false = [], []
    for name, exp in expected.items():
        got = results.get(name, [])
        used: set[int] = set()
        for e in exp.get("findings", []):
            wanted[e["kind"]] += 1
            hit = None
            for i, f in enumerate(got):
                if f["kind"] != e["kind"] or i in used:
                    continue
                if e["kind"] == "omission":
                    text = _norm(f.get("statement")) + " " + _norm(f.get("message"))
                    if any(w in text for w in e.get("about", [])):
                        hit = i
                        break
                elif (
                    fuzz.partial_ratio(
                        _norm(e["sentence"]), _norm((f.get("evidence") or {}).get("text"))
                    )
                    >= 80
                ):
                    hit = i
                    break
            if hit is None:
                missed.append(f"{name}: {e['kind']} {e.get('sentence') or e.get('about')}")
            else:
                used.add(hit)
                caught[e["kind"]] += 1
        present = set(exp.get("present", []))
        for i, f in enumerate(got):
            if i in used:
                continue
            if f["kind"] in STRICT or (f["kind"] == "omission" and f["assertion"] in present):
                false.append(f"{name}: {f['kind']} {f['assertion']}: {f['message'][:80]}")
    return {
        "caught": sum(caught.values()),
        "wanted": sum(wanted.values()),
        "by_kind": {k: [caught[k], wanted[k]] for k in KINDS if wanted[k]},
        "false_alarms": len(false),
        "articles": len(expected),
        "missed": missed,
        "false": false,
    }


def measure(name: str, story: str, folder: Path) -> dict[str, Any]:
    """Check one set (cold cache) and parse it bare; score the findings."""
    from factcheck import nlp
    from factcheck.config import load_settings
    from factcheck.engine import check_articles, story_sources
    from factcheck.golden import load_story_golden
    from factcheck.ingest import cleaned_file, cleaned_source
    from factcheck.lexicon import wordnet
    from factcheck.lexicon.speech import speech_verbs
    from factcheck.report import findings_json

    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    paths = sorted(p for p in folder.glob("*.txt") if p.name in expected)
    with tempfile.TemporaryDirectory(prefix="factcheck-evalsets-") as cache:
        settings = replace(load_settings(), cache_dir=Path(cache))
        sources = story_sources(settings, story)
        # what the check parses: the articles and the story's sources (the cross-source rule)
        texts = [cleaned_file(settings, p).text for p in paths]
        texts += [cleaned_source(settings, s).text for s in sources]
        words = sum(len(t.split()) for t in texts)
        pipe = nlp.load_pipeline(settings.model)
        t0 = time.perf_counter()
        wordnet()  # loaded once per process, like the model: not part of either run
        speech_verbs()
        lexicon_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _doc in pipe.pipe(texts, batch_size=32):
            pass
        parse_s = time.perf_counter() - t0
        golden = load_story_golden(settings, story, sources=[s.id for s in sources] or None)
        t0 = time.perf_counter()
        results = check_articles(settings, golden, paths, sources)
        check_s = time.perf_counter() - t0
    doc = json.loads(findings_json(story, results))
    found = {Path(a["path"]).name: a["findings"] for a in doc["articles"]}
    return {
        "set": name,
        "story": story,
        **score(expected, found),
        "words": words,
        "check_words_per_s": words / check_s,
        "parse_words_per_s": words / parse_s,
        "check_vs_parse": check_s / parse_s,
        "lexicon_load_s": lexicon_s,
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Independent articles (eval sets)")
    columns = ("set", "caught", "false alarms", "per article", "check w/s", "parse w/s",
               "check / parse")  # fmt: skip
    for col in columns:
        table.add_column(col, justify="left" if col == "set" else "right")
    for r in rows:
        kinds = ", ".join(f"{k} {c}/{w}" for k, (c, w) in r["by_kind"].items())
        table.add_row(
            r["set"], f"{r['caught']}/{r['wanted']} ({kinds})", str(r["false_alarms"]),
            f"{r['false_alarms'] / max(1, r['articles']):.2f}",
            f"{r['check_words_per_s']:,.0f}", f"{r['parse_words_per_s']:,.0f}",
            f"{r['check_vs_parse']:.2f}",
        )  # fmt: skip
    console = Console()
    console.print(table)
    for r in rows:
        for line in r["missed"]:
            console.print(f"  [red]missed[/red] {r['set']}: {line}", highlight=False)
        for line in r["false"]:
            console.print(f"  [yellow]false alarm[/yellow] {r['set']}: {line}", highlight=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.evalsets",
                                     description=__doc__.split("\n")[0])  # fmt: skip
    parser.add_argument("--out", default="reports/evalsets.json", help="JSON report path")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    sets = find_sets(root)
    if not sets:
        print("evalsets: no evaluation set found", file=sys.stderr)
        return 2
    goldens = {p.stem for p in (root / "annotations").glob("*.yaml")}
    skipped = [name for name, story, _ in sets if story not in goldens]
    for name in skipped:
        print(f"evalsets: {name}: the story has no golden file yet, skipped", file=sys.stderr)
    rows = [measure(*s) for s in sets if s[1] in goldens]
    print_table(rows)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
