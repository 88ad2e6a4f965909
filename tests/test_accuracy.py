"""Accuracy on the corpus: every edit caught with the right kind and evidence sentence;
untouched copies and faithful paraphrases give no contradiction and no misattribution.

Run with ``-s`` to see the precision/recall table (tests/corpus/evaluate.py prints it too).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.corpus.evaluate import CORPUS, KINDS, evaluate, format_table

MANIFEST = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scored(nlp):
    from factcheck.config import load_settings

    return evaluate(load_settings(Path(__file__).resolve().parent.parent))


def test_corpus_covers_every_edit_kind():
    edits = [c for c in MANIFEST["cases"] if c["expect"]]
    names = " ".join(c["file"] for c in edits)
    for kind in ("wrong-speaker", "number", "actor", "place", "day", "polarity",
                 "quote-words", "removed"):  # fmt: skip
        assert kind in names
    assert sum(c["file"].startswith("untouched-") for c in MANIFEST["cases"]) == 5
    assert any("paraphrase" in c["file"] for c in MANIFEST["cases"])
    assert all((CORPUS / "articles" / c["file"]).is_file() for c in MANIFEST["cases"])


@pytest.mark.parametrize("case", [c["file"] for c in MANIFEST["cases"]])
def test_case(scored, case):
    results, _ = scored
    r = next(r for r in results if r.file == case)
    assert not r.missed, f"edit not caught: {r.missed}; found {[f.message for f in r.findings]}"
    assert not [f.message for f in r.false if f.kind in ("contradiction", "misattribution")]
    assert not r.false


def test_precision_and_recall(scored):
    _, table = scored
    print("\n" + format_table(table))
    assert set(table) == set(KINDS)
    for kind, row in table.items():
        assert row["tp"] > 0, kind
        assert row["recall"] == 1.0, kind
        assert row["precision"] == 1.0, kind


def test_edits_are_caught_with_the_story_golden_too(nlp, repo_root):
    """The same corpus against the story's own golden (annotations/), written independently
    of the engine: assertion ids differ, so kind and evidence sentence are compared."""
    from factcheck.config import load_settings

    golden = repo_root / "annotations" / "coalition-paris-2026-01-06.yaml"
    if not golden.is_file():
        pytest.skip("the story has no golden file yet")
    results, table = evaluate(load_settings(repo_root), golden)
    print("\nwith annotations/: \n" + format_table(table))
    missed = {r.file: r.missed for r in results if r.missed}
    false = {r.file: [f.message for f in r.false] for r in results if r.false}
    assert not missed and not false
