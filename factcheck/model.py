"""Frozen records shared by every layer: sources, entities, assertions, findings.

Nothing here does I/O or imports another factcheck module except ``errors``.
Character offsets are always code points into a ``str``, never token indices.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

Coverage = Literal["full", "partial"]
FindingKind = Literal["contradiction", "misattribution", "omission"]
FINDING_KINDS: tuple[FindingKind, ...] = ("contradiction", "misattribution", "omission")


class Status(enum.StrEnum):
    """What an article says about one assertion."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    MISATTRIBUTED = "misattributed"
    OMITTED = "omitted"
    NOT_COVERED = "not_covered"


# --------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Source:
    """One raw article of a story, as listed in ``seeds/<story>/sources.yaml``."""

    id: str
    story: str
    file: str  # file name inside seeds/<story>/
    outlet: str
    title: str
    sha256: str
    coverage: Coverage = "full"
    published: str | None = None  # ISO date
    url: str | None = None
    format: Literal["text", "html"] = "text"
    notes: str | None = None


@dataclass(frozen=True)
class Removal:
    """A stretch of raw text that cleaning dropped, and why."""

    reason: str  # navigation, error-page, duplicate, disclaimer, related, byline, ...
    start: int  # raw offsets, [start, end)
    end: int
    text: str


@dataclass(frozen=True)
class Segment:
    """Cleaned[clean_start:clean_start+length] came from raw[raw_start:raw_start+raw_length].

    When ``length == raw_length`` the characters map one to one; otherwise the
    whole cleaned run maps to the whole raw run (collapsed whitespace, say).
    """

    clean_start: int
    length: int
    raw_start: int
    raw_length: int


@dataclass(frozen=True)
class CleanedText:
    """An article's cleaned text with a map back to its raw text."""

    text: str
    raw: str
    segments: tuple[Segment, ...]
    removed: tuple[Removal, ...] = ()
    title: str | None = None
    published: str | None = None

    def raw_offset(self, i: int) -> int:
        """Raw offset of cleaned character ``i`` (``len(text)`` maps to the raw end)."""
        if not 0 <= i <= len(self.text):
            raise IndexError(f"cleaned offset {i} outside 0..{len(self.text)}")
        if i == len(self.text):
            return (
                self.segments[-1].raw_start + self.segments[-1].raw_length if self.segments else 0
            )
        lo, hi = 0, len(self.segments) - 1
        while lo < hi:  # last segment whose clean_start <= i
            mid = (lo + hi + 1) // 2
            if self.segments[mid].clean_start <= i:
                lo = mid
            else:
                hi = mid - 1
        seg = self.segments[lo]
        if seg.length == seg.raw_length:
            return seg.raw_start + (i - seg.clean_start)
        return seg.raw_start

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covering cleaned ``[start, end)``."""
        if end <= start:
            r = self.raw_offset(start)
            return r, r
        return self.raw_offset(start), self.raw_offset(end - 1) + 1


# -------------------------------------------------------------------- goldens


@dataclass(frozen=True)
class Entity:
    """A person, organisation, place... with the names it goes by in text."""

    id: str
    name: str
    type: str  # PERSON, ORG, GPE, NORP, EVENT, ...
    aliases: tuple[str, ...] = ()
    line: int | None = field(default=None, compare=False)  # layout, not content

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class GoldenEvidence:
    """Where annotators saw an assertion: a source id and the supporting text."""

    source: str
    text: str


@dataclass(frozen=True)
class Provenance:
    """Who made an assertion and where (Label Studio ids when it came from there)."""

    by: str | None = None
    at: str | None = None
    tool: str | None = None  # "hand", "label-studio"
    project: int | None = None
    task: int | None = None
    annotation: int | None = None


@dataclass(frozen=True)
class KnownDiscrepancy:
    """A reviewed difference between a source and the golden: reported, not failed."""

    source: str
    kind: FindingKind
    note: str


@dataclass(frozen=True, kw_only=True)
class Assertion:
    """One atomic golden fact. Subclasses add the fields of their kind."""

    kind: ClassVar[str] = "assertion"
    id: str
    statement: str
    required: bool = False
    evidence: tuple[GoldenEvidence, ...] = ()
    provenance: Provenance = field(default_factory=Provenance)
    known: tuple[KnownDiscrepancy, ...] = ()
    line: int | None = field(default=None, compare=False)  # line in its YAML file


@dataclass(frozen=True, kw_only=True)
class QuoteAssertion(Assertion):
    kind: ClassVar[str] = "quote"
    text: str
    speaker: str  # entity id
    tolerance: float = 0.0  # 0: exact words; up to 1: share of words that may differ


@dataclass(frozen=True, kw_only=True)
class NumberAssertion(Assertion):
    kind: ClassVar[str] = "number"
    low: float
    high: float  # a point value has low == high
    unit: str | None = None
    counts: str  # what is counted, e.g. "countries at the meeting"
    qualifier: str | None = None  # "around", "more than", "several thousand" ...
    keywords: tuple[str, ...] = ()  # words that identify the counted thing in text


@dataclass(frozen=True, kw_only=True)
class ClaimAssertion(Assertion):
    kind: ClassVar[str] = "claim"
    subject: str  # entity id
    predicate: str
    object: str | None = None  # entity id or literal
    time: str | None = None
    place: str | None = None  # entity id
    negated: bool = False


@dataclass(frozen=True)
class Golden:
    """A whole golden file: the story's entities and assertions."""

    story: str
    path: str
    entities: tuple[Entity, ...]
    assertions: tuple[Assertion, ...]
    sources: tuple[str, ...] = ()
    _by_id: dict[str, Entity] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        # looked up for every assertion x sentence: an index, not a scan
        object.__setattr__(self, "_by_id", {e.id: e for e in self.entities})

    def entity(self, entity_id: str) -> Entity:
        return self._by_id[entity_id]

    def has_entity(self, entity_id: str) -> bool:
        return entity_id in self._by_id


# ------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Evidence:
    """A sentence of a checked article and its character span in the cleaned text."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, d: dict[str, Any] | None) -> Evidence | None:
        return cls(d["text"], d["start"], d["end"]) if d else None


@dataclass(frozen=True)
class Finding:
    """A contradiction, misattribution or omission, explainable from its evidence."""

    kind: FindingKind
    assertion: str
    statement: str
    message: str
    expected: str
    found: str | None
    evidence: Evidence | None
    article: str = ""
    source: str | None = None
    known: bool = False  # a reviewed, recorded discrepancy

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "assertion": self.assertion,
            "statement": self.statement,
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
            "evidence": self.evidence.to_json() if self.evidence else None,
        }
        if self.known:
            out["known"] = True
        return out

    @classmethod
    def from_json(
        cls, d: dict[str, Any], *, article: str = "", source: str | None = None
    ) -> Finding:
        """The inverse of ``to_json``; ``article``/``source`` fill in what the dict lacks."""
        return cls(
            kind=d["kind"],
            assertion=d["assertion"],
            statement=d["statement"],
            message=d["message"],
            expected=d["expected"],
            found=d["found"],
            evidence=Evidence.from_json(d["evidence"]),
            article=d.get("article", article),
            source=d.get("source", source),
            known=bool(d.get("known")),
        )


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one assertion against one article."""

    assertion: str
    article: str
    status: Status
    evidence: Evidence | None = None
    finding: Finding | None = None
    reason: str = ""  # one line, for skips and the report


@dataclass(frozen=True)
class ArticleResult:
    """Every verdict for one checked article (a story source or a new article)."""

    path: str
    source: str | None  # the source id when the article is one of the story's sources
    verdicts: tuple[Verdict, ...] = ()
    new: bool = False  # added with --factcheck-article / `factcheck check`, not in the manifest
    error: str | None = None  # why the article could not be checked (then no verdicts)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(v.finding for v in self.verdicts if v.finding is not None)
