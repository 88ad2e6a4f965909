"""SDK round trip against a real Label Studio: push, annotate as two people, pull, check.

The story is the bundled one plus an article written here (with emoji before every
span, so code-point offsets are exercised) whose facts are not in the golden yet.
"""

from __future__ import annotations

import difflib
import uuid
from pathlib import Path

import pytest

from factcheck.config import load_settings
from factcheck.golden import load_story_golden
from factcheck.ingest import ingest, load_sources
from factcheck.labelstudio import (
    CONFLICT_MARK,
    checked_span,
    connect,
    export,
    pull,
    push,
    text_hash,
)
from factcheck.model import NumberAssertion, QuoteAssertion, Status

STORY = "coalition-paris-2026-01-06"

ARTICLE = """Paris approves a footbridge over the Seine 🇫🇷

PARIS (Test Wire) — The city council of Paris 🇫🇷 approved a new footbridge 🌉 over the \
Seine on Tuesday after a long debate between the majority and the opposition.

"We will build this bridge across the river by the spring of 2027," Mayor Anne Hidalgo \
said after the vote.

The project will cost 12 million euros, according to the council's budget office, which \
published the figures on Monday.

"The money is already set aside in the budget," Deputy Mayor Pierre Rabadan said, adding \
that the works would start in the summer.

Opponents said the bridge was not needed, and several residents' groups asked for a new \
consultation before any work starts.
"""

Q1 = "We will build this bridge across the river by the spring of 2027"
Q2 = "The money is already set aside in the budget"


# ------------------------------------------------------------ helpers


def region(rid: str, text: str, piece: str, label: str, *, after: int = 0) -> dict:
    start = text.index(piece, after)
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": start + len(piece), "text": piece,
                      "labels": [label]}}  # fmt: skip


def per_region(r: dict, name: str, kind: str, value) -> dict:
    v = {"start": r["value"]["start"], "end": r["value"]["end"]}
    v.update({"text": [value]} if kind == "textarea" else {"choices": [value]})
    return {"id": r["id"], "from_name": name, "to_name": "text", "type": kind, "value": v}


def said_by(q: dict, s: dict) -> dict:
    return {"type": "relation", "from_id": q["id"], "to_id": s["id"], "direction": "right",
            "labels": ["said_by"]}  # fmt: skip


def utf16(text: str, i: int) -> int:
    return len(text[:i].encode("utf-16-le")) // 2


@pytest.fixture()
def story(project: Path):
    """The bundled story plus the footbridge article, in a throw-away project."""
    article = project / "footbridge.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    settings = load_settings()
    (added,) = ingest(settings, STORY, [article], outlet="Test Wire", coverage="partial")
    return settings, added.source.id


# ------------------------------------------------------------ tests


@pytest.mark.labelstudio
def test_push_annotate_pull_round_trip(labelstudio, story):
    settings, new_id = story
    title = f"rt-{uuid.uuid4().hex[:8]}"
    admin, second = labelstudio.users
    ls_a = connect(labelstudio.url, admin.token)
    ls_b = connect(labelstudio.url, second.token)

    first = push(settings, STORY, ls_a, title=title)
    ids = [s.id for s in load_sources(settings, STORY)]
    assert sorted(first.created) == sorted(ids) and first.predictions == len(ids)
    tasks = {t.data["source_id"]: t for t in ls_a.tasks.list(project=first.project)}
    assert set(tasks) == set(ids)
    task = tasks[new_id]
    text = task.data["text"]
    assert task.data["sha256"] == text_hash(text) and "🌉" in text

    # Re-push never duplicates tasks.
    again = push(settings, STORY, ls_a, title=title)
    assert again.project == first.project and not again.created and not again.changed
    assert sorted(again.unchanged) == sorted(ids)
    assert len(list(ls_a.tasks.list(project=first.project))) == len(ids)

    # A hand edit and a comment in the golden must survive the pull.
    path = settings.annotations_dir / f"{STORY}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(
        i
        for i, line in enumerate(lines)
        if line.startswith("    statement: ") and lines[i + 1].startswith("    required:")
    )
    edited = "EDITED BY HAND, kept by pull"
    lines[i] = f"    statement: {edited}\n"
    at = lines.index("assertions:\n")
    lines.insert(at + 1, "# hand comment kept\n")
    golden_text = "".join(lines)
    path.write_text(golden_text, encoding="utf-8")
    before = load_story_golden(settings, STORY)
    (hand,) = [a for a in before.assertions if a.statement == edited]

    # Annotator A: Q1 by Hidalgo (required), Q2 by Rabadan, the budget number.
    q1 = region("q1", text, Q1, "QUOTE")
    h1 = region("h1", text, "Anne Hidalgo", "SPEAKER")
    q2 = region("q2", text, Q2, "QUOTE")
    r2 = region("r2", text, "Pierre Rabadan", "SPEAKER")
    n1 = region("n1", text, "12 million euros", "NUMBER")
    e1 = region("e1", text, "budget office", "ENTITY")  # an entity on its own
    result_a = [q1, h1, q2, r2, n1, e1, said_by(q1, h1), said_by(q2, r2),
                per_region(q1, "required", "choices", "required"),
                per_region(n1, "value", "textarea", "12000000"),
                per_region(n1, "unit", "textarea", "euros"),
                per_region(n1, "counts", "textarea", "cost of the Seine footbridge")]  # fmt: skip
    ann_a = ls_a.annotations.create(id=task.id, result=result_a, was_cancelled=False)

    # Annotator B agrees on Q1 and the number (sent in UTF-16 units, as a JS front end
    # counts them: the emoji before it make those differ), gives Q2 to Hidalgo, and labels
    # one span whose text is not the task's.
    q1b, h1b = region("q1", text, Q1, "QUOTE"), region("h1", text, "Anne Hidalgo", "SPEAKER")
    q2b = region("q2", text, Q2, "QUOTE")
    h2b = region("h2", text, "Anne Hidalgo", "SPEAKER")
    n1b = region("n1", text, "12 million euros", "NUMBER")
    cp = (n1b["value"]["start"], n1b["value"]["end"])
    n1b["value"].update(start=utf16(text, cp[0]), end=utf16(text, cp[1]))
    assert n1b["value"]["start"] != cp[0]  # the test means something only with emoji before
    bad = region("x1", text, "Opponents", "QUOTE")
    bad["value"]["text"] = "Supporters"
    result_b = [q1b, h1b, q2b, h2b, n1b, bad, said_by(q1b, h1b), said_by(q2b, h2b),
                per_region(q1b, "required", "choices", "required"),
                per_region(n1b, "value", "textarea", "12000000"),
                per_region(n1b, "unit", "textarea", "euros"),
                per_region(n1b, "counts", "textarea", "cost of the Seine footbridge")]  # fmt: skip
    ls_b.annotations.create(id=task.id, result=result_b, was_cancelled=False)

    # Dry run: the diff, nothing written.
    dry = pull(settings, STORY, ls_a, title=title, dry_run=True)
    assert dry.diff and not dry.written
    assert path.read_text(encoding="utf-8") == golden_text

    res = pull(settings, STORY, ls_a, title=title)
    assert res.written
    new_text = path.read_text(encoding="utf-8")
    ops = difflib.SequenceMatcher(
        None, golden_text.splitlines(), new_text.splitlines(), autojunk=False
    ).get_opcodes()
    assert {op for op, *_ in ops} == {"equal", "insert"}  # lines added, none changed
    assert "# hand comment kept" in new_text

    golden = load_story_golden(settings, STORY, sources=[*ids])
    assert next(a for a in golden.assertions if a.id == hand.id).statement == edited
    assert [a.id for a in golden.assertions[: len(before.assertions)]] == [
        a.id for a in before.assertions
    ]
    added = {a.id: a for a in golden.assertions[len(before.assertions) :]}
    assert set(added) == set(res.added)

    quotes = [a for a in added.values() if isinstance(a, QuoteAssertion)]
    assert [q.text for q in quotes] == [Q1]  # Q2 is a conflict: not guessed
    quote = quotes[0]
    hidalgo = golden.entity(quote.speaker)
    assert hidalgo.name == "Anne Hidalgo" and hidalgo.id in res.entities
    (office,) = [e for e in golden.entities if e.name == "budget office"]
    assert office.id in res.entities
    assert quote.required is True
    assert quote.evidence[0].source == new_id and Q1 in quote.evidence[0].text
    assert "Anne Hidalgo" in quote.evidence[0].text
    prov = quote.provenance
    assert (prov.tool, prov.project, prov.task, prov.annotation) == (
        "label-studio", first.project, task.id, ann_a.id)  # fmt: skip
    assert admin.email in prov.by and second.email in prov.by and prov.at.startswith("20")

    (number,) = [a for a in added.values() if isinstance(a, NumberAssertion)]
    assert (number.low, number.high, number.unit) == (12_000_000, 12_000_000, "euros")
    assert number.counts == "cost of the Seine footbridge"
    assert number.evidence[0].text.startswith("12 million euros")

    (conflict,) = res.conflicts
    assert conflict.text == Q2 and conflict.source == new_id
    said = dict(conflict.values)
    assert "Pierre Rabadan" in said[admin.email] and "Anne Hidalgo" in said[second.email]
    block = new_text.split(CONFLICT_MARK, 1)[1]
    assert Q2[:30] in block and "Pierre Rabadan" in block and second.email in block

    assert res.agreement["quote"] == (1, 2) and res.agreement["number"] == (1, 1)
    assert len(res.drifted) == 1 and "Supporters" in res.drifted[0]

    # Pulling again changes nothing and keeps every assertion.
    again = pull(settings, STORY, ls_a, title=title)
    assert not again.diff and path.read_text(encoding="utf-8") == new_text
    assert again.kept >= 2

    # The pulled golden passes the check engine on its own source.
    from factcheck.engine import check_article
    from factcheck.ingest import cleaned_source

    src = next(s for s in load_sources(settings, STORY) if s.id == new_id)
    result = check_article(golden, cleaned_source(settings, src).text, source=new_id,
                           coverage="partial", model=settings.model,
                           cache_dir=settings.cache_dir)  # fmt: skip
    verdicts = {v.assertion: v for v in result.verdicts}
    for aid in res.added:
        assert verdicts[aid].status == Status.SUPPORTED, verdicts[aid]


@pytest.mark.labelstudio
def test_changed_source_is_flagged_not_replaced(labelstudio, story):
    settings, new_id = story
    title = f"chg-{uuid.uuid4().hex[:8]}"
    ls = connect(labelstudio.url, labelstudio.token)
    first = push(settings, STORY, ls, title=title, predictions=False)
    (task,) = [t for t in ls.tasks.list(project=first.project) if t.data["source_id"] == new_id]
    # The cleaned text changes when the cleaner changes; simulate it with the task's hash.
    ls.tasks.update(task.id, data={**task.data, "sha256": "0" * 64})
    again = push(settings, STORY, ls, title=title, predictions=False)
    assert again.changed == [new_id] and not again.created
    assert "CHANGED" in again.summary() and new_id in again.summary()
    (kept,) = [t for t in ls.tasks.list(project=first.project) if t.data["source_id"] == new_id]
    assert kept.id == task.id and kept.data["sha256"] == "0" * 64  # not silently replaced


@pytest.mark.labelstudio
def test_predictions_carry_quotes_speakers_and_numbers(labelstudio, story):
    settings, new_id = story
    ls = connect(labelstudio.url, labelstudio.token)
    pushed = push(settings, STORY, ls, title=f"pred-{uuid.uuid4().hex[:8]}")
    (task,) = [t for t in ls.tasks.list(project=pushed.project) if t.data["source_id"] == new_id]
    (pred,) = ls.predictions.list(task=task.id)
    items = pred.result
    text = task.data["text"]
    labels = {(i["value"]["labels"][0], i["value"]["text"]) for i in items if i["type"] == "labels"}
    assert ("QUOTE", Q1) in labels  # without the comma that stands for the full stop
    assert any(lab == "SPEAKER" and "Anne Hidalgo" in t for lab, t in labels)
    assert any(lab == "NUMBER" and t.startswith("12 million") for lab, t in labels)
    for i in items:  # every predicted span is exact in code points, emoji or not
        if i["type"] == "labels":
            assert text[i["value"]["start"] : i["value"]["end"]] == i["value"]["text"]
    rel = [i for i in items if i["type"] == "relation"]
    by_id = {i["id"]: i["value"]["text"] for i in items if i["type"] == "labels"}
    assert any(by_id[r["from_id"]] == Q1 and "Anne Hidalgo" in by_id[r["to_id"]] for r in rel)


@pytest.mark.labelstudio
def test_export_is_full_json_with_relations(labelstudio, story):
    settings, new_id = story
    ls = connect(labelstudio.url, labelstudio.token)
    pushed = push(settings, STORY, ls, title=f"exp-{uuid.uuid4().hex[:8]}", predictions=False)
    (task,) = [t for t in ls.tasks.list(project=pushed.project) if t.data["source_id"] == new_id]
    text = task.data["text"]
    q, s = region("q", text, Q1, "QUOTE"), region("s", text, "Anne Hidalgo", "SPEAKER")
    ls.annotations.create(id=task.id, result=[q, s, said_by(q, s)], was_cancelled=False)
    (exported,) = export(ls, pushed.project)
    (ann,) = exported["annotations"]
    assert any(r.get("type") == "relation" for r in ann["result"])


@pytest.mark.parametrize(
    ("text", "piece"),
    [("plain text here", "text"), ("🇫🇷 flag then words", "words"), ("a 😀 b 😀 c", "b 😀 c")],
)
def test_checked_span_accepts_code_points_and_utf16(text, piece):
    start = text.index(piece)
    value = {"start": start, "end": start + len(piece), "text": piece}
    assert checked_span(text, value) == (start, start + len(piece))
    u = {"start": utf16(text, start), "end": utf16(text, start + len(piece)), "text": piece}
    assert checked_span(text, u) == (start, start + len(piece))
    assert checked_span(text, {**value, "text": piece + "x"}) is None


@pytest.mark.labelstudio
def test_annotation_against_the_golden_is_listed_not_applied(labelstudio, project: Path):
    """Annotators giving a golden quote to someone else: a conflict with the golden, which
    the pull leaves as it is."""
    settings = load_settings()
    ls = connect(labelstudio.url, labelstudio.token)
    title = f"gold-{uuid.uuid4().hex[:8]}"
    pushed = push(settings, STORY, ls, title=title, predictions=False)
    (task,) = [t for t in ls.tasks.list(project=pushed.project) if t.data["source_id"] == "wire"]
    text = task.data["text"]
    q = region("q", text, "operational convergence", "QUOTE")
    s = region("s", text, "Keir Starmer", "SPEAKER")
    ls.annotations.create(id=task.id, result=[q, s, said_by(q, s)], was_cancelled=False)
    path = settings.annotations_dir / f"{STORY}.yaml"
    before = path.read_text(encoding="utf-8")
    res = pull(settings, STORY, ls, title=title)
    assert not res.added and res.kept == 1
    (conflict,) = res.conflicts
    said = dict(conflict.values)
    assert said["golden macron-operational-convergence-quote"] == "speaker=macron"
    assert "Keir Starmer" in said[labelstudio.users[0].email]
    after = path.read_text(encoding="utf-8")
    kept, block = after.split(CONFLICT_MARK)
    assert kept == before and "Keir Starmer" in block


# ------------------------------------------------------------ no server needed


def doc_text(story: str, source: str) -> str:
    from factcheck.ingest import cleaned_source

    settings = load_settings()
    return next(
        cleaned_source(settings, s).text for s in load_sources(settings, story) if s.id == source
    )


def test_extract_cli_maps_speakers_to_story_entities(project: Path, capsys):
    import json

    from factcheck.cli import main

    assert main(["extract", "--story", STORY, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    ids = {s.id for s in load_sources(load_settings(), STORY)}
    assert set(doc["sources"]) == ids
    quotes = [c for c in doc["sources"]["wire"] if c["kind"] == "quote"]
    coord = next(c for c in quotes if c["text"].startswith("We also agreed here"))
    assert coord["entity"] == "macron" and not coord["text"].endswith(",")
    numbers = [c for c in doc["sources"]["wire"] if c["kind"] == "number"]
    assert any(c["text"] == "35" and c["low"] == c["high"] == 35 for c in numbers)
    assert any(c["text"] == "2026" for c in numbers)  # "... defense in 2026"
    # "for the first time" counts nothing: not offered to annotators as a number
    assert "For the first time" in doc_text(STORY, "wire")
    assert not any(c["text"].lower() == "first" for c in numbers)
    # one ENTITY region per entity and task, none for a nationality adjective
    for source, cands in doc["sources"].items():
        entities = [c for c in cands if c["kind"] == "entity"]
        keys = [c.get("entity") or c["text"].lower() for c in entities]
        assert len(keys) == len(set(keys)), source
        assert not any(c.get("label") == "NORP" for c in entities), source
    assert "Washington" in doc_text(STORY, "wire").split("\n\n", 2)[1]  # named more than once


@pytest.mark.parametrize(
    ("value", "span", "expected"),
    [
        ("35", "35", (35, 35, None)),
        ("2000-9999", "several thousand", (2000, 9999, "several")),
        ("31-", "more than 30", (31, float("inf"), "more than")),
        ("800,000", "around 800,000", (800000, 800000, "around")),
        (None, "35", (35, 35, None)),
    ],
)
def test_parse_value(value, span, expected):
    from factcheck.labelstudio import parse_value

    assert parse_value(value, span) == expected


def _golden_with(tmp_path: Path, text: str):
    from factcheck.golden import loads_golden

    return loads_golden(text, path=str(tmp_path / "g.yaml"))


CANONICAL = """# top comment
story: demo
entities:
  - id: macron
    name: Emmanuel Macron
    type: PERSON
assertions:
  # a comment inside the list
  - id: old-quote
    kind: quote
    statement: 'HAND EDITED'
    required: false
    text: Hello there
    speaker: macron
    evidence:
      - source: wire
        text: '"Hello there," Macron said.'
"""


def _new_parts():
    from factcheck.model import Entity, GoldenEvidence, Provenance

    ent = Entity(id="anne-hidalgo", name="Anne Hidalgo", type="PERSON")
    quote = QuoteAssertion(
        id="anne-hidalgo-we-will-quote", statement="Hidalgo: we will", text="We will",
        speaker="anne-hidalgo", evidence=(GoldenEvidence("wire", '"We will," Anne Hidalgo'),),
        provenance=Provenance(by="a@x", tool="label-studio", project=1, task=2, annotation=3),
    )  # fmt: skip
    return ent, quote


def test_merge_text_splices_and_keeps_every_line(tmp_path):
    from factcheck.labelstudio import Conflict, merge_text
    from factcheck.model import Golden

    old = _golden_with(tmp_path, CANONICAL)
    ent, quote = _new_parts()
    merged = Golden("demo", "", (*old.entities, ent), (*old.assertions, quote))
    conflict = Conflict(2, "wire", "quote", 0, 5, "Hello", (("a@x", "speaker='A'"),))
    text = merge_text(CANONICAL, old, merged, [ent], [quote], [conflict])
    ops = difflib.SequenceMatcher(None, CANONICAL.splitlines(), text.splitlines()).get_opcodes()
    assert {op for op, *_ in ops} == {"equal", "insert"}
    back = _golden_with(tmp_path, text)
    assert [e.id for e in back.entities] == ["macron", "anne-hidalgo"]
    assert [a.id for a in back.assertions] == ["old-quote", "anne-hidalgo-we-will-quote"]
    assert back.assertions[1].provenance.annotation == 3
    assert text.rstrip().endswith("speaker='A'") and CONFLICT_MARK in text
    # The next pull replaces the conflict block instead of adding another one.
    again = merge_text(text, back, back, [], [], [])
    assert CONFLICT_MARK not in again and again == text.split(CONFLICT_MARK)[0]


def test_merge_text_rewrites_a_non_canonical_file_keeping_its_header(tmp_path):
    from factcheck.labelstudio import merge_text
    from factcheck.model import Golden

    flow = (
        "# header\nstory: demo\n"
        "entities: [{id: macron, name: Emmanuel Macron, type: PERSON}]\nassertions: []\n"
    )
    old = _golden_with(tmp_path, flow)
    ent, quote = _new_parts()
    merged = Golden("demo", "", (*old.entities, ent), (quote,))
    text = merge_text(flow, old, merged, [ent], [quote], [])
    assert text.startswith("# header\n")
    assert [a.id for a in _golden_with(tmp_path, text).assertions] == [quote.id]
    empty = merge_text("", Golden("demo", "", (), ()), merged, [ent], [quote], [])
    assert [e.id for e in _golden_with(tmp_path, empty).entities] == ["macron", "anne-hidalgo"]


def test_server_start_fails_fast_with_the_log_tail(tmp_path):
    """A server process that dies at start: the error comes at once with its output."""
    import stat
    import time

    from factcheck.errors import LabelStudioError
    from factcheck.labelstudio import server as lsserver

    fake = tmp_path / "label-studio"
    fake.write_text("#!/bin/sh\necho 'django.db.utils.OperationalError: boom'\nexit 3\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    data = tmp_path / "data"
    data.mkdir()
    lsserver._save_users(data, [lsserver.User("a@x", "pw", "t" * 40)], fresh=False)
    t0 = time.monotonic()
    with pytest.raises(LabelStudioError, match="exited with status 3") as err:
        lsserver.start_server(fake, data)
    assert "boom" in str(err.value) and time.monotonic() - t0 < 10


def test_server_env_drops_what_label_studio_would_misread(tmp_path):
    from factcheck.labelstudio.server import server_env

    env = server_env(tmp_path, {"HOST": "0.0.0.0", "PORT": "1", "USERNAME": "ci", "DEBUG": "1",
                                "PASSWORD": "x", "DATABASE_NAME": "/x.db", "PATH": "/bin",
                                "LABEL_STUDIO_API_KEY": "secret", "HEARTEX_X": "1"})  # fmt: skip
    assert env["PATH"] == "/bin" and env["LABEL_STUDIO_BASE_DATA_DIR"] == str(tmp_path)
    for gone in ("HOST", "PORT", "USERNAME", "DEBUG", "PASSWORD", "DATABASE_NAME",
                 "LABEL_STUDIO_API_KEY", "HEARTEX_X"):  # fmt: skip
        assert gone not in env
    assert env["SENTRY_DSN"] == "" and env["COLLECT_ANALYTICS"] == "false"
    assert env["LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN"] == "true"


def test_token_command_prints_only_the_admin_token(tmp_path, capsys):
    """`factcheck labelstudio token` feeds `export LABEL_STUDIO_API_KEY=$(...)`: the token alone."""
    from factcheck.cli import main
    from factcheck.labelstudio import server as lsserver

    users = [lsserver.User("a@x", "pw", "t" * 40), lsserver.User("b@x", "pw2", "u" * 40)]
    lsserver._save_users(tmp_path, users, fresh=False)
    assert main(["labelstudio", "token", "--data-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "t" * 40
    assert (tmp_path / lsserver.CREDENTIALS).stat().st_mode & 0o777 == 0o600


def test_labelstudio_commands_live_in_the_cli(capsys):
    from factcheck.cli import main

    with pytest.raises(SystemExit):
        main(["labelstudio", "--help"])
    out = capsys.readouterr().out
    assert all(action in out for action in ("push", "pull", "serve", "install", "token"))
