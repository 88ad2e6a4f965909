"""Score the check engine on the accuracy corpus (tests/corpus/manifest.yaml).

``evaluate(settings)`` checks every corpus article against tests/corpus/golden.yaml and
returns per-case outcomes and precision/recall per finding kind. An omission that the
untouched copy of the same source also has is the source's own (not the edit's) and is
not counted. Used by tests/test_accuracy.py; run as a script to print the table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).resolve().parent
STORY = "coalition-paris-2026-01-06"
KINDS = ("contradiction", "misattribution", "omission")


@dataclass
class CaseResult:
    file: str
    base: str | None
    expect: list[dict[str, Any]]
    findings: list[Any]
    caught: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    false: list[Any] = field(default_factory=list)


def _hit(f: Any, e: dict[str, Any], ids: bool = True) -> bool:
    if f.kind != e["kind"] or (ids and f.assertion != e["assertion"]):
        return False
    if e.get("evidence") is None:
        return f.evidence is None
    return f.evidence is not None and e["evidence"] in f.evidence.text


def evaluate(
    settings: Any, golden_path: Path | None = None
) -> tuple[list[CaseResult], dict[str, dict[str, float]]]:
    """Score the corpus against ``golden_path`` (default: the corpus golden).

    With another golden (the story's own, say) assertion ids are not compared: a finding
    counts when its kind and evidence sentence are the expected ones.
    """
    from factcheck.clean import clean_text
    from factcheck.engine import check_article, prepare_sources
    from factcheck.golden import load_golden
    from factcheck.ingest import load_sources

    manifest = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
    sources = load_sources(settings, STORY)
    ids = golden_path is None
    golden = load_golden(golden_path or CORPUS / "golden.yaml", sources=[s.id for s in sources])
    others = prepare_sources(settings, sources)
    results = []
    for case in manifest["cases"]:
        path = CORPUS / "articles" / case["file"]
        text = clean_text(path.read_text(encoding="utf-8")).text
        res = check_article(
            golden,
            text,
            path=case["file"],
            coverage=case["coverage"],
            # the copy's own source is left out: the cross-source rule compares with the others
            others=[o for o in others if o.source != case["base"]],
            model=settings.model,
            cache_dir=settings.cache_dir,
        )
        findings = [f for f in res.findings if not f.known]
        results.append(CaseResult(case["file"], case["base"], case["expect"], findings))
    baseline = {
        r.base: {(f.kind, f.assertion) for f in r.findings}
        for r in results
        if r.file.startswith("untouched-")
    }
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for r in results:
        for e in r.expect:
            (r.caught if any(_hit(f, e, ids) for f in r.findings) else r.missed).append(e)
        for f in r.findings:
            if any(_hit(f, e, ids) for e in r.expect):
                continue
            if f.kind == "omission" and (f.kind, f.assertion) in baseline.get(r.base, set()):
                continue
            if r.file.startswith("untouched-") and f.kind == "omission":
                continue  # the seeds' own omissions: real, judged in the golden file
            r.false.append(f)
        for e in r.caught:
            tp[e["kind"]] += 1
        for e in r.missed:
            fn[e["kind"]] += 1
        for f in r.false:
            fp[f.kind] += 1
    table = {}
    for k in KINDS:
        p = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 1.0
        rec = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 1.0
        table[k] = {"tp": tp[k], "fp": fp[k], "fn": fn[k], "precision": p, "recall": rec}
    return results, table


def format_table(table: dict[str, dict[str, float]]) -> str:
    lines = [f"{'kind':<15} {'TP':>3} {'FP':>3} {'FN':>3} {'precision':>9} {'recall':>7}"]
    for k, row in table.items():
        lines.append(
            f"{k:<15} {row['tp']:>3} {row['fp']:>3} {row['fn']:>3} "
            f"{row['precision']:>9.2f} {row['recall']:>7.2f}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    from factcheck.config import load_settings

    golden_arg = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else None
    results, table = evaluate(load_settings(CORPUS), golden_arg)
    for r in results:
        status = "ok" if not r.missed and not r.false else "WRONG"
        print(f"{status:5} {r.file}")
        for e in r.missed:
            print(f"      missed {e['kind']} {e['assertion']}")
        for f in r.false:
            ev = f.evidence.text[:80] if f.evidence else None
            print(f"      false  {f.kind} {f.assertion}: {f.message[:80]} | {ev}")
    print(format_table(table))
