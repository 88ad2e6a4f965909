"""Verdicts and findings: one way to build them, one way to turn them into JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from factcheck.engine.article import Article
from factcheck.model import (
    ArticleResult,
    Assertion,
    Evidence,
    Finding,
    FindingKind,
    Status,
    Verdict,
)

if TYPE_CHECKING:
    pass


def verdict(
    a: Assertion,
    art: Article,
    status: Status,
    *,
    evidence: Evidence | None = None,
    kind: FindingKind | None = None,
    message: str = "",
    expected: str = "",
    found: str | None = None,
    reason: str = "",
) -> Verdict:
    finding = None
    if kind is not None:
        known = any(k.source == art.source and k.kind == kind for k in a.known)
        finding = Finding(
            kind=kind,
            assertion=a.id,
            statement=a.statement,
            message=message,
            expected=expected,
            found=found,
            evidence=evidence,
            article=art.path,
            source=art.source,
            known=known,
        )
    return Verdict(
        assertion=a.id,
        article=art.path,
        status=status,
        evidence=evidence,
        finding=finding,
        reason=reason or message,
    )


def result_json(r: ArticleResult) -> dict[str, Any]:
    return {
        "path": r.path,
        "source": r.source,
        "new": r.new,
        "verdicts": [
            {
                "assertion": v.assertion,
                "article": v.article,
                "status": str(v.status),
                "evidence": v.evidence.to_json() if v.evidence else None,
                "reason": v.reason,
                "finding": None
                if v.finding is None
                else {
                    **v.finding.to_json(),
                    "article": v.finding.article,
                    "source": v.finding.source,
                    "known": v.finding.known,
                },
            }
            for v in r.verdicts
        ],
    }


def result_from_json(d: dict[str, Any]) -> ArticleResult:
    verdicts = [
        Verdict(
            assertion=v["assertion"],
            article=v["article"],
            status=Status(v["status"]),
            evidence=Evidence.from_json(v["evidence"]),
            finding=Finding.from_json(v["finding"]) if v["finding"] is not None else None,
            reason=v["reason"],
        )
        for v in d["verdicts"]
    ]
    return ArticleResult(path=d["path"], source=d["source"], verdicts=tuple(verdicts), new=d["new"])
