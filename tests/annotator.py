"""An annotator's labelling of a story, replayed into a real Label Studio region by region.

A *session file* (``tests/sessions/<story>.yaml``) records what one annotator labelled in
each source, as they would in the browser: a region per label with its words, the
per-region fields, and the relations::

    story: <story id>
    tasks:
      <source id>:
        - {label: SPEAKER, text: Lee, ref: lee, name: Ann Lee}
        - {label: QUOTE, text: We will build it, said_by: lee}
        - {label: NUMBER, text: 12 million euros, value: "12000000", unit: euros,
           counts: cost of the bridge, required: true}
        - {label: ENTITY, text: the council, ref: council, name: Paris city council}
        - {label: CLAIM, text: the council approved the bridge on Tuesday, subject: council,
           predicate: approved, object: the bridge, time: "2027-03-02", place: Paris}

``text`` is found in the task's text (``nth`` picks a later occurrence); ``name`` on a
SPEAKER or ENTITY region is typed into its statement (the words become an alias on
pull). The replay starts from the task's pre-annotations as the labelling screen does:
a region whose label and span a prediction already has keeps the prediction's id and is
marked ``origin: prediction``; every other region is ``manual``. The share of
pre-annotated regions is what the pre-annotations saved the annotator.

Run against a server (the committed golden of the second story was made this way)::

    python -m tests.annotator tests/sessions/<story>.yaml --url URL   # key from the env
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from factcheck.labelstudio.preannotate import field_item, region_item, relation_item

#: session keys typed into per-region text fields, by the field's name in the config
_FIELDS = ("value", "unit", "counts", "predicate", "object", "time", "place")
_LABELS = ("QUOTE", "SPEAKER", "NUMBER", "ENTITY", "CLAIM")


@dataclass
class Replayed:
    """What one replay submitted."""

    annotations: dict[str, int] = field(default_factory=dict)  # source id -> annotation id
    regions: int = 0
    predicted: int = 0  # regions a pre-annotation already had (label and span)
    overlapped: int = 0  # regions a pre-annotation of that label overlapped
    by_label: dict[str, list[int]] = field(default_factory=dict)  # label -> [exact, near, all]

    @property
    def share(self) -> float:
        return self.predicted / self.regions if self.regions else 0.0

    def add(self, seen: list[tuple[str, bool, bool]]) -> None:
        for label, hit, close in seen:
            counts = self.by_label.setdefault(label, [0, 0, 0])
            counts[0] += hit
            counts[1] += close
            counts[2] += 1
            self.regions += 1
            self.predicted += hit
            self.overlapped += close

    def table(self) -> str:
        """One line per label: exact and overlapping pre-annotations of all regions."""
        lines = [
            f"{label:8} {hit:3}/{total:<3} as labelled, {near:3}/{total:<3} overlapping"
            for label, (hit, near, total) in sorted(self.by_label.items())
        ]
        lines.append(
            f"regions {self.regions}: {self.predicted} pre-annotated as labelled "
            f"({self.share:.0%}), {self.overlapped} overlapping one "
            f"({self.overlapped / max(1, self.regions):.0%})"
        )
        return "\n".join(lines)


def load_session(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        session = yaml.safe_load(fh)
    if not isinstance(session, dict) or not isinstance(session.get("tasks"), dict):
        raise ValueError(f"{path}: a session has `story` and `tasks: {{source: [regions]}}`")
    return session


def span_of(text: str, region: dict[str, Any], where: str) -> tuple[int, int]:
    """Offsets of the region's words (its ``nth`` occurrence) in the task text."""
    words, nth = region["text"], int(region.get("nth", 1))
    at = -1
    for _ in range(nth):
        at = text.find(words, at + 1)
        if at < 0:
            raise ValueError(f"{where}: {words!r} (occurrence {nth}) is not in the task text")
    return at, at + len(words)


def task_result(
    text: str, regions: list[dict[str, Any]], predicted: list[dict[str, Any]], where: str
) -> tuple[list[dict[str, Any]], list[tuple[str, bool, bool]]]:
    """The annotation result for one task, and per region (label, pre-annotated as it
    is, a pre-annotation of that label overlapping it: the annotator moved its ends)."""
    known = {
        (item["value"]["labels"][0], item["value"]["start"], item["value"]["end"]): item["id"]
        for item in predicted
        if item.get("type") == "labels"
    }
    out: list[dict[str, Any]] = []
    refs: dict[str, str] = {}  # the session's ref -> region id
    rids: list[str] = []  # region id of each session region
    seen: list[tuple[str, bool, bool]] = []
    for n, r in enumerate(regions):
        label = r["label"]
        if label not in _LABELS:
            raise ValueError(f"{where}: region {n + 1} has label {label!r}, not one of {_LABELS}")
        a, b = span_of(text, r, f"{where} region {n + 1}")
        hit = known.get((label, a, b))
        rid = hit if hit and hit not in rids else f"m{n}"
        rids.append(rid)
        if "ref" in r:
            refs[r["ref"]] = rid
        close = any(lab == label and x < b and a < y for lab, x, y in known)
        seen.append((label, rid == hit, close))
        origin = "prediction" if rid == hit else "manual"
        out.append({**region_item(rid, a, b, label, text), "origin": origin})
        statement = r.get("name") if label in ("SPEAKER", "ENTITY") else r.get("statement")
        typed = [("statement", statement)] + [(k, r.get(k)) for k in _FIELDS]
        for name, val in typed:
            if val is not None:
                out.append({**field_item(rid, name, a, b, str(val)), "origin": "manual"})
        if r.get("required"):
            choice = {"start": a, "end": b, "choices": ["required"]}
            out.append({"id": rid, "from_name": "required", "to_name": "text",
                        "type": "choices", "value": choice, "origin": "manual"})  # fmt: skip
    for n, r in enumerate(regions):
        for rel in ("said_by", "subject"):
            if rel not in r:
                continue
            if r[rel] not in refs:
                raise ValueError(f"{where} region {n + 1}: {rel} {r[rel]!r} names no region")
            out.append(relation_item(rids[n], refs[r[rel]], rel))
    return out, seen


def replay(client: Any, project: int, session: dict[str, Any]) -> Replayed:
    """Submit the session's labelling of every source as one annotation per task."""
    tasks = {t.data["source_id"]: t for t in client.tasks.list(project=project)}
    done = Replayed()
    for source, regions in session["tasks"].items():
        if source not in tasks:
            raise ValueError(f"session source {source!r} has no task in project {project}")
        task = tasks[source]
        predicted = [
            item for p in client.predictions.list(task=task.id) for item in (p.result or [])
        ]
        result, seen = task_result(task.data["text"], regions or [], predicted, f"{source}")
        ann = client.annotations.create(id=task.id, result=result, was_cancelled=False)
        done.annotations[source] = int(ann.id)
        done.add(seen)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("session", type=Path)
    parser.add_argument("--url", default=os.environ.get("LABEL_STUDIO_URL"))
    parser.add_argument("--title", help="project title (default: the story's project)")
    args = parser.parse_args(argv)
    from factcheck.labelstudio import connect
    from factcheck.labelstudio.client import find_project, project_title

    session = load_session(args.session)
    client = connect(args.url)  # the key comes from LABEL_STUDIO_API_KEY
    project = find_project(client, args.title or project_title(session["story"]))
    if project is None:
        print("no project: run `factcheck labelstudio push` first", file=sys.stderr)
        return 2
    print(replay(client, project.id, session).table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
