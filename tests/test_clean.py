"""Cleaning: junk out, story in, every cleaned character traceable to the raw file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.clean import clean_file, clean_text, find_date, paragraphs
from factcheck.clean.paragraphs import _CHAR_MAP
from factcheck.model import CleanedText
from tests.conftest import REPO, SEEDS

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
    assert_cleaned(path, junk, kept)


def assert_cleaned(path: Path, junk: Sequence[str], kept: Sequence[str]) -> None:
    """Every piece of junk gone, every kept passage there, offsets mapping back."""
    __tracebackhide__ = True
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


# ------------------------------------------------- second story: Paris Agreement
# Five articles on the adoption of the Paris Agreement (12 December 2015), messy in the
# same ways as the first story and in new ones: a cookie banner, a breadcrumb, live-blog
# timestamps, a masthead, a wire credit line, a press release's footer.

PARIS = REPO / "seeds" / "paris-agreement-2015-12-12"
P_WIRE = PARIS / "000_768d0987601d7ab8.txt"
P_ANALYSIS = PARIS / "001_07a05a46f9f9e3e5.txt"
P_AGGREGATOR = PARIS / "002_3bdd01fb1ffc5a8c.txt"
P_RELEASE = PARIS / "003_dca6e845ec55d8e2.txt"
P_LIVEBLOG = PARIS / "004_da71cb7ee31b7f78.txt"

PARIS_CASES = [
    (
        P_WIRE,
        ["(Reporting by", "Editing by the Paris desk"],
        [
            "World adopts first universal climate pact after marathon talks near Paris",
            '"The Paris climate accord is adopted," Fabius declared',
            "It will be open for signature at U.N. headquarters in New York from April 22, 2016.",
            "less than a month after the Nov. 13 attacks in Paris that killed 130 people.",
        ],
    ),
    (
        P_ANALYSIS,
        [
            "403 Forbidden",
            "nginx",
            "The Fairhaven Chronicle",
            "Home \u203a World",
            "in World",
            "By Helen Marsh",
            "environment correspondent",
            "appeared first on",
            "Holiday travel",
            "Retailers report mixed weekend",
            "Ten winter reads",
            "Read more",
            "\u00a9",
        ],
        [
            "Analysis: In Paris, a climate deal built on peer pressure rather than penalties",
            "December 13, 2015",
            "The achievement is real.",
            '"The problem is not solved because of this accord," he said.',
            "not at Le Bourget.",
        ],
    ),
    (
        P_AGGREGATOR,
        [
            "Legal Disclaimer",
            "no warranty of any kind",
            "No comment",
            "Related Articles",
            "Oil prices slide",
            "Central bank keeps key rate",
        ],
        [
            "195 nations seal Paris climate accord after overtime talks",
            "(WDD) Delegates representing 195 nations approved a global accord",
            "a stocktake of global progress will take place in 2023.",
            'which was settled when the wording was corrected to "should."',
        ],
    ),
    (
        P_RELEASE,
        [
            "UN Climate Press Desk",
            "Press Release",
            "* *** *",
            "For information media",
            "Not an official record",
            "Media contacts",
            "Share this",
        ],
        [
            "12 December 2015",
            'Secretary-General Hails Adoption of Paris Agreement as "Resounding Success',
            "- Transparency: an enhanced transparency framework for action and support",
            "from 22 April 2016 to 21 April 2017.",
            "who gathered at Le Bourget on the first day of the Conference.",
        ],
    ),
    (
        P_LIVEBLOG,
        [
            "Skip to main content",
            "TVW7 World",
            "Sign in",
            "EN | FR",
            "We use cookies",
            "Advertisement",
            "LIVE\n",
            "Share on Facebook",
            "Summary",
            "Read more",
            "what the Paris deal means for your energy bills",
            "Video: the moment",
            "Most read",
            "Storm warnings",
            "All rights reserved",
            "Terms | Privacy",
        ],
        [
            "COP21 live: Paris climate agreement adopted - as it happened",
            "Last updated on: 12/12/2015 - 23:58",
            '- Adoption delayed by a dispute over one word, "shall", in the draft',
            "ADOPTED. Laurent Fabius looks up from the text and declares:",
            "- The agreement enters into force when 55 countries covering 55% of global "
            "emissions have ratified",
            "The French presidency says a final text is coming this morning.",
        ],
    ),
]


@pytest.mark.parametrize(
    ("path", "junk", "kept"), PARIS_CASES, ids=lambda v: getattr(v, "stem", "")
)
def test_second_story_seed_is_cleaned(path, junk, kept):
    assert_cleaned(path, junk, kept)


# Where each article's story runs in the raw file (first words, last words): every
# sentence between them is the story's, save the lines a test below says are junk.
PARIS_BODIES = {
    P_WIRE: ("LE BOURGET, France, Dec 12", "that killed 130 people."),
    P_ANALYSIS: ("When Laurent Fabius", "not at Le Bourget."),
    P_AGGREGATOR: ("(WDD) Delegates", "corrected to \u201cshould.\u201d"),
    P_RELEASE: ("LE BOURGET, 12 December", "on the first day of the Conference."),
    P_LIVEBLOG: ("- 195 countries adopted", "a final text is coming this morning."),
}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"']?\s+(?=[\"'(A-Z0-9-])")


@pytest.mark.parametrize("path", list(PARIS_BODIES), ids=lambda p: p.stem)
def test_every_sentence_of_the_second_story_survives(path):
    c = clean_file(path)
    first, last = PARIS_BODIES[path]
    body = c.raw[c.raw.index(first) : c.raw.rindex(last) + len(last)]
    lines = [line for line in body.splitlines() if not re.fullmatch(r"\s*\d\d:\d\d\s*", line)]
    story = " ".join(" ".join(lines).translate(_CHAR_MAP).split())
    sentences = [s.strip("\"' ") for s in _SENTENCE_END.split(story) if s.strip()]
    assert len(sentences) >= 10
    flat = " ".join(c.text.split())
    for sentence in sentences:
        assert sentence in flat, f"lost: {sentence!r}"


def test_second_story_titles_and_dates():
    expected = {
        P_WIRE: ("World adopts first universal climate pact after marathon talks", "2015-12-12"),
        P_ANALYSIS: ("Analysis: In Paris, a climate deal built on peer pressure", "2015-12-13"),
        P_AGGREGATOR: ("195 nations seal Paris climate accord after overtime talks", None),
        P_RELEASE: ("Secretary-General Hails Adoption of Paris Agreement", "2015-12-12"),
        P_LIVEBLOG: ("COP21 live: Paris climate agreement adopted", "2015-12-12"),
    }
    for path, (title, date) in expected.items():
        c = clean_file(path)
        assert c.title.startswith(title), (path.name, c.title)
        assert c.published == date, (path.name, c.published)


def test_error_page_at_both_ends_is_removed():
    c = clean_file(P_ANALYSIS)
    assert c.raw.count("403 Forbidden") == 3
    assert "403" not in c.text and "nginx" not in c.text
    top = [r for r in c.removed if r.start < c.raw.index("Analysis:")]
    assert {r.reason for r in top if "403" in r.text or "nginx" in r.text} == {"error-page"}
    assert c.text.startswith("Analysis: In Paris")


def test_navigation_and_cookie_banner_are_removed():
    c = clean_file(P_LIVEBLOG)
    by_text = {r.text: r.reason for r in c.removed}
    assert by_text["EN | FR"] == "navigation"
    assert by_text["Home"] == "navigation"
    assert by_text["Skip to main content"] == "navigation"
    assert [r.reason for r in c.removed if "cookies" in r.text.lower()] == [
        "cookie-banner",
        "related",  # "Terms | Privacy | Cookies | Contact", after the copyright line
    ]
    assert c.text.startswith("COP21 live: Paris climate agreement adopted")
    crumb = clean_file(P_ANALYSIS)
    assert {r.text: r.reason for r in crumb.removed}["Home \u203a World \u203a Environment"] == (
        "navigation"
    )


def test_live_blog_timestamps_are_removed_and_entries_kept_in_order():
    c = clean_file(P_LIVEBLOG)
    stamps = [r for r in c.removed if r.reason == "timestamp"]
    assert len(stamps) == 13
    assert all(re.fullmatch(r"\d\d:\d\d", r.text) for r in stamps)
    assert not any(re.fullmatch(r"\d{1,2}:\d\d", para) for para in c.text.split("\n\n"))
    entries = ["That's where we leave", "Barack Obama has been speaking", "ADOPTED.",
               "The final plenary was due", "Good morning from Le Bourget."]  # fmt: skip
    positions = [c.text.index(e) for e in entries]
    assert positions == sorted(positions)


def test_second_story_duplicated_block_is_kept_once():
    c = clean_file(P_AGGREGATOR)
    sentence = "The accord will take effect after 55 countries accounting for 55 percent"
    assert c.raw.count(sentence) == 2 and c.text.count(sentence) == 1
    assert [r.reason for r in c.removed].count("duplicate") == 7
    # the paragraph after the repeated block belongs to the story
    assert c.text.endswith('which was settled when the wording was corrected to "should."')


def test_second_story_headline_printed_twice_is_kept_once():
    c = clean_file(P_RELEASE)
    headline = 'Secretary-General Hails Adoption of Paris Agreement as "Resounding Success'
    assert c.raw.count(headline) == 2 and c.text.count(headline) == 1
    assert c.text.count("12 December 2015\n") == 1
    assert c.text.startswith("12 December 2015\n\n" + headline)


def test_disclaimers_are_removed():
    c = clean_file(P_AGGREGATOR)
    assert "disclaimer" in {r.reason for r in c.removed}
    release = clean_file(P_RELEASE)
    reasons = {r.text: r.reason for r in release.removed}
    assert reasons["* *** *"] == "separator"
    assert reasons["For information media. Not an official record."] == "disclaimer"
    assert reasons["Media contacts: UN Climate Press Desk, COP21 media centre, Le Bourget."] == (
        "contacts"
    )
    assert release.text.endswith("on the first day of the Conference.")


def test_related_lists_are_removed():
    for path, end in [
        (P_ANALYSIS, "not at Le Bourget."),
        (P_AGGREGATOR, '"should."'),
        (P_LIVEBLOG, "a final text is coming this morning."),
    ]:
        c = clean_file(path)
        assert c.text.endswith(end), path.name
        assert "related" in {r.reason for r in c.removed}, path.name


def test_wire_credit_line_is_a_byline():
    c = clean_file(P_WIRE)
    assert [(r.reason, r.text[:20]) for r in c.removed] == [("byline", "(Reporting by Meridi")]
    assert c.text.endswith("that killed 130 people.")


# ------------------------------------------- the new rules on text of any story


def test_live_blog_times_of_any_form_are_removed():
    raw = (
        "Talks live: ministers meet in Geneva\n\n"
        "09:05\nGood morning from Geneva, where ministers are arriving.\n\n"
        "7.30pm GMT\nThe ministers have left the hall without a statement.\n\n"
        "Updated at 21:10\nA statement is expected at 10pm, officials said.\n"
    )
    c = clean_text(raw)
    assert [r.reason for r in c.removed] == ["timestamp"] * 3
    assert "A statement is expected at 10pm, officials said." in c.text
    assert_maps_back(c)


def test_menu_rows_go_but_sentences_with_bars_stay():
    raw = (
        "Home | World | Europe\n\nLeaders agree on a plan | Example News\n\n"
        "The vote was 52 / 48 in favour of the plan, the speaker said on Tuesday.\n\n"
        "Share this: Email | Print | Facebook\n\nThe vote came after three days of talks.\n\n"
        "Turnout: 64% | Seats: 120\n\nWorld \u00b7 Politics \u00b7 Climate\n\n"
        "The ministers will meet again in May.\n"
    )
    c = clean_text(raw)
    assert [r.text for r in c.removed] == [
        "Home | World | Europe",
        "Share this: Email | Print | Facebook",
        "World \u00b7 Politics \u00b7 Climate",
    ]
    assert "Turnout: 64% | Seats: 120" in c.text
    assert "The vote was 52 / 48 in favour" in c.text


def test_a_story_about_cookies_is_kept():
    raw = (
        "Regulator fines website over tracking\n\n"
        'The regulator said the banner read "we use cookies to improve your experience" '
        "but gave users no way to refuse.\n\n"
        "Sites that use cookies must ask first, the regulator said on Monday.\n"
    )
    c = clean_text(raw)
    assert c.removed == ()


def test_read_more_between_entries_is_a_link_and_after_the_story_a_list():
    raw = (
        "Talks live: ministers meet in Geneva\n\n"
        "The ministers arrived in Geneva on Monday morning for the talks.\n\nRead more\n\n"
        "The ministers left the hall at noon without a statement.\n\n"
        "Read more\n\nCelebrity chef opens a restaurant downtown\n\nStocks rally again\n"
    )
    c = clean_text(raw)
    assert c.text.endswith("The ministers left the hall at noon without a statement.")
    assert [r.reason for r in c.removed] == ["navigation", "related", "related", "related"]


def test_masthead_named_in_the_footer_goes_a_headline_stays():
    raw = (
        "Example Press Office\n\nMinisters agree\n\n"
        "The ministers agreed on a plan to cut emissions on Monday, the office said.\n\n"
        "Press contacts: Example Press Office, Geneva.\n"
    )
    c = clean_text(raw)
    assert c.text.startswith("Ministers agree\n\nThe ministers agreed")
    assert {r.reason for r in c.removed} == {"navigation", "contacts"}
    assert c.title == "Ministers agree"


def test_credit_lines_go_but_a_sentence_on_reporting_stays():
    raw = (
        "Ministers agree on a plan in Geneva\n\n"
        "Reporting by the newspaper showed that the plan had been agreed weeks earlier.\n\n"
        "The ministers met again on Monday to sign it.\n\n"
        "(Reporting by Jane Doe in Geneva; Editing by John Roe)\n"
    )
    c = clean_text(raw)
    assert [r.reason for r in c.removed] == ["byline"]
    assert "Reporting by the newspaper showed" in c.text


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Last updated on: 12/12/2015 - 23:58", "2015-12-12"),
        ("25/12/2015", "2015-12-25"),
        ("12/25/2015", "2015-12-25"),
        ("03/04/2015", None),  # 3 April or March 4: not guessed
        ("03/04/2015, or 6 January 2026", "2026-01-06"),
    ],
)
def test_find_numeric_date(text, iso):
    assert find_date(text) == iso
