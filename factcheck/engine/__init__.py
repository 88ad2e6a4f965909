"""The check engine: golden assertions against parsed articles -> Verdicts.

Nothing here knows about pytest or the command line. An article is parsed once
(``prepare``) and every assertion is checked against that parse. Files, by job:

    article.py   an article's text, parse and extracted records (quotes, numbers, dates)
    terms.py     words, stems, stop words, entity mentions
    quotes.py    quote assertions and the cross-source rule
    numbers.py   number assertions
    claims.py    claim assertions: the sentences that carry a claim
    slots.py     what differs in a claim sentence: actor, object, place, day, polarity
    verdicts.py  building verdicts and findings; their JSON
    check.py     one assertion -> a verdict (the table of kinds), the omission rule
    runner.py    many articles: batches, the result cache, the story an article belongs to
"""

from __future__ import annotations

from factcheck.engine.article import Article, prepare
from factcheck.engine.check import check, check_article, result_for
from factcheck.engine.runner import (
    StoryChecker,
    check_articles,
    check_story,
    choose_story,
    load_goldens,
    prepare_sources,
    story_sources,
)

__all__ = [
    "Article",
    "StoryChecker",
    "check",
    "check_article",
    "check_articles",
    "check_story",
    "choose_story",
    "load_goldens",
    "prepare",
    "prepare_sources",
    "result_for",
    "story_sources",
]
