"""Findings -> text / JSON / Markdown / HTML.

``findings_document`` is the JSON contract of ``factcheck check --format json``
and ``reports/<story>/findings.json`` (see the SPEC). ``write_report`` writes the
three report files; the ``render_*`` functions are pure functions of their inputs,
so the same inputs give byte-identical files (no timestamp unless asked for).

By job:

- ``findings.py``: the JSON document; ``known`` entries no finding matches any more.
- ``marks.py``: the words of a sentence that match or differ from the golden text;
  an excerpt that keeps the differing words.
- ``model.py``: the view model (assertions x articles, statuses, counts, notes).
- ``environment.py``: the Jinja2 environment of the templates (``factcheck/templates``).
- ``html.py``, ``markdown.py``, ``text.py``: the three renderings.
- ``writer.py``: the files on disk, written atomically: one folder per story.
- ``index.py``: the index page over the story folders (``templates/stories.html.j2``).
"""

from __future__ import annotations

from factcheck.report.findings import (
    StaleKnown,
    findings_document,
    findings_json,
    stale_entries,
    stale_known,
)
from factcheck.report.html import known_entry, render_html, review_command
from factcheck.report.index import StoryEntry, render_index, write_index
from factcheck.report.markdown import render_markdown
from factcheck.report.marks import excerpt, mark_words
from factcheck.report.model import STATUSES, ReportInputs, report_model
from factcheck.report.text import render_text
from factcheck.report.writer import write_report, write_reports

__all__ = [
    "STATUSES",
    "ReportInputs",
    "StaleKnown",
    "StoryEntry",
    "excerpt",
    "findings_document",
    "findings_json",
    "known_entry",
    "mark_words",
    "render_html",
    "render_index",
    "render_markdown",
    "render_text",
    "report_model",
    "review_command",
    "stale_entries",
    "stale_known",
    "write_index",
    "write_report",
    "write_reports",
]
