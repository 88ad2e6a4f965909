"""Who said it: quotations with their speakers, part of the mention layer.

``quotes(doc)`` returns every direct, partial or mixed quotation of a parsed article
with the speech verb that introduces it, the source as the article names it there
(``mention``) and the person or body it is (``speaker``). How (docs/checking.md, "How
a speaker is found"):

1. The cue is the reporting verb (WordNet, ``lexicon.speech``) the quotation hangs from
   in the parse: the nearest one up from the quoted words ("X said that the network
   takes this "very seriously""), else the nearest one in the quotation's sentences,
   outside quote marks, before or after it ("..., said the editor, Y"); "according to
   X" is a cue too. No cue: the quotation continues the previous one of its paragraph,
   or of the paragraph before when it opens its own; a dash line after it ("-- Y")
   names its speaker.
2. The source is the verb's subject (its agent in the passive; inherited through
   "..., calling it"; the antecedent of a relative "who"), a name in apposition
   preferred ("the editor, Y").
3. The speaker: a name is given in full when the article names the person in full
   (a lone "Ann" or "Lee" becomes "Ann Lee"); "he"/"she" goes back to the
   last person named as a subject before it; a title or role ("the candidate's son")
   goes to the person the article gave that title, else (a definite title with no
   possessor) to the last person named as a subject; an organisation or a document
   ("the Kremlin", "FBI notes") stays itself. Relative and other pronouns that name no
   one ("that", "it", "we"), quoted words and places that are not the subject are never
   speakers: a wrong speaker is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.lexicon.relations import names_a_person
from factcheck.lexicon.speech import group_noun, person_noun, speech_verbs

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Quote", "quotes"]

#: Dependency labels of a verb's grammatical subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
#: Labels through which a verb inherits the subject of its head ("..., calling it").
INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp", "ccomp"})
#: Pronouns that stand for one person named before.
PERSON_PRONOUNS = {"he": True, "him": True, "she": False, "her": False}
#: Pronouns that introduce a relative clause: their speaker is the noun they attach to.
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
#: Pronouns that name no one the article identifies.
NON_SPEAKERS = frozenset(
    {"it", "this", "that", "these", "those", "which", "what", "i", "we", "you", "me", "us"}
)
#: Entity labels of a person, of a body or document, and of a place.
PERSON_LABELS = frozenset({"PERSON"})
BODY_LABELS = frozenset({"ORG", "NORP", "WORK_OF_ART", "LAW", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
#: Modifiers that belong to a description ("the Republican nominee", "the mayor's adviser").
DESCRIPTION_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "case", "nummod"})
#: Courtesy titles the NER leaves outside a name; their gender, for "he" and "she".
TITLES = {"mr": True, "mrs": False, "ms": False, "miss": False}
#: A dash that introduces a speaker's name after a quotation ("-- Jane Roe, 34").
BYLINE_DASHES = "\u2015\u2014\u2013-"
#: Quote marks; straight ones take their direction from the characters around them.
QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u201f')


@dataclass(frozen=True)
class Quote:
    start: int  # first character inside the quote marks
    end: int
    text: str
    speaker: str | None  # the person or body, resolved (None: the article does not say)
    mention: str | None  # how the article names the source at the cue
    verb: str | None  # lemma of the cue
    sentence: tuple[int, int]  # span of the sentence holding the quote's start
    source: tuple[int, int] | None = None  # character span of the mention


@dataclass
class _Person:
    start: int
    name: str
    subject: bool  # named as a grammatical subject (a likely antecedent)
    titles: frozenset[str]  # noun lemmas the article gives the person ("nominee")


def _inside(spans: Sequence[tuple[int, int]], i: int) -> bool:
    return any(a <= i < b for a, b in spans)


def _squash(name: str | None) -> str | None:
    # A name broken across lines is still one name.
    return " ".join(name.split()) if name else name


class _Article:
    """What speaker resolution needs to know about one article, gathered once."""

    def __init__(self, doc: Doc, quoted: list[tuple[int, int]], blocks: list[int]) -> None:
        self.doc = doc
        self.quoted = quoted
        self.blocks = blocks
        self.people: list[_Person] = []
        self.gender: dict[str, bool] = {}
        text = doc.text
        for ent in doc.ents:
            if ent.label_ not in PERSON_LABELS or _inside(quoted, ent.start_char):
                continue
            root = ent.root
            subj = root.dep_ in SUBJECT_DEPS or (
                root.dep_ == "appos" and root.head.dep_ in SUBJECT_DEPS
            )
            self.people.append(_Person(ent.start_char, ent.text, subj, _titles(ent)))
            before = text[max(0, ent.start_char - 5) : ent.start_char].lower()
            title = re.search(r"\b(mrs|mr|ms|miss)\.?\s*$", before)
            if title:
                self.gender[ent.text.split()[-1]] = TITLES[title.group(1)]
        self.people.sort(key=lambda p: p.start)
        self.full = [p.name.split() for p in self.people if len(p.name.split()) > 1]
        # "The chancellor stressed ...": a bare title as a subject is the person it names,
        # and a later "he" may mean them ("the Chilean president" is left alone: the
        # modifier may name someone else than the title's holder here)
        for tok in doc:
            if (
                tok.dep_ in SUBJECT_DEPS
                and tok.pos_ == "NOUN"
                and [c.lower_ for c in tok.children if c.i < tok.i] == ["the"]
                and not _inside(quoted, tok.idx)
            ):
                name = self.titled(tok.lemma_.lower(), tok.idx)
                if name is not None:
                    self.people.append(_Person(tok.idx, name, True, frozenset()))
        self.people.sort(key=lambda p: p.start)

    def full_name(self, name: str) -> str:
        """The fullest form of a person's name the article gives ("Ann" -> "Ann Lee")."""
        words = [w for w in name.split() if w.lower().rstrip(".") not in TITLES]
        if len(words) != 1:
            return name
        (word,) = words
        fuller = {" ".join(f) for f in self.full if word in (f[0], f[-1])}
        return fuller.pop() if len(fuller) == 1 else name

    def paragraph(self, char: int) -> int:
        return max((n for n, a in enumerate(self.blocks) if a <= char), default=0)

    def antecedent(self, before: int, pronoun: str = "") -> str | None:
        """The person "he"/"she" or a title refers to: the last one named as a subject
        in the pronoun's paragraph, else the two before it (further back is a guess)."""
        here = self.paragraph(before)
        window = self.blocks[max(here - 2, 0)]
        prior = [p for p in self.people if window <= p.start < before]
        want = PERSON_PRONOUNS.get(pronoun.lower())
        if want is not None:
            prior = [p for p in prior if self.gender.get(p.name.split()[-1], want) == want]
        # the pronoun's own paragraph first, else the nearest one before it naming someone:
        # a person just asked about ("And the prime minister?") outranks a subject named
        # further back
        latest = max((self.paragraph(p.start) for p in prior), default=here)
        prior = [p for p in prior if self.paragraph(p.start) == latest]
        subj = [p for p in prior if p.subject]
        pick = (subj or prior)[-1] if prior else None
        if pick is None:
            return None
        if want is not None:
            self.gender.setdefault(pick.name.split()[-1], want)
        return self.full_name(pick.name)

    def titled(self, title: str, before: int) -> str | None:
        """The person the article gave ``title`` ("Republican nominee John Doe")."""
        named = [p for p in self.people if title in p.titles]
        prior = [p for p in named if p.start < before] or named
        names = {self.full_name(p.name) for p in prior}
        if len(names) > 1:
            prior = prior[-1:]
        return self.full_name(prior[-1].name) if prior else None

    def add(self, start: int, name: str) -> None:
        """A resolved speaker carries the chain on: a later "he" may mean them."""
        self.people.append(_Person(start, name, True, frozenset()))
        self.people.sort(key=lambda p: p.start)


def _titles(ent: Span) -> frozenset[str]:
    """Nouns the article uses as the person's title: before the name ("Republican nominee
    John Doe"), in apposition ("Flynn, a top surrogate", "the editor, Jane Roe")."""
    doc = ent.doc
    out = set()
    root = ent.root
    for tok in root.lefts:
        # a title may be tagged a proper noun ("Chancellor Ann Lee"): a person noun
        title_like = tok.pos_ == "PROPN" and names_a_person(tok.lower_)
        if tok.i < ent.start and (tok.pos_ == "NOUN" or title_like):
            out.add(tok.lemma_.lower())
    for tok in root.children:
        if tok.dep_ == "appos" and tok.pos_ == "NOUN":
            out.add(tok.lemma_.lower())
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        out.add(root.head.lemma_.lower())
    k = ent.start - 1
    while k >= 0 and doc[k].pos_ in {"NOUN", "PROPN", "ADJ"} and not doc[k].ent_type_:
        if doc[k].pos_ == "NOUN":
            out.add(doc[k].lemma_.lower())
        k -= 1
    return frozenset(out)


# ------------------------------------------------------------------- the cue


def _cue(
    article: _Article, qa: int, qb: int, spans: Sequence[tuple[int, int]], pa: int, pb: int
) -> Token | None:
    """The reporting verb of the quotation ``qa..qb`` (or "according" of "according to")."""
    doc = article.doc
    verbs = speech_verbs()
    inner = [t for t in doc[_tok(doc, qa) : _tok(doc, qb) + 1] if qa <= t.idx < qb]

    def is_cue(t: Token) -> bool:
        if _inside(spans, t.idx) or not pa <= t.idx < pb:
            return False
        return (t.pos_ == "VERB" and t.lemma_.lower() in verbs) or _according(t) is not None

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
        return best
    # Else the nearest cue in the quotation's sentences, outside the quote marks.
    sents = [s for s in doc.sents if s.start_char < qb + 1 and s.end_char > qa - 1]
    cands = [t for s in sents for t in s if is_cue(t)]
    if not cands:
        return None
    return min(cands, key=lambda t: min(abs(t.idx - qa), abs(t.idx - qb)))


def _tok(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char, alignment_mode="expand")
    if span is not None and len(span):
        return span.start
    for t in doc:
        if t.idx + len(t.text) > char:
            return t.i
    return len(doc) - 1


def _according(tok: Token) -> Token | None:
    """The source of "according to X"."""
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        return None
    return next((c for c in to.children if c.dep_ == "pobj"), None)


def _subject(verb: Token) -> Token | None:
    """The source of a cue: its subject or agent, inherited through a chain of clauses."""
    src = _according(verb)
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
        if verb.dep_ not in INHERIT_DEPS or verb.head is verb:
            return None
        verb = verb.head
    return None


def _adjacent(verb: Token, quoted: Sequence[tuple[int, int]]) -> Token | None:
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
        ent = _entity(tok)
        return ent.root if ent is not None else tok

    # Only right after a quotation: '"...," X said' and '"...," said X'.
    left: list[Token] = []
    after_quote = False
    for k in range(verb.i - 1, sent.start - 1, -1):
        tok = doc[k]
        if _inside(quoted, tok.idx) or tok.text in QUOTE_CHARS:
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
        if _inside(quoted, tok.idx) or tok.text in QUOTE_CHARS or tok.is_punct:
            break
        right.append(tok)
    return source_in(left[::-1], head_last=True) or source_in(right, head_last=False)


# ---------------------------------------------------------------- the source


def _entity(tok: Token) -> Span | None:
    if not tok.ent_type_:
        return None
    return next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)


def _phrase(tok: Token) -> Span:
    """The name or short description a source token stands for."""
    doc = tok.doc
    ent = _entity(tok)
    if ent is not None:
        first = ent.start
        # Keep a title that spaCy leaves outside the entity ("Mr. Ortiz").
        while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].is_title:
            first -= 1
        return doc[first : ent.end]
    left = [t for t in tok.lefts if t.dep_ in DESCRIPTION_DEPS]
    first = min([tok.i, *(min(t.i for t in x.subtree) for x in left)])
    return doc[first : tok.i + 1]


def _source(article: _Article, subj: Token) -> tuple[Span, str | None]:
    """The mention at the cue and the speaker it resolves to (None: not one)."""
    # A name in apposition says who the description is: "the editor, Jane Roe".
    if subj.pos_ == "NOUN":
        name = next(
            (
                c
                for c in subj.children
                if (
                    c.dep_ == "appos"
                    and (c.ent_type_ in PERSON_LABELS or (c.pos_ == "PROPN" and not c.ent_type_))
                )
                or (c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_ in BODY_LABELS)
            ),
            None,
        )
        if name is not None:
            span = _phrase(name)
            return span, article.full_name(span.text)
    ent = _entity(subj)
    if ent is None or ent.label_ not in PERSON_LABELS:
        # "Tulsa police Chief Chuck Jordan": the person the description ends in
        named = [
            t
            for t in subj.subtree
            if t.ent_type_ in PERSON_LABELS
            and (t.head is subj or t is subj)
            and t.dep_ in {"compound", "appos", "flat", *SUBJECT_DEPS, "pobj"}
        ]
        if named:
            subj = named[-1]
    phrase = _phrase(subj)
    root = subj
    low = root.lower_
    if _inside(article.quoted, phrase.start_char):
        return phrase, None
    if low in PERSON_PRONOUNS:
        who = article.antecedent(phrase.start_char, low)
        if who is not None:
            article.add(phrase.start_char, who)
        return phrase, who
    if low in NON_SPEAKERS or root.pos_ == "PRON":
        return phrase, None  # "that", "it", "we", "they": no one the article names
    ent = _entity(root)
    if ent is not None and ent.label_ in PERSON_LABELS:
        who = article.full_name(_squash(phrase.text) or phrase.text)
        article.add(phrase.start_char, who)
        return phrase, who
    lemma = root.lemma_.lower()
    det = next((c for c in root.children if c.dep_ in {"det", "poss"}), None)
    if root.pos_ in {"NOUN", "PROPN"} and root.tag_ not in {"NNS", "NNPS"} and person_noun(lemma):
        det = next((c for c in root.children if c.dep_ == "det"), None)
        poss = next((c for c in root.children if c.dep_ == "poss"), None)
        definite = poss is not None or (det is not None and det.lower_ in {"the", "this"})
        if not definite:
            return phrase, phrase.text  # "a campaign spokesman": an unnamed source
        who = article.titled(lemma, phrase.start_char)
        if who is None and poss is None:
            who = article.antecedent(phrase.start_char)
        if who is not None:
            article.add(phrase.start_char, who)
        return phrase, who
    if root.pos_ == "PROPN" and article.full_name(phrase.text) != phrase.text:
        # a fragment of a person's name the NER did not call a person ("Ann said")
        who = article.full_name(phrase.text)
        article.add(phrase.start_char, who)
        return phrase, who
    if ent is not None and (ent.label_ in BODY_LABELS or ent.label_ in PLACE_LABELS):
        # A country or body as the subject of a reporting verb is a source ("Moldova said").
        # NER sometimes calls a person's name an ORG: two or more capitalised proper
        # nouns ("Ana de la Vega said") may be the antecedent of a "she".
        words = [t for t in ent if t.is_title]
        name_like = len(words) >= 2 and all(t.pos_ == "PROPN" for t in words)
        if ent.label_ in BODY_LABELS - {"NORP"} and name_like and det is None:
            article.add(phrase.start_char, phrase.text)
        return phrase, phrase.text
    if root.pos_ == "PROPN" and det is None:
        # A name the NER missed or called otherwise: a person when the article names one so.
        who = article.full_name(_squash(phrase.text) or phrase.text)
        article.add(phrase.start_char, who)
        return phrase, who
    if group_noun(lemma) or any(t.pos_ == "PROPN" for t in phrase):
        return phrase, phrase.text  # an organisation or a document
    return phrase, phrase.text


# --------------------------------------------------------------- quotations


def _byline(doc: Doc, text: str, after: int, limit: int) -> tuple[Span, str] | None:
    """A speaker named on a dash line right after a quotation ("-- Jane Roe, 34")."""
    rest = text[after:limit]
    m = re.match(r"[\s\"\u201d\u2019.,]*[" + BYLINE_DASHES + r"]+\s*", rest)
    if m is None:
        return None
    start = after + m.end()
    for ent in doc.ents:
        if ent.start_char == start and ent.label_ in PERSON_LABELS:
            return ent, ent.text
    return None


def quotes(
    doc: Doc,
    spans: Sequence[tuple[int, int, int, int]],
    blocks: list[int],
) -> list[Quote]:
    """Quotations with their speakers, in order of position.

    ``spans``: (quote start, quote end, paragraph start, paragraph end) of every paired
    quotation; ``blocks``: the paragraphs' first characters.
    """
    from factcheck.nlp import sentence_span

    text = doc.text
    quoted = [(a, b) for a, b, _, _ in spans]
    article = _Article(doc, quoted, blocks)
    out: list[Quote] = []
    previous: tuple[str | None, str | None, str | None, tuple[int, int] | None] | None = None
    last_para = -1
    for qa, qb, pa, pb in spans:
        para = article.paragraph(qa)
        if para != last_para:
            # a quotation opening its paragraph carries on the speaker of the paragraph before
            opens = text[pa:qa].strip(' \n"\u201c\u201d') == ""
            if not (opens and para == last_para + 1):
                previous = None
            last_para = para
        here = [(a, b) for a, b, x, _ in spans if x == pa]
        verb = _cue(article, qa, qb, here, pa, pb)
        speaker = mention = lemma = None
        source = None
        if verb is not None:
            lemma = verb.lemma_.lower()
            subj = _subject(verb)
            if subj is None or _inside(quoted, subj.idx):
                subj = _adjacent(verb, quoted)
            if subj is not None:
                phrase, speaker = _source(article, subj)
                mention, source = phrase.text, (phrase.start_char, phrase.end_char)
            previous = (speaker, mention, lemma, source)
        else:
            line = _byline(doc, text, qb, min(len(text), pb + 200))
            if line is not None:
                span, speaker = line
                mention, source = span.text, (span.start_char, span.end_char)
                previous = None
            elif previous is not None:
                speaker, mention, lemma, source = previous
        out.append(
            Quote(
                qa,
                qb,
                text[qa:qb],
                _squash(speaker),
                _squash(mention),
                lemma,
                sentence_span(doc, qa),
                source,
            )
        )
    return sorted(out, key=lambda q: q.start)
