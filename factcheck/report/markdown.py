"""summary.md: counts and the findings list, short enough for a pull-request comment."""

from __future__ import annotations

from typing import Unpack

from factcheck.model import Finding
from factcheck.report.environment import environment
from factcheck.report.marks import excerpt
from factcheck.report.model import Column, ReportInputs, report_model


def render_markdown(*, limit: int = 50, **inputs: Unpack[ReportInputs]) -> str:
    """summary.md: counts and findings, short enough for a pull-request comment."""
    model = report_model(**inputs)

    def sentence(col: Column, f: Finding) -> str:
        """A finding's sentence for the summary: short, its differing words kept."""
        assert f.evidence is not None
        return excerpt(f.evidence.text, model.marks(col, f))

    template = environment().get_template("summary.md.j2")
    return template.render(m=model, limit=limit, sentence=sentence)
