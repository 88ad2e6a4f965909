"""The second story's golden file, made again through a real Label Studio.

``tests/sessions/paris-agreement-2015-12-12.yaml`` is the annotator's labelling of the
story's five sources (tests/annotator.py replays it region by region, starting from the
pre-annotations as the labelling screen does). Pushing the story, replaying the session
and pulling must give back every assertion of ``annotations/paris-agreement-2015-12-12.yaml``
that came from Label Studio: the committed golden is what this loop made, plus the
reviewer's ``known`` notes.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest

from factcheck.config import load_settings
from factcheck.golden import load_story_golden
from factcheck.labelstudio import connect, pull, push
from factcheck.model import ClaimAssertion, NumberAssertion, QuoteAssertion
from tests.annotator import load_session, replay, task_result

REPO = Path(__file__).resolve().parent.parent
STORY = "paris-agreement-2015-12-12"
SESSION = REPO / "tests" / "sessions" / f"{STORY}.yaml"
GOLDEN = REPO / "annotations" / f"{STORY}.yaml"
REQUIRED = 5  # adoption date, place, temperature goal, $100 billion a year, five-year plans


@pytest.fixture()
def story_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the second story's seeds and the labelling config, no golden yet."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "seeds" / STORY, root / "seeds" / STORY)
    (root / "annotations").mkdir()
    shutil.copy(REPO / "annotations" / "labelstudio.xml", root / "annotations")
    (root / "pyproject.toml").write_text('[tool.factcheck]\nseeds = "seeds"\n', encoding="utf-8")
    for var in ("FACTCHECK_SEEDS_DIR", "FACTCHECK_ANNOTATIONS_DIR", "FACTCHECK_CACHE_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(root)
    return root


def _content(a):
    """What an assertion says, without where and when it was labelled."""
    out = (a.kind, a.required, tuple(sorted((e.source, e.text) for e in a.evidence)))
    if isinstance(a, QuoteAssertion):
        return (*out, a.text, a.speaker)
    if isinstance(a, NumberAssertion):
        return (*out, a.counts, a.unit)
    assert isinstance(a, ClaimAssertion)
    return (*out, a.subject, a.predicate, a.time, a.place)


@pytest.mark.labelstudio
def test_second_story_round_trips_through_label_studio(labelstudio, story_project):
    settings = load_settings()
    ls = connect(labelstudio.url, labelstudio.token)
    title = f"story-{uuid.uuid4().hex[:8]}"
    pushed = push(settings, STORY, ls, title=title)
    assert len(pushed.created) == 5 and pushed.predictions == 5

    done = replay(ls, pushed.project, load_session(SESSION))
    assert set(done.annotations) == set(pushed.created)
    # the pre-annotations saved the annotator part of the work (figure in docs/bench.md)
    assert done.share >= 0.25, done.by_label

    result = pull(settings, STORY, ls, title=title)
    assert not result.drifted and not result.incomplete and not result.conflicts
    pulled = load_story_golden(settings, STORY)
    committed = load_story_golden(load_settings(REPO), STORY)

    from_ls = [
        a for a in committed.assertions if a.provenance and a.provenance.tool == "label-studio"
    ]
    assert len(from_ls) >= 0.8 * len(committed.assertions)
    by_id = {a.id: a for a in pulled.assertions}
    assert {a.id for a in from_ls} <= set(by_id)
    for a in from_ls:
        assert _content(by_id[a.id]) == _content(a), a.id
    # the pull says whose words each new entity goes by ("the Secretary-General")
    names = {e.id: set(e.names) for e in pulled.entities}
    assert names == {e.id: set(e.names) for e in committed.entities}


def test_committed_golden_is_the_story_as_annotated():
    golden = load_story_golden(load_settings(REPO), STORY)
    kinds = {k: sum(a.kind == k for a in golden.assertions) for k in ("quote", "number", "claim")}
    assert len(golden.assertions) >= 40 and all(kinds.values()), kinds
    required = [a for a in golden.assertions if a.required]
    assert len(required) == REQUIRED, [a.id for a in required]
    with_ls = [
        a
        for a in golden.assertions
        if a.provenance
        and a.provenance.tool == "label-studio"
        and a.provenance.project
        and a.provenance.task
        and a.provenance.annotation
    ]
    assert len(with_ls) >= 0.8 * len(golden.assertions)


def test_session_regions_are_exact_and_linked():
    """Every region of the session is found in its task's text, and relations point at
    regions of the same task (what the replay relies on)."""
    from factcheck.ingest import cleaned_source, load_sources

    settings = load_settings(REPO)
    texts = {s.id: cleaned_source(settings, s).text for s in load_sources(settings, STORY)}
    session = load_session(SESSION)
    assert set(session["tasks"]) == set(texts)
    for source, regions in session["tasks"].items():
        result, seen = task_result(texts[source], regions, [], source)
        assert len(seen) == len(regions)
        assert not any(hit or near for _, hit, near in seen)  # no predictions: all manual
        ids = {r["id"] for r in result if r.get("type") == "labels"}
        for rel in (r for r in result if r.get("type") == "relation"):
            assert rel["from_id"] in ids and rel["to_id"] in ids


def test_replay_reuses_a_prediction_with_the_same_label_and_span():
    text = "Ann Lee said the plan was ready."
    predicted = [
        {"id": "p1", "type": "labels", "value": {"start": 0, "end": 7, "labels": ["SPEAKER"]}}
    ]
    regions = [
        {"label": "SPEAKER", "text": "Ann Lee", "ref": "lee"},
        {"label": "CLAIM", "text": "the plan was ready", "subject": "lee", "predicate": "was"},
    ]
    result, seen = task_result(text, regions, predicted, "t")
    assert seen == [("SPEAKER", True, True), ("CLAIM", False, False)]
    labels = [r for r in result if r.get("type") == "labels"]
    assert labels[0]["id"] == "p1" and labels[0]["origin"] == "prediction"
    assert labels[1]["origin"] == "manual"
    (rel,) = [r for r in result if r.get("type") == "relation"]
    assert (rel["from_id"], rel["to_id"], rel["labels"]) == (labels[1]["id"], "p1", ["subject"])
    with pytest.raises(ValueError, match="not in the task text"):
        task_result(text, [{"label": "QUOTE", "text": "absent words"}], [], "t")
