"""What an item's verdicts mean for pytest (pass, fail, skip, warn; the failure's
diff), and the report written from the results the items carried."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from factcheck.errors import FactcheckError
from factcheck.model import Status

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.model import ArticleResult, Golden, Verdict
    from factcheck.plugin import _State


PROPERTY = "factcheck"


class FactcheckWarning(pytest.PytestWarning):
    """An omission reported with ``--factcheck-omissions=warn``."""


class StaleKnownWarning(FactcheckWarning):
    """A ``known`` entry of the golden file that no finding matches any more."""


class FactcheckFailure(Exception):
    """Raised by an item whose article contradicts, misattributes or omits a fact."""

    def __init__(self, verdicts: list[Verdict]) -> None:
        super().__init__(verdicts[0].reason if verdicts else "")
        self.verdicts = verdicts


# ---------------------------------------------------------------- outcomes


def outcome(item: pytest.Item, verdicts: list[Verdict], omissions: str) -> None:
    """Pass, fail, warn or skip one item from its verdicts."""
    __tracebackhide__ = True
    failing = []
    for v in verdicts:
        f = v.finding
        if f is None or f.known:
            continue
        if f.kind == "omission":
            if omissions == "warn":
                item.warn(FactcheckWarning(f"{item.name}: {f.message}: {f.statement}"))
                continue
            if omissions == "off":
                pytest.skip(f"omission not checked (--factcheck-omissions=off): {f.statement}")
        failing.append(v)
    if failing:
        raise FactcheckFailure(failing)
    if verdicts and all(v.status is Status.NOT_COVERED for v in verdicts):
        pytest.skip(verdicts[0].reason or "not mentioned in this article")


def _mark(expected: str, found: str) -> str:
    """``found`` with the words that differ from ``expected`` marked [-old-]{+new+}."""
    from difflib import SequenceMatcher

    a, b = expected.split(), found.split()
    norm = [re.sub(r"\W", "", w.lower()) for w in a], [re.sub(r"\W", "", w.lower()) for w in b]
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, *norm, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(b[j1:j2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def render_failure(verdicts: list[Verdict]) -> str:
    """Findings as data: kind, message, expected vs found, the evidence, the words that differ."""
    lines = []
    for v in verdicts:
        f = v.finding
        if f is None:
            continue
        where = f.source or f.article
        lines.append(f"{f.kind.upper()} in {where}: {f.message}")
        lines.append(f"  assertion: {f.assertion}: {f.statement}")
        lines.append(f"  expected:  {f.expected}")
        if f.found is not None:
            lines.append(f"  found:     {f.found}")
            if f.kind == "contradiction" and f.found and f.expected:
                lines.append(f"  differ:    {_mark(f.expected, f.found)}")
        if f.evidence is not None:
            ev = " ".join(f.evidence.text.split())
            lines.append(f"  evidence:  {ev}  [{f.evidence.start}:{f.evidence.end}]")
        else:
            lines.append("  evidence:  none: the article does not carry this fact")
    return "\n".join(lines)


# ------------------------------------------------------------------ report


def _as_dict(golden: Golden, result: ArticleResult, v: Verdict) -> dict[str, Any]:
    return {
        "golden": golden.path,
        "story": golden.story,
        "path": result.path,
        "source": result.source,
        "new": result.new,
        "assertion": v.assertion,
        "status": str(v.status),
        "reason": v.reason,
        "evidence": v.evidence.to_json() if v.evidence else None,
        "finding": None
        if v.finding is None
        else {**v.finding.to_json(), "known": v.finding.known, "article": v.finding.article},
    }


def results_from_properties(props: list[dict[str, Any]]) -> dict[str, list[ArticleResult]]:
    """ArticleResults per story, rebuilt from the items' plain-dict properties."""
    from factcheck.model import ArticleResult, Evidence, Finding, Verdict

    grouped: dict[str, dict[tuple[str, str | None, bool], list[Verdict]]] = {}
    errors: dict[tuple[str, str | None, bool], str] = {}
    for p in props:
        key = (p["path"], p["source"], p["new"])
        if "error" in p:
            errors[key] = p["error"]
            grouped.setdefault(p["story"], {}).setdefault(key, [])
            continue
        f = p["finding"]
        finding = None if f is None else Finding.from_json(f, article=p["path"], source=p["source"])
        verdict = Verdict(
            assertion=p["assertion"],
            article=p["path"],
            status=Status(p["status"]),
            evidence=Evidence.from_json(p["evidence"]),
            finding=finding,
            reason=p["reason"],
        )
        grouped.setdefault(p["story"], {}).setdefault(key, []).append(verdict)
    return {
        story: [
            ArticleResult(
                path=path,
                source=source,
                verdicts=() if (path, source, new) in errors else tuple(vs),
                new=new,
                error=errors.get((path, source, new)),
            )
            for (path, source, new), vs in sorted(arts.items(), key=lambda kv: (kv[0][2], kv[0][0]))
        ]
        for story, arts in grouped.items()
    }


def _story_title(settings: Settings, story: str) -> str | None:
    from factcheck.ingest import story_title

    try:
        return story_title(settings, story)
    except FactcheckError:
        return None  # the manifest's error is each of its items' already


def write_report(state: _State) -> list[Path]:
    """One report folder per story under ``--factcheck-report DIR``, and DIR/index.html over
    them (stories in seeds/ without a report listed with the reason); returns what was
    written."""
    from factcheck import report
    from factcheck.engine import story_sources
    from factcheck.golden import load_golden
    from factcheck.ingest import cleaning_notes, unreported_stories

    assert state.report is not None
    by_story = results_from_properties(state.properties)
    golden_paths = {p["story"]: p["golden"] for p in state.properties}
    stories = []
    for story, results in sorted(by_story.items()):
        sources = story_sources(state.settings, story)
        inputs: report.ReportInputs = {
            "story": story,
            "golden": load_golden(golden_paths[story]),
            "sources": sources,
            "results": results,
            "cleaning": cleaning_notes(state.settings, sources),
            # the manifest's title, as `factcheck report` gives it: one title everywhere
            "title": _story_title(state.settings, story),
        }
        stories.append(inputs)
    unreported = unreported_stories(state.settings, by_story)
    return report.write_reports(state.report, stories, unreported=unreported)
