"""The JSON contract of ``factcheck check --format json`` and ``findings.json`` (see the
SPEC), and the reviewed (``known``) entries that no finding matches any more."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from factcheck.model import ArticleResult, Assertion, Golden, Status


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
        return asdict(self)  # flat: its fields, in order

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
