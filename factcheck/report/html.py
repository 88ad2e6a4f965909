"""index.html: the self-contained page (inline CSS, JS and SVG; no network), with the
data its script needs, the marked sentences and the commands that record a finding as
reviewed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Unpack

from factcheck.model import Assertion, Finding
from factcheck.report.environment import environment
from factcheck.report.marks import evidence_marks
from factcheck.report.model import (
    STATUSES,
    Column,
    ReportInputs,
    ReportModel,
    StatusStyle,
    report_model,
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
                    source = col.source.id if col.source else None
                    marks = evidence_marks(a, source, v.evidence.text, found)
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


def render_html(**inputs: Unpack[ReportInputs]) -> str:
    """The self-contained index.html (inline CSS, JS and SVG; no network)."""
    from markupsafe import Markup

    model = report_model(**inputs)

    def marked(col: Column, f: Finding) -> Markup:
        """A finding's sentence as HTML, matched and differing words marked."""
        assert f.evidence is not None
        return marked_html(f.evidence.text, model.marks(col, f))

    col_index = {id(c): i for i, c in enumerate(model.columns)}
    top = [
        TopFinding(
            column=col,
            finding=f,
            assertion=model.by_id.get(f.assertion),
            row=model.rows.get(f.assertion, -1),
            col=col_index[id(col)],
            entry=known_entry(col.source.id, f.kind) if col.source is not None else None,
        )
        for col, f in model.findings
        if not f.known
    ]
    return (
        environment()
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
