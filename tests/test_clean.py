"""Cleaning: junk out, story in, every cleaned character traceable to the raw file."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.clean import _CHAR_MAP, clean_file, clean_text, find_date, paragraphs
from factcheck.model import CleanedText
from tests.conftest import SEEDS

WIRE = SEEDS / "000_2f2eaa7a66c5adee.txt"
MENAFN_TRUCE = SEEDS / "001_df8f6b4a7e1981e3.txt"
MENAFN_LEAD = SEEDS / "002_c18a039ef04bae6d.txt"
NYT = SEEDS / "003_860942daf91e2188.txt"
READOUT = SEEDS / "004_85e0a6c8ee5e92e3.txt"


def assert_maps_back(c: CleanedText) -> None:
    """Each cleaned character comes from the identical (or normalised) raw character."""
    for i, ch in enumerate(c.text):
        raw_ch = c.raw[c.raw_offset(i)]
        if ch.isspace():
            assert raw_ch.isspace(), (i, ch, raw_ch)
        else:
            assert raw_ch.translate(_CHAR_MAP) == ch, (i, ch, raw_ch)


# (file, junk that must be gone, story text that must stay)
CASES = [
    (
        WIRE,
        [],
        [
            "Washington, European allies agree to set up joint mechanism",
            "He cautioned that any such move would require discussions within the government",
            "Plans are based on a volunteer army format of around 800,000 troops",
        ],
    ),
    (
        MENAFN_TRUCE,
        [],
        [
            "US, Europe agree to set up Ukraine truce monitoring under Washington",
            "(MENAFN) Washington and its European partners have agreed",
            "Starmer also noted that concrete post-ceasefire plans had been agreed with France",
        ],
    ),
    (
        MENAFN_LEAD,
        [
            "403",
            "Sorry!!",
            "page you were looking for doesn't exist",
            "Legal Disclaimer",
            "without warranty of any kind",
            "No comment",
        ],
        [
            "U.S. Set to Lead Ukraine Ceasefire Monitoring Mechanism",
            "Strategies center on a volunteer military structure comprising approximately 800,000",
            "Starmer also detailed specific post-ceasefire initiatives coordinated with France.",
        ],
    ),
    (
        NYT,
        [
            "DNYUZ",
            "No Result",
            "View All Result",
            "Home News",
            "in News",
            "appeared first on",
            "Greenland 2",
            "Master Chief Bundle",
            "Angi is cutting 350 jobs",
            "Catherine Porter is an international reporter",
            "contributed reporting",
            "Read more",
            "©",
        ],
        [
            "European Allies Agree to Key Security Provisions for Ukraine",
            "January 7, 2026",
            "Yet they left many details unclear.",
            "Their efforts have been bumpy.",
            '"Russia is clearly the strategic loser here," she said.',
        ],
    ),
    (
        READOUT,
        ["President of Ukraine\n"],
        [
            "Importantly, the Coalition Now Has Substantive Documents in Place",
            "6 January 2026 - 23:47",
            "This was announced by President Volodymyr Zelenskyy.",
            "representatives of Australia, New Zealand, and Japan.",
        ],
    ),
]


@pytest.mark.parametrize(("path", "junk", "kept"), CASES, ids=lambda v: getattr(v, "stem", ""))
def test_seed_is_cleaned(path, junk, kept):
    c = clean_file(path)
    for bad in junk:
        assert bad not in c.text + "\n", f"{bad!r} should have been removed"
    for good in kept:
        assert good in c.text, f"{good!r} should have been kept"
    assert_maps_back(c)


def test_quote_marks_and_whitespace_are_normalised():
    c = clean_file(NYT)
    assert "\u201c" not in c.text and "\u2019" not in c.text
    assert "Ukraine's allies agreed on Tuesday" in c.text
    assert "  " not in c.text and "\n\n\n" not in c.text
    assert c.text == c.text.strip()


def test_duplicated_block_is_kept_once():
    c = clean_file(MENAFN_LEAD)
    sentence = "The accord emerged from the Coalition of the Willing summit"
    assert c.raw.count(sentence) == 2
    assert c.text.count(sentence) == 1
    reasons = [r.reason for r in c.removed]
    assert reasons.count("duplicate") == 10  # the whole repeated block, paragraph by paragraph


def test_repeated_headline_is_kept_once():
    for path, headline in [
        (NYT, "European Allies Agree to Key Security Provisions for Ukraine"),
        (READOUT, "Importantly, the Coalition Now Has Substantive Documents"),
    ]:
        c = clean_file(path)
        assert c.text.count(headline) == 1
        assert c.text.startswith(headline)


def test_newspaper_piece_ends_where_its_story_ends():
    c = clean_file(NYT)
    assert c.text.endswith('"Russia is clearly the strategic loser here," she said.')
    tail = {r.reason for r in c.removed if r.start > c.raw.index("strategic loser")}
    assert tail == {"byline", "syndication", "related"}


def test_removals_name_their_reason_and_raw_text():
    c = clean_file(MENAFN_LEAD)
    by_reason = {r.reason: r for r in c.removed}
    assert set(by_reason) == {"error-page", "duplicate", "disclaimer", "comments"}
    for r in c.removed:
        assert c.raw[r.start : r.end] == r.text


def test_title_and_date_detected():
    assert clean_file(NYT).title == "European Allies Agree to Key Security Provisions for Ukraine"
    assert clean_file(NYT).published == "2026-01-07"
    assert clean_file(READOUT).published == "2026-01-06"
    wire = clean_file(WIRE)
    assert wire.published == "2026-01-06"
    assert wire.title.startswith("Washington, European allies agree")


def test_hard_wrapped_paragraph_is_joined():
    raw = (
        "Headline of a plain story here\n\nThe minister said the plan would\n"
        "cost more than expected, and that\nwork would start in May.\n"
    )
    c = clean_text(raw)
    assert (
        "The minister said the plan would cost more than expected, and that work would "
        "start in May."
    ) in c.text
    assert_maps_back(c)


def test_wrapped_line_cut_before_a_capital_is_joined():
    # a wrap may fall before a name: the line before it stops on a word no sentence ends on
    raw = (
        'Headline of a plain story\n\n"I am sure that\nPresident Trump will help," he said.\n\n'
        "After two recent meetings at\nMar-a-Lago, the leader spoke.\n\nNext.\n"
    )
    c = clean_text(raw)
    assert '"I am sure that President Trump will help," he said.' in c.text
    assert "After two recent meetings at Mar-a-Lago, the leader spoke." in c.text
    assert c.text.rstrip().endswith("Next.")
    assert_maps_back(c)


def test_a_word_broken_at_its_hyphen_is_joined_back():
    raw = (
        "Headline of a plain story\n\nThe allies want a cease-\nfire soon, and the talks "
        "went\non as expected by the leaders. They met in\nParis for the Coalition of the "
        "Willing.\n"
    )
    c = clean_text(raw)
    assert "want a cease-fire soon, and the talks went on as expected" in c.text
    assert_maps_back(c)


def test_lines_that_each_end_a_sentence_stay_paragraphs():
    # one paragraph per line, a headline without a full stop on top: nothing is joined
    raw = (
        "Allies agree to set up truce monitoring under Washington\n"
        "(Agency) The allies agreed on Tuesday to a plan for monitoring a ceasefire in Ukraine.\n"
        "The decision came during a meeting in Paris.\n"
        "Leaders of 35 countries took part.\n"
    )
    texts = [p.text for p in paragraphs(raw)]
    assert texts == [line for line in raw.splitlines()]


@pytest.mark.parametrize("hyphens", [False, True], ids=["at-spaces", "at-hyphens"])
@pytest.mark.parametrize("width", [50, 63, 90])
@pytest.mark.parametrize("path", [WIRE, NYT, READOUT], ids=lambda p: p.stem)
def test_rewrapped_story_cleans_to_the_same_paragraphs(path, width, hyphens):
    import textwrap

    story = clean_file(path).text
    paras = story.split("\n\n")
    wrapped = "\n\n".join(textwrap.fill(p, width, break_on_hyphens=hyphens) for p in paras)
    cleaned = clean_text(wrapped)
    assert cleaned.text == story
    assert_maps_back(cleaned)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("January 7, 2026", "2026-01-07"),
        ("6 January 2026 - 23:47", "2026-01-06"),
        ("date 2026-01-06 Washington", "2026-01-06"),
        ("Sept. 3, 2025", "2025-09-03"),
        ("no date here", None),
    ],
)
def test_find_date(text, iso):
    assert find_date(text) == iso


def test_raw_span_covers_a_sentence():
    c = clean_file(NYT)
    sentence = "Their efforts have been bumpy."
    start = c.text.index(sentence)
    a, b = c.raw_span(start, start + len(sentence))
    assert c.raw[a:b] == sentence


# ---------------------------------------------------------------- property

_word = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ\u2019\u201c\u201d'\"é", min_size=1, max_size=9
)
_sentence = st.lists(_word, min_size=1, max_size=14).map(lambda ws: " ".join(ws) + ".")
_space = st.sampled_from([" ", "  ", "\t", "\u00a0", " \u200b"])
_junk = st.sampled_from(
    [
        "Home",
        "Menu",
        "Share",
        "403",
        "Sorry!!",
        "Read more",
        "Comments",
        "No comment",
        "Legal Disclaimer:",
        "Advertisement",
        "DNYUZ © 2025",
    ]
)


@st.composite
def articles(draw) -> str:
    paras = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["prose", "prose", "junk", "dup"]))
        if kind == "junk":
            paras.append(draw(_junk))
        elif kind == "dup" and paras:
            paras.append(draw(st.sampled_from(paras)))
        else:
            sentences = draw(st.lists(_sentence, min_size=1, max_size=3))
            paras.append(draw(_space).join(sentences))
    seps = draw(
        st.lists(
            st.sampled_from(["\n", "\n\n", "\r\n\r\n", "\n \n\n"]),
            min_size=len(paras),
            max_size=len(paras),
        )
    )
    return draw(_space).strip(" ") + "".join(p + s for p, s in zip(paras, seps, strict=True))


@settings(max_examples=300, deadline=None)
@given(articles())
def test_every_cleaned_character_maps_back_to_raw(raw):
    c = clean_text(raw)
    assert_maps_back(c)
    # Offsets are monotonic: cleaned order is raw order.
    offsets = [c.raw_offset(i) for i in range(len(c.text))]
    assert offsets == sorted(offsets)
    # Removals never overlap kept text.
    kept = set(offsets)
    for r in c.removed:
        assert not any(r.start <= o < r.end for o in kept if not c.raw[o].isspace())


@settings(max_examples=100, deadline=None)
@given(articles())
def test_cleaning_is_deterministic_and_idempotent_on_paragraphs(raw):
    first = clean_text(raw)
    assert clean_text(raw) == first
    # Cleaning the cleaned text removes nothing more than duplicates already gone.
    again = clean_text(first.text)
    assert [p.text for p in paragraphs(again.text)] == [p.text for p in paragraphs(first.text)]


def test_story_sentences_that_look_like_junk_are_kept():
    raw = (
        "Search goes on for missing climbers\n\n"
        "The bodies were not found until Tuesday, police in the northern city said.\n\n"
        "Sorry, the minister said on Friday, but there will be no deal this year.\n\n"
        '"No," he said.\n\n'
        "Comments by the minister drew criticism from the opposition on Saturday.\n"
    )
    c = clean_text(raw)
    assert c.removed == ()
    for para in raw.split("\n\n"):
        assert para.strip() in c.text
