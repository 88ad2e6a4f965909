"""Raw article -> cleaned text with a map back to raw offsets.

The cleaner works on paragraphs and decides, for each, whether it belongs to the
story. It never edits the raw text: every cleaned character maps to one raw
character (see ``CleanedText.raw_offset``), and everything dropped is recorded
as a ``Removal`` with its reason.

Steps, each a small function, each in its own file:
1. ``reading.read_article``: bytes -> text, refusing empty, binary, non-UTF-8 and huge
   files; ``reading.html_to_text``: a saved web page -> its article text (trafilatura).
2. ``paragraphs.paragraphs``: lines -> paragraphs (hard-wrapped lines joined).
3. ``classify.classify``: the reason to drop each paragraph, or ``None`` to keep it, by
   what page furniture looks like (``rules.py``) and dates (``dates.py``).
4. ``assemble.assemble``: kept paragraphs -> normalised text (quote marks, whitespace)
   + offset map; ``assemble.clean_text`` runs the steps.
"""

from __future__ import annotations

from factcheck.clean.assemble import assemble, clean_file, clean_text
from factcheck.clean.classify import classify
from factcheck.clean.dates import find_date
from factcheck.clean.paragraphs import Paragraph, paragraphs
from factcheck.clean.reading import decode_article, html_to_text, is_html, read_article

#: Bump when cleaning output changes, so cached cleaned texts are rebuilt.
CLEANER_VERSION = "4"

__all__ = [
    "CLEANER_VERSION",
    "Paragraph",
    "assemble",
    "classify",
    "clean_file",
    "clean_text",
    "decode_article",
    "find_date",
    "html_to_text",
    "is_html",
    "paragraphs",
    "read_article",
]
