"""The report's view model: assertions (rows, grouped by kind) x articles (columns), each
cell a status, with per-column counts and notes. Computed once, in a stable order; the
renderings only read it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Required, TypedDict, Unpack

from factcheck.model import (
    FINDING_KINDS,
    ArticleResult,
    Assertion,
    CleanedText,
    Finding,
    Golden,
    Source,
    Status,
    Verdict,
)
from factcheck.report.findings import StaleKnown, stale_known
from factcheck.report.marks import finding_marks

# ------------------------------------------------------------ statuses, kinds


@dataclass(frozen=True)
class StatusStyle:
    """How one status is shown: a symbol and a letter so colour is never the only cue."""

    status: Status
    symbol: str
    letter: str
    label: str
    colour: str  # Okabe-Ito palette: distinguishable with the common colour deficiencies


STATUSES: tuple[StatusStyle, ...] = (
    StatusStyle(Status.SUPPORTED, "✓", "S", "supported", "#009e73"),
    StatusStyle(Status.CONTRADICTED, "✗", "C", "contradicted", "#d55e00"),
    StatusStyle(Status.MISATTRIBUTED, "⇄", "M", "misattributed", "#cc79a7"),
    StatusStyle(Status.OMITTED, "∅", "O", "omitted", "#e69f00"),
    StatusStyle(Status.NOT_COVERED, "–", "N", "not covered", "#c9c9c9"),
)
_STATUS_INDEX = {s.status: i for i, s in enumerate(STATUSES)}

#: Row groups of the matrix, in this order; kinds not listed follow alphabetically.
KIND_ORDER = ("quote", "number", "claim")
KIND_TITLES = {
    "required": "Required facts",
    "quote": "Quotes",
    "number": "Numbers",
    "claim": "Claims",
}
#: The matrix's first row group: required facts of every kind.
REQUIRED = "required"
FINDING_TITLES = {
    "contradiction": "Contradictions",
    "misattribution": "Misattributions",
    "omission": "Omissions",
}


# ------------------------------------------------------------- view model


class ReportInputs(TypedDict, total=False):
    """What one story's report is made from: the keyword arguments of ``report_model``, the
    renderings and ``write_report``, and one item of ``write_reports``."""

    story: Required[str]
    golden: Required[Golden]
    sources: Required[Sequence[Source]]
    results: Required[Sequence[ArticleResult]]
    cleaning: Mapping[str, CleanedText] | None  # what cleaning removed, by source id or path
    generated: str | None  # when, shown in the header (none: byte-identical reruns)
    title: str | None  # the manifest's title


@dataclass(frozen=True)
class Column:
    """One matrix column: a story source, or a newly checked article."""

    label: str
    source: Source | None
    result: ArticleResult | None
    new: bool
    path: str | None = None
    counts: tuple[int, ...] = ()  # per STATUSES, checked cells only
    unchecked: int = 0  # cells without a verdict: the assertion was not run on this article
    removed: tuple[tuple[str, int, int], ...] = ()  # (reason, blocks, chars)
    duplicates: tuple[str, ...] = ()  # the first words of each duplicated block
    known: tuple[tuple[str, str, str], ...] = ()  # (assertion id, kind, note)
    reviewed: int = 0  # cells holding a reviewed (known) discrepancy
    cleaned: bool = False  # whether what cleaning removed is known for this article
    why: str = "no result for this source"  # shown when the column was not checked


@dataclass(frozen=True)
class Cell:
    status: int  # index into STATUSES
    verdict: Verdict | None  # None: not checked (no result, or the item was not selected)
    known: bool = False


@dataclass(frozen=True)
class Row:
    assertion: Assertion
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Group:
    kind: str
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class ReportModel:
    story: str
    title: str | None
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]
    finding_counts: dict[str, int]  # by kind, reviewed (known) ones excluded
    known_counts: dict[str, int]
    findings: tuple[tuple[Column, Finding], ...]
    generated: str | None = None
    assertions: int = 0
    notes: tuple[str, ...] = field(default=())
    kinds: tuple[tuple[str, str], ...] = ()  # (kind, title) for the kind filter
    stale: tuple[StaleKnown, ...] = ()
    rows: dict[str, int] = field(default_factory=dict)  # assertion id -> matrix row index
    by_id: dict[str, Assertion] = field(default_factory=dict)  # the golden's assertions

    def marks(self, col: Column, finding: Finding) -> list[tuple[int, int, str]]:
        """The marked words of a finding's sentence in column ``col``."""
        source = col.source.id if col.source else None
        return finding_marks(self.by_id.get(finding.assertion), source, finding)


def _kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind, kind.capitalize() + "s")


def _kind_key(kind: str) -> tuple[int, str]:
    return (KIND_ORDER.index(kind), "") if kind in KIND_ORDER else (len(KIND_ORDER), kind)


#: A column before its counts: (label, source, result, new).
_Col = tuple[str, Source | None, ArticleResult | None, bool]


def _columns(sources: Sequence[Source], results: Sequence[ArticleResult]) -> list[_Col]:
    by_source: dict[str, ArticleResult] = {}
    for r in results:
        if r.source is not None and not r.new:
            by_source.setdefault(r.source, r)
    known_ids = {s.id for s in sources}
    cols: list[_Col] = [(s.id, s, by_source.get(s.id), False) for s in sources]
    for r in results:
        if r.new or r.source is None or r.source not in known_ids:
            cols.append((r.source or PurePath(r.path).name or r.path, None, r, True))
        elif by_source.get(r.source) is not r:
            # A second result for one source: show it rather than drop it silently.
            cols.append((f"{r.source} ({PurePath(r.path).name})", None, r, True))
    return cols


@dataclass
class _Matrix:
    """The cells by row group, and per column its status counts, unchecked and reviewed
    cells."""

    groups: dict[str, list[Row]]
    counts: list[list[int]]
    unchecked: list[int]
    reviewed: list[int]


def _matrix(golden: Golden, cols: list[_Col]) -> _Matrix:
    verdicts = [
        {v.assertion: v for v in r.verdicts} if r is not None else {} for _, _, r, _ in cols
    ]
    known_by = {(a.id, k.source) for a in golden.assertions for k in a.known}
    # Required facts form the first group: a full article missing one is the first thing a
    # reviewer needs, and it must not sit below dozens of quote rows.
    ordered = sorted(
        enumerate(golden.assertions),
        key=lambda ia: (not ia[1].required, _kind_key(ia[1].kind), ia[0]),
    )
    m = _Matrix({}, [[0] * len(STATUSES) for _ in cols], [0] * len(cols), [0] * len(cols))
    for _, a in ordered:
        cells = []
        for ci, (_, src, _, _) in enumerate(cols):
            v = verdicts[ci].get(a.id)
            status = v.status if v is not None else Status.NOT_COVERED
            idx = _STATUS_INDEX.get(Status(status), _STATUS_INDEX[Status.NOT_COVERED])
            known = bool(v and v.finding and v.finding.known) or (
                src is not None and (a.id, src.id) in known_by and idx not in (0, 4)
            )
            if v is None:
                m.unchecked[ci] += 1
            else:
                m.counts[ci][idx] += 1
            m.reviewed[ci] += known
            cells.append(Cell(idx, v, known))
        m.groups.setdefault(REQUIRED if a.required else a.kind, []).append(Row(a, tuple(cells)))
    return m


def _cleaning_notes(
    cleaned: CleanedText | None,
) -> tuple[tuple[tuple[str, int, int], ...], tuple[str, ...]]:
    """What cleaning removed, (reason, blocks, chars) by reason, and the duplicated blocks."""
    if cleaned is None:
        return (), ()
    blocks = Counter(r.reason for r in cleaned.removed)
    chars: Counter[str] = Counter()
    for r in cleaned.removed:
        chars[r.reason] += len(r.text)
    removed = tuple((reason, blocks[reason], chars[reason]) for reason in sorted(blocks))
    duplicates = tuple(" ".join(r.text.split()) for r in cleaned.removed if r.reason == "duplicate")
    return removed, duplicates


def _column(
    col: _Col, ci: int, m: _Matrix, golden: Golden, cleaning: Mapping[str, CleanedText]
) -> Column:
    label, src, res, new = col
    path = res.path if res is not None else None
    key = src.id if src is not None else (path or label)
    cleaned = cleaning.get(key) or (cleaning.get(path) if path is not None else None)
    removed, duplicates = _cleaning_notes(cleaned)
    known = tuple(
        (a.id, k.kind, k.note)
        for a in golden.assertions
        for k in a.known
        if src is not None and k.source == src.id
    )
    why = Column.why
    if res is not None and res.error is not None:
        why, res = res.error, None  # an article that errored is not checked, never "clean"
    return Column(
        label=label,
        source=src,
        result=res,
        why=why,
        new=new,
        path=path,
        counts=tuple(m.counts[ci]),
        unchecked=m.unchecked[ci],
        removed=removed,
        duplicates=duplicates,
        known=known,
        reviewed=m.reviewed[ci],
        cleaned=cleaned is not None,
    )


def _findings(
    columns: Sequence[Column], golden: Golden
) -> tuple[dict[str, int], dict[str, int], list[tuple[Column, Finding]]]:
    """Finding counts by kind (unreviewed, reviewed) and every finding, most urgent first."""
    finding_counts = dict.fromkeys(FINDING_KINDS, 0)
    known_counts = dict.fromkeys(FINDING_KINDS, 0)
    findings: list[tuple[Column, Finding]] = []
    for col in columns:
        if col.result is None:
            continue
        for f in col.result.findings:
            target = known_counts if f.known else finding_counts
            target[f.kind] = target.get(f.kind, 0) + 1
            findings.append((col, f))
    kind_rank = {k: i for i, k in enumerate(FINDING_KINDS)}
    required = {a.id for a in golden.assertions if a.required}
    findings.sort(
        key=lambda cf: (cf[1].known, cf[1].assertion not in required, kind_rank.get(cf[1].kind, 99))
    )
    return finding_counts, known_counts, findings


def report_model(**inputs: Unpack[ReportInputs]) -> ReportModel:
    """Everything the templates show, computed once and in a stable order."""
    golden, results = inputs["golden"], inputs["results"]
    cols = _columns(inputs["sources"], results)
    m = _matrix(golden, cols)
    cleaning = inputs.get("cleaning") or {}
    columns = [_column(c, ci, m, golden, cleaning) for ci, c in enumerate(cols)]
    finding_counts, known_counts, findings = _findings(columns, golden)
    kinds = sorted({a.kind for a in golden.assertions}, key=_kind_key)
    group_order = ([REQUIRED] if REQUIRED in m.groups else []) + [k for k in kinds if k in m.groups]
    rows = [row.assertion.id for k in group_order for row in m.groups[k]]
    return ReportModel(
        story=inputs["story"],
        title=inputs.get("title"),
        columns=tuple(columns),
        groups=tuple(Group(k, _kind_title(k), tuple(m.groups[k])) for k in group_order),
        kinds=tuple((k, _kind_title(k)) for k in kinds),
        stale=tuple(stale_known(golden, results)),
        rows={a: i for i, a in enumerate(rows)},
        finding_counts=finding_counts,
        known_counts=known_counts,
        findings=tuple(findings),
        generated=inputs.get("generated"),
        assertions=len(golden.assertions),
        by_id={a.id: a for a in golden.assertions},
    )
