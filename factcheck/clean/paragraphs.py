"""Raw text -> paragraphs: blank lines separate; a hard-wrapped line joins the next."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.clean.dates import _DATE_RE
from factcheck.clean.rules import _BYLINE, _TERMINAL

# Quote marks and spaces normalised one character to one character (offsets stay exact).
_CHAR_MAP = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u3000": " ",
    }
)
# Invisible characters dropped from the cleaned text.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@dataclass(frozen=True)
class Paragraph:
    """Raw line spans (start, end) that form one paragraph, and its one-line text."""

    spans: tuple[tuple[int, int], ...]
    text: str

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def words(self) -> int:
        return len(self.text.split())


def _lines(raw: str) -> list[tuple[int, int]]:
    """Stripped (start, end) of every non-blank line, blank lines as (-1, -1)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if not stripped or all(c in _INVISIBLE for c in stripped):
            out.append((-1, -1))
        else:
            lead = len(body) - len(body.lstrip())
            out.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line)
    return out


def paragraphs(raw: str) -> list[Paragraph]:
    """Split raw text into paragraphs: blank lines separate; a wrapped line joins the next.

    A block (the lines between blank lines) is hard-wrapped when its lines run long and
    mostly stop mid-sentence: then it is one paragraph. Elsewhere each line is a paragraph
    unless it visibly carries on the previous one (see `_continues`).
    """
    result: list[Paragraph] = []
    block: list[tuple[int, int]] = []

    def flush() -> None:
        wrapped = _hard_wrapped([raw[a:b] for a, b in block])
        current: list[tuple[int, int]] = []
        for span in block:
            if (
                current
                and not wrapped
                and not _continues(raw[slice(*current[-1])], raw[slice(*span)])
            ):
                result.append(_paragraph(raw, current))
                current = []
            current.append(span)
        if current:
            result.append(_paragraph(raw, current))
        block.clear()

    for start, end in _lines(raw):
        if start < 0:
            flush()
        else:
            block.append((start, end))
    flush()
    return result


def _paragraph(raw: str, spans: list[tuple[int, int]]) -> Paragraph:
    parts = [raw[a:b] + ("" if _hyphen_break(raw, a, b, spans[k + 1:]) else " ")
             for k, (a, b) in enumerate(spans)]  # fmt: skip
    return Paragraph(tuple(spans), _squash("".join(parts)))


def _hyphen_break(raw: str, a: int, b: int, rest: list[tuple[int, int]]) -> bool:
    """A line ending in a word and a hyphen, the next going on in lower case: a word
    broken at its hyphen ("cease-" / "fire"), joined back without a space."""
    if not rest or b - a < 2 or raw[b - 1] != "-" or not raw[b - 2].isalpha():
        return False
    return raw[rest[0][0]].islower()


#: Words a sentence or a headline does not end on: a line ending on one is cut short.
_DANGLING = frozenset(
    "a an the of to in at on by for from with into onto about over under after before and or "
    "but nor that which who whom whose than as if because while when where is are was were be "
    "been has have had will would can could should may might must his her its their our my "
    "your this these those".split()
)


#: Abbreviations a line may stop on in the middle of a sentence ("said Mr." / "Lee").
_TITLES = frozenset(
    "mr. mrs. ms. dr. prof. gen. sen. rep. gov. lt. col. capt. st. jr. sr. no.".split()
)


def _cut(line: str, following: str = "") -> bool:
    """``line`` stops in the middle of a sentence (``following`` is the next line)."""
    last = line.rsplit(None, 1)[-1].casefold()
    if last in _TITLES or line.rstrip("\"'\u201d\u2019").endswith(","):
        return True  # "said Mr." / "Lee", or '... for peace,"' / "said Mr. Lee"
    if line.endswith(_TERMINAL):
        # "U.S." / "long-term", 'very considerable"' / "responsibility": a sentence
        # does not start in lower case
        return following[:1].islower()
    return True


def _continues(prev: str, line: str) -> bool:
    """``line`` carries on the sentence ``prev`` stopped in the middle of."""
    if not _cut(prev, line) or prev[-1:].isdigit():
        return False  # a sentence end, or a date or a number
    last = prev.rsplit(None, 1)[-1].casefold()
    return line[:1].islower() or prev.endswith((",", ".", '"', "\u201d")) or last in _DANGLING


def _hard_wrapped(lines: list[str]) -> bool:
    """Text wrapped at a width: each line as full as the next word allows, at least half of
    them stopping mid-sentence; the last is no dateline or byline of its own."""
    inner = lines[:-1]
    if not inner or _DATE_RE.search(lines[-1]) or _BYLINE.match(lines[-1]):
        return False
    width = max(len(line) for line in lines)
    pairs = list(zip(inner, lines[1:], strict=True))
    full = all(
        len(line) >= 0.6 * width and len(line) + 1 + len(nxt.split(None, 1)[0]) > width
        for line, nxt in pairs
    )
    # lines of one paragraph each end a sentence; a wrap seldom falls on a sentence end
    cut = sum(_cut(line, nxt) for line, nxt in pairs)
    return 40 <= width <= 120 and full and cut * 2 >= len(inner)


def _squash(text: str) -> str:
    return " ".join("".join(c for c in text if c not in _INVISIBLE).translate(_CHAR_MAP).split())


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()
