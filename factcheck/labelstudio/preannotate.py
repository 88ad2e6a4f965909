"""Pre-annotations: candidate facts from spaCy and the Label Studio regions that show them."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from factcheck.config import Settings
from factcheck.errors import FactcheckError
from factcheck.golden import find_golden, loads_golden
from factcheck.ingest import cleaned_source, load_sources
from factcheck.match import entity_for
from factcheck.model import Entity

MODEL_VERSION = "factcheck-spacy"


@dataclass(frozen=True)
class Candidate:
    """A fact spaCy proposes for one source; offsets are code points in the cleaned text."""

    source: str
    kind: str  # quote | number | claim | entity
    start: int
    end: int
    text: str
    speaker: str | None = None  # quotes: the speaker as the text names them; claims: subject
    speaker_span: tuple[int, int] | None = None
    entity: str | None = None  # the story entity it maps to (quotes: the speaker's)
    low: float | None = None  # numbers
    high: float | None = None
    qualifier: str | None = None
    counts: str | None = None
    unit: str | None = None  # numbers: the unit's one name (factcheck.units) or counted noun
    label: str | None = None  # entities: spaCy label
    subject_span: tuple[int, int] | None = None  # claims: who acts
    predicate: str | None = None  # claims: what they do
    object: str | None = None

    def to_json(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if v is not None}
        for k in ("low", "high"):
            if k in d and math.isinf(d[k]):
                d[k] = None
        return d


_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP")
#: quoted words without a speaker and shorter than this are terms, not statements
SCARE_QUOTE_WORDS = 4


def _story_entities(settings: Settings, story: str) -> tuple[Entity, ...]:
    try:
        return loads_golden(find_golden(settings, story).read_text(encoding="utf-8")).entities
    except FactcheckError:  # no golden yet: candidates are not mapped to entities
        return ()


def extract(settings: Settings, story: str) -> dict[str, list[Candidate]]:
    """Candidate facts per source id: quotes with speakers, numbers, entity mentions."""
    from factcheck import nlp

    sources = load_sources(settings, story)
    texts = [cleaned_source(settings, s).text for s in sources]
    docs = nlp.parse(texts, model=settings.model, cache_dir=settings.cache_dir)
    entities = _story_entities(settings, story)
    out: dict[str, list[Candidate]] = {}
    for src, doc in zip(sources, docs, strict=True):
        taken: list[tuple[int, int]] = []
        found = _quote_candidates(src.id, doc, entities, taken)
        quoted = list(taken)
        found += _number_candidates(src.id, doc, taken)
        found += _claim_candidates(src.id, doc, entities, quoted)
        found += _entity_candidates(src.id, doc, entities, taken)
        out[src.id] = sorted(found, key=lambda c: (c.start, c.end))
    return out


def _quote_candidates(
    source: str, doc: Any, entities: Sequence[Entity], taken: list[tuple[int, int]]
) -> list[Candidate]:
    """Quotes with their speakers; their spans (and the speakers') go into ``taken``."""
    from factcheck import nlp

    text = doc.text
    found: list[Candidate] = []
    for q in nlp.quotes(doc):
        if not (q.speaker or q.mention) and len(q.text.split()) < SCARE_QUOTE_WORDS:
            continue  # a word in quote marks ("shall"), no one's statement
        # The SPEAKER region goes on the name ("Ortiz"), not a pronoun ("he"): pull
        # resolves region text to a story entity.
        span = next(
            (sp for n in (q.speaker, q.mention) if n and (sp := _find_near(text, n, q))), None
        )
        ent = entity_for(q.speaker or q.mention, entities)
        # A comma standing for the quote's full stop is not part of the words (golden rule).
        end = q.start + len(q.text.rstrip().rstrip(",;:").rstrip())
        found.append(
            Candidate(
                source,
                "quote",
                q.start,
                end,
                text[q.start : end],
                speaker=q.speaker or q.mention,
                speaker_span=span,
                entity=ent.id if ent else None,
            )
        )
        taken.append((q.start, q.end))
        if span:
            taken.append(span)
    return found


def _number_candidates(source: str, doc: Any, taken: list[tuple[int, int]]) -> list[Candidate]:
    """Numbers with what they count; their spans go into ``taken``."""
    from factcheck import nlp

    found: list[Candidate] = []
    for n in nlp.numbers(doc):
        if n.low == n.high == 1 and (not n.noun or "first" in n.text.lower()):
            continue  # "for the first time", "the first of many": no count to label
        if _ORDINAL.search(n.text):
            continue  # "the second half", "a second time": a position, not a count
        found.append(
            Candidate(
                source,
                "number",
                n.start,
                n.end,
                n.text,
                low=n.low,
                high=n.high,
                qualifier=n.qualifier,
                counts=n.noun,
                unit=n.noun,
            )
        )
        taken.append((n.start, n.end))
    return found


_ORDINAL = re.compile(r"\b(second|third|fourth|fifth|\d+(st|nd|rd|th))\b", re.IGNORECASE)
#: dependency labels of a clause's subject, and of what the verb acts on
_SUBJECTS = ("nsubj", "nsubjpass")
_OBJECTS = ("dobj", "attr", "oprd")


def _claim_candidates(
    source: str, doc: Any, entities: Sequence[Entity], quoted: list[tuple[int, int]]
) -> list[Candidate]:
    """Sentences stating who did what: the main verb's subject names someone (a person,
    organisation, country or group, a story entity, or a noun WordNet files as people:
    "negotiators", "delegations"), the verb is not one of saying (quotes cover those) nor
    "be", and the sentence holds no quote (``quoted``).

    The CLAIM region is the sentence, the subject an ENTITY region, the predicate the
    verb with its auxiliaries, negation and particle ("will not enter"), the object the
    words the verb acts on."""
    from factcheck.lexicon.speech import person_noun, speech_verbs
    from factcheck.lexicon.wordnet import wordnet

    saying = speech_verbs() | {"be"}  # "X is at the podium": a state, not an act
    found: list[Candidate] = []
    for sent in doc.sents:
        a, b = sent.start_char, sent.end_char
        root = sent.root
        if root.pos_ not in ("VERB", "AUX") or root.lemma_.lower() in saying:
            continue
        if any(x < b and a < y for x, y in quoted):
            continue
        subj = next((c for c in root.children if c.dep_ in _SUBJECTS), None)
        if subj is None:
            continue
        # the subject's own words: its name, else its noun phrase ("Negotiators from ...")
        name = next((e for e in doc.ents if e.start <= subj.i < e.end), None)
        chunk = next((c for c in doc.noun_chunks if c.start <= subj.i < c.end), None)
        who = name or chunk or doc[subj.i : subj.i + 1]
        story = entity_for(who.text, entities) if entities else None
        lemma = subj.lemma_.lower()
        senses = wordnet().synsets(lemma, "n")
        actor = person_noun(lemma) or bool(senses and senses[0].lexname() == "noun.group")
        named = name is not None and name.label_ in _ENTITY_LABELS
        if not (named or story or actor):
            continue
        verb = [t for t in root.children if t.dep_ in ("aux", "auxpass", "neg", "prt")]
        predicate = " ".join(t.text for t in sorted([*verb, root], key=lambda t: t.i))
        obj = next((c for c in root.children if c.dep_ in _OBJECTS), None)
        words = doc[obj.left_edge.i : obj.right_edge.i + 1].text if obj is not None else None
        text = doc.text[a:b].rstrip()
        found.append(
            Candidate(
                source,
                "claim",
                a,
                a + len(text),
                text,
                speaker=who.text,  # the subject as the text names it
                subject_span=(who.start_char, who.end_char),
                entity=story.id if story else None,
                predicate=predicate,
                object=words,
            )
        )
    return found


def _entity_candidates(
    source: str, doc: Any, entities: Sequence[Entity], taken: list[tuple[int, int]]
) -> list[Candidate]:
    """Entity mentions outside every quote, speaker and number already taken: the first
    mention of each entity only (one region is enough to link it, a region per mention
    floods the task), and no nationality adjective ("Portuguese"): WordNet ties it to its
    country, so it is an alias of that entity, not an entity of its own."""
    from factcheck import nlp

    found: list[Candidate] = []
    seen: set[str] = set()
    for m in nlp.mentions(doc, _ENTITY_LABELS):
        if any(a < m.end and m.start < b for a, b in taken) or m.label == "NORP":
            continue
        ent = entity_for(m.text, entities, exact=True)
        key = ent.id if ent else m.text.lower()
        if key in seen:
            continue
        seen.add(key)
        found.append(
            Candidate(
                source,
                "entity",
                m.start,
                m.end,
                m.text,
                label=m.label,
                entity=ent.id if ent else None,
            )
        )
    return found


def _find_near(text: str, needle: str, quote: Any) -> tuple[int, int] | None:
    """``needle`` as whole words outside the quote, nearest to it, in or next to its sentence."""
    lo = max(0, min(quote.sentence[0], quote.start) - 300)
    hi = min(len(text), max(quote.sentence[1], quote.end) + 300)
    pattern = r"(?<!\w)" + re.escape(needle) + r"(?!\w)"
    hits = [
        (m.start(), m.end())
        for m in re.finditer(pattern, text[lo:hi])
        if not (quote.start <= lo + m.start() < quote.end)
    ]
    if not hits:
        return None
    a, b = min(hits, key=lambda h: min(abs(lo + h[0] - quote.end), abs(lo + h[1] - quote.start)))
    return lo + a, lo + b


def short(text: str, words: int = 12) -> str:
    ws = text.split()
    return " ".join(ws[:words]) + (" ..." if len(ws) > words else "")


def value_text(low: float, high: float) -> str:
    def n(x: float) -> str:
        return f"{x:.10g}"

    if low == high:
        return n(low)
    return f"{'' if low <= 0 else n(low)}-{'' if math.isinf(high) else n(high)}"


# Result items in Label Studio's shape (predictions here, annotations in the replay of
# tests/annotator.py): a region, a per-region text field, a relation.
def region_item(rid: str, c0: int, c1: int, label: str, text: str) -> dict[str, Any]:
    value = {"start": c0, "end": c1, "text": text[c0:c1], "labels": [label]}
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def field_item(rid: str, name: str, c0: int, c1: int, value: str) -> dict[str, Any]:
    value_ = {"start": c0, "end": c1, "text": [value]}
    return {"id": rid, "from_name": name, "to_name": "text", "type": "textarea", "value": value_}


def relation_item(a: str, b: str, label: str) -> dict[str, Any]:
    return {"type": "relation", "from_id": a, "to_id": b, "direction": "right", "labels": [label]}


def _linked(rid: str, span: tuple[int, int] | None, label: str, rel: str, text: str) -> list:
    """The region at ``span`` (a speaker, a subject) and the relation to it."""
    if span is None:
        return []
    other = f"{label[0].lower()}{rid[1:]}"
    return [region_item(other, *span, label, text), relation_item(rid, other, rel)]


def prediction_result(cands: Sequence[Candidate], text: str) -> list[dict[str, Any]]:
    """Label Studio result items (regions, per-region fields, said_by) for the candidates
    of the task text ``text``; every region's text is ``text[start:end]``."""
    out: list[dict[str, Any]] = []
    for i, c in enumerate(cands):
        rid, a, b = f"{c.kind[0]}{i}", c.start, c.end
        if c.kind == "quote":
            out.append(region_item(rid, a, b, "QUOTE", text))
            if c.speaker:
                out.append(field_item(rid, "statement", a, b, f'{c.speaker}: "{short(c.text)}"'))
            out += _linked(rid, c.speaker_span, "SPEAKER", "said_by", text)
        elif c.kind == "number":
            out.append(region_item(rid, a, b, "NUMBER", text))
            if c.low is not None and c.high is not None:
                out.append(field_item(rid, "value", a, b, value_text(c.low, c.high)))
            out += [
                field_item(rid, k, a, b, v)
                for k, v in (("counts", c.counts), ("unit", c.unit))
                if v
            ]
        elif c.kind == "claim":
            out.append(region_item(rid, a, b, "CLAIM", text))
            fields = (("predicate", c.predicate), ("object", c.object))
            out += [field_item(rid, k, a, b, v) for k, v in fields if v]
            out += _linked(rid, c.subject_span, "ENTITY", "subject", text)
        else:
            out.append(region_item(rid, a, b, "ENTITY", text))
    return out


def render_candidates(story: str, found: dict[str, list[Candidate]], fmt: str) -> str:
    """``factcheck extract`` output: JSON, or one line per candidate."""
    if fmt == "json":
        doc = {"story": story, "sources": {k: [c.to_json() for c in v] for k, v in found.items()}}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    lines = []
    for sid, cands in found.items():
        lines.append(f"== {sid}: {len(cands)} candidate(s)")
        for c in cands:
            ent = f" [{c.entity}]" if c.entity else ""
            if c.kind == "quote":
                lines.append(
                    f'  quote  {c.start}-{c.end} {c.speaker or "?"}{ent}: "{short(c.text)}"'
                )
            elif c.kind == "number":
                rng = value_text(c.low or 0, c.high or 0)
                lines.append(f"  number {c.start}-{c.end} {c.text!r} = {rng} ({c.counts or '?'})")
            elif c.kind == "claim":
                lines.append(
                    f"  claim  {c.start}-{c.end} {c.speaker}{ent} [{c.predicate}]: {short(c.text)}"
                )
            else:
                lines.append(f"  entity {c.start}-{c.end} {c.text} {c.label}{ent}")
    return "".join(line + "\n" for line in lines)
