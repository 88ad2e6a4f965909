"""The content-keyed caches: a corrupt entry is re-computed, never a crash; a result is
never served for a golden, an article or engine code other than the one it was made from."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

import factcheck
from factcheck import nlp as fnlp
from factcheck.cache import Cache

STORY = "coalition-paris-2026-01-06"
CORPUS = Path(__file__).parent / "corpus" / "articles"
TEXTS = ["Macron said the coalition met in Paris.\n\nStarmer said 35 countries came."]


def _entries(root: Path, namespace: str) -> list[Path]:
    return sorted(p for p in (root / namespace).rglob("*") if p.is_file())


def _shape(docs) -> list:
    return [[(t.text, t.dep_, t.ent_type_) for t in d] for d in docs]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"not a DocBin at all",
        lambda data: data[: len(data) // 2],  # a write cut short
        lambda data: b"",
    ],
    ids=["garbage", "truncated", "empty"],
)
def test_a_corrupt_parse_cache_entry_is_parsed_again(nlp, tmp_path, monkeypatch, damage):
    fresh = fnlp.parse(TEXTS)
    fnlp.parse(TEXTS, cache_dir=tmp_path)
    entries = _entries(tmp_path, "paras")
    assert len(entries) == 2  # one per paragraph
    good = {p: p.read_bytes() for p in entries}
    for p in entries:
        p.write_bytes(damage(p.read_bytes()))

    parsed: list[str] = []
    pipe = type(nlp).pipe

    def counting_pipe(self, texts, **kwargs):
        texts = list(texts)
        parsed.extend(texts)
        return pipe(self, texts, **kwargs)

    monkeypatch.setattr(type(nlp), "pipe", counting_pipe)
    again = fnlp.parse(TEXTS, cache_dir=tmp_path)
    assert _shape(again) == _shape(fresh)
    assert len(parsed) == 2  # both paragraphs re-parsed, not read from the damaged entries
    assert {p: p.read_bytes() for p in entries} == good  # and the entries repaired
    parsed.clear()
    fnlp.parse(TEXTS, cache_dir=tmp_path)
    assert parsed == []  # the repaired entries serve the next parse


def test_a_parse_cache_entry_for_other_text_is_not_used(nlp, tmp_path):
    """A cache entry holding another text (a key collision, a hand-copied folder) is a miss."""
    fnlp.parse(["Macron met Starmer."], cache_dir=tmp_path)
    (other,) = _entries(tmp_path, "paras")
    fnlp.parse(["Merz met Meloni."], cache_dir=tmp_path)
    target = next(p for p in _entries(tmp_path, "paras") if p != other)
    target.write_bytes(other.read_bytes())
    (doc,) = fnlp.parse(["Merz met Meloni."], cache_dir=tmp_path)
    assert doc.text == "Merz met Meloni."


def test_an_unreadable_cache_only_costs_speed(tmp_path):
    cache = Cache(tmp_path / "file-not-folder")
    (tmp_path / "file-not-folder").write_text("x", encoding="utf-8")
    cache.put("paras", "ab" * 32, b"data")  # cannot write: no error
    assert cache.get("paras", "ab" * 32) is None


# ----------------------------------------------------------- the result cache


@pytest.fixture()
def checked(engine_project: Path, nlp, monkeypatch: pytest.MonkeyPatch):
    """check(golden, path) -> (result, whether the engine ran) in the engine project."""
    from factcheck.config import load_settings
    from factcheck.engine import runner, story_sources
    from factcheck.golden import load_story_golden

    settings = load_settings(engine_project)
    sources = story_sources(settings, STORY)
    golden = load_story_golden(settings, STORY, sources=[s.id for s in sources])
    ran: list[str] = []
    result_for = runner.result_for

    def counting(article, *args, **kwargs):
        ran.append(article.path)
        return result_for(article, *args, **kwargs)

    monkeypatch.setattr(runner, "result_for", counting)

    def check(g, path: Path):
        ran.clear()
        (result,) = runner.check_articles(settings, g, [path], sources)
        return result, bool(ran)

    return golden, check


def _countries(result) -> str:
    (v,) = [v for v in result.verdicts if v.assertion == "countries-at-meeting"]
    return str(v.status)


def test_a_changed_golden_is_not_served_from_the_result_cache(checked, tmp_path):
    golden, check = checked
    article = tmp_path / "article.txt"
    shutil.copy(CORPUS / "wire-number-countries.txt", article)  # "53 countries"
    first, ran = check(golden, article)
    assert ran and _countries(first) == "contradicted"
    again, ran = check(golden, article)
    assert not ran and again == first  # the cache serves an unchanged input
    fixed = dataclasses.replace(
        golden,
        assertions=tuple(
            dataclasses.replace(a, low=53.0, high=53.0, statement="53 countries attended")
            if a.id == "countries-at-meeting"
            else a
            for a in golden.assertions
        ),
    )
    after, ran = check(fixed, article)
    assert ran and _countries(after) == "supported"
    back, ran = check(golden, article)
    assert not ran and back == first  # each golden keeps its own entry


def test_a_changed_article_is_not_served_from_the_result_cache(checked, tmp_path):
    golden, check = checked
    article = tmp_path / "article.txt"
    text = (CORPUS / "wire-number-countries.txt").read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8")
    first, _ = check(golden, article)
    assert _countries(first) == "contradicted"
    article.write_text(text.replace("from 53 countries", "from 35 countries"), encoding="utf-8")
    after, ran = check(golden, article)
    assert ran and _countries(after) == "supported"


def test_a_corrupt_result_cache_entry_is_checked_again(checked, engine_project, tmp_path):
    golden, check = checked
    article = tmp_path / "article.txt"
    shutil.copy(CORPUS / "wire-number-countries.txt", article)
    first, _ = check(golden, article)
    entries = _entries(engine_project / ".factcheck-cache", "results")
    assert entries
    for p in entries:
        p.write_bytes(b'{"path": ')
    again, ran = check(golden, article)
    assert ran and again == first


@pytest.mark.parametrize(
    "module",
    ["nlp/quantities.py", "clean/classify.py", "engine/claims.py", "match.py", "speakers.py"],
)
def test_engine_code_is_part_of_the_result_key(tmp_path, monkeypatch, module):
    """Editing any module the verdicts depend on (a subpackage's file too) changes the key."""
    from factcheck.engine import runner

    package = tmp_path / "factcheck"
    shutil.copytree(Path(factcheck.__file__).parent, package)
    monkeypatch.setattr(runner, "__file__", str(package / "engine" / "runner.py"))
    key = runner._engine_key.__wrapped__
    before = key(None)
    assert key(None) == before
    with open(package / module, "a", encoding="utf-8") as fh:
        fh.write("\n# a change\n")
    assert key(None) != before
