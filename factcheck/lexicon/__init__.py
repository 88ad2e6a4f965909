"""General knowledge of English from real lexical resources, never a story's words.

``wordnet()`` is WordNet 3.0 (Debian ``wordnet-base`` read by nltk); ``relations``
derives what the engine asks of it: words related in meaning, country names for
demonyms, speech and refusal verbs.
"""

from __future__ import annotations

from factcheck.lexicon.wordnet import wordnet

__all__ = ["wordnet"]
