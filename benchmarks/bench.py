"""`nox -s bench`: speed, scale and measured quality of the check engine.

``python -m benchmarks.bench [--seed N] [--articles 200] [--big 2000] [--out reports/bench.json]``

1. Builds a corpus from the story's cleaned sources with ``benchmarks.mutate``: untouched
   copies, single known edits of every kind, faithful paraphrases; written to a temporary
   folder with a manifest.
2. Measures, each in a fresh subprocess (so peak RSS and caches are honest):
   ``factcheck check`` over the corpus with a cold cache; a bare ``nlp.pipe`` over the same
   texts; the check again with a warm cache, unchanged and with one article changed; the
   check over ``--big`` articles (peak RSS); the pytest plugin with ``-n 2`` and ``-n 0``.
3. Scores the cold run against the manifest (precision and recall per finding kind,
   speaker accuracy), prints rich tables and writes everything to ``--out``.

Scoring: a finding the edit must give is a true positive, its absence a false negative.
Findings on other assertions carried by the edited sentence are ``allowed`` (not counted);
findings an edited copy shares with its untouched source are counted once, on the
untouched copy. Every other finding is a false positive.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from factcheck.model import FINDING_KINDS

#: Targets of the bench issue (measured, not asserted by tests).
TARGETS = {
    "recall": 1.0,
    "precision": 0.95,
    "speaker_accuracy": 0.97,
    "cold_vs_pipe": 1.0,
    "warm_speedup": 20.0,
}
FOUND = {"supported", "contradicted", "misattributed"}


# ------------------------------------------------------------------- corpus


def _story(settings: Any, story: str | None) -> str:
    from factcheck.engine import load_goldens
    from factcheck.errors import StoryError

    if story:
        return story
    stories = sorted(load_goldens(settings))
    if len(stories) != 1:
        raise StoryError(f"pass --story: golden files for {', '.join(stories) or 'no story'}")
    return stories[0]


def build(
    settings: Any, story: str, *, seed: int, n: int, folder: Path, paraphrase_dir: Path | None
) -> list[dict[str, Any]]:
    """Write ``n`` generated articles and ``manifest.json`` into ``folder``."""
    from benchmarks.mutate import build_corpus
    from factcheck.clean import clean_text
    from factcheck.golden import load_story_golden
    from factcheck.ingest import cleaned_source, load_sources

    sources = load_sources(settings, story)
    golden = load_story_golden(settings, story, sources=[s.id for s in sources])
    texts = {s.id: cleaned_source(settings, s).text for s in sources}
    coverage = {s.id: s.coverage for s in sources}
    outside = {}
    if paraphrase_dir is not None and paraphrase_dir.is_dir():
        for p in sorted(paraphrase_dir.glob("*.txt")):
            outside[p.stem] = clean_text(p.read_text(encoding="utf-8")).text
    mutants = build_corpus(golden, texts, coverage, seed=seed, n=n, paraphrases=outside)
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    manifest = []
    for m in mutants:
        path = folder / "articles" / f"{m.name}.txt"
        path.write_text(m.text, encoding="utf-8")
        # reviewed discrepancies of the copied source: `factcheck check` sees a new article
        # and cannot know them, so the scorer does
        known = sorted({(k.kind, a.id) for a in golden.assertions for k in a.known
                        if k.source == m.base})  # fmt: skip
        manifest.append({**m.to_json(), "known": known, "path": str(path)})
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


# ------------------------------------------------------------------ workers


def _rss_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def _worker(mode: str, corpus: Path, cache: Path, story: str, out: Path, light: bool) -> None:
    """One measured run in this process: ``check`` or ``pipe`` over the corpus."""
    from factcheck import nlp
    from factcheck.config import load_settings
    from factcheck.golden import load_story_golden
    from factcheck.ingest import cleaned_file, cleaned_source, load_sources

    settings = replace(load_settings(), cache_dir=cache)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    paths = [Path(m["path"]) for m in manifest]
    sources = load_sources(settings, story)
    t0 = time.perf_counter()
    pipe = nlp.load_pipeline(settings.model)
    load_s = time.perf_counter() - t0
    rss_loaded = _rss_mb()
    record: dict[str, Any] = {"mode": mode, "load_s": load_s, "rss_loaded_mb": rss_loaded}
    if mode in ("pipe", "pipe-distinct"):
        # the same text the check parses: cleaned articles and the story's sources
        texts = [cleaned_file(settings, p).text for p in paths]
        texts += [cleaned_source(settings, s).text for s in sources]
        record["words"] = sum(len(t.split()) for t in texts)
        if mode == "pipe-distinct":
            # each distinct paragraph once, as the engine parses (edited copies share most)
            texts = list(dict.fromkeys(p for t in texts for p in t.split("\n\n")))
            record["distinct_words"] = sum(len(t.split()) for t in texts)
        t0 = time.perf_counter()
        n_docs = 0
        for _doc in pipe.pipe(texts, batch_size=32):
            n_docs += 1  # streamed: no doc is kept
        record.update(wall_s=time.perf_counter() - t0, docs=n_docs)
    else:
        from factcheck.engine import check_articles

        golden = load_story_golden(settings, story, sources=[s.id for s in sources])
        t0 = time.perf_counter()
        results = check_articles(settings, golden, paths, sources)
        record["wall_s"] = time.perf_counter() - t0
        texts = [cleaned_file(settings, p).text for p in paths]
        texts += [cleaned_source(settings, s).text for s in sources]
        record["words"] = sum(len(t.split()) for t in texts)
        kinds = {a.id: a.kind for a in golden.assertions}
        record["results"] = (
            [
                {
                    "path": r.path,
                    "findings": [
                        {
                            "kind": f.kind,
                            "assertion": f.assertion,
                            "message": f.message,
                            "evidence": f.evidence.text if f.evidence else None,
                        }
                        for f in r.findings
                        if not f.known
                    ],
                    "quotes": {
                        v.assertion: [v.status.value, v.reason]
                        for v in r.verdicts
                        if kinds.get(v.assertion) == "quote"
                    },
                    # the engine's sentence for each fact it found: why an edit went unseen
                    "status": {v.assertion: v.status.value for v in r.verdicts},
                    "evidence": {
                        v.assertion: v.evidence.text[:300]
                        for v in r.verdicts
                        if v.evidence is not None and v.status.value != "not_covered"
                    },
                }
                for r in results
                if r.new
            ]
            if not light
            else []
        )
    record["rss_peak_mb"] = _rss_mb()
    out.write_text(json.dumps(record), encoding="utf-8")


def _run_worker(
    mode: str, corpus: Path, cache: Path, story: str, *, light: bool = False
) -> dict[str, Any]:
    out = corpus / f"worker-{mode}-{time.monotonic_ns()}.json"
    cmd = [sys.executable, "-m", "benchmarks.bench", "--worker", mode, "--corpus", str(corpus),
           "--cache", str(cache), "--story", story, "--worker-out", str(out)]  # fmt: skip
    cmd += ["--light"] if light else []
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    record = json.loads(out.read_text(encoding="utf-8"))
    record["process_s"] = time.perf_counter() - t0
    return record


def _run_plugin(
    settings: Any, story: str, paths: Sequence[str], workers: int, cache: Path
) -> dict[str, Any]:
    from factcheck.golden import find_golden

    golden = find_golden(settings, story)
    cmd = [sys.executable, "-m", "pytest", str(golden), "-q", "-p", "no:cacheprovider",
           "-o", "addopts=", "-n", str(workers), "--factcheck-omissions=error"]  # fmt: skip
    cmd += [f"--factcheck-article={p}" for p in paths]
    env = {**os.environ, "FACTCHECK_CACHE_DIR": str(cache)}
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=settings.root, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    tail = proc.stdout.strip().splitlines()[-1:] if proc.stdout.strip() else []
    return {"workers": workers, "wall_s": wall, "rc": proc.returncode,
            "summary": tail[0] if tail else proc.stderr[-300:]}  # fmt: skip


# ------------------------------------------------------------------ scoring


def score(manifest: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision/recall per finding kind, speaker accuracy, recall per edit kind, failures."""
    by_path = {r["path"]: r for r in results}
    baseline: dict[str, set[tuple[str, str]]] = {}
    base_status: dict[str, dict[str, str]] = {}
    for m in manifest:
        if m["edit"] == "untouched":
            r = by_path[m["path"]]
            baseline[m["base"]] = {(f["kind"], f["assertion"]) for f in r["findings"]}
            base_status[m["base"]] = r["status"]
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    by_edit: dict[str, Counter[str]] = {}
    missed: list[dict[str, Any]] = []
    false: list[dict[str, Any]] = []
    allowed_n = 0
    quotes_found = quotes_right = quotes_unstated = 0
    for m in manifest:
        r = by_path[m["path"]]
        expect = {tuple(e) for e in m["expect"]}
        allowed = {tuple(e) for e in m["allowed"]}
        got = {(f["kind"], f["assertion"]) for f in r["findings"]}
        row = by_edit.setdefault(m["edit"], Counter())
        row["articles"] += 1
        for kind, aid in sorted(expect):
            if (kind, aid) in got:
                tp[kind] += 1
                row["caught"] += 1
            else:
                fn[kind] += 1
                row["missed"] += 1
                missed.append({"article": m["name"], "edit": m["edit"], "note": m["note"],
                               "expected": [kind, aid], "status": r["status"].get(aid),
                               "status_untouched": base_status.get(m["base"], {}).get(aid),
                               "sentence": m.get("context", ""),
                               "engine_evidence": r["evidence"].get(aid),
                               "before": m["before"], "after": m["after"]})  # fmt: skip
        inherited = baseline.get(m["base"], set()) if m["edit"] != "untouched" else set()
        known = {tuple(k) for k in m.get("known", ())}
        for f in r["findings"]:
            key = (f["kind"], f["assertion"])
            if key in expect:
                continue
            if key in known:
                continue  # reviewed in the golden file for the copied source
            if f["kind"] == "omission" and m["coverage"] != "full":
                continue  # `factcheck check` takes every new article as full coverage
            if key in allowed:
                allowed_n += 1
                continue
            if key in inherited:
                continue
            fp[f["kind"]] += 1
            row["false"] += 1
            false.append({"article": m["name"], "edit": m["edit"], "note": m["note"], **f})
        for aid, (status, reason) in r["quotes"].items():
            if status not in FOUND or ("misattribution", aid) in allowed | known:
                continue  # a speaker the edit may have changed, or a reviewed one
            quotes_found += 1
            should = ("misattribution", aid) in expect
            quotes_right += (status == "misattributed") == should
            quotes_unstated += "speaker not stated" in reason
    kinds = {}
    for k in FINDING_KINDS:
        p = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 1.0
        rec = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 1.0
        kinds[k] = {"tp": tp[k], "fp": fp[k], "fn": fn[k], "precision": p, "recall": rec}
    return {
        "kinds": kinds,
        "speaker": {
            "quotes_found": quotes_found,
            "resolved_right": quotes_right,
            "speaker_not_stated": quotes_unstated,
            "accuracy": quotes_right / quotes_found if quotes_found else 1.0,
        },
        "by_edit": {k: dict(v) for k, v in sorted(by_edit.items())},
        "allowed_findings": allowed_n,
        "missed": missed,
        "false": false,
    }


# ------------------------------------------------------------------- output


def _print(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    q = report["quality"]
    t = Table(title=f"quality on {report['articles']} generated articles (seed {report['seed']})")
    for col in ("kind", "TP", "FP", "FN", "precision", "recall"):
        t.add_column(col, justify="left" if col == "kind" else "right")
    for k, row in q["kinds"].items():
        t.add_row(k, str(row["tp"]), str(row["fp"]), str(row["fn"]),
                  f"{row['precision']:.3f}", f"{row['recall']:.3f}")  # fmt: skip
    sp = q["speaker"]
    t.add_row("speaker accuracy", str(sp["resolved_right"]), "", str(sp["quotes_found"] -
              sp["resolved_right"]), f"{sp['accuracy']:.3f}", "")  # fmt: skip
    console.print(t)
    e = Table(title="by edit kind")
    for col in ("edit", "articles", "caught", "missed", "false"):
        e.add_column(col, justify="left" if col == "edit" else "right")
    for k, row in q["by_edit"].items():
        e.add_row(k, *(str(row.get(c, 0)) for c in ("articles", "caught", "missed", "false")))
    console.print(e)
    s = report["speed"]
    sp_t = Table(
        title=f"speed ({report['machine']['cores']} cores, model {report['machine']['model']})"
    )
    for col in ("run", "words", "seconds", "words/s", "note"):
        sp_t.add_column(col, justify="left" if col in ("run", "note") else "right")
    for name, row in s["runs"].items():
        sp_t.add_row(name, f"{row['words']:,}", f"{row['wall_s']:.2f}",
                     f"{row['words'] / row['wall_s']:,.0f}" if row["wall_s"] else "-",
                     row.get("note", ""))  # fmt: skip
    console.print(sp_t)
    r = s["ratios"]
    console.print(
        f"cold check / bare nlp.pipe: {r['cold_vs_pipe']:.2f}x (target >= 1.0x), "
        f"/ nlp.pipe of distinct paragraphs: {r['cold_vs_pipe_distinct_paragraphs']:.2f}x; "
        f"warm unchanged speedup: {r['warm_speedup']:.1f}x (target >= 20x); "
        f"warm one changed speedup: {r['warm_one_changed_speedup']:.1f}x"
    )
    m = Table(title="peak RSS (MiB)")
    for col in ("run", "articles", "after model load", "peak"):
        m.add_column(col, justify="left" if col == "run" else "right")
    for name, row in report["memory"].items():
        m.add_row(name, str(row["articles"]), f"{row['rss_loaded_mb']:.0f}",
                  f"{row['rss_peak_mb']:.0f}")  # fmt: skip
    console.print(m)
    if report.get("plugin"):
        p = Table(title="pytest plugin over the corpus")
        for col in ("workers", "articles", "wall s", "summary"):
            p.add_column(col, justify="left" if col == "summary" else "right")
        for row in report["plugin"]:
            p.add_row(str(row["workers"]), str(row["articles"]), f"{row['wall_s']:.1f}",
                      row["summary"])  # fmt: skip
        console.print(p)
    if q["missed"] or q["false"]:
        console.print(f"{len(q['missed'])} missed, {len(q['false'])} false findings: "
                      f"see {report['out']}")  # fmt: skip


# --------------------------------------------------------------------- main


def _git(root: Path) -> dict[str, Any]:
    """The commit measured and the files that differed from it (runs compare only so)."""
    try:

        def git(*args: str) -> str:
            return subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, check=True
            ).stdout

        head = git("rev-parse", "HEAD").strip()
        dirty = git("status", "--porcelain", "--", "factcheck").split("\n")
    except (OSError, subprocess.CalledProcessError):
        return {}
    return {"commit": head, "dirty": [line[3:] for line in dirty if line.strip()]}


def _model(settings: Any) -> str:
    from factcheck.nlp import model_name

    name = model_name(settings.model)
    try:
        from importlib.metadata import version

        return f"{name} {version(name)}"
    except Exception:
        return name


def run(args: argparse.Namespace) -> dict[str, Any]:
    """The whole bench; returns the report written to ``args.out``."""
    from factcheck.config import load_settings

    settings = load_settings()
    story = _story(settings, args.story)
    git = _git(settings.root)  # the code measured: taken before the runs start
    work = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    try:
        para = Path(args.paraphrases) if args.paraphrases else None
        if para is None and (settings.root / "tests/corpus/paraphrases").is_dir():
            para = settings.root / "tests/corpus/paraphrases"
        corpus = work / "corpus"
        t0 = time.perf_counter()
        manifest = build(settings, story, seed=args.seed, n=args.articles, folder=corpus,
                         paraphrase_dir=para)  # fmt: skip
        build_s = time.perf_counter() - t0
        cache = work / "cache"
        cold = _run_worker("check", corpus, cache, story)
        pipe = _run_worker("pipe", corpus, work / "cache-pipe", story)
        distinct = _run_worker("pipe-distinct", corpus, work / "cache-pipe", story)
        warm = _run_worker("check", corpus, cache, story)
        # one article changed: a word of its last paragraph, so one parse is new
        changed = Path(manifest[0]["path"])
        text = changed.read_text(encoding="utf-8")
        changed.write_text(text.rstrip() + " The talks ended late.\n", encoding="utf-8")
        warm_one = _run_worker("check", corpus, cache, story)
        changed.write_text(text, encoding="utf-8")
        memory = {
            "check": {"articles": len(manifest), **_mem(cold)},
            "bare nlp.pipe": {"articles": len(manifest), **_mem(pipe)},
        }
        if args.big:
            big = work / "big"
            build(settings, story, seed=args.seed, n=args.big, folder=big, paraphrase_dir=para)
            big_run = _run_worker("check", big, work / "cache-big", story, light=True)
            memory["check (big)"] = {"articles": args.big, **_mem(big_run)}
        plugin = []
        n_plugin = len(manifest) if args.plugin_articles is None else args.plugin_articles
        if n_plugin:
            paths = [m["path"] for m in manifest[:n_plugin]]
            for workers in (2, 0):
                row = _run_plugin(settings, story, paths, workers, work / f"cache-plugin-{workers}")
                plugin.append({"articles": len(paths), **row})
        quality = score(manifest, cold["results"])
        runs = {
            "check, cold cache": _speed(cold),
            "bare nlp.pipe": _speed(pipe),
            "bare nlp.pipe, distinct paragraphs": {
                **_speed(distinct),
                "note": f"{distinct['distinct_words']:,} distinct words",
            },
            "check, warm, unchanged": _speed(warm),
            "check, warm, one changed": _speed(warm_one),
        }
        if args.big:
            runs[f"check, cold, {args.big} articles"] = _speed(big_run)
        report = {
            "story": story,
            "seed": args.seed,
            "articles": len(manifest),
            "out": str(args.out),
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {
                "cores": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "model": _model(settings),
                "load_s": cold["load_s"],
                "git": git,
                "load_average": os.getloadavg(),
            },
            "build_s": build_s,
            "quality": quality,
            "targets": TARGETS,
            "speed": {
                "runs": runs,
                "ratios": {
                    "cold_vs_pipe": (cold["words"] / cold["wall_s"])
                    / (pipe["words"] / pipe["wall_s"]),
                    "cold_vs_pipe_distinct_paragraphs": distinct["wall_s"] / cold["wall_s"],
                    "warm_speedup": cold["wall_s"] / warm["wall_s"],
                    "warm_one_changed_speedup": cold["wall_s"] / warm_one["wall_s"],
                },
            },
            "memory": memory,
            "plugin": plugin,
            "corpus": [{k: v for k, v in m.items() if k != "path"} for m in manifest],
        }
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"bench: work folder kept at {work}", file=sys.stderr)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return report


def _mem(rec: dict[str, Any]) -> dict[str, float]:
    return {"rss_loaded_mb": rec["rss_loaded_mb"], "rss_peak_mb": rec["rss_peak_mb"]}


def _speed(rec: dict[str, Any]) -> dict[str, Any]:
    return {"words": rec["words"], "wall_s": rec["wall_s"], "load_s": rec["load_s"]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--articles", type=int, default=200, help="corpus size (default 200)")
    parser.add_argument(
        "--big",
        type=int,
        default=2000,
        help="articles of the peak-RSS scale run; 0 skips it (default 2000)",
    )
    parser.add_argument(
        "--plugin-articles",
        type=int,
        default=None,
        help="articles for the pytest-plugin runs; 0 skips them (default: all)",
    )
    parser.add_argument("--story", default=None, help="story id (default: the only golden)")
    parser.add_argument(
        "--paraphrases",
        default=None,
        help="folder of outside faithful paraphrases (default tests/corpus/paraphrases)",
    )
    parser.add_argument("--out", default="reports/bench.json", help="JSON results file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument(
        "--worker", choices=("check", "pipe", "pipe-distinct"), help=argparse.SUPPRESS
    )
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", help=argparse.SUPPRESS)
    parser.add_argument("--light", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)  # fmt: skip
    if args.worker:
        _worker(
            args.worker,
            Path(args.corpus),
            Path(args.cache),
            args.story,
            Path(args.worker_out),
            args.light,
        )
        return 0
    report = run(args)
    _print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
