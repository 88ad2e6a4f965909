"""Speaker attribution measured on human-annotated news (PolNeAR, brat standoff).

Usage: ``python benchmarks/speakers.py [--corpus DIR] [--misses PATH]``

Reads ``../shared/eval/speakers/polnear-dev/`` (or ``--corpus``) when it is present; the
corpus is never copied into the repository. One annotator's file per article (the first
by name).

Scoring rule
------------
A *case* is one annotated attribution whose Content span holds a quote mark (a direct or
mixed quotation). The case's quotation is *found* when a quotation of
``factcheck.nlp.quotes`` overlaps one of the Content's fragments; the one overlapping
most is compared with the gold Source. Cases are split by the gold Source:

- ``person``: the Source holds a PERSON entity (spaCy, on the article) or a courtesy
  title and a capitalised word ("Mr. Clarke"). Right when the predicted speaker and the
  name share the surname (the name's last word, a possessive dropped).
- ``pronoun/title``: a pronoun ("he", "who") or a description of a person ("the
  candidate's son", "the Republican nominee"). It refers to a person: for a relative
  pronoun the nearest PERSON entity before it (outside quotes), otherwise the person
  named by the nearest ``person`` Source of the article's annotations before it (its
  first PERSON entity: "Rep. X (D-S.C.), the leader of the caucus" is X), else the
  nearest PERSON entity before it. Right when the predicted speaker has that person's surname. A
  description with no person before it is counted as ``other``.
- ``organisation``: the Source holds an ORG/GPE/NORP entity or names a body ("the
  Trump campaign", "the FBI"). Right when the predicted speaker and the Source share
  their last content word.
- ``other``: unnamed sources ("a source", "experts", "a 2014 study"). Right when the
  predicted speaker shares the Source's head (last) word.

A case without a Source (``Attribution-no-source``) counts for recall only.

*Non-speakers* are counted over every predicted quotation: a speaker that is a pronoun
(relative, demonstrative or personal: never resolved), a
lone first name of a person the article names in full, or a country or place (GPE/LOC)
where the gold Source of that quotation is not that place.

Per-case misses go to ``reports/speakers-misses.txt`` (git-ignored).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from factcheck.nlp import Quote

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "speakers" / "polnear-dev"
QUOTE_MARKS = re.compile('[\u201c\u201d"]')
#: Pronouns as a whole Source.
PRONOUNS = frozenset(
    "he she they i we you it who which that his her their its him them this these".split()
)
RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
TITLES = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Rev)\.?\s+[A-Z]")
ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
#: Determiners and function words left out of a name's words.
_FUNCTION = frozenset("the a an of 's ’s , . and".split())
KINDS = ("person", "pronoun/title", "organisation", "other", "no source")


@dataclass
class Span:
    kind: str
    frags: list[tuple[int, int]]
    text: str

    @property
    def start(self) -> int:
        return min(a for a, _ in self.frags)


@dataclass
class Case:
    article: str
    content: Span
    source: Span | None
    kind: str = "other"
    referent: str | None = None
    found: Quote | None = None
    right: bool | None = None
    notes: list[str] = field(default_factory=list)


def read_ann(path: Path) -> list[tuple[Span, Span | None]]:
    spans: dict[str, Span] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            kind, _, offsets = parts[1].partition(" ")
            frags = [tuple(map(int, f.split())) for f in offsets.split(";")]
            spans[parts[0]] = Span(kind, frags, parts[2])  # type: ignore[arg-type]
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(p.split(":", 1) for p in parts[1].split()))
    out = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if content is None:
            continue
        out.append((content, spans.get(ev.get("Source", ""))))
    return out


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w\-]+", text.replace("’s", "").replace("'s", ""))]


def surname(name: str | None) -> str | None:
    words = [w for w in _words(name or "") if w.lower() not in _FUNCTION]
    caps = [w for w in words if w[:1].isupper()]
    return (caps or words or [None])[-1]


def _ents(doc: Doc, a: int, b: int, labels: set[str] | frozenset[str]) -> list:
    return [e for e in doc.ents if e.start_char < b and e.end_char > a and e.label_ in labels]


def classify(case: Case, doc: Doc, persons: list[tuple[int, str]], quoted: list) -> None:
    src = case.source
    if src is None:
        case.kind = "no source"
        return
    a, b = src.frags[0][0], src.frags[-1][1]
    low = src.text.strip().lower()
    # the person the Source names is the one at its head, not a possessor ("Obama's
    # former strategist") or someone in a clause after it
    span = doc.char_span(a, b, alignment_mode="expand")
    people = [
        e
        for e in _ents(doc, a, b, {"PERSON"})
        if (span is not None and e.start <= span.root.i < e.end) or e.root.dep_ == "appos"
    ]
    if low not in PRONOUNS and (people or TITLES.match(src.text.strip())):
        case.kind = "person"
        case.referent = people[0].text if people else src.text
        return
    if low not in PRONOUNS and _ents(doc, a, b, ORG_LABELS):
        case.kind = "organisation"
        return
    words = src.text.split()
    capital = [w for w in words[1:] if w[:1].isupper()]
    # one capitalised word the NER missed ("Flynn") is a name when the article names a
    # person with it
    single = low not in PRONOUNS and words and words[0][:1].isupper() and not capital
    if single and any(surname(p) == surname(src.text) for _, p in persons):
        case.kind = "person"
        case.referent = src.text
        return
    head = doc.char_span(a, b, alignment_mode="expand")
    person_noun = head is not None and _is_person_noun(head.root)
    if low in PRONOUNS or person_noun:
        entities = [
            (e.start_char, e.text)
            for e in doc.ents
            if e.label_ == "PERSON"
            and e.start_char < a
            and not any(x <= e.start_char < y for x, y in quoted)
        ]
        earlier = [p for p in persons if p[0] < a]
        prior = entities if low in RELATIVE else earlier or entities
        if prior and low not in {"it", "its", "which", "this", "these"}:
            case.kind = "pronoun/title"
            case.referent = prior[-1][1]
            return
    if capital or (words and words[-1][:1].isupper()):
        case.kind = "organisation"
        return
    case.kind = "other"


def _is_person_noun(tok) -> bool:
    from factcheck.lexicon import wordnet

    if tok.pos_ not in {"NOUN"}:
        return False
    synsets = wordnet().synsets(tok.lemma_.lower(), "n")
    return bool(synsets) and synsets[0].lexname() == "noun.person"


def judge(case: Case) -> None:
    q = case.found
    if q is None or case.kind == "no source":
        return
    predicted = q.speaker
    if predicted is None:
        case.right = False
        return
    if case.kind in {"person", "pronoun/title"}:
        want = surname(case.referent)
        case.right = want is not None and want.lower() in {w.lower() for w in _words(predicted)}
    else:
        src = case.source.text if case.source else ""
        want = surname(src)
        got = surname(predicted)
        case.right = bool(want and got and want.lower() == got.lower()) or (
            predicted.lower() in src.lower() and len(predicted) > 3
        )


def non_speakers(doc: Doc, quotes: list[Quote], cases: list[Case]) -> list[tuple[Quote, str]]:
    full = [e.text.split() for e in doc.ents if e.label_ == "PERSON" and len(e.text.split()) > 1]
    places = {e.text for e in doc.ents if e.label_ in {"GPE", "LOC"}}
    gold = {id(c.found): c for c in cases if c.found is not None}
    out = []
    for q in quotes:
        s = q.speaker
        if not s:
            continue
        why = None
        if s.lower() in PRONOUNS:
            why = "pronoun"
        elif (
            len(s.split()) == 1
            and any(n[0] == s for n in full)
            and not any(n[-1] == s for n in full)
        ):
            why = "first name alone"
        elif s in places:
            c = gold.get(id(q))
            named = {surname(c.source.text) for c in cases if c.source is not None}
            if (c is None or c.source is None or s not in c.source.text) and s not in named:
                why = "place"
        if why:
            out.append((q, why))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--misses", type=Path, default=ROOT / "reports" / "speakers-misses.txt")
    args = parser.parse_args(argv)
    if not (args.corpus / "text").is_dir():
        print(f"no corpus at {args.corpus}: nothing to measure", file=sys.stderr)
        return 0
    from factcheck import nlp

    files: dict[str, Path] = {}
    for ann in sorted((args.corpus / "attributions").glob("*.ann")):
        files.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    names = sorted(files)
    texts = [(args.corpus / "text" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    docs = nlp.parse(texts)
    cases: list[Case] = []
    bad: list[tuple[str, Quote, str]] = []
    for name, doc in zip(names, docs, strict=True):
        text = doc.text
        predicted = nlp.quotes(doc)
        quoted = nlp.quoted_spans(doc)
        here = []
        pairs = read_ann(files[name])
        persons = []
        for content, source in pairs:
            if source is None:
                continue
            c = Case(name, content, source)
            a, b = source.frags[0][0], source.frags[-1][1]
            named = _ents(doc, a, b, {"PERSON"})
            if named or TITLES.match(source.text.strip()):
                # the person a long Source names ("Rep. X (D-S.C.), the leader of the
                # Democratic caucus" is X, not "Democratic")
                persons.append((a, named[0].text if named else source.text))
        persons.sort()
        innermost = {}
        for q in predicted:
            holding = [c for c, _ in pairs if any(a <= q.start < b for a, b in c.frags)]
            if holding:
                innermost[q.start] = min(holding, key=lambda c: c.frags[-1][1] - c.start)
        for content, source in pairs:
            if not any(QUOTE_MARKS.search(text[a:b]) for a, b in content.frags):
                continue
            c = Case(name, content, source)
            classify(c, doc, persons, quoted)
            best = 0
            # a quotation belongs to the innermost annotated content holding it: in
            # 'X said Y was "right" when he said "..."', the second is Y's, not X's
            own = [q for q in predicted if innermost.get(q.start) is content] or predicted
            for q in own:
                overlap = sum(max(0, min(b, q.end) - max(a, q.start)) for a, b in content.frags)
                if overlap > best:
                    best, c.found = overlap, q
            judge(c)
            here.append(c)
        cases.extend(here)
        bad.extend((name, q, why) for q, why in non_speakers(doc, predicted, here))

    total = len(cases)
    found = sum(c.found is not None for c in cases)
    print(f"articles: {len(names)}  quotation cases: {total}")
    print(f"quotations found: {found}/{total} = {found / max(total, 1):.1%}")
    by: dict[str, Counter] = defaultdict(Counter)
    for c in cases:
        if c.found is not None and c.right is not None:
            by[c.kind]["n"] += 1
            by[c.kind]["right"] += bool(c.right)
    for kind in KINDS:
        n = by[kind]["n"]
        if n:
            print(
                f"speaker right, {kind:<13} {by[kind]['right']}/{n} = {by[kind]['right'] / n:.1%}"
            )
    print(f"non-speakers returned: {len(bad)}")

    args.misses.parent.mkdir(parents=True, exist_ok=True)
    with args.misses.open("w", encoding="utf-8") as out:
        for c in cases:
            if c.found is not None and c.right is not False:
                continue
            where = c.content.start
            head = " ".join(c.content.text.split())[:90]
            status = "NOT FOUND" if c.found is None else "WRONG"
            out.write(f"{status} [{c.kind}] {c.article}@{where}: {head}\n")
            out.write(f"    gold: {c.source.text if c.source else None!r} -> {c.referent!r}\n")
            if c.found is not None:
                q = c.found
                out.write(f"    got:  {q.mention!r} -> {q.speaker!r} ({q.verb})\n")
        for name, q, why in bad:
            out.write(f"NON-SPEAKER ({why}) {name}@{q.start}: {q.speaker!r} for {q.text[:60]!r}\n")
    print(f"misses written to {args.misses}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
