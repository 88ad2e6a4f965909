"""Named entities of a parsed Doc, and the sentence holding a character."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str


def sentence_span(doc: Doc, char: int) -> tuple[int, int]:
    """Character span of the sentence holding character ``char``."""
    for sent in doc.sents:
        if sent.start_char <= char < sent.end_char:
            return sent.start_char, sent.end_char
    n = len(doc.text)
    return (n, n) if char >= n else (0, n)


def mentions(doc: Doc, labels: Sequence[str] | None = None) -> list[Mention]:
    """Named entities, in order."""
    return [
        Mention(e.start_char, e.end_char, e.text, e.label_)
        for e in doc.ents
        if labels is None or e.label_ in labels
    ]
