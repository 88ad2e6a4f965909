"""People described with the wrong country: "Danish Prime Minister Piet Jansen" when
the golden file knows him as "Prime Minister Piet Jansen of Belgium".

A person's country comes from the golden file: a nationality word or a place entity
named in one of their aliases. In an article, the words right before a mention of the
person's name ("Danish Prime Minister ...", "Denmark's ...") or an apposition right
after it (", the Danish prime minister,") describe them; a nationality there that
names another country is a contradiction. A person with no country in the golden file
is never judged.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from factcheck import match
from factcheck.engine.verdicts import verdict
from factcheck.lexicon import relations
from factcheck.model import ClaimAssertion, Entity, Golden, Status, Verdict

if TYPE_CHECKING:
    from factcheck.engine.article import Article

_WORD = re.compile(r"[A-Z][\w'\u2019.-]*|[a-z]+")
#: Characters before a name in which its description is read ("Danish Prime Minister ").
_BEFORE = 40


def _word_countries(word: str, golden: Golden) -> frozenset[str]:
    """Countries a word names: by the lexicon, or as an alias of a golden place."""
    word = re.sub(r"['\u2019]s$", "", word.strip(",;:"))
    if not word[:1].isupper():
        return frozenset()
    out = set(relations.nationality(word))
    for e in golden.entities:
        if e.type in {"GPE", "NORP"} and any(n.lower() == word.lower() for n in e.names):
            out.add(f"entity:{e.id}")
            out |= {c for n in e.names for c in relations.nationality(n)}
    return frozenset(out)


#: Capitalised words of a name, dotted abbreviations whole ("U.S."); a word after "to",
#: "in" or "at" is where a person serves ("Ambassador to Portugal"), not their country.
_NAME_WORD = re.compile(r"(?<!\bto )(?<!\bin )(?<!\bat )\b[A-Z](?:\.[A-Z])*\.?[\w'\u2019-]*")


@cache
def _person_countries(person: Entity, golden: Golden) -> frozenset[str]:
    out: set[str] = set()
    for name in person.names:
        for w in _NAME_WORD.findall(name):
            out |= _word_countries(w, golden)
    return frozenset(out)


_POSTING = re.compile(r"\b(?:to|in|at)\s+(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s+)+$")


def _description_words(text: str, start: int, end: int) -> list[str]:
    """Capitalised words right before a name (titles and nationalities, up to the first
    lower-case word) and those of an apposition right after it."""
    before = text[max(0, start - _BEFORE) : start].rsplit("\n", 1)[-1]
    # "Ambassador to Portugal John Roe": where they serve, not where they are from
    before = _POSTING.sub(" ", before)
    words: list[str] = []
    for w in reversed(before.split()):
        if not w[:1].isupper() or w.endswith((",", ".", ":", ";")):
            break
        words.append(w)
    after = re.match(r",\s+(?:the\s+|a\s+)?([A-Z][\w'\u2019-]*)", text[end : end + 40])
    if after:
        words.append(after.group(1))
    return words


def described(art: Article, golden: Golden) -> list[Verdict]:
    """A contradiction for each person the article gives another country than theirs."""
    out: list[Verdict] = []
    for person in golden.entities:
        if person.type != "PERSON":
            continue
        theirs = _person_countries(person, golden)
        if not theirs:
            continue
        full = [n for n in person.names if len(n.split()) >= 2 and not match.only_titles(n)]
        for start, end in match.find_aliases(full, art.text):
            wrong = next(
                (
                    w
                    for w in _description_words(art.text, start, end)
                    if (found := _word_countries(w, golden)) and not found & theirs
                ),
                None,
            )
            if wrong is None:
                continue
            pseudo = ClaimAssertion(
                id=f"{person.id}-country",
                statement=f"{person.name}'s country, as the golden file names him or her",
                subject=person.id,
                predicate="is described as of",
            )
            expected = next(
                (n for n in person.names if _person_countries_of_name(n, golden)), person.name
            )
            out.append(
                verdict(
                    pseudo, art, Status.CONTRADICTED, evidence=art.sentence(start, end),
                    kind="contradiction",
                    message=f"{person.name} is described as {wrong}; golden: {expected}",
                    expected=expected, found=f"{wrong} {art.text[start:end]}",
                )
            )  # fmt: skip
            break
    return out


def _person_countries_of_name(name: str, golden: Golden) -> bool:
    return any(_word_countries(w, golden) for w in _NAME_WORD.findall(name))
