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
from factcheck._text import ARTICLES
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
from factcheck.labelstudio.preannotate import value_text
from factcheck.match import entity_for
from factcheck.model import (
    Assertion,
    ClaimAssertion,
    Entity,
    Golden,
    NumberAssertion,
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
    named: list[tuple[str, str | None]] = field(default_factory=list)  # ENTITY regions alone
    aliases: list[str] = field(default_factory=list)  # names to add to existing entities
    differ: list[str] = field(default_factory=list)  # one quantity, other values elsewhere
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
        lines += [f"ALIAS {a}" for a in self.aliases]
        lines += [f"SOURCES DIFFER {d}" for d in self.differ]
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
    used |= {e for a in new if isinstance(a, ClaimAssertion) for e in (a.subject, a.place)}
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
    """Facts with every speaker, subject and place an entity id; the new entities; those
    named alone.

    A new name becomes an entity (all annotators agreed on it), with the words the
    regions used for it as aliases; an entity labelled on its own is kept even when no new
    fact names it. Aliases of entities already in the golden are reported, not written:
    the golden's existing lines are never touched by a pull.
    """
    book = _Names(entities, result)
    resolved: list[Fact] = []
    for f in facts:
        if f.kind in ("quote", "claim") and f.speaker_name:
            ent = book.entity(f.speaker_name, f.alias, f.kind, f.speaker, f.speaker_type)
            f = replace(f, speaker=ent.id)
        if f.place:
            f = replace(f, place=book.entity(f.place, None, "place").id)
        resolved.append(f)
    named = set()
    for name, alias in dict.fromkeys(result.named):
        known = {e.id for e in book.new}
        ent = book.entity(name, alias, "entity")
        if ent.id not in known and ent in book.new:
            named.add(ent.id)
    return resolved, book.finish(), named


class _Names:
    """The story's entities as a pull finds them: looked up by name or alias, created
    when new, and the region words gathered as aliases."""

    def __init__(self, entities: list[Entity], result: PullResult) -> None:
        self.old, self.new, self.result = entities, [], result
        self.taken = {e.id for e in entities}
        self.words: dict[str, list[str]] = {}

    def entity(
        self,
        name: str,
        alias: str | None,
        kind: str,
        known: str | None = None,
        label: str | None = None,
    ) -> Entity:
        every = [*self.old, *self.new]
        ent = next((e for e in every if e.id == known), None) if known else None
        ent = ent or entity_for(name, every) or (entity_for(alias, every) if alias else None)
        if ent is None:
            ent = new_entity(name, kind, self.taken, label)
            self.new.append(ent)
        alias = _alias(alias, ent) if alias else None
        if alias:
            words = self.words.setdefault(ent.id, [])
            if alias not in words:
                words.append(alias)
        return ent

    def finish(self) -> list[Entity]:
        """The new entities with their aliases; unknown aliases of old ones reported."""
        for e in self.old:
            for alias in self.words.get(e.id, ()):
                self.result.aliases.append(f"{e.id}: {alias!r} is not among its aliases")
        return [replace(e, aliases=(*e.aliases, *self.words.get(e.id, ()))) for e in self.new]


#: longer region words are a description of the moment, not a name to find again
ALIAS_WORDS = 6


def _alias(words: str, ent: Entity) -> str | None:
    """The region's words as a name of ``ent``, or None when they are not one: a name
    ("Ortiz", "the Ombudsman", "UN") or a description of a group ("small island
    nations"); not a generic word ("countries"), a count ("195 countries"), a phrase of
    the moment (longer than ``ALIAS_WORDS``) or one of its names already. A description
    that starts a sentence loses its capital ("Rich nations" -> "rich nations")."""
    from factcheck.lexicon.wordnet import wordnet

    ws = words.split()
    if len(ws) > ALIAS_WORDS or any(w.strip(",.").isdigit() for w in ws):
        return None
    lead = 1 if ws[0].lower() in ARTICLES and len(ws) > 1 else 0  # "The accord"
    named = any(w[:1].isupper() for w in ws[lead + 1 :]) or any(
        w.isupper() and len(w) > 1 for w in ws
    )
    first = ws[lead].strip(".,'\"")
    if not named and ws[0][:1].isupper() and (lead or wordnet().synsets(first.lower())):
        ws = [ws[0].lower(), *ws[1:]]  # a sentence's first word, not a name
    elif not named and first[:1].isupper():
        named = True  # a name WordNet does not know ("Ortiz")
    content = [w for w in ws if w.lower() not in ARTICLES]
    if not named and len(content) < 2:
        return None  # "countries", "the talks": any text says that
    alias = " ".join(ws)
    return None if alias.lower() in {n.lower() for n in ent.names} else alias


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
        a = to_assertion(f, by_id, project, taken)
        if isinstance(a, NumberAssertion):
            result.differ += [
                f"{b.id} and {a.id}: {b.counts!r} is {value_text(b.low, b.high)} in "
                f"{b.evidence[0].source}, {value_text(a.low, a.high)} in {f.source} (review: "
                "one range, or a `known` note)"
                for b in new
                if isinstance(b, NumberAssertion) and (b.counts or "").lower() == f.counts.lower()
            ]
        new.append(a)
    return new
