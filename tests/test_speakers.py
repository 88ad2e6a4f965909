"""factcheck.speakers on hand-written sentences, one per case (real spaCy model)."""

from __future__ import annotations

import pytest

from factcheck import nlp as fnlp
from factcheck.lexicon.speech import speech_verbs


def _quotes(text: str):
    (doc,) = fnlp.parse([text])
    return fnlp.quotes(doc)


def _speaker(text: str, start: str) -> str | None:
    found = [q for q in _quotes(text) if q.text.startswith(start)]
    assert len(found) == 1, found
    return found[0].speaker


@pytest.mark.parametrize(
    ("text", "start", "speaker"),
    [
        # a partial quotation inside reported speech
        (
            "Dana Whitfield said that the board takes the complaint \u201cvery seriously\u201d "
            "and will review it.",
            "very",
            "Dana Whitfield",
        ),
        # the name after the quotation, in apposition to a title
        (
            "\u201cThat is simply untrue!\u201d said the editor, Marcus Bell.",
            "That is",
            "Marcus Bell",
        ),
        # inverted "said X"
        (
            '"The roads will reopen on Friday," said Priya Natarajan.',
            "The roads",
            "Priya Natarajan",
        ),
        # a title the article gave a person earlier
        (
            "The mayor, Olga Brandt, opened the new bridge on Tuesday.\n\n"
            '"It took eleven years," the mayor said.',
            "It took",
            "Olga Brandt",
        ),
        # a role with a possessor resolves through the apposition that named it
        (
            "Her son, Tomas Reyes, joined the rally in the afternoon.\n\n"
            '"She never gives up," the candidate\'s son told the crowd.',
            "She never",
            "Tomas Reyes",
        ),
        # "he said" after another person is named as an object: the subject is meant
        (
            'Victor Lang criticised Helen Moss for the delay.\n\n"This cannot go on," he said.',
            "This cannot",
            "Victor Lang",
        ),
        # a relative pronoun is not a speaker: its antecedent is
        (
            'It was Ruth Okafor who said the plan was "dead on arrival."',
            "dead",
            "Ruth Okafor",
        ),
        # a fragment of a name resolves to the full name
        (
            'Keir Halloran arrived late to the summit.\n\n"We are ready," Keir said.',
            "We are",
            "Keir Halloran",
        ),
        # an organisation stays itself
        (
            '"No decision has been taken," the ministry said in a statement.',
            "No decision",
            "the ministry",
        ),
        # "according to"
        (
            'The deal is "almost done," according to Lena Fischer.',
            "almost",
            "Lena Fischer",
        ),
    ],
)
def test_speaker(nlp, text, start, speaker):
    assert _speaker(text, start) == speaker


def test_a_place_in_the_sentence_is_not_the_speaker(nlp):
    text = 'The party dropped a call for "more aid" to Moldova from its platform.'
    assert all(q.speaker != "Moldova" for q in _quotes(text))


def test_it_and_that_are_never_speakers(nlp):
    text = 'It said the figures were "provisional," and that was that.'
    assert all(q.speaker not in {"It", "it", "that"} for q in _quotes(text))


def test_dash_line_names_the_speaker(nlp):
    text = "\u201cI had never voted before this year.\u201d\n\n\u2015 Carla Mendes, 41, Tucson"
    assert _quotes(text)[0].speaker == "Carla Mendes"


def test_a_closing_mark_that_opens_a_paragraph_opens_the_quotation(nlp):
    text = "\u201dWe will keep going,\u201d said Anna Wolff."
    (q,) = _quotes(text)
    assert q.text == "We will keep going,"
    assert q.speaker == "Anna Wolff"


def test_offsets_are_characters_and_source_span_points_at_the_mention(nlp):
    text = 'After the vote, "we won," Iris Cole said.'
    (q,) = _quotes(text)
    assert text[q.start : q.end] == q.text == "we won,"
    assert q.source is not None and text[q.source[0] : q.source[1]] == "Iris Cole"


@pytest.mark.parametrize("verb", ["say", "add", "insist", "warn", "describe", "call", "tweet"])
def test_reporting_verbs_come_from_wordnet(verb):
    assert verb in speech_verbs()


@pytest.mark.parametrize("verb", ["take", "give", "be", "have", "run"])
def test_common_verbs_are_not_reporting_verbs(verb):
    assert verb not in speech_verbs()
