"""The spaCy pipeline, loaded once and lazily, and the extractors built on it.

Extractors are plain functions over a parsed ``Doc`` that return small frozen
records sorted by position (textacy style). Offsets are characters into
``doc.text``, never token indices. On ambiguous input (a paragraph whose quote
marks do not pair up) they refuse rather than guess: ``quotes`` skips it and
``unclosed_quotes`` names it.

Records:

- ``Quote(start, end, text, speaker, mention, verb, sentence)``: the words between
  the quote marks; ``mention`` is how the article names the speaker at the verb
  ("he", "the Head of State", "Mr. Ortiz"), ``speaker`` the named person it
  resolves to (the mention itself when it is already a name), ``None`` when the
  article does not say.
- ``Number(start, end, text, low, high, qualifier, noun, sentence)``: a value or a
  range ("more than 30" is ``30..inf``), the lemma of the noun it counts.
- ``Mention(start, end, text, label)``: a named entity.

By job: ``pipeline.py`` (loading the model once, ``parse`` with the paragraph cache),
``blocks.py`` (paragraph blocks), ``entities.py`` (mentions, sentence spans),
``quotemarks.py`` (quotations and their speakers), ``quantities.py`` (numbers).
spaCy is imported inside functions so that ``import factcheck.nlp`` stays cheap.
"""

from __future__ import annotations

from factcheck.nlp.entities import Mention, mentions, sentence_span
from factcheck.nlp.pipeline import load_pipeline, model_name, parse
from factcheck.nlp.quantities import Number, numbers, parse_number
from factcheck.nlp.quotemarks import quoted_spans, quotes, unclosed_quotes
from factcheck.speakers import Quote

__all__ = [
    "Mention",
    "Number",
    "Quote",
    "load_pipeline",
    "mentions",
    "model_name",
    "numbers",
    "parse",
    "parse_number",
    "quoted_spans",
    "quotes",
    "sentence_span",
    "unclosed_quotes",
]
