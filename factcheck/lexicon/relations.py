"""What the engine asks of WordNet: words related in meaning, countries behind
demonyms and capitals, and verbs of refusal.

Relations are kept short on purpose (measured in docs/checking.md): a word's
*family* is the synonyms and derivations of its most frequent senses
(lead/leader/head, monitor/supervision, sign/signature, establish/set up) and
its *broader* words are the direct hypernyms of its most frequent noun senses
(hub -> centre, summit -> meeting, declaration -> statement). Two words are
related when one is in the other's family or broader words, or their families
meet. Longer chains reach unrelated words ("lead" -> "result" -> ...).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from factcheck.lexicon.wordnet import wordnet

if TYPE_CHECKING:
    from nltk.corpus.reader.wordnet import Synset

#: How many senses of a word count, most frequent first (WordNet orders them).
SENSES = {"n": 4, "v": 4, "a": 3, "s": 3, "r": 2}
#: The synset a country's instance-of chain reaches (a country -> its region's kind of
#: country -> country).
COUNTRY = "country.n.02"
#: Capitals stand for their country's government ("Ottawa", "Madrid and Lisbon").
CAPITAL = "national_capital.n.01"
#: Verbs whose complement is refused: "refused to sign" negates "sign". Synset names,
#: not words: the words come from WordNet (hyponyms reach too far: "fail" -> "botch").
REFUSAL_SYNSETS = (
    "refuse.v.01",
    "reject.v.01",
    "decline.v.02",
    "deny.v.01",
    "oppose.v.01",
    "fail.v.01",
    "rule_out.v.01",
    "veto.v.01",
)


def _name(lemma_name: str) -> str:
    return lemma_name.replace("_", " ").lower()


def _variants(word: str) -> tuple[str, ...]:
    """Spellings WordNet may list a word under: as is, and a closed compound with its
    hyphen ("ceasefire" -> "cease-fire") where both halves are words."""
    w = word.lower().replace(" ", "_")
    out = [w]
    if "-" in w:
        out.append(w.replace("-", ""))
    elif "_" not in w and len(w) >= 6 and not wordnet().synsets(w):
        for i in range(3, len(w) - 2):
            left, right = w[:i], w[i:]
            if wordnet().synsets(left) and wordnet().synsets(right):
                joined = f"{left}-{right}"
                if wordnet().synsets(joined):
                    out.append(joined)
                    break
    return tuple(out)


@cache
def _synsets(word: str) -> tuple[Synset, ...]:
    """The most frequent senses of ``word`` in every part of speech."""
    wn = wordnet()
    out: list[Synset] = []
    for w in _variants(word):
        for pos in ("n", "v", "a", "r"):
            found = wn.synsets(w, pos)
            if pos == "a":  # adjective satellites come with the head adjectives
                found = [s for s in found if s.pos() in "as"]
            out.extend(found[: SENSES[pos]])
    return tuple(dict.fromkeys(out))


#: Senses a word keeps when its context picks none: the most frequent ones.
DEFAULT_SENSES = 2

_GLOSS_WORD = re.compile(r"[a-z]{4,}")


def _signature(s: Synset, word: str) -> frozenset[str]:
    """Words that show a sense is meant: its other lemmas, their derivations and the
    derivations of those (be in charge -> leader -> leadership: "lead" near "leadership"
    is to be in charge), its gloss. WordNet ties derivations sense to sense, so a second
    hop stays in the sense."""
    out = {w for w in _GLOSS_WORD.findall(s.definition().lower())}
    for lemma in s.lemmas():
        out.add(_name(lemma.name()))
        for d in lemma.derivationally_related_forms():
            out.add(_name(d.name()))
            out.update(_name(e.name()) for e in d.derivationally_related_forms())
    out.discard(word)
    return frozenset(out)


@cache
def _all_synsets(word: str) -> tuple[Synset, ...]:
    return tuple(dict.fromkeys(s for w in _variants(word) for s in wordnet().synsets(w)))


@cache
def senses(word: str, context: frozenset[str] = frozenset()) -> tuple[Synset, ...]:
    """The senses of ``word`` its context points at (a simplified Lesk: senses whose
    lemmas, derivations or gloss share a word with the context), else its most frequent
    senses. "lead" among "leadership", "command" is to be in charge, not to guide."""
    word = word.lower()
    if context:
        chosen = [s for s in _all_synsets(word) if _signature(s, word) & context]
        if chosen:
            # with each part of speech's first sense: the context is short and may point
            # at a noun sense of a word used as a verb ("lead" near "leadership")
            firsts = {}
            for s in _all_synsets(word):
                firsts.setdefault(s.pos(), s)
            return tuple(dict.fromkeys([*chosen, *firsts.values()]))
    out: list[Synset] = []
    for pos in ("n", "v", "a", "r"):
        out.extend(
            s for s in _all_synsets(word) if s.pos() in ({pos, "s"} if pos == "a" else {pos})
        )
    by_pos: dict[str, list[Synset]] = {}
    for s in out:
        by_pos.setdefault(s.pos(), []).append(s)
    return tuple(s for group in by_pos.values() for s in group[:DEFAULT_SENSES])


@cache
def base_form(word: str) -> str:
    """The dictionary form WordNet lists a word under ("met" -> "meet")."""
    return wordnet().morphy(word.replace(" ", "_")) or word


def _derived(s: Synset, word: str) -> set[str]:
    return {
        _name(d.name())
        for lemma in s.lemmas()
        if _name(lemma.name()) == word
        for d in lemma.derivationally_related_forms()
    }


@cache
def synonyms(word: str, context: frozenset[str] = frozenset()) -> frozenset[str]:
    """``word`` and its synonyms in the senses meant."""
    word = word.lower()
    return frozenset(
        {word, *(_name(lm.name()) for s in senses(word, context) for lm in s.lemmas())}
    )


@cache
def derivations(word: str, context: frozenset[str] = frozenset()) -> frozenset[str]:
    """Words derived from ``word`` in the senses meant, with their synonyms
    (monitoring -> monitor -> supervise; lead -> leader)."""
    word = word.lower()
    base = base_form(word)
    out: set[str] = set()
    for s in senses(word, context):
        for d in _derived(s, base) | ({base} if s.pos() != "n" else set()):
            for t in wordnet().synsets(d.replace(" ", "_"))[:1]:
                out.update(_name(lemma.name()) for lemma in t.lemmas())
            out.add(d)
    return frozenset(out)


@cache
def names_a_person(word: str) -> bool:
    """Whether a noun's most frequent sense is a person ("leader", "monitor")."""
    found = wordnet().synsets(word.replace(" ", "_"), "n")
    return bool(found) and found[0].lexname() == "noun.person"


@cache
def derived_words(word: str, context: frozenset[str] = frozenset()) -> frozenset[str]:
    """Words derived from ``word`` in the senses meant, without their synonyms."""
    word = word.lower()
    base = base_form(word)
    return frozenset(d for s in senses(word, context) for d in _derived(s, base))


def family(word: str, context: frozenset[str] = frozenset()) -> frozenset[str]:
    """``word``, its synonyms and derivations in the senses meant."""
    return synonyms(word, context) | derivations(word, context)


@cache
def broader(word: str, context: frozenset[str] = frozenset()) -> frozenset[str]:
    """The direct hypernyms of ``word``'s noun senses meant."""
    return frozenset(
        _name(lemma.name())
        for s in senses(word.lower(), context)
        if s.pos() == "n"
        for h in s.hypernyms()
        for lemma in h.lemmas()
    )


@cache
def derived_from(word: str) -> frozenset[str]:
    """The derivations of an article's word in its frequent senses (leadership -> lead).
    Where WordNet gives a sense's derivations on another of its lemmas only, the sense's
    are taken (oversight = supervision -> supervise)."""
    word = word.lower()
    base = base_form(word)
    out: set[str] = set()
    for s in _synsets(word):
        own = _derived(s, base)
        if not own:
            own = {
                _name(d.name())
                for lemma in s.lemmas()
                for d in lemma.derivationally_related_forms()
            }
        out |= own
    return frozenset(out)


@cache
def kinds_of(word: str) -> frozenset[str]:
    """What an article's noun is a kind of, in its frequent senses (summit -> meeting).
    Not its synonyms: synonyms of synonyms drift (sign -> subscribe <- pledge)."""
    return frozenset(
        _name(lemma.name())
        for s in _synsets(word.lower())
        if s.pos() == "n"
        for h in s.hypernyms()
        for lemma in h.lemmas()
    )


@cache
def verb_classes(word: str, context: frozenset[str] = frozenset()) -> frozenset[str]:
    """The classes (direct hypernyms, synset names) of ``word``'s verb senses meant: "lead"
    near "leadership" is to be in charge (head.v.02), a way to direct (direct.v.04)."""
    return frozenset(
        h.name() for s in senses(word.lower(), context) if s.pos() == "v" for h in s.hypernyms()
    )


@cache
def in_verb_class(word: str, classes: frozenset[str]) -> bool:
    """Whether one of the frequent verb senses of an article's ``word`` is of one of
    ``classes``: "run" (operate a business) and "steer" (guide) are ways to direct, as
    "lead" is (a sister, not a synonym: used only with the claim's own actor as its doer)."""
    return any(
        h.name() in classes
        for s in wordnet().synsets(base_form(word), "v")[: SENSES["v"]]
        for h in s.hypernyms()
    )


def related(a: str, b: str) -> bool:
    """Whether word ``b`` of an article may stand for word ``a`` of a golden fact."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    syn, fa = synonyms(a), family(a)
    return bool(b in fa or b in broader(a) or syn & kinds_of(b) or fa & derived_from(b))


# ------------------------------------------------------------------ places


def _is_country(s: Synset) -> bool:
    chain = [h for i in s.instance_hypernyms() for h in [i, *i.closure(lambda x: x.hypernyms())]]
    return any(h.name() == COUNTRY for h in chain)


def _countries_up(s: Synset, steps: int = 3) -> list[Synset]:
    """``s`` when it is a country and the countries it is part of (London -> England ->
    United Kingdom; Great Spain -> United Kingdom), within a few steps."""
    out, todo = [], [s]
    for _ in range(steps + 1):
        out.extend(t for t in todo if _is_country(t))
        todo = [h for t in todo for h in t.part_holonyms()]
    return out


@cache
def countries(word: str) -> frozenset[str]:
    """The countries ``word`` names or stands for: a country's name ("Spain"), its
    demonym ("Portuguese", "Dutch"), or a place inside it ("Kiev"); WordNet synset names."""
    wn = wordnet()
    out: set[str] = set()
    w = word.replace(" ", "_")
    for s in wn.synsets(w, "n")[:3] + wn.synsets(w, "a")[:2]:
        if s.pos() == "n":
            out.update(c.name() for c in _countries_up(s))
        for lemma in s.lemmas():
            if lemma.name().lower() != w.lower():
                continue
            for rel in lemma.pertainyms() + lemma.derivationally_related_forms():
                if rel.synset().pos() == "n":
                    out.update(c.name() for c in _countries_up(rel.synset()))
    return frozenset(out)


@cache
def is_capital(word: str) -> bool:
    """A national capital ("Ottawa", "Lisbon"): may stand for its government."""
    return any(
        i.name() == CAPITAL
        for s in wordnet().synsets(word.replace(" ", "_"), "n")[:2]
        for i in s.instance_hypernyms()
    )


@cache
def capitals(country: str) -> frozenset[str]:
    """Names of the national capital of a country (a synset name from ``countries``)."""
    wn = wordnet()
    c = wn.synset(country)
    out: set[str] = set()
    todo = [c]
    for _ in range(3):  # the capital may sit in a region of the country
        nxt = []
        for part in todo:
            for m in part.part_meronyms():
                if any(i.name() == CAPITAL for i in m.instance_hypernyms()):
                    out.update(_name(lemma.name()) for lemma in m.lemmas())
                nxt.append(m)
        todo = nxt
    return frozenset(out)


# ------------------------------------------------------------------- verbs


@cache
def refusal_verbs() -> frozenset[str]:
    """Verbs that negate the clause they govern ("refused to sign")."""
    wn = wordnet()
    out = {_name(lemma.name()) for n in REFUSAL_SYNSETS for lemma in wn.synset(n).lemmas()}
    return frozenset(w for w in out if " " not in w)


#: Verbs of saying: "say" (state.v.01) and the verbs under it, plus telling and
#: stressing, which WordNet files elsewhere.
SPEECH_SYNSETS = ("state.v.01", "tell.v.02", "stress.v.01", "insist.v.01", "report.v.01")


@cache
def speech_verbs() -> frozenset[str]:
    """Verbs that report speech ("said", "announced", "told", "stressed")."""
    wn = wordnet()
    out: set[str] = set()
    for name in SPEECH_SYNSETS:
        s = wn.synset(name)
        for t in [s, *s.closure(lambda x: x.hyponyms(), depth=2)]:
            out.update(_name(lemma.name()) for lemma in t.lemmas())
    return frozenset(w for w in out if " " not in w)


@cache
def nationality(word: str) -> frozenset[str]:
    """The countries a nationality word names: a country's name or its adjective
    ("Dutch", "Portugal"); unlike ``countries``, not a city or region inside it."""
    wn = wordnet()
    w = word.replace(" ", "_")
    out = {s.name() for s in wn.synsets(w, "n")[:3] if _is_country(s)}
    for s in wn.synsets(w, "a")[:2]:
        for lemma in s.lemmas():
            if lemma.name().lower() == w.lower():
                for rel in lemma.pertainyms() + lemma.derivationally_related_forms():
                    if rel.synset().pos() == "n":
                        out.update(c.name() for c in _countries_up(rel.synset()))
    return frozenset(out)
