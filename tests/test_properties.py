"""Property-based: arbitrary bytes, sizes and YAML never crash the cleaner, the golden
loader, `factcheck check` or the plugin. An error is a FactcheckError / exit 2 / a pytest
error, never a traceback, and nothing is written on error. Example counts stay small so
the file runs in seconds."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.clean import clean_text, decode_article, html_to_text, is_html
from factcheck.cli import main
from factcheck.errors import FactcheckError
from factcheck.golden import loads_golden

pytest_plugins = ("pytester",)

REPO = Path(__file__).resolve().parent.parent
STORY = "coalition-paris-2026-01-06"
GOLDEN = (REPO / "tests" / "corpus" / "golden.yaml").read_text(encoding="utf-8")
FEW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

_SAMPLES = [b"\n\n", b"\xff\xfe", b"\x00", b"<html><p>", b'"', b"\xe2\x80\x9c",
            b'Macron said "we will".', b" word" * 3000]  # fmt: skip
#: Article-like bytes: text pieces, long runs, control and non-UTF-8 bytes, HTML.
_piece = st.one_of(
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=100),
    st.sampled_from(_SAMPLES),
)
articles = st.lists(_piece, max_size=12).map(b"".join)


def _golden_variants() -> st.SearchStrategy[str]:
    lines = GOLDEN.splitlines(keepends=True)
    cut = st.integers(0, len(lines)).map(lambda n: "".join(lines[:n]))  # truncated
    edit = st.tuples(st.integers(0, len(GOLDEN)), st.text(max_size=8)).map(
        lambda t: GOLDEN[: t[0]] + t[1] + GOLDEN[t[0] :]
    )
    values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=20,
    )
    dumped = st.dictionaries(
        st.sampled_from(["story", "entities", "assertions", "other"]), values, max_size=4
    ).map(lambda d: yaml.safe_dump(d, allow_unicode=True))
    return st.one_of(cut, edit, dumped, st.text(max_size=300))


@FEW
@given(data=articles)
def test_cleaner_raises_only_factcheck_errors(data: bytes) -> None:
    try:
        raw = decode_article(data, path="a.txt")
        if is_html(raw):
            raw = html_to_text(raw, path="a.txt")
        cleaned = clean_text(raw)
    except FactcheckError:
        return
    for seg in cleaned.segments:  # the offset map stays inside both texts
        assert 0 <= seg.clean_start <= len(cleaned.text)
        assert 0 <= seg.raw_start <= len(cleaned.raw)


@FEW
@given(text=_golden_variants())
def test_golden_loader_raises_only_golden_errors(text: str) -> None:
    try:
        loads_golden(text, path="g.yaml")
    except FactcheckError as exc:
        assert str(exc).startswith("g.yaml")


_run = itertools.count()


@settings(FEW, max_examples=12)
@given(data=articles)
def test_check_exits_0_1_or_2_and_writes_nothing_on_error(
    engine_project: Path, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    n = next(_run)
    article = engine_project / f"article-{n}.txt"
    article.write_bytes(data)
    target = engine_project / "out" / f"{n}.json"
    rc = main(["check", str(article), "--story", STORY, "--format", "json",
               "--output", str(target)])  # fmt: skip
    err = capsys.readouterr().err
    assert rc in (0, 1, 2)
    assert "Traceback" not in err and "internal error" not in err
    if rc == 2:
        assert not target.exists()
        assert err.startswith("factcheck: error: ") and err.count("\n") == 1
    else:
        assert target.is_file()


@settings(FEW, max_examples=6)
@given(text=_golden_variants())
def test_plugin_turns_any_golden_into_items_or_one_error(
    pytester: pytest.Pytester, text: str
) -> None:
    root = pytester.path / f"p{next(_run)}"
    shutil.copytree(REPO / "seeds" / STORY, root / "seeds" / STORY)
    (root / "annotations").mkdir()
    (root / "annotations" / f"{STORY}.yaml").write_text(text, encoding="utf-8")
    (root / "pyproject.toml").write_text("[tool.factcheck]\n", encoding="utf-8")
    result = pytester.runpytest(str(root / "annotations"), "--collect-only", "-q",
                                "--rootdir", str(root))  # fmt: skip
    out = result.stdout.str() + result.stderr.str()
    assert result.ret in (0, 2, 4, 5)
    assert "INTERNALERROR" not in out and "Traceback" not in out
