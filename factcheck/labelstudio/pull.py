"""Pull: the project's annotations merged into ``annotations/<story>.yaml``.

Existing assertions are left untouched, conflicts between annotators (and with
the golden) are listed for review, agreement is reported per kind, the file is
written atomically and only when it still loads.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck._fs import atomic_write
from factcheck.config import Settings
from factcheck.errors import LabelStudioError
from factcheck.golden import loads_golden
from factcheck.ingest import load_manifest
from factcheck.labelstudio.agreement import Conflict, agree, disagrees, show
from factcheck.labelstudio.client import call, find_project, listed, project_title
from factcheck.labelstudio.export import Fact, export, facts_of_task
from factcheck.labelstudio.merge import (
    already,
    merge_evidence,
    merge_text,
    new_entity,
    to_assertion,
)
from factcheck.match import entity_for
from factcheck.model import (
    Assertion,
    ClaimAssertion,
    Entity,
    Golden,
    QuoteAssertion,
)

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio


@dataclass
class PullResult:
    path: Path
    added: list[str] = field(default_factory=list)  # new assertion ids
    entities: list[str] = field(default_factory=list)  # new entity ids
    kept: int = 0  # facts already in the golden (left as they are)
    conflicts: list[Conflict] = field(default_factory=list)
    drifted: list[str] = field(default_factory=list)  # spans whose text does not match
    incomplete: list[str] = field(default_factory=list)  # facts missing a required part
    named: list[str] = field(default_factory=list)  # ENTITY regions in no relation
    agreement: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> agreed, total
    diff: str = ""
    written: bool = False

    def summary(self) -> str:
        lines = [
            f"{len(self.added)} new assertion(s), {len(self.entities)} new entit(y/ies), "
            f"{self.kept} already in {self.path.name}, {len(self.conflicts)} conflict(s), "
            f"{len(self.drifted)} drifted span(s), {len(self.incomplete)} incomplete"
        ]
        for kind, (agreed, total) in sorted(self.agreement.items()):
            share = f"{agreed / total:.0%}" if total else "n/a"
            lines.append(
                f"agreement {kind}: {agreed}/{total} span(s) labelled by 2+ "
                f"annotators agree ({share})"
            )
        lines += [f"CONFLICT {c.line()}" for c in self.conflicts]
        lines += [f"DRIFTED {d}" for d in self.drifted]
        lines += [f"INCOMPLETE {d}" for d in self.incomplete]
        if not self.diff:
            lines.append("no change")
        elif self.written:
            lines.append(f"written: {self.path}")
        else:
            lines.append("dry run: nothing written")
        return "\n".join(lines)


def pull(
    settings: Settings,
    story: str,
    client: LabelStudio,
    *,
    dry_run: bool = False,
    title: str | None = None,
) -> PullResult:
    """Merge the project's annotations into ``annotations/<story>.yaml`` (see module doc)."""
    title = title or project_title(story)
    source_ids = [s.id for s in load_manifest(settings, story).sources]
    path = settings.annotations_dir / f"{story}.yaml"
    if path.is_file():
        old_text = path.read_text(encoding="utf-8")
        golden = loads_golden(old_text, path=str(path), sources=source_ids)
    else:
        old_text = ""
        golden = Golden(story, str(path), (), ())
    result = PullResult(path)
    project = find_project(client, title)
    if project is None:
        raise LabelStudioError(
            f"Label Studio has no project {title!r}; run `factcheck labelstudio push --story "
            f"{story}` first"
        )
    users = {
        u.id: u.email for u in call(client, "listing users", lambda: listed(client.users.list()))
    }
    entities = list(golden.entities)
    facts: list[Fact] = []
    for task in export(client, project.id):
        facts += facts_of_task(task, entities, users, result)
    facts, new_entities, named = _resolve_speakers(agree(facts, result), entities, result)
    by_id = {e.id: e for e in (*entities, *new_entities)}
    new = _new_assertions(facts, golden, by_id, project.id, result)
    used = {a.speaker for a in new if isinstance(a, QuoteAssertion)}
    used |= {a.subject for a in new if isinstance(a, ClaimAssertion)}
    new_entities = [e for e in new_entities if e.id in used | named]
    result.added = [a.id for a in new]
    result.entities = [e.id for e in new_entities]

    merged = Golden(story, str(path), (*golden.entities, *new_entities), (*golden.assertions, *new))
    new_text = merge_text(old_text, golden, merged, new_entities, new, result.conflicts)
    check = loads_golden(new_text, path=str(path), sources=source_ids)  # never write a bad file
    if [a.id for a in check.assertions] != [a.id for a in merged.assertions]:
        raise LabelStudioError(f"internal error merging into {path}: nothing written")
    result.diff = "".join(
        difflib.unified_diff(
            old_text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=f"a/{path.name}",
            tofile=f"b/{path.name}",
        )
    )
    if result.diff and not dry_run:
        atomic_write(path, new_text)
        result.written = True
    return result


def _resolve_speakers(
    facts: list[Fact], entities: list[Entity], result: PullResult
) -> tuple[list[Fact], list[Entity], set[str]]:
    """Facts with every speaker/subject an entity id; the new entities; those named alone.

    A new name becomes an entity (all annotators agreed on it); an entity labelled on its
    own is kept even when no new fact names it.
    """
    taken = {e.id for e in entities}
    new_entities: list[Entity] = []
    resolved: list[Fact] = []
    for f in facts:
        if f.kind in ("quote", "claim") and f.speaker is None and f.speaker_name:
            ent = entity_for(f.speaker_name, [*entities, *new_entities])
            if ent is None:
                ent = new_entity(f.speaker_name, f.kind, taken)
                new_entities.append(ent)
            f = replace(f, speaker=ent.id)
        resolved.append(f)
    named = set()
    for name in dict.fromkeys(result.named):
        if entity_for(name, [*entities, *new_entities]) is None:
            ent = new_entity(name, "entity", taken)
            new_entities.append(ent)
            named.add(ent.id)
    return resolved, new_entities, named


def _new_assertions(
    facts: list[Fact], golden: Golden, by_id: dict[str, Entity], project: int, result: PullResult
) -> list[Assertion]:
    """Assertions for the facts the golden does not hold yet; disagreements become conflicts."""
    taken = {a.id for a in golden.assertions}
    new: list[Assertion] = []
    for f in facts:
        held = already(f, golden.assertions)
        if held is not None:
            result.kept += 1
            said = disagrees(f, held)
            if said:  # the golden is not changed by a pull: a reviewer decides
                mine = ", ".join(f"{k}={show(k, v, f)}" for k, v in f.attributes().items())
                values = ((f"golden {held.id}", said), (f.annotator, mine))
                result.conflicts.append(Conflict.about(f, values))
            continue
        if new and merge_evidence(f, new):
            continue
        new.append(to_assertion(f, by_id, project, taken))
    return new
