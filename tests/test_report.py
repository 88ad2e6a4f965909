"""Report rendering on synthetic inputs built from the model: HTML, Markdown, JSON, text."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import markupsafe
import pytest

from factcheck import report
from factcheck.model import (
    ArticleResult,
    Assertion,
    ClaimAssertion,
    CleanedText,
    Evidence,
    Finding,
    Golden,
    GoldenEvidence,
    KnownDiscrepancy,
    NumberAssertion,
    QuoteAssertion,
    Removal,
    Source,
    Status,
    Verdict,
)

# Article text that must stay text in every output.
HOSTILE = (
    'He said "we will not </td></tr></table> go <script>window.pwned=1</script> '
    '<img src=x onerror="window.pwned=2"> {{ 7*7 }} {% raw %} *bold* [link](http://x) | '
    '<!-- now" today.'
)
HOSTILE_BITS = (
    "<script>window.pwned=1</script>",
    '<img src=x onerror="window.pwned=2">',
    "</td></tr></table>",
    "{{ 7*7 }}",
    "{% raw %}",
    "<!--",
)

STORY = "synthetic-story"


def _source(i: int, *, coverage: str = "full") -> Source:
    return Source(
        id=f"src-{i}",
        story=STORY,
        file=f"{i:03d}.txt",
        outlet=f"Outlet {i}",
        title=f"Headline {i}",
        sha256="0" * 64,
        coverage=coverage,  # type: ignore[arg-type]
        published=f"2026-01-{(i % 28) + 1:02d}",
    )


def _assertion(i: int, *, required: bool) -> Assertion:
    kind = ("quote", "number", "claim")[i % 3]
    ev = (GoldenEvidence("src-0", f"golden evidence for fact {i}"),)
    if kind == "quote":
        return QuoteAssertion(
            id=f"quote-{i}",
            statement=f'Speaker {i}: "we will go to meeting {i}"',
            text=f"we will go to meeting {i}",
            speaker=f"speaker-{i}",
            required=required,
            evidence=ev,
        )
    if kind == "number":
        return NumberAssertion(
            id=f"number-{i}",
            statement=f"{i + 10} countries attended",
            low=i + 10,
            high=i + 10,
            counts="countries",
            required=required,
            evidence=ev,
        )
    return ClaimAssertion(
        id=f"claim-{i}",
        statement=f"Actor {i} leads mission {i}",
        subject=f"actor-{i}",
        predicate="lead",
        object=f"mission {i}",
        required=required,
        evidence=ev,
    )


def _verdict(a: Assertion, article: str, status: Status, sentence: str) -> Verdict:
    ev = Evidence(sentence, 100, 100 + len(sentence))
    kind = {
        Status.CONTRADICTED: "contradiction",
        Status.MISATTRIBUTED: "misattribution",
        Status.OMITTED: "omission",
    }.get(status)
    finding = None
    if kind is not None:
        finding = Finding(
            kind=kind,  # type: ignore[arg-type]
            assertion=a.id,
            statement=a.statement,
            message=f"{kind} of {a.id}",
            expected=getattr(a, "text", a.statement),
            found=None if kind == "omission" else "Somebody Else",
            evidence=None if kind == "omission" else ev,
            article=article,
        )
    return Verdict(
        assertion=a.id,
        article=article,
        status=status,
        evidence=None if status in (Status.OMITTED, Status.NOT_COVERED) else ev,
        finding=finding,
        reason="not mentioned" if status is Status.NOT_COVERED else "",
    )


def synthetic_story(
    n_assertions: int, n_sources: int, *, new_articles: int = 1, hostile_cell: bool = True
) -> dict:
    """Goldens, sources, results and cleaning notes: every status appears, one hostile cell."""
    sources = [_source(i, coverage="partial" if i % 4 == 3 else "full") for i in range(n_sources)]
    assertions = [_assertion(i, required=i % 2 == 0) for i in range(n_assertions)]
    if n_assertions > 1:  # a reviewed discrepancy on the second source
        a = assertions[1]
        assertions[1] = replace(
            a,
            known=(
                KnownDiscrepancy(
                    f"src-{min(1, n_sources - 1)}",
                    "contradiction",
                    "reviewed: outlet rounds the figure",
                ),
            ),
        )
    golden = Golden(
        story=STORY,
        path="annotations/synthetic-story.yaml",
        entities=(),
        assertions=tuple(assertions),
    )
    cycle = (
        Status.SUPPORTED,
        Status.SUPPORTED,
        Status.CONTRADICTED,
        Status.SUPPORTED,
        Status.MISATTRIBUTED,
        Status.OMITTED,
        Status.NOT_COVERED,
    )
    results = []
    paths = [(f"seeds/{STORY}/{s.file}", s.id, False) for s in sources]
    paths += [(f"incoming/new-{k}.txt", None, True) for k in range(new_articles)]
    for j, (path, sid, new) in enumerate(paths):
        verdicts = []
        for i, a in enumerate(assertions):
            status = cycle[(i + j) % len(cycle)]
            sentence = (
                f"Sentence {i} of article {j}: we will go to meeting {i}, said Somebody Else."
            )
            if hostile_cell and i == 0 and j == 0:
                status, sentence = Status.CONTRADICTED, HOSTILE
            v = _verdict(a, path, status, sentence)
            if a.known and sid is not None and a.known[0].source == sid and v.finding:
                v = replace(v, finding=replace(v.finding, known=True))
            verdicts.append(v)
        results.append(ArticleResult(path=path, source=sid, verdicts=tuple(verdicts), new=new))
    raw = "Menu\nHome\n" + "Body paragraph. " * 4 + "\n\nBody paragraph. again\n"
    cleaning = {
        "src-0": CleanedText(
            text="Body paragraph.",
            raw=raw,
            segments=(),
            removed=(
                Removal("navigation", 0, 10, "Menu\nHome"),
                Removal("duplicate", 10, 30, "Body paragraph. <b>twice</b> printed"),
                Removal("disclaimer", 30, 40, "Legal Disclaimer: <script>x</script>"),
            ),
        )
    }
    return {
        "story": STORY,
        "golden": golden,
        "sources": sources,
        "results": results,
        "cleaning": cleaning,
    }


# ------------------------------------------------------------------- helpers


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the page's visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def parse(html_text: str) -> _Tags:
    p = _Tags()
    p.feed(html_text)
    p.close()
    return p


@pytest.fixture(scope="module")
def story() -> dict:
    return synthetic_story(9, 4)


# --------------------------------------------------------------------- tests


def test_write_report_is_byte_identical_for_the_same_inputs(tmp_path: Path, story: dict) -> None:
    first = report.write_report(tmp_path / "a", **story)
    again = report.write_report(tmp_path / "b", **synthetic_story(9, 4))
    assert sorted(first) == ["findings.json", "index.html", "summary.md"]
    for name in first:
        assert first[name].read_bytes() == again[name].read_bytes(), name
    # No clock inside unless asked: a timestamp is the only difference it makes.
    stamped = report.write_report(tmp_path / "c", timestamp=True, **story)
    assert "generated" not in first["index.html"].read_text(encoding="utf-8")
    assert re.search(
        r"generated \d{4}-\d\d-\d\d \d\d:\d\d UTC",
        stamped["index.html"].read_text(encoding="utf-8"),
    )


def test_findings_json_is_the_check_json_contract(tmp_path: Path, story: dict) -> None:
    out = report.write_report(tmp_path, **story)
    doc = json.loads(out["findings.json"].read_text(encoding="utf-8"))
    assert doc == report.findings_document(STORY, story["results"], story["golden"])
    assert [a["path"] for a in doc["articles"]] == [r.path for r in story["results"]]
    # Omissions carry no evidence; other findings carry the article's sentence.
    kinds = {(f["kind"], f["evidence"] is None) for a in doc["articles"] for f in a["findings"]}
    assert ("omission", True) in kinds and ("contradiction", False) in kinds
    assert ("omission", False) not in kinds


def test_hostile_article_text_is_text_in_html(story: dict) -> None:
    page = report.render_html(**story)
    tags = parse(page)
    # Our two scripts only (data + code), no injected element, no event handler attribute.
    assert [t for t, _ in tags.tags if t == "script"] == ["script", "script"]
    assert not [t for t, _ in tags.tags if t in ("img", "iframe", "object", "embed")]
    assert not [a for _, attrs in tags.tags for a in attrs if a.startswith("on")]
    visible = "".join(tags.text)
    for bit in HOSTILE_BITS:
        assert bit in visible, bit  # shown as text in the findings list
    # The JSON block holds the exact text, and no '<' that could close the script.
    data_block = page.split('<script type="application/json" id="report-data">', 1)[1]
    data_block = data_block.split("</script>", 1)[0]
    assert "<" not in data_block
    data = json.loads(data_block)
    assert data["rows"][0]["cells"][0][2][0] == HOSTILE


def test_hostile_text_is_text_in_markdown_rendered_by_github_flavour(story: dict) -> None:
    from markdown_it import MarkdownIt

    md = report.render_markdown(**story)
    rendered = (
        MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(md)
    )
    tags = parse(rendered)
    assert not [t for t, _ in tags.tags if t in ("script", "img", "iframe")]
    assert not [a for _, attrs in tags.tags for a in attrs if a.startswith("on")]
    # The count table is the only table: '</td></tr></table>' from the article did not end it.
    assert [t for t, _ in tags.tags].count("table") == 1
    visible = "".join(tags.text)
    for bit in HOSTILE_BITS:
        assert bit in visible, bit
    assert "*bold* [link](http://x) |" in visible  # Markdown in article text stays literal


def test_hostile_text_round_trips_in_json_and_text(story: dict) -> None:
    doc = json.loads(report.findings_json(STORY, story["results"]))
    sentences = [
        f["evidence"]["text"] for a in doc["articles"] for f in a["findings"] if f["evidence"]
    ]
    assert HOSTILE in sentences
    text = report.render_text(STORY, story["results"], width=10_000, limit=1000)
    assert "<script>window.pwned=1</script>" in text


def test_summary_counts_match_the_results(story: dict) -> None:
    md = report.render_markdown(**story)
    findings = [f for r in story["results"] for f in r.findings]
    open_ = [f for f in findings if not f.known]
    reviewed = len(findings) - len(open_)
    assert reviewed >= 1
    by_kind = {
        k: sum(f.kind == k for f in open_) for k in ("contradiction", "misattribution", "omission")
    }
    assert f"**{len(open_)} findings**" in md
    for kind, n in by_kind.items():
        assert re.search(rf"\b{n} {kind}s?\b", md), (kind, n)
    assert f"+{reviewed} reviewed" in md
    # One table row per article, counts per status summing to the assertion count.
    rows = [line for line in md.splitlines() if line.startswith("| ") and "coverage" not in line]
    assert len(rows) == len(story["results"])
    for line, result in zip(rows, story["results"], strict=True):
        nums = [int(x) for x in re.findall(r"\| (\d+) ", line + " ")]
        assert sum(nums) == len(story["golden"].assertions)
        assert nums[0] == sum(v.status is Status.SUPPORTED for v in result.verdicts)
    assert "(new)" in rows[-1]


def test_summary_is_short_for_a_big_story() -> None:
    big = synthetic_story(300, 50, hostile_cell=False)
    md = report.render_markdown(**big, limit=20)
    # GitHub caps a comment at 65,536 characters; long lists fold into <details>.
    assert len(md) < 65_536
    assert "<details><summary>" in md and "<details open>" not in md
    assert "more in findings.json" in md


def test_matrix_rows_required_facts_first_then_grouped_by_kind(story: dict) -> None:
    model = report.report_model(
        **{k: story[k] for k in ("story", "golden", "sources", "results", "cleaning")}
    )
    assert [g.kind for g in model.groups] == ["required", "quote", "number", "claim"]
    required = {a.id for a in story["golden"].assertions if a.required}
    assert required and {r.assertion.id for r in model.groups[0].rows} == required
    for g in model.groups[1:]:
        assert not any(r.assertion.required for r in g.rows)
        assert {r.assertion.kind for r in g.rows} == {g.kind}
    # The kind filter still offers every kind; rows are numbered in the order shown.
    assert [k for k, _ in model.kinds] == ["quote", "number", "claim"]
    shown = [r.assertion.id for g in model.groups for r in g.rows]
    assert [model.rows[a] for a in shown] == list(range(len(shown)))
    # Sources in manifest order, then the new article, marked new.
    assert [c.label for c in model.columns] == ["src-0", "src-1", "src-2", "src-3", "new-0.txt"]
    assert [c.new for c in model.columns] == [False] * 4 + [True]
    assert all(sum(c.counts) == 9 for c in model.columns)


def test_html_has_one_row_per_assertion_one_column_per_article(story: dict) -> None:
    tags = parse(report.render_html(**story))
    rows = [a for t, a in tags.tags if t == "tr" and a.get("class") == "r"]
    cols = [a for t, a in tags.tags if t == "th" and "col" in (a.get("class") or "").split()]
    assert len(rows) == 9 and len(cols) == 5
    assert "is-new" in cols[-1]["class"]
    cells = [a for t, a in tags.tags if t == "td" and "data-c" in a]
    assert len(cells) == 9 * 5
    # Every status cell carries its symbol as text: the legend does not rely on colour.
    page = report.render_html(**story)
    for st in report.STATUSES:
        assert re.search(
            rf'<td class="s{report.STATUSES.index(st)}[^"]*" data-c="\d+" '
            rf'tabindex="0">{st.symbol}</td>',
            page,
        ), st.label


def test_notes_show_cleaning_duplicates_and_reviewed_discrepancies(story: dict) -> None:
    page = report.render_html(**story)
    text = "".join(parse(page).text)
    assert "navigation: 1 block" in text and "duplicate: 1 block" in text
    assert "1 duplicated block removed" in text
    assert "Body paragraph. <b>twice</b> printed" in text  # escaped, shown as text
    assert "reviewed: outlet rounds the figure" in text
    assert "<b>twice</b>" not in page.replace("&lt;b&gt;twice&lt;/b&gt;", "")


def test_known_discrepancy_is_shown_but_not_counted(story: dict) -> None:
    model = report.report_model(
        **{k: story[k] for k in ("story", "golden", "sources", "results", "cleaning")}
    )
    known = [f for r in story["results"] for f in r.findings if f.known]
    assert known
    assert sum(model.known_counts.values()) == len(known)
    open_total = sum(1 for r in story["results"] for f in r.findings if not f.known)
    assert sum(model.finding_counts.values()) == open_total
    marked = [c for g in model.groups for r in g.rows for c in r.cells if c.known]
    assert len(marked) == len(known)


def test_mark_words_marks_altered_quote_words() -> None:
    sentence = 'Macron said: "we will never go to the meeting in Paris" on Tuesday.'
    spans = report.mark_words(sentence, "we will go to the meeting in Paris", ordered=True)
    marked = {sentence[s:e]: c for s, e, c in spans}
    assert marked.get("never") == "d"
    assert any(c == "m" and "meeting" in t for t, c in marked.items())
    assert "Tuesday" not in "".join(marked)  # outside the quote: neither matched nor differing


def test_mark_words_marks_only_the_altered_words_of_a_found_quote() -> None:
    sentence = '"We will continue to step up our support for Ukraine," Starmer said.'
    golden = "We will continue to step out our support for Ukraine"
    found = "We will continue to step up our support for Ukraine"
    spans = report.mark_words(sentence, golden, found, ordered=True)
    assert [sentence[s:e] for s, e, c in spans if c == "d"] == ["up"]
    assert "support for Ukraine" in " ".join(sentence[s:e] for s, e, c in spans if c == "m")


def test_mark_words_marks_the_found_value_as_differing() -> None:
    sentence = "Leaders from 30 countries met in Paris."
    spans = report.mark_words(sentence, "35 countries met in Paris", "30")
    marked = {sentence[s:e]: c for s, e, c in spans}
    assert marked["30"] == "d"
    assert [c for t, c in marked.items() if "countries" in t] == ["m"]
    assert marked["Paris"] == "m"
    spans = report.mark_words(
        "Macron said the UK will help.", "Starmer said the UK will help", "Emmanuel Macron"
    )
    assert ("Macron", "d") in {("Macron said the UK will help."[s:e], c) for s, e, c in spans}


@pytest.mark.parametrize("at", ["start", "middle", "end"])
def test_excerpt_keeps_the_differing_words_of_a_long_sentence(at: str) -> None:
    filler = "and build protected facilities for weapons and equipment " * 6
    words = {"start": ("", filler), "middle": (filler, filler), "end": (filler, "")}[at]
    sentence = f'"{words[0]}we will establish hubs {words[1]}," Macron said.'
    spans = report.mark_words(sentence, "we will establish hubs", "Macron")
    if at != "end":  # the found speaker sits at the end; mark a word inside instead
        spans = [(sentence.index("establish"), sentence.index("establish") + 9, "d")]
    short = report.excerpt(sentence, spans, limit=120)
    assert len(short) <= 120
    kept = "Macron said." if at == "end" else "establish"
    assert kept in short
    assert short.startswith("…") == (at != "start")
    assert short.endswith("…") == (at != "end")
    # Whole words only, and a short sentence comes back whole, on one line.
    assert all(w in sentence.split() for w in short.strip("…").split()[1:-1])
    assert report.excerpt("a  short\nsentence", [], limit=120) == "a short sentence"


def test_summary_keeps_the_speaker_of_a_long_misattributed_quote(story: dict) -> None:
    long = '"' + "we will step up our support for the defence of the country " * 5 + '," Bob said.'
    results = list(story["results"])
    r = results[1]
    verdicts = []
    for v in r.verdicts:
        if v.finding is not None and v.finding.kind == "misattribution":
            ev = Evidence(long, 0, len(long))
            v = replace(v, evidence=ev, finding=replace(v.finding, evidence=ev, found="Bob"))
        verdicts.append(v)
    results[1] = replace(r, verdicts=tuple(verdicts))
    md = report.render_markdown(**{**story, "results": results})
    quoted = [line for line in md.splitlines() if "Bob said" in line]
    assert quoted and all(len(line) < 260 and line.lstrip().startswith("> …") for line in quoted)


def test_a_source_without_result_is_shown_as_not_checked(story: dict) -> None:
    # `factcheck check NEW.txt` checks the new article only: the story's sources have
    # no result, and must not read as "not covered" by every assertion.
    results = [r for r in story["results"] if r.source != "src-2"]
    page = parse(report.render_html(**{**story, "results": results}))
    unchecked = [a for t, a in page.tags if t == "td" and "nc" in (a.get("class") or "").split()]
    assert {a["data-c"] for a in unchecked} == {"2"}
    assert len(unchecked) == len(story["golden"].assertions)
    assert "not checked: no result for this source" in " ".join(page.text)
    md = report.render_markdown(**{**story, "results": results})
    assert "Not checked:\n- src-2: no result for this source" in md
    assert not [line for line in md.splitlines() if line.startswith("| src-2 ")]
    assert f"× {len(results)} articles" in md


def test_render_text_fits_one_screen_and_strips_control_characters() -> None:
    big = synthetic_story(30, 6, hostile_cell=False)
    evil = ArticleResult(
        path="evil.txt",
        source=None,
        new=True,
        verdicts=(
            Verdict(
                "x",
                "evil.txt",
                Status.CONTRADICTED,
                None,
                Finding(
                    kind="contradiction",
                    assertion="x",
                    statement="s",
                    message="bad \x1b[2J\x07 text",
                    expected="1",
                    found="2",
                    evidence=None,
                ),
            ),
        ),
    )
    out = report.render_text(STORY, [evil, *big["results"]], width=80, limit=10)
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines)  # wrapped to the terminal...
    assert "…" not in out  # ...never cut
    flat = " ".join(out.split())
    for r in [evil, *big["results"]]:
        for f in [f for r in [r] for f in r.findings][:1]:
            if f.evidence is not None and f.kind == "contradiction":
                assert " ".join(f.evidence.text.split()) in flat or "more" in lines[-1]
    assert "\x1b" not in out and "\x07" not in out
    total = sum(1 for r in [evil, *big["results"]] for f in r.findings if not f.known)
    assert lines[0].startswith(f"{STORY}: {total} finding(s)")
    assert lines[-1].startswith("... and ")


def test_nothing_found_says_so(tmp_path: Path) -> None:
    s = synthetic_story(3, 2, new_articles=0, hostile_cell=False)
    clean = [
        ArticleResult(
            r.path,
            r.source,
            tuple(
                Verdict(v.assertion, v.article, Status.SUPPORTED, Evidence("ok", 0, 2))
                for v in r.verdicts
            ),
        )
        for r in s["results"]
    ]
    s["results"] = clean
    out = report.write_report(tmp_path, **s)
    assert "No contradictions, misattributions or omissions." in out["summary.md"].read_text(
        encoding="utf-8"
    )
    assert report.render_text(STORY, clean).startswith(f"{STORY}: 0 finding(s) in 0 of 2")


def test_a_failed_render_leaves_the_previous_report_intact(
    tmp_path: Path, story: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = report.write_report(tmp_path, **story)
    before = {n: p.read_bytes() for n, p in old.items()}

    def broken(**kwargs):  # an injected fault: the Markdown template blows up
        raise RuntimeError("template failure")

    monkeypatch.setattr("factcheck.report.writer.render_markdown", broken)
    with pytest.raises(RuntimeError):
        report.write_report(tmp_path, **synthetic_story(2, 1))
    assert {n: p.read_bytes() for n, p in old.items()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)  # no temp files left


def test_output_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[2]);"
        "from tests.test_report import synthetic_story; from factcheck import report;"
        "report.write_report(Path(sys.argv[1]), **synthetic_story(12, 5))"
    )
    root = str(Path(__file__).resolve().parent.parent)
    for seed in ("1", "2"):
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / seed), root],
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        )
    for name in ("index.html", "summary.md", "findings.json"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_an_empty_story_still_renders(tmp_path: Path) -> None:
    golden = Golden(story="empty", path="annotations/empty.yaml", entities=(), assertions=())
    out = report.write_report(tmp_path, story="empty", golden=golden, sources=[], results=[])
    page = out["index.html"].read_text(encoding="utf-8")
    assert "0 assertions" in page and "No contradictions" in page
    assert json.loads(out["findings.json"].read_text(encoding="utf-8")) == {
        "story": "empty",
        "articles": [],
        "stale_known": [],
    }
    assert report.render_text("empty", []) == "empty: 0 finding(s) in 0 of 0 article(s)\n"


# ------------------------------------------------------------- the real story
# The first story through the real engine, the way users run it: `factcheck report` and
# `pytest annotations --factcheck-report`, each in its own process.

REAL_STORY = "coalition-paris-2026-01-06"


def _run(args: list[str], cwd: Path, *, seed: str, cache: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env |= {"PYTHONHASHSEED": seed, "FACTCHECK_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def _cli_report(root: Path, out: Path, *, seed: str, cache: Path) -> dict[str, bytes]:
    code = "import sys; from factcheck.cli import main; sys.exit(main(sys.argv[1:]))"
    args = ["-c", code, "report", "--story", REAL_STORY, "--out", str(out)]
    _run(args, root, seed=seed, cache=cache)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.mark.slow
def test_real_story_report_is_byte_identical_across_runs(project: Path, tmp_path: Path) -> None:
    """Two processes (other hash seeds, each with an empty cache) and a warm re-run agree."""
    first = _cli_report(project, tmp_path / "1", seed="1", cache=tmp_path / "cache-1")
    second = _cli_report(project, tmp_path / "2", seed="2", cache=tmp_path / "cache-2")
    warm = _cli_report(project, tmp_path / "3", seed="3", cache=tmp_path / "cache-1")
    assert sorted(first) == ["findings.json", "index.html", "summary.md"]
    for name in first:
        assert first[name] == second[name], f"{name} differs between two fresh runs"
        assert first[name] == warm[name], f"{name} differs between a fresh and a cached run"
    # It is the real story: every source checked against the whole golden file.
    doc = json.loads(first["findings.json"])
    assert doc["story"] == REAL_STORY
    assert [a["source"] for a in doc["articles"]] == [
        "wire",
        "menafn-truce",
        "menafn-lead",
        "nyt",
        "president-ua",
    ]
    assert b"generated" not in first["index.html"]


@pytest.fixture()
def plugin_report(project: Path, tmp_path: Path) -> tuple[Path, Path]:
    """`pytest annotations --factcheck-report DIR` run in the project, as `nox -s factcheck`."""
    out = tmp_path / "plugin-report"
    args = ["-m", "pytest", "annotations", "-q", "-p", "no:cacheprovider"]
    _run([*args, f"--factcheck-report={out}"], project, seed="0", cache=tmp_path / "cache")
    return project, out / REAL_STORY  # one folder per story, reports/index.html over them


def _golden(project: Path):
    from factcheck.golden import load_golden

    return load_golden(project / "annotations" / f"{REAL_STORY}.yaml")


@pytest.mark.slow
def test_plugin_report_of_the_real_story(plugin_report: tuple[Path, Path]) -> None:
    project, out = plugin_report
    golden = _golden(project)
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    findings = [f for a in doc["articles"] for f in a["findings"]]
    articles = [a["source"] or a["path"] for a in doc["articles"]]

    # summary.md: short, and its counts are findings.json's (reviewed ones apart).
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert len(summary.splitlines()) <= 60 and len(summary) < 6000
    counted = [f for f in findings if not f.get("known")]
    head = next(line for line in summary.splitlines() if line.startswith("**"))
    assert head.startswith(f"**{len(counted)} finding")
    for kind in ("contradiction", "misattribution", "omission"):
        assert f"{sum(f['kind'] == kind for f in counted)} {kind}" in head
    assert f"{len(golden.assertions)} assertions × {len(articles)} articles" in head
    rows = [line for line in summary.splitlines() if line.startswith("| ")][1:]
    assert [r.split(" | ")[0].lstrip("| ") for r in rows] == articles
    # Each reviewed (known) finding is listed and marked so.
    for f in findings:
        if f.get("known"):
            assert re.search(rf"{re.escape(f['assertion'])} \*\(reviewed\)\*", summary)

    # index.html: one row per assertion, and every reviewed discrepancy of the golden
    # file with its note in its source's card.
    page = (out / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<tr class="r"', page)) == len(golden.assertions)
    cards = _cards(page)
    known = [(a.id, k) for a in golden.assertions for k in a.known]
    assert known
    for aid, k in known:
        card = cards[k.source]
        assert aid in card and k.kind in card
        assert " ".join(k.note.split()) in card


@pytest.mark.slow
def test_plugin_report_shows_what_cleaning_removed(plugin_report: tuple[Path, Path]) -> None:
    _, out = plugin_report
    cards = _cards((out / "index.html").read_text(encoding="utf-8"))
    assert "duplicated blocks removed" in cards["menafn-lead"]  # its body is printed twice
    assert "not recorded" not in "".join(cards.values())


def _cards(page: str) -> dict[str, str]:
    """The source notes' cards as plain text (tags dropped, whitespace collapsed), by label."""
    import html

    found = re.findall(r'<article class="card[^"]*" id="note-\d+">(.*?)</article>', page, re.S)
    out = {}
    for body in found:
        label = re.search(r"<code>(.*?)</code>", body)
        assert label is not None
        text = html.unescape(re.sub(r"<[^>]+>", " ", body))
        out[html.unescape(label.group(1))] = " ".join(text.split())
    return out


def test_text_without_a_width_keeps_every_line_whole(story: dict) -> None:
    out = report.render_text(STORY, story["results"], limit=1000)
    for r in story["results"]:
        for f in r.findings:
            if f.evidence is not None:
                assert any(" ".join(f.evidence.text.split()) in line for line in out.splitlines())
    # Wrapped, the same words in the same order: only the line breaks differ.
    wrapped = report.render_text(STORY, story["results"], limit=1000, width=60)
    assert all(len(line) <= 60 for line in wrapped.splitlines())
    assert " ".join(wrapped.split()) == " ".join(out.split())


def _stale_story(story: dict) -> dict:
    """The synthetic story with one more known entry that no finding matches."""
    golden = story["golden"]
    a0 = golden.assertions[0]  # contradicted on src-0 (the hostile cell), supported elsewhere
    src2 = next(r for r in story["results"] if r.source == "src-2")
    v = next(v for v in src2.verdicts if v.assertion == a0.id)
    assert v.finding is None or v.finding.kind != "misattribution"
    stale = KnownDiscrepancy("src-2", "misattribution", "reviewed long ago")
    assertions = (replace(a0, known=(stale,), line=7), *golden.assertions[1:])
    return {**story, "golden": replace(golden, assertions=assertions)}


def test_stale_known_entries_are_reported_everywhere(story: dict) -> None:
    st = _stale_story(story)
    [entry] = report.stale_known(st["golden"], st["results"])
    assert (entry.assertion, entry.source, entry.kind, entry.line) == (
        st["golden"].assertions[0].id,
        "src-2",
        "misattribution",
        7,
    )
    # The entry that still matches its finding (src-1's contradiction) is not stale.
    assert report.stale_known(story["golden"], story["results"]) == []

    doc = json.loads(report.findings_json(STORY, st["results"], st["golden"]))
    assert doc["stale_known"] == [entry.to_json()]
    md = report.render_markdown(**st)
    assert "### Stale known entries (1)" in md and "src-2" in md.split("### Stale")[1]
    page = parse(report.render_html(**st))
    text = " ".join(" ".join(page.text).split())
    assert "Stale known entries (1)" in text and "reviewed long ago" in text
    out = report.render_text(STORY, st["results"], stale=[entry])
    assert "1 stale known entry" in out.splitlines()[0]
    assert any(line.startswith("STALE KNOWN") and "src-2" in line for line in out.splitlines())


def test_an_unrun_assertion_makes_no_known_entry_stale(story: dict) -> None:
    st = _stale_story(story)
    a0 = st["golden"].assertions[0].id
    results = [
        replace(r, verdicts=tuple(v for v in r.verdicts if v.assertion != a0))
        if r.source == "src-2"
        else r
        for r in st["results"]
    ]
    assert report.stale_known(st["golden"], results) == []


def test_the_summary_comes_first_and_offers_the_known_entry(story: dict) -> None:
    from factcheck.golden import loads_golden

    html_text = report.render_html(**story)
    # The summary sits before the counts' table and the matrix.
    assert html_text.index('id="summary"') < html_text.index('id="glance"')
    assert html_text.index('id="summary"') < html_text.index('id="matrix"')
    page = parse(html_text)
    links = [a for t, a in page.tags if t == "a" and a.get("class") == "goto"]
    open_findings = [(r, f) for r in story["results"] for f in r.findings if not f.known]
    assert len(links) == min(50, len(open_findings))
    # Each link names a real cell: its row shows its finding's assertion.
    model = report.report_model(**story)
    ids = [r.assertion.id for g in model.groups for r in g.rows]
    for link in links:
        assert 0 <= int(link["data-r"]) < len(ids) and 0 <= int(link["data-c"]) < 5
    # The copyable entry is YAML the golden loader accepts under `known:`.
    entry = report.known_entry("src-0", "contradiction")
    assert str(markupsafe.escape(entry)) in html_text
    item = entry.replace("\n", "\n      ")
    golden = loads_golden(
        "story: s\nentities:\n  - {id: y, name: Y, type: ORG}\nassertions:\n"
        "  - id: a\n    kind: claim\n"
        "    statement: x\n    subject: y\n    predicate: z\n    evidence:\n"
        "      - {source: src-0, text: x}\n    known:\n      " + item,
        sources=["src-0"],
    )
    [known] = golden.assertions[0].known
    assert (known.source, known.kind) == ("src-0", "contradiction")
    # A new article has no source id to record: no entry, no command.
    new_items = html_text.count("new-0.txt</code>")
    assert new_items and "factcheck review new-0" not in html_text


# ---- one folder per story, an index page over them


def test_every_story_gets_its_folder_and_a_row_on_the_index(tmp_path: Path) -> None:
    a = synthetic_story(6, 3)
    b = {**synthetic_story(4, 2, new_articles=0), "story": "second-story"}
    b["golden"] = replace(b["golden"], story="second-story")
    stories = [report.ReportInputs(**{k: s[k] for k in STORY_KEYS}) for s in (a, b)]
    written = report.write_reports(
        tmp_path, stories, unreported={"third-story": "no golden file yet"}
    )
    assert written == [tmp_path / STORY, tmp_path / "second-story", tmp_path / "index.html"]
    for s in (a, b):
        folder = tmp_path / s["story"]
        assert sorted(p.name for p in folder.iterdir()) == [
            "findings.json",
            "index.html",
            "summary.md",
        ]
        doc = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
        assert doc["story"] == s["story"]
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="([^"]+)">(.*?)</tr>', page, re.S)
    assert [r[0] for r in rows] == ["second-story", STORY, "third-story"]  # by id
    cells = {story: re.findall(r'<td class="n[^"]*">(\d+)', body) for story, body in rows}
    for s in (a, b):
        m = report.report_model(**{k: s[k] for k in STORY_KEYS})
        fc = m.finding_counts
        checked = sum(c.result is not None for c in m.columns)
        expected = [m.assertions, checked, fc["contradiction"], fc["misattribution"],
                    fc["omission"], sum(m.known_counts.values()), len(m.stale)]  # fmt: skip
        assert [int(n) for n in cells[s["story"]]] == expected
        assert f'href="{s["story"]}/index.html"' in page
    assert "not checked: no golden file yet" in dict(rows)["third-story"]
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")


STORY_KEYS = ("story", "golden", "sources", "results", "cleaning")
