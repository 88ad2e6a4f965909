"""`factcheck check`: exit status 0/1/2, the SPEC's JSON document, story choice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.cli import main

STORY = "coalition-paris-2026-01-06"
CORPUS = Path(__file__).parent / "corpus" / "articles"
REPO = Path(__file__).resolve().parent.parent


def test_json_document_for_an_edited_article(engine_project, nlp, capsys):
    article = CORPUS / "wire-wrong-speaker.txt"
    rc = main(["check", str(article), "--story", STORY, "--format", "json"])
    out = capsys.readouterr().out
    assert rc == 1
    doc = json.loads(out)  # exactly one JSON document
    assert list(doc) == ["story", "articles", "stale_known"] and doc["story"] == STORY
    assert doc["stale_known"] == []  # a new article: no known entry is about it
    (art,) = doc["articles"]
    assert art["path"] == str(article) and art["source"] is None
    f = next(f for f in art["findings"] if f["kind"] == "misattribution")
    assert list(f) == ["kind", "assertion", "statement", "message", "expected", "found",
                       "evidence"]  # fmt: skip
    assert f["assertion"] == "macron-monitoring-quote"
    assert (f["expected"], f["found"]) == ("Emmanuel Macron", "Keir Starmer")
    assert "Starmer said." in f["evidence"]["text"]
    assert f["evidence"]["end"] - f["evidence"]["start"] == len(f["evidence"]["text"])


def test_story_source_keeps_its_id_and_is_clean(engine_project, nlp, capsys):
    path = engine_project / "seeds" / STORY / "000_2f2eaa7a66c5adee.txt"
    rc = main(["check", str(path), "--story", STORY, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["articles"][0]["source"] == "wire"
    kinds = {f["kind"] for f in doc["articles"][0]["findings"]}
    assert "contradiction" not in kinds and "misattribution" not in kinds
    assert rc == (1 if kinds else 0)


def test_untouched_partial_source_exits_0(engine_project, nlp, capsys):
    path = engine_project / "seeds" / STORY / "001_df8f6b4a7e1981e3.txt"
    assert main(["check", str(path), "--story", STORY]) == 0
    assert "0 finding(s)" in capsys.readouterr().out


def test_story_is_chosen_by_overlap_when_omitted(engine_project, nlp, capsys):
    other = engine_project / "annotations" / "other-story.yaml"
    other.write_text(
        "story: other-story\nentities:\n  - {id: xi, name: Xi Jinping, type: PERSON}\n"
        "assertions: []\n",
        encoding="utf-8",
    )
    rc = main(["check", str(CORPUS / "wire-number-countries.txt"), "--format", "json"])
    captured = capsys.readouterr()
    assert rc == 1
    assert json.loads(captured.out)["story"] == STORY
    assert f"story {STORY} chosen by overlap" in captured.err


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_text_and_markdown_name_the_finding(engine_project, nlp, capsys, fmt):
    rc = main(["check", str(CORPUS / "wire-number-countries.txt"), "--story", STORY,
               "--format", fmt])  # fmt: skip
    out = capsys.readouterr().out
    assert rc == 1
    assert "countries-at-meeting" in out and "53" in out


def test_output_file(engine_project, nlp, capsys, tmp_path):
    target = tmp_path / "out" / "findings.json"
    rc = main(["check", str(CORPUS / "nyt-place.txt"), "--story", STORY, "--format", "json",
               "--output", str(target)])  # fmt: skip
    assert rc == 1
    assert capsys.readouterr().out == ""
    findings = json.loads(target.read_text(encoding="utf-8"))["articles"][0]["findings"]
    assert any(f["assertion"] == "meeting-in-paris" and f["found"] == "London" for f in findings)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01\x02binary", "binary"), (b"\xff\xfe\xfa caf\xe9", "UTF-8")],
)
def test_bad_article_is_one_clear_error_and_exit_2(engine_project, capsys, content, message):
    bad = engine_project / "bad.txt"
    bad.write_bytes(content)
    assert main(["check", str(bad), "--story", STORY]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.txt" in err and message.lower() in err.lower()


def test_unknown_story_and_missing_file_exit_2(engine_project, capsys):
    assert main(["check", str(CORPUS / "nyt-place.txt"), "--story", "no-such-story"]) == 2
    assert "no-such-story" in capsys.readouterr().err
    assert main(["check", "missing.txt", "--story", STORY]) == 2
    assert "missing.txt" in capsys.readouterr().err


def test_article_with_an_unclosed_quote_and_another_language(engine_project, nlp, capsys):
    odd = engine_project / "odd.txt"
    odd.write_text(
        'Macron said: "We will never stop.\n\nLe président a déclaré que la coalition '
        "s'est réunie à Paris avec 35 pays.\n",
        encoding="utf-8",
    )
    rc = main(["check", str(odd), "--story", STORY, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert rc in (0, 1)
    kinds = {f["kind"] for f in doc["articles"][0]["findings"]}
    assert kinds <= {"omission"}  # nothing is guessed from the unpaired quote mark


def test_malformed_golden_is_exit_2_with_file_and_line(engine_project, capsys):
    golden = engine_project / "annotations" / f"{STORY}.yaml"
    text = golden.read_text(encoding="utf-8")
    golden.write_text(text.replace("id: meeting-number", "id: countries-at-meeting"), "utf-8")
    assert main(["check", str(CORPUS / "nyt-place.txt"), "--story", STORY]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{STORY}.yaml:" in err and "duplicate" in err.lower()


# ---- issue 13: an error is exit 2 with one line, never exit 1 and never a traceback


def test_output_that_is_a_folder_is_an_error_before_any_work(engine_project, capsys, tmp_path):
    rc = main(["check", str(CORPUS / "nyt-place.txt"), "--story", STORY, "--output",
               str(tmp_path)])  # fmt: skip
    err = capsys.readouterr().err
    assert rc == 2
    assert "--output names a folder" in err and "Traceback" not in err


def test_report_out_that_is_a_file_is_an_error(engine_project, capsys):
    readme = engine_project / "README.md"
    readme.write_text("# a project\n", encoding="utf-8")
    rc = main(["report", "--story", STORY, "--out", str(readme)])
    err = capsys.readouterr().err
    assert rc == 2
    assert "--out must be a folder" in err
    assert readme.read_text(encoding="utf-8") == "# a project\n"


def test_only_golden_broken_names_it_not_no_goldens(engine_project, capsys):
    golden = engine_project / "annotations" / f"{STORY}.yaml"
    golden.write_text("story: [unclosed\n", encoding="utf-8")
    rc = main(["check", str(CORPUS / "nyt-place.txt")])
    err = capsys.readouterr().err
    assert rc == 2
    assert f"{STORY}.yaml:1:" in err and "no golden files found" not in err


def test_unexpected_exception_is_exit_2_not_1(engine_project, capsys, monkeypatch):
    import factcheck.engine

    def boom(*args, **kwargs):
        raise RuntimeError("injected")

    monkeypatch.setattr(factcheck.engine, "check_articles", boom)
    rc = main(["check", str(CORPUS / "nyt-place.txt"), "--story", STORY])
    err = capsys.readouterr().err
    assert rc == 2
    assert "internal error: RuntimeError: injected" in err and "Traceback" not in err


def test_an_article_on_another_story_is_refused_without_story(engine_project, capsys):
    """An article on another subject names a few of the story's entities by chance (a
    country, a capital): that is no reason to check it against the story."""
    other = REPO / "tests/corpus/independent/paris-agreement-2015-12-12/01_wire_dateline.txt"
    rc = main(["check", str(other)])
    err = capsys.readouterr().err
    assert rc == 2
    assert "matches none of the stories" in err and "--story" in err
    on_story = (
        REPO / "tests/corpus/independent/coalition-paris-2026-01-06/04_regional_dutch_schoof.txt"
    )
    assert main(["check", str(on_story), "--format", "json"]) in (0, 1)


def test_the_story_is_said_on_stderr_even_when_it_is_the_only_one(engine_project, nlp, capsys):
    rc = main(["check", str(CORPUS / "wire-number-countries.txt"), "--format", "json"])
    captured = capsys.readouterr()
    assert rc == 1
    assert json.loads(captured.out)["story"] == STORY
    assert f"story {STORY} the only story" in captured.err
    assert "--story" in captured.err


def test_text_output_is_never_cut_when_not_a_terminal(engine_project, nlp, capsys):
    rc = main(["check", str(CORPUS / "wire-wrong-speaker.txt"), "--story", STORY])
    out = capsys.readouterr().out  # captured: not a terminal
    assert rc == 1
    assert "…" not in out
    main(["check", str(CORPUS / "wire-wrong-speaker.txt"), "--story", STORY, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    f = next(f for f in doc["articles"][0]["findings"] if f["kind"] == "misattribution")
    doc_sentence = " ".join(f["evidence"]["text"].split())
    assert len(doc_sentence) > 100  # the case that used to be cut at 100 characters
    assert doc_sentence in out


def test_review_records_a_known_entry_and_the_finding_is_then_reviewed(engine_project, nlp, capsys):
    golden = engine_project / "annotations" / f"{STORY}.yaml"
    before = golden.read_text(encoding="utf-8")
    wire = engine_project / "seeds" / STORY / "000_2f2eaa7a66c5adee.txt"

    rc = main(["review", "wire", "--assertion", "countries-at-meeting", "--kind", "contradiction",
               "--note", "The wire's own slip, reviewed."])  # fmt: skip
    out, err = capsys.readouterr()
    assert rc == 0, err
    after = golden.read_text(encoding="utf-8")
    # Only the new lines: comments, quoting and folding of the rest untouched.
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(added) <= 4
    assert "      - source: wire" in added and "        kind: contradiction" in added
    assert before.splitlines() == [line for line in after.splitlines() if line not in added]
    assert f"{golden}:" in out and "recorded" in out

    # The file loads, and now carries that entry; recording it twice changes nothing.
    from factcheck.golden import load_golden

    a = next(a for a in load_golden(golden).assertions if a.id == "countries-at-meeting")
    assert [(k.source, k.kind) for k in a.known] == [("wire", "contradiction")]
    assert main(["review", str(wire), "--assertion", "countries-at-meeting",
                 "--kind", "contradiction", "--note", "again"]) == 0  # fmt: skip
    assert golden.read_text(encoding="utf-8") == after
    assert "already records" in capsys.readouterr().err

    # The wire has no such contradiction: the entry is stale, and every output says so.
    main(["check", str(wire), "--story", STORY, "--format", "json"])
    stale = json.loads(capsys.readouterr().out)["stale_known"]
    assert [(s["assertion"], s["source"], s["kind"]) for s in stale] == [
        ("countries-at-meeting", "wire", "contradiction")
    ]
    main(["check", str(wire), "--story", STORY])
    text = capsys.readouterr().out
    assert "STALE KNOWN" in text and "countries-at-meeting" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nosuch", "--assertion", "countries-at-meeting"], "neither a source id"),
        (["wire", "--assertion", "countries-at-meetng"], "did you mean 'countries-at-meeting'"),
    ],
)
def test_review_refuses_what_it_cannot_record(engine_project, capsys, args, message):
    golden = engine_project / "annotations" / f"{STORY}.yaml"
    before = golden.read_bytes()
    rc = main(["review", *args, "--kind", "omission", "--note", "n"])
    assert rc == 2
    assert message in capsys.readouterr().err
    assert golden.read_bytes() == before


def test_report_without_story_writes_every_story_and_the_index(engine_project, nlp, capsys):
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    reports = engine_project / "reports"
    assert sorted(p.name for p in reports.iterdir()) == sorted([STORY, "index.html"])
    assert {"findings.json", "index.html", "summary.md"} <= {
        p.name for p in (reports / STORY).iterdir()
    }
    assert f"report written to {reports / 'index.html'}" in out
    assert f'href="{STORY}/index.html"' in (reports / "index.html").read_text(encoding="utf-8")
