"""One article as speaker resolution sees it: its people, their titles and genders."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck._text import dateline
from factcheck.lexicon.relations import names_a_person
from factcheck.lexicon.speech import person_noun, speech_verbs

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

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


@dataclass
class Person:
    start: int
    name: str
    subject: bool  # named as a grammatical subject (a likely antecedent)
    titles: frozenset[str]  # noun lemmas the article gives the person ("nominee")
    main: bool = False  # the subject of a sentence's main verb or of a reporting verb


def inside(spans: Sequence[tuple[int, int]], i: int) -> bool:
    return any(a <= i < b for a, b in spans)


def entity_of(tok: Token) -> Span | None:
    if not tok.ent_type_:
        return None
    return next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)


def squash(name: str | None) -> str | None:
    # A name broken across lines is still one name.
    return " ".join(name.split()) if name else name


class Article:
    """What speaker resolution needs to know about one article, gathered once."""

    def __init__(self, doc: Doc, quoted: list[tuple[int, int]], blocks: list[int]) -> None:
        self.doc = doc
        self.quoted = quoted
        self.blocks = blocks
        self.people: list[Person] = []
        self.gender: dict[str, bool] = {}
        text = doc.text
        for ent in doc.ents:
            if ent.label_ not in PERSON_LABELS or inside(quoted, ent.start_char):
                continue
            if _dateline(ent):
                continue  # "LE BOURGET, 12 December -": a place the NER took for a person
            root = ent.root
            subj = root.dep_ in SUBJECT_DEPS or (
                root.dep_ == "appos" and root.head.dep_ in SUBJECT_DEPS
            )
            main = subj and main_subject(root)
            self.people.append(Person(ent.start_char, ent.text, subj, titles_of(ent), main))
            before = text[max(0, ent.start_char - 5) : ent.start_char].lower()
            title = re.search(r"\b(mrs|mr|ms|miss)\.?\s*$", before)
            if title:
                self.gender[ent.text] = TITLES[title.group(1)]
        self.people.sort(key=lambda p: p.start)
        self.full = [p.name.split() for p in self.people if len(p.name.split()) > 1]
        # a gender belongs to a person, not a surname: "Mr. Lee" and "Mrs. Lee" may both be
        # in the article ("Lee" alone stays ambiguous)
        self.gender = {self.full_name(k): v for k, v in self.gender.items()}
        self.people.extend(self._unlabelled())
        self.people.sort(key=lambda p: p.start)

    def _unlabelled(self) -> list[Person]:
        """Subjects that name a person the NER did not label so, that a later "he" may
        mean: a bare title ("The chancellor stressed ..."; "the Chilean president" is
        left alone: the modifier may name someone else than the title's holder) and a
        surname of a person the article names in full ("Ham made it clear ...")."""
        out = []
        for tok in self.doc:
            if tok.dep_ not in SUBJECT_DEPS or inside(self.quoted, tok.idx):
                continue
            name = None
            if tok.pos_ == "NOUN" and [c.lower_ for c in tok.children if c.i < tok.i] == ["the"]:
                name = self.titled(tok.lemma_.lower(), tok.idx)
            elif tok.pos_ == "PROPN" and tok.is_title and tok.ent_type_ not in PERSON_LABELS:
                alone = not any(c.dep_ in {"compound", "det", "poss"} for c in tok.children)
                full = self.full_name(tok.text)
                name = full if alone and full != tok.text else None
                # a full name the NER called otherwise ("Ann Lee, the minister, has
                # presented ..."): a person where the article calls it one elsewhere, or
                # where a person noun stands in apposition to it
                chain = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
                words = [*(c.text for c in chain), tok.text]
                role = any(
                    c.dep_ == "appos" and person_noun(c.lemma_.lower()) for c in tok.children
                )
                whole = chain and len(chain) == len(list(tok.lefts))
                if whole and (words in self.full or role):
                    name = " ".join(words)
            if name is not None:
                out.append(Person(tok.idx, name, True, frozenset(), main_subject(tok)))
        return out

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
            prior = [p for p in prior if self.gender.get(self.full_name(p.name), want) == want]
        # the pronoun's own paragraph first, else the nearest one before it naming someone:
        # a person just asked about ("And the prime minister?") outranks a subject named
        # further back
        latest = max((self.paragraph(p.start) for p in prior), default=here)
        prior = [p for p in prior if self.paragraph(p.start) == latest]
        subj = [p for p in prior if p.subject]
        main = [p for p in subj if p.main]
        pick = (main or subj or prior)[-1] if prior else None
        if pick is None:
            return None
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
        self.people.append(Person(start, name, True, frozenset(), True))
        self.people.sort(key=lambda p: p.start)


def _dateline(ent: Span) -> bool:
    """A name in capitals opening its paragraph: where the story was filed."""
    return ent.text.isupper() and dateline(ent[-1])


def main_subject(tok: Token) -> bool:
    """Whether a subject is that of its sentence's main verb or of a reporting verb: the
    person a sentence is about, before one named in a clause inside it ("X said he
    expects Y to recover": X)."""
    verb = tok.head.head if tok.dep_ == "appos" else tok.head
    return verb.dep_ == "ROOT" or verb.lemma_.lower() in speech_verbs()


def titles_of(ent: Span) -> frozenset[str]:
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
    if root.dep_ == "appos" and root.head.pos_ in {"NOUN", "PROPN"}:
        out.add(root.head.lemma_.lower())  # "The Executive Secretary of the Fund, Ann Lee"
    k = ent.start - 1
    while k >= 0 and doc[k].pos_ in {"NOUN", "PROPN", "ADJ"} and not doc[k].ent_type_:
        if doc[k].pos_ == "NOUN":
            out.add(doc[k].lemma_.lower())
        k -= 1
    return frozenset(out)
