"""summary.md: counts and the findings list, short enough for a pull-request comment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from factcheck.model import ArticleResult, CleanedText, Finding, Golden, Source
from factcheck.report.environment import environment
from factcheck.report.marks import excerpt, finding_marks
from factcheck.report.model import Column, report_model


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
        source = col.source.id if col.source else None
        return excerpt(f.evidence.text, finding_marks(by_id.get(f.assertion), source, f))

    return (
        environment().get_template("summary.md.j2").render(m=model, limit=limit, sentence=sentence)
    )
