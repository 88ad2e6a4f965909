"""Golden files: the strict loader, the canonical dump, the schema, and the first story's set."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.config import load_settings as _load_settings
from factcheck.config import with_root
from factcheck.errors import GoldenError
from factcheck.golden import (
    ID_RE,
    SCHEMA_PATH,
    dump_golden,
    find_golden,
    load_golden,
    load_story_golden,
    loads_golden,
    normalise_evidence,
)
from factcheck.model import ClaimAssertion, Golden, NumberAssertion, QuoteAssertion

REPO = Path(__file__).resolve().parent.parent
STORY = "coalition-paris-2026-01-06"
GOLDEN = REPO / "annotations" / f"{STORY}.yaml"
SEEDS = REPO / "seeds" / STORY


def _manifest() -> list[dict]:
    return yaml.safe_load((SEEDS / "sources.yaml").read_text(encoding="utf-8"))["sources"]


SOURCE_IDS = [s["id"] for s in _manifest()]


@pytest.fixture(scope="module")
def golden() -> Golden:
    return load_golden(GOLDEN, sources=SOURCE_IDS)


@pytest.fixture(scope="module")
def raw_texts() -> dict[str, str]:
    """Each source's raw file, normalised the way evidence is compared."""
    return {
        s["id"]: normalise_evidence((SEEDS / s["file"]).read_text(encoding="utf-8"))
        for s in _manifest()
    }


def _strip_lines(g: Golden) -> Golden:
    """The same golden without what depends on layout: lines and path."""
    return dataclasses.replace(
        g,
        path="",
        entities=tuple(dataclasses.replace(e, line=None) for e in g.entities),
        assertions=tuple(dataclasses.replace(a, line=None) for a in g.assertions),
    )


# ------------------------------------------------------ the first story's golden set


def test_story_golden_has_every_kind_in_quantity(golden):
    kinds = Counter(a.kind for a in golden.assertions)
    assert golden.story == STORY
    assert kinds["quote"] >= 30, kinds
    assert kinds["number"] >= 10, kinds
    assert kinds["claim"] >= 20, kinds
    assert len(golden.assertions) >= 60
    assert set(kinds) == {"quote", "number", "claim"}


def test_story_golden_required_facts_are_the_core_of_the_meeting(golden):
    required = {a.id for a in golden.assertions if a.required}
    assert required == {
        "meeting-in-paris",
        "meeting-date",
        "us-leads-ceasefire-monitoring",
        "uk-france-military-hubs",
        "joint-declaration-signed",
    }


def test_story_golden_entity_references_resolve(golden):
    ids = {e.id for e in golden.entities}
    for a in golden.assertions:
        if isinstance(a, QuoteAssertion):
            assert a.speaker in ids, a.id
        elif isinstance(a, ClaimAssertion):
            assert a.subject in ids, a.id
            assert a.place is None or a.place in ids, a.id
            if a.object is not None and ID_RE.match(a.object):
                assert a.object in ids, a.id
    # every entity is used by some assertion or is a known name in the story's text
    assert len(ids) == len(golden.entities)


def test_story_golden_ids_are_unique_slugs_and_lines_are_kept(golden):
    ids = [a.id for a in golden.assertions]
    assert len(ids) == len(set(ids))
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    for a in golden.assertions:
        assert lines[a.line - 1].strip() == f"- id: {a.id}"
    for e in golden.entities:
        assert lines[e.line - 1].strip() == f"- id: {e.id}"


def test_story_golden_validates_against_the_json_schema():
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    # YAML dates are strings to JSON Schema tools (YAML 1.2); json.dumps(default=str) does that
    data = json.loads(json.dumps(data, default=str))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(data)
    ]
    assert errors == []


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        ("assertions/0/bogus", 1, "bogus"),
        ("assertions/0/speaker", None, "None is not of type"),
        ("entities/0/id", "Not A Slug", "does not match"),
    ],
)
def test_schema_rejects_what_the_loader_rejects(path, value, fragment):
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(yaml.safe_load(GOLDEN.read_text(encoding="utf-8")), default=str))
    *parents, last = path.split("/")
    node = data
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    node[last] = value
    messages = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    messages += [c.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)
                 for c in (e.context or [])]  # fmt: skip
    assert any(fragment in m for m in messages), messages


def test_every_evidence_text_is_in_its_raw_source(golden, raw_texts):
    missing = [
        f"{a.id} [{e.source}]: {e.text[:70]!r}"
        for a in golden.assertions
        for e in a.evidence
        if normalise_evidence(e.text) not in raw_texts[e.source]
    ]
    assert missing == [], "evidence not found verbatim in its source:\n" + "\n".join(missing)


def test_every_evidence_text_survives_cleaning(golden, tmp_path):
    """The checker searches cleaned text: cleaning must not drop a golden's evidence."""
    from factcheck.ingest import cleaned_source, load_sources

    s = _load_settings(REPO)
    s = dataclasses.replace(s, cache_dir=tmp_path / "cache")
    cleaned = {
        src.id: normalise_evidence(cleaned_source(s, src).text) for src in load_sources(s, STORY)
    }
    missing = [
        f"{a.id} [{e.source}]: {e.text[:70]!r}"
        for a in golden.assertions
        for e in a.evidence
        if normalise_evidence(e.text) not in cleaned[e.source]
    ]
    assert missing == [], "evidence dropped by cleaning:\n" + "\n".join(missing)


def test_quote_words_are_in_each_of_their_evidence_texts(golden):
    for a in golden.assertions:
        if isinstance(a, QuoteAssertion):
            for e in a.evidence:
                assert normalise_evidence(a.text) in normalise_evidence(e.text), (a.id, e.source)


def test_aliases_are_written_as_they_appear_in_the_sources(golden, raw_texts):
    everything = "\n".join(raw_texts.values())
    absent = [(e.id, alias) for e in golden.entities for alias in e.aliases
              if normalise_evidence(alias) not in everything]  # fmt: skip
    assert absent == []


def test_numbers_are_consistent_with_their_evidence(golden):
    """A point value or a range bound is written in each evidence text (digits or words)."""
    for a in golden.assertions:
        if not isinstance(a, NumberAssertion):
            continue
        assert a.low <= a.high, a.id
        assert a.keywords, a.id
        for e in a.evidence:
            text = normalise_evidence(e.text).replace(",", "")
            bounds = [b for b in (a.low, a.high) if not math.isinf(b)]
            written = {str(int(b)) for b in bounds} | {str(int(b) - 1) for b in bounds}
            words = {"one", "two", "several", "thousand"}
            assert any(w in text for w in written) or any(
                re.search(rf"\b{w}\b", text) for w in words
            ), (
                a.id,
                e.source,
            )


def test_full_sources_carry_every_required_fact_or_record_why_not(golden):
    """The bookkeeping that keeps CI green: evidence or a reviewed known omission."""
    full = [s["id"] for s in _manifest() if s.get("coverage", "full") == "full"]
    assert full, "the first story has full-coverage sources"
    for a in golden.assertions:
        if not a.required:
            continue
        covered = {e.source for e in a.evidence}
        excused = {k.source for k in a.known if k.kind == "omission"}
        assert not covered & excused, f"{a.id}: a source is both evidence and a known omission"
        for source in full:
            assert source in covered | excused, (
                f"{a.id}: no evidence and no known note for {source}"
            )


def test_every_source_gives_evidence(golden):
    used = Counter(e.source for a in golden.assertions for e in a.evidence)
    assert set(used) == set(SOURCE_IDS)


def test_known_discrepancies_explain_themselves(golden):
    known = [(a.id, k) for a in golden.assertions for k in a.known]
    assert known, "the story's real discrepancies are recorded"
    for aid, k in known:
        assert len(k.note) > 40, aid
        assert k.source in SOURCE_IDS


def test_vaguer_counts_are_separate_quantities(golden):
    """'35 countries' and 'more than 30 European leaders' count different things."""
    by_id = {a.id: a for a in golden.assertions}
    countries, leaders = by_id["countries-at-meeting"], by_id["european-leaders-at-meeting"]
    assert isinstance(countries, NumberAssertion) and isinstance(leaders, NumberAssertion)
    assert (countries.low, countries.high) == (35, 35)
    assert leaders.low == 31 and math.isinf(leaders.high) and leaders.qualifier == "more than"
    assert not set(countries.keywords) & set(leaders.keywords)


# ------------------------------------------------------------------- the loader

BASE = """\
story: demo
entities:
  - id: macron
    name: Emmanuel Macron
    type: PERSON
    aliases: [Macron, Mr. Macron]
  - id: paris
    name: Paris
    type: GPE
assertions:
  - id: macron-quote
    kind: quote
    statement: 'Macron: "We agreed"'
    required: true
    text: We agreed
    speaker: macron
    evidence:
      - source: wire
        text: '"We agreed," Macron said.'
  - id: meeting-place
    kind: claim
    statement: The meeting was held in Paris
    subject: macron
    predicate: hosted the meeting in
    place: paris
    evidence:
      - {source: wire, text: the meeting in Paris}
    known:
      - {source: nyt, kind: omission, note: not stated}
  - id: countries
    kind: number
    statement: 35 countries attended
    value: 35
    counts: countries at the meeting
    evidence:
      - {source: wire, text: 35 countries}
    provenance: {by: tester, at: 2026-11-22, tool: hand}
"""
SOURCES = ("wire", "nyt")


def _edit(**lines: str) -> str:
    """BASE with 1-based lines replaced: _edit(l14="    requird: true")."""
    out = BASE.splitlines()
    for key, new in lines.items():
        out[int(key[1:]) - 1] = new
    return "\n".join(out) + "\n"


def test_base_document_loads_with_lines_and_plain_values(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(BASE, encoding="utf-8")
    g = load_golden(path, sources=SOURCES)
    assert [e.line for e in g.entities] == [3, 7]
    assert [a.line for a in g.assertions] == [11, 20, 30]
    assert g.entity("macron").aliases == ("Macron", "Mr. Macron")
    quote, claim, number = g.assertions
    assert isinstance(quote, QuoteAssertion) and quote.required and quote.speaker == "macron"
    assert isinstance(claim, ClaimAssertion) and claim.place == "paris" and not claim.negated
    assert claim.known[0].kind == "omission" and claim.known[0].source == "nyt"
    assert isinstance(number, NumberAssertion) and number.low == number.high == 35
    assert number.provenance.at == "2026-11-22"  # a YAML date, kept as ISO text
    assert g.sources == ("nyt", "wire")


CASES = {
    # name: (edits, line, phrase)
    "unknown key": ({"l14": "    requird: true"}, 14, "unknown key 'requird' in a quote assertion"),
    "unknown key suggestion": ({"l14": "    requird: true"}, 14, "Did you mean 'required'?"),
    "duplicate assertion id": (
        {"l20": "  - id: macron-quote"},
        20,
        "duplicate assertion id 'macron-quote' (first on line 11)",
    ),
    "duplicate entity id": ({"l7": "  - id: macron"}, 7, "duplicate entity id 'macron'"),
    "duplicate mapping key": (
        {"l15": "    statement: again"},
        15,
        "duplicate key 'statement' in a quote assertion (first on line 13)",
    ),
    "dangling speaker": ({"l16": "    speaker: marcon"}, 16, "speaker 'marcon' is not an entity"),
    "dangling subject": ({"l23": "    subject: starmer"}, 23, "subject 'starmer' is not an entity"),
    "dangling place": ({"l25": "    place: lyon"}, 25, "place 'lyon' is not an entity"),
    "dangling object id": (
        {"l25": "    object: paris-france"},
        25,
        "object 'paris-france' is not an entity",
    ),
    "dangling evidence source": (
        {"l18": "      - source: wires"},
        18,
        "evidence source 'wires' is not a source of this story; the manifest lists: nyt, wire. "
        "Did you mean 'wire'?",
    ),
    "dangling known source": (
        {"l29": "      - {source: nytimes, kind: omission, note: not stated}"},
        29,
        "known source 'nytimes' is not a source of this story",
    ),
    "wrong type required": ({"l14": '    required: "yes"'}, 14, "required must be true or false"),
    "wrong type value": ({"l33": '    value: "35"'}, 33, "value must be a number"),
    "wrong type aliases": ({"l6": "    aliases: Macron"}, 6, "aliases must be a list"),
    "wrong type evidence item": (
        {"l18": "      - wire", "l19": "      - nyt"},
        18,
        "an evidence item must be a mapping",
    ),
    "missing field": ({"l16": "    tolerance: 0.1"}, 11, "missing required key(s) speaker"),
    "missing kind": ({"l12": "    required: false"}, 11, "missing required key kind"),
    "unknown kind": ({"l12": "    kind: quotation"}, 12, "unknown kind 'quotation'"),
    "unknown known kind": (
        {"l29": "      - {source: nyt, kind: omitted, note: x}"},
        29,
        "unknown kind 'omitted'; use one of contradiction, misattribution, omission",
    ),
    "bad id": (
        {"l11": "  - id: Macron Quote"},
        11,
        "assertion id 'Macron Quote' is not a valid id",
    ),
    "value and range": ({"l37": "    low: 30"}, 33, "either value (one number) or low/high"),
    "no evidence": (
        {"l17": "    evidence: []", "l18": "    tolerance: 0.5", "l19": "    # nothing"},
        17,
        "evidence must list at least one",
    ),
    "tolerance out of range": ({"l14": "    tolerance: 2"}, 14, "tolerance must be between 0"),
    "yaml syntax error": (
        {"l6": "    aliases: [Macron, Mr. Macron"},
        6,
        "YAML syntax error: the list '[' opened on this line is never closed",
    ),
    "python object tag": (
        {"l9": '    type: !!python/object/apply:os.system ["echo pwned"]'},
        9,
        "the tag !!python/object/apply:os.system is not allowed",
    ),
    "custom tag": ({"l8": "    name: !env PARIS_NAME"}, 8, "the tag !env is not allowed"),
}


@pytest.fixture(params=["libyaml", "python"])
def yaml_parser(request, monkeypatch):
    """Both YAML parsers (libyaml when installed, pure Python otherwise) give the same lines."""
    from factcheck.golden import reader

    if request.param == "python":
        monkeypatch.setattr(reader, "_SAFE_LOADER", yaml.SafeLoader)
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML without libyaml")
    return request.param


@pytest.mark.parametrize(("edits", "line", "phrase"), CASES.values(), ids=CASES.keys())
def test_malformed_golden_gives_one_clear_error(tmp_path, edits, line, phrase, yaml_parser):
    path = tmp_path / "demo.yaml"
    path.write_text(_edit(**edits), encoding="utf-8")
    with pytest.raises(GoldenError) as info:
        load_golden(path, sources=SOURCES)
    err = info.value
    assert (err.path, err.line) == (str(path), line), str(err)
    assert phrase in err.message
    assert str(err).startswith(f"{path}:{line}: ")


def test_python_tags_are_never_constructed(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "demo.yaml"
    path.write_text(
        _edit(l9=f'    type: !!python/object/apply:os.system ["touch {marker}"]'), encoding="utf-8"
    )
    with pytest.raises(GoldenError):
        load_golden(path)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "golden file is empty"),
        ("- a\n- b\n", "the golden file must be a mapping"),
        ("story: demo\nentities: []\n", "missing required key(s) assertions"),
        ("story: demo\nentities: []\nassertions: {}\n", "assertions must be a list"),
    ],
)
def test_malformed_top_level(tmp_path, text, phrase):
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GoldenError, match=re.escape(phrase)) as info:
        load_golden(path)
    assert info.value.line in (1, 3)


def test_sources_are_only_checked_when_given(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(_edit(l18="      - source: elsewhere"), encoding="utf-8")
    g = load_golden(path)
    assert g.assertions[0].evidence[0].source == "elsewhere"
    assert g.sources == ()


def test_yaml_dates_and_years_become_text(tmp_path):
    text = _edit(l25="    time: 2026-01-06").replace(
        "    provenance: {by: tester, at: 2026-11-22, tool: hand}",
        "    provenance: {by: tester, at: 2026-11-22 10:30:00, tool: hand, task: 7}",
    )
    g = loads_golden(text, sources=SOURCES)
    claim = g.assertions[1]
    assert isinstance(claim, ClaimAssertion) and claim.time == "2026-01-06"
    assert g.assertions[2].provenance.at == "2026-11-22T10:30:00"
    assert g.assertions[2].provenance.task == 7
    g = loads_golden(_edit(l25="    time: 2026"))
    assert g.assertions[1].time == "2026"


def test_non_utf8_golden_file(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_bytes(BASE.encode("utf-8").replace(b"Paris\n", b"Par\xefs\n"))
    with pytest.raises(GoldenError, match="not UTF-8"):
        load_golden(path)


def test_find_golden_names_what_exists(tmp_path):
    s = with_root(_load_settings(REPO), tmp_path)
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations" / "demo.yaml").write_text(BASE, encoding="utf-8")
    assert find_golden(s, "demo") == tmp_path / "annotations" / "demo.yaml"
    with pytest.raises(GoldenError, match="golden files exist for: demo"):
        find_golden(s, "other-story")
    with pytest.raises(GoldenError, match="invalid story id"):
        find_golden(s, "../demo")
    assert load_story_golden(s, "demo", sources=SOURCES).story == "demo"
    (tmp_path / "annotations" / "renamed.yaml").write_text(BASE, encoding="utf-8")
    with pytest.raises(GoldenError, match="the file says story 'demo'") as info:
        load_story_golden(s, "renamed")
    assert info.value.line == 1


# ------------------------------------------------------------------- the dump


def test_round_trip_of_the_story_golden(golden, tmp_path):
    text = dump_golden(golden)
    path = tmp_path / f"{STORY}.yaml"
    path.write_text(text, encoding="utf-8")
    again = load_golden(path, sources=SOURCE_IDS)
    assert _strip_lines(again) == _strip_lines(golden)
    assert dump_golden(again) == text  # canonical: a fixed point
    assert [a.line for a in again.assertions] == sorted(a.line for a in again.assertions)


def test_dump_key_order_is_canonical(golden):
    data = yaml.safe_load(dump_golden(golden))
    assert list(data) == ["story", "entities", "assertions"]
    first = {a["kind"]: a for a in reversed(data["assertions"])}
    assert list(first["quote"])[:6] == ["id", "kind", "statement", "required", "text", "speaker"]
    assert list(first["quote"])[-1] == "provenance"
    number = next(a for a in data["assertions"] if a["id"] == "european-leaders-at-meeting")
    assert "value" not in number and number["low"] == 31 and "high" not in number


def test_the_committed_file_is_the_canonical_dump(golden):
    """Hand edits keep the canonical layout, so a Label Studio pull rewrites only what changed."""
    body = "\n".join(
        line for line in GOLDEN.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    )
    assert body + "\n" == dump_golden(golden)


_tricky = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029"
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())
# Strings YAML would otherwise read as something else: booleans, nulls, dates, numbers, syntax.
_yamlish = st.sampled_from(
    ["yes", "No", "on", "null", "~", "2026-01-06", "1e3", "0x1F", "12:30", "- x", "a: b",
     "#c", "'q'", '"d"', " lead", "trail ", "[1, 2]", "{a: 1}", "!!python/object", "*ref", "&a"]
)  # fmt: skip
_tricky = st.one_of(_yamlish, _tricky)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statement=_tricky, text=_tricky, note=_tricky)
def test_round_trip_keeps_any_text(statement, text, note):
    g = loads_golden(BASE, sources=SOURCES)
    quote = dataclasses.replace(g.assertions[0], statement=statement, text=text)
    claim = g.assertions[1]
    claim = dataclasses.replace(claim, known=(dataclasses.replace(claim.known[0], note=note),))
    g = dataclasses.replace(g, assertions=(quote, claim, g.assertions[2]))
    again = loads_golden(dump_golden(g), sources=SOURCES)
    assert _strip_lines(again) == _strip_lines(g)


def test_round_trip_of_ranges_and_open_bounds():
    text = _edit(l33="    low: 2000", l37="    high: 9999")
    g = loads_golden(text)
    assert (g.assertions[2].low, g.assertions[2].high) == (2000, 9999)
    open_low = dataclasses.replace(g.assertions[2], low=-math.inf, high=50)
    g2 = dataclasses.replace(g, assertions=(*g.assertions[:2], open_low))
    again = loads_golden(dump_golden(g2))
    assert math.isinf(again.assertions[2].low) and again.assertions[2].high == 50


def test_dates_in_provenance_do_not_break_dump(tmp_path):
    g = loads_golden(BASE)
    assert isinstance(g.assertions[2].provenance.at, str)
    assert "at: '2026-11-22'" in dump_golden(g)  # quoted: reads back as text, not a date
    assert isinstance(yaml.safe_load(dump_golden(g))["assertions"][2]["provenance"]["at"], str)
    assert not isinstance(g.assertions[2].provenance.at, dt.date)


SCHEMA_CATCHES = [
    "unknown key",
    "wrong type required",
    "wrong type value",
    "wrong type aliases",
    "wrong type evidence item",
    "missing field",
    "missing kind",
    "unknown kind",
    "unknown known kind",
    "bad id",
    "value and range",
    "no evidence",
    "tolerance out of range",
]


def test_base_document_is_valid_for_the_schema():
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(yaml.safe_load(BASE), default=str))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []


@pytest.mark.parametrize("case", SCHEMA_CATCHES)
def test_schema_agrees_with_the_loader_on_malformed_files(case):
    """Editors validating with the schema see the errors the loader reports."""
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(yaml.safe_load(_edit(**CASES[case][0])), default=str))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) != []


# ---- errors found by the red-team pass (issue 13): each names the right line

_STORY = "coalition-paris-2026-01-06"

STORY_GOLDEN = Path(__file__).resolve().parent.parent / "annotations" / f"{_STORY}.yaml"


def _golden_error(text: str) -> GoldenError:
    with pytest.raises(GoldenError) as info:
        loads_golden(text, path="g.yaml")
    return info.value


def test_runaway_single_quote_is_reported_where_it_opens():
    lines = STORY_GOLDEN.read_text(encoding="utf-8").splitlines()
    # a speaker whose closing quote is missing runs on until the next apostrophe
    n = next(i for i, line in enumerate(lines) if line.strip().startswith("speaker:"))
    lines[n] = lines[n].replace("speaker: ", "speaker: '", 1)
    err = _golden_error("\n".join(lines) + "\n")
    assert err.line == n + 1
    assert "closing quote" in err.message


def test_control_character_is_reported_with_its_line():
    text = STORY_GOLDEN.read_text(encoding="utf-8")
    at = text.index("\n", len(text) // 2) + 5
    err = _golden_error(text[:at] + "\x07" + text[at:])
    assert err.line == text.count("\n", 0, at) + 1
    assert "U+0007" in err.message and "position" not in err.message


def test_five_thousand_digit_value_is_a_golden_error():
    text = STORY_GOLDEN.read_text(encoding="utf-8")
    m = re.search(r"^(\s+)value: \d+$", text, re.MULTILINE)
    assert m is not None
    bad = text[: m.start()] + f"{m.group(1)}value: {'9' * 5000}" + text[m.end() :]
    err = _golden_error(bad)
    assert err.line == text.count("\n", 0, m.start()) + 1
    assert "too long" in err.message


# ------------------------------------------------ the manifest reads strictly too


@pytest.mark.parametrize(
    ("edit", "line", "message"),
    [
        ("title: A\ntitle: B\n", 4, "duplicate key 'title' (first on line 3)"),
        ("extra: !env X\n", 3, "the tag !env is not allowed: manifests are plain YAML"),
        ("title: [A, B\nsources: []\n", 3, "YAML syntax error: the list '[' opened on this line"),
    ],
    ids=["duplicate key", "tag", "unclosed"],
)
def test_manifest_uses_the_strict_reader(project, edit, line, message):
    from factcheck.config import load_settings
    from factcheck.errors import StoryError
    from factcheck.ingest import load_manifest

    path = project / "seeds" / STORY / "sources.yaml"
    path.write_text(f"# a manifest\nstory: {STORY}\n{edit}", encoding="utf-8")
    with pytest.raises(StoryError) as err:
        load_manifest(load_settings(), STORY)
    assert message in str(err.value)
    assert err.value.line == line and err.value.path == str(path)
