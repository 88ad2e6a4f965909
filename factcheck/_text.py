"""Words, stop words, articles, month names, slugs, story ids and datelines: one of
each, for every module.

Three stop-word lists, each for its own job: spaCy's (``stop_words``) decides what
is a content word when matching; ``COMMON_WORDS`` are too common to count as a
match on their own in a word diff; ``SLUG_STOP_WORDS`` are dropped from new ids.
Changing one changes matches, reports or ids, so they stay apart on purpose.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

#: A word: letters and digits, with inner apostrophes ("Moldova's" is one word).
WORD_RE = re.compile(r"[\w]+(?:['\u2019][\w]+)*")
#: A word of a word diff: also joined by inner dots, commas and hyphens ("3.5", "co-chair").
DIFF_WORD_RE = re.compile(r"\w+(?:['\u2019.,-]\w+)*")
#: Words too common to count as a match on their own in a word diff.
COMMON_WORDS = frozenset(
    "a an and are as at be but by for from has have he her his i in is it its of on or "
    "our said says she that the their they this to was we were will with".split()
)
#: Function words left out of ids made from titles.
SLUG_STOP_WORDS = frozenset("a an the of to in on for and or at by with from as is are be".split())
#: A story id is a folder name: no '/', no leading dot (see ``valid_story_id``).
STORY_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")


def words(text: str) -> list[str]:
    """Lower-case words, punctuation dropped ("Moldova's" stays one word)."""
    return WORD_RE.findall(text.lower().replace("\u2019", "'"))


@cache
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (imported on first use: spaCy is heavy)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def slug(text: str, n: int, *, stop: frozenset[str] = frozenset()) -> str:
    """The first ``n`` ASCII words of ``text`` not in ``stop``, joined by '-' ('' if none);
    accented letters lose their accents ("Zoë" -> "zoe")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    found = [w for w in re.findall(r"[a-z0-9]+", plain.lower()) if w not in stop]
    return "-".join(found[:n])


#: the articles, which say nothing of what a noun phrase names ("the Ombudsman")
ARTICLES = frozenset({"a", "an", "the"})

#: month names by their first three letters ("Dec.", "December" -> "dec")
MONTH_ABBREVIATIONS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)


def valid_story_id(story: str) -> bool:
    """Lower-case letters, digits, '.', '_' and '-'; no '/', no '..': a safe folder name."""
    return bool(STORY_ID_RE.match(story)) and ".." not in story


def dateline(tok: Any) -> bool:
    """Whether a spaCy token is part of a place in capitals opening a paragraph ("PARIS,
    Jan 6 (Wire) -", "LE BOURGET, 12 December -"): where the story was filed, never an
    actor or a speaker."""
    doc = tok.doc
    if not tok.text.isupper():
        return False
    i = tok.i  # the start of its run of capitals ("LE BOURGET", "NEW YORK")
    while i > 0 and doc[i - 1].text.isupper() and "\n" not in doc[i - 1].text_with_ws:
        i -= 1
    first = i == 0 or "\n" in doc[i - 1].text_with_ws or doc[i - 1].is_space
    return first and sum(c.isalpha() for t in doc[i : tok.i + 1] for c in t.text) > 2
