"""Regenerate tests/corpus/articles and manifest.yaml from the seeds (outputs are committed).

Each edit replaces one exact passage of a raw seed file; the script fails if the passage
is not there, so a changed seed cannot silently produce an unedited copy.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds/coalition-paris-2026-01-06"
OUT = ROOT / "tests/corpus/articles"
FILES = {
    "wire": "000_2f2eaa7a66c5adee.txt",
    "menafn-truce": "001_df8f6b4a7e1981e3.txt",
    "menafn-lead": "002_c18a039ef04bae6d.txt",
    "nyt": "003_860942daf91e2188.txt",
    "president-ua": "004_85e0a6c8ee5e92e3.txt",
}
COVERAGE = {
    "wire": "full",
    "menafn-truce": "partial",
    "menafn-lead": "partial",
    "nyt": "full",
    "president-ua": "full",
}
L, R = "\u201c", "\u201d"
EDITS = [
    (
        "wire-wrong-speaker",
        "wire",
        "misattribution",
        "macron-monitoring-quote",
        'indicated their readiness," Macron said.',
        'indicated their readiness," Starmer said.',
        'indicated their readiness," Starmer said.',
    ),
    (
        "nyt-wrong-speaker",
        "nyt",
        "misattribution",
        "starmer-putin-quote",
        "ready for peace,\u201d said Mr. Starmer",
        "ready for peace,\u201d said Mr. Macron",
        "said Mr. Macron, calling",
    ),
    (
        "president-ua-wrong-speaker",
        "president-ua",
        "misattribution",
        "zelensky-backstop-quote",
        "U.S. Congress,\u201d the Head of State stressed.",
        "U.S. Congress,\u201d Emmanuel Macron stressed.",
        "Emmanuel Macron stressed.",
    ),
    (
        "wire-number-countries",
        "wire",
        "contradiction",
        "countries-at-meeting",
        "from 35 countries",
        "from 53 countries",
        "senior officials from 53 countries",
    ),
    (
        "wire-number-troops",
        "wire",
        "contradiction",
        "volunteer-army-size",
        "around 800,000 troops",
        "around 500,000 troops",
        "around 500,000 troops",
    ),
    (
        "nyt-number-meeting",
        "nyt",
        "contradiction",
        "meeting-number",
        "the 15th since",
        "the 12th since",
        "the 12th since the coalition was formed",
    ),
    (
        "nyt-number-range",
        "nyt",
        "contradiction",
        "french-soldiers",
        "\u201cseveral thousand\u201d French soldiers",
        "\u201cseveral hundred\u201d French soldiers",
        "French soldiers could be deployed",
    ),
    (
        "nyt-actor",
        "nyt",
        "contradiction",
        "uk-france-hubs",
        "Britain and France agreed to establish military hubs",
        "Germany and France agreed to establish military hubs",
        "Germany and France agreed to establish military hubs",
    ),
    (
        "nyt-place",
        "nyt",
        "contradiction",
        "meeting-in-paris",
        "at a meeting in Paris of more than 30",
        "at a meeting in London of more than 30",
        "at a meeting in London of more than 30",
    ),
    (
        "wire-day",
        "wire",
        "contradiction",
        "announced-tuesday",
        "Emmanuel Macron said on Tuesday.",
        "Emmanuel Macron said on Thursday.",
        "Emmanuel Macron said on Thursday.",
    ),
    (
        "nyt-polarity-negation-removed",
        "nyt",
        "contradiction",
        "russia-not-involved",
        "Russia is not involved in the negotiations",
        "Russia is involved in the negotiations",
        "because Russia is involved in the negotiations",
    ),
    (
        "wire-polarity-refused",
        "wire",
        "contradiction",
        "us-leads-monitoring",
        "Washington and its European allies have agreed to establish",
        "Washington and its European allies have refused to establish",
        "have refused to establish a ceasefire monitoring mechanism",
    ),
    (
        "wire-quote-words",
        "wire",
        "contradiction",
        "starmer-support-quote",
        "continue to step out our support for Ukraine's defense in 2026 to ensure",
        "continue to scale back our support for Ukraine's defense in 2026 to ensure",
        "scale back our support",
    ),
    (
        "menafn-truce-partial-quote-words",
        "menafn-truce",
        "contradiction",
        "macron-first-line-quote",
        "\u201cfirst line of defense and deterrence\u201d",
        "\u201clast line of defense and deterrence\u201d",
        "last line of defense and deterrence",
    ),
    (
        "menafn-lead-number-twice-printed",
        "menafn-lead",
        "contradiction",
        "countries-at-meeting",
        "from 35 nations",
        "from 45 nations",
        "top representatives from 45 nations",
    ),
    (
        "wire-merz-speaker",
        "wire",
        "misattribution",
        "merz-commit-quote",
        "German Chancellor Friedrich Merz said",
        "Italian Prime Minister Giorgia Meloni said",
        'neighboring NATO territory after a ceasefire," he said.',
    ),
    (
        "nyt-day-monday",
        "nyt",
        "contradiction",
        "allies-agreed-tuesday",
        "allies agreed on Tuesday to provide",
        "allies agreed on Monday to provide",
        "allies agreed on Monday to provide",
    ),
    (
        "nyt-number-months",
        "nyt",
        "contradiction",
        "months-since-first-meeting",
        "comes 11 months after",
        "comes 14 months after",
        "comes 14 months after",
    ),
    (
        "nyt-removed-monitoring",
        "nyt",
        "omission",
        "us-leads-monitoring",
        "In addition to the troop commitment, the agreement also said that the United States "
        "would lead an effort to monitor any eventual cease-fire, and that a special commission "
        "would be created to \u201caddress any breaches, attribute responsibility and determine "
        "remedies.\u201d ",
        "",
        None,
    ),
    (
        "nyt-removed-paris",
        "nyt",
        "omission",
        "meeting-in-paris",
        "President Emmanuel Macron of France and Prime Minister Keir Starmer of Britain signed "
        "an agreement with President Volodymyr Zelensky of Ukraine at a meeting in Paris of more "
        "than 30 European leaders and other members of the so-called Coalition of the Willing. ",
        "",
        None,
    ),
]
# An edit may contradict more than one golden fact: the wire's first sentence carries both
# the monitoring agreement and Macron's Tuesday announcement of it; in the NYT, "That, he
# said" after the edited attribution refers to the new speaker too.
EXTRA = {
    "nyt-wrong-speaker": [
        {
            "kind": "misattribution",
            "assertion": "starmer-resolve-quote",
            "evidence": "That, he said",
        }
    ],
    "wire-polarity-refused": [
        {
            "kind": "contradiction",
            "assertion": "announced-tuesday",
            "evidence": "have refused to establish",
        }
    ],
}
cases = []
for sid, f in FILES.items():
    name = f"untouched-{sid}.txt"
    (OUT / name).write_bytes((SEEDS / f).read_bytes())
    cases.append(
        {
            "file": name,
            "base": sid,
            "coverage": COVERAGE[sid],
            "edit": "none (untouched copy)",
            "expect": [],
        }
    )
for cid, sid, kind, aid, old, new, ev in EDITS:
    raw = (SEEDS / FILES[sid]).read_text(encoding="utf-8")
    n = raw.count(old)
    assert n >= 1, (cid, old)
    if n > 1:  # the menafn-lead body is printed twice; the copy is edited in both places
        assert sid == "menafn-lead", (cid, n)
    (OUT / f"{cid}.txt").write_text(raw.replace(old, new), encoding="utf-8")
    cases.append(
        {
            "file": f"{cid}.txt",
            "base": sid,
            "coverage": COVERAGE[sid],
            "edit": f"{old!r} -> {new!r}",
            "expect": [{"kind": kind, "assertion": aid, "evidence": ev}, *EXTRA.get(cid, [])],
        }
    )
for p in sorted((ROOT / "tests/corpus/paraphrases").glob("*.txt")):
    cases.append(
        {
            "file": f"../paraphrases/{p.name}",
            "base": None,
            "coverage": "partial",
            "edit": "faithful paraphrase written for the corpus",
            "expect": [],
        }
    )
(ROOT / "tests/corpus/manifest.yaml").write_text(
    "# The accuracy corpus: edited copies of the seed articles, each with ONE known edit, plus\n"
    "# untouched copies and faithful paraphrases. `expect` lists the findings the edit must give\n"
    "# (kind, assertion id of tests/corpus/golden.yaml, a piece of the evidence sentence);\n"
    "# an empty list means: no contradiction and no misattribution. Regenerated by hand only.\n"
    + yaml.safe_dump({"cases": cases}, sort_keys=False, allow_unicode=True, width=100),
    encoding="utf-8",
)
print(len(cases))
