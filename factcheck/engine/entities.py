"""Where a golden entity is named in a sentence, in any of the ways articles name it.

An entity is found by one of its aliases (the golden file's own knowledge), and for
places by general knowledge from WordNet: a demonym ("Portuguese" -> Portugal), a capital
standing for its government ("Ottawa", "Madrid and Lisbon" as actors, not after
"in"), "the Portuguese capital" for Lisbon; and for an entity whose name is a common noun
phrase ("Coalition of the Willing", "joint declaration") by a word related in meaning
to its head noun ("allies" for the coalition, "summit" for the meeting).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from factcheck import match
from factcheck._text import ARTICLES, dateline
from factcheck.lexicon import relations

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from factcheck.model import Entity, Golden

#: Types whose entities are places a demonym or a capital may stand for.
PLACE_TYPES = frozenset({"GPE", "LOC", "NORP"})
#: Prepositions after which a capital is a place, not its government ("met in Lisbon").
LOCATIVE = frozenset({"in", "at", "near", "outside", "from", "to", "into", "around"})
#: Determiners and words that never name an entity on their own.
_FUNCTION = frozenset("the a an of and for on in to by with".split())


@dataclass(frozen=True)
class EntityInfo:
    """What is known about how an entity may be named, beyond its aliases."""

    entity: Entity
    countries: frozenset[str]  # WordNet country synsets the entity is (places only)
    # head nouns of its common-noun aliases, each with the words that narrow it there
    # ("the coalition": none; "small island nations": small, island)
    heads: tuple[tuple[str, frozenset[str]], ...]


_DETERMINERS = ARTICLES | {"this", "that", "these", "those", "its", "their"}

#: Words after which a noun phrase's head has been said ("declaration [by ...]").
_POSTMODIFIER = re.compile(r"\s+(?:of|by|for|on|with|to|in)\s.*$")


@cache
def info(entity: Entity) -> EntityInfo:
    countries: frozenset[str] = frozenset()
    if entity.type in PLACE_TYPES:
        # only a country is named by its demonym or capital, not a city in it
        countries = frozenset().union(*(relations.nationality(n) for n in entity.names))
    heads: dict[str, frozenset[str]] = {}
    if entity.type not in {"PERSON", *PLACE_TYPES}:
        # An alias written in lower case is a description ("the coalition", "the
        # meeting"): its head noun may be put in other words ("allies", "summit").
        for alias in entity.names:
            words = [w for w in _POSTMODIFIER.sub("", alias).split() if w not in _DETERMINERS]
            if words and alias == alias.lower() and words[-1].isalpha():
                # any alias's narrowing words will do; one bare alias makes it bare
                narrow, old = frozenset(words[:-1]), heads.get(words[-1])
                heads[words[-1]] = (
                    narrow if old is None else (old | narrow if old and narrow else frozenset())
                )
    return EntityInfo(entity, countries, tuple(sorted(heads.items())))


def entity_info(golden: Golden) -> tuple[EntityInfo, ...]:
    return tuple(info(e) for e in golden.entities)


def _locative(tok: Token) -> bool:
    if dateline(tok):
        return True
    head = tok
    while head.dep_ in {"compound", "conj", "appos"} and head.head is not head:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE


def _word_countries(tok: Token) -> frozenset[str]:
    """The countries a word stands for: its nationality ("Portuguese", "Dutch", "Spain"),
    or, for a national capital, the country it governs ("Ottawa"). A city or region
    inside a country does not stand for it ("Texas"), nor does a function word that
    happens to abbreviate one ("In", Indiana)."""
    if not tok.text[:1].isupper() or tok.is_stop or tok.pos_ not in {"PROPN", "ADJ", "NOUN"}:
        return frozenset()
    if relations.is_capital(tok.text):
        return relations.countries(tok.text)
    return relations.nationality(tok.text)


@dataclass
class _SentenceWords:
    """What every entity's search in one sentence needs, gathered once."""

    words: frozenset[str]  # lower-cased words, to skip aliases whose first word is absent
    countries: list[tuple[Token, frozenset[str]]]  # words that stand for countries
    capitals: list[tuple[Token, Token]]  # "<nationality> capital": (nationality, "capital")
    nouns: list[Token]


def _gather(sent: Span) -> _SentenceWords:
    countries = [(t, c) for t in sent if (c := _word_countries(t))]
    capitals = [(t.doc[t.i - 1], t) for t in sent if t.lower_ == "capital" and t.i > sent.start]
    nouns = [t for t in sent if t.pos_ in {"NOUN", "PROPN"}]
    words = frozenset(w.lower() for w in match.words(sent.text))
    return _SentenceWords(words, countries, capitals, nouns)


@cache
def _first_words(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(ws[0] for ws in (match.words(n) for n in names) if ws)


def entity_spans(
    sent: Span, golden: Golden, info: EntityInfo, here: _SentenceWords | None = None
) -> list[tuple[int, int]]:
    """Character spans (absolute) where ``info``'s entity is named in ``sent``."""
    e = info.entity
    here = here or _gather(sent)
    base = sent.start_char
    spans = []
    if _first_words(e.names) & here.words:  # the alias search only where it may succeed
        spans = [(base + a, base + b) for a, b in match.find_aliases(e.names, sent.text)]
    for tok, found in here.countries if info.countries else ():
        if not (found & info.countries):
            continue
        if relations.is_capital(tok.text) and _locative(tok):
            continue  # "in Lisbon" is the city, not Portugal's government
        if tok.ent_type_ == "PERSON" or tok.head.lower_ == "capital":
            continue  # "the Portuguese capital" is Lisbon, not Portugal
        spans.append((tok.idx, tok.idx + len(tok)))
    # "the Portuguese capital": the capital of the country the demonym names
    for prev, tok in here.capitals if e.type in PLACE_TYPES else ():
        for country in _word_countries(prev):
            if {n.lower() for n in e.names} & relations.capitals(country):
                spans.append((prev.idx, tok.idx + len(tok)))
    for tok in here.nouns if info.heads else ():
        if _counted(tok) or tok.dep_ == "compound":
            continue  # "195 countries"; "country" in "country Parties" names no group
        mods = _narrowed_by(tok)
        if any(
            _related(h, tok.lemma_.lower()) and _same_kind(mods, narrow) for h, narrow in info.heads
        ):
            spans.append((tok.idx, tok.idx + len(tok)))
    return sorted(set(spans))


#: determiners that count a class ("every country", "many nations"): no group is named
_QUANTIFIERS = frozenset({"every", "each", "all", "many", "most", "some", "several", "few"})


def _counted(tok: Token) -> bool:
    """A noun counted or quantified ("195 countries", "every country") names members of
    a class, not the group an entity's description names ("the developed countries")."""
    return any(
        c.dep_ == "nummod" or c.like_num or c.lower_ in _QUANTIFIERS
        for c in tok.children
        if c.i < tok.i
    )


def _narrowed_by(tok: Token) -> tuple[Token, ...]:
    """The lower-case words before a noun that narrow it ("developed", "small island")."""
    return tuple(
        c for c in tok.children if c.i < tok.i and c.dep_ in {"amod", "compound"} and c.is_lower
    )


def _same_kind(mods: tuple[Token, ...], narrow: frozenset[str]) -> bool:
    """Whether a noun so narrowed can be the described group: a description with words of
    its own ("small island nations") needs them, or related ones, in the text
    ("developed nations" are others); a bare one ("the coalition", "the declaration")
    takes adjectives ("the assembled leaders", "a common declaration"), not a noun of
    another kind ("island nations")."""
    if not narrow:
        return all(m.dep_ == "amod" for m in mods)
    return bool(mods) and all(
        any(m.lower_ == w or _related(w, m.lower_) for w in narrow) for m in mods
    )


@cache
def _related(a: str, b: str) -> bool:
    return relations.related(a, b)


def named(sent: Span, golden: Golden) -> dict[str, list[tuple[int, int]]]:
    """Every golden entity named in ``sent``, by id, with its spans."""
    here = _gather(sent)
    out = {}
    for info in entity_info(golden):
        spans = entity_spans(sent, golden, info, here)
        if spans:
            out[info.entity.id] = spans
    return out
