"""Plain text for the terminal: the counts, the findings, stale ``known`` entries."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath

from factcheck.model import FINDING_KINDS, ArticleResult
from factcheck.report.findings import StaleKnown


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
