"""factcheck.match: fuzzy spans with offsets that stay right, alias matching."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck import match
from factcheck.model import Entity

ARTICLE = (
    "He said the mechanism would be backed by closer military coordination.\n\n"
    "\u201cWe will continue to step out our support for Ukraine\u2019s defense in 2026 to ensure "
    "it gets the equipment\nand backing it needs,\u201d Starmer said."
)


@given(st.text())
def test_normalize_keeps_length(text):
    assert len(match.normalize(text)) == len(text)


def test_find_across_curly_quotes_and_line_breaks():
    span = match.find("support for Ukraine's defense in 2026 to ensure it gets the equipment and "
                      "backing", ARTICLE)  # fmt: skip
    assert span is not None and span.score >= 95
    assert ARTICLE[span.start : span.end].startswith("support for Ukraine\u2019s")
    assert ARTICLE[span.start : span.end].endswith("backing")


def test_find_quote_with_ellipsis():
    span = match.find_quote("We will continue to step out our support ... it needs", ARTICLE)
    assert span is not None
    assert ARTICLE[span.start : span.end].startswith("We will continue")
    assert ARTICLE[span.start : span.end].endswith("it needs")


@pytest.mark.parametrize("pad", ["", " The talks went on late into the night in Paris."])
def test_changed_word_does_not_pull_the_next_word_in(pad):
    quote = "the UK and France will establish military hubs across Ukraine"
    text = (
        f'He said "the UK and France will close military hubs across Ukraine and build more."{pad}'
    )
    span = match.find(quote, text, score_cutoff=70)
    assert (
        text[span.start : span.end] == "the UK and France will close military hubs across Ukraine"
    )


def test_find_gives_none_below_the_cutoff():
    assert match.find("an entirely different sentence about fishing", ARTICLE) is None


def test_word_diff_shows_changed_words_only():
    gone, new = match.word_diff(
        "We will continue to step out our support.", "we will continue to scale back our SUPPORT"
    )
    assert gone == ["step", "out"]
    assert new == ["scale", "back"]


ENTITIES = [
    Entity("zelensky", "Volodymyr Zelensky", "PERSON", ("Mr. Zelensky", "the Head of State")),
    Entity("macron", "Emmanuel Macron", "PERSON", ("Macron",)),
    Entity("united-kingdom", "United Kingdom", "GPE", ("UK", "British")),
]


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("the Head of State", "zelensky"),
        ("Mr. Zelensky", "zelensky"),
        ("Volodymyr Zelenskyy", "zelensky"),  # transliteration: same surname, fuzzily
        ("French President Emmanuel Macron", "macron"),
        ("Mr. Macron", "macron"),
        ("Keir Starmer", None),
        ("", None),
    ],
)
def test_entity_for(name, entity):
    e = match.entity_for(name, ENTITIES)
    assert (e.id if e else None) == entity


def test_exact_entity_match_ignores_words_inside_a_description():
    assert match.entity_for("the British leader", ENTITIES, exact=True) is None


def test_same_name():
    assert match.same_name("Mr. Starmer", "Keir Starmer")
    assert not match.same_name("Mr. Starmer", "Mr. Macron")


def test_find_aliases_whole_words():
    text = "The UK and Ukraine; the ukulele; British troops."
    spans = match.find_aliases(["UK", "British"], text)
    assert [text[a:b] for a, b in spans] == ["UK", "British"]
