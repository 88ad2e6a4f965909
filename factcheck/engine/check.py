"""One assertion against one article -> a Verdict; the omission rule; one article's result."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck import nlp
from factcheck.engine.article import Article, prepare
from factcheck.engine.claims import check_claim
from factcheck.engine.numbers import check_number
from factcheck.engine.people import described
from factcheck.engine.quotes import check_quote, cross_source
from factcheck.engine.verdicts import verdict
from factcheck.model import (
    ArticleResult,
    Assertion,
    ClaimAssertion,
    Golden,
    NumberAssertion,
    QuoteAssertion,
    Status,
    Verdict,
)

if TYPE_CHECKING:
    pass


def check(
    assertion: Assertion,
    article: Article,
    golden: Golden,
) -> Verdict:
    """Check one assertion against one prepared article."""
    if isinstance(assertion, QuoteAssertion):
        v = check_quote(assertion, article, golden)
    elif isinstance(assertion, NumberAssertion):
        v = check_number(assertion, article, golden)
    elif isinstance(assertion, ClaimAssertion):
        v = check_claim(assertion, article, golden)
    else:
        return verdict(assertion, article, Status.NOT_COVERED, reason="unknown assertion kind")
    if v.status is Status.NOT_COVERED and assertion.required and article.coverage == "full":
        return verdict(
            assertion,
            article,
            Status.OMITTED,
            kind="omission",
            message="required fact not found in this full-coverage article",
            expected=assertion.statement,
        )
    return v


def result_for(art: Article, golden: Golden, others: Sequence[Article] = ()) -> ArticleResult:
    """Every assertion of ``golden`` against one prepared article, plus the article-level
    rules: the cross-source quote rule and people described with another country."""
    verdicts = [check(a, art, golden) for a in golden.assertions]
    verdicts.extend(cross_source(art, [o for o in others if o is not art], golden))
    verdicts.extend(described(art, golden))
    return ArticleResult(path=art.path, source=art.source, verdicts=tuple(verdicts), new=art.new)


def check_article(
    golden: Golden,
    article_text: str,
    *,
    path: str = "<text>",
    source: str | None = None,
    coverage: str = "full",
    others: Sequence[Article] = (),
    model: str | None = None,
    cache_dir: Path | str | None = None,
) -> ArticleResult:
    """Check one cleaned article against every assertion; the article is parsed once."""
    (doc,) = nlp.parse([article_text], model=model, cache_dir=cache_dir)
    art = prepare(
        article_text, doc, path=path, source=source, coverage=coverage, new=source is None
    )
    return result_for(art, golden, others)
