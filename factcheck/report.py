"""Findings -> text / JSON / Markdown / HTML.

``findings_document`` is the JSON contract of ``factcheck check --format json``
and ``reports/findings.json`` (see the SPEC). ``write_report`` writes the three
report files; the ``render_*`` functions are pure functions of their inputs, so
the same inputs give byte-identical files (no timestamp unless asked for).
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from difflib import SequenceMatcher
from functools import cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from factcheck._fs import atomic_write
from factcheck._text import COMMON_WORDS, DIFF_WORD_RE
from factcheck.model import (
    FINDING_KINDS,
    ArticleResult,
    Assertion,
    CleanedText,
    Finding,
    Golden,
    QuoteAssertion,
    Source,
    Status,
    Verdict,
)

if TYPE_CHECKING:
    from pathlib import Path

    import jinja2

__all__ = [
    "STATUSES",
    "StaleKnown",
    "excerpt",
    "findings_document",
    "findings_json",
    "known_entry",
    "mark_words",
    "render_html",
    "render_markdown",
    "render_text",
    "report_model",
    "review_command",
    "stale_entries",
    "stale_known",
    "write_report",
]


def findings_document(
    story: str, results: Iterable[ArticleResult], golden: Golden | None = None
) -> dict[str, Any]:
    """The SPEC's JSON document for a set of checked articles.

    With ``golden``, ``stale_known`` lists the reviewed (``known``) entries that no
    finding matches any more, so a fixed article does not keep an excuse on record.
    """
    results = list(results)
    stale = (
        {"stale_known": [s.to_json() for s in stale_known(golden, results)]}
        if golden is not None
        else {}
    )
    return {
        "story": story,
        "articles": [
            {
                "path": r.path,
                "source": r.source,
                "findings": [f.to_json() for f in r.findings],
                # an article that could not be checked says so: never an empty "no findings"
                **({"checked": False, "error": r.error} if r.error is not None else {}),
            }
            for r in results
        ],
        **stale,
    }


def findings_json(
    story: str, results: Iterable[ArticleResult], golden: Golden | None = None
) -> str:
    """``findings_document`` as the text written to findings.json (stable layout)."""
    doc = findings_document(story, results, golden)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class StaleKnown:
    """A ``known`` entry of the golden file that no finding matches any more."""

    assertion: str
    source: str
    kind: str
    note: str
    line: int | None  # the assertion's line in its YAML file
    now: str  # the status the engine now gives that assertion in that source

    def to_json(self) -> dict[str, Any]:
        return {
            "assertion": self.assertion,
            "source": self.source,
            "kind": self.kind,
            "note": self.note,
            "line": self.line,
            "now": self.now,
        }

    def describe(self) -> str:
        where = f" (line {self.line})" if self.line else ""
        return (
            f"stale known entry: {self.assertion}{where} [{self.source}] records a "
            f"{self.kind}, but the article is now {self.now}; remove the entry"
        )


def stale_known(golden: Golden, results: Iterable[ArticleResult]) -> list[StaleKnown]:
    """Known entries whose source was checked and no longer shows that kind of finding.

    Only verdicts that exist count: an assertion not run in this selection (pytest -k,
    an article that errored) says nothing about its known entries.
    """
    by_source: dict[str, ArticleResult] = {}
    for r in results:
        if r.source is not None and not r.new and r.error is None:
            by_source.setdefault(r.source, r)
    out = []
    for a in golden.assertions:
        for source in sorted({k.source for k in a.known}):
            if source in by_source:
                out += stale_entries(a, by_source[source])
    return out


def stale_entries(assertion: Assertion, result: ArticleResult) -> list[StaleKnown]:
    """The known entries of one assertion for ``result``'s source that no finding matches."""
    if result.source is None or result.new or result.error is not None:
        return []
    verdicts = [v for v in result.verdicts if v.assertion == assertion.id]
    if not verdicts:
        return []  # not run here: nothing to say
    kinds = {v.finding.kind for v in verdicts if v.finding is not None}
    now = Status(verdicts[0].status).value
    return [
        StaleKnown(assertion.id, k.source, k.kind, k.note, assertion.line, now)
        for k in assertion.known
        if k.source == result.source and k.kind not in kinds
    ]


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


# ----------------------------------------------------------- word marking

_WORD, _STOPWORDS = DIFF_WORD_RE, COMMON_WORDS  # factcheck._text: one home for words


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def mark_words(
    sentence: str, reference: str, found: str | None = None, *, ordered: bool = False
) -> list[tuple[int, int, str]]:
    """Spans of ``sentence`` to highlight: ``"m"`` matches the golden text, ``"d"`` differs.

    ``reference`` is the golden text the sentence was compared with. With ``ordered``
    (quotes: the words and their order matter) words are aligned, and sentence words
    left unmatched between the first and last match are marked as differing. The
    ``found`` value of a finding (a wrong number, speaker, place...) is marked as
    differing wherever it occurs. Spans are sorted, disjoint, character offsets.
    """
    cls: dict[int, str] = {}  # word index in sentence -> class
    words = _words(sentence)
    ref = _words(reference)
    ref_set = {w for _, _, w in ref}
    if ordered and ref and words:
        sm = SequenceMatcher(None, [w for *_, w in ref], [w for *_, w in words], autojunk=False)
        blocks = [
            b
            for b in sm.get_matching_blocks()
            if b.size >= 2 or (b.size == 1 and words[b.b][2] not in _STOPWORDS)
        ]
        if blocks:
            for b in blocks:
                for j in range(b.b, b.b + b.size):
                    cls[j] = "m"
            first, last = blocks[0].b, blocks[-1].b + blocks[-1].size
            for j in range(first, last):
                cls.setdefault(j, "d")
    else:
        for j, (_, _, w) in enumerate(words):
            if w in ref_set and w not in _STOPWORDS:
                cls[j] = "m"
    if found:
        needle = found.strip().lower()
        hay = sentence.lower()
        hits = [m.start() for m in re.finditer(re.escape(needle), hay)] if needle else []
        if hits:
            # Inside the found text, only the words the golden text lacks differ: an
            # altered quote marks 'up' in "step up our support", not the whole quote.
            for j, (s, e, w) in enumerate(words):
                if w not in ref_set and any(h < e and s < h + len(needle) for h in hits):
                    cls[j] = "d"
        else:
            found_set = {w for _, _, w in _words(found)} - ref_set - _STOPWORDS
            for j, (_, _, w) in enumerate(words):
                if w in found_set:
                    cls[j] = "d"
    spans: list[tuple[int, int, str]] = []
    for j in sorted(cls):
        s, e, _ = words[j]
        c = cls[j]
        # Merge neighbours of one class across the spaces/punctuation between them.
        if spans and spans[-1][2] == c and not sentence[spans[-1][1] : s].strip(" ,;:"):
            spans[-1] = (spans[-1][0], e, c)
        else:
            spans.append((s, e, c))
    return spans


def reference_text(assertion: Assertion, source: str | None = None) -> str:
    """The golden text an article sentence is compared with, for marking words."""
    if isinstance(assertion, QuoteAssertion):
        return assertion.text
    texts = [e.text for e in assertion.evidence if e.source == source] or [
        e.text for e in assertion.evidence
    ]
    return " ".join([assertion.statement, *texts])


# ------------------------------------------------------------- view model


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


def _kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind, kind.capitalize() + "s")


def _kind_key(kind: str) -> tuple[int, str]:
    return (KIND_ORDER.index(kind), "") if kind in KIND_ORDER else (len(KIND_ORDER), kind)


def _columns(
    sources: Sequence[Source], results: Sequence[ArticleResult]
) -> list[tuple[str, Source | None, ArticleResult | None, bool]]:
    by_source: dict[str, ArticleResult] = {}
    for r in results:
        if r.source is not None and not r.new:
            by_source.setdefault(r.source, r)
    known_ids = {s.id for s in sources}
    cols: list[tuple[str, Source | None, ArticleResult | None, bool]] = [
        (s.id, s, by_source.get(s.id), False) for s in sources
    ]
    for r in results:
        if r.new or r.source is None or r.source not in known_ids:
            cols.append((r.source or PurePath(r.path).name or r.path, None, r, True))
        elif by_source.get(r.source) is not r:
            # A second result for one source: show it rather than drop it silently.
            cols.append((f"{r.source} ({PurePath(r.path).name})", None, r, True))
    return cols


def report_model(
    *,
    story: str,
    golden: Golden,
    sources: Sequence[Source],
    results: Sequence[ArticleResult],
    cleaning: Mapping[str, CleanedText] | None = None,
    generated: str | None = None,
    title: str | None = None,
) -> ReportModel:
    """Everything the templates show, computed once and in a stable order."""
    cleaning = cleaning or {}
    cols = _columns(sources, results)
    verdicts = [
        {v.assertion: v for v in r.verdicts} if r is not None else {} for _, _, r, _ in cols
    ]
    known_by: dict[tuple[str, str], bool] = {}
    for a in golden.assertions:
        for k in a.known:
            known_by[(a.id, k.source)] = True

    # Required facts form the first group: a full article missing one is the first thing a
    # reviewer needs, and it must not sit below dozens of quote rows.
    ordered = sorted(
        enumerate(golden.assertions),
        key=lambda ia: (not ia[1].required, _kind_key(ia[1].kind), ia[0]),
    )
    counts = [[0] * len(STATUSES) for _ in cols]
    unchecked = [0] * len(cols)
    reviewed = [0] * len(cols)
    groups: dict[str, list[Row]] = {}
    for _, a in ordered:
        cells = []
        for ci, (_, src, _, _) in enumerate(cols):
            v = verdicts[ci].get(a.id)
            status = v.status if v is not None else Status.NOT_COVERED
            idx = _STATUS_INDEX.get(Status(status), _STATUS_INDEX[Status.NOT_COVERED])
            known = bool(v and v.finding and v.finding.known) or (
                src is not None and known_by.get((a.id, src.id), False) and idx not in (0, 4)
            )
            if v is None:
                unchecked[ci] += 1
            else:
                counts[ci][idx] += 1
            reviewed[ci] += known
            cells.append(Cell(idx, v, known))
        groups.setdefault(REQUIRED if a.required else a.kind, []).append(Row(a, tuple(cells)))

    columns: list[Column] = []
    for ci, (label, src, res, new) in enumerate(cols):
        key = src.id if src is not None else (res.path if res is not None else label)
        cleaned = cleaning.get(key) or (cleaning.get(res.path) if res is not None else None)
        removed: tuple[tuple[str, int, int], ...] = ()
        duplicates: tuple[str, ...] = ()
        if cleaned is not None:
            blocks = Counter(r.reason for r in cleaned.removed)
            chars = Counter()
            for r in cleaned.removed:
                chars[r.reason] += len(r.text)
            removed = tuple((reason, blocks[reason], chars[reason]) for reason in sorted(blocks))
            duplicates = tuple(
                " ".join(r.text.split()) for r in cleaned.removed if r.reason == "duplicate"
            )
        known = tuple(
            (a.id, k.kind, k.note)
            for a in golden.assertions
            for k in a.known
            if src is not None and k.source == src.id
        )
        why = Column.why
        if res is not None and res.error is not None:
            why, res = res.error, None  # an article that errored is not checked, never "clean"
        columns.append(
            Column(
                label=label,
                source=src,
                result=res,
                why=why,
                new=new,
                path=cols[ci][2].path if cols[ci][2] is not None else None,
                counts=tuple(counts[ci]),
                unchecked=unchecked[ci],
                removed=removed,
                duplicates=duplicates,
                known=known,
                reviewed=reviewed[ci],
                cleaned=cleaned is not None,
            )
        )

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
    kinds = sorted({a.kind for a in golden.assertions}, key=_kind_key)
    group_order = ([REQUIRED] if REQUIRED in groups else []) + [k for k in kinds if k in groups]
    row_of = {}
    for k in group_order:
        for row in groups[k]:
            row_of[row.assertion.id] = len(row_of)
    return ReportModel(
        story=story,
        title=title,
        columns=tuple(columns),
        groups=tuple(Group(k, _kind_title(k), tuple(groups[k])) for k in group_order),
        kinds=tuple((k, _kind_title(k)) for k in kinds),
        stale=tuple(stale_known(golden, results)),
        rows=row_of,
        finding_counts=finding_counts,
        known_counts=known_counts,
        findings=tuple(findings),
        generated=generated,
        assertions=len(golden.assertions),
    )


def _page_data(model: ReportModel) -> dict[str, Any]:
    """What the page's script needs: per cell its verdict, evidence and marked words."""
    rows = []
    for g in model.groups:
        for row in g.rows:
            a = row.assertion
            cells = []
            for col, cell in zip(model.columns, row.cells, strict=True):
                v = cell.verdict
                ev = None
                fi = None
                if v is not None and v.evidence is not None:
                    found = v.finding.found if v.finding is not None else None
                    marks = mark_words(
                        v.evidence.text,
                        reference_text(a, col.source.id if col.source else None),
                        found,
                        ordered=isinstance(a, QuoteAssertion),
                    )
                    ev = [v.evidence.text, v.evidence.start, v.evidence.end, marks]
                if v is not None and v.finding is not None:
                    f = v.finding
                    fi = [f.kind, f.message, f.expected, f.found, f.known]
                # -1: not checked, a status no filter matches
                status = cell.status if v is not None else -1
                cells.append([status, v.reason if v is not None else "not checked", ev, fi])
            rows.append(
                {
                    "id": a.id,
                    "kind": a.kind,
                    "req": a.required,
                    "st": a.statement,
                    "gold": [[e.source, e.text] for e in a.evidence],
                    "known": [[k.source, k.kind, k.note] for k in a.known],
                    "cells": cells,
                }
            )
    return {
        "statuses": [[s.status.value, s.symbol, s.label] for s in STATUSES],
        "cols": [
            [
                c.label,
                c.source.outlet if c.source else (c.path or ""),
                c.new,
                c.result is not None,
            ]
            for c in model.columns
        ],
        "rows": rows,
    }


def script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no ``<!--``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# -------------------------------------------------------------- rendering

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(value: object) -> str:
    """Text for GitHub Markdown: one line, HTML-escaped, Markdown punctuation escaped."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _truncate(value: object, limit: int = 160) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def excerpt(text: str, spans: Sequence[tuple[int, int, str]], limit: int = 240) -> str:
    """At most ``limit`` characters of a sentence, one line, keeping its differing words.

    A long quotation misattributed at its end would otherwise lose the very words
    ("... Ortiz said") that make the finding; the cut moves to keep them in view.
    """
    collapsed = " ".join(text.split())
    if len(collapsed) <= limit:
        return collapsed
    differing = [(a, b) for a, b, c in spans if c == "d"]
    if not differing:
        return _truncate(text, limit)
    first, last = differing[0][0], differing[-1][1]
    # The window ends a little after the last differing word and, if it can, starts
    # before the first; one-character ellipses mark the cuts.
    if last + 40 <= limit - 1:
        start, end = 0, limit - 1
    elif last + 40 >= len(text):
        start, end = len(text) - (limit - 1), len(text)
    else:
        end = last + 40
        start = end - (limit - 2)
    if start > first:
        start, end = first, min(len(text), first + limit - 2)
    while start > 0 and not text[start - 1].isspace() and start < first:
        start += 1  # begin on a word
    while end < len(text) and not text[end].isspace() and end > last:
        end -= 1  # end on a word
    piece = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")


@cache
def _environment() -> jinja2.Environment:
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("factcheck", "templates"),
        autoescape=True,  # every template, .md included: article text is never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda v: Markup(md_escape(v))
    env.filters["truncate_words"] = _truncate
    env.globals["asset"] = _asset
    env.globals["STATUSES"] = STATUSES
    env.globals["FINDING_TITLES"] = FINDING_TITLES
    return env


def _asset(name: str) -> Any:
    """Our own CSS/JS, inlined verbatim (not a template: braces in JS stay braces)."""
    from importlib.resources import files

    from markupsafe import Markup

    return Markup((files("factcheck") / "templates" / name).read_text(encoding="utf-8"))


def render_html(
    *,
    story: str,
    golden: Golden,
    sources: Sequence[Source],
    results: Sequence[ArticleResult],
    cleaning: Mapping[str, CleanedText] | None = None,
    generated: str | None = None,
    title: str | None = None,
) -> str:
    """The self-contained index.html (inline CSS, JS and SVG; no network)."""
    from markupsafe import Markup

    model = report_model(
        story=story,
        golden=golden,
        sources=sources,
        results=results,
        cleaning=cleaning,
        generated=generated,
        title=title,
    )
    by_id = {a.id: a for a in golden.assertions}

    def marked(col: Column, f: Finding) -> Markup:
        """A finding's sentence as HTML, matched and differing words marked."""
        assert f.evidence is not None
        a = by_id.get(f.assertion)
        spans = (
            mark_words(
                f.evidence.text,
                reference_text(a, col.source.id if col.source else None),
                f.found,
                ordered=isinstance(a, QuoteAssertion),
            )
            if a is not None
            else []
        )
        return marked_html(f.evidence.text, spans)

    col_index = {id(c): i for i, c in enumerate(model.columns)}
    top = [
        TopFinding(
            column=col,
            finding=f,
            assertion=by_id.get(f.assertion),
            row=model.rows.get(f.assertion, -1),
            col=col_index[id(col)],
            entry=known_entry(col.source.id, f.kind) if col.source is not None else None,
        )
        for col, f in model.findings
        if not f.known
    ]
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            m=model,
            top=top,
            data_json=Markup(script_json(_page_data(model))),
            bar=_bar,
            marked=marked,
            review_command=review_command,
        )
    )


@dataclass(frozen=True)
class TopFinding:
    """One unreviewed finding in the summary at the top of the page."""

    column: Column
    finding: Finding
    assertion: Assertion | None
    row: int  # matrix row (data-r) of its cell
    col: int  # matrix column (data-c) of its cell
    entry: str | None  # the `known` item that records it as reviewed (sources only)


def known_entry(source: str, kind: str) -> str:
    """The YAML item to add under an assertion's ``known:`` to record a finding as reviewed:
    the very text ``factcheck review`` inserts (factcheck.review), so both give one file."""
    from factcheck.review import NOTE_PLACEHOLDER, entry_yaml

    return entry_yaml(source, kind, NOTE_PLACEHOLDER)


def review_command(story: str, source: str, finding: Finding) -> str:
    """The shell command that records ``finding`` as reviewed in the golden file."""
    import shlex

    from factcheck.review import NOTE_PLACEHOLDER

    return " ".join(
        [
            "factcheck review",
            shlex.quote(source),
            f"--story {shlex.quote(story)}",
            f"--assertion {shlex.quote(finding.assertion)}",
            f"--kind {finding.kind}",
            f"--note {shlex.quote(NOTE_PLACEHOLDER)}",
        ]
    )


def marked_html(text: str, spans: Sequence[tuple[int, int, str]]) -> Any:
    """``text`` HTML-escaped, with ``mark_words`` spans wrapped in ``<mark class=...>``."""
    from markupsafe import Markup, escape

    out: list[str] = []
    at = 0
    for start, end, cls in spans:
        out.append(str(escape(text[at:start])))
        out.append(f'<mark class="{escape(cls)}">{escape(text[start:end])}</mark>')
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


def _bar(
    counts: Sequence[int], width: int = 320, total: int = 0
) -> list[tuple[float, float, StatusStyle, int]]:
    """Stacked bar segments (x, width, style, count) for one column's status counts.

    ``total``: the bar's full length in cells; what the counts leave (cells not checked)
    stays empty.
    """
    total = max(total, sum(counts)) or 1
    x = 0.0
    out = []
    for style, n in zip(STATUSES, counts, strict=True):
        if n:
            w = width * n / total
            out.append((round(x, 2), round(w, 2), style, n))
            x += w
    return out


def render_markdown(
    *,
    story: str,
    golden: Golden,
    sources: Sequence[Source],
    results: Sequence[ArticleResult],
    cleaning: Mapping[str, CleanedText] | None = None,
    generated: str | None = None,
    title: str | None = None,
    limit: int = 50,
) -> str:
    """summary.md: counts and findings, short enough for a pull-request comment."""
    model = report_model(
        story=story,
        golden=golden,
        sources=sources,
        results=results,
        cleaning=cleaning,
        generated=generated,
        title=title,
    )
    by_id = {a.id: a for a in golden.assertions}

    def sentence(col: Column, f: Finding) -> str:
        """A finding's sentence for the summary: short, its differing words kept."""
        assert f.evidence is not None
        a = by_id.get(f.assertion)
        spans = (
            mark_words(
                f.evidence.text,
                reference_text(a, col.source.id if col.source else None),
                f.found,
                ordered=isinstance(a, QuoteAssertion),
            )
            if a is not None
            else []
        )
        return excerpt(f.evidence.text, spans)

    return (
        _environment().get_template("summary.md.j2").render(m=model, limit=limit, sentence=sentence)
    )


def render_text(
    story: str,
    results: Sequence[ArticleResult],
    *,
    width: int | None = None,
    limit: int = 15,
    stale: Sequence[StaleKnown] = (),
) -> str:
    """Plain text: the counts, then each finding (the first ``limit``), then stale entries.

    Nothing is ever cut: with ``width`` (a terminal's) long lines wrap under an indent;
    without it (a pipe, a file) each line is whole, for grep and for the reader's pager.
    """
    findings = [(r, f) for r in results for f in r.findings]
    counts = Counter(f.kind for _, f in findings if not f.known)
    known = sum(f.known for _, f in findings)
    with_findings = sum(1 for r in results if any(not f.known for f in r.findings))
    parts = ", ".join(f"{counts[k]} {k}" for k in FINDING_KINDS if counts[k])
    total = sum(counts.values())
    failed = [r for r in results if r.error is not None]
    checked = len(results) - len(failed)
    head = f"{story}: {total} finding(s) in {with_findings} of {checked} article(s)"
    if parts:
        head += f" ({parts})"
    if known:
        head += f"; {known} reviewed discrepanc{'y' if known == 1 else 'ies'} not counted"
    if failed:
        head += f"; {len(failed)} article(s) NOT CHECKED"
    if stale:
        head += f"; {len(stale)} stale known entr{'y' if len(stale) == 1 else 'ies'}"
    lines = _wrap(head, width, "  ")
    for r in failed:
        lines += _wrap(f"{'NOT CHECKED':<15} {r.source or r.path}: {r.error}", width, " " * 16)
    rank = {k: i for i, k in enumerate(FINDING_KINDS)}
    findings.sort(key=lambda rf: (rf[1].known, rank.get(rf[1].kind, 99)))
    for r, f in findings[:limit]:
        who = r.source or PurePath(r.path).name
        tag = f.kind.upper() + (" (reviewed)" if f.known else "")
        lines += _wrap(f"{tag:<15} {who} · {f.assertion}: {f.message}", width, " " * 16)
        detail = f'    expected "{f.expected}"' + (f', found "{f.found}"' if f.found else "")
        if f.evidence is not None:
            detail += f" · in: {' '.join(f.evidence.text.split())}"
        lines += _wrap(detail, width, " " * 6)
    if len(findings) > limit:
        lines.append(f"... and {len(findings) - limit} more (use --format json or the report)")
    for st in stale:
        lines += _wrap(f"{'STALE KNOWN':<15} {st.describe()}", width, " " * 16)
    return "\n".join(lines) + "\n"


def _wrap(line: str, width: int | None, indent: str) -> list[str]:
    # Terminal control characters from article text must not reach the terminal.
    line = "".join(ch if ch.isprintable() else " " for ch in line)
    if width is None or len(line) <= width:
        return [line]
    first_indent = line[: len(line) - len(line.lstrip(" "))]
    return textwrap.wrap(
        line.strip(" "),
        width,
        initial_indent=first_indent,
        subsequent_indent=indent,
        break_long_words=True,
        break_on_hyphens=False,
    )


# ---------------------------------------------------------------- writing


def write_report(
    out_dir: Path,
    *,
    story: str,
    golden: Golden,
    sources: Sequence[Source],
    results: Sequence[ArticleResult],
    cleaning: Mapping[str, CleanedText] | None = None,
    timestamp: bool = False,
    title: str | None = None,
) -> dict[str, Path]:
    """Write index.html, summary.md and findings.json into ``out_dir``; return their paths.

    Each file is written atomically (a temporary file renamed over the old one), so
    an interrupted run leaves the previous report intact.
    """
    from pathlib import Path

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC") if timestamp else None
    common: dict[str, Any] = {
        "story": story,
        "golden": golden,
        "sources": sources,
        "results": results,
        "cleaning": cleaning,
        "generated": generated,
        "title": title,
    }
    files = {
        "index.html": render_html(**common),
        "summary.md": render_markdown(**common),
        "findings.json": findings_json(story, results, golden),
    }
    written = {}
    for name, text in files.items():
        written[name] = atomic_write(out / name, text)
    return written
