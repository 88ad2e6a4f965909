"""Merging agreed facts into the golden YAML: new ids, new entities, text spliced in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from factcheck._text import slug
from factcheck.golden import ID_RE, dump_golden, normalise_evidence
from factcheck.labelstudio.agreement import Conflict
from factcheck.labelstudio.export import Fact
from factcheck.labelstudio.preannotate import short
from factcheck.model import (
    Assertion,
    ClaimAssertion,
    Entity,
    Golden,
    GoldenEvidence,
    NumberAssertion,
    Provenance,
    QuoteAssertion,
)

CONFLICT_MARK = "# ---- factcheck labelstudio pull: conflicts to review"


def _slug(text: str, words: int = 5) -> str:
    return slug(text, words) or "fact"


def _unique_id(base: str, taken: set[str]) -> str:
    base = base[:72].strip("-") or "fact"
    out, n = base, 2
    while out in taken or not ID_RE.match(out):
        out = f"{base}-{n}"
        n += 1
    taken.add(out)
    return out


def new_entity(name: str, kind: str, taken: set[str], label: str | None = None) -> Entity:
    """A new entity named ``name``; ``kind`` is what named it, ``label`` spaCy's label for
    it where the text names it (else a quote's speaker is a person, a claim's place a
    place, and anything else what spaCy makes of the bare name)."""
    label = label or ("PERSON" if kind == "quote" else _ner_label(name))
    if kind == "place" and label not in ("GPE", "LOC", "FAC"):
        label = "GPE"
    return Entity(id=_unique_id(_slug(name, 4), taken), name=name, type=label)


def _ner_label(name: str) -> str:
    from factcheck import nlp

    ents = nlp.load_pipeline()(name).ents
    return ents[0].label_ if ents else "ORG"


def already(f: Fact, assertions: Iterable[Assertion]) -> Assertion | None:
    """The existing assertion that holds this fact, if any (it is left untouched)."""
    span = normalise_evidence(f.text).lower()
    for a in assertions:
        if a.kind != f.kind:
            continue
        if isinstance(a, QuoteAssertion) and normalise_evidence(a.text).lower() == span:
            return a
        for e in a.evidence:
            if e.source == f.source and span in normalise_evidence(e.text).lower():
                return a
    return None


def to_assertion(f: Fact, entities: dict[str, Entity], project: int, taken: set[str]) -> Assertion:
    prov = Provenance(
        by=f.annotator,
        at=f.at,
        tool="label-studio",
        project=project,
        task=f.task,
        annotation=f.annotation,
    )
    ev = (GoldenEvidence(f.source, f.evidence),)
    if f.kind == "quote":
        assert f.speaker
        who = entities[f.speaker].name
        return QuoteAssertion(
            id=_unique_id(f"{f.speaker}-{_slug(f.text, 4)}-quote", taken),
            statement=f.statement or f'{who}: "{short(f.text)}"',
            required=f.required,
            text=f.text.strip(),
            speaker=f.speaker,
            evidence=ev,
            provenance=prov,
        )
    if f.kind == "number":
        assert f.counts is not None and f.low is not None and f.high is not None
        return NumberAssertion(
            id=_unique_id(_slug(f.counts, 5), taken),
            statement=f.statement or f"{f.counts}: {f.text}",
            required=f.required,
            low=f.low,
            high=f.high,
            unit=f.unit,
            counts=f.counts,
            qualifier=f.qualifier,
            # The unit is the noun after the number ("35 countries", "12 million euros"):
            # the checker's best clue that a number in an article is this quantity.
            keywords=(f.unit,) if f.unit else (),
            evidence=ev,
            provenance=prov,
        )
    assert f.speaker and f.predicate
    obj = f.object
    return ClaimAssertion(
        id=_unique_id(f"{f.speaker}-{_slug(f.predicate, 4)}", taken),
        statement=f.statement
        or " ".join(x for x in (entities[f.speaker].name, f.predicate, obj) if x),
        required=f.required,
        subject=f.speaker,
        predicate=f.predicate,
        object=obj if obj and (obj in entities or "-" not in obj) else None,
        time=f.time,
        place=f.place,
        evidence=ev,
        provenance=prov,
    )


def merge_evidence(f: Fact, new: list[Assertion]) -> bool:
    """The same fact in another source is one assertion with more evidence: a quote by the
    same speaker in the same words, a number of the same quantity (same ``counts``) and
    value, a claim with the same subject, predicate, object, time and place."""
    for i, a in enumerate(new):
        if a.kind == f.kind and _same_fact(f, a):
            if all(e.source != f.source for e in a.evidence):
                new[i] = replace(a, evidence=(*a.evidence, GoldenEvidence(f.source, f.evidence)))
            return True
    return False


def _same_fact(f: Fact, a: Assertion) -> bool:
    if isinstance(a, QuoteAssertion):
        return a.speaker == f.speaker and normalise_evidence(a.text) == normalise_evidence(f.text)
    if isinstance(a, NumberAssertion):
        return (a.counts or "").lower() == (f.counts or "").lower() and (a.low, a.high) == (
            f.low,
            f.high,
        )
    if isinstance(a, ClaimAssertion):
        same = (a.subject, a.predicate.lower(), a.time, a.place)
        return same == (f.speaker, (f.predicate or "").lower(), f.time, f.place) and (
            (a.object or "").lower() == (f.object or "").lower()
        )
    return False


def _conflict_block(conflicts: Sequence[Conflict]) -> str:
    if not conflicts:
        return ""
    lines = [CONFLICT_MARK + " (rewritten by each pull; resolve in Label Studio) ----"]
    for c in conflicts:
        lines.append("# " + c.line().replace("\n", " "))
    return "\n".join(lines) + "\n"


def merge_text(
    old_text: str,
    old: Golden,
    merged: Golden,
    new_entities: Sequence[Entity],
    new: Sequence[Assertion],
    conflicts: Sequence[Conflict],
) -> str:
    """``old_text`` with the new entities and assertions spliced in, byte for byte elsewhere.

    Falls back to the canonical dump (keeping the leading comment block) when the file
    is not in the canonical layout ``story / entities / assertions``.
    """
    base = old_text.split(CONFLICT_MARK, 1)[0]
    block = _conflict_block(conflicts)
    if not base.strip():
        return dump_golden(merged) + block
    lines = base.splitlines(keepends=True)
    top = [i for i, line in enumerate(lines) if re.match(r"[a-z]+:", line)]
    keys = [lines[i].split(":", 1)[0] for i in top]
    canonical = keys == ["story", "entities", "assertions"] and all(
        lines[i].rstrip() == f"{k}:" for i, k in zip(top[1:], keys[1:], strict=True)
    )
    if not canonical:
        header = "".join(line for line in lines[: top[0] if top else 0] if line.startswith("#"))
        return header + dump_golden(merged) + block
    story = merged.story
    ent_text = (
        "".join(
            dump_golden(Golden(story, "", tuple(new_entities), ())).splitlines(keepends=True)[2:-1]
        )
        if new_entities
        else ""
    )
    ass_text = (
        "".join(dump_golden(Golden(story, "", (), tuple(new))).splitlines(keepends=True)[3:])
        if new
        else ""
    )
    at = top[2]
    body = [*lines[:at], ent_text, *lines[at:]]
    text = "".join(body)
    if not text.endswith("\n"):
        text += "\n"
    return text + ass_text + block
