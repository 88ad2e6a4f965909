"""The pytest plugin end to end with pytester: collection, outcomes, failure text, options."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Imported here, outside the in-process runs: pytester restores sys.modules after each run,
# and a C extension (libyaml) re-imported afterwards misbehaves.
import factcheck.engine
import factcheck.golden
import factcheck.report  # noqa: F401

pytest_plugins = ("pytester",)

REPO = Path(__file__).resolve().parent.parent
STORY = "coalition-paris-2026-01-06"
GOLDEN = f"annotations/{STORY}.yaml"
CORPUS = REPO / "tests" / "corpus"
SOURCES = ["wire", "menafn-truce", "menafn-lead", "nyt", "president-ua"]


@pytest.fixture()
def proj(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytester project: the first story's seeds and the corpus golden file."""
    for var in ("FACTCHECK_SEEDS_DIR", "FACTCHECK_ANNOTATIONS_DIR", "FACTCHECK_REPORTS_DIR"):
        monkeypatch.delenv(var, raising=False)
    # The parse cache is shared between runs: only speed depends on it.
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(REPO / ".factcheck-cache"))
    shutil.copytree(REPO / "seeds" / STORY, pytester.path / "seeds" / STORY)
    (pytester.path / "annotations").mkdir()
    shutil.copy(CORPUS / "golden.yaml", pytester.path / GOLDEN)
    pytester.makepyprojecttoml("[tool.factcheck]\n[tool.pytest.ini_options]\n")
    return pytester


def _assertion_ids() -> list[str]:
    import yaml

    data = yaml.safe_load((CORPUS / "golden.yaml").read_text(encoding="utf-8"))
    return [a["id"] for a in data["assertions"]]


def test_collects_one_item_per_assertion_and_source(proj):
    result = proj.runpytest("annotations", "--collect-only", "-q")
    ids = {line.strip() for line in result.outlines if "::" in line}
    expected = {f"{GOLDEN}::{a}[{s}]" for a in [*_assertion_ids(), "cross-source-quotes"]
                for s in SOURCES}  # fmt: skip
    assert ids == expected


def test_outcomes_on_the_seeds(proj, nlp):
    result = proj.runpytest("annotations", "-p", "no:randomly")
    outcomes = result.parseoutcomes()
    # supported facts pass, facts a source does not mention are skipped; the corpus golden
    # marks facts required that two full sources do not carry: those omissions fail.
    assert outcomes["passed"] > 30 and outcomes["skipped"] > 30
    assert outcomes["failed"] == 3
    result.stdout.fnmatch_lines([f"FAILED {GOLDEN}::meeting-in-paris[[]president-ua[]]*"])
    warn = proj.runpytest("annotations", "--factcheck-omissions=warn")
    assert "failed" not in warn.parseoutcomes()
    # count our own warnings: pytest may add its own (assert-rewrite notices) to the total
    assert warn.stdout.str().count(": FactcheckWarning: ") == 3
    off = proj.runpytest("annotations", "--factcheck-omissions=off").parseoutcomes()
    assert "failed" not in off and off["skipped"] == outcomes["skipped"] + 3


def test_new_article_failure_is_rendered_as_data(proj, nlp):
    article = CORPUS / "articles" / "wire-quote-words.txt"
    result = proj.runpytest(
        "annotations",
        "--factcheck-article",
        str(article),
        "-k",
        "wire-quote-words",
        "--factcheck-omissions=off",
    )
    result.assert_outcomes(failed=1, passed=result.parseoutcomes().get("passed", 0),
                           skipped=result.parseoutcomes().get("skipped", 0))  # fmt: skip
    result.stdout.fnmatch_lines(
        [
            "*starmer-support-quote[[]wire-quote-words.txt[]]*",
            'CONTRADICTION in *wire-quote-words.txt: quote words changed: "step out" -> '
            '"scale back"',
            "  expected:  We will continue to step out our support*",
            "  found:     We will continue to scale back our support*",
            "  differ:    We will continue to [[]-step out-[]] {+scale back+} our support*",
            "  evidence:  *Starmer said.  [[]*:*[]]",
        ]
    )
    assert "Traceback" not in result.stdout.str() and "def runtest" not in result.stdout.str()


def test_k_selects_by_assertion_and_source(proj, nlp):
    result = proj.runpytest("annotations", "-k", "countries-at-meeting and nyt", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*no number for countries at the meeting*"])
    result = proj.runpytest("annotations", "-k", "countries-at-meeting and wire")
    result.assert_outcomes(passed=1)


def test_items_point_at_the_yaml_line(proj):
    items, _ = proj.inline_genitems("annotations")
    text = (proj.path / GOLDEN).read_text(encoding="utf-8").splitlines()
    item = next(i for i in items if i.name == "countries-at-meeting[wire]")
    path, line, name = item.reportinfo()
    assert Path(path).name == f"{STORY}.yaml" and name == "countries-at-meeting[wire]"
    assert "id: countries-at-meeting" in text[line]


def test_malformed_golden_is_one_clear_error(proj):
    golden = proj.path / GOLDEN
    text = golden.read_text(encoding="utf-8")
    golden.write_text(text.replace("id: meeting-number", "id: countries-at-meeting"), "utf-8")
    result = proj.runpytest("annotations")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    out = result.stdout.str()
    assert out.count("ERROR collecting") == 1
    assert "duplicate" in out.lower() and f"{STORY}.yaml:" in out
    assert "Traceback" not in out


def test_report_is_written_from_the_items(proj, nlp, tmp_path):
    out = tmp_path / "report"
    article = CORPUS / "articles" / "nyt-place.txt"
    result = proj.runpytest(
        "annotations", "--factcheck-article", str(article), "--factcheck-report", str(out),
        "--factcheck-omissions=off",
    )  # fmt: skip
    result.stdout.fnmatch_lines(
        [
            f"factcheck report written to {out / STORY}",
            f"factcheck report written to {out}/index.html",
        ]
    )
    doc = json.loads((out / STORY / "findings.json").read_text(encoding="utf-8"))
    assert doc["story"] == STORY
    new = next(a for a in doc["articles"] if a["source"] is None)
    assert any(f["assertion"] == "meeting-in-paris" and f["found"] == "London"
               for f in new["findings"])  # fmt: skip
    assert {a["source"] for a in doc["articles"]} == {*SOURCES, None}
    assert (out / STORY / "index.html").is_file()


def test_xdist_gives_the_same_outcomes(proj, nlp, tmp_path):
    pytest.importorskip("xdist")
    serial = proj.runpytest("annotations").parseoutcomes()
    out = tmp_path / "r"
    parallel = proj.runpytest_subprocess(
        "annotations", "-p", "xdist", "-n", "2", "--factcheck-report", str(out)
    )
    assert {k: v for k, v in parallel.parseoutcomes().items() if k != "warnings"} == {
        k: v for k, v in serial.items() if k != "warnings"
    }
    findings = json.loads((out / STORY / "findings.json").read_text(encoding="utf-8"))
    assert sum(len(a["findings"]) for a in findings["articles"]) == serial["failed"]


def test_loading_the_plugin_does_not_import_spacy():
    code = "import sys, factcheck.plugin; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_last_failed_reruns_only_the_failures(proj, nlp):
    # in a subprocess: the outer run may disable the cache plugin that --lf needs
    first = proj.runpytest_subprocess("annotations", "-p", "cacheprovider")
    assert first.parseoutcomes()["failed"] == 3
    again = proj.runpytest_subprocess("annotations", "-p", "cacheprovider", "--lf")
    again.assert_outcomes(failed=3)


def test_known_discrepancy_passes_and_is_reported(proj, nlp, tmp_path):
    golden = proj.path / GOLDEN
    text = golden.read_text(encoding="utf-8")
    known = (
        "    known:\n"
        "      - {source: president-ua, kind: omission, note: the readout does not say so}\n"
    )
    anchor = "  - id: meeting-in-paris\n"
    head, tail = text.split(anchor)
    golden.write_text(head + anchor + known + tail, encoding="utf-8")
    out = tmp_path / "r"
    result = proj.runpytest("annotations", "--factcheck-report", str(out))
    assert result.parseoutcomes()["failed"] == 2
    doc = json.loads((out / STORY / "findings.json").read_text(encoding="utf-8"))
    ua = next(a for a in doc["articles"] if a["source"] == "president-ua")
    f = next(f for f in ua["findings"] if f["assertion"] == "meeting-in-paris")
    assert f["kind"] == "omission" and f["known"] is True


def test_added_articles_with_the_same_name_get_distinct_ids(proj, tmp_path):
    paths = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        p = tmp_path / folder / "new.txt"
        p.write_text("Macron said the coalition met in Paris.\n", encoding="utf-8")
        paths += ["--factcheck-article", str(p)]
    result = proj.runpytest("annotations", "--collect-only", "-q", *paths)
    ids = [line.strip() for line in result.outlines if "countries-at-meeting[" in line]
    assert f"{GOLDEN}::countries-at-meeting[new.txt-1]" in ids
    assert f"{GOLDEN}::countries-at-meeting[new.txt-2]" in ids
    assert len(ids) == len(set(ids)) == len(SOURCES) + 2


def test_a_skip_points_at_the_assertion_yaml_line(proj, nlp):
    text = (proj.path / GOLDEN).read_text(encoding="utf-8").splitlines()
    line = text.index("  - id: countries-at-meeting") + 1
    result = proj.runpytest("annotations", "-k", "countries-at-meeting and nyt", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(
        [f"SKIPPED [[]1[]] {GOLDEN}:{line}: no number for countries at the meeting*"]
    )
    assert "plugin.py" not in result.stdout.str()


def test_added_articles_are_shown_relative_to_the_invocation_folder(proj, nlp, tmp_path):
    article = (CORPUS / "articles" / "wire-quote-words.txt").read_bytes()
    (proj.path / "incoming").mkdir()
    (proj.path / "incoming" / "typed.txt").write_bytes(article)
    (proj.path / "incoming" / "absolute.txt").write_bytes(article)
    (tmp_path / "outside.txt").write_bytes(article)
    outside = os.path.relpath(tmp_path / "outside.txt", proj.path)  # ../<folder>/outside.txt
    typed = ["incoming/typed.txt", str(proj.path / "incoming" / "absolute.txt"), outside]
    shown = ["incoming/typed.txt", "incoming/absolute.txt", outside]
    out = tmp_path / "report"
    args = [arg for path in typed for arg in ("--factcheck-article", path)]
    result = proj.runpytest(
        "annotations", *args, "-k", "starmer-support-quote and txt", "--factcheck-report", str(out)
    )
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines_random(
        [f"FAILED {GOLDEN}::starmer-support-quote[[]{Path(p).name}[]]*" for p in shown]
        + [f"CONTRADICTION in {p}: quote words changed: *" for p in shown]
    )
    doc = json.loads((out / STORY / "findings.json").read_text(encoding="utf-8"))
    assert sorted(a["path"] for a in doc["articles"]) == sorted(shown)


def test_report_of_a_selection_says_the_rest_was_not_checked(proj, nlp, tmp_path):
    out = tmp_path / "report"
    result = proj.runpytest(
        "annotations", "-k", "countries-at-meeting and wire", "--factcheck-report", str(out)
    )
    result.assert_outcomes(passed=1)
    n = len(_assertion_ids())
    md = (out / STORY / "summary.md").read_text(encoding="utf-8").splitlines()
    assert "| article | coverage | ✓ supported | ✗ contradicted | ⇄ misattributed | ∅ omitted " \
        "| – not covered | not checked |" in md  # fmt: skip
    assert f"| wire | full | 1 | 0 | 0 | 0 | 0 | {n - 1} |" in md
    page = (out / STORY / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r'<td class="([^"]*)" data-c="(\d+)"', page)
    wire = SOURCES.index("wire")
    assert [k for k, c in cells if c == str(wire) and k != "nc"] == ["s0"]
    assert [k for k, c in cells if k != "nc"] == ["s0"]
    assert f"{n - 1} not checked</span>" in page
    assert '<span class="chip nc"></span> not checked' in page


# ---- issue 13: errors are errors, other YAML is not ours


def test_missing_added_article_is_a_usage_error(proj, tmp_path):
    out = tmp_path / "R"
    result = proj.runpytest(
        "annotations", "--factcheck-article", "/nonexistent.txt", "--factcheck-report", str(out)
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    err = result.stderr.str()
    assert "/nonexistent.txt" in err and "Traceback" not in err
    assert len(err.splitlines()) <= 3
    assert not out.exists()  # no report saying "0 findings"


def test_source_that_cannot_be_checked_errors_and_the_report_says_why(proj, tmp_path):
    raw = proj.path / "seeds" / STORY / "003_860942daf91e2188.txt"
    raw.write_bytes(raw.read_bytes() + b"\nAn edit to a raw file.\n")
    out = tmp_path / "R"
    result = proj.runpytest("annotations", "-k", "nyt", "--factcheck-report", str(out))
    outcomes = result.parseoutcomes()
    n = len(_assertion_ids()) + 1
    assert outcomes.get("errors") == n and "failed" not in outcomes and "passed" not in outcomes
    text = result.stdout.str()
    assert "Traceback" not in text and text.count("changed (sha256") >= 1
    doc = json.loads((out / STORY / "findings.json").read_text(encoding="utf-8"))
    (nyt,) = [a for a in doc["articles"] if a["source"] == "nyt"]
    assert nyt["checked"] is False and "changed" in nyt["error"] and nyt["findings"] == []
    md = (out / STORY / "summary.md").read_text(encoding="utf-8")
    # -k nyt: the other sources were not selected, so not checked either
    assert "**5 articles NOT CHECKED** (why: below)" in md
    assert "- nyt: " in md and "raw file of source" in md and "differs from the manifest" in md
    page = (out / STORY / "index.html").read_text(encoding="utf-8")
    assert "5 articles not checked" in page and "raw file of source &#39;nyt&#39; changed" in page


def test_other_yaml_in_annotations_is_left_alone(proj):
    (proj.path / "annotations" / "classes.yaml").write_text("labels: [cat]\n", encoding="utf-8")
    result = proj.runpytest("--collect-only", "-q")
    assert result.ret == pytest.ExitCode.OK
    ids = {line.strip() for line in result.outlines if "::" in line}
    assert ids and all(i.startswith(GOLDEN) for i in ids)


def test_broken_golden_keeps_its_marker_and_is_still_an_error(proj):
    (proj.path / GOLDEN).write_text(f"story: {STORY}\nentities: [\n", encoding="utf-8")
    result = proj.runpytest("annotations")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    assert f"{STORY}.yaml:3: YAML syntax error" in result.stdout.str()


def test_a_stale_known_entry_is_a_warning_and_in_the_report(proj, nlp, tmp_path):
    """Like an unused snapshot: a reviewed excuse that no finding needs any more."""
    golden = proj.path / GOLDEN
    text = golden.read_text(encoding="utf-8")
    # countries-at-meeting: the wire says "35 countries", as the golden does.
    stale = "    known:\n      - {source: wire, kind: contradiction, note: the wire once said 25}\n"
    anchor = "  - id: countries-at-meeting\n"
    assert text.count(anchor) == 1
    head, tail = text.split(anchor)
    golden.write_text(head + anchor + stale + tail, encoding="utf-8")
    out = tmp_path / "r"
    result = proj.runpytest(
        "annotations", "-k", "countries-at-meeting", "--factcheck-report", str(out),
        "-W", "default",
    )  # fmt: skip
    result.stdout.fnmatch_lines(
        ["*StaleKnownWarning*stale known entry: countries-at-meeting (line *) [[]wire] records a "
         "contradiction, but the article is now supported*"]
    )  # fmt: skip
    assert result.parseoutcomes()["warnings"] == 1
    doc = json.loads((out / STORY / "findings.json").read_text(encoding="utf-8"))
    assert [(s["assertion"], s["source"], s["kind"]) for s in doc["stale_known"]] == [
        ("countries-at-meeting", "wire", "contradiction")
    ]
    assert "Stale known entries (1)" in (out / STORY / "summary.md").read_text(encoding="utf-8")
    # The plugin's report carries the story's title, as `factcheck report` does.
    import yaml

    title = yaml.safe_load((proj.path / "seeds" / STORY / "sources.yaml").read_text())["title"]
    page = (out / STORY / "index.html").read_text(encoding="utf-8")
    assert f"<h1>{title}</h1>" in page


def test_report_has_a_folder_per_story_and_names_a_story_without_golden(proj, nlp, tmp_path):
    """`nox -s factcheck`: reports/<story>/ for each golden, reports/index.html over them; a
    story in seeds/ whose golden file has not arrived is listed with the reason."""
    second = "paris-agreement-2015-12-12"
    shutil.copytree(REPO / "seeds" / second, proj.path / "seeds" / second)
    out = tmp_path / "reports"
    result = proj.runpytest(
        "annotations", "-k", "countries-at-meeting and wire", "--factcheck-report", str(out)
    )
    result.assert_outcomes(passed=1)
    assert sorted(p.name for p in out.iterdir()) == sorted([STORY, "index.html"])
    assert (out / STORY / "findings.json").is_file() and not (out / second).exists()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{STORY}/index.html">' in page
    assert f"not checked: no golden file yet: create {second}.yaml" in page
