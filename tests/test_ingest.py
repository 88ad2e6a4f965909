"""Ingestion: manifests, idempotence, HTML pages, and bad input that loses nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.config import load_settings
from factcheck.errors import ArticleError
from factcheck.ingest import cleaned_source, ingest, load_manifest, load_sources
from tests.conftest import STORY


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".factcheck-cache" not in p.parts
    }


def test_manifest_lists_the_five_seeds_with_their_hashes(repo_root):
    settings = load_settings(repo_root)
    sources = load_sources(settings, STORY)
    assert [s.id for s in sources] == ["wire", "menafn-truce", "menafn-lead", "nyt", "president-ua"]
    for s in sources:
        raw = (repo_root / "seeds" / STORY / s.file).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == s.sha256
        assert s.coverage in ("full", "partial")
    assert {s.id: s.published for s in sources}["president-ua"] == "2026-01-06"


def test_seeds_are_identical_to_the_shared_originals(repo_root):
    shared = repo_root.parent / "shared" / "seeds" / STORY
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for original in shared.iterdir():
        assert (repo_root / "seeds" / STORY / original.name).read_bytes() == original.read_bytes()


PARIS = "paris-agreement-2015-12-12"


def test_second_story_manifest_lists_its_five_sources(repo_root):
    manifest = load_manifest(load_settings(repo_root), PARIS)
    assert manifest.title == "Adoption of the Paris Agreement at COP21, 12 December 2015"
    rows = [(s.id, s.outlet, s.published, s.coverage) for s in manifest.sources]
    assert rows == [
        ("wire", "Meridian Wire Service", "2015-12-12", "full"),
        ("analysis", "The Fairhaven Chronicle", "2015-12-13", "full"),
        ("aggregator", "WorldDesk Digest", "2015-12-13", "full"),
        ("un-release", "UN Climate Press Desk", "2015-12-12", "full"),
        ("tv-liveblog", "TVW7 World", "2015-12-12", "full"),
    ]
    shared = repo_root.parent / "shared" / "seeds" / PARIS
    for s in manifest.sources:
        raw = (repo_root / "seeds" / PARIS / s.file).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == s.sha256
        assert s.file.startswith(f"{manifest.sources.index(s):03d}_{s.sha256[:16]}")
        if shared.is_dir():
            assert raw == (shared / s.file).read_bytes()


def test_cleaned_source_is_cached_and_equal(project):
    settings = load_settings()
    source = load_sources(settings, STORY)[3]
    first = cleaned_source(settings, source)
    assert any((project / ".factcheck-cache" / "clean").rglob("*"))
    assert cleaned_source(settings, source) == first


def test_edited_raw_file_is_refused(project):
    settings = load_settings()
    source = load_sources(settings, STORY)[0]
    path = project / "seeds" / STORY / source.file
    path.write_bytes(path.read_bytes() + b"\nA sneaky edit.\n")
    with pytest.raises(ArticleError, match=r"changed .*sha256"):
        cleaned_source(settings, source)


NEW_ARTICLE = (
    "Leaders meet again in Rome to discuss the ceasefire plan\n\n"
    "ROME (Agency) - Leaders from 12 countries met in Rome on Friday to discuss the plan, "
    "the Italian prime minister said.\n\n"
    "Related articles\n\nSomething else entirely happened somewhere else today.\n"
)


def test_ingest_adds_once_and_never_rewrites_raw_files(project, tmp_path):
    settings = load_settings()
    before = snapshot(project / "seeds")
    article = tmp_path / "rome.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")

    first = ingest(settings, STORY, [article])
    assert [r.added for r in first] == [True]
    second = ingest(settings, STORY, [article, article])
    assert [r.added for r in second] == [False, False]

    sources = load_sources(settings, STORY)
    assert len(sources) == 6
    new = sources[-1]
    assert new.id == first[0].source.id == "leaders-meet-again-rome"
    assert new.title == "Leaders meet again in Rome to discuss the ceasefire plan"
    assert (project / "seeds" / STORY / new.file).read_bytes() == article.read_bytes()
    after = snapshot(project / "seeds")
    for name, data in before.items():
        if not name.endswith("sources.yaml"):
            assert after[name] == data, f"{name} was modified"
    # The manifest kept its comments and entries; only the new source was appended.
    manifest = (project / "seeds" / STORY / "sources.yaml").read_text(encoding="utf-8")
    assert manifest.startswith(before[f"{STORY}/sources.yaml"].decode("utf-8").rstrip("\n"))
    assert "Something else entirely" not in cleaned_source(settings, new).text


def test_ingest_creates_a_new_story(project, tmp_path):
    settings = load_settings()
    article = tmp_path / "a.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    ingest(settings, "rome-talks", [article], outlet="Agency", coverage="partial")
    manifest = load_manifest(settings, "rome-talks")
    assert manifest.story == "rome-talks"
    assert [(s.outlet, s.coverage) for s in manifest.sources] == [("Agency", "partial")]


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Leaders agree on a monitoring plan | Example News</title>
<meta property="og:title" content="Leaders agree on a monitoring plan">
<meta property="article:published_time" content="2026-01-06T18:00:00Z">
<script>window.dataLayer = []; function track(){ console.log("tracking"); }</script>
<style>.nav { color: red }</style></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main><article>
<h1>Leaders agree on a monitoring plan</h1>
<p class="byline">By Jane Doe, Staff Reporter</p>
<p>Leaders from 35 countries agreed on Tuesday to set up a ceasefire monitoring mechanism
under US leadership, the French president said after the meeting in Paris.</p>
<p>&ldquo;We have consolidated our approach,&rdquo; the president told reporters, adding that
several states had indicated their readiness to contribute.</p>
<p>The British prime minister said the UK and France would establish military hubs across
the country after a ceasefire, and build protected facilities for weapons.</p>
</article>
<aside class="related"><h2>Related</h2><ul>
<li><a href="/a">Celebrity chef opens a new restaurant downtown</a></li>
<li><a href="/b">Stocks rally as tech shares climb for a third day</a></li></ul></aside>
</main>
<footer><p>&copy; 2026 Example News. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
<script>track();</script>
</body></html>
"""


def test_html_page_is_extracted_to_article_text(project, tmp_path):
    settings = load_settings()
    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    [result] = ingest(settings, STORY, [page])
    text = result.cleaned.text
    assert "Leaders from 35 countries agreed on Tuesday" in text
    assert '"We have consolidated our approach," the president told reporters' in text
    assert "establish military hubs" in text
    for junk in (
        "dataLayer",
        "console.log",
        "Subscribe",
        "Celebrity chef",
        "Stocks rally",
        "All rights reserved",
        "Privacy policy",
        "color: red",
    ):
        assert junk not in text, junk
    assert result.source.format == "html" and result.source.file.endswith(".html")
    assert result.source.title == "Leaders agree on a monitoring plan"
    assert result.source.published == "2026-01-06"


# ------------------------------------------------------------- bad input


def _bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp / "empty.txt"
    empty.write_bytes(b"  \n\n")
    binary = tmp / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    latin1 = tmp / "latin1.txt"
    latin1.write_bytes("Paris talks\n\nThe président said the café was open.\n".encode("latin-1"))
    huge = tmp / "huge.txt"
    with open(huge, "wb") as fh:
        line = b"This is a long line of perfectly ordinary prose about the meeting.\n"
        fh.write(line * (50 * 1024 * 1024 // len(line) + 1))
    return {
        "empty": (empty, "empty"),
        "binary": (binary, "binary"),
        "latin1": (latin1, "not valid UTF-8"),
        "huge": (huge, "over the"),
        "missing": (tmp / "nope.txt", "no such file"),
    }


@pytest.mark.parametrize("case", ["empty", "binary", "latin1", "huge", "missing"])
@pytest.mark.parametrize("command", ["ingest", "clean"])
def test_bad_article_gives_one_clear_error_and_writes_nothing(
    project, tmp_path, capsys, case, command
):
    path, phrase = _bad_files(tmp_path)[case]
    good = tmp_path / "good.txt"
    good.write_text(NEW_ARTICLE, encoding="utf-8")
    before = snapshot(project)
    argv = (
        ["ingest", str(good), str(path), "--story", STORY]
        if command == "ingest"
        else ["clean", str(path)]
    )
    assert main(argv) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(path) in lines[0] and phrase in lines[0]
    assert "Traceback" not in err and out == ""
    assert snapshot(project) == before  # the good file was not ingested either


def test_latin1_error_names_the_line(project, tmp_path, capsys):
    path = _bad_files(tmp_path)["latin1"][0]
    assert main(["clean", str(path)]) == 2
    assert f"{path}:3:" in capsys.readouterr().err


@pytest.mark.parametrize("story", ["../escape", "a/b", "UPPER", "..", ""])
def test_bad_story_id_is_refused(project, tmp_path, capsys, story):
    good = tmp_path / "good.txt"
    good.write_text(NEW_ARTICLE, encoding="utf-8")
    before = snapshot(project)
    assert main(["ingest", str(good), "--story", story]) == 2
    err = capsys.readouterr().err
    assert "invalid story id" in err and len(err.strip().splitlines()) == 1
    assert snapshot(project) == before
    assert not (tmp_path / "escape").exists()


def test_clean_diff_lists_removed_blocks_with_reasons(project, capsys):
    path = project / "seeds" / STORY / "002_c18a039ef04bae6d.txt"
    assert main(["clean", "--diff", str(path)]) == 0
    out = capsys.readouterr().out
    assert "@@ lines 1-3: removed (error-page)" in out
    assert "- Sorry!!" in out
    assert "removed (duplicate)" in out and "removed (disclaimer)" in out
    assert out.rstrip().endswith("2 comments, 2 disclaimer, 10 duplicate, 3 error-page")


def test_clean_prints_the_cleaned_text(project, capsys):
    path = project / "seeds" / STORY / "003_860942daf91e2188.txt"
    assert main(["clean", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("European Allies Agree to Key Security Provisions for Ukraine\n")
    assert "DNYUZ" not in out


# ---- issue 13: what ingest stores, the manifest under concurrent writers


def test_a_two_megabyte_line_gets_a_one_line_bounded_title(project, tmp_path):
    article = tmp_path / "long.txt"
    article.write_text(" ".join(["word"] * 420_000) + "\n", encoding="utf-8")
    assert main(["ingest", str(article), "--story", STORY]) == 0
    source = load_sources(load_settings(), STORY)[-1]
    assert source.file.endswith(".txt")
    assert "\n" not in source.title and 0 < len(source.title) <= 200
    manifest = project / "seeds" / STORY / "sources.yaml"
    assert max(len(line) for line in manifest.read_text(encoding="utf-8").splitlines()) < 400


def test_ingest_keeps_the_manifest_mode(project, tmp_path):
    manifest = project / "seeds" / STORY / "sources.yaml"
    manifest.chmod(0o644)
    article = tmp_path / "a.txt"
    article.write_text("Macron met Starmer in Paris on Tuesday.\n", encoding="utf-8")
    assert main(["ingest", str(article), "--story", STORY]) == 0
    assert manifest.stat().st_mode & 0o777 == 0o644


def test_concurrent_ingests_lose_no_entry(project, tmp_path):
    import subprocess
    import sys

    articles = []
    for n in range(6):
        path = tmp_path / f"art{n}.txt"
        path.write_text(f"Article number {n}.\n\nLeaders met in Paris {n} times.\n")
        articles.append(path)
    before = len(load_sources(load_settings(), STORY))
    code = "import sys; from factcheck.cli import main; sys.exit(main(sys.argv[1:]))"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, "ingest", str(p), "--story", STORY],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for p in articles
    ]
    results = [(p.wait(), p.stderr.read().decode()) for p in procs]  # type: ignore[union-attr]
    assert all(rc == 0 for rc, _ in results), results
    sources = load_sources(load_settings(), STORY)
    assert len(sources) == before + 6
    listed = {s.file for s in sources}
    raw = {p.name for p in (project / "seeds" / STORY).iterdir() if not p.name.startswith(".")}
    assert raw == listed | {"sources.yaml"}  # no orphaned raw file
