"""How much of an annotator's labelling the pre-annotations already held.

``python -m benchmarks.preannotations [--out reports/preannotations.json]``

For every story with a recorded annotation session (``tests/sessions/<story>.yaml``, the
labelling the story's golden file was pulled from): today's pre-annotations
(``factcheck extract``, as ``labelstudio push`` uploads them) against the session's final
regions, per label: regions a pre-annotation had exactly (label and span: the annotator
kept it), and regions a pre-annotation of that label overlapped (the annotator moved its
ends). No server is needed: the comparison is the one the replay makes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent


def measure(story: str, session_path: Path) -> dict[str, object]:
    from factcheck.config import load_settings
    from factcheck.ingest import cleaned_source, load_sources
    from factcheck.labelstudio.preannotate import extract, prediction_result
    from tests.annotator import Replayed, load_session, task_result

    settings = load_settings(ROOT)
    session = load_session(session_path)
    texts = {s.id: cleaned_source(settings, s).text for s in load_sources(settings, story)}
    found = extract(settings, story)
    done = Replayed()
    for source, regions in session["tasks"].items():
        predicted = prediction_result(found.get(source, []), texts[source])
        _, seen = task_result(texts[source], regions or [], predicted, source)
        done.add(seen)
    return {
        "story": story,
        "regions": done.regions,
        "as_labelled": done.predicted,
        "overlapping": done.overlapped,
        "by_label": {
            k: dict(zip(("as_labelled", "overlapping", "regions"), v, strict=True))
            for k, v in sorted(done.by_label.items())
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="reports/preannotations.json")
    args = parser.parse_args(argv)
    rows = [measure(p.stem, p) for p in sorted((ROOT / "tests" / "sessions").glob("*.yaml"))]
    table = Table(title="pre-annotations against the annotators' final regions")
    for col in ("story", "label", "regions", "as labelled", "overlapping"):
        table.add_column(col)
    for row in rows:
        by_label = dict(row["by_label"])  # type: ignore[call-overload]
        by_label["all"] = {
            "regions": row["regions"],
            "as_labelled": row["as_labelled"],
            "overlapping": row["overlapping"],
        }
        for label, c in by_label.items():
            n = c["regions"] or 1
            table.add_row(str(row["story"]), label, str(c["regions"]),
                          f"{c['as_labelled']} ({c['as_labelled'] / n:.0%})",
                          f"{c['overlapping']} ({c['overlapping'] / n:.0%})")  # fmt: skip
    Console().print(table)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
