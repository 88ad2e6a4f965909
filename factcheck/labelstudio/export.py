"""The full JSON export, read into facts: every span checked against the task text.

Result names (``label``, ``statement``, ``required``...) are those of
``annotations/labelstudio.xml``; docs/labelstudio-roundtrip.md describes the mapping.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from factcheck.labelstudio.client import call
from factcheck.labelstudio.preannotate import value_text
from factcheck.match import entity_for
from factcheck.model import Entity

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio

    from factcheck.labelstudio.pull import PullResult


#: Label -> assertion kind. SPEAKER and ENTITY regions are ends of relations, not facts; an
#: ENTITY region on its own names an entity of the story (a new one is added on pull).
LABEL_KIND = {"QUOTE": "quote", "NUMBER": "number", "CLAIM": "claim"}


@dataclass(frozen=True)
class Fact:
    """One annotator's labelled fact, before agreement and merging."""

    task: int
    source: str
    kind: str
    start: int
    end: int
    text: str
    evidence: str
    annotator: str
    annotation: int
    at: str | None
    statement: str | None = None
    required: bool = False
    speaker: str | None = None  # quotes: entity id; claims: subject entity id
    speaker_name: str | None = None
    alias: str | None = None  # the speaker's words in the text when the annotator named them
    speaker_type: str | None = None  # spaCy's label for the speaker's words in their sentence
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    counts: str | None = None
    predicate: str | None = None
    object: str | None = None
    time: str | None = None  # claims: ISO date
    place: str | None = None  # claims: the place as the annotator names it

    def key(self) -> tuple[int, str, int, int]:
        return (self.task, self.kind, self.start, self.end)

    def attributes(self) -> dict[str, Any]:
        """What annotators must agree on."""
        # An unknown speaker is compared by name: two new names are two people.
        who = self.speaker or (self.speaker_name or "").strip().lower()
        if self.kind == "quote":
            return {"speaker": who, "required": self.required}
        if self.kind == "number":
            return {"value": value_text(self.low or 0, self.high or 0), "required": self.required}
        return {
            "subject": who,
            "predicate": self.predicate,
            "time": self.time,
            "place": self.place,
            "required": self.required,
        }


def export(client: LabelStudio, project: int) -> list[dict[str, Any]]:
    """Full JSON export (JSON_MIN drops relations) of the tasks that have annotations."""

    def run() -> list[dict[str, Any]]:
        raw = b"".join(
            client.projects.exports.download_sync(
                project, export_type="JSON", download_all_tasks=False
            )
        )
        data = json.loads(raw)
        if not isinstance(data, list):
            raise ValueError(f"export is a {type(data).__name__}, not a list of tasks")
        return data

    return call(client, "exporting annotations", run)


def _utf16_to_cp(text: str, i: int) -> int | None:
    """Code-point offset of UTF-16 offset ``i`` (None when it splits a pair)."""
    n = 0
    for cp, ch in enumerate(text):
        if n == i:
            return cp
        n += 2 if ord(ch) > 0xFFFF else 1
        if n > i:
            return None
    return len(text) if n == i else None


def checked_span(text: str, value: dict[str, Any]) -> tuple[int, int] | None:
    """``(start, end)`` in code points when ``text[start:end]`` is the labelled text.

    Label Studio stores code points; a front end counting UTF-16 units drifts after
    a character outside the BMP, so that reading is tried too. None: report, don't trust.
    """
    start, end, label = value.get("start"), value.get("end"), value.get("text")
    if not isinstance(start, int) or not isinstance(end, int) or not isinstance(label, str):
        return None
    if 0 <= start <= end <= len(text) and text[start:end] == label:
        return start, end
    a, b = _utf16_to_cp(text, start), _utf16_to_cp(text, end)
    if a is not None and b is not None and text[a:b] == label:
        return a, b
    return None


def _first(value: dict[str, Any], key: str) -> str | None:
    items = value.get(key) or []
    items = [items] if isinstance(items, str) else items
    text = " ".join(str(x).strip() for x in items if str(x).strip())
    return text or None


_RANGE_RE = re.compile(r"^\s*([\d.,]*)\s*(?:-|–|\.\.)\s*([\d.,]*)\s*$")


def parse_value(value: str | None, span_text: str) -> tuple[float, float, str | None] | None:
    """``(low, high, qualifier)`` from the ``value`` field ("35", "2000-9999", "31-") else span."""
    from factcheck import nlp

    qualifier = None
    parsed_span = nlp.parse_number(span_text)
    if parsed_span:
        qualifier = parsed_span[2]
    if value:
        v = value.replace(",", "").strip()
        m = _RANGE_RE.match(v)
        try:
            if m and (m.group(1) or m.group(2)):
                low = float(m.group(1)) if m.group(1) else 0.0
                high = float(m.group(2)) if m.group(2) else math.inf
                return low, high, qualifier
            return float(v), float(v), qualifier
        except ValueError:
            parsed = nlp.parse_number(value)
            return parsed if parsed else None
    return parsed_span


def _annotator(ann: dict[str, Any], users: dict[int, str]) -> str:
    who = ann.get("completed_by")
    if isinstance(who, dict):
        return str(who.get("email") or who.get("id"))
    return users.get(who, str(who)) if isinstance(who, int) else str(who)


def _evidence(text: str, spans: list[tuple[int, int]]) -> str:
    """The quote and its attribution when close in one paragraph, else the span alone."""
    a, b = min(s for s, _ in spans), max(e for _, e in spans)
    if b - a > 600 or "\n\n" in text[a:b]:
        a, b = spans[0]
    while a > 0 and text[a - 1] in "\"'":
        a -= 1
    while b < len(text) and text[b] in "\"',.":
        b += 1
    return text[a:b].strip()


def facts_of_task(
    task: dict[str, Any], entities: list[Entity], users: dict[int, str], result: PullResult
) -> list[Fact]:
    """Every non-cancelled annotation of one exported task, as facts.

    Drifted spans, incomplete facts and ENTITY regions in no relation go into ``result``.
    """
    data = task.get("data") or {}
    text, source, tid = data.get("text") or "", str(data.get("source_id")), int(task["id"])
    out: list[Fact] = []
    for ann in task.get("annotations") or []:
        if ann.get("was_cancelled"):
            continue
        who = _annotator(ann, users)
        where = f"task {tid} (source {source})"
        regions, fields, relations = _read_result(ann, text, f"{where} annotation", who, result)
        link = _links(relations, regions)
        ends = {r.get("to_id") for r in relations} | {r.get("from_id") for r in relations}
        result.named += [
            _who(text, regions[rid], fields.get(rid, {}))
            for rid, (label, _, _) in regions.items()
            if label == "ENTITY" and rid not in ends
        ]
        for rid, (label, start, end) in regions.items():
            f = fields.get(rid, {})
            kind = _first(f.get("kind", {}), "choices") or LABEL_KIND.get(label)
            if kind is None:
                continue
            common = dict(
                task=tid,
                source=source,
                kind=kind,
                start=start,
                end=end,
                text=text[start:end],
                annotator=who,
                annotation=int(ann.get("id") or 0),
                at=ann.get("created_at") or ann.get("updated_at"),
                statement=_first(f.get("statement", {}), "text"),
                required="required" in (f.get("required", {}).get("choices") or []),
            )
            fact = _fact(common, rid, fields, text, regions, link, entities)
            if isinstance(fact, str):
                result.incomplete.append(f"{where} {kind} [{start}:{end}] by {who}: {fact}")
            else:
                out.append(fact)
    return out


Regions = dict[str, tuple[str, int, int]]  # region id -> (label, start, end)


def _read_result(
    ann: dict[str, Any], text: str, where: str, who: str, result: PullResult
) -> tuple[Regions, dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """An annotation's regions (spans checked), per-region fields and relations."""
    regions: Regions = {}
    fields: dict[str, dict[str, Any]] = defaultdict(dict)
    relations: list[dict[str, Any]] = []
    for item in ann.get("result") or []:
        kind, rid, value = item.get("type"), item.get("id"), item.get("value") or {}
        if kind == "relation":
            relations.append(item)
        elif kind == "labels" and value.get("labels"):
            span = checked_span(text, value)
            if span is None:
                result.drifted.append(
                    f"{where} {ann.get('id')} by {who}: "
                    f"[{value.get('start')}:{value.get('end')}] is labelled "
                    f"{value.get('text')!r} but the task text there is "
                    f"{text[value.get('start') or 0 : value.get('end') or 0]!r}"
                )
                continue
            regions[rid] = (value["labels"][0], *span)
        elif kind in ("textarea", "choices"):
            fields[rid][item.get("from_name")] = value
    return regions, fields, relations


def _links(relations: list[dict[str, Any]], regions: Regions) -> dict[str, dict[str, str]]:
    """region id -> relation label -> the region it points to."""
    link: dict[str, dict[str, str]] = defaultdict(dict)
    for rel in relations:
        a, b = rel.get("from_id"), rel.get("to_id")
        for label in rel.get("labels") or ["said_by"]:
            if a in regions and b in regions:
                link[a][label] = b
                if rel.get("direction") == "bi":
                    link[b][label] = a
    return link


@cache
def _labels(text: str) -> tuple[tuple[int, int, str], ...]:
    """spaCy's entity labels over a task's text: the type of a new entity is read where
    it is named ("Ann Lee, who chaired ..."), not from the bare name."""
    from factcheck import nlp

    return tuple((e.start_char, e.end_char, e.label_) for e in nlp.load_pipeline()(text).ents)


#: spaCy labels that name something (not amounts, dates or times)
_NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_LAW", "LAW", "EVENT")


def _label_of(text: str, start: int, end: int) -> str | None:
    """The type of what words name: a person named in them ("French Foreign Minister Ann
    Lee"), else the last name in them, the head of the phrase; a nationality word only
    when it is all the words."""
    inside = [(a, b, t) for a, b, t in _labels(text) if a < end and start < b and t in _NAME_LABELS]
    inside = [x for x in inside if x[2] != "NORP" or (x[0], x[1]) == (start, end)]
    if any(t == "PERSON" for _, _, t in inside):
        return "PERSON"
    return inside[-1][2] if inside else None


def _who(text: str, region: tuple[str, int, int], fields: dict[str, Any]) -> tuple[str, str | None]:
    """``(name, alias)`` of a SPEAKER or ENTITY region: the name the annotator typed in its
    statement ("Ann Lee" for a region on "the minister"), the region's words then an
    alias; else the words themselves."""
    _, a, b = region
    words = " ".join(text[a:b].split())
    typed = _first(fields.get("statement", {}), "text")
    typed = " ".join(typed.split()) if typed else None
    if typed and typed != words:
        return typed, words
    return words, None


def _fact(
    common: dict[str, Any],
    rid: str,
    fields: dict[str, dict[str, Any]],
    text: str,
    regions: Regions,
    links: dict[str, dict[str, str]],
    entities: list[Entity],
) -> Fact | str:
    """The fact of region ``rid``, or what it lacks."""
    kind, start, end = common["kind"], common["start"], common["end"]
    f, link = fields.get(rid, {}), links[rid]
    spans = [(start, end)]
    target = link.get("said_by" if kind == "quote" else "subject")
    if kind == "claim" and target is None:
        target = link.get("said_by")
    speaker = name = alias = None
    if target is not None:
        _, s0, s1 = regions[target]
        name, alias = _who(text, regions[target], fields.get(target, {}))
        ent = entity_for(name, entities) or (entity_for(alias, entities) if alias else None)
        speaker = ent.id if ent else None
        spans.append((s0, s1))
        common["speaker_type"] = _label_of(text, s0, s1)
    if kind == "quote":
        if name is None:
            return "no said_by relation to a SPEAKER"
        evidence = _evidence(text, spans)
        return Fact(**common, evidence=evidence, speaker=speaker, speaker_name=name, alias=alias)
    evidence = _evidence(text, [(start, end)])
    if kind == "number":
        parsed = parse_value(_first(f.get("value", {}), "text"), text[start:end])
        counts = _first(f.get("counts", {}), "text")
        if parsed is None or not counts:
            return "needs a value and what it counts"
        low, high, qualifier = parsed
        unit = _first(f.get("unit", {}), "text")
        return Fact(
            **common,
            evidence=evidence,
            low=low,
            high=high,
            qualifier=qualifier,
            unit=unit,
            counts=counts,
        )
    predicate = _first(f.get("predicate", {}), "text")
    if name is None or not predicate:
        return "needs a subject relation and a predicate"
    time = _first(f.get("time", {}), "text")
    if time and not _ISO_DATE.match(time):
        return f"time {time!r} is not a date written YYYY-MM-DD, YYYY-MM or YYYY"
    return Fact(
        **common,
        evidence=evidence,
        speaker=speaker,
        speaker_name=name,
        alias=alias,
        predicate=predicate,
        object=_first(f.get("object", {}), "text"),
        time=time,
        place=_first(f.get("place", {}), "text"),
    )


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
