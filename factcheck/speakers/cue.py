"""The cue of a quotation: the reporting verb it hangs from, and that verb's subject."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from factcheck.lexicon.speech import person_noun, speech_verbs
from factcheck.lexicon.wordnet import wordnet
from factcheck.speakers.article import (
    INHERIT_DEPS,
    PERSON_LABELS,
    PERSON_PRONOUNS,
    QUOTE_CHARS,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    Article,
    entity_of,
    inside,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: How long a sentence right after a quotation may be to hold its cue ("..." X asked.).
FOLLOWING_WORDS = 15
#: What ends a sentence, so that a line break after it ends a paragraph.
SENTENCE_ENDS = '.!?\u201d"\u2019'


def find_cue(
    article: Article, qa: int, qb: int, spans: Sequence[tuple[int, int]], pa: int, pb: int
) -> Token | None:
    """The reporting verb of the quotation ``qa..qb`` (or "according" of "according to")."""
    doc = article.doc
    verbs = speech_verbs()
    inner = [t for t in doc[token_at(doc, qa) : token_at(doc, qb) + 1] if qa <= t.idx < qb]

    def is_cue(t: Token) -> bool:
        if inside(spans, t.idx) or not pa <= t.idx < pb:
            return False
        return (t.pos_ == "VERB" and t.lemma_.lower() in verbs) or according(t) is not None

    # Up the tree from the quoted words: the cue the quotation is part of.
    best: Token | None = None
    for tok in inner:
        if tok.head.i != tok.i and qa <= tok.head.idx < qb:
            continue
        node = tok
        for _ in range(12):
            if node.head.i == node.i:
                break
            node = node.head
            if is_cue(node):
                if best is None or abs(node.i - tok.i) < abs(best.i - tok.i):
                    best = node
                break
    if best is not None:
        return _reporter(best, is_cue)
    # Else the nearest cue in the quotation's sentences, outside the quote marks, on its
    # line (a line ending a sentence ends a paragraph in copy that breaks them so); else
    # in a short sentence right after it ("..." X asked.)
    lo, hi = _line(doc.text, qa, qb)
    sents = [s for s in doc.sents if s.start_char < qb + 1 and s.end_char > qa - 1]
    cands = [t for s in sents for t in s if is_cue(t) and lo <= t.idx < hi]
    if not cands and sents and sents[-1].end < len(doc):
        after = doc[sents[-1].end].sent
        gap = doc.text[qb : after.start_char].strip(" .,!?\u201d\"'\u2019")
        # short, or the same sentence split after the quotation's "!" or "?" (lower case)
        short = len(after) <= FOLLOWING_WORDS or after[0].is_lower
        if not gap and short and after.start_char < hi:
            cands = [t for t in after if is_cue(t)]
    if not cands:
        return None
    return min(cands, key=lambda t: min(abs(t.idx - qa), abs(t.idx - qb)))


def _line(text: str, qa: int, qb: int) -> tuple[int, int]:
    """The stretch around a quotation between line breaks that follow a sentence's end."""

    def breaks(i: int) -> bool:
        return text[max(i - 40, 0) : i].rstrip()[-1:] in SENTENCE_ENDS  # "" too: a blank

    lo = qa
    while (lo := text.rfind("\n", 0, lo)) > 0 and not breaks(lo):
        pass
    hi = qb
    while (hi := text.find("\n", hi + 1)) != -1 and not breaks(hi):
        pass
    return max(lo, 0), hi if hi != -1 else len(text)


def _reporter(cue: Token, is_cue: Callable[[Token], bool]) -> Token:
    """The cue that reports a quotation: the one it hangs from, or the one above that
    when the nearer one has a thing as its subject ("Y said the ad "wrongly" suggests")."""
    subj = subject_of(cue)
    thing = (
        subj is not None
        and subj.pos_ == "NOUN"
        and not subj.ent_type_
        and not person_noun(subj.lemma_.lower())
    )
    node = cue
    for _ in range(6):
        if not thing or node.head.i == node.i:
            break
        node = node.head
        if is_cue(node):
            above = subject_of(node)
            person = above is not None and (
                above.ent_type_ in PERSON_LABELS or above.lower_ in PERSON_PRONOUNS
            )
            return node if person else cue
    return cue


def wished(cue: Token, quoted: Sequence[tuple[int, int]]) -> bool:
    """Whether a cue is in what someone hopes, wants or fears will be said ("I hope X
    says ...", "she wants them to say ..."): words nobody said. The verb above it has a
    feeling as its most frequent sense (WordNet's ``verb.emotion``) and is outside the
    quotation marks."""
    node = cue
    for _ in range(3):
        if node.dep_ not in {"ccomp", "xcomp", "parataxis"} or node.head.i == node.i:
            return False
        node = node.head
        senses = wordnet().synsets(node.lemma_.lower(), "v")
        if inside(quoted, node.idx):
            return False
        if node.pos_ == "VERB" and senses and senses[0].lexname() == "verb.emotion":
            return True
    return False


def token_at(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char, alignment_mode="expand")
    if span is not None and len(span):
        return span.start
    for t in doc:
        if t.idx + len(t.text) > char:
            return t.i
    return len(doc) - 1


def according(tok: Token) -> Token | None:
    """The source of "according to X"."""
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        return None
    return next((c for c in to.children if c.dep_ == "pobj"), None)


def subject_of(verb: Token) -> Token | None:
    """The source of a cue: its subject or agent, inherited through a chain of clauses
    ("..., calling it") and a verb's prepositional complement ("began by saying")."""
    src = according(verb)
    if src is not None:
        return src
    for _ in range(4):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None and subj.dep_ == "nsubjpass" and agent is not None:
            subj = next((c for c in agent.children if c.dep_ == "pobj"), subj)
        if subj is not None:
            if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head  # "Flynn, who said ...": the noun the clause is about
            return subj
        if verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ == "acl" and verb.tag_ in {"VBG", "VBD"} and verb.head.pos_ == "PROPN":
            return verb.head  # "X asking, ...", "X, a scholar, compared ...": a name's verb
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
            verb = verb.head.head  # "began by saying", "despite admitting"
            continue
        if verb.dep_ not in INHERIT_DEPS or verb.head is verb:
            return None
        verb = verb.head
    return None


def adjacent_source(verb: Token, quoted: Sequence[tuple[int, int]]) -> Token | None:
    """The source written right next to a cue the parser did not give a subject outside
    the quotation: ``"...," X, a title, said`` or ``"...," said X``."""
    doc = verb.doc
    sent = verb.sent

    def source_in(tokens: list[Token], *, head_last: bool) -> Token | None:
        tokens = [t for t in tokens if t.ent_type_ not in {"DATE", "TIME"}]
        named = [t for t in tokens if t.ent_type_ in PERSON_LABELS]
        nouns = [t for t in tokens if t.pos_ in {"PROPN", "NOUN", "PRON"}]
        pick = named or nouns
        if not pick:
            return None
        tok = pick[-1] if head_last and not named else pick[0]
        ent = entity_of(tok)
        return ent.root if ent is not None else tok

    # Only right after a quotation: '"...," X said' and '"...," said X'.
    left: list[Token] = []
    after_quote = False
    for k in range(verb.i - 1, sent.start - 1, -1):
        tok = doc[k]
        if inside(quoted, tok.idx) or tok.text in QUOTE_CHARS:
            after_quote = True
            break
        left.append(tok)
    # between the quotation and the cue only the source itself: no clause, no phrase
    # (a person named first may carry a description: "Y, a developer in Ohio, said")
    clause = any(t.pos_ in {"VERB", "ADP"} for t in left)
    named_first = any(t.ent_type_ in PERSON_LABELS for t in left[-4:])
    if not after_quote or len(left) > 25 or (clause and not named_first):
        return None
    right: list[Token] = []
    for k in range(verb.i + 1, sent.end):
        tok = doc[k]
        if inside(quoted, tok.idx) or tok.text in QUOTE_CHARS or tok.is_punct:
            break
        right.append(tok)
    return source_in(left[::-1], head_last=True) or source_in(right, head_last=False)
